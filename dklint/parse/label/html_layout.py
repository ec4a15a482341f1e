"""HTML source as a browser lays it out: the ``html`` shape of the layout stage.

Label text copied from page source keeps the markup's idea of a line, not the
file's. A browser starts a new line at ``<br>`` and at block elements (``<p>``,
``<div>``, ``<li>``, ``<tr>``, headings) and puts a table row's cells side by
side; inside a block, a line break of the file is only a space. So:

- every ``<br>`` and block tag starts a new canonical line, also in the middle of
  a file line ("Serving size: 2<BR>Servings per bottle: 30");
- in an HTML document (it has ``<p>``, ``<div>``, ``<td>`` or ``<li>`` blocks), file
  lines inside one block are joined with spaces; in text that only carries some
  ``<br>`` residue, file lines stay lines;
- a table row's cells are joined with `` | ``, the separator the row reader knows;
- ``<head>``, ``<style>`` and ``<script>`` are not text.

Tags themselves were blanked to spaces when the lines were read (``lines.py``),
so offsets into the source hold; this stage only decides where lines begin.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from dklint.parse.label.lines import Seg

_BLOCK = re.compile(
    r"<(/?)(p|div|br|li|ul|ol|h[1-6]|tr|table|thead|tbody|tfoot|blockquote|section|article|header|footer|dt|dd"
    r"|td|th|head|style|script|body|html)\b[^<>]{0,300}>",
    re.IGNORECASE,
)
_HIDDEN = ("head", "style", "script")  # what a browser does not show as text
_CELL = ("td", "th")
_ROW_ENDS = ("tr", "table", "thead", "tbody", "tfoot")
# A block opened by one of these follows a paragraph break; <br>, <tr> and <li> only start a line.
_PARAGRAPH = frozenset({"p", "div", "ul", "ol", "table", "blockquote", "section", "article", "header", "footer",
                        "h1", "h2", "h3", "h4", "h5", "h6", "body"})
_DOCUMENT_BLOCKS = frozenset({"p", "div", "td", "th", "li", "tr"})
_MIN_DOCUMENT_BLOCKS = 3  # one stray "<p>" in scraped text does not make the text an HTML document


class _Markup:
    """Where an HTML text's lines and cells start, and what it hides."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []  # offsets where a new line starts (block tags, <br>)
        self.paragraph: list[bool] = []  # ... and whether a paragraph break comes with it
        self.cells: list[int] = []  # offsets where a table cell starts
        self.hidden: list[tuple[int, int]] = []
        blocks = 0
        in_cell = False
        hidden_from: dict[str, int] = {}
        for tag in _BLOCK.finditer(text):
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if name in _HIDDEN:
                if not closing:
                    hidden_from.setdefault(name, tag.start())
                elif name in hidden_from:
                    self.hidden.append((hidden_from.pop(name), tag.end()))
                continue
            blocks += name in _DOCUMENT_BLOCKS and not closing
            if name in _CELL:
                in_cell = not closing
                if not closing:
                    self.cells.append(tag.end())
                continue
            if name in _ROW_ENDS:
                in_cell = False
            elif in_cell:
                continue  # a paragraph or break inside a cell wraps the cell, the row stays one line
            self.starts.append(tag.end())
            self.paragraph.append(name in _PARAGRAPH)
        self.document = blocks >= _MIN_DOCUMENT_BLOCKS
        self.hidden.sort()
        self._hidden_starts = [start for start, _ in self.hidden]

    def is_hidden(self, offset: int) -> bool:
        index = bisect_right(self._hidden_starts, offset) - 1
        return index >= 0 and offset < self.hidden[index][1]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def cell_of(self, offset: int) -> int:
        return bisect_right(self.cells, offset)


def _index_of(seg: Seg, offset: int) -> int:
    """The index in ``seg.text`` of the first character at or after source ``offset``."""
    if seg.breaks is None:
        return max(0, min(len(seg.text), offset - seg.base))
    for index in range(len(seg.text)):
        if seg.at(index) >= offset:
            return index
    return len(seg.text)


def _pieces(seg: Seg, markup: _Markup) -> list[Seg]:
    """``seg`` cut where a line or cell starts inside it, without blank pieces."""
    first, last = seg.at(0), seg.at(len(seg.text))
    cuts = sorted({_index_of(seg, offset) for offset in (*markup.starts, *markup.cells) if first < offset < last})
    pieces = []
    for start, end in zip([0, *cuts], [*cuts, len(seg.text)]):
        piece = seg.sub(start, end).strip() if start or end != len(seg.text) else seg.strip()
        if piece.text:
            pieces.append(piece)
    return pieces


def html_flow(text: str, lines: list[Seg]) -> list[Seg]:
    if "<" not in text or _BLOCK.search(text) is None:
        return lines
    markup = _Markup(text)
    out: list[Seg] = []
    group: list[Seg] = []
    group_line = group_file_line = -1

    def flush() -> None:
        if not group:
            return
        by_cell: dict[int, list[Seg]] = {}
        for piece in group:
            by_cell.setdefault(markup.cell_of(piece.at(0)), []).append(piece)
        joined = Seg.join([Seg.join(parts, " ") for parts in by_cell.values()], " | ")
        line = group_line - 1  # the tag that opened this line
        joined.blank_before = markup.paragraph[line] if line >= 0 else group[0].blank_before
        out.append(joined)
        group.clear()

    for number, seg in enumerate(lines):
        for piece in _pieces(seg, markup):
            at = piece.at(0)
            if markup.is_hidden(at):
                continue
            line = markup.line_of(at)
            # in a document a file line inside a block is only a space; elsewhere it stays a line
            if line != group_line or not markup.document and number != group_file_line:
                flush()
                group_line, group_file_line = line, number
            group.append(piece)
    flush()
    return out
