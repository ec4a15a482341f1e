"""Moving a line (DK210's fix): whole-line edits and copies made plain, the rows that stand alone on their
line, fixing until the panel is in order, and ``dklint check --unsafe-fixes --fix`` through click."""

from __future__ import annotations

import difflib
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.engine.check import parse
from dklint.engine.line_edits import plain_fix
from dklint.findings import Edit, Fix
from dklint.inputs.read import source_from_bytes
from dklint.rules.loader import RuleLoadError, load_rule_file
from dklint.source import Span
from dklint.testing.fixtures import strip_markers
from dklint.testing.selftest import fixed, fixes_for
from tests.conftest import edited_rule, line_of


def at(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def point(offset: int) -> Span:
    return Span(offset, offset)


def moved(text: str, row: str, destination: Span) -> Fix | None:
    """The plain fix that moves the line holding ``row`` to ``destination`` (both widened to lines)."""
    return plain_fix(Fix("move", "unsafe", (Edit(at(text, row), "", whole_lines=True),
                                            Edit(destination, "", copy=at(text, row), whole_lines=True))), text)


# -- whole lines and copies, made plain ------------------------------------------------------------

def test_a_line_moves_before_a_line_whose_content_the_place_starts():
    text = "a\n  b\nc\n"
    fix = moved(text, "c", point(text.index("b")))
    assert fix.edits == (Edit(Span(6, 8), ""), Edit(Span(2, 2), "c\n"))


def test_a_place_after_written_text_inserts_after_the_line_and_a_tables_rule_counts_as_nothing_written():
    text = "| a | 1 |\n| b | 2 |\nc\n"
    assert moved(text, "c", point(text.index("a"))).edits[1] == Edit(Span(0, 0), "c\n")
    assert moved(text, "c", point(text.index("1"))).edits[1] == Edit(Span(10, 10), "c\n")


def test_a_lines_dklint_comments_move_with_it_and_an_insertion_goes_above_the_comments_of_its_line():
    text = "A\n# dklint: ignore[DK203] rounded\n\nB\nC\n# dklint: ignore[DK205] why\nZ\n"
    fix = moved(text, "Z", point(text.index("B")))
    comment_z = text.index("# dklint: ignore[DK205]")
    assert fix.edits == (Edit(Span(comment_z, len(text)), ""),
                         Edit(Span(2, 2), "# dklint: ignore[DK205] why\nZ\n"))


def test_the_last_line_without_a_break_keeps_having_none():
    text = "a\nb\nc"
    assert moved(text, "c", point(0)).edits == (Edit(Span(3, 5), ""), Edit(Span(0, 0), "c\n"))
    assert moved(text, "a", point(len(text))).edits == (Edit(Span(0, 2), ""), Edit(Span(5, 5), "\na"))


def test_a_copy_without_whole_lines_copies_the_span_only():
    text = "Zinc 11 mg"
    fix = plain_fix(Fix("t", "safe", (Edit(Span(0, 0), " (as above)", copy=Span(5, 10)),)), text)
    assert fix.edits == (Edit(Span(0, 0), "11 mg (as above)"),)


def test_edits_that_overlap_once_widened_give_no_fix_and_plain_fixes_pass_unchanged():
    text = "Vitamin A 900 mcg 100%\n"
    assert plain_fix(Fix("t", "safe", (Edit(Span(0, 7), "", whole_lines=True), Edit(Span(10, 13), "x"))), text) is None
    plain = Fix("t", "safe", (Edit(Span(0, 7), "Vit. A"),))
    assert plain_fix(plain, text) is plain


# -- rows alone on their line ----------------------------------------------------------------------

def test_rows_alone_on_their_line_and_rows_sharing_it_or_spread_over_two():
    text = ("Supplement Facts\nServing Size: 1 Tablet\nAmount Per Serving   % Daily Value\n"
            "Vitamin C (as ascorbic acid) 90 mg 100%\n"
            "| Zinc (as zinc citrate) | 11 mg | 100% |\n"
            "Vitamin D3 20 mcg (800 IU) 100%     Calcium 200 mg 15%\n"
            "Vitamin E 15 mg\n100%\n"
            "Vitamin K1 & K2 120 mcg 100%\n"
            "Folate 400 mcg DFE 100%\n(240 mcg folic acid)\n"
            "Vitamin B12 (as\nmethylcobalamin) 2.4 mcg 100%\n"
            "Proprietary Blend 500 mg *\n  Choline 50 mg\n"
            "Iodine 150 mcg 100% # note\n"
            "Selenium 55 mcg 100%\n")
    label = parse(source_from_bytes(text.encode(), "x.txt")).label
    assert [(row.name.split(" (")[0], row.line_alone) for row in label.ingredients if not row.in_blend] == [
        ("Vitamin C", True), ("Zinc", True), ("Vitamin D3", False), ("Calcium", False), ("Vitamin E", False),
        ("Vitamin K1 & K2", False), ("Vitamin K1 & K2", False), ("Folate", False), ("Vitamin B12", False),
        ("Proprietary Blend", False), ("Iodine", False), ("Selenium", True)]


# -- fixing until nothing is left -------------------------------------------------------------------

PANEL = "Supplement Facts\nServing Size: 1 Tablet\nAmount Per Serving  % Daily Value\n"
IN_ORDER = ["Vitamin A 300 mcg 33%", "Vitamin C 90 mg 100%", "Vitamin D 20 mcg 100%", "Vitamin E 15 mg 100%",
            "Vitamin K 120 mcg 100%", "Thiamin 1.2 mg 100%", "Riboflavin 1.3 mg 100%", "Niacin 16 mg 100%",
            "Vitamin B6 1.7 mg 100%", "Folate 400 mcg DFE 100%", "Vitamin B12 2.4 mcg 100%", "Biotin 30 mcg 100%",
            "Calcium 200 mg 15%", "Iron 9 mg 50%", "Iodine 150 mcg 100%", "Magnesium 42 mg 10%", "Zinc 11 mg 100%",
            "Selenium 55 mcg 100%", "Copper 0.9 mg 100%", "Manganese 2.3 mg 100%", "Chromium 35 mcg 100%"]


@pytest.mark.parametrize("seed", range(25))
def test_fixing_until_nothing_is_left_puts_a_shuffled_panel_in_order(ruleset, seed):
    rnd = random.Random(seed)
    rows = rnd.sample(IN_ORDER, rnd.randint(3, 12))
    text = PANEL + "\n".join(rows) + "\nOther ingredients: cellulose.\n"
    after = fixed(ruleset, ruleset.get("DK210"), text)
    assert after == PANEL + "\n".join(r for r in IN_ORDER if r in rows) + "\nOther ingredients: cellulose.\n"
    assert fixes_for(ruleset, ruleset.get("DK210"), after) == []


def test_rows_bound_for_one_place_move_one_a_pass(ruleset):
    text = PANEL + "Zinc 11 mg 100%\nVitamin C 90 mg 100%\nVitamin E 15 mg 100%\nCalcium 200 mg 15%\nVitamin A 300 mcg 33%\n"
    first = fixes_for(ruleset, ruleset.get("DK210"), text)
    assert [fix.title for fix in first] == ["move the zinc row after calcium", "move the vitamin A row before vitamin C"]
    # vitamin A goes where zinc's line ends: it waits for the next pass, computed afresh
    assert fixed(ruleset, ruleset.get("DK210"), text) == PANEL + (
        "Vitamin A 300 mcg 33%\nVitamin C 90 mg 100%\nVitamin E 15 mg 100%\nCalcium 200 mg 15%\nZinc 11 mg 100%\n")


# -- the command line ------------------------------------------------------------------------------

TWO_MISPLACED = ("Supplement Facts\nServing Size: 2 Tablets\nAmount Per Serving    % Daily Value\n"
                 "Calcium (as calcium carbonate)  260 mg  20%\n"
                 "Vitamin D3 (as cholecalciferol)  20 mcg (800 IU)  100%\n"
                 "Magnesium (as magnesium oxide)  42 mg  10%\n"
                 "Zinc (as zinc citrate)  11 mg  100%\n"
                 "Vitamin C (as ascorbic acid)  90 mg  100%\n"
                 "Other ingredients: cellulose, stearic acid.\n")


def run(*args: str):
    return CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-j", "1", "--select", "DK210", *args],
                              catch_exceptions=False)


