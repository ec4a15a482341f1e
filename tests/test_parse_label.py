"""The label-text reader: every shape it must read, with exact values and spans.

All label texts here are written for these tests (synthetic); spans are checked
by slicing the source text, so they are offsets into the original, not lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dklint.parse.directions import servings_per_day
from dklint.parse.label.parse import parse_label
from dklint.source import Source, Span

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "labels"


def read(text: str):
    result = parse_label(Source("label.txt", text))
    assert result.label is not None
    return result


def cut(text: str, span: Span | None) -> str:
    assert span is not None
    return text[span.start : span.end]


def codes(result) -> list[str]:
    return [finding.code for finding in result.findings]


def by_name(label, name: str):
    return next(item for item in label.ingredients if item.name == name)


PANEL = """Brightwell Labs D3 + K2 Softgels
• Supports healthy bones*

Supplement Facts
Serving Size: 1 Softgel
Servings Per Container: 60
Amount Per Serving          % Daily Value
Vitamin D3 (as cholecalciferol)   125 mcg (5,000 IU)   625%
Vitamin K2 (as menaquinone-7)     100 mcg              83%
Olive fruit polyphenols           10 mg                †
† Daily Value not established.

Other ingredients: extra virgin olive oil, gelatin, glycerin.
Directions: Take 1 softgel twice daily with a meal.
Warning: If you take anticoagulant medication, consult your physician before use.
*These statements have not been evaluated by the Food and Drug Administration.
This product is not intended to diagnose, treat, cure, or prevent any disease.
"""


def test_panel_title_serving_and_panel_span():
    result = read(PANEL)
    label = result.label
    assert label.input_kind == "text"
    assert label.has_panel is True
    assert label.title.text == "Supplement Facts"
    assert cut(PANEL, label.title.span) == "Supplement Facts"
    assert cut(PANEL, label.panel_span).startswith("Supplement Facts\nServing Size")
    assert cut(PANEL, label.panel_span).endswith("† Daily Value not established.")
    serving = label.serving
    assert (serving.size, serving.unit, serving.text, serving.servings_per_container) == (1.0, "softgel", "1 Softgel", 60.0)
    assert cut(PANEL, serving.span) == "Serving Size: 1 Softgel"
    assert label.form == "softgel"
    assert result.findings == []


def test_panel_rows_amounts_sources_and_dv():
    label = read(PANEL).label
    assert [item.name for item in label.ingredients] == ["Vitamin D3", "Vitamin K2", "Olive fruit polyphenols"]
    d3 = by_name(label, "Vitamin D3")
    assert (d3.nutrient, d3.form, d3.source) == ("vitamin_d", "D3", "cholecalciferol")
    assert [(a.value, a.unit, a.raw_unit, a.known) for a in d3.amounts] == [(125.0, "mcg", "mcg", True), (5000.0, "IU", "IU", True)]
    assert [cut(PANEL, a.span) for a in d3.amounts] == ["125 mcg", "5,000 IU"]
    assert [a.text for a in d3.amounts] == ["125 mcg", "5,000 IU"]
    assert (d3.dv_percent, d3.dv_less_than, d3.dv_text) == (625.0, False, "625%")
    assert cut(PANEL, d3.dv_span) == "625%"
    assert cut(PANEL, d3.name_span) == "Vitamin D3"
    assert cut(PANEL, d3.span) == "Vitamin D3 (as cholecalciferol)   125 mcg (5,000 IU)   625%"
    k2 = by_name(label, "Vitamin K2")
    assert (k2.nutrient, k2.form, k2.source, k2.dv_percent) == ("vitamin_k2", "MK-7", "menaquinone-7", 83.0)
    olive = by_name(label, "Olive fruit polyphenols")
    assert (olive.nutrient, olive.dv_percent, olive.symbol) == (None, None, "†")


def test_panel_sections_footnotes_disclaimer_and_claims():
    label = read(PANEL).label
    assert label.footnotes[0].symbol == "†"
    assert label.footnotes[0].text == "Daily Value not established."
    assert cut(PANEL, label.footnotes[0].span) == "† Daily Value not established."
    assert label.other_ingredients.text == "extra virgin olive oil, gelatin, glycerin."
    assert cut(PANEL, label.other_ingredients.span) == "extra virgin olive oil, gelatin, glycerin."
    assert [d.text for d in label.directions] == ["Take 1 softgel twice daily with a meal."]
    assert (label.serving.servings_per_day, label.serving.servings_per_day_origin) == (2.0, "directions")
    assert [w.text for w in label.warnings] == [
        "If you take anticoagulant medication, consult your physician before use."]
    assert label.disclaimer.symbol == "*"
    assert label.disclaimer.text.startswith("These statements have not been evaluated by the Food and Drug")
    assert label.disclaimer.text.endswith("cure, or prevent any disease.")
    assert cut(PANEL, label.disclaimer.span).startswith("*These statements")
    texts = [block.text for block in label.text_blocks]
    assert texts == ["Brightwell Labs D3 + K2 Softgels", "Supports healthy bones*"]
    assert label.text_blocks[1].symbol == "*"
    assert label.claims == ()


def test_pipe_table_with_header_and_separator_lines():
    text = (
        "| Supplement Facts | | |\n| Serving Size: 2 Capsules | | |\n| Nutrient | Amount | %DV |\n|---|---|---|\n"
        "| Vitamin D3 (as cholecalciferol) | 125 mcg (5,000 IU) | 625% |\n"
        "| Magnesium (from magnesium citrate) | 100 mg | 24% |\n"
    )
    result = read(text)
    label = result.label
    assert result.findings == []
    assert label.title.text == "Supplement Facts"
    assert (label.serving.size, label.serving.unit) == (2.0, "capsule")
    d3, mg = label.ingredients
    assert cut(text, d3.span) == "Vitamin D3 (as cholecalciferol) | 125 mcg (5,000 IU) | 625%"
    assert (mg.name, mg.source, mg.nutrient, mg.amounts[0].value, mg.dv_percent) == (
        "Magnesium", "magnesium citrate", "magnesium", 100.0, 24.0)


def test_tab_separated_rows_and_glued_percent():
    text = "Supplement Facts\nServing Size 2 capsules\nVitamin D3 (as Cholecalciferol)\t20 mcg100%\nZinc\t11 mg\t100%\n"
    label = read(text).label
    d3, zinc = label.ingredients
    assert (d3.amounts[0].value, d3.amounts[0].unit, d3.dv_percent) == (20.0, "mcg", 100.0)
    assert cut(text, d3.dv_span) == "100%"
    assert (zinc.nutrient, zinc.amounts[0].value, zinc.dv_percent) == ("zinc", 11.0, 100.0)


@pytest.mark.parametrize(
    ("row", "name", "source", "amounts"),
    [
        ("Vitamin D3 - 125mcg", "Vitamin D3", None, [(125.0, "mcg", "125mcg")]),
        ("Vitamin D3: 400 IU", "Vitamin D3", None, [(400.0, "IU", "400 IU")]),
        ("Vitamin D3 (Cholecalciferol) – 1000 IU", "Vitamin D3", "Cholecalciferol", [(1000.0, "IU", "1000 IU")]),
        ("Cholecalciferol 25mcg (1000IU)", "Cholecalciferol", None, [(25.0, "mcg", "25mcg"), (1000.0, "IU", "1000IU")]),
        ("Vitamin D 25µg/1000iu", "Vitamin D", None, [(25.0, "mcg", "25µg"), (1000.0, "IU", "1000iu")]),
        ("Vitamin D 1,000 IU / 25 mcg", "Vitamin D", None, [(1000.0, "IU", "1,000 IU"), (25.0, "mcg", "25 mcg")]),
        ("Vitamin D3 200 IU equivalent to 5 mcg", "Vitamin D3", None, [(200.0, "IU", "200 IU"), (5.0, "mcg", "5 mcg")]),
        ("Vitamin D3 as cholecalciferol 50 μg", "Vitamin D3", "cholecalciferol", [(50.0, "mcg", "50 μg")]),
        ("Vitamin D3 50 ug (2000 I.U.)", "Vitamin D3", None, [(50.0, "mcg", "50 ug"), (2000.0, "IU", "2000 I.U.")]),
        ("Vitamin D3 1000 UI", "Vitamin D3", None, [(1000.0, "IU", "1000 UI")]),
        ("2,000 IU Vitamin D-3 as Cholecalciferol", "Vitamin D-3", "Cholecalciferol", [(2000.0, "IU", "2,000 IU")]),
        ("Vitamin E (as d-alpha tocopherol) 13.4 mg (20 IU)", "Vitamin E", "d-alpha tocopherol",
         [(13.4, "mg", "13.4 mg"), (20.0, "IU", "20 IU")]),
    ],
)
def test_row_shapes(row, name, source, amounts):
    text = f"Each softgel contains:\n{row}\n"
    result = read(text)
    assert result.findings == []
    (item,) = result.label.ingredients
    assert (item.name, item.source) == (name, source)
    assert [(a.value, a.unit, cut(text, a.span)) for a in item.amounts] == amounts
    assert cut(text, item.span) == row
    assert item.nutrient == "vitamin_d" or item.nutrient == "vitamin_e"


def test_dotted_leaders_pipe_cells_and_notes_in_brackets():
    text = ("SUPPLEMENT FACTS\n| Serving Size | 2 Tablets | |\n| Servings Per Container | 45 | |\n"
            "| Amount Per Serving | | % DV |\n"
            "Vitamin D3 (as cholecalciferol) ........ 25 mcg (1,000 IU) ........ 125%\n"
            "Vitamin A (as retinyl acetate and 50% as beta-carotene)   900 mcg RAE   100%\n"
            "Folate   680 mcg DFE (400 mcg folic acid)   170%\n")
    result = read(text)
    assert result.findings == []
    label = result.label
    assert (label.serving.size, label.serving.unit, label.serving.servings_per_container) == (2.0, "tablet", 45.0)
    d3, vitamin_a, folate = label.ingredients
    assert [a.value for a in d3.amounts] == [25.0, 1000.0] and d3.dv_percent == 125.0
    assert (vitamin_a.source, vitamin_a.dv_percent) == ("retinyl acetate and 50% as beta-carotene", 100.0)
    # the bracket restates the row in folic acid: a second amount, and the form
    assert [(a.value, a.basis) for a in folate.amounts] == [(680.0, "DFE"), (400.0, None)]
    assert (folate.form, folate.source) == ("folic acid", None)
    assert folate.dv_percent == 170.0


def test_includes_added_sugars_row():
    text = ("Supplement Facts\nServing Size: 2 Gummies\nTotal Carbohydrate   4 g   1%*\n"
            "   Total Sugars   3 g   †\n     Includes 3 g Added Sugars   6%*\n")
    result = read(text)
    assert result.findings == []
    added = result.label.ingredients[-1]
    assert (added.name, added.amounts[0].value, added.dv_percent, added.symbol) == ("Added Sugars", 3.0, 6.0, "*")
    assert cut(text, added.span) == "3 g Added Sugars   6%*"


def test_each_measure_contains_header():
    text = "Supplement Facts\nServing Size: 1 mL\nEach 1 mL Contains      % Daily Value\nVitamin K1 500 mcg 417%\n"
    result = read(text)
    assert result.findings == []
    assert [i.nutrient for i in result.label.ingredients] == ["vitamin_k1"]


def test_doses_on_a_header_line_count_below_panel_rows():
    page = ("Each softgel delivers 50 mcg of vitamin D3 and 100 mcg of vitamin K2 as MK-7.\n\n"
            "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 50 mcg 250%\nVitamin K2 100 mcg 83%\n")
    assert [i.name for i in read(page).label.ingredients] == ["Vitamin D3", "Vitamin K2"]
    listing = "Each tablet contains Calcium carbonate 1250 mg equivalent to 500 mg & Vitamin D3 200 IU.\n"
    calcium, d3 = read(listing).label.ingredients
    assert (calcium.nutrient, [a.value for a in calcium.amounts]) == ("calcium", [500.0, 1250.0])
    assert (d3.nutrient, d3.amounts[0].value) == ("vitamin_d", 200.0)
    sentence = "Each drop delivers 25 mcg (1,000 IU) of vitamin D3 with vitamin K1 (100 mcg per drop).\n"
    label = read(sentence).label
    assert [(i.nutrient, i.amounts[0].value) for i in label.ingredients] == [("vitamin_d", 25.0), ("vitamin_k1", 100.0)]
    assert label.text_blocks[0].text == sentence.strip()


def test_basis_units_rae_and_dfe():
    text = "Supplement Facts\nServing Size 1 Tablet\nVitamin A (as beta-carotene) 900 mcg RAE 100%\nFolate 680 mcg DFE 170%\n"
    vitamin_a, folate = read(text).label.ingredients
    assert (vitamin_a.amounts[0].unit, vitamin_a.amounts[0].basis, vitamin_a.form) == ("mcg", "RAE", "beta-carotene")
    assert cut(text, vitamin_a.amounts[0].span) == "900 mcg RAE"
    assert (folate.nutrient, folate.amounts[0].basis, folate.dv_percent) == ("folate", "DFE", 170.0)


def test_dv_column_variants():
    text = (
        "Supplement Facts\nServing Size 1 Capsule\n"
        "Total Fat 0.5 g <1%\nSodium 5 mg Less than 1%\nTurmeric root 200 mg **\n"
        "Vitamin C 60 mg* 67%\nBoron 1 mg †\n** Daily Value not established.\n"
    )
    result = read(text)
    fat, sodium, turmeric, vitamin_c, boron = result.label.ingredients
    assert (fat.dv_percent, fat.dv_less_than, fat.dv_text) == (1.0, True, "<1%")
    assert (sodium.dv_percent, sodium.dv_less_than, cut(text, sodium.dv_span)) == (1.0, True, "Less than 1%")
    assert (turmeric.dv_percent, turmeric.symbol) == (None, "**")
    assert (vitamin_c.dv_percent, vitamin_c.symbol) == (67.0, "*")
    assert (boron.symbol, boron.nutrient) == ("†", "boron")
    assert [(f.symbol, f.text) for f in result.label.footnotes] == [("**", "Daily Value not established.")]
    assert result.findings == []


def test_proprietary_blend_inline_and_components_on_their_own_lines():
    text = (
        "Supplement Facts\nServing Size 2 Capsules\n"
        "Proprietary Blend: 409 mg (Turmeric, Ginger root, Black pepper)\n"
        "Bone Support Blend 300 mg †\n  Horsetail extract\n  Nettle root\n"
        "Vitamin D3 25 mcg 125%\n"
    )
    label = read(text).label
    names = [(i.name, i.in_blend, [a.value for a in i.amounts]) for i in label.ingredients]
    assert names == [
        ("Proprietary Blend", False, [409.0]),
        ("Bone Support Blend", False, [300.0]),
        ("Horsetail extract", True, []),
        ("Nettle root", True, []),
        ("Vitamin D3", False, [25.0]),
    ]
    assert label.ingredients[0].source is None  # a blend's bracket lists components, not a source


def test_linear_listing_with_keywords_in_one_paragraph():
    text = ("serving size: one (1) softgel ingredients: vitamin d (as d3 cholecalciferol) 2,000 iu "
            "other ingredients: olive oil, gelatin")
    label = read(text).label
    assert (label.serving.size, label.serving.unit, label.serving.text) == (1.0, "softgel", "one (1) softgel")
    (d3,) = label.ingredients
    assert (d3.name, d3.source, d3.nutrient, d3.form) == ("vitamin d", "d3 cholecalciferol", "vitamin_d", "D3")
    assert cut(text, d3.amounts[0].span) == "2,000 iu"
    assert label.other_ingredients.text == "olive oil, gelatin"


def test_linear_panel_split_on_amount_boundaries():
    text = ("Supplement Facts Serving Size 1 Softgel Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625% "
            "Vitamin K2 (as MK-7) 100 mcg 83% Other ingredients: olive oil, gelatin. "
            "Directions: take 1 softgel daily with food.")
    result = read(text)
    label = result.label
    assert label.title.text == "Supplement Facts"
    assert label.serving.unit == "softgel"
    assert [(i.name, i.form, i.dv_percent) for i in label.ingredients] == [("Vitamin D3", "D3", 625.0),
                                                                           ("Vitamin K2", "MK-7", 83.0)]
    assert cut(text, label.ingredients[1].span) == "Vitamin K2 (as MK-7) 100 mcg 83%"
    assert label.other_ingredients.text == "olive oil, gelatin."
    assert [d.text for d in label.directions] == ["take 1 softgel daily with food."]
    assert result.findings == []


def test_doses_named_in_a_sentence():
    text = "Heart and bone formula. Contains 125 mcg D3, 100 mcg K2, and 210 mg calcium per serving.\n"
    label = read(text).label
    found = [(i.name, i.nutrient, i.amounts[0].value, i.amounts[0].unit, cut(text, i.span)) for i in label.ingredients]
    assert found == [
        ("D3", "vitamin_d", 125.0, "mcg", "125 mcg D3"),
        ("K2", "vitamin_k2", 100.0, "mcg", "100 mcg K2"),
        ("calcium", "calcium", 210.0, "mg", "210 mg calcium"),
    ]
    assert label.has_panel is False


def test_doses_in_product_page_prose():
    text = ("Vitamin D3 drops: 400 IU per 4 drops.\n"
            "Also with vitamin K1 (500 mcg per drop) for balance.\n")
    label = read(text).label
    assert [(i.nutrient, i.amounts[0].value, i.amounts[0].unit) for i in label.ingredients] == [
        ("vitamin_d", 400.0, "IU"), ("vitamin_k1", 500.0, "mcg")]


def test_numbers_that_are_not_doses_make_no_ingredients():
    text = ("Magnesium takes part in over 300 biochemical reactions and 2,000 genes.\n"
            "Mix with an 8oz. glass of water. Store below <25°C. Price R230,31 or $19.99.\n"
            "Vitamin D drops, 20ml bottle, 500 drops per bottle.\n")
    label = read(text).label
    assert label.ingredients == ()
    assert len(label.text_blocks) == 3


def test_prose_mentions_do_not_double_count_panel_rows():
    text = ("Each softgel gives you 125 mcg of vitamin D3 and 100 mcg of vitamin K2.\n\n"
            "Supplement Facts\nServing Size 1 Softgel\nVitamin D3 125 mcg 625%\nVitamin K2 100 mcg 83%\n")
    label = read(text).label
    assert [i.name for i in label.ingredients] == ["Vitamin D3", "Vitamin K2"]


def test_rows_standing_alone_without_a_panel():
    text = ("Vitamin C (Ascorbic Acid) 150 mg\nVitamin C helps the body absorb iron from plant foods.\n"
            "Niacin (Vitamin B3) 40 mg\nNiacin plays a part in energy metabolism.\n")
    label = read(text).label
    assert [(i.name, i.source, i.nutrient, i.amounts[0].value) for i in label.ingredients] == [
        ("Vitamin C", "Ascorbic Acid", "vitamin_c", 150.0), ("Niacin", "Vitamin B3", "niacin", 40.0)]
    assert label.has_panel is False
    assert len(label.text_blocks) == 2


def test_nutrition_facts_title_is_kept_for_the_panel_rule():
    text = "Nutrition Facts\nServing size 2 gummies\nCalories 15\nTotal Sugars 3 g\nVitamin D 50 mcg (2,000 IU) 250%\n"
    result = read(text)
    label = result.label
    assert label.title.text == "Nutrition Facts" and label.has_panel
    assert [i.name for i in label.ingredients] == ["Total Sugars", "Vitamin D"]
    assert (label.serving.unit, label.form) == ("gummy", "gummy")
    assert result.findings == []


def test_supplemental_facts_misspelling_and_flattened_cells():
    text = ("Supplemental Facts\nAmount Per Serving\nfive drops (0.1 ml) contain:\n"
            "vitamin D (as cholecalciferol from lichen) (D3)\n25 mcg (1,000 IU)\n"
            "other ingredients: medium chain triglycerides\nserving size: 0.1 ml (five drops)\n"
            "servings per container: 100\n5 drops (0.1 ml) daily, with a meal.\n")
    result = read(text)
    label = result.label
    assert label.title.text == "Supplemental Facts"
    (d3,) = label.ingredients
    assert (d3.name, d3.source, d3.form) == ("vitamin D", "cholecalciferol from lichen", "D3")
    assert cut(text, d3.span) == "vitamin D (as cholecalciferol from lichen) (D3)\n25 mcg (1,000 IU)"
    assert (label.serving.size, label.serving.unit, label.serving.text) == (0.1, "ml", "0.1 ml (five drops)")
    assert [d.text for d in label.directions] == ["5 drops (0.1 ml) daily, with a meal."]
    assert label.serving.servings_per_day == 1.0  # five drops a day is one serving of five drops
    assert label.form == "oil drops"
    assert result.findings == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drug Facts\nActive ingredient (in each tablet)\nCalcium carbonate 750 mg\n", "drug-facts"),
        ("Medicinal ingredients per drop: Vitamin D3 (cholecalciferol) 1000 IU (25 mcg) "
         "Nonmedicinal ingredients: MCT oil.\n", "npn"),
        ("Typical values\n1 capsule provides on average (NRV):\nVitamin D\n25µg/1000iu\n", "eu-nrv"),
        ("One tablet provides 62.5µg of vitamin D3 at 1250% of the NRV.\n", "eu-nrv"),
        # "Non-medicinal ingredients" is Health Canada's heading; a US label says "Other ingredients"
        ("Each level teaspoon (3 g) contains:\nMagnesium (from magnesium citrate) 435 mg\n"
         "Non-Medicinal Ingredients: None\n", "npn"),
        ("Vitamin D3 1000 IU\nNPN 80012345\n", "npn"),
        ("Magnesium 250 mg\nAUST L 123456\n", "aust"),
        ("Vitamin D3 1000 IU per drop\nThis medicine has not been evaluated by SAHPRA.\n", "foreign-regulator"),
        ("Vitamin D 10 mcg per tablet, 200% of the nutrient reference value\n", "eu-nrv"),
        # Drug Facts without the title, as monographs print it: "Active ingredient" with "Purpose" or "Uses"
        ("Active ingredient (in each tablet)\nCalcium carbonate 1000 mg\nPurpose\nAntacid\n", "drug-facts"),
        ("Active ingredients: vitamin D3 1000 IU\nDirections: take daily\n", None),
        (PANEL, None),
    ],
)
def test_foreign_formats(text, expected):
    assert read(text).label.foreign_format == expected


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Supplement Facts\nServing Size: 2 Capsules\nZinc 11 mg 100%\n", "capsule"),
        ("Supplement Facts\nServing Size: 1 Tablet\nZinc 11 mg 100%\n", "tablet"),
        ("Supplement Facts\nServing Size: 1 Lozenge\nZinc 11 mg 100%\n", "lozenge"),
        ("Supplement Facts\nServing Size: 1 Scoop (5 g)\nZinc 11 mg 100%\n", "powder"),
        ("Each drop contains:\nVitamin D3: 400 IU\n", "drops"),
        ("Each drop contains:\nVitamin D3: 400 IU\nOther ingredients: MCT oil\n", "oil drops"),
        ("Each tablespoon (15 ml) contains: Magnesium (magnesium glycinate) 250 mg\n", "liquid"),
    ],
)
def test_dosage_form(text, form):
    assert read(text).label.form == form


def test_dklint_comment_lines_are_not_label_content():
    text = ("# dklint: disable=DK101\n# dklint: ignore-file[DK150] reason\nSupplement Facts\n"
            "  # dklint: ignore[DK006] reason\nServing Size 1 Softgel\nVitamin D3 125 mcg 625%\n")
    result = read(text)
    assert result.label.text_blocks == ()
    assert [i.name for i in result.label.ingredients] == ["Vitamin D3"]
    assert result.findings == []


def test_the_parser_does_not_know_the_fixture_marker():
    """"#! expect:" is the fixture harness's (dklint.testing.fixtures), which strips it before checking."""
    result = read("#! expect: DK004\nSupplement Facts\nServing Size 1 Softgel\nVitamin D3 125 mcg 625%\n")
    assert [block.text for block in result.label.text_blocks] == ["#! expect: DK004"]
    assert [i.name for i in result.label.ingredients] == ["Vitamin D3"]


