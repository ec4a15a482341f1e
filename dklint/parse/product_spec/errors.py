"""DK003: what is wrong with a spec that does not satisfy the schema, in words.

jsonschema finds the violations; this module says each one the way a person
would fix it ("ingredients[0]: missing required field \"unit\""), at the exact
value, in document order.
"""

from __future__ import annotations

import json
import re
from typing import Any

from dklint.base.hints import did_you_mean
from dklint.base.textnorm import shorten
from dklint.findings import Finding
from dklint.parse.product_spec import json_positions
from dklint.parse.product_spec.schema import spec_validator
from dklint.source import Span


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
        return [(path + (name,), _prefixed(where, f'unknown field "{shorten(name)}"{did_you_mean(name, allowed)}'),
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
