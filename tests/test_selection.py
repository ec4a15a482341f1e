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


INPUT_RULES = ["DK001", "DK002", "DK003", "DK004", "DK005", "DK006", "DK007", "DK008", "DK009"]


def test_ignore_by_prefix_and_code(ruleset):
    chosen = codes(select_rules(ruleset, select=["DK1"], ignore=["DK12", "DK101"]))
    assert chosen == [*INPUT_RULES, "DK102", "DK103", "DK110", "DK130", "DK140", "DK160"]


def test_select_never_drops_the_input_rules_and_ignore_can(ruleset):
    """README's own example, select = ["DK1", "DK2", "DK3"], once switched off DK004-DK007."""
    assert codes(select_rules(ruleset, select=["DK1", "DK2", "DK3"]))[:9] == INPUT_RULES
    assert codes(select_rules(ruleset, select=["DK101"])) == [*INPUT_RULES, "DK101"]
    assert codes(select_rules(ruleset, select=["DK101"], ignore=["DK004", "DK006"])) == [
        "DK001", "DK002", "DK003", "DK005", "DK007", "DK008", "DK009", "DK101"]


def test_unknown_code_is_an_error_with_a_suggestion(ruleset):
    with pytest.raises(SelectionError, match='unknown rule code or prefix "DK1011" \\(did you mean "DK101"\\?\\)'):
        select_rules(ruleset, ignore=["DK1011"])
