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
from typing import IO, Iterable, Iterator

from dklint.atomic import atomic_text_file
from dklint.cli_options import Output
from dklint.findings import InputResult
from dklint.report import render
from dklint.report.run_info import RunInfo
from dklint.rules.rule import Rule


def _render(output: Output, run: RunInfo, results: Iterable[InputResult], rules: list[Rule]) -> None:
    opener = atomic_text_file(output.path) if output.path is not None else nullcontext(sys.stdout)
    with opener as stream:
        render(output.format, results, rules, stream, run)


def _spooled(results: Iterable[InputResult], spool: IO[bytes]) -> Iterator[InputResult]:
    for result in results:
        pickle.dump(result, spool, protocol=pickle.HIGHEST_PROTOCOL)
        yield result


def _replay(spool: IO[bytes]) -> Iterator[InputResult]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def write_reports(reports: list[tuple[Output, RunInfo]], results: Iterable[InputResult], rules: list[Rule]) -> None:
    """Write every report; the stdout one first, so it streams."""
    reports = sorted(reports, key=lambda report: report[0].path is not None)
    (first, first_run), later = reports[0], reports[1:]
    if not later:
        _render(first, first_run, results, rules)
        return
    with tempfile.TemporaryFile(prefix="dklint-results-") as spool:
        live = _spooled(results, spool)
        _render(first, first_run, live, rules)
        for _ in live:  # a reporter that stopped early must not cut the others' results short
            pass
        for output, run in later:
            _render(output, run, _replay(spool), rules)
