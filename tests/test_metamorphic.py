"""Metamorphic properties: rewrites that cannot change what a label says do not change dklint's findings.

Each rewrite in ``tests/metamorphic`` (letter case, wrapping, table cells, microgram spellings, HTML residue,
prose around the label, sentence order, ...) is applied, with choices hypothesis draws, to every annotated
label fixture and to labels composed from the nutrient registry. The property: the multiset of findings, each
taken as (rule code, the line of the original label it points at), is the same before and after. A finding's
position in the rewrite is mapped back to the original through the rewrite's character map, so a finding that
moves to another row, appears on added text or disappears breaks the property, while one that only moves
because lines were split or joined does not. A finding at the very start of text added before the label is
taken as line 1: findings about something missing point at line 1 of a label that has no title.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dklint.engine.check import check_source
from dklint.engine.checker import Checker
from dklint.inputs.read import source_from_bytes
from dklint.rules.loader import load_rules
from dklint.source import Source
from dklint.testing.fixtures import strip_markers
from tests.conftest import REPO
from tests.metamorphic.generated_labels import generated_labels
from tests.metamorphic.known_failures import KNOWN_FAILURES, KNOWN_GENERATED_FAILURES
from tests.metamorphic.layout_rewrites import LAYOUT_REWRITES
from tests.metamorphic.mapped import (
    Mapped, Rewriter, line_of, line_starts, offset_of, unchanged, with_newlines_normalised,
)
from tests.metamorphic.wording_rewrites import WORDING_REWRITES

REWRITES = {**LAYOUT_REWRITES, **WORDING_REWRITES}
LABELS = {path.name: strip_markers(path.read_text(encoding="utf-8"))[0]
          for path in sorted((REPO / "fixtures" / "labels").glob("*.txt"))}
ADDED_TEXT = 0  # the "line" of a finding that points into text a rewrite added

# Deterministic in CI (derandomize: the same examples every run, no example database), bounded, and without
# a deadline: a slow shared runner must not turn into a flaky failure.
PER_FIXTURE = settings(derandomize=True, database=None, deadline=None, max_examples=4,
                       suppress_health_check=[HealthCheck.too_slow])
PER_GENERATED = settings(PER_FIXTURE, max_examples=12)

@cache
def checker() -> Checker:
    return Checker.from_ruleset(load_rules())


def findings_about(mapped: Mapped, original: str, name: str) -> Counter[tuple[str, int]]:
    """(code, line of ``original``) for each finding dklint reports on ``mapped.text``, through the public
    read-and-check path the CLI takes (bytes -> Source -> check_source)."""
    assert len(mapped.origin) == len(mapped.text)
    source = source_from_bytes(mapped.text.encode("utf-8"), name)
    assert isinstance(source, Source)
    # Positions are in the text the reader kept: the file's own, or with line ends normalised.
    seen = mapped if source.text == mapped.text else with_newlines_normalised(mapped)
    assert source.text == seen.text
    new_starts, old_starts = line_starts(seen.text), line_starts(original)
    about: Counter[tuple[str, int]] = Counter()
    for finding in check_source(checker(), source).findings:
        offset = offset_of(new_starts, finding.line, finding.column)
        origin = seen.original_offset(offset)
        if origin is None:
            about[(finding.code, 1 if offset == 0 else ADDED_TEXT)] += 1
        else:
            about[(finding.code, line_of(old_starts, origin))] += 1
    return about


@cache
def findings_on_original(text: str, name: str) -> Counter[tuple[str, int]]:
    return findings_about(unchanged(text), text, name)


def assert_same_findings(original: str, rewritten: Mapped, name: str) -> None:
    before = findings_on_original(original, name)
    after = findings_about(rewritten, original, name)
    assert after == before, (
        f"findings (code, original line) changed\nonly before: {sorted((before - after).elements())}\n"
        f"only after: {sorted((after - before).elements())}\nrewritten text:\n{rewritten.text}"
    )


def over_fixtures(rewrite: str) -> pytest.MarkDecorator:
    """Run a rewrite's property once per label fixture, the known failures marked."""
    assert rewrite in REWRITES
    cases = []
    for name in LABELS:
        reason = KNOWN_FAILURES.get((rewrite, name))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(name, marks=marks, id=name.removesuffix(".txt")))
    return pytest.mark.parametrize("name", cases)


