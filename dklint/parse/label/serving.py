"""The serving statement ("Serving Size: 2 Softgels") and the dosage form a label names.

The words servings are counted in, and the form each implies, are data
(``dklint.facts.dose_forms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dklint.facts.dose_forms import form_of, prose_form_word, unit_of

_I = re.IGNORECASE
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "half": 0.5, "a": 1, "an": 1, "½": 0.5, "¼": 0.25}
_SIZE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?|½|¼|one|two|three|four|five|six|seven|eight|nine|ten|half|an?)\b"
    r"\s*(?:\(\s*\d+(?:[.,]\d+)?\s*\)\s*)?(?P<unit>(?:[^\W\d_]+[ \t-]*){0,3})", _I)
_BRACKET = re.compile(r"\s*\((?P<alt>[^()]{0,40})\)")
_OIL_TEXT = re.compile(r"\boil\s+base\b|\bbase\s+of\b[^.]{0,60}\boil\b|\bin\s+(?:[a-z-]+\s+){0,2}oil\b", _I)
_OIL_WORDS = ("oil", "triglycerid", "mct")


@dataclass(slots=True)
class ServingSize:
    size: float | None
    unit: str | None
    end: int  # index just after the statement in the text it was read from
    alt: tuple[float, str] | None  # "(five drops)" -> (5, "drop")


def number_word(text: str) -> float | None:
    text = text.strip().lower()
    if text in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[text])
    try:
        if "/" in text:
            top, bottom = text.split("/", 1)
            return float(top) / float(bottom) if float(bottom) else None
        return float(text.replace(",", "."))
    except ValueError:
        return None


def read_serving(text: str, start: int) -> ServingSize:
    """"1 Softgel", "one (1) softgel", "0.1 ml (five drops)", "3 veg capsules" from ``text[start:]``."""
    m = _SIZE.match(text, start)
    if m is None:
        return ServingSize(None, None, start, None)
    words = m.group("unit").split()
    unit_words = _up_to_form(words)
    end = m.start("unit")
    if unit_words:  # end of the last unit word taken
        end = text.index(unit_words[-1], end) + len(unit_words[-1])
    unit = _unit_name(unit_words)
    alt = None
    bracket = _BRACKET.match(text, end)
    if bracket:
        inner = read_serving(bracket.group("alt"), 0)
        alt = (inner.size, inner.unit) if inner.size is not None and inner.unit else None
        end = bracket.end()
    return ServingSize(number_word(m.group("num")), unit, end, alt)


def _up_to_form(words: list[str]) -> list[str]:
    """Unit words up to the first dosage-form noun ("veg capsules"), else all of them."""
    for index, word in enumerate(words):
        if form_of(word.lower().strip("-")) is not None:
            return words[: index + 1]
    return words[:1] if len(words) > 1 else words


def _unit_name(words: list[str]) -> str | None:
    if not words:
        return None
    last = words[-1].lower().strip("-")
    if last in ("gel", "gels") and len(words) > 1 and words[-2].lower() == "soft":
        return "softgel"
    return unit_of(last) or last


def form_from_words(*texts: str | None) -> str | None:
    """The first dosage form named in ``texts``."""
    for text in texts:
        if not text:
            continue
        found = form_of(text.lower().strip())
        if found is not None:
            return found
        m = prose_form_word().search(text)
        if m:
            word = " ".join(m.group(1).lower().split())
            return form_of(word) or form_of(word.rstrip("s")) or ("softgel" if "gel" in word else None)
    return None


def oil_based(other_ingredients: str | None, texts: list[str]) -> bool:
    """Drops or a liquid in an oil (MCT, olive, coconut): an oil-based form."""
    if other_ingredients and any(word in other_ingredients.lower() for word in _OIL_WORDS):
        return True
    return any(_OIL_TEXT.search(text[:2000]) for text in texts)
