"""The fda-claims rules (DK301-DK303, DK310, DK311) on Label objects built directly."""

from __future__ import annotations

import time

import pytest

from dklint.model import Amount, Footnote, Ingredient, Label, TextBlock
from dklint.rules.checks.fda_claims.disclaimer import find_disclaimers, wording_problems
from dklint.rules.checks.fda_claims.clauses import sentence_spans
from dklint.rules.checks.fda_claims.statements import find_sf_claims, trailing_symbol
from dklint.source import Span

PLURAL = ("These statements have not been evaluated by the Food and Drug Administration. "
          "This product is not intended to diagnose, treat, cure, or prevent any disease.")
SINGULAR = ("This statement has not been evaluated by the Food and Drug Administration. "
            "This product is not intended to diagnose, treat, cure, or prevent any disease.")


def vitamin_d() -> Ingredient:
    span = Span(20, 60)
    return Ingredient(name="Vitamin D3", nutrient="vitamin_d", form="D3", span=span, name_span=span, dv_percent=125,
                      amounts=(Amount(value=25, unit="mcg", span=span),))


def text_label(*lines: str, **fields) -> Label:
    """Label text whose prose lines become text blocks at their real offsets (line 1 is the title)."""
    blocks, offset = [], len("Supplement Facts\n")
    for line in lines:
        blocks.append(TextBlock(text=line, span=Span(offset, offset + len(line))))
        offset += len(line) + 1
    return Label(input_kind="text", has_panel=True, ingredients=(vitamin_d(),), text_blocks=tuple(blocks), **fields)


def spec_label(claims=(), disclaimer=None) -> Label:
    blocks = tuple(TextBlock(text=text, symbol=symbol, span=Span(0, 0), field_path=("claims", i))
                   for i, (text, symbol) in enumerate(claims))
    if disclaimer is not None:
        disclaimer = TextBlock(text=disclaimer[0], symbol=disclaimer[1], span=Span(0, 0), field_path=("disclaimer",))
    return Label(input_kind="spec", ingredients=(vitamin_d(),), claims=blocks, disclaimer=disclaimer)


def findings(ruleset, code: str, label: Label):
    rule = ruleset.get(code)
    return list(rule.check(label, rule))


def messages(ruleset, code: str, label: Label) -> list[str]:
    return [f.message for f in findings(ruleset, code, label)]


# finding claims ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Supports bone health.",
        "Helps maintain strong bones and teeth",
        "Supports healthy blood clotting*",
        "Vitamin K2 helps direct calcium to the bones.",
        "• Promotes cardiovascular health",
        "Contributes to normal immune function.",
        "SUPPORTS IMMUNE FUNCTION",
    ],
)
def test_structure_function_claims_are_found(text):
    assert len(find_sf_claims(text_label(text))) == 1


@pytest.mark.parametrize(
    "text",
    ["Gluten free. Non-GMO.", "Take 1 softgel daily with a meal.", "Keep out of reach of children.", "Bone & Heart formula", PLURAL],
)
def test_other_prose_is_not_a_claim(text):
    assert find_sf_claims(text_label(text)) == []


def test_sentences_and_symbols():
    text = "Supports bone health.* Helps maintain teeth*. Version 2.5 is here"
    spans = sentence_spans(text)
    assert [text[a:b].strip() for a, b in spans] == ["Supports bone health", "* Helps maintain teeth*", "Version 2.5 is here"]
    assert [c.symbol for c in find_sf_claims(text_label(text))] == ["*", "*"]
    assert trailing_symbol("health. *These", 6) is None
    assert trailing_symbol("health *", 6) == "*"
    assert trailing_symbol("health.\u2020\u2020 more", 6) == "\u2020\u2020"


def test_spec_claims_need_only_a_body_structure():
    label = spec_label(claims=[("Bone health", "*"), ("Non-GMO", None)])
    assert [c.text for c in find_sf_claims(label)] == ["Bone health"]


# DK301 -------------------------------------------------------------------------------------------------


def test_dk301_fires_once_at_the_first_claim(ruleset):
    label = text_label("Supports bone health.", "Supports immune function.")
    (finding,) = findings(ruleset, "DK301", label)
    assert finding.message == (
        'the label makes a structure/function claim ("Supports bone health") and 1 more but carries no DSHEA '
        'disclaimer ("These statements have not been evaluated by the Food and Drug Administration. ...")'
    )
    assert finding.span == Span(17, 37)


@pytest.mark.parametrize(
    "label",
    [
        text_label("Supports bone health.*", "*" + PLURAL),
        text_label("Supports bone health.*", "*These statements have not been evaluated by the FDA."),  # DK302's
        text_label("Supports bone health.", disclaimer=TextBlock(text=SINGULAR, span=Span(200, 300))),
        text_label("Supports bone health.", footnotes=(Footnote(symbol="*", text=PLURAL, span=Span(90, 200)),)),
        text_label("Gluten free."),
    ],
)
def test_dk301_quiet(ruleset, label):
    assert findings(ruleset, "DK301", label) == []


