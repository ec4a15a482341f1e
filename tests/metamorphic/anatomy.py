"""How a reviewer sees the lines of a label: table rows and their cells, prose, sentences, doses.

The rewrites must decide what they may touch (cells of a table row, a paragraph of prose) without asking
dklint's reader, which is what they test. These are plain, conservative readings of the text: a line is a
table row only when its cells are visibly separated (a tab, two or more spaces, a ``|`` or dotted leaders)
and a cell after the first holds a number or a per cent sign; a line is prose only when it reads as
sentences. Whatever is neither is left alone by the rewrites that need one or the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What separates two cells of a row: a pipe, dotted leaders (PDF text), a tab, or a gap of two or more
# spaces. Surrounding blanks belong to the separator.
_CELL_GAP = re.compile(r"[ \t]*\|[ \t]*|[ \t]*\.{3,}[ \t]*|[ \t]*\t[ \t]*| {2,}")
_NUMBERISH = re.compile(r"[\d%]")
# A dose: a number and a unit of mass, activity or a %.
DOSE = re.compile(
    r"\d[\d,]*(?:\.\d+)?\s*(?:mcg|µg|μg|ug|mg|g|iu|i\.u\.|ui|%)(?![a-z])", re.IGNORECASE
)
# The end of a sentence: its stop and any footnote marks or closing quotes that belong to it.
_SENTENCE_END = re.compile(r"[.!?][*†‡\"”')\]]*$")
_WORD = re.compile(r"\S+")
# A heading that a statement follows on the same line: "Warning:", "Other ingredients:", "Suggested use:".
HEADING = re.compile(r"^[A-Za-z][A-Za-z /&-]{0,40}:\s+")
# Where one sentence ends and the next begins: a stop (with its marks) after a lower-case letter, digit or
# bracket, then blanks, then a capital or an opening quote or bracket. Upper-case abbreviations ("U.S.") do
# not end a sentence because their stop follows a capital; the lower-case ones are listed.
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)\]%][.!?])[*†‡\"”']*[ \t]+(?=[A-Z\"“(])")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "approx", "etc", "vs", "no", "dr", "mr", "mrs", "ms", "st", "inc", "ltd",
                            "co", "oz", "fl", "tsp", "tbsp", "ct", "min", "max", "qty"})


@dataclass(frozen=True)
class Line:
    """One line of a text: ``text`` without its line break, and where it starts."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def lines_of(text: str) -> list[Line]:
    lines: list[Line] = []
    start = 0
    for body in text.split("\n"):
        lines.append(Line(body, start))
        start += len(body) + 1
    return lines


def cells(line: Line) -> list[tuple[int, int]] | None:
    """The (start, end) offsets of a table row's non-empty cells, or None when the line is not a table row."""
    body = line.text
    found: list[tuple[int, int]] = []
    position = len(body) - len(body.lstrip())
    for gap in _CELL_GAP.finditer(body, position):
        if gap.start() > position:
            found.append((line.start + position, line.start + gap.start()))
        position = max(position, gap.end())
    tail = body.rstrip()
    if len(tail) > position:
        found.append((line.start + position, line.start + len(tail)))
    if len(found) < 2:
        return None
    source = line.text
    later = [source[start - line.start : end - line.start] for start, end in found[1:]]
    return found if any(_NUMBERISH.search(cell) for cell in later) else None


def is_prose(line: Line) -> bool:
    """Sentences: six or more words, no table cells, no markup, ending with a full stop, ! or ? (and marks)."""
    body = line.text.strip()
    if "<" in body or cells(line) is not None or len(_WORD.findall(body)) < 6:
        return False
    return _SENTENCE_END.search(body) is not None


def words(line: Line) -> list[tuple[int, int]]:
    """The (start, end) offsets of the blank-separated words of a line."""
    return [(line.start + m.start(), line.start + m.end()) for m in _WORD.finditer(line.text)]


def sentences(line: Line) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """A prose line's heading ("Warning:") if any, and the (start, end) offsets of its sentences."""
    body = line.text
    left = len(body) - len(body.lstrip())
    heading = HEADING.match(body, left)
    position = heading.end() if heading else left
    found: list[tuple[int, int]] = []
    for gap in _SENTENCE_BREAK.finditer(body, position):
        before = body[position : gap.start()].rstrip("*†‡\"”'.!?").split()
        if before and before[-1].lower() in _ABBREVIATIONS:
            continue
        found.append((line.start + position, line.start + gap.start() + len(gap.group().rstrip(" \t"))))
        position = gap.end()
    found.append((line.start + position, line.start + len(body.rstrip())))
    head = (line.start + heading.start(), line.start + heading.end()) if heading else None
    return head, found
