"""The applier: located fixes put into a file's own text and bytes (line breaks, BOM, encoding kept), and the
loop that checks and fixes until nothing is left."""

from __future__ import annotations

import codecs
import re

import pytest

from dklint.findings import Edit, Finding, Fix, InputResult, LocatedEdit, LocatedFix, locate
from dklint.fix.apply import apply_fixes, file_text, line_break
from dklint.fix.files import unified_diff
from dklint.fix.loop import MAX_PASSES, fix_bytes
from dklint.inputs.read import source_from_bytes
from dklint.source import Span


def one(line, column, end_line, end_column, text, applicability="safe", title="fix"):
    return LocatedFix(title, applicability, (LocatedEdit(line, column, end_line, end_column, text),))


def rewriting(pattern: str, replacement: str, code: str = "DK201", applicability: str = "safe"):
    """A check whose findings are every match of ``pattern`` in the text dklint reads from the bytes, each with a
    fix to ``replacement``, located by dklint's own ``locate`` (so positions are what real findings carry)."""

    def check(data: bytes) -> InputResult:
        source = source_from_bytes(data, "label.txt")
        findings = [locate(Finding(code, "error", "m", Span(m.start(), m.end()),
                                   fix=Fix("rewrite", applicability, (Edit(Span(m.start(), m.end()), replacement),))),
                           source, "name")
                    for m in re.finditer(pattern, source.text)]
        return InputResult("label.txt", "label", findings=findings)

    return check


def fixed(data: bytes, check, unsafe: bool = False) -> bytes:
    return fix_bytes(data, check, lambda f: unsafe or f.fix.applicability == "safe").data


# -- positions in the file's own text ----------------------------------------------------------------

def test_a_replacement_on_the_first_line():
    assert apply_fixes("Nutrition Facts\nVitamin C\n", [one(1, 1, 1, 10, "Supplement")]).text == "Supplement Facts\nVitamin C\n"


def test_crlf_lines_stay_crlf_and_an_inserted_line_break_is_crlf():
    text = "Supplement Facts\r\nVitamin D 5,000 IU\r\n"
    done = apply_fixes(text, [one(2, 11, 2, 19, "125 mcg\n(5,000 IU)")])
    assert done.text == "Supplement Facts\r\nVitamin D 125 mcg\r\n(5,000 IU)\r\n"


def test_lone_cr_line_breaks_count_as_lines_as_dklint_reads_them():
    text = "Title\rVitamin D 5,000 IU\rEnd\r"
    assert apply_fixes(text, [one(2, 11, 2, 19, "125 mcg (5,000 IU)")]).text == "Title\rVitamin D 125 mcg (5,000 IU)\rEnd\r"
    assert line_break(text) == "\r"


def test_the_dominant_line_break_is_used_for_inserted_lines():
    assert line_break("a\r\nb\r\nc\n") == "\r\n"
    assert line_break("a\nb\r\n") == "\n"  # a tie goes to LF
    assert line_break("no break") == "\n"


def test_replacing_a_crlf_line_break_replaces_both_characters():
    # the normalised text's one "\n" at 1:4 is "\r\n" in the file: the end at 2:1 is past both
    assert apply_fixes("abc\r\ndef\r\n", [one(1, 4, 2, 1, " ")]).text == "abc def\r\n"


def test_columns_count_code_points_with_micro_sign_emoji_and_tabs():
    text = "Vitamin\tB12 😀 500 µg\tdaily\n"
    assert text.index("µg") == 18  # the emoji is one code point (two UTF-16 units, four UTF-8 bytes)
    done = apply_fixes(text, [one(1, 19, 1, 21, "mcg")])
    assert done.text == "Vitamin\tB12 😀 500 mcg\tdaily\n"


def test_insertion_at_the_end_of_the_file_with_and_without_a_final_line_break():
    assert apply_fixes("a\r\nb\r\n", [one(3, 1, 3, 1, "Other ingredients: gelatin.\n")]).text == \
        "a\r\nb\r\nOther ingredients: gelatin.\r\n"
    assert apply_fixes("a\nb", [one(2, 2, 2, 2, "\nc")]).text == "a\nb\nc"


def test_positions_the_text_does_not_have_make_the_fix_invalid():
    done = apply_fixes("ab\ncd\n", [one(5, 1, 5, 2, "x"), one(1, 4, 1, 4, "x"), one(1, 0, 1, 1, "x"), one(2, 2, 1, 1, "x")])
    assert done.applied == () and done.invalid == (0, 1, 2, 3) and done.text == "ab\ncd\n"


