"""Real shapes of label text (the layout stage) and what kind of document a text is.

Every text here is written for these tests, after shapes seen on real pages:
label-database tables cut into lines, shop exports, HTML tables, markdown,
dotted leaders, forum markup, a panel printed twice. Positions are checked by
slicing the source, so they must point into the original text, not the
canonical lines the layout stage builds.
"""

from __future__ import annotations

import pytest

from functools import cache

from dklint.engine.check import check_source
from dklint.parse.label.parse import parse_label
from dklint.rules.loader import load_rules
from dklint.source import Source, Span
from dklint.testing.fixtures import default_checker


@cache
def checker():
    return default_checker(load_rules())


def read(text: str):
    return parse_label(Source("label.txt", text))


def cut(text: str, span: Span | None) -> str:
    assert span is not None
    return text[span.start : span.end]


def rows(text: str) -> list[tuple[str, str | None, list[tuple[float, str]], float | None]]:
    label = read(text).label
    return [(i.name, i.nutrient, [(a.value, a.unit) for a in i.amounts], i.dv_percent)
            for i in label.ingredients if i.region == "facts"]


def found(text: str) -> list[str]:
    return sorted(f.code for f in check_source(checker(), Source("label.txt", text)).findings)


# -- split_cells ---------------------------------------------------------------------------------------

SPLIT_CELLS = """Ingredients | Amount Per Serving |
---|---|
(Cholecalciferol)
|
50 mcg |
(Vitamin K (Form: as Menaquinone-7) )
|
100 mcg |
Gelatin, Glycerin, Olive Oil, Purified Water, Sunflower Lecithin
"""


def test_split_cells_make_one_row_of_each_name_bar_and_amount():
    assert rows(SPLIT_CELLS) == [
        ("Cholecalciferol", "vitamin_d", [(50.0, "mcg")], None),
        ("Vitamin K", "vitamin_k2", [(100.0, "mcg")], None),  # the bracketed form is the row's form
    ]
    result = read(SPLIT_CELLS)
    assert result.findings == []  # neither the lone "|" lines nor the "---|---|" rule is a broken row
    first = result.label.ingredients[0]
    assert cut(SPLIT_CELLS, first.span).startswith("Cholecalciferol")
    assert cut(SPLIT_CELLS, first.amounts[0].span) == "50 mcg"


def test_an_unheaded_excipient_list_under_the_rows_ends_the_panel():
    label = read(SPLIT_CELLS).label
    assert label.other_ingredients is not None
    assert label.other_ingredients.text.startswith("Gelatin, Glycerin")
    assert label.document == "panel"


FENCED_CELLS = """Supplement Facts
Serving Size: 1 Softgel
Calories
| 10 |
Total Fat
| 1 g |
| 1% |
Vitamin D3
(as cholecalciferol)
| 25 mcg |
| 125% |
"""


def test_fenced_cells_and_a_name_over_two_lines_make_one_row():
    assert rows(FENCED_CELLS) == [  # "Calories 10" is the panel's calorie line, no ingredient row
        ("Total Fat", "total_fat", [(1.0, "g")], 1.0),
        ("Vitamin D3", "vitamin_d", [(25.0, "mcg")], 125.0),
    ]
    label = read(FENCED_CELLS).label
    assert cut(FENCED_CELLS, label.ingredients[1].amounts[0].span) == "25 mcg"


def test_calories_take_no_percent_daily_value_and_total_fat_does():
    # a label database writes calories as a row with its unit ("40 Calorie(s)")
    text = "Supplement Facts\nServing Size: 1 Softgel\nCalories 40 Calorie(s)\nTotal Fat 4.5 g\nVitamin D3 25 mcg 125%\n"
    assert "DK205" not in found(FENCED_CELLS)
    assert [i.nutrient for i in read(text).label.ingredients] == ["calories", "total_fat", "vitamin_d"]
    result = check_source(checker(), Source("label.txt", text))
    assert [(f.code, f.line, f.column, f.end_column) for f in result.findings if f.code == "DK205"] == [
        ("DK205", 4, 1, 16)]  # the whole row "Total Fat 4.5 g"


# -- dotted leaders, "% Daily Value", letter names ---------------------------------------------------

