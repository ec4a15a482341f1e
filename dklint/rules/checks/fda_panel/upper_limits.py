"""DK212 exceeds-upper-limit: a nutrient above its adult tolerable upper intake level per day.

The limits are the ``ul`` entries of the nutrient registry (``rules/data/nutrients.yaml``).
The daily amount is the per-serving amount times servings per day. Vitamin D has rules
of its own (DK102, DK103) and is left out by default. Where the registry says only some
forms count toward a limit (vitamin A: preformed retinol and its esters, not beta-carotene),
a row naming another form is not counted, and a row that does not say its form is counted
only when ``count_unspecified_vitamin_a`` is true. Where a row states several amounts
(a compound's weight and the element's) or an IU amount converts by more than one
accepted factor, the smallest value is used, so the rule never fires on an assumption.
"""

from __future__ import annotations

from typing import Any, Iterable

from dklint.facts.nutrients import Nutrient, registry
from dklint.facts.units import convert_all, unit_table
from dklint.model import Ingredient, Label
from dklint.rules.checks.fda_panel.rows import quantity, row_target
from dklint.rules.amounts import nutrient_amounts
from dklint.rules.checks.hit import Hit
from dklint.rules.context import daily_servings
from dklint.rules.functions import label_mentions

_CONSULT_LIST = "medical_supervision"


def _advises_consulting(label: Label) -> bool:
    return label_mentions(label, _CONSULT_LIST)


def _counts(nutrient: Nutrient, ingredient: Ingredient, params: dict[str, Any]) -> bool:
    counted = nutrient.ul_counts
    if counted is None:
        return True
    named = registry().forms_named(nutrient.id, ingredient.name, ingredient.source)
    if named - set(counted):  # another form, or a mix whose split is not stated
        return False
    return ingredient.form in counted or bool(params.get("count_unspecified_vitamin_a", False))


def _per_serving(ingredient: Ingredient, unit: str, nutrient: Nutrient) -> float | None:
    """The smallest amount the row can mean: "calcium carbonate 1,250 mg (500 mg calcium)" is 500 mg.

    When only some forms count toward the limit (folic acid among folates), an amount the row states
    of that form is the one counted; failing one, an amount in mcg DFE stands for at least its value
    divided by the largest DFE factor of folic acid.
    """
    amounts = nutrient_amounts(ingredient)
    if nutrient.ul_counts is not None and any(a.basis != "DFE" for a in amounts):
        amounts = [a for a in amounts if a.basis != "DFE"]
    dfe = unit_table().dfe_per_folic_acid
    values = [value / max(dfe) if nutrient.ul_counts is not None and amount.basis == "DFE" else value
              for amount in amounts
              for value in convert_all(amount.value, amount.unit, unit, ingredient.nutrient, ingredient.form)]
    return min(values) if values else None


def _grouped(label: Label) -> dict[str, list[Ingredient]]:
    """Rows by nutrient; a row repeated word for word (a product page that states the dose in
    its description and again in its panel) is counted once."""
    nutrients = registry().nutrients
    groups: dict[str, list[Ingredient]] = {}
    seen: set[tuple] = set()
    for ingredient in label.ingredients:
        nutrient = nutrients.get(ingredient.nutrient or "")
        key = (ingredient.nutrient, ingredient.form, tuple((a.value, a.unit) for a in ingredient.amounts))
        if nutrient is None or nutrient.ul is None or key in seen:
            continue
        seen.add(key)
        groups.setdefault(nutrient.id, []).append(ingredient)
    return groups


def exceeds_upper_limit(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    excluded = set(params.get("exclude", ["vitamin_d"]))
    groups = {k: rows for k, rows in _grouped(label).items() if k not in excluded}
    if not groups or _advises_consulting(label):
        return
    for nutrient_id, rows in groups.items():
        nutrient = registry().nutrients[nutrient_id]
        limit, unit = nutrient.ul
        counted = [(row, _per_serving(row, unit, nutrient)) for row in rows if _counts(nutrient, row, params)]
        counted = [(row, value) for row, value in counted if value is not None]
        if not counted:
            continue
        daily = sum(value for _, value in counted) * daily_servings(label)
        if daily > limit:
            yield Hit(row_target(counted[0][0], "amount"), {
                "nutrient": nutrient.ul_name or nutrient.name,
                "daily": quantity(daily, unit), "limit": quantity(limit, unit),
                "note": f" ({nutrient.ul_note})" if nutrient.ul_note else "",
            })


CHECKS = {"exceeds_upper_limit": exceeds_upper_limit}
