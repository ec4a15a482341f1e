"""A picklable recipe for a Checker.

Compiled rules hold closures, which cannot cross process boundaries; each worker
of a parallel run (or each Dask task) rebuilds the Checker from this recipe,
once per process. Config and command-line choices all end up here, so the
recipe also identifies a rule configuration for the result cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dklint import __version__
from dklint.limits import Limits
from dklint.pipeline import Checker
from dklint.rules.loader import load_rules
from dklint.rules.rule import RuleSet
from dklint.selection import select_rules


@dataclass(frozen=True)
class CheckerRecipe:
    rules_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    # code -> severity, code -> {param: value}; stored as sorted tuples to stay hashable
    severities: tuple[tuple[str, str], ...] = ()
    params: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    limits: tuple[tuple[str, int], ...] = ()  # config keys, e.g. ("max-line-length", 500000)

    @classmethod
    def create(cls, *, rules_dirs=(), select=(), ignore=(), extend_select=(),
               severities: dict[str, str] | None = None, params: dict[str, dict[str, Any]] | None = None,
               limits: dict[str, int] | None = None) -> "CheckerRecipe":
        return cls(
            rules_dirs=tuple(str(d) for d in rules_dirs), select=tuple(select), ignore=tuple(ignore),
            extend_select=tuple(extend_select), severities=tuple(sorted((severities or {}).items())),
            params=tuple(sorted((code, tuple(sorted(values.items()))) for code, values in (params or {}).items())),
            limits=tuple(sorted((limits or {}).items())),
        )

    def build(self) -> Checker:
        return _build(self)

    def digest(self) -> str:
        """Identifies the rule files, the data files, this configuration and the dklint version."""
        ruleset = self.build().ruleset
        material = json.dumps([__version__, ruleset.digest, dataclasses.astuple(self)], default=str)
        return hashlib.sha256(material.encode()).hexdigest()[:24]


@lru_cache(maxsize=4)
def _loaded(rules_dirs: tuple[str, ...]) -> RuleSet:
    # Settings resolution and the run both need the rules of the same folders: read them once.
    return load_rules(rules_dirs)


@lru_cache(maxsize=8)
def _build(recipe: CheckerRecipe) -> Checker:
    loaded = _loaded(recipe.rules_dirs)
    ruleset = RuleSet(rules=dict(loaded.rules), digest=loaded.digest)  # a copy: overrides below replace rules
    severities = dict(recipe.severities)
    params = {code: dict(values) for code, values in recipe.params}
    for code, rule in list(ruleset.rules.items()):
        changes: dict[str, Any] = {}
        if code in severities:
            changes["severity"] = severities[code]
        if code in params:
            changes["params"] = {**rule.params, **params[code]}
        if changes:
            ruleset.rules[code] = dataclasses.replace(rule, **changes)
    active = select_rules(ruleset, recipe.select, recipe.ignore, recipe.extend_select)
    return Checker.from_ruleset(ruleset, active, Limits.from_config(recipe.limits))
