"""Suppressions in label text and JSON specs, and DK007 for the broken or unused ones."""

from __future__ import annotations

import json

import pytest

from dklint.engine.recipe import CheckerRecipe
from dklint.engine.suppress import is_directive_line
from dklint.inputs.read import source_from_bytes
from dklint.run.sequential import results_for_source

D3_ROW = "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%"
HEAD = "Supplement Facts\nServing Size: 1 Softgel\nAmount Per Serving    % Daily Value\n"
TAIL = "Directions: Take 1 softgel daily with a meal.\n"


def check(text: str, name: str = "label.txt", select=("DK101", "DK103", "DK007")):
    checker = CheckerRecipe.create(select=select).build()
    [result] = list(results_for_source(checker, source_from_bytes(text.encode(), name)))
    return result.findings


def shown(findings):
    return [(f.code, f.line, f.suppressed_by) for f in findings]


def test_without_suppressions_both_findings_are_on_the_d3_row():
    assert shown(check(HEAD + D3_ROW + "\n" + TAIL)) == [("DK101", 4, None), ("DK103", 4, None)]


def test_ignore_covers_the_next_line_and_keeps_the_finding_with_its_reason():
    text = HEAD + "# dklint: ignore[DK101] K2 is sold in the same kit\n" + D3_ROW + "\n" + TAIL
    assert shown(check(text)) == [("DK101", 5, "K2 is sold in the same kit"), ("DK103", 5, None)]


def test_several_codes_blank_lines_and_stacked_comments_before_the_covered_line():
    text = (HEAD + "# dklint: ignore[DK101, dk103] kit with K2; label reviewed by QA\n\n"
            "# dklint: ignore-file[DK150] magnesium is in the companion product\n" + D3_ROW + "\n" + TAIL)
    assert shown(check(text, select=("DK101", "DK103", "DK150", "DK007"))) == [
        ("DK101", 7, "kit with K2; label reviewed by QA"), ("DK103", 7, "kit with K2; label reviewed by QA"),
        ("DK150", 7, "magnesium is in the companion product")]


def test_a_fixture_marker_is_not_a_comment_outside_the_fixture_harness():
    """Only dklint.testing.fixtures knows "#! expect:"; to dklint a "#!" line is label content like any other."""
    text = HEAD + "# dklint: ignore[DK101] kit with K2\n#! expect: DK101\n" + D3_ROW + "\n" + TAIL
    assert shown(check(text)) == [("DK007", 4, None), ("DK004", 5, None), ("DK101", 6, None), ("DK103", 6, None)]


def test_ignore_file_covers_every_line():
    text = "# dklint: ignore-file[DK103] consult advice is on the carton\n" + HEAD + D3_ROW + "\n" + TAIL
    assert shown(check(text)) == [("DK101", 5, None), ("DK103", 5, "consult advice is on the carton")]


def test_a_suppression_does_not_reach_past_the_next_content_line():
    text = HEAD + "# dklint: ignore[DK101] reviewed\n" + TAIL + D3_ROW + "\n"
    findings = check(text)
    assert shown(findings) == [("DK007", 4, None), ("DK101", 6, None), ("DK103", 6, None)]
    assert findings[0].message == "unused suppression: no DK101 finding on line 5; remove it"
    assert findings[0].column == 1 and findings[0].source_line == "# dklint: ignore[DK101] reviewed"


def test_a_suppression_without_a_reason_is_dk007_and_suppresses_nothing():
    findings = check(HEAD + "  # dklint: ignore[DK101]\n" + D3_ROW + "\n")
    assert shown(findings) == [("DK007", 4, None), ("DK101", 5, None), ("DK103", 5, None)]
    assert findings[0].message == "no reason given: write why after ignore[DK101]; the suppression is not applied"
    assert findings[0].column == 3 and findings[0].severity == "warning"


@pytest.mark.parametrize(("comment", "message"), [
    ("# dklint: ignore[DK11O] kit", 'unknown rule code "DK11O" (did you mean "DK110"?)'),
    ("# dklint: ignroe[DK101] kit", 'unknown directive "ignroe" (did you mean "ignore"?): write '
     '"# dklint: ignore[CODE] reason" (next line) or "# dklint: ignore-file[CODE] reason" (whole file)'),
    ("# dklint: ignore DK101 kit", "name the codes in brackets: # dklint: ignore[DK101] reason"),
    ("# dklint: ignore[] kit", "ignore[] names no rule code"),
    ("# dklint: ignore-file[DK007] quiet", "DK007 cannot be suppressed in the input: use ignore or "
     "per-file-ignores in the config"),
])
def test_malformed_suppressions(comment, message):
    findings = check(HEAD + comment + "\n" + D3_ROW + "\n")
    assert [(f.code, f.line, f.message) for f in findings if f.code == "DK007"] == [("DK007", 4, message)]
    assert [f.suppressed_by for f in findings if f.code != "DK007"] == [None, None]


def test_a_suppression_at_the_end_of_the_file_covers_nothing():
    findings = check(HEAD + D3_ROW + "\n# dklint: ignore[DK101] reviewed\n\n")
    assert [(f.code, f.line, f.message) for f in findings if f.code == "DK007"] == [
        ("DK007", 5, "nothing to suppress: no label line follows this comment")]


def test_codes_that_did_not_run_are_not_reported_as_unused():
    text = HEAD + "# dklint: ignore[DK150] magnesium is in the kit\n" + D3_ROW + "\n"
    assert shown(check(text)) == [("DK101", 5, None), ("DK103", 5, None)]


