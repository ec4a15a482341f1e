"""The prose sections of a label: directions, warnings, other ingredients, disclaimer, text.

``Sections`` keeps which section is collecting lines and turns each finished run
of lines into one ``TextBlock`` (a hard-wrapped sentence stays one block). A
section opened by a heading ("Warnings") takes the lines below it until a blank
line or another heading; one opened by a sentence ("Take 1 softgel daily")
takes only the lines that wrap that sentence.
"""

from __future__ import annotations

from dklint.base.textnorm import norm_phrase
from dklint.model import Footnote, TextBlock
from dklint.parse.label import blocks
from dklint.parse.label.lines import Seg

PROSE_SECTIONS = ("other", "directions", "warnings", "disclaimer")
_MORE_OF = {"warnings": blocks.more_warnings, "directions": blocks.more_directions}


class Sections:
    """Prose read so far, and the section that is open."""

    def __init__(self) -> None:
        self.kind: str | None = None  # the open section
        self.soft = False  # opened by a sentence, not a heading
        self.inline = False  # its heading had text after it on the same line
        self.parts: list[Seg] = []
        self.symbol: str | None = None
        self.heading: Seg | None = None
        self.list_rows = 0  # dosed rows read under an "Ingredients:" heading
        self.other: TextBlock | None = None
        self.statement: TextBlock | None = None  # an "Ingredients:" list with no doses
        self.other_heading: str | None = None  # the words that head ``other`` or ``statement``, folded
        self.disclaimer: TextBlock | None = None
        self.directions: list[TextBlock] = []
        self.warnings: list[TextBlock] = []
        self.footnotes: list[Footnote] = []
        self.texts: list[TextBlock] = []
        self.open_text: list[Seg] = []
        self.text_line = 0

    def open(self, kind: str, seg: Seg, content: Seg | None, soft: bool = False, symbol: str | None = None) -> None:
        """Start a section; ``content`` is text that came with its heading ("Directions: Take ...")."""
        self.close()
        self.flush()  # text blocks stay in reading order
        self.kind, self.soft, self.symbol, self.heading, self.list_rows = kind, soft, symbol, seg, 0
        self.inline = content is not None and not soft
        self.parts = [blocks.strip_bullet(content)] if content is not None else []

    def continues(self, seg: Seg) -> bool:
        """Does this line carry on the open section?"""
        text = seg.text
        if not self.parts:
            return not blocks.heading_like(text) or self.kind == "other"
        if blocks.continues(self.parts[-1], seg):
            return True  # a hard-wrapped sentence
        if self.soft or seg.blank_before or blocks.labelled(text) or blocks.bulleted(text):
            return False
        if self.kind == "disclaimer":
            said = " ".join(part.text for part in self.parts).lower()
            return "diagnose" not in said or "diagnose" in text.lower()
        if self.inline:  # "Warning: ..." on one line: only more of the same kind carries on
            if self.kind == "other":
                return self.parts[-1].text.rstrip().endswith(",")  # a list wrapped after a comma
            more = _MORE_OF.get(self.kind or "")
            return more is not None and more(text) and not blocks.heading_like(text)
        if self.kind == "other":
            return not blocks.caps_heading(text)
        return not blocks.heading_like(text)

    def add(self, seg: Seg) -> None:
        self.parts.append(blocks.strip_bullet(seg))

    def close(self) -> None:
        kind, parts, heading = self.kind, self.parts, self.heading
        self.kind, self.parts = None, []
        if kind is None:
            return
        if parts:
            self._store(kind, blocks.block(parts, self.symbol))
        elif kind == "other" and self.other is None and heading is not None:  # "Other ingredients" alone
            self.other = TextBlock.model_construct(text=heading.text, span=heading.span(0, len(heading.text)))
            self.other_heading = _heading_words(heading)

    def _store(self, kind: str, block: TextBlock) -> None:
        headed = not self.soft
        if kind == "other" and self.other is not None and headed and self.other_heading is None:
            self.other = None  # a list under a heading replaces one read with no heading
        if kind in ("other", "ingredients") and self.other is None and self.statement is None:
            self.other_heading = _heading_words(self.heading) if headed else None
        if kind == "directions":
            self.directions.append(block)
        elif kind == "warnings":
            self.warnings.append(block)
        elif kind == "other" and self.other is None:
            self.other = block
        elif kind == "ingredients":  # "Ingredients: olive oil, gelatin": a statement, kept as text too
            self.statement = self.statement or block
            self.texts.append(block)
        elif kind == "disclaimer" and self.disclaimer is None:
            self.disclaimer = TextBlock.model_construct(text=block.text.lstrip("*†‡§¶ "), span=block.span,
                                                        symbol=self.symbol)
        else:
            self.texts.append(block)

    def footnote(self, seg: Seg, symbol: str, start: int) -> None:
        text = " ".join(seg.text[start:].split())
        self.footnotes.append(Footnote.model_construct(symbol=symbol, text=text, span=seg.span(0, len(seg.text))))

    def text(self, seg: Seg, line: int) -> None:
        """A line of loose text; it joins the line before when that one was hard-wrapped."""
        seg = blocks.strip_bullet(seg)
        if self.open_text and self.text_line == line - 1 and blocks.continues(self.open_text[-1], seg):
            self.open_text.append(seg)
        else:
            self.flush()
            self.open_text = [seg]
        self.text_line = line

    def flush(self) -> None:
        if self.open_text:
            self.texts.append(blocks.block(self.open_text, blocks.end_symbol(self.open_text[-1].text)))
            self.open_text = []


_HEADING_CHARS = 40  # a heading's words come before its colon, near the start of the line


def _heading_words(heading: Seg | None) -> str | None:
    """"Inactive Ingredients: gelatin, ..." -> "inactive ingredients"."""
    if heading is None:
        return None
    text = heading.text
    colon = text.find(":", 0, _HEADING_CHARS)
    return norm_phrase(text[:colon] if colon >= 0 else text[:_HEADING_CHARS]) or None
