"""The command line's paths grouped by the settings that apply to them, and the stream of their results.

Each path on the command line uses the config closest to it (inputs under one
folder share it), so one run can check two teams' folders with their own
rules. A ``Plan`` is a run of consecutive paths with the same settings; its
results pass through per-file-ignores, the baseline and the totals that decide
the exit code.
"""

from __future__ import annotations

import dataclasses
import glob
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from dklint.base.atomic import is_stdout
from dklint.cli.options import CheckOptions, OptionError, outputs
from dklint.config.files import find_config
from dklint.config.settings import CliOverrides, Settings, apply_per_file_ignores, resolve
from dklint.findings import InputResult
from dklint.inputs.filters import Filters
from dklint.run.baseline import BaselineWriter, mark
from dklint.run.engines import compute, items, jobs_for
from dklint.run.totals import RunTotals


@dataclass
class Plan:
    """Command-line paths that share settings, in command-line order."""

    settings: Settings
    paths: list[Path]
    totals: RunTotals = field(default_factory=RunTotals)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select DK101,DK103`` is ``--select DK101 --select DK103``."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def overrides(options: CheckOptions) -> CliOverrides:
    if options.config and options.isolated:
        raise OptionError("--config and --isolated cannot be used together")
    return CliOverrides(select=_split(options.select), ignore=_split(options.ignore),
                        extend_select=_split(options.extend_select),
                        rules_dirs=tuple(str(d) for d in options.rules_dir), fail_on=options.fail_on,
                        config=options.config, isolated=options.isolated, force_exclude=options.force_exclude,
                        fix=options.fix, unsafe_fixes=options.unsafe_fixes)


def plans_for(paths: list[Path], options: CheckOptions) -> list[Plan]:
    """Group consecutive paths by the config that applies to them; resolve each config once."""
    cli = overrides(options)
    resolved: dict[Path | None, Settings] = {}
    found: dict[Path, Path | None] = {}  # folder -> its config: `dklint check *.txt` names many files in one folder
    plans: list[Plan] = []
    for path in paths:
        start = Path(options.stdin_filename or ".") if str(path) == "-" else path
        config = cli.config if cli.config or cli.isolated else _config_for(start, found)
        if config not in resolved:
            resolved[config] = resolve(start, dataclasses.replace(cli, config=config, isolated=config is None))
        if plans and plans[-1].settings is resolved[config]:
            plans[-1].paths.append(path)
        else:
            plans.append(Plan(resolved[config], [path]))
    return plans


def _config_for(start: Path, found: dict[Path, Path | None]) -> Path | None:
    folder = start.resolve()
    folder = folder if folder.is_dir() else folder.parent
    if folder not in found:
        found[folder] = find_config(folder)
    return found[folder]


def own_files(options: CheckOptions) -> frozenset[Path]:
    """Files this run writes or reads besides inputs: a folder walk must not check them (a JSON report is .json)."""
    paths = [options.baseline, options.write_baseline, *(output.path for output in outputs(options))]
    return frozenset(path.resolve() for path in paths if path and not is_stdout(path))


def _filters(filters: Filters, folder: Path, skip: frozenset[Path]) -> Filters:
    """``filters`` plus an exclude for each file in ``skip`` under ``folder``."""
    top = folder.resolve()
    inside = [glob.escape(path.relative_to(top).as_posix()) for path in skip if path.is_relative_to(top)]
    return dataclasses.replace(filters, exclude=(*filters.exclude, *inside)) if inside else filters


def filters_for(plan: Plan, options: CheckOptions) -> Callable[[Path], Filters]:
    """The filters a path of ``plan`` is walked with (a folder also skips this run's own files)."""
    skip = own_files(options)
    return lambda path: _filters(plan.settings.filters, path, skip) if path.is_dir() else plan.settings.filters


def cache_dir(plan: Plan, options: CheckOptions) -> str | None:
    """The result cache folder of the plan's run; None without one (--no-cache, or Dask's workers elsewhere)."""
    if options.no_cache or options.engine == "dask":
        return None
    return str(options.cache_dir or plan.settings.cache_dir)


def _results(plan: Plan, options: CheckOptions, cwd: Path, client=None) -> Iterator[InputResult]:
    """The plan's results, computed by the chosen engine, with the result cache unless --no-cache."""
    work = items(plan.paths, filters_for(plan, options), plan.settings.max_file_bytes, options.stdin_filename, cwd)
    return compute(plan.settings.recipe, work, engine=options.engine, jobs=jobs_for(options.jobs, plan.settings.jobs),
                   cache_dir=cache_dir(plan, options), cache_max_mb=plan.settings.cache_max_mb,
                   scheduler=options.scheduler, client=client)


def stream(plans: list[Plan], options: CheckOptions, cwd: Path, remaining: Counter[str] | None,
           writer: BaselineWriter | None, client=None) -> Iterator[InputResult]:
    """Every input's result, with per-file-ignores and the baseline applied, counted per plan.

    Files skipped as not dklint's are kept apart (``RunTotals.skipped``): no report counts them as inputs.
    ``client``: the Dask client of a ``--engine dask`` run, connected before any input was read.
    """
    for plan in plans:
        results = plan.totals.without_skipped(_results(plan, options, cwd, client))
        results = apply_per_file_ignores(results, plan.settings, cwd)
        if remaining is not None:
            results = mark(results, remaining)
        if writer is not None:
            results = writer.watch(results)
        yield from plan.totals.watch(results)


def exit_code(plans: list[Plan]) -> int:
    return max((plan.totals.exit_code(plan.settings.fail_on) for plan in plans), default=0)
