"""What a rule condition is evaluated against, and what rules ask of every label.

``EvalContext`` carries the label, the rule's params, its lazily computed ``let``
bindings and the current ``for_each`` item. The nutrient index lists the label's
ingredients under each nutrient and its ancestors; it answers ``has``/``daily``
and tells the engine which rules may be skipped (``dklint.rules.requires``).
``all_text`` and ``daily_servings`` are the other questions many rules ask of one
label, answered once per label.
"""

from __future__ import annotations

from typing import Any, Callable

from dklint.base.memo import label_memo, per_label
from dklint.facts.nutrients import NutrientRegistry, registry
from dklint.model import Ingredient, Label


class EvalContext:
    """What a condition sees: the label, the rule's params, its ``let`` bindings and the current item.

    ``let`` bindings are computed when first looked up, so a rule whose ``when`` is
    already false on "no vitamin D" never converts the vitamin D amounts it would
    quote in its message. ``memo`` is the per-label memo every rule shares: the
    answer to ``daily("vitamin_d", "IU")`` is computed once per label, not per rule.
    """

    __slots__ = ("label", "params", "lets", "bindings", "item", "memo", "nutrients")

    def __init__(self, label: Label, params: dict[str, Any], lets: dict[str, Callable[["EvalContext"], Any]] | None = None) -> None:
        self.label = label
        self.params = params
        self.lets = lets or {}
        self.bindings: dict[str, Any] = {}
        self.item: Any = None
        self.memo = label_memo(label)
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


# Every prose block of a label (footnotes made blocks): several rules search them all.
all_text = per_label(Label.all_text)


def daily_servings(label: Label) -> float:
    """Servings a day as the spec or the directions say (``Serving.servings_per_day``); 1 when neither says."""
    return label.serving.servings_per_day or 1.0


@per_label
def nutrients_present(label: Label) -> dict[str, list[Ingredient]]:
    """The label's ingredients under their nutrient and every ancestor of it (K2 is listed under K).

    Built once per label, it answers ``has`` and ``daily`` in one lookup and tells
    the engine which nutrients are present (see ``dklint.rules.requires``).
    """
    index: dict[str, list[Ingredient]] = {}
    known = registry().nutrients
    for ing in label.ingredients:
        nutrient_id, seen = ing.nutrient, set()
        while nutrient_id is not None and nutrient_id not in seen:
            seen.add(nutrient_id)
            index.setdefault(nutrient_id, []).append(ing)
            nutrient_id = known[nutrient_id].parent if nutrient_id in known else None
    return index
