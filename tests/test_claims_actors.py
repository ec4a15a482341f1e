"""Claims are statements about the product: words spoken of another actor (the sun, the immune system,
vaccines, patients) make none, up to where they name a nutrient or the product again."""

from __future__ import annotations

import time

import pytest

from dklint.rules.checks.fda_claims.clauses import claim_sentences
from dklint.source import Span
from tests.test_claims_checks import findings, text_label

START = len("Supplement Facts\n")  # where text_label puts its first line


def located(ruleset, code: str, line: str) -> list[tuple[str, Span]]:
    """(subject, span) of each finding of ``code`` on a one-line label whose prose is ``line``."""
    return [(f.subject, f.span) for f in findings(ruleset, code, text_label(line))]


def at(line: str, phrase: str) -> Span:
    start = START + line.index(phrase)
    return Span(start, start + len(phrase))


@pytest.mark.parametrize(
    "line",
    [
        # the subject of the sentence is something else, and a concessive or parenthetical clause is its own
        "A sunblock, while vital to prevent skin cancer, also cuts the vitamin D your skin makes.",
        "A sunblock, although vital to prevent skin cancer, also cuts the vitamin D your skin makes.",
        "Sun exposure, however brief, helps prevent rickets in toddlers.",
        "Innate immunity is with us from birth, as when the skin keeps out germs or fights off an infection.",
        "The immune system defends against viruses, for example after a vaccination.",
        "Vaccines prevent the flu in most adults.",
        "Medications used to treat high blood pressure can lower potassium.",
        # a relative clause about patients speaks of the patients
        "Cutting iron intake matters for hepatitis C patients who suffer liver cell damage.",
    ],
)
def test_words_spoken_of_another_actor_make_no_claim(ruleset, line):
    assert located(ruleset, "DK310", line) == []
    assert located(ruleset, "DK301", line) == []


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        # from where the words name a nutrient or the product, they speak of it again
        ("Your immune system relies on zinc to fight off infections.", "fight off infections"),
        ("The immune system depends on this formula to prevent colds.", "prevent colds"),
        # an actor's word that is part of the product's name is no other actor
        ("Immunity Formula helps prevent colds.", "prevent colds"),
        ("immunity support that helps prevent colds.", "prevent colds"),
        ("immunity-boosting blend that helps prevent colds.", "prevent colds"),
        ("Doctor formulated to help prevent colds.", "prevent colds"),
        # an actor inside the sentence, not its subject, changes nothing
        ("Helps prevent colds, even without sunlight.", "prevent colds"),
        # the population a claim names stays claimed; only the relative clause is the patients'
        ("Made for cancer patients who want strong bones.", "for cancer patients"),
    ],
)
def test_the_product_or_its_nutrient_still_claims(ruleset, line, phrase):
    assert located(ruleset, "DK310", line) == [(phrase, at(line, phrase))]


def test_a_structure_function_claim_of_another_actor(ruleset):
    assert located(ruleset, "DK301", "The immune system helps protect the body.") == []
    line = "Vitamin C helps protect the body."
    ((subject, span),) = located(ruleset, "DK301", line)
    assert span == Span(START, START + len(line) - 1)


def test_the_parts_spoken_of_another_actor():
    text = "Sunscreen, although vital to prevent skin cancer, also cuts vitamin D output; zinc prevents colds."
    first, second = claim_sentences(text, "claim_negations")
    assert [text[a:b] for a, b in first.elsewhere] == ["Sunscreen, although vital to prevent skin cancer, also cuts "]
    assert second.elsewhere == ()
    text = "Adults who smoke and patients who have had surgery."
    (sentence,) = claim_sentences(text, "claim_negations")
    assert [text[a:b] for a, b in sentence.elsewhere] == ["who have had surgery"]


def test_many_actors_are_judged_in_linear_time(ruleset):
    line = "Sunscreen blocks the sun, and patients who rest " * 5_000 + "; zinc reverses osteoporosis."
    started = time.perf_counter()
    assert [subject for subject, _ in located(ruleset, "DK310", line)] == ["reverses osteoporosis"]
    assert time.perf_counter() - started < 10
