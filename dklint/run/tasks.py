"""Tasks for the parallel and Dask executors: how inputs are grouped into them.

A task is a list of work items, each producing one or more ``InputResult``:

* ``FileInput``: a file to read in the worker (label text or JSON spec);
* ``Source`` (read already, e.g. stdin) and ``ReadFailure`` (a DK001 to report);
* ``RecordBatch``: consecutive records of one catalog, split in the parent;
* ``Skipped``: a file that is not dklint's to check (a result with no finding);
* ``ReadWalked``: a file met while walking, read already (Dask reads files in the parent).

A file met while walking is checked only if it reads as dklint's input
(``dklint.engine.walked``); a catalog met while walking is judged by its first
record here, before it is split (``dklint.inputs.sniff``).

How a task is run is ``dklint.run.running``: apart, because grouping needs no
engine, and a run the result cache answers never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Union

from dklint.inputs.catalog import Unit, is_catalog, iter_file_units, iter_units
from dklint.inputs.catalog_lines import DEFAULT_MAX_RECORD_BYTES
from dklint.inputs.discover import FileInput, Skipped
from dklint.inputs.read import ReadFailure
from dklint.inputs.sniff import catalog_evidence
from dklint.source import Source


@dataclass(frozen=True, slots=True)
class RecordBatch:
    """Consecutive records of one catalog (JSONL lines, CSV rows)."""

    path: str
    units: tuple[Unit, ...]


@dataclass(frozen=True, slots=True)
class ReadWalked:
    """A file met while walking, already read: checked only if it reads as an input."""

    source: Source | ReadFailure


Item = Union[FileInput, Source, ReadFailure, Skipped, ReadWalked]


def _units_of(item: Item, max_record_bytes: int) -> Iterator[Unit] | None:
    """The records of a catalog input; None for any other input."""
    if isinstance(item, FileInput) and is_catalog(item.path):
        return iter_file_units(Path(item.path), item.display, max_record_bytes, item.max_bytes)
    if isinstance(item, Source) and item.kind == "catalog":
        return iter_units(item, max_record_bytes)
    return None


def iter_tasks(items: Iterable[Item], chunk_size: int, max_record_bytes: int | None = None) -> Iterator[list]:
    """Group inputs into tasks of about ``chunk_size`` inputs or records; lazily."""
    limit = max_record_bytes or DEFAULT_MAX_RECORD_BYTES
    task: list = []
    weight = 0
    for item in items:
        item = _walked_catalog(item)
        units = _units_of(item, limit)
        pieces = [(item, 1)] if units is None else _batches(item, units, chunk_size)
        for work, size in pieces:
            task.append(work)
            weight += size
            if weight >= chunk_size:
                yield task
                task, weight = [], 0
    if task:
        yield task


def _walked_catalog(item: Item) -> Item:
    """A catalog met while walking whose first record is not dklint's is skipped, not split."""
    if isinstance(item, FileInput) and item.walked and is_catalog(item.path):
        reason = catalog_evidence(item.path)
        if reason is not None:
            return Skipped(item.display, reason)
    return item


def _batches(item: Item, units: Iterator[Unit], size: int) -> Iterator[tuple[RecordBatch, int]]:
    path = item.display if isinstance(item, FileInput) else item.path
    while batch := tuple(islice(units, size)):
        yield RecordBatch(path, batch), len(batch)
