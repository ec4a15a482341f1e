"""The reading of one panel line, worked out once per distinct text.

A catalog repeats its lines: "Serving Size: 1 Softgel", "Vitamin D3 (as
cholecalciferol) 25 mcg (1,000 IU) 125%". Everything about a panel line that
depends only on its text (tokens, rows, their parses, the ingredients' fields)
is a ``LinePlan``, cached by text in text coordinates; a label then only moves
the offsets to where the line stands and makes the model objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dklint.parse.label import blocks
from dklint.parse.label.ingredients import Recipe, recipe
from dklint.parse.label.lines import Seg
from dklint.parse.label.rows import Shape, row_shape, split_rows, unglue_codes
from dklint.parse.label.tokens import PCT, SYM, Tok, lex, shifted, tokenize

MAX_CACHED = 500  # characters; longer lines are read afresh (and are rarely repeated)


@dataclass(frozen=True, slots=True)
class LinePlan:
    tokens: tuple[Tok, ...]
    chunks: tuple[list[Tok], ...]  # the rows a line holds ("... 625% Vitamin K2 ..." holds two)
    shapes: tuple[Shape | None, ...]
    recipes: tuple[Recipe | None, ...]
    sentence: bool  # reads like prose
    directive: bool  # reads like directions or a warning
    marks_only: bool  # only a %DV cell: "625%", "†"

    def chunk(self, index: int, shift: int) -> list[Tok]:
        """The tokens of one row, at their place in the source."""
        return shifted(self.chunks[index], shift)

    def all_tokens(self, shift: int) -> list[Tok]:
        return shifted(self.tokens, shift)


def line_plan(seg: Seg) -> tuple[LinePlan, int]:
    """The plan of a segment and the shift from its coordinates to the source's."""
    text = seg.text
    if seg.breaks is None and len(text) <= MAX_CACHED:
        return _cached(text), seg.base
    return _plan(tokenize(seg), text), 0


@lru_cache(maxsize=4096)
def _cached(text: str) -> LinePlan:
    return _plan(list(lex(text)), text)


def _plan(tokens: list[Tok], text: str) -> LinePlan:
    chunks = split_rows(unglue_codes(tokens))
    shapes = tuple(row_shape(chunk) for chunk in chunks)
    recipes = tuple(recipe(chunk, shape) if shape is not None else None for chunk, shape in zip(chunks, shapes))
    return LinePlan(
        tokens=tuple(tokens), chunks=tuple(chunks), shapes=shapes, recipes=recipes,
        sentence=blocks.prose_like(text),
        directive=blocks.looks_like_directions(text) or blocks.looks_like_warning(text),
        marks_only=bool(tokens) and all(t.k in (PCT, SYM) for t in tokens),
    )
