"""SARIF: valid against the official 2.1.0 schema, every rule listed, stable indexes, streamed."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dklint.findings import InputResult
from dklint.report.sarif import path_uri, root_uri
from tests.test_report_cases import RULES, finding, rendered, sample_results, sample_run

SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def sarif(results=None, **run_changes) -> dict:
    return json.loads(rendered("sarif", results, run=sample_run(**run_changes)))


def run_of(log: dict) -> dict:
    assert len(log["runs"]) == 1
    return log["runs"][0]


def unknown_code_results() -> list[InputResult]:
    return [InputResult("x.txt", "label", findings=[finding("DK999", "warning", "from a plug-in", "x.txt", 2, 3, 3, "ab")])]


@pytest.mark.parametrize("case", ["sample", "no-srcroot", "unknown-code", "empty", "timed"])
def test_valid_against_the_official_schema(case: str) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA} not available: ../shared is only beside the development checkout")
    import jsonschema

    logs = {
        "sample": lambda: sarif(),
        "no-srcroot": lambda: sarif(srcroot=None, notifications=[]),
        "unknown-code": lambda: sarif(unknown_code_results()),
        "empty": lambda: sarif([], notifications=[], exit_code=0),
        "timed": lambda: sarif(start_time="2025-01-31T12:00:00Z", end_time="2025-01-31T12:00:02Z"),
    }
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(logs[case]())]
    assert errors == []


def test_every_loaded_rule_is_listed_in_order() -> None:
    rules = run_of(sarif())["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in RULES]
    never_fired = rules[-1]
    assert never_fired["id"] == "DK150" and never_fired["defaultConfiguration"] == {"level": "note", "enabled": False}
    assert never_fired["help"]["markdown"] == RULES[-1].help_markdown()
    assert never_fired["helpUri"] == "https://example.org/rules/DK150"
    assert never_fired["properties"]["tags"] == ["dk2", "labeling"]


def test_rule_index_points_at_the_results_rule() -> None:
    run = run_of(sarif())
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == 7  # suppressed and baseline-unchanged findings stay in the log
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_code_without_a_loaded_rule_has_no_rule_index() -> None:
    (result,) = run_of(sarif(unknown_code_results()))["results"]
    assert result["ruleId"] == "DK999" and "ruleIndex" not in result


def test_artifacts_list_every_input_once_and_results_point_at_them() -> None:
    run = run_of(sarif())
    uris = [artifact["location"]["uri"] for artifact in run["artifacts"]]
    assert uris == ["labels/clean.txt", "labels/d3%20k2.txt", "specs/product.json", "labels/broken.txt",
                    "catalog.jsonl", "labels/gone.txt"]
    assert all(artifact["roles"] == ["analysisTarget"] for artifact in run["artifacts"])
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][location["index"]]["location"]["uri"] == location["uri"]
        assert location["uriBaseId"] == "%SRCROOT%"


def test_result_details() -> None:
    results = run_of(sarif())["results"]
    d3, empty_span, unchanged, suppressed, spec = results[:5]
    region = d3["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 36, "endLine": 3, "endColumn": 43, "snippet": {"text": "125 mcg"}}
    assert d3["level"] == "warning" and empty_span["level"] == "note"
    assert d3["partialFingerprints"] == {"dklintFindingHash/v1": "fp-DK101-labels/d3_k2.txt-3"}
    assert d3["locations"][0]["physicalLocation"]["contextRegion"]["snippet"]["text"].startswith("Vitamin D3")
    # an empty span still gets a one-column region, which viewers can underline
    assert empty_span["locations"][0]["physicalLocation"]["region"]["endColumn"] == 2
    assert unchanged["baselineState"] == "unchanged" and "suppressions" not in unchanged
    assert suppressed["suppressions"] == [{"kind": "inSource", "justification": "reviewed by QA"}]
    assert spec["baselineState"] == "new"
    assert spec["properties"] == {"product_id": "SKU-1", "field_path": ["ingredients", 0, "amount"]}


def test_run_level_fields() -> None:
    run = run_of(sarif())
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///work/project/"}}
    assert run["tool"]["driver"]["semanticVersion"] == "0.1.0"
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True and invocation["exitCode"] == 1
    notes = invocation["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["not valid UTF-8 at byte 12", "file vanished before it was read"]
    assert all(n["level"] == "error" for n in notes)


def test_no_srcroot_means_no_original_uri_base_ids() -> None:
    assert "originalUriBaseIds" not in run_of(sarif(srcroot=None))


def test_non_semver_version_has_no_semantic_version() -> None:
    driver = run_of(sarif(tool_version="0.2.dev1"))["tool"]["driver"]
    assert driver["version"] == "0.2.dev1" and "semanticVersion" not in driver


@pytest.mark.parametrize("path, expected", [
    ("labels/d3 k2.txt", ("labels/d3%20k2.txt", "%SRCROOT%")),
    ("labels/vitamín#1?.txt", ("labels/vitam%C3%ADn%231%3F.txt", "%SRCROOT%")),
    ("a:b.txt", ("a%3Ab.txt", "%SRCROOT%")),  # not a URI scheme
    ("/tmp/x y.txt", ("file:///tmp/x%20y.txt", None)),
    ("C:/Labels/x.txt", ("file:///C:/Labels/x.txt", None)),
    ("sub\\x.txt", ("sub/x.txt", "%SRCROOT%")),
])
def test_path_uri(path: str, expected: tuple[str, str | None]) -> None:
    assert path_uri(path) == expected
    uri = expected[0]
    assert " " not in uri and urlsplit(uri).path


def test_root_uri_ends_with_a_slash() -> None:
    assert root_uri("/work/my project") == "file:///work/my%20project/"


def test_results_are_written_before_the_stream_ends() -> None:
    stream = io.StringIO()
    written_at_last_input = []

    def results():
        *first, last = sample_results()
        yield from first
        written_at_last_input.append(stream.getvalue())
        yield last

    from dklint.report import render

    render("sarif", results(), RULES, stream, sample_run())
    partial = written_at_last_input[0]
    assert partial.count('"ruleId"') == 7 and '"artifacts"' not in partial
    json.loads(stream.getvalue())
