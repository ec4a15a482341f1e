"""Fixes as data in the rule files: the exact Fix each rule offers, the fix examples `dklint test-rules` runs,
and the load errors of a bad ``fix:``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.base.resources import schema_path
from dklint.cli.main import cli
from dklint.engine.check import parse
from dklint.engine.checker import Checker
from dklint.findings import APPLICABILITIES, Edit, Fix, LocatedEdit
from dklint.inputs.read import source_from_bytes
from dklint.rules.edits import apply_edits, apply_fixes
from dklint.rules.fixes import json_value
from dklint.rules.loader import RuleLoadError, load_rule_file
from dklint.run.sequential import results_for_source
from dklint.source import Span
from dklint.testing.selftest import fixed, fixes_for
from tests.conftest import edited_rule, line_of

PANEL = "Supplement Facts\nServing Size: 1 Softgel\n"
DISCLAIMER_PLURAL = ("These statements have not been evaluated by the Food and Drug Administration. "
                     "This product is not intended to diagnose, treat, cure, or prevent any disease.")
DISCLAIMER_SINGULAR = ("This statement has not been evaluated by the Food and Drug Administration. "
                       "This product is not intended to diagnose, treat, cure, or prevent any disease.")


def at(text: str, part: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part))


def end_of(text: str, part: str) -> Span:
    """The empty span just after ``part``."""
    span = at(text, part)
    return Span(span.end, span.end)


def spec(ingredients: list[dict], **fields) -> str:
    data = {"spec_version": "1", "name": "Test", "serving": {"size": 1, "unit": "softgel"}, "ingredients": ingredients,
            **fields}
    return json.dumps(data, indent=2) + "\n"


def offered(ruleset, code: str, text: str) -> list[Fix]:
    return fixes_for(ruleset, ruleset.get(code), text)


def unresolved(ruleset, code: str, text: str) -> list[Fix | None]:
    """Finding.fix as the rule makes it, before the engine finds a spec's field paths in the file."""
    rule = ruleset.get(code)
    label = parse(source_from_bytes(text.encode("utf-8"), "x.json")).label
    return [finding.fix for finding in rule.check(label, rule)]


def unresolved_messages(ruleset, code: str, text: str) -> list[str]:
    rule = ruleset.get(code)
    return [finding.message for finding in rule.check(parse(source_from_bytes(text.encode("utf-8"), "x.txt")).label, rule)]


# -- the fixes each rule offers ---------------------------------------------------------------------

def test_dk207_states_an_iu_only_amount_in_mcg_with_the_iu_after_it(ruleset):
    text = PANEL + "Vitamin D3 (as cholecalciferol) 5,000 IU 625%\n"
    assert offered(ruleset, "DK207", text) == [Fix("state the amount as 125 mcg (5,000 IU)", "safe",
                                                   (Edit(at(text, "5,000 IU"), "125 mcg (5,000 IU)"),))]


def test_dk207_swaps_iu_first_amounts_keeping_whatever_stands_between_them(ruleset):
    text = PANEL + "Vitamin D3 2,000 IU [50 mcg] 250%\n"
    assert offered(ruleset, "DK207", text) == [Fix("state 50 mcg first and 2,000 IU after it", "safe", (
        Edit(at(text, "2,000 IU"), "50 mcg"), Edit(at(text, "50 mcg"), "2,000 IU")))]


def test_dk207_in_a_spec_replaces_amount_and_unit_as_typed_json(ruleset):
    text = spec([{"name": "Vitamin D3", "amount": 1000, "unit": "IU"}])
    assert unresolved(ruleset, "DK207", text) == [Fix("state the amount in mcg (25 mcg)", "safe", (
        Edit(Span(0, 0), "25", ("ingredients", 0, "amount")), Edit(Span(0, 0), '"mcg"', ("ingredients", 0, "unit"))))]
    assert fixed(ruleset, ruleset.get("DK207"), text) == text.replace('"amount": 1000', '"amount": 25').replace(
        '"unit": "IU"', '"unit": "mcg"')


