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

from dklint.facts.nutrients import name_before_source, registry
from dklint.findings import Finding
from dklint.model import Ingredient, Label, Serving, TextBlock
from dklint.parse.directions import servings_per_day
from dklint.parse.label.heads import split_keywords
from dklint.parse.label.kind import foreign_format
from dklint.parse.label.subject import subject_dose
from dklint.parse.label.layout import canonical_lines
from dklint.parse.label.lines import label_lines
from dklint.parse.label.reader import LabelReader
from dklint.facts.dose_forms import unit_of
from dklint.parse.label.serving import ServingSize, form_from_words, number_word, oil_based, read_serving
from dklint.parse.result import ParseResult
from dklint.source import Source, Span

# "Each tablespoon (15 ml) contains", "Each level teaspoon (3 g) contains": the measure tells the form.
_MEASURE = re.compile(r"\(\s*[\d.,]+\s*(ml|g)\s*\)", re.IGNORECASE)


def parse_label(source: Source, max_rows: int | None = None) -> ParseResult:
    """Parse label text; never raises (an internal error becomes a DK009 finding).

    With ``max_rows``, reading stops at the first ingredient row over it (``ParseResult.rows_over``).
    """
    try:
        return read_label(source, max_rows)
    except Exception as error:  # noqa: BLE001 - one bad input must not stop a catalog run
        finding = Finding("DK009", "error", f"the label reader failed on this input: {type(error).__name__}: {error}",
                          Span(0, 0))
        return ParseResult(source=source, label=Label.model_construct(input_kind="text"), findings=[finding])


def read_label(source: Source, max_rows: int | None = None) -> ParseResult:
    """The parse itself, without the safety net (the property tests call this one)."""
    text = source.text if isinstance(source.text, str) else ""
    reader = LabelReader()
    lines = canonical_lines(text, label_lines(text))
    for line in lines:
        for seg in split_keywords(line):
            reader.feed(seg)
        if max_rows is not None and len(reader.panel.rows) + len(reader.loose) > max_rows:
            return ParseResult(source=source, label=None, findings=reader.panel.findings, rows_over=_newest(reader))
    reader.finish()
    label = _label(reader, [line.text for line in lines])
    label = label.model_copy(update={"ingredients": tuple(_checked_alone(row, text) for row in label.ingredients)})
    # A Drug Facts panel, an NPN or an EU %NRV list is not a Supplement Facts panel: the
    # engine reports DK005 and checks nothing else, so its lines are not DK004/DK006 either.
    findings = [] if label.foreign_format else reader.panel.findings
    return ParseResult(source=source, label=label, findings=findings)


def _newest(reader: LabelReader) -> Span:
    """The span of the row read last (the one that went over the limit)."""
    return max((row.span for row in (*reader.panel.rows[-1:], *reader.loose[-1:])), key=lambda span: span.start)


def _label(b: LabelReader, lines: list[str]) -> Label:
    s = b.sections
    serving = _serving(b)
    form = _form(b, serving)
    extent = b.panel.extent
    ingredients, shaped = _ingredients(b)
    ingredients = [part for item in ingredients for part in _siblings(item)]
    foreign = foreign_format(b.drug_facts, b.title is not None, lines)
    document = "foreign" if foreign else "dose-less" if not ingredients else "panel" if shaped else "listing"
    return Label.model_construct(
        input_kind="text", form=form, title=b.title,
        panel_span=Span(extent[0], extent[1]) if b.panel.seen and extent else None,
        has_panel=document == "panel", serving=serving, ingredients=tuple(ingredients),
        other_ingredients=s.other or s.statement, other_ingredients_heading=s.other_heading, directions=tuple(s.directions), warnings=tuple(s.warnings),
        disclaimer=s.disclaimer, footnotes=tuple(s.footnotes), column_headings=tuple(b.column_lines), text_blocks=tuple(_text_blocks(b)),
        foreign_format=foreign, document=document,
    )


def _checked_alone(row: Ingredient, text: str) -> Ingredient:
    """``row``, no longer ``line_alone`` unless its line of ``text`` holds it whole and nothing else.

    The reader knows a row was all a segment held; the text says whether that segment was a whole line
    (two columns of a panel side by side are two segments of one line, a wrapped row two lines in one).
    Outside the row's span only table rules, dot leaders and spaces may stand ("| Zinc | 11 mg | 100% |").
    """
    if not row.line_alone:
        return row
    start = text.rfind("\n", 0, row.span.start) + 1
    end = text.find("\n", row.span.start)
    end = len(text) if end == -1 else end
    parts = [row.span, row.name_span, *(amount.span for amount in row.amounts), *filter(None, [row.dv_span])]
    inside = all(start <= part.start and part.end <= end for part in parts)
    if inside and not any(char.isalnum() for char in text[start : row.span.start] + text[row.span.end : end]):
        return row
    return row.model_copy(update={"line_alone": False})


