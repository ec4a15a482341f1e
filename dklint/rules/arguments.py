"""The constant arguments of a condition's function calls, checked against the facts when the rule compiles.

A nutrient id, a unit, a form, a phrase-list name or a ``mentions`` section is a
string, and a misspelt string is no syntax error: ``has("vitamin_d3")`` would
simply never be true and ``mentions("anticoagulants")`` would fail on every
label. So each string written in a call is checked against its data file when
the rule loads, and a mistake is reported at the rule's line with a "did you
mean". An argument computed from the label (``amount(item, "mcg")``'s ``item``)
or from a name (a param) is not known until a label is checked, and is not
checked here.
"""

from __future__ import annotations

from typing import Any, Callable

from dklint.base.hints import did_you_mean
from dklint.facts.nutrients import registry
from dklint.facts.phrases import all_lists
from dklint.facts.units import canonical_unit, unit_table
from dklint.rules.functions import SECTIONS

# Stands for an argument whose value is only known when a label is checked.
NOT_CONSTANT = object()
_REFERENCE = "docs/rules/condition-language.md"


def _nutrient(value: str, call: dict[str, Any]) -> str | None:
    nutrients = registry().nutrients
    if value in nutrients:
        return None
    named = registry().lookup(value)  # "Vitamin D" names vitamin_d
    hint = f' (did you mean "{named}"?)' if named else did_you_mean(value, list(nutrients))
    return f'unknown nutrient "{value}"{hint}; the nutrient ids are in {_REFERENCE}'


def _unit(value: str, call: dict[str, Any]) -> str | None:
    units = tuple(dict.fromkeys(unit_table().spellings.values()))
    if value in units:
        return None
    meant = canonical_unit(value)  # "iu" and "ug" are spellings on a label, not the unit's name
    hint = f' (did you mean "{meant}"?)' if meant else did_you_mean(value, units)
    return f'unknown unit "{value}"{hint} (known: {", ".join(units)})'


def _forms_of(nutrient: object) -> list[str]:
    """The forms an ingredient of ``nutrient`` can have: its own and its kinds' (MK-7 is a form of vitamin K too)."""
    known = registry()
    return [form for entry in known.nutrients.values() for form in entry.forms
            if nutrient is NOT_CONSTANT or known.is_a(entry.id, str(nutrient))]


def _form(value: str, call: dict[str, Any]) -> str | None:
    nutrient = call.get("nutrient", NOT_CONSTANT)
    if nutrient is not NOT_CONSTANT and nutrient not in registry().nutrients:
        return None  # the nutrient's own mistake is the one reported
    forms = list(dict.fromkeys(_forms_of(nutrient)))
    if value in forms:
        return None
    whose = "" if nutrient is NOT_CONSTANT else f" of {nutrient}"
    known = ", ".join(forms) if forms else "none"
    return f'unknown form "{value}"{whose}{did_you_mean(value, forms)} (known: {known})'


def _phrase_list(value: str, call: dict[str, Any]) -> str | None:
    lists = list(all_lists())
    if value in lists:
        return None
    return f'unknown phrase list "{value}"{did_you_mean(value, lists)}; the phrase lists are in {_REFERENCE}'


def _section(value: str, call: dict[str, Any]) -> str | None:
    if value in SECTIONS:
        return None
    return f'unknown section "{value}"{did_you_mean(value, list(SECTIONS))} (known: {", ".join(SECTIONS)})'


# What an argument of each kind must name: kind -> check(value, the call's constant arguments by kind).
KINDS: dict[str, Callable[[str, dict[str, Any]], str | None]] = {
    "nutrient": _nutrient, "unit": _unit, "form": _form, "phrase_list": _phrase_list, "section": _section,
}


def argument_problem(function: str, kinds: tuple[str, ...], values: list[Any]) -> str | None:
    """What is wrong with the constant arguments of one call (``values``, ``NOT_CONSTANT`` where computed)."""
    call = {kind: value for kind, value in zip(kinds, values) if kind}
    for kind, value in zip(kinds, values):
        if not kind or value is NOT_CONSTANT:
            continue
        if not isinstance(value, str):
            shown = "none" if value is None else repr(value)
            return f'{function}(): the {kind.replace("_", " ")} must be a string, not {shown}'
        problem = KINDS[kind](value, call)
        if problem is not None:
            return f"{function}(): {problem}"
    return None
