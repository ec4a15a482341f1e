"""DK207 vitamin-d-iu-only, DK208 unit-conversion-mismatch, DK209 unit-wrong-for-nutrient.

Pairs with an IU amount are compared (vitamins A, D and E), and folate's mcg DFE with its
mcg of folic acid. Two amounts of one row agree when some true amount could have been rounded to both
as printed: each declared number stands for the interval half a unit of its last digit
around it ("62.5 mcg" is 62.45-62.55), and the intervals must overlap after conversion
by one of the accepted factors for the row's form.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from dklint.base.memo import per_part
from dklint.facts.nutrients import registry
from dklint.facts.units import convert_all, iu_factors, unit_table
from dklint.model import Amount, Ingredient, Label
from dklint.rules.checks.fda_panel.rows import (
    amount_place,
    amount_text,
    declared_without_dv,
    display_name,
    known_amounts,
    num,
    nutrient_of,
    quantity,
    row_target,
)
from dklint.rules.checks.hit import Hit


def _is_mass(unit: str) -> bool:
    return unit in unit_table().mass_in_mcg


@lru_cache(maxsize=4096)  # catalogs print the same few amounts over and over
def half_unit(value: float) -> float:
    """Half a unit of the last printed digit: 62.5 -> 0.05, 400 -> 0.5."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals


def _agree(primary: float, ratios: Iterable[float], other: float, tolerance: float) -> bool:
    low, high = primary - half_unit(primary), primary + half_unit(primary)
    margin = half_unit(other)
    return any(
        low * r * (1 - tolerance) <= other + margin and high * r * (1 + tolerance) >= other - margin
        for r in ratios
    )


def _ratios(ingredient: Ingredient, primary: Amount, other: Amount) -> tuple[tuple[float, ...], str | None]:
    """Accepted factors from the primary amount's unit to the other's, and how to describe them
    (None: described by ``_factor_note``, worth formatting only for a finding)."""
    if _is_mass(primary.unit) and _is_mass(other.unit):
        # Two weights in one row are usually the compound and the element ("calcium carbonate
        # 1,250 mg (500 mg calcium)"), not one quantity twice: only folate's DFE pair is compared.
        if ingredient.nutrient == "folate" and "DFE" in (primary.basis, other.basis) and primary.basis != other.basis:
            scale = unit_table().mass_in_mcg[primary.unit] / unit_table().mass_in_mcg[other.unit]
            dfe = unit_table().dfe_per_folic_acid
            factors = dfe if other.basis == "DFE" else tuple(1 / f for f in dfe)
            return tuple(scale * f for f in factors), " (1 mcg folic acid = 5/3 or 1.7 mcg DFE with food, 2 fasting)"
        return (), ""
    converted = convert_all(primary.value, primary.unit, other.unit, ingredient.nutrient, ingredient.form)
    return tuple(v / primary.value for v in converted), None


def _factor_note(ingredient: Ingredient) -> str:
    found = iu_factors(ingredient.nutrient, ingredient.form)
    if found is None:
        return ""
    unit, factors = found
    per_iu = " or ".join(f"{num(f)} {unit}" for f in factors)
    form = f" for the {ingredient.form} form" if ingredient.form and ingredient.nutrient != "vitamin_d" else ""
    return f" (at {per_iu} per IU{form})"


