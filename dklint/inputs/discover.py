"""Find the inputs below the paths given on the command line, and name them as reports show them.

Folders are walked recursively in sorted order (reports are deterministic),
symlinked folders are followed once (a loop cannot hang the walk), and what a
repository holds besides labels is left out (``dklint.inputs.repository``: the
default excludes, ``.gitignore`` and ``.ignore``), with the ``exclude`` globs of
the configuration. A file met while walking is a candidate when its suffix is one
dklint reads (or it matches ``include``); whether it is dklint's to check is
decided once it is read (``FileInput.walked``; see ``dklint.inputs.sniff`` and
``dklint.engine.walked``). A FIFO, socket or device met while walking is never
opened: it is a DK001 finding.

A file named on the command line is always an input, whatever its suffix, unless
``force-exclude`` is on: then it is selected exactly as if it had been met while
walking from the project's root, and one that would not have been is a
``Skipped``, listed with the reason. Each file found becomes a ``FileInput``:
where to open it and the path reports show, read later by whichever process
checks it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from dklint.base.shown import well_formed
from dklint.inputs.filters import Filters, exclude_match, root_prefix, suffix_selected
from dklint.inputs.named import NamedFiles
from dklint.inputs.read import DEFAULT_MAX_BYTES, ReadFailure, unreadable
from dklint.inputs.repository import (
    IGNORE_FILES,
    REPOSITORY_MARK,
    Ignores,
    environment_marker,
    excluded_folder,
    load_ignore_file,
    rules_above,
)

_SPECIAL = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def display_path(path: Path, root: Path) -> str:
    """Path as shown in reports: relative to ``root`` when inside it, with forward slashes.

    A name that is not UTF-8 shows its undecodable bytes as ``\\xff`` (``dklint.base.shown``): the file
    is still opened by its real name, and every report can hold the one it shows.
    """
    try:
        return well_formed(path.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return well_formed(path.as_posix())


# Not frozen: a frozen dataclass sets each field through object.__setattr__, three
# times slower to build, and a run over a big folder builds one per file.
@dataclass(slots=True)
class Found:
    """An input file as found: its path, and whether that path is itself a symbolic link.

    ``problem`` is set for a folder that could not be read and for a FIFO or device: it
    is reported (DK001), never skipped in silence. ``walked``: met while walking (or named
    under force-exclude), so an input only if it reads as one. ``skip``: why a named file
    is left out under force-exclude.
    """

    path: str
    is_link: bool
    problem: str | None = None
    walked: bool = True
    skip: str | None = None


def iter_inputs(paths: list[Path], filters: Filters = Filters()) -> Iterator[Path]:
    """Every input file under ``paths`` in a stable order; explicit files always included."""
    for found in iter_found(paths, filters):
        if found.skip is None:
            yield Path(found.path)


def iter_found(paths: list[Path], filters: Filters = Filters()) -> Iterator[Found]:
    """``iter_inputs`` as strings, for runs over large folders (no Path object, no lstat per file)."""
    named = NamedFiles(filters) if filters.force_exclude else None
    for path in paths:
        given = os.fspath(path)
        mode = _mode(given)
        if stat.S_ISDIR(mode):
            yield from _walk(path, filters)
        elif named is not None:
            skip = named.why_excluded(path)
            yield Found(given, path.is_symlink(), None if skip else _special_mode(mode), True, skip)
        else:
            yield Found(given, path.is_symlink(), walked=False)


def _walk(top: Path, filters: Filters) -> Iterator[Found]:
    """Files below ``top``: a folder's files in name order, then its subfolders, depth first (as ``os.walk``).

    ``os.scandir`` says which entries are folders, links or regular files without a
    system call per file on most file systems; an explicit stack keeps a deep tree off
    the call stack. Each folder waits with its path below ``top`` and the ignore files in
    force in it.
    """
    seen: set[tuple[int, int]] = set()
    start = os.fspath(top)
    above = root_prefix(start, filters)
    by_suffix = None if filters.include or filters.exclude else filters.suffixes  # the common case, inlined
    pending: list[tuple[str, str, Ignores]] = [(start, "", rules_above(start))]
    while pending:
        directory, prefix, rules = pending.pop()
        try:
            status = os.stat(directory)
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:  # unreadable or vanished: os.walk would skip it without a word
            yield Found(directory, False, f"cannot read the folder: {error.strerror or error}")
            continue
        if (status.st_dev, status.st_ino) in seen:
            continue  # a symlink loop back to a folder already walked
        seen.add((status.st_dev, status.st_ino))
        names = {entry.name for entry in entries}
        if prefix and environment_marker(names):
            continue  # a virtual environment met while walking: installed packages, no labels
        rules = _own_rules(directory, prefix, names, rules)
        # Paths relative to ``top`` as plain strings: a 10,000-file folder would otherwise
        # build and compare tens of thousands of Path objects just to filter names.
        subdirs = []
        ignored = rules.file if rules.file_layers else None
        for entry in entries:
            name = entry.name
            if _is_dir(entry):
                relative = prefix + name
                if (excluded_folder(name) is None and exclude_match(relative, filters.exclude, above) is None
                        and rules.folder(name) is None):
                    subdirs.append((entry.path, relative + "/", rules.below(name)))
            elif ((os.path.splitext(name)[1].lower() in by_suffix) if by_suffix is not None
                  else _selected(prefix + name, filters, above)) and (ignored is None or ignored(name) is None):
                yield Found(entry.path, entry.is_symlink()) if entry.is_file() else _odd(entry)
        pending.extend(reversed(subdirs))


def _own_rules(directory: str, prefix: str, names: set[str], rules: Ignores) -> Ignores:
    """``rules`` with the folder's own ignore files; a repository met below the top starts afresh, as in git."""
    repository = REPOSITORY_MARK in names
    if repository and prefix:
        rules = Ignores()
    if repository or any(name in names for name in IGNORE_FILES):
        return rules.with_own(load_ignore_file(directory, prefix, names, repository))
    return rules


