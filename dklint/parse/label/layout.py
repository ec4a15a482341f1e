"""The layout stage: real shapes of label text turned into canonical lines, offsets kept.

The reader after this stage expects a row on a line ("name amounts %DV marks").
Real text often lays a row out otherwise; each shape below is named, detected on
the whole text, and rewritten into canonical lines made of the original segments
(``Seg.join``), so every position still points into the source:

- ``html_flow`` (``html_layout.py``): HTML source laid out as a browser shows it: a line
  per ``<br>`` or block element, a table row's cells side by side, hidden parts dropped.
- ``split_cells``: a label-database web table whose name cell, ``|`` separators and
  amount cell each stand on a line of their own, its column headings repeated in
  the cells ("| Amount Per Serving |").
- ``key_values``: records exported from a shop (``ingredient: 'Vitamin C',``
  ``amount: '90 mg',`` ``dailyValue: '100%'``), one field a line.
- ``markdown``: bold markers, list bullets before rows, heading hashes.
- ``wrapped_lines`` (``wrapped.py``): lines a PDF export or a narrow column broke in the middle of a sentence or a row,
  joined again; what tells a break from the end of a line does not depend on letter case.

A shape rewrites only text that has it; anything else passes through untouched.
"""

from __future__ import annotations

import re
from typing import Callable

from dklint.parse.label.heads import is_column_header
from dklint.parse.label.html_layout import html_flow
from dklint.parse.label.wrapped import wrapped_lines
from dklint.parse.label.lines import Seg

# -- split_cells ----------------------------------------------------------------------------------------


def _cell_kind(text: str) -> str | None:
    """How a line takes part in a row cut into lines: "bar" ("|"), "fenced" ("| 125% |"),
    "closed" ("125 mcg |"), "opened" ("| 125 mcg"), or None (no bar: a name or a plain cell)."""
    stripped = text.strip()
    bars = stripped.count("|")
    if stripped == "|":
        return "bar"
    if bars == 2 and stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 2:
        return "fenced"
    if bars == 1 and len(stripped) > 1:
        return "closed" if stripped.endswith("|") else "opened" if stripped.startswith("|") else "other"
    return None if bars == 0 else "other"


def _unwrapped_name(seg: Seg) -> Seg:
    """A name cell the database opened with a bracket: "(Cholecalciferol)", "(C20:5n-3, EPA) (Triglycerides)"."""
    text = seg.text
    if not text.startswith("("):
        return seg
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return _blanked(seg, [(0, 1), (index, index + 1)])
    return seg


def split_cells(text: str, lines: list[Seg]) -> list[Seg]:
    """Rows whose name and cells stand on lines of their own, with "|" lines between them, made one line each.

    Two copies of the same web table: "Vitamin D3" / "|" / "25 mcg |" (a label database), and
    "Vitamin D3" / "| 25 mcg |" / "| 125% |". The name cell may take several lines ("Vitamin A" /
    "(as retinyl palmitate)"): the lines read since the last bar. A text needs two bar or fenced
    lines to have this shape at all.
    """
    kinds = [_cell_kind(seg.text) for seg in lines]
    if not _has_cut_rows(kinds):
        return lines
    out: list[Seg] = []
    names: list[Seg] = []  # lines since the last line with a bar: the next row's name cell
    index, count = 0, len(lines)
    while index < count:
        cells, index = _row_cells(lines, kinds, index) if names else ([], index)
        if cells:
            headings = [cell for cell in cells if is_column_header(cell.text.replace("|", " ").strip())]
            useful = [cell for cell in cells if cell not in headings]
            start = _name_start(names)
            out.extend(names[:start])  # text between two rows ("Daily Requirements: ...") stays text
            name = _unwrapped_name(Seg.join(names[start:], " "))
            if not useful:  # "EACH TABLET CONTAINS:" / "|" / "% U.S. RDA*": a heading row, read as one
                out.append(Seg.join([name, *headings], " | "))
            else:  # a column's name repeated in the row's cells ("| %DV |"); one with a mark ("%DV*") is kept
                out.extend(cell for cell in headings if any(mark in cell.text for mark in _MARKS))
                out.append(Seg.join([name, *useful], " "))
            names = []
            continue
        seg, kind = lines[index], kinds[index]
        if kind is None:
            names.append(seg)
        else:
            out.extend(names)
            names = []
            if kind != "bar":
                out.append(seg)
        index += 1
    out.extend(names)
    return out


def _has_cut_rows(kinds: list[str | None]) -> bool:
    """A name line, a lone bar and a cell line in a row; or two cells fenced by bars on lines of their own."""
    if sum(1 for kind in kinds if kind == "fenced") >= 2:
        return True
    return any(kind == "bar" and kinds[i - 1] is None and kinds[i + 1] in (None, "closed")
               for i, kind in enumerate(kinds[1:-1], start=1))


