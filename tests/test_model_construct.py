"""The label-text parser builds its model objects with ``model_construct`` (no validation), so a label check
never builds a pydantic validator. That is sound only while the parser gives every field the type the model
declares: here every object it makes from the fixtures and the shared samples is validated again and must come
out the same, value and type (a float field given an int, a tuple field given a list, would show here).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from dklint.model import Label, Serving
from dklint.parse.label.parse import parse_label
from dklint.source import Source
from tests.conftest import REPO, SHARED


def _differences(made: object, where: str) -> list[str]:
    """Where ``made`` (and every model inside it) differs from the same fields validated."""
    if isinstance(made, tuple):
        return [problem for index, item in enumerate(made) for problem in _differences(item, f"{where}[{index}]")]
    if not isinstance(made, BaseModel):
        return []
    model = type(made)
    fields = {name: getattr(made, name) for name in model.model_fields}
    validated = model.model_validate(fields)  # nested models pass as they are: checked by the recursion below
    problems = []
    for name, value in fields.items():
        again = getattr(validated, name)
        if type(value) is not type(again) or value != again:
            problems.append(f"{where}.{name}: made {value!r} ({type(value).__name__}), "
                            f"validated {again!r} ({type(again).__name__})")
        problems += _differences(value, f"{where}.{name}")
    return problems


def _texts() -> list[Path]:
    found = sorted((REPO / "fixtures").rglob("*.txt"))
    if SHARED.exists():
        found += sorted((SHARED / "samples").rglob("*.txt"))
    return found


@pytest.mark.parametrize("path", _texts(), ids=lambda path: path.name)
def test_every_object_the_label_parser_makes_is_what_validation_would_make(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    label = parse_label(Source(path=str(path), text=text, kind="label")).label
    assert _differences(label, "label") == []


def test_defaults_made_without_validation_equal_validated_ones():
    assert Label.model_construct(input_kind="text") == Label(input_kind="text")
    assert Label.model_fields["serving"].default == Serving()


@pytest.mark.parametrize("update", [None, {}, {"name": "Bone Support", "claims": ()}])
def test_model_copy_is_pydantics_shallow_copy(update):
    label = parse_label(Source(path="l.txt", text=(REPO / "fixtures" / "examples" / "d3-k2-capsule.txt")
                               .read_text(encoding="utf-8"), kind="label")).label
    ours, theirs = label.model_copy(update=update), BaseModel.model_copy(label, update=update)
    assert ours == theirs and ours is not label
    assert ours.model_fields_set == theirs.model_fields_set
    assert ours.__dict__ == theirs.__dict__ and ours.__dict__ is not label.__dict__
    assert (ours.__pydantic_extra__, ours.__pydantic_private__) == (theirs.__pydantic_extra__, None)
    assert ours.model_fields_set is not label.model_fields_set  # the copy's set of fields is its own
    deep = label.model_copy(deep=True)
    assert deep == label and deep.ingredients[0] is not label.ingredients[0]
