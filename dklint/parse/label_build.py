"""The reading of a label, one segment at a time: panel, rows, sections, prose.

``LabelBuilder.feed`` gets the label's segments in order and keeps two pieces of
state: whether a panel is open (from a title, a serving line or an "Amount per
serving"/"Each drop contains" header to "Other ingredients", a footnote, a
directions or warnings heading, or a paragraph of prose) and which prose section
(directions, warnings, other ingredients, disclaimer) is collecting lines. Inside a
panel a line that is neither a row, a header nor a footnote is a DK004 finding;
outside one it is text.
"""

from __future__ import annotations

from dklint.findings import Finding
from dklint.model import Ingredient, TextBlock
from dklint.parse import label_blocks as blocks
from dklint.parse.label_items import Recipe, cook, ingredient, is_blend, recipe, resolve, unknown_units
from dklint.parse.label_plan import LinePlan, line_plan
from dklint.parse.label_lines import Seg
from dklint.parse.label_prose import DOSE_UNITS, prose_doses
from dklint.parse.label_rows import joined_text, row_shape
from dklint.parse.label_sections import Head, head_of, is_column_header
from dklint.parse.label_serving import ServingSize, read_serving
from dklint.parse.label_text import PROSE_SECTIONS, Sections
from dklint.parse.label_tokens import AMT, Tok, tokenize
from dklint.source import Span
from dklint.textnorm import shorten
from dklint.nutrients import registry

MAX_PANEL_LINE = 20_000  # characters; a longer "line" is not a panel row, whatever it holds
MAX_LOOSE_TOKENS = 40  # a row standing alone outside a panel is short
MAX_PROSE_LINE = 100_000  # doses are looked for in sentences up to this long
_AMOUNT_HINTS = ("mcg", "mg", "µg", "μg", "ug", "iu", "i.u", "ml", "%")