LEADERS = """SUPPLEMENT FACTS
Serving Size 1 Tablet
VITAMINS
D (cholecalciferol) . . . . . . . . . . . . . .25 mcg    125% Daily Value
E (d-alpha tocopherol)  . . . . . . . . . . . 15 mg    100% Daily Value
MINERALS
Zinc (zinc citrate)  . . . . . . . . . . . . . 11 mg    100% Daily Value
"""


def test_spaced_leaders_and_percent_daily_value_read_as_rows():
    assert rows(LEADERS) == [
        ("D", "vitamin_d", [(25.0, "mcg")], 125.0),
        ("E", "vitamin_e", [(15.0, "mg")], 100.0),
        ("Zinc", "zinc", [(11.0, "mg")], 100.0),
    ]
    result = read(LEADERS)
    assert result.findings == []
    d = result.label.ingredients[0]
    # the leader's last dot is not a decimal point: ".25 mcg" is 25 mcg, located without the dot
    assert cut(LEADERS, d.amounts[0].span) == "25 mcg"
    assert cut(LEADERS, d.dv_span) == "125% Daily Value"


# -- forum markup ----------------------------------------------------------------------------------------


def test_forum_markup_is_not_a_broken_row():
    text = "Supplement Facts[/S]\nServing Size: 1 Tablet\n[b]Vitamin D3[/b] 25 mcg 125%\n"
    result = read(text)
    assert result.findings == []
    assert rows(text) == [("Vitamin D3", "vitamin_d", [(25.0, "mcg")], 125.0)]
    assert cut(text, result.label.title.span) == "Supplement Facts"


def test_a_bracketed_word_that_is_no_markup_stays():
    text = "Supplement Facts\nServing Size: 1 Tablet\nVitamin D3 [1] 25 mcg 125%\n"
    label = read(text).label
    assert label.ingredients[0].amounts[0].value == 25.0


# -- a panel printed twice ------------------------------------------------------------------------------

RESTATED = """Supplement Facts
Serving Size: 1 Tablet
Amount Per Tablet    % Daily Value
Iron (as ferrous fumarate) 18 mg 100%

Active Ingredient
EACH TABLET CONTAINS:     % U.S. RDA
Elemental Iron 18 mg   100
"""


def test_an_older_box_restating_the_panel_is_not_a_second_dose():
    assert rows(RESTATED) == [("Iron", "iron", [(18.0, "mg")], 100.0)]
    assert "DK205" not in found(RESTATED)


def test_a_second_block_with_anything_new_is_kept_whole():
    text = RESTATED.replace("Elemental Iron 18 mg   100", "Elemental Iron 18 mg   100\nZinc 11 mg  100")
    assert [name for name, *_ in rows(text)] == ["Iron", "Elemental Iron", "Zinc"]


# -- document kinds ------------------------------------------------------------------------------------

DRUG_SECTIONS = """Active Ingredient (in each tablet)
Calcium carbonate 750 mg
Purpose
Antacid
Uses
relieves heartburn
"""


@pytest.mark.parametrize(("text", "kind"), [
    (DRUG_SECTIONS, "drug-facts"),
    # a Supplement Facts title outweighs part of the sections: "Purpose: iron supplement" makes no drug
    ("Supplement Facts\nServing Size: 1 Tablet\nIron 18 mg 100%\nActive Ingredient\nIron 18 mg\nPurpose\n"
     "Iron supplement\n", None),
    # ... but not all of them, nor a database's drug category
    ("Supplement Facts\nServing Size: 1 Tablet\nCalcium 300 mg 23%\n" + DRUG_SECTIONS, "drug-facts"),
    ("Category: HUMAN OTC DRUG LABEL\nSupplement Facts\nServing Size: 1 Tablet\nMagnesium 250 mg 60%\n", "drug-facts"),
    ("Sr. No | Name of Ingredients | % of RDA | FSSR STD. No\n1 | Zinc | 10 mg | 100 | Schedule I\n",
     "foreign-regulator"),
])
def test_document_kinds(text, kind):
    label = read(text).label
    assert label.foreign_format == kind
    assert label.document == ("foreign" if kind else "panel")
    if kind:
        assert found(text) == ["DK005"]


def test_a_drug_disclaimer_of_a_database_page_does_not_make_a_supplement_a_drug():
    text = "Supplement Facts\nServing Size: 1 Tablet\nZinc 11 mg 100%\nDisclaimer: Most OTC drugs are not reviewed.\n"
    assert read(text).label.foreign_format is None


