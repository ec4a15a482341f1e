"""Reporters: one module per output format, chosen by name from ``REPORTERS``.

Every reporter is ``write(results, rules, stream, run)``: ``results`` is an
iterable of ``InputResult`` consumed once, as a stream (a catalog can hold
100,000 inputs, so reporters never need the whole list); ``rules`` is every
loaded rule; ``run`` is a ``RunInfo``, whose exit code and notifications are
read only after the last result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, TextIO

from dklint.findings import InputResult
from dklint.report import github, gitlab, html, json_report, jsonl, junit, sarif, text
from dklint.report.run_info import RunInfo

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule

# write(results, rules, stream, run) -> None
Reporter = Callable[[Iterable[InputResult], "list[Rule]", TextIO, RunInfo], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.write,
    "json": json_report.write,
    "jsonl": jsonl.write,
    "sarif": sarif.write,
    "github": github.write,
    "junit": junit.write,
    "gitlab": gitlab.write,
    "html": html.write,
}

__all__ = ["REPORTERS", "RunInfo", "render"]


def render(format_name: str, results: Iterable[InputResult], rules: Iterable[Rule], stream: TextIO,
           run: RunInfo | None = None) -> None:
    """Write ``results`` to ``stream`` in the named format.

    ``rules`` may be any iterable of rules (a ``RuleSet`` too). Raises
    ``ValueError`` for an unknown format name.
    """
    try:
        reporter = REPORTERS[format_name]
    except KeyError:
        known = ", ".join(REPORTERS)
        raise ValueError(f"unknown report format {format_name!r} (known: {known})") from None
    reporter(results, list(rules), stream, run if run is not None else RunInfo())
