"""Shared sample results for the reporter tests, the golden-file helper, and registry tests.

The samples cover what reporters must get right: a clean input, a path with a
space, non-ASCII text before a finding, a spec finding with a field path and a
message full of characters that need escaping, a suppressed finding, a baseline,
an input that could not be checked, two records of one catalog file, and a
notification for an input that never reached the stream.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from dklint.findings import InputResult, Located
from dklint.report import REPORTERS, render
from dklint.report.run_info import RunInfo
from dklint.rules.rule import Rule

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DKLINT_UPDATE_GOLDEN") == "1"


def make_rule(code: str, name: str, severity: str, pack: str = "dk2", enabled: bool = True) -> Rule:
    return Rule(
        id=code, name=name, pack=pack, severity=severity, summary=f"Summary of {name}.",
        message="{x}", rationale=f"Why {name} matters.", citation="21 CFR 101.36",
        docs_url=f"https://example.org/rules/{code}", tags=(pack, "labeling"), params={"limit": 100},
        enabled=enabled, documents=("panel", "listing", "spec"), regions=(), valid=(), invalid=(), file=Path(f"rules/{code}.yaml"),
    )


RULES = [
    make_rule("DK001", "unreadable-input", "error", pack="input"),
    make_rule("DK101", "vitamin-d-without-k2", "warning"),
    make_rule("DK103", "vitamin-d-above-upper-limit", "error"),
    make_rule("DK124", "k2-form-unspecified", "info"),
    make_rule("DK150", "vitamin-d-without-magnesium", "info", enabled=False),  # loaded, never fires
]
NAMES = {rule.id: rule.name for rule in RULES}


def finding(code: str, severity: str, message: str, path: str, line: int, column: int, end_column: int,
            source_line: str, **extra) -> Located:
    return Located(
        code=code, name=NAMES.get(code, code), severity=severity, message=message, path=path,
        line=line, column=column, end_line=extra.pop("end_line", line), end_column=end_column,
        source_line=source_line, fingerprint=f"fp-{code}-{path}-{line}".replace(" ", "_"),
        url=f"https://example.org/rules/{code}", **extra,
    )


D3_LINE = "Vitamin D3 (µg, „Cholecalciferol“) 125 mcg"


def sample_results() -> list[InputResult]:
    spaced = "labels/d3 k2.txt"
    spec = "specs/product.json"
    return [
        InputResult("labels/clean.txt", "label"),
        InputResult(spaced, "label", findings=[
            finding("DK101", "warning", "Vitamin D3 at 125 mcg without vitamin K2", spaced, 3, 36, 43, D3_LINE),
            finding("DK124", "info", "K2 form not stated", spaced, 5, 1, 1, "Vitamin K2 100 mcg"),
            finding("DK103", "error", "Old problem", spaced, 6, 1, 5, "Other line", baseline="unchanged"),
            finding("DK124", "info", "Suppressed here", spaced, 7, 1, 4, "MK-7", suppressed_by="reviewed by QA"),
        ]),
        InputResult(spec, "spec", product_id="SKU-1", findings=[
            finding("DK103", "error", 'Daily 250 mcg > UL: 100%, see "a,b"\nsecond line <&>', spec, 4, 17, 20,
                    '    "amount": 250,', product_id="SKU-1", field_path=("ingredients", 0, "amount"), baseline="new"),
        ]),
        InputResult("labels/broken.txt", "unknown", checked=False, findings=[
            finding("DK001", "error", "not valid UTF-8 at byte 12", "labels/broken.txt", 1, 1, 1, ""),
        ]),
        InputResult("catalog.jsonl", "label", product_id="A-1", first_line=1, findings=[
            finding("DK101", "warning", "D3 without K2", "catalog.jsonl", 1, 30, 40,
                    '{"id": "A-1", "text": "Vitamin D3 125 mcg"}', product_id="A-1"),
        ]),
        InputResult("catalog.jsonl", "label", product_id="A-2", first_line=2),
    ]


def sample_run(**changes) -> RunInfo:
    run = RunInfo(tool_version="0.1.0", exit_code=1, execution_successful=True,
                  notifications=[("labels/gone.txt", "file vanished before it was read", "error")],
                  srcroot="/work/project")
    for key, value in changes.items():
        setattr(run, key, value)
    return run


def rendered(format_name: str, results=None, rules=None, run: RunInfo | None = None) -> str:
    stream = io.StringIO()
    render(format_name, sample_results() if results is None else results, RULES if rules is None else rules,
           stream, sample_run() if run is None else run)
    return stream.getvalue()


def check_golden(name: str, actual: str) -> None:
    """Compare with ``tests/golden/<name>``; DKLINT_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"{path} missing: run with DKLINT_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs (DKLINT_UPDATE_GOLDEN=1 to accept)"


def test_registry_has_every_format() -> None:
    assert set(REPORTERS) == {"text", "json", "jsonl", "sarif", "github", "junit", "gitlab", "html"}


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        render("xml", [], RULES, io.StringIO())


@pytest.mark.parametrize("format_name", sorted(REPORTERS))
def test_every_format_handles_no_inputs(format_name: str) -> None:
    stream = io.StringIO()
    render(format_name, iter(()), iter(RULES), stream)  # rules as an iterator, RunInfo defaulted
    # jsonl and github have nothing to say about no inputs; the others still write a whole document
    assert format_name in ("jsonl", "github") or stream.getvalue()


def test_run_info_is_read_after_the_stream() -> None:
    """The CLI learns the exit code while results stream; reporters must see the final value."""
    run = RunInfo()

    def results():
        yield InputResult("a.txt", "label")
        run.exit_code = 1
        run.notifications.append(("b.txt", "gone", "error"))

    out = rendered("sarif", results(), run=run)
    assert '"exitCode": 1' in out and '"gone"' in out


def written_before_each(format_name: str) -> list[str]:
    """What a reporter had written to its stream as each sample result was handed to it."""
    stream = io.StringIO()
    seen = []

    def results():
        for result in sample_results():
            seen.append(stream.getvalue())
            yield result

    render(format_name, results(), RULES, stream, sample_run())
    return seen
