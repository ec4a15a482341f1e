"""Rewrites of how the words are spelt and marked up: letter case, microgram spellings, "health care",
HTML residue from web pages, and marketing prose around the label.

Each rewrite takes the label text and ``draw`` (hypothesis' ``data.draw``) and returns a ``Mapped`` text; its
docstring says why a careful reviewer agrees the label still says the same.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

from tests.metamorphic.anatomy import HEADING, Line, cells, lines_of
from tests.metamorphic.layout_rewrites import Draw, indent_end, rewrite_lines
from tests.metamorphic.mapped import Mapped, Rewriter, unchanged

# -- letter case ----------------------------------------------------------------------------------------

CASES = ("as is", "upper", "lower", "title")


def _recased(text: str, start: int, end: int, case: str, out: Rewriter) -> None:
    """``text[start:end]`` in ``case``, letter for letter. Only ASCII letters change: ``"µ".upper()`` is the Greek
    capital Mu, which reads as a Latin M ("25 ΜG" looks like milligrams), and a printed all-caps label keeps µ.
    """
    if case == "as is":
        out.keep(start, end)
        return
    for index in range(start, end):
        char = text[index]
        if not ("a" <= char.lower() <= "z"):
            out.keep(index, index + 1)
            continue
        starts_word = index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "'")
        upper = case == "upper" or (case == "title" and starts_word)
        out.put(char.upper() if upper else char.lower(), index)


def letter_case(text: str, draw: Draw) -> Mapped:
    """The whole label, or each line on its own, in upper case, lower case or title case. Labels are printed in
    all three (the fixtures hold UPPER CASE and lower-case panels), and case changes no word, unit or number:
    MCG is mcg, "Vitamin D3" is "VITAMIN D3".
    """
    lines = lines_of(text)
    if draw(st.booleans()):
        case = draw(st.sampled_from(CASES[1:]))
        chosen = [case] * len(lines)
    else:
        chosen = draw(st.lists(st.sampled_from(CASES), min_size=len(lines), max_size=len(lines)))
    case_of = {line.start: case for line, case in zip(lines, chosen)}
    return rewrite_lines(text, lambda line, out: _recased(text, line.start, line.end, case_of[line.start], out))


# -- spellings ------------------------------------------------------------------------------------------

_MICROGRAM = re.compile(r"(?<=\d)(\s?)(mcg|µg|μg|ug)(?![a-z])", re.IGNORECASE)
MICROGRAM_SPELLINGS = ("mcg", "µg", "μg", "ug")  # µ is U+00B5 (micro sign), μ is U+03BC (Greek mu)
_HEALTH_CARE = re.compile(r"\bhealth[ -]?care\b", re.IGNORECASE)
HEALTH_CARE_SPELLINGS = ("health care", "healthcare", "health-care")


def _respelt(text: str, pattern: re.Pattern[str], group: int, choose: Draw, spellings: tuple[str, ...]) -> Mapped:
    out = Rewriter(text)
    done = 0
    for found in pattern.finditer(text):
        start, end = found.span(group)
        out.keep(done, start)
        word = found.group(group)
        spelling = choose(st.sampled_from(spellings))
        if word.isupper():  # only ASCII letters: the micro sign has no capital on a label
            spelling = "".join(char.upper() if char.isascii() else char for char in spelling)
        elif word[:1].isupper():
            spelling = spelling[:1].upper() + spelling[1:]
        out.put(spelling, start)
        done = end
    out.keep(done, len(text))
    return out.result()


def microgram_spellings(text: str, draw: Draw) -> Mapped:
    """Each microgram unit spelt mcg, µg (micro sign), μg (Greek mu) or ug. All four are how labels write the
    microgram (21 CFR 101.9(c)(8)(iv) uses "mcg"; the fixtures hold each of the others), so "25 µg" is "25 mcg".
    """
    return _respelt(text, _MICROGRAM, 2, draw, MICROGRAM_SPELLINGS)


def health_care_spellings(text: str, draw: Draw) -> Mapped:
    """Each "health care" spelt "health care", "healthcare" or "health-care": one noun in three spellings, and a
    warning to consult a health-care provider is the same warning.
    """
    return _respelt(text, _HEALTH_CARE, 0, draw, HEALTH_CARE_SPELLINGS)


# -- HTML residue ---------------------------------------------------------------------------------------

# Tags that lay out a page. In text holding them a line of the file is not a line the reader sees (a browser
# joins the file's lines inside a paragraph), so the rewrites that mark up lines leave such text alone.
_BLOCK_MARKUP = re.compile(r"<(?:p|div|table|tr|td|th|li|ul|ol|h[1-6]|body|html)\b", re.IGNORECASE)


def html_paragraphs(text: str, draw: Draw) -> Mapped:
    """Each line wrapped in ``<p>…</p>``, as a label copied from a page's source arrives. A browser shows the
    same lines; tags are not text. Text that is already a laid-out page is left as it is.
    """
    if _BLOCK_MARKUP.search(text):
        return unchanged(text)

    def write(line: Line, out: Rewriter) -> None:
        if not line.text.strip():
            out.keep(line.start, line.end)
            return
        out.put("<p>", line.start)
        out.keep(line.start, line.end)
        out.put("</p>", line.end)

    return rewrite_lines(text, write)


def html_breaks_at_line_ends(text: str, draw: Draw) -> Mapped:
    """A ``<br>`` or ``<br />`` at the end of every line (page source that breaks lines twice). A browser shows
    the same lines. Text that is already a laid-out page is left as it is.
    """
    tag = draw(st.sampled_from(["<br>", "<br />", "<br/>"]))
    if _BLOCK_MARKUP.search(text):
        return unchanged(text)

    def write(line: Line, out: Rewriter) -> None:
        out.keep(line.start, line.end)
        if line.text.strip():
            out.put(tag, line.end)

    return rewrite_lines(text, write)


def html_breaks_on_one_line(text: str, draw: Draw) -> Mapped:
    """All lines on one line, each break written ``<br />`` (page source with no line ends, as a scraper saves
    it). A browser shows exactly the lines of the original, so the label is the same. The tag stands for the
    start of the line it opens: a reader that starts the next line's span at the tag points at that line. Text
    that is already a laid-out page is left as it is.
    """
    tag = draw(st.sampled_from(["<br>", "<br />", "<br/>"]))
    if _BLOCK_MARKUP.search(text):
        return unchanged(text)
    out = Rewriter(text)
    done = 0
    for index, char in enumerate(text.rstrip("\n")):
        if char == "\n":
            out.keep(done, index)
            out.put(tag, index + 1)
            done = index + 1
    out.keep(done, len(text))
    return out.result()


def _bold_spans(line: Line) -> list[tuple[int, int]]:
    """What pages set in bold: a table row's name cell, a heading ("Directions:"), the panel title."""
    found = cells(line)
    if found:
        return [found[0]]
    heading = HEADING.match(line.text, indent_end(line) - line.start)
    if heading:
        return [(line.start + heading.start(), line.start + heading.start() + len(heading.group().rstrip()))]
    if line.text.strip().lower() == "supplement facts":
        return [(indent_end(line), line.start + len(line.text.rstrip()))]
    return []


