"""Reporters: one module per output format, chosen by name from ``REPORTERS``.

This package owns the output formats: ``REPORTERS`` is the one list of them, and
the command line's ``--format`` choices are derived from it. To add a format,
write a module with a ``write`` function of the shape below and add one line to
``REPORTERS``. Reporters import findings and the run's facts (``run_info``),
never the engine or the CLI.

Every reporter is ``write(results, rules, stream, run)``: ``results`` is an
iterable of ``InputResult`` consumed once, as a stream (a catalog can hold
100,000 inputs, so reporters never need the whole list); ``rules`` is every
loaded rule; ``run`` is a ``RunInfo``, whose exit code and notifications are
read only after the last result.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import TYPE_CHECKING, Callable, Iterable, TextIO

from dklint.findings import InputResult
from dklint.report.run_info import RunInfo

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule

# write(results, rules, stream, run) -> None
Reporter = Callable[[Iterable[InputResult], "list[Rule]", TextIO, RunInfo], None]

# format name -> the module whose ``write`` renders it; imported only when that format is asked for
# (junit's XML escaping alone pulls in urllib and ssl: 15 ms of a one-label run)
REPORTERS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
    "html": "html.page",
}
FORMATS: tuple[str, ...] = tuple(REPORTERS)  # what --format and --output-format accept

# format name -> what a report of that format looks like (searched in its first and last 16 KiB):
# where a run walks a folder, a report dklint wrote there before may be overwritten, any other
# file the walk would check may not (see dklint.cli.outputs). tests/test_faults_writes.py holds
# these against the golden reports and the fixtures.
_CODE = r"[A-Z][A-Z0-9]*[0-9]"
SIGNATURES: dict[str, re.Pattern[str]] = {
    "text": re.compile(rf"(?m)^(?:[^\n]+:\d+:\d+: {_CODE} \[(?:error|warning|info)\] |Found [\d,]+ problems? \("
                       r"|All [\d,]+ inputs? checked|No inputs to check\.$)"),
    "json": re.compile(r'\A\{\s*"version": "[^"\n]*",\s*"findings": \['),
    "jsonl": re.compile(rf'\A\{{"code": "{_CODE}", "name": '),
    "sarif": re.compile(r'\A\{\s*"\$schema": "[^"]*sarif[^"]*",\s*"version": "[^"]*",\s*"runs": \[\s*\{\s*"tool": '
                        r'\{\s*"driver": \{\s*"name": "dklint"'),
    "github": re.compile(r"\A::(?:error|warning|notice) (?:file|title)="),
    "junit": re.compile(r'\A<\?xml [^>\n]*\?>\s*<testsuites name="dklint"'),
    "gitlab": re.compile(r'\A\[\s*(?:\{"description": "|\]\s*\Z)'),
    "html": re.compile(r"\A<!DOCTYPE html>\s*<html[^>]*><head>.{0,2000}?<title>dklint report</title>", re.DOTALL),
}

__all__ = ["FORMATS", "REPORTERS", "SIGNATURES", "RunInfo", "looks_like_report", "reporter", "render"]


def looks_like_report(head: str, tail: str) -> bool:
    """True when a file that starts with ``head`` and ends with ``tail`` is a report dklint wrote."""
    return any(pattern.search(head) or pattern.search(tail) for pattern in SIGNATURES.values())


def reporter(format_name: str) -> Reporter:
    """The ``write`` function of the named format; ``ValueError`` for an unknown name."""
    try:
        module = REPORTERS[format_name]
    except KeyError:
        known = ", ".join(REPORTERS)
        raise ValueError(f"unknown report format {format_name!r} (known: {known})") from None
    return import_module(f"dklint.report.{module}").write


def render(format_name: str, results: Iterable[InputResult], rules: Iterable[Rule], stream: TextIO,
           run: RunInfo | None = None) -> None:
    """Write ``results`` to ``stream`` in the named format.

    ``rules`` may be any iterable of rules (a ``RuleSet`` too). Raises
    ``ValueError`` for an unknown format name.
    """
    reporter(format_name)(results, list(rules), stream, run if run is not None else RunInfo())
