"""Which rules run on a kind of document, worked out once per rule set rather than once per input.

Every rule file says which documents it judges (``documents``: panel, listing,
dose-less, spec) and which regions of a label it sees (``regions``). A catalog
checks hundreds of thousands of labels of a handful of kinds with one rule set,
so the rules that judge a kind, each with its compiled check and its regions,
are listed the first time that kind is met and reused for every later input of
it: the per-input loop then only runs checks.
"""

from __future__ import annotations

from typing import Iterable

from dklint.rules.rule import CheckFn, Rule

# A rule of a plan: the rule (for its params and its findings' code), its compiled check, its regions.
Step = tuple[Rule, CheckFn, tuple[str, ...]]


class RulePlan:
    """The rules to run, by the kind of document they judge, in the order given."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self._steps: dict[str, tuple[Step, ...]] = {}

    def steps(self, document: str) -> tuple[Step, ...]:
        """The rules that judge ``document`` and have a check (a rule read without compiling has none)."""
        steps = self._steps.get(document)
        if steps is None:
            steps = self._steps[document] = tuple(
                (rule, rule.check, rule.regions) for rule in self.rules
                if document in rule.documents and rule.check is not None
            )
        return steps
