"""The DSHEA disclaimer: finding it on a label, and where it starts inside a block.

The parsers set ``label.disclaimer`` when they recognise the text; a disclaimer they
did not recognise, or one split over several lines, is found here among the prose
blocks. Whether its words are the required ones is ``claims_disclaimer_wording``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dklint.model import Label, TextBlock
from dklint.phrases import has_phrase, phrase_list, tokenize
from dklint.rules.checks.claims_find import footnote_blocks, leading_symbol, sentence_spans
from dklint.source import Span
from dklint.memo import per_label
from dklint.textmemo import text_memo

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
    return TextBlock(text=text, span=Span(parts[0].span.start, parts[-1].span.end), symbol=parts[0].symbol)


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
