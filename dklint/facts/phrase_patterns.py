"""The pattern form of phrase-list entries, compiled to the literal word sequences the matcher indexes.

An entry of a phrase list is a phrase, or a pattern standing for several:

=================  ===========================================================================
``(a|b)``           one of the alternatives; an alternative may hold words, spaces and patterns
``[a]``, ``[a|b]``  optional: the words may be left out; written inside a word, ``ingredient[s]``
                    is "ingredient" or "ingredients"
``{name}``          a named slot: any phrase of the slot list ``name`` (``slots:`` in a phrase
                    file); ``{consult-verb} your {clinician}``
``a-b``             a hyphen joins words that labels write hyphenated, spaced or closed up:
                    ``blood-thinner`` is "blood-thinner", "blood thinner" and "bloodthinner"
``word+``           the word's verb forms: ``prevent+`` is prevent, prevents, preventing
                    (``dklint.facts.word_forms``)
``=word``           the word as written, not its plural: ``=vaccine`` ("a natural vaccine" is
                    what the product claims to be, "vaccines" are other medicines)
=================  ===========================================================================

Besides what a pattern says, every word also matches its regular plural ("doctor" matches
"doctors"), a possessive "'s" never counts ("doctor's" is "doctor"), and case, accents,
punctuation, (R)/TM marks and dotted abbreviations ("U.S." is "us") do not matter: those
are properties of the matcher (``dklint.facts.phrase_tokens``), not of a pattern.

A mistake is a ``PatternError`` saying what is wrong: unbalanced brackets, an empty
alternative, a ``|`` outside brackets, an unknown slot, a ``+`` after no word, a ``=``
inside a word, an entry
that can match nothing, or one that stands for more than ``MAX_EXPANSION`` phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, product
from math import prod
from typing import Collection, Union

from dklint.facts.phrase_tokens import joined_codes, phrase_words
from dklint.facts.word_forms import verb_forms

MAX_EXPANSION = 2048  # phrases one entry may stand for: a slip cannot blow a list up

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())
_SLOT_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")
_SLOT_WORD = re.compile(r"\{([a-z0-9_-]+)\}(?:'s)?")  # "{clinician}", or its possessive "{clinician}'s"


class PatternError(ValueError):
    """A phrase-list entry that is not a valid pattern; ``entry`` is its index in the list, when known."""

    entry: int = 0


# A parsed pattern: literal text, a sequence, a choice (optional or not) or a slot name.
Node = Union[str, "Seq", "Choice", "Slot"]


class Seq(tuple):
    """Parts written one after another."""


class Choice(tuple):
    """Alternatives: ``(a|b)``, or ``[a|b]`` when ``optional``."""

    optional = False


class OptionalChoice(Choice):
    optional = True


class Slot(str):
    """``{name}``."""


def parse(pattern: str) -> Seq:
    """The pattern's structure; a ``PatternError`` when it is not well formed."""
    node, position = _parse_seq(pattern, 0, closer=None)
    if position < len(pattern):  # only a stray closer stops the top level early
        raise PatternError(f"unbalanced {pattern[position]!r} at character {position + 1}")
    return node


def _parse_seq(pattern: str, position: int, closer: str | None) -> tuple[Seq, int]:
    parts: list[Node] = []
    text_start = position
    while position < len(pattern):
        char = pattern[position]
        if char in _CLOSERS or (char == "|" and closer is not None):
            break
        if char == "|":
            raise PatternError(f"'|' at character {position + 1} is outside (...) or [...]")
        if char in _OPENERS:
            if position > text_start:
                parts.append(pattern[text_start:position])
            node, position = _parse_group(pattern, position)
            parts.append(node)
            text_start = position
            continue
        position += 1
    if position > text_start:
        parts.append(pattern[text_start:position])
    return Seq(parts), position


def _parse_group(pattern: str, start: int) -> tuple[Node, int]:
    opener = pattern[start]
    closer = _OPENERS[opener]
    if opener == "{":
        end = pattern.find("}", start)
        name = pattern[start + 1 : end] if end != -1 else ""
        if end == -1 or not set(name) <= _SLOT_NAME_CHARS:
            raise PatternError(f"unbalanced '{{' at character {start + 1}")
        if not name:
            raise PatternError(f"empty slot name at character {start + 1}")
        return Slot(name), end + 1
    alternatives: list[Seq] = []
    position = start + 1
    while True:
        alternative, position = _parse_seq(pattern, position, closer)
        if not "".join(_texts(alternative)).strip() and not _has_group(alternative):
            raise PatternError(f"empty alternative in {opener}...{closer} at character {start + 1}")
        alternatives.append(alternative)
        if position >= len(pattern):
            raise PatternError(f"unbalanced {opener!r} at character {start + 1}")
        if pattern[position] == "|":
            position += 1
            continue
        if pattern[position] != closer:
            raise PatternError(f"{pattern[position]!r} at character {position + 1} closes {opener!r} "
                               f"at character {start + 1}")
        return (OptionalChoice if opener == "[" else Choice)(alternatives), position + 1


