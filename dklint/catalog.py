"""Catalogs: many products in one JSONL/NDJSON or CSV file, checked one record at a time.

Each record (a JSONL line, a CSV row) becomes its own ``InputResult`` with the
catalog's path, the record's first line and the product's ``id`` (when the
record has none: ``"<path>:<line>"``). A bad record is a finding on that record
and the others are still checked.

The file is streamed: records are read, checked and handed on one by one, and a
record over ``max_record_bytes`` (default 1 MB) is a DK001 finding that is never
loaded. Splitting a catalog into records ("units") is separate from checking
them (``check_unit``), so the parallel executor can split in the parent process
and check in its workers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from dklint.catalog_lines import DEFAULT_MAX_RECORD_BYTES, WIDE_BOMS, BadLine, iter_file_lines, iter_text_lines
from dklint.findings import Finding, InputResult
from dklint.inputs import CATALOG_SUFFIXES, DEFAULT_MAX_BYTES, ReadFailure, read_source, unreadable
from dklint.pipeline import Checker, check_source, failed_input, locate_all
from dklint.source import Source, Span

__all__ = ["DEFAULT_MAX_RECORD_BYTES", "RecordFailure", "iter_catalog", "iter_catalog_file", "iter_units",
           "iter_file_units", "check_unit", "check_record"]


@dataclass(frozen=True, slots=True)
class RecordFailure:
    """A record that cannot be checked (too big, undecodable, malformed row) or a problem of the file's header."""

    path: str
    line: int
    message: str
    preview: str = ""
    code: str = "DK001"
    checked: bool = False


# One unit of work: a record to parse and check, a row of a CSV of specs, or a failure to report.
Unit = Union[Source, "CsvRow", RecordFailure, ReadFailure]  # noqa: F821 (CsvRow: dklint.catalog_csv)


_CATALOG_ENDINGS = tuple(sorted(CATALOG_SUFFIXES))


def is_catalog(path: str) -> bool:
    return path.lower().endswith(_CATALOG_ENDINGS)


def iter_catalog(checker: Checker, source: Source, max_record_bytes: int | None = None) -> Iterator[InputResult]:
    """Check every record of a catalog already read into memory (``runner`` hands these over).

    ``max_record_bytes`` defaults to the checker's ``limits.max-record-bytes``.
    """
    for unit in iter_units(source, max_record_bytes or checker.limits.max_record_bytes):
        yield check_unit(checker, unit)


def iter_catalog_file(checker: Checker, path: Path, display: str, max_record_bytes: int | None = None,
                      max_file_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputResult]:
    """Check every record of a catalog file, streaming it from disk (no size limit on the file)."""
    limit = max_record_bytes or checker.limits.max_record_bytes
    for unit in iter_file_units(path, display, limit, max_file_bytes):
        yield check_unit(checker, unit)


def iter_units(source: Source, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[Unit]:
    """The records of an in-memory catalog, in file order."""
    return _records(source.path, iter_text_lines(source.text, max_record_bytes), max_record_bytes)


def iter_file_units(path: Path, display: str, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                    max_file_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Unit]:
    """The records of a catalog file, read lazily; a file that cannot be opened is one ReadFailure."""
    try:
        stream = open(path, "rb")
    except OSError:
        yield read_source(path, display, max_file_bytes)  # the same DK001 wording as any other input
        return
    with stream:
        head = stream.peek(8192)[:8192]
        if head.startswith(WIDE_BOMS) or b"\x00" in head:
            # UTF-16/32 or binary: the whole-file reader decodes it or says why not
            source = read_source(path, display, max_file_bytes)
            yield from ([source] if isinstance(source, ReadFailure) else iter_units(source, max_record_bytes))
            return
        yield from _records(display, iter_file_lines(stream, max_record_bytes), max_record_bytes)


def _records(path: str, lines: Iterator[tuple[int, str | BadLine]], max_record_bytes: int) -> Iterator[Unit]:
    if path.lower().endswith(".csv"):
        from dklint.catalog_csv import iter_csv_units

        units: Iterable[Unit] = iter_csv_units(path, lines, max_record_bytes)
    else:
        units = _jsonl_units(path, lines)
    empty = True
    for unit in units:
        empty = False
        yield unit
    if empty:
        yield unreadable(path, "empty catalog: no records to check")


def _jsonl_units(path: str, lines: Iterator[tuple[int, str | BadLine]]) -> Iterator[Unit]:
    for number, line in lines:
        if isinstance(line, BadLine):
            yield RecordFailure(path, number, line.message, line.preview)
        elif line and not line.isspace():
            yield Source(path=path, text=line, kind="spec", first_line=number)


def check_unit(checker: Checker, unit: Unit) -> InputResult:
    """Check one record (or report why it could not be checked)."""
    if isinstance(unit, Source):
        return check_record(checker, unit)
    if isinstance(unit, RecordFailure):
        return record_failure(checker, unit)
    if isinstance(unit, ReadFailure):
        return failed_input(checker, unit)
    from dklint.catalog_row import check_row

    return check_row(checker, unit)


def record_failure(checker: Checker, failure: RecordFailure) -> InputResult:
    record_id = f"{failure.path}:{failure.line}"
    source = Source(path=failure.path, text=failure.preview, kind="spec", first_line=failure.line, record_id=record_id)
    finding = Finding(failure.code, "error", failure.message, Span(0, 0))
    return InputResult(path=failure.path, kind="catalog" if failure.checked else "unknown", product_id=None if failure.checked else record_id,
                       findings=locate_all(checker, source, [finding]), checked=failure.checked,
                       first_line=failure.line)


def record_id_of(source: Source) -> str:
    """A record's product ``id``; without one (or when the record does not decode), ``path:line``.

    Findings carry the id and their fingerprints are made from it, so it must be
    known before the record is checked. The record is decoded for it the way the
    spec parser decodes it, which remembers the result: the parser does not
    decode the line again. A record the strict decoder turns down (NaN, a
    duplicate key) still has an id, read the lenient way.
    """
    if source.kind == "spec":
        from dklint.parse.json_fast import decode_clean  # here: a run with no catalog never needs it

        doc = decode_clean(source.text)
        if doc is None:
            try:
                doc = json.loads(source.text)
            except (ValueError, RecursionError):
                doc = None
        found = doc.get("id") if isinstance(doc, dict) else None
        if isinstance(found, str) and found.strip():
            return found
    return f"{source.path}:{source.first_line}"


def check_record(checker: Checker, source: Source) -> InputResult:
    """``check_source`` for a catalog record, which is reported under its product id."""
    if source.record_id is None:
        source.record_id = record_id_of(source)
    return check_source(checker, source)
