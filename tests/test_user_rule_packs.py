"""User rule packs: a misspelt string in a rule is a load error, codes are unique, the rule commands read the config.

Each case here once loaded without a word and then never fired (or fired DK009 on every label), or ran
`dklint test-rules` without the user's pack: issue 13, "silently wrong".
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.base.resources import rules_dir
from dklint.cli.main import cli
from dklint.rules.loader import RuleLoadError, load_rule_file, load_rules

RULE = """\
id: ACME101
name: acme-vitamin-d-without-food
severity: warning
summary: Vitamin D directions should say to take it with food.
message: "vitamin D at {daily_iu} IU without directions to take it with food"
rationale: Vitamin D is fat-soluble.
citation: ACME house rules 4.2
docs_url: https://example.org/ACME101
let:
  daily_iu: daily("vitamin_d", "IU")
when: has("vitamin_d", "D3") and not mentions("with_food", "directions")
target: first("vitamin_d")
examples:
  valid:
    - text: |
        Supplement Facts
        Serving Size: 1 Softgel
        Vitamin D3 25 mcg (1,000 IU) 125%
        Directions: Take 1 softgel daily with a meal.
  invalid:
    - text: |
        Supplement Facts
        Serving Size: 1 Softgel
        Vitamin D3 25 mcg (1,000 IU) 125%
      expect: {line: 3, match: Vitamin D3, count: 1}
"""
REFERENCE = "docs/rules/condition-language.md"
LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 25 mcg (1,000 IU) 125%\n"


def pack(tmp_path: Path, text: str = RULE, name: str = "ACME101-vitamin-d-with-food.yaml") -> Path:
    path = tmp_path / "company-rules" / "acme" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(RuleLoadError) as caught:
        load_rule_file(path, "acme")
    return caught.value.problems


def test_the_pack_loads_and_its_examples_pass(tmp_path, monkeypatch):
    pack(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test-rules", "--rules-dir", "company-rules", "ACME101"])
    assert (result.exit_code, result.output) == (0, "2 passed, 0 failed\n")


@pytest.mark.parametrize(("old", "new", "line", "problem"), [
    ('daily("vitamin_d", "IU")', 'daily("vitamin_d3", "IU")', 10,
     f'let: daily_iu: daily(): unknown nutrient "vitamin_d3" (did you mean "vitamin_d"?); the nutrient ids are in {REFERENCE}'),
    ('has("vitamin_d", "D3")', 'has("Vitamin D", "D3")', 11,
     f'when: has(): unknown nutrient "Vitamin D" (did you mean "vitamin_d"?); the nutrient ids are in {REFERENCE}'),
    ('daily("vitamin_d", "IU")', 'daily("vitamin_d", "iu")', 10,
     'let: daily_iu: daily(): unknown unit "iu" (did you mean "IU"?) (known: mcg, mg, g, kg, IU, mL, CFU, kcal)'),
    ('daily("vitamin_d", "IU")', 'daily("vitamin_d", "mgs")', 10,
     'let: daily_iu: daily(): unknown unit "mgs" (did you mean "mg"?) (known: mcg, mg, g, kg, IU, mL, CFU, kcal)'),
    ('has("vitamin_d", "D3")', 'has("vitamin_d", "d3")', 11,
     'when: has(): unknown form "d3" of vitamin_d (did you mean "D3"?) (known: D3, D2)'),
    ('mentions("with_food", "directions")', 'mentions("with_foods", "directions")', 11,
     f'when: mentions(): unknown phrase list "with_foods" (did you mean "with_food"?); the phrase lists are in {REFERENCE}'),
    ('mentions("with_food", "directions")', 'mentions("sunshine", "directions")', 11,
     f'when: mentions(): unknown phrase list "sunshine"; the phrase lists are in {REFERENCE}'),
    ('mentions("with_food", "directions")', 'mentions("with_food", "direction")', 11,
     'when: mentions(): unknown section "direction" (did you mean "directions"?) '
     '(known: any, warnings, directions, other_ingredients, form)'),
    ('first("vitamin_d")', 'first(3)', 12, "target: first(): the nutrient must be a string, not 3.0"),
])
def test_a_misspelt_string_is_a_load_error_at_its_line(tmp_path, old, new, line, problem):
    path = pack(tmp_path, RULE.replace(old, new))
    assert problems(path) == [f"{path}:{line}: {problem}"]


def test_a_form_of_a_kind_counts_for_its_parent(tmp_path):
    """MK-7 is a form of vitamin K2, so of vitamin K too: has("vitamin_k", "MK-7") is a sound condition."""
    rule = load_rule_file(pack(tmp_path, RULE.replace('has("vitamin_d", "D3")', 'has("vitamin_k", "MK-7")')), "acme")
    assert rule.check is not None
    path = pack(tmp_path, RULE.replace('has("vitamin_d", "D3")', 'has("vitamin_k1", "MK-7")'))
    assert problems(path) == [f'{path}:11: when: has(): unknown form "MK-7" of vitamin_k1 (known: K1)']


def test_an_argument_computed_from_the_label_is_not_checked(tmp_path):
    rule = load_rule_file(pack(tmp_path, RULE.replace('has("vitamin_d", "D3")', "has(label.name)")), "acme")
    assert rule.check is not None


def test_two_files_with_one_code_are_a_load_error(tmp_path):
    second = pack(tmp_path)
    first = pack(tmp_path, RULE, "ACME101-copy.yaml")  # files load in name order: this one first
    with pytest.raises(RuleLoadError) as caught:
        load_rules([first.parent.parent])
    assert caught.value.problems == [
        f"{second}:1: rule code ACME101 is also used by {first}; every rule needs a code of its own"]


def test_a_user_rule_cannot_replace_a_bundled_one(tmp_path):
    path = pack(tmp_path, RULE.replace("ACME101", "DK101"), "DK101-mine.yaml")
    bundled = rules_dir() / "dk2" / "DK101-vitamin-d-without-k2.yaml"
    with pytest.raises(RuleLoadError) as caught:
        load_rules([path.parent])
    assert caught.value.problems == [
        f"{path}:1: rule code DK101 is also used by {bundled}; every rule needs a code of its own"]


def test_a_folder_given_twice_or_inside_another_is_read_once(tmp_path):
    path = pack(tmp_path)
    ruleset = load_rules([path.parent.parent, path.parent, path.parent.parent])
    assert ruleset.get("ACME101").file == path