"""``dklint rules``, ``dklint rule CODE``, ``dklint docs OUTDIR``, ``dklint schema NAME`` and ``dklint test-rules``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dklint.cli import UsageFailure, cli, load_ruleset_or_exit
from dklint.resources import schema_path
from dklint.settings import DEFAULT_CACHE_DIR

SCHEMAS = {"product-spec": "product-spec", "rule": "rule"}


@cli.command("rules")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(rules_dir, output_format) -> None:
    """List every rule: code, name, severity, pack and whether it runs by default."""
    ruleset = load_ruleset_or_exit(tuple(rules_dir))
    if output_format == "json":
        rows = [{"code": r.id, "name": r.name, "severity": r.severity, "pack": r.pack, "enabled": r.enabled,
                 "summary": r.summary} for r in ruleset]
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'CODE':<7} {'NAME':<42} {'SEVERITY':<8} {'PACK':<11} {'DEFAULT':<7} SUMMARY")
    for rule in ruleset:
        state = "on" if rule.enabled else "off"
        click.echo(f"{rule.id:<7} {rule.name:<42} {rule.severity:<8} {rule.pack:<11} {state:<7} {rule.summary}")


@cli.command("rule")
@click.argument("code")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["markdown", "text", "json"]), default="markdown",
              show_default=True, help="markdown (the docs page), text (plain) or json (the rule's fields).")
def show_rule(code, rules_dir, output_format) -> None:
    """Show a rule's documentation: what it checks, why, its citation, params and examples."""
    from dklint.rules import docs

    ruleset = load_ruleset_or_exit(tuple(rules_dir))
    rule = ruleset.get(code.upper())
    if rule is None:
        from dklint.hints import code_hint

        raise UsageFailure(f'unknown rule "{code}"{code_hint(code, list(ruleset.rules))}')
    if output_format == "json":
        click.echo(json.dumps(docs.rule_data(rule), indent=2, ensure_ascii=False))
    else:
        click.echo(docs.rule_text(rule) if output_format == "text" else docs.rule_markdown(rule), nl=False)


@cli.command("docs")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
def write_docs(outdir, rules_dir) -> None:
    """Write one Markdown page per rule (OUTDIR/DK101.md) and an index.md table.

    Pages named like a rule code whose rule no longer exists are removed;
    other files in OUTDIR are left alone.
    """
    from dklint.rules.docs import write_docs as write

    ruleset = load_ruleset_or_exit(tuple(rules_dir))
    written = write(list(ruleset), outdir)
    click.echo(f"wrote {len(written)} pages to {outdir}")


@cli.command("schema")
@click.argument("name", type=click.Choice(sorted(SCHEMAS)))
def show_schema(name) -> None:
    """Print a JSON Schema that ships with dklint (product-spec, rule)."""
    click.echo(schema_path(SCHEMAS[name]).read_text(encoding="utf-8").rstrip())


@cli.command("test-rules")
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("codes", nargs=-1)
def test_rules(rules_dir, codes) -> None:
    """Run every rule's valid and invalid examples; exit 1 when one misbehaves."""
    from dklint.rules.selftest import run_examples

    ruleset = load_ruleset_or_exit(tuple(rules_dir))
    failures = total = 0
    for outcome in run_examples(ruleset, {c.upper() for c in codes} or None):
        total += 1
        if outcome.problem:
            failures += 1
            click.echo(f"FAIL {outcome.label} ({outcome.rule.file}): {outcome.problem}")
    click.echo(f"{total - failures} passed, {failures} failed")
    raise SystemExit(1 if failures else 0)


@cli.command("clean")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=Path(DEFAULT_CACHE_DIR),
              show_default=True, help="The result cache folder to remove.")
def clean(cache_dir) -> None:
    """Remove the result cache (only a folder dklint created: it carries a CACHEDIR.TAG)."""
    from dklint.cache import NotACache, clear

    try:
        removed = clear(cache_dir)
    except NotACache as error:
        raise UsageFailure(str(error)) from None
    click.echo(f"removed {cache_dir}" if removed else f"no cache at {cache_dir}")
