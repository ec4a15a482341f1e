"""What every reporter knows about the run, and the bookkeeping they share.

``RunInfo`` is filled in by the caller. Results arrive as a stream, and the exit
code is only known once the last result has gone by, so reporters read
``exit_code``, ``execution_successful``, ``notifications``, ``skipped`` and
``end_time`` only *after* they have consumed the results: the caller may still
update them while the stream runs.

``Tally`` counts what a report's summary needs without keeping the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from dklint import __version__
from dklint.findings import InputResult, Located, why_not_checked
from dklint.inputs.read import kind_for


@dataclass
class RunInfo:
    """Facts about the run that are not in the results themselves."""

    tool_version: str = __version__
    exit_code: int = 0
    execution_successful: bool = True
    # (path, message, level) for inputs that could not be checked; level is
    # "error", "warning" or "note". Inputs in the stream with checked=False are
    # reported even when they are not listed here.
    notifications: list[tuple[str, str, str]] = field(default_factory=list)
    start_time: str | None = None  # ISO 8601 UTC, e.g. "2025-01-31T12:00:00Z"
    end_time: str | None = None
    srcroot: str | None = None  # absolute folder that display paths are relative to
    color: bool = False
    statistics: bool = False
    # (path, why) for files met while walking that are not dklint's to check (a README,
    # package.json): not inputs, so no report counts them; text lists them when verbose.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    verbose: bool = False
    fixed: int = 0  # fixes --fix applied before the run
    unsafe_fixes: bool = False  # unsafe fixes are applied (and offered) too: --unsafe-fixes


def end_of(finding: Located) -> tuple[int, int]:
    """End line and (exclusive) end column, never before the start.

    An empty span is widened to one character so that viewers (GitHub's
    annotations among them) have something to underline.
    """
    end_line = max(finding.end_line, finding.line)
    end_column = finding.end_column
    if end_line == finding.line and end_column <= finding.column:
        end_column = finding.column + 1
    return end_line, end_column


def is_record(result: InputResult) -> bool:
    """A record of a catalog (a JSONL line, a CSV row), not a file of its own."""
    return result.first_line > 1 or kind_for(result.path) == "catalog"


def where(result: InputResult) -> str:
    """Where an input is: its path, and a catalog record's first line after it (``catalog.jsonl:3``)."""
    return f"{result.path}:{result.first_line}" if is_record(result) else result.path


def record_name(product_id: str | None, path: str) -> str | None:
    """A record's product id as a report shows it beside its line; None when it says no more than
    ``path:line`` (a record without an id is named by its line)."""
    if not product_id or product_id == path:
        return None
    before, _, line = product_id.rpartition(":")
    return None if before == path and line.isdigit() else product_id


@dataclass(frozen=True)
class Notice:
    """An input that could not be checked: its path, why, and for a catalog record its line and product id."""

    path: str
    message: str
    level: str = "error"  # "error", "warning" or "note"
    line: int | None = None  # a record's first line
    product_id: str | None = None  # a record's id, when it has one

    @property
    def where(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    @classmethod
    def of(cls, result: InputResult) -> "Notice":
        if not is_record(result):
            return cls(result.path, why_not_checked(result))
        return cls(result.path, why_not_checked(result), line=result.first_line,
                   product_id=record_name(result.product_id, result.path))


@dataclass
class Tally:
    """Counts over the stream; memory grows only with rules and unchecked inputs."""

    inputs: int = 0
    checked: int = 0
    with_problems: int = 0  # inputs with at least one problem
    problems: int = 0
    suppressed: int = 0
    unchanged: int = 0  # findings already in the baseline
    by_severity: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    by_rule: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # code -> rule name, for statistics
    unchecked: list[Notice] = field(default_factory=list)

    def add(self, result: InputResult) -> list[Located]:
        """Count one input; return its findings that are problems, in order."""
        self.inputs += 1
        if result.checked:
            self.checked += 1
        else:
            self.unchecked.append(Notice.of(result))
        problems = []
        for finding in result.findings:
            if finding.suppressed_by is not None:
                self.suppressed += 1
            elif finding.baseline == "unchanged":
                self.unchanged += 1
            else:
                problems.append(finding)
                self.by_severity[finding.severity] = self.by_severity.get(finding.severity, 0) + 1
                self.by_rule[finding.code] = self.by_rule.get(finding.code, 0) + 1
                self.names.setdefault(finding.code, finding.name)
        self.problems += len(problems)
        self.with_problems += bool(problems)
        return problems


def notifications(tally: Tally, run: RunInfo) -> list[Notice]:
    """Every input that could not be checked, once.

    The stream's unchecked inputs come first, in order; the caller's own
    notification for a file wins over the reason found in the results (a
    catalog's records keep their own, each naming its record), and
    notifications for paths that never reached the stream (a file that vanished
    between discovery and reading) are kept at the end.
    """
    explicit: dict[str, Notice] = {}
    for path, message, level in run.notifications:
        explicit.setdefault(path, Notice(path, message, level))
    merged = []
    for notice in tally.unchecked:
        given = explicit.pop(notice.path, None)
        merged.append(given if given is not None and notice.line is None else notice)
    return merged + list(explicit.values())


def spool() -> IO[str]:
    """A text buffer that moves to a temporary file when it grows large.

    Formats whose header must hold totals (JUnit) or whose sections come after
    the findings (JSON ``inputs``) buffer here, so a 100,000-input catalog does
    not have to fit in memory.
    """
    import tempfile  # only for the formats that spool: the text report of a hook run never does

    return tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8", newline="\n")


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
