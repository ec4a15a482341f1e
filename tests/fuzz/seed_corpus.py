"""Write the fuzz seed corpus: rule examples and fixtures, one file each.

    python tests/fuzz/seed_corpus.py CORPUS_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from dklint.rules.loader import load_rules
from dklint.testing.selftest import example_input

ROOT = Path(__file__).resolve().parents[2]


def main(target: str) -> int:
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for rule in load_rules():
        for example in (*rule.valid, *rule.invalid):
            (out / f"example-{count}").write_bytes(example_input(example)[1])
            count += 1
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".json"):
            (out / f"fixture-{count}").write_bytes(path.read_bytes())
            count += 1
    print(f"{count} seeds in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "fuzz-corpus"))