def test_unsafe_fixes_move_the_two_rows_and_only_their_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "label.txt"
    path.write_bytes(TWO_MISPLACED.replace("\n", "\r\n").encode())
    found = json.loads(run("--format", "json", "label.txt").stdout)["findings"]
    assert [(f["code"], f["location"]["line"], f["fix"]["applicability"]) for f in found] == [
        ("DK210", 4, "unsafe"), ("DK210", 8, "unsafe")]
    result = run("--unsafe-fixes", "--fix", "label.txt")
    after = path.read_bytes().decode()
    assert "\n" not in after.replace("\r\n", "")  # CRLF kept
    assert "DK210" not in run("label.txt").stdout
    diff = [line for line in difflib.ndiff(TWO_MISPLACED.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert diff == ["+ Vitamin C (as ascorbic acid)  90 mg  100%",
                    "+ Vitamin D3 (as cholecalciferol)  20 mcg (800 IU)  100%",
                    "- Vitamin D3 (as cholecalciferol)  20 mcg (800 IU)  100%",
                    "- Vitamin C (as ascorbic acid)  90 mg  100%"]
    assert after.splitlines()[3:8] == ["Vitamin C (as ascorbic acid)  90 mg  100%",
                                       "Vitamin D3 (as cholecalciferol)  20 mcg (800 IU)  100%",
                                       "Calcium (as calcium carbonate)  260 mg  20%",
                                       "Magnesium (as magnesium oxide)  42 mg  10%", "Zinc (as zinc citrate)  11 mg  100%"]
    assert result.exit_code == 0
    run("--unsafe-fixes", "--fix", "label.txt")
    assert path.read_bytes().decode() == after  # nothing left to move


def test_safe_fixes_alone_do_not_move_rows_and_the_diff_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "label.txt"
    path.write_text(TWO_MISPLACED, encoding="utf-8")
    safe = run("--fix", "label.txt")
    assert path.read_text(encoding="utf-8") == TWO_MISPLACED
    assert safe.stdout.splitlines()[-1] == "2 more fixable with --unsafe-fixes."
    assert safe.exit_code == 0  # DK210 is info
    diff = run("--unsafe-fixes", "--diff", "label.txt")
    assert diff.exit_code == 1 and path.read_text(encoding="utf-8") == TWO_MISPLACED
    assert "-Vitamin C (as ascorbic acid)  90 mg  100%" in diff.stdout.splitlines()
    assert "+Vitamin C (as ascorbic acid)  90 mg  100%" in diff.stdout.splitlines()


def test_a_copy_naming_an_unknown_place_is_a_load_error_at_its_line(tmp_path):
    path, text = edited_rule(tmp_path, "fda-panel/DK210-nutrient-order.yaml", "copy: row", "copy: rows")
    with pytest.raises(RuleLoadError) as caught:
        load_rule_file(path, "fda-panel")
    line = line_of(text, "copy: rows")
    assert caught.value.problems == [f'{path}:{line}: fix.edits.1: unknown place "rows" '
                                     "(known: amount, block, destination, dv, end, finding, name, row, unit)"]


@pytest.mark.parametrize(("fixture", "row", "before"), [
    ("nutrient-order-multivitamin-spaces.txt", "Vitamin A (as beta-carotene)", "Vitamin C (as ascorbic acid)"),
    ("nutrient-order-pipes.txt", "| Vitamin D3 (as cholecalciferol)", "| Calcium (as calcium citrate)"),
])
def test_the_fixtures_out_of_order_are_put_in_order(tmp_path, monkeypatch, fixture, row, before):
    monkeypatch.chdir(tmp_path)
    text = strip_markers((Path(__file__).resolve().parents[1] / "fixtures" / "labels" / fixture).read_text(encoding="utf-8"))[0]
    (tmp_path / fixture).write_text(text, encoding="utf-8")
    run("--unsafe-fixes", "--fix", fixture)
    lines = (tmp_path / fixture).read_text(encoding="utf-8").splitlines()
    moved_line = next(line for line in text.splitlines() if line.startswith(row))
    assert lines.index(moved_line) + 1 == next(i for i, line in enumerate(lines) if line.startswith(before))
    assert sorted(lines) == sorted(text.splitlines())  # the same lines, one of them moved
    assert "DK210" not in run(fixture).stdout
