"""The position index of a JSON text: a tree of ``Node``s keyed like the document.

``json_scan`` builds it in one pass; ``json_positions`` looks paths up in it. A
node that was never filled (its value lies past a break in broken JSON) keeps
``start == -1``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dklint.source import Span


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
