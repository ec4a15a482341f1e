"""A condition put to the reader ("if you have ...") negates itself, not the main clause after it; the disease
it names is what the main clause's treatment words speak of."""

from __future__ import annotations

import pytest

from dklint.rules.checks.fda_claims.clauses import claim_sentences
from tests.test_claims_actors import at, located
from tests.test_claims_checks import findings, text_label

LOW_D = "If you have low levels of vitamin D, which a blood test can confirm, the treatment is high doses of vitamin D."


def test_a_treatment_word_speaks_of_the_condition_the_sentence_opens_with(ruleset):
    (finding,) = findings(ruleset, "DK310", text_label(LOW_D))
    assert finding.span == at(LOW_D, "treatment")
    assert finding.message == (
        '"treatment" is a disease claim (it speaks of "low levels of vitamin D", the condition its sentence opens '
        "with): a dietary supplement may not claim to diagnose, treat, cure, mitigate or prevent a disease"
    )


@pytest.mark.parametrize(
    "line",
    [
        # the main clause names neither a nutrient nor the product: the treatment is not the product's
        "If you have osteoporosis, your doctor may advise treatment.",
        # the main clause is a caution of its own
        "If you have kidney disease, talk to your doctor before any vitamin D treatment.",
        "If you have diabetes, kidney disease or hypertension, this product may not be right for you.",
        # the treatment word comes before the condition
        "Treatment with vitamin D is simple if you have low levels of it.",
    ],
)
def test_a_condition_without_a_treatment_of_the_product_is_no_claim(ruleset, line):
    assert located(ruleset, "DK310", line) == []


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        # the main clause after a condition is judged on its own
        ("If you have trouble sleeping, this blend helps prevent insomnia.", "prevent insomnia"),
        ("Helps prevent colds if you take it daily.", "prevent colds"),
        # low levels of a nutrient are its deficiency, in lay terms
        ("Treats low vitamin D levels.", "Treats low vitamin D levels"),
        ("Corrects a deficiency of iron and prevents low iron status.", "prevents low iron status"),
    ],
)
def test_claims_after_a_condition(ruleset, line, phrase):
    assert located(ruleset, "DK310", line) == [(phrase, at(line, phrase))]


def test_a_structure_function_claim_after_a_condition(ruleset):
    line = "If you have trouble sleeping, this blend supports restful sleep."
    ((subject, span),) = located(ruleset, "DK301", line)
    assert span == at(line, line[:-1])
    assert located(ruleset, "DK301", "If you have trouble sleeping, ask your doctor.") == []


def test_the_condition_of_a_sentence():
    (sentence,) = claim_sentences(LOW_D, "claim_negations", "conditional_negations")
    assert [LOW_D[a:b] for a, b in sentence.negated] == ["If you have low levels of vitamin D"]
    assert LOW_D[slice(*sentence.condition)] == "If you have low levels of vitamin D"
    text = "Take it with food if you are taking iron, calcium or zinc."
    (sentence,) = claim_sentences(text, "claim_negations", "conditional_negations")
    assert [text[a:b] for a, b in sentence.negated] == ["if you are taking iron"]
    assert sentence.condition is None
    (sentence,) = claim_sentences(LOW_D, "claim_negations")  # conditions are read only when asked for
    assert sentence.negated == () and sentence.condition is None
