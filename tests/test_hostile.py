"""The hostile corpus: every input is reported, checked or with the DK00x saying why; nothing crashes.

Small cases live in fixtures/hostile/; large ones are generated here. Timings are
measured by bench/hostile.py, not asserted.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from tests.conftest import REPO

HOSTILE = REPO / "fixtures" / "hostile"

# (file, product id or None, checked, findings as "CODE:line")
EXPECTED = {
    ("bad-row.csv", "A", True, ("DK140:2", "DK205:2")),
    ("bad-row.csv", "B", False, ("DK002:3",)),
    ("bad-row.csv", "C", True, ("DK140:4", "DK205:4")),
    ("bidi-warning.txt", None, True, ("DK211:1",)),  # the bidi-wrapped "warfarin" still counts as a warning
    ("binary.txt", None, False, ("DK001:1",)),
    ("duplicate-keys.json", None, False, ("DK002:1",)),
    ("empty.txt", None, False, ("DK001:1",)),
    ("homoglyph-vitamin-k.txt", None, True, ("DK110:3", "DK211:1")),  # Cyrillic "а" cannot hide vitamin K
    ("infinity.json", None, False, ("DK002:1",)),
    ("latin1.txt", None, False, ("DK001:1",)),
    ("mixed.jsonl", "A", True, ("DK205:1",)),
    ("mixed.jsonl", "fixtures/hostile/mixed.jsonl:2", False, ("DK002:2",)),
    ("mixed.jsonl", "C", True, ("DK205:3",)),
    ("nan.json", None, False, ("DK002:1",)),
    ("overflow.json", None, False, ("DK002:1",)),
    ("top-level-array.json", None, False, ("DK003:1",)),
    ("top-level-null.json", None, False, ("DK003:1",)),
    ("truncated.json", None, False, ("DK002:1",)),
    ("utf16-bom.txt", None, True, ("DK110:3", "DK211:1")),
    ("whitespace-only.txt", None, False, ("DK001:1",)),
    ("zero-width-vitamin-k.txt", None, True, ("DK110:3", "DK211:1")),  # "Vit\u200bamin K2" is vitamin K
    ("zero-width-warning.txt", None, True, ("DK211:1",)),
}


def check_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-q", "-f", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, json.loads(result.output)


# Met while walking, these are nobody's label: skipped, with no finding (named, each is reported above).
SKIPPED_WHEN_WALKED = [
    {"path": "fixtures/hostile/binary.txt", "reason": "binary file"},
    {"path": "fixtures/hostile/empty.txt", "reason": "empty file"},
    {"path": "fixtures/hostile/top-level-null.json", "reason": 'JSON with no "spec_version" value: not a product spec'},
    {"path": "fixtures/hostile/whitespace-only.txt", "reason": "empty file"},
]


def named() -> list[str]:
    """Every hostile file, named: a named file is always checked, whatever it holds."""
    return [f"fixtures/hostile/{path.name}" for path in sorted(HOSTILE.iterdir())]


def test_every_hostile_input_is_reported_with_the_right_outcome(monkeypatch):
    monkeypatch.chdir(REPO)
    code, report = check_json(*named())
    findings: dict[tuple[str, str | None], list[str]] = {}
    for f in report["findings"]:
        findings.setdefault((f["path"], f["product_id"]), []).append(f"{f['code']}:{f['location']['line']}")
    seen = {
        (i["path"].rsplit("/", 1)[-1], i["product_id"], i["checked"], tuple(sorted(findings.get((i["path"], i["product_id"]), []))))
        for i in report["inputs"]
    }
    assert code == 1
    assert seen == EXPECTED
    assert report["summary"]["inputs"] == len(EXPECTED)
    assert report["skipped"] == []


def test_walking_the_hostile_folder_skips_what_is_nobodys_label_and_reports_the_rest(monkeypatch):
    monkeypatch.chdir(REPO)
    code, report = check_json("fixtures/hostile")
    assert code == 1
    assert report["skipped"] == SKIPPED_WHEN_WALKED
    assert report["summary"]["skipped"] == len(SKIPPED_WHEN_WALKED)
    skipped = {entry["path"] for entry in SKIPPED_WHEN_WALKED}
    _, named_report = check_json(*named())
    assert report["inputs"] == [i for i in named_report["inputs"] if i["path"] not in skipped]
    assert report["findings"] == [f for f in named_report["findings"] if f["path"] not in skipped]


def test_the_sarif_report_lists_every_artifact_and_admits_what_was_not_checked(monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    out = tmp_path / "hostile.sarif"
    CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-q", "-f", "sarif", "-o", str(out), *named()])
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    files = {a["location"]["uri"].rsplit("/", 1)[-1] for a in run["artifacts"]}
    assert files == {path.name for path in HOSTILE.iterdir()}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    unchecked = sum(1 for entry in EXPECTED if not entry[2])
    assert len(invocation["toolExecutionNotifications"]) == unchecked


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, ["DK008"]),
        ("digits.json", '{"spec_version": "1", "name": ' + "9" * 10_000 + "}", ["DK002"]),
        ("line.txt", "Vitamin D3 125 mcg " * 60_000, ["DK008"]),
        ("d.txt", "Supplement Facts\nVitamin " + "D" * 50_000 + " 25 mcg\n", ["DK005"]),
        ("rows.txt", "Supplement Facts\nServing Size: 1 Tablet\n" + "Vitamin D3 25 mcg (1,000 IU) 125%\n" * 5_000, ["DK008"]),
    ],
)
def test_large_hostile_inputs_end_in_a_finding(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, report = check_json(str(path))
    assert code == 1 if "DK005" not in expected else code == 0
    assert sorted({f["code"] for f in report["findings"]}) == expected
