"""How ``LabelBuilder`` reads a line outside any Supplement Facts panel.

Under an "Ingredients:" heading a line may hold dosed rows or be the ingredient
statement itself. Elsewhere a line may start directions or warnings, be a row
standing alone ("Vitamin C (Ascorbic Acid) 150 mg"), or be text, whose doses are
kept as the weakest evidence of what the product holds (``label_prose``).
"""

from __future__ import annotations

from dklint.parse import label_blocks as blocks
from dklint.parse.label_items import ingredient
from dklint.parse.label_lines import Seg
from dklint.parse.label_panel import MAX_PANEL_LINE
from dklint.parse.label_plan import line_plan
from dklint.parse.label_prose import DOSE_UNITS, prose_doses
from dklint.parse.label_rows import row_shape
from dklint.parse.label_token_kinds import AMT, Tok
from dklint.parse.label_tokens import tokenize

MAX_LOOSE_TOKENS = 40  # a row standing alone outside a panel is short
MAX_PROSE_LINE = 100_000  # doses are looked for in sentences up to this long


class OutsideLines:
    """Part of ``LabelBuilder`` (``label_build``): its state is set up in ``LabelBuilder.__init__``."""

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
