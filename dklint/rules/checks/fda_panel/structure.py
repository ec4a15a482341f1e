"""The panel's structure: DK201 panel-title, DK202 serving-size-missing, DK206 footnote-unresolved,
DK210 nutrient-order."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Iterable

from dklint.base.textnorm import norm_phrase
from dklint.facts.phrases import phrase_list
from dklint.model import Footnote, Ingredient, Label, TextBlock
from dklint.rules.checks.fda_panel.rows import (
    declared_without_dv, display_name, has_declared_dv, is_panel, nutrient_of, row_target,
)
from dklint.rules.checks.hit import Hit
from dklint.source import Span


# The conventional-food title as printed, in any case and spacing (the fix replaces these words only).
_NUTRITION_FACTS = re.compile(r"nutrition\s+facts", re.IGNORECASE)


def _says(text: str | None, phrase: str) -> bool:
    return f" {phrase} " in f" {norm_phrase(text or '')} "


def panel_title(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    if label.input_kind != "text" or not label.ingredients:
        return
    blocks = ([label.title] if label.title is not None else []) + list(label.text_blocks)
    if any(_says(block.text, "supplement facts") for block in blocks):
        return
    wrong = next((block for block in blocks if _says(block.text, "nutrition facts")), None)
    count = len(label.ingredients)
    listed = f"{count} dietary ingredient{'s' if count != 1 else ''} ({label.ingredients[0].name}"
    listed += ", ...)" if count > 1 else ")"
    if wrong is not None:
        problem = 'is titled "Nutrition Facts"; a dietary supplement\'s panel must be titled "Supplement Facts"'
        values, places = {"problem": problem, "listed": listed}, {}
        words = _NUTRITION_FACTS.search(wrong.text)
        if words is not None and len(wrong.text) == wrong.span.end - wrong.span.start:
            places["title"] = Span(wrong.span.start + words.start(), wrong.span.start + words.end())
            values["title_fixed"] = "SUPPLEMENT FACTS" if words.group().isupper() else "Supplement Facts"
        yield Hit(wrong, values, places=places)
    else:
        yield Hit(None, {"problem": f'lists {listed} but has no "Supplement Facts" title', "listed": listed},
                  places=_title_place(label))


def _title_place(label: Label) -> dict[str, Span]:
    """Where a missing title goes: the start of the panel, before the serving statement or the first row.

    Only for a panel laid out in lines (its first row alone on its line): a title put above a panel
    squashed into one line of a listing would head the page, not the panel.
    """
    rows = [row for row in label.ingredients if row.region == "facts"]
    if not rows or not rows[0].line_alone:
        return {}
    start = rows[0].span.start
    if label.panel_span is not None:
        start = min(start, label.panel_span.start)
    if label.serving.span is not None:
        start = min(start, label.serving.span.start)
    return {"panel_start": Span(start, start)}


def _clean(symbol: str | None) -> str:
    return (symbol or "").strip()


def _symbols_in_use(label: Label) -> set[str]:
    """Symbols that rows and statements carry (a footnote with one of these is referred to)."""
    used = {_clean(i.symbol) for i in label.ingredients}
    blocks: list[TextBlock] = [*label.claims, *label.text_blocks, *label.warnings, *label.directions]
    if label.disclaimer is not None:
        blocks.append(label.disclaimer)
    used |= {_clean(b.symbol) for b in blocks}
    return used - {""}


def _mentioned_in_text(label: Label, symbol: str) -> bool:
    """The symbol appears in some row, column heading ("% Daily Value*") or prose."""
    texts = [i.dv_text or "" for i in label.ingredients] + [i.name for i in label.ingredients]
    texts += label.column_headings
    texts += [b.text for b in (*label.claims, *label.text_blocks)]
    if label.title is not None:
        texts.append(label.title.text)
    return any(symbol in text for text in texts)


def _explains_itself(footnote: Footnote) -> bool:
    """Footnotes that refer to the %DV heading or are the DSHEA disclaimer (DK303 checks those)."""
    return any(phrase_list(name).search(footnote.text) for name in ("dv_basis_footnote", "disclaimer_anchor"))


def footnote_unresolved(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    if not is_panel(label):
        return
    defined = {_clean(f.symbol) for f in label.footnotes}
    rows: dict[str, list[Ingredient]] = {}
    for ingredient in label.ingredients:
        if _clean(ingredient.symbol):
            rows.setdefault(_clean(ingredient.symbol), []).append(ingredient)
    for symbol, using in rows.items():
        if symbol not in defined:
            more = f" (and {len(using) - 1} more row{'s' if len(using) > 2 else ''})" if len(using) > 1 else ""
            problem = f'the symbol "{symbol}" on {using[0].name}{more} has no footnote that defines it'
            yield Hit(row_target(using[0], "dv_symbol"), {"problem": problem, "symbol": symbol})
    used = _symbols_in_use(label)
    for footnote in label.footnotes:
        symbol = _clean(footnote.symbol)
        if symbol in used or _explains_itself(footnote) or _mentioned_in_text(label, symbol):
            continue
        problem = f'the footnote "{symbol}" ({footnote.text.strip()[:60]}) is not referred to by any row or statement'
        target = (footnote.span, (*footnote.field_path, "text"), footnote.text) if footnote.field_path else footnote
        yield Hit(target, {"problem": problem, "symbol": symbol})


def _ordered_rows(label: Label) -> list[tuple[int, Ingredient]]:
    """(101.36 position, row) for vitamins and minerals that are declared with a Daily Value.

    In a panel with a %DV column, a row that states no %DV (none at all, or only a symbol) is DK205's
    or DK206's finding; it takes no part in the order, so one unfinished row cannot decide which run
    counts as the label's order. A panel with no %DV at all is judged on all its rows.
    """
    rows = []
    percent_column = any(has_declared_dv(ingredient) for ingredient in label.ingredients)
    for ingredient in label.ingredients:
        nutrient = nutrient_of(ingredient)
        if nutrient is None or nutrient.order is None or nutrient.dv is None or ingredient.in_blend:
            continue
        if percent_column and not has_declared_dv(ingredient):
            continue
        if declared_without_dv(label, ingredient):
            continue  # a (b)(3) line below the bar, such as MK-7 listed on its own
        rows.append((nutrient.order, ingredient))
    return rows


def _in_order(orders: list[int]) -> set[int]:
    """Indexes of a longest non-decreasing run: everything else is out of place."""
    tails: list[int] = []  # smallest tail order of a run of each length
    tail_index: list[int] = []
    previous = [-1] * len(orders)
    for i, order in enumerate(orders):
        k = bisect_right(tails, order)
        previous[i] = tail_index[k - 1] if k else -1
        if k == len(tails):
            tails.append(order)
            tail_index.append(i)
        else:
            tails[k], tail_index[k] = order, i
    keep, i = set(), tail_index[-1] if tail_index else -1
    while i != -1:
        keep.add(i)
        i = previous[i]
    return keep


def nutrient_order(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    """DK210: each row outside the longest run already in order, with the run's row it belongs before or after.

    The neighbour named is a row of that run, so moving the row next to it puts it in its place in the
    run: the fix (move the row's line) lengthens the run by one each time, and fixing until nothing is
    left ends with the panel in order. Rows bound for one place wait for each other (one insertion a place
    a pass).
    """
    if not is_panel(label):
        return
    rows = _ordered_rows(label)
    keep = _in_order([order for order, _ in rows])
    kept = [(i, order, row) for i, (order, row) in enumerate(rows) if i in keep]
    for i, (order, ingredient) in enumerate(rows):
        if i in keep:
            continue
        # A row outside a longest run has a run row before it that comes later in 101.36, or one after it
        # that comes earlier (else it would lengthen the run).
        before = next((r for k, o, r in kept if k < i and o > order), None)
        after = next((r for k, o, r in reversed(kept) if k > i and o < order), None)
        neighbour, direction = (before, "before") if before is not None else (after, "after")
        if neighbour is None:
            continue
        listed = "after" if direction == "before" else "before"
        where = (f"is listed {listed} {display_name(neighbour)}; "
                 f"21 CFR 101.36 puts it {direction} {display_name(neighbour)}")
        yield Hit(row_target(ingredient, "name"), {"nutrient": display_name(ingredient), "where": where,
                                                    "direction": direction, "neighbour": display_name(neighbour)},
                  places=_move_places(ingredient, neighbour, direction))


def _move_places(row: Ingredient, neighbour: Ingredient, direction: str) -> dict[str, Any]:
    """Where the row's line goes: the start of the neighbour's line, or after it. Only when each line holds
    its row and nothing else, so moving the line moves exactly the row (never in a spec: a JSON list
    would need its commas moved too)."""
    if row.field_path or not (row.line_alone and neighbour.line_alone):
        return {}
    at = neighbour.span.start if direction == "before" else neighbour.span.end
    return {"destination": Span(at, at)}


def serving_size_missing(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    """DK202: a panel (or a spec with ingredients) whose serving has no size."""
    if not label.has_panel or label.serving.size is not None:
        return
    if label.input_kind == "spec":
        yield Hit((Span(0, 0), ("serving",), "serving"))  # the spec's "serving" object
    elif label.serving.text is None:
        yield Hit(None)


PLACES = {"panel_title": frozenset({"title", "panel_start"}), "nutrient_order": frozenset({"destination"})}

CHECKS = {
    "panel_title": panel_title,
    "footnote_unresolved": footnote_unresolved,
    "nutrient_order": nutrient_order,
    "serving_size_missing": serving_size_missing,
}
