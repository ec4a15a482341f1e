"""Hostile names, ids, text and settings give clear messages and exit 0/1/2, never a traceback (issue 13, item 6).

Each case reproduces a failure found by attacking dklint: a file name that is not UTF-8 ended the run, a lone
surrogate in a record id broke the JSON and HTML reports, escape sequences in names and label text reached the
terminal and GitHub's log, deep nesting was an internal error, a config with a BOM was refused, an unreachable
Dask scheduler was an internal error after 30 seconds, and one quoted value made a message megabytes wide.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.base.shown import bounded_message, printable, shortened, well_formed
from dklint.cli.main import cli

LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 125 mcg (5,000 IU) 625%\n"
DK101 = "vitamin D is 5,000 IU per serving (servings per day not stated) (125 mcg), above 2,000 IU, with no vitamin K2 in the product"


def check(folder: Path, *args: str):
    """``dklint check --no-cache --select DK101 ARGS`` run in ``folder`` (the input rules DK004-DK007 ignored)."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DK101", "--ignore", "DK004,DK005,DK006,DK007",
                                        *args])
    finally:
        os.chdir(cwd)


# -- the helpers ---------------------------------------------------------------------------------------


def test_well_formed_escapes_lone_surrogates_only():
    assert well_formed("bad\udcff name\ud800.txt") == "bad\\xff name\\ud800.txt"
    assert well_formed("vitamín „D“ \x1b") == "vitamín „D“ \x1b"


def test_printable_escapes_controls_bidi_and_surrogates():
    assert printable("a\x1b[31mb\x07\x9b\u202ec\td\ne\udcff") == "a\\x1b[31mb\\x07\\x9b\\u202ec\\td\\ne\\xff"
    assert printable("line\nnext", keep="\n") == "line\nnext"
    assert printable("Vitamin D3 (µg) †") == "Vitamin D3 (µg) †"


def test_a_long_quoted_value_is_shortened_and_the_rest_of_the_message_kept():
    assert shortened("abcdefghij", 6) == "abcd…[4 characters left out]…ij"
    message = f'unknown unit "{"z" * 1_000_000}" in "Vitamin D3 25 zz"'
    assert bounded_message(message) == (
        'unknown unit "' + "z" * 133 + "…[999,801 characters left out]…" + "z" * 66 + '" in "Vitamin D3 25 zz"')
    assert bounded_message("x" * 1_000_000) == "x" * 1333 + "…[998,001 characters left out]…" + "x" * 666


# -- file names that are not UTF-8 -----------------------------------------------------------------------


