"""JSON, JSON Lines, GitHub, JUnit and GitLab reports: shapes, escaping, counts, streaming."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from dklint.findings import InputResult
from dklint.report.github import escape_data, escape_property
from tests.test_report_cases import finding, rendered, sample_run, written_before_each

FINDING_KEYS = {"code", "name", "severity", "message", "path", "product_id", "location", "end_location",
                "field_path", "fingerprint", "url"}


def test_json_document_shape() -> None:
    doc = json.loads(rendered("json"))
    assert list(doc) == ["version", "findings", "inputs", "errors", "skipped", "summary"]
    assert len(doc["findings"]) == 7 and all(FINDING_KEYS <= set(f) for f in doc["findings"])
    first = doc["findings"][0]
    assert first["location"] == {"line": 3, "column": 36} and first["end_location"] == {"line": 3, "column": 43}
    assert [f.get("suppressed") for f in doc["findings"]].count("reviewed by QA") == 1
    assert [i["findings"] for i in doc["inputs"]] == [0, 2, 1, 1, 1, 0]
    assert doc["summary"] == {"inputs": 6, "checked": 5, "findings": 5, "suppressed": 1, "unchanged": 1,
                              "by_severity": {"error": 2, "warning": 2, "info": 1},
                              "by_rule": {"DK001": 1, "DK101": 2, "DK103": 1, "DK124": 1}, "skipped": 0}
    assert [e["path"] for e in doc["errors"]] == ["labels/broken.txt", "labels/gone.txt"]
    assert doc["skipped"] == []


def test_json_lists_the_skipped_files_apart_from_the_inputs() -> None:
    run = sample_run(skipped=[("README.txt", "text with no dose"), ("package.json", "not a spec")])
    doc = json.loads(rendered("json", run=run))
    assert doc["skipped"] == [{"path": "README.txt", "reason": "text with no dose"},
                              {"path": "package.json", "reason": "not a spec"}]
    assert (doc["summary"]["inputs"], doc["summary"]["skipped"]) == (6, 2)
    assert not {"README.txt", "package.json"} & {i["path"] for i in doc["inputs"]}


def test_json_with_no_inputs_is_still_a_document() -> None:
    doc = json.loads(rendered("json", [], run=sample_run(notifications=[])))
    assert doc["findings"] == [] and doc["inputs"] == [] and doc["summary"]["inputs"] == 0


def test_jsonl_is_the_json_findings_one_per_line() -> None:
    lines = rendered("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(rendered("json"))["findings"]


@pytest.mark.parametrize("format_name", ["jsonl", "text", "github", "json", "gitlab"])
def test_written_before_the_results_end(format_name: str) -> None:
    """Nothing waits for the whole stream: the first input's findings are out before the next is read."""
    seen = written_before_each(format_name)
    assert "DK101" not in seen[1] and "DK101" in seen[2]


def test_github_escaping() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a,b: 5%\n") == "a%2Cb%3A 5%25%0A"


def test_github_commands() -> None:
    lines = rendered("github").splitlines()
    assert lines[0] == ("::warning file=labels/d3 k2.txt,line=3,col=36,endLine=3,endColumn=43,"
                        "title=DK101 vitamin-d-without-k2::Vitamin D3 at 125 mcg without vitamin K2")
    assert lines[1].startswith("::notice file=labels/d3 k2.txt,line=5,col=1,endLine=5,endColumn=2,")
    assert lines[2].endswith('::Daily 250 mcg > UL: 100%25, see "a,b"%0Asecond line <&>')
    assert lines[-1] == "::error file=labels/gone.txt,title=input not checked::file vanished before it was read"
    assert len(lines) == 6  # suppressed and baseline-unchanged findings are not annotated


def test_github_escapes_paths() -> None:
    results = [InputResult("a,b:c.txt", "label", findings=[finding("DK101", "warning", "m", "a,b:c.txt", 1, 1, 2, "x")])]
    assert rendered("github", results).startswith("::warning file=a%2Cb%3Ac.txt,line=1,")


def test_junit_parses_and_counts_one_testcase_per_finding() -> None:
    root = ET.fromstring(rendered("junit").encode("utf-8"))
    suite = root.find("testsuite")
    assert suite.get("name") == "dklint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("7", "4", "1")
    cases = suite.findall("testcase")
    assert [len(case.findall("failure")) for case in cases] == [0, 1, 1, 1, 0, 1, 0]
    assert [len(case.findall("error")) for case in cases] == [0, 0, 0, 0, 1, 0, 0]
    assert [(case.get("classname"), case.get("name")) for case in cases] == [
        ("labels/clean.txt", "labels/clean.txt"), ("labels/d3 k2.txt", "DK101 at 3:36"),
        ("labels/d3 k2.txt", "DK124 at 5:1"), ("specs/product.json", "SKU-1: DK103 at 4:17"),
        ("labels/broken.txt", "labels/broken.txt"), ("catalog.jsonl", "A-1: DK101 at 1:30"), ("catalog.jsonl", "A-2")]
    spec = cases[3]
    assert spec.get("line") == "4"
    failure = spec.find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == 'DK103: Daily 250 mcg > UL: 100%, see "a,b"\nsecond line <&>'
    assert failure.text.startswith("specs/product.json:4:17: DK103 [error]")


def test_junit_survives_characters_xml_cannot_hold() -> None:
    results = [InputResult("a.txt", "label", findings=[finding("DK101", "warning", "bad \x00\x1b byte", "a.txt", 1, 1, 2, "x\x07")])]
    failure = ET.fromstring(rendered("junit", results).encode("utf-8")).find("testsuite/testcase/failure")
    assert failure.get("message") == "DK101: bad \ufffd\ufffd byte"


def test_gitlab_code_quality() -> None:
    issues = json.loads(rendered("gitlab"))
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("DK101", "minor"), ("DK124", "info"), ("DK103", "major"), ("DK001", "major"), ("DK101", "minor")]
    assert issues[0] == {"description": "DK101 Vitamin D3 at 125 mcg without vitamin K2", "check_name": "DK101",
                         "fingerprint": "fp-DK101-labels/d3_k2.txt-3", "severity": "minor",
                         "location": {"path": "labels/d3 k2.txt", "lines": {"begin": 3}}}


def test_gitlab_fingerprints_are_unique() -> None:
    twice = [finding("DK101", "warning", "m", "a.txt", line, 1, 2, "x") for line in (1, 1)]
    issues = json.loads(rendered("gitlab", [InputResult("a.txt", "label", findings=twice)]))
    assert len({issue["fingerprint"] for issue in issues}) == 2
