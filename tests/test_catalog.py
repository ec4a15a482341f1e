"""Catalogs: JSONL/NDJSON and CSV, one result per record, bad records isolated, streamed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dklint.engine.recipe import CheckerRecipe
from dklint.engine.records import iter_catalog, iter_catalog_file
from dklint.inputs.catalog_csv import cell_spans
from dklint.inputs.catalog_lines import iter_file_lines
from dklint.run.sequential import iter_results
from dklint.source import Source, Span


@pytest.fixture(scope="module")
def checker():
    return CheckerRecipe.create(select=("DK0", "DK1")).build()


def spec(product_id: str | None = "SKU-1", mcg: float = 125, k2: bool = False, **extra) -> dict:
    ingredients = [{"name": "Vitamin D3", "amount": mcg, "unit": "mcg", "dv_percent": round(mcg * 5)}]
    if k2:
        ingredients.append({"name": "Vitamin K2", "form": "MK-7", "amount": 100, "unit": "mcg", "dv_percent": 83})
    doc = {"spec_version": "1", "name": "D3", "serving": {"size": 1, "unit": "softgel", "servings_per_day": 1},
           "ingredients": ingredients, "directions": "Take 1 softgel daily with a meal.",
           "warnings": ["If you take warfarin or other anticoagulants, consult your physician.",
                        "Consult your healthcare provider before use."], **extra}
    if product_id is not None:
        doc["id"] = product_id
    return doc


def run(checker, path: Path, **options) -> list:
    return list(iter_catalog_file(checker, path, path.name, **options))


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_each_jsonl_record_is_reported_at_its_line_with_its_id(tmp_path, checker):
    lines = [json.dumps(spec("A")), "", json.dumps(spec(None)), "   ", json.dumps(spec("C", mcg=10, k2=True))]
    path = tmp_path / "products.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = run(checker, path)
    assert [(r.first_line, r.product_id) for r in results] == [(1, "A"), (3, "products.jsonl:3"), (5, "C")]
    first, second, third = results
    assert "DK101" in codes(first) and "DK101" in codes(second) and "DK101" not in codes(third)
    finding = next(f for f in second.findings if f.code == "DK101")
    assert (finding.path, finding.line, finding.product_id) == ("products.jsonl", 3, "products.jsonl:3")
    assert lines[2][finding.column - 1 :].startswith('"Vitamin D3"')  # an ingredient finding points at its name


def test_a_bad_line_is_a_finding_on_that_line_and_the_others_are_checked(tmp_path, checker):
    path = tmp_path / "mixed.ndjson"
    path.write_text("\n".join([json.dumps(spec("A")), '{"spec_version": "1", "id": ', json.dumps(spec("B", k2=True)),
                               "[1, 2]", json.dumps({**spec("E"), "colour": "red"})]) + "\n", encoding="utf-8")
    results = run(checker, path)
    assert [r.first_line for r in results] == [1, 2, 3, 4, 5]
    assert codes(results[1]) == ["DK002"] and not results[1].checked
    assert results[1].findings[0].line == 2 and results[1].product_id == "mixed.ndjson:2"
    assert codes(results[3]) == ["DK003"] and not results[3].checked
    assert results[2].checked and "DK002" not in codes(results[2])
    assert "DK003" in codes(results[4]) and results[4].checked and results[4].product_id == "E"


def test_an_oversized_record_is_dk001_without_being_loaded(tmp_path, checker):
    path = tmp_path / "big.jsonl"
    huge = json.dumps({**spec("HUGE"), "x-pad": "y" * 5000})
    path.write_text("\n".join([json.dumps(spec("A")), huge, json.dumps(spec("B"))]), encoding="utf-8")
    results = run(checker, path, max_record_bytes=2000)
    assert [r.first_line for r in results] == [1, 2, 3]
    assert codes(results[1]) == ["DK001"] and "over the 2,000-byte limit" in results[1].findings[0].message
    assert results[2].checked and results[2].product_id == "B"


def test_the_record_limit_comes_from_the_config(tmp_path):
    limited = CheckerRecipe.create(select=("DK0", "DK1"), limits={"max-record-bytes": 2000}).build()
    path = tmp_path / "limited.jsonl"
    path.write_text(json.dumps({**spec("BIG"), "x-pad": "y" * 3000}) + "\n" + json.dumps(spec("OK")) + "\n")
    big, ok = run(limited, path)
    assert codes(big) == ["DK001"] and "2,000-byte limit" in big.findings[0].message and ok.checked


def test_undecodable_line_crlf_and_bom(tmp_path, checker):
    path = tmp_path / "crlf.jsonl"
    good = json.dumps(spec("A")).encode()
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\r\n" + b'{"name": "caf\xe9"}\r\n' + good.replace(b'"A"', b'"C"') + b"\r\n")
    results = run(checker, path)
    assert [(r.first_line, r.product_id) for r in results] == [(1, "A"), (2, "crlf.jsonl:2"), (3, "C")]
    assert codes(results[1]) == ["DK001"] and "not valid UTF-8" in results[1].findings[0].message
    assert results[0].checked and results[2].checked


def test_empty_catalog_is_reported(tmp_path, checker):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    [result] = run(checker, path)
    assert codes(result) == ["DK001"] and not result.checked


def test_in_memory_catalog_matches_the_streamed_file(tmp_path, checker):
    text = "\n".join(json.dumps(spec(f"S{i}", mcg=25 * i, k2=i % 2 == 0)) for i in range(1, 6)) + "\n{oops\n"
    path = tmp_path / "same.jsonl"
    path.write_text(text, encoding="utf-8")
    streamed = run(checker, path)
    in_memory = list(iter_catalog(checker, Source(path="same.jsonl", text=text, kind="catalog")))
    via_runner = list(iter_results(checker, [Source(path="same.jsonl", text=text, kind="catalog")]))
    assert streamed == in_memory == via_runner
    assert len(streamed) == 6


def test_file_lines_never_hold_more_than_the_limit(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"a" * 3_000_000 + b"\nshort\n")
    with open(path, "rb") as stream:
        lines = list(iter_file_lines(stream, 1000))
    assert len(lines) == 2 and lines[1] == (2, "short")
    assert "3,000,001 bytes" in lines[0][1].message and len(lines[0][1].preview) <= 200


CSV_HEADER = "id,name,serving_size,servings_per_day,ingredients,warnings,claims,disclaimer,x-price\n"


def csv_cell(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return '"' + text.replace('"', '""') + '"'


def test_csv_spec_rows_point_at_the_cell_and_name_the_column(tmp_path, checker):
    d3 = [{"name": "Vitamin D3", "amount": 125, "unit": "mcg", "dv_percent": 625}]
    k2 = [{"name": "Vitamin K2", "form": "MK-7", "amount": 2, "unit": "mg", "dv_percent": 1667}]
    rows = [
        f"P1,D3 5000,1 softgel,1,{csv_cell(d3)},Consult your healthcare provider.,,,9.99",
        f"P2,K2,1 capsule,1,{csv_cell(k2)},\"Keep out of reach\nof children\",Supports bone health*,,5",
        'P3,Broken,two caps,x,"[{""name"": broken}]",,,,1',
        "P4,too,many,cells,here,1,2,3,4,5,6",
    ]
    path = tmp_path / "specs.csv"
    path.write_text(CSV_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    results = run(checker, path)
    assert [(r.first_line, r.product_id) for r in results] == [(2, "P1"), (3, "P2"), (5, "P3"), (6, "specs.csv:6")]
    dk101 = next(f for f in results[0].findings if f.code == "DK101")
    assert dk101.message.endswith('(CSV column "ingredients")') and dk101.line == 2
    assert rows[0][dk101.column - 1 :].startswith('[{""name"": ""Vitamin D3""')
    assert {"DK110", "DK120"} <= set(codes(results[1]))
    broken = {f.message.rsplit("(", 1)[1]: f for f in results[2].findings}
    assert set(broken) == {'CSV column "serving_size")', 'CSV column "servings_per_day")', 'CSV column "ingredients")'}
    assert broken['CSV column "ingredients")'].code == "DK002" and not results[2].checked
    assert broken['CSV column "serving_size")'].column == len("P3,Broken,") + 1
    assert codes(results[3]) == ["DK003"] and not results[3].checked


def test_csv_unknown_column_is_one_header_finding_and_rows_are_still_checked(tmp_path, checker):
    d3 = [{"name": "Vitamin D3", "amount": 10, "unit": "mcg", "dv_percent": 50}]
    path = tmp_path / "extra.csv"
    path.write_text(f"id,name,ingredients,price\nA,D,{csv_cell(d3)},3\n", encoding="utf-8")
    header, row = run(checker, path)
    assert codes(header) == ["DK003"] and '"price"' in header.findings[0].message and header.first_line == 1
    assert row.product_id == "A" and row.checked


def test_csv_without_usable_columns_is_one_finding(tmp_path, checker):
    path = tmp_path / "nothing.csv"
    path.write_text("sku,price\n1,2\n", encoding="utf-8")
    [result] = run(checker, path)
    assert codes(result) == ["DK003"] and not result.checked


def test_csv_label_text_positions_are_file_lines(tmp_path, checker):
    pytest.importorskip("dklint.parse.label.parse", reason="the label-text parser is not available")
    label = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%\n"
    path = tmp_path / "labels.csv"
    path.write_text("id,label_text\nL1," + csv_cell(label) + "\nL2,\n", encoding="utf-8")
    first, second = run(checker, path)
    dk101 = next(f for f in first.findings if f.code == "DK101")
    assert (first.product_id, dk101.line, dk101.source_line) == ("L1", 4, "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%")
    assert codes(second) == ["DK001"] and second.first_line == 6


def test_cell_spans_handle_quotes_and_delimiters():
    raw = 'a,"b,""c""",,"multi\nline",end'
    spans = cell_spans(raw, ",")
    assert [raw[s.start : s.end] for s in spans] == ["a", 'b,""c""', "", "multi\nline", "end"]
    assert cell_spans("x;y", ";") == [Span(0, 1), Span(2, 3)]


def test_fast_spans_of_json_paths_match_the_position_index():
    from dklint.parse.product_spec import json_positions
    from dklint.parse.product_spec.json_positions import indexed_span_of_path, span_of_path

    texts = [json.dumps(spec("A", k2=True), indent=2), json.dumps(spec(None, claims=[{"text": "x", "symbol": "*"}])),
             '  {"a" : [1, {"b": []}] , "c": {}, "d": "\\u00b5\\"q"}  ', "[]", "{}", '"x"', "[[1, [2, {}]]]"]
    for text in texts:
        paths = list(json_positions.index_values(text))
        for path in paths + [p + ("missing",) for p in paths] + [p + (7,) for p in paths] + [p + (True,) for p in paths]:
            assert span_of_path(text, path) == indexed_span_of_path(text, path), (text, path)
    for broken in ("{broken", '{"a": ', "", "[1, 2"):
        assert span_of_path(broken, ("a",)) == indexed_span_of_path(broken, ("a",))