def test_dk207_offers_no_fix_for_a_spec_that_gives_iu_before_mcg(ruleset):
    text = spec([{"name": "Vitamin D3", "amount": 1000, "unit": "IU", "alt_amounts": [{"amount": 25, "unit": "mcg"}]}])
    assert unresolved(ruleset, "DK207", text) == [None]


def test_dk203_restates_each_percentage_keeping_a_symbol_after_it(ruleset):
    text = PANEL + "Vitamin D3 125 mcg (5,000 IU) 500%\nCalcium 200 mg <1%\nSodium 5 mg 3%*\n* Daily Value not established.\n"
    assert offered(ruleset, "DK203", text) == [
        Fix("state the %DV as 625%", "safe", (Edit(at(text, "500%"), "625%"),)),
        Fix("state the %DV as 15%", "safe", (Edit(at(text, "<1%"), "15%"),)),
        Fix("state the %DV as <1%", "safe", (Edit(at(text, "3%"), "<1%"),)),
    ]


def test_dk203_in_a_spec_writes_a_number_or_the_string_less_than_one(ruleset):
    text = spec([{"name": "Zinc", "amount": 25, "unit": "mg", "dv_percent": 127},
                 {"name": "Sodium", "amount": 5, "unit": "mg", "dv_percent": 2}])
    assert unresolved(ruleset, "DK203", text) == [
        Fix("state the %DV as 227%", "safe", (Edit(Span(0, 0), "227", ("ingredients", 0, "dv_percent")),)),
        Fix("state the %DV as <1%", "safe", (Edit(Span(0, 0), '"<1"', ("ingredients", 1, "dv_percent")),)),
    ]
    value = text.index('"dv_percent": 2') + len('"dv_percent": ')
    assert offered(ruleset, "DK203", text)[1].edits == (
        Edit(Span(value, value + 1), '"<1"', ("ingredients", 1, "dv_percent")),)


def test_dk204_restates_the_percentage_against_the_current_daily_value(ruleset):
    text = PANEL + "Vitamin K (as phylloquinone) 100 mcg 125%\n"
    assert offered(ruleset, "DK204", text) == [
        Fix("state the %DV of the current Daily Value, 83%", "safe", (Edit(at(text, "125%"), "83%"),))]


def test_dk201_retitles_the_panel_in_the_titles_own_case(ruleset):
    text = "NUTRITION  FACTS\nServing Size: 1 Softgel\nVitamin D3 25 mcg (1,000 IU) 125%\n"
    assert offered(ruleset, "DK201", text) == [
        Fix('title the panel "Supplement Facts"', "safe", (Edit(at(text, "NUTRITION  FACTS"), "SUPPLEMENT FACTS"),))]


def test_dk201_adds_a_missing_title_above_the_serving_statement_as_an_unsafe_fix(ruleset):
    text = "Sunny D3\nServing Size: 1 Softgel\nVitamin D3 25 mcg (1,000 IU) 125%\n"
    start = text.index("Serving")
    assert offered(ruleset, "DK201", text) == [
        Fix('add the title "Supplement Facts" above the panel', "unsafe", (Edit(Span(start, start), "Supplement Facts\n"),))]


def test_dk201_adds_no_title_to_a_panel_squashed_into_one_line(ruleset):
    text = "Serving Size: 1 Softgel Vitamin D3 25 mcg (1,000 IU) 125% Vitamin K2 (as MK-7) 100 mcg 83%\n"
    assert unresolved_messages(ruleset, "DK201", text) and offered(ruleset, "DK201", text) == []


