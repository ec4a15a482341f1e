"""CSV catalogs: a header row, then one product per row.

Two shapes are accepted. With a ``label_text`` column each row is label text
(its ``id`` column, when present, names the product). Otherwise the columns are
a product spec flattened (``id, name, brand, serving_size, servings_per_day,
ingredients`` as a JSON array, ``directions``, ``warnings``, ``claims``,
``disclaimer``; see ``dklint.parse.product_spec.csv_row``). Columns starting with ``x-`` are
yours and ignored; any other unknown column is one DK003 finding on the header.

The delimiter is the one of ``,``, ``;`` and tab that the header uses most. A
quoted cell may span lines; a record is still limited to ``max_record_bytes``.
Positions inside a ``label_text`` cell are exact unless the cell escapes quotes
(``""``): each escaped quote before a finding on the same line shifts its
column by one.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from dklint.inputs.catalog_lines import BadLine, RecordFailure
from dklint.inputs.read import normalise_newlines
from dklint.source import Source, Span

SPEC_COLUMNS = ("id", "name", "brand", "market", "form", "serving_size", "serving_unit", "servings_per_day",
                "servings_per_container", "ingredients", "other_ingredients", "directions", "warnings", "claims",
                "disclaimer", "footnotes")
LABEL_COLUMNS = ("id", "name", "brand", "label_text")
# Sixteen columns are known and the rest are the user's x- columns: a header wider than this is no catalog, and
# every row of it would cost its width again (a 1 MB header holds 500,000 columns). Not configurable: no real
# catalog comes near it.
MAX_COLUMNS = 1_000
UNKNOWN_NAMED = 20  # unknown columns named in the header's finding; the others are counted
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One row of a CSV of flattened specs, as read; checked by ``dklint.engine.records.check_row``."""

    path: str
    line: int
    raw: str  # the row as written in the file (its lines joined by "\n")
    columns: tuple[str, ...]
    cells: tuple[str, ...]
    delimiter: str = ","


class _BadInput(Exception):
    def __init__(self, line: int, bad: BadLine) -> None:
        self.line, self.bad = line, bad


class _Feed:
    """Feeds lines to ``csv.reader`` and remembers the raw text and first line of the current row."""

    def __init__(self, lines: Iterator[tuple[int, str | BadLine]], limit: int) -> None:
        self.lines, self.limit = lines, limit
        self.raw: list[str] = []
        self.size = 0
        self.start = 0

    def __iter__(self) -> "_Feed":
        return self

    def __next__(self) -> str:
        number, text = next(self.lines)
        if isinstance(text, BadLine):
            self.take()
            raise _BadInput(number, text)
        if not self.raw:
            self.start = number
        self.raw.append(text)
        self.size += len(text) + 1
        if self.size > self.limit:  # a quoted cell that never closes must not swallow the file
            start = self.start
            self.take()
            raise _BadInput(start, BadLine(f"record is over the {self.limit:,}-byte limit per record (an unclosed "
                                           'quote?); reading resumes at the next line', text[:200]))
        return text + "\n"

    def take(self) -> tuple[int, str]:
        raw = "\n".join(self.raw)
        self.raw, self.size = [], 0
        return self.start, raw


