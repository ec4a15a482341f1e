"""Model objects from parsed rows: ``Ingredient`` with its ``Amount``s, and DK006.

A row is read in two steps. ``recipe`` works out every field from the tokens
(names, source, nutrient, amounts, %DV) with offsets as plain numbers; ``cook``
makes the pydantic objects, moving the offsets by a shift. The split lets a
recipe computed once for a row's text serve every label where that row recurs
("Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU) 125%"), at any offset.
"""

from __future__ import annotations

from dataclasses import dataclass

from dklint.base.textnorm import shorten
from dklint.facts.nutrients import registry, resolve
from dklint.facts.units import basis_of
from dklint.findings import Finding
from dklint.model import Amount, Ingredient
from dklint.parse.label.rows import Shape, joined_text
from dklint.parse.label.tokens import AMT, EQ, NUM, PCT, SYM, UAMT, WORD, Tok
from dklint.source import Span

BLEND_WORDS = frozenset({"blend", "complex", "matrix"})


@dataclass(frozen=True, slots=True)
class Recipe:
    """An ingredient's fields; every (start, end) is in the coordinates of the tokens it came from."""

    name: str
    nutrient: str | None
    form: str | None
    source: str | None
    amounts: tuple[tuple, ...]  # (value, unit, raw_unit, basis, known, text, start, end)
    dv: tuple | None  # (value, less_than, text, start, end)
    symbol: str | None
    span: tuple[int, int]
    name_span: tuple[int, int]
    unknown: tuple[tuple, ...]  # DK006: (message, unit start, end, subject)


def is_blend(name: str) -> bool:
    return any(word in BLEND_WORDS for word in name.lower().split())


def amount(token: Tok) -> Amount:
    return _amount(_amount_fields(token), 0)


def _amount_fields(token: Tok) -> tuple:
    known = token.k == AMT
    raw = token.raw_unit
    basis = basis_of(raw) if known and len(raw) > 3 else None
    text = token.text if "  " not in token.text else " ".join(token.text.split())
    return (token.val, token.unit if known else raw, raw, basis, known, text, token.s, token.e)


def _amount(fields: tuple, shift: int) -> Amount:
    value, unit, raw, basis, known, text, start, end = fields
    return Amount.model_construct(value=value, unit=unit, raw_unit=raw, basis=basis, known=known, text=text,
                                  span=Span(start + shift, end + shift))


def recipe(chunk: list[Tok], shape: Shape) -> Recipe | None:
    """Every field of the ingredient a parsed row declares (None for a row without a name)."""
    if shape.name is None:
        return None
    name_tokens = chunk[shape.name[0] : shape.name[1]]
    if shape.kind == "amount_first" and len(name_tokens) > 1 and name_tokens[0].text.lower() == "of":
        name_tokens = name_tokens[1:]  # "84 mg of elemental magnesium"
    name = joined_text(name_tokens).strip(" ,:-") or joined_text(name_tokens)
    sources = [(joined_text(chunk[s:e]), flagged) for s, e, flagged in shape.sources if e > s]
    lists = [chunk[s:e] for s, e in shape.lists if e > s]
    if is_blend(name):  # a blend's bracket lists its components; anything else names a source
        lists = []
    nutrient, form = resolve(name, " ".join(text for text, _ in sources) or None)
    amounts = [_amount_fields(chunk[i]) for i in shape.amounts]
    restated: list[str] = []  # the words of notes that are another amount of the row: they may name its form
    for tokens in lists:
        if nutrient is not None and restates(tokens, nutrient):
            amounts.append(_amount_fields(tokens[0]))  # "(400 mcg folic acid)", "(500 mg calcium)"
            restated.append(joined_text(tokens[1:]))
        else:
            sources.append((joined_text(tokens), False))
    if lists:
        nutrient, form = resolve(name, " ".join([*(text for text, _ in sources), *restated]) or None)
    source = next((text for text, flagged in sources if flagged), sources[0][0] if sources else None)
    if _salt_then_element(chunk, shape, amounts):
        amounts[0], amounts[1] = amounts[1], amounts[0]
    dv, symbol = _marks(chunk, shape)
    return Recipe(
        name=name, nutrient=nutrient, form=form, source=source, amounts=tuple(amounts),
        dv=(dv.val, dv.lt, " ".join(dv.text.split()), dv.s, dv.e) if dv else None, symbol=symbol,
        span=(chunk[0].s, chunk[-1].e), name_span=(name_tokens[0].s, name_tokens[-1].e),
        unknown=_unknown(chunk),
    )


