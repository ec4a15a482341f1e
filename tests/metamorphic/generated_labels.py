"""Whole labels composed by hypothesis from realistic parts, for the rewrites to vary beyond the fixtures.

A label here is a brand line, an optional line of marketing prose, a Supplement Facts panel whose rows are
nutrients of ``rules/data/nutrients.yaml`` (each in its prescribed unit, at a multiple of its Daily Value,
with the %DV that follows and, for vitamin D, the IU alternate), a † footnote when a row has no Daily Value,
other ingredients, directions, warnings and sometimes a claim with its disclaimer. The parts are correct
label text, but some combinations draw findings (a vitamin D dose over the threshold, K2 without a warning):
the properties compare findings before and after a rewrite, so a label need not be clean to be useful.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from dklint.base.resources import data_dir
from dklint.base.startup_store import load_data_file

BRANDS = ("Brightfield Naturals", "Copper Hollow Vitamins", "Meadowlark Wellness", "North Quay Labs")
FORMS = (("Capsule", "Capsules", "capsule"), ("Tablet", "Tablets", "tablet"), ("Softgel", "Softgels", "softgel"))
GAPS = ("    ", "\t", " | ")
# Multiples of the Daily Value a row declares: from a quarter of it to a high-potency ten times.
DV_MULTIPLES = (0.25, 0.5, 1, 2, 5, 10)
AMOUNTS_WITHOUT_DV = (1, 3, 50, 100, 250)  # in the nutrient's unit, for rows marked † (no Daily Value)
IU_PER_MCG_VITAMIN_D = 40  # 21 CFR 101.9(c)(8)(iv): 1 mcg vitamin D = 40 IU
WARNINGS = (
    "Keep out of reach of children.",
    "Do not use if the safety seal is broken.",
    "If you are pregnant, nursing or taking medication, consult your health care provider before use.",
    "If you take blood thinners such as warfarin, talk to your doctor before use.",
    "Store in a cool, dry place.",
)
CLAIM = "Supports healthy bones.*"
DISCLAIMER = ("*These statements have not been evaluated by the Food and Drug Administration. "
              "This product is not intended to diagnose, treat, cure, or prevent any disease.")


@cache
def panel_nutrients() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Nutrients with a prescribed unit, in the 101.36 order (those without an order last)."""
    raw = load_data_file(data_dir() / "nutrients.yaml")["nutrients"]
    usable = [(nutrient_id, entry) for nutrient_id, entry in raw.items() if entry.get("unit") in ("mcg", "mg")]
    return tuple(sorted(usable, key=lambda item: (item[1].get("order") is None, item[1].get("order") or 0)))


def number(value: float) -> str:
    """A label's number: thousands separators, no trailing zeros ("1,000", "0.6")."""
    return f"{round(value):,}" if abs(value - round(value)) < 1e-9 else f"{value:,.2f}".rstrip("0").rstrip(".")


@st.composite
def panel_row(draw: Any, nutrient: tuple[str, dict[str, Any]]) -> tuple[str, str, str]:
    """One row's three cells: name (with its source), amount (with the IU alternate for vitamin D), %DV or †."""
    nutrient_id, entry = nutrient
    name = entry["name"][:1].upper() + entry["name"][1:]
    sources = [s for s in entry["synonyms"][1:] if s != entry["name"].lower()]
    if sources and draw(st.booleans()):
        name += f" (as {draw(st.sampled_from(sources))})"
    unit = entry["unit"]
    dv = entry.get("dv")
    if dv is None:
        return name, f"{number(draw(st.sampled_from(AMOUNTS_WITHOUT_DV)))} {unit}", "†"
    multiple = draw(st.sampled_from(DV_MULTIPLES))
    amount = dv["amount"] * multiple
    cell = f"{number(amount)} {unit}"
    if nutrient_id == "vitamin_d":
        cell += f" ({number(amount * IU_PER_MCG_VITAMIN_D)} IU)"
    return name, cell, f"{number(multiple * 100)}%"


@st.composite
def generated_labels(draw: Any) -> str:
    """A whole label as text (see the module's docstring)."""
    form_one, form_many, form_word = draw(st.sampled_from(FORMS))
    count = draw(st.integers(1, 2))
    gap = draw(st.sampled_from(GAPS))
    nutrients = draw(st.lists(st.sampled_from(panel_nutrients()), min_size=1, max_size=6, unique_by=lambda n: n[0]))
    nutrients.sort(key=panel_nutrients().index)
    rows = [draw(panel_row(nutrient)) for nutrient in nutrients]
    lines = [f"{draw(st.sampled_from(BRANDS))} {form_many}"]
    if draw(st.booleans()):
        lines.append("Made in small batches and tested for purity.")
    lines += ["", "Supplement Facts", f"Serving Size: {count} {form_one if count == 1 else form_many}",
              f"Servings Per Container: {draw(st.sampled_from([30, 60, 90, 120]))}",
              f"Amount Per Serving{gap}% Daily Value"]
    lines += [gap.join(row) for row in rows]
    if any(dv == "†" for _, _, dv in rows):
        lines.append("† Daily Value not established.")
    lines += ["Other ingredients: rice flour, hypromellose (capsule), magnesium stearate.",
              f"Directions: Take {count} {form_word}{'s' if count > 1 else ''} daily with a meal."]
    warnings = draw(st.lists(st.sampled_from(WARNINGS), min_size=1, max_size=3, unique=True))
    lines.append("Warning: " + " ".join(warnings))
    if draw(st.booleans()):
        lines += [CLAIM, DISCLAIMER]
    return "\n".join(lines) + "\n"
