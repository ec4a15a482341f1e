"""Hover on a finding: what the rule checks, why it matters and where the rule comes from, as Markdown.

The same facts ``dklint rule CODE`` prints, taken from the rule set that checked the
document (a user's pack, or a config's severity, shows as it applied): the code,
name and severity, the finding's own message, the rule's summary, its rationale
("why"), its citation and a link to its documentation.
"""

from __future__ import annotations

from typing import Sequence

from lsprotocol import types

from dklint.findings import Located
from dklint.lsp.diagnostics import finding_range
from dklint.lsp.positions import DocumentLines
from dklint.rules.rule import RuleSet


def explanation(finding: Located, ruleset: RuleSet | None) -> str:
    """One finding explained in Markdown."""
    rule = ruleset.get(finding.code) if ruleset is not None else None
    parts = [f"**{finding.code} {finding.name}** ({finding.severity}): {finding.message}"]
    if rule is not None:
        parts += [rule.summary, f"**Why:** {rule.rationale}", f"**Citation:** {rule.citation}"]
    if finding.url:
        parts.append(f"[{finding.code} documentation]({finding.url})")
    return "\n\n".join(parts)


def _covers(found: types.Range, line: int, character: int) -> bool:
    return (found.start.line, found.start.character) <= (line, character) <= (found.end.line, found.end.character)


def findings_at(findings: Sequence[Located], lines: DocumentLines, position: types.Position) -> list[Located]:
    """The findings whose range holds ``position`` (its ends included: the cursor may stand after the last letter)."""
    return [f for f in findings if _covers(finding_range(f, lines), position.line, position.character)]


def hover(findings: Sequence[Located], ruleset: RuleSet | None, lines: DocumentLines,
          position: types.Position) -> types.Hover | None:
    """The hover for ``position``: every finding there, explained; None where there is none."""
    here = findings_at(findings, lines, position)
    if not here:
        return None
    text = "\n\n---\n\n".join(explanation(f, ruleset) for f in here)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=finding_range(here[0], lines) if len(here) == 1 else None)
