"""Catalog records checked one by one: a JSONL line, a CSV row, or a record that could not be read.

``dklint.inputs.catalog`` splits a catalog into units; each unit here becomes
one ``InputResult`` with the catalog's path, the record's first line and the
product's ``id`` (when the record has none: ``"<path>:<line>"``). A CSV row of
flattened spec columns is turned into its spec (``dklint.parse.product_spec.csv_row``),
checked, and every finding moved back to the cell it is about.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Iterator

from dklint.base.shown import well_formed
from dklint.engine.check import check_source, failed_input
from dklint.engine.checker import Checker, locate_all
from dklint.findings import Finding, InputResult, Located
from dklint.inputs.catalog import Unit, is_label_record, iter_file_units, iter_units
from dklint.inputs.catalog_csv import CsvRow, cell_spans
from dklint.inputs.catalog_lines import RecordFailure
from dklint.inputs.read import DEFAULT_MAX_BYTES, ReadFailure
from dklint.parse.product_spec.csv_row import build_spec, column_of
from dklint.parse.product_spec.decode import decode_clean, remember_decoded
from dklint.parse.product_spec.label_text import label_text_source
from dklint.parse.product_spec.json_positions import index_values
from dklint.source import Source, Span


def iter_catalog(checker: Checker, source: Source, max_record_bytes: int | None = None) -> Iterator[InputResult]:
    """Check every record of a catalog already read into memory (stdin, say).

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


def check_unit(checker: Checker, unit: Unit) -> InputResult:
    """Check one record (or report why it could not be checked)."""
    if isinstance(unit, Source):
        return check_record(checker, unit)
    if isinstance(unit, RecordFailure):
        return record_failure(checker, unit)
    if isinstance(unit, ReadFailure):
        return failed_input(checker, unit)
    return check_row(checker, unit)


def record_failure(checker: Checker, failure: RecordFailure) -> InputResult:
    record_id = f"{failure.path}:{failure.line}"
    source = Source(path=failure.path, text=failure.preview, kind="spec", first_line=failure.line, record_id=record_id)
    finding = Finding(failure.code, "error", failure.message, Span(0, 0))
    return InputResult(path=failure.path, kind="catalog" if failure.checked else "unknown",
                       product_id=None if failure.checked else record_id,
                       findings=locate_all(checker, source, [finding]), checked=failure.checked,
                       first_line=failure.line)


def _decoded(source: Source) -> object:
    """A JSONL record's JSON (strict, else lenient: a record with NaN still has an id); None when it does not decode."""
    doc = decode_clean(source.text)
    if doc is None:
        try:
            doc = json.loads(source.text)
        except (ValueError, RecursionError):
            doc = None
    return doc


def record_id_of(source: Source) -> str:
    """A record's product ``id``; without one (or when the record does not decode), ``path:line``.

    Findings carry the id and their fingerprints are made from it, so it must be
    known before the record is checked. The record is decoded for it the way the
    spec parser decodes it, which remembers the result: the parser does not
    decode the line again. A record the strict decoder turns down (NaN, a
    duplicate key) still has an id, read the lenient way.
    """
    if source.kind == "spec":
        doc = _decoded(source)
        found = doc.get("id") if isinstance(doc, dict) else None
        if isinstance(found, str) and found.strip():
            return well_formed(found)  # "\ud800" is valid JSON, and no UTF-8 report could hold it
    return f"{source.path}:{source.first_line}"


def check_record(checker: Checker, source: Source) -> InputResult:
    """``check_source`` for a catalog record, which is reported under its product id.

    A JSONL record of label text (``{"id": ..., "label_text": ...}``, ``is_label_record``) is checked
    as label text, its findings at their place inside the JSON string of its line.
    """
    if source.record_id is None:
        source.record_id = record_id_of(source)
    doc = _decoded(source) if source.kind == "spec" else None
    if is_label_record(doc):
        if not doc["label_text"].strip():
            return record_failure(checker, RecordFailure(source.path, source.first_line,
                                                         'the "label_text" field is empty: nothing to check',
                                                         source.text[:200]))
        return check_source(checker, label_text_source(source, doc["label_text"]))
    return check_source(checker, source)


def check_row(checker: Checker, row: CsvRow) -> InputResult:
    """Check one row of a CSV of specs; findings located at the row's cells."""
    spans = cell_spans(row.raw, row.delimiter)
    spec, problems = build_spec(row, spans)
    record_id = spec.get("id") or f"{row.path}:{row.line}"
    row_source = Source(path=row.path, text=row.raw, kind="csv-row", first_line=row.line, record_id=record_id)
    located = locate_all(checker, row_source, problems)
    if any(p.code == "DK002" for p in problems):
        return InputResult(path=row.path, kind="spec", product_id=record_id, findings=located, checked=False,
                           first_line=row.line)
    text = json.dumps(spec, ensure_ascii=False)
    remember_decoded(text, spec)  # the spec parser need not decode what was just written from ``spec``
    result = check_source(checker, Source(path=row.path, text=text, kind="spec", first_line=row.line, record_id=record_id))
    located.extend(_on_cell(f, text, row, row_source, spans) for f in result.findings)
    located.sort(key=lambda f: (f.line, f.column, f.code))
    result.findings = located
    return result


def _column(finding: Located, json_text: str) -> str | None:
    """The CSV column a finding on the spec built from a row is about."""
    path = finding.field_path
    if not path and finding.line == finding.end_line:
        at = finding.column - 1  # the spec JSON is one line: columns are offsets
        inside = [p for p, s in index_values(json_text).items() if s.start <= at < max(s.end, s.start + 1)]
        path = max(inside, key=len, default=())
    return column_of(path)


def _on_cell(finding: Located, json_text: str, row: CsvRow, row_source: Source, spans: list[Span]) -> Located:
    """The finding moved from the JSON built from the row to the cell it is about."""
    column = _column(finding, json_text)
    if column in row.columns:
        span, message = spans[row.columns.index(column)], f'{finding.message} (CSV column "{column}")'
    else:
        span, message = Span(0, 0), f"{finding.message} (CSV row)"
    start, end = row_source.position(span.start), row_source.position(span.end)
    return dataclasses.replace(finding, message=message, line=start.line, column=start.column, end_line=end.line,
                               end_column=end.column, source_line=row_source.line_text(span.start))
