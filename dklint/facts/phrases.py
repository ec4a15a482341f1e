"""Phrase lists (data) and a linear-time phrase matcher.

Each list lives in ``rules/data/phrases*.yaml`` with a ``description`` and a
``citation``; its entries are patterns (``dklint.facts.phrase_patterns``: ``(a|b)``,
``[optional]``, ``{slot}``, ``blood-thinner``, ``prevent+``), compiled when the
list is first used into a trie of word sequences. Slots are shared: a file's
``slots:`` section names phrase lists (``clinician``, ``consult-verb``) any entry
may use, and a slot name is defined once across the files.

Matching runs on the tokens of ``dklint.facts.phrase_tokens.match_tokens`` (case,
punctuation, possessives, trade marks and dotted abbreviations do not matter), and a
text word also matches a list word it is the regular plural of ("doctors" matches
"doctor", "prevents" matches "prevent"). The scan walks the trie from each token
for at most the longest phrase's length, leftmost and longest match first, so it is
linear in the text: no regular expression backtracks over label text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from dklint.base.resources import data_dir
from dklint.base.startup_store import load_data_file
from dklint.base.textmemo import text_memo
from dklint.facts.phrase_patterns import PatternError, check_slot, compile_pattern, is_slot
from dklint.facts.phrase_tokens import Token, WordBounds, match_starts, match_words, tokenize
from dklint.facts.word_forms import plural_forms

__all__ = ["Match", "PhraseList", "PhraseListError", "Token", "all_lists", "check_phrase_lists", "has_phrase",
           "phrase_files", "phrase_list", "shared_slots", "starts_with_phrase", "tokenize"]

_END = ""  # the trie key that marks a phrase's end: no token is empty
_SLOTS = "{"  # the trie key of a node's slot edges: no token holds a brace
_LIST_KEYS = frozenset({"description", "citation", "phrases"})


class PhraseListError(ValueError):
    """A phrase file or list entry that cannot be compiled; the message says ``file:line: what is wrong``."""


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    phrase: str


class PhraseList:
    """A named list of phrases in a word trie, scanned once left to right.

    ``patterns`` are list entries; ``slots`` maps slot names to their compiled lists (by
    default the shared slots of the phrase files). A slot in a phrase is an edge of the
    trie that walks the slot's own trie, so "{consult-verb} your {clinician}" is stored
    once, not once per verb and clinician.
    """

    def __init__(self, name: str, patterns: list[str], slots: dict[str, PhraseList] | None = None) -> None:
        self.name = name
        if slots is None:
            slots = shared_slots() if any("{" in pattern for pattern in patterns) else {}
        keys: dict[tuple[str, ...], None] = {}
        exact: set[str] = set()
        for index, pattern in enumerate(patterns):
            try:
                compiled = compile_pattern(pattern, slots)
            except PatternError as error:
                error.entry = index  # the caller knows the file: it names the entry's line
                raise
            keys.update(dict.fromkeys(compiled.phrases))
            exact |= compiled.exact
        self.phrases = tuple(" ".join(key) for key in keys)
        self._root: dict[str, Any] = {}
        for key, phrase in zip(keys, self.phrases):
            self._insert(key, phrase, slots)
        self._slotted = any(is_slot(item) for key in keys for item in key)
        self._singular = _singulars({item for key in keys for item in key if not is_slot(item)}, exact)
        self._starters = self._first_words(self._root)

    def _insert(self, key: tuple[str, ...], phrase: str, slots: dict[str, PhraseList]) -> None:
        node = self._root
        for item in key:
            if is_slot(item):
                edges = node.setdefault(_SLOTS, {})
                slot = slots[item[1:-1]]
                node = edges.setdefault(id(slot), (slot, {}))[1]
            else:
                node = node.setdefault(item, {})
        node[_END] = phrase

    def _first_words(self, node: dict[str, Any]) -> frozenset[str]:
        """Every text word that can start a phrase at ``node``: its words, their plurals, its slots' first words."""
        words = {key for key in node if key not in (_END, _SLOTS)}
        words |= {form for form, bases in self._singular.items() if not words.isdisjoint(bases)}
        for slot, _ in node.get(_SLOTS, {}).values():
            words |= slot._starters
        return frozenset(words)

    def _step(self, node: dict[str, Any], word: str) -> dict[str, Any] | None:
        child = node.get(word)
        if child is None:
            for base in self._singular.get(word, ()):
                child = node.get(base)
                if child is not None:
                    break
        return child

    def _longest(self, words: tuple[str, ...], position: int) -> tuple[int, str] | None:
        """(end index, phrase) of the longest phrase starting at ``position``."""
        if self._slotted:
            return self._longest_through_slots(words, position)
        node: dict[str, Any] | None = self._root
        best = None
        for index in range(position, len(words)):
            node = self._step(node, words[index])
            if node is None:
                break
            if _END in node:
                best = (index + 1, node[_END])
        return best

    def _longest_through_slots(self, words: tuple[str, ...], position: int) -> tuple[int, str] | None:
        """As ``_longest``, following every way through the slots: the paths are as many as the
        list's phrases allow, never more, so the work per position is bounded by the list."""
        best: tuple[int, str] | None = None
        pending = [(self._root, position)]
        while pending:
            node, index = pending.pop()
            if index > position and _END in node and (best is None or index > best[0]):
                best = (index, node[_END])
            if index < len(words):
                child = self._step(node, words[index])
                if child is not None:
                    pending.append((child, index + 1))
            for slot, after in node.get(_SLOTS, {}).values():
                pending.extend((after, end) for end in slot.ends(words, index))
        return best

    def ends(self, words: tuple[str, ...], position: int) -> list[int]:
        """Where each phrase starting at ``position`` ends (a slot's phrases may be prefixes of one another)."""
        node: dict[str, Any] | None = self._root
        found = []
        for index in range(position, len(words)):
            node = self._step(node, words[index])
            if node is None:
                break
            if _END in node:
                found.append(index + 1)
        return found

    def finditer(self, text: str) -> Iterator[Match]:
        words, present = match_words(text)
        starters = self._starters
        if present.isdisjoint(starters):  # no word of the text starts a phrase: skip the scan
            return
        bounds = None  # offsets are needed only for a match: most starters begin none
        position, count = 0, len(words)
        while position < count:
            if words[position] not in starters:  # the common case: this word starts no phrase
                position += 1
                continue
            found = self._longest(words, position)
            if found is None:
                position += 1
                continue
            end, phrase = found
            if bounds is None:
                bounds = WordBounds(text)
            yield Match(*bounds.span(position, end - 1), phrase)
            position = end

    def search(self, text: str) -> Match | None:
        return next(self.finditer(text), None)

    def starts(self, text: str, offset: int = 0) -> bool:
        """True when the words of ``text`` from ``offset`` on begin with a phrase of the list."""
        words, _ = match_words(text)
        index = bisect_left(match_starts(text), offset) if offset else 0
        return index < len(words) and words[index] in self._starters and self._longest(words, index) is not None