def test_dk301_spec(ruleset):
    (finding,) = findings(ruleset, "DK301", spec_label(claims=[("Supports healthy blood clotting", "*")]))
    assert finding.field_path == ("claims", 0, "text")


# DK302 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        PLURAL, SINGULAR, "*" + PLURAL, PLURAL.replace("cure,", "cure"), PLURAL.upper(),
        PLURAL.replace(" ", "\n", 5), PLURAL.replace("Administration", "Administration (FDA)"),
        "(" + SINGULAR.replace("cure,", "cure") + ")", PLURAL.replace("by the Food", "by the U.S. Food"),
    ],
)
def test_dk302_accepts_the_required_text(text):
    assert wording_problems(text) == ()


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (PLURAL.replace("the Food and Drug Administration", "the FDA"), ['"FDA" instead of "Food and Drug Administration"']),
        (PLURAL.replace("treat, ", ""), ['omits "treat"']),
        (PLURAL.replace("These statements", "The statements above"), ['"The statements above" instead of "These statements"']),
        (PLURAL.replace("evaluated", "approved"), ['"approved" instead of "evaluated"']),
        ("This product is not intended to diagnose, treat, cure or prevent any disease.",
         ['omits "These statements have not been evaluated by the Food and Drug Administration"']),
    ],
)
def test_dk302_describes_each_difference(text, problems):
    assert list(wording_problems(text)) == problems


def test_dk302_disclaimer_wrapped_over_lines_is_joined(ruleset):
    first, second = PLURAL.split("Drug ")
    label = text_label("Supports bone health.*", "*" + first + "Drug", second)
    (disclaimer,) = find_disclaimers(label)
    assert disclaimer.symbol == "*" and disclaimer.block.span.start == len("Supplement Facts\nSupports bone health.*\n")
    assert findings(ruleset, "DK302", label) == []
    assert findings(ruleset, "DK301", label) == []


def test_dk302_message_and_position(ruleset):
    label = text_label("Supports bone health.*", "*" + PLURAL.replace("Food and Drug Administration", "FDA"))
    (finding,) = findings(ruleset, "DK302", label)
    assert finding.message == (
        'the DSHEA disclaimer differs from the text 21 CFR 101.93(c) requires: "FDA" instead of "Food and Drug Administration"'
    )
    assert finding.span.start == len("Supplement Facts\nSupports bone health.*\n")


def test_dk302_parser_disclaimer_in_spec(ruleset):
    label = spec_label(claims=[("Supports bone health", "*")], disclaimer=(PLURAL.replace("treat, ", ""), "*"))
    (finding,) = findings(ruleset, "DK302", label)
    assert finding.field_path == ("disclaimer", "text") and finding.message.endswith('omits "treat"')


# DK303 -------------------------------------------------------------------------------------------------


def test_dk303_linked_claims_are_fine(ruleset):
    label = text_label("Supports bone health.*", "Supports immune function*", "*" + PLURAL)
    assert findings(ruleset, "DK303", label) == []


def test_dk303_claim_symbol_not_on_the_disclaimer(ruleset):
    label = text_label("Supports bone health.\u2020", "Supports immune function.\u2020", "*" + PLURAL)
    assert messages(ruleset, "DK303", label) == [
        'the claim "Supports bone health" is marked "\u2020", but the disclaimer carries "*"; '
        "21 CFR 101.93(d) links each claim to the disclaimer with the same symbol"
    ]


def test_dk303_marked_disclaimer_with_unmarked_claims(ruleset):
    label = spec_label(claims=[("Supports bone health", None)], disclaimer=(PLURAL, "*"))
    (finding,) = findings(ruleset, "DK303", label)
    assert finding.field_path == ("disclaimer", "text")
    assert 'the disclaimer is marked "*", but no claim carries it' in finding.message


def test_dk303_leaves_missing_disclaimer_and_unmarked_pairs_alone(ruleset):
    assert findings(ruleset, "DK303", text_label("Supports bone health.*")) == []
    assert findings(ruleset, "DK303", text_label("Supports bone health. " + PLURAL)) == []


def test_dk303_claim_symbol_defined_by_another_footnote(ruleset):
    label = text_label("Supports bone health.\u2021", "*" + PLURAL,
                       footnotes=(Footnote(symbol="\u2021", text="As shown in a clinical study.", span=Span(300, 330)),))
    assert findings(ruleset, "DK303", label) == []


