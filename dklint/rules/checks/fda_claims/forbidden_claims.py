"""Claims a dietary supplement may not make: DK310 disease-claim and DK311 fda-approval-claim.

A disease claim (21 CFR 101.93(g)) is a sentence that says the product
diagnoses, treats, cures, mitigates or prevents a disease, explicitly (a claim
verb near a disease) or by implication (a disease's signs, a drug class). A
negated sentence ("not intended to treat ...") is no claim, and the authorised
health claims of 21 CFR 101.72 are not disease claims.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, Iterable

from dklint.base.textmemo import text_memo
from dklint.facts.phrases import Match, phrase_list, tokenize
from dklint.model import Label
from dklint.rules.checks.fda_claims.statements import all_blocks, point, prose_blocks, sentence_matches, sentence_spans
from dklint.rules.checks.hit import Hit

_DISEASE_LISTS = (
    "disease_claim_verbs", "diseases", "disease_claim_suffixes", "implied_disease_claims",
    "authorized_health_claims", "claim_negations", "disclaimer_anchor",
)
_NEGATIONS = frozenset({"not", "never", "no", "neither", "nor"})


def _inside(match: Match, spans: list[Match], starts: list[int]) -> bool:
    """True when ``match`` lies within one of ``spans`` (sorted, not overlapping: one bisect)."""
    index = bisect_right(starts, match.start) - 1
    return index >= 0 and match.end <= spans[index].end


def _first_after(matches: list[Match], starts: list[int], position: int, limit: int) -> Match | None:
    """The first match starting at or after ``position`` and at most ``limit`` characters later."""
    index = bisect_left(starts, position)
    if index < len(matches) and matches[index].start - position <= limit:
        return matches[index]
    return None


def _disease_hit(found: dict[str, list[Match]], window: int) -> tuple[int, int, str] | None:
    """(start, end, kind) of the earliest disease claim in one sentence's matches (one bisect per match)."""
    authorised = found["authorized_health_claims"]
    starts = [a.start for a in authorised]
    hits = [(m.start, m.end, "implied") for m in found["implied_disease_claims"] if not _inside(m, authorised, starts)]
    diseases = [d for d in found["diseases"] if not _inside(d, authorised, starts)]
    disease_starts = [d.start for d in diseases]
    for verb in found["disease_claim_verbs"]:
        disease = _first_after(diseases, disease_starts, verb.end, window)
        if disease is not None:
            hits.append((verb.start, disease.end, "explicit"))
            break
    nouns = found["disease_claim_suffixes"]
    noun_starts = [n.start for n in nouns]
    for disease in diseases:
        noun = _first_after(nouns, noun_starts, disease.end, 2)
        if noun is not None:
            hits.append((disease.start, noun.end, "explicit"))
            break
    return min(hits) if hits else None


def _why(kind: str, phrase: str) -> str:
    note = " (it names a disease's signs, a drug class or a disease population)" if kind == "implied" else ""
    if "osteoporosis" in phrase.casefold():
        note += ("; only the authorised 21 CFR 101.72 calcium and vitamin D health claim wording may "
                 "speak of reducing the risk of osteoporosis")
    return note


def disease_claim(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    window = int(params.get("window_chars", 80))
    for block in prose_blocks(label):
        for start, end, phrase, why in disease_claims_in(block.text, window):
            yield Hit(point(block, start, end), {"phrase": phrase, "why": why})


@text_memo
def disease_claims_in(text: str, window: int) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, phrase, why) of the disease claim in each sentence of one block's text that has one."""
    spans = sentence_spans(text)
    lists = sentence_matches(text, spans, *_DISEASE_LISTS)
    found = []
    for index in range(len(spans)):
        matches = {name: lists[name][index] for name in _DISEASE_LISTS}
        if matches["claim_negations"] or matches["disclaimer_anchor"]:
            continue
        hit = _disease_hit(matches, window)
        if hit is not None:
            start, end, kind = hit
            phrase = " ".join(text[start:end].split())
            found.append((start, end, phrase, _why(kind, phrase)))
    return tuple(found)


def _negated(text: str, start: int) -> bool:
    before = tokenize(text[max(0, start - 40) : start])
    return any(token.word in _NEGATIONS for token in before[-3:])


def fda_approval_claim(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    for block in all_blocks(label):
        found = approval_claim_in(block.text)
        if found is not None:
            start, end = found
            yield Hit(point(block, start, end), {"phrase": " ".join(block.text[start:end].split())})


@text_memo
def approval_claim_in(text: str) -> tuple[int, int] | None:
    """(start, end) of the first claim of FDA approval in a text that is not negated ("not approved")."""
    for match in phrase_list("fda_approval").finditer(text):
        if not _negated(text, match.start):
            return match.start, match.end
    return None


CHECKS = {
    "disease_claim": disease_claim,
    "fda_approval_claim": fda_approval_claim,
}
