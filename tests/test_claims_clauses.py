"""Negation scoped to the clause, and the sentences that make no claim: warnings, questions to the reader."""

from __future__ import annotations

import time

import pytest

from dklint.rules.checks.fda_claims.clauses import claim_sentences, sentence_spans
from dklint.source import Span
from tests.test_claims_checks import PLURAL, findings, text_label

START = len("Supplement Facts\n")  # where text_label puts its first line
REVERSES = "reverses osteoporosis"


def disease_subjects(ruleset, *lines: str) -> list[str]:
    return [f.subject for f in findings(ruleset, "DK310", text_label(*lines))]


# negation reaches its clause, however long, and no further ------------------------------------------


def test_a_long_negated_clause_makes_no_claim(ruleset):
    padding = "with its blend of vitamins, minerals, herbs, enzymes and cofactors chosen for adults " * 6
    assert disease_subjects(ruleset, f"This product, {padding}, is not intended to treat osteoporosis.") == []


def test_negation_stops_at_a_clause_break(ruleset):
    line = "This product is not intended to treat any disease, but it reverses osteoporosis."
    (finding,) = findings(ruleset, "DK310", text_label(line))
    start = START + line.index(REVERSES)
    assert finding.span == Span(start, start + len(REVERSES))
    assert finding.message == (
        '"reverses osteoporosis" is a disease claim; only the authorised 21 CFR 101.72 calcium and vitamin D health '
        "claim wording may speak of reducing the risk of osteoporosis: a dietary supplement may not claim to "
        "diagnose, treat, cure, mitigate or prevent a disease"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Made for adults and not a substitute for medical care: this formula reverses osteoporosis.",
        "Do not use if you have kidney disease; reverses osteoporosis in weeks.",
    ],
)
def test_a_colon_or_semicolon_ends_the_negated_clause(ruleset, line):
    assert disease_subjects(ruleset, line) == [REVERSES]


def test_the_clauses_of_a_sentence():
    text = "Not for children: prevents colds, but never cures flu."
    (sentence,) = claim_sentences(text, "claim_negations")
    assert [text[a:b] for a, b in sentence.negated] == ["but never cures flu"]


@pytest.mark.parametrize(
    "line",
    [
        "Do not use if you have kidney disease.",
        "If you have diabetes or heart disease, talk to your health care provider before use.",
        "Ask your doctor before use if you are taking medication for high blood pressure.",
        "Keep out of reach of children; do not use if you have had a stroke.",
        "Side effects: may worsen kidney stones.",
        "Caution: not for people with kidney disease.",
    ],
)
def test_a_warning_that_names_a_disease_is_not_a_disease_claim(ruleset, line):
    assert disease_subjects(ruleset, line) == []


# questions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["Do you suffer from osteoporosis?", "Worried about colds and flu?", "Are you at risk of heart disease?",
     "Looking for bone support?"],
)
def test_a_question_to_the_reader_is_no_claim(ruleset, line):
    label = text_label(line)
    assert findings(ruleset, "DK310", label) == [] and findings(ruleset, "DK301", label) == []


def test_a_question_about_what_the_product_does_suggests_its_answer(ruleset):
    line = "Can vitamin D help prevent the flu?"
    (finding,) = findings(ruleset, "DK310", text_label(line))
    assert finding.subject == "prevent the flu"
    assert finding.span.start == START + line.index("prevent")


# structure/function claims -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "The body converts it into calcitriol, which has a known role in bone building.",
        "Calcium is absorbed into the body and vitamin D3 is involved in.",
        "This product is not intended to support bone health.",
        "Warnings: do not take to support bone health if pregnant.",
    ],
)
def test_no_structure_function_claim(ruleset, line):
    assert findings(ruleset, "DK301", text_label(line)) == []


@pytest.mark.parametrize(
    ("line", "claim"),
    [
        ("Immune Support", "Immune Support"),
        ("Vitamin K2 + D3 for Heart Health and Bone & Joint Support", "Vitamin K2 + D3 for Heart Health and Bone & Joint Support"),
        ("Providing support for intestinal microbial balance.", "Providing support for intestinal microbial balance"),
        ("Supports Urinary Tract Health: with cranberry.", "Supports Urinary Tract Health: with cranberry"),
    ],
)
def test_structure_function_claims(ruleset, line, claim):
    (finding,) = findings(ruleset, "DK301", text_label(line))
    assert finding.message.startswith(f'the label makes a structure/function claim ("{claim}") but carries no DSHEA')
    assert finding.span == Span(START, START + len(claim))


# disease terms that are no object of a claim verb ------------------------------------------------


def test_a_disease_named_as_a_risk_is_not_claimed(ruleset):
    line = "Well within safe intakes for those with little sun exposure or who are at risk for osteoporosis."
    assert disease_subjects(ruleset, line) == []
    assert disease_subjects(ruleset, "For those with osteoporosis.") == ["For those with osteoporosis"]


def test_drug_classes_in_the_plural_count_outside_a_medicine_context(ruleset):
    assert disease_subjects(ruleset, "A gentle stool softener.") == ["stool softener"]
    assert disease_subjects(ruleset, "Magnesium is lost with laxatives and loop diuretics.") == []


@pytest.mark.parametrize(
    ("line", "subject"),
    [
        ("Prevents and Treats UTIs naturally.", "Prevents and Treats UTIs"),
        ("UTI Relief Complete", "UTI Relief"),
        ("Helps move calcium out of the arteries and into the bones.", "move calcium out of the arteries"),
        ("Supports heart health, reducing the risk of arterial stiffness.", "reducing the risk of arterial stiffness"),
        ("Helps your body defend against illnesses.", "defend against illnesses"),
        ("Vitamin D may protect people from autoimmune conditions.", "protect people from autoimmune"),
        ("Active ingredient for caries prophylaxis.", "caries prophylaxis"),
        ("May reduce your risk of developing osteoporosis.", "reduce your risk of developing osteoporosis"),
    ],
)
def test_disease_claims_the_lists_now_read(ruleset, line, subject):
    assert disease_subjects(ruleset, line) == [subject]


# FDA approval: the negation is the clause's -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("This supplement, like every dietary supplement sold in the United States, has never been FDA approved.", 0),
        ("Not sold in stores, but FDA approved.", 1),
        ("FDA-approved formula!", 1),
        (PLURAL, 0),
    ],
)
def test_dk311_negation_scope(ruleset, line, count):
    assert len(findings(ruleset, "DK311", text_label(line))) == count


def test_sentences_do_not_end_inside_dotted_abbreviations():
    text = "Made in the U.S. from e.g. whole foods. Take daily."
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == ["Made in the U.S. from e.g. whole foods", "Take daily"]


def test_many_clauses_are_judged_in_linear_time(ruleset):
    line = "It is " + "not a substitute, but " * 20_000 + "it reverses osteoporosis."
    started = time.perf_counter()
    assert disease_subjects(ruleset, line) == [REVERSES]
    assert time.perf_counter() - started < 10