def test_dk004_for_an_unreadable_line_inside_the_panel():
    text = ("Supplement Facts\nServing Size 1 Softgel\nVitamin D3 (as cholecalciferol) 125 mc g 625%\n"
            "Vitamin K2 100 mcg 83%\n")
    result = read(text)
    (finding,) = result.findings
    assert (finding.code, finding.severity) == ("DK004", "warning")
    assert finding.message == 'panel line could not be read as an ingredient row: "Vitamin D3 (as cholecalciferol) 125 mc g 625%"'
    assert cut(text, finding.span) == "Vitamin D3 (as cholecalciferol) 125 mc g 625%"
    assert [i.name for i in result.label.ingredients] == ["Vitamin K2"]


def test_dk004_spans_the_whole_line_or_just_the_leftover():
    text = "Supplement Facts\nServing Size 1 Softgel\nbroken 12 row ?\nZinc 11 mg 100% Copper\n"
    result = read(text)
    assert [(f.code, cut(text, f.span)) for f in result.findings] == [("DK004", "broken 12 row ?"),
                                                                     ("DK004", "Copper")]
    assert result.findings[0].message == 'panel line could not be read as an ingredient row: "broken 12 row ?"'
    assert [i.name for i in result.label.ingredients] == ["Zinc"]


def test_words_with_no_amount_and_no_nutrient_in_a_panel_are_prose_not_a_broken_row():
    text = "Supplement Facts\nServing Size 1 Softgel\nZinc 11 mg 100% Made in USA\nDaily cost = $23/25 = 92 cents/day\n"
    result = read(text)
    assert result.findings == []
    assert [i.name for i in result.label.ingredients] == ["Zinc"]


