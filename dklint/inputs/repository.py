"""What a walk through a repository leaves out: folders no label lives in, and what its ignore files name.

**Default excludes.** A walk never enters the folders of ``DEFAULT_EXCLUDES`` (version control, virtual
environments, installed dependencies, build output, caches, editor settings), nor a folder that holds a
``pyvenv.cfg`` or ``conda-meta`` (a Python or conda environment, whatever its name). This table is the one
list of them; ``docs/inputs.md`` shows it, and a test holds the two together.

**Ignore files.** ``.gitignore`` and ``.ignore`` (ripgrep's: what git tracks but tools should pass over) are
read in every folder from the repository's root down, with the repository's ``.git/info/exclude``. The
repository's root is the nearest folder at or above the walked one that holds ``.git`` (a folder, or the file
of a worktree); without one, the ignore files from the walked folder down apply. Patterns are git's, matched
by ``pathspec``: a deeper file overrides a higher one, a later line an earlier one, ``!`` takes a path back, a
pattern ending in ``/`` names only folders. In one folder ``.ignore`` overrides ``.gitignore``, which overrides
``info/exclude``. A folder that holds ``.git`` below the root starts a repository of its own: the ignore files
above it do not apply inside it, as in git. Global ignore settings (``core.excludesFile``) are not read, so a
run gives the same result on every machine.

A folder named on the command line is walked even when an ignore file lists it (you asked for it); the ignore
files inside it still apply. pathspec is imported only when an ignore file is found.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from dklint.base.resources import DEFAULT_CACHE_DIR

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# Folder names a walk never enters, by what such a folder holds. A name with "*" is a glob.
DEFAULT_EXCLUDES: dict[str, tuple[str, ...]] = {
    "version control": (".git", ".hg", ".svn", ".bzr", "_darcs"),
    "virtual environments": (".venv", "venv", ".tox", ".nox", ".direnv", "__pypackages__"),
    "installed dependencies": ("node_modules", "bower_components", "site-packages"),
    "build output": ("build", "dist", "_build", "buck-out", ".eggs", "*.egg-info"),
    "caches": ("__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".ipynb_checkpoints",
               DEFAULT_CACHE_DIR),
    "editor settings": (".vscode", ".idea"),
}
# A folder holding one of these is an environment of installed packages, whatever its name.
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")
IGNORE_FILES = (".gitignore", ".ignore")  # in one folder, a later file overrides an earlier one
REPOSITORY_MARK = ".git"
_INFO_EXCLUDE = os.path.join(REPOSITORY_MARK, "info", "exclude")
_MAX_IGNORE_BYTES = 1 << 20  # a larger ignore file is read up to this much

_GROUP_OF = {name: group for group, names in DEFAULT_EXCLUDES.items() for name in names if "*" not in name}
_GLOBS = tuple((name, group) for group, names in DEFAULT_EXCLUDES.items() for name in names if "*" in name)


def excluded_folder(name: str) -> str | None:
    """The group of ``DEFAULT_EXCLUDES`` that keeps a walk out of a folder called ``name``, or None."""
    group = _GROUP_OF.get(name)
    if group is None and _GLOBS:
        group = next((group for glob, group in _GLOBS if fnmatch.fnmatchcase(name, glob)), None)
    return group


def environment_marker(names) -> str | None:
    """The marker among a folder's entry ``names`` that makes it an environment of installed packages, or None."""
    return next((marker for marker in ENVIRONMENT_MARKERS if marker in names), None)


