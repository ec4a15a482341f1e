"""Limits: going over one is a DK008 finding on that input, never a crash or a truncation."""

from __future__ import annotations

import json

import pytest

from dklint.engine.limits import Limits
from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.catalog_csv import MAX_COLUMNS
from dklint.inputs.read import source_from_bytes
from dklint.run.sequential import results_for_source


def run(data: str, name: str, **limits: int):
    checker = CheckerRecipe.create(limits=limits).build()
    [result] = list(results_for_source(checker, source_from_bytes(data.encode(), name)))
    return result


def test_limits_read_config_keys():
    assert Limits.from_config({"max-line-length": 10, "max-json-depth": 3}).max_line_length == 10
    assert Limits.from_config(()).max_ingredients == 1_000


def test_a_line_over_the_limit_is_dk008_and_the_input_is_not_checked():
    text = "Supplement Facts\nVitamin D3 " + "D" * 500 + " 125 mcg\n"
    result = run(text, "long.txt", **{"max-line-length": 100})
    assert not result.checked
    [finding] = result.findings
    assert (finding.code, finding.line, finding.column) == ("DK008", 2, 1)
    assert finding.message == (
        "line is 519 characters long, over the 100-character limit (limits.max-line-length): the input was not checked"
    )


def test_json_nesting_over_the_limit_points_at_the_bracket():
    text = '{"spec_version": "1",\n "x-deep": ' + "[" * 10 + "]" * 10 + "}"
    result = run(text, "deep.json", **{"max-json-depth": 5})
    [finding] = result.findings
    assert (finding.code, finding.line, finding.column) == ("DK008", 2, 16)
    assert "JSON nests deeper than 5 levels (limits.max-json-depth)" in finding.message


def test_brackets_inside_strings_do_not_count():
    text = '{"spec_version": "1", "name": "[[[[[[[[[[\\"[[[[", "serving": {"size": 1, "unit": "tablet"}, "ingredients": []}'
    result = run(text, "strings.json", **{"max-json-depth": 3})
    assert result.checked and not [f for f in result.findings if f.code == "DK008"]


def test_too_many_ingredient_rows_points_at_the_first_row_over_the_limit():
    rows = "".join(f"Calcium {n} mg\n" for n in range(1, 13))
    result = run("Supplement Facts\nServing Size: 1 Tablet\n" + rows, "rows.txt", **{"max-ingredients": 10})
    assert not result.checked
    dk008 = [f for f in result.findings if f.code == "DK008"]
    assert [(f.line, f.message) for f in dk008] == [
        (13, "more than 10 ingredient rows, over the limit (limits.max-ingredients): no rule was run on this input")
    ]


def test_a_label_at_the_row_limit_is_checked():
    rows = "".join(f"Calcium {n} mg\n" for n in range(1, 11))
    result = run("Supplement Facts\nServing Size: 1 Tablet\n" + rows, "rows.txt", **{"max-ingredients": 10})
    assert result.checked and not [f for f in result.findings if f.code == "DK008"]


def _spec(ingredients: int, **extra) -> str:
    rows = ",\n".join(f'  {{"name": "Calcium {n}", "amount": {n}, "unit": "mg"}}' for n in range(ingredients))
    fields = "".join(f', "{key}": {json.dumps(value)}' for key, value in extra.items())
    return f'{{"spec_version": "1", "name": "x", "serving": {{"size": 1, "unit": "tablet"}}{fields}, "ingredients": [\n{rows}\n]}}'


def test_a_spec_over_the_row_limit_is_refused_after_decoding_at_the_first_ingredient_over_it():
    result = run(_spec(12), "rows.json", **{"max-ingredients": 10})
    assert not result.checked
    [finding] = result.findings
    assert (finding.code, finding.line, finding.column) == ("DK008", 12, 12)  # "Calcium 10", the eleventh
    assert finding.message.startswith("more than 10 ingredient rows")


def test_a_specs_label_text_over_the_row_limit_is_dk008_in_that_text():
    label = "Supplement Facts\n" + "".join(f"Calcium {n} mg\n" for n in range(1, 13))
    result = run(_spec(1, label_text=label), "embedded.json", **{"max-ingredients": 10})
    assert [f.code for f in result.findings if f.code == "DK008"] == ["DK008"]


def test_a_label_of_300_000_rows_is_dk008_at_the_first_row_over_the_limit():
    rows = "".join(f"Calcium {n} mg\n" for n in range(1, 300_001))
    result = run("Supplement Facts\nServing Size: 1 Tablet\n" + rows, "rows.txt")
    assert not result.checked
    assert [(f.code, f.line) for f in result.findings] == [("DK008", 1_003)]


@pytest.mark.parametrize("field", ["claims", "warnings", "footnotes", "other_ingredients"])
def test_a_spec_list_over_the_item_limit_is_refused_after_decoding(field):
    result = run(_spec(1, **{field: [f"Item {n}." for n in range(12)]}), "list.json", **{"max-list-items": 10})
    assert not result.checked
    [finding] = result.findings
    assert finding.code == "DK008"
    assert finding.message == (f'"{field}" has more than 10 items, over the limit (limits.max-list-items): '
                               "no rule was run on this input")
    assert finding.source_line.strip().startswith('{"spec_version"')  # the spec is one line up to its ingredients


def test_an_ingredients_alt_amounts_over_the_item_limit_is_refused():
    spec = json.loads(_spec(2))
    spec["ingredients"][1]["alt_amounts"] = [{"amount": n, "unit": "mg"} for n in range(12)]
    result = run(json.dumps(spec), "alt.json", **{"max-list-items": 10})
    assert not result.checked
    assert [f.message.split(" has")[0] for f in result.findings] == ['"ingredients.1.alt_amounts"']


def test_a_csv_row_whose_claims_cell_is_over_the_item_limit_is_refused():
    claims = "\n".join(f"Supports bone health {n}." for n in range(12))
    text = 'id,name,serving_size,ingredients,claims\nP1,x,1 tablet,"[]","' + claims + '"\n'
    result = run(text, "claims.csv", **{"max-list-items": 10})
    assert not result.checked
    assert [f.code for f in result.findings] == ["DK008"]


def test_a_csv_header_over_the_column_limit_is_refused_before_any_row_is_read():
    header = ",".join(["id", "name", "ingredients", *(f"x-{n}" for n in range(MAX_COLUMNS))])
    result = run(header + "\nP1,x,[]\n", "wide.csv")
    assert not result.checked
    [finding] = result.findings
    assert (finding.code, finding.line) == ("DK008", 1)
    assert finding.message == (f"CSV header has {MAX_COLUMNS + 3:,} columns, over the limit of {MAX_COLUMNS:,}: "
                               "nothing in this file was checked")


def test_many_unknown_columns_are_counted_not_all_named():
    header = ",".join(["id", "name", "ingredients", *(f"c{n}" for n in range(30))])
    checker = CheckerRecipe().build()
    header_result, _ = results_for_source(checker, source_from_bytes((header + '\nP1,x,"[]"\n').encode(), "u.csv"))
    [finding] = header_result.findings
    assert '"c19" and 10 more (ignored' in finding.message and '"c20"' not in finding.message
