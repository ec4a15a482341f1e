"""Suppressions written in the input, each with the reason a finding is accepted.

Label text: an own-line comment ::

    # dklint: ignore[DK101] K2 is sold as a separate product in the same kit
    Vitamin D3 125 mcg (5,000 IU)

covers the next line that is neither blank nor another ``# dklint:`` comment;
``# dklint: ignore-file[DK150, DK130] reason`` covers the whole file.

A JSON spec lists them in a top-level ``x-dklint-ignore`` list::

    "x-dklint-ignore": [
      {"rule": "DK110", "reason": "the anticoagulant warning is printed on the carton"},
      {"rule": "DK124", "reason": "form confirmed by the supplier", "path": "/ingredients/1"}
    ]

Each entry suppresses one rule's findings (``rule`` is its code or its name) in
the whole spec or, with ``path`` (a JSON pointer), only findings on that value or
inside it. ``reason`` is required. Keys starting with ``x-`` in an entry are the
spec owner's and ignored.

A suppressed finding stays in the results with ``suppressed_by`` set to the
reason: it does not count for the exit code and text reports hide it, but SARIF
shows it as suppressed. A suppression without a reason suppresses nothing, and
it, a malformed one, and one that suppresses nothing are DK007 findings
themselves. DK007 cannot be suppressed in the input (use the config).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

from dklint.base.hints import code_hint, did_you_mean
from dklint.engine.checker import Checker, locate_all
from dklint.findings import Finding, Located
from dklint.parse.label.lines import is_comment
from dklint.parse.product_spec.json_positions import span_of_path
from dklint.rules.rule import RuleSet
from dklint.source import Source, Span

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


def apply_suppressions(checker: Checker, source: Source, located: list[Located], checked: bool = True) -> list[Located]:
    """Mark suppressed findings and add DK007 findings; called once per input by ``check_source``."""
    if "dklint" not in source.text:
        return located  # the common case costs one substring search
    if source.kind == "spec":
        suppressions, problems = spec_suppressions(source, checker.ruleset)
    else:
        suppressions, problems = text_suppressions(source, set(checker.ruleset.rules))
    marked = [_mark(finding, suppressions) for finding in located]
    ran = checked and not any(f.code == "DK005" for f in located)  # no rule ran on a non-label
    problems += unused(suppressions, checker.reported) if ran else []
    if problems:
        marked += locate_all(checker, source, problems)
        marked.sort(key=lambda f: (f.line, f.column, f.code))
    return marked


def _mark(finding: Located, suppressions: list[Suppression]) -> Located:
    for suppression in suppressions:
        if suppression.covers(finding):
            suppression.used.add(finding.code)
            return dataclasses.replace(finding, suppressed_by=suppression.reason)
    return finding


# -- JSON specs: x-dklint-ignore ---------------------------------------------------------------

KEY = "x-dklint-ignore"
ENTRY_KEYS = ("rule", "reason", "path")
SHAPE = '{"rule": "DK110", "reason": "why", "path": "/ingredients/0" (optional)}'


def parse_pointer(pointer: str) -> tuple[str, ...] | None:
    """JSON pointer (RFC 6901) to path steps; None when malformed. ``""`` is the whole document."""
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        return None
    return tuple(step.replace("~1", "/").replace("~0", "~") for step in pointer[1:].split("/"))


Problems = list[tuple[str | None, str]]  # (the entry's field, or None for the entry, message)


def _codes(entry: dict[str, Any], known: set[str], names: dict[str, str]) -> tuple[tuple[str, ...], Problems]:
    rule = entry.get("rule")
    if not isinstance(rule, str):
        return (), [("rule" if "rule" in entry else None, f'an {KEY} entry needs "rule": a rule code like "DK110"')]
    code = names.get(rule.strip(), rule.strip().upper())  # a rule's name works too
    codes, messages = check_codes([code], known)
    return codes, [("rule", message) for message in messages]


def _entry(entry: Any, known: set[str], names: dict[str, str]) -> tuple[Suppression | None, Problems]:
    """One list entry: its suppression (None when unusable) and its problems."""
    if not isinstance(entry, dict):
        return None, [(None, f"each {KEY} entry must be an object like {SHAPE}")]
    problems: Problems = [(key, f'unknown key "{key}" in an {KEY} entry{did_you_mean(key, ENTRY_KEYS)}')
                          for key in entry if key not in ENTRY_KEYS and not key.startswith("x-")]
    codes, more = _codes(entry, known, names)
    reason, pointer = entry.get("reason"), entry.get("path", "")
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        more.append(("reason" if "reason" in entry else None, 'no reason given: add "reason": why; the suppression is not applied'))
    steps = parse_pointer(pointer) if isinstance(pointer, str) else None
    if steps is None:
        more.append(("path", f'"path" must be a JSON pointer like "/ingredients/0", not {json.dumps(pointer)}'))
    if not codes or not reason or steps is None:
        return None, problems + more
    return Suppression(codes, reason, Span(0, 0), pointer=steps or None), problems + more


def spec_suppressions(source: Source, ruleset: RuleSet) -> tuple[list[Suppression], list[Finding]]:
    """The spec's ``x-dklint-ignore`` suppressions, and DK007 findings for the broken ones."""
    if f'"{KEY}"' not in source.text:
        return [], []
    try:
        document = json.loads(source.text)
    except ValueError:
        return [], []  # already DK002
    entries = document.get(KEY) if isinstance(document, dict) else None
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [_problem(source, (KEY,), f"{KEY} must be a list of objects like {SHAPE}")]
    suppressions, problems = [], []
    known, names = set(ruleset.rules), {rule.name: rule.id for rule in ruleset}
    for index, entry in enumerate(entries):
        suppression, messages = _entry(entry, known, names)
        problems += [_problem(source, (KEY, index) + ((field,) if field else ()), message) for field, message in messages]
        if suppression is not None:
            suppression.span = _span(source, (KEY, index))
            suppressions.append(suppression)
    return suppressions, problems


def _span(source: Source, path: tuple[str | int, ...]) -> Span:
    return span_of_path(source.text, path) or Span(0, 0)


def _problem(source: Source, path: tuple[str | int, ...], message: str) -> Finding:
    return Finding(CODE, "warning", message, _span(source, path), field_path=path, subject=message)
