"""Check inputs one after another in this process, streaming one InputResult per input.

``results_for_source`` gives the results of one read input (a catalog gives one
per record); ``iter_results`` is the plain sequential loop, the reference the
parallel engines are tested against. A file met while walking is checked only if
it reads as an input (``dklint.engine.walked``), as in the parallel engines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from dklint.engine.check import check_source, failed_input
from dklint.engine.checker import Checker
from dklint.engine.records import iter_catalog
from dklint.engine.walked import check_walked, skipped_input
from dklint.findings import InputResult
from dklint.inputs.catalog import is_catalog
from dklint.inputs.discover import Skipped, display_path, iter_found
from dklint.inputs.filters import Filters
from dklint.inputs.read import DEFAULT_MAX_BYTES, ReadFailure, read_source, unreadable
from dklint.inputs.sniff import catalog_evidence
from dklint.run.tasks import ReadWalked
from dklint.source import Source

Read = Source | ReadFailure | Skipped | ReadWalked


def results_for_source(checker: Checker, source: Read) -> Iterator[InputResult]:
    if isinstance(source, Skipped):
        yield skipped_input(source.path, source.reason)
    elif isinstance(source, ReadWalked):
        yield check_walked(checker, source.source)
    elif isinstance(source, ReadFailure):
        yield failed_input(checker, source)
    elif source.kind == "catalog":
        yield from iter_catalog(checker, source)
    else:
        yield check_source(checker, source)


def iter_sources(paths: list[Path], filters: Filters, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Read]:
    for found in iter_found(paths, filters):
        shown = display_path(Path(found.path), root)
        catalog = is_catalog(found.path)
        reason = found.skip or (catalog_evidence(found.path) if found.walked and catalog and not found.problem else None)
        if reason is not None:
            yield Skipped(shown, reason)
        elif found.problem:
            yield unreadable(shown, found.problem)
        else:
            source = read_source(found.path, shown, max_bytes)
            yield ReadWalked(source) if found.walked and not catalog else source


def iter_results(checker: Checker, sources: Iterable[Read]) -> Iterator[InputResult]:
    for source in sources:
        yield from results_for_source(checker, source)
