"""The options of ``dklint check``, kept in one list.

To add an option: one ``click.option`` in ``CHECK_OPTIONS`` and a field of the
same name in ``CheckOptions`` (with the default the option has when not given).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import click

from dklint.base.atomic import is_stdout
from dklint.base.hints import did_you_mean
from dklint.config.checks import FAIL_ON
from dklint.report import FORMATS

_FILE = click.Path(dir_okay=False, path_type=Path)


class OptionError(ValueError):
    """A command-line mistake found after click parsed the options (exit 2)."""


@dataclass(frozen=True)
class CheckOptions:
    paths: tuple[Path, ...] = ()
    output_format: str | None = None
    output: Path | None = None
    output_formats: tuple[str, ...] = ()
    fail_on: str | None = None
    exit_zero: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    rules_dir: tuple[Path, ...] = ()
    config: Path | None = None
    isolated: bool = False
    show_settings: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    stdin_filename: str | None = None
    statistics: bool = False
    no_color: bool = False
    jobs: int | None = None
    no_cache: bool = False
    cache_dir: Path | None = None
    quiet: bool = False
    engine: str = "local"
    scheduler: str | None = None
    force_exclude: bool | None = None
    verbose: bool = False
    fix: bool | None = None  # None: the config's ``fix`` decides
    unsafe_fixes: bool | None = None
    fix_only: bool = False
    diff: bool = False


CHECK_OPTIONS: list[Callable] = [
    click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
    click.option("--format", "-f", "output_format", type=click.Choice(FORMATS),
                 help="Report format (default text). Shorthand for one --output-format."),
    click.option("--output", "-o", type=_FILE,
                 help="Write the --format report to FILE instead of stdout ('-' is stdout)."),
    click.option("--output-format", "output_formats", multiple=True, metavar="FORMAT[=FILE]",
                 help=f"A report: {', '.join(FORMATS)}, to stdout or to FILE ('-' is stdout). Repeatable: "
                      "--output-format sarif=dklint.sarif --output-format text."),
    click.option("--fail-on", type=click.Choice(FAIL_ON),
                 help="Exit 1 when a finding of this severity or worse is reported (config fail-on; default error)."),
    click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (errors in use still exit 2)."),
    click.option("--select", multiple=True, help="Run only these codes or prefixes (DK1, DK101); replaces the config's. Comma-separated or repeated."),
    click.option("--ignore", multiple=True, help="Also skip these codes or prefixes. Comma-separated or repeated."),
    click.option("--extend-select", multiple=True, help="Also run these codes or prefixes. Comma-separated or repeated."),
    click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
                 help="Extra rule directory (user packs), added to the config's extend-rules. Repeatable."),
    click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                 help="Use this dklint.toml or pyproject.toml instead of looking for one."),
    click.option("--isolated", is_flag=True, help="Ignore every config file."),
    click.option("--show-settings", is_flag=True, help="Print the resolved settings and the config files used, then exit."),
    click.option("--baseline", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                 help="Report only findings that are not in this baseline file."),
    click.option("--write-baseline", type=_FILE,
                 help="Record today's findings in FILE ('-' is stdout; then exit 0 unless there is an error in use)."),
    click.option("--stdin-filename", help="Name to report for input read from '-'. Its suffix picks the input kind."),
    click.option("--statistics", is_flag=True, help="Print counts per rule after the report (text format)."),
    click.option("--no-color", is_flag=True, help="Never colour the text report (NO_COLOR is honoured too)."),
    click.option("--jobs", "-j", type=click.IntRange(min=1),
                 help="Processes to check with (config jobs; default: the CPUs available)."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                 help="Result cache folder (config cache-dir; default .dklint_cache beside the config)."),
    click.option("--force-exclude/--no-force-exclude", default=None,
                 help="Leave out named files as a folder walk would: exclude globs, ignore files, default excludes, "
                      "files that are not labels (config force-exclude; on in the pre-commit hook and the Action)."),
    click.option("--verbose", "-v", is_flag=True,
                 help="Also list the files skipped as not labels, specs or catalogs, with the reason (text report)."),
    click.option("--fix/--no-fix", default=None,
                 help="Apply the safe fixes to the files, then report what is left (config fix)."),
    click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
                 help="Also apply (with --fix), or offer, the fixes that change what a label says (config unsafe-fixes)."),
    click.option("--fix-only", is_flag=True,
                 help="Apply the fixes and report only how many; exit 0 even with problems left. Implies --fix."),
    click.option("--diff", is_flag=True,
                 help="Print what --fix would change as a unified diff and write nothing; exit 1 if there is "
                      "something to fix. Implies --fix-only."),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                 help="Where to check: this machine's cores, or a Dask cluster (needs pip install 'dask[distributed]')."),
    click.option("--scheduler", metavar="ADDRESS",
                 help="Dask scheduler address for --engine dask (tcp://host:8786); default: a local cluster."),
]


def check_options(function: Callable) -> Callable:
    for option in reversed(CHECK_OPTIONS):
        function = option(function)
    return function


@dataclass(frozen=True)
class Output:
    """One report of a run: a format, written to ``path`` or to stdout."""

    format: str
    path: Path | None = None


def _output(spec: str) -> Output:
    name, _, file = spec.partition("=")
    name = name.strip().lower()
    if name not in FORMATS:
        raise OptionError(f'--output-format: unknown format "{name}"{did_you_mean(name, FORMATS)} (known: {", ".join(FORMATS)})')
    if _ and not file.strip():
        raise OptionError(f'--output-format: "{spec}" names no file after "="')
    return Output(name, _file(file.strip() or None))


def _file(path: str | Path | None) -> Path | None:
    """A report's file; None for stdout (no file, or '-')."""
    return None if is_stdout(path) else Path(path)


def outputs(options: CheckOptions) -> list[Output]:
    """Every report to write: ``--format``/``--output`` first, then each ``--output-format``."""
    chosen = [_output(spec) for spec in options.output_formats]
    if options.output_format or options.output or not chosen:
        chosen.insert(0, Output(options.output_format or "text", _file(options.output)))
    to_stdout = [o.format for o in chosen if o.path is None]
    if len(to_stdout) > 1:
        raise OptionError(f"only one report can go to stdout, got {len(to_stdout)} ({', '.join(to_stdout)}): "
                          "give the others a file, like sarif=dklint.sarif")
    if to_stdout and options.write_baseline is not None and is_stdout(options.write_baseline):
        raise OptionError(f"the baseline and the {to_stdout[0]} report would both go to stdout: "
                          "give the report a file, like -o report.txt")
    files = [o.path.resolve() for o in chosen if o.path is not None]
    if len(set(files)) != len(files):
        raise OptionError("two reports would be written to the same file")
    return chosen
