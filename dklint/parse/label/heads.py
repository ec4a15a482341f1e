"""What a line of label text is: a title, a serving line, a header, a section heading...

Everything here is a keyword test anchored at the start of a segment, run on the
cleaned text. Every pattern is a list of literals with bounded gaps, so a test
costs at most a few dozen characters whatever the line. ``split_keywords`` cuts a
long line (a linear listing pasted as one paragraph) where such keywords start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from dklint.base.textmemo import text_memo
from dklint.facts.dose_forms import unit_names_pattern
from dklint.parse.label.lines import Seg

_I = re.IGNORECASE
_NUMWORD = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|half)"
_DISCLAIMER = r"(?:these|the|this)\s+statements?\s+(?:above\s+)?(?:has|have)\s+not\s+been\s+evaluated"
# "Supplement Facts panel", "nutrition facts for ...": the words in a sentence, not a title.
_NOT_TITLE = r"(?!\s+(?:panel|label|box|table|section|chart|for|on|of|and|or|to|is|are|shows?)\b)"
_TITLE = re.compile(r"\W{0,3}(?P<t>supplement(?:al)?\s+facts|nutrition(?:al)?\s+facts|drug\s+facts)\b" + _NOT_TITLE, _I)
# Never "\s*:?\s*": two runs of optional spaces around an optional colon backtrack in
# quadratic time on a long run of spaces; "\s*(?::\s*)?" matches the same text in linear time.
_SERVING = re.compile(r"\W{0,3}serving\s+size\b[\s:=|\-.]*", _I)  # "| Serving Size | 1 Capsule |" too
# What holds the servings: "each bottle contains 60 capsules" states the count, it heads no rows.
_PACKAGE = r"bottle|container|package|pack|jar|box|tube|pouch|carton|tub|kit|blister|vial|canister"
_PACKAGE_COUNT = re.compile(
    r"\W{0,3}(?:each|this|per|every)\s+(?:" + _PACKAGE + r")\s+(?:contains?|holds?)\b[\s:]*\d[\d,]*\s+[^\W\d_]+"
    r"(?:\s+[^\W\d_]+){0,3}\W*$", _I)
_PER_CONTAINER = re.compile(
    r"\W{0,3}servings?\s+per\s+(?:container|bottle|package|pack|jar|tub)\b[\s:=|\-]*"
    r"(?:about\s+|approx(?:imately|\.)?\s*|~\s*)?(?P<n>\d+(?:[.,]\d+)?)"
    # one page for several bottle sizes: "100/240", "30 or 90", "60-120"
    r"(?:[ \t]{0,8}(?:/|or\b|-|–)[ \t]{0,8}\d+(?:[.,]\d+)?){0,4}", _I)
_COLUMN_WORDS = frozenset(
    "amount amounts per serving servings daily value values dv nrv ri nutrient nutrients ingredient ingredients "
    "each contains typical average quantity qty supplement facts us u s rda "
    # a column per population (101.36(e)(10)): "% Daily Value for Pregnant and Lactating Women"
    "for and or of pregnant lactating nursing women men adults children infants toddlers years age older".split())
# "(from contents of 4 pills)", "(per 2 capsules)": the amounts of a column are for this many units.
_BASIS = re.compile(r"\(\s*(?:from\s+)?(?:the\s+)?(?:contents?\s+of\s+|per\s+|for\s+|in\s+)?"
                    r"(?P<count>\d{1,3}\s+[^\W\d_]{2,20})\s*\)", _I)
_HEADING = re.compile(
    r"\W{0,3}(?P<kw>other\s+ingredients?|inactive\s+ingredients?|non-?\s?medicinal\s+ingredients?|excipients?"
    r"|(?:active\s+)?ingredients?"
    r"|directions(?:\s+for\s+use)?|suggested\s+(?:use|usage|dose|dosage|serving|intake)|recommendations?"
    r"|recommended\s+(?:use|usage|dose|dosage|daily\s+(?:dose|intake))|(?:adult\s+)?dosage|how\s+to\s+(?:use|take)"
    r"|usage|preparation\s+and\s+usage"
    r"|warnings?|cautions?|precautions?|contra[-\s]?indications?|side[-\s]effects?)\b"
    r"(?P<more>[^:]{0,40}?)\s*(?::|$)", _I)
_HEADING_KIND = {"other": "other", "inactive": "other", "non": "other", "nonmedicinal": "other", "excipient": "other",
                 "excipients": "other", "active": "ingredients", "ingredient": "ingredients",
                 "ingredients": "ingredients", "warning": "warnings", "warnings": "warnings", "caution": "warnings",
                 "cautions": "warnings", "precaution": "warnings", "precautions": "warnings",
                 "contra": "warnings", "contraindication": "warnings", "contraindications": "warnings",
                 "side": "warnings"}
_FOOTNOTE = re.compile(r"(?P<sym>\*{1,3}|[†‡§¶]{1,3}|#{1,2})\s*(?=[^\W\d_]|%)")
_DISCLAIMER_START = re.compile(r"(?P<sym>[*†‡§¶]{1,3})?\s*" + _DISCLAIMER, _I)
_SEPARATOR = re.compile(r"[\s|:+=_*~.\-]+")
_CALORIES = re.compile(r"(?:total\s+)?calories(?:\s+from\s+fat)?[\s:|.]*\d[\d.,]*(?:\s*kcal)?\W*$", _I)
# Where a keyword starts a new piece inside a long line ("... softgel ingredients: vitamin d ...").
# Matched on lower-cased text (faster than IGNORECASE); every alternative starts at a word
# boundary or a footnote symbol, and the leading look-ahead lets the engine skip other positions.
_SPLIT_SOURCE = (
    r"(?=[*†‡§¶tsndaoimwce])(?:[*†‡§¶]{1,3}\s*(?:" + _DISCLAIMER
    + r"|daily\s+values?\s+not\s+established|percent\s+daily\s+values?"
    r"|(?:u\.?\s?s\.?\s+)?recommended\s+daily\s+allowances?\s+not\s+established)"
    r"|\b(?:" + _DISCLAIMER
    + r"|(?:supplement(?:al)?|nutrition|drug)\s+facts\b" + _NOT_TITLE +
    r"|serving\s+size\b(?=\s*(?:[:\-]\s*)?" + _NUMWORD + r")"
    r"|servings?\s+per\s+(?:container|bottle|package)\b|amount\s+per\s+serving\b"
    r"|(?:other|inactive|non-?\s?medicinal)\s+ingredients?\s*:|medicinal\s+ingredients?\b"
    r"|ingredients\s*:(?=[^\n]{0,80}\d)"  # a dosed list follows: "softgel ingredients: vitamin d ... 2,000 iu"
    r"|(?:directions(?:\s+for\s+use)?|suggested\s+use|warnings?|cautions?)\s*:"
    r"|each(?!\s+(?:" + _PACKAGE + r")\b)(?:\s+(?:\d+(?:[.,]\d+)?|[^\W\d_]+)){1,3}?\s+contains?\b))"
)
_SPLIT = re.compile(_SPLIT_SOURCE)
_SPLIT_ANY_CASE = re.compile(_SPLIT_SOURCE, _I)  # for the rare text whose lower-casing changes its length
_SPLIT_HINTS = re.compile("facts|serving|ingredient|direction|suggested|warning|caution|statements|contain|daily value|daily allowance")


@dataclass(slots=True)
class Head:
    """A recognised start of a segment: its kind, the keyword's end, and details."""

    kind: str  # title serving per_container header heading disclaimer footnote separator calories column
    end: int  # where the rest of the segment (its content) starts
    detail: str = ""  # title text, section kind, symbol...
    value: float | None = None


