"""How many products a run will check, counted ahead so the progress bar can show an ETA.

Results stream, so the run itself never knows its size. The progress bar asks
for it only when it is about to appear (a run past half a second, on a
terminal), so a quick run or a CI run never pays for the count:

* a folder is walked again with the run's filters (a few microseconds a file);
* a catalog's lines are counted at C speed (about 0.1 s per 100 MB once the
  page cache holds the file, which the real read then reuses), and turned into
  records with the share of records per line in its first megabyte: blank
  lines, a CSV's header and CSV fields that span lines are measured there, not
  assumed. A catalog whose records differ from its first megabyte's is off in
  proportion; the bar's total grows if more products arrive than were counted.

A path that cannot be read counts as one input (it is reported as one); a walked
file counts as one though it may turn out not to be dklint's (that is known only
once it is read), a walked catalog that is not dklint's as none. Standard
input, a pipe or a device cannot be counted ahead (reading it here would take its
records from the run): a run reading one has a bar without an ETA.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import Iterable

from dklint.inputs.catalog import is_catalog
from dklint.inputs.discover import iter_found
from dklint.inputs.filters import Filters
from dklint.inputs.read import HEAD_BYTES, binary_head, wide_codec
from dklint.inputs.sniff import catalog_evidence

CHUNK = 1 << 20


def _encoding_of(head: bytes) -> str | None:
    codec = wide_codec(head)
    if codec is not None:
        return codec
    return None if binary_head(head[:HEAD_BYTES]) else "utf-8"  # binary, as the reader judges: reported once


def _records_per_line(head: bytes, encoding: str, newline: bytes, whole: bool, is_csv: bool) -> float:
    """Records per line in ``head`` (its complete lines; all of it when it is the whole file)."""
    if not whole:
        head = head[: head.rfind(newline) + len(newline)]
    text = head.decode(encoding, "replace").lstrip("\ufeff")
    lines = text.count("\n") + (not text.endswith("\n") and bool(text))
    if lines == 0:
        return 1.0
    if not is_csv:
        return sum(1 for line in text.split("\n") if line.strip()) / lines  # as the reader: blank lines are no record
    rows, reader = 0, csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except (StopIteration, csv.Error):  # the sample may end inside a quoted field
            break
        rows += any(cell.strip() for cell in row)
    return max(0, rows - 1) / lines  # the header is not a record


def catalog_records(path: str) -> int | None:
    """The records of a catalog file, estimated (at least 1: an empty catalog is reported); None: not countable."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as stream:
            head = stream.read(CHUNK)
            encoding = _encoding_of(head)
            if encoding is None:
                return 1
            newline = "\n".encode(encoding)
            lines, tail = head.count(newline), head
            while chunk := stream.read(CHUNK):  # CHUNK is a multiple of 4: wide newlines never straddle
                lines, tail = lines + chunk.count(newline), chunk
    except OSError:
        return 1
    lines += bool(tail) and not tail.endswith(newline)  # a last record without a line break
    share = _records_per_line(head, encoding, newline, tail is head, path.lower().endswith(".csv"))
    return max(1, round(lines * share))


def expected_products(paths: Iterable[tuple[Path, Filters]]) -> int | None:
    """The products a run over ``paths`` (each with its filters) will report; None when one cannot be counted."""
    total = 0
    for path, filters in paths:
        if str(path) == "-":
            return None
        for found in iter_found([path], filters):
            if found.skip is not None:
                continue  # left out under force-exclude: reported apart, not a product
            readable = is_catalog(found.path) and found.problem is None
            if readable and found.walked and catalog_evidence(found.path) is not None:
                continue  # a walked catalog that is not dklint's: skipped, not checked
            records = catalog_records(found.path) if readable else 1
            if records is None:
                return None
            total += records
    return total
