"""Label text as word tokens with offsets: what the phrase matcher and the claim rules read.

Text is folded (Unicode compatibility forms, invisible characters, homoglyphs,
case) and split into word tokens, so "warfarin" matches "Warfarin®" and
"WARFARIN" but not "warfarinlike"; "D-3" and "MK 7" become one token each.
``tokenize`` gives every token; ``match_tokens`` is the view phrases are matched
on, where spelling that carries no meaning is gone:

- a possessive "'s" is no word: "doctor's" reads "doctor";
- a trade mark written "(R)", "(TM)" or "(SM)" after a word is no word (the
  symbols ®, ™ and ℠ are separators like any punctuation);
- a dotted abbreviation is one word: "U.S." reads "us", "e.g." reads "eg".

Everything here is a single left-to-right pass: no regular expression backtracks
over label text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from dklint.base.textmemo import recent_texts
from dklint.base.textnorm import ascii_words, clean

_TOKEN = re.compile(r"[a-z0-9]+")
# Only vitamin-style codes join across a gap: "D 3", "MK-7", "B 12"; "of 40" stays two words.
_CODE_HEADS = frozenset({"mk", "a", "b", "c", "d", "e", "k"})
_CODE_TAIL = re.compile(r"\d{1,2}")
# Where such a join can happen (a head word, a space or hyphen, a one- or two-digit word): most texts have none
# ("a meal" has a head but no number), and this search answers for them at C speed.
_CODE_JOIN = re.compile(r"(?<![a-z0-9])(?:mk|[a-ek])[ \-][0-9]{1,2}(?![a-z0-9])")
# Mark symbols become spaces before folding: NFKC would turn "™" into the letters "TM" glued to the word.
_MARK_SYMBOLS = str.maketrans({"\u2122": " ", "\u2120": " ", "\u00ae": " "})
_APOSTROPHES = frozenset({"'", "\u2019", "\u02bc"})
_MARK_WORDS = frozenset({"r", "tm", "sm"})
# In ASCII text, a dotted abbreviation's first two letters ("U.S", "e.g"): where match_tokens may join words.
_DOTTED = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]\.[A-Za-z](?![A-Za-z0-9])")
# A dot before a letter, which every dotted abbreviation has and few texts do: a pattern that starts with a
# literal is scanned for at C speed, ten times faster than _DOTTED's lookbehind tried at every character.
_DOT_LETTER = re.compile(r"\.[A-Za-z]")


class Token(NamedTuple):
    # A named tuple, not a frozen dataclass: a label's texts make tens of tokens each, and building
    # a tuple costs a third of what a frozen dataclass's __init__ does (varied catalog, bench/).
    word: str
    start: int
    end: int


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Folded lower-case text and, when lengths differ, a map from folded to original offsets."""
    if text.isascii():  # most label text: every character ``clean`` changes and every mark symbol is non-ASCII
        return text.lower(), None
    text = text.translate(_MARK_SYMBOLS)
    folded = clean(text).lower()
    if len(folded) == len(text):
        return folded, None
    mapping: list[int] = []
    parts: list[str] = []
    for index, char in enumerate(text):
        piece = clean(char).lower()
        parts.append(piece)
        mapping.extend([index] * len(piece))
    mapping.append(len(text))
    return "".join(parts), mapping


@recent_texts(512)
def tokenize(text: str) -> tuple[Token, ...]:
    """Word tokens with offsets into ``text``; "D-3" and "MK 7" become one token each.

    Cached: several phrase lists scan the same label blocks one after another.
    """
    folded, mapping = _fold(text)
    make = tuple.__new__  # Token(...) through its generated __new__ is half as fast again
    tokens = [make(Token, (match.group(), match.start(), match.end())) for match in _TOKEN.finditer(folded)]
    if _CODE_JOIN.search(folded) is not None:
        tokens = _join_codes(tokens, folded)
    if mapping is None:
        return tuple(tokens)
    return tuple(Token(t.word, mapping[t.start], mapping[t.end - 1] + 1) for t in tokens)


def _join_codes(tokens: list[Token], folded: str) -> list[Token]:
    """The tokens with each code's head and number made one token ("d", "3" -> "d3")."""
    joined: list[Token] = []
    for token in tokens:
        if joined and joined[-1].word in _CODE_HEADS and _joins(joined[-1], token.word, folded, token.start):
            previous = joined.pop()
            joined.append(Token(previous.word + token.word, previous.start, token.end))
        else:
            joined.append(token)
    return joined


def _joins(previous: Token, word: str, folded: str, start: int) -> bool:
    gap = folded[previous.end : start]
    return gap in (" ", "-") and _CODE_TAIL.fullmatch(word) is not None  # the head was checked by the caller