@cache
def _header() -> re.Pattern[str]:
    """Headers that start the rows: "Amount Per Serving", "Each softgel contains:", "Amount per
    2 capsules", "Ingredient per lozenge", "1 capsule provides on average (NRV):"."""
    return re.compile(
        r"\W{0,3}(?:amount\s+per\s+(?:serving|\d+\s+[^\W\d_]+|[^\W\d_]+(?:\s+[^\W\d_]+)?)"
        r"|(?:(?:non-?\s?)?medicinal\s+|active\s+)?ingredients?\s+per\s+(?:\d+\s+)?[^\W\d_]+"
        r"|per\s+(?:" + unit_names_pattern() + r"|\d+\s+[^\W\d_]+)\b"
        # "Each 1 mL Contains", "five drops"; "each bottle contains 60 capsules" counts the package
        r"|(?:(?:each|every|per)\b(?!\s+(?:" + _PACKAGE + r")\b)(?:\s+\d+(?:[.,]\d+)?)?|" + _NUMWORD + r"\b)"
        r"(?:\s+[^\s:\d][^\s:]*){1,5}?\s+(?:contains?|provides?|supply|supplies|delivers?)\b"
        r"(?:\s+on\s+average)?(?:\s*\([^()\n]{0,12}\))?"
        r"|typical\s+values?|medicinal\s+ingredients?)\s*:?", _I)


@text_memo  # catalog labels repeat the same warning, directions and disclaimer lines
def _find_cuts(text: str) -> tuple[int, ...]:
    """Offsets where a keyword starts a new piece of the line (never 0)."""
    lower = text.lower()
    if _SPLIT_HINTS.search(lower) is None:
        return ()
    pattern, subject = (_SPLIT, lower) if len(lower) == len(text) else (_SPLIT_ANY_CASE, text)
    return tuple(m.start() for m in pattern.finditer(subject) if m.start() > 0)


def split_keywords(seg: Seg) -> list[Seg]:
    """Cut a line where a keyword starts mid-line; most lines come back whole."""
    text = seg.text
    if len(text) < 24:
        return [seg]
    cuts = _find_cuts(text)
    if not cuts:
        return [seg]
    pieces, last = [], 0
    for cut in (*cuts, len(text)):
        piece = seg.sub(last, cut).strip(" \t/|")  # "Nutrition Facts/Serving Size 1 Tablet/...": the slashes part them
        if piece.text:
            piece.blank_before = seg.blank_before and last == 0
            pieces.append(piece)
        last = cut
    return pieces


