"""Walking a folder: ignore files, default excludes, environments, FIFOs and devices.

What a walk selects is a set of candidate files (``iter_inputs``); whether a candidate is dklint's to check
is decided once it is read (tests/test_walked_inputs.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pathspec import GitIgnoreSpec

from dklint.inputs.discover import Filters, iter_file_inputs, iter_inputs
from dklint.inputs.read import ReadFailure
from dklint.inputs.repository import DEFAULT_EXCLUDES, ENVIRONMENT_MARKERS, FileExpressions, load_ignore_file
from tests.conftest import REPO

LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 (as cholecalciferol) 25 mcg (1,000 IU) 125%\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def found(top: Path, base: Path | None = None, filters: Filters = Filters()) -> list[str]:
    return [path.relative_to(base or top).as_posix() for path in iter_inputs([top], filters)]


# -- ignore files -------------------------------------------------------------------------------------

def test_the_repository_root_is_found_above_the_walked_folder(tmp_path):
    tree(tmp_path, {".git/": "", ".gitignore": "labels/old/\n*.bak.txt\n",
                    "labels/a.txt": LABEL, "labels/old/b.txt": LABEL, "labels/c.bak.txt": LABEL})
    assert found(tmp_path / "labels") == ["a.txt"]
    assert found(tmp_path) == ["labels/a.txt"]


def test_nested_ignore_files_negations_and_the_deepest_file_wins(tmp_path):
    tree(tmp_path, {".git/": "", "labels/.gitignore": "*.txt\n!keep.txt\n", "labels/x.txt": LABEL,
                    "labels/keep.txt": LABEL, "labels/sub/.gitignore": "!x.txt\n", "labels/sub/x.txt": LABEL,
                    "labels/sub/y.txt": LABEL, "other/x.txt": LABEL})
    assert found(tmp_path) == ["labels/keep.txt", "labels/sub/x.txt", "other/x.txt"]


def test_anchored_and_folder_only_patterns(tmp_path):
    tree(tmp_path, {".git/": "", ".gitignore": "/top.txt\ndata.json/\ndrafts/\n", "top.txt": LABEL,
                    "sub/top.txt": LABEL, "data.json": "{}", "sub/drafts/a.txt": LABEL, "drafts.txt": LABEL})
    assert found(tmp_path) == ["data.json", "drafts.txt", "sub/top.txt"]


def test_dot_ignore_overrides_gitignore_which_overrides_info_exclude(tmp_path):
    tree(tmp_path, {".git/info/exclude": "b.txt\nc.txt\n", ".gitignore": "a.txt\n!b.txt\n", ".ignore": "!a.txt\n",
                    "a.txt": LABEL, "b.txt": LABEL, "c.txt": LABEL, "d.txt": LABEL})
    assert found(tmp_path) == ["a.txt", "b.txt", "d.txt"]


def test_without_a_repository_the_ignore_files_of_the_walked_folder_and_below_apply(tmp_path):
    tree(tmp_path, {".gitignore": "*.txt\n", "project/.gitignore": "old/\n", "project/a.txt": LABEL,
                    "project/old/b.txt": LABEL})
    assert found(tmp_path / "project") == ["a.txt"]  # the folder above is no repository: its file does not apply
    assert found(tmp_path) == []


def test_a_named_folder_is_walked_though_an_ignore_file_lists_it(tmp_path):
    tree(tmp_path, {".git/": "", ".gitignore": "generated/\n", "generated/.gitignore": "*.tmp.txt\n",
                    "generated/a.txt": LABEL, "generated/b.tmp.txt": LABEL})
    assert found(tmp_path) == []
    assert found(tmp_path / "generated") == ["a.txt"]


def test_a_repository_inside_the_walk_has_its_own_ignore_files(tmp_path):
    tree(tmp_path, {".git/": "", ".gitignore": "*.json\n", "a.json": "{}", "vendored/.git/": "",
                    "vendored/b.json": "{}", "vendored/.gitignore": "c.txt\n", "vendored/c.txt": LABEL})
    assert found(tmp_path) == ["vendored/b.json"]


def test_an_unreadable_or_invalid_pattern_is_passed_over(tmp_path):
    tree(tmp_path, {".git/": "", ".gitignore": "[z-a]\n!\n\\\nb.txt\n", "a.txt": LABEL, "b.txt": LABEL})
    assert found(tmp_path) == ["a.txt"]


PATTERNS = ["*.log", "!keep.log", "/top.json", "docs/*.txt", "a/**/b.txt", "**/x.csv", "name", "!name",
            "name", "sub/", "*.t?t", "[ab].json", "\\#hash.txt", "!deep/keep.txt", "deep/*", "  "]
PATHS = ["a.log", "keep.log", "sub/keep.log", "top.json", "sub/top.json", "docs/a.txt", "docs/sub/a.txt",
         "a/b.txt", "a/x/y/b.txt", "x.csv", "q/x.csv", "name", "dir/name", "a.txt", "a.tyt", "a.json", "c.json",
         "#hash.txt", "deep/keep.txt", "deep/other.txt", "sub", "plain.txt"]


@pytest.mark.parametrize("count", range(1, len(PATTERNS) + 1))
def test_the_expressions_for_files_agree_with_pathspec(count):
    """``FileExpressions`` folds a folder's file patterns into two expressions: their answer is pathspec's."""
    lines = [line for line in PATTERNS[:count] if not line.endswith("/")]
    spec = GitIgnoreSpec.from_lines(lines)
    expressions = FileExpressions.of(spec)
    assert expressions is not None
    for path in PATHS:
        found = expressions.last(path, path.rsplit("/", 1)[-1])
        ours = None if found < 0 else (spec.patterns[found].include, found)
        theirs = spec.check_file(path)
        assert ours == (None if theirs.include is None else (theirs.include, theirs.index)), (lines, path)


def test_patterns_pathspec_writes_in_another_form_are_matched_by_pathspec(tmp_path, monkeypatch):
    from dklint.inputs import repository

    monkeypatch.setattr(repository.FileExpressions, "of", classmethod(lambda cls, spec: None))
    test_nested_ignore_files_negations_and_the_deepest_file_wins(tmp_path)


def test_a_reason_names_the_ignore_file_and_its_pattern(tmp_path):
    tree(tmp_path, {".gitignore": "*.log\n", ".ignore": "out/\n"})
    rules = load_ignore_file(str(tmp_path), "sub/", {".gitignore", ".ignore"}, repository=False)
    assert rules.why(0) == "ignored by sub/.gitignore (*.log)"
    assert rules.why(1) == "ignored by sub/.ignore (out/)"


# -- default excludes -----------------------------------------------------------------------------------

def test_no_default_excluded_folder_is_walked_nor_an_environment_of_any_name(tmp_path):
    names = [name.replace("*", "x") for group in DEFAULT_EXCLUDES.values() for name in group]
    files = {f"{name}/a.txt": LABEL for name in names}
    files |= {f"env-{marker}/{marker}": "" for marker in ENVIRONMENT_MARKERS}
    files |= {f"env-{marker}/lib/a.txt": LABEL for marker in ENVIRONMENT_MARKERS}
    files |= {"environment/a.txt": LABEL, "distillery/a.txt": LABEL, "labels/a.txt": LABEL}
    tree(tmp_path, files)
    assert found(tmp_path) == ["distillery/a.txt", "environment/a.txt", "labels/a.txt"]
    assert found(tmp_path / "node_modules") == ["a.txt"]  # named: walked


def test_the_docs_list_every_default_exclude():
    page = (REPO / "docs" / "inputs.md").read_text(encoding="utf-8")
    section = page[page.index("### Folders a walk never enters"):]
    section = section[:section.index("\n#")]
    rows = {cells[0]: cells[1] for cells in (
        [cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| What"))}
    assert {group: tuple(re.findall(r"`([^`]+)`", names)) for group, names in rows.items()} == DEFAULT_EXCLUDES
    for marker in ENVIRONMENT_MARKERS:
        assert f"`{marker}`" in section


# -- FIFOs and devices ----------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_met_while_walking_is_a_finding_and_never_opened(tmp_path, monkeypatch):
    monkeypatch.chdir(tree(tmp_path, {"labels/a.txt": LABEL}))
    os.mkfifo(tmp_path / "labels" / "pipe.txt")
    os.mkfifo(tmp_path / "labels" / "pipe")  # not a candidate: no suffix dklint reads
    (tmp_path / "labels" / "null.txt").symlink_to(os.devnull)
    items = list(iter_file_inputs([Path("labels")], root=tmp_path))
    assert [(item.path, item.finding.message) for item in items if isinstance(item, ReadFailure)] == [
        ("labels/null.txt", "a character device, not a regular file: not read"),
        ("labels/pipe.txt", "a named pipe (FIFO), not a regular file: not read")]
    # opening the FIFO would block for ever: the whole run must end, with the two findings
    command = [sys.executable, "-m", "dklint", "check", "--isolated", "--no-cache", "--select", "DK0", "-f", "json",
               "labels"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("labels/null.txt", "DK001"),
                                                                    ("labels/pipe.txt", "DK001")]
    assert [i["path"] for i in report["inputs"]] == ["labels/a.txt", "labels/null.txt", "labels/pipe.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_under_force_exclude_is_not_opened_either(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(iter_file_inputs([tmp_path / "pipe.txt"], Filters(force_exclude=True), root=tmp_path))
    assert [(item.path, item.finding.message) for item in items] == [
        ("pipe.txt", "a named pipe (FIFO), not a regular file: not read")]