def test_dk302_replaces_only_the_disclaimer_words_singular_for_one_claim(ruleset):
    wrong = ("These statements have not been evaluated by the FDA. This product is not intended to diagnose, "
             "treat, cure, or prevent any disease.")
    text = PANEL + f"Vitamin D3 25 mcg (1,000 IU) 125%\nSupports bone health.\u2020\n\u2020{wrong} Made in USA.\n"
    assert offered(ruleset, "DK302", text) == [
        Fix("use the wording of 21 CFR 101.93(c)", "safe", (Edit(at(text, wrong), DISCLAIMER_SINGULAR),))]


def test_dk302_uses_the_plural_for_two_claims_and_replaces_a_specs_string(ruleset):
    wrong = "These statements have not been evaluated by the FDA. This product is not intended to diagnose, treat, cure, or prevent any disease."
    text = spec([{"name": "Vitamin D3", "amount": 25, "unit": "mcg", "dv_percent": 125}],
                claims=[{"text": "Supports bone health", "symbol": "*"}, {"text": "Supports immune function", "symbol": "*"}],
                disclaimer={"text": wrong, "symbol": "*"})
    assert unresolved(ruleset, "DK302", text) == [Fix("use the wording of 21 CFR 101.93(c)", "safe", (
        Edit(Span(0, 0), json.dumps(DISCLAIMER_PLURAL), ("disclaimer", "text")),))]


def test_dk301_marks_each_unmarked_claim_and_adds_the_disclaimer_after_the_last_line(ruleset):
    text = (PANEL + "Vitamin K2 (as MK-7) 100 mcg *\n* Daily Value not established.\n"
            "Supports bone health. Supports immune function.\nTake one softgel daily.\n")
    assert offered(ruleset, "DK301", text) == [Fix("add the DSHEA disclaimer, linked to the claims by \u2020", "unsafe", (
        Edit(end_of(text, "bone health."), "\u2020"), Edit(end_of(text, "immune function."), "\u2020"),
        Edit(end_of(text, "softgel daily."), "\n\u2020" + DISCLAIMER_PLURAL)))]


def test_dk301_joins_the_mark_and_the_disclaimer_when_the_claim_is_the_last_line(ruleset):
    text = PANEL + "Vitamin D3 25 mcg (1,000 IU) 125%\nHelps maintain strong bones.\n"
    assert offered(ruleset, "DK301", text) == [Fix("add the DSHEA disclaimer, linked to the claims by *", "unsafe", (
        Edit(end_of(text, "strong bones."), "*\n*" + DISCLAIMER_SINGULAR),))]


def test_dk301_and_dk110_offer_no_fix_in_a_spec(ruleset):
    text = spec([{"name": "Vitamin K2", "form": "MK-7", "amount": 100, "unit": "mcg"}],
                claims=[{"text": "Supports healthy blood clotting", "symbol": "*"}])
    assert unresolved(ruleset, "DK301", text) == [None]
    assert unresolved(ruleset, "DK110", text) == [None]


def test_dk110_adds_the_warning_after_the_last_line_of_content(ruleset):
    text = PANEL + "Vitamin K2 (as MK-7) 100 mcg 83%\nWarning: Keep out of reach of children.\n\n"
    warning = "\nWarning: If you take an anticoagulant (blood thinner) such as warfarin, consult your physician before use."
    assert offered(ruleset, "DK110", text) == [Fix("add a warning about anticoagulants such as warfarin", "unsafe",
                                                   (Edit(end_of(text, "children."), warning),))]


def test_dk120_replaces_the_unit_in_text_and_in_a_spec(ruleset):
    text = PANEL + "Vitamin K2 (as MK-7) 100 mg\n"
    assert offered(ruleset, "DK120", text) == [Fix("state the MK-7 amount in mcg", "unsafe", (Edit(at(text, "mg"), "mcg"),))]
    spec_text = spec([{"name": "Vitamin K2", "form": "MK-7", "amount": 180, "unit": "mg"}])
    assert unresolved(ruleset, "DK120", spec_text) == [
        Fix("state the MK-7 amount in mcg", "unsafe", (Edit(Span(0, 0), '"mcg"', ("ingredients", 0, "unit")),))]


