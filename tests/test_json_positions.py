"""The position-keeping JSON scanner: spans of values by JSON path."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dklint.parse.product_spec import json_positions as jp
from dklint.source import Source, Span


def value_at(text: str, path: tuple) -> str:
    span = jp.span_of_path(text, path)
    assert span is not None
    return text[span.start : span.end]


NESTED = """{
  "a": {"b": [10, {"c": "deep"}, []], "e": {}},
  "s": "x",
  "t": true, "n": null, "f": -1.5e3
}"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), NESTED),
        (("a",), '{"b": [10, {"c": "deep"}, []], "e": {}}'),
        (("a", "b"), '[10, {"c": "deep"}, []]'),
        (("a", "b", 0), "10"),
        (("a", "b", 1, "c"), '"deep"'),
        (("a", "b", 2), "[]"),
        (("a", "e"), "{}"),
        (("t",), "true"),
        (("n",), "null"),
        (("f",), "-1.5e3"),
    ],
)
def test_nested_paths(path: tuple, expected: str) -> None:
    assert value_at(NESTED, path) == expected


def test_missing_key_points_at_deepest_existing_member() -> None:
    # a missing key: the object that lacks it, with its own key
    assert value_at(NESTED, ("a", "e", "missing")) == '"e": {}'
    assert value_at(NESTED, ("a", "b", 7)) == '"b": [10, {"c": "deep"}, []]'
    assert value_at(NESTED, ("a", "b", 1, "zz")) == '{"c": "deep"}'  # array item: no key
    assert value_at(NESTED, ("nope",)) == NESTED
    assert value_at(NESTED, ("s", "under a string")) == '"s": "x"'


def test_wrong_step_types_do_not_match() -> None:
    assert value_at(NESTED, ("a", "b", "0")) == '"b": [10, {"c": "deep"}, []]'
    assert value_at(NESTED, ("a", 0)) == '"a": {"b": [10, {"c": "deep"}, []], "e": {}}'
    assert value_at(NESTED, ("a", "b", True)) == '"b": [10, {"c": "deep"}, []]'


def test_key_and_member_spans() -> None:
    text = '{"k": {"inner": 1}}'
    key = jp.key_span(text, ("k", "inner"))
    assert key is not None and text[key.start : key.end] == '"inner"'
    member = jp.member_span(text, ("k", "inner"))
    assert member is not None and text[member.start : member.end] == '"inner": 1'
    assert jp.key_span(text, ()) is None
    assert jp.key_span(text, ("nope",)) is None


def test_strings_with_escapes_and_brackets_inside() -> None:
    text = r'{"a\"b": "}{][,:", "c": "\\", "d\u00e9": ["]", "\"}"], "e": 1}'
    assert value_at(text, ('a"b',)) == '"}{][,:"'
    assert value_at(text, ("c",)) == r'"\\"'
    assert value_at(text, ("dé",)) == r'["]", "\"}"]'
    assert value_at(text, ("dé", 1)) == r'"\"}"'
    assert value_at(text, ("e",)) == "1"


def test_unicode_offsets_are_code_points() -> None:
    text = '{"µ": "☀️ 𝔇3", "next": 2}'
    span = jp.span_of_path(text, ("next",))
    assert span is not None and text[span.start : span.end] == "2"
    assert Source("f.json", text).position(span.start).column == text.index("2") + 1


@pytest.mark.parametrize("space", ["", " ", "\n", "\r\n", "\t", " \r\n\t  "])
def test_whitespace_variants(space: str) -> None:
    w = space
    text = f"{w}{{{w}\"a\"{w}:{w}[{w}1{w},{w}{{{w}\"b\"{w}:{w}2{w}}}{w}]{w}}}{w}"
    assert value_at(text, ("a", 0)) == "1"
    assert value_at(text, ("a", 1, "b")) == "2"
    assert value_at(text, ("a",)).startswith("[") and value_at(text, ("a",)).endswith("]")


def test_bom_is_skipped() -> None:
    text = '\ufeff{"a": 1}'
    assert value_at(text, ("a",)) == "1"
    assert jp.span_of_path(text, ()) == Span(1, len(text))


def test_broken_json_indexes_what_came_before() -> None:
    text = '{"a": [1, 2], "b": {"c": 3,, "d": 4}'
    assert value_at(text, ("a", 1)) == "2"
    assert value_at(text, ("b", "c")) == "3"
    assert jp.index(text).error_at == text.index(",,") + 1
    assert jp.span_of_path("", ()) is None
    assert jp.span_of_path("   ", ("a",)) is None


def test_suspicious_tokens_are_noted() -> None:
    text = '{"s": "NaN 1e400", "a": [1, NaN, 1e400, Infinity], "d": {"k": 1, "k": 2}}'
    found = jp.index(text)
    assert found.first_constant == Span(text.index("NaN,"), text.index("NaN,") + 3)
    start = text.index("1e400,")
    assert found.first_huge_number == Span(start, start + 5)
    second = text.rindex('"k"')
    assert found.first_duplicate_key == Span(second, second + 3)


def test_huge_integer_is_noted() -> None:
    text = '{"a": 12, "b": ' + "9" * 400 + "}"
    found = jp.index(text)
    assert found.first_huge_number == Span(text.index("999"), len(text) - 1)
    assert jp.index('{"a": 1.5e300, "b": 123456789}').first_huge_number is None


def test_deep_nesting_is_linear_and_iterative() -> None:
    depth = 100_000
    text = "[" * depth + "]" * depth
    found = jp.index(text)
    assert found.max_depth == depth
    assert found.deep == Span(jp.DEEP - 1, jp.DEEP)  # the bracket that opens level DEEP
    assert jp.span_of_path(text, (0,) * (depth - 1)) == Span(depth - 1, depth + 1)
    unterminated = '{"a":' * depth
    assert jp.index(unterminated).max_depth == depth


def test_index_values_lists_every_value_in_document_order() -> None:
    values = jp.index_values('{"a": [1, {"b": 2}], "c": 3}')
    assert list(values) == [(), ("a",), ("a", 0), ("a", 1), ("a", 1, "b"), ("c",)]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=json_values, indent=st.sampled_from([None, 0, 1, 2, "\t"]), ascii_only=st.booleans())
def test_every_value_span_decodes_to_the_value(value: object, indent: object, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    for path, span in jp.index_values(text).items():
        expected = value
        for step in path:
            expected = expected[step]  # type: ignore[index]
        assert json.loads(text[span.start : span.end]) == expected


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    jp.index(text)
    jp.span_of_path(text, ("a", 0))
    jp.key_span(text, ("a",))
