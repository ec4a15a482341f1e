"""A picklable recipe for a Checker.

Compiled rules hold closures, which cannot cross process boundaries; each worker
of a parallel run (or each Dask task) rebuilds the Checker from this recipe,
once per process. Config and command-line choices all end up here, so the
recipe also identifies a rule configuration for the result cache.

Settings, reports and the cache digest need the rules' data, not their compiled
checks: ``ruleset()`` reads without compiling, and ``verify()`` compiles only a
rule set it has not seen compile before, so a run whose inputs the result cache
answers compiles nothing (and never imports Lark).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dklint import __version__
from dklint.base.startup_store import StartupStore
from dklint.engine.limits import Limits
from dklint.rules.loader import load_rules
from dklint.rules.rule import RuleSet
from dklint.rules.selection import select_rules

if TYPE_CHECKING:  # a run the result cache answers never builds a Checker: it imports the engine only then
    from dklint.engine.checker import Checker


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
        """The Checker: compiled rules, this configuration's severities, params, selection and limits."""
        return _build(self)

    def ruleset(self) -> RuleSet:
        """Every rule with this configuration's severities and params, not compiled (``check`` is None)."""
        return _configured(_read(self.rules_dirs), self)

    def verify(self) -> None:
        """Raise what ``build`` would (RuleLoadError, SelectionError), compiling only a rule set not seen to compile.

        "Seen": byte for byte the same rule and data files, under the same dklint code (see StartupStore).
        """
        store = StartupStore()
        key = store.compiled_key(_read(self.rules_dirs).digest)
        if store.get(key) is not True:
            _compiled(self.rules_dirs)
            store.put(key, True)
            store.save()
        select_rules(self.ruleset(), self.select, self.ignore, self.extend_select)

    def record_limit(self) -> int:
        """``limits.max-record-bytes``: the parent splits catalogs with it, before any rule is compiled."""
        return Limits.from_config(self.limits).max_record_bytes

    def digest(self) -> str:
        """Identifies the rule files, the data files, this configuration and the dklint version."""
        material = json.dumps([__version__, _read(self.rules_dirs).digest, dataclasses.astuple(self)], default=str)
        return hashlib.sha256(material.encode()).hexdigest()[:24]


# Settings resolution, verification and the run all need the rules of the same folders: read them once.
@lru_cache(maxsize=4)
def _read(rules_dirs: tuple[str, ...]) -> RuleSet:
    return load_rules(rules_dirs, compiled=False)


@lru_cache(maxsize=4)
def _compiled(rules_dirs: tuple[str, ...]) -> RuleSet:
    return load_rules(rules_dirs)


@lru_cache(maxsize=8)
def _build(recipe: CheckerRecipe) -> Checker:
    from dklint.engine.checker import Checker  # with the model's locating helpers: only when rules run

    ruleset = _configured(_compiled(recipe.rules_dirs), recipe)
    active = select_rules(ruleset, recipe.select, recipe.ignore, recipe.extend_select)
    return Checker.from_ruleset(ruleset, active, Limits.from_config(recipe.limits))


def _configured(loaded: RuleSet, recipe: CheckerRecipe) -> RuleSet:
    """A copy of ``loaded`` with the recipe's severities and params (overridden rules are replaced)."""
    ruleset = RuleSet(rules=dict(loaded.rules), digest=loaded.digest)
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
    return ruleset
