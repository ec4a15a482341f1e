"""The ``dklint`` command line: the command group, and every command registered from one list.

Exit codes are a contract with CI: 0 no finding at or above ``--fail-on``,
1 findings at or above it, 2 a usage, configuration or rule-file error (printed
as ``file:line: what is wrong`` before any input is read). Nothing else, and
never a traceback.

``COMMANDS`` names every command and where it is defined; a command's module is
imported only when that command runs (or when ``--help`` lists them all), so
``dklint rules`` never loads the checking machinery and ``dklint check`` never
loads the documentation writer. To add a command: write it as a
``@click.command`` in a module of this package and add one line here.
"""

from __future__ import annotations

import os
import signal
from importlib import import_module

import click

from dklint import __version__
from dklint.cli.stopping import Interrupted, catch_stopping_signals

# command name -> "module:attribute" of its click command, in the order --help lists them
COMMANDS: dict[str, str] = {
    "check": "dklint.cli.check:check",
    "rules": "dklint.cli.rules:list_rules",
    "rule": "dklint.cli.rules:show_rule",
    "docs": "dklint.cli.rules:write_docs",
    "schema": "dklint.cli.rules:show_schema",
    "test-rules": "dklint.cli.rules:test_rules",
    "clean": "dklint.cli.rules:clean",
    "lsp": "dklint.cli.lsp:serve_lsp",
}


class CommandGroup(click.Group):
    """A click group whose commands come from ``COMMANDS``, each imported when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        return getattr(import_module(module), attribute)


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dklint")
def cli() -> None:
    """dklint: compliance linter for dietary-supplement labels and product specs."""


def main() -> None:
    catch_stopping_signals()
    try:
        cli(standalone_mode=True)
    except (Interrupted, KeyboardInterrupt) as stop:
        reason = f" by {stop}" if isinstance(stop, Interrupted) and stop.number != signal.SIGINT else ""
        click.echo(f"dklint: interrupted{reason}", err=True)
        raise SystemExit(2) from None
    except Exception as error:  # noqa: BLE001 - a bug in dklint: a message and exit 2, never a traceback
        if os.environ.get("DKLINT_DEBUG"):
            raise
        click.echo(f"dklint: internal error: {type(error).__name__}: {error} "
                   "(set DKLINT_DEBUG=1 for the traceback, and please report it)", err=True)
        raise SystemExit(2) from None