def test_dk004_for_a_nutrient_without_an_amount():
    text = "Supplement Facts\nServing Size 1 Softgel\nVitamin K2\nOther ingredients: gelatin\n"
    result = read(text)
    assert codes(result) == ["DK004"]
    assert cut(text, result.findings[0].span) == "Vitamin K2"


def test_dk006_unknown_unit_points_at_the_unit():
    text = "Supplement Facts\nServing Size 1 Capsule\nVitamin Q 5 xyz\n"
    result = read(text)
    (finding,) = result.findings
    assert (finding.code, finding.severity) == ("DK006", "warning")
    assert finding.message == 'unknown unit "xyz" in "Vitamin Q 5 xyz"'
    assert cut(text, finding.span) == "xyz"
    (item,) = result.label.ingredients
    assert (item.amounts[0].value, item.amounts[0].unit, item.amounts[0].known) == (5.0, "xyz", False)


def test_headers_separators_footnotes_and_calories_are_readable():
    text = ("Supplement Facts\n================\nServing Size 1 Gummy\nAmount Per Serving  % DV\n"
            "----------------------\nCalories 10\nTotal Carbohydrate 2 g <1%*\n% Daily Value\n"
            "Vitamin D 25 mcg 125%\n* Percent Daily Values are based on a 2,000 calorie diet.\n")
    result = read(text)
    assert result.findings == []
    assert [i.name for i in result.label.ingredients] == ["Total Carbohydrate", "Vitamin D"]
    assert result.label.footnotes[0].text == "Percent Daily Values are based on a 2,000 calorie diet."