# -- HTML source ------------------------------------------------------------------------------------------

HTML_PAGE = """<HTML><BODY>
<P><STRONG>Supplement Facts</STRONG></P>
<P><STRONG>Serving size:</STRONG>
2<BR><STRONG>Each bottle contains:</STRONG> 60 vegetarian
capsules</P>
<P><STRONG>Directions: </STRONG>As
a dietary supplement, take 2 capsules daily with food.</P>
<TABLE>
<TR>
<TD><P>Vitamin D (as cholecalciferol)</P></TD>
<TD><P>25 mcg</P></TD>
<TD><P>125%</P></TD>
</TR>
</TABLE>
</BODY></HTML>
"""


def test_html_source_is_read_as_a_browser_lays_it_out():
    result = read(HTML_PAGE)
    label = result.label
    assert result.findings == []  # "Each bottle contains: 60 capsules" counts the bottle: no broken row
    assert rows(HTML_PAGE) == [("Vitamin D", "vitamin_d", [(25.0, "mcg")], 125.0)]
    # a paragraph wrapped in the file is one line; "<BR>" ends one inside a file line
    assert label.directions[0].text == "As a dietary supplement, take 2 capsules daily with food."
    assert (label.serving.size, label.serving.unit, label.serving.servings_per_day) == (2.0, None, 1.0)
    row = label.ingredients[0]
    assert cut(HTML_PAGE, row.amounts[0].span) == "25 mcg" and cut(HTML_PAGE, row.dv_span) == "125%"


def test_break_tags_in_plain_text_split_rows_without_joining_lines():
    text = "Supplement Facts<br />Serving Size: 1 Softgel<br />Vitamin D3 25 mcg 125%<br />Zinc 11 mg 100%\nMade by Acme.\n"
    assert [name for name, *_ in rows(text)] == ["Vitamin D3", "Zinc"]
    assert read(text).label.serving.size == 1.0


# -- column headings, package counts, several bottle sizes ------------------------------------------------


def test_a_column_heading_may_state_the_serving_it_is_for():
    text = ("4 Capsules per day, Servings Per Container 25\n"
            "Amount   % Daily US RDA (from contents of 4 pills)\n"
            "Calcium 400 mg 31%\nZinc 10 mg 91%\n")
    label = read(text).label
    assert (label.serving.size, label.serving.unit) == (4.0, "pill")
    assert label.serving.servings_per_day == 1.0  # "4 capsules" a day are the 4 pills of one serving
    assert read(text).findings == []


def test_several_bottle_sizes_and_a_symbol_on_the_column_heading():
    text = ("Supplement Facts | |||\nServing Size: 1 Softgel | |||\nServings per Container: 100/240 | |||\n"
            "Amount per 1 Softgel | %DV* | ||\nVitamin D3 (Cholecalciferol) | 25 mcg | 125% | |\n"
            "*Daily Value not established |\nRecommendations: take one (1) softgel daily with a meal.\n")
    result = read(text)
    assert result.findings == []
    assert result.label.serving.servings_per_container == 100.0
    assert result.label.directions[0].text == "take one (1) softgel daily with a meal."
    assert "DK206" not in found(text)  # the "*" on "%DV*" refers to the footnote


# -- cells between bars, text between rows -----------------------------------------------------------------

BRAND_PAGE_CELLS = """Vitamin C
| Amount Per Serving |
90 mg |
| %DV |
100% |
Why vitamin C
Daily Requirements: adults 90 mg.
Vitamin D
| Amount Per Serving |
25 mcg |
| %DV |
125% |
"""


def test_cells_after_a_closed_cell_carry_on_while_lines_open_with_a_bar():
    assert rows(BRAND_PAGE_CELLS) == [
        ("Vitamin C", "vitamin_c", [(90.0, "mg")], 100.0),
        ("Vitamin D", "vitamin_d", [(25.0, "mcg")], 125.0),
    ]
    label = read(BRAND_PAGE_CELLS).label
    assert label.document == "panel"  # rows in "|" cells are a table, whatever text lies between them
    assert read(BRAND_PAGE_CELLS).findings == []


def test_one_row_cut_into_lines_is_enough_to_read():
    text = "Ingredients | Amount Per Serving |\n---|---|\n(Menaquinone-7)\n|\n100 mcg |\nGelatin, Glycerin, Olive Oil\n"
    assert rows(text) == [("Menaquinone-7", "vitamin_k2", [(100.0, "mcg")], None)]
    assert read(text).findings == []


