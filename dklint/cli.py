"""The ``dklint`` command line.

Exit codes are a contract with CI: 0 no finding at or above ``--fail-on``,
1 findings at or above it, 2 a usage, configuration or rule-file error (printed
as ``file:line: what is wrong`` before any input is read). Nothing else, and
never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from dklint import __version__
from dklint.cli_options import FAIL_ON, FORMATS, CheckOptions, check_options
from dklint.rules.loader import RuleLoadError, load_rules

__all__ = ["FAIL_ON", "FORMATS", "UsageFailure", "cli", "main"]


class UsageFailure(click.ClickException):
    exit_code = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dklint")
def cli() -> None:
    """dklint: compliance linter for dietary-supplement labels and product specs."""


def load_ruleset_or_exit(rules_dirs: tuple[Path, ...] = ()):
    try:
        return load_rules(rules_dirs)
    except RuleLoadError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise SystemExit(2) from None


def use_color(stream, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


@cli.command()
@check_options
def check(**values) -> None:
    """Check label texts (.txt), product specs (.json), catalogs (.jsonl, .csv) and folders of them.

    '-' reads stdin. Settings come from the closest dklint.toml or [tool.dklint]
    in pyproject.toml; options given here override them.
    """
    from dklint.cli_check import run_check

    raise SystemExit(run_check(CheckOptions(**values)))


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("dklint: interrupted", err=True)
        raise SystemExit(2) from None
    except Exception as error:  # noqa: BLE001 - a bug in dklint: a message and exit 2, never a traceback
        if os.environ.get("DKLINT_DEBUG"):
            raise
        click.echo(f"dklint: internal error: {type(error).__name__}: {error} "
                   "(set DKLINT_DEBUG=1 for the traceback, and please report it)", err=True)
        raise SystemExit(2) from None


from dklint import cli_rules  # noqa: E402,F401  (registers the rules, rule, schema and test-rules commands)
