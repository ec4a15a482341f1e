"""Catalog reports name the record (issue 13, "What to build" 6).

The text report shows a record's id beside its line; an input that could not be checked is named by its
record (line and id) in every report, not only by its file; a JSONL record of ``id`` and ``label_text`` is
label text to the CLI as it is to the Dask API; JUnit has one test case per finding.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli

LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 125 mcg (5,000 IU) 625%\n"
DK101 = "vitamin D is 5,000 IU per serving (servings per day not stated) (125 mcg), above 2,000 IU, with no vitamin K2 in the product"


def spec(product_id: str, mcg: float = 125) -> dict:
    return {"spec_version": "1", "id": product_id, "name": "D3", "serving": {"size": 1, "unit": "softgel"},
            "ingredients": [{"name": "Vitamin D3", "amount": mcg, "unit": "mcg"}]}


@pytest.fixture
def catalog(tmp_path, monkeypatch) -> Path:
    lines = [json.dumps(spec("SKU-1")),                                    # 1: DK101
             "{broken",                                                     # 2: DK002, no id
             json.dumps({**spec("SKU-3"), "serving": "one softgel"}),       # 3: DK003, not checked
             json.dumps({"id": "SKU-4", "label_text": LABEL}),              # 4: label text: DK101
             json.dumps(spec("SKU-5", mcg=10))]                             # 5: clean
    (tmp_path / "catalog.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "catalog.jsonl"


def check(*args: str):
    return CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DK101", *args, "catalog.jsonl"])


def test_the_text_report_names_each_record_beside_its_line(catalog):
    result = check()
    assert result.exit_code == 1
    heads = [line for line in result.output.splitlines() if line.startswith("catalog.jsonl")]
    assert heads == [
        f"catalog.jsonl:1:120: DK101 [warning] record SKU-1: {DK101}",
        "catalog.jsonl:2:2: DK002 [error] invalid JSON: Expecting property name enclosed in double quotes",
        'catalog.jsonl:3:63: DK003 [error] record SKU-3: serving: expected an object, got "one softgel"',
        f"catalog.jsonl:4:75: DK101 [warning] record SKU-4: {DK101}",
    ]
    assert [line for line in result.output.splitlines() if line.startswith("not checked")] == [
        "not checked: catalog.jsonl:2 (invalid JSON: Expecting property name enclosed in double quotes)",
        'not checked: catalog.jsonl:3, record SKU-3 (serving: expected an object, got "one softgel")',
    ]


def test_unchecked_records_are_named_in_json_sarif_and_github(catalog):
    doc = json.loads(check("--format", "json").output)
    assert [(e["path"], e["line"], e["product_id"]) for e in doc["errors"]] == [
        ("catalog.jsonl", 2, None), ("catalog.jsonl", 3, "SKU-3")]
    sarif = json.loads(check("--format", "sarif").output)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["locations"][0]["physicalLocation"]["region"], n.get("properties")) for n in notes] == [
        ({"startLine": 2}, None), ({"startLine": 3}, {"product_id": "SKU-3"})]
    github = check("--format", "github").output.splitlines()
    assert [line.split("::")[1] for line in github if "DK00" in line] == [
        "error file=catalog.jsonl,line=2,col=2,endLine=2,endColumn=3,title=DK002 invalid-json",
        "error file=catalog.jsonl,line=3,col=63,endLine=3,endColumn=76,title=DK003 spec-schema-violation"]


def test_a_jsonl_record_of_id_and_label_text_is_label_text(catalog):
    doc = json.loads(check("--format", "json").output)
    [record] = [entry for entry in doc["inputs"] if entry["product_id"] == "SKU-4"]
    assert record == {"path": "catalog.jsonl", "kind": "label", "product_id": "SKU-4", "checked": True, "findings": 1}
    [finding] = [f for f in doc["findings"] if f["product_id"] == "SKU-4"]
    line = catalog.read_text(encoding="utf-8").splitlines()[3]
    start, end = finding["location"]["column"] - 1, finding["end_location"]["column"] - 1
    assert line[start:end] == "Vitamin D3 125 mcg (5,000 IU) 625%"  # inside the JSON string, where the row is


def test_the_cli_and_the_dask_api_agree_on_a_label_text_record(catalog):
    dask_bag = pytest.importorskip("dask.bag", reason="dask is not installed")
    from dklint.engine.recipe import CheckerRecipe
    from dklint.run.dask_engine import lint_bag

    record = {"id": "SKU-4", "label_text": LABEL}
    found = lint_bag(dask_bag.from_sequence([record]), CheckerRecipe.create()).compute(scheduler="sync")
    doc = json.loads(CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "catalog.jsonl"]).output)
    cli_found = [f for f in doc["findings"] if f["product_id"] == "SKU-4"]
    assert [(f["code"], f["message"]) for f in cli_found] == [(f["code"], f["message"]) for f in found]


def test_an_empty_label_text_is_dk001_on_its_record(tmp_path, monkeypatch):
    (tmp_path / "catalog.jsonl").write_text(json.dumps({"id": "E-1", "label_text": " \n"}) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = check()
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == 'catalog.jsonl:1:1: DK001 [error] the "label_text" field is empty: nothing to check'


def test_junit_has_one_testcase_per_finding(catalog):
    root = ET.fromstring(check("--format", "junit").output.encode("utf-8"))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "2", "2")
    cases = [(case.get("name"), [child.tag for child in case]) for case in suite.findall("testcase")]
    assert cases == [("SKU-1: DK101 at 1:120", ["failure"]), ("catalog.jsonl:2", ["error"]), ("SKU-3", ["error"]),
                     ("SKU-4: DK101 at 4:75", ["failure"]), ("SKU-5", [])]


def test_two_findings_are_two_junit_failures(tmp_path, monkeypatch):
    (tmp_path / "label.txt").write_text(LABEL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DK101,DK103", "--format", "junit", "label.txt"])
    suite = ET.fromstring(result.output.encode("utf-8")).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    assert [case.get("name") for case in suite.findall("testcase")] == ["DK101 at 3:1", "DK103 at 3:1"]
    assert os.path.basename(suite.find("testcase").get("file")) == "label.txt"
