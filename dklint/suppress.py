"""Suppressions written in the input, each with the reason a finding is accepted.

Label text: an own-line comment ::

    # dklint: ignore[DK101] K2 is sold as a separate product in the same kit
    Vitamin D3 125 mcg (5,000 IU)

covers the next line that is neither blank nor another ``# dklint:`` / ``#!``
comment; ``# dklint: ignore-file[DK150, DK130] reason`` covers the whole file.
A JSON spec lists them under ``x-dklint-ignore`` (see ``suppress_spec``).

A suppressed finding stays in the results with ``suppressed_by`` set to the
reason: it does not count for the exit code and text reports hide it, but SARIF
shows it as suppressed. A suppression without a reason suppresses nothing, and
it, a malformed one, and one that suppresses nothing are DK007 findings
themselves. DK007 cannot be suppressed in the input (use the config).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dklint.hints import code_hint, did_you_mean
from dklint.findings import Finding, Located
from dklint.parse.label_lines import is_comment
from dklint.source import Source, Span

if TYPE_CHECKING:
    from dklint.pipeline import Checker

CODE = "DK007"
KINDS = ("ignore", "ignore-file")
_DIRECTIVE = re.compile(r"# dklint:\s*(?P<kind>[A-Za-z-]*)\s*(?:\[(?P<codes>[^\]]*)\])?\s*(?P<reason>.*)$")


@dataclass
class Suppression:
    """One suppression: codes, reason, and what it covers (a line, a JSON path prefix, or everything)."""

    codes: tuple[str, ...]
    reason: str
    span: Span  # where the suppression is written (DK007 points here)
    line: int | None = None  # covered line (file coordinates); None: the whole input
    pointer: tuple[str, ...] | None = None  # specs: covered field-path prefix
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Located) -> bool:
        if finding.code not in self.codes or finding.code == CODE:
            return False
        if self.line is not None and finding.line != self.line:
            return False
        path = tuple(str(step) for step in finding.field_path)
        return self.pointer is None or path[: len(self.pointer)] == self.pointer


def is_directive_line(text: str) -> bool:
    """Lines that are not label content: exactly the lines the label parser skips."""
    return is_comment(text)


def check_codes(codes: list[str], known: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """The usable codes, and a problem for each unusable one."""
    good, problems = [], []
    for code in codes:
        if code == CODE:
            problems.append(f"{CODE} cannot be suppressed in the input: use ignore or per-file-ignores in the config")
        elif code not in known:
            problems.append(f'unknown rule code "{code}"{code_hint(code, sorted(known))}')
        else:
            good.append(code)
    return tuple(good), problems


def _next_content_line(lines: list[str], row: int) -> int | None:
    for following in range(row + 1, len(lines)):
        if lines[following].strip() and not is_directive_line(lines[following]):
            return following
    return None


def _parse_directive(lines: list[str], row: int, known: set[str]) -> tuple[Suppression | None, list[str]]:
    """One ``# dklint:`` line (row 0-based in the source): a suppression and/or its problems."""
    found = _DIRECTIVE.match(lines[row].strip())
    kind = found["kind"] if found else ""
    if found is None or kind not in KINDS:
        return None, [f'unknown directive "{kind}"{did_you_mean(kind, KINDS)}: write "# dklint: ignore[CODE] reason" '
                      '(next line) or "# dklint: ignore-file[CODE] reason" (whole file)']
    if found["codes"] is None:
        return None, [f"name the codes in brackets: # dklint: {kind}[DK101] reason"]
    raw_codes = [code.strip().upper() for code in found["codes"].split(",") if code.strip()]
    if not raw_codes:
        return None, [f"{kind}[] names no rule code"]
    codes, problems = check_codes(raw_codes, known)
    row_covered = _next_content_line(lines, row) if kind == "ignore" else None
    reason = found["reason"].strip()
    if not reason:
        problems.append(f"no reason given: write why after {kind}[{', '.join(raw_codes)}]; the suppression is not applied")
    elif kind == "ignore" and row_covered is None:
        problems.append("nothing to suppress: no label line follows this comment")
    elif codes:
        return Suppression(codes, reason, Span(0, 0), line=row_covered), problems
    return None, problems


def text_suppressions(source: Source, known: set[str]) -> tuple[list[Suppression], list[Finding]]:
    """The ``# dklint:`` comments of label text; covered lines are in file coordinates."""
    lines = source.text.split("\n")
    suppressions: list[Suppression] = []
    problems: list[Finding] = []
    for row, line in enumerate(lines):
        if not line.lstrip().startswith("# dklint:"):
            continue
        suppression, messages = _parse_directive(lines, row, known)
        span = source.line_span(row + 1)
        span = Span(span.start + len(line) - len(line.lstrip()), span.end)
        problems.extend(Finding(CODE, "warning", message, span, subject=line.strip()) for message in messages)
        if suppression is not None:
            suppression.span = span
            if suppression.line is not None:  # a 0-based row of this source -> a line of the file
                suppression.line += source.first_line
            suppressions.append(suppression)
    return suppressions, problems


def unused(suppressions: list[Suppression], reported: frozenset[str]) -> list[Finding]:
    """DK007 for each suppression code that ran and suppressed nothing (codes not run this time are fine)."""
    findings = []
    for suppression in suppressions:
        idle = [code for code in suppression.codes if code in reported and code not in suppression.used]
        if idle:
            where = f"line {suppression.line}" if suppression.line is not None else "this input"
            message = f"unused suppression: no {', '.join(idle)} finding on {where}; remove it"
            findings.append(Finding(CODE, "warning", message, suppression.span, subject="unused " + ",".join(idle)))
    return findings


def apply_suppressions(checker: "Checker", source: Source, located: list[Located], checked: bool = True) -> list[Located]:
    """Mark suppressed findings and add DK007 findings; called once per input by ``check_source``."""
    if "dklint" not in source.text:
        return located  # the common case costs one substring search
    if source.kind == "spec":
        from dklint.suppress_spec import spec_suppressions

        suppressions, problems = spec_suppressions(source, checker.ruleset)
    else:
        suppressions, problems = text_suppressions(source, set(checker.ruleset.rules))
    marked = [_mark(finding, suppressions) for finding in located]
    ran = checked and not any(f.code == "DK005" for f in located)  # no rule ran on a non-label
    problems += unused(suppressions, checker.reported) if ran else []
    if problems:
        from dklint.pipeline import locate_all  # pipeline imports this module

        marked += locate_all(checker, source, problems)
        marked.sort(key=lambda f: (f.line, f.column, f.code))
    return marked


def _mark(finding: Located, suppressions: list[Suppression]) -> Located:
    for suppression in suppressions:
        if suppression.covers(finding):
            suppression.used.add(finding.code)
            return dataclasses.replace(finding, suppressed_by=suppression.reason)
    return finding