def cell_spans(raw: str, delimiter: str) -> list[Span]:
    """Where each cell's content is in the raw row (inside the quotes of a quoted cell)."""
    spans, pos, size = [], 0, len(raw)
    while True:
        match = _QUOTED.match(raw, pos) if raw.startswith('"', pos) else None
        if match:
            spans.append(Span(match.start(1), match.end(1)))
            pos = match.end()
        end = raw.find(delimiter, pos)
        if not match:
            spans.append(Span(pos, size if end == -1 else end))
        if end == -1:
            return spans
        pos = end + 1


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def iter_csv_units(path: str, lines: Iterator[tuple[int, str | BadLine]], limit: int) -> Iterator[object]:
    """Units for every row: label-text Sources, ``CsvRow`` specs, or ``RecordFailure``."""
    for number, first in lines:
        if isinstance(first, BadLine):
            yield RecordFailure(path, number, "CSV header: " + first.message, first.preview)
            return
        if first.strip():
            break
    else:
        return
    delimiter = _delimiter(first)
    try:
        columns = tuple(c.strip() for c in next(csv.reader([first], delimiter=delimiter)))
    except csv.Error as error:  # a stray carriage return in the header, for one
        yield RecordFailure(path, number, f"CSV header cannot be read: {error}", first[:200], code="DK002")
        return
    if len(columns) > MAX_COLUMNS:  # before any row is read
        yield RecordFailure(path, number, f"CSV header has {len(columns):,} columns, over the limit of {MAX_COLUMNS:,}: "
                            "nothing in this file was checked", first[:200], code="DK008")
        return
    problem = _header_problem(columns)
    if problem is not None:
        message, fatal = problem
        yield RecordFailure(path, number, message, first[:200], code="DK003", checked=not fatal)
        if fatal:
            return
    yield from _rows(path, _Feed(lines, limit), columns, delimiter)


def _header_problem(columns: tuple[str, ...]) -> tuple[str, bool] | None:
    """What is wrong with the header, and whether it stops the file from being checked."""
    if "label_text" not in columns and not any(c in SPEC_COLUMNS for c in columns):
        return ('CSV header: no "label_text" column and no product spec columns (' + ", ".join(SPEC_COLUMNS)
                + "): nothing in this file can be checked"), True
    duplicated = sorted(c for c, n in Counter(columns).items() if n > 1)  # not columns.count: 90,000 columns
    if duplicated:
        return "CSV header: column " + ", ".join(f'"{c}"' for c in duplicated) + " appears twice: nothing was checked", True
    allowed = LABEL_COLUMNS if "label_text" in columns else SPEC_COLUMNS
    unknown = [c for c in columns if c not in allowed and not c.startswith("x-")]
    if unknown:
        named = ", ".join(f'"{c}"' for c in unknown[:UNKNOWN_NAMED])
        more = f" and {len(unknown) - UNKNOWN_NAMED:,} more" if len(unknown) > UNKNOWN_NAMED else ""
        return ("CSV header: unknown column " + named + more
                + " (ignored; name your own columns x-...); allowed: " + ", ".join(allowed)), False
    return None


def _rows(path: str, feed: _Feed, columns: tuple[str, ...], delimiter: str) -> Iterator[object]:
    while True:
        reader = csv.reader(feed, delimiter=delimiter)
        try:
            for cells in reader:
                line, raw = feed.take()
                if cells and any(cell.strip() for cell in cells):
                    yield _unit(path, line, raw, columns, tuple(cells), delimiter)
            return
        except _BadInput as bad:
            yield RecordFailure(path, bad.line, bad.bad.message, bad.bad.preview)
        except csv.Error as error:
            line, raw = feed.take()
            yield RecordFailure(path, line, f"CSV row cannot be read: {error}", raw[:200], code="DK002")


def _unit(path: str, line: int, raw: str, columns: tuple[str, ...], cells: tuple[str, ...], delimiter: str) -> object:
    if len(cells) > len(columns):
        return RecordFailure(path, line, f"CSV row has {len(cells)} cells but the header has {len(columns)} columns: "
                             "the row was not checked", raw[:200], code="DK003")
    cells += ("",) * (len(columns) - len(cells))  # short rows: the missing trailing cells are empty
    if "label_text" not in columns:
        return CsvRow(path, line, raw, columns, cells, delimiter)
    values = dict(zip(columns, cells))
    text = values["label_text"]
    if not text.strip():
        return RecordFailure(path, line, 'the "label_text" cell is empty: nothing to check', raw[:200])
    span = cell_spans(raw, delimiter)[columns.index("label_text")]
    before = raw[: span.start]
    first_line = line + before.count("\n")
    first_column = span.start - (before.rfind("\n") + 1) + 1
    record_id = values.get("id", "").strip() or f"{path}:{line}"
    return Source(path=path, text=normalise_newlines(text), kind="label",
                  first_line=first_line, first_column=first_column, record_id=record_id)
