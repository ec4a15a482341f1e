"""The fda-panel rules (DK201-DK212) on Label objects built directly, without the parsers."""

from __future__ import annotations

import pytest

from dklint.facts.nutrients import registry
from dklint.facts.units import basis_of, canonical_unit
from dklint.model import Amount, Footnote, Ingredient, Label, Serving, TextBlock
from dklint.rules.checks.fda_panel.structure import _in_order
from dklint.rules.checks.fda_panel.units import half_unit
from dklint.source import Span

NOWHERE = Span(0, 0)


def amount(text: str) -> Amount:
    """ "125 mcg", "5,000 IU", "680 mcg DFE" -> Amount."""
    value, unit = text.split(" ", 1)
    return Amount(value=float(value.replace(",", "")), unit=canonical_unit(unit) or unit, basis=basis_of(unit),
                  known=canonical_unit(unit) is not None, text=text, span=NOWHERE)


def row(name: str, *amounts: str, dv: float | None = None, less_than: bool = False, symbol: str | None = None,
        source: str | None = None, in_blend: bool = False, line: int = 0) -> Ingredient:
    nutrient, form = registry().resolve(name, source)
    span = Span(line * 100, line * 100 + 50)
    return Ingredient(name=name, nutrient=nutrient, form=form, source=source, amounts=tuple(map(amount, amounts)),
                      dv_percent=dv, dv_less_than=less_than, symbol=symbol, in_blend=in_blend, span=span,
                      name_span=span)


def label(*ingredients: Ingredient, kind: str = "text", **fields) -> Label:
    fields.setdefault("has_panel", True)
    fields.setdefault("title", TextBlock(text="Supplement Facts", span=Span(0, 16)))
    fields.setdefault("serving", Serving(size=1, unit="softgel", text="Serving Size: 1 Softgel"))
    return Label(input_kind=kind, ingredients=ingredients, **fields)


def note(symbol: str, text: str, line: int = 50) -> Footnote:
    return Footnote(symbol=symbol, text=text, span=Span(line * 100, line * 100 + len(text)))


def block(text: str, line: int = 60) -> TextBlock:
    return TextBlock(text=text, span=Span(line * 100, line * 100 + len(text)))


def messages(ruleset, code: str, lab: Label) -> list[str]:
    rule = ruleset.get(code)
    return [finding.message for finding in rule.check(lab, rule)]


# DK203 / DK204 ------------------------------------------------------------------------------------------


def test_dk203_message_has_the_numbers(ruleset):
    lab = label(row("Vitamin D3", "125 mcg", "5,000 IU", dv=500))
    assert messages(ruleset, "DK203", lab) == ["vitamin D 125 mcg is 625% of the 20 mcg Daily Value; the label says 500%"]


@pytest.mark.parametrize(
    ("name", "amounts", "dv"),
    [
        ("Vitamin D3", ("125 mcg", "5,000 IU"), 625),
        ("Vitamin D3", ("25 mcg",), 125),
        ("Vitamin K2 (as MK-7)", ("100 mcg",), 83),  # K2 with a %DV uses the vitamin K Daily Value
        ("Calcium", ("600 mg",), 46),
        ("Magnesium", ("100 mg",), 23),  # 23.8% -> 24, one point of slack
        ("Zinc", ("25 mg",), 227),
        ("Vitamin A (as retinyl palmitate)", ("3,000 IU",), 100),
        ("Folate", ("680 mcg DFE", "400 mcg"), 170),
        ("Vitamin E (as d-alpha tocopherol)", ("30 IU",), 134),
        ("Iron", ("18 mg",), 100),
    ],
)
def test_dk203_quiet_on_correct_percentages(ruleset, name, amounts, dv):
    lab = label(row(name, *amounts, dv=dv))
    assert messages(ruleset, "DK203", lab) == []
    assert messages(ruleset, "DK204", lab) == []


def test_dk203_slack_is_one_point(ruleset):
    assert messages(ruleset, "DK203", label(row("Magnesium", "100 mg", dv=25))) == []
    assert messages(ruleset, "DK203", label(row("Magnesium", "100 mg", dv=22))) == [
        "magnesium 100 mg is 24% of the 420 mg Daily Value; the label says 22%"
    ]


