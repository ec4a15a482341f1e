"""Prose of a label: paragraphs of directions, warnings, other ingredients, and loose text.

Also the tests that tell a statement from a row: does a line read like a
sentence, like directions, like a warning, like a heading of some section dklint
does not know ("STORAGE", "Key Benefits")?
"""

from __future__ import annotations

import re
from functools import cache

from dklint.facts.dose_forms import counted_pattern
from dklint.facts.phrases import has_phrase, starts_with_phrase
from dklint.facts.units import unit_table
from dklint.model import TextBlock
from dklint.parse.label.lines import Seg
from dklint.source import Span

_I = re.IGNORECASE
_COUNT = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|half|a)"


@cache
def _directions_start() -> re.Pattern[str]:
    """Lines that are directions by their first words: "Take ...", "As a dietary supplement, ...",
    "Adults: 1 drop daily", "2 softgels daily with a meal", "Chew 2 gummies ...", "Add one drop ..."."""
    dose_forms = counted_pattern()
    return re.compile(
        r"(?:take\b|as\s+a\s+(?:dietary|food)\s+supplement\b|adults?\b[^.:]{0,50}:\s*(?:take\b|\d|one|two|three)"
        r"|" + _COUNT + r"\s*(?:-\s*\d+\s*)?(?:\([^()]{0,20}\)\s*)?(?:[^\W\d_]+\s+){0,2}?" + dose_forms
        + r".{0,40}?\b(?:daily|a\s+day|per\s+day|each\s+day)"
        r"|(?:chew|dissolve|mix|swallow|place|add|put|use|shake)\s+(?:[^\s\d]+\s+){0,3}?" + _COUNT
        + r"\s+(?:\([^()]{0,20}\)\s*)?(?:[^\W\d_]+\s+){0,2}?" + dose_forms + ")", _I)


_FUNCTION_WORDS = frozenset(
    "the is are will be may can that this has have was were should would which it its you your we our "
    "helps help supports support for to than if when keep aim".split())
_LABELLED = re.compile(r"[^\W\d_]+(?:[ \t/&-]+[^\W\d_]+){0,3}\s*:")
_BULLET = "•·▪‣◦►✓✔-–"
_END_SYMBOLS = "*†‡§¶"


def more_directions(text: str) -> bool:
    """"Never exceed dosage. Take with a meal." after a directions line is more directions."""
    return has_phrase(text[:300], "directions_words")


def more_warnings(text: str) -> bool:
    """"Consult your physician before use." after a one-line warning is more of the warning."""
    return has_phrase(text[:300], "caution_words")


_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


@cache
def _dose_pattern() -> re.Pattern[str]:
    """A number followed by a mass or IU unit, spelt any way units.yaml knows."""
    table = unit_table()
    spellings = sorted((s for s, unit in table.spellings.items() if unit in ("mcg", "mg", "g", "IU")), key=len, reverse=True)
    units = "|".join(re.escape(s) for s in spellings)
    return re.compile(r"\d[ \t]{0,40}(?:" + units + r"|i\.\s?u|international)(?![^\W\d_])", re.IGNORECASE)


def has_dose(text: str) -> bool:
    """Could a dose be stated here ("125 mcg", "1000IU")? A quick test before reading the line."""
    return _dose_pattern().search(text) is not None


_LIST_ITEM_WORDS = 6  # "Sunflower seed Oil", "Calcium Phosphate": an excipient's name is a few words


def bare_ingredient_list(text: str) -> bool:
    """"Gelatin, Vegetable Glycerin, Beeswax, Purified Water": an ingredient statement without its heading.

    Three or more short comma-separated items, no dose among them, no sentence.
    """
    items = [item.strip() for item in text.rstrip(" .").split(",")]
    if len(items) < 3 or any(not item or len(item.split()) > _LIST_ITEM_WORDS for item in items):
        return False
    return not has_dose(text) and _SENTENCE_END.search(text) is None


_SENTENCE_END = re.compile(r"[a-z]{4,}\. [A-Z]")  # "... in water. Keep" ends a sentence; "Alt. Name" does not


def looks_like_directions(text: str) -> bool:
    return _directions_start().match(text) is not None


def looks_like_warning(text: str) -> bool:
    """A line that opens a warning by its first words ("Keep out of reach ...", "If pregnant, ...")."""
    return starts_with_phrase(text[:_OPENER_CHARS], "warning_openers")


_OPENER_CHARS = 200  # far more than the longest opener: the rest of a long line is never tokenized here


def prose_like(text: str) -> bool:
    """A sentence rather than a panel row: enough words, and some of them grammar words (a "|" is no word)."""
    words = [word for word in text[:400].lower().split() if any(char.isalnum() for char in word)]
    if len(words) < 5:
        return False
    function = sum(word.strip(".,;:") in _FUNCTION_WORDS for word in words)
    return function >= 1 and (len(words) >= 7 or text.rstrip().endswith("."))


def heading_like(text: str) -> bool:
    """"STORAGE", "PREGNANCY AND BREASTFEEDING", "Key Benefits", "Allergens:": a section dklint does not know."""
    if _LABELLED.match(text):
        return True
    words = text.split()
    if not words or len(words) > 6 or has_digit(text) or text[-1] in ".,;!?":
        return False
    if text.isupper():
        return True
    return len(words) <= 3 and all(word[:1].isupper() for word in words if word.isalpha())


def caps_heading(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and len(words) <= 6 and text.isupper() and not has_digit(text)


def labelled(text: str) -> bool:
    return _LABELLED.match(text) is not None


def bulleted(text: str) -> bool:
    return len(text) > 1 and text[0] in _BULLET and (text[1] == " " or text[0] not in "-–")


def strip_bullet(seg: Seg) -> Seg:
    if bulleted(seg.text):
        stripped = seg.sub(1).strip()
        stripped.blank_before, stripped.indent = seg.blank_before, seg.indent
        return stripped if stripped.text else seg
    return seg


def block(parts: list[Seg], symbol: str | None = None) -> TextBlock:
    """One TextBlock over consecutive segments: text joined with single spaces."""
    if len(parts) == 1 and "  " not in parts[0].text:
        text = parts[0].text
    else:
        text = " ".join(" ".join(part.text.split()) for part in parts)
    last = parts[-1]
    return TextBlock.model_construct(text=text, span=Span(parts[0].at(0), last.at(len(last.text))),
                                     symbol=symbol)


def end_symbol(text: str) -> str | None:
    """The footnote mark a claim ends with: "Supports bone health*" -> "*"."""
    stripped = text.rstrip(" .")
    count = len(stripped) - len(stripped.rstrip(_END_SYMBOLS))
    return stripped[len(stripped) - count :] if count else None


def continues(previous: Seg, seg: Seg) -> bool:
    """A hard-wrapped sentence: the line before did not end one and this one starts in lower case
    (its first letter: "take two" / "(2) veggie capsules once a day")."""
    if seg.blank_before:
        return False
    last = previous.text.rstrip()[-1:]
    if not last or last in ".!?:;*†":
        return False
    first = _FIRST_LETTER.search(seg.text[:_LEAD_CHARS])
    return first is not None and first.group().islower()


_LEAD_CHARS = 8  # "(2) " or "1-2 " may come before the first word of a wrapped line
_FIRST_LETTER = re.compile(r"[^\W\d_]")