def unit_conversion_mismatch(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    tolerance = float(params.get("tolerance", 0.005))
    for ingredient in label.ingredients:
        values = conversion_problem(ingredient, tolerance)
        if values is not None:
            places = {}
            if values["fixed_other_value"] is not None:  # one accepted factor: the other amount it should be
                other = ingredient.amounts[values["other_index"]]
                places["other"] = amount_place(ingredient, values["other_index"], "amount") or other.span
            yield Hit(row_target(ingredient, "alt_amounts"), values, places=places)


def _restated(primary: float, ratios: tuple[float, ...], unit: str, tolerance: float) -> float | None:
    """The other amount converted from the first, as a label prints it (IU in whole units); None when more
    than one factor is accepted (which one the label meant is unknown) or the printed number would not agree."""
    if len(ratios) != 1:
        return None
    value = primary * ratios[0]
    value = float(round(value)) if unit == "IU" and value >= 1 else float(num(value).replace(",", ""))
    return value if _agree(primary, ratios, value, tolerance) else None


@per_part
def conversion_problem(ingredient: Ingredient, tolerance: float) -> dict[str, Any] | None:
    """The message values when the row's second amount is not its first converted; None when it is."""
    amounts = known_amounts(ingredient)
    if len(amounts) < 2 or amounts[0].value <= 0:
        return None
    primary = amounts[0]
    for other in amounts[1:]:
        ratios, note = _ratios(ingredient, primary, other)
        if ratios and not _agree(primary.value, ratios, other.value, tolerance):
            expected = " or ".join(quantity(primary.value * r, other.unit, other.basis) for r in ratios)
            note = _factor_note(ingredient) if note is None else note
            # The fix restates the other amount from the first only when one factor is accepted
            # (vitamin D's 40 IU per mcg); with two (vitamin E's forms) which one is meant is unknown.
            fixed = _restated(primary.value, ratios, other.unit, tolerance)
            return {
                "nutrient": display_name(ingredient), "declared": amount_text(primary),
                "expected": expected + note, "other": amount_text(other),
                "fixed_other": quantity(fixed, other.raw_unit or other.unit) if fixed is not None else None,
                "fixed_other_value": fixed,
                "other_index": ingredient.amounts.index(other),
            }
    return None


def vitamin_d_iu_only(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    for ingredient in label.ingredients:
        values = iu_only_problem(ingredient)
        if values is not None:
            yield Hit(row_target(ingredient, "unit"), values, places=_iu_places(ingredient, values))


def _iu_places(ingredient: Ingredient, values: dict[str, Any]) -> dict[str, Any]:
    """``iu_only``: the IU amount of a row with no mass amount; ``iu_first`` and ``mass_after``: the two
    amounts of a row that gives IU first (in a spec only the first, whose amount and unit are replaced)."""
    iu = ingredient.amounts[values["iu_index"]]
    if values["mass_index"] is None:
        if ingredient.field_path:
            return {"iu_amount": amount_place(ingredient, values["iu_index"], "amount"),
                    "iu_unit": amount_place(ingredient, values["iu_index"], "unit")} if values["iu_index"] == 0 else {}
        return {"iu_only": iu.span}
    if ingredient.field_path:
        return {}  # the spec's two amounts would have to trade places: its fields cannot say which is first
    return {"iu_first": iu.span, "mass_after": ingredient.amounts[values["mass_index"]].span}


@per_part
def iu_only_problem(ingredient: Ingredient) -> dict[str, Any] | None:
    """The message values when a vitamin D row gives IU without, or before, its mcg; else None."""
    if ingredient.nutrient is None or not registry().is_a(ingredient.nutrient, "vitamin_d"):
        return None
    amounts = known_amounts(ingredient)
    iu = next((a for a in amounts if a.unit == "IU"), None)
    if iu is None:
        return None
    mass = next((a for a in amounts if _is_mass(a.unit)), None)
    if mass is not None and amounts.index(mass) < amounts.index(iu):
        return None
    problem = "with no amount in mcg" if mass is None else f"before its amount in {mass.unit}"
    mcg = convert_all(iu.value, "IU", "mcg", "vitamin_d")
    return {
        "declared": amount_text(iu), "problem": problem, "mcg": quantity(mcg[0], "mcg") if mcg else "mcg",
        # for the fix: the amounts as printed, and the mcg as a number (a spec's "amount")
        "iu_text": iu.text, "mass_text": mass.text if mass is not None else None,
        "mcg_value": float(num(mcg[0]).replace(",", "")) if mcg else None,
        "iu_index": ingredient.amounts.index(iu), "mass_index": ingredient.amounts.index(mass) if mass else None,
    }


def unit_wrong_for_nutrient(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    for ingredient in label.ingredients:
        nutrient = nutrient_of(ingredient)
        amounts = known_amounts(ingredient)
        if nutrient is None or nutrient.dv is None or not nutrient.unit or not amounts:
            continue
        if declared_without_dv(label, ingredient):
            continue  # listed as a (b)(3) ingredient, where 101.36 prescribes no unit
        first = amounts[0]
        if first.unit == "IU" and registry().is_a(nutrient.id, "vitamin_d"):
            continue  # DK207 reports vitamin D in IU
        if first.unit == nutrient.unit:
            continue  # "mcg" is folate's unit with or without "DFE" after it, as "mcg RAE" is vitamin A's
        required = f"{nutrient.unit} DFE" if nutrient.id == "folate" else nutrient.unit
        converted = convert_all(first.value, first.unit, nutrient.unit, nutrient.id, ingredient.form)
        same = first.unit == nutrient.unit
        hint = "" if same or not converted else f" ({' or '.join(quantity(v, nutrient.unit) for v in converted)})"
        yield Hit(row_target(ingredient, "unit"), {
            "nutrient": nutrient.name, "declared": amount_text(first), "required": required + hint,
        })


PLACES = {
    "vitamin_d_iu_only": frozenset({"iu_only", "iu_first", "mass_after", "iu_amount", "iu_unit"}),
    "unit_conversion_mismatch": frozenset({"other"}),
}

CHECKS = {
    "vitamin_d_iu_only": vitamin_d_iu_only,
    "unit_conversion_mismatch": unit_conversion_mismatch,
    "unit_wrong_for_nutrient": unit_wrong_for_nutrient,
}
