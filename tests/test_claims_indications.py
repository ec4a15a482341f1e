"""A list of indications: verbless items ("In kidney diseases") carry on the disease claim the list opens with."""

from __future__ import annotations

import pytest

from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.read import source_from_bytes
from dklint.run.sequential import results_for_source
from dklint.source import Span
from tests.test_claims_checks import findings, text_label

START = len("Supplement Facts\n")  # where text_label puts its first line


def claims(ruleset, *lines: str) -> list[tuple[str, Span]]:
    return [(f.subject, f.span) for f in findings(ruleset, "DK310", text_label(*lines))]


def at(lines: tuple[str, ...], number: int, phrase: str) -> Span:
    """The span of ``phrase`` in line ``number`` (0-based) of a text_label's prose."""
    start = START + sum(len(line) + 1 for line in lines[:number]) + lines[number].index(phrase)
    return Span(start, start + len(phrase))


def test_items_carry_on_the_list_of_indications(ruleset):
    lines = ("Treatment of rickets and osteomalacia.", "In pregnancy and nursing.", "In kidney diseases and gout.",
             "During long courses of therapy.")
    assert claims(ruleset, *lines) == [
        ("Treatment of rickets", at(lines, 0, "Treatment of rickets")),
        ("In kidney diseases", at(lines, 2, "In kidney diseases")),
    ]
    (finding,) = findings(ruleset, "DK310", text_label(lines[0], lines[2]))[1:]
    assert finding.message == (
        '"In kidney diseases" is a disease claim (an item of a list of indications that opens with a disease '
        "claim): a dietary supplement may not claim to diagnose, treat, cure, mitigate or prevent a disease"
    )


@pytest.mark.parametrize(
    "lines",
    [
        # no disease claim opens the list
        ("Supports bone health.", "In kidney diseases and gout."),
        ("Vitamin D3 and K2 help prevent osteoporosis.", "In kidney diseases and gout."),
        # a block that is no item ends the list
        ("Treatment of rickets.", "Our bottles are made from recycled glass and shipped in plain boxes.",
         "In kidney diseases."),
        ("Treatment of rickets.", "In kidney diseases the body loses calcium faster than it can take it in."),
        # a negated item claims nothing
        ("Treatment of rickets.", "For kidney disease, do not use."),
    ],
)
def test_no_item_claims_outside_a_list_of_indications(ruleset, lines):
    assert [subject for subject, _ in claims(ruleset, *lines)] == [s for s, _ in claims(ruleset, *lines[:-1])]


def test_bulleted_items_of_a_label_text():
    text = ("Bone Formula\n\nCalcium (as calcium carbonate) 500 mg per tablet.\n\n"
            "  \u2022 Treatment of rickets and osteomalacia.\n  \u2022 In pregnancy and nursing.\n"
            "  \u2022 In kidney diseases and gout.\n")
    checker = CheckerRecipe().build()
    found = [(f.line, f.column, f.end_column) for result in results_for_source(checker, source_from_bytes(text.encode(), "x.txt"))
             for f in result.findings if f.code == "DK310"]
    assert found == [(5, 5, 25), (7, 5, 23)]  # "Treatment of rickets", "In kidney diseases"
