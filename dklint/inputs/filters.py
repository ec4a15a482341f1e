"""The configuration's say in what a walk selects: ``include`` and ``exclude`` globs, the suffixes read, and
``force-exclude``.

A glob matches a path relative to the folder being walked, relative to the project's root (the folder of the
closest config file, else the current folder), or the name of the file or folder alone: ``drafts`` leaves out
every folder called drafts, ``labels/old/*`` the files of that one folder. A folder that matches is not
walked into.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from dklint.inputs.read import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Filters:
    """What a walk selects. ``root``: the project's folder, absolute (globs are relative to it too);
    ``force_exclude``: a file named on the command line is selected as a walked one is (``dklint.inputs.named``)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    suffixes: frozenset[str] = field(default=SUPPORTED_SUFFIXES)
    root: str | None = None
    force_exclude: bool = False


def _match(relative: str, patterns: tuple[str, ...]) -> str | None:
    name = relative.rsplit("/", 1)[-1]
    return next((p for p in patterns if fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p)), None)


def exclude_match(relative: str, patterns: tuple[str, ...], above: str | None = None) -> str | None:
    """The glob of ``patterns`` that leaves out ``relative`` (a path below the walked folder), or None.

    ``above``: the walked folder's path below the project's root ("labels/"), so that a glob written from the
    root matches too; None when the walked folder is the root or outside it.
    """
    if not patterns:
        return None
    found = _match(relative, patterns)
    if found is None and above:
        found = next((p for p in patterns if fnmatch.fnmatch(above + relative, p)), None)
    return found


def root_prefix(folder: str, filters: Filters) -> str | None:
    """``folder``'s path below the project's root with a trailing "/", None at the root, outside it or unknown."""
    if filters.root is None or not filters.exclude:
        return None
    relative = os.path.relpath(os.path.abspath(folder), filters.root)
    if relative == "." or relative.startswith(".."):
        return None
    return relative.replace(os.sep, "/") + "/"


def suffix_selected(relative: str, filters: Filters) -> bool:
    """Whether a file is a candidate by its name: it matches ``include``, or else its suffix is one dklint reads."""
    if filters.include:
        return _match(relative, filters.include) is not None
    return os.path.splitext(relative)[1].lower() in filters.suffixes