@pytest.fixture
def bad_name(tmp_path) -> Path:
    folder = tmp_path / "labels"
    folder.mkdir()
    try:
        (folder / os.fsdecode(b"bad\xff name.txt")).write_text(LABEL, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")
    return tmp_path


def test_a_file_name_that_is_not_utf8_is_checked_and_shown_with_its_byte_escaped(bad_name):
    result = check(bad_name, "labels")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"labels/bad\\xff name.txt:3:1: DK101 [warning] {DK101}"
    named = check(bad_name, os.path.join("labels", os.fsdecode(b"bad\xff name.txt")))
    assert named.output == result.output


def test_a_file_name_that_is_not_utf8_in_json_and_sarif(bad_name):
    doc = json.loads(check(bad_name, "--format", "json", "labels").output)
    assert [(f["path"], f["code"]) for f in doc["findings"]] == [("labels/bad\\xff name.txt", "DK101")]
    sarif = json.loads(check(bad_name, "--format", "sarif", "labels").output)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "labels/bad%FF%20name.txt"  # the file's exact bytes, percent-encoded


# -- a lone surrogate in a record id -----------------------------------------------------------------------


def test_a_lone_surrogate_in_a_record_id_leaves_every_report_whole(tmp_path):
    record = {"spec_version": "1", "id": "SKU\ud800-1", "name": "D3", "serving": {"size": 1, "unit": "softgel"},
              "ingredients": [{"name": "Vitamin D3", "amount": 125, "unit": "mcg"}]}
    (tmp_path / "catalog.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")  # "\ud800" as JSON writes it
    doc = json.loads(check(tmp_path, "--format", "json", "catalog.jsonl").output)
    assert [(f["code"], f["product_id"]) for f in doc["findings"]] == [("DK101", "SKU\\ud800-1")]
    assert doc["inputs"] == [{"path": "catalog.jsonl", "kind": "spec", "product_id": "SKU\\ud800-1",
                              "checked": True, "findings": 1}]
    for report in ("html", "sarif", "junit", "gitlab", "jsonl", "text", "github"):
        result = check(tmp_path, "--output-format", f"{report}=out.{report}", "catalog.jsonl")
        assert result.exit_code == 0, (report, result.output)
        written = (tmp_path / f"out.{report}").read_text(encoding="utf-8")
        assert ("\\ud800" in written) == (report not in ("gitlab", "github")), report  # these two show no ids


# -- escape sequences from file names and label text -------------------------------------------------------


@pytest.fixture
def hostile(tmp_path) -> Path:
    name = "evil\x1b[31mred\x1b]0;pwned\x07.txt"
    (tmp_path / name).write_text(LABEL.replace("625%", "625%\x1b[2J\x1b]8;;http://x\x07\x9b31m"), encoding="utf-8")
    return tmp_path


def test_escape_sequences_never_reach_the_terminal(hostile):
    result = check(hostile, ".")
    assert result.exit_code == 0
    assert not {"\x1b", "\x07", "\x9b"} & set(result.output)
    head, source, _ = result.output.splitlines()[:3]
    assert head == f"evil\\x1b[31mred\\x1b]0;pwned\\x07.txt:3:1: DK101 [warning] {DK101}"
    assert source == "  3 | Vitamin D3 125 mcg (5,000 IU) 625%\ufffd[2J\ufffd]8;;http://x\ufffd\ufffd31m"


def test_escape_sequences_never_reach_github_annotations(hostile):
    result = check(hostile, "--format", "github", ".")
    assert result.output == ("::warning file=evil\\x1b[31mred\\x1b]0;pwned\\x07.txt,line=3,col=1,endLine=3,endColumn=35,"
                             f"title=DK101 vitamin-d-without-k2::{DK101}\n")


def test_a_missing_path_with_escapes_is_named_escaped(tmp_path):
    result = check(tmp_path, "gone\x1b[2J.txt")
    assert (result.exit_code, result.output) == (2, "dklint: no such file or directory: gone\\x1b[2J.txt\n")


# -- nesting, BOMs, schedulers, widths --------------------------------------------------------------------


def test_a_config_nested_too_deeply_is_exit_2_at_its_line(tmp_path):
    (tmp_path / "label.txt").write_text(LABEL, encoding="utf-8")
    (tmp_path / "dklint.toml").write_text('fail-on = "error"\n[params]\nDK101 = { x = ' + "[" * 100_000 + "]" * 100_000
                                          + " }\n", encoding="utf-8")
    result = check(tmp_path, "label.txt")
    assert (result.exit_code, result.output) == (
        2, f"{(tmp_path / 'dklint.toml').resolve()}:3: invalid config: arrays or tables nested more than 32 levels deep\n")


def test_brackets_in_strings_and_comments_are_no_nesting(tmp_path):
    (tmp_path / "label.txt").write_text(LABEL, encoding="utf-8")
    (tmp_path / "dklint.toml").write_text(f'# {"[" * 50}\nexclude = ["{"[" * 50}"]\n', encoding="utf-8")
    assert check(tmp_path, "label.txt").exit_code == 0


def test_a_baseline_nested_too_deeply_is_exit_2(tmp_path):
    (tmp_path / "label.txt").write_text(LABEL, encoding="utf-8")
    (tmp_path / "base.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = check(tmp_path, "--baseline", "base.json", "label.txt")
    assert (result.exit_code, result.output) == (
        2, "dklint: base.json: not a dklint baseline: arrays or objects nested too deeply\n")


def test_a_condition_nested_too_deeply_is_a_load_error(tmp_path):
    from tests.test_user_rule_packs import RULE, pack

    for deep in ("not " * 5000 + 'has("vitamin_d")', " and ".join(['has("vitamin_d")'] * 5000),
                 "[" * 5000 + "1" + "]" * 5000 + " == 1", "(1 + " * 5000 + "1" + ")" * 5000 + " > 1"):
        path = pack(tmp_path, RULE.replace('when: has("vitamin_d", "D3") and not mentions("with_food", "directions")',
                                           f"when: '{deep}'"))
        result = CliRunner().invoke(cli, ["rules", "--isolated", "--rules-dir", str(path.parent)])
        assert (result.exit_code, result.output) == (
            2, f"{path}:11: when: the condition is nested more than 100 levels deep (operators, calls, lists, "
               "parentheses): split it into lets\n")


@pytest.mark.parametrize("name, text", [("dklint.toml", 'select = ["DK103"]\n'),
                                        ("pyproject.toml", '[tool.dklint]\nselect = ["DK103"]\n')])
def test_a_config_with_a_utf8_bom_is_read(tmp_path, name, text):
    (tmp_path / "label.txt").write_text(LABEL, encoding="utf-8")
    (tmp_path / name).write_text("\ufeff" + text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "label.txt"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["DK103"]


def test_an_unreachable_dask_scheduler_is_exit_2_before_any_report(tmp_path):
    dask = pytest.importorskip("dask", reason="dask is not installed")
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    (tmp_path / "label.txt").write_text(LABEL, encoding="utf-8")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = check(tmp_path, "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--format", "json",
                       "label.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"dklint: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: ")
    wrong = check(tmp_path, "--engine", "dask", "--scheduler", "nonsense://host", "label.txt")
    assert wrong.exit_code == 2
    assert wrong.output.startswith("dklint: cannot reach the Dask scheduler at nonsense://host: unknown address scheme")


def test_a_message_quoting_a_megabyte_value_is_bounded(tmp_path):
    spec = {"spec_version": "1", "name": "D3", "serving": {"size": 1, "unit": "softgel"},
            "ingredients": [{"name": "Vitamin D3", "amount": 25, "unit": "z" * 2_000_000}]}
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DK006", "--format", "json",
                                      str(tmp_path / "spec.json")])
    [finding] = json.loads(result.output)["findings"]
    assert finding["message"] == 'unknown unit "' + "z" * 133 + "…[1,999,801 characters left out]…" + "z" * 66 + '"'
    text = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DK006", str(tmp_path / "spec.json")])
    assert len(text.output) < 2000
