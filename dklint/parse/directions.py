"""How many servings a day the directions call for: the one place both parsers ask.

"Take 2 softgels daily" -> 2, "1 capsule twice a day" -> 2, "1-2 tablets daily" -> 2
(the most the label allows), "Take 1 softgel 3 times daily" -> 3, "twice daily" -> 2.
Counted in the serving's own unit when the label states one: with "Serving Size:
2 capsules", "take 2 capsules daily" is one serving a day. One pass over the
words with a few words of look-ahead: linear in the text.
"""

from __future__ import annotations

import re

from dklint.base.textmemo import text_memo
from dklint.base.textnorm import clean
from dklint.facts.dose_forms import same_count, unit_of

_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|[(),;.\-/]")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "half": 0.5}
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_RANGE = frozenset({"-", "to", "or"})
_CLAUSE_END = frozenset({",", ";", ".", "preferably", "or"})
_SENTENCE_END = frozenset({";", "."})
_DAILY = frozenset({"daily", "day", "days", "morning", "evening", "night", "bedtime", "breakfast", "lunch",
                    "dinner", "meal", "meals"})
_LOOKAHEAD = 4  # words between a count and what it counts: "two (2) veggie capsules"


@text_memo  # catalogs repeat the same directions line on thousands of products
def servings_per_day(text: str, serving_size: float | None = None, serving_unit: str | None = None,
                     serving_alt: tuple[float | None, str | None] | None = None) -> float | None:
    """Servings a day that directions ``text`` call for; None when they do not say (or say none).

    ``serving_size`` and ``serving_unit`` are the serving statement's ("2 capsules"):
    a count in the same unit is divided by the size. ``serving_alt`` is a second
    measure of the serving in brackets ("0.1 ml (five drops)" -> (5, "drop")), which
    directions may count in instead ("5 drops daily" is one serving).
    """
    found = dose_per_day(text)
    if found is None:
        return None
    count, unit = found
    if serving_size is not None and unit and serving_alt and serving_alt[1] and _unit(serving_alt[1]) == unit:
        count = count / serving_alt[0] if serving_alt[0] else 0
    elif serving_size and unit and (serving_unit is None or same_count(_unit(serving_unit), unit)):
        count = count / serving_size  # "Serving size: 2" with no unit is two of what the directions count
    return count if count > 0 else None


def _unit(word: str) -> str:
    """The unit a serving statement's word counts ("Capsules" -> "capsule"), or the word itself."""
    lower = word.lower()
    return unit_of(lower) or lower


@text_memo
def dose_per_day(text: str) -> tuple[float, str | None] | None:
    """(units a day, the unit counted) from directions, e.g. (2.0, "softgel")."""
    if not isinstance(text, str) or not text:
        return None
    words = _TOKEN.findall(clean(text[:4000]).lower())
    for index, word in enumerate(words):
        count = _count(words, index)
        if count is None:
            continue
        value, after = count
        unit_at = _unit_at(words, after)
        if unit_at is None:
            continue
        times = _frequency(words, unit_at + 1)
        if times is None and not _says_daily(words, unit_at + 1):
            continue  # "take 2 capsules with water": not said to be daily; a later clause may say
        return value * (times or 1), unit_of(words[unit_at])
    times = _frequency(words, 0)
    return (float(times), None) if times is not None else None


def _number(word: str) -> float | None:
    if word in _NUMBERS:
        return float(_NUMBERS[word])
    if word[:1].isdigit():
        try:
            return float(word.replace(",", "."))
        except ValueError:
            return None
    return None


def _count(words: list[str], index: int) -> tuple[float, int] | None:
    """A count at ``index`` ("2", "one (1)", "1-2", "1 to 2") and the index after it."""
    value = _number(words[index])
    if value is None:
        return None
    after = index + 1
    if words[after : after + 3] and len(words) > after + 2 and words[after] == "(" and words[after + 2] == ")":
        after += 3  # "one (1)"
    if after + 1 < len(words) and words[after] in _RANGE:
        upper = _number(words[after + 1])
        if upper is not None:
            value, after = max(value, upper), after + 2
    return value, after


def _unit_at(words: list[str], start: int) -> int | None:
    for index in range(start, min(len(words), start + _LOOKAHEAD)):
        word = words[index]
        if unit_of(word) is not None:
            return index
        if word in _CLAUSE_END or word in _TIMES or word == "times" or _number(word) is not None:
            return None
    return None


def _frequency(words: list[str], start: int) -> float | None:
    """Times a day in the sentence from ``start``: "twice", "3 times", "2x", "once or twice" (the most).

    A comma does not end the search: "Chew one tablet with meals, two to three times a day".
    """
    best = None
    for index in range(start, len(words)):
        word = words[index]
        if word in _SENTENCE_END:
            break
        times = _TIMES.get(word)
        if times is None and word in ("times", "x") and index > start:
            times = _number(words[index - 1])
            if index > start + 1 and words[index - 2] in _RANGE and index > start + 2:
                lower = _number(words[index - 3])
                times = max(times or 0, lower or 0) or None
        if times is not None:
            best = max(best or 0, times)
    return best


def _says_daily(words: list[str], start: int) -> bool:
    for index in range(start, len(words)):
        if words[index] in _CLAUSE_END and words[index] != "or":
            return False
        if words[index] in _DAILY or words[index] == "per" and words[index + 1 : index + 2] == ["day"]:
            return True
    return False
