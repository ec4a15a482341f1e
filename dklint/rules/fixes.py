"""A rule file's ``fix``, rendered for one finding into a ``findings.Fix``; and checked when the rule loads.

A fix is data beside the rule: each edit names a *place* (``at``) and a template of what
replaces it, filled with the same values as the message. Places come from the check's
``Hit.places`` and, automatically, from what the finding points at (``AUTO_PLACES``). In
label text a place is a ``Span``; in a spec it is the JSON field path of a value, and the
edit's ``json`` template gives the new JSON value (one placeholder alone keeps the value's
type, so ``{dv_value}`` writes ``625``, not ``"625"``). A place or value that is missing for
a finding means no fix for it: an alternative (``fix`` as a list) may still apply.
"""

from __future__ import annotations

import json
from typing import Any

from dklint.findings import Edit, Fix, edits_collide
from dklint.model import Footnote, Ingredient, Label, TextBlock
from dklint.rules.condition import ConditionError
from dklint.rules.rule import FixSpec
from dklint.rules.template import placeholders, render
from dklint.source import Span

# Places every fix may name, found from what the finding points at: name -> what it is.
AUTO_PLACES: dict[str, str] = {
    "finding": "the finding's own span (in a spec: its JSON value)",
    "end": "an empty place just after the label's last line of content (label text): an edit there adds text",
    "row": "the ingredient's row (in a spec: its object)",
    "name": "the ingredient's name",
    "amount": "the ingredient's first amount, number and unit (in a spec: its `amount`)",
    "unit": "the unit of the ingredient's first amount (in a spec: its `unit`)",
    "dv": "the ingredient's %DV as printed (in a spec: its `dv_percent`)",
    "block": "the text block (claim, warning, direction, footnote) the finding points at",
}
# Spec fields that hold an object whose words are its "text" member (as in the claim checks).
_TEXT_OBJECTS = frozenset({"claims", "disclaimer", "footnotes"})


def places_for(label: Label, target: Any, span: Span, field_path: tuple[str | int, ...]) -> dict[str, Any]:
    """The automatic places of a finding that points at ``target`` (located at ``span``/``field_path``)."""
    places: dict[str, Any] = {"finding": field_path if field_path and span == Span(0, 0) else span}
    if label.input_kind == "text":
        end = _content_end(label)
        places["end"] = Span(end, end)
    if isinstance(target, Ingredient):
        places.update(_ingredient_places(target))
    elif isinstance(target, (TextBlock, Footnote)):
        path = target.field_path
        places["block"] = ((*path, "text") if path[0] in _TEXT_OBJECTS else path) if path else target.span
    return places


def _ingredient_places(row: Ingredient) -> dict[str, Any]:
    path = row.field_path
    if path:  # a spec's row: its JSON values (a field the spec leaves out is found missing when located)
        places: dict[str, Any] = {"row": path, "name": (*path, "name"), "dv": (*path, "dv_percent")}
        if row.amounts:
            places.update(amount=(*path, "amount"), unit=(*path, "unit"))
        return places
    places = {"row": row.span, "name": row.name_span}
    if row.dv_span is not None:
        places["dv"] = row.dv_span
    if row.amounts:
        first = row.amounts[0]
        places["amount"] = first.span
        # The unit is the end of the amount as printed; only when the text is the span's own characters.
        if first.raw_unit and len(first.text) == first.span.end - first.span.start and first.text.endswith(first.raw_unit):
            places["unit"] = Span(first.span.end - len(first.raw_unit), first.span.end)
    return places


def _content_end(label: Label) -> int:
    """Where the label's last line of content ends (a trailing line break stays after an addition)."""
    spans = [row.span for row in label.ingredients] + [block.span for block in label.all_text()]
    spans += [s for s in (label.title.span if label.title else None, label.serving.span, label.panel_span) if s]
    return max((s.end for s in spans), default=0)


def render_fix(alternatives: tuple[FixSpec, ...], places: dict[str, Any], values: dict[str, Any]) -> Fix | None:
    """The first alternative whose places and values all exist, rendered; None when none does."""
    known = {name: value for name, value in values.items() if value is not None}
    for spec in alternatives:
        fix = _rendered(spec, places, known)
        if fix is not None:
            return fix
    return None


