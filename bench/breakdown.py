"""Where one input's CPU time goes, by stage and by group of rules, in one process.

    python bench/breakdown.py PATH [--count 1000]

PATH is a JSONL catalog or a folder of spec files or label texts. Twice ``--count``
inputs are read; the first half warms up (compiled rules and phrase lists) and the
second half is measured, so that no text is answered from a memo filled by the warm-up
pass (texts that repeat within the measured half are, as in a real run): parsing, the word tokens of each label's texts (computed once, before
the rules that share them, so that the first rule to touch a text is not charged for
it), each rule on its own, and the rest of ``check_parsed_source`` (locating findings,
suppressions, the result). Prints a markdown table in microseconds per input. On a
shared machine the figures vary by about 20% between runs; compare groups, not digits.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

PARSE = "parse: decode, schema check, build the Label"
TOKENS = "word tokens of the label's texts"
REST = "locating findings, suppressions, the result"
GROUPS = {
    **dict.fromkeys(("DK301", "DK302", "DK303", "DK310", "DK311"), "claim rules (DK301, DK302, DK303, DK310, DK311)"),
    **dict.fromkeys(("DK110", "DK103", "DK102", "DK140"), "conditions that search phrases (DK110, DK103, DK102, DK140)"),
    "DK160": "DK160 (blood-level ranges)",
}
OTHERS = "the other rules (nutrients, amounts, panel)"


def load(path: Path, count: int) -> list:
    from dklint.engine.records import record_id_of
    from dklint.inputs.catalog import iter_file_units
    from dklint.inputs.read import read_source

    if path.is_file():
        sources = []
        for source in iter_file_units(path, path.name):
            source.record_id = record_id_of(source)
            sources.append(source)
            if len(sources) >= count:
                break
        return sources
    files = sorted(p for p in path.rglob("*") if p.is_file())[:count]
    return [read_source(p, str(p)) for p in files]


def measure(warm_up: list, sources: list) -> Counter:
    from dklint.engine.check import check_parsed_source, parse_within_limits
    from dklint.engine.recipe import CheckerRecipe
    from dklint.engine.regions import view
    from dklint.facts.phrase_tokens import match_words

    checker = CheckerRecipe().build()
    clock = time.process_time
    spent: Counter = Counter()
    for inputs in (warm_up, sources):
        spent.clear()
        start = clock()
        parsed = [parse_within_limits(checker, source) for source in inputs]
        spent[PARSE] += clock() - start
        for result in parsed:
            label = result.label
            if label is None:
                continue
            start = clock()
            for block in label.all_text():
                match_words(block.text)
            spent[TOKENS] += clock() - start
            for rule in checker.active:
                if label.document not in rule.documents or rule.check is None:
                    continue
                start = clock()
                list(rule.check(view(label, rule.regions), rule))
                spent[GROUPS.get(rule.id, OTHERS)] += clock() - start
        parsed = [parse_within_limits(checker, source) for source in inputs]
        start = clock()
        for source, result in zip(inputs, parsed):
            check_parsed_source(checker, source, result)
        whole = clock() - start
    rules = sum(value for key, value in spent.items() if key not in (PARSE, TOKENS))
    spent[REST] = max(0.0, whole - rules - spent[TOKENS])
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    start = time.process_time()
    loaded = load(args.path, 2 * args.count)
    read = (time.process_time() - start) / 2
    sources = loaded[len(loaded) // 2 :]
    spent = measure(loaded[: len(loaded) // 2], sources)
    if not args.path.is_file():
        spent["read the file"] = read
    count = len(sources)
    print(f"{count:,} inputs of {args.path}\n\n| stage | us per input |\n|---|---:|")
    for stage, seconds in spent.most_common():
        print(f"| {stage} | {seconds / count * 1e6:,.0f} |")
    print(f"| total | {sum(spent.values()) / count * 1e6:,.0f} |")


if __name__ == "__main__":
    main()