# DK310 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Helps prevent osteoporosis.", "prevent osteoporosis"),
        ("Reverses arterial calcification in weeks.", "Reverses arterial calcification"),
        ("Naturally lowers blood pressure.", "lowers blood pressure"),
        ("Reduces the risk of colorectal cancer.", "Reduces the risk of colorectal cancer"),
        ("Treats vitamin D deficiency.", "Treats vitamin D deficiency"),
        ("A natural antiviral.", "antiviral"),
        ("Specially formulated for diabetics.", "for diabetics"),
        ("Fights colds and flu.", "Fights colds"),
        ("Prevents COVID-19.", "Prevents COVID-19"),
        ("Cures cancer.", "Cures cancer"),
        ("Great for osteoporosis prevention!", "osteoporosis prevention"),
        ("Calcium may reduce the risk of osteoporosis.", "reduce the risk of osteoporosis"),
    ],
)
def test_dk310_disease_claims(ruleset, text, phrase):
    (finding,) = findings(ruleset, "DK310", text_label(text))
    assert finding.subject == phrase
    assert finding.message.startswith(f'"{phrase}" is a disease claim')


def test_dk310_points_inside_the_line(ruleset):
    label = text_label("Gluten free.", "Vitamin K2 helps prevent osteoporosis.")
    (finding,) = findings(ruleset, "DK310", label)
    start = len("Supplement Facts\nGluten free.\nVitamin K2 helps ")
    assert finding.span == Span(start, start + len("prevent osteoporosis"))
    assert "authorised 21 CFR 101.72" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Adequate calcium and vitamin D as part of a healthful diet, along with physical activity, "
        "may reduce the risk of osteoporosis later in life.",
        "Adequate calcium throughout life, as part of a well-balanced diet, may reduce the risk of osteoporosis.",
        PLURAL,
        "Supports bone health and healthy blood clotting.",
        "Supports healthy blood pressure levels already within the normal range.",
        "Consult your doctor if you are being treated for any medical condition.",
        "Do not use if you have kidney disease.",
        "Vitamin D deficiency is common in northern latitudes.",
        "Glycinate is less likely to cause a laxative effect than oxide.",
    ],
)
def test_dk310_quiet(ruleset, text):
    assert findings(ruleset, "DK310", text_label(text)) == []


def test_dk310_one_finding_per_sentence_and_spec_paths(ruleset):
    assert len(findings(ruleset, "DK310", text_label("Prevents osteoporosis and cures cancer."))) == 1
    (finding,) = findings(ruleset, "DK310", spec_label(claims=[("Lowers blood pressure", None)]))
    assert finding.field_path == ("claims", 0, "text")


# DK311 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Our FDA-approved formula.", "Approved by the FDA.", "FDA certified quality.", "An FDA registered product.",
     "Endorsed by the FDA."],
)
def test_dk311_fires(ruleset, text):
    assert len(findings(ruleset, "DK311", text_label(text))) == 1


@pytest.mark.parametrize(
    "text",
    ["Made in an FDA-registered facility.", "This product is not FDA approved.",
     "Dietary supplements have not been approved by the FDA.", PLURAL],
)
def test_dk311_quiet(ruleset, text):
    assert findings(ruleset, "DK311", text_label(text)) == []


def test_dk311_message(ruleset):
    assert messages(ruleset, "DK311", text_label("FDA approved!")) == [
        '"FDA approved": FDA does not approve, certify or endorse dietary supplements, so this misrepresents the product'
    ]


# robustness --------------------------------------------------------------------------------------------


def test_long_prose_is_scanned_in_linear_time(ruleset):
    line = "Supports bone health and helps prevent nothing in particular " * 4000 + "."
    label = text_label(line, "x" * 200_000, "(" * 50_000 + "FDA approved")
    started = time.perf_counter()
    for code in ("DK301", "DK302", "DK303", "DK310", "DK311"):
        findings(ruleset, code, label)
    assert time.perf_counter() - started < 10


def test_no_prose_crashes_the_claim_rules(ruleset):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ABCDEFT.,;!?*†‡\n()-'0123456789") + [
        " supports bone health", " prevents osteoporosis", " These statements have not been evaluated by the FDA",
        " not intended to diagnose", " FDA approved", " lowers blood pressure",
    ])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.lists(alphabet, max_size=40).map("".join), min_size=1, max_size=4))
    def check(lines):
        label = text_label(*lines)
        end = len("Supplement Facts\n") + sum(len(line) + 1 for line in lines)
        for code in ("DK301", "DK302", "DK303", "DK310", "DK311"):
            for finding in findings(ruleset, code, label):
                assert 0 <= finding.span.start <= finding.span.end <= end

    check()


def test_dk310_reports_the_first_claim_of_a_sentence(ruleset):
    (finding,) = findings(ruleset, "DK310", text_label("A formula that prevents osteoporosis and lowers blood pressure."))
    assert finding.subject == "prevents osteoporosis"


def test_dk303_a_daily_value_footnote_does_not_explain_a_claim_symbol(ruleset):
    label = text_label("Supports bone health.\u2020", "*" + PLURAL,
                       footnotes=(Footnote(symbol="\u2020", text="Daily Value not established.", span=Span(300, 330)),))
    assert len(findings(ruleset, "DK303", label)) == 1
