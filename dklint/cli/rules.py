"""The commands about rules and the cache: ``dklint rules``, ``rule CODE``, ``docs OUTDIR``, ``schema NAME``,
``test-rules`` and ``clean``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dklint.base.atomic import CannotWrite
from dklint.base.hints import code_hint
from dklint.base.resources import DEFAULT_CACHE_DIR, schema_path
from dklint.rules import docs
from dklint.rules.loader import RuleLoadError, load_rules

SCHEMAS = {"product-spec": "product-spec", "rule": "rule"}


class UsageFailure(click.ClickException):
    """A mistake in how a command was used: its message, and exit code 2."""

    exit_code = 2


def load_ruleset_or_exit(rules_dirs: tuple[Path, ...] = (), config: Path | None = None, isolated: bool = True):
    """Every rule: bundled, from the config's ``extend-rules`` (unless ``isolated``) and from ``rules_dirs``.

    The config is ``config``, or the one closest to the current folder, as ``dklint check`` finds it;
    ``dklint docs`` reads none (it documents the bundled rules and ``--rules-dir``). A mistake in the
    config or in a rule file prints ``file:line: ...`` and exits 2.
    """
    from dklint.config.files import ConfigError, layers_for, rule_folders  # tomllib: only when asked

    try:
        return load_rules((*rule_folders(layers_for(Path.cwd(), config, isolated)), *rules_dirs))
    except (ConfigError, RuleLoadError) as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise SystemExit(2) from None


# The options of the commands that read the rules the way `dklint check` does, config included.
RULE_SOURCE_OPTIONS = [
    click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
                 help="Extra rule directory (user packs), added to the config's extend-rules. Repeatable."),
    click.option("--config", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                 help="Use this dklint.toml or pyproject.toml instead of looking for one."),
    click.option("--isolated", is_flag=True, help="Ignore every config file (only bundled rules and --rules-dir)."),
]


def rule_source_options(function):
    for option in reversed(RULE_SOURCE_OPTIONS):
        function = option(function)
    return function


@click.command("rules")
@rule_source_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(rules_dir, config, isolated, output_format) -> None:
    """List every rule (with the config's extend-rules packs): code, name, severity, pack, whether it runs by default."""
    ruleset = load_ruleset_or_exit(tuple(rules_dir), config, isolated)
    if output_format == "json":
        rows = [{"code": r.id, "name": r.name, "severity": r.severity, "pack": r.pack, "enabled": r.enabled,
                 "summary": r.summary} for r in ruleset]
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'CODE':<7} {'NAME':<42} {'SEVERITY':<8} {'PACK':<11} {'DEFAULT':<7} SUMMARY")
    for rule in ruleset:
        state = "on" if rule.enabled else "off"
        click.echo(f"{rule.id:<7} {rule.name:<42} {rule.severity:<8} {rule.pack:<11} {state:<7} {rule.summary}")


@click.command("rule")
@click.argument("code")
@rule_source_options
@click.option("--format", "output_format", type=click.Choice(["markdown", "text", "json"]), default="markdown",
              show_default=True, help="markdown (the docs page), text (plain) or json (the rule's fields).")
def show_rule(code, rules_dir, config, isolated, output_format) -> None:
    """Show a rule's documentation: what it checks, why, its citation, params and examples."""
    ruleset = load_ruleset_or_exit(tuple(rules_dir), config, isolated)
    rule = ruleset.get(code.upper())
    if rule is None:
        raise UsageFailure(f'unknown rule "{code}"{code_hint(code, list(ruleset.rules))}')
    if output_format == "json":
        click.echo(json.dumps(docs.rule_data(rule), indent=2, ensure_ascii=False))
    else:
        click.echo(docs.rule_text(rule) if output_format == "text" else docs.rule_markdown(rule), nl=False)


@click.command("docs")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--rules-dir", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
def write_docs(outdir, rules_dir) -> None:
    """Write one Markdown page per rule (OUTDIR/DK101.md) and an index.md table.

    Pages named like a rule code whose rule no longer exists are removed;
    other files in OUTDIR are left alone.
    """
    ruleset = load_ruleset_or_exit(tuple(rules_dir))
    try:
        written = docs.write_docs(list(ruleset), outdir)
    except (CannotWrite, OSError) as error:  # OSError: the folder itself cannot be made or listed
        message = error if isinstance(error, CannotWrite) else f"cannot write {outdir}: {error.strerror or error}"
        click.echo(f"dklint: {message}", err=True)
        raise SystemExit(2) from None
    click.echo(f"wrote {len(written)} pages to {outdir}")


@click.command("schema")
@click.argument("name", type=click.Choice(sorted(SCHEMAS)))
def show_schema(name) -> None:
    """Print a JSON Schema that ships with dklint (product-spec, rule)."""
    click.echo(schema_path(SCHEMAS[name]).read_text(encoding="utf-8").rstrip())


@click.command("test-rules")
@rule_source_options
@click.argument("codes", nargs=-1)
def test_rules(rules_dir, config, isolated, codes) -> None:
    """Run every rule's valid and invalid examples (the config's extend-rules packs too); exit 1 when one misbehaves."""
    from dklint.testing.selftest import run_examples  # it runs the engine: only this command needs it

    ruleset = load_ruleset_or_exit(tuple(rules_dir), config, isolated)
    failures = total = 0
    for outcome in run_examples(ruleset, {c.upper() for c in codes} or None):
        total += 1
        if outcome.problem:
            failures += 1
            click.echo(f"FAIL {outcome.label} ({outcome.rule.file}): {outcome.problem}")
    click.echo(f"{total - failures} passed, {failures} failed")
    raise SystemExit(1 if failures else 0)


@click.command("clean")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=Path(DEFAULT_CACHE_DIR),
              show_default=True, help="The result cache folder to remove.")
def clean(cache_dir) -> None:
    """Remove the result cache: only a folder dklint made (it carries CACHEDIR.TAG and .dklint-cache),
    and in it only the files dklint wrote; the folder too when nothing else is left in it."""
    from dklint.run.cache_db import NotACache, clear  # sqlite3: only this command needs it

    try:
        left = clear(cache_dir)
    except NotACache as error:
        raise UsageFailure(f"{error}: not removed") from None
    if left is None:
        click.echo(f"no cache at {cache_dir}")
    elif left:
        click.echo(f"removed dklint's files from {cache_dir}; kept the folder, which holds other files: {', '.join(left)}")
    else:
        click.echo(f"removed {cache_dir}")
