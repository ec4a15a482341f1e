"""The scanner that builds a JSON text's position index (``json_index``).

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

from dklint.parse.json_index import JsonIndex, Node
from dklint.source import Span

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
