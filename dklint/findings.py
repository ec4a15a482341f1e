"""Findings and per-input results.

A rule produces a ``Finding`` that points at a ``Span``. Before results leave
the process that checked the input (a worker, in parallel runs) each finding is
``locate``d: its span becomes 1-based line/column and its source line is kept,
so reporters never need the whole input text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from dklint.base.shown import bounded_message, well_formed
from dklint.base.textnorm import norm_phrase
from dklint.source import Source, Span

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# Why an input without a DK00x finding to explain it was not checked.
NOT_CHECKED = "could not be checked"
# The DK009 message of an input whose worker process died twice: the run names it on stderr and exits 2.
LOST = "not checked: the worker process checking this input died twice (killed, or out of memory?)"


# A fix keeps the label's meaning ("safe": --fix applies it) or changes what the label says
# ("unsafe": only with --unsafe-fixes). Ruff's two words, with the same meaning.
APPLICABILITIES = ("safe", "unsafe")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``span`` of the finding's Source with ``text`` (an empty span inserts).

    In a spec, ``span`` may still be ``Span(0, 0)`` with ``field_path`` naming the JSON value to
    replace (found, like a finding's own span, only when the finding is located); ``text`` is then
    JSON already (``"mcg"`` with its quotes, ``25``).

    A rule sees the model, never the text, so it cannot copy what a line says. ``copy`` inserts the
    source text at that span before ``text``; ``whole_lines`` widens the span, and the copy, to the
    whole lines they touch, line break included (an empty span with nothing written before it on its
    line inserts before that line, anywhere later after it). The engine turns both into a plain edit
    once it has the text (``dklint.engine.line_edits``): DK210 moves a row with a deletion and a copy.
    """

    span: Span
    text: str
    field_path: tuple[str | int, ...] = ()
    copy: Span | None = None
    whole_lines: bool = False


@dataclass(frozen=True, slots=True)
class Fix:
    """How to repair a finding: edits that never overlap, applied together or not at all."""

    title: str
    applicability: str  # one of APPLICABILITIES
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class LocatedEdit:
    """An edit in the coordinates of the file: 1-based lines, 1-based code-point columns, end exclusive.

    The file's text is read as dklint reads it (decoded, BOM removed, every line break one LF);
    ``text`` is what replaces the range there, with LF line breaks (and JSON string escapes
    already applied when the range lies inside a JSON string, a spec's ``label_text``).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True, slots=True)
class LocatedFix:
    title: str
    applicability: str
    edits: tuple[LocatedEdit, ...]

    def as_data(self) -> tuple:
        """Plain tuples (the result cache stores findings with marshal)."""
        return (self.title, self.applicability, tuple((e.line, e.column, e.end_line, e.end_column, e.text)
                                                       for e in self.edits))

    @classmethod
    def from_data(cls, data: tuple) -> "LocatedFix":
        title, applicability, edits = data
        return cls(title, applicability, tuple(LocatedEdit(*edit) for edit in edits))


def edits_collide(ranges: Iterable[tuple[Any, Any]]) -> bool:
    """Edits of one fix that overlap, or insert at one place: the order of their texts would be a guess.

    Ranges are ``(start, end)`` pairs of offsets, or of ``(line, column)`` points. An insertion at an end
    of another edit's range is fine: edits are applied sorted by position, so it goes first at a start.
    """
    ordered = sorted(ranges)
    return any(later[0] < earlier[1] or later == earlier for earlier, later in zip(ordered, ordered[1:]))


def fixes_touch(first: tuple[Any, Any], second: tuple[Any, Any]) -> bool:
    """Ranges of two different fixes that cannot be applied in one pass: they overlap, or one inserts at
    an end of (or inside) the other, where nothing says whose text comes first. The later fix waits."""
    (a, b), (c, d) = first, second
    if a == b or c == d:
        return c <= a <= d or a <= c <= b
    return a < d and c < b


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
    fix: Fix | None = None


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
    fix: LocatedFix | None = None  # None: nothing dklint can repair (or the input is a catalog record)


@dataclass(slots=True)
class InputResult:
    """Everything dklint has to say about one input (a file, or one catalog record)."""

    path: str
    kind: str  # "label", "spec", or "unknown" when it could not be read
    product_id: str | None = None
    findings: list[Located] = field(default_factory=list)
    checked: bool = True  # False: the input could not be checked (see DK00x findings)
    first_line: int = 1
    # Why a file met while walking is not dklint's to check (a README, package.json): such a
    # result has no finding; reports list it apart from the inputs (``RunInfo.skipped``).
    skipped: str | None = None


def fingerprint(code: str, identity: str, field_path: tuple[str | int, ...], subject: str) -> str:
    """A hash of what a finding is about, not where it is: survives line moves."""
    material = "\x1f".join([code, identity, "/".join(map(str, field_path)), norm_phrase(subject)])
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]  # JSON text may hold "\ud800"


def locate(finding: Finding, source: Source, name: str, url: str | None = None) -> Located:
    """Resolve a finding's span to line/column in ``source``'s file.

    The message is made fit for any report here, once: lone surrogates escaped, a long quoted value
    shortened (``dklint.base.shown``).
    """
    start = source.position(finding.span.start)
    end = source.position(max(finding.span.start, finding.span.end))
    subject = finding.subject or source.text[finding.span.start : finding.span.end]
    identity = source.record_id or source.path
    return Located(
        code=finding.code, name=name, severity=finding.severity, message=bounded_message(well_formed(finding.message)),
        path=source.path, line=start.line, column=start.column, end_line=end.line,
        end_column=end.column, source_line=source.line_text(finding.span.start),
        fingerprint=fingerprint(finding.code, identity, finding.field_path, subject),
        product_id=source.record_id, field_path=finding.field_path, url=url,
        fix=locate_fix(finding.fix, source) if finding.fix is not None else None,
    )


def locate_fix(fix: Fix, source: Source) -> LocatedFix | None:
    """``fix`` in the file's coordinates; None where it cannot be applied to the file as it is.

    A catalog record shares its file with other records and has no fix here. In a spec's
    ``label_text`` the inserted text is escaped as the JSON string it lands in, and the fix is
    dropped when the string's characters do not map one to one onto the file. Spec edits still
    holding a field path are resolved by the engine before this (``engine.checker``).
    """
    if source.record_id is not None:
        return None
    in_json_string = source.host is not None
    if in_json_string and source.host_offsets is None:
        return None
    edits = []
    for edit in fix.edits:
        if edit.field_path and edit.span == Span(0, 0):
            return None  # a value the engine could not find in the file
        if edit.copy is not None or edit.whole_lines:
            return None  # the engine makes these plain edits with the text in hand; never a guess here
        start, end = source.position(edit.span.start), source.position(max(edit.span.start, edit.span.end))
        text = json.dumps(edit.text, ensure_ascii=False)[1:-1] if in_json_string else edit.text
        edits.append(LocatedEdit(start.line, start.column, end.line, end.column, text))
    return LocatedFix(fix.title, fix.applicability, tuple(edits))


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