def test_dk203_less_than_one_percent(ruleset):
    assert messages(ruleset, "DK203", label(row("Sodium", "5 mg", less_than=True))) == []
    assert messages(ruleset, "DK203", label(row("Calcium", "8 mg", less_than=True))) == []  # 0.6%
    assert messages(ruleset, "DK203", label(row("Calcium", "200 mg", less_than=True))) == [
        "calcium 200 mg is 15% of the 1,300 mg Daily Value; the label says <1%"
    ]
    assert messages(ruleset, "DK203", label(row("Calcium", "13 mg", less_than=True))) != []  # exactly 1%


def test_dk203_iu_only_row_shows_the_mcg(ruleset):
    lab = label(row("Vitamin D3", "2,000 IU", dv=100))
    assert messages(ruleset, "DK203", lab) == [
        "vitamin D 2,000 IU (50 mcg) is 250% of the 20 mcg Daily Value; the label says 100%"
    ]


def test_dk203_ignores_rows_without_a_percentage_or_daily_value(ruleset):
    lab = label(row("Boron", "3 mg", symbol="†"), row("Vitamin D3", "25 mcg"), row("Vitamin D3", "25 furlongs", dv=9))
    assert messages(ruleset, "DK203", lab) == []


def test_dk204_legacy_values(ruleset):
    lab = label(
        row("Vitamin K (as phylloquinone)", "100 mcg", dv=125, line=1),
        row("Calcium", "500 mg", dv=50, line=2),
        row("Vitamin D3", "25 mcg", "1,000 IU", dv=250, line=3),
        row("Vitamin A (as retinyl palmitate)", "5,000 IU", dv=100, line=4),
    )
    found = messages(ruleset, "DK204", lab)
    assert found[0] == (
        "vitamin K1 100 mcg: the label's 125% follows the pre-2016 Daily Value of 80 mcg; "
        "against the current 120 mcg Daily Value it is 83%"
    )
    assert "pre-2016 Daily Value of 1,000 mg" in found[1] and "it is 38%" in found[1]
    assert "pre-2016 Daily Value of 400 IU" in found[2] and "it is 125%" in found[2]
    assert "pre-2016 Daily Value of 5,000 IU" in found[3] and "it is 167%" in found[3]
    assert messages(ruleset, "DK203", lab) == []  # each defect once


def test_dk204_mk7_listed_as_vitamin_k_with_old_percentage(ruleset):
    assert len(messages(ruleset, "DK204", label(row("Vitamin K2 (as MK-7)", "100 mcg", dv=125)))) == 1


# DK205 -------------------------------------------------------------------------------------------------


def test_dk205_dagger_resolved_by_not_established_footnote_is_fine(ruleset):
    lab = label(
        row("Vitamin D3", "25 mcg", dv=125),
        row("Vitamin K2 (as MK-7)", "100 mcg", symbol="†"),
        row("Boron", "3 mg", symbol="†"),
        footnotes=(note("†", "Daily Value not established."),),
    )
    assert messages(ruleset, "DK205", lab) == []


def test_dk205_reports_missing_percentage_with_what_it_would_be(ruleset):
    lab = label(row("Vitamin D3", "25 mcg", "1,000 IU"), row("Boron", "3 mg"))
    assert messages(ruleset, "DK205", lab) == [
        "vitamin D has a 20 mcg Daily Value but no %DV is declared (125% for this amount)",
        'Boron has no Daily Value, and its row has no symbol (such as †) pointing to a "Daily Value not established" footnote',
    ]


def test_dk205_leaves_blends_undefined_symbols_and_prose_alone(ruleset):
    blend = label(row("Turmeric root", "200 mg", in_blend=True))
    undefined = label(row("Vitamin D3", "25 mcg", symbol="‡"))
    prose = label(row("Vitamin D3", "25 mcg"), has_panel=False, title=None)
    assert [messages(ruleset, "DK205", x) for x in (blend, undefined, prose)] == [[], [], []]


def test_dk205_symbol_defined_by_another_footnote_does_not_excuse_a_daily_value_nutrient(ruleset):
    lab = label(row("Vitamin D3", "25 mcg", symbol="*"),
                footnotes=(note("*", "Percent Daily Values are based on a 2,000 calorie diet."),))
    assert len(messages(ruleset, "DK205", lab)) == 1


