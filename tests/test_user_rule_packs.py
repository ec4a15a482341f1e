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


def test_the_cli_stops_with_exit_2_before_reading_any_input(tmp_path, monkeypatch):
    pack(tmp_path, RULE.replace('"with_food"', '"with_fod"'))
    (tmp_path / "label.txt").write_text(LABEL, encoding="utf-8")
    (tmp_path / "dklint.toml").write_text('extend-rules = ["company-rules"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problem = (f'{(tmp_path / "company-rules/acme/ACME101-vitamin-d-with-food.yaml").resolve()}:11: when: mentions(): '
               f'unknown phrase list "with_fod" (did you mean "with_food"?); the phrase lists are in {REFERENCE}\n')
    for command in (["check", "label.txt"], ["rules"], ["rule", "ACME101"], ["test-rules"]):
        result = CliRunner().invoke(cli, command)
        assert (result.exit_code, result.output) == (2, problem), command


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


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose pyproject.toml extends the rules with its own pack, run from a folder inside it."""
    pack(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.dklint]\nextend-rules = ["company-rules"]\n', encoding="utf-8")
    (tmp_path / "labels").mkdir()
    monkeypatch.chdir(tmp_path / "labels")
    return tmp_path


def test_rules_rule_and_test_rules_read_extend_rules_from_the_config(project):
    listed = CliRunner().invoke(cli, ["rules"])
    assert listed.exit_code == 0
    assert ("ACME101 " + "acme-vitamin-d-without-food".ljust(42) + " warning  acme        on      "
            "Vitamin D directions should say to take it with food.") in listed.output.splitlines()
    shown = CliRunner().invoke(cli, ["rule", "ACME101", "--format", "text"])
    assert (shown.exit_code, shown.output.splitlines()[0]) == (0, "ACME101 acme-vitamin-d-without-food")
    tested = CliRunner().invoke(cli, ["test-rules", "ACME101"])
    assert (tested.exit_code, tested.output) == (0, "2 passed, 0 failed\n")


def test_test_rules_fails_on_the_users_broken_example(project):
    path = project / "company-rules" / "acme" / "ACME101-vitamin-d-with-food.yaml"
    path.write_text(RULE.replace("expect: {line: 3,", "expect: {line: 2,"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test-rules"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"FAIL ACME101 invalid[0] ({path.resolve()}): ")


def test_isolated_leaves_the_config_out_and_config_names_one(project, tmp_path):
    assert "ACME101" not in CliRunner().invoke(cli, ["rules", "--isolated"]).output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "pyproject.toml").rename(elsewhere / "pyproject.toml")
    assert "ACME101" not in CliRunner().invoke(cli, ["rules"]).output
    assert "ACME101" not in CliRunner().invoke(cli, ["rules", "--config", str(elsewhere / "pyproject.toml")]).output
    (elsewhere / "company-rules").symlink_to(project / "company-rules")
    assert "ACME101" in CliRunner().invoke(cli, ["rules", "--config", str(elsewhere / "pyproject.toml")]).output


def test_a_missing_extend_rules_folder_stops_the_rule_commands(project):
    (project / "pyproject.toml").write_text('[tool.dklint]\nextend-rules = ["company-rule"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["test-rules"])
    assert (result.exit_code, result.output) == (
        2, f"{(project / 'pyproject.toml').resolve()}:2: extend-rules: no such folder: "
           f"{(project / 'company-rule').resolve()}\n")


README_CONFIG = textwrap.dedent("""\
    [tool.dklint]
    select = ["DK1", "DK2", "DK3"]
""")


def test_readmes_select_example_keeps_the_input_rules(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(README_CONFIG, encoding="utf-8")
    (tmp_path / "label.txt").write_text(LABEL + "Vitamin Q 5 zorks\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def codes(*options: str) -> list[str]:
        result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", *options, "label.txt"])
        return [finding["code"] for finding in json.loads(result.output)["findings"]]

    assert codes() == ["DK211", "DK205", "DK006"]  # DK006: the unit "zorks", dropped by select before
    assert codes("--ignore", "DK006") == ["DK211", "DK205"]
