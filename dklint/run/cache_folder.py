"""The result cache's folder: made only by dklint, marked twice, and cleaned of dklint's files alone.

dklint makes the folder (``.dklint_cache``, or ``--cache-dir`` / ``cache-dir``)
when it is missing and puts three files in it, never over a file already there:
``CACHEDIR.TAG`` (the standard signature: backup tools skip the folder), its own
marker ``.dklint-cache``, and a ``.gitignore`` of ``*``. A folder carrying both
markers is dklint's. An existing folder is used only if it is dklint's, or empty
(it is then marked and used: ``mkdir`` before ``--cache-dir`` is common in CI).
Any other folder is the user's: ``NotACache``, and ``dklint check`` stops with
exit 2 before any input is read rather than write into it.

``dklint clean`` (``dklint.run.cache_db.clear``) removes only a folder carrying
both markers, and from it only the files dklint writes there; the folder goes
too when nothing else is left in it.
"""

from __future__ import annotations

import os
from pathlib import Path

TAG_NAME = "CACHEDIR.TAG"
TAG_SIGNATURE = b"Signature: 8a477f597d28d172789f06886806bc55"  # https://bford.info/cachedir/
TAG = TAG_SIGNATURE + b"\n# This folder is a cache made by dklint; `dklint clean` removes it.\n"
MARKER_NAME = ".dklint-cache"
MARKER_SIGNATURE = b"dklint result cache\n"
MARKER = MARKER_SIGNATURE + b"# Made by dklint. `dklint clean` removes the files dklint wrote here, then the folder.\n"
GITIGNORE_NAME = ".gitignore"
GITIGNORE = b"*\n"
# the files that mark the folder, in the order they are written (and removed in reverse)
MARKS = ((TAG_NAME, TAG), (MARKER_NAME, MARKER), (GITIGNORE_NAME, GITIGNORE))


class NotACache(Exception):
    """The folder exists and is not a dklint cache: it was left alone. ``reason`` says why."""

    def __init__(self, root: Path, reason: str) -> None:
        super().__init__(f"{root} is not a dklint cache ({reason})")
        self.reason = reason


def _starts_with(path: Path, signature: bytes) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(len(signature)) == signature
    except OSError:
        return False


def is_cache(root: Path) -> bool:
    """True for a folder carrying both of dklint's markers."""
    return _starts_with(root / TAG_NAME, TAG_SIGNATURE) and _starts_with(root / MARKER_NAME, MARKER_SIGNATURE)


def _made_by_an_older_dklint(root: Path, entries: list[str], own_files: frozenset[str]) -> bool:
    """A cache from before the marker: dklint's own CACHEDIR.TAG, and nothing but dklint's files."""
    try:
        tag = (root / TAG_NAME).read_bytes()
    except OSError:
        return False
    return tag == TAG and all(name in own_files for name in entries)


def check_usable(root: Path, own_files: frozenset[str] = frozenset()) -> None:
    """Raise ``NotACache`` when ``root`` is a folder dklint must not write into.

    Missing, dklint's, or empty: usable. ``own_files`` names the other files dklint
    writes there (the database's), for caches made before the marker existed.
    """
    if not root.is_dir() or is_cache(root):
        return  # missing, or not a folder at all (then the cache is skipped: it cannot be made)
    try:
        entries = os.listdir(root)
    except OSError:
        return  # unreadable: the database cannot be opened either, and the run goes on without it
    known = own_files | {name for name, _ in MARKS}
    if entries and not _made_by_an_older_dklint(root, entries, known):
        raise NotACache(root, f"it holds other files and no {TAG_NAME} and {MARKER_NAME} of dklint's")


def claim(root: Path, own_files: frozenset[str] = frozenset()) -> None:
    """Make the folder (or take an empty one) and mark it; raises ``NotACache`` or ``OSError``."""
    if is_cache(root):  # the common case, answered before check_usable would ask it again
        return
    check_usable(root, own_files)
    root.mkdir(parents=True, exist_ok=True)
    for name, content in MARKS:
        _create_new(root / name, content)


def _create_new(path: Path, content: bytes) -> None:
    """Write a new file; one already there (another run's, at the same moment) is kept."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)


def remove_marks(root: Path) -> None:
    """Remove the files ``claim`` wrote (a .gitignore only while it is still dklint's), markers last."""
    for name, content in reversed(MARKS):
        path = root / name
        if name == GITIGNORE_NAME and not _is(path, content):
            continue  # edited by someone: theirs now
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _is(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False
