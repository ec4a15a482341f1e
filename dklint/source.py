"""Inputs as text with positions.

Everything inside dklint points at character offsets (code points) into a
``Source``; only reporters turn offsets into 1-based line and column numbers.
A catalog record (one JSONL line, one CSV row) is a ``Source`` of its own whose
``first_line``/``first_column`` say where it starts in the file, so findings in a
record still point at the right place in the catalog file.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range ``[start, end)`` of character offsets in a Source."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            object.__setattr__(self, "end", self.start)

    def shifted(self, delta: int) -> "Span":
        return Span(self.start + delta, self.end + delta)


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (columns count Unicode code points)."""

    line: int
    column: int


@dataclass(slots=True)
class Source:
    """One input: its display path, its text, and where it starts in its file."""

    path: str
    text: str
    kind: str = "label"  # "label" or "spec"
    first_line: int = 1
    first_column: int = 1
    record_id: str | None = None
    # Text embedded in another input (a spec's label_text): where each character of
    # ``text`` sits in ``host`` (len(text) + 1 offsets), so positions are the host file's.
    host: "Source | None" = field(default=None, repr=False, compare=False)
    host_offsets: list[int] | None = field(default=None, repr=False, compare=False)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            index = text.find("\n")
            while index != -1:
                starts.append(index + 1)
                index = text.find("\n", index + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> Position:
        """1-based position of a character offset, in the coordinates of the file."""
        offset = max(0, min(offset, len(self.text)))
        if self.host is not None and self.host_offsets is not None:
            return self.host.position(self.host_offsets[offset])
        starts = self.line_starts()
        row = bisect_right(starts, offset) - 1
        column = offset - starts[row] + 1
        if row == 0:
            column += self.first_column - 1
        return Position(self.first_line + row, column)

    def line_text(self, offset: int) -> str:
        """The text of the line holding ``offset``, without its line break."""
        if self.host is not None and self.host_offsets is not None:
            return self.host.line_text(self.host_offsets[max(0, min(offset, len(self.text)))])
        starts = self.line_starts()
        row = bisect_right(starts, max(0, min(offset, len(self.text)))) - 1
        end = starts[row + 1] - 1 if row + 1 < len(starts) else len(self.text)
        return self.text[starts[row] : end].rstrip("\r")

    def line_span(self, line: int) -> Span:
        """Span of a 1-based line number relative to this source."""
        starts = self.line_starts()
        row = max(0, min(line - 1, len(starts) - 1))
        end = starts[row + 1] - 1 if row + 1 < len(starts) else len(self.text)
        return Span(starts[row], end)
