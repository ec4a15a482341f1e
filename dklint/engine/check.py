"""One input from Source to InputResult: parse it, run the rules, apply suppressions, locate the findings.

This is the unit of work every engine runs (a worker process, a Dask task, the
plain loop); everything it returns is small and picklable (located findings,
not the input text). Nothing here stops a run: a parser's bug, a rule's bug and
an input over a limit each become a finding on that input (DK009, DK008) and the
other inputs, and the other rules, still run. Text that is not a US supplement
label gets one DK005 finding and no rule runs on it (checking a Drug Facts panel
against 21 CFR 101.36 would only produce noise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from dklint.base.shown import well_formed
from dklint.engine.checker import Checker, locate_all
from dklint.engine.limits import json_too_deep, long_line, too_many_ingredients, too_many_items
from dklint.engine.plan import RulePlan
from dklint.engine.regions import view
from dklint.engine.suppress import apply_suppressions
from dklint.findings import LOST, Finding, InputResult, Located
from dklint.inputs.read import ReadFailure
from dklint.parse.result import ParseResult
from dklint.rules.rule import Rule
from dklint.source import Source, Span

if TYPE_CHECKING:  # the model is pydantic: a run the result cache answers never imports it
    from dklint.model import Label

_FOREIGN_FORMATS = {
    "drug-facts": "a Drug Facts panel (an over-the-counter drug label), not a Supplement Facts label",
    "npn": 'a Canadian NPN "Medicinal ingredients" list, not a US Supplement Facts label',
    "eu-nrv": "an EU/UK label that declares %NRV or %RI, not a US Supplement Facts label",
    "aust": "an Australian label (AUST L or AUST R), not a US Supplement Facts label",
    "foreign-regulator": "a label registered with another country's regulator, not a US Supplement Facts label",
}
# Parser findings that still matter on text that turns out not to be a label.
_KEPT_ON_SKIP = frozenset({"DK001", "DK002", "DK003"})


def not_a_label(label: Label, source: Source) -> Finding | None:
    """DK005 for text that is not a US supplement label, or states no dose; None for a label to check."""
    if label.document == "foreign":
        reason = _FOREIGN_FORMATS.get(label.foreign_format or "", label.foreign_format)
        message = f"the text is {reason}: nothing else was checked"
    elif label.document == "dose-less":
        message = ("no dietary ingredient with an amount and a unit was found: only the claims rules were run, "
                   "not the dose and panel rules")
    else:
        return None
    span = label.title.span if label.title is not None else source.line_span(1)
    return Finding("DK005", "info", message, span)


def run_rules(label: Label, rules: RulePlan | Iterable[Rule]) -> list[Finding]:
    """Every finding of every rule that judges this kind of document, each given its regions of the label."""
    plan = rules if isinstance(rules, RulePlan) else RulePlan(rules)
    findings: list[Finding] = []
    for rule, check, regions in plan.steps(label.document):
        try:
            findings.extend(check(view(label, regions), rule))
        except Exception as error:  # noqa: BLE001 - one rule's bug must not stop the run
            findings.append(Finding(
                "DK009", "error", f"rule {rule.id} ({rule.name}) failed on this input: {type(error).__name__}: {error}",
                label.whole_label_span(), subject=rule.id,
            ))
    return findings


def check_parsed(parsed: ParseResult, rules: RulePlan | list[Rule]) -> list[tuple[Source, list[Finding]]]:
    """Findings for a parsed input and each input embedded in it, with the Source each belongs to."""
    if not isinstance(rules, RulePlan):  # embedded inputs share one plan
        rules = RulePlan(rules)
    findings = list(parsed.findings)
    label = parsed.label
    if label is not None:
        skipped = not_a_label(label, parsed.source)
        if skipped is not None:
            findings = [f for f in findings if f.code in _KEPT_ON_SKIP] + [skipped]
        if label.document != "foreign":  # dose-less text is still judged by the rules that judge it (claims)
            findings.extend(run_rules(label, rules))
    results = [(parsed.source, findings)]
    for embedded in parsed.embedded:
        results.extend(check_parsed(embedded, rules))
    return results


def parse(source: Source, max_rows: int | None = None, max_items: int | None = None) -> ParseResult:
    """Parse an input, reading at most ``max_rows`` ingredient rows (and, of a spec, lists of at most
    ``max_items``); a parser bug becomes a DK009 finding on it instead of ending the run."""
    # The parsers are imported when first needed: they pull in the model (pydantic) and
    # Lark, about 0.1 s that a run the result cache answers never spends.
    try:
        if source.kind == "spec":
            from dklint.parse.product_spec.parse import parse_spec

            return parse_spec(source, max_rows, max_items)
        from dklint.parse.label.parse import parse_label

        return parse_label(source, max_rows)
    except RecursionError:
        message = "input nested too deeply to parse"
    except Exception as error:  # noqa: BLE001 - contained and reported, see DK009
        message = f"the {'spec' if source.kind == 'spec' else 'label'} parser failed on this input: {type(error).__name__}: {error}"
    return ParseResult(source, None, [Finding("DK009", "error", message, Span(0, 0), subject="parser")])


def parse_within_limits(checker: Checker, source: Source) -> ParseResult:
    """Parse unless the input breaks a limit; a label with too many rows is not checked by rules.

    Each limit is checked before the work it guards: line length and nesting before parsing, the
    ingredient rows while they are read, a spec's rows and lists as soon as it is decoded.
    """
    limits = checker.limits
    if source.kind == "spec":
        over = json_too_deep(source, limits.max_json_depth)
    else:
        over = long_line(source, limits.max_line_length)
    if over is not None:
        return ParseResult(source, None, [over])
    parsed = parse(source, limits.max_ingredients, limits.max_list_items)
    if parsed.list_over is not None:
        path, span = parsed.list_over
        return ParseResult(source, None, [*parsed.findings, too_many_items(path, span, limits.max_list_items)])
    return _rows_within_limit(parsed, limits.max_ingredients)


def _rows_within_limit(parsed: ParseResult, limit: int) -> ParseResult:
    """DK008, and nothing to check, for a parse (or a parse embedded in it) with more ingredient rows than ``limit``."""
    span = parsed.rows_over
    if span is None and parsed.label is not None and len(parsed.label.ingredients) > limit:
        span = parsed.label.ingredients[limit].span  # one row named for two forms counts twice
    if span is not None:
        return ParseResult(parsed.source, None, [*parsed.findings, too_many_ingredients(span, limit)])
    parsed.embedded = [_rows_within_limit(part, limit) for part in parsed.embedded]
    return parsed


def check_source(checker: Checker, source: Source) -> InputResult:
    """Parse and check one input; every finding located in the input's file."""
    return check_parsed_source(checker, source, parse_within_limits(checker, source))


