"""How many products a run will check, counted ahead so the progress bar can show an ETA.

Results stream, so the run itself never knows its size. The progress bar asks
for it only when it is about to appear (a run past half a second, on a
terminal), so a quick run or a CI run never pays for the count:

* a folder is walked again with the run's filters (a few microseconds a file);
* a catalog's records are its lines, counted at C speed (about 0.1 s per
  100 MB, and the page cache then serves the real read). A CSV's header is not
  a record. Blank lines, and CSV fields that span lines, make the count a little
  high: the bar then ends just short of full, which is harmless for an ETA.

A path that cannot be read counts as one input (it is reported as one). Standard
input cannot be counted ahead: a run reading it has a bar without an ETA.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from dklint.catalog import is_catalog
from dklint.discover import Filters, iter_found

CHUNK = 1 << 20


def catalog_records(path: str) -> int:
    """The records a catalog file holds, estimated by its lines (at least 1: an empty one is reported)."""
    lines, last = 0, b"\n"
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    lines += last != b"\n"  # a last record without a line break
    if path.lower().endswith(".csv"):
        lines -= 1
    return max(1, lines)


def expected_products(paths: Iterable[tuple[Path, Filters]]) -> int | None:
    """The products a run over ``paths`` (each with its filters) will report; None with stdin (unknown)."""
    total = 0
    for path, filters in paths:
        if str(path) == "-":
            return None
        total += sum(catalog_records(found.path) if is_catalog(found.path) and found.problem is None else 1
                     for found in iter_found([path], filters))
    return total
