"""A progress bar on stderr for long runs: count, rate, elapsed time and ETA.

It appears only when stderr is a terminal, the ``CI`` environment variable is
not set, ``--quiet`` was not given, and the run has lasted longer than
``delay`` seconds (0.5 by default): a quick check prints nothing extra, and
logs and pipes never get control characters. The bar goes away when the run
ends (it is transient), so the report that follows is not pushed around.

rich is imported only once the bar is about to appear. Updates are batched
(at most every ``interval`` seconds), so counting 20,000 results a second
costs next to nothing.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


def wanted(stream: IO[str] | None = None, quiet: bool = False, environ: dict[str, str] | None = None,
           report_on_terminal: bool = False) -> bool:
    """Whether a progress bar belongs on ``stream`` (stderr by default).

    ``report_on_terminal``: the report is being written to the same terminal
    as it runs (text on stdout); the findings themselves show progress there, and
    a bar redrawn between them would tear the report, so there is none.
    """
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    if quiet or report_on_terminal or environ.get("CI") or environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", None)) and stream.isatty()


class Progress:
    """Counts results as they pass; shows a bar once the run is slow enough to want one.

    ``total`` is the number of items when known (then the bar has an ETA), or
    ``total_from`` counts them when the bar is about to appear (see
    ``dklint.inputs.run_size``); with neither, the bar shows the count and the rate only.
    Use as a context manager around ``track``.
    """

    def __init__(self, total: int | None = None, *, enabled: bool = True, stream: IO[str] | None = None,
                 delay: float = 0.5, interval: float = 0.1, label: str = "checking",
                 total_from: Callable[[], int | None] | None = None) -> None:
        self.total, self.enabled, self.stream = total, enabled, stream
        self.delay, self.interval, self.label = delay, interval, label
        self.total_from = total_from  # asked once, when the bar appears: a quick run never counts
        self.count = 0
        self._start = time.monotonic()
        self._next_look = self._start + delay
        self._bar = None
        self._task = None

    def __enter__(self) -> "Progress":
        self._start = time.monotonic()
        self._next_look = self._start + self.delay
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Pass every item through, counting it; the bar goes away when the items do."""
        try:
            for item in items:
                self.count += 1
                # checking the clock is cheap; touching the terminal is not
                if self.enabled and time.monotonic() >= self._next_look:
                    self._refresh()
                yield item
        finally:
            self.close()  # what follows (reports written after the run) gets a clean line or its own bar

    def _refresh(self) -> None:
        now = time.monotonic()
        self._next_look = now + self.interval
        if self._bar is None:
            if self.total is None and self.total_from is not None:
                self.total = self.total_from()
            self._show()
        if self.total is not None and self.count > self.total:  # inputs added since they were counted
            self.total = self.count
            self._bar.update(self._task, total=self.total)
        self._bar.update(self._task, completed=self.count, rate=f"{self.rate():,.0f}/s")
        self._bar.refresh()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        console = Console(file=self.stream or sys.stderr, stderr=self.stream is None)
        columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.completed:,}/{task.total:,}"),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
        if self.total is None:
            columns = [columns[0], columns[1], TextColumn("{task.completed:,}"), columns[4], columns[5]]
        self._bar = Bar(*columns, console=console, transient=True, auto_refresh=False)
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=self.total, rate="")
        # the run started before the bar appeared: elapsed time counts from the start
        self._bar.tasks[0].start_time = self._bar.get_time() - (time.monotonic() - self._start)

    def close(self) -> None:
        """Remove the bar (if it was shown)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def rate(self) -> float:
        elapsed = time.monotonic() - self._start
        return self.count / elapsed if elapsed > 0 else 0.0
