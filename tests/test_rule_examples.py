"""Every rule's own valid and invalid examples, through the real reader, parser and engine."""

from __future__ import annotations

import pytest

from dklint.rules.loader import load_rules
from dklint.testing.selftest import run_examples

OUTCOMES = list(run_examples(load_rules()))


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda outcome: outcome.label)
def test_rule_example(outcome):
    assert outcome.problem is None, f"{outcome.rule.file}: {outcome.problem}"


def test_every_enabled_rule_fires_on_an_invalid_example():
    fired = {o.rule.id for o in OUTCOMES if o.kind == "invalid" and o.problem is None}
    missing = {rule.id for rule in load_rules() if rule.invalid} - fired
    assert not missing
