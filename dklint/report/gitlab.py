"""GitLab Code Quality report (``--format gitlab``): a JSON array of issues.

Each problem becomes::

    {"description": "DK101 Vitamin D3 ...", "check_name": "DK101",
     "fingerprint": "...", "severity": "minor",
     "location": {"path": "labels/d3.txt", "lines": {"begin": 3}}}

Severities map error -> ``major``, warning -> ``minor``, info -> ``info``.
Suppressed findings and findings unchanged since the baseline are left out
(GitLab has no way to show them as such). Issues are written as results arrive.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Iterable, Sequence, TextIO

from dklint.findings import InputResult, Located, is_problem
from dklint.report.run_info import RunInfo

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issue(finding: Located, fingerprint: str) -> dict:
    return {"description": f"{finding.code} {finding.message}", "check_name": finding.code,
            "fingerprint": fingerprint, "severity": SEVERITIES.get(finding.severity, "major"),
            "location": {"path": finding.path, "lines": {"begin": finding.line}}}


def unique_fingerprints(problems: list[Located]) -> list[str]:
    """GitLab merges issues that share a fingerprint: number the repeats within an input."""
    seen: dict[str, int] = {}
    out = []
    for finding in problems:
        count = seen[finding.fingerprint] = seen.get(finding.fingerprint, 0) + 1
        if count == 1:
            out.append(finding.fingerprint)
        else:
            out.append(hashlib.sha256(f"{finding.fingerprint}/{count}".encode()).hexdigest()[:32])
    return out


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """The Code Quality array, one issue per line."""
    stream.write("[")
    separator = "\n  "
    for result in results:
        problems = [finding for finding in result.findings if is_problem(finding)]
        for finding, fingerprint in zip(problems, unique_fingerprints(problems)):
            stream.write(separator + json.dumps(issue(finding, fingerprint), ensure_ascii=False))
            separator = ",\n  "
    stream.write("\n]\n")
