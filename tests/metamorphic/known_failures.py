"""The metamorphic properties that fail today, and why: each cause once, as the reason of a strict xfail.

A cause names what the reader does and where (module and function of ``dklint/parse/label``), so whoever
fixes it knows where to look; ``tests/test_metamorphic.py`` has a minimal reproduction of each. Strict: when
the reader is fixed, the case passes, the xfail fails, and its entry here is to be removed.
"""

from __future__ import annotations

PIPES_COUNT_AS_WORDS = ("issue 12: a row in | cells reads as a sentence (blocks.prose_like counts each | as a word), "
                        "so 'Bone Support Blend | 150 mg | †' ends the panel and becomes a claim")
CALORIES_IN_CELLS = ("issue 12: 'Calories | 15' is no calories line (heads._CALORIES allows no | before the "
                     "number): DK004")
SERVING_WITH_LEADERS = ("issue 12: 'Serving Size .... 1 Capsule' is no serving statement (heads._SERVING takes no "
                        "dotted leaders): DK202")
SERVING_IN_BOLD_CELL = ("issue 12: '| <strong>Serving Size</strong> | 1 Capsule |' is no serving statement (the "
                        "blanked tag is more than the \\W{0,3} heads._SERVING allows before it): DK202")
NUMERIC_ENTITY_AS_SPACE = ("issue 12: lines._blank_html turns every numeric entity into a space: '10 &#181;g' reads "
                           "as 10 g, and shop records quoted with &#39; are no records to layout.key_values")
NAMED_MICRO_KEPT = "issue 12: '&micro;' and '&mu;' are not decoded (lines._ENTITY): '10 &micro;g' states no amount"
NBSP_AS_SIX_SPACES = ("issue 12: lines._blank_html blanks '&nbsp;' to six spaces, more than the [ \\t]{0,3} of "
                      "heads._PER_CONTAINER: 'Servings Per Container 30&nbsp;or 90' leaves 'or 90' as DK004")
HEADING_CELL_DROPPED = ("issue 12: layout.split_cells drops a column-heading cell, and with it the mark of "
                        "'% U.S. RDA*': its footnote is unreferenced, DK206")
DISCLAIMER_WRAPPED = ("issue 12: a disclaimer whose opening words are wrapped ('These statements have' / 'not been "
                      "evaluated ...') is read from its second line: DK302")
LINEAR_PANEL_WRAPPED = ("issue 12: a linear panel or 'Each tablet contains:' list wrapped across lines is read line by "
                        "line, so its rows are cut: DK004, DK005, DK202, lost DK207")
FOOTNOTE_WRAPPED = ("issue 12: a wrapped footnote's next line ('are based on a 2,000 calorie') is read as an "
                    "ingredient row: the text becomes a panel")

# (rewrite, fixture) pairs whose property fails today.
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    (rewrite, fixture + ".txt"): cause
    for cause, rewrite, fixtures in (
        (PIPES_COUNT_AS_WORDS, "cell_separators", ["compliant-bone-blend-proprietary-dagger"]),
        (PIPES_COUNT_AS_WORDS, "cells_on_lines_in_bars", ["compliant-bone-blend-proprietary-dagger"]),
        (CALORIES_IN_CELLS, "cell_separators", ["compliant-d3-gummies-with-sugars"]),
        (CALORIES_IN_CELLS, "cells_on_lines_in_bars", ["compliant-d3-gummies-with-sugars"]),
        (SERVING_WITH_LEADERS, "cell_separators", [
            "compliant-d3-2000iu-capsule-tabs", "compliant-d3-k2-pipes-web-table-cells",
            "d3-k2-mk7-no-anticoagulant-warning-tabs", "nutrient-order-pipes"]),
        (SERVING_IN_BOLD_CELL, "html_bold", ["compliant-d3-k2-pipes-web-table-cells", "nutrient-order-pipes"]),
        (NUMERIC_ENTITY_AS_SPACE, "html_entities", [
            "compliant-d3-drops-400iu-per-drop-micro", "compliant-d3-k2-drops-micro-sign",
            "compliant-d3-lozenge-greek-mu-iu-dots", "shop-export-records-d3-zinc"]),
        (NBSP_AS_SIX_SPACES, "html_entities", ["chewable-columns-for-three-strengths"]),
        (HEADING_CELL_DROPPED, "cells_on_lines_between_bars", ["iron-panel-restated-old-rda-box"]),
        (HEADING_CELL_DROPPED, "cells_on_lines_in_bars", ["iron-panel-restated-old-rda-box"]),
        (DISCLAIMER_WRAPPED, "rewrap_prose", [
            "compliant-d3-1000iu-softgel-spaces", "compliant-d3-k1-k2-softgel-bar-double-dagger",
            "compliant-d3-k2-nbsp-curly-quotes-web-copy", "compliant-d3-k2-softgel-marketing-prose",
            "compliant-magnesium-glycinate-per-2-capsules", "disclaimer-marked-claims-unmarked",
            "disclaimer-symbol-mismatch", "disease-claims-k2-marketing"]),
        (LINEAR_PANEL_WRAPPED, "rewrap_prose", [
            "compliant-d3-1000iu-uppercase-linear", "compliant-d3-2000iu-linear-one-paragraph",
            "compliant-k1-drops-linear-lowercase", "compliant-d3-k2-each-softgel-contains-one-line",
            "d3-k2-each-tablet-contains-one-line", "linear-d3-2000iu-iu-only-listing"]),
        (FOOTNOTE_WRAPPED, "rewrap_prose", ["compliant-d3-gummies-with-sugars",
                                            "compliant-magnesium-threonate-trademark-dv-asterisk"]),
    )
    for fixture in fixtures
}
KNOWN_GENERATED_FAILURES: dict[str, str] = {"rewrap_prose": DISCLAIMER_WRAPPED}
