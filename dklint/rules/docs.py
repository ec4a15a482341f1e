"""Rule documentation, generated: each rule's page from its rule file, and the condition language's reference.

``dklint rule CODE`` prints one rule (``--format markdown|text|json``);
``dklint docs OUTDIR`` writes ``OUTDIR/<CODE>.md`` for every rule, an
``index.md`` table and ``condition-language.md``, the reference of every name,
attribute, operator and function a condition may use, made from the registries
the compiler itself checks rule files against. The repository's ``docs/rules/``
is generated this way, and a test fails when it is stale.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from dklint.base.atomic import atomic_text_file
from dklint.base.resources import schema_path
from dklint.rules.rule import Example, Rule

_PAGE = re.compile(r"^[A-Z]{2,5}[0-9]{3,4}\.md$")
# How rule pages name the document kinds and label regions a rule judges (their meaning: the model's docstrings).
DOCUMENT_NAMES = {
    "panel": "label text shaped like a Supplement Facts panel",
    "listing": "label text whose doses stand in sentences",
    "dose-less": "US label text with no dosed ingredient",
    "spec": "JSON product specs",
}
REGION_NAMES = {
    "front": "the front panel (statement of identity)", "facts": "the facts panel's rows", "prose": "doses and text in sentences",
    "claims": "claims and the disclaimer", "directions": "the directions", "warnings": "the warnings",
    "other-ingredients": "the other-ingredients statement",
}


def _example_block(example: Example) -> str:
    if example.text is not None:
        return "```text\n" + example.text.rstrip("\n") + "\n```"
    if example.json is not None:
        return "```json\n" + example.json.rstrip("\n") + "\n```"
    return "```json\n" + json.dumps(example.spec, indent=2, ensure_ascii=False) + "\n```"


def _configuration(rule: Rule) -> list[str]:
    lines = ["## Configuration", "", "In `dklint.toml` (or under `[tool.dklint]` in `pyproject.toml`):", "", "```toml",
             f'ignore = ["{rule.id}"]  # never run it', "", "[severity]", f'{rule.id} = "{rule.severity}"']
    if rule.params:
        values = ", ".join(f"{name} = {json.dumps(value)}" for name, value in rule.params.items())
        lines += ["", "[params]", f"{rule.id} = {{ {values} }}"]
    lines += ["```", "", "To accept one finding, say why in the label text (`# dklint: ignore[" + rule.id + "] reason`"
              " on the line before it) or in a spec's `x-dklint-ignore` list.", ""]
    return lines


_APPLICABILITY_NAMES = {"safe": "safe (`dklint check --fix` applies it)", "unsafe": "unsafe (only with `--unsafe-fixes`)"}


def _fix_section(rule: Rule) -> list[str]:
    """Each fix the rule offers: what it does, whether it is safe, and its before/after examples."""
    if not rule.fixes:
        return []
    lines = ["## Fix", ""]
    if len(rule.fixes) > 1:
        lines += ["The first of these that fits the finding is offered.", ""]
    for fix in rule.fixes:
        inputs = " and ".join(kind for kind, used in (("label text", any(e.text is not None or e.copy for e in fix.edits)),
                                                      ("specs", any(e.json is not None for e in fix.edits))) if used)
        lines += [f"`{fix.title}`: {_APPLICABILITY_NAMES[fix.applicability]}, in {inputs}.", ""]
        for example in fix.examples:
            lang = "json" if example.before.lstrip().startswith("{") else "text"
            lines += ["Before:", "", f"```{lang}\n{example.before.rstrip(chr(10))}\n```", "",
                      "After:", "", f"```{lang}\n{example.after.rstrip(chr(10))}\n```", ""]
    return lines


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
    lines += [f"Judges: {', '.join(DOCUMENT_NAMES[kind] for kind in rule.documents)}.",
              "Sees: " + (", ".join(REGION_NAMES[region] for region in rule.regions) if rule.regions
                          else "the whole label") + ".", ""]
    if rule.invalid:
        lines += ["## Non-compliant examples", ""]
        for example in rule.invalid:
            lines += [_example_block(example), ""]
    lines += ["## Compliant examples", ""]
    for example in rule.valid:
        lines += [_example_block(example), ""]
    lines += _fix_section(rule)
    lines += _configuration(rule)
    lines.append(f"Tags: {', '.join(rule.tags) or 'none'} · Documentation: {rule.docs_url}")
    return "\n".join(lines).rstrip() + "\n"


def _table_text(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def markdown_to_text(markdown: str) -> str:
    """Markdown as plain terminal text: headings underlined, code indented, tables aligned, no markup."""
    out: list[str] = []
    table: list[list[str]] = []
    in_code = False
    for line in markdown.splitlines():
        if table and not line.startswith("|"):
            out += _table_text(table)
            table = []
        if line.startswith("```"):
            in_code = not in_code
        elif in_code:
            out.append(("    " + line).rstrip())
        elif line.startswith("#"):
            title = line.lstrip("#").strip()
            out += [title, ("=" if line.startswith("# ") else "-") * len(title)]
        elif line.startswith("|"):
            if not re.fullmatch(r"\|[-| ]+\|", line):  # skip the separator row
                table.append([cell.strip().replace("`", "") for cell in line.strip("|").split("|")])
        else:
            out.append(line.replace("**", "").replace("`", ""))
    return "\n".join(out + _table_text(table) if table else out).rstrip() + "\n"


def rule_text(rule: Rule) -> str:
    return markdown_to_text(rule_markdown(rule))


def _example_data(example: Example) -> dict[str, Any]:
    data = {key: value for key, value in (("text", example.text), ("spec", example.spec), ("json", example.json))
            if value is not None}
    expect = {key: value for key, value in (("line", example.expect_line), ("match", example.expect_match),
                                            ("count", example.expect_count)) if value is not None}
    return {**data, "expect": expect} if expect else data


def rule_data(rule: Rule) -> dict[str, Any]:
    """The rule's fields as JSON-ready data (``dklint rule CODE --format json``)."""
    return {
        "code": rule.id, "name": rule.name, "pack": rule.pack, "severity": rule.severity, "enabled": rule.enabled,
        "summary": rule.summary, "message": rule.message, "rationale": rule.rationale,
        "description": rule.description, "citation": rule.citation, "url": rule.docs_url, "tags": list(rule.tags),
        "params": rule.params, "documents": list(rule.documents), "regions": list(rule.regions),
        "examples": {"valid": [_example_data(e) for e in rule.valid],
                     "invalid": [_example_data(e) for e in rule.invalid]},
        "fix": [{"applicability": fix.applicability, "title": fix.title,
                 "edits": [{key: value for key, value in (("at", e.at), ("text", e.text), ("json", e.json), ("copy", e.copy),
                                                          ("whole_lines", e.whole_lines or None)) if value is not None}
                           for e in fix.edits],
                 "examples": [{"before": x.before, "after": x.after} for x in fix.examples]} for fix in rule.fixes],
    }


