"""The condition language: parsing, name checks, None semantics, no escape hatches."""

from __future__ import annotations

import pytest

from dklint.model import Amount, Ingredient, Label, Serving
from dklint.rules.condition import ConditionError, compile_condition
from dklint.rules.context import EvalContext
from dklint.source import Span

S = Span(0, 0)


def _label(*ingredients: tuple[str, str | None, float, str], per_day: float | None = None) -> Label:
    rows = tuple(
        Ingredient(name=name, nutrient=nutrient, form=form, amounts=(Amount(value=value, unit=unit, span=S),),
                   span=S, name_span=S)
        for name, nutrient, form, value, unit in ingredients
    )
    serving = Serving(servings_per_day=per_day, servings_per_day_origin="spec" if per_day else "assumed")
    return Label(input_kind="spec", ingredients=rows, serving=serving)


def evaluate(text: str, label: Label, **params):
    names = frozenset(params) | {"label"}
    return compile_condition(text, names)(EvalContext(label=label, params=params))


D3_5000 = ("Vitamin D3", "vitamin_d", "D3", 125.0, "mcg")
K2_MK7 = ("Vitamin K2", "vitamin_k2", "MK-7", 100.0, "mcg")


def test_daily_amount_converts_units_and_multiplies_servings():
    label = _label(D3_5000, per_day=2)
    assert evaluate('daily("vitamin_d", "IU")', label) == pytest.approx(10000)
    assert evaluate('per_serving("vitamin_d", "mcg")', label) == pytest.approx(125)


def test_has_counts_children_of_a_nutrient():
    label = _label(K2_MK7)
    assert evaluate('has("vitamin_k")', label) is True
    assert evaluate('has("vitamin_k2", "MK-4")', label) is False
    assert evaluate('has("vitamin_k2", "MK-7")', label) is True


def test_comparisons_with_a_missing_amount_are_false():
    label = _label(K2_MK7)
    assert evaluate('daily("vitamin_d", "IU") > 2000', label) is False
    assert evaluate('daily("vitamin_d", "IU") <= 2000', label) is False
    assert evaluate('not (daily("vitamin_d", "IU") > 2000)', label) is True


def test_params_and_precedence():
    label = _label(D3_5000)
    assert evaluate('daily("vitamin_d", "IU") > limit and not has("vitamin_k2")', label, limit=2000) is True
    assert evaluate("1 + 2 * 3 == 7", label) is True
    assert evaluate("-(2 - 5) == 3", label) is True
    assert evaluate('"MK-7" in ["MK-4", "MK-7"]', label) is True


def test_attribute_access_is_limited_to_model_fields():
    label = _label(D3_5000)
    assert evaluate("label.input_kind", label) == "spec"
    with pytest.raises(ConditionError, match=r'unknown attribute "\.__class__"'):
        compile_condition("label.__class__", frozenset({"label"}))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('dialy("vitamin_d", "IU")', 'unknown function "dialy"'),
        ("treshold > 3", 'unknown name "treshold"'),
        ('has("vitamin_d", "D3", "x")', "has() takes 1 to 2 arguments, not 3"),
        ("1 >", "cannot parse condition"),
        ("__import__('os')", 'unknown function "__import__"'),
    ],
)
def test_mistakes_are_reported_at_compile_time(text, message):
    with pytest.raises(ConditionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compile_condition(text, frozenset({"threshold"}))