def test_dk208_restates_the_iu_from_the_mcg_and_not_when_two_factors_are_accepted(ruleset):
    text = PANEL + "Vitamin D3 10 mcg (500 IU) 50%\nVitamin E 180 mg (100 IU) 1200%\n"
    fixes = offered(ruleset, "DK208", text)
    assert fixes == [Fix("restate 500 IU as 400 IU, converted from 10 mcg", "unsafe", (Edit(at(text, "500 IU"), "400 IU"),))]
    findings = [f for r in results_for_source(Checker.from_ruleset(ruleset, [ruleset.get("DK208")]),
                                              source_from_bytes(text.encode(), "x.txt")) for f in r.findings]
    assert [(f.line, f.fix is not None) for f in findings] == [(3, True), (4, False)]  # vitamin E: d- or dl-?


def test_dk210_moves_the_rows_line_before_its_neighbours_line(ruleset):
    text = PANEL + "Vitamin D3 25 mcg 125%\nCalcium 600 mg 46%\nVitamin A 300 mcg 33%\nOther ingredients: gelatin.\n"
    row = at(text, "Vitamin A 300 mcg 33%\n")
    d3 = at(text, "Vitamin D3").start
    assert offered(ruleset, "DK210", text) == [Fix("move the vitamin A row before vitamin D", "unsafe", (
        Edit(row, ""), Edit(Span(d3, d3), "Vitamin A 300 mcg 33%\n")))]


def test_dk210_moves_a_row_after_its_neighbour_and_keeps_a_last_line_without_a_break(ruleset):
    text = PANEL + "Zinc 11 mg 100%\nVitamin C 90 mg 100%\nCalcium 200 mg 15%"
    zinc = at(text, "Zinc 11 mg 100%\n")
    assert offered(ruleset, "DK210", text) == [Fix("move the zinc row after calcium", "unsafe", (
        Edit(zinc, ""), Edit(Span(len(text), len(text)), "\nZinc 11 mg 100%")))]
    assert fixed(ruleset, ruleset.get("DK210"), text) == PANEL + "Vitamin C 90 mg 100%\nCalcium 200 mg 15%\nZinc 11 mg 100%"


@pytest.mark.parametrize("rows", [
    "Vitamin D3 25 mcg 125%    Calcium 600 mg 46%\nVitamin A 300 mcg 33%\n",  # the neighbour shares its line
    "Vitamin D3 25 mcg 125%\nCalcium 600 mg 46%\nVitamin A (as retinyl\npalmitate) 300 mcg 33%\n",  # wrapped
    "Vitamin D3 25 mcg 125%\nCalcium 600 mg 46%\nVitamin A 300 mcg\n33%\n",  # its %DV on a line of its own
])
def test_dk210_offers_no_fix_where_a_line_holds_more_or_less_than_the_row(ruleset, rows):
    text = PANEL + "Amount Per Serving  % Daily Value\n" + rows
    found = fixes_for(ruleset, ruleset.get("DK210"), text)
    assert found == []
    assert unresolved_messages(ruleset, "DK210", text) == ["vitamin A is listed after vitamin D; 21 CFR 101.36 puts it before vitamin D"]


def test_dk210_offers_no_fix_in_a_spec(ruleset):
    text = spec([{"name": "Vitamin D3", "amount": 25, "unit": "mcg", "dv_percent": 125},
                 {"name": "Vitamin A", "amount": 300, "unit": "mcg", "dv_percent": 33}])
    assert unresolved(ruleset, "DK210", text) == [None]


