"""Print precision and recall per rule pack over the annotated fixtures.

    python bench/precision.py [FIXTURE_DIR ...]

Each fixture states the findings it expects (see dklint/fixtures.py); a finding
that is expected and found is a true positive, found but not expected a false
positive, expected but not found a false negative.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dklint.rules.loader import load_rules
from dklint.testing.fixtures import default_checker, fixture_files, precision_recall, run_fixture

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [ROOT / "fixtures" / "labels", ROOT / "fixtures" / "specs"]
    checker = default_checker(load_rules())
    outcomes = [run_fixture(path, checker) for folder in folders for path in fixture_files(folder)]
    print(f"{len(outcomes)} fixtures")
    print(f"{'pack':<12} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>10} {'recall':>8}")
    for pack, row in sorted(precision_recall(outcomes).items()):
        print(f"{pack:<12} {row['tp']:>5} {row['fp']:>5} {row['fn']:>5} {row['precision']:>10.3f} {row['recall']:>8.3f}")
    for outcome in outcomes:
        if outcome.missed or outcome.unexpected:
            print(f"  {outcome.path.name}: missed {sorted(outcome.missed)} unexpected {sorted(outcome.unexpected)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
