"""How much of what dklint finds it can repair, on texts nobody shaped to the fixes.

    python bench/fix_rate.py DKLINT PATH...

Copies every label and spec under the PATHs into a scratch folder and, on the copy:

1. checks it (JSON report) and counts, per rule code that declares a fix in its rule file,
   the findings and how many of them carry a safe or an unsafe fix ("offered");
2. runs ``--fix --unsafe-fixes`` and checks again: a finding of that code left is "left";
3. runs ``--fix --unsafe-fixes`` once more and counts the files it still changes, which must be 0
   (fixes are idempotent).

The fix rate of a code is (findings - left) / findings. Nothing is written outside the scratch folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

SUFFIXES = {".txt", ".md", ".json"}


def findings(dklint: str, folder: Path) -> list[dict]:
    done = subprocess.run([dklint, "check", "--no-cache", "--quiet", "--output-format", "json", "."], cwd=folder,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"dklint check failed ({done.returncode}): {done.stderr}")
    return json.loads(done.stdout)["findings"]


def fix(dklint: str, folder: Path) -> int:
    """Run --fix --unsafe-fixes; the number of files it changed (from a before/after comparison)."""
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    done = subprocess.run([dklint, "check", "--no-cache", "--quiet", "--fix", "--unsafe-fixes", "--fix-only", "."],
                          cwd=folder, capture_output=True, text=True)
    if done.returncode == 2:
        sys.exit(f"dklint --fix failed: {done.stderr}")
    return sum(1 for path, data in before.items() if path.read_bytes() != data)


def fixable_codes() -> set[str]:
    import yaml

    rules = Path(__file__).resolve().parent.parent / "rules"
    return {data["id"] for path in rules.glob("*/DK*.yaml")
            if "fix" in (data := yaml.safe_load(path.read_text(encoding="utf-8")))}


def main(dklint: str, paths: list[str]) -> None:
    codes = fixable_codes()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        count = 0
        for given in map(Path, paths):
            files = [given] if given.is_file() else sorted(p for p in given.rglob("*") if p.suffix in SUFFIXES)
            for path in files:
                if path.suffix in SUFFIXES and path.name != "README.md":
                    count += 1
                    shutil.copyfile(path, folder / f"{count:04d}-{path.name}")
        found = [f for f in findings(dklint, folder) if f["code"] in codes]
        per_code = Counter(f["code"] for f in found)
        offered = Counter((f["code"], f["fix"]["applicability"]) for f in found if f.get("fix"))
        changed = fix(dklint, folder)
        left = Counter(f["code"] for f in findings(dklint, folder) if f["code"] in codes)
        again = fix(dklint, folder)
    print(f"{count} texts; {changed} changed by --fix --unsafe-fixes; {again} changed by a second run")
    print(f"{'code':6} {'found':>6} {'safe':>5} {'unsafe':>6} {'left':>5} {'fixed':>6}")
    for code in sorted(per_code):
        n = per_code[code]
        print(f"{code:6} {n:6} {offered[code, 'safe']:5} {offered[code, 'unsafe']:6} {left[code]:5} "
              f"{(n - left[code]) / n:6.0%}")
    total, remaining = sum(per_code.values()), sum(left[c] for c in per_code)
    if total:
        print(f"{'all':6} {total:6} {sum(v for (c, a), v in offered.items() if a == 'safe'):5} "
              f"{sum(v for (c, a), v in offered.items() if a == 'unsafe'):6} {remaining:5} {(total - remaining) / total:6.0%}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
