"""Choose which rules run: ``select`` / ``ignore`` by code or prefix, Ruff-style; ``select`` keeps the input rules.

A code or prefix that matches no loaded rule is a usage error (with a "did you
mean" suggestion), because a typo in ``--ignore DK11O`` would otherwise silently
keep the rule on.
"""

from __future__ import annotations

from typing import Iterable

from dklint.base.hints import code_hint
from dklint.rules.rule import Rule, RuleSet

# Findings that say an input was not (fully) checked: no selection or per-file ignore drops them.
ALWAYS_REPORTED = frozenset({"DK001", "DK002", "DK003", "DK008", "DK009"})


class SelectionError(ValueError):
    pass


def matches(code: str, selector: str) -> bool:
    """A rule code against a selector: "ALL", a code ("DK101") or a prefix ("DK1", "dk2")."""
    return selector == "ALL" or code.startswith(selector.upper())


def check_selectors(ruleset: RuleSet, selectors: Iterable[str]) -> None:
    codes = list(ruleset.rules)
    for selector in selectors:
        if not any(matches(code, selector) for code in codes):
            raise SelectionError(f'unknown rule code or prefix "{selector}"{code_hint(selector, codes)}')


def is_input_rule(rule: Rule) -> bool:
    """A rule of the ``input`` pack (DK001-DK009), whose findings come from the readers: what was not checked."""
    return (rule.data or {}).get("check") == "input"


def select_rules(ruleset: RuleSet, select: Iterable[str] = (), ignore: Iterable[str] = (),
                 extend_select: Iterable[str] = ()) -> list[Rule]:
    """The rules to run. Without ``select``, the enabled-by-default rules; explicit selection can turn on opt-in rules.

    ``select`` chooses among the rules that judge labels: the input rules stay on whatever it says,
    because they tell what could not be read or checked (``select = ["DK1"]`` must not hide an
    unparsed panel line). Only ``ignore`` switches one of them off, and DK001, DK002, DK003, DK008
    and DK009 are reported even then (``ALWAYS_REPORTED``).
    """
    select, ignore, extend_select = list(select), list(ignore), list(extend_select)
    check_selectors(ruleset, [*select, *ignore, *extend_select])
    chosen = []
    for rule in ruleset:
        if select and not is_input_rule(rule):
            picked = any(matches(rule.id, s) for s in select)
            # "--select DK1" picks the enabled DK1xx rules; an opt-in rule needs its own code.
            picked = picked and (rule.enabled or rule.id in {s.upper() for s in select})
        else:
            picked = rule.enabled
        picked = picked or any(rule.id == s.upper() or (rule.enabled and matches(rule.id, s)) for s in extend_select)
        if picked and not any(matches(rule.id, s) for s in ignore):
            chosen.append(rule)
    return chosen
