"""Whom a clause speaks of: the product and its ingredients, or another actor.

A claim is a statement about the product (21 CFR 101.93(f), (g)(1)). Prose often speaks of
something else: "A sunblock, while vital to prevent skin cancer, also cuts the vitamin D your skin
makes" is about the sunblock, "Innate immunity is with us from birth, as when the skin fights off an
infection" about the body, "... hepatitis C patients who suffer liver cell damage" about the
patients. Such words make no claim for the product. The actors are the phrase list
``other_actors``; one speaks

- as the subject of a clause: its phrase opens the clause, after a word of ``determiners`` or none
  ("the immune system"), and ends the noun phrase (punctuation or
  a lower-case word follows, and not a claim noun or a product word: "Immunity Support",
  "Immunity Formula" and "immunity-boosting blend" name the product), from the clause's start;
- in a relative clause about it: right after its phrase, a word of ``actor_relatives``
  ("patients who ..."), from that word;

up to the end of the clause. A clause break right after the subject and its comma opens a
parenthetical of the same subject ("A sunblock, although vital to ..., also ..."), so the next
clause is spoken of it too. Where the words name a nutrient or the product (``product_mentions``),
they speak of the product again: "Your immune system needs zinc to fight infections" claims for
zinc what follows it.

One scan per list for the whole text and a few bisects per clause: linear in the text.
"""

from __future__ import annotations

from bisect import bisect_left

from dklint.facts.nutrients import nutrient_names
from dklint.facts.phrase_tokens import match_starts
from dklint.facts.phrases import Match, phrase_list

NEXT_WORD = 2  # characters between an actor and its relative pronoun: "patients who"
_HYPHENS = frozenset("-\u2010\u2011")


def product_mentions(text: str) -> list[int]:
    """Where ``text`` names a nutrient or the product, in order."""
    return sorted([m.start for m in nutrient_names().finditer(text)]
                  + [m.start for m in phrase_list("product_mentions").finditer(text)])


def first_at(positions: list[int], start: int, end: int) -> int | None:
    """The first of the sorted ``positions`` in [start, end), if any (one bisect)."""
    index = bisect_left(positions, start)
    return positions[index] if index < len(positions) and positions[index] < end else None


class Actors:
    """The other actors of one text, found once; ``spoken_of`` answers for each sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.actors = list(phrase_list("other_actors").finditer(text))
        if not self.actors:
            return
        self.starts = [a.start for a in self.actors]
        self.relatives = [m.start for m in phrase_list("actor_relatives").finditer(text)]
        self.mentions = product_mentions(text)
        self.word_starts = match_starts(text)

    def spoken_of(self, clauses: list[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int]]:
        """The parts of one sentence's ``clauses`` spoken of another actor, in order and not
        overlapping; ``breaks`` are where clause-break words ("although") start."""
        if not self.actors:
            return []
        found: list[tuple[int, int]] = []
        for number, (start, end) in enumerate(clauses):
            opens: list[int] = []
            until = end
            subject = self._subject(start, end)
            if subject is not None:
                opens.append(subject.start)
                after = self.text[subject.end : end].strip(" \t")
                if after == "," and first_at(breaks, end, end + 1) is not None and number + 1 < len(clauses):
                    until = clauses[number + 1][1]  # "A sunblock, although vital to ...": a parenthetical
            for actor in self.actors[bisect_left(self.starts, start) : bisect_left(self.starts, end)]:
                relative = first_at(self.relatives, actor.end, min(end, actor.end + NEXT_WORD + 1))
                if relative is not None:
                    opens.append(relative)
            for opened in opens:
                mention = first_at(self.mentions, opened, until)
                found.append((opened, until if mention is None else mention))
        return merge_spans(found)

    def _subject(self, start: int, end: int) -> Match | None:
        """The actor that opens the clause [start, end) as its subject, after a determiner or none."""
        index = bisect_left(self.word_starts, start)
        if index < len(self.word_starts) and phrase_list("determiners").starts(self.text, self.word_starts[index]):
            index += 1  # "the immune system", "a sunblock"
        if index == len(self.word_starts) or self.word_starts[index] >= end:
            return None
        found = bisect_left(self.starts, self.word_starts[index])
        if found == len(self.actors) or self.starts[found] != self.word_starts[index] or self.actors[found].end > end:
            return None
        actor = self.actors[found]
        return actor if _ends_noun_phrase(self.text, actor.end) else None


def _ends_noun_phrase(text: str, end: int) -> bool:
    """True when the actor's phrase ending at ``end`` is a whole subject, not the head of a name."""
    if text[end : end + 1] in _HYPHENS:
        return False  # "immunity-boosting blend", "sun-ripened": a compound word, not a subject
    rest = text[end:].lstrip(" \t")
    if not rest or not rest[0].isalnum():
        return True  # a comma, a bracket, a dash, the end
    if not rest.split(None, 1)[0].islower():
        return False  # "Immunity Formula", or text in capitals where a name cannot be told from a verb
    position = len(text) - len(rest)
    return not (phrase_list("sf_claim_nouns").starts(text, position)
                or phrase_list("product_mentions").starts(text, position))


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) spans sorted, with empty ones left out and overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
