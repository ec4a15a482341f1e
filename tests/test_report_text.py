"""The text report: caret placement, colour, summaries, statistics, streaming."""

from __future__ import annotations

import pytest

from dklint.findings import InputResult
from dklint.report.text import Style, clip, format_finding
from tests.test_report_cases import D3_LINE, finding, rendered, sample_run, written_before_each


def block(source_line: str, column: int, end_column: int, end_line: int = 1) -> tuple[str, str]:
    """(source line, caret line) as printed, without the gutter."""
    located = finding("DK101", "warning", "m", "a.txt", 1, column, end_column, source_line, end_line=end_line)
    lines = format_finding(located, Style(False)).splitlines()
    return lines[1].split(" | ", 1)[1], lines[2].split(" | ", 1)[1]


def cells_before_caret(caret: str) -> int:
    return len(caret) - len(caret.lstrip(" "))


def test_caret_after_non_ascii_characters() -> None:
    column = D3_LINE.index("125") + 1
    source, caret = block(D3_LINE, column, column + 7)
    assert source == D3_LINE
    assert any(ord(ch) > 127 for ch in D3_LINE[:column])
    assert caret == " " * (column - 1) + "^" + "~" * 6


def test_caret_after_wide_characters() -> None:
    line = "维生素D3 50 µg"  # each CJK character takes two terminal cells
    column = line.index("50") + 1
    _, caret = block(line, column, column + 2)
    assert cells_before_caret(caret) == 6 + len("D3 ") and caret.strip() == "^~"


def test_caret_after_combining_marks() -> None:
    line = "Vitamine\u0301 D3 25 mcg"  # e + combining acute: two code points, one cell
    column = line.index("D3") + 1
    _, caret = block(line, column, column + 2)
    assert cells_before_caret(caret) == len("Vitaminé ")


def test_tabs_are_kept_so_tab_stops_match() -> None:
    _, caret = block("\tVitamin D3", 10, 12)
    assert caret == "\t        ^~"


def test_empty_span_gets_a_single_caret() -> None:
    _, caret = block("Vitamin D3", 9, 9)
    assert caret == "        ^"


def test_span_over_several_lines_underlines_to_the_end_of_the_first() -> None:
    _, caret = block("Vitamin D3", 9, 3, end_line=2)
    assert caret == "        ^~"


def test_column_past_the_end_of_the_line() -> None:
    _, caret = block("abc", 4, 4)
    assert caret == "   ^"


def test_long_lines_are_shown_as_a_window_around_the_column() -> None:
    line = "x" * 500 + "Vitamin D3" + "y" * 500
    start = 500
    shown, s, e = clip(line, start, start + 10)
    assert len(shown) <= 162 and shown.startswith("…") and shown.endswith("…")
    assert shown[s:e] == "Vitamin D3"
    source, caret = block(line, start + 1, start + 11)
    assert source[cells_before_caret(caret):].startswith("Vitamin D3")


def test_control_characters_cannot_reach_the_terminal() -> None:
    source, caret = block("\x1b[2Jevil D3", 10, 12)
    assert "\x1b" not in source and caret == "         ^~"


def test_multi_line_message_stays_on_the_finding_line() -> None:
    out = rendered("text")
    assert 'specs/product.json:4:17: DK103 [error] Daily 250 mcg > UL: 100%, see "a,b" second line <&>' in out


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in rendered("text")
    coloured = rendered("text", run=sample_run(color=True))
    assert "\x1b[1;33m[warning]\x1b[0m" in coloured and "\x1b[1;31m[error]\x1b[0m" in coloured


def test_hidden_findings_and_unchecked_inputs_in_the_summary() -> None:
    out = rendered("text")
    assert "Suppressed here" not in out and "Old problem" not in out
    assert out.endswith(
        "not checked: labels/broken.txt (not valid UTF-8 at byte 12)\n"
        "not checked: labels/gone.txt (file vanished before it was read)\n"
        "Found 5 problems (2 errors, 2 warnings, 1 info) in 4 of 6 inputs.\n"
        "Not shown: 1 suppressed finding, 1 finding unchanged since the baseline.\n")


@pytest.mark.parametrize("results, summary", [
    ([InputResult("a.txt", "label"), InputResult("b.txt", "label")], "All 2 inputs checked: no problems found.\n"),
    ([InputResult("a.txt", "label")], "All 1 input checked: no problems found.\n"),
    ([], "No inputs to check.\n"),
    ([InputResult("a.txt", "label"), InputResult("b.txt", "unknown", checked=False)],
     "not checked: b.txt (could not be checked)\nNo problems found in 1 of 2 inputs; 1 not checked.\n"),
    ([InputResult("a.txt", "label", findings=[finding("DK101", "warning", "m", "a.txt", 1, 1, 2, "")])],
     "a.txt:1:1: DK101 [warning] m\n\nFound 1 problem (0 errors, 1 warning, 0 info) in 1 of 1 input.\n"),
])
def test_summaries(results, summary: str) -> None:
    assert rendered("text", results, run=sample_run(notifications=[])) == summary


def test_statistics_table_by_count_then_code() -> None:
    out = rendered("text", run=sample_run(statistics=True))
    table = out.split("\n\n")[-1].splitlines()
    assert table[0].split() == ["Code", "Name", "Count"]
    assert [row.split() for row in table[1:]] == [
        ["DK101", "vitamin-d-without-k2", "2"], ["DK001", "unreadable-input", "1"],
        ["DK103", "vitamin-d-above-upper-limit", "1"], ["DK124", "k2-form-unspecified", "1"]]


def test_findings_are_written_as_results_arrive() -> None:
    seen = written_before_each("text")
    assert "DK101" not in seen[1] and "labels/d3 k2.txt:3:36: DK101" in seen[2]
