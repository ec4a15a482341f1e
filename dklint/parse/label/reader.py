"""The reading of a label, one segment at a time: heads, panel lines, sections, prose.

``LabelReader.feed`` gets the label's segments in order. A segment that starts
with something the reader knows (``heads.head_of``: a panel title, a serving
statement, an "Amount per serving" header, a footnote, a section heading, a
disclaimer) goes to the method ``HEADS`` names for its kind; any other segment is
content: more of the open prose section, a line of the open panel
(``PanelReader``), or a line outside both (directions, a warning, a row standing
alone, or text whose doses are kept as the weakest evidence of what the product
holds).

The panel is open from a title, a serving line or an "Amount per
serving"/"Each drop contains" header to "Other ingredients", a footnote, a
directions or warnings heading, or a paragraph of prose; the panel reader keeps
that state and its rows. Which prose section (directions, warnings, other
ingredients, disclaimer) collects lines is ``Sections``.
"""

from __future__ import annotations

from typing import Callable

from dklint.model import Ingredient, TextBlock
from dklint.parse.label import blocks
from dklint.parse.label.heads import Head, column_basis, head_of, is_column_header
from dklint.parse.label.ingredients import Recipe, cook, ingredient
from dklint.parse.label.line_plan import line_plan
from dklint.parse.label.lines import Seg
from dklint.parse.label.panel import MAX_PANEL_LINE, PanelReader
from dklint.parse.label.prose_doses import DOSE_UNITS, read_doses
from dklint.parse.label.rows import row_shape
from dklint.parse.label.sections import PROSE_SECTIONS, Sections
from dklint.parse.label.serving import ServingSize, read_serving
from dklint.parse.label.tokens import AMT, Tok, tokenize
from dklint.source import Span

MAX_LOOSE_TOKENS = 40  # a row standing alone outside a panel is short
MAX_PROSE_LINE = 100_000  # doses are looked for in sentences up to this long
_HEADING_WORDS = 3  # a heading longer than "Directions for use:" says something of its own (a claim, say)
_DESCRIPTION_WORDS = 3  # words after a row that make a description of it, not a broken row
MAX_ORPHANS = 20  # amounts kept that name no nutrient: the page's subject may own the first of them
_AMOUNT_HINTS = ("mcg", "mg", "µg", "μg", "ug", "iu", "i.u", "ml", "%")


def _has_dose_unit(row: Recipe | None) -> bool:
    """A row with an amount in a known unit (the ``known`` field of each amount)."""
    return row is not None and any(amount[4] for amount in row.amounts)


