"""The result cache: hits skip parsing, any change to input or rules misses, entries are safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dklint import cache as cache_module
from dklint import parallel_work
from dklint.cache import NotACache, ResultCache, clear, open_cache
from dklint.parallel import iter_results_parallel
from dklint.parallel_work import iter_file_inputs
from dklint.recipe import CheckerRecipe
from tests.test_catalog import spec

RECIPE = CheckerRecipe.create(select=("DK0", "DK1"))


@pytest.fixture
def project(tmp_path) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(6):
        (inputs / f"s{i}.json").write_text(json.dumps(spec(f"S{i}", mcg=25 * (i + 1))))
    (inputs / "catalog.jsonl").write_text("\n".join(json.dumps(spec(f"J{i}", mcg=100)) for i in range(5)) + "\n")
    return tmp_path


def run(project: Path, recipe=RECIPE, cache=None, jobs=1) -> list:
    store = cache if cache is not None else open_cache(recipe, project / ".dklint_cache")
    sources = iter_file_inputs([project / "inputs"], root=project)
    return list(iter_results_parallel(recipe, sources, jobs, cache=store, chunk_size=4))


@pytest.fixture
def checks(monkeypatch):
    """Counts the inputs that were really parsed and checked."""
    calls = []
    real = parallel_work.check_source
    monkeypatch.setattr(parallel_work, "check_source", lambda checker, source: calls.append(source.path) or real(checker, source))
    real_unit = parallel_work.check_unit
    monkeypatch.setattr(parallel_work, "check_unit", lambda checker, unit: calls.append("record") or real_unit(checker, unit))
    return calls


def entries(project: Path) -> list[Path]:
    return [p for p in (project / ".dklint_cache").rglob("*") if p.is_file() and len(p.parent.name) == 2]


def test_a_warm_run_reads_entries_instead_of_checking(project, checks):
    cold = run(project)
    assert len(cold) == 11 and len(checks) == 11
    assert entries(project) and not list((project / ".dklint_cache").rglob("*.tmp"))
    assert (project / ".dklint_cache" / "CACHEDIR.TAG").is_file()
    checks.clear()
    assert run(project) == cold
    assert checks == []


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
    for entry in entries(project):
        entry.write_bytes(b"garbage")
    checks.clear()
    assert run(project) == cold
    assert len(checks) == 11


def test_the_pool_uses_the_cache_too(project):
    cold = run(project, jobs=2)
    assert run(project, jobs=2) == cold == run(project, jobs=1)


def test_an_unwritable_cache_is_not_an_error(project, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store = ResultCache(str(blocker / "cache"), RECIPE.digest())
    assert len(run(project, cache=store)) == 11


def test_clean_removes_a_cache_and_nothing_else(project, tmp_path):
    run(project)
    assert clear(project / ".dklint_cache") is True
    assert not (project / ".dklint_cache").exists()
    assert clear(project / ".dklint_cache") is False
    with pytest.raises(NotACache):
        clear(project / "inputs")
    assert (project / "inputs" / "s0.json").exists()


def test_keys_cover_digest_path_kind_and_bytes():
    key = cache_module.content_key
    base = key("d1", "a.json", "file", [b"x"])
    assert len({base, key("d2", "a.json", "file", [b"x"]), key("d1", "b.json", "file", [b"x"]),
                key("d1", "a.json", "records", [b"x"]), key("d1", "a.json", "file", [b"y"])}) == 5
