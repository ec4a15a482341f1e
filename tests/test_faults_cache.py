"""Faults around the result cache's folder and size: each test holds one promise of ``dklint.run.cache_folder``
and ``dklint.run.cache_db``.

The folder is made by dklint and marked (CACHEDIR.TAG and .dklint-cache); a
folder of the user's is never written into (its .gitignore is never replaced)
and never cleaned; ``dklint clean`` removes only the files dklint wrote. The
database stays under ``cache-max-mb``, the least recently used entries going
first.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.run import cache_db
from dklint.run.cache import TOUCH_AFTER, ResultCache
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


# -- the size bound -------------------------------------------------------------------------------

def database(project: Path) -> Path:
    return project / ".dklint_cache" / cache_db.DB_NAME


def used(project: Path) -> dict[str, int]:
    with sqlite3.connect(database(project)) as connection:
        return dict(connection.execute("SELECT display, used FROM files"))


def live_bytes(project: Path) -> int:
    with sqlite3.connect(database(project)) as connection:
        return cache_db._live_bytes(connection)


def age(project: Path, displays: list[str], when: int) -> None:
    with sqlite3.connect(database(project)) as connection:
        connection.executemany("UPDATE files SET used = ? WHERE display = ?", [(when, d) for d in displays])


def test_the_cache_is_kept_under_its_bound_least_recently_used_first(tmp_path):
    folder = str(tmp_path / "c")
    connection = cache_db.connect(folder, create=True)
    with connection:
        connection.executemany("INSERT INTO entries VALUES (?, ?, ?)",
                               [(f"k{i:03}", os.urandom(4000), 1_000 + i * 7 % 100) for i in range(100)])
    connection.close()
    assert cache_db._on_disk(folder) > 400_000
    cache_db.shrink(folder, 250_000)
    with sqlite3.connect(Path(folder) / cache_db.DB_NAME) as reader:
        kept = dict(reader.execute("SELECT key, used FROM entries"))
        assert cache_db._live_bytes(reader) <= 250_000 * cache_db.SHRINK_TO
    gone = {f"k{i:03}": 1_000 + i * 7 % 100 for i in range(100)}.keys() - kept.keys()
    assert 30 < len(kept) < 60
    assert min(kept.values()) >= max(1_000 + int(key[1:]) * 7 % 100 for key in gone)  # the least recently used went
    assert os.path.getsize(Path(folder) / cache_db.DB_NAME) <= 250_000  # freed pages given back to the file system


def test_a_run_keeps_the_cache_under_its_bound_and_every_result_right(project):
    cold = run(project)
    bound = live_bytes(project) * 3 // 4
    store = ResultCache(str(project / ".dklint_cache"), RECIPE.digest(), max_bytes=bound)
    assert run(project, cache=store) == cold
    assert live_bytes(project) <= bound * cache_db.SHRINK_TO
    assert len(used(project)) < 40
    assert run(project) == cold  # the evicted are checked again


def test_a_hit_records_its_use_only_when_a_day_old(project):
    run(project)
    now = int(time.time())
    age(project, ["inputs/s01.json"], now - TOUCH_AFTER - 10)
    age(project, ["inputs/s02.json"], now - 600)
    run(project)  # answered by the stat of each file
    after = used(project)
    assert after["inputs/s01.json"] >= now
    assert after["inputs/s02.json"] == now - 600


def test_cache_max_mb_reaches_the_cache_and_is_checked(project, monkeypatch):
    seen = []
    monkeypatch.setattr(cache_db, "shrink", lambda directory, max_bytes: seen.append(max_bytes))
    (project / "dklint.toml").write_text("cache-max-mb = 3\n")
    assert invoke("check", "-q", "inputs").exit_code == 0
    assert seen == [3 * 1024 * 1024]
    (project / "dklint.toml").write_text("cache-max-mb = 0\n")
    result = invoke("check", "-q", "inputs")
    assert (result.exit_code, result.output) == (
        2, f"{project / 'dklint.toml'}:1: cache-max-mb: must be an integer greater than 0, not 0\n")


def test_the_default_bound_is_the_documented_one():
    from dklint.base.resources import DEFAULT_CACHE_MAX_MB
    from tests.conftest import REPO

    assert DEFAULT_CACHE_MAX_MB == 256
    assert ResultCache("x", "d").max_bytes == 256 * 1024 * 1024
    assert "cache-max-mb = 256" in (REPO / "README.md").read_text()
