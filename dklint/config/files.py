"""Project configuration: ``dklint.toml`` or ``[tool.dklint]`` in ``pyproject.toml``.

dklint looks for a config from the checked path (or the current folder) upward
and uses the first ``dklint.toml``, or ``pyproject.toml`` with a
``[tool.dklint]`` table, that it finds (``dklint.toml`` wins in one folder).
``extend = "../base.toml"`` inherits another config (relative to the file);
the extending file's keys replace the base's, except the tables ``severity``,
``params``, ``per-file-ignores`` and ``limits``, which are merged entry by entry,
and ``extend-rules``, whose folders add up.
Paths in ``extend-rules`` and ``cache-dir`` are relative to the file that sets
them. A mistake is reported as ``file:line: what is wrong`` (exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dklint.base.key_paths import KeyPath, line_of
from dklint.config.checks import check_codes, check_shape
from dklint.config.toml_lines import TomlError, load_toml
from dklint.rules.rule import RuleSet

CONFIG_NAMES = ("dklint.toml", "pyproject.toml")
MERGED_TABLES = ("severity", "params", "per-file-ignores", "limits")
_MENTIONS_DKLINT = re.compile(r"^\s*\[\s*tool\s*\.\s*dklint\b|^\s*tool\s*\.\s*dklint\b", re.M)


class ConfigError(Exception):
    """Config mistakes, each ``file:line: what is wrong``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Layer:
    """One config file's dklint table, as written (paths not yet resolved)."""

    path: Path
    values: dict[str, Any]
    lines: dict[KeyPath, int]
    prefix: KeyPath  # ("tool", "dklint") in pyproject.toml, () in dklint.toml

    @property
    def table(self) -> str:
        return "[tool.dklint]" if self.prefix else self.path.name

    def where(self, key_path: KeyPath) -> str:
        return f"{self.path}:{line_of(self.lines, (*self.prefix, *key_path))}"


def _read_layer(path: Path) -> Layer | None:
    """The dklint table of ``path``; None for a pyproject.toml without one."""
    is_pyproject = path.name == "pyproject.toml"
    try:
        if is_pyproject and not _MENTIONS_DKLINT.search(path.read_text(encoding="utf-8-sig")):
            return None  # don't make a broken pyproject.toml our problem unless it configures dklint
        data, lines = load_toml(path)
    except TomlError as error:
        raise ConfigError([f"{path}:{error.line}: {error.message}"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}:1: cannot read the config file: {error}"]) from None
    prefix: KeyPath = ("tool", "dklint") if is_pyproject else ()
    values = data.get("tool", {}).get("dklint") if is_pyproject else data
    if values is None:
        return None
    if not isinstance(values, dict):
        raise ConfigError([f"{path}:{line_of(lines, prefix)}: tool.dklint must be a table"])
    return Layer(path, values, lines, prefix)


def find_config(start: Path) -> Path | None:
    """The closest config file at or above ``start`` that configures dklint."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and _read_layer(candidate) is not None:
                return candidate
    return None


def load_layers(path: Path) -> list[Layer]:
    """``path`` and every config it extends, base first; checked for shape."""
    chain: list[Layer] = []
    current: Path | None = path.resolve()
    while current is not None:
        layer = _read_layer(current)
        if layer is None:
            where = chain[-1].where(("extend",)) if chain else f"{current}:1"
            raise ConfigError([f"{where}: {current} has no [tool.dklint] table"])
        problems = [f"{layer.where(p)}: {message}" for p, message in check_shape(layer.values, layer.table)]
        if problems:
            raise ConfigError(problems)
        chain.append(layer)
        current = _extended(layer, chain)
    return chain[::-1]


def _extended(layer: Layer, chain: list[Layer]) -> Path | None:
    if "extend" not in layer.values:
        return None
    target = (layer.path.parent / layer.values["extend"]).resolve()
    if not target.is_file():
        raise ConfigError([f"{layer.where(('extend',))}: extend: no such file: {target}"])
    if any(seen.path == target for seen in chain):
        cycle = " -> ".join(str(seen.path) for seen in chain) + f" -> {target}"
        raise ConfigError([f"{layer.where(('extend',))}: extend makes a cycle: {cycle}"])
    return target


def _resolved(layer: Layer) -> dict[str, Any]:
    """The layer's values with its relative paths made absolute."""
    values = {key: value for key, value in layer.values.items() if key != "extend"}
    if "extend-rules" in values:
        values["extend-rules"] = [str((layer.path.parent / p).resolve()) for p in values["extend-rules"]]
    if "cache-dir" in values:
        values["cache-dir"] = str((layer.path.parent / values["cache-dir"]).resolve())
    return values


def merge(layers: list[Layer]) -> dict[str, Any]:
    """One set of values from base-first layers: later keys win, tables merge per entry."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in _resolved(layer).items():
            if key == "params" and key in merged:
                combined = dict(merged[key])
                for code, params in value.items():
                    combined[code] = {**combined.get(code, {}), **params}
                merged[key] = combined
            elif key == "extend-rules" and key in merged:
                merged[key] = [*merged[key], *value]
            elif key in MERGED_TABLES and key in merged:
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def check_layer_codes(layers: list[Layer], ruleset: RuleSet) -> None:
    """Unknown codes and params in any layer, at that layer's lines."""
    problems = [f"{layer.where(p)}: {message}" for layer in layers for p, message in check_codes(layer.values, ruleset)]
    if problems:
        raise ConfigError(problems)


def layers_for(start: Path, config: Path | None = None, isolated: bool = False) -> list[Layer]:
    """The config layers (base first) for inputs at ``start``: ``config`` if given, none when ``isolated``."""
    if isolated:
        return []
    path = config or find_config(start)
    return load_layers(path) if path else []


def rule_folders(layers: list[Layer]) -> tuple[str, ...]:
    """The ``extend-rules`` folders of ``layers``, made absolute; ConfigError for one that does not exist."""
    check_rule_folders(layers)
    return tuple(merge(layers).get("extend-rules", ()))


def check_rule_folders(layers: list[Layer]) -> None:
    """Every folder in ``extend-rules`` must exist (a typo would silently drop a pack)."""
    problems = [f"{layer.where(('extend-rules', index))}: extend-rules: no such folder: {folder}"
                for layer in layers for index, folder in enumerate(_resolved(layer).get("extend-rules", []))
                if not Path(folder).is_dir()]
    if problems:
        raise ConfigError(problems)