_OPENS_WITH_BAR = ("bar", "fenced", "opened")
_MARKS = "*†‡§¶"  # footnote marks a column heading may carry


def _name_start(names: list[Seg]) -> int:
    """Where the name cell begins among the lines before a row's cells: its last line that does not
    open with a bracket, with the bracketed lines after it ("Vitamin A" / "(as retinyl palmitate)")."""
    for index in range(len(names) - 1, -1, -1):
        if not names[index].text.startswith("("):
            return index
    return 0


def _row_cells(lines: list[Seg], kinds: list[str | None], index: int) -> tuple[list[Seg], int]:
    """The cells that follow a name from ``index`` on, and the index after them.

    A cell closed by its bar ("125 mcg |") ends the row unless the next line opens with a bar
    ("| %DV |"): then the row goes on.
    """
    cells: list[Seg] = []
    count = len(lines)
    while index < count:
        kind = kinds[index]
        if kind in ("fenced", "opened"):
            cells.append(lines[index])
            index += 1
            continue
        if kind == "bar" and index + 1 < count and kinds[index + 1] in (None, "closed"):
            cells.append(lines[index + 1])
            index += 2
        elif kind == "closed" and cells:
            cells.append(lines[index])
            index += 1
        else:
            break
        if kinds[index - 1] == "closed" and (index >= count or kinds[index] not in _OPENS_WITH_BAR):
            break
    return cells, index


# -- key_values -----------------------------------------------------------------------------------------

# ``key: 'value',`` with the value quoted, as a shop's export writes it.
_KEY_VALUE = re.compile(r"""\s*["']?(?P<key>[A-Za-z_][A-Za-z0-9_ ]{0,30}?)["']?\s*:\s*(?P<q>["'])(?P<value>.*)(?P=q)\s*,?\s*$""")
_NAME_KEYS = frozenset({"ingredient", "name", "nutrient", "ingredientname", "ingredient_name", "label"})
_AMOUNT_KEYS = frozenset({"amount", "quantity", "qty", "dose", "value", "amountperserving", "amount_per_serving"})
_UNIT_KEYS = frozenset({"unit", "units", "uom"})
_DV_KEYS = frozenset({"dailyvalue", "daily_value", "dv", "percentdv", "percent_dv", "dvpercent", "dv_percent",
                      "percentdailyvalue", "percent_daily_value"})


# Several fields on one line: "{ ingredient: 'Biotin', amount: '100 mcg', dailyValue: '33%' },".
_PAIR = re.compile(r"""["']?(?P<key>[A-Za-z_][A-Za-z0-9_]{0,30})["']?\s*:\s*(?P<q>["'])(?P<value>[^"'\n]{0,500})(?P=q)""")


def _fields(seg: Seg) -> list[tuple[str, Seg]]:
    """The line's ``key: 'value'`` fields, in order; none when the line is anything else."""
    found = _KEY_VALUE.match(seg.text)
    if found is not None:
        return [(found.group("key").replace(" ", "").lower(), seg.sub(found.start("value"), found.end("value")))]
    text = seg.text
    if text.count(":") < 2:
        return []
    pairs = list(_PAIR.finditer(text))
    rest = _PAIR.sub("", text).strip(" \t{}[](),;")
    if len(pairs) < 2 or rest:
        return []  # a sentence with colons, not a record
    return [(pair.group("key").lower(), seg.sub(pair.start("value"), pair.end("value"))) for pair in pairs]


# An export names its amount key at least twice ("amount: '100 mcg'"): a cheap test before any line is read.
_AMOUNT_KEY = re.compile(r"""\b(?:amount|quantity|qty|dose|value|amount_?per_?serving)["']?\s*:""")


def key_values(text: str, lines: list[Seg]) -> list[Seg]:
    lowered = text.lower()  # one pass in C, then a case-sensitive search: far cheaper than IGNORECASE
    first = _AMOUNT_KEY.search(lowered)
    if first is None or _AMOUNT_KEY.search(lowered, first.end()) is None:
        return lines
    lines, fields = _paired(lines)
    if sum(1 for line in fields for key, _ in line if key in _AMOUNT_KEYS) < 2:
        return lines  # not an export of ingredient records
    out: list[Seg] = []
    record: dict[str, Seg] = {}

    def flush() -> None:
        if "name" in record:
            parts = [record[key] for key in ("name", "amount", "unit", "dv") if key in record]
            out.append(Seg.join(parts, " "))
        record.clear()

    for seg, found in zip(lines, fields):
        if not found:
            flush()
            if seg.text.strip(" \t{}[](),;") == "" or _CONTAINER.match(seg.text):
                continue  # the record's brackets, or "ingredients: [" that opens the list of records
            out.append(seg)
            continue
        for key, value in found:
            _take(key, value, record, out, flush)
    flush()
    return out


