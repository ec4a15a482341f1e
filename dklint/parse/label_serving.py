"""The serving statement, the dosage form and the foreign-format tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "half": 0.5, "a": 1, "an": 1, "½": 0.5, "¼": 0.25}
_SIZE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?|½|¼|one|two|three|four|five|six|seven|eight|nine|ten|half|an?)\b"
    r"\s*(?:\(\s*\d+(?:[.,]\d+)?\s*\)\s*)?(?P<unit>(?:[^\W\d_]+[ \t-]*){0,3})", _I)
_BRACKET = re.compile(r"\s*\((?P<alt>[^()]{0,40})\)")
# Dosage-form nouns and the form each implies.
FORM_OF = {
    "softgel": "softgel", "softgels": "softgel", "gel": "softgel", "gels": "softgel", "capsule": "capsule",
    "capsules": "capsule", "cap": "capsule", "caps": "capsule", "vcap": "capsule", "vcaps": "capsule",
    "vegcap": "capsule", "vegcaps": "capsule", "tablet": "tablet", "tablets": "tablet", "tab": "tablet",
    "tabs": "tablet", "caplet": "tablet", "caplets": "tablet", "chewable": "tablet", "chewables": "tablet",
    "drop": "drops", "drops": "drops", "dropper": "drops", "droppers": "drops", "dropperful": "drops",
    "ml": "liquid", "teaspoon": "liquid", "teaspoons": "liquid", "tablespoon": "liquid",
    "tablespoons": "liquid", "tsp": "liquid", "tbsp": "liquid", "liquid": "liquid", "gummy": "gummy",
    "gummies": "gummy", "lozenge": "lozenge", "lozenges": "lozenge", "pastille": "lozenge",
    "scoop": "powder", "scoops": "powder", "powder": "powder", "g": "powder", "packet": "powder",
    "stick": "powder", "sachet": "powder",
}
_SINGULAR = {"gummies": "gummy", "softgels": "softgel", "gels": "gel", "capsules": "capsule", "caps": "capsule",
             "tablets": "tablet", "tabs": "tablet", "caplets": "caplet", "drops": "drop", "lozenges": "lozenge",
             "scoops": "scoop", "teaspoons": "teaspoon", "tablespoons": "tablespoon", "droppers": "dropper",
             "vcaps": "capsule", "vegcaps": "capsule", "chewables": "chewable", "packets": "packet"}
_FORM_WORD = re.compile(
    r"\b(softgels?|soft\s?gels?|capsules?|vcaps|caplets?|tablets?|lozenges?|gumm(?:y|ies)|drops?|liquid|powder|"
    r"chewables?)\b", _I)
_OIL_TEXT = re.compile(r"\boil\s+base\b|\bbase\s+of\b[^.]{0,60}\boil\b|\bin\s+(?:[a-z-]+\s+){0,2}oil\b", _I)
_OIL_WORDS = ("oil", "triglycerid", "mct")
_MEDICINAL = re.compile(r"medicinal\s+ingredient", _I)
_NRV = re.compile(r"\bnrv\b", _I)


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
        if word.lower().strip("-") in FORM_OF:
            return words[: index + 1]
    return words[:1] if len(words) > 1 else words


def _unit_name(words: list[str]) -> str | None:
    if not words:
        return None
    last = words[-1].lower().strip("-")
    if last in ("gel", "gels") and len(words) > 1 and words[-2].lower() == "soft":
        return "softgel"
    return _SINGULAR.get(last, last)


def form_from_words(*texts: str | None) -> str | None:
    """The first dosage form named in ``texts``."""
    for text in texts:
        if not text:
            continue
        key = text.lower().strip()
        if key in FORM_OF:
            return FORM_OF[key]
        m = _FORM_WORD.search(text)
        if m:
            word = m.group(1).lower().replace(" ", "")
            return FORM_OF.get(word, FORM_OF.get(word.rstrip("s"), "softgel" if "gel" in word else None))
    return None


def oil_based(other_ingredients: str | None, texts: list[str]) -> bool:
    """Drops or a liquid in an oil (MCT, olive, coconut): an oil-based form."""
    if other_ingredients and any(word in other_ingredients.lower() for word in _OIL_WORDS):
        return True
    return any(_OIL_TEXT.search(text[:2000]) for text in texts)


def foreign_format(has_drug_facts: bool, lines: list[str]) -> str | None:
    """"drug-facts", "npn" (Canadian "Medicinal ingredients") or "eu-nrv" (%NRV), else None."""
    if has_drug_facts:
        return "drug-facts"
    npn = nrv = False
    for line in lines:
        lower = line.lower()
        if "medicinal" in lower:
            npn = npn or any(not lower[max(0, m.start() - 4) : m.start()].rstrip("- ").endswith("non")
                             for m in _MEDICINAL.finditer(line))
        if "nrv" in lower:
            nrv = nrv or _NRV.search(line) is not None
    return "npn" if npn else "eu-nrv" if nrv else None