def keeps_findings(rewrite: str, name: str, data: st.DataObject) -> None:
    text = LABELS[name]
    assert_same_findings(text, REWRITES[rewrite](text, data.draw), name)


# Each property was seen to fail on a deliberately broken reader (a scratch copy of the tree, never committed):
#   letter_case                   textnorm.words without casefold()                         84 fixtures fail
#   trailing_whitespace           label_lines keeps a trailing tab as an empty "|" cell          1
#   blank_lines_between_rows      a blank line before a row ends the panel (LabelReader._content)    19
#   cell_separators               tabs deleted from lines instead of read as gaps                5
#   cells_on_lines_between_bars   layout.split_cells left out of SHAPES                          80
#   cells_on_lines_in_bars        layout.split_cells left out of SHAPES                           6
#   rewrap_prose                  blocks.continues never joins a hard-wrapped line               22
#   sentence_order                a text block keeps only its first sentence                     4
#   microgram_spellings           "ug" taken out of units.yaml                                   70
#   health_care_spellings         hyphen joins in phrase patterns spaced, never closed up         3
#   html_paragraphs / _breaks_at_line_ends / _bold   that tag not blanked in lines._HTML     84 / 76 / 84
#   html_breaks_on_one_line       html_layout does not start a line at <br>                      23
#   html_entities                 &nbsp; not blanked                                             86
#   marketing_prose               the title read only on the text's first line                   57
#   crlf_line_ends                no newline normalising, and label_lines counting one character per line end  30

# One test function per rewrite, not one parametrized over all of them: hypothesis' pytest plugin wraps a
# parametrized test's settings once per case, and ~1,500 cases on one function exhaust the recursion limit.


@over_fixtures("crlf_line_ends")
@settings(PER_FIXTURE, max_examples=1)  # nothing to draw
@given(data=st.data())
def test_crlf_line_ends(name, data):
    keeps_findings("crlf_line_ends", name, data)


@over_fixtures("trailing_whitespace")
@PER_FIXTURE
@given(data=st.data())
def test_trailing_whitespace(name, data):
    keeps_findings("trailing_whitespace", name, data)


@over_fixtures("blank_lines_between_rows")
@PER_FIXTURE
@given(data=st.data())
def test_blank_lines_between_rows(name, data):
    keeps_findings("blank_lines_between_rows", name, data)


@over_fixtures("cell_separators")
@settings(PER_FIXTURE, max_examples=8)  # six styles
@given(data=st.data())
def test_cell_separators(name, data):
    keeps_findings("cell_separators", name, data)


@over_fixtures("cells_on_lines_between_bars")
@settings(PER_FIXTURE, max_examples=1)  # nothing to draw
@given(data=st.data())
def test_cells_on_lines_between_bars(name, data):
    keeps_findings("cells_on_lines_between_bars", name, data)


@over_fixtures("cells_on_lines_in_bars")
@settings(PER_FIXTURE, max_examples=1)  # nothing to draw
@given(data=st.data())
def test_cells_on_lines_in_bars(name, data):
    keeps_findings("cells_on_lines_in_bars", name, data)


@over_fixtures("rewrap_prose")
@PER_FIXTURE
@given(data=st.data())
def test_rewrap_prose(name, data):
    keeps_findings("rewrap_prose", name, data)


@over_fixtures("sentence_order")
@PER_FIXTURE
@given(data=st.data())
def test_sentence_order(name, data):
    keeps_findings("sentence_order", name, data)


@over_fixtures("letter_case")
@PER_FIXTURE
@given(data=st.data())
def test_letter_case(name, data):
    keeps_findings("letter_case", name, data)


@over_fixtures("microgram_spellings")
@PER_FIXTURE
@given(data=st.data())
def test_microgram_spellings(name, data):
    keeps_findings("microgram_spellings", name, data)


@over_fixtures("health_care_spellings")
@PER_FIXTURE
@given(data=st.data())
def test_health_care_spellings(name, data):
    keeps_findings("health_care_spellings", name, data)