_CONTAINER = re.compile(r"""\s*["']?[A-Za-z_][A-Za-z0-9_]{0,30}["']?\s*:\s*[\[{]+\s*$""")
_BARE_KEY = re.compile(r"""\s*["']?(?P<key>[A-Za-z_][A-Za-z0-9_]{0,30})["']?\s*:\s*$""")
_QUOTED = re.compile(r"""\s*(?P<q>["'])(?P<value>.*)(?P=q)\s*,?\s*$""")


def _paired(lines: list[Seg]) -> tuple[list[Seg], list[list[tuple[str, Seg]]]]:
    """Each line's fields; a key alone on its line takes the quoted value on the next ("ingredient:" / "'...'")."""
    kept: list[Seg] = []
    fields: list[list[tuple[str, Seg]]] = []
    index = 0
    while index < len(lines):
        seg = lines[index]
        key = _BARE_KEY.match(seg.text)
        value = _QUOTED.match(lines[index + 1].text) if key and index + 1 < len(lines) else None
        if key and value:
            kept.append(seg)
            fields.append([(key.group("key").lower(), lines[index + 1].sub(value.start("value"), value.end("value")))])
            index += 2
            continue
        kept.append(seg)
        fields.append(_fields(seg))
        index += 1
    return kept, fields


def _take(key: str, value: Seg, record: dict[str, Seg], out: list[Seg], flush: Callable[[], None]) -> None:
    """One field: a part of the ingredient record being read, or a line of its own."""
    role = ("name" if key in _NAME_KEYS else "amount" if key in _AMOUNT_KEYS else "unit" if key in _UNIT_KEYS
            else "dv" if key in _DV_KEYS else None)
    if role is None:
        flush()
        if value.text.strip():
            out.append(value)  # "servingSize: 'Serving Size: 3 Tablets'" says what its value says
        return
    if role == "name" or role in record:
        flush()
    if value.text.strip():
        record[role] = value


# -- markdown -------------------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*\*|__(?=\S)([^_\n]{1,200}?)(?<=\S)__")
_HEADING = re.compile(r"#{1,6}[ \t]")
_LINK = re.compile(r"\[[^\]\n]{1,200}\]\((?:https?://|/)[^)\s]{1,500}\)")
_BULLET = re.compile(r"[*+\-][ \t]+")
_DOSE = re.compile(r"\d[\d.,]*\s*(?:mcg|mg|µg|μg|ug|iu|i\.u\.|g|microgram)", re.IGNORECASE)


def _blanked(seg: Seg, spans: list[tuple[int, int]]) -> Seg:
    """``seg`` with the characters of ``spans`` replaced by spaces (offsets unchanged)."""
    text = list(seg.text)
    for start, end in spans:
        text[start:end] = " " * (end - start)
    blanked = Seg("".join(text), seg.base, seg.breaks, seg.blank_before, seg.indent)
    return blanked.strip() if blanked.text.strip() != blanked.text else blanked


def markdown(text: str, lines: list[Seg]) -> list[Seg]:
    signals = len(_BOLD.findall(text)) + len(_LINK.findall(text)) + sum(1 for s in lines if _HEADING.match(s.text))
    if signals < 3:
        return lines  # one "**" or "#" is a footnote symbol, not markdown
    out = []
    for seg in lines:
        spans = []
        for found in _BOLD.finditer(seg.text):
            inner = found.start(1) if found.group(1) is not None else found.start(2)
            spans += [(found.start(), inner), (found.end() - 2, found.end())]
        heading = _HEADING.match(seg.text)
        if heading:
            spans.append(heading.span())
        bullet = _BULLET.match(seg.text)
        if bullet and _DOSE.search(seg.text):  # "*  **Calcium 400 mg**  40%": a row, not a footnote
            spans.append(bullet.span())
        out.append(_blanked(seg, spans) if spans else seg)
    return [seg for seg in out if seg.text]


# The shapes, in the order they are tried: markup first, then what it leaves.
SHAPES: tuple[Callable[[str, list[Seg]], list[Seg]], ...] = (html_flow, key_values, markdown, split_cells,
                                                              wrapped_lines)


def canonical_lines(text: str, lines: list[Seg]) -> list[Seg]:
    """``lines`` of ``text`` with every shape this stage knows rewritten into canonical lines."""
    for shape in SHAPES:
        lines = shape(text, lines)
    return lines
