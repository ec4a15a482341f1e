"""The store of validated rule files: a warm start skips YAML and the schema, and can never hide a mistake."""

from __future__ import annotations

import pytest

from dklint.base.startup_store import StartupStore
from dklint.rules import loader
from dklint.rules.loader import RuleLoadError, load_rules
from tests.test_rule_loader import GOOD, write


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "cache-home"
    monkeypatch.setenv("DKLINT_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def validations(monkeypatch):
    """The rule files really read and validated (store misses)."""
    seen = []
    real = loader._validated
    monkeypatch.setattr(loader, "_validated", lambda path: seen.append(path.name) or real(path))
    return seen


def summary(ruleset):
    return [(r.id, r.severity, r.params, r.documents, r.regions, r.valid, r.invalid, r.file) for r in ruleset]


def test_a_warm_start_reads_no_rule_file_and_loads_the_same_rules(home, validations):
    cold = load_rules()
    assert validations and (home / "rules-v2.marshal").is_file()
    validations.clear()
    warm = load_rules()
    assert validations == []
    assert summary(warm) == summary(cold) and warm.digest == cold.digest
    assert warm.get("DK101").check is not None  # compiled on every run, never stored


def test_a_changed_rule_file_is_read_again_and_only_it(home, validations, tmp_path):
    path = write(tmp_path, GOOD)
    load_rules([path.parent])
    path.write_text(GOOD.replace("params: {limit: 2000}", "params: {limit: 3000}"), encoding="utf-8")
    validations.clear()
    ruleset = load_rules([path.parent])
    assert validations == ["XY101.yaml"]
    assert ruleset.get("XY101").params == {"limit": 3000}


def test_a_broken_rule_file_is_reported_on_every_run(home, tmp_path):
    path = write(tmp_path, GOOD.replace("severity: warning", "severity: fatal"))
    for _ in range(2):
        with pytest.raises(RuleLoadError) as caught:
            load_rules([path.parent])
        assert caught.value.problems == [f"{path}:3: severity: 'fatal' is not one of ['error', 'warning', 'info']"]


def test_a_stored_file_with_a_condition_mistake_still_fails_with_its_line(home, tmp_path, monkeypatch):
    # what is stored is the schema check only: a function dklint no longer knows must fail the rule at once
    path = write(tmp_path, GOOD)
    load_rules([path.parent])
    monkeypatch.setattr("dklint.rules.condition.FUNCTIONS", {})
    with pytest.raises(RuleLoadError) as caught:
        load_rules([path.parent])
    mine = [problem for problem in caught.value.problems if problem.startswith(str(path))]
    assert mine == [f'{path}:11: let: daily_iu: unknown function "daily" (known: )']


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_store_is_an_empty_one_and_is_rewritten(home, validations, damage):
    home.mkdir()
    (home / "rules-v2.marshal").write_bytes(damage)
    assert load_rules().rules
    assert validations
    validations.clear()
    load_rules()
    assert validations == []


def test_an_unwritable_cache_home_is_not_an_error(tmp_path, monkeypatch, validations):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DKLINT_CACHE_HOME", str(blocker / "dklint"))
    assert load_rules().rules and load_rules().rules
    assert len(validations) == 2 * len(load_rules().rules)  # nothing stored, nothing said
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_store_keeps_the_newest_entries_only(tmp_path, monkeypatch):
    monkeypatch.setattr("dklint.base.startup_store.MAX_ENTRIES", 3)
    store = StartupStore(tmp_path / "store.pickle")
    keys = [store.key(str(i).encode()) for i in range(5)]
    for key in keys:
        store.put(key, ({"n": key}, {}))
    store.save()
    reopened = StartupStore(tmp_path / "store.pickle")
    assert [reopened.get(key) is not None for key in keys] == [False, False, True, True, True]


def test_keys_depend_on_the_bytes_and_the_version(tmp_path, monkeypatch):
    store = StartupStore(tmp_path / "store.pickle")
    assert store.key(b"a") != store.key(b"b")
    monkeypatch.setattr("dklint.base.startup_store.__version__", "99.0")
    assert StartupStore(tmp_path / "store.pickle").key(b"a") != store.key(b"a")


def forget_compiled_rules() -> None:
    """Empty the recipe's per-process caches, as a new dklint process starts."""
    from dklint.engine import recipe

    for cached in (recipe._read, recipe._compiled, recipe._build):
        cached.cache_clear()


@pytest.fixture
def compiles(monkeypatch):
    """The rules really compiled."""
    forget_compiled_rules()
    seen = []
    real = loader.compile_rule
    monkeypatch.setattr(loader, "compile_rule", lambda rule: seen.append(rule.id) or real(rule))
    yield seen
    forget_compiled_rules()


def fresh_recipe(**options):
    from dklint.engine.recipe import CheckerRecipe

    forget_compiled_rules()
    return CheckerRecipe.create(**options)


def test_verify_compiles_a_rule_set_once_then_trusts_the_store(home, compiles):
    fresh_recipe().verify()
    assert "DK101" in compiles
    compiles.clear()
    fresh_recipe().verify()
    assert compiles == []
    assert fresh_recipe().build().ruleset.get("DK101").check is not None and "DK101" in compiles


def test_verify_compiles_again_when_dklint_code_changes(home, compiles, monkeypatch):
    fresh_recipe().verify()
    compiles.clear()
    monkeypatch.setattr("dklint.base.startup_store.code_stamp", lambda: "an edited checkout")
    fresh_recipe().verify()
    assert "DK101" in compiles


def test_verify_reports_a_rule_that_does_not_compile_every_time(home, tmp_path):
    path = write(tmp_path, GOOD.replace('daily("vitamin_d"', 'dialy("vitamin_d"'))
    for _ in range(2):
        with pytest.raises(RuleLoadError) as caught:
            fresh_recipe(rules_dirs=[path.parent]).verify()
        assert caught.value.problems[0].startswith(f'{path}:11: let: daily_iu: unknown function "dialy"')


def test_verify_reports_unknown_selectors(home):
    from dklint.rules.selection import SelectionError

    with pytest.raises(SelectionError):
        fresh_recipe(select=("DK1O1",)).verify()


def test_a_run_the_result_cache_answers_compiles_nothing(home, compiles, tmp_path, monkeypatch):
    import os
    import time

    from click.testing import CliRunner

    from dklint.cli.main import cli

    label = tmp_path / "label.txt"
    label.write_text("Supplement Facts\nVitamin D3 125 mcg\n", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(label, (an_hour_ago, an_hour_ago))
    check = ["check", "--isolated", "--cache-dir", str(tmp_path / "cache"), str(label)]
    cold = CliRunner().invoke(cli, check)
    assert compiles
    compiles.clear()
    forget_compiled_rules()
    warm = CliRunner().invoke(cli, check)
    assert (warm.exit_code, warm.output) == (cold.exit_code, cold.output) and "DK101" in warm.output
    assert compiles == []


def test_a_data_file_is_parsed_once_then_read_from_the_store(home, tmp_path, monkeypatch):
    import sys

    from dklint.base.startup_store import load_data_file

    path = tmp_path / "units.yaml"
    path.write_text("units:\n  mcg: {factor: 0.001}\n", encoding="utf-8")
    assert load_data_file(path) == {"units": {"mcg": {"factor": 0.001}}}
    monkeypatch.setitem(sys.modules, "yaml", None)  # any import of PyYAML now fails
    assert load_data_file(path) == {"units": {"mcg": {"factor": 0.001}}}
    path.write_text("units:\n  mg: {factor: 1}\n", encoding="utf-8")
    with pytest.raises(ImportError):
        load_data_file(path)  # new bytes: parsed again