# DK206 -------------------------------------------------------------------------------------------------


def test_dk206_undefined_symbol_reported_once_per_symbol(ruleset):
    lab = label(row("Boron", "3 mg", symbol="†", line=1), row("Vitamin K2 (as MK-7)", "90 mcg", symbol="†", line=2))
    assert messages(ruleset, "DK206", lab) == ['the symbol "†" on Boron (and 1 more row) has no footnote that defines it']


def test_dk206_unused_footnote(ruleset):
    lab = label(row("Boron", "3 mg", symbol="†"),
                footnotes=(note("†", "Daily Value not established."), note("‡", "Clinically studied form.")))
    assert messages(ruleset, "DK206", lab) == [
        'the footnote "‡" (Clinically studied form.) is not referred to by any row or statement'
    ]


def test_dk206_heading_footnote_and_disclaimer_footnote_are_not_unused(ruleset):
    lab = label(row("Vitamin D3", "25 mcg", dv=125), footnotes=(
        note("*", "Percent Daily Values are based on a 2,000 calorie diet."),
        note("**", "These statements have not been evaluated by the Food and Drug Administration."),
    ))
    assert messages(ruleset, "DK206", lab) == []


def test_dk206_symbol_used_by_a_claim_block(ruleset):
    lab = label(row("Vitamin D3", "25 mcg", dv=125), footnotes=(note("◊", "Clinically studied."),),
                text_blocks=(block("Supports bone health◊"),))
    assert messages(ruleset, "DK206", lab) == []


# DK207 / DK208 / DK209 ---------------------------------------------------------------------------------


def test_dk207_iu_only_and_iu_first(ruleset):
    lab = label(row("Vitamin D3", "2,000 IU", dv=250, line=1), row("Vitamin D2", "1,000 IU", "25 mcg", line=2),
                row("Vitamin D3", "50 mcg", "2,000 IU", line=3))
    assert messages(ruleset, "DK207", lab) == [
        "vitamin D is declared as 2,000 IU with no amount in mcg: state the amount in mcg (50 mcg), with IU only after it, in parentheses",
        "vitamin D is declared as 1,000 IU before its amount in mcg: state the amount in mcg (25 mcg), with IU only after it, in parentheses",
    ]


@pytest.mark.parametrize(
    ("name", "amounts"),
    [
        ("Vitamin D3", ("10 mcg", "400 IU")),
        ("Vitamin D3", ("62.5 mcg", "2,500 IU")),
        ("Vitamin D3", ("1,000 IU", "25 mcg")),
        ("Vitamin D3", ("3 mcg", "100 IU")),  # 2.5 mcg rounded to a whole mcg
        ("Vitamin A (as retinyl palmitate)", ("900 mcg", "3,000 IU")),
        ("Vitamin A (as beta-carotene)", ("750 mcg", "5,000 IU")),  # 0.15 mcg per IU
        ("Vitamin A (as beta-carotene)", ("1,500 mcg", "5,000 IU")),  # 0.3 mcg per IU
        ("Vitamin E (as d-alpha tocopherol)", ("13.4 mg", "20 IU")),
        ("Vitamin E (as dl-alpha tocopheryl acetate)", ("180 mg", "400 IU")),
        ("Vitamin E", ("268 mg", "400 IU")),  # form not stated: either factor
        ("Folate", ("680 mcg DFE", "400 mcg")),
        ("Vitamin K", ("1 mg", "1,000 mcg")),
        ("Calcium", ("500 mg", "12 mL")),  # no conversion exists: not this rule's business
        ("Calcium Carbonate", ("1,250 mg", "500 mg")),  # the compound's weight, then the element's
    ],
)
def test_dk208_accepts_consistent_pairs(ruleset, name, amounts):
    assert messages(ruleset, "DK208", label(row(name, *amounts))) == []


