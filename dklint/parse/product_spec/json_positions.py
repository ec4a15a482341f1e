"""Where a value sits in a JSON text: spans for JSON paths.

Python's ``json`` gives no positions, and computing them for every spec would
cost more than checking it. So specs are checked on the fast ``json.loads``
path and positions are looked for only for inputs that have findings. One path
of JSON that decodes is found by walking the members on the way
(``json_paths``); anything else uses the position index: one pass of the
scanner over the text builds a tree of every value keyed like the document,
and each finding's ``field_path`` is looked up in it.

The scanner is iterative (a document nested 100,000 levels deep needs no call
stack), linear in the text, and tolerant: on broken JSON it indexes what it read
before the break. It also notes the first token that ``json.loads`` accepts but
a spec must not hold (``NaN``, ``Infinity``, a number too large for a float, a
duplicate key) so the strict loader can point at it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from dklint.parse.product_spec.json_paths import span_in_valid_json
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


# -- the index ----------------------------------------------------------------------------------

class Node:
    """One value of the document: its span, its key's span, its members."""

    __slots__ = ("start", "end", "key_start", "key_end", "children")

    def __init__(self, key_start: int = -1, key_end: int = -1) -> None:
        self.start = self.end = -1
        self.key_start, self.key_end = key_start, key_end
        self.children: dict[str, Node] | list[Node] | None = None

    def span(self) -> Span:
        return Span(self.start, self.end)

    def member_span(self) -> Span:
        """Key through value for an object member, else the value."""
        return Span(self.key_start, self.end) if self.key_start >= 0 else self.span()


@dataclass
class JsonIndex:
    """Every value of one JSON text, and the first suspicious tokens met."""

    root: Node
    first_constant: Span | None = None  # NaN / Infinity / -Infinity
    first_huge_number: Span | None = None  # overflows a float (1e400, 10,000 digits)
    first_duplicate_key: Span | None = None  # the second occurrence
    deep: Span | None = None  # the bracket that goes DEEP levels down (or the deepest one)
    max_depth: int = 0
    error_at: int | None = None  # where scanning stopped on broken JSON

    def find(self, path: tuple[str | int, ...]) -> tuple[Node, int]:
        """The node at ``path``, or its deepest existing ancestor; and how many steps matched."""
        node = self.root
        for depth, step in enumerate(path):
            children = node.children
            if isinstance(children, dict) and isinstance(step, str) and step in children:
                node = children[step]
            elif isinstance(children, list) and _is_index(step) and step < len(children):
                node = children[step]
            else:
                return node, depth
        return node, len(path)


def _is_index(step: object) -> bool:
    return isinstance(step, int) and not isinstance(step, bool) and step >= 0


# -- the scanner that builds it --------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null|NaN|-?Infinity")
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
DEEP = 500  # nesting reported as "too deep"; json.loads gives up near 1,000 levels


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]


class Scanner:
    """A push-down scanner: one loop, an explicit stack of open containers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1 if text.startswith("\ufeff") else 0
        self.stack: list[Node] = []
        self.result = JsonIndex(root=Node())

    def run(self) -> JsonIndex:
        # ``pending`` is the node the next value fills; None: a value just ended.
        pending: Node | None | bool = self.result.root
        while True:
            self.pos = _WS.match(self.text, self.pos).end()
            if pending is None and not self.stack:
                return self.result
            pending = self._after_value(self.stack[-1]) if pending is None else self._value(pending)
            if pending is False:
                self.result.error_at = self.pos
                return self.result

    def _value(self, node: Node) -> Node | None | bool:
        """Read the value at ``pos`` into ``node``: a container's first member, None when done, False if broken."""
        text, pos = self.text, self.pos
        char = text[pos : pos + 1]
        if char == "{" or char == "[":
            node.start = pos
            node.children = {} if char == "{" else []
            self.stack.append(node)
            self._note_depth(pos)
            self.pos = _WS.match(text, pos + 1).end()
            if text.startswith("}" if char == "{" else "]", self.pos):
                self._close(node)
                return None
            return self._next_member(node)
        match = (_STRING if char == '"' else _SCALAR).match(text, pos)
        if match is None:
            return False
        node.start, node.end = pos, match.end()
        self.pos = node.end
        if char != '"':
            self._note_scalar(match.group(), pos)
        return None

    def _close(self, node: Node) -> None:
        self.pos += 1
        node.end = self.pos
        self.stack.pop()

    def _after_value(self, top: Node) -> Node | None | bool:
        """After a value inside ``top``: a comma (next member), a closer (None), else False."""
        char = self.text[self.pos : self.pos + 1]
        if char == ("}" if isinstance(top.children, dict) else "]"):
            self._close(top)
            return None
        if char != ",":
            return False
        self.pos = _WS.match(self.text, self.pos + 1).end()
        return self._next_member(top)

    def _next_member(self, top: Node) -> Node | bool:
        """The node of ``top``'s next item; for an object, read its ``"key":`` first."""
        members = top.children
        if isinstance(members, list):
            members.append(Node())
            return members[-1]
        match = _STRING.match(self.text, self.pos)
        if match is None:
            return False
        colon = _WS.match(self.text, match.end()).end()
        if not self.text.startswith(":", colon):
            self.pos = colon
            return False
        self.pos = colon + 1
        key = _decode_key(match.group())
        node = Node(match.start(), match.end())
        if key not in members:  # type: ignore[operator]
            members[key] = node  # type: ignore[index]
        elif self.result.first_duplicate_key is None:
            self.result.first_duplicate_key = Span(match.start(), match.end())
        return node

    def _note_depth(self, pos: int) -> None:
        depth = len(self.stack)
        result = self.result
        if depth > result.max_depth:
            result.max_depth = depth
            if depth <= DEEP:
                result.deep = Span(pos, pos + 1)

    def _note_scalar(self, token: str, pos: int) -> None:
        result = self.result
        if token in _CONSTANTS:
            if result.first_constant is None:
                result.first_constant = Span(pos, pos + len(token))
        elif result.first_huge_number is None and token[0] in "-0123456789" and _overflows(token):
            result.first_huge_number = Span(pos, pos + len(token))


def _overflows(token: str) -> bool:
    """True for a number no float can hold (``1e400``, 400 digits); short plain numbers skip the check."""
    if len(token) < 300 and "e" not in token and "E" not in token:
        return False
    # float() of a JSON number never raises: a value too large parses as inf
    return math.isinf(float(token))
