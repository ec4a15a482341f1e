"""What a dklint config may hold, and the checks that say what is wrong and where.

Checks come in two rounds. ``check_shape`` needs only the file: unknown keys,
wrong types, bad values. ``check_codes`` needs the loaded rules (a config's
``extend-rules`` can add codes): unknown codes and prefixes, unknown params, a
param of the wrong type. Each problem is ``(key path, message)``; the caller
turns the key path into a line of the file.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from dklint.base.hints import code_hint, did_you_mean
from dklint.base.key_paths import KeyPath
from dklint.engine.limits import Limits
from dklint.findings import SEVERITY_RANK
from dklint.rules.rule import RuleSet
from dklint.rules.selection import matches

Problem = tuple[KeyPath, str]

SEVERITIES = tuple(sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__, reverse=True))  # error, warning, info
FAIL_ON = (*SEVERITIES, "never")
LIMIT_KEYS = Limits.config_keys()
LIST_KEYS = ("select", "ignore", "extend-select", "include", "exclude", "extend-rules")
TABLE_KEYS = ("per-file-ignores", "severity", "params", "limits")
KEYS = (*LIST_KEYS, *TABLE_KEYS, "fail-on", "cache-dir", "cache-max-mb", "jobs", "extend", "force-exclude", "fix",
        "unsafe-fixes")


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _strings(path: KeyPath, value: Any) -> Iterator[Problem]:
    if not isinstance(value, list):
        yield path, f"must be an array of strings, not {_type_name(value)}"
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            yield (*path, index), f"must be a string, not {_type_name(item)}"


def _table(path: KeyPath, value: Any, each: Callable[[KeyPath, Any], Iterator[Problem]]) -> Iterator[Problem]:
    if not isinstance(value, dict):
        yield path, f"must be a table, not {_type_name(value)}"
        return
    for key, item in value.items():
        yield from each((*path, key), item)


def _choice(choices: tuple[str, ...]) -> Callable[[KeyPath, Any], Iterator[Problem]]:
    def check(path: KeyPath, value: Any) -> Iterator[Problem]:
        if value not in choices:
            shown = f'"{value}"' if isinstance(value, str) else _type_name(value)
            yield path, f"{shown} is not one of {', '.join(choices)}{did_you_mean(str(value), choices)}"
    return check


def _positive(path: KeyPath, value: Any) -> Iterator[Problem]:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        shown = value if isinstance(value, int) and not isinstance(value, bool) else _type_name(value)
        yield path, f"must be an integer greater than 0, not {shown}"


def _limit(path: KeyPath, value: Any) -> Iterator[Problem]:
    if path[-1] not in LIMIT_KEYS:
        yield path, f'unknown limit{did_you_mean(str(path[-1]), LIMIT_KEYS)} (known: {", ".join(LIMIT_KEYS)})'
    else:
        yield from _positive(path, value)


def _string(path: KeyPath, value: Any) -> Iterator[Problem]:
    if not isinstance(value, str):
        yield path, f"must be a string, not {_type_name(value)}"


def _boolean(path: KeyPath, value: Any) -> Iterator[Problem]:
    if not isinstance(value, bool):
        yield path, f"must be true or false, not {_type_name(value)}"


def _jobs(path: KeyPath, value: Any) -> Iterator[Problem]:
    if value != "auto":
        yield from _positive(path, value)


def _params_table(path: KeyPath, value: Any) -> Iterator[Problem]:
    yield from _table(path, value, lambda p, v: iter(()))


SHAPES: dict[str, Callable[[KeyPath, Any], Iterator[Problem]]] = {
    **{key: _strings for key in LIST_KEYS},
    "per-file-ignores": lambda p, v: _table(p, v, _strings),
    "severity": lambda p, v: _table(p, v, _choice(SEVERITIES)),
    "params": lambda p, v: _table(p, v, _params_table),
    "limits": lambda p, v: _table(p, v, _limit),
    "fail-on": _choice(FAIL_ON), "cache-dir": _string, "cache-max-mb": _positive, "extend": _string, "jobs": _jobs,
    "force-exclude": _boolean, "fix": _boolean, "unsafe-fixes": _boolean,
}


def key_name(path: KeyPath) -> str:
    """``limits.max-file-bytes``, ``select[2]``, ``per-file-ignores."labels/*.txt"[0]``."""
    name = ""
    for step in path:
        if isinstance(step, int):
            name += f"[{step}]"
        else:
            text = step if step.replace("-", "").replace("_", "").isalnum() else f'"{step}"'
            name += f".{text}" if name else text
    return name


def check_shape(values: dict[str, Any], table: str) -> list[Problem]:
    """Unknown keys and values of the wrong type or out of range."""
    problems: list[Problem] = []
    for key, value in values.items():
        if key not in SHAPES:
            problems.append(((key,), f'unknown key "{key}" in {table}{did_you_mean(key, KEYS)}'))
        else:
            problems.extend((path, f"{key_name(path)}: {message}") for path, message in SHAPES[key]((key,), value))
    return problems


def _selector(ruleset: RuleSet, path: KeyPath, selector: str) -> Iterator[Problem]:
    codes = list(ruleset.rules)
    if selector != "ALL" and not any(matches(code, selector) for code in codes):
        yield path, f'{key_name(path)}: unknown rule code or prefix "{selector}"{code_hint(selector, codes)}'


def _param_type_ok(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _rule_params(ruleset: RuleSet, code: str, values: dict[str, Any]) -> Iterator[Problem]:
    rule = ruleset.get(code)
    if rule is None:
        yield ("params", code), f'params: unknown rule code "{code}"{code_hint(code, list(ruleset.rules))}'
        return
    for name, value in values.items():
        path = ("params", code, name)
        if name not in rule.params:
            known = ", ".join(rule.params) or "none"
            yield path, f'{code} has no param "{name}"{did_you_mean(name, list(rule.params))} (its params: {known})'
        elif not _param_type_ok(rule.params[name], value):
            default = rule.params[name]
            yield path, f"{code}.{name} must be {_type_name(default)} like its default {default!r}, not {_type_name(value)}"


def check_codes(values: dict[str, Any], ruleset: RuleSet) -> list[Problem]:
    """Codes, prefixes and params that the loaded rules do not have."""
    problems: list[Problem] = []
    for key in ("select", "ignore", "extend-select"):
        for index, selector in enumerate(values.get(key, [])):
            problems.extend(_selector(ruleset, (key, index), selector))
    for pattern, codes in values.get("per-file-ignores", {}).items():
        for index, selector in enumerate(codes):
            problems.extend(_selector(ruleset, ("per-file-ignores", pattern, index), selector))
    for selector in values.get("severity", {}):
        problems.extend(_selector(ruleset, ("severity", selector), selector))
    for code, params in values.get("params", {}).items():
        problems.extend(_rule_params(ruleset, code, params))
    return problems
