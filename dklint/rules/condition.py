"""Compile condition expressions from rule files into Python closures.

The grammar is ``grammar/condition.lark``. Compiling checks every name and
function against what the rule may use, so a typo in a rule file is reported
when the rule loads (``file:line: unknown function "dialy"``), not when a label
happens to reach it; so is every constant argument that names a nutrient, unit,
form, phrase list or section (``dklint.rules.arguments``). Comparisons with ``none`` (a missing amount) are false,
so "no vitamin D" never counts as "more than 2,000 IU".
"""

from __future__ import annotations

import operator
from functools import cache
from typing import Any, Callable

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput

from dklint.base.grammars import lalr_parser
from dklint.model import Amount, Footnote, Ingredient, Label, Serving, TextBlock
from dklint.rules.arguments import NOT_CONSTANT, argument_problem
from dklint.rules.context import EvalContext
from dklint.rules.functions import FUNCTIONS

Compiled = Callable[[EvalContext], Any]
# Far deeper than any real rule: a chain of 100 ``and``s is 100 levels.
MAX_DEPTH = 100

# Attribute access is limited to the public fields of the model: no dunders,
# no methods, nothing that could reach Python internals.
MODELS = (Label, Serving, Ingredient, Amount, TextBlock, Footnote)
ALLOWED_ATTRIBUTES = frozenset().union(*(model.model_fields for model in MODELS))

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge, "in": lambda a, b: b is not None and a in b,
}
ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
}


