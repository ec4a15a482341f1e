"""A drug class in the claim rules: in the singular it says what the product is; in the plural it names
what the product holds ("antivirals"), or medicines people take ("intake of laxatives"), which is no claim."""

from __future__ import annotations

import pytest

from tests.test_claims_actors import at, located


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ("Blends proven immune boosters and antivirals in one capsule.", "antivirals"),
        ("Strong Antivirals and Antioxidants", "Antivirals"),
        ("Works on bladder comfort, comparable to antibiotics.", "antibiotics"),
        ("A natural laxative for regularity.", "laxative"),
        # the singular says what the product is, whatever else the sentence speaks of
        ("An antiviral herb, gentle for people who take medications.", "antiviral"),
    ],
)
def test_a_drug_class_is_a_disease_claim(ruleset, line, phrase):
    assert located(ruleset, "DK310", line) == [(phrase, at(line, phrase))]


@pytest.mark.parametrize(
    "line",
    [
        "Heavy intake of coffee and laxatives drains magnesium.",
        "Many medications lower magnesium, among them loop diuretics and some antibiotics.",
        "Things that upset gut flora include antibiotics, steroids and stress.",
        "Zinc may interfere with certain antibiotics.",
        "Space it two hours from antibiotics you take.",
    ],
)
def test_a_plural_drug_class_among_medicines_people_take_is_no_claim(ruleset, line):
    assert located(ruleset, "DK310", line) == []