@recent_texts(512)
def match_tokens(text: str) -> tuple[Token, ...]:
    """The tokens phrases are matched on: possessives and trade marks dropped, dotted abbreviations joined."""
    tokens = tokenize(text)
    if _plain(text) is not None:
        return tokens
    # Each change below starts at a one-letter word ("s", a dotted letter) or a mark word.
    if not any(len(token.word) == 1 or token.word in _MARK_WORDS for token in tokens):
        return tokens
    kept: list[Token] = []
    dotted = False  # the last kept token is a single letter, or letters joined at dots
    for token in tokens:
        previous = kept[-1] if kept else None
        gap = text[previous.end : token.start] if previous else ""
        if previous is not None and token.word == "s" and gap in _APOSTROPHES:
            continue  # "doctor's"
        if previous is not None and token.word in _MARK_WORDS and gap.endswith("(") and _closes(text, token.end):
            continue  # "Coumadin(R)", "Brand (TM)"
        followed_by_dot = text[token.end : token.end + 1] == "."
        if previous is not None and dotted and gap == "." and len(token.word) == 1 and token.word.isalpha():
            kept[-1] = Token(previous.word + token.word, previous.start, token.end)  # "U.S." -> "us"
            dotted = followed_by_dot
            continue
        kept.append(token)
        dotted = followed_by_dot and len(token.word) == 1 and token.word.isalpha()
    return tuple(kept)


@recent_texts(512)  # asked of a text by its words, its tokens and each phrase match's offsets
def _plain(text: str) -> str | None:
    """The folded text when ``text``'s match tokens are simply the words of it, else None.

    That is ASCII text (folding is ``lower``) in which no code joins ("D 3") and ``match_tokens``
    changes nothing: it needs an apostrophe before "s" (the only apostrophe of ASCII is "'"), a "("
    before a mark word, or letters joined at a dot. Most prose has none of these, found at C speed.
    """
    if not text.isascii() or "'" in text or "(" in text:
        return None
    if _DOT_LETTER.search(text) is not None and _DOTTED.search(text) is not None:
        return None
    folded = text.lower()
    return None if _CODE_JOIN.search(folded) is not None else folded


def _closes(text: str, position: int) -> bool:
    return text[position : position + 1] == ")"


@recent_texts(512)
def match_words(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words of ``match_tokens`` and the set of them (a list's quick "nothing here" test)."""
    plain = _plain(text)
    if plain is not None:  # no Token needed: the words are the regular expression's matches
        found = tuple(ascii_words(plain))
    else:
        found = tuple([token.word for token in match_tokens(text)])
    return found, frozenset(found)


class WordBounds:
    """Where the words of ``match_words(text)`` start and end, asked in text order (a scan's matches).

    A phrase match needs two offsets; ``match_tokens`` would build a ``Token`` for every word of the
    text to give them. For plain text the words are the regular expression's matches, so one pass over
    them, at C speed, moving forward from one match to the next, gives every offset a scan asks for.
    """

    def __init__(self, text: str) -> None:
        plain = _plain(text)
        self._tokens = match_tokens(text) if plain is None else None
        self._plain = plain
        self._matches = _TOKEN.finditer(plain) if plain is not None else None
        self._next = 0  # the index of the word ``_matches`` gives next

    def span(self, first: int, last: int) -> tuple[int, int]:
        """(start of word ``first``, end of word ``last``)."""
        if self._tokens is not None:
            return self._tokens[first].start, self._tokens[last].end
        if first < self._next:  # asked out of order: start the pass again (a scan never does)
            self._matches, self._next = _TOKEN.finditer(self._plain), 0
        found = next(islice(self._matches, first - self._next, None))
        start = found.start()
        if last > first:
            found = next(islice(self._matches, last - first - 1, None))
        self._next = last + 1
        return start, found.end()


@recent_texts(512)
def match_starts(text: str) -> list[int]:
    """Where each of ``match_tokens`` starts (to find the first word at or after an offset)."""
    return [token.start for token in match_tokens(text)]


@lru_cache(maxsize=4096)
def phrase_words(text: str) -> tuple[str, ...]:
    """The words a phrase written in a list stands for, read exactly as label text is read."""
    return match_words(text)[0]


def joined_codes(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words read one by one, with a code's head and number joined as ``tokenize`` joins them ("mk", "7" -> "mk7")."""
    if not any(word in _CODE_HEADS for word in words[:-1]):
        return words
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in _CODE_HEADS and _CODE_TAIL.fullmatch(word):
            joined[-1] += word
        else:
            joined.append(word)
    return tuple(joined)
