"""Find the inputs below the paths given on the command line, and name them as reports show them.

Folders are walked recursively in sorted order (reports are deterministic),
symlinked folders are followed once (a loop cannot hang the walk), and
include/exclude globs filter what is found. A path named explicitly is always
an input, whatever its suffix. Each file found becomes a ``FileInput``: where to
open it and the path reports show, read later by whichever process checks it.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from dklint.base.resources import DEFAULT_CACHE_DIR
from dklint.base.shown import well_formed
from dklint.inputs.read import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, ReadFailure, unreadable

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", DEFAULT_CACHE_DIR, ".tox")


@dataclass(frozen=True)
class Filters:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    suffixes: frozenset[str] = field(default=SUPPORTED_SUFFIXES)


def display_path(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to ``root`` when inside it, with forward slashes.

    A name that is not UTF-8 shows its undecodable bytes as ``\\xff`` (``dklint.base.shown``): the file
    is still opened by its real name, and every report can hold the one it shows.
    """
    try:
        return well_formed(path.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return well_formed(path.as_posix())


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


# Not frozen: a frozen dataclass sets each field through object.__setattr__, three
# times slower to build, and a run over a big folder builds one per file.
@dataclass(slots=True)
class Found:
    """An input file as found: its path, and whether that path is itself a symbolic link.

    ``problem`` is set for a folder that could not be read: it is reported (DK001),
    never skipped in silence.
    """

    path: str
    is_link: bool
    problem: str | None = None


def iter_inputs(paths: list[Path], filters: Filters = Filters()) -> Iterator[Path]:
    """Every input file under ``paths`` in a stable order; explicit files always included."""
    for found in iter_found(paths, filters):
        yield Path(found.path)


def iter_found(paths: list[Path], filters: Filters = Filters()) -> Iterator[Found]:
    """``iter_inputs`` as strings, for runs over large folders (no Path object, no lstat per file)."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, filters)
        else:
            yield Found(os.fspath(path), path.is_symlink())


def _walk(top: Path, filters: Filters) -> Iterator[Found]:
    """Files below ``top``: a folder's files in name order, then its subfolders, depth first (as ``os.walk``).

    ``os.scandir`` says which entries are folders or links without a system call per
    file on most file systems; an explicit stack keeps a deep tree off the call stack.
    """
    seen: set[tuple[int, int]] = set()
    pending = [os.fspath(top)]
    while pending:
        directory = pending.pop()
        try:
            status = os.stat(directory)
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:  # unreadable or vanished: os.walk would skip it without a word
            yield Found(directory, False, f"cannot read the folder: {error.strerror or error}")
            continue
        if (status.st_dev, status.st_ino) in seen:
            continue  # a symlink loop back to a folder already walked
        seen.add((status.st_dev, status.st_ino))
        # Paths relative to ``top`` as plain strings: a 10,000-file folder would otherwise
        # build and compare tens of thousands of Path objects just to filter names.
        prefix = _relative_prefix(top, directory)
        subdirs = []
        for entry in entries:
            if _is_dir(entry):
                if entry.name not in DEFAULT_EXCLUDE and not _matches(prefix + entry.name, filters.exclude):
                    subdirs.append(entry.path)
            elif _selected(prefix + entry.name, filters):
                yield Found(entry.path, entry.is_symlink())
        pending.extend(reversed(subdirs))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a symlink, as os.walk(followlinks=True) does
    except OSError:
        return False


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


@dataclass(slots=True)  # not frozen: one per file, built 3x faster (see discover.Found)
class FileInput:
    """A file to check, read by whichever process checks it."""

    path: str  # where to open it
    display: str  # the path reports show
    max_bytes: int = DEFAULT_MAX_BYTES


def iter_file_inputs(paths: Iterable[Path], filters: Filters = Filters(), root: Path | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[FileInput | ReadFailure]:
    """Every input file below ``paths`` (see ``dklint.inputs.discover``), not yet read; a folder that
    cannot be read is a ReadFailure (DK001) in its place."""
    display = _Displayer(root or Path.cwd())
    for found in iter_found(list(paths), filters):
        if found.problem is not None:
            yield unreadable(display(found.path, found.is_link), found.problem)
        else:
            yield FileInput(found.path, display(found.path, found.is_link), max_bytes)


class _Displayer:
    """``display_path`` with each folder resolved once, not each file, and strings, not Paths, per file.

    10,000 files: 0.17 s with pathlib per file, 0.04 s like this (mostly the lstat).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved_root = root.resolve()
        self.prefixes: dict[str, str] = {}  # folder as given -> display prefix

    def __call__(self, path: str, is_link: bool) -> str:
        if is_link:  # a linked file shows as its target, as display_path does
            return display_path(Path(path), self.root)
        cut = path.rfind(os.sep) + 1  # the folder keeps its separator: "/x" and "x" are not in one folder
        folder = path[:cut]
        if folder not in self.prefixes:
            self.prefixes[folder] = well_formed(self._prefix(Path(path).parent))
        return self.prefixes[folder] + well_formed(path[cut:])

    def _prefix(self, folder: Path) -> str:
        try:
            relative = folder.resolve().relative_to(self.resolved_root).as_posix()
        except ValueError:  # outside the root: shown as given (a Path per file cost 60 ms per 10,000)
            given = folder.as_posix()  # "/" and POSIX's "//" end in a separator already
            return "" if given == "." else given if given.endswith("/") else given + "/"
        return "" if relative == "." else relative + "/"
