"""Row grammar: parse a row's class string with Lark into a ``Shape``.

A row's tokens (``label_tokens``) are parsed by their classes alone, so the parse
only depends on that string and is cached: a label's rows come in a handful of
shapes and across a catalog the same shapes repeat, so Lark runs rarely. The
``Shape`` says which tokens are the name, the sources, the amounts and the marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from dklint.resources import grammar_dir


def _load() -> Lark:
    text = (grammar_dir() / "label.lark").read_text(encoding="utf-8")
    # cache=True: Lark keeps the built parse tables in the temp folder, keyed on the grammar's
    # hash, so a CI run of one label does not rebuild them (about 40 ms of start-up).
    return Lark(text, parser="lalr", lexer="contextual", propagate_positions=False, maybe_placeholders=False,
                cache=True)


_PARSER = _load()


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
        tree = _PARSER.parse(classes)
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
