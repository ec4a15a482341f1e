"""Faults around what dklint writes: each test holds one promise of ``dklint.base.atomic`` and ``dklint.cli.outputs``.

A report or baseline never replaces a device, a FIFO or a symbolic link; never
overwrites an input of its run; fails with ``dklint: cannot write PATH: reason``
and exit 2 (not "internal error"), leaving the old file as it was and no
temporary file behind, also when the run is stopped by a signal.

No test writes to a real device of this machine: character devices are the
slave side of a pty this test opened, FIFOs are made in a temporary folder, a
full disk and a read-only folder are simulated.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.base import atomic
from dklint.cli.main import cli
from dklint.report import FORMATS, SIGNATURES, looks_like_report
from dklint.run.baseline import looks_like_baseline
from tests.conftest import REPO
from tests.test_catalog import spec

LABEL = ("Supplement Facts\nServing Size: 1 Softgel\nAmount Per Serving    % Daily Value\n"
         "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%\n")
FIRST_LINE = "d3.txt:4:1: DK101 [warning] "
ISOLATED = ["--isolated", "--select", "DK101", "-q"]


@pytest.fixture
def labels(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d3.txt").write_text(LABEL)
    return tmp_path


def check(*args: str):
    return CliRunner().invoke(cli, ["check", *ISOLATED, *args], catch_exceptions=False)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class Drain(threading.Thread):
    """Reads a file descriptor (a pty's master, a pipe, a FIFO) until it closes or goes quiet."""

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd, self.data = fd, b""

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # a pty's master reads EIO once the slave is closed
                return
            if not chunk:
                return
            self.data += chunk

    def text(self) -> str:
        self.join(timeout=10)
        return self.data.decode().replace("\r\n", "\n")  # a pty turns "\n" into "\r\n"


# -- devices, FIFOs, links and stdout -------------------------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_character_device_is_written_in_place_never_replaced(labels, option):
    # The bug: as root, `-o /dev/null` replaced the machine's /dev/null with a regular file. The device here is
    # the slave side of a pty this test owns; what dklint writes arrives at its master.
    master, slave = os.openpty()
    device = os.ttyname(slave)
    before = os.stat(device)
    drain = Drain(master)
    drain.start()
    try:
        result = check("d3.txt", option, device, *(["-o", "report.txt"] if option != "-o" else []))
        assert result.exit_code == 0, result.output
        after = os.stat(device)
        assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
        os.close(slave)
        slave = -1
        written = drain.text()
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    if option == "-o":
        assert written.startswith(FIRST_LINE)
    else:
        assert json.loads(written)["findings"][0]["code"] == "DK101"
    assert temporaries(Path("/dev/pts")) == []


def test_a_fifo_is_written_in_place_never_replaced(labels):
    fifo = labels / "reports.fifo"
    os.mkfifo(fifo)
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    received: list[str] = []
    reader.start()
    assert check("d3.txt", "-o", str(fifo)).exit_code == 0
    reader.join(timeout=10)
    assert received[0].startswith(FIRST_LINE)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temporaries(labels) == []


def test_a_shells_process_substitution_is_written_in_place(labels):
    # `dklint check -o >(gzip > r.gz)` names /dev/fd/63: a pipe, written through, never resolved to a file
    read_end, write_end = os.pipe()
    drain = Drain(read_end)
    drain.start()
    try:
        assert check("d3.txt", "--output-format", f"text=/dev/fd/{write_end}").exit_code == 0
    finally:
        os.close(write_end)
    assert drain.text().startswith(FIRST_LINE)
    os.close(read_end)


def test_dev_stdout_redirected_to_a_file_appends_to_that_file_and_never_replaces_it(labels):
    out = labels / "out.txt"
    out.write_text("kept\n")
    with open(out, "a") as stream:
        inode = os.fstat(stream.fileno()).st_ino
        done = subprocess.run([sys.executable, "-m", "dklint", "check", *ISOLATED, "--no-cache", "-o", "/dev/stdout",
                               "d3.txt"], stdout=stream, stderr=subprocess.PIPE, cwd=labels, env=_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    assert os.stat(out).st_ino == inode
    assert out.read_text().startswith("kept\n" + FIRST_LINE)


def test_a_symlink_keeps_being_a_link_and_its_target_is_replaced(labels):
    elsewhere = labels / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "report.txt"
    target.write_text("old report\n")
    target.chmod(0o640)
    (labels / "link.txt").symlink_to(target)
    assert check("d3.txt", "-o", "link.txt").exit_code == 0
    assert os.readlink(labels / "link.txt") == str(target)
    assert target.read_text().startswith(FIRST_LINE)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file keeps its permissions
    assert temporaries(labels) == temporaries(elsewhere) == []


def test_a_dangling_symlink_gets_its_target_made(labels):
    (labels / "link.json").symlink_to("made.json")
    assert check("d3.txt", "-f", "json", "-o", "link.json").exit_code == 0
    assert (labels / "link.json").is_symlink()
    assert json.loads((labels / "made.json").read_text())["findings"][0]["code"] == "DK101"


def test_dash_is_stdout_for_reports_and_the_baseline(labels):
    result = check("d3.txt", "-f", "json", "-o", "-")
    assert json.loads(result.output)["findings"][0]["code"] == "DK101"
    assert not (labels / "-").exists()
    result = check("d3.txt", "--output-format", "jsonl=-", "--output-format", "text=report.txt")
    assert json.loads(result.output)["code"] == "DK101"
    result = check("d3.txt", "--write-baseline", "-", "-o", "report.txt")
    assert json.loads(result.output)["findings"][0]["code"] == "DK101"
    assert not (labels / "-").exists()


def test_the_baseline_and_a_report_cannot_share_stdout_or_a_file(labels):
    result = check("d3.txt", "--write-baseline", "-")
    assert (result.exit_code, result.output) == (2, "dklint: the baseline and the text report would both go to "
                                                    "stdout: give the report a file, like -o report.txt\n")
    result = check("d3.txt", "-o", "same.json", "--write-baseline", "./same.json")
    assert (result.exit_code, result.output) == (2, "dklint: the text report and the baseline would both be "
                                                    "written to same.json\n")


@pytest.mark.parametrize("kind", ["folder", "block device"])
def test_a_folder_or_another_special_file_is_refused(labels, monkeypatch, kind):
    if kind == "folder":
        (labels / "out").mkdir()
        name, reason = "out", "it is a folder"
    else:  # no real block device is touched: stat says so
        name, reason = "disk", "not a regular file, character device or FIFO"
        (labels / name).write_text("")
        real_stat = os.stat
        fake = os.stat_result((stat.S_IFBLK | 0o600, *real_stat(labels / name)[1:]))
        monkeypatch.setattr(atomic.os, "stat", lambda p, *a, **k: fake if str(p).endswith(name) else real_stat(p, *a, **k))
    result = check("d3.txt", "--output-format", f"json={name}")
    assert (result.exit_code, result.output) == (2, f"dklint: cannot write {name}: {reason}\n")


# -- an output that is also an input --------------------------------------------------------------

@pytest.fixture
def no_work(monkeypatch):
    """Fails the test if the run gets as far as checking an input."""
    monkeypatch.setattr("dklint.cli.check.report", lambda *a, **k: pytest.fail("the run started"))


def test_an_input_named_as_the_output_is_refused_before_any_work(labels, no_work):
    result = check("d3.txt", "-o", "d3.txt")
    assert (result.exit_code, result.output) == (
        2, "dklint: the text report d3.txt is also an input of this run (d3.txt): write it elsewhere\n")
    assert (labels / "d3.txt").read_text() == LABEL


def test_an_input_reached_through_a_link_or_another_name_is_refused(labels, no_work):
    (labels / "link.txt").symlink_to("d3.txt")
    os.link(labels / "d3.txt", labels / "hard.txt")
    for args, shown in ((["-o", "link.txt"], "the text report link.txt"),
                        (["--write-baseline", "hard.txt"], "the baseline hard.txt"),
                        (["--output-format", "sarif=./sub/../d3.txt"], "the sarif report sub/../d3.txt")):
        result = check("d3.txt", *args)
        assert (result.exit_code, result.output) == (
            2, f"dklint: {shown} is also an input of this run (d3.txt): write it elsewhere\n")
    assert (labels / "d3.txt").read_text() == LABEL


def test_a_file_of_a_walked_folder_is_refused(labels, no_work):
    # Before: the walk left the output out, reported 0 inputs, and wrote the report over the label.
    (labels / "labels").mkdir()
    (labels / "labels" / "only.txt").write_text(LABEL)
    result = check("labels", "-o", "labels/only.txt")
    assert (result.exit_code, result.output) == (
        2, "dklint: the text report labels/only.txt is also an input of this run (found in the folder labels): "
           "write it elsewhere\n")
    assert (labels / "labels" / "only.txt").read_text() == LABEL


def test_the_config_and_the_baseline_read_are_inputs_too(labels, no_work):
    (labels / "dklint.toml").write_text('select = ["DK1"]\n')
    result = CliRunner().invoke(cli, ["check", "-q", "d3.txt", "-o", "dklint.toml"])
    assert (result.exit_code, result.output) == (
        2, f"dklint: the text report dklint.toml is also an input of this run ({labels / 'dklint.toml'}, "
           "the config file): write it elsewhere\n")
    (labels / "base.json").write_text('{"version": 1, "tool": "dklint", "findings": []}\n')
    result = check("d3.txt", "--baseline", "base.json", "-f", "json", "-o", "base.json")
    assert (result.exit_code, result.output) == (
        2, "dklint: the json report base.json is also an input of this run (base.json, the baseline read): "
           "write it elsewhere\n")


def test_write_baseline_may_update_the_baseline_it_reads(labels):
    assert check("d3.txt", "--write-baseline", "base.json").exit_code == 0
    result = check("d3.txt", "--baseline", "base.json", "--write-baseline", "base.json")
    assert result.exit_code == 0
    assert json.loads((labels / "base.json").read_text())["findings"][0]["code"] == "DK101"


@pytest.mark.parametrize("format_name", FORMATS)
def test_a_report_written_into_the_walked_folder_is_written_again_next_run(labels, format_name):
    name = f"report.{format_name}.json" if format_name != "text" else "report.txt"  # suffixes the walk reads
    for _ in range(2):
        result = check(".", "--output-format", f"{format_name}={name}", "--write-baseline", "baseline.json")
        assert result.exit_code == 0, result.output


def test_an_empty_file_in_the_walked_folder_may_become_the_report(labels):
    (labels / "report.txt").write_text("")
    assert check(".", "-o", "report.txt").exit_code == 0
    assert (labels / "report.txt").read_text().startswith(FIRST_LINE)


GOLDEN = {"text": "report.txt", "json": "report.json", "jsonl": "report.jsonl", "sarif": "report.sarif",
          "github": "report.github.txt", "junit": "report.junit.xml", "gitlab": "report.gitlab.json"}


def test_every_format_has_a_signature_that_its_reports_match(labels):
    assert set(SIGNATURES) == set(FORMATS)
    for format_name, golden in GOLDEN.items():
        text = (REPO / "tests" / "golden" / golden).read_text(encoding="utf-8")
        assert SIGNATURES[format_name].search(text), format_name
    for format_name in FORMATS:  # and what this dklint writes, with findings and with none
        for args in (["d3.txt"], ["--ignore", "DK101", "d3.txt"]):
            written = check(*args, "-f", format_name, "-o", "-").output
            if written == "":  # no finding in JSON Lines or annotations: an empty file may be overwritten anyway
                assert format_name in ("jsonl", "github") and args[0] == "--ignore"
            else:
                assert looks_like_report(written[:16384], written[-16384:]), (format_name, args)
    check("d3.txt", "--write-baseline", "base.json")
    assert looks_like_baseline((labels / "base.json").read_text())


def test_no_fixture_looks_like_a_report():
    fixtures = [path for path in (REPO / "fixtures").rglob("*") if path.is_file()]
    assert len(fixtures) > 50
    looks = [path.name for path in fixtures
             if looks_like_report(text := path.read_text("utf-8", "replace"), text) or looks_like_baseline(text)]
    assert looks == []


# -- an output that cannot be written -------------------------------------------------------------

def test_a_missing_folder_that_cannot_be_made_is_exit_2_before_any_work(labels, no_work):
    result = check("d3.txt", "-f", "sarif", "-o", "d3.txt/dklint.sarif")
    assert (result.exit_code, result.output) == (2, "dklint: cannot write d3.txt/dklint.sarif: Not a directory\n")


def test_a_missing_folder_is_made(labels):
    assert check("d3.txt", "-o", "reports/today/report.txt").exit_code == 0
    assert (labels / "reports" / "today" / "report.txt").read_text().startswith(FIRST_LINE)


@pytest.mark.parametrize("error, reason", [
    (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
    (OSError(errno.EROFS, "Read-only file system"), "Read-only file system"),
])
def test_an_unwritable_folder_is_exit_2_before_any_work(labels, monkeypatch, no_work, error, reason):
    # As root no folder refuses a write: the refusal the file system would give is simulated.
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # atomic imports it when it first writes
    result = check("d3.txt", "--write-baseline", "out/baseline.json")
    assert (result.exit_code, result.output) == (2, f"dklint: cannot write out/baseline.json: {reason}\n")


class FullDisk:
    """A stream over a file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, stream, room: int) -> None:
        self.stream, self.room = stream, room

    def write(self, text: str) -> int:
        if len(text) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stream.close()


@pytest.mark.parametrize("args, path", [
    (["-f", "json", "-o", "report.json"], "report.json"),
    (["--output-format", "sarif=report.json", "--output-format", "text"], "report.json"),
    (["-o", "r.txt", "--write-baseline", "report.json"], "report.json"),
])
def test_a_full_disk_while_writing_keeps_the_old_file_and_leaves_no_temporary(labels, monkeypatch, args, path):
    (labels / path).write_text("the old report\n")
    real = atomic._open_stream
    monkeypatch.setattr(atomic, "_open_stream",
                        lambda handle, binary: FullDisk(real(handle, binary), 200) if "report.json" in
                        os.readlink(f"/proc/self/fd/{handle}") else real(handle, binary))
    result = check("d3.txt", *args)
    assert result.exit_code == 2
    assert result.output.count(f"dklint: cannot write {path}: No space left on device\n") == 1
    assert "internal error" not in result.output
    assert (labels / path).read_text() == "the old report\n"
    assert temporaries(labels) == []


def test_docs_into_a_folder_that_cannot_be_made_is_exit_2(labels):
    result = CliRunner().invoke(cli, ["docs", "d3.txt/docs"])
    assert (result.exit_code, result.output) == (2, "dklint: cannot write d3.txt/docs: Not a directory\n")


def test_docs_pages_are_replaced_through_their_links(labels):
    (labels / "docs").mkdir()
    (labels / "kept.md").write_text("old\n")
    (labels / "docs" / "DK101.md").symlink_to(labels / "kept.md")
    assert CliRunner().invoke(cli, ["docs", "docs"]).exit_code == 0
    assert (labels / "docs" / "DK101.md").is_symlink()
    assert (labels / "kept.md").read_text().startswith("# DK101 ")
    assert temporaries(labels / "docs") == []


# -- signals --------------------------------------------------------------------------------------

def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _catalog(folder: Path, records: int) -> Path:
    path = folder / "catalog.jsonl"
    path.write_text("\n".join(json.dumps(spec(f"P{i}")) for i in range(records)) + "\n")
    return path


@pytest.mark.parametrize("number, jobs", [(signal.SIGTERM, 1), (signal.SIGTERM, 2), (signal.SIGINT, 2)])
def test_a_signal_while_a_report_is_written_leaves_no_temporary_and_the_old_report(tmp_path, number, jobs):
    _catalog(tmp_path, 60_000)
    report = tmp_path / "report.json"
    report.write_text("the old report\n")
    command = [sys.executable, "-m", "dklint", "check", "--isolated", "--no-cache", "-q", "--jobs", str(jobs),
               "-f", "json", "-o", "report.json", "catalog.jsonl"]
    process = subprocess.Popen(command, cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not temporaries(tmp_path) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert temporaries(tmp_path), "the report was never being written"
        time.sleep(0.5)  # well inside the run, its workers started
        if number == signal.SIGINT:
            os.killpg(process.pid, number)  # as a terminal's Ctrl-C: the whole group
        else:
            os.kill(process.pid, number)  # as `kill PID`
        process.communicate(timeout=60)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # workers left behind, if any
        except ProcessLookupError:
            pass
    assert process.returncode != 0
    assert temporaries(tmp_path) == []
    assert report.read_text() == "the old report\n"


def test_a_handler_that_lets_the_run_go_on_keeps_the_temporaries_and_one_that_stops_it_removes_them(tmp_path):
    # No real signal: the chain is called as the interpreter would call it.
    temporaries_ = atomic._Temporaries()
    kept, removed = tmp_path / ".a.tmp", tmp_path / ".b.tmp"
    kept.write_text(""), removed.write_text("")
    temporaries_.paths[str(kept)] = os.getpid()
    temporaries_.previous[signal.SIGTERM] = lambda number, frame: None  # someone's graceful stop: the run goes on
    temporaries_._handle(signal.SIGTERM, None)
    assert kept.exists()
    temporaries_.paths = {str(removed): os.getpid()}
    temporaries_.previous[signal.SIGINT] = signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):
        temporaries_._handle(signal.SIGINT, None)
    assert not removed.exists()
    temporaries_.paths = {str(kept): os.getpid() + 1}  # a forked worker's view: its parent's file, not its own
    temporaries_.remove_all()
    assert kept.exists()


def test_the_start_up_store_leaves_no_temporary_when_writing_it_fails(tmp_path, monkeypatch):
    from dklint.base import startup_store

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    store = startup_store.StartupStore(tmp_path / "store" / "rules.marshal")
    store.put("key", ("value",))
    monkeypatch.setattr(os, "replace", full_disk)  # the temporary is written, the rename fails
    store.save()  # a full disk: run without the store, say nothing
    assert os.listdir(tmp_path / "store") == [] and atomic.TEMPORARIES.paths == {}


# -- the benchmark ------------------------------------------------------------------------------

def test_the_benchmark_never_points_an_output_at_dev_null(monkeypatch):
    loader = importlib.util.spec_from_file_location("run_bench", REPO / "bench" / "run_bench.py")
    bench = importlib.util.module_from_spec(loader)
    monkeypatch.setitem(sys.modules, "run_bench", bench)  # its dataclasses look their module up
    monkeypatch.setattr(sys, "path", list(sys.path))  # it puts bench/ first
    loader.loader.exec_module(bench)
    for cli_mode in (True, False):
        command = bench.dklint_command([Path("labels")], 2, None, cli_mode)
        assert os.devnull not in command and "--output" not in command
    command = bench.dklint_command([Path("x")], 2, None, True, "f.jsonl")
    assert command[command.index("--output") + 1] == "f.jsonl"
    assert "os.devnull" not in (REPO / "bench" / "run_bench.py").read_text()
