"""Helpers shared by the Supplement Facts panel checks (DK2xx): numbers, amounts, panel context."""

from __future__ import annotations

from typing import Any

from dklint.facts.nutrients import Nutrient, registry
from dklint.facts.phrases import has_phrase
from dklint.model import Amount, Ingredient, Label

# Basis a Daily Value is stated in, shown after its unit: "900 mcg RAE", "400 mcg DFE".
_DV_BASIS = {"vitamin_a": "RAE", "folate": "DFE"}


def num(value: float) -> str:
    """A number the way a label reviewer reads it: "5,000", "62.5", "0.025"."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    digits = 1 if abs(value) >= 100 else 3
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def quantity(value: float, unit: str, basis: str | None = None) -> str:
    return f"{num(value)} {unit}" + (f" {basis}" if basis else "")


def amount_text(amount: Amount) -> str:
    return quantity(amount.value, amount.unit, amount.basis)


def dv_text(nutrient_id: str, value: float, unit: str) -> str:
    """A reference amount with the basis it is stated in ("900 mcg RAE")."""
    basis = _DV_BASIS.get(nutrient_id) if unit in ("mcg", "mg") else None
    return quantity(value, unit, basis)


def nutrient_of(ingredient: Ingredient) -> Nutrient | None:
    return registry().nutrients.get(ingredient.nutrient or "")


def display_name(ingredient: Ingredient) -> str:
    """The nutrient's name for messages ("vitamin D"), else the ingredient as printed."""
    nutrient = nutrient_of(ingredient)
    return nutrient.name if nutrient else ingredient.name


def known_amounts(ingredient: Ingredient) -> list[Amount]:
    return [a for a in ingredient.amounts if a.known]


def is_panel(label: Label) -> bool:
    """True for a spec (it describes the panel) or label text with a Supplement Facts panel.

    Rules about the panel's columns and footnotes do not apply to a product page that
    only mentions doses in a sentence.
    """
    return label.input_kind == "spec" or label.has_panel


def has_declared_dv(ingredient: Ingredient) -> bool:
    return ingredient.dv_percent is not None or ingredient.dv_less_than


def footnote_texts(label: Label, symbol: str) -> list[str]:
    return [f.text for f in label.footnotes if f.symbol.strip() == symbol.strip()]


def says_not_established(text: str) -> bool:
    return has_phrase(text, "dv_not_established")


def declared_without_dv(label: Label, ingredient: Ingredient) -> bool:
    """The row is marked as having no Daily Value: a symbol whose footnote says "not established".

    A vitamin K2 line listed on its own below the bar (a 101.36(b)(3) ingredient) is the
    common case: it carries "†" instead of a percentage.
    """
    if has_declared_dv(ingredient) or not ingredient.symbol:
        return False
    return any(says_not_established(text) for text in footnote_texts(label, ingredient.symbol))


def row_target(ingredient: Ingredient, field: str) -> Any:
    """What a finding about one field of a row points at.

    In label text that is the row itself. In a spec it is the field ("dv_percent", "unit",
    "alt_amounts"), so the finding lands on the JSON line that holds the wrong value
    rather than on the row object's opening brace.
    """
    if not ingredient.field_path:
        return ingredient
    return ingredient.span, (*ingredient.field_path, field), ingredient.nutrient or ingredient.name


def amount_place(ingredient: Ingredient, index: int, field: str) -> tuple[str | int, ...] | None:
    """The JSON path of a spec row's ``index``-th amount's ``field`` ("amount" or "unit"); None in label text.

    The first amount is the row's own ``amount``/``unit``, the others its ``alt_amounts``.
    """
    if not ingredient.field_path:
        return None
    return (*ingredient.field_path, field) if index == 0 else (*ingredient.field_path, "alt_amounts", index - 1, field)
