"""A rule set prepared for checking, and how its findings become located, reportable findings.

A ``Checker`` is what every engine hands each input to: the rules to run, the
codes whose findings are kept (selection and config can switch codes off, but
never the ones that say an input was not checked), and the limits. ``locate_all``
applies the rule set's severities to findings and resolves their spans to lines
and columns in the input's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from dklint.engine.limits import Limits
from dklint.engine.line_edits import plain_fix
from dklint.engine.plan import RulePlan
from dklint.findings import Finding, Located, locate
from dklint.parse.product_spec.json_positions import indexed_span_of_path, span_of_path
from dklint.rules.rule import Rule, RuleSet
from dklint.rules.selection import ALWAYS_REPORTED
from dklint.source import Source, Span



@dataclass
class Checker:
    """A rule set prepared for checking: the rules to run and how each code is reported."""

    ruleset: RuleSet
    active: list[Rule] = field(default_factory=list)
    # codes whose findings are kept (input codes can be switched off too, except the fatal ones)
    reported: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_ruleset(cls, ruleset: RuleSet, active: list[Rule] | None = None, limits: Limits | None = None) -> "Checker":
        active = ruleset.enabled() if active is None else active
        return cls(ruleset=ruleset, active=active, reported=frozenset({r.id for r in active}) | ALWAYS_REPORTED,
                   limits=limits or Limits())

    @cached_property
    def plan(self) -> RulePlan:
        """The active rules by the kind of document they judge (``active`` is not changed once checking starts)."""
        return RulePlan(self.active)


# Findings of one spec above which one index of the whole text is cheaper than a walk from its start for each
# (5,000 footnotes each with a finding: a minute of walks, 0.1 s with the index).
INDEX_AFTER = 16


def _unresolved(source: Source, finding: Finding) -> bool:
    return source.kind == "spec" and bool(finding.field_path) and finding.span == Span(0, 0)


def _resolve_span(source: Source, finding: Finding, span_of=span_of_path) -> Finding:
    """Specs carry field paths, not spans: find the JSON value's span only now, for findings."""
    if not _unresolved(source, finding):
        return finding
    span = span_of(source.text, finding.field_path)
    if span is None:
        return finding
    if source.text.startswith("{", span.start):
        # A whole object (an ingredient): point at its name, which says which one it is.
        span = span_of(source.text, (*finding.field_path, "name")) or span
    return replace(finding, span=span)


def _resolve_fix(source: Source, finding: Finding, span_of=span_of_path) -> Finding:
    """A spec fix's edits name JSON values by field path: their spans are found here, as a finding's are."""
    fix = finding.fix
    if fix is None or source.kind != "spec" or not any(edit.field_path and edit.span == Span(0, 0) for edit in fix.edits):
        return finding
    edits = []
    for edit in fix.edits:
        if edit.field_path and edit.span == Span(0, 0):
            span = span_of(source.text, edit.field_path)
            if span is None:
                return replace(finding, fix=None)  # the value is not in the file: nothing to edit
            edit = replace(edit, span=span)
        edits.append(edit)
    return replace(finding, fix=replace(fix, edits=tuple(edits)))


def _plain_lines(source: Source, finding: Finding) -> Finding:
    """Whole-line edits and copies of the text, made plain edits of ``source``'s text (``line_edits``)."""
    if finding.fix is None or source.kind == "spec":
        return finding
    return replace(finding, fix=plain_fix(finding.fix, source.text))


def resolved(source: Source, finding: Finding, span_of=span_of_path) -> Finding:
    """The finding with its span, and its fix's edits, found in a spec's JSON, or in the lines of label text."""
    return _plain_lines(source, _resolve_fix(source, _resolve_span(source, finding, span_of), span_of))


def locate_all(checker: Checker, source: Source, findings: list[Finding]) -> list[Located]:
    """The findings the checker reports, with the rule set's severities, located in ``source``'s file."""
    located = []
    many = sum(1 for finding in findings if _unresolved(source, finding)) > INDEX_AFTER
    span_of = indexed_span_of_path if many else span_of_path
    for finding in findings:
        if finding.code not in checker.reported:
            continue
        rule = checker.ruleset.get(finding.code)
        if rule is not None and rule.severity != finding.severity:
            finding = replace(finding, severity=rule.severity)
        finding = resolved(source, finding, span_of)
        located.append(locate(finding, source, rule.name if rule else finding.code, rule.docs_url if rule else None))
    return located
