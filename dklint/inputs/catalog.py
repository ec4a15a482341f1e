"""Catalogs: many products in one JSONL/NDJSON or CSV file, split into records ("units").

Each record (a JSONL line, a CSV row) is checked on its own and reported with
the catalog's path, the record's first line and the product's ``id``; a bad
record is a finding on that record and the others are still checked. This
module only splits: ``dklint.engine.records`` checks a unit, so the parallel
executor can split in the parent process and check in its workers.

The file is streamed: records are read and handed on one by one, and a record
over ``max_record_bytes`` (default 1 MB) is a ``RecordFailure`` that is never
loaded.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable, Iterator, Union

from dklint.inputs.catalog_csv import CsvRow, iter_csv_units
from dklint.inputs.catalog_lines import (
    DEFAULT_MAX_RECORD_BYTES,
    BadLine,
    RecordFailure,
    iter_file_lines,
    iter_text_lines,
)
from dklint.inputs.read import (
    CATALOG_SUFFIXES,
    DEFAULT_MAX_BYTES,
    HEAD_BYTES,
    WIDE_BOMS,
    ReadFailure,
    binary_head,
    open_input,
    read_handle,
    read_source,
    source_from_bytes,
    unreadable,
)
from dklint.source import Source

# One unit of work: a record to parse and check, a row of a CSV of specs, or a failure to report.
Unit = Union[Source, CsvRow, RecordFailure, ReadFailure]

_CATALOG_ENDINGS = tuple(sorted(CATALOG_SUFFIXES))


def is_catalog(path: str) -> bool:
    return path.lower().endswith(_CATALOG_ENDINGS)


def is_label_record(record: object) -> bool:
    """A record that is label text with an id, not a spec: ``label_text`` (a string) and no ``spec_version``.

    ``{"id": "SKU-1", "label_text": "Supplement Facts..."}`` is a JSONL catalog line, or a product of a Dask
    bag, of this kind: its text is checked as label text (``name`` and ``brand`` may stand beside it, as in
    a CSV catalog of label text).
    """
    return isinstance(record, dict) and isinstance(record.get("label_text"), str) and "spec_version" not in record


def iter_units(source: Source, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[Unit]:
    """The records of an in-memory catalog, in file order."""
    return _records(source.path, iter_text_lines(source.text, max_record_bytes), max_record_bytes)


def iter_file_units(path: Path, display: str, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                    max_file_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Unit]:
    """The records of a catalog file, read lazily; a file that cannot be opened is one ReadFailure."""
    try:
        handle = open_input(path)  # a named pipe opens at once, with or without a writer
        special = not stat.S_ISREG(os.fstat(handle).st_mode)
    except OSError:
        yield read_source(path, display, max_file_bytes)  # the same DK001 wording as any other input
        return
    if special:  # a named pipe or device: read as one stream, within the file-size limit and never forever
        try:
            read = read_handle(handle, display, max_file_bytes)
        finally:
            os.close(handle)
        source = read if isinstance(read, ReadFailure) else source_from_bytes(read[0], display, max_file_bytes)
        yield from ([source] if isinstance(source, ReadFailure) else iter_units(source, max_record_bytes))
        return
    if hasattr(os, "O_NONBLOCK"):
        os.set_blocking(handle, True)
    stream = os.fdopen(handle, "rb")
    with stream:
        head = stream.peek(HEAD_BYTES)[:HEAD_BYTES]
        if head.startswith(WIDE_BOMS) or binary_head(head):
            # UTF-16/32 or binary: the whole-file reader decodes it or says why not
            source = read_source(path, display, max_file_bytes)
            yield from ([source] if isinstance(source, ReadFailure) else iter_units(source, max_record_bytes))
            return
        yield from _records(display, iter_file_lines(stream, max_record_bytes), max_record_bytes)


def _records(path: str, lines: Iterator[tuple[int, str | BadLine]], max_record_bytes: int) -> Iterator[Unit]:
    if path.lower().endswith(".csv"):
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
