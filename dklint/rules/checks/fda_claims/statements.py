"""Finding structure/function claims in label prose, and the statement tools the claim rules share.

Label text arrives as blocks (lines or paragraphs); a claim is a *sentence* of a block
in which a claim verb ("supports", "helps maintain") comes before a structure or
function of the body ("bone health", "immune function"), or in which a structure is
followed by a claim noun ("Immune Support"); all three are phrase lists. Negated
clauses, warnings and questions to the reader make no claim (``clauses``). Spec
``claims`` entries are claims by declaration, so naming a body structure is enough.
Sentences are cut by a single left-to-right scan; nothing here backtracks.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from dklint.base.memo import per_label
from dklint.base.textmemo import text_memo
from dklint.facts.phrases import Match, phrase_list, tokenize
from dklint.model import Label, TextBlock
from dklint.rules.checks.fda_claims.clauses import NEXT_WORD, Sentence, by_sentence, claim_sentences
from dklint.source import Span

SYMBOLS = frozenset("*†‡§¶#")
CLOSERS = frozenset(".!?)]\"'\u2019\u201d:")


@dataclass(frozen=True)
class Statement:
    """A sentence of a prose block, with the symbol printed right after it ("...health.*")."""

    block: TextBlock
    start: int
    end: int
    symbol: str | None = None

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end].strip()

    def target(self) -> tuple[Span, tuple[str | int, ...], str]:
        """What a finding about this statement points at (leading and trailing blanks left out)."""
        raw = self.block.text[self.start : self.end]
        start = self.start + len(raw) - len(raw.lstrip())
        return point(self.block, start, start + len(raw.strip()))


def trailing_symbol(text: str, position: int) -> str | None:
    """Symbols attached to the end of a statement: "health*", "health.*", "health *" at a line end."""
    found = ""
    i = position
    while i < len(text) and (text[i] in SYMBOLS or text[i] in CLOSERS):
        found += text[i] if text[i] in SYMBOLS else ""
        i += 1
    if not found and i < len(text) and text[i] == " ":
        j = i + 1
        while j < len(text) and text[j] in SYMBOLS:
            j += 1
        if j > i + 1 and (j == len(text) or text[j].isspace()):
            found = text[i + 1 : j]
    return found or None


def leading_symbol(text: str, position: int) -> str | None:
    """Symbols printed just before ``position`` ("*These statements", "(*These ...")."""
    i = position
    while i > 0 and text[i - 1] in " (":
        i -= 1
    j = i
    while j > 0 and text[j - 1] in SYMBOLS:
        j -= 1
    return text[j:i] or None


# Spec fields that hold an object whose statement is its "text" member.
_TEXT_OBJECTS = frozenset({"claims", "disclaimer", "footnotes"})

Target = tuple[Span, tuple[str | int, ...], str]


def spec_path(block: TextBlock) -> tuple[str | int, ...]:
    """The JSON path of a spec block's text: ("claims", 0, "text"), ("warnings", 1)."""
    path = block.field_path
    return (*path, "text") if path and path[0] in _TEXT_OBJECTS else path


def point(block: TextBlock, start: int, end: int) -> Target:
    """A finding target for part of a block: exact offsets in label text, the block's text in a spec."""
    subject = block.text[start:end]
    if block.field_path:
        return block.span, spec_path(block), subject
    return Span(block.span.start + start, block.span.start + end), (), subject


def block_target(block: TextBlock) -> Target:
    """A finding target for a whole block."""
    if block.field_path:
        return block.span, spec_path(block), block.text
    return block.span, (), block.text


@per_label  # the claim, disease-claim and approval checks all walk these
def prose_blocks(label: Label) -> list[TextBlock]:
    """Blocks that may hold claims: spec claims and every unclassified line of label text."""
    seen = {(b.span, b.field_path) for b in label.claims}
    blocks = list(label.claims) + [b for b in label.text_blocks if (b.span, b.field_path) not in seen]
    if label.input_kind == "text":
        blocks.sort(key=lambda b: b.span.start)
    return blocks


