"""Baselines: accept today's findings and report only new ones, without git.

``dklint check --write-baseline dklint-baseline.json`` records every finding
that is not suppressed in the input::

    {"version": 1, "tool": "dklint",
     "findings": [{"code": "DK101", "path": "labels/d3.txt", "fingerprint": "9f2c...",
                   "message": "..."}, ...]}

``dklint check --baseline dklint-baseline.json`` then marks each finding whose
fingerprint is in the file ``baseline="unchanged"`` (not reported, not counted
for the exit code) and every other one ``baseline="new"``. A fingerprint hashes
the rule, the product id (or path), the field path and the normalised text the
finding is about, not its line, so moving lines or editing other parts of a
label does not make old findings new. Matching counts: a fingerprint recorded
twice hides at most two findings. ``message`` and ``path`` are for the humans
reviewing the file; only ``fingerprint`` is matched.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator

from dklint.base.atomic import atomic_text_file
from dklint.findings import InputResult

VERSION = 1
SIGNATURE = re.compile(r'\A\{\s*"version": \d+,\s*"tool": "dklint",\s*"findings": \[')  # how a baseline file starts


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message starts with the file name."""


def load_baseline(path: Path) -> Counter[str]:
    """How many times each fingerprint is in the baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    except ValueError as error:
        raise BaselineError(f"{path}: not a dklint baseline: invalid JSON: {error}") from None
    except RecursionError:  # a baseline is two levels deep; the decoder recurses once per level
        raise BaselineError(f"{path}: not a dklint baseline: arrays or objects nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f'{path}: not a dklint baseline: expected {{"version": {VERSION}, "findings": [...]}}')
    counts: Counter[str] = Counter()
    for index, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{path}: findings[{index}] has no fingerprint")
        counts[entry["fingerprint"]] += 1
    return counts


def looks_like_baseline(head: str) -> bool:
    """True when a file that starts with ``head`` is a baseline dklint wrote."""
    return SIGNATURE.match(head) is not None


def mark(results: Iterable[InputResult], remaining: Counter[str]) -> Iterator[InputResult]:
    """Mark findings ``unchanged`` while ``remaining`` still counts their fingerprint, else ``new``.

    Uses the counts up as it goes (pass a copy to keep the original).
    """
    for result in results:
        marked = []
        for finding in result.findings:
            if finding.suppressed_by is None:
                state = "unchanged" if remaining[finding.fingerprint] > 0 else "new"
                remaining[finding.fingerprint] -= state == "unchanged"
                finding = dataclasses.replace(finding, baseline=state)
            marked.append(finding)
        result.findings = marked
        yield result


class BaselineWriter:
    """Collects the entries of a baseline while results stream past.

    Only the small entries are kept (not the results), so a catalog run's
    memory grows by about 200 bytes per finding.
    """

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def watch(self, results: Iterable[InputResult]) -> Iterator[InputResult]:
        for result in results:
            for finding in result.findings:
                if finding.suppressed_by is None:
                    entry = {"code": finding.code, "path": finding.path}
                    if result.product_id or finding.product_id:
                        entry["product_id"] = finding.product_id or result.product_id
                    entry.update(fingerprint=finding.fingerprint, message=finding.message)
                    self.entries.append(entry)
            yield result

    def text(self) -> str:
        """The baseline file: entries sorted, so rewriting an unchanged baseline changes nothing."""
        order = sorted(self.entries, key=lambda e: (e["path"], e.get("product_id") or "", e["code"],
                                                    e["fingerprint"], e["message"]))
        return json.dumps({"version": VERSION, "tool": "dklint", "findings": order}, indent=2, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        with atomic_text_file(path) as stream:
            stream.write(self.text())
