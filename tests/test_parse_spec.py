"""JSON product specs: strict decoding (DK002), the schema (DK003), the Label built."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dklint.findings import Finding
from dklint.parse.product_spec.parse import parse_spec
from dklint.parse.product_spec.schema import is_valid_spec, quick_check, spec_schema, spec_validator
from dklint.parse.result import ParseResult
from dklint.source import Source

from .conftest import shared_path

# The example of spec-format.md section 2, verbatim.
EXAMPLE = r"""{
  "spec_version": "1",
  "id": "SKU-10042",
  "name": "Vitamin D3 + K2",
  "brand": "Example Labs",
  "market": "US",
  "form": "softgel",
  "serving": {"size": 1, "unit": "softgel", "servings_per_container": 60, "servings_per_day": 1},
  "ingredients": [
    {"name": "Vitamin D3", "source": "cholecalciferol", "amount": 125, "unit": "mcg",
     "alt_amounts": [{"amount": 5000, "unit": "IU"}], "dv_percent": 625},
    {"name": "Vitamin K2", "source": "menaquinone-7", "form": "MK-7", "amount": 100, "unit": "mcg", "dv_percent": 83},
    {"name": "Black pepper extract", "amount": 10, "unit": "mg", "dv_symbol": "†"}
  ],
  "other_ingredients": ["extra virgin olive oil", "gelatin", "glycerin", "water"],
  "directions": "Take 1 softgel daily with a meal containing fat.",
  "warnings": ["If you take anticoagulant medication such as warfarin, consult your physician before use."],
  "claims": [{"text": "Supports bone and heart health", "symbol": "*"}],
  "disclaimer": {"text": "These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.", "symbol": "*"},
  "footnotes": [{"symbol": "†", "text": "Daily Value not established."}],
  "label_text": "optional: the full label text; when present it is parsed too and both are checked"
}"""

MINIMAL = {
    "spec_version": "1", "name": "D3", "serving": {"size": 1, "unit": "softgel"},
    "ingredients": [{"name": "Vitamin D3", "amount": 25, "unit": "mcg"}],
}


def parse(text: str) -> ParseResult:
    return parse_spec(Source("product.json", text, kind="spec"))


def where(result: ParseResult, finding: Finding) -> tuple[int, int]:
    position = result.source.position(finding.span.start)
    return position.line, position.column


def only(result: ParseResult, code: str) -> Finding:
    assert [f.code for f in result.findings] == [code], result.findings
    return result.findings[0]


# --- the example and the Label ------------------------------------------------


def test_schema_accepts_the_documented_example() -> None:
    doc = json.loads(EXAMPLE)
    assert list(spec_validator().iter_errors(doc)) == []
    assert quick_check() is not None, "the fast check must understand every keyword of the schema"
    assert is_valid_spec(doc)


def test_schema_is_a_valid_draft_2020_12_schema_with_descriptions() -> None:
    from jsonschema import Draft202012Validator

    schema = spec_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] and schema["title"]
    assert all("description" in prop for prop in schema["properties"].values())
    assert all("description" in prop for prop in schema["$defs"]["ingredient"]["properties"].values())


def test_example_becomes_a_label() -> None:
    result = parse(EXAMPLE)
    assert result.findings == []
    label = result.label
    assert label is not None and label.input_kind == "spec"
    assert (label.product_id, label.name, label.form) == ("SKU-10042", "Vitamin D3 + K2", "softgel")
    assert (label.serving.size, label.serving.unit, label.serving.servings_per_container) == (1, "softgel", 60)
    assert (label.serving.servings_per_day, label.serving.servings_per_day_origin) == (1, "spec")
    d3, k2, pepper = label.ingredients
    assert (d3.nutrient, d3.form, d3.source, d3.dv_percent) == ("vitamin_d", "D3", "cholecalciferol", 625)
    assert [(a.value, a.unit) for a in d3.amounts] == [(125, "mcg"), (5000, "IU")]
    assert all(type(a.value) is float for a in d3.amounts)
    assert (k2.nutrient, k2.form) == ("vitamin_k2", "MK-7")
    assert (pepper.nutrient, pepper.symbol, pepper.dv_percent) == (None, "†", None)
    assert [i.field_path for i in label.ingredients] == [("ingredients", 0), ("ingredients", 1), ("ingredients", 2)]
    assert label.other_ingredients is not None
    assert label.other_ingredients.text == "extra virgin olive oil, gelatin, glycerin, water"
    assert label.other_ingredients.field_path == ("other_ingredients",)
    assert [(b.text, b.field_path) for b in label.directions] == [
        ("Take 1 softgel daily with a meal containing fat.", ("directions",))]
    assert label.warnings[0].field_path == ("warnings", 0)
    assert (label.claims[0].symbol, label.claims[0].field_path) == ("*", ("claims", 0))
    assert label.disclaimer is not None and label.disclaimer.field_path == ("disclaimer",)
    assert (label.footnotes[0].symbol, label.footnotes[0].field_path) == ("†", ("footnotes", 0))


def test_model_spans_are_left_for_the_pipeline_to_resolve() -> None:
    from dklint.parse.product_spec.json_positions import span_of_path

    result = parse(EXAMPLE)
    assert result.label is not None
    k2 = result.label.ingredients[1]
    assert k2.span.start == k2.span.end == 0
    span = span_of_path(EXAMPLE, k2.field_path)
    assert span is not None and EXAMPLE[span.start : span.end].startswith('{"name": "Vitamin K2"')
    assert result.source.position(span.start).line == 12


def test_dv_less_than_one_and_blend() -> None:
    doc = json.loads(json.dumps(MINIMAL))
    doc["ingredients"][0].update(dv_percent="<1", in_blend=True, unit="µg")
    label = parse(json.dumps(doc)).label
    assert label is not None
    row = label.ingredients[0]
    assert (row.dv_percent, row.dv_less_than, row.dv_text, row.in_blend) == (None, True, "<1%", True)
    assert (row.amounts[0].unit, row.amounts[0].raw_unit) == ("mcg", "µg")


@pytest.mark.parametrize(
    ("serving", "directions", "expected"),
    [
        ({"size": 1, "unit": "softgel"}, "Take 1 softgel twice daily.", (2, "directions")),
        ({"size": 2, "unit": "tablets"}, "Take 2 tablets daily with a meal.", (1, "directions")),
        ({"size": 5, "unit": "drops"}, "Take 5 drops once a day.", (1, "directions")),
        ({"size": 1, "unit": "capsule"}, "Store in a cool, dry place.", (None, "assumed")),
    ],
)
def test_servings_per_day_from_directions_count_servings_not_units(serving, directions, expected) -> None:
    doc = dict(MINIMAL, serving=serving, directions=directions)
    label = parse(json.dumps(doc)).label
    assert label is not None
    assert (label.serving.servings_per_day, label.serving.servings_per_day_origin) == expected


def test_unknown_unit_is_dk006_and_an_unknown_amount() -> None:
    text = '{"spec_version": "1", "name": "x", "serving": {"size": 1},\n "ingredients": [{"name": "Zinc", "amount": 5, "unit": "xyz"}]}'
    result = parse(text)
    finding = only(result, "DK006")
    assert finding.message == 'unknown unit "xyz"' and finding.severity == "warning"
    assert finding.field_path == ("ingredients", 0, "unit")
    assert where(result, finding) == (2, 56)
    assert result.label is not None and result.label.ingredients[0].amounts[0].known is False


def test_x_keys_are_allowed_anywhere() -> None:
    doc = json.loads(json.dumps(MINIMAL))
    doc["x-foo"] = {"anything": [1, None]}
    doc["serving"]["x-note"] = 1
    doc["ingredients"][0]["x-supplier"] = "ACME"
    doc["x-dklint-ignore"] = [{"rule": "DK101", "reason": "K2 sold separately"}]
    result = parse(json.dumps(doc))
    assert result.findings == [] and result.label is not None


# --- DK003: schema violations at exact positions ------------------------------

BAD = """{
  "spec_version": "2",
  "name": "Test",
  "serving": {"size": -1, "unit": "softgel"},
  "ingredients": [
    {"name": "Vitamin D3", "amount": "125", "unit": "mcg"},
    {"name": "", "amount": -5, "unit": "mcg", "dv_percent": "lots", "amout": 1}
  ],
  "claims": [{"symbol": "*"}]
}"""


def test_each_violation_is_one_dk003_at_the_offending_value() -> None:
    result = parse(BAD)
    assert result.label is None
    got = [(where(result, f), f.field_path, f.message) for f in result.findings]
    assert all(f.code == "DK003" and f.severity == "error" for f in result.findings)
    assert got == [
        ((2, 19), ("spec_version",), 'spec_version: expected "1", got "2"'),
        ((4, 23), ("serving", "size"), "serving.size: -1 must be greater than 0"),
        ((6, 38), ("ingredients", 0, "amount"), 'ingredients[0].amount: expected a number, got "125"'),
        ((7, 14), ("ingredients", 1, "name"), "ingredients[1].name: must not be empty"),
        ((7, 28), ("ingredients", 1, "amount"), "ingredients[1].amount: -5 is less than the minimum of 0"),
        ((7, 61), ("ingredients", 1, "dv_percent"),
         'ingredients[1].dv_percent: expected a number >= 0 or "<1", got "lots"'),
        ((7, 69), ("ingredients", 1, "amout"), 'ingredients[1]: unknown field "amout" (did you mean "amount"?)'),
        ((9, 14), ("claims", 0), 'claims[0]: missing required field "text"'),
    ]


def test_missing_required_fields_point_at_the_object() -> None:
    text = '{\n  "spec_version": "1",\n  "name": "x",\n  "serving": {"unit": "softgel"},\n  "ingredients": [{"name": "D"}]\n}'
    result = parse(text)
    got = [(where(result, f), f.message) for f in result.findings]
    assert got == [
        ((5, 19), 'ingredients[0]: missing required field "amount"'),
        ((5, 19), 'ingredients[0]: missing required field "unit"'),
    ]
    assert len({f.subject for f in result.findings}) == 2  # distinct fingerprints
    result = parse('{"spec_version": "1"}')
    assert [f.message for f in result.findings] == [
        'missing required field "ingredients"', 'missing required field "name"', 'missing required field "serving"']
    assert all(where(result, f) == (1, 1) for f in result.findings)


def test_unknown_ingredient_key_suggests_ingredients() -> None:
    text = '{"spec_version": "1", "name": "x", "serving": {"size": 1},\n  "ingredient": []}'
    result = parse(text)
    unknown = [f for f in result.findings if "unknown field" in f.message]
    assert [f.message for f in unknown] == ['unknown field "ingredient" (did you mean "ingredients"?)']
    assert where(result, unknown[0]) == (2, 3)
    assert unknown[0].field_path == ("ingredient",)


def test_only_unknown_fields_still_builds_the_label() -> None:
    doc = dict(MINIMAL, comment="internal")
    result = parse(json.dumps(doc))
    assert [f.message for f in result.findings] == ['unknown field "comment"']
    assert result.label is not None and result.label.ingredients[0].nutrient == "vitamin_d"


@pytest.mark.parametrize("text", ["[1, 2]", "null", '"spec"', "42", "  []  "])
def test_top_level_must_be_an_object(text: str) -> None:
    result = parse(text)
    finding = only(result, "DK003")
    assert finding.message == "a product spec must be a JSON object"
    assert where(result, finding) == (1, len(text) - len(text.lstrip()) + 1)
    assert result.label is None


# --- DK002: broken and hostile JSON at exact positions --------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('{\n  "spec_version": "1",\n  "name": "x"', 3, 14, "Expecting ',' delimiter"),
        ('{\n  "spec_version": "1"\n  "name": "x"\n}', 3, 3, "Expecting ',' delimiter"),
        ('{\n  "a": [1, 2,],\n  "b": 1\n}', 2, 14, "(a trailing comma is not allowed)"),
        ('{\n  "a": 1,\n}', 3, 1, "(a trailing comma is not allowed)"),
        ("", 1, 1, "Expecting value"),
        ('{"a": 1} {"b": 2}', 1, 10, "Extra data"),
        ('{"a": "unterminated', 1, 7, "Unterminated string starting here"),
        ('{"a": "two\nlines"}', 1, 11, "Invalid control character in a string"),
    ],
)
def test_broken_json_is_dk002_at_the_exact_position(text: str, line: int, column: int, message: str) -> None:
    result = parse(text)
    finding = only(result, "DK002")
    assert finding.message.startswith("invalid JSON: ") and message in finding.message
    assert where(result, finding) == (line, column)
    assert result.label is None


@pytest.mark.parametrize(
    ("text", "token", "message"),
    [
        ('{"a": "NaN",\n "b": [1, NaN]}', "NaN]", "NaN is not a number"),
        ('{"a": Infinity}', "Infinity", "Infinity is not a number"),
        ('{"a": -Infinity}', "-Infinity", "-Infinity is not a number"),
        ('{"a": 1e400}', "1e400", "1e400 is out of range"),
        ('{"a": -2.5E+999}', "-2.5E+999", "out of range"),
        ('{"a": ' + "7" * 10_000 + "}", "7777", "a 10,000-character number is out of range"),
        ('{"a": 1,\n "b": {"c": 1, "c": 2}}', '"c": 2', 'duplicate key "c"'),
    ],
)
def test_hostile_values_are_dk002_at_the_token(text: str, token: str, message: str) -> None:
    result = parse(text)
    finding = only(result, "DK002")
    assert message in finding.message
    assert finding.span.start == text.index(token)


def test_an_integer_too_large_for_a_float_in_an_amount() -> None:
    doc = json.dumps(MINIMAL).replace('"amount": 25', '"amount": ' + "9" * 400)
    result = parse(doc)
    finding = only(result, "DK002")
    assert "out of range" in finding.message and finding.span.start == doc.index("999")


@pytest.mark.parametrize("opener", ["[", '{"a": '])
def test_nesting_100000_deep_is_a_finding(opener: str) -> None:
    result = parse(opener * 100_000)
    finding = only(result, "DK002")
    assert "nested more than 500 levels deep" in finding.message
    assert finding.span.start == len(opener) * 499


def test_bom_is_accepted() -> None:
    result = parse("\ufeff" + json.dumps(MINIMAL))
    assert result.findings == [] and result.label is not None
    broken = parse('\ufeff{"a" 1}')
    assert where(broken, only(broken, "DK002")) == (1, 7)


# --- embedded label text ---------------------------------------------------------


def test_label_text_is_parsed_as_an_embedded_input(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Source] = []

    def fake_parse_label(source: Source, max_rows: int | None = None) -> ParseResult:
        seen.append(source)
        return ParseResult(source, None)

    monkeypatch.setattr("dklint.parse.label.parse.parse_label", fake_parse_label)
    text = '{"spec_version": "1", "name": "x", "serving": {"size": 1}, "ingredients": [],\n  "label_text": "Supplement Facts\\nVitamin D3 25 mcg"}'
    source = Source("p.jsonl", text, kind="spec", first_line=10, record_id="SKU-1")
    result = parse_spec(source)
    assert len(result.embedded) == 1 and seen[0].text == "Supplement Facts\nVitamin D3 25 mcg"
    inner = seen[0]
    assert (inner.kind, inner.path, inner.record_id) == ("label", "p.jsonl", "SKU-1")
    assert (inner.first_line, inner.first_column) == (11, 18)
    assert inner.position(0).column == 18 and text.split("\n")[1][18 - 1] == "S"
    assert parse(json.dumps(dict(MINIMAL, label_text="  \n"))).embedded == []  # blank: nothing to parse


def test_label_text_with_the_real_label_parser() -> None:
    doc = dict(MINIMAL, label_text="Supplement Facts\nServing Size 1 Softgel\nVitamin D3 (as cholecalciferol) 25 mcg 125%\n")
    result = parse(json.dumps(doc))
    assert len(result.embedded) == 1
    assert result.embedded[0].source.kind == "label"


# --- never an exception -----------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4), max_leaves=25,
)
# Values for the spec's own keys, so generated docs reach the schema and the builder.
spec_keys = st.sampled_from(sorted(json.loads(EXAMPLE)) + ["x-foo", "ingredient", "serving"])
spec_like = st.dictionaries(spec_keys, json_values, max_size=8).map(lambda extra: {**MINIMAL, **extra})


def mutate_example(key: str, value: object) -> dict:
    doc = json.loads(EXAMPLE)
    row = doc["ingredients"][0]
    row[key] = value
    return doc


example_mutations = st.builds(
    mutate_example,
    st.sampled_from(["name", "amount", "unit", "source", "form", "alt_amounts", "dv_percent", "dv_symbol", "in_blend", "x-a"]),
    json_values,
)


def assert_sane(result: ParseResult) -> None:
    for finding in result.findings:
        assert finding.code in {"DK002", "DK003", "DK006"}
        assert 0 <= finding.span.start <= finding.span.end <= len(result.source.text)
        result.source.position(finding.span.start)
    if result.label is None:
        assert result.findings


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    assert_sane(parse(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, spec_like, example_mutations), st.sampled_from([None, 1]))
def test_never_raises_on_arbitrary_json(value: object, indent: int | None) -> None:
    assert_sane(parse(json.dumps(value, indent=indent)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(spec_like, example_mutations))
def test_fast_check_agrees_with_jsonschema(doc: dict) -> None:
    check = quick_check()
    assert check is not None
    assert check(doc) == spec_validator().is_valid(doc)


# --- real records --------------------------------------------------------------


def test_smoke_dsld_derived_records() -> None:
    folder = shared_path("samples", "dsld-derived")
    files = sorted(folder.glob("*.json.txt"))
    assert files, f"no records in {folder}"
    for path in files:
        raw = path.read_text(encoding="utf-8")
        # blank the "#" provenance lines so positions still match the file's lines
        text = "\n".join("" if line.startswith("#") else line for line in raw.split("\n"))
        result = parse_spec(Source(str(path), text, kind="spec"))
        assert_sane(result)
        assert result.findings, f"{path.name}: a DSLD record is not a spec; expected DK003 findings"