def test_dk208_reports_mismatches_with_the_factor(ruleset):
    lab = label(
        row("Vitamin D3", "10 mcg", "500 IU", line=1),
        row("Vitamin E (as d-alpha tocopherol)", "180 mg", "400 IU", line=2),
        row("Vitamin A (as retinyl palmitate)", "1,500 mcg", "10,000 IU", line=3),
        row("Folate", "400 mcg DFE", "400 mcg", line=4),
    )
    assert messages(ruleset, "DK208", lab) == [
        "vitamin D: 10 mcg converts to 400 IU (at 0.025 mcg per IU), but the label also says 500 IU",
        "vitamin E: 180 mg converts to 268.7 IU (at 0.67 mg per IU for the natural form), but the label also says 400 IU",
        "vitamin A: 1,500 mcg converts to 5,000 IU (at 0.3 mcg per IU for the retinol form), but the label also says 10,000 IU",
        "folate: 400 mcg DFE converts to 240 mcg or 235.3 mcg or 200 mcg (1 mcg folic acid = 5/3 or 1.7 mcg DFE with "
        "food, 2 fasting), but the label also says 400 mcg",
    ]


def test_half_unit_follows_printed_precision():
    assert (half_unit(400), half_unit(62.5), half_unit(0.025)) == (0.5, 0.05, 0.0005)


def test_dk209_units(ruleset):
    lab = label(
        row("Vitamin K2 (as MK-7)", "0.1 mg", dv=83, line=1),
        row("Vitamin A (as retinyl palmitate)", "900 mcg RAE", dv=100, line=2),
        row("Folate", "400 mcg", dv=100, line=3),  # mcg is folate's unit, with or without "DFE" after it
        row("Folic acid", "1 mg", dv=250, line=9),
        row("Calcium", "1 g", dv=77, line=4),
        row("Vitamin E (as d-alpha tocopherol)", "30 IU", dv=134, line=5),
        row("Vitamin D3", "1,000 IU", dv=125, line=6),
        row("Vitamin K2 (as MK-4)", "45 mg", symbol="†", line=7),
        row("Boron", "3000 mcg", symbol="†", line=8),
        footnotes=(note("†", "Daily Value not established"),),
    )
    assert messages(ruleset, "DK209", lab) == [
        "vitamin K2 is declared as 0.1 mg; 21 CFR 101.36 prescribes mcg (100 mcg)",
        "folate is declared as 1 mg; 21 CFR 101.36 prescribes mcg DFE (1,000 mcg)",
        "calcium is declared as 1 g; 21 CFR 101.36 prescribes mg (1,000 mg)",
        "vitamin E is declared as 30 IU; 21 CFR 101.36 prescribes mg (20.1 mg)",
    ]


# DK210 -------------------------------------------------------------------------------------------------


def test_longest_ordered_run():
    assert _in_order([3, 5, 15, 19, 1]) == {0, 1, 2, 3}
    assert _in_order([1, 2, 2, 3]) == {0, 1, 2, 3}
    assert _in_order([]) == set()


def test_dk210_one_finding_for_one_misplaced_row(ruleset):
    lab = label(
        row("Vitamin D3", "25 mcg", dv=125, line=1), row("Vitamin K", "90 mcg", dv=75, line=2),
        row("Calcium", "600 mg", dv=46, line=3), row("Magnesium", "100 mg", dv=24, line=4),
        row("Vitamin A (as retinyl palmitate)", "300 mcg", dv=33, line=5),
    )
    assert messages(ruleset, "DK210", lab) == [
        "vitamin A is listed after vitamin D; 21 CFR 101.36 puts it before vitamin D"
    ]


def test_dk210_leaves_out_sodium_no_dv_rows_and_b3_lines(ruleset):
    lab = label(
        row("Vitamin D3", "25 mcg", dv=125), row("Calcium", "600 mg", dv=46), row("Sodium", "10 mg", less_than=True),
        row("Zinc", "5 mg", dv=45), row("Vitamin K2 (as MK-7)", "45 mcg", symbol="†"), row("Boron", "3 mg", symbol="†"),
        footnotes=(note("†", "Daily Value not established."),),
    )
    assert messages(ruleset, "DK210", lab) == []


