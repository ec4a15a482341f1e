"""Rewrites that move characters, not words: line ends, blank lines, table cells, wrapping, sentence order.

Each rewrite takes the label text and ``draw`` (hypothesis' ``data.draw``, for the choices it makes) and
returns a ``Mapped`` text. Its docstring says why a careful reviewer agrees the label still says the same.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any, Callable

from hypothesis import strategies as st

from tests.metamorphic.anatomy import DOSE, Line, cells, is_prose, lines_of, sentences, words
from tests.metamorphic.mapped import Mapped, Rewriter

Draw = Callable[[st.SearchStrategy[Any]], Any]
LineWriter = Callable[[Line, Rewriter], None]


def rewrite_lines(text: str, write_line: LineWriter) -> Mapped:
    """Each line rewritten by ``write_line``; the line breaks between them kept."""
    out = Rewriter(text)
    lines = lines_of(text)
    for index, line in enumerate(lines):
        write_line(line, out)
        if index < len(lines) - 1:
            out.keep(line.end, line.end + 1)
    return out.result()


def indent_end(line: Line) -> int:
    """Where the line's leading blanks end (a fencing ``|`` before the first cell is not indentation)."""
    return line.start + len(line.text) - len(line.text.lstrip(" \t"))


def crlf_line_ends(text: str, draw: Draw) -> Mapped:
    """Windows line ends (CRLF), as a label saved on Windows or sent by a web form arrives: a line end is a line end."""
    out = Rewriter(text)
    for index, char in enumerate(text):
        if char == "\n":
            out.put("\r", index)
        out.keep(index, index + 1)
    return out.result()


def trailing_whitespace(text: str, draw: Draw) -> Mapped:
    """Spaces and tabs after the last character of lines: invisible on the printed label and in a browser."""
    lines = lines_of(text)
    tails = draw(st.lists(st.sampled_from(["", " ", "   ", "\t", " \t "]), min_size=len(lines), max_size=len(lines)))
    tail_of = {line.start: tail for line, tail in zip(lines, tails)}

    def write(line: Line, out: Rewriter) -> None:
        out.keep(line.start, line.end)
        out.put(tail_of[line.start], line.end)

    return rewrite_lines(text, write)


def blank_lines_between_rows(text: str, draw: Draw) -> Mapped:
    """Blank lines between table rows of a panel: spacing that PDF extraction and web copy add; no row changes."""
    lines = lines_of(text)
    gaps = [i for i in range(len(lines) - 1) if cells(lines[i]) and cells(lines[i + 1])]
    blanks = draw(st.lists(st.integers(0, 2), min_size=len(gaps), max_size=len(gaps)))
    after = {lines[i].start: count for i, count in zip(gaps, blanks)}

    def write(line: Line, out: Rewriter) -> None:
        out.keep(line.start, line.end)
        out.put("\n" * after.get(line.start, 0), line.end)

    return rewrite_lines(text, write)


# -- table cells ------------------------------------------------------------------------------------------

# How the cells of a row can be set apart; one style per label, as a real label is printed or copied.
CELL_STYLES = ("spaces", "aligned", "tabs", "pipes", "fenced pipes", "leaders")


def _gap(style: str, width: int) -> str:
    return {"spaces": " " * width, "tabs": "\t" * (1 + width % 2), "pipes": " | ", "fenced pipes": " | ",
            "leaders": " " + "." * (2 + width) + " "}.get(style, " " * width)


def cell_separators(text: str, draw: Draw) -> Mapped:
    """The cells of every table row set apart by another means: runs of spaces (aligned in columns or not),
    tabs, `` | `` (with or without fencing pipes) or dotted leaders. A table's cells are the same cells
    whatever separates them: the fixtures already hold each of these styles for the same kinds of rows.
    """
    style = draw(st.sampled_from(CELL_STYLES))
    width = draw(st.integers(2, 6))
    lines = lines_of(text)
    row_cells = {line.start: found for line in lines if (found := cells(line))}
    column_width: dict[int, int] = {}
    for found in row_cells.values():
        for column, (start, end) in enumerate(found[:-1]):
            column_width[column] = max(column_width.get(column, 0), end - start)

    def write(line: Line, out: Rewriter) -> None:
        found = row_cells.get(line.start)
        if found is None:
            out.keep(line.start, line.end)
            return
        out.keep(line.start, indent_end(line))
        if style == "fenced pipes":
            out.put("| ", found[0][0])
        for column, (start, end) in enumerate(found):
            if column:
                previous_end = found[column - 1][1]
                pad = column_width[column - 1] - (previous_end - found[column - 1][0]) if style == "aligned" else 0
                out.put(" " * pad + _gap(style, width), previous_end)
            out.keep(start, end)
        if style == "fenced pipes":
            out.put(" |", found[-1][1])

    return rewrite_lines(text, write)