def repository_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` (absolute) that holds ``.git``, or None."""
    while True:
        if os.path.lexists(os.path.join(folder, REPOSITORY_MARK)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


# -- ignore files ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class IgnoreFile:
    """The patterns of one folder's ignore files: all of them for folders, those that can match a file for files.

    ``origins`` names, for each pattern of ``folders``, the file it is written in. ``files`` holds the patterns
    that do not end in "/", as regular expressions when pathspec's patterns have the form this module knows
    (``FileExpressions``), else as a pathspec; ``file_outcomes`` gives, per pattern of ``files``, whether it
    ignores and its place in ``folders``.
    """

    folders: "GitIgnoreSpec"
    origins: tuple[str, ...]
    files: "FileExpressions | GitIgnoreSpec"
    file_outcomes: tuple[tuple[bool, int], ...]

    def why(self, index: int) -> str:
        pattern = self.folders.patterns[index]
        return f"ignored by {self.origins[index]} ({getattr(pattern, 'pattern', '') or '?'})"

    def last_file_pattern(self) -> Callable[[str, str], int]:
        """``(path, name) -> n``: the place of the last pattern of ``files`` that matches a file, or -1."""
        if isinstance(self.files, FileExpressions):
            return self.files.last
        spec = self.files

        def last(path: str, name: str) -> int:
            result = spec.check_file(path)
            return -1 if result.include is None else result.index
        return last


# How pathspec writes a gitignore pattern: "^(?:.+/)?" for one that matches at any depth (no "/" in it), and
# at the end, the path ends here or a folder it names does.
_ANY_DEPTH = "^(?:.+/)?"
_FOLDER_TAIL = "(?:(?P<ps_d>/)|$)"


class FileExpressions:
    """A folder's file patterns as two regular expressions: those that look at a file's name alone, and the
    others, at its path. Each lists its patterns last first, so the first alternative that matches is the
    last matching pattern in it; of the two, the later pattern is the one git obeys.

    A file is matched by its own path only: a pattern matching a folder above it is the walk's business (it
    prunes the folder). Two expressions instead of one pathspec match per pattern keep a 40,000-file walk
    under a typical ``.gitignore`` close to one without.
    """

    __slots__ = ("names", "paths", "name_places", "path_places")

    def __init__(self, names: "re.Pattern[str] | None", name_places: tuple[int, ...],
                 paths: "re.Pattern[str] | None", path_places: tuple[int, ...]) -> None:
        self.names, self.name_places = names, name_places  # group number -> the pattern's place in file order
        self.paths, self.path_places = paths, path_places

    def last(self, path: str, name: str) -> int:
        """The place (in file order) of the last pattern that matches, or -1."""
        found = -1
        if self.names is not None and (match := self.names.match(name)) is not None:
            found = self.name_places[match.lastindex]
        if self.paths is not None and (match := self.paths.match(path)) is not None:
            found = max(found, self.path_places[match.lastindex])
        return found

    @classmethod
    def of(cls, spec: "GitIgnoreSpec") -> "FileExpressions | None":
        """The expressions of ``spec``'s patterns, or None when pathspec wrote one in a form not known here."""
        by_name: list[tuple[str, int]] = []
        by_path: list[tuple[str, int]] = []
        for index in reversed(range(len(spec.patterns))):
            pattern = spec.patterns[index]
            if pattern.include is None:
                continue
            source = getattr(pattern.regex, "pattern", "")
            if not isinstance(source, str) or not source.endswith(_FOLDER_TAIL):
                return None
            source = source[:-len(_FOLDER_TAIL)]
            rest = source[len(_ANY_DEPTH):]
            if source.startswith(_ANY_DEPTH) and "/" not in rest:
                by_name.append((rest, index))
            else:
                by_path.append((source, index))
        made = [_alternatives(parts) for parts in (by_name, by_path)]
        if any(rx is not None and rx.groups != len(parts) for rx, parts in zip(made, (by_name, by_path))):
            return None  # a group of pathspec's own in a pattern: let pathspec match
        return cls(made[0], (-1, *(i for _, i in by_name)), made[1], (-1, *(i for _, i in by_path)))


def _alternatives(parts: list[tuple[str, int]]) -> "re.Pattern[str] | None":
    return re.compile("|".join(f"({source}$)" for source, _ in parts)) if parts else None


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, "rb") as stream:
            data = stream.read(_MAX_IGNORE_BYTES)
    except OSError:  # absent, a folder, unreadable: no patterns
        return []
    return data.decode("utf-8", "replace").splitlines()


def _valid(lines: list[str]) -> list[str]:
    """``lines`` with the ones pathspec rejects blanked (git ignores a pattern it cannot read, too)."""
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines(lines)
        return lines
    except Exception:  # noqa: BLE001 - pathspec raises several kinds; find the lines one by one
        kept = []
        for line in lines:
            try:
                GitIgnoreSpec.from_lines([line])
            except Exception:  # noqa: BLE001
                line = ""
            kept.append(line)
        return kept


def load_ignore_file(folder: str, shown: str, names, repository: bool) -> IgnoreFile | None:
    """The ignore files of ``folder`` (whose entries are ``names``; ``shown`` prefixes their names in reasons).

    ``repository``: the folder holds ``.git``, so ``.git/info/exclude`` is read first. None when there is no
    pattern at all.
    """
    lines: list[str] = []
    origins: list[str] = []
    sources = ([_INFO_EXCLUDE] if repository else []) + [name for name in IGNORE_FILES if name in names]
    for name in sources:
        read = _read_lines(os.path.join(folder, name))
        lines += read
        origins += [shown + name.replace(os.sep, "/")] * len(read)
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    from pathspec import GitIgnoreSpec

    lines = _valid(lines)
    # A pattern ending in "/" names folders only: a file is never matched by it (the walk prunes the folder).
    places = [i for i, line in enumerate(lines) if not line.rstrip().endswith("/")]
    spec = GitIgnoreSpec.from_lines([lines[i] for i in places])
    outcomes = tuple((pattern.include, places[i]) for i, pattern in enumerate(spec.patterns))
    return IgnoreFile(GitIgnoreSpec.from_lines(lines), tuple(origins), FileExpressions.of(spec) or spec, outcomes)


class Ignores:
    """The ignore files in force in one folder, each with that folder's path below the ignore file's own."""

    __slots__ = ("layers", "file_layers")

    def __init__(self, layers: tuple[tuple[IgnoreFile, str], ...] = ()) -> None:
        self.layers = layers
        # deepest first, only those with a pattern that can match a file: the walk asks once per file
        self.file_layers = tuple((rules.last_file_pattern(), rules, prefix) for rules, prefix in reversed(layers)
                                 if any(include is not None for include, _ in rules.file_outcomes))

    def with_own(self, own: IgnoreFile | None) -> "Ignores":
        """These rules plus the folder's own ignore file."""
        return self if own is None else Ignores((*self.layers, (own, "")))

    def below(self, name: str) -> "Ignores":
        """The rules in force in the subfolder ``name``, before its own ignore file is added."""
        return Ignores(tuple((rules, f"{prefix}{name}/") for rules, prefix in self.layers)) if self.layers else self

    def folder(self, name: str) -> str | None:
        """Why the subfolder ``name`` is ignored, or None. The deepest ignore file with a matching pattern decides."""
        for rules, prefix in reversed(self.layers):
            result = rules.folders.check_file(f"{prefix}{name}/")
            if result.include is not None:
                return rules.why(result.index) if result.include else None
        return None

    def file(self, name: str) -> str | None:
        """Why the file ``name`` is ignored, or None."""
        for last, rules, prefix in self.file_layers:
            found = last(prefix + name, name)
            if found >= 0:
                ignores, place = rules.file_outcomes[found]
                return rules.why(place) if ignores else None
        return None


def folder_names(folder: str) -> set[str]:
    """The names of a folder's entries; none when it cannot be read (the walk reports that folder itself)."""
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def rules_above(top: str) -> Ignores:
    """The ignore files in force in ``top`` from the folders above it, up to its repository's root.

    ``top`` is a folder named on the command line: when those rules ignore it, none of them applies (it is
    walked because you named it).
    """
    absolute = os.path.abspath(top)
    root = repository_root(absolute)
    if root is None or root == absolute:
        return Ignores()
    steps = os.path.relpath(absolute, root).split(os.sep)
    rules, folder, shown = Ignores(), root, ""
    for index, step in enumerate(steps):
        names = folder_names(folder)
        rules = rules.with_own(load_ignore_file(folder, shown, names, repository=index == 0))
        if rules.folder(step) is not None:
            return Ignores()
        rules, folder, shown = rules.below(step), os.path.join(folder, step), f"{shown}{step}/"
    return rules
