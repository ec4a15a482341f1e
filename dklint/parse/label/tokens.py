"""Row tokens: the words, numbers, amounts and marks of one piece of label text.

The row grammar (``grammar/label.lark``) needs tokens that already say what they
are, and some of that takes look-ahead an LALR lexer does not have: "3" in
"Vitamin D 3 1,000 IU" is part of the name while "1,000" followed by "IU" is an
amount; "5 xyz" at the end of a row is an amount in a unit dklint does not know,
"5 genes" in a sentence is not. So one linear regex scan cuts the text into
lexemes (a number takes the word after it along) and a left-to-right pass classes
them. Each token's class is one character (the grammar's terminals); a row's
class string is what the grammar parses (and what its parse is cached under).

Tokens of a text are computed once per distinct text, in the text's coordinates,
and copied with source offsets for each place the text occurs.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

from dklint.facts.dose_forms import counted_words
from dklint.facts.units import canonical_unit
from dklint.parse.label.lines import Seg

# Token classes (one character each; the grammar's terminals are these characters).
WORD, AS, NUM, AMT, UAMT, PCT, SYM = "w", "o", "n", "a", "u", "p", "s"
LPAR, RPAR, SEP, COLON, DASH, SLASH, COMMA, AND, EQ, DOT, OTHER = "(", ")", ":", "c", "-", "/", ",", "&", "e", ".", "x"

# Small words with a class of their own: "as" and "from" introduce a source, "and"/"plus"
# join, "equivalent (to)" links two amounts. A lone "to" stays a word.
SMALL_WORDS = {"as": AS, "from": AS, "and": AND, "plus": AND, "equivalent": EQ, "equiv": EQ, "equals": EQ, "to": WORD}


class Tok:
    """One token: class, cleaned text, source offsets and, for amounts and %DV, the reading."""

    __slots__ = ("k", "text", "s", "e", "val", "unit", "raw_unit", "us", "sym", "lt", "i", "j")

    def __init__(self, k: str, text: str, s: int, e: int, i: int, j: int) -> None:
        self.k, self.text, self.s, self.e, self.i, self.j = k, text, s, e, i, j
        self.val: float | None = None
        self.unit: str | None = None
        self.raw_unit = ""
        self.us = s  # source offset where the unit starts, for amounts
        self.sym: str | None = None
        self.lt = False

    def __repr__(self) -> str:
        return f"Tok({self.k!r}, {self.text!r})"


# Appends a word with its class; the scan and the amount reader both append words this way.
def add_word(out: list[Tok], text: str, s: int, e: int, i: int, j: int) -> None:
    kind = SMALL_WORDS.get(text.lower(), WORD) if len(text) <= 10 else WORD
    if kind == WORD and out and out[-1].k == EQ and text.lower() == "to" and out[-1].j + 1 >= i:
        out[-1].e, out[-1].j = e, j  # "equivalent to" is one link
        return
    out.append(Tok(kind, text, s, e, i, j))


_NEXT_WORD = re.compile(r"[ \t]?([^\W\d_]+)")
_AFTER_UNIT = re.compile(r"[ \t|]*(?P<c>.?)")
_UNIT_FOLLOWERS = frozenset("0123456789()[]/,;*†‡")
# Words that follow a count but are no units: the dose forms servings are counted in ("2 capsules"),
# and these ("300 reactions" is not caught here, but "60 count", "3 times" and the colour "Yellow 6 Lake" are).
_OTHER_COUNTS = frozenset(
    "times time day days daily week weeks month months year years hour hours minutes "
    "and or to of per x in at for with the a an is are count ct pieces pcs bottle bottles percent "
    "million billion years old weeks hrs oz fl cents cent dollars usd servings serving lake lakes".split()
)


@cache
def _not_units() -> frozenset[str]:
    return counted_words() | _OTHER_COUNTS


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
    # the "3" of "Vitamin D3 lots" and the "7" of "(MK-7 form)" belong to the name
    glued = i > 0 and (text[i - 1].isalpha() or text[i - 1] == "-" and i > 1 and text[i - 2].isalpha())
    if not glued and len(word) <= 6 and lower not in _not_units() and (not follower or follower in _UNIT_FOLLOWERS):
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


# One alternative per lexeme kind, no nested repeats: a scan is linear. Words come first
# (the commonest lexeme). A %DV ("625%", "20% DV") and a number with the word after it
# ("125 mcg", "1,467 mcg DFE", "5,000 I.U.") are single lexemes, so the pass below rarely
# needs to look ahead; "<" and "less than" before a %DV are joined to it there.
_LEX = re.compile(
    r"(?P<w>[^\W\d_]+)"
    r"|(?P<pct>(?P<pv>\d+(?:[.,]\d+)*)[ \t]?%(?:[ \t]?(?i:dv|nrv|daily[ \t]value)\b)?)"
    r"|(?P<n>\d+(?:[.,](?: {2,40})?\d+)*)"  # "1,<b>000</b>" is blanked to "1,   000": one number
    r"(?:[ \t]{0,40}(?:(?P<iu>[IiUu]\.\s?[UuIi]\.?(?![^\W\d_]))"
    r"|(?P<unit>[^\W\d_]+)(?:[ \t](?P<basis>(?:[Rr][Aa][Ee]|[Dd][Ff][Ee]|[Nn][Ee]|[Aa]lpha-[Tt][Ee])\b))?))?"
    r"|(?P<s>\*+|[†‡§¶]+|#+)"
    # cell rules, bullets, dotted leaders ("D3 ...... 25 mcg", "A . . . . .840 IU": the last dot is the leader's)
    r"|(?P<skip>[|®™©•·▪►✓✔]+|\.(?:[ \t]?\.)+|…+|_{2,})"
    r"|(?P<x>\S)"
)
_PUNCT = {
    "(": LPAR, "[": LPAR, "{": LPAR, ")": RPAR, "]": RPAR, "}": RPAR, ":": COLON, "-": DASH,
    "/": SLASH, ",": COMMA, "&": AND, "+": AND, "=": EQ, ".": DOT, ";": COMMA,
}


def tokenize(seg: Seg) -> list[Tok]:
    """Classed tokens of a segment, with source offsets."""
    text = seg.text
    relative = lex(text)
    # A fresh copy of each token: the cached ones stay in text coordinates.
    if seg.breaks is None:
        return shifted(relative, seg.base)
    at = seg.at
    return [_moved(r, at(r.i), at(r.j), at(r.us)) for r in relative]


def lex(text: str) -> tuple[Tok, ...]:
    """Tokens of ``text`` with offsets in ``text``; shared, so never change them."""
    return _cached_lex(text) if len(text) <= 500 else tuple(_lex(text))


def shifted(tokens, shift: int) -> list[Tok]:
    """Copies of tokens with their offsets moved by ``shift``."""
    return [_moved(r, r.s + shift, r.e + shift, r.us + shift) for r in tokens]


def _moved(r: Tok, s: int, e: int, us: int) -> Tok:
    token = object.__new__(Tok)  # skips __init__: every slot is set here
    token.k, token.text, token.s, token.e, token.i, token.j = r.k, r.text, s, e, r.i, r.j
    token.val, token.unit, token.raw_unit, token.us, token.sym, token.lt = r.val, r.unit, r.raw_unit, us, r.sym, r.lt
    return token


@lru_cache(maxsize=4096)
def _cached_lex(text: str) -> tuple[Tok, ...]:
    """Rows repeat across a catalog ("Serving Size: 1 Softgel", a vitamin D row): lex each text once."""
    return tuple(_lex(text))


def _lex(text: str) -> list[Tok]:
    """Tokens of ``text`` with offsets in ``text`` (``s == i``, ``e == j``)."""
    out: list[Tok] = []
    skip_to = 0
    for m in _LEX.finditer(text):
        kind = m.lastgroup
        i, j = m.span()
        if i < skip_to:
            continue
        if kind == "w":
            word = m.group()
            small = SMALL_WORDS.get(word.lower()) if len(word) <= 10 else None
            if small is None:
                out.append(Tok(WORD, word, i, j, i, j))
            else:
                add_word(out, word, i, j, i, j)
        elif kind == "x":
            char = m.group()
            out.append(Tok(_PUNCT.get(char, OTHER), char, i, j, i, j))
        elif kind == "pct":
            _percent(out, m, text, i, j)
        elif kind == "s":
            _symbol(out, m.group(), i, j, i, j)
        elif kind != "skip":  # a number, maybe with its unit
            skip_to = add_number(out, m, text, i, j)
    return out


def _symbol(out: list[Tok], text: str, s: int, e: int, i: int, j: int) -> None:
    """"*", "†", "**": a mark of the %DV column or of the amount before it ("100 mcg*")."""
    token = Tok(SYM, text, s, e, i, j)
    token.sym = text
    out.append(token)


def _percent(out: list[Tok], m: re.Match, text: str, i: int, j: int) -> None:
    """"625%", "< 1 %", "Less than 1%", "20% DV": one %DV token."""
    token = Tok(PCT, m.group(), i, j, i, j)
    token.val = number_value(m.group("pv"))
    if out and out[-1].k == OTHER and out[-1].text == "<" and out[-1].j + 1 >= i:
        first = out.pop()
        token.lt, token.s, token.i, token.text = True, first.s, first.i, text[first.i : j]
    elif len(out) >= 2 and out[-1].text.lower() == "than" and out[-2].text.lower() == "less":
        out.pop()
        first = out.pop()
        token.lt, token.s, token.i, token.text = True, first.s, first.i, text[first.i : j]
    out.append(token)
