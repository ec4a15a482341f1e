"""DK203 percent-dv-mismatch, DK204 legacy-daily-value, DK205 percent-dv-missing.

A declared %DV is compared with round(amount / DV x 100) for every amount of the row
that converts to the Daily Value's unit (a row may state "25 mcg (1,000 IU)"; vitamin A
in IU has more than one accepted factor), with ``slack`` percentage points of tolerance
because FDA lets the percentage be computed from the declared or the actual amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

from dklint.base.memo import per_part
from dklint.facts.units import convert_all, unit_table
from dklint.model import Amount, Ingredient, Label
from dklint.rules.checks.fda_panel.rows import (
    amount_text,
    declared_without_dv,
    display_name,
    dv_text,
    footnote_texts,
    has_declared_dv,
    is_panel,
    num,
    nutrient_of,
    quantity,
    row_target,
)
from dklint.rules.amounts import nutrient_amounts
from dklint.rules.checks.hit import Hit
from dklint.source import Span


def round_percent(raw: float) -> int:
    """Nearest whole percent, halves rounded up (101.36(b)(2)(iii))."""
    return math.floor(raw + 0.5)


def _mentions_folic_acid(ingredient: Ingredient) -> bool:
    text = " ".join(filter(None, (ingredient.name, ingredient.source, ingredient.form))).casefold()
    return "folic" in text


def values_in(ingredient: Ingredient, unit: str, legacy: bool = False) -> list[tuple[float, Amount]]:
    """Every accepted value of the row's amounts in ``unit``, each with the amount it came from.

    ``legacy``: with the conversion factors of pre-2016 labels too.
    """
    amounts = nutrient_amounts(ingredient)
    if ingredient.nutrient == "folate" and any(a.basis == "DFE" for a in amounts):
        amounts = [a for a in amounts if a.basis == "DFE"]
    found: list[tuple[float, Amount]] = []
    for amount in amounts:
        for value in convert_all(amount.value, amount.unit, unit, ingredient.nutrient, ingredient.form, legacy):
            found.append((value, amount))
            if ingredient.nutrient == "folate" and amount.basis != "DFE" and _mentions_folic_acid(ingredient):
                found.extend((value * factor, amount) for factor in unit_table().dfe_per_folic_acid)
    return found


def percents(ingredient: Ingredient, reference: tuple[float, str] | None,
             legacy: bool = False) -> list[tuple[float, Amount]]:
    if reference is None or reference[0] <= 0:
        return []
    return [(value / reference[0] * 100, amount) for value, amount in values_in(ingredient, reference[1], legacy)]


def declared_matches(ingredient: Ingredient, raws: list[float], slack: float) -> bool:
    if ingredient.dv_less_than:
        return any(raw < 1 for raw in raws)
    return any(abs(ingredient.dv_percent - round_percent(raw)) <= slack for raw in raws)


@dataclass(frozen=True)
class Verdict:
    kind: str  # "ok", "mismatch" or "legacy"
    values: dict[str, Any]


def _percent_text(raw: float) -> str:
    return "less than 1%" if 0 < raw < 1 else f"{num(round_percent(raw))}%"


def _declared_text(ingredient: Ingredient) -> str:
    return "<1%" if ingredient.dv_less_than else f"{num(ingredient.dv_percent)}%"


def _amount_phrase(ingredient: Ingredient, value: float, amount: Amount, unit: str) -> str:
    text = amount_text(amount)
    return text if amount.unit == unit else f"{text} ({quantity(value, unit)})"


@per_part  # the same row recurs across a catalog's products
def assess(ingredient: Ingredient, slack: float) -> Verdict | None:
    """How the row's declared %DV compares with the current and the pre-2016 Daily Values."""
    nutrient = nutrient_of(ingredient)
    if nutrient is None or nutrient.dv is None or not has_declared_dv(ingredient):
        return None
    current = percents(ingredient, nutrient.dv)
    if not current:
        return None
    if declared_matches(ingredient, [r for r, _ in current], slack):
        return Verdict("ok", {})  # the message values are only worth formatting for a finding
    raw, amount = current[0]
    value = raw * nutrient.dv[0] / 100
    values: dict[str, Any] = {
        "nutrient": nutrient.name, "amount": _amount_phrase(ingredient, value, amount, nutrient.dv[1]),
        "computed": _percent_text(raw), "dv": dv_text(nutrient.id, *nutrient.dv),
        "declared": _declared_text(ingredient), "legacy_dv": "",
        # for the fix: the %DV as a label prints it, and as a spec's dv_percent holds it
        "dv_fixed": "<1%" if 0 < raw < 1 else f"{round_percent(raw)}%",
        "dv_value": "<1" if 0 < raw < 1 else round_percent(raw),
    }
    legacy = [r for r, _ in percents(ingredient, nutrient.legacy_dv, legacy=True)]
    if legacy and declared_matches(ingredient, legacy, slack):
        values["legacy_dv"] = dv_text(nutrient.id, *nutrient.legacy_dv)
        return Verdict("legacy", values)
    return Verdict("mismatch", values)


