"""Phrase lists (data) and a linear-time phrase matcher.

A list entry is a phrase, or a small pattern standing for several: ``(a|b)``
picks one of its alternatives and ``[word]`` may be left out, so
``if you [are] (taking|take)`` stands for four phrases; written inside a word,
``ingredient[s]`` is "ingredient" or "ingredients". Patterns are expanded
when the list is loaded; matching only ever sees literal phrases.

Text is folded (Unicode compatibility forms, invisible characters, homoglyphs,
case) and split into word tokens; a phrase matches a run of whole tokens, so
"warfarin" matches "Warfarin®" and "WARFARIN" but not "warfarinlike". The scan
looks at each token once per candidate phrase starting with it, so it is linear
in the text: no regular expression backtracks over label text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterator

from dklint.base.resources import data_dir
from dklint.base.startup_store import load_data_file
from dklint.base.textmemo import text_memo
from dklint.base.textnorm import clean, words

_TOKEN = re.compile(r"[a-z0-9]+")
# Only vitamin-style codes join across a gap: "D 3", "MK-7", "B 12"; "of 40" stays two words.
_CODE_HEADS = frozenset({"mk", "a", "b", "c", "d", "e", "k"})
_CODE_TAIL = re.compile(r"\d{1,2}")


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    start: int
    end: int


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Folded lower-case text and, when lengths differ, a map from folded to original offsets."""
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


@lru_cache(maxsize=512)
def tokenize(text: str) -> tuple[Token, ...]:
    """Word tokens with offsets into ``text``; "D-3" and "MK 7" become one token each.

    Cached: several phrase lists scan the same label blocks one after another.
    """
    return tuple(_tokenize(text))


@lru_cache(maxsize=512)
def _token_words(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    words_ = tuple(t.word for t in tokenize(text))
    return words_, frozenset(words_)


def _tokenize(text: str) -> list[Token]:
    folded, mapping = _fold(text)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(folded):
        start, end = match.span()
        word = match.group()
        # A set lookup first: most words are not a code's head, so the slower tests rarely run.
        if tokens and tokens[-1].word in _CODE_HEADS and _joins(tokens[-1], word, folded, start):
            previous = tokens.pop()
            tokens.append(Token(previous.word + word, previous.start, end))
        else:
            tokens.append(Token(word, start, end))
    if mapping is None:
        return tokens
    return [Token(t.word, mapping[t.start], mapping[t.end - 1] + 1) for t in tokens]


def _joins(previous: Token, word: str, folded: str, start: int) -> bool:
    gap = folded[previous.end : start]
    return gap in (" ", "-") and _CODE_TAIL.fullmatch(word) is not None  # the head was checked by the caller


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    phrase: str


MAX_EXPANSION = 512  # phrases one pattern may stand for: a typo cannot blow a list up
_PART = re.compile(r"\[([^\[\]()]*)\]|\(([^()\[\]]*)\)|([^\[\]()]+)")


def expand(pattern: str) -> list[str]:
    """The literal phrases a list entry stands for: ``(a|b)`` alternatives, ``[word]`` optional."""
    phrases = [""]
    for optional, choice, plain in _PART.findall(pattern):
        options = [plain] if plain else choice.split("|") if choice else [optional, ""]
        phrases = [head + option for head in phrases for option in options]  # "ingredient[s]": no space added
        if len(phrases) > MAX_EXPANSION:
            raise ValueError(f"phrase pattern {pattern!r} stands for more than {MAX_EXPANSION} phrases")
    return [" ".join(phrase.split()) for phrase in phrases]


class PhraseList:
    """A named list of phrases, indexed by first word for a single left-to-right scan."""

    def __init__(self, name: str, patterns: list[str]) -> None:
        self.name = name
        phrases = [phrase for pattern in patterns for phrase in expand(pattern)]
        self.phrases = tuple(phrases)
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in phrases:
            key = words(phrase)
            if key:
                index.setdefault(key[0], []).append((key, phrase))
        for candidates in index.values():
            candidates.sort(key=lambda pair: -len(pair[0]))
        self._index = index

    def finditer(self, text: str) -> Iterator[Match]:
        seen_words, present = _token_words(text)
        index = self._index
        if present.isdisjoint(index):  # no word of the text starts a phrase: skip the scan
            return
        tokens = tokenize(text)
        position, count = 0, len(seen_words)
        while position < count:
            candidates = index.get(seen_words[position])
            if candidates is None:  # the common case: this word starts no phrase
                position += 1
                continue
            for key, phrase in candidates:
                length = len(key)
                if length == 1 or tuple(seen_words[position : position + length]) == key:
                    yield Match(tokens[position].start, tokens[position + length - 1].end, phrase)
                    position += length
                    break
            else:
                position += 1

    def search(self, text: str) -> Match | None:
        return next(self.finditer(text), None)

    def starts(self, text: str) -> bool:
        """True when ``text`` begins with a phrase of the list (its first words are one)."""
        seen_words, _ = _token_words(text)
        for key, _phrase in self._index.get(seen_words[0] if seen_words else "", ()):
            if tuple(seen_words[: len(key)]) == key:
                return True
        return False


@text_memo  # catalogs repeat the same warnings and disclaimers: one search per distinct text
def has_phrase(text: str, list_name: str) -> bool:
    """True when a phrase of the named list occurs in ``text``."""
    return phrase_list(list_name).search(text) is not None


@text_memo
def starts_with_phrase(text: str, list_name: str) -> bool:
    """True when ``text`` begins with a phrase of the named list."""
    return phrase_list(list_name).starts(text)


@cache
def all_lists() -> dict[str, dict]:
    """Every phrase list from ``rules/data/phrases*.yaml`` (one file per topic)."""
    lists: dict[str, dict] = {}
    for path in sorted(data_dir().glob("phrases*.yaml")):
        for name, entry in load_data_file(path)["lists"].items():
            if name in lists:
                raise ValueError(f"{path}: phrase list {name!r} is defined twice")
            lists[name] = entry
    return lists


@cache
def phrase_list(name: str) -> PhraseList:
    entry = all_lists()[name]
    return PhraseList(name, list(entry["phrases"]))
