"""Baselines: today's findings are accepted, survive line moves and edits elsewhere; new ones are reported."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.findings import InputResult, Located
from dklint.run.baseline import BaselineWriter, load_baseline, mark

PANEL = ("Supplement Facts\nServing Size: 1 Softgel\nAmount Per Serving    % Daily Value\n"
         "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%\n")
TODAY = PANEL + "Directions: Take 1 softgel daily with a meal.\n"
SELECT = ["--select", "DK101", "--select", "DK103", "--select", "DK120", "--fail-on", "warning"]


def run(tmp_path: Path, monkeypatch, *args: str):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, ["check", *SELECT, *args], catch_exceptions=False)


def findings(result) -> list[tuple[str, int, str | None]]:
    return [(f["code"], f["location"]["line"], f.get("baseline")) for f in json.loads(result.output)["findings"]]


def test_write_baseline_records_todays_findings_sorted_and_exits_0(tmp_path, monkeypatch):
    (tmp_path / "b.txt").write_text(TODAY)
    (tmp_path / "a.txt").write_text(TODAY)
    result = run(tmp_path, monkeypatch, ".", "--write-baseline", "baseline.json")
    assert result.exit_code == 0
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["version"] == 1 and data["tool"] == "dklint"
    assert [(e["path"], e["code"]) for e in data["findings"]] == [
        ("a.txt", "DK101"), ("a.txt", "DK103"), ("b.txt", "DK101"), ("b.txt", "DK103")]
    assert set(data["findings"][0]) == {"code", "path", "fingerprint", "message"}
    assert data["findings"][0]["message"].startswith("vitamin D is 5,000 IU per day (125 mcg), above 2,000 IU")
    first = (tmp_path / "baseline.json").read_bytes()
    run(tmp_path, monkeypatch, ".", "--write-baseline", "baseline.json")
    assert (tmp_path / "baseline.json").read_bytes() == first


def test_baseline_hides_todays_findings_after_line_moves_and_unrelated_edits(tmp_path, monkeypatch):
    label = tmp_path / "d3.txt"
    label.write_text(TODAY)
    assert run(tmp_path, monkeypatch, "d3.txt", "--write-baseline", "baseline.json").exit_code == 0
    assert run(tmp_path, monkeypatch, "d3.txt").exit_code == 1  # without the baseline they still fail

    label.write_text("Sunrise Labs Vitamin D3\nNow in a bigger bottle!\n\n" + PANEL
                     + "Directions: Take 1 softgel a day with food.\n")
    result = run(tmp_path, monkeypatch, "d3.txt", "--baseline", "baseline.json")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Not shown: 2 findings unchanged since the baseline."
    as_json = run(tmp_path, monkeypatch, "d3.txt", "--baseline", "baseline.json", "-f", "json")
    assert findings(as_json) == [("DK101", 7, "unchanged"), ("DK103", 7, "unchanged")]


def test_a_new_finding_is_still_reported(tmp_path, monkeypatch):
    label = tmp_path / "d3.txt"
    label.write_text(TODAY)
    run(tmp_path, monkeypatch, "d3.txt", "--write-baseline", "baseline.json")
    label.write_text(PANEL + "Vitamin K2 (as MK-7) 100 mg\n" + "Directions: Take 1 softgel daily with a meal.\n")
    result = run(tmp_path, monkeypatch, "d3.txt", "--baseline", "baseline.json", "-f", "json")
    assert result.exit_code == 1
    assert findings(result) == [("DK103", 4, "unchanged"), ("DK120", 5, "new")]


def located(fingerprint: str, line: int) -> Located:
    return Located(code="DK101", name="x", severity="warning", message="m", path="a.txt", line=line, column=1,
                   end_line=line, end_column=2, source_line="", fingerprint=fingerprint)


def test_matching_counts_fingerprints():
    result = InputResult(path="a.txt", kind="label", findings=[located("f1", 1), located("f1", 2), located("f1", 3),
                                                               located("f2", 4)])
    [marked] = list(mark([result], Counter({"f1": 2, "f3": 1})))
    assert [f.baseline for f in marked.findings] == ["unchanged", "unchanged", "new", "new"]


def test_suppressed_findings_are_left_out_of_baselines():
    writer = BaselineWriter()
    suppressed = located("f1", 1).__class__(**{**_fields(located("f1", 1)), "suppressed_by": "reviewed"})
    result = InputResult(path="a.txt", kind="label", product_id="SKU-1", findings=[suppressed, located("f2", 2)])
    list(writer.watch([result]))
    assert json.loads(writer.text())["findings"] == [
        {"code": "DK101", "path": "a.txt", "product_id": "SKU-1", "fingerprint": "f2", "message": "m"}]
    [marked] = list(mark([result], Counter({"f1": 1})))
    assert [f.baseline for f in marked.findings] == [None, "new"]


def _fields(finding: Located) -> dict:
    return {name: getattr(finding, name) for name in finding.__dataclass_fields__}


def test_a_broken_baseline_is_exit_2(tmp_path, monkeypatch):
    (tmp_path / "d3.txt").write_text(TODAY)
    (tmp_path / "baseline.json").write_text('{"version": 7, "findings": []}')
    result = run(tmp_path, monkeypatch, "d3.txt", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert result.output == ('dklint: baseline.json: not a dklint baseline: expected {"version": 1, '
                             '"findings": [...]}\n')
    (tmp_path / "baseline.json").write_text('{"version": 1, "findings": [{"code": "DK101"}]}')
    assert run(tmp_path, monkeypatch, "d3.txt", "--baseline", "baseline.json").output == (
        "dklint: baseline.json: findings[0] has no fingerprint\n")


def test_load_baseline_counts_repeated_fingerprints(tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"version": 1, "findings": [{"fingerprint": "x"}, {"fingerprint": "x"},
                                                           {"fingerprint": "y"}]}))
    assert load_baseline(path) == Counter({"x": 2, "y": 1})
