"""DK301 disclaimer-missing, DK302 disclaimer-wording, DK303 disclaimer-link,
DK310 disease-claim, DK311 fda-approval-claim."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, Iterable

from dklint.model import Label
from dklint.phrases import Match, phrase_list, tokenize
from dklint.rules.checks import Hit
from dklint.textmemo import text_memo
from dklint.rules.checks.claims_disclaimer import find_disclaimers
from dklint.rules.checks.claims_disclaimer_wording import wording_problems
from dklint.rules.checks.claims_find import (
    all_blocks, block_target, find_sf_claims, point, prose_blocks, sentence_matches, sentence_spans, short,
)

_DISEASE_LISTS = (
    "disease_claim_verbs", "diseases", "disease_claim_suffixes", "implied_disease_claims",
    "authorized_health_claims", "claim_negations", "disclaimer_anchor",
)
_NEGATIONS = frozenset({"not", "never", "no", "neither", "nor"})


def disclaimer_missing(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    claims = find_sf_claims(label)
    if not claims or find_disclaimers(label):
        return
    more = len(claims) - 1
    yield Hit(claims[0].target(), {
        "claim": short(claims[0].text), "more": f" and {more} more" if more else "",
    })


def disclaimer_wording(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    for disclaimer in find_disclaimers(label):
        problems = wording_problems(disclaimer.block.text)
        if problems:
            yield Hit(block_target(disclaimer.block), {"problems": "; ".join(problems)})


def _quote(symbol: str | None) -> str:
    return f'"{symbol}"' if symbol else "no symbol"


def disclaimer_link(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    disclaimers = find_disclaimers(label)
    claims = find_sf_claims(label)
    if not disclaimers or not claims:
        return
    marks = {d.symbol for d in disclaimers if d.symbol}
    carried = " or ".join(_quote(m) for m in sorted(marks)) or "no symbol"
    other_notes = {f.symbol.strip() for f in label.footnotes if _annotates_claims(f.text)}
    reported: set[str] = set()
    for claim in claims:
        symbol = claim.symbol
        if symbol and symbol not in marks and symbol not in other_notes and symbol not in reported:
            reported.add(symbol)
            problem = f'the claim "{short(claim.text)}" is marked "{symbol}", but the disclaimer carries {carried}'
            yield Hit(claim.target(), {"problem": problem})
    if any(claim.symbol for claim in claims):
        return  # marked claims were judged above; an unmarked disclaimer beside them is the same defect
    for disclaimer in disclaimers:
        if disclaimer.symbol:
            problem = (f'the disclaimer is marked "{disclaimer.symbol}", but no claim carries it '
                       f'(for example "{short(claims[0].text)}")')
            yield Hit(block_target(disclaimer.block), {"problem": problem})


@text_memo
def _annotates_claims(footnote: str) -> bool:
    """A footnote that may explain a claim ("Clinically studied dose"), unlike the panel's own."""
    panel_lists = ("dv_not_established", "dv_basis_footnote", "disclaimer_anchor")
    return not any(phrase_list(name).search(footnote) for name in panel_lists)


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
    "disclaimer_missing": disclaimer_missing,
    "disclaimer_wording": disclaimer_wording,
    "disclaimer_link": disclaimer_link,
    "disease_claim": disease_claim,
    "fda_approval_claim": fda_approval_claim,
}
