"""Apply located fixes to a file's bytes, keeping everything about the file that the fixes do not change.

A ``LocatedEdit`` counts lines and code-point columns in the text as dklint reads it: decoded, BOM removed,
every line break one LF (``dklint.inputs.read``). Here the same positions are found in the file's own
text, with its own line breaks, so a CRLF file stays CRLF; a line break an edit inserts becomes the file's
most common one. The bytes are written back in the encoding, and with the BOM, they were read with.

A fix is applied whole or not at all. Fixes are taken in the order given; one whose edits touch a range
an earlier fix already changed waits (the caller checks the new text and asks again: its finding, if it is
still there, comes back with positions in the new text). An insertion counts as touching a range it stands
at either end of, since nothing says which of the two should come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from dklint.findings import LocatedEdit, LocatedFix, edits_collide, fixes_touch
from dklint.inputs.read import BOM_CODECS

_BREAKS = ("\n", "\r\n", "\r")  # in the order a tie is decided


@dataclass(frozen=True)
class FileText:
    """A file's text as it is in the file (its own line breaks), and how to turn it back into its bytes."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encoded(self, text: str | None = None) -> bytes:
        """``text`` (default: this text) as the file's bytes; raises UnicodeEncodeError for a lone surrogate."""
        return self.bom + (self.text if text is None else text).encode(self.encoding)


def file_text(data: bytes) -> FileText | None:
    """The text of a file as dklint decodes it; None for bytes dklint does not read as text (DK001)."""
    for bom, encoding in BOM_CODECS:  # the codec writes no mark of its own: the mark is put back as it was
        if data.startswith(bom):
            try:
                return FileText(data[len(bom):].decode(encoding), encoding, bom)
            except UnicodeDecodeError:
                return None
    try:
        return FileText(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def line_break(text: str) -> str:
    """The file's most common line break ("\\n" when it has none, and on a tie with it)."""
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    return max(_BREAKS, key=counts.__getitem__)


def line_starts(text: str) -> list[int]:
    """Offset of each line's first character; a line ends at "\\r\\n", "\\n" or a lone "\\r", as dklint reads."""
    starts = [0]
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            starts.append(index + 1)
        elif char == "\r":
            index += text.startswith("\n", index + 1)
            starts.append(index + 1)
        index += 1
    return starts


class _Lines:
    """Positions of the LF-normalised text as offsets in the file's own text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def offset(self, line: int, column: int) -> int | None:
        """The offset of 1-based ``line``:``column``; None for a position the text does not have.

        A column one past the line's last character is its line break (or the end of the text): in the
        normalised text the break is one character, here it is all of "\\r\\n".
        """
        if not 1 <= line <= len(self.starts) or column < 1:
            return None
        start = self.starts[line - 1]
        end = self._content_end(line)
        offset = start + column - 1
        return offset if offset <= end else None

    def _content_end(self, line: int) -> int:
        if line == len(self.starts):
            return len(self.text)
        following = self.starts[line]
        return following - 2 if self.text.startswith("\r\n", following - 2) else following - 1

    def span(self, edit: LocatedEdit) -> tuple[int, int] | None:
        start, end = self.offset(edit.line, edit.column), self.offset(edit.end_line, edit.end_column)
        if start is None or end is None or end < start:
            return None
        return start, end


@dataclass(frozen=True)
class Applied:
    """The new text, and which of the fixes given (by index) were applied, wait for a next pass, or cannot be."""

    text: str
    applied: tuple[int, ...]
    waiting: tuple[int, ...] = ()  # touched a range an earlier fix changed
    invalid: tuple[int, ...] = ()  # a position the text does not have, or edits overlapping each other


def apply_fixes(text: str, fixes: Iterable[LocatedFix]) -> Applied:
    """``text`` (the file's own, line breaks as in the file) with every fix applied that can be this pass."""
    lines = _Lines(text)
    newline = line_break(text)
    chosen: list[tuple[int, int, str]] = []
    applied, waiting, invalid = [], [], []
    for index, fix in enumerate(fixes):
        spans = [lines.span(edit) for edit in fix.edits]
        if not fix.edits or None in spans or edits_collide(spans):
            invalid.append(index)
            continue
        if any(fixes_touch(span, (start, end)) for span in spans for start, end, _ in chosen):
            waiting.append(index)
            continue
        chosen.extend((start, end, edit.text.replace("\n", newline)) for (start, end), edit in zip(spans, fix.edits))
        applied.append(index)
    pieces, at = [], 0
    for start, end, inserted in sorted(chosen, key=lambda item: (item[0], item[1])):
        pieces += [text[at:start], inserted]
        at = end
    pieces.append(text[at:])
    return Applied("".join(pieces), tuple(applied), tuple(waiting), tuple(invalid))

