"""``dklint check --fix`` with the built-in rules' own fixes, on the fixtures and on a DK207 label.

These tests wait for the rule files' ``fix:`` (issue 14): until a built-in rule declares a fix they are
skipped, and they run by themselves once one does. They hold the issue's promises: after --fix a second
check shows none of the fixed codes, only the lines the fixes named changed, and --fix twice changes nothing
the second time; SARIF with the fixes validates.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.engine.check import check_source
from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.read import source_from_bytes
from dklint.rules.loader import load_rules
from dklint.testing.fixtures import strip_markers
from tests.test_report_sarif import SCHEMA

REPO = Path(__file__).resolve().parents[1]
FIXTURES = sorted(path for folder in ("labels", "specs", "examples") for path in (REPO / "fixtures" / folder).iterdir()
                  if path.suffix in (".txt", ".json"))
# The codes whose rule file declares a fix (``fix:`` beside the rule, read with the rule's data).
CODES_WITH_FIXES = sorted(rule.id for rule in load_rules(compiled=False).rules.values()
                          if getattr(rule, "fix", None) or (rule.data or {}).get("fix"))
waits_for_rule_fixes = pytest.mark.skipif(not CODES_WITH_FIXES, reason="no built-in rule declares a fix yet "
                                          "(the rules' fix: comes with the rule files of issue 14)")
D3_LABEL = ("Supplement Facts\nServing Size 1 Softgel\nAmount Per Serving  % Daily Value\n"
            "Vitamin D3 (as cholecalciferol) 5,000 IU 625%\n")


def run(*args: str):
    return CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-j", "1", *args], catch_exceptions=False)


def findings(path: Path) -> list[dict]:
    return json.loads(run("--format", "json", path.name).stdout)["findings"]


def _copy(fixture: Path, folder: Path) -> Path:
    target = folder / fixture.name
    if fixture.suffix == ".txt":
        target.write_text(strip_markers(fixture.read_text(encoding="utf-8"))[0], encoding="utf-8")
    else:
        shutil.copyfile(fixture, target)
    return target


def _touched_lines(found: list[dict]) -> set[int]:
    """The lines the fixes name (an edit ending at column 1 of a line may insert before it)."""
    lines = set()
    for finding in found:
        for edit in finding["fix"]["edits"]:
            lines.update(range(edit["location"]["line"], edit["end_location"]["line"] + 1))
    return lines


def _changed_lines(before: str, after: str) -> set[int]:
    """1-based lines of ``before`` that changed; an insertion between lines counts the line it comes before."""
    changed = set()
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return changed


@waits_for_rule_fixes
def test_every_fixture_with_a_fixable_finding_is_fixed_once_and_for_good(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fixed_any = False
    for fixture in FIXTURES:
        path = _copy(fixture, tmp_path)
        before = path.read_text(encoding="utf-8")
        fixable = [f for f in findings(path) if "fix" in f and "suppressed" not in f]
        if not fixable:
            continue
        fixed_any = True
        run("--fix", "--unsafe-fixes", path.name)
        after = path.read_text(encoding="utf-8")
        codes = {f["code"] for f in fixable}
        left = [f for f in findings(path) if f["code"] in codes and "suppressed" not in f]
        assert left == [], f"{fixture.name}: still {[(f['code'], f['location']) for f in left]} after --fix"
        assert _changed_lines(before, after) <= _touched_lines(fixable) | {max(_touched_lines(fixable)) + 1}, \
            f"{fixture.name}: --fix changed lines no fix named"
        run("--fix", "--unsafe-fixes", path.name)
        assert path.read_text(encoding="utf-8") == after, f"{fixture.name}: a second --fix changed the file"
    assert fixed_any, f"no fixture has a finding of {CODES_WITH_FIXES} with a fix: add one"


def _dk207_has_a_fix() -> bool:
    result = check_source(CheckerRecipe.create().build(), source_from_bytes(D3_LABEL.encode(), "d3.txt"))
    return any(f.code == "DK207" and f.fix is not None for f in result.findings)


@waits_for_rule_fixes
def test_dk207_iu_only_becomes_mcg_with_iu_in_parentheses(tmp_path, monkeypatch):
    if not _dk207_has_a_fix():
        pytest.skip("DK207 declares no fix")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "d3.txt"
    path.write_bytes(D3_LABEL.replace("\n", "\r\n").encode())
    marked = run(path.name)
    assert "DK207 [*] [error]" in marked.stdout
    run("--fix", path.name)
    assert path.read_bytes() == D3_LABEL.replace("5,000 IU", "125 mcg (5,000 IU)").replace("\n", "\r\n").encode()
    assert "DK207" not in run(path.name).stdout
    run("--fix", path.name)
    assert path.read_bytes() == D3_LABEL.replace("5,000 IU", "125 mcg (5,000 IU)").replace("\n", "\r\n").encode()


@waits_for_rule_fixes
def test_sarif_with_the_rules_fixes_validates(tmp_path, monkeypatch):
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA} not available: ../shared is only beside the development checkout")
    import jsonschema

    monkeypatch.chdir(tmp_path)
    for fixture in FIXTURES:
        _copy(fixture, tmp_path)
    log = json.loads(run("--format", "sarif", ".").stdout)
    assert any("fixes" in result for result in log["runs"][0]["results"])
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(log)] == []
