"""Run a rule set over parsed labels.

One rule's crash never loses the others: it becomes a DK009 finding on that
input and the remaining rules still run. Text that is not a US supplement label
gets one DK005 finding and no rule runs on it (checking a Drug Facts panel
against 21 CFR 101.36 would only produce noise).
"""

from __future__ import annotations

from typing import Iterable

from dklint.findings import Finding
from dklint.model import Label
from dklint.parse.result import ParseResult
from dklint.rules.rule import Rule
from dklint.source import Source

_FOREIGN_FORMATS = {
    "drug-facts": "a Drug Facts panel (an over-the-counter drug label), not a Supplement Facts label",
    "npn": 'a Canadian NPN "Medicinal ingredients" list, not a US Supplement Facts label',
    "eu-nrv": "an EU/UK label that declares %NRV, not a US Supplement Facts label",
}
# Parser findings that still matter on text that turns out not to be a label.
_KEPT_ON_SKIP = frozenset({"DK001", "DK002", "DK003"})


def not_a_label(label: Label, source: Source) -> Finding | None:
    """DK005 when label text holds no US supplement label; None when it should be checked."""
    if label.input_kind != "text":
        return None
    if label.foreign_format:
        reason = _FOREIGN_FORMATS.get(label.foreign_format, label.foreign_format)
        message = f"the text is {reason}: nothing else was checked"
    elif not label.ingredients:
        message = "no dietary ingredient with an amount and a unit was found: nothing else was checked"
    else:
        return None
    span = label.title.span if label.title is not None else source.line_span(1)
    return Finding("DK005", "info", message, span)


def run_rules(label: Label, rules: Iterable[Rule]) -> list[Finding]:
    """Every finding of every rule that applies to this kind of input."""
    kind = label.input_kind
    findings: list[Finding] = []
    for rule in rules:
        if kind not in rule.applies_to or rule.check is None:
            continue
        try:
            findings.extend(rule.check(label, rule))
        except Exception as error:  # noqa: BLE001 - one rule's bug must not stop the run
            findings.append(Finding(
                "DK009", "error", f"rule {rule.id} ({rule.name}) failed on this input: {type(error).__name__}: {error}",
                label.whole_label_span(), subject=rule.id,
            ))
    return findings


def check_parsed(parsed: ParseResult, rules: list[Rule]) -> list[tuple[Source, list[Finding]]]:
    """Findings for a parsed input and each input embedded in it, with the Source each belongs to."""
    findings = list(parsed.findings)
    if parsed.label is not None:
        skipped = not_a_label(parsed.label, parsed.source)
        if skipped is not None:
            findings = [f for f in findings if f.code in _KEPT_ON_SKIP] + [skipped]
        else:
            findings.extend(run_rules(parsed.label, rules))
    results = [(parsed.source, findings)]
    for embedded in parsed.embedded:
        results.extend(check_parsed(embedded, rules))
    return results