def _singulars(words: set[str], exact: set[str]) -> dict[str, tuple[str, ...]]:
    """Each regular plural of a list word that is not itself a list word, to the word(s) it inflects;
    words the list writes ``=word`` take no plural."""
    found: dict[str, tuple[str, ...]] = {}
    for word in sorted(words - exact):
        for form in plural_forms(word):
            if form not in words:
                found[form] = (*found.get(form, ()), word)
    return found


@text_memo  # catalogs repeat the same warnings and disclaimers: one search per distinct text
def has_phrase(text: str, list_name: str) -> bool:
    """True when a phrase of the named list occurs in ``text``."""
    return phrase_list(list_name).search(text) is not None


@text_memo
def starts_with_phrase(text: str, list_name: str) -> bool:
    """True when ``text`` begins with a phrase of the named list."""
    return phrase_list(list_name).starts(text)


# -- the data files --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Files:
    lists: dict[str, dict]  # name -> the list's entry in its file
    slots: dict[str, list[str]]  # name -> the slot's entries
    homes: dict[tuple[str, str], Path]  # ("lists" | "slots", name) -> the file it is defined in


def phrase_files() -> list[Path]:
    """The phrase files, in the order they are read."""
    return sorted(data_dir().glob("phrases*.yaml"))


@cache
def _files() -> _Files:
    lists: dict[str, dict] = {}
    slots: dict[str, list[str]] = {}
    homes: dict[tuple[str, str], Path] = {}
    for path in phrase_files():
        data = load_data_file(path) or {}
        for section, into in (("lists", lists), ("slots", slots)):
            for name, entry in (data.get(section) or {}).items():
                if name in into:
                    raise PhraseListError(f"{_where(path, (section, name))}: {section[:-1]} {name!r} is also "
                                          f"defined in {homes[(section, name)].name}")
                into[name] = entry
                homes[(section, name)] = path
    return _Files(lists, slots, homes)