def with_amount(row: Ingredient, tokens: list[Tok]) -> Ingredient:
    """``row`` with the amount a note on the next line restates ("(400 mcg folic acid)"), and the form it names."""
    extra = amount(tokens[0])
    _, form = resolve(row.name, " ".join(filter(None, (row.source, joined_text(tokens[1:])))))
    return row.model_copy(update={"amounts": (*row.amounts, extra), "form": row.form or form,
                                  "span": Span(row.span.start, max(row.span.end, tokens[-1].e))})


def cook(plan: Recipe, shift: int = 0, in_blend: bool = False) -> Ingredient:
    """The Ingredient of a recipe, its offsets moved by ``shift``."""
    dv = plan.dv
    return Ingredient.model_construct(
        name=plan.name, nutrient=plan.nutrient, form=plan.form, source=plan.source,
        amounts=tuple(_amount(fields, shift) for fields in plan.amounts),
        dv_percent=dv[0] if dv else None, dv_less_than=bool(dv and dv[1]), dv_text=dv[2] if dv else None,
        dv_span=Span(dv[3] + shift, dv[4] + shift) if dv else None, symbol=plan.symbol, in_blend=in_blend,
        span=Span(plan.span[0] + shift, plan.span[1] + shift),
        name_span=Span(plan.name_span[0] + shift, plan.name_span[1] + shift),
    )


def unknown_units(plan: Recipe, shift: int = 0) -> list[Finding]:
    """DK006 for each amount whose unit dklint does not know, pointing at the unit."""
    return [Finding("DK006", "warning", message, Span(start + shift, end + shift), subject=subject)
            for message, start, end, subject in plan.unknown]


def ingredient(chunk: list[Tok], shape: Shape, in_blend: bool = False) -> Ingredient | None:
    plan = recipe(chunk, shape)
    return None if plan is None else cook(plan, 0, in_blend)


def _unknown(chunk: list[Tok]) -> tuple[tuple, ...]:
    if not any(t.k == UAMT for t in chunk):
        return ()
    row = joined_text(chunk)
    row = shorten(row, 80)
    # The subject (what a fingerprint is made of) names the row too, so two rows with one odd unit differ.
    return tuple((f'unknown unit "{t.raw_unit}" in "{row}"', t.us, t.e, f"{t.raw_unit} in {row}")
                 for t in chunk if t.k == UAMT)


def restates(tokens: list[Tok], nutrient: str) -> bool:
    """A bracketed note that is another amount of the row's own nutrient: "(400 mcg folic acid)" on a folate row."""
    if len(tokens) < 2 or tokens[0].k != AMT or any(t.k not in (WORD, NUM, "-") for t in tokens[1:]):
        return False
    named, _ = resolve(joined_text(tokens[1:]), None)
    return named is not None and (registry().is_a(named, nutrient) or registry().is_a(nutrient, named))


def _salt_then_element(chunk: list[Tok], shape: Shape, amounts: list[tuple]) -> bool:
    """"Calcium carbonate 1250 mg equivalent to 500 mg": the second amount is the nutrient itself."""
    if len(shape.amounts) < 2 or amounts[0][1] != amounts[1][1]:
        return False
    first, second = shape.amounts[0], shape.amounts[1]
    return any(first < link < second and chunk[link].k == EQ for link in shape.links)


def _marks(chunk: list[Tok], shape: Shape) -> tuple[Tok | None, str | None]:
    """The %DV token and the first symbol ("†" in the %DV column, "*" after the amount)."""
    dv = next((chunk[i] for i in shape.marks if chunk[i].k == PCT), None)
    symbol = next((chunk[i].sym for i in shape.marks if chunk[i].k == SYM), None)
    return dv, symbol
