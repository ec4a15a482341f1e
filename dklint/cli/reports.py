"""The reporting half of ``dklint check``: run the plans, write every report and the baseline.

Results stream and each reporter consumes its stream once. With one report the
results go straight through. With several, the first report (the one on
stdout, if any) is written as results arrive while each result is also pickled
to a temporary file; the other reports are then written from that file, one
after the other. Memory does not grow with the size of a catalog (the disk
holds one copy of the located findings, not the inputs); the price is that
the later reports are complete only when the run is. A progress bar on stderr
follows a long run on a terminal, and each report written after it.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

import click

from dklint import __version__
from dklint.base.atomic import output_stream
from dklint.cli.options import CheckOptions, Output
from dklint.cli.plans import Plan, exit_code, filters_for, stream
from dklint.cli.progress import Progress, wanted
from dklint.cli.stopping import raise_if_stopped, until_stopped
from dklint.findings import InputResult
from dklint.report import render
from dklint.report.run_info import RunInfo
from dklint.rules.rule import Rule
from dklint.run.baseline import BaselineWriter


LOST_NAMED = 20  # inputs named on stderr when their worker died; the report has them all


def use_color(stream, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def rules_of(plans: list[Plan]) -> list[Rule]:
    """Every loaded rule of every plan, once per code (SARIF lists them all)."""
    rules: dict[str, Rule] = {}
    for plan in plans:
        for rule in plan.settings.recipe.ruleset():
            rules.setdefault(rule.id, rule)
    return [rules[code] for code in sorted(rules)]


def run_infos(reports: list[Output], options: CheckOptions, cwd: Path, plans: list[Plan] = (),
              fixed: int = 0) -> list[tuple[Output, RunInfo]]:
    unsafe_fixes = any(plan.settings.unsafe_fixes for plan in plans)
    return [(output, RunInfo(tool_version=__version__, srcroot=str(cwd), statistics=options.statistics,
                             verbose=options.verbose, fixed=fixed, unsafe_fixes=unsafe_fixes,
                             color=output.path is None and output.format == "text" and use_color(sys.stdout, options.no_color)))
            for output in reports]


def _finish(results: Iterable[InputResult], plans: list[Plan], runs: list[RunInfo]) -> Iterator[InputResult]:
    """Pass results through; when the last one has gone, give every report the run's outcome."""
    yield from results
    unchecked = [item for plan in plans for item in plan.totals.unchecked]
    skipped = [item for plan in plans for item in plan.totals.skipped]
    for run in runs:
        run.exit_code = exit_code(plans)
        run.execution_successful = not unchecked
        run.notifications = [(path, why, "error") for path, why in unchecked]
        run.skipped = skipped


def _progress(reports: list[Output], plans: list[Plan], options: CheckOptions):
    """Progress bars on stderr for long runs on a terminal; none in CI, when piped, or with --quiet.

    Returns the bar of the check (its total, for the ETA, is counted only if it
    appears) and a maker of bars for the reports written after the run.
    """
    on_terminal = any(out.path is None and out.format in ("text", "github") for out in reports) and sys.stdout.isatty()
    enabled = wanted(sys.stderr, options.quiet, report_on_terminal=on_terminal)

    def expected() -> int | None:
        from dklint.inputs.run_size import expected_products

        per_plan = [(plan, filters_for(plan, options)) for plan in plans]  # the run's own files resolved once a plan
        return expected_products((path, filters(path)) for plan, filters in per_plan for path in plan.paths)

    return (Progress(enabled=enabled, total_from=expected),
            lambda label, total: Progress(total, enabled=enabled, label=label))


def report(reports: list[Output], plans: list[Plan], options: CheckOptions, baseline: Counter[str] | None,
           client=None, fixed: int = 0) -> int:
    """Check every plan's inputs, write the reports (and the baseline); return 0, 1, or 2 when inputs were lost.

    ``client`` is the Dask client of a ``--engine dask`` run (see ``dklint.cli.check``); ``fixed``, the
    number of fixes --fix applied before the run (the text report's summary says it).
    """
    cwd = Path.cwd()
    writer = BaselineWriter() if options.write_baseline else None
    pairs = run_infos(reports, options, cwd, plans, fixed)
    results = _finish(until_stopped(stream(plans, options, cwd, baseline, writer, client)), plans, [run for _, run in pairs])
    checking, writing = _progress(reports, plans, options)
    with checking:
        write_reports(pairs, checking.track(results), rules_of(plans), writing)
    raise_if_stopped()  # a signal whose exception Python swallowed while the last results were written
    if writer is not None:
        writer.write(options.write_baseline)
    lost = [path for plan in plans for path in plan.totals.lost]
    if lost:
        # a report alone could pass for a clean run: say it where a person or CI log sees it
        more = f" and {len(lost) - LOST_NAMED:,} more (DK009 in the report)" if len(lost) > LOST_NAMED else ""
        click.echo("dklint: not checked, a worker process died twice while checking: "
                   + ", ".join(lost[:LOST_NAMED]) + more, err=True)
    return exit_code(plans)


# -- writing the reports -------------------------------------------------------------------------

def _render(output: Output, run: RunInfo, results: Iterable[InputResult], rules: list[Rule]) -> None:
    with output_stream(output.path) as stream:
        render(output.format, results, rules, stream, run)


class _Spooled:
    """Passes results through while pickling each to ``spool``, counting them."""

    def __init__(self, results: Iterable[InputResult], spool: IO[bytes]) -> None:
        self.results, self.spool, self.count = results, spool, 0

    def __iter__(self) -> Iterator[InputResult]:
        import pickle  # here: a run with one report (a pre-commit hook's) spools nothing

        for result in self.results:
            pickle.dump(result, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += 1
            yield result


def _untracked(label: str, total: int) -> Progress:
    return Progress(total, enabled=False)


def _replay(spool: IO[bytes]) -> Iterator[InputResult]:
    import pickle

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
    import tempfile  # only when several reports share one run

    with tempfile.TemporaryFile(prefix="dklint-results-") as spool:
        spooled = _Spooled(results, spool)
        live = iter(spooled)
        _render(first, first_run, live, rules)
        for _ in live:  # a reporter that stopped early must not cut the others' results short
            pass
        for output, run in later:
            with progress(f"writing {output.path.name if output.path else output.format}", spooled.count) as bar:
                _render(output, run, bar.track(_replay(spool)), rules)