def _ingredients(b: LabelReader) -> tuple[list[Ingredient], bool]:
    """The best evidence of what the product holds, and whether the text is shaped like a panel.

    Rows of a panel or list win; failing those, rows standing alone on a line; failing those,
    doses in sentences, the first per nutrient. Panel-shaped: a title, a serving statement or an
    "Amount Per Serving" header was read, or rows form a list ("Ingredients:" with doses, or two
    rows standing alone on consecutive lines).
    """
    panel = b.panel
    if panel.rows:
        return panel.facts_rows(), True
    first = _first_per_nutrient(b.loose) or _first_per_nutrient(b.prose) or _subject_dose(b)
    if b.loose and panel.seen:  # rows read above a panel whose rows could not be read: its front
        first = [row.model_copy(update={"region": "front"}) if index < b.front_loose else row
                 for index, row in enumerate(first)]
    return first, panel.seen or b.listed


def _siblings(item: Ingredient) -> list[Ingredient]:
    """"Vitamin K1 & K2 800 mg": one row for two forms of a nutrient. Both are present; the row's amount
    stays with the first, as the split between them is not stated."""
    named = registry().all_named(name_before_source(item.name))
    others = [n for n in dict.fromkeys(named) if n != item.nutrient]
    known = registry().nutrients
    parent = known[item.nutrient].parent if item.nutrient in known else None
    if not others or parent is None or any(known[n].parent != parent for n in others):
        return [item]
    item = item.model_copy(update={"line_alone": False})  # two rows read from one line
    return [item, *(item.model_copy(update={
        "nutrient": n, "form": registry().form_of(n, item.name), "amounts": (), "dv_percent": None,
        "dv_text": None, "dv_span": None, "symbol": None}) for n in others)]


_TITLE_CHARS = 80  # a page's first text block is its title when it is this short


def _subject_dose(b: LabelReader) -> list[Ingredient]:
    """No dose stands beside a nutrient: the page subject's dose, if the page states one without it."""
    texts = [block.text for block in b.sections.texts]
    title = texts[0] if texts and len(texts[0]) <= _TITLE_CHARS else None
    found = subject_dose(b.orphans, title, texts)
    return [found] if found is not None else []


def _first_per_nutrient(items: list[Ingredient]) -> list[Ingredient]:
    """A title line and a list may both name the nutrient: count it once."""
    seen: set[str | None] = set()
    first: list[Ingredient] = []
    for item in items:
        if item.nutrient not in seen:
            seen.add(item.nutrient)
            first.append(item)
    return first


def _text_blocks(b: LabelReader) -> list[TextBlock]:
    """Prose outside every section; what was read before a panel opened is its front panel."""
    texts = b.sections.texts
    if not b.panel.seen or not b.front_texts:
        return texts
    return [block.model_copy(update={"region": "front"}) for block in texts[: b.front_texts]] + texts[b.front_texts :]


def _serving(b: LabelReader) -> Serving:
    """The serving statement; failing one, the serving a header names ("Amount Per 2 Capsules", "Two Drops Contain")."""
    size = b.serving
    text, span = b.serving_text if b.serving_text else (None, None)
    if size is None or size.size is None:
        headed = _header_serving(b.hints)
        if headed is not None:
            size, text = headed
    per_day, origin = None, "assumed"
    for block in b.sections.directions:
        per_day = (servings_per_day(block.text, size.size, size.unit, size.alt) if size is not None
                   else servings_per_day(block.text))
        if per_day is not None:
            origin = "directions"
            break
    return Serving.model_construct(
        size=size.size if size else None, unit=size.unit if size else None, text=text or None, span=span,
        servings_per_container=b.per_container, servings_per_day=per_day, servings_per_day_origin=origin,
    )


# Where a header names the serving: after "amount per", "ingredients per", "per", "each" or "every", or
# from its start ("Two Drops Contain", "five drops (0.1 ml) contain"). Without a count, one is meant.
_HEADER_LEADS = ("amount per ", "ingredients per ", "ingredient per ", "per ", "each ", "every ")
_HEADER_VERB = re.compile(r"\b(?:contains?|provides?|supply|supplies|delivers?)\b")
_HEADER_CHARS = 120  # a header names its serving in its first words


def _header_serving(hints: list[str]) -> tuple[ServingSize, str] | None:
    """The serving a column header names, and the header, when no serving statement does."""
    for hint in hints:
        lower = " ".join(hint[:_HEADER_CHARS].split()).lower()
        rest = lower
        for lead in _HEADER_LEADS:
            at = lower.find(lead)
            if at >= 0:
                rest = lower[at + len(lead) :]
                break
        verb = _HEADER_VERB.search(rest)
        rest = (rest[: verb.start()] if verb else rest).rstrip(" :")
        found = read_serving(rest, 0) if rest[:1].isdigit() or number_word(rest.split(" ")[0]) else None
        if found is None or found.size is None:
            found = read_serving("1 " + rest, 0)
        if found.size is not None and found.unit and unit_of(found.unit) not in (None, "serving"):
            return found, lower.rstrip(" :")
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