class LabelBuilder:
    """What each segment of a label is, collected for ``dklint.parse.label`` to make the Label."""

    def __init__(self) -> None:
        self.in_panel = self.closing = self.panel_seen = self.serving_seen = self.drug_facts = False
        self.panel: list[int] = []  # [start, end] of everything read as panel
        # A name whose amounts may be on the next line, and its line when it was all the line held.
        self.pending: tuple[list[Tok], Seg | None] | None = None
        self.blend_indent: int | None = None
        self.title: TextBlock | None = None
        self.serving: ServingSize | None = None
        self.serving_text: tuple[str, Span] | None = None
        self.per_container: float | None = None
        self.rows: list[Ingredient] = []
        self.loose: list[Ingredient] = []
        self.prose: list[Ingredient] = []
        self.findings: list[Finding] = []
        self.hints: list[str] = []
        self.sections = Sections()
        self.line = 0

    # -- dispatch ---------------------------------------------------------------------------
    def feed(self, seg: Seg, same_line: bool = False) -> None:
        self.line += not same_line
        head = head_of(seg.text)
        if head is None:
            self._content(seg)
            return
        if head.kind != "header" or self._is_header(seg, head):
            self._resolve_pending()
            self.sections.close()
        getattr(self, "_" + head.kind)(seg, head)

    def _rest(self, seg: Seg, end: int) -> None:
        rest = seg.sub(end).strip(" \t:|-=")
        if rest.text:
            self.feed(rest, same_line=True)

    # -- panel heads ------------------------------------------------------------------------
    def _title(self, seg: Seg, head: Head) -> None:
        start = head.end - len(head.detail)
        if "drug" in head.detail.lower():  # not a supplement panel: noted, and read as text
            self.drug_facts = True
            self._content(seg)
            return
        if self.title is None:
            self.title = TextBlock(text=head.detail, span=seg.span(start, head.end))
        self._open_panel()
        self._mark(seg.at(0), seg.at(head.end))
        self._rest(seg, head.end)

    def _serving(self, seg: Seg, head: Head) -> None:
        size = read_serving(seg.text, head.end)
        if size.size is None:  # "Serving size matters ...": a sentence, not a serving statement
            self._content(seg)
            return
        if self.serving is None:
            self.serving = size
            self.serving_text = (" ".join(seg.text[head.end : size.end].split()), seg.span(0, size.end))
        self.serving_seen = True
        self._open_panel()
        self._mark(seg.at(0), seg.at(size.end))
        self._rest(seg, size.end)

    def _per_container(self, seg: Seg, head: Head) -> None:
        if self.per_container is None:
            self.per_container = head.value
        self.serving_seen = True
        self._open_panel()
        self._mark(seg.at(0), seg.at(head.end))
        self._rest(seg, head.end)

    def _header(self, seg: Seg, head: Head) -> None:
        if not self._is_header(seg, head):
            self._content(seg)
            return
        self.hints.append(head.detail)
        if blocks.has_digit(seg.text[head.end :]):
            self._inline_doses(seg, head.end)
        else:
            self._open_panel()
            self._mark(seg.at(0), seg.at(len(seg.text)))

    def _inline_doses(self, seg: Seg, end: int) -> None:
        """"Each tablet contains Calcium carbonate 1250 mg ...": doses on the header's own line.

        A product page says this in a sentence as often as a label does in a list, so these
        count like rows standing alone (a panel's rows win over them), and when they do
        not read as rows the line is prose whose doses are looked for beside nutrient names.
        """
        rest = seg.sub(end).strip(" \t:|-=")
        plan, shift = line_plan(rest)
        if plan.shapes and all(shape is not None and shape.kind == "name_first" for shape in plan.shapes):
            self.loose.extend(cook(row, shift) for row in plan.recipes if row is not None)
        else:
            self._text(seg, tokenize(seg) if len(seg.text) <= MAX_PROSE_LINE else None)

    def _is_header(self, seg: Seg, head: Head) -> bool:
        """"Each tablet provides vitamin D as easily absorbable D3." is a sentence, not a header."""
        rest = seg.text[head.end :].strip().lower()
        if len(rest.split()) < 3 or rest.endswith(":") or is_column_header(rest):
            return True
        return any(hint in rest for hint in _AMOUNT_HINTS) and blocks.has_digit(rest)

    def _separator(self, seg: Seg, head: Head) -> None:
        if self.in_panel:
            self._mark(seg.at(0), seg.at(len(seg.text)))

    _calories = _separator

    def _column(self, seg: Seg, head: Head) -> None:
        """"Amount Per Serving  % Daily Value" starts the rows even with no title above it."""
        lower = seg.text.lower()
        if "amount per" in lower or "per serving" in lower or "typical value" in lower:
            self._open_panel()
            self.hints.append(lower)
        self._separator(seg, head)

    def _footnote(self, seg: Seg, head: Head) -> None:
        if self.in_panel:
            self.closing = True
            self._mark(seg.at(0), seg.at(len(seg.text)))
        self.sections.footnote(seg, head.detail, head.end)

    # -- sections -----------------------------------------------------------------------------
    def _heading(self, seg: Seg, head: Head) -> None:
        self._close_panel()
        content = seg.sub(head.end).strip() if head.end else seg
        if head.detail == "ingredients":  # its lines may be dosed rows: read them as content
            self.sections.open("ingredients", seg, None)
            if content.text:
                self._content(content)
        else:
            self.sections.open(head.detail, seg, content if content.text else None)

    def _disclaimer(self, seg: Seg, head: Head) -> None:
        self._close_panel()
        self.sections.open("disclaimer", seg, None, symbol=head.detail or None)
        self.sections.add(seg)

    # -- content lines --------------------------------------------------------------------------
    def _content(self, seg: Seg) -> None:
        kind = self.sections.kind
        if kind is not None:
            if kind == "ingredients" and self._list_line(seg):
                return
            if kind in PROSE_SECTIONS and self.sections.continues(seg):
                self.sections.add(seg)
                return
            self.sections.close()
        if self.in_panel and self._panel_line(seg):
            return
        self._loose(seg)

    def _panel_line(self, seg: Seg) -> bool:
        """Read a line inside a panel; False when it ends the panel (the caller reads it as prose)."""
        if len(seg.text) > MAX_PANEL_LINE:
            self._close_panel()
            return False
        plan, shift = line_plan(seg)
        if plan.directive:
            self._close_panel()
            return False
        if self.pending is not None and self._completes_pending(plan, shift):
            return True
        if plan.marks_only:
            self._marks_line(plan.all_tokens(shift))
            return True
        self._resolve_pending()
        if self._ends_panel(seg, plan):
            self._close_panel()
            return False
        for index in range(len(plan.chunks)):
            self._panel_row(seg, plan, index, shift)
        if not plan.chunks:
            self._mark(seg.at(0), seg.at(len(seg.text)))
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
        self._add_row(recipe(merged, merged_shape), 0, False)
        return True

    def _panel_row(self, seg: Seg, plan: LinePlan, index: int, shift: int) -> None:
        shape = plan.shapes[index]
        if shape is None or shape.kind == "amounts_only":
            self._unreadable(plan.chunk(index, shift), seg if len(plan.chunks) == 1 else None)
            return
        if shape.kind == "name_only":
            if self.blend_indent is not None:
                self._add_row(plan.recipes[index], shift, True)
            else:
                self._resolve_pending()
                self.pending = (plan.chunk(index, shift), seg if len(plan.chunks) == 1 else None)
            return
        in_blend = self.blend_indent is not None and seg.indent > self.blend_indent
        if not in_blend:
            self.blend_indent = None
        row = self._add_row(plan.recipes[index], shift, in_blend)
        if row is not None and is_blend(row.name) and not in_blend:
            self.blend_indent = seg.indent

    def _marks_line(self, tokens: list[Tok]) -> None:
        """A %DV cell on a line of its own ("625%", "†"): it belongs to the row above."""
        self._mark(tokens[0].s, tokens[-1].e)
        last = self.rows[-1] if self.rows else None
        if last is None or last.dv_percent is not None or last.symbol is not None:
            return
        dv = next((t for t in tokens if t.k == "p"), None)
        symbol = next((t.sym for t in tokens if t.sym), None)
        update = {"symbol": symbol}
        if dv is not None:
            update.update(dv_percent=dv.val, dv_less_than=dv.lt, dv_text=dv.text, dv_span=Span(dv.s, dv.e))
        self.rows[-1] = last.model_copy(update=update)

    def _add_row(self, plan: Recipe | None, shift: int, in_blend: bool) -> Ingredient | None:
        if plan is None:
            return None
        row = cook(plan, shift, in_blend)
        self.rows.append(row)
        if plan.unknown:
            self.findings.extend(unknown_units(plan, shift))
        self._mark(row.span.start, row.span.end)
        return row

    def _unreadable(self, chunk: list[Tok], line: Seg | None = None) -> None:
        """DK004 at the row, or at the whole ``line`` when the row was all the line held."""
        if line is not None:
            text, span = " ".join(line.text.split()), line.span(0, len(line.text))
        else:
            text, span = joined_text(chunk), Span(chunk[0].s, chunk[-1].e)
        quoted = shorten(text, 80)
        self.findings.append(Finding(
            "DK004", "warning", f'panel line could not be read as an ingredient row: "{quoted}"', span,
            subject=text[:200],
        ))
        self._mark(span.start, span.end)

    def _resolve_pending(self) -> None:
        """A name with no amounts after it: a blend component, a heading, or a broken row (DK004)."""
        if self.pending is None:
            return
        chunk, line = self.pending
        self.pending = None
        name = joined_text(chunk)
        if line is None or blocks.has_digit(name) or resolve(name, None)[0] is not None:
            self._unreadable(chunk, line)  # a row without its amount, or words left over after rows
        else:
            self._text(line)  # a heading inside the panel ("Vitamins"), or a line of prose

    def _list_line(self, seg: Seg) -> bool:
        """A line under an "Ingredients:" heading: dosed rows, or the ingredient statement itself."""
        found = False
        plan, shift = line_plan(seg) if len(seg.text) <= MAX_PANEL_LINE else (None, 0)
        for shape, row in zip(plan.shapes, plan.recipes) if plan else ():
            if shape is not None and shape.kind in ("name_first", "amount_first"):
                found = self._add_row(row, shift, False) is not None or found
        sections = self.sections
        if found:
            sections.list_rows += 1
        elif sections.list_rows or sections.parts and (seg.blank_before or blocks.heading_like(seg.text)):
            return False  # after the dosed rows, or after a paragraph: the list is over
        else:
            sections.parts.append(seg)
        return True

    def _loose(self, seg: Seg) -> None:
        """A line outside any panel or section: directions, a warning, a lone row, or text."""
        text = seg.text
        if blocks.looks_like_directions(text):
            self.sections.open("directions", seg, seg, soft=True)
        elif blocks.looks_like_warning(text):
            self.sections.open("warnings", seg, seg, soft=True)
        else:
            dosed = len(text) <= MAX_PROSE_LINE and blocks.has_dose(text)
            tokens = tokenize(seg) if dosed else None
            if tokens is None or not self._loose_row(tokens):
                self._text(seg, tokens)

    def _loose_row(self, tokens: list[Tok]) -> bool:
        """"Vitamin C (Ascorbic Acid) 150 mg" on a line of its own, with a known nutrient and dose unit."""
        end = len(tokens)
        while end and tokens[end - 1].k in ".,":
            end -= 1
        if end > MAX_LOOSE_TOKENS:
            return False
        row_tokens = tokens[:end]
        shape = row_shape(row_tokens)
        if shape is None or shape.kind not in ("name_first", "amount_first") or shape.name is None:
            return False
        if any(row_tokens[i].k != AMT or row_tokens[i].unit not in DOSE_UNITS for i in shape.amounts):
            return False
        row = ingredient(row_tokens, shape)
        if row is None or row.nutrient is None or len(row.name.split()) > 8:
            return False
        self.loose.append(row)
        return True

    def _text(self, seg: Seg, tokens: list[Tok] | None = None) -> None:
        self.sections.text(seg, self.line)
        if tokens:
            self.prose.extend(prose_doses(tokens))

    # -- panel state ------------------------------------------------------------------------------
    def _open_panel(self) -> None:
        self._resolve_pending()
        self.in_panel, self.closing, self.panel_seen, self.blend_indent = True, False, True, None

    def _close_panel(self) -> None:
        self._resolve_pending()
        self.in_panel, self.closing, self.blend_indent = False, False, None

    def _mark(self, start: int, end: int) -> None:
        if self.panel:
            self.panel[0], self.panel[1] = min(self.panel[0], start), max(self.panel[1], end)
        else:
            self.panel = [start, end]

    def finish(self) -> None:
        self._resolve_pending()
        self.sections.close()
        self.sections.flush()