def test_a_fix_inside_a_specs_label_text_is_located_in_the_json_string(ruleset):
    label = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 \"D\" 5,000 IU 625%\n"
    text = spec([{"name": "Vitamin D3", "amount": 125, "unit": "mcg"}], label_text=label)
    line = text.count("\n", 0, text.index("5,000")) + 1
    column = text.index("5,000") - text.rindex("\n", 0, text.index("5,000"))
    found = [f for r in results_for_source(Checker.from_ruleset(ruleset, [ruleset.get("DK207")]),
                                           source_from_bytes(text.encode(), "x.json")) for f in r.findings]
    assert [f.fix.edits for f in found] == [(LocatedEdit(line, column, line, column + 8, "125 mcg (5,000 IU)"),)]
    assert fixed(ruleset, ruleset.get("DK207"), text) == text.replace("5,000 IU", "125 mcg (5,000 IU)")


# -- applying edits ---------------------------------------------------------------------------------

def test_fixes_that_touch_the_same_text_wait_for_a_later_pass():
    first = Fix("a", "safe", (Edit(Span(0, 3), "ABC"), Edit(Span(6, 6), "!")))
    overlapping = Fix("b", "safe", (Edit(Span(2, 4), "xx"),))
    same_insertion = Fix("c", "safe", (Edit(Span(6, 6), "?"),))
    later = Fix("d", "safe", (Edit(Span(4, 5), "E"),))
    assert apply_fixes("abcdef", [first, overlapping, same_insertion, later]) == ("ABCdEf!", 2)


def test_apply_edits_refuses_overlapping_edits():
    assert apply_edits("abcdef", [Edit(Span(4, 6), ""), Edit(Span(0, 1), "A")]) == "Abcd"
    with pytest.raises(ValueError, match="overlapping edits at offset 2"):
        apply_edits("abcdef", [Edit(Span(0, 3), ""), Edit(Span(2, 4), "")])


@pytest.mark.parametrize(("template", "values", "expected"), [
    ("{n}", {"n": 625.0}, "625"), ("{n}", {"n": 62.5}, "62.5"), ("{n}", {"n": "<1"}, '"<1"'),
    ("mcg", {}, '"mcg"'), ("{n} mcg", {"n": 25.0}, '"25 mcg"'), ("{s}", {"s": 'say "hi"'}, '"say \\"hi\\""'),
])
def test_a_json_template_keeps_one_placeholders_type_and_makes_anything_else_a_string(template, values, expected):
    assert json_value(template, values) == expected


# -- rule files: test-rules and load errors ---------------------------------------------------------

RULE = textwrap.dedent("""\
    id: ACME102
    name: acme-d3-with-food
    severity: warning
    summary: Vitamin D directions should say to take it with food.
    message: "vitamin D at {daily_iu} IU without directions to take it with food"
    rationale: Vitamin D is fat-soluble and absorbed with a meal.
    citation: ACME house rules 4.2
    docs_url: https://example.org/ACME102
    let:
      daily_iu: daily("vitamin_d", "IU")
    when: has("vitamin_d", "D3") and not mentions("with_food", "directions")
    target: first("vitamin_d")
    fix:
      applicability: unsafe
      title: "add directions for {item_name}"
      edits:
        - at: end
          text: "\\nDirections: Take 1 softgel daily with a meal."
      examples:
        - before: |
            Supplement Facts
            Serving Size: 1 Softgel
            Vitamin D3 25 mcg (1,000 IU) 125%
          after: |
            Supplement Facts
            Serving Size: 1 Softgel
            Vitamin D3 25 mcg (1,000 IU) 125%
            Directions: Take 1 softgel daily with a meal.
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
          expect: {line: 3, match: Vitamin D3}
""")


def write_pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "company-rules" / "acme" / "ACME102-d3-with-food.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_test_rules_runs_a_user_packs_fix_example(tmp_path, monkeypatch):
    write_pack(tmp_path, RULE)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test-rules", "--rules-dir", "company-rules", "ACME102"])
    assert (result.exit_code, result.output) == (0, "3 passed, 0 failed\n")


