"""Which nutrients a rule's condition needs before it can be true.

A catalog run checks every product against every rule, and most rules ask about
one nutrient ("vitamin D above 4,000 IU and no K2"). When the condition cannot be
true unless one of a few nutrients is on the label, the engine skips the rule on a
label that has none of them: one set lookup instead of building bindings and
converting amounts. The analysis reads the parsed condition and is conservative:
it claims a requirement only where the language's own rules prove it (a missing
nutrient makes ``daily``/``per_serving``/``first`` none, ``has`` false, and no
ordering comparison with none is true); any other shape means "no requirement",
so the rule always runs. ``tests/test_requires.py`` checks the skip never changes
a finding.
"""

from __future__ import annotations

from lark import Token, Tree

Needs = frozenset[str] | None  # "true only if one of these nutrients is present"; None: no such set known

_NONE_WHEN_ABSENT = frozenset({"daily", "per_serving", "first"})
_FALSE_ON_NONE = frozenset({"<", "<=", ">", ">=", "in"})  # see condition._compare
_LITERALS = frozenset({"number", "string", "true", "false"})


def _string_argument(node: Tree | Token | None) -> str | None:
    if isinstance(node, Tree) and node.data == "string":
        return str(node.children[0])[1:-1]
    return None


def _narrowest(*options: Needs) -> Needs:
    known = [option for option in options if option is not None]
    return min(known, key=len) if known else None


class Requirements:
    """Requirement analysis of conditions that may refer to ``let`` bindings (given as parsed trees)."""

    def __init__(self, lets: dict[str, Tree] | None = None) -> None:
        self.lets = lets or {}

    def of_condition(self, node: Tree | Token) -> Needs:
        """Nutrients one of which must be present for ``node`` to be true."""
        if not isinstance(node, Tree):
            return None
        if node.data == "and_":
            return _narrowest(*(self.of_condition(child) for child in node.children))
        if node.data == "or_":
            parts = [self.of_condition(child) for child in node.children]
            return None if any(part is None for part in parts) else frozenset().union(*parts)
        if node.data == "call" and str(node.children[0]) == "has":
            nutrient = _string_argument(node.children[1] if len(node.children) > 1 else None)
            return frozenset({nutrient}) if nutrient else None
        if node.data == "compare":
            return self._of_compare(node)
        return None

    def _of_compare(self, node: Tree) -> Needs:
        left, operator, right = node.children
        if str(operator) in _FALSE_ON_NONE:
            return _narrowest(self.none_when_absent(left), self.none_when_absent(right))
        if str(operator) == "==":  # none == 5 is false; none == none would be true, so only literals count
            if isinstance(right, Tree) and right.data in _LITERALS:
                return self.none_when_absent(left)
            if isinstance(left, Tree) and left.data in _LITERALS:
                return self.none_when_absent(right)
        return None

    def none_when_absent(self, node: Tree | Token, depth: int = 0) -> Needs:
        """Nutrients one of which must be present for ``node``'s value not to be none."""
        if not isinstance(node, Tree) or depth > 20:
            return None
        if node.data == "call" and str(node.children[0]) in _NONE_WHEN_ABSENT:
            nutrient = _string_argument(node.children[1] if len(node.children) > 1 else None)
            return frozenset({nutrient}) if nutrient else None
        if node.data == "name" and str(node.children[0]) in self.lets:
            return self.none_when_absent(self.lets[str(node.children[0])], depth + 1)
        if node.data == "attr":  # an attribute of none is none
            return self.none_when_absent(node.children[0], depth + 1)
        if node.data in ("arith", "neg"):  # none in arithmetic is none
            operands = node.children[::2] if node.data == "arith" else node.children
            return _narrowest(*(self.none_when_absent(child, depth + 1) for child in operands))
        return None
