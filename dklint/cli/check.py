"""``dklint check``: settings, inputs, rules, baseline and reports wired together.

The run fails (exit 1) if any input has a finding at or above the ``fail-on``
of the settings that checked it; a mistake in use (an option, a config, a rule
file, a baseline, a Dask scheduler that cannot be reached) is exit 2, said
before any input is read.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from dklint.base.atomic import CannotWrite
from dklint.base.shown import printable
from dklint.cli.options import CheckOptions, OptionError, Output, check_options, outputs
from dklint.cli.outputs import check_destinations
from dklint.cli.plans import Plan, plans_for
from dklint.cli.reports import report
from dklint.config.files import ConfigError
from dklint.config.settings import settings_text
from dklint.rules.loader import RuleLoadError
from dklint.rules.selection import SelectionError
from dklint.run.baseline import BaselineError, load_baseline


@click.command()
@check_options
def check(**values) -> None:
    """Check label texts (.txt), product specs (.json), catalogs (.jsonl, .csv) and folders of them.

    '-' reads stdin. Settings come from the closest dklint.toml or [tool.dklint]
    in pyproject.toml; options given here override them. --fix repairs what
    can be repaired first (files are rewritten atomically), then reports the rest.
    """
    raise SystemExit(run_check(CheckOptions(**values)))


def prepare(options: CheckOptions) -> tuple[list[Output], list[Plan], Counter[str] | None]:
    """Everything that can go wrong before the first input is read; raises on a mistake in use."""
    reports = outputs(options)
    plans = plans_for(list(options.paths) or [Path(".")], options)
    if options.show_settings:
        return reports, plans, None
    for plan in plans:
        plan.settings.recipe.verify()  # a rule that does not compile stops the run here, with its file:line
    baseline = load_baseline(options.baseline) if options.baseline else None
    check_destinations(reports, options, plans)
    return reports, plans, baseline


def fixes_wanted(options: CheckOptions, plans: list[Plan]) -> bool:
    return options.diff or options.fix_only or any(plan.settings.fix for plan in plans)


def run_check(options: CheckOptions) -> int:
    """Run ``dklint check``; returns the exit code (0, 1 or 2)."""
    missing = [str(p) for p in options.paths if str(p) != "-" and not p.exists()]
    if missing:
        click.echo(f"dklint: no such file or directory: {printable(', '.join(missing))}", err=True)
        return 2
    try:
        reports, plans, baseline = prepare(options)
    except (ConfigError, RuleLoadError) as error:
        click.echo("\n".join(error.problems), err=True)
        return 2
    except (OptionError, SelectionError, BaselineError, CannotWrite) as error:
        click.echo(f"dklint: {error}", err=True)
        return 2
    if options.show_settings:
        click.echo("\n".join(settings_text(plan.settings, [str(p) for p in plan.paths]) for plan in plans), nl=False)
        return 0
    fixes = None
    if fixes_wanted(options, plans):
        # here, not at the top: the fixing machinery is for --fix, --diff and --fix-only runs only
        from dklint.cli.fixing import fix_only_exit, fix_plans, tell

        fixes = fix_plans(plans, options, Path.cwd())
        tell(fixes, options)
        if options.diff or options.fix_only:
            return fix_only_exit(fixes, options)
    client = None
    if options.engine == "dask":
        from dklint.run.dask_engine import SchedulerError, connect  # here: only a Dask run needs it

        try:
            client = connect(options.scheduler)
        except SchedulerError as error:  # before any input is read or any report begins
            click.echo(f"dklint: {error}", err=True)
            return 2
    try:
        code = report(reports, plans, options, baseline, client, fixes.fixed if fixes else 0)
    except CannotWrite as error:  # a full disk while writing: the old file is left as it was
        click.echo(f"dklint: {error}", err=True)
        return 2
    finally:
        if client is not None:
            client.close()
    if fixes is not None and fixes.failed:
        return 2  # a file that could not be fixed (said on stderr): an error, whatever the findings
    return 0 if code == 1 and (options.exit_zero or options.write_baseline) else code
