"""Rule files: schema errors and condition mistakes are reported as file:line, exit 2."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.rules.loader import RuleLoadError, load_rule_file, load_rules

GOOD = """\
id: XY101
name: test-rule
severity: warning
summary: A rule written for the loader tests.
message: "vitamin D is {daily_iu} IU"
rationale: Exists only to exercise the loader in tests.
citation: tests
docs_url: https://example.org/XY101
params: {limit: 2000}
let:
  daily_iu: daily("vitamin_d", "IU")
when: daily_iu > limit
examples:
  valid:
    - text: "Supplement Facts\\nVitamin D3 25 mcg\\n"
  invalid:
    - text: "Supplement Facts\\nVitamin D3 125 mcg\\n"
      expect: {line: 2}
"""


def write(tmp_path: Path, text: str, name: str = "XY101.yaml") -> Path:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    path = pack / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RuleLoadError) as caught:
        load_rule_file(path, "pack")
    return caught.value.problems


def test_a_good_rule_file_loads(tmp_path):
    rule = load_rule_file(write(tmp_path, GOOD), "pack")
    assert (rule.id, rule.severity, rule.params) == ("XY101", "warning", {"limit": 2000})


def test_bad_severity_points_at_its_line(tmp_path):
    path = write(tmp_path, GOOD.replace("severity: warning", "severity: fatal"))
    assert problems_of(path) == [f"{path}:3: severity: 'fatal' is not one of ['error', 'warning', 'info']"]


def test_unknown_function_points_at_the_let_line(tmp_path):
    path = write(tmp_path, GOOD.replace('daily("vitamin_d"', 'dialy("vitamin_d"'))
    [problem] = problems_of(path)
    assert problem.startswith(f'{path}:11: let: daily_iu: unknown function "dialy"')


def test_unknown_message_placeholder(tmp_path):
    path = write(tmp_path, GOOD.replace("{daily_iu} IU", "{daily_ui} IU"))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:5: message: unknown placeholder {{daily_ui}}")


def test_placeholders_cannot_reach_attributes(tmp_path):
    path = write(tmp_path, GOOD.replace("{daily_iu} IU", "{daily_iu.__class__} IU"))
    [problem] = problems_of(path)
    assert "must be a plain name" in problem


def test_broken_yaml_reports_its_line(tmp_path):
    path = write(tmp_path, GOOD.replace("params: {limit: 2000}", "params: {limit: 2000"))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:")
    assert "invalid YAML" in problem


def test_yaml_tags_cannot_construct_python_objects(tmp_path):
    path = write(tmp_path, GOOD.replace("citation: tests", "citation: !!python/object/apply:os.system ['true']"))
    [problem] = problems_of(path)
    assert "invalid YAML" in problem


def test_cli_exits_2_on_a_bad_rules_dir_before_reading_inputs(tmp_path):
    path = write(tmp_path, GOOD.replace("severity: warning", "severity: fatal"))
    label = tmp_path / "label.txt"
    label.write_text("Supplement Facts\nVitamin D3 125 mcg\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--rules-dir", str(path.parent), str(label)])
    assert result.exit_code == 2
    assert f"{path}:3: severity:" in result.output


def test_every_bundled_rule_has_examples_citation_and_docs(ruleset):
    for rule in ruleset:
        assert rule.valid, f"{rule.id} has no valid example"
        assert rule.invalid or rule.id == "DK009", f"{rule.id} has no invalid example"
        assert rule.citation and rule.rationale and rule.docs_url.endswith(f"{rule.id}.md")
        assert rule.file.name.startswith(rule.id), f"{rule.file} should be named after {rule.id}"


def test_rule_codes_are_unique_across_packs():
    from dklint.base.resources import rules_dir
    from dklint.rules.loader import rule_files

    codes = [path.name.split("-")[0] for path in rule_files(rules_dir())]
    assert len(codes) == len(set(codes))
    assert len(load_rules().rules) == len(codes)