@over_fixtures("html_paragraphs")
@settings(PER_FIXTURE, max_examples=1)  # nothing to draw
@given(data=st.data())
def test_html_paragraphs(name, data):
    keeps_findings("html_paragraphs", name, data)


@over_fixtures("html_breaks_at_line_ends")
@PER_FIXTURE
@given(data=st.data())
def test_html_breaks_at_line_ends(name, data):
    keeps_findings("html_breaks_at_line_ends", name, data)


@over_fixtures("html_breaks_on_one_line")
@PER_FIXTURE
@given(data=st.data())
def test_html_breaks_on_one_line(name, data):
    keeps_findings("html_breaks_on_one_line", name, data)


@over_fixtures("html_bold")
@PER_FIXTURE
@given(data=st.data())
def test_html_bold(name, data):
    keeps_findings("html_bold", name, data)


@over_fixtures("html_entities")
@PER_FIXTURE
@given(data=st.data())
def test_html_entities(name, data):
    keeps_findings("html_entities", name, data)


@over_fixtures("marketing_prose")
@PER_FIXTURE
@given(data=st.data())
def test_marketing_prose(name, data):
    keeps_findings("marketing_prose", name, data)


def generated_cases() -> list:
    return [pytest.param(rewrite, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GENERATED_FAILURES[rewrite])]
                         if rewrite in KNOWN_GENERATED_FAILURES else [], id=rewrite) for rewrite in REWRITES]


@pytest.mark.parametrize("rewrite", generated_cases())
@PER_GENERATED
@given(label=generated_labels(), data=st.data())
def test_rewrite_keeps_findings_on_generated_label(rewrite, label, data):
    assert_same_findings(label, REWRITES[rewrite](label, data.draw), "generated.txt")


# -- the harness itself ---------------------------------------------------------------------------------


def test_every_rewrite_has_its_property():
    assert sorted(REWRITES) == sorted(name.removeprefix("test_") for name in globals()
                                      if name.removeprefix("test_") in REWRITES)


@pytest.mark.parametrize("rewrite", sorted(REWRITES))
def test_rewrite_changes_fixtures(rewrite):
    """A rewrite that leaves the fixtures as they are would make its property hold without testing anything."""
    changed: set[str] = set()

    @settings(PER_FIXTURE, max_examples=3)
    @given(data=st.data())
    def rewrite_every_fixture(data):
        for name, text in LABELS.items():
            mapped = REWRITES[rewrite](text, data.draw)
            assert len(mapped.origin) == len(mapped.text)
            assert all(origin is None or 0 <= origin <= len(text) for origin in mapped.origin)
            if mapped.text != text:
                changed.add(name)

    rewrite_every_fixture()
    assert len(changed) >= 5, f"{rewrite} changed only {sorted(changed)}"


def test_the_property_notices_a_finding_that_disappears():
    # Not a meaning-keeping rewrite: the vitamin D row is dropped, and DK101/DK103 with it.
    text = LABELS["d3-5000iu-no-k2-tabular.txt"]
    row = text.index("Vitamin D3")
    out = Rewriter(text)
    out.keep(0, row)
    out.keep(text.index("\n", row) + 1, len(text))
    with pytest.raises(AssertionError, match=r"only before: \[\('DK101', 5\), \('DK103', 5\)\]"):
        assert_same_findings(text, out.result(), "d3-5000iu-no-k2-tabular.txt")


def test_the_property_compares_lines_not_only_codes():
    # The same text, but a map that says the vitamin D row (line 5) stands for the heading above it (line 4):
    # the codes are unchanged, the line they are about is not.
    text = LABELS["d3-5000iu-no-k2-tabular.txt"]
    row = text.index("Vitamin D3")
    heading = text.rindex("\n", 0, row - 1) + 1
    origin = tuple(heading if row <= index < text.index("\n", row) else index for index in range(len(text)))
    with pytest.raises(AssertionError, match=r"only after: \[\('DK101', 4\), \('DK103', 4\)\]"):
        assert_same_findings(text, Mapped(text, origin), "d3-5000iu-no-k2-tabular.txt")


