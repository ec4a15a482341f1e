"""JSON product specs into the ``Label`` model.

A spec is decoded strictly (DK002 for broken or hostile JSON), checked against
the published schema (one DK003 per violation) and turned into the same
``Label`` that label text produces, so every rule runs unchanged on it.

Positions are deliberately lazy: model values carry ``Span(0, 0)`` and their
JSON ``field_path``; the pipeline asks ``json_positions`` for the real span only
for values that get a finding, which keeps a catalog run fast. Findings made
here (DK002, DK003, DK006) get their exact span at once: they are rare.

A spec whose only violations are unknown fields is still checked (the unknown
fields are ignored); any other violation leaves nothing to check.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache, lru_cache
from importlib import import_module
from typing import Any

from dklint.findings import Finding
from dklint.model import Label
from dklint.nutrients import registry
from dklint.parse import json_positions
from dklint.parse.json_load import huge_number_finding, is_valid_spec, load_json, shorten, spec_validator
from dklint.parse.result import ParseResult
from dklint.source import Source, Span
from dklint.units import basis_of, canonical_unit

_NOWHERE = Span(0, 0)  # "look the field_path up when a finding needs it"


def parse_spec(source: Source) -> ParseResult:
    """Parse one product spec; never raises on any text."""
    doc, broken = load_json(source.text)
    if broken is not None:
        return ParseResult(source, None, [broken])
    findings: list[Finding] = []
    if not (isinstance(doc, dict) and is_valid_spec(doc)):
        findings, readable = schema_findings(source.text, doc)
        if not readable:
            return ParseResult(source, None, findings)
    try:
        label = _Builder(source.text, findings).label(doc)
    except OverflowError:  # an integer too large for a float (400 digits)
        return ParseResult(source, None, [huge_number_finding(source.text)])
    return ParseResult(source, label, findings, _embedded(source, doc))


# --- DK003: what is wrong, in words -------------------------------------------


def schema_findings(text: str, doc: Any) -> tuple[list[Finding], bool]:
    """One DK003 per schema violation of ``doc`` (decoded from ``text``), in document order.

    The flag is True when the spec can still be read: its only faults are
    unknown fields, which reading ignores.
    """
    if not isinstance(doc, dict):
        span = json_positions.span_of_path(text, ()) or Span(0, 0)
        return [Finding("DK003", "error", "a product spec must be a JSON object", span)], False
    try:
        errors = list(spec_validator().iter_errors(doc))
    except RecursionError:  # a deep value where a string was expected: its repr is too deep
        return [Finding("DK003", "error", "a value is nested too deeply to check", Span(0, 0))], False
    findings: dict[tuple[tuple[str | int, ...], str], Finding] = {}
    for error in errors:
        for path, message, whole_member in _explain(error):
            findings.setdefault((path, message), _dk003(text, path, message, whole_member))
    readable = all(error.validator == "additionalProperties" for error in errors)
    return sorted(findings.values(), key=lambda f: (f.span.start, f.message)), readable


def _dk003(text: str, path: tuple[str | int, ...], message: str, whole_member: bool) -> Finding:
    span_of = json_positions.member_span if whole_member else json_positions.span_of_path
    span = span_of(text, path) or Span(0, 0)
    # the message is the subject: two missing fields of one object must not share a fingerprint
    return Finding("DK003", "error", message, span, field_path=path, subject=message)


def _explain(error: Any) -> list[tuple[tuple[str | int, ...], str, bool]]:
    """(field path, message, point at key and value?) for one jsonschema error."""
    path = tuple(error.absolute_path)
    where, value, rule, schema = _where(path), error.instance, error.validator, error.schema
    if rule == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        unknown = [name for name in value if name not in allowed and not _x_key(name, schema)]
        return [(path + (name,), _prefixed(where, f'unknown field "{shorten(name)}"{_did_you_mean(name, allowed)}'),
                 True)
                for name in unknown]
    if rule == "required":
        return [(path, _prefixed(where, f'missing required field "{name}"'), True)
                for name in error.validator_value if name not in value]
    if rule == "type":
        types = [error.validator_value] if isinstance(error.validator_value, str) else error.validator_value
        expected = " or ".join(_EXPECTED.get(name, name) for name in types)
        return [(path, f"{where}: expected {expected}, got {_describe(value)}", False)]
    if rule == "const":
        return [(path, f"{where}: expected {json.dumps(error.validator_value)}, got {_describe(value)}", False)]
    if rule in _LIMITS:
        return [(path, f"{where}: {_describe(value)} {_LIMITS[rule]} {error.validator_value}", False)]
    if rule == "minLength" and error.validator_value == 1:
        return [(path, f"{where}: must not be empty", False)]
    if rule == "anyOf":
        options = " or ".join(_option(option) for option in error.validator_value)
        return [(path, f"{where}: expected {options}, got {_describe(value)}", False)]
    return [(path, _prefixed(where, shorten(error.message, 200)), False)]


_EXPECTED = {"number": "a number", "string": "a string", "object": "an object", "array": "an array",
             "boolean": "true or false", "null": "null"}
_LIMITS = {"minimum": "is less than the minimum of", "exclusiveMinimum": "must be greater than"}


def _where(path: tuple[str | int, ...]) -> str:
    """A JSON path as people write it: ``ingredients[0].amount``."""
    parts = []
    for step in path:
        parts.append(f"[{step}]" if isinstance(step, int) else (f".{step}" if parts else str(step)))
    return "".join(parts)


def _prefixed(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


def _x_key(name: str, schema: dict[str, Any]) -> bool:
    return any(re.search(pattern, name) for pattern in schema.get("patternProperties", {}))


def _did_you_mean(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _describe(value: Any) -> str:
    """A value as a message shows it: short scalars verbatim, containers by kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str) and len(value) > 40:
        value = value[:40]  # a long string: dump only what the message shows
    return shorten(json.dumps(value, ensure_ascii=False), 40)


