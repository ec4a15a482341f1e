"""The DSHEA disclaimer's wording: comparing its words with 21 CFR 101.93(c).

The comparison is on word tokens, so case, punctuation (the serial comma), symbols and
line breaks never matter, while every word does. Differences are described in the
label's own words ("FDA" instead of "Food and Drug Administration").
"""

from __future__ import annotations

from difflib import SequenceMatcher

from dklint.phrases import Token, tokenize
from dklint.rules.checks.claims_disclaimer import disclaimer_start
from dklint.textmemo import text_memo

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
