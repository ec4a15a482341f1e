"""Where a value sits in a JSON text: spans for JSON paths.

Python's ``json`` gives no positions, and computing them for every spec would
cost more than checking it. So specs are checked on the fast ``json.loads``
path and this module is used only for inputs that have findings: one pass over
the text builds an index of every value (a tree keyed like the document), and
each finding's ``field_path`` is looked up in it. One path of JSON that decodes
is found faster still without the index (``json_paths``).

The index itself is ``json_index``, and ``json_scan`` builds it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from dklint.parse.json_index import JsonIndex, Node
from dklint.parse.json_paths import span_in_valid_json
from dklint.parse.json_scan import DEEP, Scanner
from dklint.source import Span

__all__ = [
    "DEEP", "index", "index_values", "indexed_span_of_path", "key_span", "member_span", "span_of_path",
    "string_offsets",
]


@lru_cache(maxsize=8)
def index(text: str) -> JsonIndex:
    """The position index of ``text`` (cached: several findings in one file share it)."""
    return Scanner(text).run()


def span_of_path(text: str, path: tuple[str | int, ...]) -> Span | None:
    """Span of the value at ``path`` (``("ingredients", 0, "amount")``).

    When the path does not exist (a missing required key, say) the span is that
    of the deepest value that does exist on the way, including its key when it is
    an object member (``"serving": {...}``), so a finding still points at the
    object that lacks something. None only when the text holds no JSON value.
    """
    quick = span_in_valid_json(text, path)  # most texts asked about decode: no need to index them
    return quick if quick is not None else indexed_span_of_path(text, path)


def indexed_span_of_path(text: str, path: tuple[str | int, ...]) -> Span | None:
    """``span_of_path`` from the index, which reads broken JSON too."""
    found = index(text)
    if found.root.start < 0:
        return None
    node, matched = found.find(tuple(path))
    return node.span() if matched == len(path) else node.member_span()


def key_span(text: str, path: tuple[str | int, ...]) -> Span | None:
    """Span of the quoted key of the object member at ``path``, or None (root, array item, missing)."""
    node, matched = index(text).find(tuple(path))
    if matched != len(path) or node.key_start < 0:
        return None
    return Span(node.key_start, node.key_end)


def member_span(text: str, path: tuple[str | int, ...]) -> Span | None:
    """Span from the key through the value of the member at ``path`` (the value for array items)."""
    node, matched = index(text).find(tuple(path))
    if node.start < 0:
        return None
    return node.member_span()


def index_values(text: str) -> dict[tuple[str | int, ...], Span]:
    """Every value's span by path. For tests and debugging: paths make this quadratic in nesting depth."""
    return {path: node.span() for path, node in _walk(index(text).root)}


def _walk(root: Node) -> Iterator[tuple[tuple[str | int, ...], Node]]:
    stack: list[tuple[tuple[str | int, ...], Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if node.start < 0:
            continue
        yield path, node
        members = node.children.items() if isinstance(node.children, dict) else enumerate(node.children or ())
        # reversed, so that values come out in document order
        stack.extend(reversed([(path + (key,), child) for key, child in members]))



def string_offsets(text: str, start: int) -> list[int]:
    """Offsets in ``text`` of each character of the JSON string literal at ``start``, plus its end.

    ``text[start]`` is the opening quote. An escape (``\\n``, ``\\u00b5``, a surrogate
    pair) is one decoded character at the offset of its backslash.
    """
    offsets: list[int] = []
    i, end = start + 1, len(text)
    while i < end and text[i] != '"':
        offsets.append(i)
        if text[i] != "\\":
            i += 1
        elif text.startswith("u", i + 1):
            pair = text.startswith("\\u", i + 6) and "d800" <= text[i + 2 : i + 6].lower() < "dc00"
            i += 12 if pair else 6
        else:
            i += 2
    offsets.append(i)
    return offsets
