"""Doses stated in sentences: "Contains 125 mcg D3, 100 mcg K2 ...", "vitamin K1 (500 mcg per drop)".

A sentence counts as declaring an ingredient only where a name the nutrient
registry knows stands right next to an amount with a mass or IU unit: just
before it ("Vitamin D3 200 IU") or just after it, past an "of" ("125 mcg of
vitamin K1"). Other numbers ("over 300 reactions", "2,000 genes", "8oz. glass",
prices, temperatures) never become ingredients. Windows are a few tokens wide,
so the work is linear in the sentence.
"""

from __future__ import annotations

from dklint.facts.nutrients import registry
from dklint.model import Ingredient
from dklint.parse.label.ingredients import amount, resolve
from dklint.parse.label.rows import joined_text
from dklint.parse.label.tokens import AMT, AS, DOT, EQ, LPAR, NUM, RPAR, WORD, Tok
from dklint.source import Span

DOSE_UNITS = frozenset({"mcg", "mg", "g", "IU"})
_WINDOW = 6  # words looked at on either side of an amount
_MAX_TOKENS = 24  # and tokens, whatever they are ("D-3", brackets)
_STOP = frozenset(
    "contains contain containing provides provide providing with of and or is are was be to the a an in for per "
    "each every at than by about over under up only that which this these those daily day plus offering offers "
    "delivers delivering supplies supplying take taking dose doses total approximately around also but so like "
    "into has have had use using recommend recommends recommended suggesting suggests show shows studies "
    "study found level levels intake between least most more less when if you your our we it its their "
    "them than then who were will can may should must been being get getting deliver offer offered give gives "
    "giving supply provided delivered yields yield packs pack".split()
)
_MODIFIERS = frozenset("vitamin vit vitamins elemental natural pure plant source".split())


_LEAD_TOKENS = 4  # the words kept before an amount that names no nutrient ("supplementing with 1,000 IU")


def read_doses(tokens: list[Tok]) -> tuple[list[Ingredient], list[tuple[Tok, str]]]:
    """The doses of a sentence with their nutrients, and the dose amounts that name none beside them,
    each with the words before it ("supplementing with 1,000 IU"): the page's subject may own those."""
    found: list[Ingredient] = []
    orphans: list[tuple[Tok, str]] = []
    index, count = 0, len(tokens)
    while index < count:
        token = tokens[index]
        if token.k != AMT or token.unit not in DOSE_UNITS:
            index += 1
            continue
        end = _cluster_end(tokens, index, count)
        item = _beside(tokens, index, end)
        if item is not None:
            found.append(item)
        else:
            orphans.append((token, joined_text(tokens[max(0, index - _LEAD_TOKENS) : index])))
        index = end
    return found, orphans


def _cluster_end(tokens: list[Tok], index: int, count: int) -> int:
    """Past "(5,000 IU)", "/ 25 mcg" or "equivalent to 5 mcg" after the first amount."""
    end = index + 1
    while end < count:
        if (tokens[end].k == LPAR and end + 2 < count and tokens[end + 1].k == AMT
                and tokens[end + 2].k == RPAR):
            end += 3
        elif tokens[end].k in ("/", EQ) and end + 1 < count and tokens[end + 1].k == AMT:
            end += 2
        else:
            break
    return end


def _beside(tokens: list[Tok], start: int, end: int) -> Ingredient | None:
    found = _before(tokens, start) or _after(tokens, end)
    if found is None:
        return None
    name_tokens, extra, nutrient = found  # extra: "(cholecalciferol)" or "as menaquinone-4" after the name
    text = joined_text(name_tokens)
    inner = extra[1:-1] if extra and extra[0].k == LPAR else extra[1:]
    source = joined_text(inner) if inner else None
    resolved, form = resolve(text, source)
    if form is None and (resolved or nutrient):
        form = _form_in_clause(tokens, start, end, resolved or nutrient)
    amounts = tuple(amount(t) for t in tokens[start:end] if t.k == AMT)
    first = min(name_tokens[0].s, tokens[start].s)
    last = max((extra or name_tokens)[-1].e, tokens[end - 1].e)
    return Ingredient.model_construct(
        name=text, nutrient=resolved or nutrient, form=form, source=source, amounts=amounts,
        span=Span(first, last), name_span=Span(name_tokens[0].s, name_tokens[-1].e), region="prose",
    )


_CLAUSE_TOKENS = 16  # how far around a dose its form may stand: "MK-7 Vitamin K-2 100 mcg", "... with mostly MK-7"