def test_dk210_rows_without_a_percent_count_only_where_no_row_has_one(ruleset):
    # a %DV column: the row with no %DV (the K2) is DK205's and takes no part in the order
    with_column = label(row("Calcium", "400 mg", dv=31), row("Magnesium", "200 mg", dv=48),
                        row("Vitamin C", "66 mg", dv=73), row("Vitamin K2", "45 mcg"), row("Zinc", "10 mg", dv=91))
    assert messages(ruleset, "DK210", with_column) == [
        "vitamin C is listed after calcium; 21 CFR 101.36 puts it before calcium"]
    # no %DV anywhere (a prescription prenatal's list): every row counts
    without = label(row("Vitamin C", "25 mg"), row("Calcium", "160 mg"), row("Vitamin D3", "170 IU"))
    assert messages(ruleset, "DK210", without) == [
        "calcium is listed before vitamin D; 21 CFR 101.36 puts it after vitamin D"]


def test_dk210_vitamin_k2_with_a_percentage_takes_vitamin_k_place(ruleset):
    lab = label(row("Vitamin D3", "25 mcg", dv=125), row("Calcium", "600 mg", dv=46), row("Zinc", "5 mg", dv=45),
                row("Vitamin K2 (as MK-7)", "100 mcg", dv=83))
    assert messages(ruleset, "DK210", lab) == ["vitamin K2 is listed after calcium; 21 CFR 101.36 puts it before calcium"]


# DK201 / DK202 / DK211 ---------------------------------------------------------------------------------


def test_dk201_titles(ruleset):
    good = label(row("Vitamin D3", "25 mcg"))
    food = label(row("Vitamin D3", "25 mcg"), title=TextBlock(text="Nutrition Facts", span=Span(0, 15)))
    none = label(row("Vitamin D3", "25 mcg"), title=None)
    found_elsewhere = label(row("Vitamin D3", "25 mcg"), title=None, text_blocks=(block("SUPPLEMENT FACTS"),))
    assert messages(ruleset, "DK201", good) == [] and messages(ruleset, "DK201", found_elsewhere) == []
    assert messages(ruleset, "DK201", food) == [
        "the label is titled \"Nutrition Facts\"; a dietary supplement's panel must be titled \"Supplement Facts\""
    ]
    assert messages(ruleset, "DK201", none) == ['the label lists 1 dietary ingredient (Vitamin D3) but has no "Supplement Facts" title']
    assert ruleset.get("DK201").documents == ("panel",)


def test_dk202_serving_size(ruleset):
    assert messages(ruleset, "DK202", label(row("Vitamin D3", "25 mcg"))) == []
    missing = label(row("Vitamin D3", "25 mcg"), serving=Serving())
    assert len(messages(ruleset, "DK202", missing)) == 1
    spec = label(row("Vitamin D3", "25 mcg"), kind="spec", serving=Serving(unit="softgel", text="softgel"))
    assert len(messages(ruleset, "DK202", spec)) == 1
    prose = label(row("Vitamin D3", "25 mcg"), has_panel=False, serving=Serving())
    assert messages(ruleset, "DK202", prose) == []


def test_dk211_other_ingredients(ruleset):
    assert len(messages(ruleset, "DK211", label(row("Vitamin D3", "25 mcg")))) == 1
    stated = label(row("Vitamin D3", "25 mcg"), other_ingredients=block("Other ingredients: olive oil, gelatin."))
    in_prose = label(row("Vitamin D3", "25 mcg"), text_blocks=(block("OTHER INGREDIENTS: olive oil"),))
    assert messages(ruleset, "DK211", stated) == [] and messages(ruleset, "DK211", in_prose) == []
    assert ruleset.get("DK211").documents == ("panel",)


# DK212 -------------------------------------------------------------------------------------------------


def test_dk212_zinc_per_serving_when_servings_unknown(ruleset):
    assert messages(ruleset, "DK212", label(row("Zinc", "50 mg", dv=455))) == [
        "zinc is 50 mg per serving (servings per day not stated), above the adult upper limit of 40 mg, "
        "and the label does not advise consulting a healthcare provider"
    ]


def test_dk212_daily_amount_uses_servings_per_day(ruleset):
    serving = Serving(size=2, unit="capsules", servings_per_day=2, servings_per_day_origin="spec")
    lab = label(row("Magnesium", "200 mg", dv=48), serving=serving)
    assert messages(ruleset, "DK212", lab) == [
        "magnesium is 400 mg per day, above the adult upper limit of 350 mg (from supplements and medications only), "
        "and the label does not advise consulting a healthcare provider"
    ]
    assert messages(ruleset, "DK212", label(row("Magnesium", "200 mg", dv=48))) == []


