"""Score dklint against what a reviewer expects of real label texts it was not written for.

    python bench/corpus_score.py                     # every manifest in bench/corpus/
    python bench/corpus_score.py --show misses       # and each file's missed or unexpected codes
    python bench/corpus_score.py bench/corpus/shared-samples.yaml

Each manifest (``bench/corpus/*.yaml``) lists texts with the findings a careful
reviewer expects of them, written from the rule catalog before dklint ever ran on
them (see ``bench/corpus/README.md``). The texts are third-party and never
committed: ``shared-samples.yaml`` names files of ``../shared/samples/`` (their
leading ``# `` lines are the collector's notes, not label text), the other
manifests name files of ``bench/corpus/texts/`` (git-ignored). A text that is not
on this machine is counted as absent, not as a failure; one that is the same page as
another entry (``duplicate_of``) is scored once, under the other.

Scored per file as multisets of codes: a found code counts against an expected
one of the same code; what is left over is a miss or a false alarm. Where the
reviewer gave a line, whether a finding of that code points at it is reported
too. Also checked: no US label is DK005 alone, and every foreign or Drug Facts
text is DK005 and nothing else. Exit 1 when recall is under ``--recall`` or there
is a false alarm.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.read import source_from_bytes
from dklint.run.sequential import results_for_source

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SHARED = HERE.parent.parent / "shared" / "samples"


@dataclass
class Score:
    path: str
    kind: str
    expected: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    lines: list[tuple[str, int, bool]] = field(default_factory=list)  # (code, line, pointed at)
    problems: list[str] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return sum((self.expected & self.found).values())

    @property
    def missed(self) -> Counter:
        return self.expected - self.found

    @property
    def unexpected(self) -> Counter:
        return self.found - self.expected


def _text(manifest: Path, entry: dict) -> tuple[str, str] | None:
    """The label text of an entry and the name it is checked under; None when the file is not here."""
    if manifest.name == "shared-samples.yaml":
        path = SHARED / entry["file"]
        if not path.is_file():
            return None
        lines = path.read_text(encoding="utf-8").split("\n")
        while lines and lines[0].startswith("# "):
            lines.pop(0)
        return "\n".join(lines), path.name.removesuffix(".json.txt") + (".json.txt" if path.name.endswith(".json.txt") else "")
    path = CORPUS / "texts" / f"{entry['id']}.txt"
    return (path.read_text(encoding="utf-8"), path.name) if path.is_file() else None


def score_entry(checker, manifest: Path, entry: dict) -> Score | None:
    found_text = _text(manifest, entry)
    if found_text is None or entry.get("kind") == "not-a-spec" or entry.get("duplicate_of"):
        return None
    text, name = found_text
    findings = [f for result in results_for_source(checker, source_from_bytes(text.encode("utf-8"), name))
                for f in result.findings]
    score = Score(f"{manifest.stem}/{entry['id']}", entry.get("kind", "us-supplement"))
    score.expected = Counter(item["code"] for item in entry.get("expect") or [])
    score.found = Counter(f.code for f in findings)
    for item in entry.get("expect") or []:
        if "line" in item:
            score.lines.append((item["code"], item["line"], any(f.code == item["code"] and f.line == item["line"]
                                                                  for f in findings)))
    if score.kind in ("foreign", "drug-facts") and score.found != Counter({"DK005": 1}):
        score.problems.append(f"a {score.kind} text must be DK005 and nothing else, got {dict(score.found)}")
    if score.kind == "us-supplement" and score.found == Counter({"DK005": 1}):
        score.problems.append("a US supplement label is DK005 alone")
    return score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifests", nargs="*", type=Path)
    parser.add_argument("--show", choices=["summary", "misses", "all"], default="summary")
    parser.add_argument("--recall", type=float, default=0.95, help="the lowest recall that passes (default 0.95)")
    options = parser.parse_args()
    manifests = options.manifests or sorted(CORPUS.glob("*.yaml"))
    checker = CheckerRecipe().build()
    scores: list[Score] = []
    absent = 0
    for manifest in manifests:
        for entry in yaml.safe_load(manifest.read_text(encoding="utf-8")) or []:
            score = score_entry(checker, manifest, entry)
            if score is None:
                absent += entry.get("kind") != "not-a-spec" and not entry.get("duplicate_of")
            else:
                scores.append(score)
    expected = sum(sum(s.expected.values()) for s in scores)
    matched = sum(s.matched for s in scores)
    alarms = sum(sum(s.unexpected.values()) for s in scores)
    pointed = [ok for s in scores for _, _, ok in s.lines]
    problems = [f"{s.path}: {p}" for s in scores for p in s.problems]
    for s in scores:
        bad = s.missed or s.unexpected or s.problems
        if options.show == "all" or (options.show == "misses" and bad):
            print(f"{s.path} [{s.kind}]: expected {dict(s.expected)} found {dict(s.found)}")
            if s.missed:
                print(f"    missed: {dict(s.missed)}")
            if s.unexpected:
                print(f"    false alarms: {dict(s.unexpected)}")
            for code, line, ok in s.lines:
                if not ok and options.show != "summary":
                    print(f"    {code} expected at line {line}: not there")
    recall = matched / expected if expected else 1.0
    print(f"{len(scores)} texts ({absent} absent here): recall {recall:.3f} ({matched} of {expected} expected findings), "
          f"{alarms} false alarm{'s' if alarms != 1 else ''}; located {sum(pointed)} of {len(pointed)} "
          f"findings with a line; {len(problems)} document-kind problem{'s' if len(problems) != 1 else ''}")
    for problem in problems:
        print(f"    {problem}")
    return 0 if recall >= options.recall and alarms == 0 and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