def test_only_the_unused_code_of_a_directive_is_reported():
    text = HEAD + "# dklint: ignore[DK101, DK110] kit\n" + D3_ROW + "\n"
    findings = check(text, select=("DK101", "DK110", "DK007"))
    assert shown(findings) == [("DK007", 4, None), ("DK101", 5, "kit")]
    assert findings[0].message == "unused suppression: no DK110 finding on line 5; remove it"


def test_dk007_is_reported_when_it_is_not_selected_and_not_when_it_is_ignored():
    text = HEAD + "# dklint: ignore[DK101]\n" + D3_ROW + "\n"
    assert shown(check(text, select=("DK101",))) == [("DK007", 4, None), ("DK101", 5, None)]
    checker = CheckerRecipe.create(select=("DK101",), ignore=("DK007",)).build()
    [result] = list(results_for_source(checker, source_from_bytes(text.encode(), "label.txt")))
    assert shown(result.findings) == [("DK101", 5, None)]


def test_directive_lines_are_exactly_the_lines_the_label_parser_skips():
    label_lines = pytest.importorskip("dklint.parse.label.lines")
    for line in ["# dklint: ignore[DK101] x", "   # dklint: x", "#! expect: DK101", "#dklint: x", "# DKLINT: x",
                 "#1 best seller", "Vitamin D3 # dklint: ignore[DK101] x", ""]:
        assert is_directive_line(line) == label_lines.is_comment(line), line


SPEC = {
    "spec_version": "1", "name": "D3 K2", "serving": {"size": 1, "unit": "softgel"},
    "ingredients": [{"name": "Vitamin D3", "amount": 125, "unit": "mcg"},
                    {"name": "Vitamin K2", "form": "MK-7", "amount": 100, "unit": "mcg"}],
}


def check_spec(ignores, select=("DK103", "DK110", "DK007")):
    """Findings of the spec (DK003, the schema's say on the same entries, left out), and its lines."""
    text = json.dumps({**SPEC, "x-dklint-ignore": ignores}, indent=2)
    return [f for f in check(text, "spec.json", select) if f.code != "DK003"], text.split("\n")


def test_spec_ignore_covers_the_whole_spec():
    findings, _ = check_spec([{"rule": "DK110", "reason": "warning on the carton"}])
    assert [(f.code, f.suppressed_by) for f in findings] == [("DK103", None), ("DK110", "warning on the carton")]


def test_spec_ignore_accepts_a_rule_name():
    findings, _ = check_spec([{"rule": "vitamin-k-without-anticoagulant-warning", "reason": "carton", "x-by": "QA"}])
    assert [(f.code, f.suppressed_by) for f in findings] == [("DK103", None), ("DK110", "carton")]


def test_spec_ignore_with_a_path_covers_only_findings_inside_it():
    findings, lines = check_spec([{"rule": "DK110", "reason": "carton", "path": "/ingredients/1"},
                                  {"rule": "DK103", "reason": "other row", "path": "/ingredients/1"}])
    assert [(f.code, f.suppressed_by) for f in findings] == [("DK103", None), ("DK110", "carton"), ("DK007", None)]
    assert findings[2].message == "unused suppression: no DK103 finding on this input; remove it"
    assert lines[findings[2].line - 1].strip() == "{"
    assert lines[findings[2].line].strip() == '"rule": "DK103",'


def test_a_valid_spec_suppression_with_a_path_passes_the_spec_schema():
    text = json.dumps({**SPEC, "x-dklint-ignore": [{"rule": "DK110", "reason": "carton", "path": "/ingredients/1"}]})
    assert [f.code for f in check(text, "spec.json")] == ["DK103"]


def test_broken_spec_entries_are_dk007_at_their_line():
    findings, lines = check_spec(["DK110", {"rule": "DK110", "reason": "", "paht": "/x"}, {"rule": "DK110", "reason": "r", "path": "x"}])
    problems = [(f.line, f.message) for f in findings if f.code == "DK007"]
    line = {text.strip(): number for number, text in enumerate(lines, 1)}
    assert problems == [
        (line['"DK110",'], 'each x-dklint-ignore entry must be an object like {"rule": "DK110", "reason": "why", '
                           '"path": "/ingredients/0" (optional)}'),
        (line['"reason": "",'], 'no reason given: add "reason": why; the suppression is not applied'),
        (line['"paht": "/x"'], 'unknown key "paht" in an x-dklint-ignore entry (did you mean "path"?)'),
        (line['"path": "x"'], '"path" must be a JSON pointer like "/ingredients/0", not "x"'),
    ]
    assert all(f.suppressed_by is None for f in findings)


def test_spec_ignore_that_is_not_a_list():
    findings, lines = check_spec({"rule": "DK110"})
    [problem] = [f for f in findings if f.code == "DK007"]
    assert problem.message.startswith("x-dklint-ignore must be a list of objects")
    assert lines[problem.line - 1].strip().startswith('"x-dklint-ignore"')


def test_each_catalog_record_has_its_own_suppressions():
    records = [{**SPEC, "id": "A"}, {**SPEC, "id": "B", "x-dklint-ignore": [{"rule": "DK110", "reason": "carton"}]}]
    text = "\n".join(json.dumps(record) for record in records) + "\n"
    checker = CheckerRecipe.create(select=("DK110", "DK007")).build()
    results = list(results_for_source(checker, source_from_bytes(text.encode(), "catalog.jsonl")))
    assert [(r.product_id, [(f.code, f.line, f.suppressed_by) for f in r.findings]) for r in results] == [
        ("A", [("DK110", 1, None)]), ("B", [("DK110", 2, "carton")])]
