"""What ``LabelBuilder`` does with each kind of head line, one method per ``Head.kind``.

A head is a line that ``label_sections.head_of`` recognises by its first words:
a panel title, a serving statement, an "Amount per serving" header, a footnote,
a section heading (directions, warnings, ingredients), a disclaimer.
``LabelBuilder.feed`` calls ``_<kind>`` by name, so the method names here must
match the kinds ``head_of`` returns.
"""

from __future__ import annotations

from dklint.model import TextBlock
from dklint.parse import label_blocks as blocks
from dklint.parse.label_items import cook
from dklint.parse.label_lines import Seg
from dklint.parse.label_outside import MAX_PROSE_LINE
from dklint.parse.label_plan import line_plan
from dklint.parse.label_sections import Head, is_column_header
from dklint.parse.label_serving import read_serving
from dklint.parse.label_tokens import tokenize

_AMOUNT_HINTS = ("mcg", "mg", "µg", "μg", "ug", "iu", "i.u", "ml", "%")


class PanelHeads:
    """Part of ``LabelBuilder`` (``label_build``): its state is set up in ``LabelBuilder.__init__``."""

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

    # -- section heads ----------------------------------------------------------------------------
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
