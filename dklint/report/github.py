"""GitHub Actions report (``--format github``): workflow commands that become annotations.

::

    ::warning file=labels/d3.txt,line=3,col=12,endLine=3,endColumn=19,title=DK101 vitamin-d-without-k2::Vitamin D3 ...

``error`` findings become ``::error``, ``warning`` ``::warning`` and ``info``
``::notice``. Suppressed findings and findings unchanged since the baseline are
not annotated. Lines are written as results arrive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence, TextIO

from dklint.base.shown import printable
from dklint.findings import InputResult, Located
from dklint.report.run_info import RunInfo, Tally, end_of, notifications

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule

COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "note": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: GitHub reads ``%``, CR and LF specially there; other controls (an ESC
    from a file name or a label) are shown as escapes, so they cannot reach the log as commands."""
    return printable(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: ``:`` and ``,`` would end it early."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{COMMANDS.get(level, 'error')} {props}::{escape_data(message)}\n"


def annotation(finding: Located) -> str:
    end_line, end_column = end_of(finding)
    properties = {"file": finding.path, "line": finding.line, "col": finding.column,
                  "endLine": end_line, "endColumn": end_column, "title": f"{finding.code} {finding.name}"}
    return command(finding.severity, properties, finding.message)


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """One workflow command per problem, as results arrive."""
    tally = Tally()
    reported: set[str] = set()  # paths of unchecked inputs already explained by a finding
    for result in results:
        problems = tally.add(result)
        for finding in problems:
            stream.write(annotation(finding))
        if not result.checked and problems:
            reported.add(result.path)
    # An unchecked input normally has its DK00x finding above; annotate the rest
    # (and inputs that never reached the stream) so no failure goes unseen.
    for notice in notifications(tally, run):
        if notice.path not in reported:
            place = {"file": notice.path} if notice.line is None else {"file": notice.path, "line": notice.line}
            title = "input not checked" + (f": record {notice.product_id}" if notice.product_id else "")
            stream.write(command(notice.level, {**place, "title": title}, notice.message))
