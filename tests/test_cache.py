"""The result cache: hits skip parsing, any change to input or rules misses, entries are safe."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.discover import iter_file_inputs
from dklint.run import cache as cache_codec
from dklint.run import workers as pool_workers
from dklint.run import running as worker
from dklint.run.cache import ResultCache, open_cache
from dklint.run.cache_db import DB_NAME, NotACache, clear
from dklint.run.pool import iter_results_parallel
from tests.test_catalog import spec

RECIPE = CheckerRecipe.create(select=("DK0", "DK1"))
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture
def project(tmp_path) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(6):
        (inputs / f"s{i}.json").write_text(json.dumps(spec(f"S{i}", mcg=25 * (i + 1))))
    (inputs / "catalog.jsonl").write_text("\n".join(json.dumps(spec(f"J{i}", mcg=100)) for i in range(5)) + "\n")
    for path in inputs.iterdir():  # files older than the racy window, as in a real project
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return tmp_path


def run(project: Path, recipe=RECIPE, cache=None, jobs=1) -> list:
    store = cache if cache is not None else open_cache(recipe, project / ".dklint_cache")
    sources = iter_file_inputs([project / "inputs"], root=project)
    return list(iter_results_parallel(recipe, sources, jobs, cache=store, chunk_size=4))


@pytest.fixture
def checks(monkeypatch):
    """Counts the inputs that were really parsed and checked."""
    calls = []
    real = worker.check_source
    monkeypatch.setattr(worker, "check_source", lambda checker, source: calls.append(source.path) or real(checker, source))
    real_walked = worker.check_walked  # a file met while walking
    monkeypatch.setattr(worker, "check_walked", lambda checker, source: calls.append(source.path) or real_walked(checker, source))
    real_unit = worker.check_unit
    monkeypatch.setattr(worker, "check_unit", lambda checker, unit: calls.append("record") or real_unit(checker, unit))
    return calls


@pytest.fixture
def reads(monkeypatch):
    """Counts the files a worker opened (the parent's stat check did not answer them)."""
    calls = []
    real = worker._run_file
    monkeypatch.setattr(worker, "_run_file", lambda checker, cache, item: calls.append(item.display) or real(checker, cache, item))
    return calls


def database(project: Path) -> Path:
    return project / ".dklint_cache" / DB_NAME


def rows(project: Path, table: str) -> int:
    with sqlite3.connect(database(project)) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_warm_run_reads_entries_instead_of_checking(project, checks):
    cold = run(project)
    assert len(cold) == 11 and len(checks) == 11
    assert (rows(project, "files"), rows(project, "entries")) == (6, 2)  # six specs, two batches of records
    assert (project / ".dklint_cache" / "CACHEDIR.TAG").is_file()
    assert (project / ".dklint_cache" / ".gitignore").read_text() == "*\n"
    checks.clear()
    assert run(project) == cold
    assert checks == []


def test_an_unchanged_file_is_answered_by_its_stat_without_being_read(project, reads):
    run(project)
    reads.clear()
    run(project)
    assert reads == []


def test_a_touched_but_unchanged_file_is_read_not_checked_and_stamped_again(project, checks, reads):
    cold = run(project)
    os.utime(project / "inputs" / "s1.json", (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))
    checks.clear(), reads.clear()
    assert run(project) == cold
    assert (reads, checks) == (["inputs/s1.json"], [])
    reads.clear()
    run(project)
    assert reads == []


def test_a_file_rewritten_with_the_same_size_and_mtime_is_checked_again(project, checks):
    # a clock too coarse to tick between two writes: the inode's ctime still moves
    path = project / "inputs" / "s1.json"
    run(project)
    path.write_text(path.read_text().replace('"amount": 50', '"amount": 10'))
    os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    checks.clear()
    run(project)
    assert checks == ["inputs/s1.json"]


def test_a_file_changed_just_now_is_not_trusted_to_its_stat(project, reads):
    path = project / "inputs" / "s1.json"
    path.write_text(path.read_text())  # mtime: now, inside the racy window
    run(project)
    reads.clear()
    run(project)
    assert reads == ["inputs/s1.json"]


def test_a_warm_run_answered_entirely_starts_no_pool(project, monkeypatch):
    cold = run(project, jobs=2)
    monkeypatch.setattr(pool_workers, "_pool", lambda *args: pytest.fail("a pool was started"))
    (project / "inputs" / "catalog.jsonl").unlink()  # records are looked up by workers
    assert run(project, jobs=2) == [result for result in cold if result.path != "inputs/catalog.jsonl"]


def test_a_changed_file_is_checked_again_and_only_it(project, checks):
    cold = run(project)
    (project / "inputs" / "s2.json").write_text(json.dumps(spec("S2", mcg=10)))
    checks.clear()
    warm = run(project)
    assert checks == ["inputs/s2.json"]
    ids = [r.product_id for r in warm]
    assert ids == [r.product_id for r in cold]
    assert any(f.code == "DK101" for f in cold[ids.index("S2")].findings)  # 75 mcg = 3,000 IU, no K2
    assert not any(f.code == "DK101" for f in warm[ids.index("S2")].findings)  # 10 mcg


def test_a_changed_rule_parameter_misses_everything(project, checks):
    run(project)
    strict = CheckerRecipe.create(select=("DK0", "DK1"), params={"DK101": {"threshold_iu": 100_000}})
    assert strict.digest() != RECIPE.digest()
    checks.clear()
    results = run(project, recipe=strict)
    assert len(checks) == 11
    assert not any(f.code == "DK101" for r in results for f in r.findings)


def test_same_bytes_at_another_path_are_another_entry(project, checks):
    run(project)
    (project / "inputs" / "copy.json").write_bytes((project / "inputs" / "s0.json").read_bytes())
    checks.clear()
    results = run(project)
    assert checks == ["inputs/copy.json"]
    copy = next(r for r in results if r.path == "inputs/copy.json")
    assert all(f.path == "inputs/copy.json" for f in copy.findings)


def test_a_damaged_entry_is_a_miss(project, checks):
    cold = run(project)
    with sqlite3.connect(database(project)) as connection:
        connection.execute("UPDATE files SET results = x'80'")
        connection.execute("UPDATE entries SET results = x'0000'")
    checks.clear()
    assert run(project) == cold
    assert len(checks) == 11
    checks.clear()
    assert run(project) == cold and checks == []  # and written again


@pytest.mark.parametrize("damage", [b"garbage" * 1000, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_damaged_database_is_made_again(project, checks, damage):
    cold = run(project)
    for suffix in ("-wal", "-shm"):
        Path(f"{database(project)}{suffix}").unlink(missing_ok=True)
    database(project).write_bytes(damage)
    checks.clear()
    assert run(project) == cold
    assert len(checks) == 11
    checks.clear()
    assert run(project) == cold and checks == []


def test_a_database_from_another_schema_is_made_again(project, checks):
    cold = run(project)
    with sqlite3.connect(database(project)) as connection:
        connection.execute("PRAGMA user_version = 99")
    checks.clear()
    assert run(project) == cold and len(checks) == 11
    checks.clear()
    assert run(project) == cold and checks == []


def test_the_pool_uses_the_cache_too(project):
    cold = run(project, jobs=2)
    assert run(project, jobs=2) == cold == run(project, jobs=1)


def test_an_unwritable_cache_is_not_an_error(project, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store = ResultCache(str(blocker / "cache"), RECIPE.digest())
    assert len(run(project, cache=store)) == 11
    assert len(run(project, cache=store, jobs=2)) == 11


def test_a_locked_database_is_skipped_not_waited_for_forever(project, monkeypatch):
    monkeypatch.setattr("dklint.run.cache_db.BUSY_TIMEOUT", 0.05)
    cold = run(project)
    blocker = sqlite3.connect(database(project), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another run holding the write lock
    try:
        (project / "inputs" / "s1.json").write_text(json.dumps(spec("S1", mcg=10)))
        assert len(run(project)) == len(cold)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_clean_removes_a_cache_and_nothing_else(project, tmp_path):
    run(project)
    assert clear(project / ".dklint_cache") == []  # nothing else was in it: the folder went too
    assert not (project / ".dklint_cache").exists()
    assert clear(project / ".dklint_cache") is None
    with pytest.raises(NotACache):
        clear(project / "inputs")
    assert (project / "inputs" / "s0.json").exists()


def test_keys_cover_digest_path_kind_and_bytes():
    key = cache_codec.content_key
    base = key("d1", "a.json", "file", [b"x"])
    assert len({base, key("d2", "a.json", "file", [b"x"]), key("d1", "b.json", "file", [b"x"]),
                key("d1", "a.json", "records", [b"x"]), key("d1", "a.json", "file", [b"y"])}) == 5


def test_parallel_runs_share_one_cache(project):
    # two dklint processes, each with two workers, checking and writing the same cache at once
    import subprocess
    import sys

    command = [sys.executable, "-m", "dklint", "check", "--isolated", "--jobs", "2", "-q", "-f", "jsonl",
               "--cache-dir", str(project / ".dklint_cache"), str(project / "inputs")]
    for path in (project / "inputs").glob("s*.json"):  # enough inputs for two tasks per run
        for copy in range(20):
            (project / "inputs" / f"{path.stem}-{copy}.json").write_bytes(path.read_bytes())
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=project) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0] and not outputs[0][1] and not outputs[1][1]
    assert rows(project, "files") == 6 * 21
    again = subprocess.run(command, capture_output=True, cwd=project)
    assert again.stdout == outputs[0][0]


def test_the_cli_caches_where_told_and_not_with_no_cache(project, monkeypatch):
    from click.testing import CliRunner

    from dklint.cli.main import cli

    monkeypatch.chdir(project)
    check = ["check", "--isolated", "-q", "-f", "jsonl", "inputs"]
    first = CliRunner().invoke(cli, [*check, "--no-cache"])
    assert not (project / ".dklint_cache").exists()
    assert CliRunner().invoke(cli, [*check, "--cache-dir", "elsewhere"]).output == first.output
    assert (project / "elsewhere" / DB_NAME).is_file() and not (project / ".dklint_cache").exists()
    refused = CliRunner().invoke(cli, ["clean", "--cache-dir", "inputs"])
    assert refused.exit_code != 0 and (project / "inputs" / "s0.json").is_file()
    assert CliRunner().invoke(cli, ["clean", "--cache-dir", "elsewhere"]).exit_code == 0
    assert not (project / "elsewhere").exists()


@pytest.mark.parametrize("content, size, expected", [
    (b"12345", 5, b"12345"),  # as fstat said
    (b"1234567", 5, b"1234567"),  # grew after fstat: read on
    (b"123456789012", 5, b"12345678901"),  # grew past the limit: one byte over, to say so
    (b"123456789012", 12, b"12345678901"),  # over the limit from the start
])
def test_a_file_is_read_up_to_one_byte_over_the_limit(content, size, expected):
    import io

    from dklint.inputs.read import read_up_to

    assert read_up_to(io.BytesIO(content), size, limit=10) == expected


def test_a_file_over_the_size_limit_is_dk001_with_the_cache_too(project):
    big = project / "inputs" / "big.json"
    big.write_bytes(b" " * 5000 + json.dumps(spec("BIG")).encode())
    recipe = CheckerRecipe.create(select=("DK0", "DK1"), limits={"max-file-bytes": 4000})
    sources = iter_file_inputs([big], root=project, max_bytes=4000)
    for _ in range(2):
        [result] = iter_results_parallel(recipe, sources, 1, cache=open_cache(recipe, project / ".dklint_cache"))
        assert [f.code for f in result.findings] == ["DK001"] and "4,000-byte limit" in result.findings[0].message
        sources = iter_file_inputs([big], root=project, max_bytes=4000)


def test_stored_results_read_back_equal_with_every_field_set():
    from dklint.findings import InputResult, Located

    finding = Located(code="DK101", name="n", severity="warning", message="m ✓", path="a.json", line=2, column=3,
                      end_line=4, end_column=5, source_line="  Vitamin D", fingerprint="f" * 32, product_id="P1",
                      field_path=("ingredients", 0, "amount"), url="https://x", baseline="new", suppressed_by="why")
    results = [InputResult("a.json", "spec", "P1", [finding, finding], True, 7), InputResult("b.txt", "unknown", checked=False)]
    assert cache_codec.loads(cache_codec.dumps(results)) == results
    assert cache_codec.loads(b"\x00garbage") is None


def test_the_database_exists_before_any_worker_starts(project, monkeypatch):
    # Two workers once made the database at the same time; the one that lost the race to switch
    # it to WAL skipped its writes, and the next run checked those files again (about 1 run in 3).
    from dklint.run import cache_db

    seen = []

    class NoPool:
        def __init__(self, *args, **kwargs):
            seen.append(os.path.exists(os.path.join(store.directory, cache_db.DB_NAME)))

    monkeypatch.setattr(pool_workers, "ProcessPoolExecutor", NoPool)
    store = open_cache(RECIPE, project / ".fresh_cache")
    pool_workers._pool(RECIPE, store, 2)
    assert seen == [True]
