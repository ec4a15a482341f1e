"""Claims a dietary supplement may not make: DK310 disease-claim and DK311 fda-approval-claim.

A disease claim (21 CFR 101.93(g)) is a sentence that says the product
diagnoses, treats, cures, mitigates or prevents a disease, explicitly (a claim
verb before a disease, or a disease followed by "prevention", "relief" ...) or by
implication (a disease's signs, a drug class, a disease population; a drug class
in the plural only in a sentence that does not speak of medicines people take), or
a treatment word in a sentence that opens with a condition naming a disease ("If
you have low vitamin D levels, the treatment is high doses of vitamin D"), or an
item of a list of indications ("In kidney diseases", ``indications``). A negated
clause ("not intended to treat ...", "consult your doctor if ...") or condition ("if you
have kidney disease, ...") makes no claim, nor does a warning or a question to the reader
(``clauses``); a disease named as a risk ("at risk for osteoporosis") is no
object of a claim verb, and the authorised health claims of 21 CFR 101.72 are not
disease claims.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, Iterable

from dklint.base.textmemo import text_memo
from dklint.facts.phrase_tokens import phrase_words
from dklint.facts.phrases import Match, phrase_list
from dklint.model import Label
from dklint.rules.checks.fda_claims import indications
from dklint.rules.checks.fda_claims.actors import first_at, product_mentions
from dklint.rules.checks.fda_claims.clauses import NEXT_WORD, Sentence, by_sentence, claim_sentences
from dklint.rules.checks.fda_claims.statements import all_blocks, matches_by_sentence, point, prose_blocks
from dklint.rules.checks.hit import Hit

# Lists whose matches a negated clause turns off, and lists that only qualify them (read in every clause).
_CLAIM_LISTS = ("disease_claim_verbs", "diseases", "disease_claim_suffixes", "implied_disease_claims", "drug_classes")
# What a disease claim is about; a sentence without one makes none.
_CLAIM_SUBJECTS = ("diseases", "implied_disease_claims", "drug_classes")
_CONTEXT_LISTS = ("authorized_health_claims", "risk_mentions", "medicine_contexts")


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


def _claimed_diseases(found: dict[str, list[Match]], authorised: list[Match], starts: list[int]) -> list[Match]:
    """The sentence's disease terms that a claim may be about: not inside an authorised health
    claim, and not named as a risk ("at risk for osteoporosis")."""
    risk_ends = sorted(r.end for r in found["risk_mentions"])
    diseases = []
    for disease in found["diseases"]:
        before = bisect_right(risk_ends, disease.start) - 1
        if _inside(disease, authorised, starts):
            continue
        if before >= 0 and disease.start - risk_ends[before] <= NEXT_WORD:
            continue
        diseases.append(disease)
    return diseases


def _drug_classes(text: str, found: dict[str, list[Match]]) -> list[Match]:
    """The sentence's drug classes that claim: every singular ("a natural laxative"), and the plurals
    ("antivirals") when the sentence does not speak of medicines people take ("intake of laxatives")."""
    if not found["medicine_contexts"]:
        return found["drug_classes"]
    return [m for m in found["drug_classes"] if phrase_words(text[m.start : m.end])[-1] == m.phrase.rsplit(" ", 1)[-1]]


def _disease_hit(text: str, found: dict[str, list[Match]], window: int) -> tuple[int, int, str] | None:
    """(start, end, kind) of the earliest disease claim in one sentence's matches (one bisect per match)."""
    authorised = found["authorized_health_claims"]
    starts = [a.start for a in authorised]
    implied = found["implied_disease_claims"] + _drug_classes(text, found)
    hits = [(m.start, m.end, "implied") for m in implied if not _inside(m, authorised, starts)]
    diseases = _claimed_diseases(found, authorised, starts)
    disease_starts = [d.start for d in diseases]
    for verb in found["disease_claim_verbs"]:
        disease = _first_after(diseases, disease_starts, verb.end, window)
        if disease is not None:
            hits.append((verb.start, disease.end, "explicit"))
            break
    nouns = found["disease_claim_suffixes"]
    noun_starts = [n.start for n in nouns]
    for disease in diseases:
        noun = _first_after(nouns, noun_starts, disease.end, NEXT_WORD)
        if noun is not None:
            hits.append((disease.start, noun.end, "explicit"))
            break
    return min(hits) if hits else None


