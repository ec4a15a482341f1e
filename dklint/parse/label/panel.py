"""The Supplement Facts panel as it is read: whether one is open, its rows, and what could not be read.

``PanelReader`` is the label reader's collaborator for everything between a
panel's title (or serving line, or "Amount per serving" header) and its end. Each
line is planned into row chunks (``line_plan``); a chunk that reads as a row
becomes an ``Ingredient``, one that does not is a DK004 finding. Two rows need
more than their own line: a name whose amounts are on the next line
(``pending``) and the components indented under a proprietary blend
(``blend_indent``). A sentence, a directive or a row after the footnotes that
does not read cleanly ends the panel, and the line goes back to the label reader.
"""

from __future__ import annotations

import re
from typing import Callable
from weakref import WeakMethod

from dklint.base.textnorm import shorten
from dklint.facts.nutrients import registry, resolve
from dklint.findings import Finding
from dklint.model import Ingredient
from dklint.parse.label import blocks
from dklint.parse.label.ingredients import Recipe, cook, is_blend, recipe, restates, unknown_units, with_amount
from dklint.parse.label.line_plan import LinePlan, line_plan
from dklint.parse.label.lines import Seg
from dklint.parse.label.rows import joined_text, row_shape
from dklint.parse.label.tokens import AMT, LPAR, NUM, PCT, RPAR, UAMT, WORD, Tok
from dklint.source import Span

MAX_PANEL_LINE = 20_000  # characters; a longer "line" is not a panel row, whatever it holds


_COLUMN_NAME = re.compile(r"%\s*(?:dv|daily\s+values?)\b", re.IGNORECASE)  # the %DV column's name, no number
_DV_CELL = re.compile(r"\s*%\s*(?:daily\s+values?|dv)\b\s*[:*]?\s*(?=[<\d]|less\b)", re.IGNORECASE)
_PROSE_WORDS = 3  # words of two letters or more, with no amount and no nutrient among them


def _is_prose(chunk: list[Tok]) -> bool:
    if any(token.k in (AMT, UAMT, PCT) for token in chunk):
        return False
    words = [token.text for token in chunk if token.k == WORD and len(token.text) > 1]
    return len(words) >= _PROSE_WORDS and registry().lookup(" ".join(words)) is None


def _bracketed_note(chunk: list[Tok]) -> bool:
    """"(1 Chewable Tablet)" under "Amount Per Serving": a note in brackets with no amount and no nutrient."""
    if len(chunk) < 3 or chunk[0].k != LPAR or chunk[-1].k != RPAR:
        return False
    if any(token.k in (AMT, UAMT, PCT) for token in chunk):
        return False
    return registry().lookup(" ".join(token.text for token in chunk if token.k == WORD)) is None


def _restated(row: Ingredient, earlier: list[Ingredient]) -> bool:
    if row.nutrient is None or not row.amounts:
        return False
    first = row.amounts[0]
    return any(other.nutrient == row.nutrient and other.amounts and other.amounts[0].value == first.value
               and other.amounts[0].unit == first.unit for other in earlier)


