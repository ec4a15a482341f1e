"""The DSHEA disclaimer: DK301 disclaimer-missing, DK302 disclaimer-wording, DK303 disclaimer-link.

A structure/function claim must be followed by the disclaimer of 21 CFR 101.93(c),
linked to the claim by a symbol. The parsers set ``label.disclaimer`` when they
recognise the text; a disclaimer they did not recognise, or one split over
several lines, is found here among the prose blocks. Its wording is compared
with the required text on word tokens, so case, punctuation (the serial comma),
symbols and line breaks never matter, while every word does; differences are
described in the label's own words ("FDA" instead of "Food and Drug
Administration").
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Iterable

from dklint.base.memo import per_label
from dklint.base.textmemo import text_memo
from dklint.facts.phrases import Token, has_phrase, phrase_list, tokenize
from dklint.model import Label, TextBlock
from dklint.rules.checks.fda_claims.clauses import sentence_spans
from dklint.rules.checks.fda_claims.statements import (
    CLOSERS,
    Statement,
    block_target,
    find_sf_claims,
    footnote_blocks,
    leading_symbol,
    short,
    spec_path,
)
from dklint.rules.checks.hit import Hit
from dklint.source import Span

_MERGE_LIMIT = 3  # lines a split disclaimer may run on over: a longer run is other text


@dataclass(frozen=True)
class Disclaimer:
    block: TextBlock
    symbol: str | None


def _prose(label: Label) -> list[TextBlock]:
    return [*label.text_blocks, *label.claims, *label.warnings, *footnote_blocks(label)]


def _adjacent(first: TextBlock, second: TextBlock) -> bool:
    return 0 <= second.span.start - first.span.end <= 2


def _merged(block: TextBlock, ordered: list[TextBlock]) -> TextBlock:
    """The block joined with the adjacent lines that carry the rest of a disclaimer split over lines."""
    parts = [block]
    position = next((i for i, b in enumerate(ordered) if b.span == block.span), None)
    if position is None:
        return block
    after, before = position + 1, position - 1
    while after < len(ordered) and len(parts) <= _MERGE_LIMIT and "disease" not in _words(parts):
        if not _adjacent(parts[-1], ordered[after]):
            break
        parts.append(ordered[after])
        after += 1
    if before >= 0 and "evaluated" not in _words(parts) and _adjacent(ordered[before], parts[0]):
        if "evaluated" in {t.word for t in tokenize(ordered[before].text)}:
            parts.insert(0, ordered[before])
    if len(parts) == 1:
        return block
    text = "\n".join(p.text for p in parts)
    return TextBlock.model_construct(text=text, span=Span(parts[0].span.start, parts[-1].span.end),
                                     symbol=parts[0].symbol)


def _words(parts: list[TextBlock]) -> set[str]:
    return {t.word for p in parts for t in tokenize(p.text)}


@per_label
def find_disclaimers(label: Label) -> list[Disclaimer]:
    """Every DSHEA disclaimer on the label (usually one), with the symbol that links it to claims."""
    prose = _prose(label)
    candidates = [label.disclaimer] if label.disclaimer is not None else []
    candidates += [b for b in prose if has_phrase(b.text, "disclaimer_anchor")]
    if not candidates:
        return []
    ordered = sorted(prose + ([label.disclaimer] if label.disclaimer else []), key=lambda b: b.span.start)
    found: list[Disclaimer] = []
    covered: list[Span] = []
    for block in candidates:
        if label.input_kind == "text":
            if any(s.start <= block.span.start < s.end or block.span == s for s in covered):
                continue
            block = _merged(block, ordered)
            covered.append(block.span)
        elif any(d.block.field_path == block.field_path for d in found):
            continue
        found.append(Disclaimer(block, _symbol_of(block)))
    return found


def _symbol_of(block: TextBlock) -> str | None:
    if block.symbol and block.symbol.strip():
        return block.symbol.strip()
    return leading_symbol(block.text, disclaimer_start(block.text))


@text_memo
def disclaimer_start(text: str) -> int:
    """Offset where the disclaimer begins inside a longer block of text.

    At "These statements" / "This statement" / "The statements" when present, else at
    the start of the sentence that holds the first disclaimer wording, else at 0.
    """
    tokens = tokenize(text)
    words = [t.word for t in tokens]
    for i in range(1, len(words)):
        if words[i] in ("statement", "statements") and words[i - 1] in ("this", "these", "the"):
            return tokens[i - 1].start
    anchor = phrase_list("disclaimer_anchor").search(text)
    if anchor is None:
        return 0
    starts = [start for start, _ in sentence_spans(text, line_breaks=False) if start <= anchor.start]
    start = starts[-1] if starts else 0
    return start + len(text[start:]) - len(text[start:].lstrip())


# -- the wording ---------------------------------------------------------------------------------

# The two sentences of 21 CFR 101.93(c); the first in its plural and singular forms.
FIRST = (
    "These statements have not been evaluated by the Food and Drug Administration",
    "This statement has not been evaluated by the Food and Drug Administration",
)
SECOND = "This product is not intended to diagnose, treat, cure, or prevent any disease"
REQUIRED = tuple(f"{first}. {SECOND}." for first in FIRST)
# Harmless additions: "(FDA)" after the agency's name, "U.S." before it.
_ALLOWED_AFTER = {"administration": ("fda",)}
_ALLOWED_BEFORE = {"food": ("u", "s", "us")}


def _kept(tokens: list[Token]) -> list[Token]:
    """Tokens without the harmless additions ("(FDA)" after the agency's name)."""
    kept: list[Token] = []
    for i, token in enumerate(tokens):
        previous = tokens[i - 1].word if i else ""
        following = tokens[i + 1].word if i + 1 < len(tokens) else ""
        if token.word in _ALLOWED_AFTER.get(previous, ()) or token.word in _ALLOWED_BEFORE.get(following, ()):
            continue
        if token.word == "u" and following == "s" and i + 2 < len(tokens) and tokens[i + 2].word == "food":
            continue
        kept.append(token)
    return kept


@text_memo
def wording_problems(text: str) -> tuple[str, ...]:
    """How a disclaimer's words differ from the required text; empty when they do not.

    Each of the two sentences is compared with its own required wording, so a missing
    second sentence is reported as missing rather than blended into the first.
    """
    start = disclaimer_start(text)
    tokens = _kept([t for t in tokenize(text) if t.start >= start])
    words = [t.word for t in tokens]
    if any(_contains(words, [t.word for t in tokenize(required)]) for required in REQUIRED):
        return ()
    first, second = _split(text, tokens)
    problems = _sentence_problems(FIRST, first, text, edge="leading")
    problems += _sentence_problems((SECOND,), second, text, edge="trailing")
    return tuple(problems) or ("its words differ from the required text",)


def _split(text: str, tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """The tokens of the first sentence and of the second ("This product is not intended ...")."""
    words = [t.word for t in tokens]
    for i in range(1, len(tokens)):
        if words[i] == "this" and "." in text[tokens[i - 1].end : tokens[i].start]:
            return tokens[:i], tokens[i:]
    if "intended" in words and "evaluated" in words:
        cut = max((i for i in range(1, words.index("intended")) if words[i] == "this"), default=words.index("intended"))
        return tokens[:cut], tokens[cut:]
    if "intended" in words:
        return [], tokens
    return tokens, []


def _sentence_problems(variants: tuple[str, ...], tokens: list[Token], text: str, edge: str) -> list[str]:
    if not tokens:
        return [f'omits "{variants[0]}"']
    words = [t.word for t in tokens]
    best: tuple[float, SequenceMatcher, str, list[Token]] | None = None
    for required in variants:
        expected = tokenize(required)
        matcher = SequenceMatcher(None, [t.word for t in expected], words, autojunk=False)
        if best is None or matcher.ratio() > best[0]:
            best = (matcher.ratio(), matcher, required, expected)
    _, matcher, required, expected = best
    return _describe(_chunks(matcher, edge), required, expected, text, tokens)


def _contains(words: list[str], expected: list[str]) -> bool:
    size = len(expected)
    return any(words[i : i + size] == expected for i in range(len(words) - size + 1) if words[i] == expected[0])


def _chunks(matcher: SequenceMatcher, edge: str) -> list[list[int]]:
    """Differences as [i1, i2, j1, j2], nearby ones merged; words added before the first sentence
    or after the second are other text of the block, not part of the disclaimer."""
    ops = matcher.get_opcodes()
    while edge == "leading" and ops and ops[0][0] == "insert":
        ops = ops[1:]
    while edge == "trailing" and ops and ops[-1][0] == "insert":
        ops = ops[:-1]
    chunks: list[list[int]] = []
    shared = 0  # words in common since the last change
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            shared = i2 - i1
        elif chunks and shared == 1:
            chunks[-1][1], chunks[-1][3] = i2, j2  # one shared word between two changes: one change
        else:
            chunks.append([i1, i2, j1, j2])
            shared = 0
    return chunks


def _describe(chunks: list[list[int]], required: str, expected: list[Token], text: str, tokens: list[Token]) -> list[str]:
    problems = []
    for i1, i2, j1, j2 in chunks:
        wanted = required[expected[i1].start : expected[i2 - 1].end] if i2 > i1 else ""
        written = " ".join(text[tokens[j1].start : tokens[j2 - 1].end].split()) if j2 > j1 else ""
        if wanted and written:
            problems.append(f'"{written}" instead of "{wanted}"')
        elif wanted:
            problems.append(f'omits "{wanted}"')
        else:
            problems.append(f'adds "{written}"')
    return problems


# -- the checks ----------------------------------------------------------------------------------

def required_wording(claim_count: int) -> str:
    """The disclaimer 101.93(c) requires: "This statement has ..." for one claim, else "These statements have ..."."""
    return REQUIRED[1] if claim_count == 1 else REQUIRED[0]


def disclaimer_missing(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    claims = find_sf_claims(label)
    if not claims or find_disclaimers(label):
        return
    more = len(claims) - 1
    values = {"claim": short(claims[0].text), "more": f" and {more} more" if more else ""}
    places: dict[str, Any] = {}
    if label.input_kind == "text":  # a spec has no field to add a disclaimer in place: no fix there
        mark = next((claim.symbol for claim in claims if claim.symbol), None) or _free_mark(label)
        values.update(mark=mark, wording=required_wording(len(claims)))
        marks = [_mark_offset(claim) for claim in claims if not claim.symbol]
        if None not in marks:
            places["claim_marks"] = [Span(offset, offset) for offset in marks]
    yield Hit(claims[0].target(), values, places=places)


def _mark_offset(claim: Statement) -> int | None:
    """Where a claim's symbol goes: after the sentence and its closing marks ("teeth." -> "teeth.*")."""
    base = text_offset(claim.block)
    if base is None:
        return None
    text = claim.block.text
    end = claim.start + len(text[claim.start : claim.end].rstrip())
    while end < len(text) and text[end] in CLOSERS:
        end += 1
    return base + end


def _free_mark(label: Label) -> str:
    """A symbol for the claims and the disclaimer that no row, heading or footnote already uses."""
    used = "".join([*(i.symbol or "" for i in label.ingredients), *(f.symbol for f in label.footnotes),
                    *label.column_headings, *(i.dv_text or "" for i in label.ingredients)])
    return next((mark for mark in ("*", "†", "‡") if mark not in used), "*")


def disclaimer_wording(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    for disclaimer in find_disclaimers(label):
        problems = wording_problems(disclaimer.block.text)
        if problems:
            values = {"problems": "; ".join(problems), "wording": required_wording(len(find_sf_claims(label)))}
            yield Hit(block_target(disclaimer.block), values, places=_wording_place(disclaimer.block, values))


def _wording_place(block: TextBlock, values: dict[str, Any]) -> dict[str, Any]:
    """The disclaimer's own words in its block (a symbol before them, and other text after them, stay).

    In a spec the whole string is replaced (``spec_wording``: the string with its disclaimer words replaced).
    """
    text = block.text
    start = disclaimer_start(text)
    end = _disclaimer_end(text, start)
    if block.field_path:
        values["spec_wording"] = text[:start] + values["wording"] + text[end:]
        return {"wording": spec_path(block)}
    base = text_offset(block)
    if base is None:
        return {}
    return {"wording": Span(base + start, base + end)}


def text_offset(block: TextBlock) -> int | None:
    """Where the block's text starts in the label text; None when its characters are not the span's own.

    A block may start after the symbol that opens its span ("†These statements ..." keeps "†" apart);
    text joined from several lines, or re-spaced, has no offsets an edit could trust.
    """
    extra = (block.span.end - block.span.start) - len(block.text)
    if extra == 0:
        return block.span.start
    symbol = (block.symbol or "").strip()
    if symbol and extra in (len(symbol), len(symbol) + 1):
        return block.span.end - len(block.text)  # the symbol (and a space) before the words
    return None


def _disclaimer_end(text: str, start: int) -> int:
    """Where the disclaimer's words end: after "disease" and its full stop, else at the block's end."""
    last = max((t.end for t in tokenize(text) if t.start >= start and t.word == "disease"), default=None)
    if last is None:
        return len(text.rstrip())
    return last + 1 if text[last : last + 1] == "." else last


def _quote(symbol: str | None) -> str:
    return f'"{symbol}"' if symbol else "no symbol"


def disclaimer_link(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    disclaimers = find_disclaimers(label)
    claims = find_sf_claims(label)
    if not disclaimers or not claims:
        return
    marks = {d.symbol for d in disclaimers if d.symbol}
    carried = " or ".join(_quote(m) for m in sorted(marks)) or "no symbol"
    other_notes = {f.symbol.strip() for f in label.footnotes if _annotates_claims(f.text)}
    reported: set[str] = set()
    for claim in claims:
        symbol = claim.symbol
        if symbol and symbol not in marks and symbol not in other_notes and symbol not in reported:
            reported.add(symbol)
            problem = f'the claim "{short(claim.text)}" is marked "{symbol}", but the disclaimer carries {carried}'
            yield Hit(claim.target(), {"problem": problem})
    if any(claim.symbol for claim in claims):
        return  # marked claims were judged above; an unmarked disclaimer beside them is the same defect
    for disclaimer in disclaimers:
        if disclaimer.symbol:
            problem = (f'the disclaimer is marked "{disclaimer.symbol}", but no claim carries it '
                       f'(for example "{short(claims[0].text)}")')
            yield Hit(block_target(disclaimer.block), {"problem": problem})


@text_memo
def _annotates_claims(footnote: str) -> bool:
    """A footnote that may explain a claim ("Clinically studied dose"), unlike the panel's own."""
    panel_lists = ("dv_not_established", "dv_basis_footnote", "disclaimer_anchor")
    return not any(phrase_list(name).search(footnote) for name in panel_lists)


PLACES = {"disclaimer_missing": frozenset({"claim_marks"}), "disclaimer_wording": frozenset({"wording"})}

CHECKS = {
    "disclaimer_missing": disclaimer_missing,
    "disclaimer_wording": disclaimer_wording,
    "disclaimer_link": disclaimer_link,
}
