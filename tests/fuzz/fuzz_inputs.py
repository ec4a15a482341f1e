"""Coverage-guided fuzzing of dklint's input path with atheris.

    pip install atheris
    python tests/fuzz/fuzz_inputs.py -max_total_time=120 -rss_limit_mb=4096 [corpus_dir]

Every fuzz input is fed through the whole per-input pipeline (decode, parse as
label text, as a JSON spec AND as a JSON Lines catalog, run every rule, locate
findings). Anything that escapes as an exception is a crash, and so is a DK009
finding (an exception the run contained): dklint must turn every input into findings.
The seeds are the rule examples and the annotated fixtures.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from dklint.engine.recipe import CheckerRecipe
    from dklint.inputs.read import ReadFailure, source_from_bytes
    from dklint.run.sequential import results_for_source

CHECKER = CheckerRecipe.create().build()


def check_one(data: bytes) -> None:
    for name in ("fuzz.txt", "fuzz.json", "fuzz.jsonl"):
        source = source_from_bytes(data, name, max_bytes=1 << 20)
        results = list(results_for_source(CHECKER, source))
        assert results, "every input must produce a result"
        if not isinstance(source, ReadFailure):
            for result in results:
                for finding in result.findings:
                    assert finding.line >= 1 and finding.column >= 1, finding
                    # DK009 is a dklint bug the run survived (a rule or parser raised): still a bug
                    assert finding.code != "DK009", finding.message


def main() -> None:
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
