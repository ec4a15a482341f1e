"""Faults of issue 13 that come from outside the inputs: a worker process that dies, a signal during a run.

Each test runs ``python -m dklint check`` in a session of its own, as a user or CI runs it, and provokes the
fault for real: SIGKILL on a worker (what the out-of-memory killer sends), Ctrl-C to the whole process group,
SIGTERM or SIGHUP to dklint alone or to its group. The promises: the run never hangs, ends with the exit code
and the one line the docs give, prints no traceback, and leaves no worker and no temporary file behind.
Timeouts are generous; no test measures speed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dklint.findings import LOST
from tests.conftest import REPO

LABELS = 6_000  # enough work for a few seconds on two workers: the fault lands inside the run


@pytest.fixture(scope="module")
def labels(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("labels")
    for n in range(LABELS):
        (folder / f"l{n:04d}.txt").write_text(
            f"Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 (as cholecalciferol) {25 + n % 7} mcg 125%\n"
            f"Calcium {n} mg\n")
    return folder


def _as_in_a_terminal() -> None:
    # A background job (`pytest ... &`, nohup) passes SIGINT or SIGHUP on ignored, and dklint rightly keeps
    # ignoring them: the run is started as a terminal's foreground job would be.
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def start(labels: Path, out: Path, jobs: int) -> subprocess.Popen:
    """``dklint check`` of the labels with a JSON report in ``out``, in a new session (its own process group)."""
    command = [sys.executable, "-m", "dklint", "check", "--isolated", "--no-cache", "-q", "--jobs", str(jobs),
               "-f", "json", "-o", str(out / "report.json"), str(labels)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True,
                            preexec_fn=_as_in_a_terminal)


def _stat_fields(pid: str) -> list[str]:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    except OSError:  # gone meanwhile
        return []


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (dklint's workers), read from /proc."""
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()
            and (fields := _stat_fields(entry)) and fields[1] == str(pid) and fields[0] != "Z"]


def in_session(session: int) -> list[int]:
    """The live processes of ``session``: dklint and every worker it started."""
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()
            and (fields := _stat_fields(entry)) and fields[3] == str(session) and fields[0] != "Z"]


def wait_until(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def finish(process: subprocess.Popen) -> tuple[str, str]:
    """The run's output once it ended by itself (a hang fails the test); nothing of it is left running."""
    try:
        out, err = process.communicate(timeout=180)
        assert wait_until(lambda: not in_session(process.pid), 30), "workers outlived the run"
        return out, err
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # only if a test failed half-way
        except ProcessLookupError:
            pass


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                                reason="finds the workers in /proc; forked workers")


# -- a worker that dies -----------------------------------------------------------------------------------

@needs_proc
def test_a_worker_killed_once_has_its_inputs_checked_again(labels, tmp_path):
    process = start(labels, tmp_path, jobs=2)
    assert wait_until(lambda: children(process.pid) or process.poll() is not None)
    time.sleep(0.5)  # inside the run: workers busy, results streaming into the report
    for worker in children(process.pid)[:1]:
        os.kill(worker, signal.SIGKILL)  # as the out-of-memory killer does
    _, err = finish(process)
    assert (process.returncode, err) == (1, "")  # the labels have findings; none was lost
    report = json.loads((tmp_path / "report.json").read_text())
    assert len(report["inputs"]) == LABELS
    assert not [finding for finding in report["findings"] if finding["code"] == "DK009"]


@needs_proc
def test_inputs_whose_worker_dies_again_are_named_not_checked_and_exit_2(labels, tmp_path):
    process = start(labels, tmp_path, jobs=2)
    killed = 0
    while process.poll() is None:  # every worker, the pools' and the reruns', as soon as it appears
        for worker in children(process.pid):
            try:
                os.kill(worker, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.01)
    _, err = finish(process)
    assert killed and "Traceback" not in err
    assert process.returncode in (1, 2)  # 1 only if every rerun outran the killing (it never has)
    if process.returncode == 2:
        [line] = err.splitlines()
        assert line.startswith("dklint: not checked, a worker process died twice while checking: ")
        named = line.split(": ", 2)[2].split(" and ")[0].split(", ")
        report = json.loads((tmp_path / "report.json").read_text())
        lost = {finding["path"] for finding in report["findings"] if finding["message"] == LOST}
        assert named and set(named) <= lost
        assert len(report["inputs"]) == LABELS  # the lost ones are in the report too, as not checked