# -- a %DV cell with its column name, colours in an ingredient statement, a form named beside a dose -----------


def test_a_percent_cell_under_its_row_with_the_column_name_before_it():
    text = "Supplement Facts\nServing size: 1 tablet\nAmount per Tablet\nCalcium 500mg\n% Daily Value 50%\n"
    assert rows(text) == [("Calcium", "calcium", [(500.0, "mg")], 50.0)]
    assert read(text).findings == []


def test_colour_lakes_in_an_ingredient_statement_are_no_dosed_rows():
    text = ("Supplement Facts\nServing size: 1 tablet\nCalcium 500 mg 38%\n"
            "Ingredients: Sucrose, Calcium Carbonate, Talc, Blue 1 Lake, Yellow 6 Lake, Red 40 Lake.\n")
    result = read(text)
    assert result.findings == []
    assert [i.name for i in result.label.ingredients] == ["Calcium"]
    assert result.label.other_ingredients is not None


@pytest.mark.parametrize(("text", "form"), [
    ("MK-7 Vitamin K-2 100 mcg - a study of absorption", "MK-7"),  # the form before the name
    ("Each capsule gives 75 mcg of mixed menaquinones, mostly MK-7, for bones.", "MK-7"),
    ("Each capsule gives 75 mcg of mixed menaquinones, both MK-4 and MK-7.", None),  # two forms: neither is the form
])
def test_the_form_named_beside_a_dose_in_a_sentence(text, form):
    label = read(text).label
    assert [(i.nutrient, i.form) for i in label.ingredients] == [("vitamin_k2", form)]


# -- a panel for several strengths: columns side by side, glued together ---------------------------------------

STRENGTHS = """Nutrition Facts/Serving Size 1 Chewable Tablet/Servings Per Container 30 or 90
Amount Per Serving
(1 Chewable Tablet)
1.0 mg0.5 mg0.25 mg%DV Adults & Children
Vitamin C60 mg60 mg60 mg100%
Vitamin B61.05 mg1.05 mg1.05 mg53%
Vitamin B124.5 mcg4.5 mcg4.5 mcg75%
Fluoride1.0 mg0.5 mg0.25 mg*
*Daily Value not established
"""


def test_columns_for_several_strengths_read_as_one_row_each():
    result = read(STRENGTHS)
    assert result.findings == []  # the strengths heading and "(1 Chewable Tablet)" are no broken rows
    assert [(i.name, i.nutrient, [a.value for a in i.amounts], i.dv_percent) for i in result.label.ingredients] == [
        ("Vitamin C", "vitamin_c", [60.0, 60.0, 60.0], 100.0),
        # the repeated column shows where the glued code ends: B6 then 1.05 mg, B12 then 4.5 mcg
        ("Vitamin B6", "vitamin_b6", [1.05, 1.05, 1.05], 53.0),
        ("Vitamin B12", "vitamin_b12", [4.5, 4.5, 4.5], 75.0),
        ("Fluoride", "fluoride", [1.0, 0.5, 0.25], None),
    ]
    b6 = result.label.ingredients[1]
    assert cut(STRENGTHS, b6.amounts[0].span) == "1.05 mg"
    assert result.label.serving.servings_per_container == 30.0


def test_a_glued_code_without_a_repeated_column_is_left_as_read():
    text = "Supplement Facts\nServing Size 1 Tablet\nVitamin B61.05 mg 53%\n"
    assert [(i.name, i.amounts[0].value) for i in read(text).label.ingredients] == [("Vitamin B", 61.05)]


def test_a_footnote_run_into_the_rows_and_a_dose_after_a_heading():
    text = ("Supplement Facts Serving Size 1.0 mL\nAmount Per Serving % Daily Value\n"
            "Vitamin C 35 mg 39% Fluoride 0.25 mg * *U.S. Recommended Daily Allowance not established. "
            "Consult your physician.\nActive ingredient for caries prophylaxis: Each 1 mL contains 0.25 mg fluoride.\n")
    result = read(text)
    assert [(i.name, i.dv_percent, i.symbol) for i in result.label.ingredients] == [
        ("Vitamin C", 39.0, None), ("Fluoride", None, "*")]
    assert [f.symbol for f in result.label.footnotes] == ["*"]
    assert result.findings == []


