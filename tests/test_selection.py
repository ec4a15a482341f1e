"""select / ignore / extend-select by code or prefix, with did-you-mean for typos."""

from __future__ import annotations

import pytest

from dklint.rules.selection import SelectionError, select_rules


def codes(rules):
    return [rule.id for rule in rules]


def test_default_is_every_enabled_rule(ruleset):
    chosen = codes(select_rules(ruleset))
    assert "DK101" in chosen and "DK150" not in chosen


def test_prefix_select_keeps_opt_in_rules_off_unless_named(ruleset):
    assert "DK150" not in codes(select_rules(ruleset, select=["DK1"]))
    assert "DK150" in codes(select_rules(ruleset, select=["DK1", "DK150"]))
    assert "DK150" in codes(select_rules(ruleset, extend_select=["DK150"]))


def test_ignore_by_prefix_and_code(ruleset):
    chosen = codes(select_rules(ruleset, select=["DK1"], ignore=["DK12", "DK101"]))
    assert chosen == ["DK102", "DK103", "DK110", "DK130", "DK140", "DK160"]


def test_unknown_code_is_an_error_with_a_suggestion(ruleset):
    with pytest.raises(SelectionError, match='unknown rule code or prefix "DK1011" \\(did you mean "DK101"\\?\\)'):
        select_rules(ruleset, ignore=["DK1011"])