class LabelReader:
    """What each segment of a label is, collected for ``parse_label`` to make the Label."""

    def __init__(self) -> None:
        self.panel = PanelReader(self._as_text)
        self.sections = Sections()
        self.title: TextBlock | None = None
        self.serving: ServingSize | None = None
        self.serving_text: tuple[str, Span] | None = None
        self.per_container: float | None = None
        self.serving_seen = False  # a serving statement or a servings-per-container line was read
        self.drug_facts = False  # a "Drug Facts" title was read
        self.loose: list[Ingredient] = []  # rows standing alone on a line, outside any panel
        self.prose: list[Ingredient] = []  # doses named in sentences
        self.orphans: list[tuple[Tok, str]] = []  # dose amounts in sentences naming no nutrient, with their lead
        self.hints: list[str] = []  # header texts ("amount per 2 capsules"): what a serving is, what form
        self.column_lines: list[str] = []  # column heading lines as written ("Amount Per Serving  %DV*")
        self.line = 0
        # text blocks and lone rows read before a panel first opened: the front panel, when one opens
        self.front_texts = 0
        self.front_loose = 0
        self.listed = False  # two rows standing alone on consecutive lines: a list (a panel's shape)
        self.loose_line = -1  # the line of the last row standing alone
        self.table_rows = 0  # rows standing alone that are laid out in "|" cells

    # -- dispatch -----------------------------------------------------------------------------
    def feed(self, seg: Seg, same_line: bool = False) -> None:
        self.line += not same_line
        head = head_of(seg.text)
        if head is None:
            self._content(seg)
            return
        if head.kind != "header" or self._is_header(seg, head):
            self.panel.resolve_pending()
            self.sections.close()
        HEADS[head.kind](self, seg, head)

    def finish(self) -> None:
        self.panel.resolve_pending()
        self.sections.close()
        self.sections.flush()

    def _rest(self, seg: Seg, end: int) -> None:
        """Read what follows a head on its line ("Serving Size: 1 Softgel Vitamin D3 ...") as a segment of its own."""
        rest = seg.sub(end).strip(" \t:|-=")
        if rest.text:
            self.feed(rest, same_line=True)

    def _content(self, seg: Seg) -> None:
        kind = self.sections.kind
        if kind is not None:
            if kind == "ingredients" and self._list_line(seg):
                return
            if kind in PROSE_SECTIONS and self.sections.continues(seg):
                self.sections.add(seg)
                return
            self.sections.close()
        if self.panel.open and self.panel.read_line(seg):
            return
        self._loose(seg)

    # -- heads --------------------------------------------------------------------------------
    def _title(self, seg: Seg, head: Head) -> None:
        start = head.end - len(head.detail)
        if "drug" in head.detail.lower():  # not a supplement panel: noted, and read as text
            self.drug_facts = True
            self._content(seg)
            return
        if self.title is None:
            self.title = TextBlock.model_construct(text=head.detail, span=seg.span(start, head.end))
        self._open_panel()
        self.panel.mark(seg.at(0), seg.at(head.end))
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
        self._open_panel(headed=True)
        self.panel.mark(seg.at(0), seg.at(size.end))
        self._rest(seg, size.end)

    def _per_container(self, seg: Seg, head: Head) -> None:
        if self.per_container is None:
            self.per_container = head.value
        self.serving_seen = True
        self._open_panel(headed=True)
        self.panel.mark(seg.at(0), seg.at(head.end))
        self._rest(seg, head.end)

    def _header(self, seg: Seg, head: Head) -> None:
        if not self._is_header(seg, head):
            self._content(seg)
            return
        self.hints.append(head.detail)
        self._column_line(seg.text)
        if blocks.has_digit(seg.text[head.end :]):
            self._inline_doses(seg, head.end)
        else:
            self._open_panel(headed=True)
            self.panel.mark(seg.at(0), seg.at(len(seg.text)))

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
            # "Each softgel contains: ..." heads a list (the panel's shape); "Each tablet contains calcium
            # carbonate 1250 mg and ..." is a sentence naming doses
            self.listed = self.listed or seg.text[:end].rstrip().endswith(":")
        else:
            self._text(seg, tokenize(seg) if len(seg.text) <= MAX_PROSE_LINE else None)

    def _is_header(self, seg: Seg, head: Head) -> bool:
        """"Each tablet provides vitamin D as easily absorbable D3." is a sentence, not a header."""
        rest = seg.text[head.end :].strip().lower()
        if len(rest.split()) < 3 or rest.endswith(":") or is_column_header(rest):
            return True
        return any(hint in rest for hint in _AMOUNT_HINTS) and blocks.has_digit(rest)

    def _open_panel(self, headed: bool = False) -> None:
        """Open (or keep open) the panel; the first time, what was read before it is the front panel."""
        if not self.panel.seen:
            self.sections.flush()
            self.front_texts, self.front_loose = len(self.sections.texts), len(self.loose)
        self.panel.start()
        if headed:
            self.panel.head()

    def _separator(self, seg: Seg, head: Head) -> None:
        if self.panel.open:
            self.panel.mark(seg.at(0), seg.at(len(seg.text)))

    def _column(self, seg: Seg, head: Head) -> None:
        """"Amount Per Serving  % Daily Value" starts the rows even with no title above it."""
        lower = seg.text.lower()
        self._column_line(seg.text)
        basis = column_basis(lower)  # "% Daily US RDA (from contents of 4 pills)": the serving is 4 pills
        if "amount per" in lower or "per serving" in lower or "typical value" in lower or basis:
            self._open_panel(headed=True)
            self.hints.append(basis or lower)
        self._separator(seg, head)

    def _column_line(self, text: str) -> None:
        self.column_lines.append(text)
        if "%" in text:
            self.panel.percent_column = True

    def _footnote(self, seg: Seg, head: Head) -> None:
        if self.panel.open:
            self.panel.closing = True
            self.panel.mark(seg.at(0), seg.at(len(seg.text)))
        self.sections.footnote(seg, head.detail, head.end)

    def _heading(self, seg: Seg, head: Head) -> None:
        self.panel.stop()
        heading = seg.sub(0, head.end) if head.end else seg
        if len(heading.text.split()) > _HEADING_WORDS:  # "Active ingredient for caries prophylaxis:" says more
            self.sections.text(heading.strip(" \t:"), self.line)
        content = seg.sub(head.end).strip() if head.end else seg
        if head.detail == "ingredients":  # its lines may be dosed rows: read them as content
            self.sections.open("ingredients", seg, None)
            if content.text:
                self._content(content)
        else:
            self.sections.open(head.detail, seg, content if content.text else None)

    def _disclaimer(self, seg: Seg, head: Head) -> None:
        self.panel.stop()
        self.sections.open("disclaimer", seg, None, symbol=head.detail or None)
        self.sections.add(seg)

    # -- lines outside the panel ----------------------------------------------------------------
    def _list_line(self, seg: Seg) -> bool:
        """A line under an "Ingredients:" heading: dosed rows, or the ingredient statement itself."""
        found = False
        plan, shift = line_plan(seg) if len(seg.text) <= MAX_PANEL_LINE else (None, 0)
        if not self.sections.list_rows:
            self.panel.new_block()
        for index, (shape, row) in enumerate(zip(plan.shapes, plan.recipes) if plan else ()):
            # a dosed row has a dose unit; "Yellow 6 Lake" in an ingredient statement is a colour
            if shape is not None and shape.kind in ("name_first", "amount_first") and _has_dose_unit(row):
                found = self.panel.add_row(row, shift, False) is not None or found
            elif found:
                self._description(seg, plan.chunks[index])
        sections = self.sections
        if found:
            sections.list_rows += 1
        elif sections.list_rows or sections.parts and (seg.blank_before or blocks.heading_like(seg.text)):
            return False  # after the dosed rows, or after a paragraph: the list is over
        else:
            sections.parts.append(seg)
        return True

    def _description(self, seg: Seg, chunk: list[Tok]) -> None:
        """"D-Mannose - 1000mg: Known for reducing UTI symptoms": what a row says of itself is text."""
        if sum(1 for token in chunk if token.k == "w") >= _DESCRIPTION_WORDS:
            self._text(seg.sub(chunk[0].i).strip(" \t:-"))

    def _loose(self, seg: Seg) -> None:
        """A line outside any panel or section: directions, a warning, a lone row, or text."""
        text = seg.text
        if blocks.looks_like_directions(text):
            self.sections.open("directions", seg, seg, soft=True)
        elif blocks.looks_like_warning(text):
            self.sections.open("warnings", seg, seg, soft=True)
        elif self.panel.rows and self.sections.other is None and blocks.bare_ingredient_list(text):
            self.sections.open("other", seg, seg, soft=True)  # the excipients under a panel, with no heading
        else:
            dosed = len(text) <= MAX_PROSE_LINE and blocks.has_dose(text)
            tokens = tokenize(seg) if dosed else None
            if tokens is None or not self._loose_row(tokens):
                self._text(seg, tokens)
            elif "|" in text:  # a row in table cells: two of them make a table, whatever lies between
                self.table_rows += 1
                self.listed = self.listed or self.table_rows >= 2

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
        # two rows on consecutive lines are a list; so are three rows each on a line of its own with text
        # between them (a page that prints each row above a paragraph about it)
        self.listed = self.listed or (self.loose_line == self.line - 1 and self.line > 0) or len(self.loose) >= 2
        self.loose_line = self.line
        self.loose.append(row)
        return True

    def _text(self, seg: Seg, tokens: list[Tok] | None = None) -> None:
        self.sections.text(seg, self.line)
        if tokens:
            found, orphans = read_doses(tokens)
            self.prose.extend(found)
            self.orphans.extend(orphans[: MAX_ORPHANS - len(self.orphans)])

    def _as_text(self, seg: Seg) -> None:
        """A line the panel gives back (a heading inside it, such as "Vitamins"): text."""
        self._text(seg)


# What each kind of head is read as (the kinds ``heads.head_of`` returns).
HEADS: dict[str, Callable[[LabelReader, Seg, Head], None]] = {
    "title": LabelReader._title,
    "serving": LabelReader._serving,
    "per_container": LabelReader._per_container,
    "header": LabelReader._header,
    "column": LabelReader._column,
    "separator": LabelReader._separator,
    "calories": LabelReader._separator,  # "Calories 10": part of the panel, nothing to read
    "footnote": LabelReader._footnote,
    "heading": LabelReader._heading,
    "disclaimer": LabelReader._disclaimer,
}