_WORDS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_FIRST_WORD = re.compile(r"\W{0,3}([^\W\d_]+|\d)")
# The first words any test below can start with: other lines skip the keyword tests.
_KEYWORDS = frozenset(
    "supplement supplemental nutrition nutritional drug serving servings these the this other inactive non "
    "nonmedicinal excipient excipients active ingredient ingredients directions suggested recommended recommendation "
    "recommendations dosage "
    "adult how usage preparation warning warnings caution cautions precaution precautions contra "
    "contraindication contraindications side amount each every per typical medicinal one two three four five "
    "six seven eight nine ten half total calories".split()
)


def head_of(text: str) -> Head | None:
    """What the segment starts with, when it starts with something the panel reader knows."""
    return _cached_head(text) if len(text) <= 200 else _head(text)


@lru_cache(maxsize=8192)
def _cached_head(text: str) -> Head | None:
    return _head(text)  # a Head is never changed after it is made, so sharing one is safe


def _head(text: str) -> Head | None:
    # "|        Serving Size   | 1 Capsule": a cell's bar and a blanked "<strong>" come before the words
    lead = len(text) - len(text.lstrip(" \t|"))
    if lead and lead < len(text):
        head = _head_of_stripped(text[lead:])
        return head if head is None or not head.end else replace(head, end=head.end + lead)
    return _head_of_stripped(text)


def _head_of_stripped(text: str) -> Head | None:
    first = text[:1]
    if first and first in "*†‡§¶#":
        return _symbol_led(text)
    m = _FIRST_WORD.match(text)
    word = m.group(1).lower() if m else ""
    if not word.isdigit() and word not in _KEYWORDS:
        if _SEPARATOR.fullmatch(text):
            return Head("separator", len(text))
        return Head("column", len(text)) if word in _COLUMN_WORDS and is_column_header(text) else None
    m = _TITLE.match(text)
    if m:
        return Head("title", m.end(), m.group("t"))
    m = _SERVING.match(text)
    if m:  # a bare "Serving Size" is a column of a table whose value sits elsewhere
        return Head("serving", m.end()) if len(text) > m.end() else Head("header", m.end(), "serving size")
    m = _PER_CONTAINER.match(text)
    if m:
        return Head("per_container", m.end(), value=_number(m.group("n")))
    m = _PACKAGE_COUNT.match(text)
    if m:  # "Each bottle contains: 60 vegetarian capsules": the package, not a serving count
        return Head("per_container", len(text))
    m = _DISCLAIMER_START.match(text)
    if m:
        return Head("disclaimer", 0, m.group("sym") or "")
    return _header_or_heading(text)


def _symbol_led(text: str) -> Head | None:
    m = _DISCLAIMER_START.match(text)
    if m:
        return Head("disclaimer", 0, m.group("sym") or "")
    m = _FOOTNOTE.match(text)
    if m:
        return Head("footnote", m.end(), m.group("sym"))
    return Head("separator", len(text)) if _SEPARATOR.fullmatch(text) else None


def _header_or_heading(text: str) -> Head | None:
    if is_column_header(text):  # "Ingredient | Amount Per Serving | % Daily Value"
        return Head("column", len(text))
    m = _HEADING.match(text)
    if m and not _is_header_phrase(text):
        kind = _HEADING_KIND.get(m.group("kw").lower().replace("-", " ").split()[0], "directions")
        if m.group().endswith(":") or len(m.group("more").split()) <= 2:
            return Head("heading", m.end(), kind)
        return Head("heading", 0, kind)  # "Warning do not exceed the dose": a statement of that kind
    m = _header().match(text)
    if m:
        return Head("header", m.end(), m.group().lower())
    if _SEPARATOR.fullmatch(text):
        return Head("separator", len(text))
    if _CALORIES.match(text):
        return Head("calories", len(text))
    return None


def _is_header_phrase(text: str) -> bool:
    """"Ingredients per lozenge" and "Medicinal ingredients per drop" are headers, not headings."""
    return _header().match(text) is not None and " per " in text[:40].lower()


_COLUMN_HEADER_WORDS = 16  # "Amount Per Serving % Daily Value for Pregnant Women % Daily Value for Lactating Women"


def column_basis(text: str) -> str | None:
    """What a column heading says its amounts are for: "(from contents of 4 pills)" -> "per 4 pills"."""
    found = _BASIS.search(text[:200])
    return f"per {found.group('count')}" if found else None


def is_column_header(text: str) -> bool:
    """"% Daily Value", "Amount Per Serving %DV", "Nutrient | Amount | % DV": a table's column names.

    A heading may add its basis in brackets: "% Daily US RDA (from contents of 4 pills)".
    """
    text = _BASIS.sub(" ", text[:200])
    words = _WORDS.findall(text.lower())
    most = _COLUMN_HEADER_WORDS if "%" in text else _COLUMN_HEADER_WORDS // 2
    if not words or len(words) > most or (len(words) < 2 and "%" not in text) or _DIGIT.search(text):
        return False
    return all(word in _COLUMN_WORDS for word in words)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None
