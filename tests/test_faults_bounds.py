"""Faults and hostile inputs against the promises of issue 13: no foreign code runs, every piece of work is
bounded before it is done, a dead worker or a signal never hangs a run or fills the terminal.

Each test plants or provokes one fault, as an attacker or a bad day would, and asserts the promise it
protects: exact exit codes, exact messages, and that nothing planted ever ran.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 (as cholecalciferol) 25 mcg (1,000 IU) 125%\n"


class Planted:
    """A pickle that makes a folder when it is loaded: proof that a planted file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def dklint(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, **kwargs):
    """``python -m dklint`` in a new process of this checkout, as a user runs it."""
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "dklint", *args], capture_output=True, text=True, env=environ,
                          cwd=cwd, timeout=120, **kwargs)


# -- no code from a place others can write ------------------------------------------------------------

# How dklint built its parsers before issue 13: Lark's own cache, a pickle in the shared temp folder.
OLD_LARK = {"label": {"parser": "lalr", "lexer": "contextual", "propagate_positions": False,
                      "maybe_placeholders": False, "cache": True},
            "condition": {"parser": "lalr", "maybe_placeholders": False, "cache": True}}


def plant_lark_caches(temp: Path, marker: Path, monkeypatch) -> None:
    """Let Lark write its caches in ``temp`` as dklint made it do, then swap each pickle for a planted one."""
    import tempfile

    from lark import Lark

    from dklint.base.resources import grammar_dir

    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for name, options in OLD_LARK.items():
        Lark((grammar_dir() / f"{name}.lark").read_text(encoding="utf-8"), **options)
    planted = list(temp.glob(".lark_cache_*.tmp"))
    assert len(planted) == 2
    for path in planted:
        first_line = path.read_bytes().split(b"\n", 1)[0]  # the grammar's hash: Lark then unpickles the rest
        path.write_bytes(first_line + b"\n" + pickle.dumps(Planted(marker)))
    # the plant is good: the way dklint loaded its grammars before runs it
    Lark((grammar_dir() / "condition.lark").read_text(encoding="utf-8"), **OLD_LARK["condition"])
    assert marker.is_dir()
    marker.rmdir()


def test_a_pickle_planted_in_the_temp_folder_as_larks_cache_never_runs(tmp_path, monkeypatch):
    temp, marker, label = tmp_path / "tmp", tmp_path / "planted-code-ran", tmp_path / "label.txt"
    temp.mkdir()
    label.write_text(LABEL, encoding="utf-8")
    plant_lark_caches(temp, marker, monkeypatch)
    env = {"TMPDIR": str(temp), "DKLINT_CACHE_HOME": str(tmp_path / "home")}
    for _ in range(2):  # a cold start (tables built and kept) and a warm one (tables read back)
        done = dklint("check", "--isolated", "--no-cache", str(label), env=env)
        assert (done.returncode, done.stderr) == (0, "")
        assert not marker.exists()
    assert sorted(p.name for p in (tmp_path / "home").iterdir() if p.name.startswith("grammar")) == [
        "grammar-condition.marshal", "grammar-label.marshal"]


def test_a_pickle_planted_in_the_cache_folder_never_runs(tmp_path):
    home, marker, label = tmp_path / "home", tmp_path / "planted-code-ran", tmp_path / "label.txt"
    home.mkdir(mode=0o700)
    label.write_text(LABEL, encoding="utf-8")
    payload = pickle.dumps(Planted(marker))
    for name in ("rules-v1.pickle", "rules-v2.marshal", "grammar-label.marshal", "grammar-condition.marshal"):
        (home / name).write_bytes(payload)  # where the store was a pickle, and where the caches are now
    for _ in range(2):
        done = dklint("check", "--isolated", "--no-cache", str(label), env={"DKLINT_CACHE_HOME": str(home)})
        assert (done.returncode, done.stderr) == (0, "")
        assert not marker.exists()


def test_caches_are_made_owner_only(tmp_path):
    home = tmp_path / "fresh" / "dklint"
    done = dklint("check", "--isolated", "--no-cache", "-", input=LABEL, env={"DKLINT_CACHE_HOME": str(home)})
    assert done.returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in home.iterdir()} == {
        "rules-v2.marshal": 0o600, "grammar-label.marshal": 0o600, "grammar-condition.marshal": 0o600}


