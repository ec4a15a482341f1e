"""Ingredient rows: split a run of tokens into rows, and ask the row grammar for each one's shape.

A line may hold several rows ("Vitamin D3 125 mcg 625% Vitamin K2 100 mcg"); the cut
is made here, on token classes, before the grammar (``label_row_grammar``) sees a row.
"""

from __future__ import annotations

from dklint.parse.label_row_grammar import Shape, shape_of
from dklint.parse.label_token_kinds import AMT, AND, AS, COMMA, DOT, EQ, LPAR, OTHER, PCT, RPAR, SYM, UAMT, Tok

MAX_ROW_TOKENS = 80  # longer than any real row: read as prose, never handed to the parser
_AMOUNTS = (AMT, UAMT)
_QUALIFIERS = frozenset({"includes", "including", "incl"})


def split_rows(tokens: list[Tok]) -> list[list[Tok]]:
    """Cut a line's tokens into rows at the end of each name's amounts (linear listings).

    "Vitamin D3 125 mcg (5,000 IU) 625% Vitamin K2 (as MK-7) 100 mcg" holds two rows;
    a row ends after its amounts, %DV, symbols and a trailing bracket or source.
    """
    chunks: list[list[Tok]] = []
    current: list[Tok] = []
    named = False
    depth = 0  # brackets open in the name: "Folate (400 mcg folic acid)" has no row break inside
    index, count = 0, len(tokens)
    if count and tokens[0].k == "w" and tokens[0].text.lower() in _QUALIFIERS:
        index = 1  # "Includes 3 g Added Sugars 6%": the row is "3 g Added Sugars 6%"
    last_amount = max((i for i, t in enumerate(tokens) if t.k in _AMOUNTS), default=-1)
    while index < count:
        token = tokens[index]
        depth = max(0, depth + (token.k == LPAR) - (token.k == RPAR))
        if token.k in _AMOUNTS and named and depth == 0:
            if current[0].k in _AMOUNTS:  # "2,000 IU Vitamin D3" was a row; this amount starts the next
                chunks.append(current)
                current, named = [], False
                continue
            end = _cluster_end(tokens, index, count, last_amount)
            current.extend(tokens[index:end])
            chunks.append(_trim_joined(current, bool(chunks)))
            current, named, index = [], False, end
            while index < count and tokens[index].k in (COMMA, DOT, AND, OTHER):
                index += 1
            continue
        named = named or token.k in ("w", "n")
        current.append(token)
        index += 1
    if current:
        chunks.append(_trim_joined(current, bool(chunks)))
    stripped = (_strip_ends(chunk) for chunk in chunks)
    return [chunk for chunk in stripped if chunk]


def _cluster_end(tokens: list[Tok], index: int, count: int, last_amount: int) -> int:
    """Index just after an amount's cluster: links, bracketed amounts, %DV, marks, tail.

    A trailing "as Cholecalciferol USP" belongs to this row only when no amount follows.
    """
    end = index + 1
    while end < count:
        kind = tokens[end].k
        if kind in ("/", EQ, ":") and end + 1 < count and tokens[end + 1].k in _AMOUNTS:
            end += 2
        elif kind in (PCT, SYM):
            end += 1
        elif kind == LPAR:
            close = _closing(tokens, end, count)
            if close < 0:
                break
            end = close + 1
        elif kind == AS and end > last_amount:
            return count
        else:
            break
    return end


def _closing(tokens: list[Tok], start: int, count: int) -> int:
    depth = 0
    for index in range(start, min(count, start + MAX_ROW_TOKENS)):
        kind = tokens[index].k
        depth += (kind == LPAR) - (kind == RPAR)
        if depth == 0:
            return index
    return -1


def _trim_joined(chunk: list[Tok], later: bool) -> list[Tok]:
    """In a later row of a line, words before an "and"/"," belong to the sentence, not the name.

    "... 500 mg of elemental calcium and cholecalciferol (vitamin D3) 200 IU": the
    second row's name is "cholecalciferol (vitamin D3)".
    """
    if not later:
        return chunk
    depth, cut = 0, -1
    for index, token in enumerate(chunk):
        if token.k in _AMOUNTS:
            break
        depth += (token.k == LPAR) - (token.k == RPAR)
        if depth == 0 and token.k in (AND, COMMA):
            cut = index
    return chunk[cut + 1 :]


def _strip_ends(chunk: list[Tok]) -> list[Tok]:
    start, end = 0, len(chunk)
    while start < end and chunk[start].k in (COMMA, DOT, AND, OTHER, ":", "c", "-"):
        start += 1
    while end > start and chunk[end - 1].k in (COMMA, DOT, OTHER, ":", "c", "-"):
        end -= 1
    return chunk[start:end]


def row_shape(chunk: list[Tok]) -> Shape | None:
    if not chunk or len(chunk) > MAX_ROW_TOKENS:
        return None
    return shape_of("".join(t.k for t in chunk))


def joined_text(tokens: list[Tok]) -> str:
    """Tokens' text with a space wherever the source had a gap between them."""
    parts: list[str] = []
    previous_end = None
    for token in tokens:
        if previous_end is not None and token.s != previous_end:
            parts.append(" ")
        parts.append(token.text)
        previous_end = token.e
    return "".join(parts)