def _rendered(spec: FixSpec, places: dict[str, Any], values: dict[str, Any]) -> Fix | None:
    edits: list[Edit] = []
    try:
        for edit in spec.edits:
            place = places.get(edit.at)
            if place is None:
                return None
            copy = places.get(edit.copy) if edit.copy is not None else None
            if edit.copy is not None and not isinstance(copy, Span):
                return None  # nothing to copy, or a spec's value: lines are label text's
            for where in place if isinstance(place, list) else [place]:
                if isinstance(where, Span):
                    if edit.text is None and copy is None:
                        return None
                    edits.append(Edit(where, render(edit.text or "", values), copy=copy, whole_lines=edit.whole_lines))
                elif edit.json is None or edit.whole_lines:
                    return None
                else:
                    edits.append(Edit(Span(0, 0), json_value(edit.json, values), tuple(where)))
        title = render(spec.title, values)
    except KeyError:
        return None  # a value this finding does not have
    edits = _joined_insertions(edits)
    if not edits or _overlapping(edits):
        return None
    return Fix(title, spec.applicability, tuple(edits))


def _joined_insertions(edits: list[Edit]) -> list[Edit]:
    """Insertions of one fix at one offset as one edit, their texts in the order the rule file lists
    them (a mark after the last claim, then the disclaimer after it)."""
    joined: list[Edit] = []
    for edit in edits:
        same = next((i for i, e in enumerate(joined) if not e.field_path and not edit.field_path
                     and e.span == edit.span and e.span.start == e.span.end
                     and not (e.copy or edit.copy or e.whole_lines or edit.whole_lines)), None)
        if same is None:
            joined.append(edit)
        else:
            joined[same] = Edit(edit.span, joined[same].text + edit.text)
    return joined


def json_value(template: str, values: dict[str, Any]) -> str:
    """The JSON text of a ``json`` template: one placeholder alone keeps its value's type."""
    names = placeholders(template)
    if len(names) == 1 and template == "{" + names[0] + "}":
        value = values[names[0]]
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 625.0 would print as 625.0
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(render(template, values), ensure_ascii=False)


def _overlapping(edits: list[Edit]) -> bool:
    """Two edits of one fix touch the same text (or the same JSON value): the fix would be ambiguous."""
    paths = [edit.field_path for edit in edits if edit.field_path]
    if len(paths) != len(set(paths)):
        return True
    return edits_collide((edit.span.start, edit.span.end) for edit in edits if not edit.field_path)


def check_fix(data: dict[str, Any], names: frozenset[str] | None, places: frozenset[str]) -> None:
    """Raise ConditionError(message, key path) for a ``fix`` that can never apply (the schema checked its shape).

    ``names``: the values the rule's templates may use (None: a built-in check supplies its own,
    checked when the fix's examples run); ``places``: the places its edits may name.
    """
    raw = data.get("fix")
    if raw is None:
        return
    for index, fix in enumerate(raw if isinstance(raw, list) else [raw]):
        base: tuple[str | int, ...] = ("fix", index) if isinstance(raw, list) else ("fix",)
        _check_template(fix["title"], names, (*base, "title"))
        for number, edit in enumerate(fix["edits"]):
            path = (*base, "edits", number)
            for key in ("at", "copy"):
                if key in edit and edit[key] not in places:
                    raise ConditionError(f'{_where(path)}: unknown place "{edit[key]}" (known: {", ".join(sorted(places))})',
                                         (*path, key))
            for key in ("text", "json"):
                if key in edit:
                    _check_template(edit[key], names, (*path, key))


def _check_template(template: str, names: frozenset[str] | None, path: tuple[str | int, ...]) -> None:
    try:
        used = placeholders(template)
    except ValueError as error:
        raise ConditionError(f"{_where(path)}: {error}", path) from None
    for name in used:
        if names is not None and name not in names:
            raise ConditionError(f'{_where(path)}: unknown placeholder {{{name}}} (known: {", ".join(sorted(names))})', path)


def _where(path: tuple[str | int, ...]) -> str:
    return ".".join(map(str, path))
