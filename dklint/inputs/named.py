"""Files named on the command line under ``force-exclude`` (Ruff's name and meaning): left out as a walk would.

pre-commit and CI scripts name every file they pass, so a linter that checks whatever it is named would
check ``package.json`` and a file in ``node_modules``. With ``force-exclude`` on, a named file is selected
exactly as if it had been met while walking from the top of its repository (or, outside one, from the
project's root): a folder on its way that a walk would not enter (a default exclude, an environment, an
ignore file's pattern, an ``exclude`` glob) leaves it out, and so do an ignore file's pattern, an ``exclude``
glob, or a suffix dklint does not read. What is left is then an input only if it reads as one, as a walked
file is. Each folder on the way is judged once per run, so naming thousands of files costs little more
than walking them.
"""

from __future__ import annotations

import os
from pathlib import Path

from dklint.inputs.filters import Filters, exclude_match, suffix_selected
from dklint.inputs.repository import (
    REPOSITORY_MARK,
    Ignores,
    environment_marker,
    excluded_folder,
    folder_names,
    load_ignore_file,
    repository_root,
)


class NamedFiles:
    """Why named files are left out under force-exclude; remembers each folder it has judged."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters
        # absolute folder -> (ignore rules in force inside it, its path shown in reasons, why it is left out)
        self.folders: dict[str, tuple[Ignores, str, str | None]] = {}

    def why_excluded(self, path: Path) -> str | None:
        """Why the named file ``path`` is left out, or None when it is a candidate like a walked file."""
        absolute = os.path.abspath(path)
        folder, name = os.path.split(absolute)
        rules, _, why = self._folder(folder)
        if why is not None:
            return why
        relative = self._below_root(absolute)
        glob = exclude_match(relative or name, self.filters.exclude)
        if glob is not None:
            return f'matches exclude "{glob}"'
        ignored = rules.file(name)
        if ignored is not None:
            return ignored
        if not suffix_selected(relative or name, self.filters):
            return ("not matched by include" if self.filters.include
                    else f"not a label, spec or catalog file (suffix {os.path.splitext(name)[1] or 'none'})")
        return None

    def _below_root(self, absolute: str) -> str | None:
        """``absolute`` (normalised) relative to the project's root, with "/"; "." for the root; None outside it."""
        root = self.filters.root
        if root is None:
            return None
        if absolute == root:
            return "."
        inside = root.rstrip(os.sep) + os.sep  # a string test: os.path.relpath costs 5 us a file
        return absolute[len(inside):].replace(os.sep, "/") if absolute.startswith(inside) else None

    def _start(self, folder: str) -> str:
        """Where a walk to ``folder`` begins: its repository's root, else the project's root, else the folder."""
        root = repository_root(folder)
        if root is not None:
            return root
        project = self.filters.root
        if project is not None and (folder == project or folder.startswith(project.rstrip(os.sep) + os.sep)):
            return project
        return folder

    def _folder(self, folder: str) -> tuple[Ignores, str, str | None]:
        known = self.folders.get(folder)
        if known is None:
            known = self.folders[folder] = self._judge(folder)
        return known

    def _judge(self, folder: str) -> tuple[Ignores, str, str | None]:
        names = folder_names(folder)
        repository = REPOSITORY_MARK in names
        if self._start(folder) == folder:
            return Ignores().with_own(load_ignore_file(folder, "", names, repository)), "", None
        parent, step = os.path.split(folder)
        rules, shown, why = self._folder(parent)
        shown += step + "/"
        if why is None:
            why = self._why_folder(folder, step, shown, rules, names)
        rules = (Ignores() if repository else rules.below(step)).with_own(load_ignore_file(folder, shown, names, repository))
        return rules, shown, why

    def _why_folder(self, folder: str, step: str, shown: str, rules: Ignores, names: set[str]) -> str | None:
        group = excluded_folder(step)
        if group is not None:
            return f"in {shown}, a folder dklint does not walk ({group})"
        relative = self._below_root(folder)
        glob = exclude_match(relative, self.filters.exclude) if relative and relative != "." else None
        if glob is not None:
            return f'in {shown}, which matches exclude "{glob}"'
        ignored = rules.folder(step)
        if ignored is not None:
            return f"in {shown}, which is {ignored}"
        marker = environment_marker(names)
        if marker is not None:
            return f"in {shown}, an environment of installed packages ({marker})"
        return None