def check_parsed_source(checker: Checker, source: Source, parsed: ParseResult) -> InputResult:
    """``check_source`` of an input already parsed (``parse_within_limits``)."""
    located: list[Located] = []
    for part_source, findings in check_parsed(parsed, checker.plan):
        located.extend(locate_all(checker, part_source, findings))
    located.sort(key=lambda f: (f.line, f.column, f.code))
    located = apply_suppressions(checker, source, located, checked=parsed.label is not None)
    product_id = source.record_id or (parsed.label.product_id if parsed.label else None)
    product_id = well_formed(product_id) if product_id else product_id  # a spec's "id" may be "\ud800"
    return InputResult(
        path=source.path, kind=source.kind, product_id=product_id, findings=located,
        checked=parsed.label is not None, first_line=source.first_line,
    )


def crashed_input(checker: Checker, path: str, error: Exception) -> InputResult:
    """An input whose checking raised (a dklint bug): reported as DK009, not checked."""
    finding = Finding("DK009", "error", f"dklint failed on this input: {type(error).__name__}: {error}", Span(0, 0),
                      subject="crash")
    return failed_input(checker, ReadFailure(path, finding))


def lost_input(checker: Checker, path: str) -> InputResult:
    """An input whose worker process died twice while checking it (killed, out of memory): not checked."""
    finding = Finding("DK009", "error", LOST, Span(0, 0), subject="lost")
    return failed_input(checker, ReadFailure(path, finding))


def failed_input(checker: Checker, failure: ReadFailure) -> InputResult:
    source = Source(path=failure.path, text="", kind="unknown")
    return InputResult(path=failure.path, kind="unknown", findings=locate_all(checker, source, [failure.finding]), checked=False)