# -- what heads the other ingredients, a percent column without "%" on the row, rows above paragraphs -------


@pytest.mark.parametrize(("statement", "heading"), [
    ("Other ingredients: gelatin, glycerin.", "other ingredients"),
    ("Inactive Ingredients: croscarmellose sodium, magnesium stearate.", "inactive ingredients"),
    ("Ingredients: calcium carbonate, sucrose, talc.", "ingredients"),
    ("Gelatin, glycerin, olive oil, purified water.", None),  # under the panel with no heading
])
def test_the_heading_of_the_other_ingredients_is_kept(statement, heading):
    label = read(f"Supplement Facts\nServing Size: 1 Softgel\nZinc 11 mg 100%\n{statement}\n").label
    assert label.other_ingredients is not None
    assert label.other_ingredients_heading == heading


def test_a_headed_list_wins_over_one_read_without_a_heading():
    text = ("Supplement Facts\nServing Size: 1 Softgel\nZinc 11 mg 100%\nGelatin, glycerin, olive oil.\n"
            "Other ingredients: gelatin, glycerin, olive oil.\n")
    assert read(text).label.other_ingredients_heading == "other ingredients"


def test_a_bare_number_under_a_percent_heading_is_the_rows_percent():
    text = "EACH TABLET CONTAINS:     % U.S. RDA*\nElemental Iron 65 mg     360\n* U.S. Recommended Daily Allowance\n"
    result = read(text)
    assert result.findings == []
    assert [(i.name, i.dv_percent) for i in result.label.ingredients] == [("Elemental Iron", 360.0)]


def test_three_rows_each_above_a_paragraph_are_a_list():
    text = ("Vitamin C (Ascorbic Acid) 150 mg\nVitamin C is found in peppers and citrus fruits.\n"
            "Thiamin (Thiamin HCl) 2.6 mg\nThiamin plays a part in nerve function.\n"
            "Niacin (Vitamin B3) 40 mg\nNiacin is found in dairy products.\n")
    assert read(text).label.document == "panel"
    assert read("\n".join(text.split("\n")[:4])).label.document == "listing"  # two are not


# -- a column per population, a source on a line of its own, shop records on one line ---------------------------

PRENATAL = """Supplement Facts
Serving Size: 1 Softgel
Amount per Serving:% Daily Value (Pregnant Women)% Daily Value for
(Lactating Women)
Vitamin C (as ascorbic acid)90 mg150%150%
Vitamin D 3
(as cholecalciferol)
400 IU100%100%
"""


def test_population_columns_and_a_source_line_between_name_and_amount():
    result = read(PRENATAL)
    assert result.findings == [] and result.label.directions == ()
    assert [(i.name, i.form, [a.value for a in i.amounts], i.dv_percent) for i in result.label.ingredients] == [
        ("Vitamin C", None, [90.0], 150.0), ("Vitamin D 3", "D3", [400.0], 100.0)]


SHOP_RECORDS = """{
    servingSize: 'Serving Size: 3 Tablets',
    ingredients: [
    { ingredient: 'Biotin', amount: '100 mcg', dailyValue: '333%' },
    {
        ingredient:
            'Zinc (as zinc citrate)',
        amount: '11 mg',
        dailyValue: '100%'
    },
    ],
    otherIngredients: '',
}
"""


def test_shop_records_on_one_line_and_a_value_on_the_line_after_its_key():
    result = read(SHOP_RECORDS)
    assert [(i.name, i.amounts[0].value, i.dv_percent) for i in result.label.ingredients] == [
        ("Biotin", 100.0, 333.0), ("Zinc", 11.0, 100.0)]
    assert result.label.serving.size == 3.0
    assert result.label.other_ingredients is None  # "ingredient:" alone is a record's key, not a heading


# -- the page's subject and a dose stated without naming it --------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # the title names the subject; "supplementing with" makes the amount the product's
    ("Vitamin D3\n\nThese capsules supply vitamin D. Supplementing with 1,000 IU is within safe limits.\n",
     [("vitamin_d", 1000.0, "IU")]),
    # a recommendation quoted from another body is no dose of the product
    ("Vitamin D3\n\nEFSA suggests 15 ug (600 IU) per day for adults. Vitamin D helps bones.\n", []),
    # the subject is named in most sentences; IU cannot measure vitamin K2, mcg can
    ("Vitamin K2 keeps calcium in bones. Vitamin K2 is made by natto. Each tablet provides 500 IU or 45 mcg.\n",
     [("vitamin_k2", 45.0, "mcg")]),
])
def test_a_dose_the_page_states_for_its_subject(text, expected):
    label = read(text).label
    assert [(i.nutrient, i.amounts[0].value, i.amounts[0].unit) for i in label.ingredients] == expected
    assert label.document == ("listing" if expected else "dose-less")


