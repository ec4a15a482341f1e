"""What part of a label a rule sees: only the regions its rule file names.

Every part of the model belongs to a region of the label: the rows of the
Supplement Facts panel or of a list (``facts``, with the panel's title,
serving and footnotes), the statement of identity above the panel (``front``),
doses and text in sentences (``prose``), the claims and the disclaimer
(``claims``), the directions, the warnings and the other-ingredients
statement. A rule that names regions (DK205 judges only ``facts``: a front
panel's "Vitamin D3 5,000 IU" is no panel row) is given a view of the label
without the rest. The view is made once per label for each set of regions, and
not at all when the label has nothing outside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dklint.base.memo import label_memo

if TYPE_CHECKING:  # the model is pydantic: a run the result cache answers never imports it
    from dklint.model import Label


def view(label: Label, regions: tuple[str, ...]) -> Label:
    """``label`` with only the parts in ``regions`` (all of it when ``regions`` is empty)."""
    if not regions:
        return label
    memo = label_memo(label)
    key = ("regions", regions)
    if key not in memo:
        memo[key] = _view(label, frozenset(regions))
    return memo[key]


def _view(label: Label, regions: frozenset[str]) -> Label:
    update: dict[str, Any] = {}
    ingredients = tuple(i for i in label.ingredients if i.region in regions)
    if len(ingredients) != len(label.ingredients):
        update["ingredients"] = ingredients
    blocks = tuple(b for b in label.text_blocks if b.region in regions)
    if len(blocks) != len(label.text_blocks):
        update["text_blocks"] = blocks
    for field, region in (("claims", "claims"), ("directions", "directions"), ("warnings", "warnings")):
        if region not in regions and getattr(label, field):
            update[field] = ()
    if "claims" not in regions and label.disclaimer is not None:
        update["disclaimer"] = None
    if "other-ingredients" not in regions and label.other_ingredients is not None:
        update["other_ingredients"] = None
    if "facts" not in regions and (label.title is not None or label.footnotes):
        update.update(title=None, footnotes=())
    return label.model_copy(update=update) if update else label
