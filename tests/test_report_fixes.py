"""Fixes in the reports: SARIF ``fixes`` (valid against the 2.1.0 schema), ``fix`` in JSON and JSON Lines,
``[*]`` and the fix counts in the text report; findings without a fix are reported as before (the golden
files hold that)."""

from __future__ import annotations

import json

import pytest

from dklint.findings import InputResult, LocatedEdit, LocatedFix
from dklint.report.run_info import RunInfo
from tests.test_report_cases import finding, rendered, sample_run
from tests.test_report_sarif import SCHEMA

D_LINE = "Vitamin D3 (as cholecalciferol) 5,000 IU 625%"
SAFE = LocatedFix("State vitamin D in mcg, IU after it", "safe", (LocatedEdit(1, 33, 1, 41, "125 mcg (5,000 IU)"),))
UNSAFE = LocatedFix("Add the DSHEA disclaimer", "unsafe",
                    (LocatedEdit(2, 21, 2, 21, "*"), LocatedEdit(3, 1, 3, 1, "*This statement has not been ...\n")))


def results() -> list[InputResult]:
    path = "labels/d 3.txt"
    return [InputResult(path, "label", findings=[
        finding("DK101", "error", "IU only", path, 1, 33, 41, D_LINE, fix=SAFE),
        finding("DK103", "warning", "no disclaimer", path, 2, 1, 21, "Supports bone health", fix=UNSAFE),
        finding("DK124", "info", "no fix here", path, 2, 1, 2, "Supports bone health"),
        finding("DK101", "error", "suppressed", path, 1, 1, 2, D_LINE, fix=SAFE, suppressed_by="QA"),
    ])]


def test_sarif_fixes_replace_regions_of_the_results_artifact():
    log = json.loads(rendered("sarif", results()))
    found = log["runs"][0]["results"]
    assert found[0]["fixes"] == [{
        "description": {"text": "State vitamin D in mcg, IU after it"},
        "artifactChanges": [{
            "artifactLocation": found[0]["locations"][0]["physicalLocation"]["artifactLocation"],
            "replacements": [{"deletedRegion": {"startLine": 1, "startColumn": 33, "endLine": 1, "endColumn": 41},
                              "insertedContent": {"text": "125 mcg (5,000 IU)"}}]}],
        "properties": {"applicability": "safe"}}]
    assert found[0]["fixes"][0]["artifactChanges"][0]["artifactLocation"] == {
        "uri": "labels/d%203.txt", "uriBaseId": "%SRCROOT%", "index": 0}
    unsafe = found[1]["fixes"][0]
    assert unsafe["properties"] == {"applicability": "unsafe"}
    assert [r["deletedRegion"] for r in unsafe["artifactChanges"][0]["replacements"]] == [
        {"startLine": 2, "startColumn": 21, "endLine": 2, "endColumn": 21},  # an empty region inserts
        {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 1}]
    assert "fixes" not in found[2]


def test_sarif_with_fixes_is_valid_against_the_official_schema():
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA} not available: ../shared is only beside the development checkout")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    log = json.loads(rendered("sarif", results()))
    assert sum("fixes" in r for r in log["runs"][0]["results"]) == 3
    assert [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)] == []


def test_json_and_jsonl_carry_the_fix():
    expected = {"title": "Add the DSHEA disclaimer", "applicability": "unsafe", "edits": [
        {"location": {"line": 2, "column": 21}, "end_location": {"line": 2, "column": 21}, "text": "*"},
        {"location": {"line": 3, "column": 1}, "end_location": {"line": 3, "column": 1},
         "text": "*This statement has not been ...\n"}]}
    document = json.loads(rendered("json", results()))
    assert document["findings"][1]["fix"] == expected and "fix" not in document["findings"][2]
    lines = [json.loads(line) for line in rendered("jsonl", results()).splitlines()]
    assert lines[1]["fix"] == expected and lines[0]["fix"]["edits"][0]["text"] == "125 mcg (5,000 IU)"


def test_text_marks_what_fix_would_repair_and_counts_it():
    out = rendered("text", results(), run=sample_run(notifications=[]))
    assert "labels/d 3.txt:1:33: DK101 [*] [error] IU only" in out
    assert "labels/d 3.txt:2:1: DK103 [warning] no disclaimer" in out
    assert "DK124 [info]" in out
    assert out.endswith("Not shown: 1 suppressed finding.\n[*] 1 fixable with --fix.\n"
                        "1 more fixable with --unsafe-fixes.\n")  # the suppressed one is not counted


def test_text_with_unsafe_fixes_and_after_fixing():
    out = rendered("text", results(), run=RunInfo(unsafe_fixes=True, fixed=3))
    assert "DK103 [*] [warning]" in out
    assert out.endswith("Fixed 3 problems.\n[*] 2 fixable with --fix.\n")
