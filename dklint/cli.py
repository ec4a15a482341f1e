"""The ``dklint`` command line.

Exit codes are a contract with CI: 0 no finding at or above ``--fail-on``,
1 findings at or above it, 2 a usage, configuration or rule-file error (printed
as ``file:line: what is wrong`` before any input is read). Nothing else, and
never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dklint import __version__
from dklint.discover import Filters
from dklint.rules.loader import RuleLoadError, load_rules

FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit", "gitlab")
FAIL_ON = ("error", "warning", "info", "never")


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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding of this severity or worse is reported.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (errors in use still exit 2).")
@click.option("--select", multiple=True, help="Run only these codes or prefixes (DK1, DK101). Repeatable.")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes. Repeatable.")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Extra rule directory (user packs). Repeatable.")
@click.option("--stdin-filename", help="Name to report for input read from '-'. Its suffix picks the input kind.")
@click.option("--statistics", is_flag=True, help="Print counts per rule after the report (text format).")
@click.option("--no-color", is_flag=True, help="Never colour the text report (NO_COLOR is honoured too).")
def check(paths, output_format, output, fail_on, exit_zero, select, ignore, rules_dir, stdin_filename,
          statistics, no_color) -> None:
    """Check label texts (.txt), product specs (.json) and folders of them. '-' reads stdin."""
    from dklint.cli_check import run_check

    code = run_check(
        paths=list(paths) or [Path(".")], output_format=output_format, output=output, fail_on=fail_on,
        select=select, ignore=ignore, rules_dirs=tuple(rules_dir), stdin_filename=stdin_filename,
        statistics=statistics, no_color=no_color, filters=Filters(),
    )
    raise SystemExit(0 if exit_zero else code)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("dklint: interrupted", err=True)
        raise SystemExit(2) from None


from dklint import cli_rules  # noqa: E402,F401  (registers the rules, rule, schema and test-rules commands)
