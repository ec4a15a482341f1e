"""Turn a validated rule file into a check function.

Two shapes of rule exist. A *condition rule* says ``when`` (optionally per
``for_each`` item, filtered by ``where``, with ``let`` bindings) in the
condition language. A *check rule* names a built-in check from
``dklint.rules.checks.registry.CHECKS`` for things a condition cannot say (footnote
cross-references, nutrient order). Both yield ``Hit``s that become Findings
with the rule's message template filled in.
"""

from __future__ import annotations

from typing import Any

from lark import Tree

from dklint.facts.nutrients import registry
from dklint.findings import Finding
from dklint.model import Amount, Footnote, Ingredient, Label, TextBlock
from dklint.rules.checks.hit import Hit
from dklint.rules.checks.registry import CHECKS, PLACES
from dklint.rules.condition import Compiled, ConditionError, compile_condition, parse_condition
from dklint.rules.context import EvalContext, daily_servings, nutrients_present
from dklint.rules.fixes import AUTO_PLACES, check_fix, places_for, render_fix
from dklint.rules.requires import Requirements
from dklint.rules.rule import CheckFn, Rule
from dklint.rules.template import placeholders, render
from dklint.source import Span

# Values every message may use without a `let`: name -> what it holds.
AUTO_NAMES: dict[str, str] = {
    "per": '"per day", or "per serving (servings per day not stated)" when the label does not say',
    "servings_per_day": "servings a day from the spec or the directions, else 1",
    "item_name": "the ingredient's name as printed (when the finding points at an ingredient)",
    "nutrient_name": "the nutrient's name, e.g. vitamin D (when the finding points at an ingredient)",
}


def build_check(spec: dict[str, Any]) -> CheckFn | None:
    """Compile a rule file's body; raises ConditionError(field, message) on a mistake."""
    names = frozenset(spec.get("params", {})) | frozenset(spec.get("let", {})) | {"label"}
    if spec.get("for_each"):
        names |= {"item"}
    _check_placeholders(spec, names)
    offered = frozenset(AUTO_PLACES) | PLACES.get(spec.get("check", ""), frozenset())
    check_fix(spec, None if "check" in spec else names | frozenset(AUTO_NAMES), offered)
    if "check" in spec:
        if spec["check"] not in CHECKS:
            raise ConditionError(f'check: unknown built-in check "{spec["check"]}" (known: {", ".join(sorted(CHECKS))})', ("check",))
        if spec["check"] == "input":
            return None  # DK00x findings come from the readers and parsers; nothing to run per label
        return _check_rule(spec["check"])
    return _condition_rule(spec, names)


def _check_placeholders(spec: dict[str, Any], names: frozenset[str]) -> None:
    try:
        used = placeholders(spec["message"])
    except ValueError as error:
        raise ConditionError(f"message: {error}", ("message",)) from None
    allowed = names | frozenset(AUTO_NAMES)
    if "check" in spec:
        return  # built-in checks supply their own values; checked when examples run
    for name in used:
        if name not in allowed:
            raise ConditionError(f'message: unknown placeholder {{{name}}} (known: {", ".join(sorted(allowed))})', ("message",))


def _parse_field(spec: dict[str, Any], field: str, parent: tuple[str, ...] = ()) -> Tree:
    path = (*parent, field)
    try:
        return parse_condition(spec[field])
    except ConditionError as error:
        raise ConditionError(f"{': '.join(path)}: {error}", path) from None


def _compile_field(tree: Tree, names: frozenset[str], path: tuple[str, ...]) -> Compiled:
    try:
        return compile_condition(tree, names)
    except ConditionError as error:
        raise ConditionError(f"{': '.join(path)}: {error}", path) from None


def _condition_rule(spec: dict[str, Any], names: frozenset[str]) -> CheckFn:
    # A let may use the lets above it, never one below: evaluation is lazy (see
    # EvalContext.lookup), and a forward reference could otherwise loop.
    let_trees = {name: _parse_field(spec["let"], name, ("let",)) for name in spec.get("let", {})}
    in_scope = names - frozenset(let_trees)
    lets: dict[str, Compiled] = {}
    for name, tree in let_trees.items():
        lets[name] = _compile_field(tree, in_scope, ("let", name))
        in_scope |= {name}
    when_tree = _parse_field(spec, "when")
    when = _compile_field(when_tree, names, ("when",))
    where = _compile_field(_parse_field(spec, "where"), names, ("where",)) if "where" in spec else None
    target = _compile_field(_parse_field(spec, "target"), names, ("target",)) if "target" in spec else None
    for_each = spec.get("for_each")
    # Per-item conditions are not analysed: items are few, and `where` already filters them.
    needs = None if for_each else Requirements(let_trees).of_condition(when_tree)

    def check(label: Label, rule: Rule) -> list[Finding]:
        if needs is not None and needs.isdisjoint(nutrients_present(label)):
            return []
        ctx = EvalContext(label, rule.params, lets)
        found = []
        for item in getattr(label, for_each) if for_each else (None,):
            ctx.item, ctx.bindings = item, {}
            if where is not None and not where(ctx):
                continue
            if when(ctx):
                pointed = target(ctx) if target is not None else item
                found.append(make_finding(rule, label, Hit(pointed, ctx.bind_all())))
        return found

    check.needs = needs  # type: ignore[attr-defined] - what the skip is decided on; the tests read it
    return check


def _check_rule(name: str) -> CheckFn:
    implementation = CHECKS[name]

    def check(label: Label, rule: Rule) -> list[Finding]:
        return [make_finding(rule, label, hit) for hit in implementation(label, rule.params)]

    return check


def make_finding(rule: Rule, label: Label, hit: Hit) -> Finding:
    span, field_path, subject = _pointer(label, hit.target)
    values = {**rule.params, **_auto_values(label, hit.target), **hit.values}
    fix = None
    if rule.fixes:
        places = {**places_for(label, hit.target, span, field_path), **hit.places}
        fix = render_fix(rule.fixes, places, values)
    return Finding(
        code=rule.id, severity=rule.severity, message=render(rule.message, values),
        span=span, field_path=field_path, subject=hit.subject or subject, fix=fix,
    )


def _auto_values(label: Label, target: Any) -> dict[str, Any]:
    known = label.serving.servings_per_day_origin != "assumed"
    values: dict[str, Any] = {
        "per": "per day" if known else "per serving (servings per day not stated)",
        "servings_per_day": daily_servings(label),
    }
    if isinstance(target, Ingredient):
        values["item_name"] = target.name
        nutrient = registry().nutrients.get(target.nutrient or "")
        values["nutrient_name"] = nutrient.name if nutrient else target.name
    return values


def _pointer(label: Label, target: Any) -> tuple[Span, tuple[str | int, ...], str]:
    """Span, JSON field path and fingerprint subject of what a finding points at."""
    if isinstance(target, Ingredient):
        return target.span, target.field_path, target.nutrient or target.name
    if isinstance(target, (TextBlock, Footnote)):
        return target.span, target.field_path, target.text
    if isinstance(target, Amount):
        return target.span, (), target.text
    if isinstance(target, Span):
        return target, (), ""
    if isinstance(target, tuple) and len(target) == 3:
        return target
    return label.whole_label_span(), (), ""
