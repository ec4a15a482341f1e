"""Decoding a clean spec fast; anything else is left to the strict loader.

``json_load.load_json`` finds duplicate keys with an ``object_pairs_hook``: the
C decoder then hands every object over as a list of pairs, which Python turns
into a dict. That costs about a fifth of decoding a catalog record (more with
the garbage collector's share). Here the decoder builds its dicts itself, and a
duplicate key is noticed by counting colons instead:

- outside strings, a JSON text has exactly one ``:`` per object member it is
  written with, so ``text.count(":")`` is at least that number, and more when
  strings hold colons;
- a duplicate key leaves one member fewer in the decoded dicts than in the text.

So when the decoded dicts hold as many members as the text holds colons, no key
can be a duplicate. When the text has more colons (a colon in a string), the
colons of the decoded value are counted in its ``repr`` (one per member plus
those inside strings) and must match too; an escaped colon (``\\u003a``) would
blur that count, so a text with one goes the strict way.

This module imports nothing of dklint: catalogs use it at start-up.

Broken JSON, ``NaN``, ``1e400``, a byte-order mark, a value that is not an
object, white space before it: all None, for ``load_json`` to say what (if
anything) is wrong.
"""

from __future__ import annotations

import json
import math
import threading
from typing import Any


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


_DECODER = json.JSONDecoder(object_hook=_counted, parse_float=finite_float, parse_constant=reject_constant)

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
        doc, end = _DECODER.scan_once(text, 0)
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