# -- signals ----------------------------------------------------------------------------------------------

@needs_proc
@pytest.mark.parametrize("name, jobs, whole_group", [
    ("SIGINT", 1, True), ("SIGINT", 2, True),  # Ctrl-C: the terminal signals the whole group
    ("SIGTERM", 1, False), ("SIGTERM", 2, False),  # `kill PID`
    ("SIGTERM", 2, True), ("SIGHUP", 2, True),  # a CI runner or a closed terminal stopping everything
])
def test_a_signal_stops_the_run_with_one_line_exit_2_and_nothing_left_behind(labels, tmp_path, name, jobs, whole_group):
    number = getattr(signal, name)
    (tmp_path / "report.json").write_text("the old report\n")
    process = start(labels, tmp_path, jobs)
    writing = lambda: any(path.name.endswith(".tmp") for path in tmp_path.iterdir())  # noqa: E731
    assert wait_until(lambda: writing() or process.poll() is not None)
    time.sleep(0.5)
    assert process.poll() is None, "the run ended before the signal"
    (os.killpg if whole_group else os.kill)(process.pid, number)
    _, err = finish(process)
    expected = "dklint: interrupted\n" if number == signal.SIGINT else f"dklint: interrupted by {name}\n"
    assert (process.returncode, err) == (2, expected)  # one line: no traceback from dklint or a worker
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json"]
    assert (tmp_path / "report.json").read_text() == "the old report\n"


def test_after_a_signal_only_the_killed_pools_exit_race_is_kept_quiet(monkeypatch):
    """Python 3.11's pool exit hook may write to a wake-up pipe its thread has just closed (a busy machine,
    after the workers were killed): that OSError is not printed once a signal stopped the run; others are."""
    from types import SimpleNamespace

    from dklint.cli import stopping

    def raised_in(filename: str) -> OSError:
        try:
            exec(compile("raise OSError(9, 'Bad file descriptor')", filename, "exec"), {})
        except OSError as error:
            return error
        raise AssertionError("not raised")

    printed = []
    hook = stopping._quiet_about_interrupted(printed.append)
    pool = raised_in(os.path.join("lib", "concurrent", "futures", "process.py"))
    other = raised_in(os.path.join("lib", "elsewhere.py"))
    monkeypatch.setattr(stopping, "_received", [])
    hook(SimpleNamespace(exc_value=pool, exc_traceback=pool.__traceback__))
    assert len(printed) == 1  # no signal: an error like any other
    monkeypatch.setattr(stopping, "_received", [signal.SIGHUP])
    hook(SimpleNamespace(exc_value=pool, exc_traceback=pool.__traceback__))
    hook(SimpleNamespace(exc_value=other, exc_traceback=other.__traceback__))
    assert [u.exc_value for u in printed] == [pool, other]


def test_a_forked_worker_still_holding_the_handlers_ignores_ctrl_c_and_stops_quietly_on_sigterm():
    """A signal can reach a pool worker before its initializer resets the handlers it was forked with (the
    pool sends SIGTERM to its workers when one died): it must not raise there and print a traceback."""
    script = (
        "import os, signal, sys, time\n"
        "from dklint.cli.stopping import catch_stopping_signals\n"
        "catch_stopping_signals()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"  # ignored, as the worker's own handler does
        "    os.kill(os.getpid(), signal.SIGTERM)\n"  # stops it, as the default does
        "    time.sleep(5)\n"
        "    os._exit(0)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "print(os.WIFSIGNALED(status) and os.WTERMSIG(status))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert (done.stdout, done.stderr) == (f"{int(signal.SIGTERM)}\n", "")