def _verdicts(label: Label, params: dict[str, Any], kind: str) -> Iterable[Hit]:
    slack = float(params.get("slack", 1))
    for ingredient in label.ingredients:
        verdict = assess(ingredient, slack)  # per row: DK203 and DK204 share the answer
        if verdict is not None and verdict.kind == kind:
            yield Hit(row_target(ingredient, "dv_percent"), verdict.values, places=_dv_place(ingredient))


def _dv_place(ingredient: Ingredient) -> dict[str, Any]:
    """The declared %DV a fix replaces: its printed text (symbol left out), or a spec's dv_percent."""
    if ingredient.field_path:
        return {"dv": (*ingredient.field_path, "dv_percent")}
    if ingredient.dv_span is None or ingredient.dv_text is None:
        return {}
    if len(ingredient.dv_text) != ingredient.dv_span.end - ingredient.dv_span.start:
        return {}  # the text was re-spaced ("Less  than 1%"): its characters are not the span's
    # The percentage ends at its "%": a symbol printed after it ("500%*") stays.
    end = ingredient.dv_text.rfind("%") + 1
    if end == 0:
        return {}
    return {"dv": Span(ingredient.dv_span.start, ingredient.dv_span.start + end)}


def percent_dv_mismatch(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    return _verdicts(label, params, "mismatch")


def legacy_daily_value(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    return _verdicts(label, params, "legacy")


def percent_dv_missing(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    if not is_panel(label):
        return
    for ingredient in label.ingredients:
        if ingredient.in_blend or has_declared_dv(ingredient) or (ingredient.dv_text or "").strip():
            continue
        if not ingredient.amounts:
            continue  # named with no amount of its own ("vitamin K1 & K2 800 mg": the K2): no %DV to state
        problem = _missing_problem(label, ingredient)
        if problem:
            yield Hit(row_target(ingredient, "name"), {"problem": problem, "name": ingredient.name})


def _missing_problem(label: Label, ingredient: Ingredient) -> str | None:
    nutrient = nutrient_of(ingredient)
    if nutrient is not None and nutrient.percent != "required":
        return None  # calories, trans fat and total sugars take no %DV; protein's may be left out
    if nutrient is None or nutrient.dv is None:
        if ingredient.symbol:
            return None  # marked; whether the mark resolves is DK206's question
        return (f"{ingredient.name} has no Daily Value, and its row has no symbol (such as †) pointing to a "
                '"Daily Value not established" footnote')
    if declared_without_dv(label, ingredient):
        return None
    if ingredient.symbol and not footnote_texts(label, ingredient.symbol):
        return None  # an undefined symbol: DK206 reports it
    current = percents(ingredient, nutrient.dv)
    would_be = f" ({_percent_text(current[0][0])} for this amount)" if current else ""
    reference = dv_text(nutrient.id, *nutrient.dv)
    return f"{display_name(ingredient)} has a {reference} Daily Value but no %DV is declared{would_be}"


PLACES = {"percent_dv_mismatch": frozenset({"dv"}), "legacy_daily_value": frozenset({"dv"})}

CHECKS = {
    "percent_dv_mismatch": percent_dv_mismatch,
    "legacy_daily_value": legacy_daily_value,
    "percent_dv_missing": percent_dv_missing,
}