class ConditionError(ValueError):
    """A condition that does not parse or names something unknown; ``path`` is the rule-file field."""

    def __init__(self, message: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


@cache
def _parser() -> Lark:
    return lalr_parser("condition", maybe_placeholders=False)  # tables kept in the user's cache


def parse_condition(text: str) -> Tree:
    """The syntax tree of a condition; ConditionError when it does not parse or is nested too deeply."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as error:
        raise ConditionError(f"cannot parse condition {text!r} at column {error.column}: {_short(error)}") from None
    except LarkError as error:
        raise ConditionError(f"cannot parse condition {text!r}: {error}") from None
    except RecursionError:
        tree = None
    depth = _depth(tree) if tree is not None else MAX_DEPTH + 1
    if depth > MAX_DEPTH:
        # Compiling and evaluating recurse once per level: say so here, not with a RecursionError later.
        raise ConditionError(f"the condition is nested more than {MAX_DEPTH} levels deep "
                             "(operators, calls, lists, parentheses): split it into lets")
    return tree


def _depth(tree: Tree) -> int:
    """How deep the tree's nodes go, counted without recursion."""
    deepest, pending = 0, [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            pending.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return deepest


def compile_condition(text: str | Tree, names: frozenset[str]) -> Compiled:
    """Compile a condition (text or parsed tree) to a closure over an EvalContext; ``names`` are in scope."""
    tree = parse_condition(text) if isinstance(text, str) else text
    return _Compiler(names).build(tree)


def _short(error: UnexpectedInput) -> str:
    return str(error).strip().splitlines()[0]


class _Compiler:
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def build(self, node: Tree | Token) -> Compiled:
        if isinstance(node, Token):
            raise ConditionError(f"unexpected token {node!r}")
        handler = _NODES.get(str(node.data))
        if handler is None:
            raise ConditionError(f"unsupported expression {node.data!r}")
        return handler(self, node.children)

    def _number(self, children: list) -> Compiled:
        value = float(children[0])
        return lambda ctx: value

    def _string(self, children: list) -> Compiled:
        value = str(children[0])[1:-1]
        return lambda ctx: value

    def _true(self, children: list) -> Compiled:
        return lambda ctx: True

    def _false(self, children: list) -> Compiled:
        return lambda ctx: False

    def _none(self, children: list) -> Compiled:
        return lambda ctx: None

    def _name(self, children: list) -> Compiled:
        name = str(children[0])
        if name not in self.names:
            raise ConditionError(f'unknown name "{name}" (known: {", ".join(sorted(self.names)) or "none"})')
        return lambda ctx: ctx.lookup(name)

    def _attr(self, children: list) -> Compiled:
        base, attribute = self.build(children[0]), str(children[1])
        if attribute not in ALLOWED_ATTRIBUTES:
            raise ConditionError(f'unknown attribute ".{attribute}"')
        return lambda ctx: getattr(base(ctx), attribute, None)

    def _call(self, children: list) -> Compiled:
        name = str(children[0])
        function = FUNCTIONS.get(name)
        if function is None:
            raise ConditionError(f'unknown function "{name}" (known: {", ".join(sorted(FUNCTIONS))})')
        nodes = [child for child in children[1:] if child is not None]
        args = [self.build(child) for child in nodes]
        if not function.min_args <= len(args) <= function.max_args:
            raise ConditionError(f'{name}() takes {function.arity_text()}, not {len(args)}')
        values = [arg(None) if _is_literal(node) else NOT_CONSTANT for arg, node in zip(args, nodes)]
        problem = argument_problem(name, function.arguments, values)
        if problem is not None:
            raise ConditionError(problem)
        impl = function.impl
        constant = all(value is not NOT_CONSTANT for value in values)
        if function.data_only and constant:
            value = impl(None, *(arg(None) for arg in args))  # the same for every label: computed now
            return lambda ctx: value
        if function.label_only and constant:
            return _per_label_call(name, impl, tuple(arg(None) for arg in args))
        return lambda ctx: impl(ctx, *(arg(ctx) for arg in args))

    def _list_(self, children: list) -> Compiled:
        items = [self.build(child) for child in children if child is not None]
        return lambda ctx: [item(ctx) for item in items]

    def _neg(self, children: list) -> Compiled:
        inner = self.build(children[0])
        return lambda ctx: None if (value := inner(ctx)) is None else -value

    def _not_(self, children: list) -> Compiled:
        inner = self.build(children[0])
        return lambda ctx: not inner(ctx)

    # The grammar makes and/or binary (a and b and c is (a and b) and c).
    def _and_(self, children: list) -> Compiled:
        left, right = (self.build(child) for child in children)
        return lambda ctx: bool(left(ctx) and right(ctx))

    def _or_(self, children: list) -> Compiled:
        left, right = (self.build(child) for child in children)
        return lambda ctx: bool(left(ctx) or right(ctx))

    def _compare(self, children: list) -> Compiled:
        left, op, right = self.build(children[0]), COMPARE[str(children[1])], self.build(children[2])

        def compare(ctx: EvalContext) -> bool:
            a, b = left(ctx), right(ctx)
            if a is None or b is None:
                return op is operator.eq and a is b or op is operator.ne and a is not b
            try:
                return bool(op(a, b))
            except TypeError:
                return False

        return compare

    def _arith(self, children: list) -> Compiled:
        value = self.build(children[0])
        for op_token, operand in zip(children[1::2], children[2::2]):
            value = _arith_step(value, ARITH[str(op_token)], self.build(operand))
        return value


# What each kind of node of grammar/condition.lark compiles with (the grammar's rule and alias names).
_NODES: dict[str, Callable[[_Compiler, list], Compiled]] = {
    "number": _Compiler._number, "string": _Compiler._string, "true": _Compiler._true, "false": _Compiler._false,
    "none": _Compiler._none, "name": _Compiler._name, "attr": _Compiler._attr, "call": _Compiler._call,
    "list_": _Compiler._list_, "neg": _Compiler._neg, "not_": _Compiler._not_, "and_": _Compiler._and_,
    "or_": _Compiler._or_, "compare": _Compiler._compare, "arith": _Compiler._arith,
}

_LITERALS = frozenset({"number", "string", "true", "false", "none"})


def _is_literal(node: Tree | Token) -> bool:
    return isinstance(node, Tree) and node.data in _LITERALS


def _per_label_call(name: str, impl: Callable[..., Any], arguments: tuple[Any, ...]) -> Compiled:
    """A call whose answer depends only on the label and constant arguments: asked once per label.

    DK101, DK102 and DK103 all start from ``daily("vitamin_d", "IU")``; the first
    rule to ask computes it and the others read it from the label's memo.
    """
    key = ("call", name, arguments)

    def call(ctx: EvalContext) -> Any:
        memo = ctx.memo
        if key in memo:
            return memo[key]
        value = memo[key] = impl(ctx, *arguments)
        return value

    return call


def _arith_step(left: Compiled, op: Callable[[Any, Any], Any], right: Compiled) -> Compiled:
    def step(ctx: EvalContext) -> Any:
        a, b = left(ctx), right(ctx)
        if a is None or b is None:
            return None
        try:
            return op(a, b)
        except (TypeError, ZeroDivisionError):
            return None

    return step
