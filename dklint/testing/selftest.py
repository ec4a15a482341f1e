"""Run every rule's own ``valid`` and ``invalid`` examples.

Examples go through the same reader, parser and engine as real inputs, with
only the rule under test switched on: a valid example must give none of its
findings, an invalid one must give it on the stated line and text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

from dklint.engine.checker import Checker
from dklint.findings import Located
from dklint.inputs.read import source_from_bytes
from dklint.rules.rule import Example, Rule, RuleSet
from dklint.run.sequential import results_for_source


@dataclass(frozen=True)
class ExampleOutcome:
    rule: Rule
    kind: str  # "valid" or "invalid"
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
