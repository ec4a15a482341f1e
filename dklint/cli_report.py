"""The reporting half of ``dklint check``: run the plans, write every report and the baseline."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from dklint import __version__
from dklint.baseline import BaselineWriter
from dklint.cli_check import CheckOptions, Plan, exit_code, filters_for, stream
from dklint.cli_options import Output
from dklint.cli_output import write_reports
from dklint.findings import InputResult
from dklint.report.run_info import RunInfo
from dklint.rules.rule import Rule


def rules_of(plans: list[Plan]) -> list[Rule]:
    """Every loaded rule of every plan, once per code (SARIF lists them all)."""
    rules: dict[str, Rule] = {}
    for plan in plans:
        for rule in plan.settings.recipe.ruleset():
            rules.setdefault(rule.id, rule)
    return [rules[code] for code in sorted(rules)]


def run_infos(reports: list[Output], options: CheckOptions, cwd: Path) -> list[tuple[Output, RunInfo]]:
    from dklint.cli import use_color

    return [(output, RunInfo(tool_version=__version__, srcroot=str(cwd), statistics=options.statistics,
                             color=output.path is None and output.format == "text" and use_color(sys.stdout, options.no_color)))
            for output in reports]


def _finish(results: Iterable[InputResult], plans: list[Plan], runs: list[RunInfo]) -> Iterator[InputResult]:
    """Pass results through; when the last one has gone, give every report the run's outcome."""
    yield from results
    unchecked = [item for plan in plans for item in plan.totals.unchecked]
    for run in runs:
        run.exit_code = exit_code(plans)
        run.execution_successful = not unchecked
        run.notifications = [(path, why, "error") for path, why in unchecked]


def _progress(reports: list[Output], plans: list[Plan], options: CheckOptions):
    """Progress bars on stderr for long runs on a terminal; none in CI, when piped, or with --quiet.

    Returns the bar of the check (its total, for the ETA, is counted only if it
    appears) and a maker of bars for the reports written after the run.
    """
    from dklint.progress import Progress, wanted

    on_terminal = any(out.path is None and out.format in ("text", "github") for out in reports) and sys.stdout.isatty()
    enabled = wanted(sys.stderr, options.quiet, report_on_terminal=on_terminal)

    def expected() -> int | None:
        from dklint.run_size import expected_products

        per_plan = [(plan, filters_for(plan, options)) for plan in plans]  # the run's own files resolved once a plan
        return expected_products((path, filters(path)) for plan, filters in per_plan for path in plan.paths)

    return (Progress(enabled=enabled, total_from=expected),
            lambda label, total: Progress(total, enabled=enabled, label=label))


def report(reports: list[Output], plans: list[Plan], options: CheckOptions, baseline: Counter[str] | None) -> int:
    """Check every plan's inputs, write the reports (and the baseline); return 0 or 1."""
    cwd = Path.cwd()
    writer = BaselineWriter() if options.write_baseline else None
    pairs = run_infos(reports, options, cwd)
    results = _finish(stream(plans, options, cwd, baseline, writer), plans, [run for _, run in pairs])
    checking, writing = _progress(reports, plans, options)
    with checking:
        write_reports(pairs, checking.track(results), rules_of(plans), writing)
    if writer is not None:
        writer.write(options.write_baseline)
    return exit_code(plans)
