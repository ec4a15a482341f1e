"""Ingredient rows: cut a line's tokens into rows, and parse each row's shape with the row grammar.

A line may hold several rows ("Vitamin D3 125 mcg 625% Vitamin K2 100 mcg"); the
cut is made first, on token classes. Each row's class string is then parsed with
Lark (``grammar/label.lark``) into a ``Shape``, which says which tokens are the
name, the sources, the amounts and the marks. The parse depends on the class
string alone and is cached: a label's rows come in a handful of shapes and across
a catalog the same shapes repeat, so Lark runs rarely.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from dklint.base.grammars import lalr_parser
from dklint.parse.label.tokens import AMT, AND, AS, COMMA, DOT, EQ, LPAR, OTHER, PCT, RPAR, SYM, UAMT, Tok

MAX_ROW_TOKENS = 240  # a proprietary blend may list forty components in its row; longer is prose, never parsed
_AMOUNTS = (AMT, UAMT)
_QUALIFIERS = frozenset({"includes", "including", "incl"})


_CODE_HEADS = frozenset({"a", "b", "c", "d", "e", "k", "mk"})


def unglue_codes(tokens: list[Tok]) -> list[Tok]:
    """"Vitamin B61.05 mg1.05 mg": columns of one amount show where a glued vitamin code ends.

    When a name ends in a code letter glued to its first amount and the next column repeats
    that amount without the leading digits, those digits are the code's ("B6", then 1.05 mg).
    Without a repeated column nothing tells "B6 1.05" from "B 61.05", and the row stays as read.
    """
    if not any(t.k == AMT for t in tokens):
        return tokens
    out: list[Tok] = []
    for index, token in enumerate(tokens):
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        previous = out[-1] if out else None
        if (token.k == AMT and nxt is not None and nxt.k == AMT and nxt.unit == token.unit
                and previous is not None and previous.k == "w" and previous.e == token.s
                and previous.text.lower() in _CODE_HEADS):
            number, repeated = _number_text(token), _number_text(nxt)
            cut = len(number) - len(repeated)
            if 0 < cut <= 2 and number.endswith(repeated) and number[:cut].isdigit():
                out.extend(_split_amount(token, cut, nxt.val))
                continue
        out.append(token)
    return out


def _number_text(token: Tok) -> str:
    return token.text[: token.us - token.s].strip()


def _split_amount(token: Tok, cut: int, value: float | None) -> list[Tok]:
    code = Tok("n", token.text[:cut], token.s, token.s + cut, token.i, token.i + cut)
    rest = Tok(AMT, token.text[cut:], token.s + cut, token.e, token.i + cut, token.j)
    rest.val, rest.unit, rest.raw_unit, rest.us = value, token.unit, token.raw_unit, token.us
    return [code, rest]


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
        elif kind in _AMOUNTS and tokens[end].unit == tokens[index].unit and tokens[end - 1].k in _AMOUNTS:
            end += 1  # the next column of a panel for several strengths or ages: "2500 IU 2500 IU 50%"
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


# -- the row grammar ---------------------------------------------------------------------------


@cache
def _parser() -> Lark:
    # tables kept in the user's cache: a CI run of one label does not rebuild them (about 35 ms of start-up)
    return lalr_parser("label", lexer="contextual", propagate_positions=False, maybe_placeholders=False)


@dataclass(frozen=True, slots=True)
class Shape:
    """Which tokens of a row play which part. Index ranges are half-open."""

    kind: str  # name_first | amount_first | amounts_only | name_only
    name: tuple[int, int] | None
    sources: tuple[tuple[int, int, bool], ...]  # (start, end, introduced by "as"/"from")
    amounts: tuple[int, ...]
    links: tuple[int, ...]  # indexes of the links between amounts ("/", "equivalent to")
    marks: tuple[int, ...]  # %DV and symbol tokens
    lists: tuple[tuple[int, int], ...]  # bracketed lists after the amounts


@lru_cache(maxsize=8192)
def shape_of(classes: str) -> Shape | None:
    """The parse of a row's class string, or None when it is not a row."""
    try:
        tree = _parser().parse(classes)
    except LarkError:
        return None
    return _walk(tree)


def _positions(tree: Tree) -> list[int]:
    return [t.start_pos for t in tree.scan_values(lambda v: isinstance(v, Token))]


def _walk(tree: Tree) -> Shape:
    name, sources, amounts, links, marks, lists = None, [], [], [], [], []
    for child in tree.children:
        if isinstance(child, Token):
            if child.type in ("PCT", "SYM"):
                marks.append(child.start_pos)
            continue
        if child.data == "name":
            name = _name(child, sources)
        elif child.data == "amounts":
            for part in child.children:
                target = amounts if isinstance(part, Tree) else links
                target.append(part.children[0].start_pos if isinstance(part, Tree) else part.start_pos)
        elif child.data == "paren":
            _paren(child, amounts, marks, lists)
        elif child.data == "tail_source":
            positions = _positions(child.children[1])
            sources.append((positions[0], positions[-1] + 1, True))
    return Shape(str(tree.data), name, tuple(sources), tuple(amounts), tuple(links), tuple(marks), tuple(lists))


def _name(tree: Tree, sources: list) -> tuple[int, int]:
    first = _positions(tree.children[0])
    for part in tree.children[1:]:
        if part.data == "paren_source":
            lpar, note, rpar = part.children
            lead = note.children[0] if note.children else None
            as_first = isinstance(lead, Token) and lead.type == "AS"  # "(as cholecalciferol)"
            sources.append((lpar.start_pos + 1 + as_first, rpar.start_pos, as_first))
        elif part.data == "as_source":
            positions = _positions(part.children[1])
            sources.append((positions[0], positions[-1] + 1, True))
    return first[0], first[-1] + 1


def _paren(tree: Tree, amounts: list, marks: list, lists: list) -> None:
    """"(83%)" is a mark, "(5,000 IU)" another amount; "(400 mcg folic acid)" and "(a, b)" are notes."""
    lpar, body, *rest = tree.children
    rpar = rest[-1]
    if isinstance(body, Token):
        marks.append(body.start_pos)
    elif body.data == "amount" and not (len(rest) > 1 and rest[0].children):
        amounts.append(body.children[0].start_pos)
    else:
        lists.append((lpar.start_pos + 1, rpar.start_pos))
