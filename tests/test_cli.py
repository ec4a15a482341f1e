"""``dklint check`` options: several reports in one run, stdin, statistics, colour, exit codes; ``dklint rule``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.cli.options import FORMATS, CheckOptions, OptionError, Output, outputs
from dklint.cli.reports import use_color
from dklint.report import REPORTERS

LABEL = ("Supplement Facts\nServing Size: 1 Softgel\nAmount Per Serving    % Daily Value\n"
         "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%\n")
K2_LABEL = "Supplement Facts\nServing Size: 1 Tablet\nVitamin K2 (as MK-7) 100 mg\n"
SELECT = ["--isolated", "--select", "DK101", "--select", "DK103", "--select", "DK120"]


@pytest.fixture
def labels(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d3.txt").write_text(LABEL)
    (tmp_path / "k2.txt").write_text(K2_LABEL)
    return tmp_path


def check(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["check", *SELECT, *args], input=input, catch_exceptions=False)


def test_the_format_list_is_the_reporter_registry():
    assert set(FORMATS) == set(REPORTERS)


def test_outputs_parse_format_and_file():
    options = CheckOptions(output_formats=("sarif=out/dklint.sarif", "TEXT"))
    assert outputs(options) == [Output("sarif", Path("out/dklint.sarif")), Output("text", None)]
    assert outputs(CheckOptions()) == [Output("text", None)]
    assert outputs(CheckOptions(output_format="json", output=Path("r.json"), output_formats=("github",))) == [
        Output("json", Path("r.json")), Output("github", None)]


@pytest.mark.parametrize(("options", "message"), [
    (CheckOptions(output_formats=("sarf=x.sarif",)),
     '--output-format: unknown format "sarf" (did you mean "sarif"?) (known: text, json, jsonl, sarif, github, junit, gitlab, html)'),
    (CheckOptions(output_formats=("sarif=",)), '--output-format: "sarif=" names no file after "="'),
    (CheckOptions(output_formats=("json", "github")),
     "only one report can go to stdout, got 2 (json, github): give the others a file, like sarif=dklint.sarif"),
    (CheckOptions(output_format="json", output_formats=("text",)),
     "only one report can go to stdout, got 2 (json, text): give the others a file, like sarif=dklint.sarif"),
    (CheckOptions(output_formats=("json=a.json", "sarif=./a.json")), "two reports would be written to the same file"),
])
def test_output_mistakes(options, message):
    with pytest.raises(OptionError) as raised:
        outputs(options)
    assert str(raised.value) == message


def test_several_reports_in_one_run(labels):
    result = check("d3.txt", "k2.txt", "--output-format", "sarif=reports/dklint.sarif",
                   "--output-format", "text", "--output-format", "json=reports/dklint.json")
    assert result.exit_code == 1
    assert result.output.startswith("d3.txt:4:1: DK101 [warning]")
    assert result.output.splitlines()[-2:] == ["Found 3 problems (1 error, 2 warnings, 0 info) in 2 of 2 inputs.",
                                               "1 more fixable with --unsafe-fixes."]
    sarif = json.loads((labels / "reports" / "dklint.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DK101", "DK103", "DK120"]
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 1
    report = json.loads((labels / "reports" / "dklint.json").read_text())
    assert [f["code"] for f in report["findings"]] == ["DK101", "DK103", "DK120"]


def test_format_and_output_shorthand_still_work(labels):
    result = check("k2.txt", "-f", "github", "-o", "annotations.txt")
    assert (result.exit_code, result.output) == (1, "")
    assert (labels / "annotations.txt").read_text().startswith("::error file=k2.txt,line=3,col=1,")


def test_the_run_does_not_check_its_own_report_and_baseline_files(labels):
    for _ in range(2):
        assert check(".", "--output-format", "json=report.json", "--write-baseline", "baseline.json").exit_code == 0
    again = json.loads((labels / "report.json").read_text())
    assert sorted({f["path"] for f in again["findings"]}) == ["d3.txt", "k2.txt"]


def test_stdin_with_a_filename(labels):
    result = check("-", "--stdin-filename", "labels/d3.txt", "-f", "json", input=LABEL)
    assert [(f["path"], f["code"]) for f in json.loads(result.output)["findings"]] == [
        ("labels/d3.txt", "DK101"), ("labels/d3.txt", "DK103")]
    assert result.exit_code == 0


def test_statistics_count_per_rule(labels):
    result = check("d3.txt", "k2.txt", "--statistics")
    assert result.output.splitlines()[-4:] == [
        "Code   Name                         Count",
        "DK101  vitamin-d-without-k2             1",
        "DK103  vitamin-d-above-upper-limit      1",
        "DK120  mk7-dose-unit-error              1",
    ]


def test_fail_on_and_exit_zero(labels):
    assert check("d3.txt").exit_code == 0
    assert check("d3.txt", "--fail-on", "warning").exit_code == 1
    assert check("k2.txt").exit_code == 1
    assert check("k2.txt", "--exit-zero").exit_code == 0
    assert check("k2.txt", "--fail-on", "never").exit_code == 0
    assert check("k2.txt", "--ignore", "DK110, DK120").exit_code == 0


def test_errors_in_use_are_exit_2_without_a_traceback(labels):
    missing = check("nope.txt")
    assert (missing.exit_code, missing.output) == (2, "dklint: no such file or directory: nope.txt\n")
    unknown = check("d3.txt", "--select", "DK1O1")
    assert unknown.exit_code == 2 and unknown.output.startswith('dklint: unknown rule code or prefix "DK1O1"')
    two = check("d3.txt", "--output-format", "json", "--output-format", "text")
    assert two.exit_code == 2 and two.output.startswith("dklint: only one report can go to stdout")


def test_suppressed_findings_do_not_fail_the_run_and_are_not_shown(labels):
    (labels / "k2.txt").write_text(K2_LABEL.replace("Vitamin K2", "# dklint: ignore[DK120] 100 mg is a typo in the "
                                                    "source file; the printed label says mcg\nVitamin K2"))
    result = check("k2.txt")
    assert result.exit_code == 0
    assert result.output == "All 1 input checked: no problems found.\nNot shown: 1 suppressed finding.\n"
    sarif = json.loads(check("k2.txt", "-f", "sarif").output)
    assert sarif["runs"][0]["results"][0]["suppressions"] == [
        {"kind": "inSource", "justification": "100 mg is a typo in the source file; the printed label says mcg"}]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_color(Terminal(), no_color=False) is True
    assert use_color(io.StringIO(), no_color=False) is False
    assert use_color(Terminal(), no_color=True) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(Terminal(), no_color=False) is False


def test_reports_written_to_files_are_never_coloured(labels, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    check("d3.txt", "-o", "report.txt")
    assert "\x1b[" not in (labels / "report.txt").read_text()
    assert "\x1b[" in check("d3.txt").output


def test_rule_in_three_formats():
    runner = CliRunner()
    markdown = runner.invoke(cli, ["rule", "dk101"])
    assert markdown.exit_code == 0 and markdown.output.startswith("# DK101 vitamin-d-without-k2\n")
    text = runner.invoke(cli, ["rule", "DK101", "--format", "text"])
    assert text.output.startswith("DK101 vitamin-d-without-k2\n==========================\n")
    assert "**" not in text.output and "```" not in text.output
    data = json.loads(runner.invoke(cli, ["rule", "DK101", "--format", "json"]).output)
    assert (data["code"], data["name"], data["pack"]) == ("DK101", "vitamin-d-without-k2", "dk2")
    assert set(data) >= {"severity", "summary", "rationale", "citation", "url", "params", "examples", "tags"}


def test_unknown_rule_is_exit_2_with_a_suggestion():
    result = CliRunner().invoke(cli, ["rule", "DK1O1"])
    assert (result.exit_code, result.output) == (2, 'Error: unknown rule "DK1O1" (did you mean "DK101"?)\n')


def test_reports_written_after_the_run_each_get_a_bar_of_their_own(tmp_path):
    from dklint.cli.progress import Progress
    from dklint.cli.reports import write_reports
    from dklint.findings import InputResult
    from dklint.report.run_info import RunInfo

    bars = []

    def progress(label: str, total: int) -> Progress:
        bars.append((label, total))
        return Progress(total, enabled=False)

    reports = [(Output(format, tmp_path / name), RunInfo()) for format, name in (("jsonl", "r.jsonl"),
                                                                                 ("sarif", "r.sarif"), ("html", "r.html"))]
    results = [InputResult(f"p{i}.txt", "label") for i in range(7)]
    write_reports(reports, iter(results), [], progress)
    assert bars == [("writing r.sarif", 7), ("writing r.html", 7)]  # the first report streams with the check
    assert len(json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["artifacts"]) == 7
