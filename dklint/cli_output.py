"""Write one run's results as one or more reports (``--output-format``, repeatable).

Results stream and each reporter consumes its stream once. With one report the
results go straight through. With several, the first report (the one on
stdout, if any) is written as results arrive while each result is also pickled
to a temporary file; the other reports are then written from that file, one
after the other. Memory does not grow with the size of a catalog (the disk
holds one copy of the located findings, not the inputs); the price is that
the later reports are complete only when the run is.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
from contextlib import nullcontext
from typing import IO, Callable, Iterable, Iterator

from dklint.atomic import atomic_text_file
from dklint.cli_options import Output
from dklint.findings import InputResult
from dklint.progress import Progress
from dklint.report import render
from dklint.report.run_info import RunInfo
from dklint.rules.rule import Rule


def _render(output: Output, run: RunInfo, results: Iterable[InputResult], rules: list[Rule]) -> None:
    opener = atomic_text_file(output.path) if output.path is not None else nullcontext(sys.stdout)
    with opener as stream:
        render(output.format, results, rules, stream, run)


class _Spooled:
    """Passes results through while pickling each to ``spool``, counting them."""

    def __init__(self, results: Iterable[InputResult], spool: IO[bytes]) -> None:
        self.results, self.spool, self.count = results, spool, 0

    def __iter__(self) -> Iterator[InputResult]:
        for result in self.results:
            pickle.dump(result, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += 1
            yield result


def _untracked(label: str, total: int) -> Progress:
    return Progress(total, enabled=False)


def _replay(spool: IO[bytes]) -> Iterator[InputResult]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def write_reports(reports: list[tuple[Output, RunInfo]], results: Iterable[InputResult], rules: list[Rule],
                  progress: Callable[[str, int], Progress] = _untracked) -> None:
    """Write every report; the stdout one first, so it streams.

    ``progress(label, total)`` makes the bar of each report written after the
    run (a big SARIF or HTML file can take seconds more).
    """
    reports = sorted(reports, key=lambda report: report[0].path is not None)
    (first, first_run), later = reports[0], reports[1:]
    if not later:
        _render(first, first_run, results, rules)
        return
    with tempfile.TemporaryFile(prefix="dklint-results-") as spool:
        spooled = _Spooled(results, spool)
        live = iter(spooled)
        _render(first, first_run, live, rules)
        for _ in live:  # a reporter that stopped early must not cut the others' results short
            pass
        for output, run in later:
            with progress(f"writing {output.path.name if output.path else output.format}", spooled.count) as bar:
                _render(output, run, bar.track(_replay(spool)), rules)
