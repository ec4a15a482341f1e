"""The one model both label text and JSON specs are parsed into.

Every rule is written against ``Label`` and runs unchanged on either input kind.
Each value keeps the ``Span`` of the text it came from so a finding can point
at the exact ingredient row, claim or directions line.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from dklint.source import Span

# What kind of document an input is, decided once when it is parsed. Rules say which kinds they judge.
DOCUMENT_KINDS = ("panel", "listing", "dose-less", "foreign", "spec")
# The regions of a label; each part of the model belongs to one. Rules say which regions they judge.
REGIONS = ("front", "facts", "prose", "claims", "directions", "warnings", "other-ingredients")

Document = Literal["panel", "listing", "dose-less", "foreign", "spec"]


class _Model(BaseModel):
    # defer_build: a model's validator is built the first time it validates, not when this module is
    # imported. The label-text parser makes its objects with ``model_construct`` (it produces the declared
    # types already; tests/test_model_construct.py validates every object it makes from the fixtures and
    # samples), so checking a label builds no validator and never runs pydantic's plugin scan
    # (importlib.metadata); a JSON spec is validated as before, building what it needs on first use.
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True, defer_build=True)

    @classmethod
    def model_construct(cls, _fields_set: set[str] | None = None, **values: Any) -> Any:
        """pydantic's ``model_construct`` for these models, four times faster: an object without validation.

        pydantic's own loops over every field in Python for aliases and default factories, which these
        models do not have (every default is an immutable value), and took 6 us an ingredient against 1.6 us
        validated: the label reader makes dozens a label. Here the defaults of a class are gathered once,
        and an object is its ``__dict__`` and the three slots pydantic reads. A required field left out
        reads as None (pydantic's would be missing): the parsers always give them.
        """
        defaults = _DEFAULTS.get(cls)
        if defaults is None:  # in field order, as validation makes it (repr and model_dump follow it)
            defaults = _DEFAULTS[cls] = {name: None if field.is_required() else field.default
                                         for name, field in cls.model_fields.items()}
        made = cls.__new__(cls)
        _set(made, "__dict__", {**defaults, **values})
        _set(made, "__pydantic_fields_set__", set(values) if _fields_set is None else _fields_set)
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        """pydantic's ``model_copy`` for the shallow copy the parsers and region views make, without its detour.

        pydantic's goes through ``__copy__`` (``copy.copy`` of each of three attributes, a ``hasattr``) and
        then updates: 1.6 us a copy against 1.0 us here. These models have no extra fields
        (``extra="forbid"``) and no private attributes, so a copy is its ``__dict__`` and its set fields.
        """
        if deep:
            return super().model_copy(update=update, deep=True)
        made = type(self).__new__(type(self))
        _set(made, "__dict__", {**self.__dict__, **update} if update else dict(self.__dict__))
        fields_set = set(self.__pydantic_fields_set__)
        if update:
            fields_set.update(update)
        _set(made, "__pydantic_fields_set__", fields_set)
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made


_DEFAULTS: dict[type, dict[str, Any]] = {}
_set = object.__setattr__


class Amount(_Model):
    """A quantity as declared: ``125 mcg`` or ``5,000 IU``.

    ``unit`` is the canonical spelling (``mcg``, ``mg``, ``g``, ``IU``, ``mL``,
    ``CFU``...) or, when ``known`` is False, the spelling found. ``basis`` keeps a
    qualifier such as ``RAE``, ``DFE``, ``NE`` or ``alpha-TE``.
    """

    value: float
    unit: str
    raw_unit: str = ""
    basis: str | None = None
    known: bool = True
    text: str = ""
    span: Span


class Ingredient(_Model):
    """One dietary ingredient row of a panel (or of a spec's ``ingredients``)."""

    name: str
    nutrient: str | None = None  # registry id, e.g. "vitamin_d", "vitamin_k2"
    form: str | None = None  # e.g. "D3", "MK-7", "MK-4", "K1", "retinol"
    source: str | None = None  # "(as cholecalciferol)" -> "cholecalciferol"
    amounts: tuple[Amount, ...] = ()
    dv_percent: float | None = None
    dv_less_than: bool = False  # "<1%" / "Less than 1%"
    dv_text: str | None = None
    dv_span: Span | None = None
    symbol: str | None = None  # "†" in the %DV column, "*" after the amount
    in_blend: bool = False  # component of a proprietary blend
    span: Span
    name_span: Span
    field_path: tuple[str | int, ...] = ()  # JSON path for specs, () for text
    # "facts": a row of the panel or of a list; "front": the statement of identity above the panel;
    # "prose": a dose named in a sentence
    region: Literal["facts", "front", "prose"] = "facts"
    # The row is all its line of label text holds, and nothing on another line belongs to it (no %DV or
    # symbol on a line of its own, no blend components under it): moving that line moves exactly the row
    # (DK210's fix). False in a spec, and wherever the parser cannot be sure.
    line_alone: bool = False


class Serving(_Model):
    size: float | None = None
    unit: str | None = None
    text: str | None = None
    span: Span | None = None
    servings_per_container: float | None = None
    servings_per_day: float | None = None
    servings_per_day_origin: Literal["spec", "directions", "assumed"] = "assumed"


class TextBlock(_Model):
    """A piece of label prose: a directions line, a warning, a claim, a footnote."""

    text: str
    span: Span
    symbol: str | None = None
    field_path: tuple[str | int, ...] = ()
    # For text outside every section (``Label.text_blocks``): "front" above the panel, else "prose"
    region: Literal["front", "prose"] = "prose"


class Footnote(_Model):
    symbol: str
    text: str
    span: Span
    field_path: tuple[str | int, ...] = ()


class Label(_Model):
    """A parsed product, from label text or from a JSON spec."""

    input_kind: Literal["text", "spec"]
    product_id: str | None = None
    name: str | None = None
    form: str | None = None  # "softgel", "tablet", "liquid", "oil drops"...
    title: TextBlock | None = None  # the panel title as written
    panel_span: Span | None = None
    has_panel: bool = False
    serving: Serving = Serving.model_construct()  # as Serving(), without building its validator at import
    ingredients: tuple[Ingredient, ...] = ()
    other_ingredients: TextBlock | None = None
    # The words that head it, folded ("other ingredients", "inactive ingredients", "ingredients"); none
    # when the list stands under the panel with no heading.
    other_ingredients_heading: str | None = None
    directions: tuple[TextBlock, ...] = ()
    warnings: tuple[TextBlock, ...] = ()
    claims: tuple[TextBlock, ...] = ()
    disclaimer: TextBlock | None = None
    footnotes: tuple[Footnote, ...] = ()
    # The panel's column heading lines as written ("Amount Per Serving  % Daily Value*"): a symbol
    # there refers to a footnote as a row's symbol does.
    column_headings: tuple[str, ...] = ()
    # Every line of prose that is not a panel row: marketing copy, headings,
    # sections the parser could not classify. Phrase rules search these too.
    text_blocks: tuple[TextBlock, ...] = ()
    # Not a US supplement label (Drug Facts, NPN "Medicinal ingredients", %NRV, AUST L, ...).
    foreign_format: str | None = None
    # "panel": text shaped like a Supplement Facts panel (a title, a serving statement, an "Amount Per
    # Serving" header, or two rows laid out as a table or list); "listing": doses only in sentences or
    # one row; "dose-less": US text with no dosed ingredient; "foreign"; "spec": a JSON product spec
    document: Document = "panel"

    def all_text(self) -> tuple[TextBlock, ...]:
        """Every prose block of the label, in no particular order."""
        blocks: list[TextBlock] = [*self.directions, *self.warnings, *self.claims, *self.text_blocks]
        if self.disclaimer is not None:
            blocks.append(self.disclaimer)
        if self.other_ingredients is not None:
            blocks.append(self.other_ingredients)
        blocks.extend(TextBlock.model_construct(text=f.text, span=f.span) for f in self.footnotes)
        return tuple(blocks)

    def whole_label_span(self) -> Span:
        """Where a finding about something missing points: the panel title, else line 1."""
        if self.title is not None:
            return self.title.span
        return Span(0, 0)