def test_prose_paragraph_after_a_blank_line_ends_the_panel():
    text = ("Supplement Facts\nServing Size 1 Softgel\nVitamin D3 125 mcg 625%\n\n"
            "Vitamin D is made in the skin when it is exposed to sunlight, and it helps the body use calcium.\n")
    result = read(text)
    assert result.findings == []
    assert result.label.text_blocks[0].text.startswith("Vitamin D is made in the skin")


def test_html_residue_is_ignored():
    text = ("<strong>Supplement Facts</strong><br />\nServing Size: 1 Softgel<br>\n"
            "<strong>Vitamin D3</strong> 125 mcg (5,000 IU) 625%<br/>\n"
            "Warning: Keep out of reach of children.<br>Consult your doctor before use.\n")
    result = read(text)
    label = result.label
    assert result.findings == []
    assert label.title.text == "Supplement Facts"
    (d3,) = label.ingredients
    assert cut(text, d3.name_span) == "Vitamin D3"
    assert [a.value for a in d3.amounts] == [125.0, 5000.0]
    assert label.warnings[0].text == "Keep out of reach of children. Consult your doctor before use."


def test_offsets_survive_unicode_cleaning_and_crlf():
    text = "\ufeffSupplement Facts\r\nServing Size: 1 Softgel\r\nVita\u200bmin D3 (as chole\u00adcalciferol)\u00a0125\u00a0µg 625%\r\n"
    label = read(text).label
    (d3,) = label.ingredients
    assert d3.nutrient == "vitamin_d"
    assert cut(text, d3.name_span) == "Vita\u200bmin D3"
    assert cut(text, d3.amounts[0].span) == "125\u00a0µg"
    assert cut(text, d3.dv_span) == "625%"
    assert cut(text, label.serving.span) == "Serving Size: 1 Softgel"