def html_bold(text: str, draw: Draw) -> Mapped:
    """``<strong>`` or ``<b>`` around the name cell of each row, each heading and the panel title: emphasis a
    page adds for display. The words inside are the same words.
    """
    tag = draw(st.sampled_from(["strong", "b"]))

    def write(line: Line, out: Rewriter) -> None:
        done = line.start
        for start, end in _bold_spans(line):
            out.keep(done, start)
            out.put(f"<{tag}>", start)
            out.keep(start, end)
            out.put(f"</{tag}>", end)
            done = end
        out.keep(done, line.end)

    return rewrite_lines(text, write)


# Characters a page writes as entities, each with the spellings pages use.
_ENTITIES = {"&": ("&amp;",), "µ": ("&#181;", "&micro;"), "μ": ("&#956;", "&mu;"), "’": ("&rsquo;", "&#8217;"),
             '"': ("&quot;",), "'": ("&#39;",), "®": ("&reg;", "&#174;"), "™": ("&trade;",)}
_NUMBER_THEN_WORD = re.compile(r"(?<=\d) (?=[A-Za-zµμ%(])")


def html_entities(text: str, draw: Draw) -> Mapped:
    """Characters written as HTML entities (``&amp;``, ``&#181;`` or ``&micro;`` for µ, ``&quot;``, ...) and the
    space between a number and its unit written ``&nbsp;``, as web pages set them. A browser shows the same
    characters.
    """
    nbsp = draw(st.booleans())
    spellings = {char: draw(st.sampled_from(options)) for char, options in _ENTITIES.items() if char in text}
    out = Rewriter(text)
    number_gaps = {m.start() for m in _NUMBER_THEN_WORD.finditer(text)} if nbsp else set()
    for index, char in enumerate(text):
        if char in spellings:
            out.put(spellings[char], index)
        elif index in number_gaps:
            out.put("&nbsp;", index)
        else:
            out.keep(index, index + 1)
    return out.result()


# -- prose around the label -----------------------------------------------------------------------------

# Sentences a product page puts around a label that state no dose, no claim, no direction, no warning and
# name no nutrient, so no rule has anything to say about them.
MARKETING = (
    "Thank you for choosing our family of products.",
    "Every bottle is packed in small batches by our own team.",
    "Our bottles are made from recycled glass.",
    "Questions about your order? Write to our customer care team.",
    "Free shipping on every order over fifty dollars.",
    "Loved by thousands of customers across the country.",
    "Sealed for freshness and packed with care.",
    "Discover the rest of our range on our website.",
)


def marketing_prose(text: str, draw: Draw) -> Mapped:
    """Marketing sentences from a product page (``MARKETING``) before and after the label, with or without a
    blank line between. They state no dose, claim, direction or warning, so the label says what it said.
    """
    sentence_lists = st.lists(st.sampled_from(MARKETING), max_size=3, unique=True)
    before, after = draw(sentence_lists), draw(sentence_lists)
    if not before and not after:
        before = [MARKETING[0]]
    gap = draw(st.sampled_from(["\n", "\n\n"]))
    out = Rewriter(text)
    if before:
        out.put(" ".join(before) + gap, None)
    out.keep(0, len(text))
    if after:
        out.put(("" if text.endswith("\n") else "\n") + gap.replace("\n", "", 1) + " ".join(after) + "\n", None)
    return out.result()


WORDING_REWRITES = {
    rewrite.__name__: rewrite
    for rewrite in (letter_case, microgram_spellings, health_care_spellings, html_paragraphs,
                    html_breaks_at_line_ends, html_breaks_on_one_line, html_bold, html_entities, marketing_prose)
}
