"""Functions rule conditions may call, in one explicit registry.

Every function takes the evaluation context first. Amounts are summed over all
ingredients of a nutrient (a panel can list vitamin D twice: D3 and D2) after
unit conversion; when no amount converts, the result is ``None``, which no
comparison treats as true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from dklint.facts.nutrients import registry
from dklint.facts.phrases import has_phrase
from dklint.facts.units import convert
from dklint.model import Ingredient, Label
from dklint.rules.amounts import nutrient_amounts
from dklint.rules.context import EvalContext, all_text, daily_servings, nutrients_present


@dataclass(frozen=True)
class Function:
    impl: Callable[..., Any]
    min_args: int
    max_args: int
    doc: str
    # True when the result depends only on the label and the arguments: a call with
    # constant arguments is then answered once per label (see condition._call).
    label_only: bool = False
    # True when it depends only on the arguments and the data files, not on the label: a call
    # with constant arguments is answered once, when the rule compiles.
    data_only: bool = False
    # What each argument names, checked when the rule compiles if it is a constant
    # (``dklint.rules.arguments.KINDS``: nutrient, unit, form, phrase_list, section; "" for anything).
    arguments: tuple[str, ...] = ()

    def arity_text(self) -> str:
        if self.min_args == self.max_args:
            return f"{self.min_args} argument(s)"
        return f"{self.min_args} to {self.max_args} arguments"


def matching(ctx: EvalContext, nutrient: str, form: str | None = None) -> list[Ingredient]:
    found = nutrients_present(ctx.label).get(nutrient, ())
    return [ing for ing in found if ing.form == form] if form is not None else list(found)


def amount_of(ing: Ingredient | None, unit: str) -> float | None:
    """The ingredient's per-serving amount in ``unit``, from the first amount that converts."""
    if ing is None:
        return None
    for amount in nutrient_amounts(ing):
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
    return None if value is None else value * daily_servings(ctx.label)


# The parts of a label ``mentions`` can search: name -> (the texts of that part, what it is).
SECTIONS: dict[str, tuple[Callable[[Label], list[str]], str]] = {
    "any": (lambda label: [b.text for b in all_text(label)], "every prose block of the label (the default)"),
    "warnings": (lambda label: [b.text for b in label.warnings], "the warning statements"),
    "directions": (lambda label: [b.text for b in label.directions], "the directions"),
    "other_ingredients": (lambda label: [label.other_ingredients.text] if label.other_ingredients else [],
                          'the "Other ingredients" statement'),
    "form": (lambda label: [label.form or ""], "the dosage form (softgel, tablet, oil drops...)"),
}


def _section_blocks(label: Label, section: str) -> list[str]:
    return SECTIONS.get(section, SECTIONS["any"])[0](label)


def mentions(ctx: EvalContext, list_name: str, section: str = "any") -> bool:
    """True when any phrase of a phrase list occurs in a section of the label."""
    return label_mentions(ctx.label, list_name, section)


def label_mentions(label: Label, list_name: str, section: str = "any") -> bool:
    return any(has_phrase(text, list_name) for text in _section_blocks(label, section))


def upper_limit(ctx: EvalContext | None, nutrient: str, unit: str) -> float | None:
    """The nutrient's adult upper limit per day (its ``ul`` in the registry) in ``unit``; none when it has none."""
    entry = registry().nutrients.get(nutrient)
    if entry is None or entry.ul is None:
        return None
    amount, ul_unit = entry.ul
    return convert(amount, ul_unit, unit, nutrient)


def first(ctx: EvalContext, nutrient: str, form: str | None = None) -> Ingredient | None:
    found = matching(ctx, nutrient, form)
    return found[0] if found else None


_NUTRIENT_FORM = ("nutrient", "form")
_NUTRIENT_UNIT_FORM = ("nutrient", "unit", "form")

FUNCTIONS: dict[str, Function] = {
    "has": Function(lambda ctx, n, form=None: bool(matching(ctx, n, form)), 1, 2,
                    "has(nutrient[, form]): the product lists that nutrient (children count: K2 is vitamin K)", True,
                    arguments=_NUTRIENT_FORM),
    "first": Function(first, 1, 2, "first(nutrient[, form]): the first ingredient of that nutrient, or none", True,
                      arguments=_NUTRIENT_FORM),
    "count": Function(lambda ctx, n, form=None: len(matching(ctx, n, form)), 1, 2,
                      "count(nutrient[, form]): how many ingredients are that nutrient", True,
                      arguments=_NUTRIENT_FORM),
    "per_serving": Function(per_serving, 2, 3, "per_serving(nutrient, unit[, form]): summed amount per serving", True,
                            arguments=_NUTRIENT_UNIT_FORM),
    "daily": Function(daily, 2, 3, "daily(nutrient, unit[, form]): amount per serving x servings per day", True,
                      arguments=_NUTRIENT_UNIT_FORM),
    "upper_limit": Function(upper_limit, 2, 2,
                            "upper_limit(nutrient, unit): the adult upper limit per day (nutrients.yaml ul) in unit, "
                            "or none", data_only=True, arguments=("nutrient", "unit")),
    "amount": Function(lambda ctx, ing, unit: amount_of(ing, unit), 2, 2,
                       "amount(ingredient, unit): that ingredient's amount per serving in unit", arguments=("", "unit")),
    "servings_per_day": Function(lambda ctx: daily_servings(ctx.label), 0, 0,
                                 "servings_per_day(): from the spec or the directions, else 1", True),
    "servings_known": Function(lambda ctx: ctx.label.serving.servings_per_day_origin != "assumed", 0, 0,
                               "servings_known(): servings per day came from the spec or the directions", True),
    "mentions": Function(mentions, 1, 2,
                         "mentions(phrase_list[, section]): a phrase of the list occurs (section: any, "
                         "warnings, directions, other_ingredients, form)", True,
                         arguments=("phrase_list", "section")),
    "is_a": Function(lambda ctx, nid, ancestor: ctx.nutrients.is_a(nid, ancestor), 2, 2,
                     "is_a(nutrient_id, ancestor): the nutrient is the ancestor or one of its kinds",
                     arguments=("nutrient", "nutrient")),
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
