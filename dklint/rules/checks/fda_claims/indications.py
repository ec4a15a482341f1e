"""Lists of indications: verbless items that carry on a list of disease claims.

A drug-style page lists what a product is for as items of their own:

    Treatment of osteoporosis and rickets.
    In pregnancy and lactation.
    In kidney diseases.

The first item claims by its own words; the others are fragments whose claim is the list's. An
item is a text block of a few words (``MAX_ITEM_WORDS``) that opens with a word of
``indication_openers`` ("in", "for", "during"); in a run of adjacent blocks that begins with a
block whose disease claim starts at its first word, an item that names a disease (in no negated
clause) claims to treat it: "In kidney diseases" is an indication. An item that names no disease
("In pregnancy") claims nothing and keeps the run going; any other block ends it.
"""

from __future__ import annotations

from dklint.base.textmemo import text_memo
from dklint.facts.phrases import phrase_list, tokenize
from dklint.model import TextBlock
from dklint.rules.checks.fda_claims.clauses import claim_sentences
from dklint.rules.checks.fda_claims.statements import matches_by_sentence

MAX_ITEM_WORDS = 8  # "In kidney diseases and pancreatitis." is an item; a longer line is a sentence of its own
MAX_GAP = 8  # characters between two items of one list: a line break, indentation and a bullet


def adjacent(first: TextBlock, second: TextBlock) -> bool:
    """True when ``second`` follows ``first`` with only a line break and a bullet between them."""
    return not first.field_path and not second.field_path and 0 <= second.span.start - first.span.end <= MAX_GAP


def opens_with_claim(text: str, claim_start: int) -> bool:
    """True when a claim starting at ``claim_start`` is the first word of ``text`` ("Treatment of ...")."""
    tokens = tokenize(text)
    return bool(tokens) and tokens[0].start == claim_start


@text_memo
def item(text: str) -> tuple[int, int] | None:
    """(start, end) from the opening word to the disease of an indication item ("In kidney diseases"),
    (0, 0) for an item that names no disease ("In pregnancy"), None for a block that is no item."""
    tokens = tokenize(text)
    if not tokens or len(tokens) > MAX_ITEM_WORDS or not phrase_list("indication_openers").starts(text):
        return None
    sentences = claim_sentences(text, "claim_negations", "conditional_negations")
    diseases = [d for bucket in matches_by_sentence(text, sentences, "diseases")["diseases"] for d in bucket]
    return (tokens[0].start, diseases[0].end) if diseases else (0, 0)
