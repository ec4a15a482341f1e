"""The span of one JSON path in valid JSON, found without indexing the whole text.

``json_positions.index`` reads every value of a text in Python. To find one
path in JSON that decodes, it is enough to walk the members on the way and let
the C decoder skip each value that is not (``raw_decode`` returns where a value
ends): several times faster, which matters for a spec's ``label_text`` (its
span is needed for every spec that has one) and for findings on catalog records.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring

from dklint.source import Span

_WS = re.compile(r"[ \t\n\r]*")
_BLANK = frozenset(" \t\n\r")
_SCAN = json.JSONDecoder().scan_once  # the C scanner: (value, where it ends); StopIteration if no value


def _skip(text: str, pos: int) -> int:
    """Where the value at ``pos`` ends."""
    try:
        return _SCAN(text, pos)[1]
    except StopIteration:
        raise ValueError("not JSON") from None


def span_in_valid_json(text: str, path: tuple[str | int, ...]) -> Span | None:
    """As ``json_positions.span_of_path`` says; None when ``text`` is not JSON this walk can read.

    A step that does not exist stops the walk: the span is then that of the
    deepest value on the way, with its key when it is an object member.
    """
    try:
        pos, key_start = _WS.match(text).end(), -1
        for step in path:
            found = _step(text, pos, step)
            if found is None:
                return Span(key_start if key_start >= 0 else pos, _skip(text, pos))
            pos, key_start = found
        return Span(pos, _skip(text, pos))
    except (ValueError, IndexError, RecursionError):
        return None


def _step(text: str, pos: int, step: str | int) -> tuple[int, int] | None:
    """(value start, key start or -1) of ``step`` in the object or array at ``pos``; None if absent."""
    is_key = text.startswith("{", pos) and isinstance(step, str)
    if not is_key and not (text.startswith("[", pos) and type(step) is int and step >= 0):
        return None
    pos, index = _WS.match(text, pos + 1).end(), 0
    while pos < len(text) and text[pos] not in "}]":
        key_start = -1
        if is_key:
            if not text.startswith('"', pos):
                raise ValueError("not JSON")
            key_start = pos
            key, pos = scanstring(text, pos + 1)
            if not text.startswith(":", pos):  # compact JSON needs no white-space search
                pos = _WS.match(text, pos).end()
                if not text.startswith(":", pos):
                    raise ValueError("not JSON")
            pos = _WS.match(text, pos + 1).end()
        if (key if is_key else index) == step:
            return pos, key_start
        pos = _skip(text, pos)
        if text[pos : pos + 1] in _BLANK:
            pos = _WS.match(text, pos).end()
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()
        elif not text.startswith(("}", "]"), pos):
            raise ValueError("not JSON")
        index += 1
    return None