def test_dk212_quiet_with_medical_advice(ruleset):
    lab = label(row("Zinc", "50 mg", dv=455), warnings=(block("Consult your healthcare provider before use."),))
    assert messages(ruleset, "DK212", lab) == []


def test_dk212_vitamin_a_counts_preformed_only(ruleset):
    retinol = label(row("Vitamin A (as retinyl palmitate)", "15,000 IU"))
    carotene = label(row("Vitamin A (as beta-carotene)", "25,000 IU"))
    mixed = label(row("Vitamin A", "15,000 IU", source="retinyl acetate and beta carotene"))
    unspecified = label(row("Vitamin A", "15,000 IU"))
    assert messages(ruleset, "DK212", retinol) == [
        "preformed vitamin A is 4,500 mcg per serving (servings per day not stated), above the adult upper limit of "
        "3,000 mcg (preformed vitamin A (retinol) only; beta-carotene is not counted), and the label does not "
        "advise consulting a healthcare provider"
    ]
    assert [messages(ruleset, "DK212", x) for x in (carotene, mixed, unspecified)] == [[], [], []]


def test_dk212_leaves_vitamin_d_to_dk103_and_sums_rows(ruleset):
    assert messages(ruleset, "DK212", label(row("Vitamin D3", "250 mcg"))) == []
    two = label(row("Calcium (as calcium carbonate)", "1,500 mg"), row("Calcium (as calcium citrate)", "1,200 mg"))
    assert "calcium is 2,700 mg" in messages(ruleset, "DK212", two)[0]
    compound = label(row("Calcium Carbonate", "1,250 mg", "500 mg"),
                     serving=Serving(size=1, servings_per_day=4, servings_per_day_origin="directions"))
    assert messages(ruleset, "DK212", compound) == []  # 4 x 500 mg of calcium, not 4 x 1,250 mg
    repeated = label(row("Zinc", "25 mg", line=1), row("Zinc", "25 mg", line=9))
    assert messages(ruleset, "DK212", repeated) == []  # one dose mentioned twice is not 50 mg


def test_a_compound_weight_is_no_weight_of_its_mineral(ruleset):
    """"Magnesium glycinate 500 mg" weighs the salt: the magnesium in it is unknown, so no limit is passed."""
    salt = label(row("Magnesium glycinate", "500 mg"), row("Calcium citrate", "1,000 mg"))
    assert messages(ruleset, "DK212", salt) == [] and messages(ruleset, "DK130", salt) == []
    # the plain name, "elemental" and a compound given only as the source weigh the mineral itself
    for name in ("Magnesium", "Elemental magnesium", "Magnesium (as magnesium glycinate)"):
        assert "magnesium is 500 mg" in messages(ruleset, "DK212", label(row(name, "500 mg")))[0], name


def test_spec_targets_keep_their_field_paths(ruleset):
    ingredient = row("Vitamin D3", "125 mcg", dv=500).model_copy(update={"field_path": ("ingredients", 0), "span": NOWHERE})
    lab = label(ingredient, kind="spec", has_panel=False)
    rule = ruleset.get("DK203")
    (finding,) = rule.check(lab, rule)
    assert finding.field_path == ("ingredients", 0, "dv_percent")


def test_blood_level_ranges_skip_only_texts_that_cannot_name_their_unit():
    """DK160's quick test (no "nmol", no "ng" with "ml") never hides a range the full reading finds."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dklint.facts.phrases import phrase_list
    from dklint.rules.checks.dk2.blood_level import find_ranges, ranges_in_context

    pieces = ["30", "50", "-", " to ", "75", "125", "ng/mL", "nmol/L", "NG/ML", "nmol / l", "ng", "mL", "ml",
              "blood levels", "25(OH)D", "serum", " of ", " ", ".", "\u2013", "\uff4e\uff47/\uff4d\uff2c", "vitamin D"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=14))
    def agree(parts):
        text = "".join(parts)
        full = () if phrase_list("blood_level_context").search(text) is None else tuple(find_ranges(text))
        assert ranges_in_context.__wrapped__(text) == full

    agree()
    assert ranges_in_context.__wrapped__("Maintain blood levels of 30-50 ng/mL.")[0][:3] == (30.0, 50.0, "ng/mL")
