"""Amount tokens: reading a number and the unit after it ("125 mcg", "10 billion CFU", "5 xyz").

The scan in ``label_tokens`` hands each number lexeme (the number with the word that
follows it) to ``add_number``, which decides whether it is an amount in a known unit,
an amount in a unit dklint does not know, or a bare count ("2 capsules") followed by
words. Number reading and unit spelling (``number_value``, ``unit_of``) live here too.
"""

from __future__ import annotations

import math
import re

from dklint.parse.label_token_kinds import AMT, COLON, DASH, NUM, SEP, UAMT, Tok, add_word
from dklint.units import canonical_unit

_NEXT_WORD = re.compile(r"[ \t]?([^\W\d_]+)")
_AFTER_UNIT = re.compile(r"[ \t|]*(?P<c>.?)")
_UNIT_FOLLOWERS = frozenset("0123456789()[]/,;*†‡")
# Words that follow a count but are not units: "2 capsules", "300 reactions".
NOT_UNITS = frozenset(
    "softgel softgels capsule capsules cap caps vcaps tablet tablets tab tabs caplet caplets drop drops "
    "lozenge lozenges gummy gummies serving servings scoop scoops teaspoon teaspoons tablespoon tablespoons "
    "packet packets times time day days daily week weeks month months year years hour hours minutes "
    "and or to of per x in at for with the a an is are count ct pieces pcs bottle bottles percent "
    "million billion years old weeks hrs oz fl".split()
)


def number_value(text: str) -> float | None:
    """"1,000" -> 1000, "2.5" -> 2.5, "0,5" -> 0.5; None when it is no plain number."""
    text = text.replace(" ", "")
    if "," in text:
        head, *rest = text.split(",")
        last = rest[-1].split(".")[0]
        if all(len(part) == 3 for part in rest[:-1]) and len(last) == 3:
            text = text.replace(",", "")
        elif len(rest) == 1 and "." not in text:
            text = f"{head}.{rest[0]}"
        else:
            return None
    elif text.count(".") > 1:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def unit_of(word: str) -> str | None:
    """Canonical unit for a spelling (``canonical_unit`` remembers them); no unit is 24 characters long."""
    return canonical_unit(word) if len(word) <= 24 else None


def add_number(out: list[Tok], m: re.Match, text: str, i: int, j: int) -> int:
    """An amount when a unit follows the number, else a bare number (and the word after it)."""
    value = number_value(m.group("n"))
    unit_word, iu = m.group("unit"), m.group("iu")
    if value is None or (unit_word is None and iu is None):
        _bare_then_words(out, m, value)
        return 0
    if iu is not None:
        _amount(out, AMT, value, "IU", iu, text, m.start("iu"), i, j)
        return 0
    unit = unit_of(unit_word.lower())
    if unit is not None:
        _amount(out, AMT, value, unit, text[m.start("unit") : j].strip(), text, m.start("unit"), i, j)
        return 0
    return _odd_unit(out, m, text, value, i)


def _odd_unit(out: list[Tok], m: re.Match, text: str, value: float, i: int) -> int:
    """"10 billion CFU", "1000 International Units", "5 xyz" (unknown), or "2 capsules" (no unit)."""
    word, unit_start = m.group("unit"), m.start("unit")
    lower = word.lower()
    if lower in ("billion", "million", "international"):
        nxt = _NEXT_WORD.match(text, m.end("unit"))
        unit = unit_of(lower + nxt.group(1).lower()) if nxt else None
        if unit is not None:
            if lower != "international":
                value *= 1e9 if lower == "billion" else 1e6
            _amount(out, AMT, value, unit, text[unit_start : nxt.end()], text, unit_start, i, nxt.end())
            return nxt.end()
    follower = _AFTER_UNIT.match(text, m.end("unit")).group("c")
    glued = i > 0 and text[i - 1].isalpha()  # the "3" of "Vitamin D3 lots" belongs to the name
    if not glued and len(word) <= 6 and lower not in NOT_UNITS and (not follower or follower in _UNIT_FOLLOWERS):
        _amount(out, UAMT, value, word, word, text, unit_start, i, m.end("unit"))
        return m.end("unit")
    _bare_then_words(out, m, value)
    return 0


def _bare_then_words(out: list[Tok], m: re.Match, value: float | None) -> None:
    """A number that is no amount ("2 capsules", "300 reactions"), then the words the match took."""
    i, j = m.span("n")
    token = Tok(NUM, m.group("n"), i, j, i, j)
    token.val = value
    out.append(token)
    for group in ("iu", "unit", "basis"):
        if m.group(group) is not None:
            i, j = m.span(group)
            add_word(out, m.group(group), i, j, i, j)


def _amount(out: list[Tok], kind: str, value: float, unit: str, raw_unit: str, text: str, unit_start: int,
            i: int, j: int) -> None:
    token = Tok(kind, text[i:j], i, j, i, j)
    token.val, token.unit, token.raw_unit, token.us = value, unit, raw_unit, unit_start
    # "Vitamin D3 - 125mcg", "Vitamin D3: 400 IU": the dash or colon separates name and amount.
    if out and out[-1].k in (COLON, DASH):
        out[-1].k = SEP
    out.append(token)