LANGUAGE_PAGE = "condition-language.md"


def index_markdown(rules: Iterable[Rule]) -> str:
    lines = ["# dklint rules", "", "Generated by `dklint docs docs/rules` from the rule files: do not edit by hand.",
             f"What a rule's `when`, `where`, `let` and `target` may say: [the condition language]({LANGUAGE_PAGE}).", "",
             "| Code | Name | Severity | Pack | Default | Summary |", "|---|---|---|---|---|---|"]
    for rule in rules:
        state = "on" if rule.enabled else "off"
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| [{rule.id}]({rule.id}.md) | {rule.name} | {rule.severity} | {rule.pack} | {state} | {summary} |")
    return "\n".join(lines) + "\n"


def write_docs(rules: Iterable[Rule], outdir: Path) -> list[Path]:
    """Write one page per rule and ``index.md``; remove pages of rules that no longer exist."""
    rules = list(rules)
    outdir.mkdir(parents=True, exist_ok=True)
    pages = {f"{rule.id}.md": rule_markdown(rule) for rule in rules}
    pages["index.md"] = index_markdown(rules)
    pages[LANGUAGE_PAGE] = condition_language_markdown()
    for stale in outdir.iterdir():
        if _PAGE.match(stale.name) and stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = outdir / name
        with atomic_text_file(path) as stream:  # a reader (or a failed write) never sees half a page
            stream.write(text)
        written.append(path)
    return written


def _type_name(annotation: Any) -> str:
    text = annotation.__name__ if isinstance(annotation, type) else str(annotation)
    return text.replace("typing.", "").replace("dklint.model.", "").replace("dklint.source.", "")


def _fix_reference() -> list[str]:
    """The places a rule file's ``fix`` may edit, from the registries the loader checks it against."""
    from dklint.rules.checks.registry import PLACES
    from dklint.rules.fixes import AUTO_PLACES

    lines = ["## Places a fix may edit", "",
             "A rule's `fix` replaces places of a finding with text from templates filled like the message",
             "(CONTRIBUTING.md, 3.5a). `text` is what replaces a place in label text; `json` is the JSON value",
             "that replaces one in a spec (one placeholder alone keeps its value's type: `625`, `\"<1\"`).",
             "In label text, `copy` names a place whose text goes before the edit's `text`, and `whole_lines: true`",
             "widens the place and the copy to whole lines with their breaks and their `# dklint:` comments (an empty",
             "place with nothing written before it on its line, spaces or a table's rule at most, inserts before that",
             "line; anywhere later, after it): a line moved is a deletion (`text: \"\"`) and a copy (DK210).",
             "A place or value the finding does not have means no fix. Every rule may name:", "",
             "| place | what it is |", "|---|---|"]
    lines += [f"| `{name}` | {what} |" for name, what in AUTO_PLACES.items()]
    lines += ["", "A built-in check's hits add their own:", "", "| check | places |", "|---|---|"]
    lines += [f"| `{check}` | {', '.join(f'`{p}`' for p in sorted(places))} |" for check, places in sorted(PLACES.items())]
    return lines + [""]


