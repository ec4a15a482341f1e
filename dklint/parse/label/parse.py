"""Label text into the ``Label`` model.

A line-oriented reader: the text is split into lines (``# dklint:`` comments
dropped), long lines are cut where a keyword starts ("... softgel
ingredients: vitamin d ..."), each piece is classed by its first words and rows
are parsed with the Lark grammar in ``grammar/label.lark``. A line the reader
cannot place never fails the file: inside a Supplement Facts panel it is a DK004
finding, elsewhere it is text. Spans are offsets into ``source.text``.

Ingredients come from the best evidence there is: panel or list rows; failing
those, rows standing alone on a line ("Vitamin C (Ascorbic Acid) 150 mg"); failing
those, doses named in sentences ("Contains 125 mcg D3 ..."), one per nutrient.
"""

from __future__ import annotations

import re

from dklint.findings import Finding
from dklint.model import Ingredient, Label, Serving
from dklint.parse.directions import servings_per_day
from dklint.parse.label.heads import split_keywords
from dklint.parse.label.kind import foreign_format
from dklint.parse.label.lines import label_lines
from dklint.parse.label.reader import LabelReader
from dklint.parse.label.serving import ServingSize, form_from_words, oil_based, read_serving
from dklint.parse.result import ParseResult
from dklint.source import Source, Span

# "Each tablespoon (15 ml) contains", "Each level teaspoon (3 g) contains": the measure tells the form.
_MEASURE = re.compile(r"\(\s*[\d.,]+\s*(ml|g)\s*\)", re.IGNORECASE)


def parse_label(source: Source) -> ParseResult:
    """Parse label text; never raises (an internal error becomes a DK009 finding)."""
    try:
        return read_label(source)
    except Exception as error:  # noqa: BLE001 - one bad input must not stop a catalog run
        finding = Finding("DK009", "error", f"the label reader failed on this input: {type(error).__name__}: {error}",
                          Span(0, 0))
        return ParseResult(source=source, label=Label(input_kind="text"), findings=[finding])


def read_label(source: Source) -> ParseResult:
    """The parse itself, without the safety net (the property tests call this one)."""
    text = source.text if isinstance(source.text, str) else ""
    reader = LabelReader()
    lines = label_lines(text)
    for line in lines:
        for seg in split_keywords(line):
            reader.feed(seg)
    reader.finish()
    label = _label(reader, [line.text for line in lines])
    # A Drug Facts panel, an NPN or an EU %NRV list is not a Supplement Facts panel: the
    # engine reports DK005 and checks nothing else, so its lines are not DK004/DK006 either.
    findings = [] if label.foreign_format else reader.panel.findings
    return ParseResult(source=source, label=label, findings=findings)


def _label(b: LabelReader, lines: list[str]) -> Label:
    s = b.sections
    serving = _serving(b)
    form = _form(b, serving)
    has_panel = b.title is not None or (b.serving_seen and bool(b.panel.rows))
    extent = b.panel.extent
    return Label(
        input_kind="text", form=form, title=b.title,
        panel_span=Span(extent[0], extent[1]) if b.panel.seen and extent else None,
        has_panel=has_panel, serving=serving, ingredients=tuple(_ingredients(b)),
        other_ingredients=s.other or s.statement, directions=tuple(s.directions), warnings=tuple(s.warnings),
        disclaimer=s.disclaimer, footnotes=tuple(s.footnotes), text_blocks=tuple(s.texts),
        foreign_format=foreign_format(b.drug_facts, lines),
    )


def _ingredients(b: LabelReader) -> list[Ingredient]:
    """Rows of a panel or list; else rows alone on a line; else doses in sentences, first per nutrient."""
    if b.panel.rows:
        return b.panel.rows
    seen: set[str | None] = set()
    first: list[Ingredient] = []
    for item in b.loose or b.prose:  # a title line and a list may both name the nutrient: count it once
        if item.nutrient not in seen:
            seen.add(item.nutrient)
            first.append(item)
    return first


def _serving(b: LabelReader) -> Serving:
    size = b.serving
    text, span = b.serving_text if b.serving_text else (None, None)
    per_day, origin = None, "assumed"
    counted = size if size is not None and size.size is not None else _header_serving(b.hints)
    for block in b.sections.directions:
        per_day = (servings_per_day(block.text, counted.size, counted.unit, counted.alt) if counted is not None
                   else servings_per_day(block.text))
        if per_day is not None:
            origin = "directions"
            break
    return Serving(
        size=size.size if size else None, unit=size.unit if size else None, text=text or None, span=span,
        servings_per_container=b.per_container, servings_per_day=per_day, servings_per_day_origin=origin,
    )


def _header_serving(hints: list[str]) -> ServingSize | None:
    """"Amount per 2 capsules" says what a serving is when no serving size line does."""
    for hint in hints:
        at = hint.find("amount per ")
        if at >= 0:
            found = read_serving(hint, at + len("amount per "))
            if found.size is not None and found.unit:
                return found
    return None


def _form(b: LabelReader, serving: Serving) -> str | None:
    alt = b.serving.alt[1] if b.serving and b.serving.alt else None
    texts = [block.text for block in b.sections.texts[:30]]
    other = b.sections.other.text if b.sections.other else None
    hints = [_MEASURE.sub(lambda m: " liquid " if m.group(1).lower() == "ml" else " powder ", h) for h in b.hints]
    form = form_from_words(alt if serving.unit == "ml" else None, serving.unit, *hints, other, *texts)
    if form in ("drops", "liquid") and oil_based(other, texts):
        return "oil drops"
    return form
