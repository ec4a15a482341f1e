"""Findings and per-input results.

A rule produces a ``Finding`` that points at a ``Span``. Before results leave
the process that checked the input (a worker, in parallel runs) each finding is
``locate``d: its span becomes 1-based line/column and its source line is kept,
so reporters never need the whole input text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from dklint.base.textnorm import norm_phrase
from dklint.source import Source, Span

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# Why an input without a DK00x finding to explain it was not checked.
NOT_CHECKED = "could not be checked"
# The DK009 message of an input whose worker process died twice: the run names it on stderr and exits 2.
LOST = "not checked: the worker process checking this input died twice (killed, or out of memory?)"


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found, at a span of the input."""

    code: str
    severity: str
    message: str
    span: Span
    field_path: tuple[str | int, ...] = ()
    # What the finding is about, for fingerprints that survive line moves:
    # the ingredient's nutrient, the claim's words. Empty -> the spanned text.
    subject: str = ""


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with its position resolved, ready for any reporter."""

    code: str
    name: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    source_line: str
    fingerprint: str
    product_id: str | None = None
    field_path: tuple[str | int, ...] = ()
    url: str | None = None
    baseline: str | None = None  # "new" / "unchanged" when a baseline is in use
    suppressed_by: str | None = None  # a suppression's reason, when suppressed


@dataclass(slots=True)
class InputResult:
    """Everything dklint has to say about one input (a file, or one catalog record)."""

    path: str
    kind: str  # "label", "spec", or "unknown" when it could not be read
    product_id: str | None = None
    findings: list[Located] = field(default_factory=list)
    checked: bool = True  # False: the input could not be checked (see DK00x findings)
    first_line: int = 1


def fingerprint(code: str, identity: str, field_path: tuple[str | int, ...], subject: str) -> str:
    """A hash of what a finding is about, not where it is: survives line moves."""
    material = "\x1f".join([code, identity, "/".join(map(str, field_path)), norm_phrase(subject)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def locate(finding: Finding, source: Source, name: str, url: str | None = None) -> Located:
    """Resolve a finding's span to line/column in ``source``'s file."""
    start = source.position(finding.span.start)
    end = source.position(max(finding.span.start, finding.span.end))
    subject = finding.subject or source.text[finding.span.start : finding.span.end]
    identity = source.record_id or source.path
    return Located(
        code=finding.code, name=name, severity=finding.severity, message=finding.message,
        path=source.path, line=start.line, column=start.column, end_line=end.line,
        end_column=end.column, source_line=source.line_text(finding.span.start),
        fingerprint=fingerprint(finding.code, identity, finding.field_path, subject),
        product_id=source.record_id, field_path=finding.field_path, url=url,
    )


def is_problem(finding: Located) -> bool:
    """A finding counts as a problem unless suppressed or already in the baseline."""
    return finding.suppressed_by is None and finding.baseline != "unchanged"


def is_lost(result: InputResult) -> bool:
    """Whether no worker process could check the input (it died twice on it)."""
    return not result.checked and any(f.code == "DK009" and f.message == LOST for f in result.findings)


def why_not_checked(result: InputResult) -> str:
    """The reason an input was not checked: its first input finding's message."""
    for finding in result.findings:
        if finding.code.startswith("DK00"):
            return finding.message
    return result.findings[0].message if result.findings else NOT_CHECKED