def test_offsets_in_a_split_linear_line_with_unicode():
    text = "Supplement Facts Serving Size 1 Softgel Vita\u200bmin D3 125 \u00b5g 625% Other ingredients: olive\u00a0oil"
    label = read(text).label
    (d3,) = label.ingredients
    assert cut(text, d3.name_span) == "Vita\u200bmin D3"
    assert (cut(text, d3.amounts[0].span), d3.amounts[0].unit) == ("125 \u00b5g", "mcg")
    assert cut(text, d3.dv_span) == "625%"
    assert cut(text, label.serving.span) == "Serving Size 1 Softgel"
    assert cut(text, label.other_ingredients.span) == "olive\u00a0oil"
    assert label.other_ingredients.text == "olive oil"


def test_disclaimer_with_dagger_over_two_lines_and_abbreviated_fda():
    text = ("• Supports bone health†\n"
            "†These statements have not been evaluated by the FDA. This product is not intended to\n"
            "diagnose, treat, cure, or prevent any disease.\n")
    label = read(text).label
    assert label.disclaimer.symbol == "†"
    assert label.disclaimer.text == ("These statements have not been evaluated by the FDA. This product is not "
                                     "intended to diagnose, treat, cure, or prevent any disease.")
    assert cut(text, label.disclaimer.span) == text[text.index("†These") : text.rindex(".") + 1]
    assert [(b.text, b.symbol) for b in label.text_blocks] == [("Supports bone health†", "†")]