def _option(schema: dict[str, Any]) -> str:
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    text = _EXPECTED.get(schema.get("type", ""), "a value")
    if "minimum" in schema:
        text += f" >= {schema['minimum']}"
    return text


# --- the Label -----------------------------------------------------------------


class _Builder:
    """Builds the Label from a schema-valid spec; DK006 findings go to ``findings``.

    The whole tree is built as plain dicts and validated by pydantic in one call:
    measured, that is twice as fast as constructing each model (and faster than
    ``model_construct``, which runs in Python).
    """

    def __init__(self, text: str, findings: list[Finding]) -> None:
        self.text = text
        self.findings = findings

    def label(self, doc: dict[str, Any]) -> Label:
        ingredients = [self._ingredient(i, row) for i, row in enumerate(doc.get("ingredients", ()))]
        disclaimer = doc.get("disclaimer")
        return Label.model_validate({
            "input_kind": "spec", "product_id": doc.get("id"), "name": doc.get("name"), "form": doc.get("form"),
            "has_panel": bool(ingredients), "serving": _serving(doc), "ingredients": ingredients,
            "other_ingredients": _joined(doc.get("other_ingredients")),
            "directions": [_block(doc["directions"], ("directions",))] if doc.get("directions") else [],
            "warnings": [_block(text, ("warnings", i)) for i, text in enumerate(doc.get("warnings", ()))],
            "claims": [_block(c["text"], ("claims", i), c.get("symbol")) for i, c in enumerate(doc.get("claims", ()))],
            "disclaimer": _block(disclaimer["text"], ("disclaimer",), disclaimer.get("symbol")) if disclaimer else None,
            "footnotes": [
                {"symbol": f["symbol"], "text": f["text"], "span": _NOWHERE, "field_path": ("footnotes", i)}
                for i, f in enumerate(doc.get("footnotes", ()))
            ],
        })

    def _ingredient(self, i: int, row: dict[str, Any]) -> dict[str, Any]:
        path = ("ingredients", i)
        name, source, declared = row["name"], row.get("source"), row.get("form")
        nutrient, form = _resolve(name, source, declared)
        amounts = [self._amount(row["amount"], row["unit"], path)]
        amounts += [self._amount(alt["amount"], alt["unit"], path + ("alt_amounts", j))
                    for j, alt in enumerate(row.get("alt_amounts", ()))]
        dv = row.get("dv_percent")
        return {
            "name": name, "nutrient": nutrient, "form": form or declared, "source": source, "amounts": amounts,
            "dv_percent": None if dv is None or dv == "<1" else float(dv), "dv_less_than": dv == "<1",
            "dv_text": None if dv is None else f"{dv}%", "symbol": row.get("dv_symbol"),
            "in_blend": row.get("in_blend", False), "span": _NOWHERE, "name_span": _NOWHERE, "field_path": path,
        }

    def _amount(self, value: float, raw_unit: str, path: tuple[str | int, ...]) -> dict[str, Any]:
        unit, basis = _unit(raw_unit)
        if unit is None:
            where = path + ("unit",)
            span = json_positions.span_of_path(self.text, where) or _NOWHERE
            self.findings.append(Finding("DK006", "warning", f'unknown unit "{raw_unit}"', span, where, raw_unit))
        return {
            "value": float(value), "unit": unit or raw_unit, "raw_unit": raw_unit, "basis": basis,
            "known": unit is not None, "text": f"{value} {raw_unit}", "span": _NOWHERE,
        }