def _split_row(text: str, cell_line: Callable[[Rewriter, int, int], None]) -> Mapped:
    row_cells = {line.start: found for line in lines_of(text) if (found := cells(line))}

    def write(line: Line, out: Rewriter) -> None:
        found = row_cells.get(line.start)
        if found is None:
            out.keep(line.start, line.end)
            return
        out.keep(line.start, indent_end(line))
        out.keep(*found[0])
        for start, end in found[1:]:
            cell_line(out, start, end)

    return rewrite_lines(text, write)


def cells_on_lines_between_bars(text: str, draw: Draw) -> Mapped:
    """The label-database web table: each row's name cell, a ``|`` separator and each further cell stand on a
    line of their own (``Vitamin D3 (as cholecalciferol)`` / ``|`` / ``25 mcg (1,000 IU)`` / ``|`` / ``125%``).
    A browser shows the same table; only the copy put each cell on its own line.
    """
    def cell_line(out: Rewriter, start: int, end: int) -> None:
        out.put("\n|\n", start)
        out.keep(start, end)

    return _split_row(text, cell_line)


def cells_on_lines_in_bars(text: str, draw: Draw) -> Mapped:
    """The same web table copied with each further cell fenced by bars on its own line
    (``Vitamin D3 (as cholecalciferol)`` / ``| 25 mcg (1,000 IU) |`` / ``| 125% |``).
    """
    def cell_line(out: Rewriter, start: int, end: int) -> None:
        out.put("\n| ", start)
        out.keep(start, end)
        out.put(" |", end)

    return _split_row(text, cell_line)


# -- prose ----------------------------------------------------------------------------------------------

def _ends_in_number(text: str) -> bool:
    return text[-1:].isdigit()


def rewrap_prose(text: str, draw: Draw) -> Mapped:
    """Prose lines (sentences, not table rows) wrapped at another width, as a narrower label, a PDF column or a
    phone screen wraps them. A line is never broken after a number, so a number stays with its unit
    (typesetters join them with a no-break space). A paragraph says the same whatever its width.
    """
    width = draw(st.integers(24, 80))  # a small bottle's column to a wide page

    def write(line: Line, out: Rewriter) -> None:
        if not is_prose(line):
            out.keep(line.start, line.end)
            return
        spans = words(line)
        out.keep(line.start, spans[0][1])
        used = spans[0][1] - line.start
        for (before_start, before_end), (start, end) in pairwise(spans):
            breakable = not _ends_in_number(text[before_start:before_end])
            if breakable and used + 1 + (end - start) > width:
                out.put("\n", before_end)
                used = end - start
            else:
                out.keep(before_end, start)
                used += (start - before_end) + (end - start)
            out.keep(start, end)
        out.keep(spans[-1][1], line.end)

    return rewrite_lines(text, write)


# A sentence that begins with one of these refers to the one before it, so the order matters.
_BACK_REFERENCES = ("this ", "these ", "that ", "it ", "its ", "they ", "such ", "also", "then", "otherwise",
                    "if so", "however", "therefore", "in addition", "as a result")


def _shuffleable(text: str, sentence_spans: list[tuple[int, int]]) -> bool:
    if len(sentence_spans) < 2:
        return False
    for start, end in sentence_spans:
        sentence = text[start:end].lstrip("*†‡\"“'(").lower()
        if sentence.startswith(_BACK_REFERENCES) or DOSE.search(sentence) or "supplement facts" in sentence:
            return False
    return True


def sentence_order(text: str, draw: Draw) -> Mapped:
    """The sentences of a prose line in another order, its heading ("Warning:") kept first. Only lines whose
    sentences stand on their own: none refers back ("This", "These", "It", ...), so the disclaimer's two
    sentences stay as they are; none states a dose, so a linear panel is not reordered. Independent
    statements ("Keep out of reach of children. Do not use if the seal is broken.") say the same in any order.
    """
    plan: dict[int, list[tuple[int, int]]] = {}
    for line in lines_of(text):
        if is_prose(line):
            _, found = sentences(line)
            if _shuffleable(text, found):
                plan[line.start] = [found[i] for i in draw(st.permutations(range(len(found))))]

    def write(line: Line, out: Rewriter) -> None:
        if line.start not in plan:
            out.keep(line.start, line.end)
            return
        order = plan[line.start]
        first = min(start for start, _ in order)
        out.keep(line.start, first)  # indentation and heading stay first
        for index, (start, end) in enumerate(order):
            if index:
                out.put(" ", start)
            out.keep(start, end)
        out.keep(max(end for _, end in order), line.end)

    return rewrite_lines(text, write)


LAYOUT_REWRITES = {
    rewrite.__name__: rewrite
    for rewrite in (crlf_line_ends, trailing_whitespace, blank_lines_between_rows, cell_separators,
                    cells_on_lines_between_bars, cells_on_lines_in_bars, rewrap_prose, sentence_order)
}