def test_warning_sections_in_several_spellings():
    text = ("WARNINGS/CONTRAINDICATION\nIf pregnant or nursing, consult your healthcare practitioner.\n"
            "Do not use if the seal is broken.\n\nCaution: Not intended for infants.\n"
            "Precaution: Patients with kidney disease should be supervised.\n")
    label = read(text).label
    assert [w.text for w in label.warnings] == [
        "If pregnant or nursing, consult your healthcare practitioner. Do not use if the seal is broken.",
        "Not intended for infants.",
        "Patients with kidney disease should be supervised.",
    ]


@pytest.mark.parametrize(
    ("text", "directions", "per_day"),
    [
        ("Suggested use: Take 2 capsules daily.", "Take 2 capsules daily.", 2.0),
        ("Recommended usage\nTake three capsules daily, preferably in divided doses.",
         "Take three capsules daily, preferably in divided doses.", 3.0),
        ("As a dietary supplement, take one (1) capsule once a day after a meal.",
         "As a dietary supplement, take one (1) capsule once a day after a meal.", 1.0),
        ("Dosage\nAdults: 1 drop per day or as directed.", "Adults: 1 drop per day or as directed.", 1.0),
        ("Directions for use: Adults: 1 drop daily.\nNever exceed dosage. Take with a meal.",
         "Adults: 1 drop daily. Never exceed dosage. Take with a meal.", 1.0),
    ],
)
def test_directions_and_servings_per_day(text, directions, per_day):
    label = read(text + "\n").label
    assert [d.text for d in label.directions] == [directions]
    assert (label.serving.servings_per_day, label.serving.servings_per_day_origin) == (per_day, "directions")