@pytest.fixture
def private(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    (folder / "cache.bin").write_bytes(b"mine")
    (folder / "cache.bin").chmod(0o600)
    return folder


def test_a_private_file_of_a_private_folder_is_read(private):
    from dklint.base.private_files import read_private

    assert read_private(private / "cache.bin") == b"mine"


@pytest.mark.parametrize("damage", ["folder writable by others", "folder writable by the group",
                                    "file writable by others", "file is a symlink", "file is a FIFO"])
def test_a_cache_others_could_have_written_is_not_read_nor_written(private, tmp_path, damage):
    from dklint.base.private_files import read_private, write_private

    target = private / "cache.bin"
    if damage.startswith("folder"):
        private.chmod(0o707 if "others" in damage else 0o770)
    elif damage == "file writable by others":
        target.chmod(0o606)
    elif damage == "file is a symlink":
        (tmp_path / "elsewhere").write_bytes(b"theirs")
        target.unlink()
        target.symlink_to(tmp_path / "elsewhere")
    else:
        target.unlink()
        os.mkfifo(target)  # a FIFO must not hang the start either
    assert read_private(target) is None
    if damage.startswith("folder"):
        write_private(private / "new.bin", b"data")
        assert not (private / "new.bin").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_cache_owned_by_another_user_is_not_read(private):
    from dklint.base.private_files import read_private

    os.chown(private / "cache.bin", 65534, 65534)
    assert read_private(private / "cache.bin") is None
    os.chown(private / "cache.bin", 0, 0)
    os.chown(private, 65534, 65534)
    assert read_private(private / "cache.bin") is None


def test_grammar_tables_read_back_parse_as_built_ones(tmp_path, monkeypatch):
    from dklint.base.grammars import lalr_parser

    monkeypatch.setenv("DKLINT_CACHE_HOME", str(tmp_path))
    built = lalr_parser("condition", maybe_placeholders=False)
    assert (tmp_path / "grammar-condition.marshal").is_file()
    loaded = lalr_parser("condition", maybe_placeholders=False)
    condition = 'has("vitamin_d") and daily("vitamin_d", "IU") > 2000'
    assert loaded is not built and loaded.parse(condition) == built.parse(condition)


# -- reading is bounded: devices, pipes, standard input -----------------------------------------------

OVER_32_MIB = ("input is over the 33,554,432-byte limit (limits.max-file-bytes): reading stopped after "
               "33,554,433 bytes")


def findings_of(result) -> list[tuple[int, str, str]]:
    """(line, code, message) of each finding of a JSON report."""
    import json

    return [(f["location"]["line"], f["code"], f["message"]) for f in json.loads(result.output)["findings"]]


def check_in_process(*args: str, input: bytes | str | None = None):
    from click.testing import CliRunner

    from dklint.cli.main import cli

    return CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "--jobs", "1", *args], input=input)


def first_lines(output: str, count: int = 1) -> list[str]:
    return output.splitlines()[:count]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_read_to_the_limit_and_no_further(device):
    done = dklint("check", "--isolated", "--no-cache", device)
    assert done.returncode == 1 and done.stderr == ""
    assert first_lines(done.stdout) == [f"{device}:1:1: DK001 [error] {OVER_32_MIB}"]


def test_an_endless_device_as_a_catalog_is_read_to_the_limit_too(tmp_path):
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    result = check_in_process(str(tmp_path / "zero.jsonl"))
    assert result.exit_code == 1
    assert first_lines(result.output) == [f"{tmp_path}/zero.jsonl:1:1: DK001 [error] {OVER_32_MIB}"]


def test_standard_input_over_the_limit_is_read_to_one_byte_over_it():
    import io

    from dklint.inputs.read import read_stdin

    class Endless(io.RawIOBase):  # counts what is asked of it: never the whole stream
        given = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            self.given += len(buffer)
            return len(buffer)

    raw = Endless()
    failure = read_stdin(io.BufferedReader(raw), "<stdin>", max_bytes=1000)
    assert failure.finding.message == ("input is over the 1,000-byte limit (limits.max-file-bytes): reading stopped "
                                       "after 1,001 bytes")
    assert raw.given <= 1001 + io.DEFAULT_BUFFER_SIZE