def _conditional_hit(text: str, sentence: Sentence, found: dict[str, list[Match]], diseases: list[Match],
                     mentions: list[int]) -> tuple[int, int, str] | None:
    """(start, end, disease) of a treatment word that speaks of the disease the sentence's opening
    condition names: "If you have low vitamin D levels, the treatment is high doses of vitamin D". The
    main clause must name a nutrient or the product, so "If you have osteoporosis, your doctor may
    advise treatment" claims nothing for it."""
    condition_start, condition_end = sentence.condition
    authorised = found["authorized_health_claims"]
    named = [d for d in _claimed_diseases({**found, "diseases": diseases}, authorised, [a.start for a in authorised])
             if condition_start <= d.start and d.end <= condition_end]
    nouns = [n for n in found["disease_claim_suffixes"] if n.start >= condition_end]
    if not named or not nouns or first_at(mentions, condition_end, sentence.end) is None:
        return None
    return nouns[0].start, nouns[0].end, " ".join(text[named[0].start : named[0].end].split())


def _why(kind: str, phrase: str, topic: str | None = None) -> str:
    note = " (it names a disease's signs, a drug class or a disease population)" if kind == "implied" else ""
    if topic is not None:
        note = f' (it speaks of "{topic}", the condition its sentence opens with)'
    if "osteoporosis" in phrase.casefold():
        note += ("; only the authorised 21 CFR 101.72 calcium and vitamin D health claim wording may "
                 "speak of reducing the risk of osteoporosis")
    return note


_ITEM_WHY = " (an item of a list of indications that opens with a disease claim)"


def disease_claim(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    window = int(params.get("window_chars", 80))
    listing = False  # the blocks so far are a list of indications that the next adjacent item may carry on
    previous = None
    for block in prose_blocks(label):
        found = disease_claims_in(block.text, window)
        carried = listing and previous is not None and indications.adjacent(previous, block)
        for start, end, phrase, why in found:
            yield Hit(point(block, start, end), {"phrase": phrase, "why": why})
        if found:
            listing = carried or indications.opens_with_claim(block.text, found[0][0])
        else:
            named = indications.item(block.text) if carried else None
            if named is not None and named[1] > named[0]:
                start, end = named
                yield Hit(point(block, start, end), {"phrase": " ".join(block.text[start:end].split()), "why": _ITEM_WHY})
            listing = named is not None
        previous = block


@text_memo
def disease_claims_in(text: str, window: int) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, phrase, why) of the disease claim in each sentence of one block's text that has one."""
    # Every claim below names a disease, an implied one or a drug class (_disease_hit, _conditional_hit):
    # a text with none of them (nearly all) needs no sentences, negations or other lists.
    if all(phrase_list(name).search(text) is None for name in _CLAIM_SUBJECTS):
        return ()
    sentences = claim_sentences(text, "claim_negations", "conditional_negations")
    lists = {**matches_by_sentence(text, sentences, *_CLAIM_LISTS),
             **matches_by_sentence(text, sentences, *_CONTEXT_LISTS, negatable=False)}
    diseases: list[list[Match]] = []  # every disease of each sentence, negated or not: a condition names them
    mentions: list[int] = []
    if any(sentence.condition for sentence in sentences):
        diseases = matches_by_sentence(text, sentences, "diseases", negatable=False)["diseases"]
        mentions = product_mentions(text)
    found = []
    for index, sentence in enumerate(sentences):
        matches = {name: lists[name][index] for name in lists}
        hit, topic = _disease_hit(text, matches, window), None
        if hit is None and sentence.condition is not None:
            hit = _conditional_hit(text, sentence, matches, diseases[index], mentions)
            if hit is not None:
                start, end, topic = hit
                hit = (start, end, "explicit")
        if hit is not None:
            start, end, kind = hit
            phrase = " ".join(text[start:end].split())
            found.append((start, end, phrase, _why(kind, phrase, topic)))
    return tuple(found)


def fda_approval_claim(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    for block in all_blocks(label):
        found = approval_claim_in(block.text)
        if found is not None:
            start, end = found
            yield Hit(point(block, start, end), {"phrase": " ".join(block.text[start:end].split())})


@text_memo
def approval_claim_in(text: str) -> tuple[int, int] | None:
    """(start, end) of the first claim of FDA approval whose clause no negation turns off ("not approved")."""
    matches = list(phrase_list("fda_approval").finditer(text))
    if not matches:  # nearly every text: no need to find its sentences and negations
        return None
    for bucket in by_sentence(matches, claim_sentences(text, "negations")):
        if bucket:
            return bucket[0].start, bucket[0].end
    return None


CHECKS = {
    "disease_claim": disease_claim,
    "fda_approval_claim": fda_approval_claim,
}
