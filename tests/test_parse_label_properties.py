"""Properties of the label reader: it never raises, its spans stay inside the text,
rows it is given come back with their numbers, and hostile inputs stay fast."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dklint.model import Label
from dklint.parse.directions import servings_per_day
from dklint.parse.label.parse import parse_label, read_label
from dklint.source import Source, Span

FRAGMENTS = [
    "Supplement Facts", "Supplemental Facts", "Nutrition Facts", "Drug Facts", "Serving Size:", "Serving size",
    "Servings Per Container:", "Amount Per Serving", "% Daily Value", "%DV", "Each drop contains:",
    "Amount per 2 capsules", "Ingredient per lozenge", "1 capsule provides on average (NRV):",
    "Medicinal ingredients per drop:", "Non-Medicinal Ingredients:", "Vitamin D3", "Vitamin K2", "(as MK-7)",
    "(as cholecalciferol)", "from magnesium citrate", "as", "Proprietary Blend", "125 mcg", "(5,000 IU)",
    "25µg/1000iu", "1,000 IU / 25 mcg", "equivalent to", "5 mcg", "mcg RAE", "mcg DFE", "I.U.", "UI", "625%",
    "<1%", "Less than 1%", "**", "†", "*", "‡", "-", "–", ":", "|", "|---|", "====", "(", ")", "[", "]",
    "Other ingredients:", "Inactive Ingredients:", "Directions:", "Suggested use:", "Take 2 softgels daily",
    "twice a day", "1-2 tablets", "Warning:", "Caution:", "WARNINGS/CONTRAINDICATION",
    "These statements have not been evaluated by the Food and Drug Administration.",
    "This product is not intended to diagnose, treat, cure, or prevent any disease.",
    "† Daily Value not established.", "• Supports bone health*", "<br>", "<strong>", "</strong>", "&nbsp;",
    "# dklint: disable=DK101", "#! expect: DK004", "Calories 10", "5 xyz", "1,", "000", "0.1 ml", "(five drops)",
    "one (1) softgel", "Contains 125 mcg D3, 100 mcg K2", "over 300 reactions", "R230,31", "<25°C", "8oz.",
    "\u200b", "\u00a0", "\ufeff", "µ", "μ", "ﬁ", "İ", "\u0301", "\r", "\t",
]
SEPARATORS = st.sampled_from(["\n", " ", "  ", "\t", " | ", "\r\n", "", "\n\n"])
labelish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).flatmap(
    lambda parts: st.lists(SEPARATORS, min_size=len(parts), max_size=len(parts)).map(
        lambda seps: "".join(part + sep for part, sep in zip(parts, seps))))
any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=400)


def spans_of(label: Label) -> list[Span]:
    spans: list[Span] = []
    for item in label.ingredients:
        spans += [item.span, item.name_span, *(a.span for a in item.amounts)]
        spans += [item.dv_span] if item.dv_span else []
    blocks = [*label.directions, *label.warnings, *label.text_blocks, *label.footnotes]
    blocks += [b for b in (label.title, label.other_ingredients, label.disclaimer) if b is not None]
    spans += [b.span for b in blocks]
    spans += [s for s in (label.panel_span, label.serving.span) if s is not None]
    return spans


def check(text: str) -> None:
    result = read_label(Source("prop.txt", text))  # without parse_label's safety net
    assert result.label is not None
    for span in [*spans_of(result.label), *(f.span for f in result.findings)]:
        assert 0 <= span.start <= span.end <= len(text)
    assert {f.code for f in result.findings} <= {"DK004", "DK006"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_never_raises_on_any_text(text):
    check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labelish)
def test_never_raises_on_label_like_text(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(labelish)
def test_parse_label_is_total_and_quiet(text):
    result = parse_label(Source("prop.txt", text))
    assert result.label is not None
    assert "DK009" not in {f.code for f in result.findings}


NAMES = ["Vitamin D3", "Vitamin K2", "Magnesium", "Zinc", "Vitamin B12", "Folate", "Calcium"]
UNITS = {"mcg": "mcg", "µg": "mcg", "ug": "mcg", "mg": "mg", "g": "g", "IU": "IU", "iu": "IU"}


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    value=st.decimals(min_value=0, max_value=99999, places=1, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(sorted(UNITS)),
    separator=st.sampled_from([" ", "  ", "\t", " | ", " - ", ": "]),
    dv=st.one_of(st.none(), st.integers(min_value=1, max_value=9999)),
)
def test_rows_come_back_with_their_numbers(name, value, unit, separator, dv):
    amount = f"{value:,}" if value == value.to_integral() else str(value)
    row = f"{name}{separator}{amount} {unit}" + (f" {dv}%" if dv is not None else "")
    text = f"Supplement Facts\nServing Size: 1 Capsule\n{row}\n"
    result = read_label(Source("row.txt", text))
    assert result.findings == []
    (item,) = result.label.ingredients
    assert item.name == name
    assert item.amounts[0].value == pytest.approx(float(value))
    assert item.amounts[0].unit == UNITS[unit]
    assert item.dv_percent == (None if dv is None else float(dv))
    assert text[item.span.start : item.span.end] == row.replace(" | ", " | ").strip()


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, labelish))
def test_servings_per_day_never_raises(text):
    found = servings_per_day(text)
    assert found is None or found > 0


@pytest.mark.parametrize(
    "text",
    [
        "Vitamin D3 125 mcg and more words here. " * 5000,  # one 200 KB line of prose
        "Supplement Facts\n" + "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625% " * 3500,
        "Vitamin " + "D" * 50_000,
        "Supplement Facts\nVitamin " + "D" * 50_000 + " 5 mg",
        "Supplement Facts\n" + "1," * 50_000,
        "<a" * 50_000,
        "Supplement Facts\n" + "(" * 20_000 + "Vitamin D 5 mg" + ")" * 20_000,
        "a 1 mg b " * 20_000,
        "Each " + "x " * 50_000 + "contains",
        ("Supplement Facts\nVitamin D3 125 mcg 625%\n" * 3000),
    ],
    ids=["prose-line", "linear-panel", "long-word", "long-word-panel", "digits", "tags", "brackets",
         "many-doses", "header-like", "many-rows"],
)
def test_hostile_inputs_stay_fast(text):
    start = time.process_time()
    check(text)
    assert time.process_time() - start < 3.0


@pytest.mark.parametrize("prefix", ["Calories", "Servings per container", "Serving size", "Warning", "Each",
                                    "Amount per", "Adults", "These statements", "1 capsule", "Vitamin D", "Add",
                                    "Chew 1", "Other ingredients", "Each 1 mL"])
@pytest.mark.parametrize("filler", [" ", "\t", "(a", "1,", "- "])
def test_long_runs_after_keywords_stay_fast(prefix, filler):
    """Patterns such as "\\s*:?\\s*" go quadratic on long runs of spaces; none is left."""
    text = prefix + filler * (20_000 // len(filler)) + "x"
    start = time.process_time()
    check(text)
    check("Supplement Facts\n" + text)  # and inside a panel
    assert time.process_time() - start < 1.5
