"""The progress bar: only on a terminal, never in CI or pipes, only for runs that take a while."""

from __future__ import annotations

import io
import subprocess
import sys
import time

from dklint.cli.progress import Progress, wanted


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal_outside_ci():
    assert wanted(FakeTerminal(), environ={}) is True
    assert wanted(FakeTerminal(), environ={"CI": "true"}) is False
    assert wanted(FakeTerminal(), quiet=True, environ={}) is False
    assert wanted(FakeTerminal(), environ={"TERM": "dumb"}) is False
    assert wanted(io.StringIO(), environ={}) is False  # piped
    assert wanted(FakeTerminal(), environ={}, report_on_terminal=True) is False


def test_a_quick_run_prints_nothing():
    stream = FakeTerminal()
    with Progress(total=1000, stream=stream, delay=5) as progress:
        assert list(progress.track(range(1000))) == list(range(1000))
    assert stream.getvalue() == "" and progress.count == 1000


def test_a_slow_run_shows_count_rate_and_goes_away():
    stream = FakeTerminal()
    with Progress(total=40, stream=stream, delay=0.05, interval=0.01) as progress:
        for _ in progress.track(range(40)):
            time.sleep(0.004)
    output = stream.getvalue()
    assert "/40" in output and "/s" in output
    assert output.endswith("\x1b[2K")  # transient: the last thing written erases the bar


def test_unknown_total_shows_count_without_eta():
    stream = FakeTerminal()
    with Progress(stream=stream, delay=0.0, interval=0.0) as progress:
        for _ in progress.track(range(3)):
            time.sleep(0.01)
    assert "3" in stream.getvalue() and "/s" in stream.getvalue()


def test_disabled_progress_never_imports_rich():
    code = ("import sys, time; from dklint.cli.progress import Progress\n"
            "p = Progress(total=3, enabled=False, delay=0)\n"
            "[time.sleep(0.01) for _ in p.track(range(3))]\n"
            "print('rich' in sys.modules, p.count)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "3"]


def test_the_total_is_counted_only_when_the_bar_appears():
    asked = []

    def count() -> int:
        asked.append(True)
        return 40

    with Progress(stream=FakeTerminal(), delay=5, total_from=count) as progress:
        list(progress.track(range(40)))
    assert asked == []  # a quick run never counts
    stream = FakeTerminal()
    with Progress(stream=stream, delay=0.0, interval=0.0, total_from=count) as progress:
        for _ in progress.track(range(40)):
            time.sleep(0.002)
    assert asked == [True] and "/40" in stream.getvalue()


def test_more_items_than_counted_grow_the_total():
    stream = FakeTerminal()
    with Progress(stream=stream, delay=0.0, interval=0.0, total_from=lambda: 2) as progress:
        for _ in progress.track(range(5)):
            time.sleep(0.002)
    assert "5/5" in stream.getvalue()


def test_the_bar_goes_away_when_the_items_end():
    stream = FakeTerminal()
    progress = Progress(total=3, stream=stream, delay=0.0, interval=0.0)
    for _ in progress.track(range(3)):
        time.sleep(0.002)
    assert progress._bar is None and stream.getvalue().endswith("\x1b[2K")
