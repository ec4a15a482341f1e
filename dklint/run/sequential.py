"""Check inputs one after another in this process, streaming one InputResult per input.

``results_for_source`` gives the results of one read input (a catalog gives one
per record); ``iter_results`` is the plain sequential loop, the reference the
parallel engines are tested against.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from dklint.engine.check import check_source, failed_input
from dklint.engine.checker import Checker
from dklint.engine.records import iter_catalog
from dklint.findings import InputResult
from dklint.inputs.discover import Filters, display_path, iter_found
from dklint.inputs.read import DEFAULT_MAX_BYTES, ReadFailure, read_source, unreadable
from dklint.source import Source


def results_for_source(checker: Checker, source: Source | ReadFailure) -> Iterator[InputResult]:
    if isinstance(source, ReadFailure):
        yield failed_input(checker, source)
    elif source.kind == "catalog":
        yield from iter_catalog(checker, source)
    else:
        yield check_source(checker, source)


def iter_sources(paths: list[Path], filters: Filters, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source | ReadFailure]:
    for found in iter_found(paths, filters):
        shown = display_path(Path(found.path), root)
        yield unreadable(shown, found.problem) if found.problem else read_source(found.path, shown, max_bytes)


def iter_results(checker: Checker, sources: Iterable[Source | ReadFailure]) -> Iterator[InputResult]:
    for source in sources:
        yield from results_for_source(checker, source)