def _form_in_clause(tokens: list[Tok], start: int, end: int, nutrient: str) -> str | None:
    """The one form of the nutrient named near the dose, in the same sentence."""
    low = start
    while low > 0 and start - low < _CLAUSE_TOKENS and tokens[low - 1].k != DOT:
        low -= 1
    high = end
    while high < len(tokens) and high - end < _CLAUSE_TOKENS and tokens[high].k != DOT:
        high += 1
    forms = registry().forms_named(nutrient, joined_text(tokens[low:high]))
    return next(iter(forms)) if len(forms) == 1 else None


def _word_like(tokens: list[Tok], index: int) -> bool:
    """A word, or a digit glued to one ("D3", "B-12", "MK-7"), or "3" after a lone letter ("D 3")."""
    token = tokens[index]
    if token.k == WORD:
        return token.text.lower() not in _STOP
    if token.k in (NUM, "-") and index > 0:
        previous = tokens[index - 1]
        glued = previous.e == token.s
        return glued or (token.k == NUM and previous.k == WORD and len(previous.text) == 1)
    return False


def _before(tokens: list[Tok], start: int):
    """The nutrient named just before an amount: the shortest resolving tail of the words there."""
    stop = start
    if stop > 0 and tokens[stop - 1].k in (LPAR, ":", "c"):
        stop -= 1  # "vitamin K1 (500 mcg per drop)", "Vitamin D3: 400 IU"
    index, words, floor = stop - 1, 0, stop - _MAX_TOKENS
    while index >= max(0, floor) and words < _WINDOW and (tokens[index].k in (LPAR, RPAR) or _word_like(tokens, index)):
        words += tokens[index].k == WORD
        index -= 1
    return _shortest_tail(tokens[index + 1 : stop])


def _shortest_tail(window: list[Tok]):
    """The shortest run of words ending the window that names a nutrient, plus modifiers before it."""
    depth = 0
    lookup = registry().lookup
    for index in range(len(window) - 1, -1, -1):
        kind = window[index].k
        depth += (kind == RPAR) - (kind == LPAR)
        if depth != 0 or kind != WORD:
            continue
        nutrient = lookup(joined_text(window[index:]))
        if nutrient is None:
            continue
        while index > 0 and window[index - 1].k == WORD and window[index - 1].text.lower() in _MODIFIERS:
            index -= 1
        return _name_and_source(window[index:], nutrient)
    return None


def _name_and_source(tokens: list[Tok], nutrient: str):
    """Split "cholecalciferol (vitamin D3) BP" into the name and the bracketed source."""
    for index, token in enumerate(tokens):
        if token.k == LPAR and index > 0:
            close = next((j for j in range(index + 1, len(tokens)) if tokens[j].k == RPAR), len(tokens) - 1)
            return tokens[:index], tokens[index : close + 1], nutrient
    return tokens, [], nutrient


def _after(tokens: list[Tok], end: int):
    """The nutrient named just after an amount: "125 mcg D3", "1000 IU of vitamin D per drop"."""
    index, count = end, len(tokens)
    if index < count and tokens[index].k == WORD and tokens[index].text.lower() == "of":
        index += 1
    lookup = registry().lookup
    first, words, ceiling = index, 0, min(count, index + _MAX_TOKENS)
    while index < ceiling and words < _WINDOW and _word_like(tokens, index):
        words += tokens[index].k == WORD
        index += 1
        if index < count and tokens[index].s == tokens[index - 1].e and tokens[index].k in (WORD, NUM, "-"):
            continue  # still inside "D3", "MK-7", "B-12"
        nutrient = lookup(joined_text(tokens[first:index]))
        if nutrient is not None:
            index = _compound_end(tokens, first, index, nutrient)
            return tokens[first:index], _bracket_after(tokens, index), nutrient
    return None


def _compound_end(tokens: list[Tok], first: int, index: int, nutrient: str) -> int:
    """"of calcium citrate": the name runs on to the compound it names (its weight is no calcium's)."""
    for end in (index + 2, index + 1):
        if end <= len(tokens) and all(t.k == WORD for t in tokens[index:end]):
            text = joined_text(tokens[first:end])
            if registry().lookup(text) == nutrient and registry().compound_named(text):
                return end
    return index


def _bracket_after(tokens: list[Tok], index: int) -> list[Tok]:
    """"(cholecalciferol)" or "as menaquinone-4" right after the name, with the bracket or "as"."""
    count = len(tokens)
    if index < count and tokens[index].k == LPAR:
        for close in range(index + 1, min(count, index + 12)):
            if tokens[close].k == RPAR:
                return tokens[index : close + 1]
    if index + 1 < count and tokens[index].k == AS and _word_like(tokens, index + 1):
        end = index + 1
        while end < min(count, index + 6) and _word_like(tokens, end):
            end += 1
        return tokens[index:end]
    return []
