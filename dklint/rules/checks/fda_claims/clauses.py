"""Sentences and clauses of label prose, and which of them can make a claim.

A claim is judged per sentence (one finding per sentence), but negation is judged per
clause: "This product is not intended to treat any disease, but it reverses
osteoporosis" denies in its first clause and claims in its second, however long each
is. A clause ends at a colon, a semicolon or a word of the ``clause_breaks`` list
("but", "however", ...). A clause holding a phrase of a negation list is negated:
nothing in it is a claim. A condition put to the reader (``conditional_negations``: "if
you have kidney disease, ...") negates only itself, up to the comma that ends it or the
end of its clause: the main clause after it is judged on its own. A condition that opens
the sentence is kept (``Sentence.condition``): the disease it names is what the main
clause speaks of.

Some sentences make no claim at all, whatever words they hold:

- warnings: a sentence that opens like a warning (``warning_openers``: "Do not use if
  you have kidney disease", "Consult your physician if ..."); whole warning blocks are
  ``label.warnings`` and never reach the claim rules;
- questions to the reader: a sentence ending in "?" that opens with a
  ``reader_questions`` phrase ("Do you suffer from joint pain?"). A question about
  what the product does ("Can X help prevent the flu?") suggests its answer and is
  judged like a statement.

Nor do the words of a clause spoken of another actor than the product ("A sunblock,
while vital to prevent skin cancer, ..."): see ``actors``.

Everything is one left-to-right pass over the text plus the phrase matcher's scans.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from dklint.base.textmemo import text_memo
from dklint.facts.phrases import Match, phrase_list
from dklint.rules.checks.fda_claims.actors import Actors, merge_spans

# One character class and one lookahead: matching is linear, nothing can backtrack.
_BREAKS = re.compile(r"[\n!?;\u2022\u25cf\u25aa]|\.(?!\w)")
_BREAKS_NO_NEWLINE = re.compile(r"[!?;\u2022\u25cf\u25aa]|\.(?!\w)")
_CLAUSE_MARKS = re.compile(r"[:;]")  # a clause ends at a colon or semicolon
_COMMAS = re.compile(r",")  # a condition ends at a comma
NEXT_WORD = 2  # characters between two phrases read as one expression: "osteoporosis prevention", "Immune Support"


def _ends_abbreviation(text: str, i: int) -> bool:
    """The full stop at ``i`` closes a dotted abbreviation ("U.S.", "e.g."), which ends no sentence."""
    return i >= 3 and text[i - 1].isalpha() and text[i - 2] == "." and text[i - 3].isalpha()


def sentence_spans(text: str, line_breaks: bool = True) -> list[tuple[int, int]]:
    """[start, end) of each sentence: cut at bullets, ! ? ; a full stop before a non-word (not the one
    closing "U.S." or "e.g.") and, unless ``line_breaks`` is False (text known to wrap, like a
    disclaimer), at line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for found in (_BREAKS if line_breaks else _BREAKS_NO_NEWLINE).finditer(text):
        i = found.start()
        if text[i] == "." and _ends_abbreviation(text, i):
            continue
        if not text[start:i].isspace() and i > start:
            spans.append((start, i))
        start = i + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class Sentence:
    """A sentence that may make a claim, with the clauses a negation turns off and the parts spoken of
    another actor than the product."""

    start: int
    end: int
    negated_starts: tuple[int, ...]  # the negated clauses, in order: [start, end) of each
    negated_ends: tuple[int, ...]
    elsewhere_starts: tuple[int, ...] = ()  # the parts spoken of another actor, in order
    elsewhere_ends: tuple[int, ...] = ()
    condition: tuple[int, int] | None = None  # [start, end) of a condition the sentence opens with

    @property
    def negated(self) -> tuple[tuple[int, int], ...]:
        return tuple(zip(self.negated_starts, self.negated_ends))

    @property
    def elsewhere(self) -> tuple[tuple[int, int], ...]:
        return tuple(zip(self.elsewhere_starts, self.elsewhere_ends))

    def allows(self, match: Match) -> bool:
        """True when ``match`` overlaps none of the sentence's negated clauses and no part spoken of another
        actor (two bisects)."""
        return _clear(match, self.negated_starts, self.negated_ends) and _clear(match, self.elsewhere_starts,
                                                                                self.elsewhere_ends)


def _clear(match: Match, starts: tuple[int, ...], ends: tuple[int, ...]) -> bool:
    """True when ``match`` overlaps none of the spans (sorted, not overlapping: one bisect)."""
    index = bisect_right(ends, match.start)  # the first span ending after the match starts
    return index == len(ends) or starts[index] >= match.end


@text_memo
def claim_sentences(text: str, negations: str, conditions: str | None = None) -> tuple[Sentence, ...]:
    """The sentences of ``text`` that may make a claim (no warning, no question to the reader), each
    with its clauses that the phrase list ``negations`` negates and the conditions of the list
    ``conditions`` (each negated up to its comma)."""
    negating = [m.start for m in phrase_list(negations).finditer(text)]
    conditional = [m.start for m in phrase_list(conditions).finditer(text)] if conditions else []
    commas = [m.start() for m in _COMMAS.finditer(text)] if conditional else []
    breaks = [m.start for m in phrase_list("clause_breaks").finditer(text)]
    cuts = sorted([m.start() for m in _CLAUSE_MARKS.finditer(text)] + breaks)
    openers, questions = phrase_list("warning_openers"), phrase_list("reader_questions")
    actors = Actors(text)
    found = []
    for start, end in sentence_spans(text):
        if openers.starts(text, start) or (text[end : end + 1] == "?" and questions.starts(text, start)):
            continue
        edges = [start, *_between(cuts, start, end), end]
        clauses = [(a, b) for a, b in zip(edges, edges[1:]) if b > a]
        negated = [clause for clause in clauses if _between(negating, *clause)]
        ifs = _between(conditional, start, end)
        conditions = [_condition(at, clauses, commas) for at in ifs]
        if conditions:
            negated = merge_spans(negated + conditions)
        condition = conditions[0] if ifs and not text[start : ifs[0]].strip() else None
        elsewhere = actors.spoken_of(clauses, breaks)
        found.append(Sentence(start, end, tuple(a for a, _ in negated), tuple(b for _, b in negated),
                              tuple(a for a, _ in elsewhere), tuple(b for _, b in elsewhere), condition))
    return tuple(found)


def _condition(start: int, clauses: list[tuple[int, int]], commas: list[int]) -> tuple[int, int]:
    """[start, end) of the condition starting at ``start``: to the first comma after it, or to the end
    of its clause."""
    index = bisect_right(clauses, (start, float("inf"))) - 1  # the clause holding ``start``
    clause_end = clauses[index][1]
    comma = _between(commas, start, clause_end)
    return start, comma[0] if comma else clause_end


def _between(positions: list[int], start: int, end: int) -> list[int]:
    """The sorted ``positions`` in [start, end) (two bisects)."""
    return positions[bisect_left(positions, start) : bisect_left(positions, end)]


def by_sentence(matches: list[Match], sentences: tuple[Sentence, ...], negatable: bool = True) -> list[list[Match]]:
    """For each sentence, the matches wholly inside it (one bisect per match); when ``negatable``, only
    those that no negation turns off."""
    starts = [sentence.start for sentence in sentences]
    buckets: list[list[Match]] = [[] for _ in sentences]
    for match in matches:
        index = bisect_right(starts, match.start) - 1
        if index < 0 or match.end > sentences[index].end:
            continue
        if not negatable or sentences[index].allows(match):
            buckets[index].append(match)
    return buckets
