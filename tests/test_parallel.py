"""The parallel executor: same results as a serial run, in input order, bounded, interruptible."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.discover import Filters, iter_file_inputs
from dklint.run import pool as parallel
from dklint.run import workers as pool_workers
from dklint.run.pool import iter_results_parallel
from dklint.run.sequential import iter_results, iter_sources
from dklint.source import Source
from tests.test_catalog import csv_cell, spec

RECIPE = CheckerRecipe.create(select=("DK0", "DK1"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder of specs, a JSONL catalog, a CSV catalog and two unreadable files."""
    root = tmp_path_factory.mktemp("corpus")
    for i in range(23):
        (root / "specs").mkdir(exist_ok=True)
        (root / "specs" / f"s{i:02d}.json").write_text(json.dumps(spec(f"F{i}", mcg=25 * (i % 6 + 1), k2=i % 3 == 0)))
    lines = [json.dumps(spec(f"J{i}", mcg=12.5 * (i % 9 + 1), k2=i % 4 == 0)) for i in range(40)]
    lines[7] = "{not json"
    (root / "catalog.jsonl").write_text("\n".join(lines) + "\n")
    d3 = [{"name": "Vitamin D3", "amount": 125, "unit": "mcg", "dv_percent": 625}]
    rows = "".join(f"C{i},D3,1 softgel,{1 + i % 2},{csv_cell(d3)}\n" for i in range(9))
    (root / "catalog.csv").write_text("id,name,serving_size,servings_per_day,ingredients\n" + rows)
    (root / "binary.json").write_bytes(b"\x00\x01\x02")
    (root / "empty.json").write_text("")
    return root


def serial(root: Path) -> list:
    return list(iter_results(RECIPE.build(), iter_sources([root], Filters(), root)))


def parallel_run(root: Path, jobs: int, chunk_size: int = 4) -> list:
    return list(iter_results_parallel(RECIPE, iter_file_inputs([root], root=root), jobs, chunk_size=chunk_size))


def test_pool_and_in_process_give_the_serial_results_in_input_order(corpus):
    expected = serial(corpus)
    assert len(expected) == 23 + 40 + 9 + 2
    assert parallel_run(corpus, jobs=1) == expected
    assert parallel_run(corpus, jobs=2, chunk_size=3) == expected
    assert parallel_run(corpus, jobs=2, chunk_size=1000) == expected  # one task: runs in process


def test_a_small_run_does_not_start_a_pool(corpus, monkeypatch):
    monkeypatch.setattr(pool_workers, "_pool", lambda *args: pytest.fail("a pool was started for one task"))
    assert len(parallel_run(corpus / "specs", jobs=2, chunk_size=100)) == 23


def test_inputs_are_consumed_lazily_and_stopping_early_terminates_the_workers(monkeypatch):
    consumed = 0
    pools = []
    real_pool = pool_workers._pool

    def sources():
        nonlocal consumed
        for i in range(100_000):
            consumed += 1
            yield Source(path=f"p{i}.json", text=json.dumps(spec(f"P{i}")), kind="spec")

    def recording_pool(*args):
        pools.append(real_pool(*args))
        return pools[-1]

    monkeypatch.setattr(pool_workers, "_pool", recording_pool)
    results = iter_results_parallel(RECIPE, sources(), jobs=2, chunk_size=5)
    first = next(results)
    assert first.product_id == "P0"
    # queued: at most jobs * IN_FLIGHT tasks of 5 (+ the two read ahead to choose pool or not)
    assert consumed <= 5 * (2 * pool_workers.IN_FLIGHT + 2)
    workers = list(pools[0]._processes.values())
    assert workers
    results.close()
    # Each worker is killed and reaped before close() returns, but the executor's own thread may be the
    # one that reaps it: until that thread records the exit code, is_alive() still says True (its waitpid
    # got ECHILD). So the exit codes are awaited, briefly; a worker left running would never get one.
    deadline = time.monotonic() + 10
    while any(worker.exitcode is None for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert all(worker.exitcode is not None for worker in workers)


def test_ctrl_c_stops_the_pool_without_worker_tracebacks(tmp_path):
    script = textwrap.dedent("""
        import json, sys
        from dklint.run.pool import iter_results_parallel
        from dklint.engine.recipe import CheckerRecipe
        from dklint.source import Source
        def sources():
            doc = {"spec_version": "1", "name": "D", "serving": {}, "ingredients": [
                {"name": "Vitamin D3", "amount": 125, "unit": "mcg"}]}
            for i in range(10_000_000):
                yield Source(path=f"p{i}.json", text=json.dumps(doc), kind="spec")
        try:
            for n, _ in enumerate(iter_results_parallel(CheckerRecipe(), sources(), 2, chunk_size=50)):
                if n == 100:
                    print("running", flush=True)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            sys.exit(130)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        assert process.stdout.readline().strip() == "running"
        time.sleep(0.3)
        os.killpg(process.pid, signal.SIGINT)  # like a terminal: the whole process group
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130
    assert stderr.strip() == "interrupted"


def test_default_jobs_is_the_usable_cpus():
    assert parallel.default_jobs() == len(os.sched_getaffinity(0))
