"""The engine: rules run per input kind, a crashing rule becomes DK009, non-labels get DK005."""

from __future__ import annotations

import dataclasses
import json

import pytest

from dklint.engine.check import check_parsed, run_rules
from dklint.engine.plan import RulePlan
from dklint.model import Amount, Ingredient, Label, TextBlock
from dklint.parse.result import ParseResult
from dklint.source import Source, Span


def d3_label(kind: str = "text", iu: float = 5000.0) -> Label:
    amount = Amount(value=iu, unit="IU", span=Span(20, 28))
    row = Ingredient(name="Vitamin D3", nutrient="vitamin_d", form="D3", amounts=(amount,),
                     span=Span(17, 45), name_span=Span(17, 27))
    title = TextBlock(text="Supplement Facts", span=Span(0, 16))
    return Label(input_kind=kind, title=title, has_panel=True, ingredients=(row,),
                 document="spec" if kind == "spec" else "panel")


def test_a_crashing_rule_is_dk009_and_the_others_still_run(ruleset):
    def explode(label, rule):
        raise ZeroDivisionError("division by zero")

    broken = dataclasses.replace(ruleset.get("DK130"), check=explode)
    findings = run_rules(d3_label(), [broken, ruleset.get("DK101")])
    assert [f.code for f in findings] == ["DK009", "DK101"]
    assert findings[0].message == (
        "rule DK130 (calcium-without-k2) failed on this input: ZeroDivisionError: division by zero"
    )
    assert findings[0].span == Span(0, 16)  # the panel title


def test_rules_only_run_on_the_documents_they_judge(ruleset):
    text_only = dataclasses.replace(ruleset.get("DK101"), documents=("panel",))
    assert [f.code for f in run_rules(d3_label("text"), [text_only])] == ["DK101"]
    assert run_rules(d3_label("spec"), [text_only]) == []


def test_a_rule_sees_only_the_regions_it_judges(ruleset):
    front = d3_label().ingredients[0].model_copy(update={"region": "front"})
    label = d3_label().model_copy(update={"ingredients": (front,)})
    assert [f.code for f in run_rules(label, [ruleset.get("DK207")])] == []  # DK207 judges facts and prose
    assert [f.code for f in run_rules(label, [ruleset.get("DK101")])] == ["DK101"]  # DK101 the whole label


def test_a_plan_lists_each_kinds_rules_once_in_order_and_leaves_out_rules_without_a_check(ruleset):
    text_only = dataclasses.replace(ruleset.get("DK101"), documents=("panel", "listing"))
    unchecked = dataclasses.replace(ruleset.get("DK130"), check=None)  # a rule read without compiling
    plan = RulePlan([ruleset.get("DK207"), text_only, unchecked, ruleset.get("DK110")])
    assert [rule.id for rule, _, _ in plan.steps("panel")] == ["DK207", "DK101", "DK110"]
    assert [rule.id for rule, _, _ in plan.steps("spec")] == ["DK207", "DK110"]
    assert plan.steps("panel") is plan.steps("panel")  # worked out once per kind
    assert [(check, regions) for rule, check, regions in plan.steps("panel")][0] == (
        ruleset.get("DK207").check, ruleset.get("DK207").regions)
    # Given a plan or the list it was made of, the rules find the same.
    label = d3_label()
    assert run_rules(label, plan) == run_rules(label, plan.rules)


@pytest.mark.parametrize(
    ("foreign", "expected"),
    [
        ("drug-facts", "the text is a Drug Facts panel (an over-the-counter drug label), not a Supplement Facts label"),
        ("npn", 'the text is a Canadian NPN "Medicinal ingredients" list, not a US Supplement Facts label'),
        ("eu-nrv", "the text is an EU/UK label that declares %NRV or %RI, not a US Supplement Facts label"),
    ],
)
def test_foreign_formats_get_dk005_and_nothing_else(ruleset, foreign, expected):
    label = d3_label().model_copy(update={"foreign_format": foreign, "document": "foreign"})
    source = Source(path="x.txt", text="Supplement Facts\nVitamin D3 5000 IU\n")
    [(_, findings)] = check_parsed(ParseResult(source, label), list(ruleset))
    assert [(f.code, f.message) for f in findings] == [("DK005", f"{expected}: nothing else was checked")]


def test_text_without_dosed_ingredients_is_dk005_on_line_1(ruleset):
    source = Source(path="x.txt", text="Our story\nWe make things.\n")
    label = Label(input_kind="text", text_blocks=(TextBlock(text="Our story", span=Span(0, 9)),), document="dose-less")
    [(_, findings)] = check_parsed(ParseResult(source, label), list(ruleset))
    assert [(f.code, f.span) for f in findings] == [("DK005", Span(0, 9))]


