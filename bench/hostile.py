"""Time dklint on hostile inputs: each must finish within seconds, with findings, not a crash.

    python bench/hostile.py

Prints the wall time, the exit outcome (checked or why not) and the finding codes
for each case. Sizes follow the issue: a 20 MB label, a 1 MB line with no
newline, "Vitamin " followed by 50,000 "D", 5,000 ingredient rows, and hostile JSON.
"""

from __future__ import annotations

import json
import time
from collections import Counter

from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.read import source_from_bytes
from dklint.run.sequential import results_for_source

ROW = "Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU) 125%\n"


def cases() -> dict[str, tuple[str, bytes]]:
    label = "Supplement Facts\nServing Size: 1 Softgel\n" + ROW
    prose = "Vitamin D supports healthy bones and teeth when taken with a meal. " * 4 + "\n"
    return {
        "20 MB label (prose + panel)": ("big.txt", (label + prose * 80_000)[: 20 * 1024 * 1024].encode()),
        "1 MB line, no newline": ("line.txt", ("Vitamin D3 125 mcg " * 60_000)[: 1024 * 1024].encode()),
        "1 MB line (limit raised)": ("line.txt", ("Vitamin D3 125 mcg " * 60_000)[: 1024 * 1024].encode()),
        '"Vitamin " + 50,000 "D"': ("d.txt", ("Supplement Facts\nVitamin " + "D" * 50_000 + " 25 mcg\n").encode()),
        "5,000 ingredient rows": ("rows.txt", ("Supplement Facts\nServing Size: 1 Tablet\n" + ROW * 5_000).encode()),
        "5,000 rows (limit raised)": ("rows.txt", ("Supplement Facts\nServing Size: 1 Tablet\n" + ROW * 5_000).encode()),
        "JSON nested 100,000 deep": ("deep.json", ("[" * 100_000 + "]" * 100_000).encode()),
        "JSON 10,000-digit number": ("num.json", ('{"spec_version": "1", "name": ' + "9" * 10_000 + "}").encode()),
        "JSON 5,000 ingredients": ("many.json", json.dumps({
            "spec_version": "1", "name": "x", "serving": {"size": 1, "unit": "tablet"},
            "ingredients": [{"name": "Vitamin D3", "amount": 25, "unit": "mcg"}] * 5_000}).encode()),
    }


RAISED = {"1 MB line (limit raised)": {"max-line-length": 2_000_000},
          "5,000 rows (limit raised)": {"max-ingredients": 10_000}}


def main() -> int:
    print(f"{'case':<30} {'seconds':>8}  outcome")
    for name, (filename, data) in cases().items():
        checker = CheckerRecipe.create(limits=RAISED.get(name, {})).build()
        started = time.perf_counter()
        results = list(results_for_source(checker, source_from_bytes(data, filename)))
        elapsed = time.perf_counter() - started
        codes = Counter(f.code for r in results for f in r.findings)
        state = "checked" if all(r.checked for r in results) else "not checked"
        print(f"{name:<30} {elapsed:>8.2f}  {state}; findings {dict(sorted(codes.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
