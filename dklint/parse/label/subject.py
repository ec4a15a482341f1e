"""The nutrient a page is about, and the dose it states without naming the nutrient again.

A product page often names its nutrient in the title and everywhere else, then gives
the dose on its own: "Vitamin D3 ... supplementing with 1,000 IU is well within safe
recommendations". When the text states no dose beside any nutrient, such an amount
belongs to the page's subject when the words before it make it the product's
("supplementing with", "each capsule provides": the ``dose_lead_ins`` phrase list) -
an amount quoted from a recommendation ("EFSA suggests 15 ug a day") is not the
product's. The subject is the nutrient named in the title line, failing that the one
named in most sentences, and the amount's unit must measure it (IU is no unit of
vitamin K).
"""

from __future__ import annotations

import re
from collections import Counter

from dklint.facts.nutrients import registry
from dklint.facts.phrases import has_phrase
from dklint.facts.units import convert_all
from dklint.model import Ingredient
from dklint.parse.label.ingredients import amount
from dklint.parse.label.tokens import Tok
from dklint.source import Span

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_MAX_SENTENCES = 400  # enough for any product page; a huge text is not scanned sentence by sentence


def subject_nutrient(title: str | None, texts: list[str]) -> str | None:
    """The nutrient the title names, else the one named in most sentences (the first on a tie)."""
    lookup = registry().lookup
    named = lookup(title) if title else None
    if named is not None:
        return named
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    sentences = (s for text in texts for s in _SENTENCE.split(text))
    for index, sentence in enumerate(sentences):
        if index >= _MAX_SENTENCES:
            break
        nutrient = lookup(sentence)
        if nutrient is not None:
            counts[nutrient] += 1
            first_seen.setdefault(nutrient, index)
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], -first_seen[n]))


def subject_dose(orphans: list[tuple[Tok, str]], title: str | None, texts: list[str]) -> Ingredient | None:
    """The page subject's dose: the first amount, led in as the product's, that can measure the subject."""
    led = [token for token, lead in orphans if has_phrase(lead, "dose_lead_ins")]
    nutrient_id = subject_nutrient(title, texts) if led else None
    nutrient = registry().nutrients.get(nutrient_id or "")
    if nutrient is None or nutrient.unit is None:
        return None
    for token in led:
        if token.val is not None and convert_all(token.val, token.unit or "", nutrient.unit, nutrient.id):
            form = registry().form_of(nutrient.id, title, *texts[:20])
            span = Span(token.s, token.e)
            return Ingredient.model_construct(name=nutrient.name, nutrient=nutrient.id, form=form,
                                              amounts=(amount(token),), span=span, name_span=span, region="prose")
    return None
