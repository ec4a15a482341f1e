"""What a run adds up while its results stream past: the worst problem, the inputs not checked or lost, the files
skipped.

The exit code and the SARIF invocation are known only once the last result has
been written; ``RunTotals`` watches the stream so nothing has to be kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from dklint.findings import SEVERITY_RANK, InputResult, is_lost, is_problem, why_not_checked


@dataclass
class RunTotals:
    unchecked: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    lost: list[str] = field(default_factory=list)  # inputs no worker process could check: exit 2
    worst: int = -1  # highest severity rank seen
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): files that are not dklint's

    def without_skipped(self, results: Iterable[InputResult]) -> Iterator[InputResult]:
        """The results of inputs; the skipped files only noted in ``skipped``."""
        for result in results:
            if result.skipped is None:
                yield result
            else:
                self.skipped.append((result.path, result.skipped))

    def watch(self, results: Iterable[InputResult]) -> Iterator[InputResult]:
        for result in results:
            if not result.checked:
                self.unchecked.append((result.path, why_not_checked(result)))
                if is_lost(result) and result.path not in self.lost:
                    self.lost.append(result.path)
            for finding in result.findings:
                if is_problem(finding):
                    self.worst = max(self.worst, SEVERITY_RANK[finding.severity])
            yield result

    def exit_code(self, fail_on: str) -> int:
        """2 when inputs were lost (their worker died), 1 when a problem at or above ``fail_on`` was seen,
        else 0 ("never": 0 unless inputs were lost)."""
        if self.lost:
            return 2
        if fail_on == "never":
            return 0
        return 1 if self.worst >= SEVERITY_RANK[fail_on] else 0