def test_standard_input_over_the_limit_is_dk001_through_the_cli():
    done = dklint("check", "--isolated", "--no-cache", "-", input="Vitamin D3 25 mcg\n" * 2_000_000)
    assert done.returncode == 1 and done.stderr == ""
    assert first_lines(done.stdout) == [f"<stdin>:1:1: DK001 [error] {OVER_32_MIB}"]


@pytest.fixture
def quick_pipes(monkeypatch):
    monkeypatch.setattr("dklint.inputs.read.IDLE_SECONDS", 0.5)


def test_a_named_pipe_nobody_writes_to_is_a_finding_not_a_hang(tmp_path, quick_pipes):
    import time

    fifo = tmp_path / "label.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = check_in_process(str(fifo))
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert first_lines(result.output) == [
        f"{fifo}:1:1: DK001 [error] named pipe (FIFO) that no process opened for writing within 0.5 seconds: "
        "nothing was read"]


def test_a_named_pipe_whose_writer_falls_silent_is_a_finding_not_a_hang(tmp_path, quick_pipes):
    fifo = tmp_path / "label.txt"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # a writer that never writes (O_RDWR: opens without a reader)
    try:
        result = check_in_process(str(fifo))
    finally:
        os.close(writer)
    assert first_lines(result.output) == [
        f"{fifo}:1:1: DK001 [error] named pipe (FIFO) sent nothing for 0.5 seconds: reading stopped after 0 bytes, "
        "the input was not checked"]


@pytest.mark.parametrize("name, content", [("label.txt", LABEL), ("catalog.jsonl", '{"id": "A", "label_text": "x"}\n')])
def test_a_named_pipe_with_a_writer_is_read_like_a_file(tmp_path, name, content):
    import threading

    fifo = tmp_path / name
    os.mkfifo(fifo)
    regular = tmp_path / "regular" / name
    regular.parent.mkdir()
    regular.write_text(content, encoding="utf-8")
    writer = threading.Thread(target=lambda: fifo.write_text(content, encoding="utf-8"))
    writer.start()
    piped = check_in_process("-f", "json", str(fifo))
    writer.join(timeout=30)
    expected = check_in_process("-f", "json", str(regular))
    assert (piped.exit_code, findings_of(piped)) == (expected.exit_code, findings_of(expected))
    assert findings_of(piped)


# -- NUL bytes -------------------------------------------------------------------------------------------

def test_a_nul_past_the_first_8_kib_makes_a_label_binary_not_0_mcg(tmp_path):
    path = tmp_path / "label.txt"
    head = LABEL + "Keep out of reach of children.\n" * 300
    path.write_bytes(head.encode() + b"Vitamin D3 1\x0000 mcg\n")
    result = check_in_process(str(path))
    assert result.exit_code == 1
    assert first_lines(result.output) == [
        f"{path}:1:1: DK001 [error] binary file (a NUL byte at byte {len(head) + 12:,}): not label text or JSON"]


def test_a_nul_in_a_utf16_label_makes_it_binary():
    from dklint.inputs.read import source_from_bytes

    failure = source_from_bytes(("\ufeff" + LABEL + "Vitamin D3 1\x0000 mcg\n").encode("utf-16-le"), "a.txt")
    assert failure.finding.message == (f"binary file (a NUL character at character {len(LABEL) + 12:,}): "
                                       "not label text or JSON")


SPEC = '{{"spec_version": "1", "id": "{0}", "name": "D{1}", "serving": {{}}, "ingredients": []}}'


