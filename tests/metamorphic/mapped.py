"""Rewritten text that remembers where each of its characters came from.

A metamorphic property compares the findings on a label with the findings on a rewrite of it. Comparing
only codes would let a finding wander to another row unnoticed, and comparing line numbers directly fails
as soon as a rewrite adds or splits lines. So every rewrite is built with a ``Rewriter``: each character it
writes is either copied from the original or stands for an original character (a separator in place of the
original separator, an upper-case letter for a lower-case one), or is new text standing for nothing
(``None``). A finding's position in the rewrite then maps back to a line of the original.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Mapped:
    """Rewritten text and, for each of its characters, the offset in the original it stands for."""

    text: str
    origin: tuple[int | None, ...]

    def original_offset(self, offset: int) -> int | None:
        """The original offset behind ``offset`` of the rewrite (the end of the text counts as its last character)."""
        if not self.origin:
            return None
        return self.origin[min(max(offset, 0), len(self.origin) - 1)]


def unchanged(text: str) -> Mapped:
    return Mapped(text, tuple(range(len(text))))


class Rewriter:
    """Builds a ``Mapped`` piece by piece from an original text."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._parts: list[str] = []
        self._origin: list[int | None] = []

    def keep(self, start: int, end: int) -> None:
        """Copy ``original[start:end]`` as it is."""
        self._parts.append(self.original[start:end])
        self._origin.extend(range(start, end))

    def put(self, text: str, stands_for: int | None) -> None:
        """Write ``text`` in place of the original character at ``stands_for`` (``None``: new text)."""
        self._parts.append(text)
        self._origin.extend([stands_for] * len(text))

    def result(self) -> Mapped:
        return Mapped("".join(self._parts), tuple(self._origin))


def with_newlines_normalised(mapped: Mapped) -> Mapped:
    """``mapped`` as dklint's reader sees it: CRLF and lone CR read as LF (``dklint.inputs.read``).

    Positions in findings are positions in the normalised text, so the map must drop the CR of each CRLF too.
    """
    if "\r" not in mapped.text:
        return mapped
    text, origin = mapped.text, mapped.origin
    chars: list[str] = []
    kept: list[int | None] = []
    for index, char in enumerate(text):
        if char == "\r" and text[index + 1 : index + 2] == "\n":
            continue
        chars.append("\n" if char == "\r" else char)
        kept.append(origin[index])
    return Mapped("".join(chars), tuple(kept))


def line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def line_of(starts: list[int], offset: int) -> int:
    """The 1-based line holding ``offset`` (a line break belongs to the line it ends)."""
    return bisect_right(starts, offset)


def offset_of(starts: list[int], line: int, column: int) -> int:
    """The offset of a 1-based line and column (columns count code points, as dklint's do)."""
    return starts[line - 1] + column - 1
