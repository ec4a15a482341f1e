"""Run every rule's own ``valid`` and ``invalid`` examples, and its fix's ``before``/``after`` examples.

Examples go through the same reader, parser and engine as real inputs, with
only the rule under test switched on: a valid example must give none of its
findings, an invalid one must give it on the stated line and text. A fix
example's ``before``, with the rule's fixes applied pass after pass until none
is left, must be exactly its ``after``, on which the rule no longer fires.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

from dklint.engine.check import check_parsed, parse_within_limits
from dklint.engine.checker import Checker, resolved
from dklint.findings import Edit, Fix, Located
from dklint.inputs.read import source_from_bytes
from dklint.rules.edits import apply_fixes
from dklint.rules.rule import Example, FixExample, Rule, RuleSet
from dklint.source import Source, Span
from dklint.run.sequential import results_for_source


@dataclass(frozen=True)
class ExampleOutcome:
    rule: Rule
    kind: str  # "valid", "invalid" or "fix"
    index: int
    problem: str | None  # None when the example behaved as stated

    @property
    def label(self) -> str:
        return f"{self.rule.id} {self.kind}[{self.index}]"


def example_input(example: Example) -> tuple[str, bytes]:
    if example.text is not None:
        return "example.txt", example.text.encode("utf-8")
    if example.json is not None:
        return "example.json", example.json.encode("utf-8")
    return "example.json", spec_text(example.spec or {}).encode("utf-8")


def spec_text(spec: dict) -> str:
    """One top-level field per line, each value compact: an example's finding line shows its value."""
    fields = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in spec.items()]
    return "{\n" + ",\n".join(fields) + "\n}\n"


def findings_for(ruleset: RuleSet, rule: Rule, example: Example) -> list[Located]:
    active = [] if rule.check is None or rule.pack == "input" else [rule]
    checker = Checker(ruleset=ruleset, active=active, reported=frozenset({rule.id}))
    name, data = example_input(example)
    found: list[Located] = []
    for result in results_for_source(checker, source_from_bytes(data, name)):
        found.extend(f for f in result.findings if f.code == rule.id)
    return found


def _judge(example: Example, kind: str, found: list[Located]) -> str | None:
    where = "; ".join(f"line {f.line}: {f.message}" for f in found)
    if kind == "valid":
        return f"expected no finding, got: {where}" if found else None
    if not found:
        return "expected a finding, got none"
    if example.expect_count is not None and len(found) != example.expect_count:
        return f"expected {example.expect_count} findings, got {len(found)}: {where}"
    hits = [f for f in found if example.expect_line in (None, f.line)]
    hits = [f for f in hits if example.expect_match is None or example.expect_match in f.source_line]
    if not hits:
        return f"expected a finding at line {example.expect_line} on {example.expect_match!r}, got: {where}"
    return None


def run_examples(ruleset: RuleSet, codes: set[str] | None = None) -> Iterator[ExampleOutcome]:
    for rule in ruleset:
        if codes and rule.id not in codes:
            continue
        for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid)):
            for index, example in enumerate(examples):
                yield ExampleOutcome(rule, kind, index, _judge(example, kind, findings_for(ruleset, rule, example)))
        fix_examples = [example for fix in rule.fixes for example in fix.examples]
        for index, example in enumerate(fix_examples):
            yield ExampleOutcome(rule, "fix", index, _judge_fix(ruleset, rule, example))


# A fix that keeps finding something to fix after this many passes never converges.
MAX_PASSES = 10


def _name(text: str) -> str:
    return "example.json" if text.lstrip().startswith("{") else "example.txt"


def fixes_for(ruleset: RuleSet, rule: Rule, text: str) -> list[Fix]:
    """The fixes the rule's findings on ``text`` offer, their edits in ``text``'s own offsets."""
    source = source_from_bytes(text.encode("utf-8"), _name(text))
    if not isinstance(source, Source) or rule.check is None:
        return []
    checker = Checker(ruleset=ruleset, active=[rule], reported=frozenset({rule.id}))
    fixes = []
    for part, findings in check_parsed(parse_within_limits(checker, source), [rule]):
        for finding in findings:
            finding = resolved(part, finding)
            fix = _in_host(finding.fix, part) if finding.code == rule.id and finding.fix is not None else None
            if fix is not None:
                fixes.append(fix)
    return fixes


def _in_host(fix: Fix, part: Source) -> Fix | None:
    """A fix of text embedded in a spec (its label_text) as edits of the spec's JSON text."""
    if part.host is None:
        return fix
    if part.host_offsets is None:
        return None
    offsets = part.host_offsets
    edits = tuple(Edit(Span(offsets[e.span.start], offsets[e.span.end]), json.dumps(e.text, ensure_ascii=False)[1:-1])
                  for e in fix.edits)
    return Fix(fix.title, fix.applicability, edits)


def fixed(ruleset: RuleSet, rule: Rule, text: str) -> str:
    """``text`` with the rule's fixes applied until none is left (or MAX_PASSES passes)."""
    for _ in range(MAX_PASSES):
        fixes = fixes_for(ruleset, rule, text)
        if not fixes:
            break
        text, applied = apply_fixes(text, fixes)
        if not applied:
            break
    return text


def _judge_fix(ruleset: RuleSet, rule: Rule, example: FixExample) -> str | None:
    if not fixes_for(ruleset, rule, example.before):
        return "the rule offers no fix on the example's before"
    after = fixed(ruleset, rule, example.before)
    if fixes_for(ruleset, rule, after):
        return f"the rule still offers a fix after {MAX_PASSES} passes: its fix never leaves nothing to fix"
    if after != example.after:
        return f"the fixed text differs from after:\n{after}"
    found = findings_for(ruleset, rule, Example(text=after) if _name(after).endswith(".txt") else Example(json=after))
    if found:
        return "the rule still fires on after: " + "; ".join(f"line {f.line}: {f.message}" for f in found)
    return None
