"""Faults around the result cache's folder: each test holds one promise of ``dklint.run.cache_folder``.

The folder is made by dklint and marked (CACHEDIR.TAG and .dklint-cache); a
folder of the user's is never written into (its .gitignore is never replaced)
and never cleaned; ``dklint clean`` removes only the files dklint wrote.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.run import cache_db
from dklint.run.cache import ResultCache
from dklint.run.cache_folder import GITIGNORE, MARKER, MARKER_NAME, TAG, TAG_NAME, NotACache
from tests.test_cache import AN_HOUR_AGO, RECIPE, run
from tests.test_catalog import spec

CHECK = ["check", "--isolated", "-q", "-f", "jsonl"]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(40):
        (inputs / f"s{i:02}.json").write_text(json.dumps(spec(f"S{i}", mcg=25 * (i + 1))))
        os.utime(inputs / f"s{i:02}.json", (AN_HOUR_AGO, AN_HOUR_AGO))
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# -- the folder -----------------------------------------------------------------------------------

def test_a_new_cache_folder_carries_both_markers_and_a_gitignore(project):
    assert invoke(*CHECK, "--cache-dir", "made/cache", "inputs").exit_code == 0
    folder = project / "made" / "cache"
    assert set(names(folder)) - {"results.sqlite3-wal", "results.sqlite3-shm"} == {
        ".dklint-cache", ".gitignore", "CACHEDIR.TAG", "results.sqlite3"}
    assert (folder / TAG_NAME).read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert ((folder / TAG_NAME).read_bytes(), (folder / MARKER_NAME).read_bytes()) == (TAG, MARKER)
    assert (folder / ".gitignore").read_bytes() == GITIGNORE


@pytest.mark.parametrize("how", ["option", "config"])
def test_a_folder_of_the_users_is_refused_and_left_as_it_was(project, how):
    # Before: --cache-dir docs overwrote docs/.gitignore, and `dklint clean --cache-dir docs` deleted docs.
    docs = project / "docs"
    docs.mkdir()
    (docs / ".gitignore").write_text("build/\n")
    (docs / "notes.md").write_text("mine\n")
    if how == "option":
        result = invoke(*CHECK, "--cache-dir", "docs", "inputs")
    else:
        (project / "dklint.toml").write_text('cache-dir = "docs"\n')
        result = invoke("check", "-q", "inputs")
    shown = "docs" if how == "option" else docs  # the config's folder is relative to the config
    assert (result.exit_code, result.output) == (
        2, f"dklint: cannot use {shown} as the result cache: it holds other files and no CACHEDIR.TAG and "
           ".dklint-cache of dklint's; name a new or empty folder (--cache-dir, config cache-dir) or run with "
           "--no-cache\n")
    assert names(docs) == [".gitignore", "notes.md"] and (docs / ".gitignore").read_text() == "build/\n"
    assert invoke(*CHECK, "--cache-dir", "docs", "--no-cache", "inputs").exit_code == 0


def test_the_api_never_writes_into_a_folder_of_the_users(project):
    docs = project / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("mine\n")
    store = ResultCache(str(docs), RECIPE.digest())
    assert len(run(project, cache=store)) == 40
    assert names(docs) == ["notes.md"]


def test_an_empty_folder_is_taken_and_marked(project):
    (project / "empty").mkdir()
    assert invoke(*CHECK, "--cache-dir", "empty", "inputs").exit_code == 0
    assert {TAG_NAME, MARKER_NAME, ".gitignore", cache_db.DB_NAME} <= set(names(project / "empty"))


def test_a_cache_of_an_older_dklint_gets_the_marker(project):
    old = project / ".dklint_cache"
    old.mkdir()
    (old / TAG_NAME).write_bytes(TAG)  # what dklint wrote before the marker existed
    (old / ".gitignore").write_bytes(GITIGNORE)
    sqlite3.connect(old / cache_db.DB_NAME).close()
    assert invoke(*CHECK, "inputs").exit_code == 0
    assert (old / MARKER_NAME).read_bytes() == MARKER


def test_clean_refuses_a_folder_without_both_markers_and_touches_nothing(project):
    half = project / "half"
    half.mkdir()
    (half / TAG_NAME).write_bytes(TAG)
    (half / cache_db.DB_NAME).write_text("not ours to judge")
    result = invoke("clean", "--cache-dir", "half")
    assert (result.exit_code, result.output) == (
        2, "Error: half is not a dklint cache (no CACHEDIR.TAG and .dklint-cache of dklint's): not removed\n")
    assert names(half) == [TAG_NAME, cache_db.DB_NAME]


def test_clean_removes_only_dklints_files_and_keeps_a_folder_that_holds_others(project):
    assert invoke(*CHECK, "--cache-dir", "c", "inputs").exit_code == 0
    (project / "c" / "mine.txt").write_text("mine\n")
    result = invoke("clean", "--cache-dir", "c")
    assert (result.exit_code, result.output) == (
        0, "removed dklint's files from c; kept the folder, which holds other files: mine.txt\n")
    assert names(project / "c") == ["mine.txt"]


def test_clean_keeps_a_gitignore_someone_edited(project):
    assert invoke(*CHECK, "--cache-dir", "c", "inputs").exit_code == 0
    (project / "c" / ".gitignore").write_text("*\n!keep\n")
    assert invoke("clean", "--cache-dir", "c").exit_code == 0
    assert names(project / "c") == [".gitignore"]


def test_clean_removes_a_folder_of_dklints_files_only(project):
    assert invoke(*CHECK, "--cache-dir", "c", "inputs").exit_code == 0
    assert invoke("clean", "--cache-dir", "c").output == "removed c\n"
    assert not (project / "c").exists()
    assert invoke("clean", "--cache-dir", "c").output == "no cache at c\n"


def test_check_folder_accepts_missing_empty_and_dklints_folders(tmp_path):
    cache_db.check_folder(tmp_path / "missing")
    cache_db.check_folder(tmp_path)
    (tmp_path / "x").write_text("")
    with pytest.raises(NotACache):
        cache_db.check_folder(tmp_path)