# Catalogs repeat the same few units and ingredient names endlessly; the lookups
# normalise text on every call, so remember their answers (bounded: no growth).
@lru_cache(maxsize=1024)
def _unit(raw: str) -> tuple[str | None, str | None]:
    return canonical_unit(raw), basis_of(raw)


@lru_cache(maxsize=4096)
def _resolve(name: str, source: str | None, form: str | None) -> tuple[str | None, str | None]:
    return registry().resolve(name, source, form)


def _serving(doc: dict[str, Any]) -> dict[str, Any]:
    serving = doc.get("serving", {})
    size, unit = serving.get("size"), serving.get("unit")
    per_day, origin = serving.get("servings_per_day"), "spec"
    if per_day is None:
        per_day = _servings_from_directions(doc.get("directions"), _float(size), unit)
        origin = "assumed" if per_day is None else "directions"
    return {
        "size": _float(size), "unit": unit,
        "text": " ".join(str(part) for part in (size, unit) if part is not None) or None,
        "servings_per_container": _float(serving.get("servings_per_container")),
        "servings_per_day": _float(per_day), "servings_per_day_origin": origin,
    }


def _servings_from_directions(directions: str | None, size: float | None, unit: str | None) -> float | None:
    """Servings a day the directions call for ("take 2 tablets daily" with 2-tablet servings is 1)."""
    reader = _optional("dklint.parse.directions", "servings_per_day")
    if not isinstance(directions, str) or not directions or reader is None:
        return None
    found = reader(directions, size, unit if isinstance(unit, str) else None)
    return found if isinstance(found, (int, float)) and not isinstance(found, bool) and found > 0 else None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _block(text: str, path: tuple[str | int, ...], symbol: str | None = None) -> dict[str, Any]:
    return {"text": text, "span": _NOWHERE, "symbol": symbol, "field_path": path}


def _joined(items: list[str] | None) -> dict[str, Any] | None:
    return _block(", ".join(items), ("other_ingredients",)) if items else None


def _embedded(source: Source, doc: dict[str, Any]) -> list[ParseResult]:
    """The spec's ``label_text``, parsed as label text with its own Source.

    Its Source maps every decoded character back to its place in the JSON
    file, so a finding on the third line of the label text points at the
    ``\\n``-separated part of the string where that line is written.
    """
    text = doc.get("label_text")
    if not isinstance(text, str) or not text.strip():
        return []
    parse_label = _optional("dklint.parse.label", "parse_label")
    if parse_label is None:
        return []
    span = json_positions.span_of_path(source.text, ("label_text",)) or _NOWHERE
    offsets = json_positions.string_offsets(source.text, span.start)
    exact = len(offsets) == len(text) + 1
    start = source.position(span.start)
    inner = Source(
        path=source.path, text=text, kind="label", first_line=start.line,
        first_column=start.column + 1, record_id=source.record_id,
        host=source if exact else None, host_offsets=offsets if exact else None,
    )
    return [parse_label(inner)]


@cache
def _optional(module: str, name: str) -> Any:
    """A function from a module that may not exist yet; None then. Cached: a failed import is slow."""
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None