def test_directions_count_in_the_serving_unit():
    text = "Supplement Facts\nServing Size: 2 Capsules\nZinc 11 mg 100%\nDirections: Take 2 capsules daily.\n"
    assert read(text).label.serving.servings_per_day == 1.0


def test_no_directions_means_servings_per_day_assumed():
    serving = read("Supplement Facts\nServing Size: 1 Softgel\nZinc 11 mg 100%\n").label.serving
    assert (serving.servings_per_day, serving.servings_per_day_origin) == (None, "assumed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 softgels daily", 2), ("1 capsule twice a day", 2), ("twice daily", 2), ("1-2 tablets daily", 2),
        ("take one (1) capsule once a day", 1), ("three capsules daily, in divided doses", 3), ("1 drop daily", 1),
        ("2 tablets per day, preferably one tablet each morning and evening", 2), ("Take 1 softgel 3 times daily", 3),
        ("Take one tablespoon once or twice a day", 2), ("take ten capsules daily", 10), ("Take with food", None),
        ("Store in a cool, dry place", None), ("", None),
        # other ways to say how often
        ("Take 1 capsule 2x daily", 2), ("take 1 tablet 3x/day", 3), ("1 capsule 2 x per day", 2),
        ("take 1 softgel three times per day with meals", 3),
        ("Chew one tablet with meals, two to three times a day or as recommended by a physician.", 3),
        ("Take 1 capsule daily, 2 hours before a meal.", 1), ("Take 2 capsules daily. Shake 3 times.", 2),
    ],
)
def test_servings_per_day(text, expected):
    assert servings_per_day(text) == expected