def all_lists() -> dict[str, dict]:
    """Every phrase list from ``rules/data/phrases*.yaml`` (one file per topic)."""
    return _files().lists


@cache
def shared_slots() -> dict[str, PhraseList]:
    """Every slot of the phrase files, compiled (a slot names no other slot)."""
    files = _files()
    found: dict[str, PhraseList] = {}
    for name, entries in files.slots.items():
        home = files.homes[("slots", name)]
        if not isinstance(entries, list) or not entries:
            raise PhraseListError(f"{_where(home, ('slots', name))}: slot {name!r} must be a non-empty list of phrases")
        entries = [str(entry) for entry in entries]
        for index, entry in enumerate(entries):
            try:
                check_slot(name, [entry])
            except PatternError as error:
                raise PhraseListError(f"{_where(home, ('slots', name, index))}: slot {name!r}, entry {entry!r}: {error}") from None
        try:
            found[name] = PhraseList(name, entries, {})
        except PatternError as error:
            where = _where(home, ("slots", name, error.entry))
            raise PhraseListError(f"{where}: slot {name!r}, entry {entries[error.entry]!r}: {error}") from None
    return found


@cache
def phrase_list(name: str) -> PhraseList:
    """The named list, compiled; a ``PhraseListError`` names the file, line and entry of a mistake."""
    files = _files()
    entry = files.lists[name]
    path = files.homes[("lists", name)]
    unknown = sorted(set(entry) - _LIST_KEYS) if isinstance(entry, dict) else []
    missing = sorted(_LIST_KEYS - set(entry)) if isinstance(entry, dict) else sorted(_LIST_KEYS)
    if unknown or missing:
        what = f"unknown field {unknown[0]!r}" if unknown else f"no {missing[0]!r}"
        raise PhraseListError(f"{_where(path, ('lists', name))}: phrase list {name!r} has {what}")
    patterns = [str(pattern) for pattern in entry["phrases"] or ()]
    if not patterns:
        raise PhraseListError(f"{_where(path, ('lists', name))}: phrase list {name!r} has no phrases")
    try:
        return PhraseList(name, patterns, shared_slots())
    except PatternError as error:
        where = _where(path, ("lists", name, "phrases", error.entry))
        raise PhraseListError(f"{where}: phrase list {name!r}, entry {patterns[error.entry]!r}: {error}") from None


def check_phrase_lists() -> list[str]:
    """Every mistake in the phrase files, as ``file:line: what is wrong`` (compiling each list once)."""
    try:
        names = list(all_lists())
        shared_slots()
    except PhraseListError as error:
        return [str(error)]
    problems = []
    for name in names:
        try:
            phrase_list(name)
        except PhraseListError as error:
            problems.append(str(error))
    return problems


def _where(path: Path, key_path: tuple) -> str:
    """``file:line`` of a key path in a phrase file (the file is parsed again only to report a mistake)."""
    from dklint.base.yaml_lines import load_with_lines  # imports PyYAML: only on the error path

    try:
        _, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except ValueError:
        return f"{path}:1"
    line = next((lines[key_path[:n]] for n in range(len(key_path), 0, -1) if key_path[:n] in lines), 1)
    return f"{path}:{line}"
