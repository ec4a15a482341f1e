"""Functions rule conditions may call, in one explicit registry.

Every function takes the evaluation context first. Amounts are summed over all
ingredients of a nutrient (a panel can list vitamin D twice: D3 and D2) after
unit conversion; when no amount converts, the result is ``None``, which no
comparison treats as true.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from dklint.memo import all_text, label_memo
from dklint.model import Ingredient, Label
from dklint.nutrients import NutrientRegistry, registry
from dklint.phrases import phrase_list
from dklint.units import convert


class EvalContext:
    """What a condition sees: the label, the rule's params, its ``let`` bindings and the current item.

    ``let`` bindings are computed when first looked up, so a rule whose ``when`` is
    already false on "no vitamin D" never converts the vitamin D amounts it would
    quote in its message. ``memo`` is the per-label memo every rule shares: the
    answer to ``daily("vitamin_d", "IU")`` is computed once per label, not per rule.
    """

    __slots__ = ("label", "params", "lets", "bindings", "item", "memo", "nutrients")

    def __init__(self, label: Label, params: dict[str, Any], lets: dict[str, Callable[["EvalContext"], Any]] | None = None,
                 memo: dict[Any, Any] | None = None) -> None:
        self.label = label
        self.params = params
        self.lets = lets or {}
        self.bindings: dict[str, Any] = {}
        self.item: Any = None
        self.memo = label_memo(label) if memo is None else memo
        self.nutrients: NutrientRegistry = registry()

    def lookup(self, name: str) -> Any:
        bindings = self.bindings
        if name in bindings:
            return bindings[name]
        expression = self.lets.get(name)
        if expression is not None:
            value = bindings[name] = expression(self)
            return value
        if name == "item":
            return self.item
        if name == "label":
            return self.label
        return self.params.get(name)

    def bind_all(self) -> dict[str, Any]:
        """Every ``let`` value (for the message), computing the ones not yet needed."""
        for name in self.lets:
            self.lookup(name)
        return dict(self.bindings)


@dataclass(frozen=True)
class Function:
    impl: Callable[..., Any]
    min_args: int
    max_args: int
    doc: str
    # True when the result depends only on the label and the arguments: a call with
    # constant arguments is then answered once per label (see condition._call).
    label_only: bool = False

    def arity_text(self) -> str:
        if self.min_args == self.max_args:
            return f"{self.min_args} argument(s)"
        return f"{self.min_args} to {self.max_args} arguments"


def servings_per_day(label: Label) -> float:
    """Servings per day from the spec or directions; 1 when neither says."""
    return label.serving.servings_per_day or 1.0


_INDEX = ("nutrient-index",)  # the per-label memo key of nutrient_index()


def nutrient_index(ctx: EvalContext) -> dict[str, list[Ingredient]]:
    return nutrients_present(ctx.label, ctx.memo)


def nutrients_present(label: Label, memo: dict[Any, Any]) -> dict[str, list[Ingredient]]:
    """The label's ingredients under their nutrient and every ancestor of it (K2 is listed under K).

    Built once per label (``memo`` is the label's memo), it answers ``has`` and
    ``daily`` in one lookup and tells the engine which nutrients are present (see
    ``dklint.rules.requires``).
    """
    index = memo.get(_INDEX)
    if index is None:
        index = {}
        known = registry().nutrients
        for ing in label.ingredients:
            nutrient_id, seen = ing.nutrient, set()
            while nutrient_id is not None and nutrient_id not in seen:
                seen.add(nutrient_id)
                index.setdefault(nutrient_id, []).append(ing)
                nutrient_id = known[nutrient_id].parent if nutrient_id in known else None
        memo[_INDEX] = index
    return index


def matching(ctx: EvalContext, nutrient: str, form: str | None = None) -> list[Ingredient]:
    found = nutrient_index(ctx).get(nutrient, ())
    return [ing for ing in found if ing.form == form] if form is not None else list(found)


def amount_of(ing: Ingredient | None, unit: str) -> float | None:
    """The ingredient's per-serving amount in ``unit``, from the first amount that converts."""
    if ing is None:
        return None
    for amount in ing.amounts:
        if amount.known:
            value = convert(amount.value, amount.unit, unit, ing.nutrient, ing.form)
            if value is not None:
                return value
    return None


def per_serving(ctx: EvalContext, nutrient: str, unit: str, form: str | None = None) -> float | None:
    values = [amount_of(ing, unit) for ing in matching(ctx, nutrient, form)]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def daily(ctx: EvalContext, nutrient: str, unit: str, form: str | None = None) -> float | None:
    value = per_serving(ctx, nutrient, unit, form)
    return None if value is None else value * servings_per_day(ctx.label)


def _section_blocks(label: Label, section: str) -> list[str]:
    if section == "warnings":
        return [b.text for b in label.warnings]
    if section == "directions":
        return [b.text for b in label.directions]
    if section == "other_ingredients":
        return [label.other_ingredients.text] if label.other_ingredients else []
    if section == "form":
        return [label.form or ""]
    return [b.text for b in all_text(label)]


# Catalogs repeat the same warnings, directions and disclaimers in thousands of
# products, and several rules ask about the same text: remember short texts' answers.
_MEMO_TEXT = 2000  # characters; longer texts are searched every time (bounded memory)


@lru_cache(maxsize=8192)
def _mentioned(list_name: str, text: str) -> bool:
    return phrase_list(list_name).search(text) is not None


def mentions(ctx: EvalContext, list_name: str, section: str = "any") -> bool:
    """True when any phrase of a phrase list occurs in a section of the label."""
    return label_mentions(ctx.label, list_name, section)


def label_mentions(label: Label, list_name: str, section: str = "any") -> bool:
    phrases = phrase_list(list_name)
    return any(
        _mentioned(list_name, text) if len(text) <= _MEMO_TEXT else phrases.search(text) is not None
        for text in _section_blocks(label, section)
    )


def first(ctx: EvalContext, nutrient: str, form: str | None = None) -> Ingredient | None:
    found = matching(ctx, nutrient, form)
    return found[0] if found else None


FUNCTIONS: dict[str, Function] = {
    "has": Function(lambda ctx, n, form=None: bool(matching(ctx, n, form)), 1, 2,
                    "has(nutrient[, form]): the product lists that nutrient (children count: K2 is vitamin K)", True),
    "first": Function(first, 1, 2, "first(nutrient[, form]): the first ingredient of that nutrient, or none", True),
    "count": Function(lambda ctx, n, form=None: len(matching(ctx, n, form)), 1, 2,
                      "count(nutrient[, form]): how many ingredients are that nutrient", True),
    "per_serving": Function(per_serving, 2, 3, "per_serving(nutrient, unit[, form]): summed amount per serving", True),
    "daily": Function(daily, 2, 3, "daily(nutrient, unit[, form]): amount per serving x servings per day", True),
    "amount": Function(lambda ctx, ing, unit: amount_of(ing, unit), 2, 2,
                       "amount(ingredient, unit): that ingredient's amount per serving in unit"),
    "servings_per_day": Function(lambda ctx: servings_per_day(ctx.label), 0, 0,
                                 "servings_per_day(): from the spec or the directions, else 1", True),
    "servings_known": Function(lambda ctx: ctx.label.serving.servings_per_day_origin != "assumed", 0, 0,
                               "servings_known(): servings per day came from the spec or the directions", True),
    "mentions": Function(mentions, 1, 2,
                         "mentions(phrase_list[, section]): a phrase of the list occurs (section: any, "
                         "warnings, directions, other_ingredients, form)", True),
    "is_a": Function(lambda ctx, nid, ancestor: ctx.nutrients.is_a(nid, ancestor), 2, 2,
                     "is_a(nutrient_id, ancestor): the nutrient is the ancestor or one of its kinds"),
    "coalesce": Function(lambda ctx, *xs: next((x for x in xs if x is not None), None), 1, 8,
                         "coalesce(a, b, ...): the first value that is not none"),
    "first_item": Function(lambda ctx, xs: xs[0] if xs else None, 1, 1,
                           "first_item(list): the first element of a list (label.directions), or none"),
    "round": Function(lambda ctx, x, digits=0: None if x is None else round(x, int(digits)), 1, 2,
                      "round(x[, digits])"),
    "abs": Function(lambda ctx, x: None if x is None else abs(x), 1, 1, "abs(x)"),
    "min": Function(lambda ctx, *xs: min((x for x in xs if x is not None), default=None), 1, 8, "min(a, b, ...)"),
    "max": Function(lambda ctx, *xs: max((x for x in xs if x is not None), default=None), 1, 8, "max(a, b, ...)"),
}
