"""Loading a spec the careful way: strict JSON decoding, and DK002 at the exact token.

``json.loads`` accepts things a product spec must not hold: ``NaN`` and
``Infinity``, numbers that silently become ``inf`` (``1e400``), duplicate keys
(the last one silently wins). Here each of those, any syntax error, and nesting
too deep for the decoder is one DK002 finding at the offending token. The fast
C decoder does the work; positions are searched for only when something failed.

``json_fast`` decodes clean specs faster still; the schema check lives in
``spec_schema`` (its names are importable from here too, where they used to be).
"""

from __future__ import annotations

import json
from typing import Any

from dklint.findings import Finding
from dklint.parse import json_positions
from dklint.parse.json_fast import HostileValue, finite_float, reject_constant
from dklint.source import Span
from dklint.textnorm import shorten

def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):  # rare: find which key, only now
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise HostileValue("duplicate", key)
            seen.add(key)
    return obj


_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_object, parse_float=finite_float, parse_constant=reject_constant,
)


def load_json(text: str) -> tuple[Any, Finding | None]:
    """Decode ``text`` strictly: the value and None, or None and one DK002 finding."""
    bom = 1 if text.startswith("\ufeff") else 0
    try:
        return _DECODER.decode(text[bom:] if bom else text), None
    except json.JSONDecodeError as error:
        at = error.pos + bom
        return None, _dk002(f"invalid JSON: {_reworded(error.msg)}{_hint(text, at)}", Span(at, min(at + 1, len(text))))
    except HostileValue as error:
        return None, hostile_finding(text, error)
    except RecursionError:
        return None, _too_deep(text)
    except ValueError as error:  # Python's limit on integer digits (a 10,000-digit number)
        return None, huge_number_finding(text, str(error))


def _reworded(message: str) -> str:
    """json's message without its dangling "at" (it expects ": line 1 column 5" after it)."""
    if message == "Invalid control character at":
        return "Invalid control character in a string (write a line break as \\n, a tab as \\t)"
    return message[: -len(" at")] + " here" if message.endswith(" at") else message


def _hint(text: str, at: int) -> str:
    """Name the usual cause of a puzzling message: a comma before a closing bracket."""
    if text[at : at + 1] in ("}", "]") and text[:at].rstrip(" \t\r\n").endswith(","):
        return " (a trailing comma is not allowed)"
    return ""


def hostile_finding(text: str, error: HostileValue) -> Finding:
    """DK002 for a value JSON allows but specs reject, at the first such token."""
    found = json_positions.index(text)
    if error.kind == "constant":
        span = found.first_constant or Span(0, 0)
        token = text[span.start : span.end] or error.token
        message = f"invalid JSON: {token} is not a number a spec may hold (write a number, or leave the field out)"
        return _dk002(message, span)
    if error.kind == "duplicate":
        return _dk002(f'invalid JSON: duplicate key "{shorten(error.token)}"', found.first_duplicate_key or Span(0, 0))
    return huge_number_finding(text)


def huge_number_finding(text: str, detail: str = "") -> Finding:
    """DK002 at the first number of ``text`` that no float can hold."""
    span = json_positions.index(text).first_huge_number
    if span is None:  # should not happen; say what Python said
        return _dk002(f"invalid JSON: {detail or 'a number is out of range'}", Span(0, 0))
    length = span.end - span.start
    shown = text[span.start : span.end] if length <= 20 else f"a {length:,}-character number"
    return _dk002(f"invalid JSON: {shown} is out of range (too large for a number)", span)


def _too_deep(text: str) -> Finding:
    found = json_positions.index(text)
    if found.max_depth > json_positions.DEEP:
        message = f"invalid JSON: nested more than {json_positions.DEEP} levels deep"
    else:
        message = f"invalid JSON: nested too deeply ({found.max_depth} levels)"
    return _dk002(message, found.deep or Span(0, 0))




def _dk002(message: str, span: Span) -> Finding:
    return Finding("DK002", "error", message, span)