def test_a_fix_is_all_or_nothing_and_overlapping_edits_inside_one_fix_make_it_invalid():
    bad = LocatedFix("two", "safe", (LocatedEdit(1, 1, 1, 4, "x"), LocatedEdit(1, 3, 1, 5, "y")))
    good = LocatedFix("two", "safe", (LocatedEdit(1, 1, 1, 2, "A"), LocatedEdit(1, 4, 1, 5, "D")))
    done = apply_fixes("abcde", [bad, good])
    assert (done.text, done.applied, done.invalid) == ("AbcDe", (1,), (0,))


def test_an_insertion_at_the_start_of_a_replaced_range_within_one_fix_goes_first():
    fix = LocatedFix("t", "safe", (LocatedEdit(1, 1, 1, 3, "XY"), LocatedEdit(1, 1, 1, 1, "*")))
    assert apply_fixes("abc", [fix]).text == "*XYc"


def test_overlapping_fixes_the_later_waits_for_the_next_pass():
    fixes = [one(1, 1, 1, 4, "ABC"), one(1, 3, 1, 6, "xyz"), one(1, 8, 1, 8, "!"), one(1, 4, 1, 4, "|")]
    done = apply_fixes("abcdef g", fixes)
    # the third is an insertion right after the untouched space; the fourth touches the end of the first
    assert (done.text, done.applied, done.waiting) == ("ABCdef !g", (0, 2), (1, 3))


def test_two_insertions_at_one_place_do_not_both_go_in_one_pass():
    done = apply_fixes("ab", [one(1, 2, 1, 2, "1"), one(1, 2, 1, 2, "2")])
    assert (done.text, done.applied, done.waiting) == ("a1b", (0,), (1,))


# -- bytes: BOM and encodings ------------------------------------------------------------------------

@pytest.mark.parametrize("bom, codec", [
    (b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_the_encoding_and_bom_are_kept(bom, codec):
    data = bom + "Nutrition Facts\r\nVitamin B12 500 µg 😀\r\n".encode(codec)
    after = fixed(data, rewriting("Nutrition", "Supplement"))
    assert after == bom + "Supplement Facts\r\nVitamin B12 500 µg 😀\r\n".encode(codec)
    assert file_text(after).bom == bom


def test_bytes_dklint_does_not_read_are_left_alone():
    assert file_text(b"\xff\xfe\x00") is None  # an odd-length UTF-16 body does not decode
    data = b"Nutrition Facts \xff\n"
    assert fix_bytes(data, rewriting("Nutrition", "Supplement"), lambda f: True).data == data


# -- the loop ----------------------------------------------------------------------------------------

def test_fixes_repeat_until_none_is_left_and_a_second_run_changes_nothing():
    check = rewriting(r"IU IU", "IU")  # each pass halves a run of IUs: overlapping matches wait
    once = fix_bytes(b"5000 IU IU IU IU IU IU IU IU\n", check, lambda f: True)
    assert once.data == b"5000 IU\n" and once.converged and once.fixed == 7
    again = fix_bytes(once.data, check, lambda f: True)
    assert again.data == once.data and again.fixed == 0


def test_unsafe_fixes_only_when_asked():
    check = rewriting("mg", "mcg", code="DK120", applicability="unsafe")
    assert fixed(b"MK-7 1 mg\n", check) == b"MK-7 1 mg\n"
    assert fixed(b"MK-7 1 mg\n", check, unsafe=True) == b"MK-7 1 mcg\n"


def test_fixes_that_undo_each_other_stop_and_say_so():
    def check(data: bytes) -> InputResult:
        word = "kale" if b"salad" in data else "salad"
        return rewriting("salad|kale", word)(data)

    outcome = fix_bytes(b"salad\n", check, lambda f: True)
    assert not outcome.converged and outcome.data in (b"salad\n", b"kale\n")


def test_a_fix_that_always_makes_another_stops_after_the_most_passes():
    outcome = fix_bytes(b"x\n", rewriting("x", "xx"), lambda f: True)
    # every pass doubles each x: 1 + 2 + ... + 512 fixes in ten passes, then it stops
    assert not outcome.converged and outcome.fixed == 2 ** MAX_PASSES - 1 and outcome.data == b"x" * 2 ** MAX_PASSES + b"\n"


def test_a_finding_not_applicable_is_not_fixed():
    assert fix_bytes(b"Nutrition\n", rewriting("Nutrition", "Supplement"), lambda f: False).fixed == 0


# -- diffs -------------------------------------------------------------------------------------------

def test_unified_diff_of_a_fix():
    diff = unified_diff("a.txt", b"Nutrition Facts\nVitamin C 60 mg", b"Supplement Facts\nVitamin C 60 mg")
    assert diff == ("--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n-Nutrition Facts\n+Supplement Facts\n"
                    " Vitamin C 60 mg\n\\ No newline at end of file\n")
    assert unified_diff("a.txt", b"same\n", b"same\n") == ""
