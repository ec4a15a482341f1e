"""Do two dklint builds report the same thing? Every report format, byte for byte, over the same inputs.

    python bench/same_findings.py --before /old/venv/bin/dklint --after .venv/bin/dklint fixtures ../shared/samples CAT

For a change that must not change behaviour (a refactor, a speed-up): install the
old commit in one virtual environment and the new one in another, and give both
executables. Each path is copied to a temporary folder first, with the fixture
harness's ``#! expect:`` markers stripped from label texts (dklint itself reads a
marker line as label text; the harness never shows it one). Each format is run
with ``--no-cache --jobs 1`` from that folder, so report paths are the same for
both builds. A SARIF log is compared whole and then without ``tool.driver.rules``
(the rules' help text), so a documentation change is told apart from a change in
what was found. Exits 1 when a report differs.

    python bench/same_findings.py --before OLD --after NEW --list fixtures

``--list`` prints, instead, the findings only one build reports (``-`` before, ``+`` after: path, line, code,
message), from the JSON report: for a change that is meant to change some findings, the list to review.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dklint.report import FORMATS
from dklint.testing.fixtures import MARKER, strip_markers


def _copy_inputs(paths: list[Path], into: Path) -> list[str]:
    names = []
    for index, path in enumerate(paths):
        target = into / f"{index}-{path.name}"
        if path.is_dir():
            shutil.copytree(path, target)
        else:
            shutil.copy2(path, target)
        for text_file in [target] if target.is_file() else target.rglob("*.txt"):
            try:
                text = text_file.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # hostile fixtures stay as they are
            if MARKER in text:
                text_file.write_text(strip_markers(text)[0], encoding="utf-8")
        names.append(target.name)
    return names


def _report(dklint: str, fmt: str, names: list[str], cwd: Path) -> tuple[int, bytes]:
    done = subprocess.run([dklint, "check", "--no-cache", "--quiet", "--jobs", "1", "--format", fmt, *names],
                          cwd=cwd, capture_output=True, check=False)
    return done.returncode, done.stdout + b"\n--- stderr ---\n" + done.stderr


def _without_rules(sarif: bytes) -> bytes:
    text = sarif.split(b"\n--- stderr ---\n")[0]
    log = json.loads(text)
    for run in log.get("runs", []):
        run.get("tool", {}).get("driver", {}).pop("rules", None)
    return json.dumps(log, sort_keys=True).encode()


def _findings(report: bytes) -> set[tuple[str, int, str, str]]:
    log = json.loads(report.split(b"\n--- stderr ---\n")[0])
    return {(f["path"], f["location"]["line"], f["code"], f["message"]) for f in log["findings"]}


def _list_differences(before: str, after: str, names: list[str], folder: Path) -> int:
    old = _findings(_report(before, "json", names, folder)[1])
    new = _findings(_report(after, "json", names, folder)[1])
    for sign, found in (("-", old - new), ("+", new - old)):
        for path, line, code, message in sorted(found):
            print(f"{sign} {path}:{line}: {code} {message}")
    return 1 if old != new else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the dklint executable of the build to compare against")
    parser.add_argument("--after", required=True, help="the dklint executable of the build under test")
    parser.add_argument("--list", action="store_true", help="list the findings only one build reports")
    parser.add_argument("paths", nargs="+", type=Path)
    options = parser.parse_args()
    differ = 0
    with tempfile.TemporaryDirectory(prefix="dklint-same-") as folder:
        names = _copy_inputs(options.paths, Path(folder))
        if options.list:
            return _list_differences(options.before, options.after, names, Path(folder))
        for fmt in FORMATS:
            before = _report(options.before, fmt, names, Path(folder))
            after = _report(options.after, fmt, names, Path(folder))
            if before == after:
                print(f"{fmt:<7} same ({len(after[1]):,} bytes, exit {after[0]})")
                continue
            if fmt == "sarif" and before[0] == after[0] and _without_rules(before[1]) == _without_rules(after[1]):
                print(f"{fmt:<7} same results; the rules' help text differs")
                continue
            differ += 1
            print(f"{fmt:<7} DIFFERENT (exit {before[0]} -> {after[0]}, {len(before[1]):,} -> {len(after[1]):,} bytes)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
