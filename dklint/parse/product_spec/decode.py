"""Decoding a spec's JSON: fast for clean specs, strict (with DK002 at the exact token) for the rest.

``json.loads`` accepts things a product spec must not hold: ``NaN`` and
``Infinity``, numbers that silently become ``inf`` (``1e400``), duplicate keys
(the last one silently wins). Each of those, any syntax error, and nesting too
deep for the decoder is one DK002 finding at the offending token.

Nearly every spec of a catalog is clean, so ``decode_clean`` tries the fast way
first. Finding duplicate keys with an ``object_pairs_hook`` costs about a fifth
of decoding a catalog record (the C decoder then hands every object over as a
list of pairs), so the fast way lets the decoder build its dicts itself and
notices a duplicate key by counting colons instead:

- outside strings, a JSON text has exactly one ``:`` per object member it is
  written with, so ``text.count(":")`` is at least that number, and more when
  strings hold colons;
- a duplicate key leaves one member fewer in the decoded dicts than in the text.

So when the decoded dicts hold as many members as the text holds colons, no key
can be a duplicate. When the text has more colons (a colon in a string), the
colons of the decoded value are counted in its ``repr`` (one per member plus
those inside strings) and must match too; an escaped colon (``\\u003a``) would
blur that count, so a text with one goes the strict way.

Broken JSON, ``NaN``, ``1e400``, a byte-order mark, a value that is not an
object, white space before it: ``decode_clean`` gives None, and ``load_json``
says what (if anything) is wrong. Positions are searched for only when
something failed.
"""

from __future__ import annotations

import json
import math
import threading
from typing import Any

from dklint.base.textnorm import shorten
from dklint.findings import Finding
from dklint.parse.product_spec import json_positions
from dklint.source import Span


class HostileValue(ValueError):
    """A value JSON allows but a spec must not hold; ``kind`` says which."""

    def __init__(self, kind: str, token: str) -> None:
        super().__init__(f"{kind}: {token}")
        self.kind, self.token = kind, token


def reject_constant(name: str) -> Any:
    """``parse_constant`` hook: ``NaN`` and ``Infinity`` are hostile."""
    raise HostileValue("constant", name)


def finite_float(token: str) -> float:
    """``parse_float`` hook: a number that overflows to ``inf`` is hostile."""
    value = float(token)
    if math.isinf(value):
        raise HostileValue("number", token)
    return value


class _Members(threading.local):
    """Per thread (Dask workers decode in threads): members of the objects decoded so far, and
    the last record decoded (see ``decode_clean``)."""

    count = 0
    last: tuple[str | None, dict[str, Any] | None] = (None, None)


_MEMBERS = _Members()


def _counted(obj: dict[str, Any]) -> dict[str, Any]:
    _MEMBERS.count += len(obj)
    return obj


_FAST_DECODER = json.JSONDecoder(object_hook=_counted, parse_float=finite_float, parse_constant=reject_constant)

# A catalog record is decoded twice on its way through: for its product id, then
# by the parser. The last decode is remembered (one slot: the record in hand) so
# the second costs nothing. The text is matched by identity; the decoded value is
# never changed by its readers.


def decode_clean(text: str) -> dict[str, Any] | None:
    """``text`` decoded, when it is a JSON object ``load_json`` would accept as it is; else None."""
    last_text, doc = _MEMBERS.last
    if last_text is not text:
        doc = _decode(text)
        _MEMBERS.last = (text, doc)
    return doc


def remember_decoded(text: str, doc: dict[str, Any]) -> None:
    """Tell ``decode_clean`` that ``text`` decodes to ``doc`` (for a caller that wrote ``text`` from ``doc``)."""
    _MEMBERS.last = (text, doc)


def _decode(text: str) -> dict[str, Any] | None:
    _MEMBERS.count = 0
    try:
        # the C scanner itself, as JSONDecoder.decode calls it but without its white-space
        # searches: a value that does not start the text (rare) is left to the careful way
        doc, end = _FAST_DECODER.scan_once(text, 0)
    except (ValueError, RecursionError, StopIteration):  # the hooks' HostileValue is a ValueError
        return None
    if end != len(text) and text[end:].strip(" \t\n\r"):  # a spec file ends with a line break
        return None
    if type(doc) is not dict:
        return None
    colons = text.count(":")
    if colons == _MEMBERS.count or _colons_in(doc, text) == colons:
        return doc
    return None  # a duplicate key, or a count that cannot tell


def _colons_in(doc: dict[str, Any], text: str) -> int:
    """Colons the decoded ``doc`` accounts for: one per member, plus those in its strings; -1: cannot tell."""
    if "\\u003a" in text or "\\u003A" in text:
        return -1
    try:
        # repr writes one ": " per dict member and keeps a string's colons as they are
        return repr(doc).count(":")
    except RecursionError:
        return -1


# -- the strict way ------------------------------------------------------------------------------

def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):  # rare: find which key, only now
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise HostileValue("duplicate", key)
            seen.add(key)
    return obj


_STRICT_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_object, parse_float=finite_float, parse_constant=reject_constant,
)


def load_json(text: str) -> tuple[Any, Finding | None]:
    """Decode ``text`` strictly: the value and None, or None and one DK002 finding."""
    bom = 1 if text.startswith("\ufeff") else 0
    try:
        return _STRICT_DECODER.decode(text[bom:] if bom else text), None
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
