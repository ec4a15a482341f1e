"""The metamorphic properties that fail today, and why: each cause once, as the reason of a strict xfail.

A cause names what the reader does and where (module and function of ``dklint/parse/label``), so whoever
fixes it knows where to look; ``tests/test_metamorphic.py`` has a minimal reproduction of each. Strict: when
the reader is fixed, the case passes, the xfail fails, and its entry here is to be removed.
"""

from __future__ import annotations

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
