"""Check inputs one after another in this process, streaming one InputResult per input.

``results_for_source`` is the unit every engine runs (the parallel executor and
Dask call it per input); ``iter_results`` is the plain sequential loop, the
reference the parallel engines are tested against. ``RunTotals`` watches the
stream so the exit code and the SARIF invocation are known once the last
result has been written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from dklint.discover import Filters, display_path, iter_found
from dklint.findings import SEVERITY_RANK, InputResult
from dklint.inputs import DEFAULT_MAX_BYTES, ReadFailure, read_source, unreadable
from dklint.pipeline import Checker, check_source, failed_input
from dklint.report.run_info import is_problem, why_not_checked
from dklint.source import Source


@dataclass
class RunTotals:
    unchecked: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    worst: int = -1  # highest severity rank seen

    def watch(self, results: Iterable[InputResult]) -> Iterator[InputResult]:
        for result in results:
            if not result.checked:
                self.unchecked.append((result.path, why_not_checked(result)))
            for finding in result.findings:
                if is_problem(finding):
                    self.worst = max(self.worst, SEVERITY_RANK[finding.severity])
            yield result

    def exit_code(self, fail_on: str) -> int:
        if fail_on == "never":
            return 0
        return 1 if self.worst >= SEVERITY_RANK[fail_on] else 0


def results_for_source(checker: Checker, source: Source | ReadFailure) -> Iterator[InputResult]:
    if isinstance(source, ReadFailure):
        yield failed_input(checker, source)
    elif source.kind == "catalog":
        from dklint.catalog import iter_catalog

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
