"""Row tokens: the words, numbers, amounts and marks of one piece of label text.

The row grammar (``grammar/label.lark``) needs tokens that already say what they
are, and some of that takes look-ahead an LALR lexer does not have: "3" in
"Vitamin D 3 1,000 IU" is part of the name while "1,000" followed by "IU" is an
amount; "5 xyz" at the end of a row is an amount in a unit dklint does not know,
"5 genes" in a sentence is not. So one linear regex scan cuts the text into
lexemes (a number takes the word after it along) and a left-to-right pass classes
them. Each token's class is one character; a row's class string is what the
grammar parses (and what its parse is cached under).

Tokens of a text are computed once per distinct text, in the text's coordinates,
and copied with source offsets for each place the text occurs.

What a token is and its classes are in ``label_token_kinds``; how a number and its
unit become an amount is in ``label_token_amounts``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dklint.parse.label_lines import Seg
from dklint.parse.label_token_amounts import add_number, number_value
from dklint.parse.label_token_kinds import (
    AND, COLON, COMMA, DASH, DOT, EQ, LPAR, OTHER, PCT, RPAR, SLASH, SMALL_WORDS, SYM, WORD, Tok, add_word,
)

# One alternative per lexeme kind, no nested repeats: a scan is linear. Words come first
# (the commonest lexeme). A %DV ("625%", "20% DV") and a number with the word after it
# ("125 mcg", "1,467 mcg DFE", "5,000 I.U.") are single lexemes, so the pass below rarely
# needs to look ahead; "<" and "less than" before a %DV are joined to it there.
_LEX = re.compile(
    r"(?P<w>[^\W\d_]+)"
    r"|(?P<pct>(?P<pv>\d+(?:[.,]\d+)*)[ \t]?%(?:[ \t]?(?:[Dd][Vv]|[Nn][Rr][Vv])\b)?)"
    r"|(?P<n>\d+(?:[.,](?: {2,40})?\d+)*)"  # "1,<b>000</b>" is blanked to "1,   000": one number
    r"(?:[ \t]{0,40}(?:(?P<iu>[IiUu]\.\s?[UuIi]\.?(?![^\W\d_]))"
    r"|(?P<unit>[^\W\d_]+)(?:[ \t](?P<basis>(?:[Rr][Aa][Ee]|[Dd][Ff][Ee]|[Nn][Ee]|[Aa]lpha-[Tt][Ee])\b))?))?"
    r"|(?P<s>\*+|[†‡§¶]+|#+)"
    r"|(?P<skip>[|®™©•·▪►✓✔]+|\.{2,}|…+|_{2,})"  # cell rules, bullets, dotted leaders ("D3 ...... 25 mcg")
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
