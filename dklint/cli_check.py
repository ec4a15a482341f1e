"""``dklint check``: wire inputs, rules and reporters together."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Iterable, Iterator

import click

from dklint import __version__
from dklint.atomic import atomic_text_file
from dklint.discover import Filters
from dklint.findings import InputResult
from dklint.recipe import CheckerRecipe
from dklint.rules.loader import RuleLoadError
from dklint.runner import RunTotals, iter_results, iter_sources, stdin_source
from dklint.selection import SelectionError


def _sources(paths: list[Path], filters: Filters, stdin_filename: str | None):
    root = Path.cwd()
    for path in paths:
        if str(path) == "-":
            yield stdin_source(sys.stdin.buffer.read(), stdin_filename or "<stdin>")
        else:
            yield from iter_sources([path], filters, root)


def _finish(results: Iterable[InputResult], totals: RunTotals, run, fail_on: str) -> Iterator[InputResult]:
    """Pass results through; when the last one has gone, fill in the run's outcome."""
    yield from totals.watch(results)
    run.exit_code = totals.exit_code(fail_on)
    run.execution_successful = not totals.unchecked
    run.notifications = [(path, why, "error") for path, why in totals.unchecked]


def run_check(*, paths, output_format, output, fail_on, select, ignore, rules_dirs, stdin_filename,
              statistics, no_color, filters: Filters) -> int:
    from dklint.cli import use_color
    from dklint.report import render
    from dklint.report.run_info import RunInfo

    missing = [str(p) for p in paths if str(p) != "-" and not p.exists()]
    if missing:
        click.echo(f"dklint: no such file or directory: {', '.join(missing)}", err=True)
        return 2
    recipe = CheckerRecipe.create(rules_dirs=rules_dirs, select=select, ignore=ignore)
    try:
        checker = recipe.build()
    except RuleLoadError as error:
        click.echo("\n".join(error.problems), err=True)
        return 2
    except SelectionError as error:
        click.echo(f"dklint: {error}", err=True)
        return 2
    ruleset = checker.ruleset
    totals = RunTotals()
    opener = atomic_text_file(output) if output else nullcontext(sys.stdout)
    with opener as stream:
        run = RunInfo(tool_version=__version__, exit_code=0, execution_successful=True, notifications=[],
                      srcroot=str(Path.cwd()), color=output is None and use_color(stream, no_color),
                      statistics=statistics)
        results = _finish(iter_results(checker, _sources(paths, filters, stdin_filename)), totals, run, fail_on)
        render(output_format, results, list(ruleset), stream, run)
    return totals.exit_code(fail_on)