def test_headers_that_start_the_rows():
    for header in ("Each drop contains:", "Amount per 2 capsules", "Ingredient per lozenge",
                   "1 capsule provides on average:", "Amount Per Serving"):
        text = f"{header}\nVitamin D3 (as cholecalciferol) 25 mcg\nVitamin D3 lots\n"
        result = read(text)
        assert [i.amounts[0].value for i in result.label.ingredients] == [25.0], header
        assert codes(result) == ["DK004"], header  # the rows context is a panel: a broken row is reported


def test_sentence_that_only_looks_like_a_header_stays_text():
    text = "Each tablet provides vitamin D as easily absorbable D3 cholecalciferol.\n"
    label = read(text).label
    assert label.ingredients == () and label.panel_span is None
    assert label.text_blocks[0].text == text.strip()


def test_supplement_facts_in_a_sentence_is_not_a_title():
    text = "See the Supplement Facts panel for details.\nNutrition facts for vitamin D are on our site.\n"
    label = read(text).label
    assert label.title is None and label.has_panel is False
    assert [b.text for b in label.text_blocks] == [line for line in text.splitlines()]


def test_amount_per_header_counts_the_directions():
    text = "Amount per 2 capsules\nVitamin D3 25 mcg\nDirections: take 2 capsules daily.\n"
    serving = read(text).label.serving
    # the header names the serving (101.36 lets "Amount Per 2 Capsules" stand for "Amount Per Serving")
    assert (serving.size, serving.unit, serving.servings_per_day, serving.servings_per_day_origin) == (
        2.0, "capsule", 1.0, "directions")


def test_foreign_panels_are_text_without_panel_findings():
    text = "Drug Facts\nActive ingredient (in each tablet) Purpose\nCalcium carbonate 750 mg ..... Antacid\nbroken 5 xyz\n"
    result = read(text)
    assert result.label.foreign_format == "drug-facts"
    assert result.label.title is None and result.findings == []
    assert result.label.text_blocks[0].text == "Drug Facts"


def test_an_internal_error_becomes_dk009(monkeypatch):
    from dklint.parse.label import reader

    def broken(self, seg, same_line=False):
        raise RuntimeError("boom")

    monkeypatch.setattr(reader.LabelReader, "feed", broken)
    result = parse_label(Source("label.txt", "Supplement Facts\n"))
    assert [(f.code, f.severity) for f in result.findings] == [("DK009", "error")]
    assert "RuntimeError: boom" in result.findings[0].message
    assert result.label.ingredients == ()


def test_empty_and_blank_text():
    for text in ("", "\n\n  \n", "# dklint: disable=DK101\n"):
        result = read(text)
        assert result.findings == []
        assert result.label.ingredients == () and result.label.text_blocks == ()
        assert result.label.has_panel is False


def test_samples_smoke():
    """Real label texts kept outside the project: every one is read without an exception."""
    if not SAMPLES.is_dir():
        pytest.skip(f"shared samples not available at {SAMPLES}")
    for path in sorted(SAMPLES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        while lines and lines[0].startswith("# "):
            lines.pop(0)
        result = parse_label(Source(str(path), "".join(lines)))
        assert result.label is not None, path.name
        assert not any(f.code == "DK009" for f in result.findings), path.name


def test_a_sentence_inside_a_panel_that_names_no_nutrient_is_prose_not_a_row():
    from dklint.parse.label.parse import parse_label
    from dklint.source import Source

    text = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 25 mcg (1,000 IU) 125%\nAim for 25(OH)D levels of 60-80 ng/mL.\n"
    result = parse_label(Source(path="t.txt", text=text))
    assert [i.name for i in result.label.ingredients] == ["Vitamin D3"]
    assert [b.text for b in result.label.text_blocks] == ["Aim for 25(OH)D levels of 60-80 ng/mL."]
    assert result.findings == []