def _texts(seq: Seq) -> list[str]:
    return [part for part in seq if type(part) is str]


def _has_group(seq: Seq) -> bool:
    return any(type(part) is not str for part in seq)


def slots_used(node: Node) -> set[str]:
    """The slot names a parsed pattern refers to."""
    if isinstance(node, Slot):
        return {str(node)}
    if isinstance(node, (Seq, Choice)):
        return set().union(*(slots_used(part) for part in node)) if node else set()
    return set()


def _count(node: Node) -> int:
    if isinstance(node, Choice):
        return sum(_count(part) for part in node) + (1 if node.optional else 0)
    if isinstance(node, Seq):
        return prod(_count(part) for part in node)
    return 1  # text, or a slot: the matcher walks a slot's own phrases, they are not copied in


def _expand(node: Node) -> list[str]:
    if isinstance(node, Slot):
        return ["{" + node + "}"]
    if isinstance(node, Choice):
        found = [text for part in node for text in _expand(part)]
        return found + [""] if node.optional else found
    if isinstance(node, Seq):
        texts = [""]
        for part in node:
            texts = [head + tail for head in texts for tail in _expand(part)]
        return texts
    return [node]


def expand_text(pattern: str, slot_names: Collection[str] = ()) -> list[str]:
    """The texts an entry stands for, before hyphen and verb forms: brackets resolved, slots as ``{name}``."""
    tree = parse(pattern)
    unknown = sorted(slots_used(tree) - set(slot_names))
    if unknown:
        known = ", ".join(sorted(slot_names)) or "none"
        raise PatternError(f"unknown slot {{{unknown[0]}}} (known: {known})")
    if _count(tree) > MAX_EXPANSION:
        raise PatternError(f"stands for more than {MAX_EXPANSION} phrases")
    return _expand(tree)


@lru_cache(maxsize=4096)
def _word_variants(word: str) -> tuple[str, ...]:
    """A written word's spellings: hyphen joins resolved (joined or spaced), then its verb forms."""
    verb = word.endswith("+")
    stem = word[:-1] if verb else word
    if "+" in stem or (verb and not stem[-1:].isalnum()):
        raise PatternError("'+' must follow a word")
    pieces = stem.split("-")
    spellings = [pieces[0]]
    for piece in pieces[1:]:
        spellings = [head + joint + piece for head in spellings for joint in ("", " ")]
    if not verb:
        return tuple(spellings)
    variants = []
    for spelling in spellings:
        head, _, last = spelling.rpartition(" ")
        variants += [f"{head} {form}".strip() for form in verb_forms(last.lower())]
    return tuple(variants)


@dataclass(frozen=True)
class Compiled:
    """What an entry stands for: its word sequences (as the matcher's tokens, without repeats, in order)
    and the words written ``=word``, which match only as written (no plural)."""

    phrases: list[tuple[str, ...]]
    exact: frozenset[str]


def compile_pattern(pattern: str, slot_names: Collection[str] = ()) -> Compiled:
    """Compile one entry; a ``PatternError`` says what is wrong with it."""
    phrases: dict[tuple[str, ...], None] = {}
    exact: set[str] = set()
    for text in expand_text(pattern, slot_names):
        readings = [_readings(word, exact) for word in text.split()]
        if prod(len(choices) for choices in readings) + len(phrases) > MAX_EXPANSION:
            raise PatternError(f"stands for more than {MAX_EXPANSION} phrases")
        for choice in product(*readings):
            key = joined_codes(tuple(chain.from_iterable(choice)))
            if not key:
                raise PatternError("can match an empty phrase")
            phrases[key] = None
    if not phrases:
        raise PatternError("can match an empty phrase")
    return Compiled(list(phrases), frozenset(exact))


def _readings(word: str, exact: set[str]) -> list[tuple[str, ...]]:
    """The ways one written word reads as tokens (each spelling read once, cached); a slot reads as
    ``("{name}",)``. Words written ``=word`` are added to ``exact``."""
    if "{" in word or "}" in word:
        slot = _SLOT_WORD.fullmatch(word)
        if slot is None:
            raise PatternError(f"a slot stands as a word of its own, not inside {word!r}")
        return [("{" + slot.group(1) + "}",)]
    as_written = word.startswith("=")
    if "=" in word[1:] or word == "=":
        raise PatternError("'=' must open a word")
    readings = [phrase_words(variant) for variant in _word_variants(word[1:] if as_written else word)]
    if as_written:
        exact.update(piece for reading in readings for piece in reading)
    return readings


def is_slot(item: str) -> bool:
    """Whether an item of a compiled phrase is a slot (``{name}``) rather than a word."""
    return item[:1] == "{"


def check_slot(name: str, entries: list[str]) -> None:
    """A slot lists phrases and patterns, but names no other slot: a ``PatternError`` when one does."""
    for entry in entries:
        if slots_used(parse(entry)):
            raise PatternError(f"slot {{{name}}} uses a slot: slots do not nest")
