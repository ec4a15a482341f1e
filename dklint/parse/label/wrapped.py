"""Hard-wrapped lines joined again: the ``wrapped_lines`` shape of the layout stage.

A PDF export, a narrow column or a copy from a phone breaks a paragraph wherever the width runs out:
"SUPPLEMENT" / "FACTS SERVING SIZE: ONE (1)" / "SOFTGEL ...", "*These statements have" / "not been
evaluated ...". Read line by line, such a paragraph loses its title, its serving, its rows and its
disclaimer. A line is joined to the one before when the break falls where no sentence, row or heading
can end; the test never looks at letter case, so a label in capitals reads as the same label in lower
case, and lines laid out as a table (cells, tabs, one row a line) stay as they are.
"""

from __future__ import annotations

import re

from dklint.parse.label.lines import Seg

_ENDS_SENTENCE = re.compile(r"""[.!?:;*†‡§¶]["')\]]*\s*$""")
_ENDS_WITH_COUNT = re.compile(r"\(\s*\d{1,3}\s*\)\s*$")  # "serving size: one (1)"
_STARTS_WITH_DOSE = re.compile(r"\s*\d[\d.,]*\s*(?:mcg|mg|g|iu|i\.u\.|µg|μg|ug|ml)\b", re.IGNORECASE)
_STARTS_WITH_PERCENT = re.compile(r"\s*(?:<\s*)?\d[\d.,]*\s*%")
# The last word of a line, before an optional comma, matched on the line reversed: anchored at its start, the
# match reads only that word, where a search for r"([^\W\d_]+),?\s*$" tried every letter of the line.
_LAST_WORD_REVERSED = re.compile(r"\s*,?([^\W\d_]+)")
_FIRST_WORD = re.compile(r"\s*([^\W\d_]+)")
# Words no sentence or row ends on, and words no line of a label starts with: a line that ends on one of the
# first, or a line that starts with one of the second, is the middle of a sentence wrapped in two. Letter case
# plays no part, so a label in capitals is read as the same label in lower case.
_HANGING_ENDS = frozenset(
    "and or of the a an to with for in as per by from at on is are was were have has been be than that which "
    "who whose your our its their these this those may can will should such into take contains contain provides "
    "provide vitamin one two three four five six".split())  # "... 250%; Vitamin" / "K2 (as MK-7) ...": a name cut before its letter
_CONTINUING_STARTS = frozenset("are is was were been be has have had of and or than that which by".split())
# The panel's two-word keywords, which a wrap may cut in two ("SUPPLEMENT" / "FACTS SERVING SIZE ...").
_KEYWORD_PAIRS = frozenset({
    ("supplement", "facts"), ("nutrition", "facts"), ("serving", "size"), ("servings", "per"), ("per", "container"),
    ("amount", "per"), ("per", "serving"), ("other", "ingredients"), ("daily", "value"), ("percent", "daily"),
    ("suggested", "use"), ("these", "statements")})


_TAIL = 60  # characters at a line's end that tell how it ends
_TERMINAL = frozenset(".!?;*†‡§¶")


def _open_bracket(text: str) -> bool:
    """The line leaves a bracket open ("VITAMIN D3 (AS")."""
    return "(" in text and text.count("(") > text.count(")")


def _continues(before: Seg, after: Seg, wrapped: bool) -> bool:
    """Does ``after`` carry on the line before it, hard-wrapped in the middle of a sentence or a row?

    Yes when the line before ends inside brackets, on a comma or on a word no sentence ends on ("These
    statements have"); when the next line starts with a word no line starts with ("are based on ..."), a
    bracket after a name ("Vitamin D" / "(as D3 ...)"), the percentage of the row above, the value after a
    colon ("Servings per container:" / "250") or the second word of a panel keyword ("Supplement" /
    "Facts"). Never across a blank line or a table's cells, and never after a sentence or a heading.
    """
    if after.blank_before or "|" in before.text or "|" in after.text or "\t" in before.text:
        return False
    text = before.text[-_TAIL:].rstrip()  # how a line ends is in its last words: long lines are not scanned
    if not text or text[-1] in _TERMINAL:
        return False  # the common case, decided without a pattern
    if text[-1] == ":":
        # "SERVINGS PER CONTAINER:" / "250 ...": the value of a labelled statement; "... softgel ingredients:"
        # ending a line of a wrapped paragraph: what it introduces (a heading on a line of its own stays one)
        return after.text.lstrip()[:1].isdigit() or wrapped
    if _ENDS_SENTENCE.search(text):
        return False
    if text.endswith(",") or _ENDS_WITH_COUNT.search(text):
        return True  # a list or a sentence goes on after its comma; "one (1)" / "softgel" after its count
    if _open_bracket(before.text) or _STARTS_WITH_PERCENT.match(after.text):
        return True
    if text.endswith(")") and _STARTS_WITH_DOSE.match(after.text):
        return True  # "vitamin d (as d3 cholecalciferol)" / "2,000 iu ...": a name, then its amount
    last = last_word(text)
    if last is None:
        return False
    if last.lower() in _HANGING_ENDS or after.text.lstrip().startswith("("):
        return True
    first = _FIRST_WORD.match(after.text)
    if first is None:
        return False
    return first.group(1).lower() in _CONTINUING_STARTS or (last.lower(), first.group(1).lower()) in _KEYWORD_PAIRS


def last_word(text: str) -> str | None:
    """The word of letters ``text`` ends on, before an optional comma and white space; None when it ends otherwise."""
    found = _LAST_WORD_REVERSED.match(text[::-1])
    return found.group(1)[::-1] if found is not None else None


def wrapped_lines(text: str, lines: list[Seg]) -> list[Seg]:
    """Lines a PDF export or a narrow column hard-wrapped in the middle of a sentence or row, joined again."""
    out: list[Seg] = []
    run: list[Seg] = []
    for seg in lines:
        if run and _continues(run[-1], seg, len(run) > 1):
            run.append(seg)
            continue
        if run:
            out.append(run[0] if len(run) == 1 else Seg.join(run, " "))
        run = [seg]
    if run:
        out.append(run[0] if len(run) == 1 else Seg.join(run, " "))
    return out
