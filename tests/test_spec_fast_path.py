"""The fast ways through a spec say nothing the careful ways would not.

``json_fast`` finds duplicate keys by counting colons instead of looking at
every object's pairs (and catalogs hand it each record once); ``json_paths``
finds one path's span without indexing the whole text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dklint.engine.recipe import CheckerRecipe
from dklint.engine.records import check_record, iter_catalog_file
from dklint.parse.product_spec import decode as json_fast
from dklint.parse.product_spec.decode import decode_clean, load_json
from dklint.parse.product_spec.json_paths import span_in_valid_json
from dklint.parse.product_spec.json_positions import indexed_span_of_path
from dklint.parse.product_spec.parse import parse_spec
from dklint.source import Source

SPEC = {
    "spec_version": "1", "id": "SKU-1", "name": "D3 + K2", "serving": {"size": 1, "unit": "softgel"},
    "ingredients": [{"name": "Vitamin D3", "amount": 25, "unit": "mcg",
                     "alt_amounts": [{"amount": 1000, "unit": "IU"}]}],
    "warnings": ["Keep out of reach of children."],
}


def strict(text: str) -> object:
    """What the careful loader decodes, or None when it reports a finding."""
    value, broken = load_json(text)
    return None if broken is not None else value


# --- duplicate keys, found by counting colons ----------------------------------


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}',
    '{"a": {"b": 1, "b": 2}}',
    '{"x-mine": [{"k": 1}, {"k": 2, "k": 3}]}',
    '{"a": "time: 10:30", "a": "x"}',  # colons in strings too
    '{"a": {"b": 1}, "a": 2}',  # the dropped value is itself an object
    '{"a": 1, "a": "\\u003a"}',  # an escaped colon must not stand in for the lost member
    '{"a": 1, "a": "\\u003A", "b": ":"}',
])
def test_a_duplicate_key_is_never_decoded_fast(text: str) -> None:
    assert decode_clean(text) is None
    assert strict(text) is None
    result = parse_spec(Source("p.json", text, kind="spec"))
    assert [f.code for f in result.findings] == ["DK002"] and "duplicate key" in result.findings[0].message


@pytest.mark.parametrize("text", [
    '{"a": "Directions: take 1", "b": ["x: y", "::"], "c": {"d:e": ":"}}',
    '{"a": "\\u00b5g: micrograms"}',
    '{"a": [], "b": {}, "c": [{}]}',
])
def test_colons_in_strings_still_take_the_fast_way(text: str) -> None:
    assert decode_clean(text) == json.loads(text)


@pytest.mark.parametrize("text", ['{"a": 1}\n', '{\n  "a": [1, 2]\n}\r\n', '{"a": 1} \t\n\n'])
def test_a_spec_file_ending_with_a_line_break_takes_the_fast_way(text: str) -> None:
    assert decode_clean(text) == json.loads(text)


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": 1e400}', '[1]', '"x"', 'null', '{"a": 1', '\ufeff{"a": 1}', '',
                                  '{"a": 1}\n{"b": 2}', '{"a": 1} x', '{"a": 1}\u00a0', ' {"a": 1}'])
def test_what_the_fast_way_leaves_to_the_careful_one(text: str) -> None:
    assert decode_clean(text) is None


keys = st.sampled_from(["a", "b", "a:b", ":", "x-y"])
scalars = st.one_of(st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none(),
                    st.sampled_from(["", ":", "a:b", r"\u003a", "é", r'\"', r"\\"]))  # as written inside the quotes


def _text(value: object) -> str:
    """JSON text of ``value``; a list of (key, value) pairs is an object, written with its duplicates."""
    if isinstance(value, list) and value and value[0] == "object":
        return "{" + ", ".join(f'"{key}": {_text(item)}' for key, item in value[1:]) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_text(item) for item in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return json.dumps(value)


json_texts = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(st.tuples(keys, inner), max_size=4).map(lambda pairs: ["object", *pairs]),
    ),
    max_leaves=12,
).filter(lambda v: isinstance(v, list) and v[:1] == ["object"]).map(_text)


@settings(max_examples=400)
@given(json_texts)
def test_the_fast_decoder_never_says_more_than_the_strict_one(text: str) -> None:
    fast = decode_clean(text)
    if fast is not None:
        assert fast == strict(text)


# --- catalogs decode each record once ----------------------------------------------


class _CountingDecoder:
    def __init__(self, decoder: object) -> None:
        self.decoder, self.calls = decoder, 0

    def scan_once(self, text: str, start: int) -> object:
        self.calls += 1
        return self.decoder.scan_once(text, start)  # type: ignore[attr-defined]


def test_a_jsonl_record_is_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingDecoder(json_fast._FAST_DECODER)
    monkeypatch.setattr(json_fast, "_FAST_DECODER", counting)
    text = json.dumps(SPEC)
    result = check_record(CheckerRecipe().build(), Source("c.jsonl", text, kind="spec", first_line=7))
    assert result.product_id == "SKU-1" and result.checked
    assert counting.calls == 1


def test_a_csv_row_spec_is_not_decoded_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    counting = _CountingDecoder(json_fast._FAST_DECODER)
    monkeypatch.setattr(json_fast, "_FAST_DECODER", counting)
    catalog = tmp_path / "c.csv"
    catalog.write_text('id,name,serving_size,ingredients\nSKU-2,D3,1 softgel,"[{""name"": ""Vitamin D3"", '
                       '""amount"": 25, ""unit"": ""mcg""}]"\n', encoding="utf-8")
    [result] = list(iter_catalog_file(CheckerRecipe().build(), catalog, "c.csv"))
    assert result.product_id == "SKU-2" and result.checked
    assert counting.calls == 0


# --- one path's span without the index ------------------------------------------------

spacing = st.sampled_from(["", " ", "\n  ", "\t"])


def _walk(value: object, data: st.DataObject) -> tuple:
    """A path down ``value``, mostly along members and items that exist, sometimes one step past them."""
    path: list = []
    while data.draw(st.booleans()):
        if isinstance(value, dict) and value:
            key = data.draw(st.sampled_from(sorted(value)))
            path.append(key)
            value = value[key]
        elif isinstance(value, list) and value:
            path.append(data.draw(st.integers(0, len(value))))
            value = value[path[-1]] if path[-1] < len(value) else None
        else:
            path.append(data.draw(st.one_of(keys, st.integers(0, 2))))
            break
    return tuple(path)


@settings(max_examples=400)
@given(json_texts, spacing, st.data())
def test_a_path_found_without_the_index_is_where_the_index_says(text: str, space: str, data: st.DataObject) -> None:
    spaced = space + text.replace(", ", "," + space).replace(": ", space + ":" + space) + space
    path = _walk(json.loads(spaced), data)
    quick = span_in_valid_json(spaced, path)
    assert quick is None or quick == indexed_span_of_path(spaced, path)
    if strict(spaced) is not None:  # JSON that decodes is always found the quick way
        assert quick is not None
