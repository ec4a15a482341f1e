"""From a Source to an InputResult: parse, check, locate.

This is the unit of work a worker process runs; everything it returns is small
and picklable (located findings, not the input text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dklint.findings import Finding, InputResult, Located, locate
from dklint.inputs import ReadFailure
from dklint.limits import Limits, json_too_deep, long_line, too_many_ingredients
from dklint.parse.result import ParseResult
from dklint.rules.rule import Rule, RuleSet
from dklint.source import Source, Span
from dklint.suppress import apply_suppressions


# Findings that say an input was not (fully) checked: no selection or per-file ignore drops them.
ALWAYS_REPORTED = frozenset({"DK001", "DK002", "DK003", "DK008", "DK009"})


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


def parse(source: Source) -> ParseResult:
    """Parse an input; a parser bug becomes a DK009 finding on it instead of ending the run."""
    try:
        if source.kind == "spec":
            from dklint.parse.spec import parse_spec

            return parse_spec(source)
        from dklint.parse.label import parse_label

        return parse_label(source)
    except RecursionError:
        message = "input nested too deeply to parse"
    except Exception as error:  # noqa: BLE001 - contained and reported, see DK009
        message = f"the {'spec' if source.kind == 'spec' else 'label'} parser failed on this input: {type(error).__name__}: {error}"
    return ParseResult(source, None, [Finding("DK009", "error", message, Span(0, 0), subject="parser")])


def _resolve_span(source: Source, finding: Finding) -> Finding:
    """Specs carry field paths, not spans: find the JSON value's span only now, for findings."""
    if source.kind != "spec" or not finding.field_path or finding.span != Span(0, 0):
        return finding
    from dklint.parse.json_positions import span_of_path

    span = span_of_path(source.text, finding.field_path)
    if span is None:
        return finding
    if source.text.startswith("{", span.start):
        # A whole object (an ingredient): point at its name, which says which one it is.
        span = span_of_path(source.text, (*finding.field_path, "name")) or span
    return Finding(finding.code, finding.severity, finding.message, span, finding.field_path, finding.subject)


def locate_all(checker: Checker, source: Source, findings: list[Finding]) -> list[Located]:
    located = []
    for finding in findings:
        if finding.code not in checker.reported:
            continue
        rule = checker.ruleset.get(finding.code)
        if rule is not None and rule.severity != finding.severity:
            finding = Finding(finding.code, rule.severity, finding.message, finding.span, finding.field_path, finding.subject)
        finding = _resolve_span(source, finding)
        located.append(locate(finding, source, rule.name if rule else finding.code, rule.docs_url if rule else None))
    return located


def parse_within_limits(checker: Checker, source: Source) -> ParseResult:
    """Parse unless the input breaks a limit; a label with too many rows is not checked by rules."""
    limits = checker.limits
    if source.kind == "spec":
        over = json_too_deep(source, limits.max_json_depth)
    else:
        over = long_line(source, limits.max_line_length)
    if over is not None:
        return ParseResult(source, None, [over])
    parsed = parse(source)
    if parsed.label is not None:
        over = too_many_ingredients(parsed.label, limits.max_ingredients)
        if over is not None:
            return ParseResult(source, None, [*parsed.findings, over])
    return parsed


def check_source(checker: Checker, source: Source) -> InputResult:
    """Parse and check one input; every finding located in the input's file."""
    # Imported here: the engine pulls in the model and pydantic (about 0.1 s), which a run
    # answered from the result cache never needs.
    from dklint.engine import check_parsed

    parsed = parse_within_limits(checker, source)
    located: list[Located] = []
    for part_source, findings in check_parsed(parsed, checker.active):
        located.extend(locate_all(checker, part_source, findings))
    located.sort(key=lambda f: (f.line, f.column, f.code))
    located = apply_suppressions(checker, source, located, checked=parsed.label is not None)
    product_id = source.record_id or (parsed.label.product_id if parsed.label else None)
    return InputResult(
        path=source.path, kind=source.kind, product_id=product_id, findings=located,
        checked=parsed.label is not None, first_line=source.first_line,
    )


def crashed_input(checker: Checker, path: str, error: Exception) -> InputResult:
    """An input whose checking raised (a dklint bug): reported as DK009, not checked."""
    finding = Finding("DK009", "error", f"dklint failed on this input: {type(error).__name__}: {error}", Span(0, 0),
                      subject="crash")
    return failed_input(checker, ReadFailure(path, finding))


def failed_input(checker: Checker, failure: ReadFailure) -> InputResult:
    source = Source(path=failure.path, text="", kind="unknown")
    return InputResult(path=failure.path, kind="unknown", findings=locate_all(checker, source, [failure.finding]), checked=False)