class PanelReader:
    """A panel's state and rows; ``as_text`` takes a line the panel hands back as prose."""

    __slots__ = ("as_text", "open", "closing", "seen", "extent", "pending", "blend_indent", "rows", "findings",
                 "headed", "unheaded", "block_starts", "percent_column")

    def __init__(self, as_text: Callable[[Seg], None]) -> None:
        # Held weakly: the reader owns this panel reader, and a strong reference back would make a
        # cycle that keeps every label's reading alive until the next garbage collection.
        self.as_text = WeakMethod(as_text)
        self.open = False  # a panel is being read
        self.closing = False  # its footnotes have begun: only clean rows carry it on
        self.seen = False  # a panel was opened at some point
        self.extent: list[int] = []  # [start, end] of everything read as panel
        # A name whose amounts may be on the next line, and its line when it was all the line held.
        self.pending: tuple[list[Tok], Seg | None] | None = None
        self.blend_indent: int | None = None
        self.rows: list[Ingredient] = []
        self.findings: list[Finding] = []  # DK004 and DK006
        # Rows come after the serving statement and the "Amount Per Serving" header; rows read between a
        # title and those are the statement of identity ("Vitamin D3 5,000 IU") when rows follow the header.
        self.headed = False
        self.unheaded = 0  # rows read before the first serving statement or header
        # Where a later title or header starts another block of rows: a page may print the panel twice
        # ("Supplement Facts" and then an older "EACH TABLET CONTAINS: % U.S. RDA" box of the same tablet).
        self.block_starts: list[int] = []
        self.percent_column = False  # a column heading names a percent column ("% Daily Value", "% U.S. RDA")

    # -- state --------------------------------------------------------------------------------
    def start(self) -> None:
        self.resolve_pending()
        self.new_block()
        self.open, self.closing, self.seen, self.blend_indent = True, False, True, None

    def stop(self) -> None:
        self.resolve_pending()
        self.open, self.closing, self.blend_indent = False, False, None

    def head(self) -> None:
        """A serving statement or an "Amount Per Serving" / "Each tablet contains" header was read."""
        self.new_block()
        self.headed = True

    def new_block(self) -> None:
        """Rows from here on are another block (a second title, header or dosed list)."""
        if self.headed and self.rows and (not self.block_starts or self.block_starts[-1] != len(self.rows)):
            self.block_starts.append(len(self.rows))

    def identity_rows(self) -> list[Ingredient]:
        """The rows read between a title and the first serving statement or header, when rows follow it."""
        if self.headed and 0 < self.unheaded < len(self.rows):
            return self.rows[: self.unheaded]
        return []

    def facts_rows(self) -> list[Ingredient]:
        """The panel's rows without the statement of identity above it and without blocks that restate it.

        A later block restates the panel when each of its rows declares a nutrient an earlier row
        declares with the same first amount ("Elemental Iron 65 mg" under "Iron (as ferrous sulfate)
        65 mg"); a block with anything new (another packet of a multi-pack) is kept whole.
        """
        rows = self.rows[len(self.identity_rows()):]
        offset = len(self.rows) - len(rows)
        bounds = [start - offset for start in self.block_starts if start > offset] + [len(rows)]
        kept = rows[: bounds[0]]
        for start, end in zip(bounds, bounds[1:]):
            block = rows[start:end]
            if not all(_restated(row, kept) for row in block):
                kept.extend(block)
        return kept

    def mark(self, start: int, end: int) -> None:
        """Widen the panel's extent to ``[start, end)``."""
        if self.extent:
            self.extent[0], self.extent[1] = min(self.extent[0], start), max(self.extent[1], end)
        else:
            self.extent = [start, end]

    # -- lines --------------------------------------------------------------------------------
    def read_line(self, seg: Seg) -> bool:
        """Read a line inside the panel; False when it ends the panel (the caller reads it as prose)."""
        if len(seg.text) > MAX_PANEL_LINE:
            self.stop()
            return False
        plan, shift = line_plan(seg)
        if plan.directive:
            self.stop()
            return False
        if self.pending is not None and (self._extends_pending(plan, shift) or self._completes_pending(plan, shift)):
            return True
        if plan.marks_only:
            self._marks_line(plan.all_tokens(shift))
            return True
        if self.rows and self._labelled_marks(seg):
            return True
        if _COLUMN_NAME.search(seg.text) and not any(t.k == PCT for t in plan.all_tokens(shift)):
            self.mark(seg.at(0), seg.at(len(seg.text)))  # "1.0 mg 0.5 mg 0.25 mg %DV": the columns' heading
            return True
        if self.rows and self._restates_last(plan.all_tokens(shift)):
            return True
        self.resolve_pending()
        in_blend = self.blend_indent is not None and seg.indent > self.blend_indent
        if self._ends_panel(seg, plan) or self.rows and not in_blend and blocks.bare_ingredient_list(seg.text):
            self.stop()
            return False
        for index in range(len(plan.chunks)):
            self._row(seg, plan, index, shift)
        if not plan.chunks:
            self.mark(seg.at(0), seg.at(len(seg.text)))
        return True

    def _ends_panel(self, seg: Seg, plan: LinePlan) -> bool:
        """A sentence ends the panel unless it reads as one clean row ("Vitamin A (as ... and the ...) 900 mcg")."""
        shapes = plan.shapes
        broken = any(shape is None or shape.kind == "name_only" for shape in shapes)
        if self.closing:  # after the footnotes only rows carry the panel on
            return broken or not shapes
        if not plan.sentence:
            return False
        if registry().lookup(seg.text) is None:
            return True  # a sentence naming no known nutrient ("Aim for 25(OH)D levels of 60-80 ng/mL.") is prose
        return broken or len(shapes) > 1 or seg.blank_before and shapes[0].kind != "name_first"

    def _extends_pending(self, plan: LinePlan, shift: int) -> bool:
        """"Vitamin D3" / "(as cholecalciferol)" / "400 IU 100%": the bracketed source on its own line."""
        tokens = plan.all_tokens(shift)
        if len(tokens) < 3 or tokens[0].k != LPAR or tokens[-1].k != RPAR:
            return False
        if any(token.k in (AMT, UAMT, PCT) for token in tokens):
            return False
        name_tokens, _ = self.pending
        self.pending = (name_tokens + tokens, None)
        return True

    def _completes_pending(self, plan: LinePlan, shift: int) -> bool:
        """"vitamin D (as cholecalciferol)" then "25 mcg (1,000 IU)" on the next line: one row."""
        if len(plan.shapes) != 1 or plan.shapes[0] is None or plan.shapes[0].kind != "amounts_only":
            return False
        name_tokens, _ = self.pending
        merged = name_tokens + plan.chunk(0, shift)
        merged_shape = row_shape(merged)
        if merged_shape is None or merged_shape.kind != "name_first":
            return False
        self.pending = None
        self.add_row(recipe(merged, merged_shape), 0, False)
        return True

    def _row(self, seg: Seg, plan: LinePlan, index: int, shift: int) -> None:
        shape = plan.shapes[index]
        if index and plan.shapes[index - 1] is not None and self._percent_cell(plan.chunk(index, shift)):
            return
        if shape is None or shape.kind == "amounts_only":
            whole = len(plan.chunks) == 1
            self._unreadable(plan.chunk(index, shift), seg if whole else None, seg.sub(plan.chunks[index][0].i))
            return
        if shape.kind == "name_only":
            if self.blend_indent is not None:
                self.add_row(plan.recipes[index], shift, True)
            else:
                self.resolve_pending()
                self.pending = (plan.chunk(index, shift), seg if len(plan.chunks) == 1 else None)
            return
        in_blend = self.blend_indent is not None and seg.indent > self.blend_indent
        if not in_blend:
            self.blend_indent = None
        row = self.add_row(plan.recipes[index], shift, in_blend, line_alone=len(plan.chunks) == 1)
        if row is not None and is_blend(row.name) and not in_blend:
            self.blend_indent = seg.indent
            self._not_alone()  # its components on the lines below belong to it

    def _restates_last(self, tokens: list[Tok]) -> bool:
        """"(400 mcg folic acid)" on a line of its own: another amount of the row above."""
        last = self.rows[-1]
        if len(tokens) < 4 or tokens[0].k != "(" or tokens[-1].k != ")" or last.nutrient is None:
            return False
        if not restates(tokens[1:-1], last.nutrient):
            return False
        self.rows[-1] = with_amount(last, tokens[1:-1])
        self._not_alone()
        self.mark(tokens[0].s, tokens[-1].e)
        return True

    def _percent_cell(self, chunk: list[Tok]) -> bool:
        """"Elemental Iron 65 mg   360" under a "% U.S. RDA" heading: the bare number is the row's percent."""
        if not self.percent_column or len(chunk) != 1 or chunk[0].k != NUM or not self.rows:
            return False
        last = self.rows[-1]
        if last.dv_percent is not None or chunk[0].val is None:
            return False
        token = chunk[0]
        self.rows[-1] = last.model_copy(update={
            "dv_percent": token.val, "dv_text": token.text, "dv_span": Span(token.s, token.e)})
        self.mark(token.s, token.e)
        return True

    def _labelled_marks(self, seg: Seg) -> bool:
        """"% Daily Value 50%" under "Calcium 500mg": the column's name, then the row's %DV."""
        label = _DV_CELL.match(seg.text)
        if label is None:
            return False
        plan, shift = line_plan(seg.sub(label.end()))
        if not plan.marks_only:
            return False
        self.mark(seg.at(0), seg.at(label.end()))
        self._marks_line(plan.all_tokens(shift))
        return True

    def _marks_line(self, tokens: list[Tok]) -> None:
        """A %DV cell on a line of its own ("625%", "†"): it belongs to the row above."""
        self.mark(tokens[0].s, tokens[-1].e)
        self._not_alone()  # the line is the row's, whatever it adds to it
        last = self.rows[-1] if self.rows else None
        if last is None or last.dv_percent is not None or last.symbol is not None:
            return
        dv = next((t for t in tokens if t.k == "p"), None)
        symbol = next((t.sym for t in tokens if t.sym), None)
        update = {"symbol": symbol}
        if dv is not None:
            update.update(dv_percent=dv.val, dv_less_than=dv.lt, dv_text=dv.text, dv_span=Span(dv.s, dv.e))
        self.rows[-1] = last.model_copy(update=update)

    # -- rows ---------------------------------------------------------------------------------
    def add_row(self, plan: Recipe | None, shift: int, in_blend: bool, line_alone: bool = False) -> Ingredient | None:
        """A row of the panel (or of a dosed "Ingredients:" list), with DK006 for units dklint does not know.

        ``line_alone``: the row is the only one its line was read into (``parse`` checks the line's text too).
        """
        if plan is None:
            return None
        row = cook(plan, shift, in_blend)
        if line_alone:
            row = row.model_copy(update={"line_alone": True})
        self.rows.append(row)
        if not self.headed:
            self.unheaded += 1
        if plan.unknown:
            self.findings.extend(unknown_units(plan, shift))
        self.mark(row.span.start, row.span.end)
        return row

    def _not_alone(self) -> None:
        """A later line adds to the last row: moving the row's own line would leave part of it behind."""
        if self.rows and self.rows[-1].line_alone:
            self.rows[-1] = self.rows[-1].model_copy(update={"line_alone": False})

    def _unreadable(self, chunk: list[Tok], line: Seg | None = None, rest: Seg | None = None) -> None:
        """DK004 at the row, or at the whole ``line`` when the row was all the line held.

        Words with no amount and no nutrient ("Daily cost = $23/25 = 92 cents", or what a row says of
        itself after its amount) hide no ingredient: they are the page's prose (``rest`` of the line
        from this chunk on), not a broken row.
        """
        if _is_prose(chunk) or _bracketed_note(chunk):
            text = line or rest
            if text is not None and text.text:
                self.as_text()(text)
            return
        if line is not None:
            text, span = " ".join(line.text.split()), line.span(0, len(line.text))
        else:
            text, span = joined_text(chunk), Span(chunk[0].s, chunk[-1].e)
        quoted = shorten(text, 80)
        self.findings.append(Finding(
            "DK004", "warning", f'panel line could not be read as an ingredient row: "{quoted}"', span,
            subject=text[:200],
        ))
        self.mark(span.start, span.end)

    def resolve_pending(self) -> None:
        """A name with no amounts after it: a blend component, a heading, or a broken row (DK004)."""
        if self.pending is None:
            return
        chunk, line = self.pending
        self.pending = None
        name = joined_text(chunk)
        if line is None or blocks.has_digit(name) or resolve(name, None)[0] is not None:
            self._unreadable(chunk, line)  # a row without its amount, or words left over after rows
        else:
            self.as_text()(line)  # a heading inside the panel ("Vitamins"), or a line of prose