# -- the shapes that once broke a property, each in its smallest form (issue 12 fixed them all) -------------


def scripted(*choices: object):
    """A stand-in for hypothesis' ``draw`` that makes the given choices in order."""
    pending = list(choices)
    return lambda strategy: pending.pop(0)


PANEL = "Supplement Facts\nServing Size: 2 Capsules\n{rows}\nOther ingredients: rice flour.\n"


def test_a_blend_row_in_pipe_cells_stays_a_row():
    text = PANEL.format(rows="Bone Support Blend    150 mg    †\n† Daily Value not established.")
    assert_same_findings(text, REWRITES["cell_separators"](text, scripted("pipes", 2)), "repro.txt")


def test_calories_in_pipe_cells_is_the_calories_line():
    text = PANEL.format(rows="Calories    15\nVitamin D3 (as cholecalciferol)    25 mcg (1,000 IU)    125%")
    assert_same_findings(text, REWRITES["cell_separators"](text, scripted("pipes", 2)), "repro.txt")


def test_serving_size_with_dotted_leaders_is_the_serving():
    text = "Supplement Facts\nServing Size\t1 Capsule\nVitamin D3\t25 mcg (1,000 IU)\t125%\nOther ingredients: rice.\n"
    assert_same_findings(text, REWRITES["cell_separators"](text, scripted("leaders", 2)), "repro.txt")


def test_serving_size_in_a_bold_cell_is_the_serving():
    text = ("Supplement Facts\n| Serving Size | 1 Capsule | |\n| Vitamin D3 | 25 mcg (1,000 IU) | 125% |\n"
            "Other ingredients: rice.\n")
    assert_same_findings(text, REWRITES["html_bold"](text, scripted("strong")), "repro.txt")


@pytest.mark.parametrize("entity", ["&#181;", "&micro;"])
def test_micro_sign_as_an_entity_is_micrograms(entity):
    text = PANEL.format(rows="Vitamin D3 (as cholecalciferol) 10 µg (400 IU) 50%")
    assert_same_findings(text, REWRITES["html_entities"](text, scripted(False, entity)), "repro.txt")


def test_a_no_break_space_is_one_space():
    text = PANEL.format(rows="Servings Per Container: 30 or 90\nVitamin D3 (as cholecalciferol) 25 mcg (1,000 IU) 125%")
    assert_same_findings(text, REWRITES["html_entities"](text, scripted(True)), "repro.txt")


def test_a_heading_cell_on_a_line_of_its_own_keeps_its_footnote_mark():
    text = PANEL.format(rows="EACH TABLET CONTAINS:    % U.S. RDA*\nIron (as ferrous fumarate)    18 mg    100%\n"
                             "* U.S. Recommended Daily Allowance")
    assert_same_findings(text, REWRITES["cells_on_lines_between_bars"](text, scripted()), "repro.txt")


def test_a_disclaimer_wrapped_after_its_first_words_is_the_disclaimer():
    text = PANEL.format(rows="Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU) 125%") + (
        "Supports healthy bones.*\n*These statements have not been evaluated by the Food and Drug Administration. "
        "This product is not intended to diagnose, treat, cure, or prevent any disease.\n")
    assert_same_findings(text, REWRITES["rewrap_prose"](text, scripted(24)), "repro.txt")


def test_a_wrapped_linear_list_keeps_its_rows():
    text = ("Supplement Facts\nServing Size: 1 Tablet\nEach tablet contains: Vitamin D3 (as cholecalciferol) 25 mcg "
            "(1,000 IU) 125%; Vitamin K2 (as menaquinone-7) 100 mcg 83%.\nOther ingredients: rice flour.\n")
    assert_same_findings(text, REWRITES["rewrap_prose"](text, scripted(24)), "repro.txt")


def test_a_wrapped_footnote_stays_a_footnote():
    text = PANEL.format(rows="Vitamin D3 (as cholecalciferol)    25 mcg (1,000 IU)    125%\n"
                             "* Percent Daily Values are based on a 2,000 calorie diet.")
    assert_same_findings(text, REWRITES["rewrap_prose"](text, scripted(24)), "repro.txt")