def test_a_dose_of_a_compound_in_a_sentence_names_the_compound():
    label = read("Each capsule contains 1,000 mg of calcium citrate and 100 IU of vitamin D3.").label
    assert [(i.name, i.nutrient) for i in label.ingredients] == [("calcium citrate", "calcium"), ("vitamin D3", "vitamin_d")]


def test_what_a_row_or_a_heading_says_of_itself_stays_text_the_claims_rules_read():
    text = ("Ingredients\nD-Mannose - 1000mg: Known for reducing urinary tract infections.\n"
            "Hibiscus Extract - 100mg: Shown to help in clinical studies.\n"
            "Active ingredient for caries prophylaxis: Each 1 mL contains 0.25 mg fluoride.\n")
    label = read(text).label
    assert [i.name for i in label.ingredients if i.region == "facts"] == ["D-Mannose", "Hibiscus Extract"]
    texts = [block.text for block in label.text_blocks]
    assert "Known for reducing urinary tract infections." in texts
    assert "Active ingredient for caries prophylaxis" in texts


def test_one_row_for_two_forms_of_a_nutrient_makes_both_present():
    text = "Supplement Facts\nServing Size: 3 Capsules\nVitamin D3 125 mcg 625%\nVitamin K1 & K2 800 mcg 667%\n"
    label = read(text).label
    assert [(i.nutrient, [a.value for a in i.amounts], i.dv_percent) for i in label.ingredients] == [
        ("vitamin_d", [125.0], 625.0), ("vitamin_k1", [800.0], 667.0), ("vitamin_k2", [], None)]
    assert "DK101" not in found(text) and "DK124" in found(text)  # K2 is there, its form is not said
    # two different minerals in one row stay one row: how the amount splits is not said
    assert [i.nutrient for i in read("Supplement Facts\nServing Size: 1 Tablet\nCalcium & Magnesium 500 mg\n")
            .label.ingredients] == ["calcium"]


# -- hard-wrapped lines ------------------------------------------------------------------------------------

WRAPPED = """SUPPLEMENT
FACTS SERVING SIZE: ONE (1)
SOFTGEL SERVINGS PER CONTAINER:
120 AMOUNT PER SERVING: VITAMIN D3 (AS
CHOLECALCIFEROL) 25 MCG
(1,000 IU) 125% OTHER
INGREDIENTS: OLIVE OIL, GELATIN,
GLYCERIN. *THESE STATEMENTS HAVE
NOT BEEN EVALUATED BY THE FOOD AND DRUG ADMINISTRATION. THIS PRODUCT IS NOT INTENDED TO DIAGNOSE, TREAT, CURE, OR PREVENT ANY DISEASE.
"""


@pytest.mark.parametrize("case", [str.upper, str.lower])
def test_a_panel_wrapped_mid_sentence_reads_as_the_paragraph_it_was(case):
    text = case(WRAPPED)
    result = read(text)
    label = result.label
    assert result.findings == []
    assert [(i.nutrient, [a.value for a in i.amounts], i.dv_percent) for i in label.ingredients] == [
        ("vitamin_d", [25.0, 1000.0], 125.0)]
    assert (label.title is not None, label.serving.size, label.serving.servings_per_container) == (True, 1.0, 120.0)
    assert label.disclaimer is not None and label.other_ingredients is not None
    assert cut(text, label.ingredients[0].amounts[1].span).lower() == "1,000 iu"


def test_rows_and_headings_on_lines_of_their_own_stay_apart():
    text = ("Supplement Facts\nServing Size: 1 Softgel\nAmount Per Serving\nVitamin D3 25 mcg 125%\n"
            "Vitamin K2 (as MK-7) 90 mcg\nOther ingredients:\nolive oil, gelatin.\n")
    label = read(text).label
    assert [i.name for i in label.ingredients] == ["Vitamin D3", "Vitamin K2"]
    assert read(text).findings == []
