"""Annotated fixtures: label texts and specs that state their own expected findings.

Label text: an own-line ``#! expect: DK101`` (or ``DK101, DK130``) marker
expects those codes on the next line that is not a marker; the markers are
stripped before checking, so line numbers are those of the clean text.
JSON specs: an ``x-dklint-expect`` list of ``{"code": ..., "line": ...}``
(lines of the file as written).

Used by the test suite and by ``bench/precision.py`` (precision and recall per pack).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dklint.engine.checker import Checker
from dklint.inputs.read import source_from_bytes
from dklint.rules.rule import RuleSet
from dklint.run.sequential import results_for_source

MARKER = "#! expect:"
Expectation = frozenset[tuple[str, int]]


@dataclass(frozen=True)
class FixtureOutcome:
    path: Path
    expected: Expectation
    found: Expectation

    @property
    def missed(self) -> Expectation:
        return self.expected - self.found

    @property
    def unexpected(self) -> Expectation:
        return self.found - self.expected


def strip_markers(text: str) -> tuple[str, Expectation]:
    kept: list[str] = []
    pending: list[str] = []
    expected: set[tuple[str, int]] = set()
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(MARKER):
            pending.extend(code.strip() for code in stripped[len(MARKER):].replace(",", " ").split())
            continue
        kept.append(line)
        expected.update((code, len(kept)) for code in pending)
        pending = []
    return "\n".join(kept), frozenset(expected)


def spec_expectations(text: str) -> Expectation:
    try:
        data = json.loads(text)
    except ValueError:
        return frozenset()
    entries = data.get("x-dklint-expect", []) if isinstance(data, dict) else []
    return frozenset((entry["code"], int(entry["line"])) for entry in entries)


def run_fixture(path: Path, checker: Checker) -> FixtureOutcome:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        text, expected = raw, spec_expectations(raw)
    else:
        text, expected = strip_markers(raw)
    found: set[tuple[str, int]] = set()
    for result in results_for_source(checker, source_from_bytes(text.encode("utf-8"), path.name)):
        found.update((finding.code, finding.line) for finding in result.findings)
    return FixtureOutcome(path, expected, frozenset(found))


def fixture_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".json") and p.is_file())


def pack_of(code: str) -> str:
    return {"DK0": "input", "DK1": "dk2", "DK2": "fda-panel", "DK3": "fda-claims"}.get(code[:3], "other")


def precision_recall(outcomes: list[FixtureOutcome]) -> dict[str, dict[str, float]]:
    """Per pack: true positives, false positives, false negatives, precision and recall."""
    table: dict[str, dict[str, float]] = {}
    for outcome in outcomes:
        for code, _ in outcome.expected | outcome.found:
            table.setdefault(pack_of(code), {"tp": 0, "fp": 0, "fn": 0})
        for code, line in outcome.expected & outcome.found:
            table[pack_of(code)]["tp"] += 1
        for code, line in outcome.unexpected:
            table[pack_of(code)]["fp"] += 1
        for code, line in outcome.missed:
            table[pack_of(code)]["fn"] += 1
    for row in table.values():
        row["precision"] = row["tp"] / (row["tp"] + row["fp"]) if row["tp"] + row["fp"] else 1.0
        row["recall"] = row["tp"] / (row["tp"] + row["fn"]) if row["tp"] + row["fn"] else 1.0
    return table


def default_checker(ruleset: RuleSet) -> Checker:
    return Checker.from_ruleset(ruleset)