@per_label
def footnote_blocks(label: Label) -> list[TextBlock]:
    """The label's footnotes as prose blocks, with their symbols and spec field paths."""
    return [TextBlock.model_construct(text=f.text, span=f.span, symbol=f.symbol, field_path=f.field_path)
            for f in label.footnotes]


@per_label
def all_blocks(label: Label) -> list[TextBlock]:
    """Every prose block of the label, footnotes included with their spec field paths."""
    blocks = [*prose_blocks(label), *label.directions, *label.warnings]
    blocks += [b for b in (label.disclaimer, label.other_ingredients, label.title) if b is not None]
    blocks += footnote_blocks(label)
    unique: dict[tuple, TextBlock] = {}
    for block in blocks:
        unique.setdefault((block.span, block.field_path, block.text), block)
    return list(unique.values())


def short(text: str, limit: int = 70) -> str:
    """A statement quoted in a message: one line, cut at a word boundary when long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def matches_by_sentence(text: str, sentences: tuple[Sentence, ...], *list_names: str,
                        negatable: bool = True) -> dict[str, list[list[Match]]]:
    """For each phrase list, its matches in ``text`` grouped by sentence; when ``negatable``, only those
    outside the sentence's negated clauses."""
    return {name: by_sentence(list(phrase_list(name).finditer(text)), sentences, negatable) for name in list_names}


def _follows(first: list[Match], second: list[Match]) -> bool:
    """True when a match of ``second`` starts after a match of ``first`` ends (both in text order)."""
    return bool(first) and bool(second) and first[0].end <= second[-1].start


def _tailed(heads: list[Match], tails: list[Match]) -> bool:
    """True when a match of ``tails`` follows a match of ``heads`` as its next word ("Immune Support")."""
    starts = [tail.start for tail in tails]
    for head in heads:
        index = bisect_left(starts, head.end)
        if index < len(starts) and starts[index] - head.end <= NEXT_WORD:
            return True
    return False


@per_label
def find_sf_claims(label: Label) -> list[Statement]:
    """Every structure/function claim sentence, in label order."""
    found: list[Statement] = []
    claims = {id(claim) for claim in label.claims}  # a set: 5,000 claims each against every claim took minutes
    for block in prose_blocks(label):
        declared = bool(block.field_path) and id(block) in claims
        for start, end, symbol in claims_in_text(block.text, declared, block.symbol):
            found.append(Statement(block, start, end, symbol))
    return found


@text_memo
def claims_in_text(text: str, declared: bool, block_symbol: str | None) -> tuple[tuple[int, int, str | None], ...]:
    """(start, end, symbol) of each claim sentence of one block's text."""
    # A claim sentence names a structure or function: a text that names none (most lines of label text
    # that are not claims) needs no sentences, negations or other lists.
    target_matches = list(phrase_list("sf_claim_targets").finditer(text))
    if not target_matches:
        return ()
    sentences = claim_sentences(text, "claim_negations", "conditional_negations")
    lists = matches_by_sentence(text, sentences, "sf_claim_verbs", "sf_claim_nouns")
    lists["sf_claim_targets"] = by_sentence(target_matches, sentences)
    found = []
    for index, sentence in enumerate(sentences):
        targets = lists["sf_claim_targets"][index]
        if not targets:
            continue
        if declared or _follows(lists["sf_claim_verbs"][index], targets) or _tailed(targets, lists["sf_claim_nouns"][index]):
            found.append((sentence.start, sentence.end, _symbol_for(text, block_symbol, sentence.start, sentence.end)))
    return tuple(found)


def _symbol_for(text: str, block_symbol: str | None, start: int, end: int) -> str | None:
    if block_symbol:
        return block_symbol.strip() or None
    tokens = tokenize(text)  # only for a claim with no symbol of its block: most texts hold no claim
    ends = [t.end for t in tokens]
    index = bisect_right(ends, end) - 1  # the sentence's last token
    if index < 0 or tokens[index].start < start:
        return None
    return trailing_symbol(text, tokens[index].end)
