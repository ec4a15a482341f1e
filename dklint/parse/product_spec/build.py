"""A schema-valid product spec into the ``Label`` model.

Each part of the Label comes from ``spec_parts`` when a spec before had the
same one, else it is written here as a dict and validated with the Label.
"""

from __future__ import annotations

from typing import Any

from dklint.facts.nutrients import resolve
from dklint.facts.units import basis_of, canonical_unit
from dklint.findings import Finding
from dklint.model import Ingredient, Label
from dklint.parse.directions import servings_per_day
from dklint.parse.product_spec import json_positions
from dklint.parse.product_spec.parts import LabelParts, content
from dklint.source import Span

NOWHERE = Span(0, 0)  # "look the field_path up when a finding needs it"
Path = tuple[str | int, ...]


def build_label(doc: dict[str, Any], text: str, findings: list[Finding]) -> Label:
    """The Label of a schema-valid spec ``doc`` (decoded from ``text``); DK006 findings go to ``findings``."""
    parts = LabelParts()
    items, directions, disclaimer = doc.get("other_ingredients"), doc.get("directions"), doc.get("disclaimer")
    ingredients = [_ingredient_part(parts, i, row) for i, row in enumerate(doc.get("ingredients", ()))]
    # the validator itself: model_validate only wraps it (half a microsecond a spec)
    label = Label.__pydantic_validator__.validate_python({
        "input_kind": "spec", "document": "spec", "product_id": doc.get("id"), "name": doc.get("name"), "form": doc.get("form"),
        "has_panel": bool(ingredients), "serving": _serving_part(parts, doc), "ingredients": ingredients,
        "other_ingredients": _block(parts, "other_ingredients", None, ", ".join(items)) if items else None,
        "directions": [_block(parts, "directions", 0, directions, ("directions",))] if directions else [],
        "warnings": [_block(parts, "warnings", i, w) for i, w in enumerate(doc.get("warnings", ()))],
        "claims": [_block(parts, "claims", i, c["text"], symbol=c.get("symbol"))
                   for i, c in enumerate(doc.get("claims", ()))],
        "disclaimer": _block(parts, "disclaimer", None, disclaimer["text"], symbol=disclaimer.get("symbol"))
                      if disclaimer else None,
        "footnotes": [_footnote(parts, i, f["symbol"], f["text"]) for i, f in enumerate(doc.get("footnotes", ()))],
    })
    parts.keep_new(label)
    for ingredient in label.ingredients:
        _unknown_units(ingredient, text, findings)
    return label


def _block(parts: LabelParts, field: str, index: int | None, text: str, path: Path | None = None,
           symbol: str | None = None) -> Any:
    """The TextBlock of a prose field; its JSON path is the field's, with the index for a list."""
    if path is None:
        path = (field,) if index is None else (field, index)
    found = parts.find(("block", text, path, symbol), field, index)
    return found or {"text": text, "span": NOWHERE, "symbol": symbol, "field_path": path}


def _footnote(parts: LabelParts, i: int, symbol: str, text: str) -> Any:
    found = parts.find(("footnote", i, symbol, text), "footnotes", i)
    return found or {"symbol": symbol, "text": text, "span": NOWHERE, "field_path": ("footnotes", i)}


def _ingredient_part(parts: LabelParts, i: int, row: dict[str, Any]) -> Any:
    row_content = content(row)
    found = parts.find(("ingredient", i, row_content), "ingredients", i) if row_content else None
    return found or _ingredient(i, row)


def _serving_part(parts: LabelParts, doc: dict[str, Any]) -> Any:
    serving = doc.get("serving", {})
    # the directions are read only when the spec does not say how many servings a day
    directions = doc.get("directions") if serving.get("servings_per_day") is None else None
    serving_content = content(serving)
    found = parts.find(("serving", serving_content, directions), "serving") if serving_content else None
    return found or _serving(serving, directions)


def _ingredient(i: int, row: dict[str, Any]) -> dict[str, Any]:
    name, source, declared = row["name"], row.get("source"), row.get("form")
    nutrient, form = resolve(name, source, declared)
    amounts = [_amount(row["amount"], row["unit"])]
    amounts += [_amount(alt["amount"], alt["unit"]) for alt in row.get("alt_amounts", ())]
    dv = row.get("dv_percent")
    return {
        "name": name, "nutrient": nutrient, "form": form or declared, "source": source, "amounts": amounts,
        "dv_percent": None if dv is None or dv == "<1" else float(dv), "dv_less_than": dv == "<1",
        "dv_text": None if dv is None else f"{dv}%", "symbol": row.get("dv_symbol"),
        "in_blend": row.get("in_blend", False), "span": NOWHERE, "name_span": NOWHERE, "field_path": ("ingredients", i),
    }


def _amount(value: float, raw_unit: str) -> dict[str, Any]:
    unit, basis = canonical_unit(raw_unit), basis_of(raw_unit)
    return {
        "value": float(value), "unit": unit or raw_unit, "raw_unit": raw_unit, "basis": basis,
        "known": unit is not None, "text": f"{value} {raw_unit}", "span": NOWHERE,
    }


def _unknown_units(ingredient: Ingredient, text: str, findings: list[Finding]) -> None:
    """DK006 for each amount of ``ingredient`` in a unit dklint does not know (a shared part: said per spec)."""
    for j, amount in enumerate(ingredient.amounts):
        if amount.known:
            continue
        where = ingredient.field_path + (("unit",) if j == 0 else ("alt_amounts", j - 1, "unit"))
        span = json_positions.span_of_path(text, where) or NOWHERE
        findings.append(Finding("DK006", "warning", f'unknown unit "{amount.raw_unit}"', span, where, amount.raw_unit))


def _serving(serving: dict[str, Any], directions: str | None) -> dict[str, Any]:
    size, unit = serving.get("size"), serving.get("unit")
    per_day, origin = serving.get("servings_per_day"), "spec"
    if per_day is None:
        per_day = _servings_from_directions(directions, _float(size), unit)
        origin = "assumed" if per_day is None else "directions"
    return {
        "size": _float(size), "unit": unit,
        "text": " ".join(str(part) for part in (size, unit) if part is not None) or None,
        "servings_per_container": _float(serving.get("servings_per_container")),
        "servings_per_day": _float(per_day), "servings_per_day_origin": origin,
    }


def _servings_from_directions(directions: str | None, size: float | None, unit: Any) -> float | None:
    """Servings a day the directions call for ("take 2 tablets daily" with 2-tablet servings is 1)."""
    if not isinstance(directions, str) or not directions:
        return None
    return servings_per_day(directions, size, unit if isinstance(unit, str) else None)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
