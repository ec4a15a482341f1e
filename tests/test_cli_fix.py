"""``dklint check --fix``, ``--unsafe-fixes``, ``--diff``, ``--fix-only`` through click.

No built-in rule offers a fix yet (the rules' ``fix:`` comes with the rule files), so the plumbing tests make
two real findings carry fixes where rules hand their findings to the engine (``engine.check.check_parsed``):
DK201 "Nutrition Facts" gets the safe fix to "Supplement Facts", DK211 (no "Other ingredients") the unsafe
fix that adds the statement at the end. Everything after that point (locating, suppressions, per-file-ignores,
the cache, the applier, the reports) is the real code. The end-to-end tests at the bottom use the built-in
rules' own fixes and run once a built-in rule has one.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.engine import check as engine_check
from dklint.findings import Edit, Fix
from dklint.source import Span

LABEL = "Nutrition Facts\nServing Size 1 Capsule\nAmount Per Serving\nVitamin C 60 mg 67%\n"
FIXED = LABEL.replace("Nutrition", "Supplement")
ALL_FIXED = FIXED + "Other ingredients: gelatin.\n"
OTHER = "Other ingredients: gelatin.\n"


def _with_fixes(source, finding):
    if finding.fix is not None:
        return finding
    spanned = source.text[finding.span.start:finding.span.end]
    if finding.code == "DK201" and spanned == "Nutrition Facts":
        return finding.__class__(**{**_fields(finding), "fix": Fix('Title the panel "Supplement Facts"', "safe",
                                                                    (Edit(finding.span, "Supplement Facts"),))})
    if finding.code == "DK211" and source.kind == "label":
        end = len(source.text)
        return finding.__class__(**{**_fields(finding), "fix": Fix('Add an "Other ingredients" statement', "unsafe",
                                                                    (Edit(Span(end, end), OTHER),))})
    return finding


def _fields(finding):
    return {name: getattr(finding, name) for name in finding.__slots__}


@pytest.fixture
def fixes(monkeypatch):
    """DK201 and DK211 findings carry fixes, as rules with ``fix:`` will give them."""
    original = engine_check.check_parsed

    def check_parsed(parsed, rules):
        return [(source, [_with_fixes(source, f) for f in findings]) for source, findings in original(parsed, rules)]

    monkeypatch.setattr(engine_check, "check_parsed", check_parsed)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-j", "1", *args], input=input,
                              catch_exceptions=False)


def test_without_fix_the_report_marks_what_fix_would_repair_and_nothing_is_written(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    result = run("a.txt")
    assert result.exit_code == 1
    assert "a.txt:1:1: DK201 [*] [error] the label is titled" in result.output
    assert "a.txt:1:1: DK211 [warning]" in result.output  # unsafe: no mark
    assert result.output.endswith("Found 2 problems (1 error, 1 warning, 0 info) in 1 of 1 input.\n"
                                  "[*] 1 fixable with --fix.\n1 more fixable with --unsafe-fixes.\n")
    assert (folder / "a.txt").read_text() == LABEL


def test_fix_applies_the_safe_fix_and_reports_what_is_left(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    result = run("--fix", "a.txt")
    assert (folder / "a.txt").read_text() == FIXED
    assert "DK201" not in result.output and "a.txt:1:1: DK211 [warning]" in result.output
    assert result.output.endswith("Found 1 problem (0 errors, 1 warning, 0 info) in 1 of 1 input.\n"
                                  "Fixed 1 problem.\n1 more fixable with --unsafe-fixes.\n")
    assert result.exit_code == 0  # what is left is a warning


def test_unsafe_fixes_apply_both_and_a_second_fix_changes_nothing(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    first = run("--fix", "--unsafe-fixes", "a.txt")
    assert (folder / "a.txt").read_text() == ALL_FIXED
    assert first.exit_code == 0 and first.output.endswith("checked: no problems found.\nFixed 2 problems.\n")
    second = run("--fix", "--unsafe-fixes", "a.txt")
    assert (folder / "a.txt").read_text() == ALL_FIXED and "Fixed" not in second.output


def test_with_unsafe_fixes_the_report_marks_unsafe_fixes_too(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    result = run("--unsafe-fixes", "a.txt")
    assert "DK211 [*] [warning]" in result.output and result.output.endswith("[*] 2 fixable with --fix.\n")


def test_crlf_bom_and_permissions_are_kept(fixes, folder):
    path = folder / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + LABEL.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    run("--fix", "--unsafe-fixes", "a.txt")
    assert path.read_bytes() == b"\xef\xbb\xbf" + ALL_FIXED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_utf16_file_is_written_back_as_utf16(fixes, folder):
    path = folder / "a.txt"
    path.write_bytes(b"\xff\xfe" + LABEL.encode("utf-16-le"))
    run("--fix", "a.txt")
    assert path.read_bytes() == b"\xff\xfe" + FIXED.encode("utf-16-le")


def test_diff_prints_the_change_writes_nothing_and_exits_1(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    result = CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "--diff", "a.txt"])
    assert result.exit_code == 1
    assert result.stdout == ("--- a.txt\n+++ a.txt\n@@ -1,4 +1,4 @@\n-Nutrition Facts\n+Supplement Facts\n"
                             " Serving Size 1 Capsule\n Amount Per Serving\n Vitamin C 60 mg 67%\n")
    assert result.stderr == "Would fix 1 problem in 1 file.\n"
    assert (folder / "a.txt").read_text() == LABEL
    (folder / "a.txt").write_text(FIXED)
    clean = CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "--diff", "a.txt"])
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "", "Would fix 0 problems.\n")


def test_fix_only_fixes_reports_the_count_and_exits_0(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    (folder / "b.txt").write_text(LABEL)
    result = run("--fix-only", ".")
    assert (result.exit_code, result.output) == (0, "Fixed 2 problems in 2 files.\n")
    assert (folder / "a.txt").read_text() == FIXED == (folder / "b.txt").read_text()


def test_a_suppressed_finding_is_not_fixed(fixes, folder):
    text = "# dklint: ignore[DK201] the carton is printed by the importer\n" + LABEL
    (folder / "a.txt").write_text(text)
    result = run("--fix", "a.txt")
    assert (folder / "a.txt").read_text() == text and "Fixed" not in result.output


@pytest.mark.parametrize("how", [["--ignore", "DK201"], ["--select", "DK211"]])
def test_a_code_the_run_does_not_report_is_not_fixed(fixes, folder, how):
    (folder / "a.txt").write_text(LABEL)
    run("--fix", *how, "a.txt")
    assert (folder / "a.txt").read_text() == LABEL


def test_per_file_ignores_keep_their_files_unfixed(fixes, folder):
    (folder / "dklint.toml").write_text('[per-file-ignores]\n"old/*.txt" = ["DK201"]\n')
    (folder / "old").mkdir()
    (folder / "old" / "a.txt").write_text(LABEL)
    (folder / "b.txt").write_text(LABEL)
    CliRunner().invoke(cli, ["check", "--no-cache", "--fix", "."], catch_exceptions=False)
    assert (folder / "old" / "a.txt").read_text() == LABEL and (folder / "b.txt").read_text() == FIXED


def test_config_fix_and_unsafe_fixes_and_no_fix_overrides_them(fixes, folder):
    (folder / "dklint.toml").write_text("fix = true\nunsafe-fixes = true\n")
    (folder / "a.txt").write_text(LABEL)
    CliRunner().invoke(cli, ["check", "--no-cache", "--no-fix", "a.txt"], catch_exceptions=False)
    assert (folder / "a.txt").read_text() == LABEL
    CliRunner().invoke(cli, ["check", "--no-cache", "--no-unsafe-fixes", "a.txt"], catch_exceptions=False)
    assert (folder / "a.txt").read_text() == FIXED
    CliRunner().invoke(cli, ["check", "--no-cache", "a.txt"], catch_exceptions=False)
    assert (folder / "a.txt").read_text() == ALL_FIXED


def test_a_bad_fix_value_in_the_config_is_a_mistake_in_use(folder):
    (folder / "dklint.toml").write_text('fix = "yes"\n')
    (folder / "a.txt").write_text(LABEL)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "a.txt"], catch_exceptions=False)
    assert result.exit_code == 2 and "fix" in result.output


def test_the_result_cache_does_not_answer_for_a_fixed_file(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    cache = ["--isolated", "-j", "1", "--cache-dir", str(folder / "cache")]
    before = CliRunner().invoke(cli, ["check", *cache, "a.txt"], catch_exceptions=False)
    assert "DK201" in before.output
    after = CliRunner().invoke(cli, ["check", *cache, "--fix", "a.txt"], catch_exceptions=False)
    assert "DK201" not in after.output and "Fixed 1 problem." in after.output
    again = CliRunner().invoke(cli, ["check", *cache, "a.txt"], catch_exceptions=False)
    assert "DK201" not in again.output and "DK211" in again.output


def test_catalogs_and_stdin_are_checked_not_fixed(fixes, folder):
    record = json.dumps({"id": "SKU-1", "label_text": LABEL})
    (folder / "c.jsonl").write_text(record + "\n")
    result = run("--fix", "c.jsonl")
    assert (folder / "c.jsonl").read_text() == record + "\n" and "DK201" in result.output
    piped = run("--fix", "--stdin-filename", "in.txt", "-", input=LABEL)
    assert "in.txt:1:1: DK201" in piped.output


def test_json_and_sarif_reports_after_fix_have_no_fix_for_what_was_fixed(fixes, folder):
    (folder / "a.txt").write_text(LABEL)
    result = run("--fix", "--format", "json", "a.txt")
    findings = json.loads(result.output)["findings"]
    assert [f["code"] for f in findings] == ["DK211"] and findings[0]["fix"]["applicability"] == "unsafe"
