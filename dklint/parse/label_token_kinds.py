"""Token kinds: the ``Tok`` a piece of label text is cut into, and its one-character classes.

The classes are the row grammar's terminals (``grammar/label.lark``). Besides the
class letters this holds the few small words that take a class of their own ("as",
"and", "equivalent to") and ``add_word``, which classes a word as it is appended,
since both the scan (``label_tokens``) and the amount reader (``label_token_amounts``)
append words.
"""

from __future__ import annotations

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
