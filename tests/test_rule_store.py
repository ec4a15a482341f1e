"""The store of validated rule files: a warm start skips YAML and the schema, and can never hide a mistake."""

from __future__ import annotations

import pytest

from dklint.rules import loader
from dklint.rules.loader import RuleLoadError, load_rules
from dklint.rules.store import RuleStore
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
    return [(r.id, r.severity, r.params, r.applies_to, r.valid, r.invalid, r.file) for r in ruleset]


def test_a_warm_start_reads_no_rule_file_and_loads_the_same_rules(home, validations):
    cold = load_rules()
    assert validations and (home / "rules-v1.pickle").is_file()
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
    (home / "rules-v1.pickle").write_bytes(damage)
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
    monkeypatch.setattr("dklint.rules.store.MAX_ENTRIES", 3)
    store = RuleStore(tmp_path / "store.pickle")
    keys = [store.key(str(i).encode()) for i in range(5)]
    for key in keys:
        store.put(key, ({"n": key}, {}))
    store.save()
    reopened = RuleStore(tmp_path / "store.pickle")
    assert [reopened.get(key) is not None for key in keys] == [False, False, True, True, True]


def test_keys_depend_on_the_bytes_and_the_version(tmp_path, monkeypatch):
    store = RuleStore(tmp_path / "store.pickle")
    assert store.key(b"a") != store.key(b"b")
    monkeypatch.setattr("dklint.rules.store.__version__", "99.0")
    assert RuleStore(tmp_path / "store.pickle").key(b"a") != store.key(b"a")
