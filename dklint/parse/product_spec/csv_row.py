"""One CSV row of flattened spec columns: the spec it stands for, and which column each field came from.

Columns and what they hold (empty cells are left out of the spec):

===========================  ==================================================
``id``, ``name``, ``brand``,  text, as in a JSON spec
``market``, ``form``,
``directions``
``serving_size``              ``"1 softgel"`` (a number, then the unit), or a number
``serving_unit``              the unit, when ``serving_size`` is a bare number
``servings_per_day``,         a number
``servings_per_container``
``ingredients``,              a JSON array, as in a JSON spec
``footnotes``
``warnings``,                 a JSON array, or one entry per line of the cell
``other_ingredients``
``claims``                    the same; a claim ending in ``*``, ``†`` or ``‡``
                              has that symbol
``disclaimer``                text; a leading ``*``/``†``/``‡`` is its symbol
===========================  ==================================================

A cell that cannot become its field is a finding at that cell. The spec is then
checked like any other (``dklint.engine.records.check_row``), and every finding
is moved back to the row's line and the cell it is about, its message ending
with the column's name: ``(CSV column "ingredients")``.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from dklint.findings import Finding
from dklint.inputs.catalog_csv import CsvRow
from dklint.parse.product_spec.decode import load_json
from dklint.source import Span

_SYMBOLS = "*†‡"
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(.*?)\s*$")
# where a spec field came from: JSON path head -> column
_FIELD_COLUMN = {"serving": "serving_size"}
_SERVING_COLUMN = {"servings_per_day": "servings_per_day", "servings_per_container": "servings_per_container",
                   "unit": "serving_unit"}


class CellError(ValueError):
    """A cell that cannot become its spec field; ``code`` is DK002 (bad JSON) or DK003, ``offset`` into the cell."""

    def __init__(self, code: str, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.code, self.offset = code, offset


def _number(cell: str) -> float | int:
    try:
        value = float(cell.replace(",", "").strip())
    except ValueError:
        raise CellError("DK003", f"expected a number, got {cell.strip()[:40]!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("DK003", f"expected a number, got {cell.strip()[:40]!r}")
    return int(value) if value.is_integer() else value


def _json(cell: str, kind: type, what: str) -> Any:
    value, broken = load_json(cell)
    if broken is not None:
        raise CellError("DK002", broken.message, broken.span.start)
    if not isinstance(value, kind):
        raise CellError("DK003", f"expected {what}")
    return value


def _lines(cell: str) -> list[Any]:
    if cell.lstrip().startswith("["):
        return _json(cell.strip(), list, "a JSON array")
    return [line.strip() for line in cell.split("\n") if line.strip()]


def _claim(item: Any) -> Any:
    if isinstance(item, str) and item[-1:] in _SYMBOLS:
        return {"text": item[:-1].rstrip(), "symbol": item[-1]}
    return {"text": item} if isinstance(item, str) else item


def _disclaimer(cell: str) -> Any:
    text = cell.strip()
    if text.startswith("{"):
        return _json(text, dict, "a JSON object")
    return {"text": text[1:].lstrip(), "symbol": text[0]} if text[0] in _SYMBOLS else {"text": text}


def _serving_size(serving: dict[str, Any], cell: str) -> None:
    match = _SIZE.fullmatch(cell.replace(",", ""))
    if not match:
        raise CellError("DK003", f'expected "<number> <unit>" (e.g. "1 softgel"), got {cell.strip()[:40]!r}')
    serving["size"] = _number(match.group(1))
    if match.group(2):
        serving["unit"] = match.group(2)


def _put(field: str, convert: Callable[[str], Any]) -> Callable[[dict, dict, str], None]:
    return lambda spec, serving, cell: spec.__setitem__(field, convert(cell))


def _serve(field: str) -> Callable[[dict, dict, str], None]:
    return lambda spec, serving, cell: serving.__setitem__(field, _number(cell))


CONVERTERS: dict[str, Callable[[dict, dict, str], None]] = {
    **{field: _put(field, str.strip) for field in ("id", "name", "brand", "market", "form", "directions")},
    "serving_size": lambda spec, serving, cell: _serving_size(serving, cell),
    "serving_unit": lambda spec, serving, cell: serving.__setitem__("unit", cell.strip()),
    "servings_per_day": _serve("servings_per_day"),
    "servings_per_container": _serve("servings_per_container"),
    "ingredients": _put("ingredients", lambda cell: _json(cell.strip(), list, "a JSON array of ingredients")),
    "footnotes": _put("footnotes", lambda cell: _json(cell.strip(), list, "a JSON array of footnotes")),
    "warnings": _put("warnings", _lines),
    "other_ingredients": _put("other_ingredients", _lines),
    "claims": _put("claims", lambda cell: [_claim(item) for item in _lines(cell)]),
    "disclaimer": _put("disclaimer", _disclaimer),
}


def build_spec(row: CsvRow, spans: list[Span]) -> tuple[dict[str, Any], list[Finding]]:
    """The spec dict of a row, and a finding per cell that could not be read."""
    spec: dict[str, Any] = {"spec_version": "1"}
    serving: dict[str, Any] = {}
    problems = []
    for column, cell, span in zip(row.columns, row.cells, spans):
        convert = CONVERTERS.get(column)
        if convert is None or not cell.strip():
            continue
        try:
            convert(spec, serving, cell)
        except CellError as error:
            lead = len(cell) - len(cell.lstrip())
            at = min(span.start + lead + error.offset, span.end) if len(cell) == span.end - span.start else span.start
            problems.append(Finding(error.code, "error", f'{error} (CSV column "{column}")', Span(at, max(at + 1, span.end)),
                                    (column,), subject=str(error)))
    spec["serving"] = serving
    return spec, problems


def column_of(field_path: tuple[str | int, ...]) -> str | None:
    """The CSV column a value of the spec built from a row came from (``("serving", "unit")`` -> ``serving_unit``)."""
    if not field_path:
        return None
    if field_path[0] == "serving" and len(field_path) > 1:
        return _SERVING_COLUMN.get(str(field_path[1]), "serving_size")
    return _FIELD_COLUMN.get(str(field_path[0]), str(field_path[0]))
