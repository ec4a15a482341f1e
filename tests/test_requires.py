"""Skipping rules whose condition needs an absent nutrient: the analysis, and that it never changes a finding."""

from __future__ import annotations

import pytest
import yaml

from dklint.engine.check import parse
from dklint.inputs.read import source_from_bytes
from dklint.rules import compile as rule_compile
from dklint.rules.condition import parse_condition
from dklint.rules.context import nutrients_present
from dklint.rules.requires import Requirements
from dklint.testing.fixtures import fixture_files, strip_markers
from tests.conftest import REPO


def needs(condition: str, **lets: str):
    return Requirements({name: parse_condition(text) for name, text in lets.items()}).of_condition(parse_condition(condition))


@pytest.mark.parametrize("condition, lets, expected", [
    ('daily("vitamin_d", "IU") > 2000 and not has("vitamin_k2")', {}, {"vitamin_d"}),
    ('has("vitamin_k")', {}, {"vitamin_k"}),
    ('(has("vitamin_d") or has("vitamin_k")) and not mentions("oil_base")', {}, {"vitamin_d", "vitamin_k"}),
    ('daily_iu > threshold', {"daily_iu": 'daily("vitamin_d", "IU")'}, {"vitamin_d"}),
    ('total * 2 >= 5', {"total": 'per_serving("calcium", "mg") + 1'}, {"calcium"}),
    ('first("vitamin_k2").form == "MK-7"', {}, {"vitamin_k2"}),
    ('has("calcium") and daily("vitamin_d", "IU") > 1', {}, {"calcium"}),
])
def test_conditions_that_need_a_nutrient(condition, lets, expected):
    assert needs(condition, **lets) == frozenset(expected)


@pytest.mark.parametrize("condition", [
    'not has("vitamin_k2")',  # true exactly when the nutrient is absent
    'daily("vitamin_d", "IU") != 5',  # none != 5 is true
    'daily("vitamin_d", "IU") == none',
    'daily("vitamin_d", "IU") == daily("vitamin_k", "mcg")',  # none == none is true
    'has("vitamin_d") or mentions("anticoagulant")',
    'count("vitamin_d") < 1',  # count is 0, not none, without the nutrient
    'has(nutrient)',  # not a constant: unknown until the rule runs
    'servings_per_day() > 1',
])
def test_conditions_that_need_nothing(condition):
    assert needs(condition) is None


def _labels():
    """Every fixture label and spec, and every rule example, parsed."""
    texts = []
    for path in fixture_files(REPO / "fixtures" / "labels") + fixture_files(REPO / "fixtures" / "specs"):
        raw = path.read_text(encoding="utf-8")
        texts.append((path.name, raw if path.suffix == ".json" else strip_markers(raw)[0]))
    labels = []
    for name, text in texts:
        parsed = parse(source_from_bytes(text.encode("utf-8"), name))
        if parsed.label is not None:
            labels.append(parsed.label)
    return labels


def _condition_rules():
    rules = []
    for path in sorted((REPO / "rules").rglob("DK*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "when" in data:
            rules.append(data)
    return rules


class _NoAnalysis(Requirements):
    def of_condition(self, node):
        return None


def test_skipping_never_changes_a_finding(ruleset, monkeypatch):
    labels, specs = _labels(), _condition_rules()
    analysed = {spec["id"]: rule_compile.build_check(spec) for spec in specs}
    monkeypatch.setattr(rule_compile, "Requirements", _NoAnalysis)
    plain = {spec["id"]: rule_compile.build_check(spec) for spec in specs}
    skipped = 0
    for code, check in analysed.items():
        rule = ruleset.get(code)
        for label in labels:
            if check.needs is not None and check.needs.isdisjoint(nutrients_present(label)):
                skipped += 1
            assert list(check(label, rule)) == list(plain[code](label, rule)), (code, label.name)
    assert skipped > 100  # the corpus exercises the skip, so this test can fail
