"""Suppressions in a JSON spec: a top-level ``x-dklint-ignore`` list.

::

    "x-dklint-ignore": [
      {"rule": "DK110", "reason": "the anticoagulant warning is printed on the carton"},
      {"rule": "DK124", "reason": "form confirmed by the supplier", "path": "/ingredients/1"}
    ]

Each entry suppresses one rule's findings (``rule`` is its code or its name)
in the whole spec or, with ``path`` (a JSON pointer), only findings on that
value or inside it. ``reason`` is required. Keys starting with ``x-`` in an
entry are the spec owner's and ignored.
"""

from __future__ import annotations

import json
from typing import Any

from dklint.hints import did_you_mean
from dklint.findings import Finding
from dklint.rules.rule import RuleSet
from dklint.source import Source, Span
from dklint.suppress import CODE, Suppression, check_codes

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
    from dklint.parse.json_positions import span_of_path

    return span_of_path(source.text, path) or Span(0, 0)


def _problem(source: Source, path: tuple[str | int, ...], message: str) -> Finding:
    return Finding(CODE, "warning", message, _span(source, path), field_path=path, subject=message)
