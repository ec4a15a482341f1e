"""The settings of a run: the config files found, with command-line options on top.

Command-line options override the config: ``--select`` replaces ``select`` (and
the config's ``extend-select``), ``--ignore`` and ``--extend-select`` add to
theirs, ``--rules-dir`` adds rule folders, ``--fail-on`` replaces ``fail-on``,
``--force-exclude``/``--no-force-exclude`` replace ``force-exclude``, ``--fix``/``--no-fix`` and
``--unsafe-fixes``/``--no-unsafe-fixes`` replace ``fix`` and ``unsafe-fixes``.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from dklint.base.resources import DEFAULT_CACHE_DIR, DEFAULT_CACHE_MAX_MB
from dklint.config.checks import LIMIT_KEYS
from dklint.config.files import check_layer_codes, layers_for, merge, rule_folders
from dklint.engine.recipe import CheckerRecipe
from dklint.findings import InputResult
from dklint.inputs.filters import Filters
from dklint.inputs.read import DEFAULT_MAX_BYTES
from dklint.rules.rule import RuleSet
from dklint.rules.selection import ALWAYS_REPORTED, matches


@dataclass(frozen=True)
class CliOverrides:
    """What the command line says about settings the config also holds."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    rules_dirs: tuple[str, ...] = ()
    fail_on: str | None = None
    config: Path | None = None
    isolated: bool = False
    force_exclude: bool | None = None
    fix: bool | None = None
    unsafe_fixes: bool | None = None


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, resolved; ``recipe`` builds the checker."""

    recipe: CheckerRecipe = CheckerRecipe()
    fail_on: str = "error"
    filters: Filters = Filters()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    limits: dict[str, int] = field(default_factory=lambda: {"max-file-bytes": DEFAULT_MAX_BYTES})
    cache_dir: str = DEFAULT_CACHE_DIR
    cache_max_mb: int = DEFAULT_CACHE_MAX_MB
    jobs: int | str = "auto"
    config_files: tuple[Path, ...] = ()  # base first
    root: Path = Path(".")  # folder that per-file-ignores globs are relative to
    fix: bool = False  # ``dklint check`` applies the safe fixes, as with --fix
    unsafe_fixes: bool = False  # ... and the unsafe ones too

    @property
    def max_file_bytes(self) -> int:
        return self.limits.get("max-file-bytes", DEFAULT_MAX_BYTES)


def _severities(table: dict[str, str], ruleset: RuleSet) -> dict[str, str]:
    """Expand prefixes to codes; a longer (more specific) selector wins."""
    chosen: dict[str, str] = {}
    for selector, severity in sorted(table.items(), key=lambda item: len(item[0])):
        chosen.update({code: severity for code in ruleset.rules if matches(code, selector)})
    return chosen


def resolve(start: Path, cli: CliOverrides = CliOverrides()) -> Settings:
    """Settings for inputs at ``start``; raises ConfigError or RuleLoadError."""
    layers = layers_for(start, cli.config, cli.isolated)
    values = merge(layers)
    rules_dirs = (*rule_folders(layers), *cli.rules_dirs)
    ruleset = CheckerRecipe.create(rules_dirs=rules_dirs).ruleset()
    check_layer_codes(layers, ruleset)
    recipe = CheckerRecipe.create(
        rules_dirs=rules_dirs, select=cli.select or values.get("select", ()),
        ignore=(*values.get("ignore", ()), *cli.ignore),
        extend_select=(*(() if cli.select else values.get("extend-select", ())), *cli.extend_select),
        severities=_severities(values.get("severity", {}), ruleset), params=values.get("params", {}),
        limits=values.get("limits", {}),
    )
    root = layers[-1].path.parent if layers else Path.cwd()  # the project: where the closest config is
    return Settings(
        recipe=recipe, fail_on=cli.fail_on or values.get("fail-on", "error"),
        filters=Filters(include=tuple(values.get("include", ())), exclude=tuple(values.get("exclude", ())),
                        root=str(root.absolute()),
                        force_exclude=values.get("force-exclude", False) if cli.force_exclude is None else cli.force_exclude),
        per_file_ignores=tuple((glob, tuple(codes)) for glob, codes in values.get("per-file-ignores", {}).items()),
        limits={"max-file-bytes": DEFAULT_MAX_BYTES, **values.get("limits", {})},
        cache_dir=values.get("cache-dir", str(root / DEFAULT_CACHE_DIR) if layers else DEFAULT_CACHE_DIR),
        cache_max_mb=values.get("cache-max-mb", DEFAULT_CACHE_MAX_MB),
        jobs=values.get("jobs", "auto"), config_files=tuple(layer.path for layer in layers), root=root,
        fix=values.get("fix", False) if cli.fix is None else cli.fix,
        unsafe_fixes=values.get("unsafe-fixes", False) if cli.unsafe_fixes is None else cli.unsafe_fixes,
    )


def _glob_matches(relative: str, pattern: str) -> bool:
    return fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative.rsplit("/", 1)[-1], pattern)


def ignored_codes(settings: Settings, path: str, cwd: Path) -> tuple[str, ...]:
    """The selectors per-file-ignores applies to ``path`` (a report path, relative to ``cwd``).

    Globs are matched against the path relative to the folder of the closest
    config file (so they mean the same wherever dklint runs) and against the
    file name alone.
    """
    if not settings.per_file_ignores:
        return ()
    relative = Path(os.path.relpath(os.path.normpath(cwd / path), settings.root)).as_posix()
    return tuple(code for glob, codes in settings.per_file_ignores if _glob_matches(relative, glob) for code in codes)


def apply_per_file_ignores(results: Iterable[InputResult], settings: Settings, cwd: Path) -> Iterator[InputResult]:
    """Drop the findings that per-file-ignores switches off for each input's path."""
    for result in results:
        selectors = ignored_codes(settings, result.path, cwd)
        if selectors:
            result.findings = [f for f in result.findings if f.code in ALWAYS_REPORTED
                               or not any(matches(f.code, sel) for sel in selectors)]
        yield result



def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)


def settings_text(settings: Settings, paths: Iterable[str]) -> str:
    """The resolved settings as TOML-like text (``dklint check --show-settings``)."""
    recipe = settings.recipe
    files = ", ".join(str(p) for p in settings.config_files) or "none (built-in defaults)"
    top = {"select": recipe.select, "ignore": recipe.ignore, "extend-select": recipe.extend_select,
           "fail-on": settings.fail_on, "include": settings.filters.include, "exclude": settings.filters.exclude,
           "force-exclude": settings.filters.force_exclude,
           "extend-rules": recipe.rules_dirs, "cache-dir": settings.cache_dir, "cache-max-mb": settings.cache_max_mb,
           "jobs": settings.jobs, "fix": settings.fix, "unsafe-fixes": settings.unsafe_fixes,
           "active-rules": sorted(recipe.build().reported)}
    tables = {"per-file-ignores": dict(settings.per_file_ignores), "severity": dict(recipe.severities),
              "params": {code: dict(values) for code, values in recipe.params},
              "limits": {key: settings.limits[key] for key in LIMIT_KEYS if key in settings.limits}}
    lines = [f"# Settings for: {', '.join(paths)}", f"# Config files (base first): {files}"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in top.items()]
    for name, table in tables.items():
        lines += ["", f"[{name}]", *(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table.items())]
    unset = [key for key in LIMIT_KEYS if key not in settings.limits]
    lines += [f"# {key}: not set (built-in default)" for key in unset]
    return "\n".join(lines) + "\n"
