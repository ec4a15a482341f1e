"""Find the inputs below the paths given on the command line.

Folders are walked recursively in sorted order (reports are deterministic),
symlinked folders are followed once (a loop cannot hang the walk), and
include/exclude globs filter what is found. A path named explicitly is always
an input, whatever its suffix.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from dklint.inputs import SUPPORTED_SUFFIXES

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".dklint_cache", ".tox")


@dataclass(frozen=True)
class Filters:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    suffixes: frozenset[str] = field(default=SUPPORTED_SUFFIXES)


def display_path(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to ``root`` when inside it, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def iter_inputs(paths: list[Path], filters: Filters = Filters()) -> Iterator[Path]:
    """Every input file under ``paths`` in a stable order; explicit files always included."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, filters)
        else:
            yield path


def _walk(top: Path, filters: Filters) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    for directory, subdirs, files in os.walk(top, followlinks=True):
        stat = os.stat(directory)
        if (stat.st_dev, stat.st_ino) in seen:
            subdirs[:] = []  # a symlink loop back to a folder already walked
            continue
        seen.add((stat.st_dev, stat.st_ino))
        # Paths relative to ``top`` as plain strings: a 10,000-file folder would otherwise
        # build and compare tens of thousands of Path objects just to filter names.
        prefix = _relative_prefix(top, directory)
        subdirs[:] = sorted(d for d in subdirs if d not in DEFAULT_EXCLUDE and not _matches(prefix + d, filters.exclude))
        for name in sorted(files):
            if _selected(prefix + name, filters):
                yield Path(directory, name)


def _relative_prefix(top: Path, directory: str) -> str:
    """``directory`` relative to ``top`` with forward slashes and a trailing one ("" for ``top`` itself)."""
    relative = Path(directory).relative_to(top).as_posix()
    return "" if relative == "." else relative + "/"


def _selected(relative: str, filters: Filters) -> bool:
    if filters.exclude and _matches(relative, filters.exclude):
        return False
    if filters.include:
        return _matches(relative, filters.include)
    return os.path.splitext(relative)[1].lower() in filters.suffixes