@pytest.mark.parametrize("reader", ["file", "stdin"])
def test_a_nul_in_one_jsonl_record_marks_that_record_only(tmp_path, reader):
    lines = [SPEC.format(f"P{i}", "\x00" if i == 1 else "").encode() for i in range(4)]
    data = b"\n".join(lines) + b"\n"
    if reader == "file":
        (tmp_path / "catalog.jsonl").write_bytes(data)
        result = check_in_process("-f", "json", str(tmp_path / "catalog.jsonl"))
    else:
        result = check_in_process("-f", "json", "--stdin-filename", "catalog.jsonl", "-", input=data)
    import json

    assert findings_of(result) == [
        (2, "DK001", f"line holds a NUL byte at byte {lines[1].find(0)} of the line: binary data, not text; the other lines are "
                     "still checked")]
    assert json.loads(result.output)["summary"]["inputs"] == 4


def test_a_nul_in_one_csv_row_marks_that_row_only(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_bytes(b"id,label_text\nA,Vitamin D3 25 mcg\nB,Vitamin D3 1\x0000 mcg\nC,Vitamin D3 25 mcg\n")
    result = check_in_process("-f", "json", "--select", "DK001", str(path))
    import json

    assert [(line, code) for line, code, _ in findings_of(result)] == [(3, "DK001")]
    assert json.loads(result.output)["summary"]["inputs"] == 3


def test_a_catalog_that_is_binary_from_its_start_is_one_dk001(tmp_path):
    import gzip

    path = tmp_path / "catalog.jsonl"
    path.write_bytes(gzip.compress(b'{"id": "A", "label_text": "Vitamin D3 25 mcg"}\n' * 50))
    result = check_in_process(str(path))
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "DK001" in line and ":1:" in line] == [
        f"{path}:1:1: DK001 [error] binary file (a NUL byte at byte {path.read_bytes().find(0):,}): not label "
        "text or JSON"]


# -- YAML: aliases and nesting refused before they expand -------------------------------------------------

LAUGHS = "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
                 for prev, name in zip(["", *"abcdefgh"], "abcdefghi"))


def test_a_billion_laughs_in_a_rule_pack_stops_the_run_at_once_with_its_line(tmp_path):
    import time

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "DK900-laughs.yaml").write_text(LAUGHS, encoding="utf-8")
    assert len(LAUGHS) < 1024
    started = time.monotonic()
    done = dklint("check", "--isolated", "--no-cache", "--rules-dir", str(pack), "-", input=LABEL)
    assert time.monotonic() - started < 60  # minutes and gigabytes before
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"{pack}/DK900-laughs.yaml:2: YAML aliases are not allowed: b.0 repeats the value "
                           "anchored on line 1; write the value out\n")


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("text, line, message", [
    ("a: &x {k: v}\nb:\n  <<: *x\n", 3, "b.<< repeats the value anchored on line 1"),  # merge keys expand too
    ("a: &x 1\nb: *x\n", 2, "b repeats the value anchored on line 1"),
    ("a: &x [1]\n*x : 2\n", 2, "the document repeats the value anchored on line 1"),
])
def test_every_yaml_alias_is_refused(monkeypatch, loader, text, line, message):
    import yaml

    from dklint.base import yaml_lines

    monkeypatch.setattr(yaml_lines, "SAFE_LOADER", getattr(yaml, loader))
    with pytest.raises(yaml_lines.YamlError) as caught:
        yaml_lines.load_with_lines(text)
    assert (caught.value.line, caught.value.message) == (
        line, f"YAML aliases are not allowed: {message}; write the value out")


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("depth", [101, 900, 100_000])
def test_yaml_nested_too_deeply_is_a_mistake_with_its_line_not_a_crash(monkeypatch, loader, depth):
    import yaml

    from dklint.base import yaml_lines

    monkeypatch.setattr(yaml_lines, "SAFE_LOADER", getattr(yaml, loader))
    with pytest.raises(yaml_lines.YamlError) as caught:
        yaml_lines.load_with_lines("id: x\nparams:\n  deep: " + "[" * depth + "]" * depth + "\n")
    assert (caught.value.line, caught.value.message) in {
        (3, "invalid YAML: params.deep.0... is nested more than 100 levels deep"),
        (1, "invalid YAML: nested more than 100 levels deep"),  # the pure-Python composer's recursion
        (3, "invalid YAML: exceeded maximum nesting depth"),  # libyaml's own bound
    }
    yaml_lines.load_with_lines("a: " + "[" * 100 + "]" * 100 + "\n")  # 100 levels are fine
