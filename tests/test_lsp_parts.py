"""The language server's parts, in process: positions in UTF-16, diagnostics, code actions, hover, and how a
document is checked (its config, suppressions, kind). ``tests/test_lsp.py`` drives the server itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol", reason="the language server needs the 'lsp' extra")

from click.testing import CliRunner  # noqa: E402
from lsprotocol import types  # noqa: E402

from dklint.cli import lsp as lsp_command  # noqa: E402
from dklint.cli.main import cli  # noqa: E402
from dklint.findings import Located, LocatedEdit, LocatedFix  # noqa: E402
from dklint.lsp.actions import FIX_ALL_KIND, FIX_ALL_TITLE, UNSAFE_MARK, code_actions, combinable_safe_fixes  # noqa: E402
from dklint.lsp.checking import check_document  # noqa: E402
from dklint.lsp.diagnostics import config_diagnostic, diagnostic  # noqa: E402
from dklint.lsp.hover import hover  # noqa: E402
from dklint.lsp.positions import UTF8, UTF32, DocumentLines, character, units  # noqa: E402
from dklint.lsp.server import document_path, encoding_name  # noqa: E402
from tests.conftest import REPO  # noqa: E402

# A line with a tab, µ (one UTF-16 unit) and an emoji (two) before "2,000 IU", code-point column 15.
D3_LINE = "Vitamin D3\tµ🌞 2,000 IU 250%"
TEXT = f"Supplement Facts\n{D3_LINE}\nOther ingredients: olive oil.\n"


def located(code="DK207", line=2, column=1, end_line=2, end_column=len(D3_LINE) + 1, fix=None, severity="error",
            message="vitamin D is declared as 2,000 IU with no amount in mcg") -> Located:
    return Located(code=code, name="vitamin-d-iu-only", severity=severity, message=message, path="label.txt",
                   line=line, column=column, end_line=end_line, end_column=end_column, source_line=D3_LINE,
                   fingerprint="f" * 32, url=f"https://github.com/dklint/dklint/blob/main/docs/rules/{code}.md",
                   fix=fix)


def replace(title, applicability, *edits) -> LocatedFix:
    return LocatedFix(title, applicability, tuple(LocatedEdit(*edit) for edit in edits))


IU_TO_MCG = replace("Declare vitamin D in mcg", "safe", (2, 15, 2, 23, "50 mcg (2,000 IU)"))


# -- positions -------------------------------------------------------------------------------------

def test_code_units_of_mu_emoji_and_tab():
    assert [units(text) for text in ("µ", "🌞", "\t", "a")] == [1, 2, 1, 1]
    assert [units("µ🌞", encoding) for encoding in (UTF8, UTF32)] == [6, 2]


def test_code_point_columns_become_utf16_characters():
    assert D3_LINE.index("2,000") == 14  # column 15
    assert character(D3_LINE, 15) == 15  # the emoji counts twice
    assert character(D3_LINE, 12) == 11  # before µ: nothing extra
    assert character(D3_LINE, 13) == 12  # after µ, before the emoji
    assert character(D3_LINE, 14) == 14  # after the emoji
    assert character(D3_LINE, 15, UTF8) == 18  # µ is 2 bytes, the emoji 4
    assert character(D3_LINE, 200) == units(D3_LINE)  # past the end: the end of the line


def test_document_lines_handle_crlf_a_bom_and_the_end_of_the_text():
    lines = DocumentLines.of("\ufeffSupplement Facts\r\nµ🌞 line two\r\n")
    assert lines.lines == ("Supplement Facts", "µ🌞 line two", "")
    assert lines.position(1, 1) == (0, 1)  # the editor's text keeps the BOM before dklint's column 1
    assert lines.position(2, 4) == (1, 4)
    assert lines.position(4, 1) == (2, 0)  # one past the last line: the end of the text
    assert lines.inserted("a\nb") == "a\r\nb"
    assert DocumentLines.of("a\rb").newline == "\r" and DocumentLines.of("a\nb\r\n").newline == "\n"


def test_the_agreed_encoding_is_used_by_name():
    assert [encoding_name(kind) for kind in types.PositionEncodingKind] == ["utf-8", "utf-16", "utf-32"]
    assert encoding_name(None) == "utf-16"
    assert DocumentLines.of(TEXT, encoding_name(types.PositionEncodingKind.Utf32)).position(2, 15) == (1, 14)


# -- diagnostics -----------------------------------------------------------------------------------

def test_a_finding_becomes_a_diagnostic_with_the_clis_code_message_and_link():
    found = diagnostic(located(), DocumentLines.of(TEXT))
    assert found.range == types.Range(types.Position(1, 0), types.Position(1, len(D3_LINE) + 1))
    assert (found.code, found.source, found.severity) == ("DK207", "dklint", types.DiagnosticSeverity.Error)
    assert found.message == "vitamin D is declared as 2,000 IU with no amount in mcg"
    assert found.code_description.href == "https://github.com/dklint/dklint/blob/main/docs/rules/DK207.md"


@pytest.mark.parametrize("severity, expected", [("error", types.DiagnosticSeverity.Error),
                                                ("warning", types.DiagnosticSeverity.Warning),
                                                ("info", types.DiagnosticSeverity.Information)])
def test_severities(severity, expected):
    assert diagnostic(located(severity=severity), DocumentLines.of(TEXT)).severity == expected


def test_a_config_problem_is_one_error_on_line_one():
    found = config_diagnostic("/p/dklint.toml:3: unknown key 'selct'", DocumentLines.of(TEXT))
    assert found.range == types.Range(types.Position(0, 0), types.Position(0, len("Supplement Facts")))
    assert found.severity == types.DiagnosticSeverity.Error and found.code is None
    assert found.message.endswith("its config is not usable: /p/dklint.toml:3: unknown key 'selct'")


# -- code actions ----------------------------------------------------------------------------------

CURSOR = types.Range(types.Position(1, 3), types.Position(1, 3))


def test_a_quick_fix_edits_in_utf16_with_the_fix_title():
    lines = DocumentLines.of(TEXT)
    actions = code_actions("file:///l.txt", [located(fix=IU_TO_MCG)], lines, CURSOR)
    quick, fix_all = actions[0], actions[1]
    assert (quick.title, quick.kind, quick.is_preferred) == ("Declare vitamin D in mcg", "quickfix", True)
    assert quick.diagnostics[0].code == "DK207"
    [edit] = quick.edit.changes["file:///l.txt"]
    assert edit.range == types.Range(types.Position(1, 15), types.Position(1, 23))
    assert edit.new_text == "50 mcg (2,000 IU)"
    assert (fix_all.title, fix_all.kind) == (FIX_ALL_TITLE, "quickfix")
    assert [a.kind for a in actions] == ["quickfix", "quickfix", FIX_ALL_KIND]


def test_an_unsafe_fix_says_so_and_is_not_preferred_nor_in_fix_all():
    unsafe = replace("Write mcg for mg", "unsafe", (2, 15, 2, 23, "x"))
    actions = code_actions("file:///l.txt", [located(fix=unsafe)], DocumentLines.of(TEXT), CURSOR)
    assert [(a.title, a.is_preferred) for a in actions] == [("Write mcg for mg" + UNSAFE_MARK, False)]


def test_no_action_away_from_the_finding_but_fix_all_is_there():
    elsewhere = types.Range(types.Position(2, 0), types.Position(2, 1))
    actions = code_actions("file:///l.txt", [located(fix=IU_TO_MCG)], DocumentLines.of(TEXT), elsewhere)
    assert [a.kind for a in actions] == [FIX_ALL_KIND]


def test_only_filters_kinds_hierarchically():
    findings, lines = [located(fix=IU_TO_MCG)], DocumentLines.of(TEXT)
    assert [a.kind for a in code_actions("u", findings, lines, CURSOR, ["source.fixAll"])] == [FIX_ALL_KIND]
    assert [a.kind for a in code_actions("u", findings, lines, CURSOR, ["source"])] == [FIX_ALL_KIND]
    assert [a.kind for a in code_actions("u", findings, lines, CURSOR, ["quickfix"])] == ["quickfix", "quickfix"]
    assert code_actions("u", findings, lines, CURSOR, ["refactor"]) == []


def test_fix_all_takes_safe_fixes_in_file_order_skipping_overlaps():
    title = located(code="DK201", line=1, end_line=1, end_column=17,
                    fix=replace("Title it Supplement Facts", "safe", (1, 1, 1, 17, "Supplement Facts")))
    iu = located(fix=IU_TO_MCG)
    overlapping = located(code="DK203", fix=replace("Recompute %DV", "safe", (2, 20, 2, 26, "250%")))
    touching = located(code="DK208", fix=replace("Touches", "safe", (2, 23, 2, 23, " more")))
    unsafe = located(code="DK120", fix=replace("Unsafe", "unsafe", (3, 1, 3, 2, "o")))
    chosen = combinable_safe_fixes([overlapping, unsafe, iu, touching, title])
    assert [fix.title for fix in chosen] == ["Title it Supplement Facts", "Declare vitamin D in mcg"]
    action = code_actions("u", [title, iu, overlapping, unsafe], DocumentLines.of(TEXT), CURSOR, [FIX_ALL_KIND])[0]
    assert [e.new_text for e in action.edit.changes["u"]] == ["Supplement Facts", "50 mcg (2,000 IU)"]
    assert sorted(d.code for d in action.diagnostics) == ["DK201", "DK207"]


def test_inserted_line_breaks_follow_the_document():
    text = TEXT.replace("\n", "\r\n")
    add = located(code="DK110", fix=replace("Add a warning", "safe", (3, 30, 3, 30, "\nWarning: blood thinners.")))
    action = code_actions("u", [add], DocumentLines.of(text), CURSOR, [FIX_ALL_KIND])[0]
    assert action.edit.changes["u"][0].new_text == "\r\nWarning: blood thinners."


# -- hover -----------------------------------------------------------------------------------------

def test_hover_explains_the_rule(ruleset):
    lines = DocumentLines.of(TEXT)
    shown = hover([located()], ruleset, lines, types.Position(1, 16))
    text = shown.contents.value
    rule = ruleset.get("DK207")
    assert text.startswith("**DK207 vitamin-d-iu-only** (error): vitamin D is declared as 2,000 IU")
    assert rule.summary in text and f"**Why:** {rule.rationale}" in text and f"**Citation:** {rule.citation}" in text
    assert "(https://github.com/dklint/dklint/blob/main/docs/rules/DK207.md)" in text
    assert shown.range.end == types.Position(1, len(D3_LINE) + 1)
    assert hover([located()], ruleset, lines, types.Position(2, 0)) is None


# -- checking a document ---------------------------------------------------------------------------

LABEL = ("Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 (as cholecalciferol) 2,000 IU 250%\n"
         "Other ingredients: olive oil.\nDirections: Take 1 softgel daily with a meal.\n")


def _codes(path: Path, text: str, unsaved: bool = False) -> list[str]:
    return [finding.code for finding in check_document(path, text, unsaved).findings]


def test_the_document_text_is_checked_not_the_file(tmp_path):
    path = tmp_path / "label.txt"
    path.write_text("Our story\n", encoding="utf-8")
    assert _codes(path, LABEL) == ["DK207"]
    assert _codes(tmp_path / "not-saved-yet.txt", LABEL) == ["DK207"]


def test_files_the_project_leaves_out_are_left_alone_unless_unsaved(tmp_path):
    (tmp_path / "dklint.toml").write_text('exclude = ["old"]\n', encoding="utf-8")
    (tmp_path / ".gitignore").write_text("scratch/\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    for folder in ("old", "scratch", "node_modules", "labels"):
        (tmp_path / folder).mkdir()
    assert _codes(tmp_path / "old" / "a.txt", LABEL) == []
    assert _codes(tmp_path / "scratch" / "a.txt", LABEL) == []
    assert _codes(tmp_path / "node_modules" / "a.txt", LABEL) == []
    assert _codes(tmp_path / "labels" / "a.md", LABEL) == []  # not a suffix dklint reads
    assert _codes(tmp_path / "labels" / "a.txt", LABEL) == ["DK207"]
    assert _codes(tmp_path / "Untitled-1", LABEL, unsaved=True) == ["DK207"]


def test_the_closest_config_and_its_per_file_ignores_apply(tmp_path):
    (tmp_path / "dklint.toml").write_text('[per-file-ignores]\n"drafts/*.txt" = ["DK207"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    assert _codes(tmp_path / "drafts" / "a.txt", LABEL) == []
    assert _codes(tmp_path / "a.txt", LABEL) == ["DK207"]
    (tmp_path / "drafts" / "dklint.toml").write_text('ignore = ["DK2"]\n', encoding="utf-8")
    assert _codes(tmp_path / "drafts" / "b.txt", LABEL) == []  # the closer config, not the per-file-ignores


def test_a_suppression_comment_hides_the_finding(tmp_path):
    text = LABEL.replace("Vitamin D3", "# dklint: ignore[DK207] the mcg is on the carton\nVitamin D3")
    assert _codes(tmp_path / "a.txt", text) == []


def test_a_bad_config_is_a_problem_not_an_exception(tmp_path):
    (tmp_path / "dklint.toml").write_text('select = ["DK2"]\nselcet = 1\n', encoding="utf-8")
    checked = check_document(tmp_path / "a.txt", LABEL)
    assert checked.findings == ()
    assert checked.config_error.startswith(f"{tmp_path / 'dklint.toml'}:2: ")
    (tmp_path / "dklint.toml").write_text('select = ["DK2"\n', encoding="utf-8")
    assert check_document(tmp_path / "a.txt", LABEL).config_error.startswith(f"{tmp_path / 'dklint.toml'}:")


def test_specs_and_catalogs_are_checked_and_other_json_is_left_alone(tmp_path):
    spec = {"spec_version": "1", "name": "D3", "serving": {"size": 1, "unit": "softgel"},
            "ingredients": [{"name": "Vitamin D3", "amount": 2000, "unit": "IU", "dv_percent": 250}],
            "directions": "Take 1 softgel daily with a meal."}
    checked = check_document(tmp_path / "d3.json", json.dumps(spec, indent=2))
    assert [f.code for f in checked.findings] == ["DK207"]
    assert _codes(tmp_path / "package.json", '{"name": "web", "version": "1.0.0"}') == []
    assert _codes(tmp_path / "notes.txt", "Meeting notes: call the printer on Monday.\n") == []
    record = json.dumps({"id": "SKU-1", "label_text": LABEL})
    assert _codes(tmp_path / "catalog.jsonl", record + "\n") == ["DK207"]
    assert _codes(tmp_path / "other.jsonl", '{"a": 1}\n') == []


def test_unsaved_documents_are_named_in_the_workspace(tmp_path):
    assert document_path("untitled:Untitled-1", str(tmp_path)) == tmp_path / "Untitled-1"
    assert document_path((tmp_path / "a b.txt").as_uri(), None) == tmp_path / "a b.txt"


# -- the command -----------------------------------------------------------------------------------

def test_lsp_without_pygls_says_which_extra_to_install(monkeypatch):
    monkeypatch.setattr(lsp_command, "find_spec", lambda name: None)
    result = CliRunner().invoke(cli, ["lsp"])
    assert result.exit_code == 2
    assert "pygls" in result.output and "pip install -e '.[lsp]'" in result.output


def test_the_command_line_never_imports_pygls(tmp_path):
    """Start-up time: only `dklint lsp` loads the language server."""
    label = tmp_path / "label.txt"
    label.write_text(LABEL, encoding="utf-8")
    code = ("import sys; from dklint.cli.main import cli\n"
            f"try: cli(['check', '--no-cache', {str(label)!r}])\n"
            "except SystemExit as done: print(done.code)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'dklint') "
            "and (m.startswith('dklint.lsp') or not m.startswith('dklint'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    assert out.splitlines()[-2:] == ["1", "[]"]
