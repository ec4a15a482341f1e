"""A rule's documentation, generated from its rule file."""

from __future__ import annotations

import json

from dklint.rules.rule import Example, Rule


def _example_block(example: Example) -> str:
    if example.text is not None:
        return "```text\n" + example.text.rstrip("\n") + "\n```"
    if example.json is not None:
        return "```json\n" + example.json.rstrip("\n") + "\n```"
    return "```json\n" + json.dumps(example.spec, indent=2, ensure_ascii=False) + "\n```"


def rule_markdown(rule: Rule) -> str:
    """Markdown page: what the rule checks, why, its citation, params and examples."""
    state = "on by default" if rule.enabled else "off by default (select it to run it)"
    lines = [
        f"# {rule.id} {rule.name}", "",
        f"**Severity:** {rule.severity} · **Pack:** {rule.pack} · {state}", "",
        "## What it checks", "", rule.summary, "",
        "## Why", "", rule.rationale, "",
    ]
    if rule.description:
        lines += [rule.description, ""]
    lines += ["## Citation", "", rule.citation, ""]
    if rule.params:
        lines += ["## Parameters", "", "| name | default |", "|---|---|"]
        lines += [f"| `{name}` | `{value}` |" for name, value in rule.params.items()]
        lines.append("")
    lines += [f"Applies to: {', '.join('label text' if k == 'text' else 'JSON specs' for k in rule.applies_to)}.", ""]
    if rule.invalid:
        lines += ["## Non-compliant examples", ""]
        for example in rule.invalid:
            lines += [_example_block(example), ""]
    lines += ["## Compliant examples", ""]
    for example in rule.valid:
        lines += [_example_block(example), ""]
    lines.append(f"Tags: {', '.join(rule.tags) or 'none'} · Documentation: {rule.docs_url}")
    return "\n".join(lines).rstrip() + "\n"