def _mode(path: str) -> int:
    """The file type and mode bits of ``path`` (a link followed); 0 when it cannot be had (the reader says why)."""
    try:
        return os.stat(path).st_mode
    except OSError:  # a dangling link, a vanished file
        return 0


def _special_mode(mode: int) -> str | None:
    """Why a file of ``mode`` is not read (a FIFO, a device), else None."""
    return next((f"{what}, not a regular file: not read" for test, what in _SPECIAL if test(mode)), None)


def _special(path: str) -> str | None:
    """Why a path that is neither a folder nor a regular file is not read (a FIFO, a device), else None."""
    return _special_mode(_mode(path))


def _odd(entry: os.DirEntry) -> Found:
    """An entry that is no regular file: a FIFO or device (DK001, never opened) or a dangling link (read, DK001)."""
    return Found(entry.path, entry.is_symlink(), _special(entry.path))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a symlink, as os.walk(followlinks=True) does
    except OSError:
        return False


def walk_finds(top: Path, path: Path, filters: Filters) -> bool:
    """Whether a walk of the folder ``top`` with ``filters`` would take the file ``path`` as a candidate.

    Asked of the path as written and of the file it names after links: the walk
    yields a linked file by its link, and reads its target. A walk from ``top`` reads
    the ignore files above it too, so it takes what a named file under force-exclude takes.
    """
    pairs = ((os.path.abspath(top), os.path.abspath(path)), (os.path.realpath(top), os.path.realpath(path)))
    return any(file.startswith(folder.rstrip(os.sep) + os.sep) and NamedFiles(filters).why_excluded(Path(file)) is None
               for folder, file in pairs)


def _selected(relative: str, filters: Filters, above: str | None) -> bool:
    if filters.exclude and exclude_match(relative, filters.exclude, above) is not None:
        return False
    return suffix_selected(relative, filters)


@dataclass(slots=True)  # not frozen: one per file, built 3x faster (see discover.Found)
class FileInput:
    """A file to check, read by whichever process checks it.

    ``walked``: met while walking (or named under force-exclude): checked only if it reads as a label, a
    spec or a catalog (see ``dklint.engine.walked``); a file named on the command line is always checked.
    """

    path: str  # where to open it
    display: str  # the path reports show
    max_bytes: int = DEFAULT_MAX_BYTES
    walked: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that is not dklint's to check, and why: listed in verbose and JSON reports, with no finding."""

    path: str  # as reports show it
    reason: str


def iter_file_inputs(paths: Iterable[Path], filters: Filters = Filters(), root: Path | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[FileInput | ReadFailure | Skipped]:
    """Every input file below ``paths`` (see ``dklint.inputs.discover``), not yet read; a folder that
    cannot be read, or a FIFO or device met while walking, is a ReadFailure (DK001) in its place."""
    display = _Displayer(root or Path.cwd())
    for found in iter_found(list(paths), filters):
        shown = display(found.path, found.is_link)
        if found.skip is not None:
            yield Skipped(shown, found.skip)
        elif found.problem is not None:
            yield unreadable(shown, found.problem)
        else:
            yield FileInput(found.path, shown, max_bytes, found.walked)


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