def test_test_rules_fails_when_a_fix_examples_after_is_wrong(tmp_path, monkeypatch):
    write_pack(tmp_path, RULE.replace("Directions: Take 1 softgel daily with a meal.\nexamples:",
                                       "Directions: Take 2 softgels daily with a meal.\nexamples:"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test-rules", "--rules-dir", "company-rules", "ACME102"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"FAIL ACME102 fix[0] ({Path('company-rules/acme/ACME102-d3-with-food.yaml')}): the fixed text differs from after:"
    assert result.output.splitlines()[-1] == "2 passed, 1 failed"


def test_test_rules_fails_when_the_rule_still_fires_on_after(tmp_path, monkeypatch):
    # A fix that removes the %DV: offered once (the place is gone after it), and the rule still fires.
    broken = RULE.replace("""    - at: end
      text: "\\nDirections: Take 1 softgel daily with a meal."
""", """    - at: dv
      text: ""
""")
    broken = broken.replace("""      after: |
        Supplement Facts
        Serving Size: 1 Softgel
        Vitamin D3 25 mcg (1,000 IU) 125%
        Directions: Take 1 softgel daily with a meal.
""", """      after: "Supplement Facts\\nServing Size: 1 Softgel\\nVitamin D3 25 mcg (1,000 IU) \\n"
""")
    assert broken.count("at: dv") == 1 and broken.count('after: "') == 1
    write_pack(tmp_path, broken)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test-rules", "--rules-dir", "company-rules", "ACME102"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        "): the rule still fires on after: line 3: vitamin D at 1,000 IU without directions to take it with food")


def test_test_rules_fails_when_a_fix_never_stops(tmp_path, monkeypatch):
    write_pack(tmp_path, RULE.replace('text: "\\nDirections: Take 1 softgel daily with a meal."', 'text: "\\nTake it."'))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test-rules", "--rules-dir", "company-rules", "ACME102"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        "): the rule still offers a fix after 10 passes: its fix never leaves nothing to fix")


@pytest.mark.parametrize(("old", "new", "marker", "problem"), [
    ("- at: end", "- at: ending", "- at: ending",
     'fix.edits.0: unknown place "ending" (known: amount, block, dv, end, finding, name, row, unit)'),
    ('title: "add directions for {item_name}"', 'title: "add directions for {item}"', "title:",
     "fix.title: unknown placeholder {item} (known: daily_iu, item_name, label, nutrient_name, per, servings_per_day)"),
    ("text: \"\\nDirections", "text: \"{daily_iu.x}\\nDirections", "text:",
     "fix.edits.0.text: placeholder {daily_iu.x} must be a plain name"),
    ("applicability: unsafe", "applicability: maybe", "applicability:",
     "fix.applicability: 'maybe' is not one of ['safe', 'unsafe']"),
])
def test_a_bad_fix_is_a_load_error_at_its_line(tmp_path, old, new, marker, problem):
    text = RULE.replace(old, new)
    path = write_pack(tmp_path, text)
    with pytest.raises(RuleLoadError) as caught:
        load_rule_file(path, "acme")
    assert caught.value.problems == [f"{path}:{line_of(text, marker)}: {problem}"]


def test_the_rule_schema_allows_the_applicabilities_of_the_fix_vocabulary():
    schema = json.loads(schema_path("rule").read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["fix"]["properties"]["applicability"]["enum"]) == APPLICABILITIES


def test_a_check_rules_fix_may_name_only_the_places_its_check_offers(tmp_path):
    path, text = edited_rule(tmp_path, "fda-panel/DK203-percent-dv-mismatch.yaml", "    - at: dv\n", "    - at: iu_only\n")
    with pytest.raises(RuleLoadError) as caught:
        load_rule_file(path, "fda-panel")
    assert caught.value.problems == [
        f"{path}:{line_of(text, '- at: iu_only')}: fix.edits.0: unknown place \"iu_only\" "
        "(known: amount, block, dv, end, finding, name, row, unit)"]