def test_claims_are_judged_on_text_without_doses(ruleset):
    """Claims law covers all labeling: a product page with no dose still gets the claims rules, besides DK005."""
    text = "Our bone formula\nHelps prevent osteoporosis.\n"
    source = Source(path="x.txt", text=text)
    label = Label(input_kind="text", document="dose-less",
                  text_blocks=(TextBlock(text="Our bone formula", span=Span(0, 16)),
                               TextBlock(text="Helps prevent osteoporosis.", span=Span(17, 44))))
    [(_, findings)] = check_parsed(ParseResult(source, label), list(ruleset))
    assert [f.code for f in findings] == ["DK005", "DK310"]


def test_a_spec_without_ingredients_is_checked_not_skipped(ruleset):
    source = Source(path="x.json", text="{}", kind="spec")
    [(_, findings)] = check_parsed(ParseResult(source, Label(input_kind="spec")), list(ruleset))
    assert findings == []


def test_a_crash_while_checking_one_input_is_dk009_and_the_run_goes_on(monkeypatch, tmp_path):
    import dklint.run.running as work
    from dklint.engine.recipe import CheckerRecipe
    from dklint.inputs.discover import FileInput
    from dklint.run.pool import iter_results_parallel

    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text("Supplement Facts\nVitamin D3 125 mcg (5,000 IU) 625%\n", encoding="utf-8")
    bad.write_text("boom\n", encoding="utf-8")
    real = work.check_source

    def flaky(checker, source):
        if source.text.startswith("boom"):
            raise RuntimeError("parser bug")
        return real(checker, source)

    monkeypatch.setattr(work, "check_source", flaky)
    inputs = [FileInput(str(good), "a.txt"), FileInput(str(bad), "b.txt")]
    first, second = iter_results_parallel(CheckerRecipe.create(), inputs, jobs=1)
    assert first.checked and "DK101" in [f.code for f in first.findings]
    assert not second.checked
    assert [(f.code, f.message) for f in second.findings] == [
        ("DK009", "dklint failed on this input: RuntimeError: parser bug")
    ]


def test_a_csv_header_python_cannot_read_is_dk002_not_a_crash(tmp_path):
    from click.testing import CliRunner

    from dklint.cli.main import cli

    path = tmp_path / "catalog.csv"
    path.write_bytes(b"\rSupplement Facts\n")
    result = CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", str(path)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "DK002 [error] CSV header cannot be read" in result.output


def test_checking_an_input_leaves_no_reference_cycle():
    """Every object of a check is freed when the check returns, not at the next garbage collection.

    A cycle (a collaborator holding its owner's bound method, say) keeps each label's whole reading
    alive until the collector runs: on a catalog that is thousands of dead objects in the caches.
    """
    import gc
    from pathlib import Path

    from dklint.engine.check import check_source
    from dklint.engine.recipe import CheckerRecipe
    from dklint.source import Source

    checker = CheckerRecipe().build()
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    inputs = [Source(p.name, p.read_text(encoding="utf-8"), kind="spec" if p.suffix == ".json" else "label")
              for p in sorted((fixtures / "labels").glob("*.txt"))[:20] + sorted((fixtures / "specs").glob("*.json"))[:5]]
    for source in inputs:  # warm every memo first: what they keep is meant to stay
        check_source(checker, source)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage, to be looked at
    try:
        for source in inputs:
            check_source(checker, source)
        gc.collect()
        # other tests' threads (a Dask cluster's event loop) may leave garbage of their own meanwhile
        ours = sorted({type(o).__qualname__ for o in gc.garbage if type(o).__module__.startswith("dklint")})
        assert ours == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_many_findings_of_a_spec_are_located_from_one_index_as_each_from_its_own_walk(monkeypatch):
    from dklint.engine import checker as checker_module
    from dklint.engine.check import check_source
    from dklint.engine.recipe import CheckerRecipe
    from dklint.inputs.read import source_from_bytes

    # an unknown unit on each ingredient: two findings each, every one at its own line
    rows = [{"name": f"Herb {n}", "amount": n + 1, "unit": "bushel"} for n in range(20)]
    doc = {"spec_version": "1", "name": "x", "serving": {"size": 1, "unit": "tablet"}, "ingredients": rows}
    text = json.dumps(doc, indent=1)
    checker = CheckerRecipe().build()

    def located(index_after: int):
        monkeypatch.setattr(checker_module, "INDEX_AFTER", index_after)
        result = check_source(checker, source_from_bytes(text.encode(), "many.json"))
        return [(f.code, f.line, f.column) for f in result.findings]

    walked = located(10**9)
    assert len(walked) > 16 and located(0) == walked
