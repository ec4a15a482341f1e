"""Label parts shared between specs are exactly the parts a fresh build makes.

``spec_parts`` remembers built ingredients, text blocks and servings by their
content; specs whose values are equal in Python but not in the Label (``1`` and
``1.0``, ``0.0`` and ``-0.0``) must never get each other's parts.
"""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from dklint.parse.product_spec import parts as spec_parts
from dklint.parse.product_spec.parse import parse_spec
from dklint.source import Source
from tests.test_spec_fast_path import SPEC


def _fresh(text: str) -> tuple:
    """The parse of ``text`` with nothing remembered from earlier specs."""
    spec_parts._MEMO.clear()  # private, on purpose: this test is about what it remembers
    spec_parts._MEMO.met.clear()
    return _parsed(text)


def _parsed(text: str) -> tuple:
    result = parse_spec(Source("p.json", text, kind="spec"))
    return repr(result.label), [(f.code, f.message, f.span, f.field_path) for f in result.findings]


numbers = st.sampled_from([0, 0.0, -0.0, 1, 1.0, 2.5, 1e-7, 10**20])
rows = st.fixed_dictionaries(
    {"name": st.sampled_from(["Vitamin D3", "Vitamin K2"]), "amount": numbers,
     "unit": st.sampled_from(["mcg", "IU", "zz"])},
    optional={"dv_percent": st.one_of(numbers, st.just("<1")), "in_blend": st.booleans(), "form": st.just("MK-7"),
              "alt_amounts": st.lists(st.fixed_dictionaries({"amount": numbers, "unit": st.just("IU")}), max_size=1),
              "x-note": st.sampled_from([1, 1.0, True])},
)
specs = st.builds(
    lambda ingredients, serving, warnings: json.dumps(
        dict(SPEC, ingredients=ingredients, serving=serving, warnings=warnings)),
    st.lists(rows, max_size=2),
    st.fixed_dictionaries({"size": numbers.filter(lambda n: n > 0)},
                          optional={"servings_per_container": numbers, "unit": st.just("softgel")}),
    st.lists(st.sampled_from(["Keep cool.", "Keep cool"]), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(specs, min_size=2, max_size=6))
def test_a_shared_part_is_the_part_a_fresh_build_makes(texts: list[str]) -> None:
    # specs that differ only in 1 / 1.0 / -0.0 / true must never get each other's parts
    expected = [_fresh(text) for text in texts]
    for _ in range(3):  # the second meeting keeps a part, the third uses it
        assert [_parsed(text) for text in texts] == expected


def test_numbers_equal_in_python_stay_apart_in_the_label() -> None:
    labels = []
    for amount in (1, 1.0, 0.0, -0.0):
        for _ in range(3):
            text = json.dumps(dict(SPEC, ingredients=[{"name": "Vitamin D3", "amount": amount, "unit": "mcg"}]))
            labels.append(parse_spec(Source("p.json", text, kind="spec")).label)
    texts = [label.ingredients[0].amounts[0].text for label in labels if label is not None]
    assert texts == ["1 mcg"] * 3 + ["1.0 mcg"] * 3 + ["0.0 mcg"] * 3 + ["-0.0 mcg"] * 3
    assert math.copysign(1, labels[-1].ingredients[0].amounts[0].value) == -1


def test_unknown_units_are_reported_for_every_spec_that_shares_the_part() -> None:
    text = json.dumps(dict(SPEC, ingredients=[{"name": "Vitamin D3", "amount": 1, "unit": "zz",
                                              "alt_amounts": [{"amount": 2, "unit": "yy"}]}]))
    for _ in range(4):
        result = parse_spec(Source("p.json", text, kind="spec"))
        assert [(f.code, f.field_path) for f in result.findings] == [
            ("DK006", ("ingredients", 0, "unit")), ("DK006", ("ingredients", 0, "alt_amounts", 0, "unit"))]