def condition_language_markdown() -> str:
    """The reference of the condition language, from the registries the compiler checks rule files against."""
    # Imported here: the compiler loads Lark and the model, which `dklint rule CODE` never needs.
    from dklint.facts.nutrients import registry
    from dklint.facts.phrases import all_lists
    from dklint.facts.units import unit_table
    from dklint.rules.compile import AUTO_NAMES
    from dklint.rules.condition import ARITH, COMPARE, MODELS
    from dklint.rules.functions import FUNCTIONS, SECTIONS

    rule_schema = json.loads(schema_path("rule").read_text(encoding="utf-8"))
    lines = [
        "# The condition language", "",
        "Generated by `dklint docs docs/rules` from the compiler's own registries: do not edit by hand.", "",
        "A rule's `when` (and `where`, each `let`, `target`) is one expression, parsed with `grammar/condition.lark`",
        "when the rule loads; a name, attribute or function not listed here is a load error at its line, and so",
        "is a nutrient, unit, form, phrase list or section written as a string in a call (`has(\"vitamin_d3\")`)",
        "that is not listed here: the error says which one was meant when one is close.",
        "Comparisons with `none` (a missing amount) are false, so a label without vitamin D never has \"too much\" of it.", "",
        "## Values", "",
        "| written | meaning |", "|---|---|",
        "| `125`, `0.5` | a number |", "| `\"vitamin_d\"`, `'IU'` | a string |", "| `true`, `false`, `none` | |",
        "| `[a, b]` | a list |", "| `label` | the product being checked (attributes below) |",
        "| `item` | the current item, in a rule with `for_each` |",
        "| a param's name | the rule's `params` value (config can change it) |",
        "| a `let` name | that binding, computed when first used (a `let` may use the ones above it) |", "",
        "`for_each` may name: " + ", ".join(f"`{v}`" for v in rule_schema["properties"]["for_each"]["enum"]) + ".", "",
        "## Operators", "",
        "`and`, `or`, `not`; comparisons " + ", ".join(f"`{op}`" for op in COMPARE)
        + "; arithmetic " + ", ".join(f"`{op}`" for op in ARITH) + " and unary `-` (none in arithmetic gives none).", "",
        "## Functions", "", "| function | arguments | what it gives |", "|---|---|---|",
    ]
    for name, function in sorted(FUNCTIONS.items()):
        doc = function.doc.replace("|", "\\|")
        lines.append(f"| `{name}` | {function.arity_text()} | {doc} |")
    lines += ["", "`mentions` searches one part of the label:", "", "| section | what it searches |", "|---|---|"]
    lines += [f"| `{name}` | {what} |" for name, (_, what) in SECTIONS.items()]
    lines += ["", "## Documents and regions", "",
              "Each input is one kind of document, decided when it is read; a rule's `documents` says which it",
              "judges (default: `panel`, `listing`, `spec`; foreign labels are never judged):", ""]
    lines += [f"- `{kind}`: {name}" for kind, name in DOCUMENT_NAMES.items()]
    lines += ["", "A rule's `regions` says which parts of a label it sees (default: all of them); `label.ingredients`",
              "and the label's text then hold only those:", ""]
    lines += [f"- `{region}`: {name}" for region, name in REGION_NAMES.items()]
    lines += ["", "## Attributes", "", "`label.<name>` and the attributes of what it holds:", ""]
    for model in MODELS:
        fields = ", ".join(f"`{name}` ({_type_name(info.annotation)})" for name, info in model.model_fields.items())
        lines += [f"- **{model.__name__}**: {fields}"]
    lines += ["", "## Names a message may use without a `let`", "", "| name | value |", "|---|---|"]
    lines += [f"| `{{{name}}}` | {what} |" for name, what in AUTO_NAMES.items()]
    lines += ["", "Besides these, a message may use the rule's params and `let` names: `{daily_iu}`.", ""]
    lines += _fix_reference()
    lines += ["## Phrase lists", "", "For `mentions(list[, section])`; each list lives in `rules/data/phrases*.yaml`, its entries",
              "written as phrase patterns (`docs/phrase-patterns.md`).", "",
              "| list | what it holds |", "|---|---|"]
    lines += [f"| `{name}` | {' '.join(entry.get('description', '').split())} |" for name, entry in sorted(all_lists().items())]
    lines += ["", "## Nutrients", "", "For `has`, `first`, `count`, `per_serving`, `daily`, `upper_limit` and `is_a`;",
              "each lives in `rules/data/nutrients.yaml` with its synonyms, forms and reference values.", "",
              "| nutrient | name | forms |", "|---|---|---|"]
    for nutrient in registry().nutrients.values():
        forms = ", ".join(f"`{form}`" for form in nutrient.forms) or ""
        lines.append(f"| `{nutrient.id}` | {nutrient.name} | {forms} |")
    units = dict.fromkeys(unit_table().spellings.values())
    lines += ["", "## Units", "", "For the unit of `per_serving`, `daily`, `upper_limit` and `amount`, written as here "
              "(`rules/data/units.yaml`): " + ", ".join(f"`{unit}`" for unit in units) + "."]
    return "\n".join(lines) + "\n"
