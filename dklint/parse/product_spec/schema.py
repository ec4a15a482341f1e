"""The product-spec JSON Schema, and a fast yes/no check compiled from it.

jsonschema takes about half a millisecond per spec, ten times the budget of a
catalog run. So the schema is also compiled into a plain-Python yes/no check
that understands exactly the keywords the schema uses (an unknown keyword turns
it off: it can never say yes where jsonschema would say no). jsonschema runs
only on specs that check fails, to say precisely what is wrong.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any, Callable

from dklint.base.resources import schema_path


@cache
def spec_schema() -> dict[str, Any]:
    """The bundled product-spec JSON Schema."""
    with open(schema_path("product-spec"), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def spec_validator() -> Any:
    from jsonschema import Draft202012Validator  # heavy import: only when a spec is invalid

    return Draft202012Validator(spec_schema())


@cache
def quick_check() -> Callable[[Any], bool] | None:
    """A fast validity check compiled from the schema, never laxer than it (None: use jsonschema)."""
    try:
        return _Compiler(spec_schema()).compile(spec_schema())
    except _Unsupported:
        return None


def is_valid_spec(doc: Any) -> bool:
    """True when ``doc`` satisfies the product-spec schema."""
    check = quick_check()
    return check(doc) if check is not None else spec_validator().is_valid(doc)


class _Unsupported(Exception):
    pass


_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "default", "examples", "$comment"})
_OBJECT_KEYWORDS = frozenset({"properties", "patternProperties", "additionalProperties", "required"})


def _always(value: Any) -> bool:
    return True


class _Compiler:
    """Turns the subset of JSON Schema the spec schema uses into one closure per subschema.

    Decoded JSON holds exact types, so ``type(v) is str`` is the test (a str
    subclass fails it, which is stricter, never laxer). Anything outside the
    subset raises ``_Unsupported`` and jsonschema does all the checking.
    """

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def compile(self, schema: dict[str, Any]) -> Callable[[Any], bool]:
        keys = {key: value for key, value in schema.items() if key not in _ANNOTATIONS}
        if "$ref" in keys and len(keys) == 1:
            return self.compile(self._target(keys["$ref"]))
        if "anyOf" in keys and len(keys) == 1:
            options = tuple(self.compile(option) for option in keys["anyOf"])
            return lambda v: any(option(v) for option in options)
        if "const" in keys and len(keys) == 1 and isinstance(keys["const"], str):
            const = keys["const"]
            return lambda v: type(v) is str and v == const
        kind = keys.pop("type", None)
        if kind == "object" and set(keys) <= _OBJECT_KEYWORDS:
            return self._object(keys)
        if kind == "array" and set(keys) <= {"items"}:
            return self._array(keys)
        if kind in ("string", "number", "boolean") or (kind is None and not keys):
            return _scalar(kind, keys)
        raise _Unsupported(str(kind or sorted(keys)))

    def _target(self, ref: Any) -> dict[str, Any]:
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise _Unsupported(f"$ref {ref}")
        target: Any = self.root
        for part in ref[2:].split("/"):
            target = target[part]
        return target

    def _array(self, keys: dict[str, Any]) -> Callable[[Any], bool]:
        item = self.compile(keys.get("items", {}))

        def check(v: Any) -> bool:
            if type(v) is not list:
                return False
            for x in v:
                if not item(x):
                    return False
            return True

        return check

    def _object(self, keys: dict[str, Any]) -> Callable[[Any], bool]:
        known = {name: self.compile(sub) for name, sub in keys.get("properties", {}).items()}
        patterns = tuple((_matcher(p), self.compile(sub)) for p, sub in keys.get("patternProperties", {}).items())
        # patterns whose schema accepts anything matter only for names not in "properties"
        known_need_patterns = any(sub is not _always for _, sub in patterns)
        if keys.get("additionalProperties", True) not in (True, False):
            raise _Unsupported("additionalProperties")
        closed = keys.get("additionalProperties", True) is False
        required = tuple(keys.get("required", ()))

        def check(v: Any) -> bool:
            if type(v) is not dict:
                return False
            for name in required:
                if name not in v:
                    return False
            for name, item in v.items():
                own = known.get(name)
                if own is not None:
                    if not own(item):
                        return False
                    if not known_need_patterns:
                        continue
                matched = False
                for match, sub in patterns:
                    if match(name):
                        matched = True
                        if not sub(item):
                            return False
                if closed and own is None and not matched:
                    return False
            return True

        return check


def _scalar(kind: str | None, keys: dict[str, Any]) -> Callable[[Any], bool]:
    if kind is None:
        return _always
    if kind == "boolean" and not keys:
        return lambda v: type(v) is bool
    if kind == "string" and set(keys) <= {"minLength"}:
        shortest = keys.get("minLength", 0)
        return lambda v: type(v) is str and len(v) >= shortest
    if kind == "number" and set(keys) <= {"minimum", "exclusiveMinimum"}:
        low, above = keys.get("minimum"), keys.get("exclusiveMinimum")
        if low is not None and above is not None:
            raise _Unsupported("minimum with exclusiveMinimum")
        if low is not None:
            return lambda v: (type(v) is int or type(v) is float) and v >= low
        if above is not None:
            return lambda v: (type(v) is int or type(v) is float) and v > above
        return lambda v: type(v) is int or type(v) is float
    raise _Unsupported(f"{kind} {sorted(keys)}")


def _matcher(pattern: str) -> Callable[[str], bool]:
    """``str.startswith`` for a plain ``^prefix`` pattern (the usual ``^x-``), else a regex search."""
    prefix = pattern[1:]
    if pattern.startswith("^") and re.fullmatch(r"[A-Za-z0-9_-]*", prefix):
        return lambda name: name.startswith(prefix)
    return re.compile(pattern).search
