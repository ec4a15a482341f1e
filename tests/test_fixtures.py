"""Whole-label fixtures: every expected finding, and nothing else, at the stated line."""

from __future__ import annotations

import pytest

from dklint.testing.fixtures import default_checker, fixture_files, run_fixture, strip_markers
from tests.conftest import REPO

FIXTURES = fixture_files(REPO / "fixtures" / "labels") + fixture_files(REPO / "fixtures" / "specs")


def test_marker_lines_are_stripped_and_point_at_the_next_line():
    text, expected = strip_markers("Supplement Facts\n#! expect: DK101, DK130\nVitamin D3 125 mcg\n")
    assert text == "Supplement Facts\nVitamin D3 125 mcg\n"
    assert expected == {("DK101", 2), ("DK130", 2)}


def test_there_are_enough_fixtures():
    labels = [p for p in FIXTURES if p.suffix == ".txt"]
    specs = [p for p in FIXTURES if p.suffix == ".json"]
    assert len(labels) >= 20 and len(specs) >= 10


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(REPO / "fixtures").as_posix())
def test_fixture_findings_match_exactly(path, ruleset):
    outcome = run_fixture(path, default_checker(ruleset))
    assert not outcome.missed and not outcome.unexpected, (
        f"missed (code, line): {sorted(outcome.missed)}; unexpected: {sorted(outcome.unexpected)}"
    )
