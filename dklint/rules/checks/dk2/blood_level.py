"""DK160: target 25(OH)D blood levels stated outside the article's range.

Found by scanning word tokens (no regular expression over the label): a number,
a range word or dash, a number, then ``ng/mL`` or ``nmol/L``, inside a text
block that is about vitamin D blood levels.
"""

from __future__ import annotations

from typing import Any, Iterable

from dklint.base.textmemo import text_memo
from dklint.facts.phrases import Token, phrase_list, tokenize
from dklint.model import Label, TextBlock
from dklint.rules.checks.hit import Hit
from dklint.rules.context import all_text
from dklint.source import Span

_RANGE_WORDS = {"to", "and"}
_RANGE_GAPS = frozenset({"-", "\u2013", "\u2014", "\u2010"})  # between two numbers, spaces around ignored
_UNITS = {("ng", "ml"): "ng/mL", ("nmol", "l"): "nmol/L"}


def _number(tokens: list[Token], text: str, i: int) -> tuple[float, int] | None:
    """The number starting at token i (joining "12" "." "5"), and the next token index."""
    if i >= len(tokens) or not tokens[i].word.isdigit():
        return None
    value, j = tokens[i].word, i + 1
    if j < len(tokens) and tokens[j].word.isdigit() and text[tokens[i].end : tokens[j].start] == ".":
        value, j = f"{value}.{tokens[j].word}", j + 1
    return float(value), j


def find_ranges(text: str) -> Iterable[tuple[float, float, str, Span]]:
    """Every "low-high unit" range in ``text`` with its span."""
    tokens = tokenize(text)
    for i in range(len(tokens)):
        low = _number(tokens, text, i)
        if low is None or (i > 0 and text[tokens[i - 1].end : tokens[i].start] == "."):
            continue
        j = low[1]
        if j < len(tokens) and tokens[j].word in _RANGE_WORDS:
            j += 1
        elif j >= len(tokens) or text[tokens[j - 1].end : tokens[j].start].strip() not in _RANGE_GAPS:
            continue
        high = _number(tokens, text, j)
        if high is None or high[1] + 1 >= len(tokens):
            continue
        k = high[1]
        unit = _UNITS.get((tokens[k].word, tokens[k + 1].word))
        if unit is not None:
            yield low[0], high[0], unit, Span(tokens[i].start, tokens[k + 1].end)


def blood_level_range(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    for block in all_text(label):
        for low, high, unit, span in ranges_in_context(block.text):
            problem = _problem(low, high, unit, params)
            if problem:
                yield _hit(block, span, low, high, unit, problem)


@text_memo
def ranges_in_context(text: str) -> tuple[tuple[float, float, str, Span], ...]:
    """The blood-level ranges of a text that speaks of blood levels (none otherwise)."""
    if not _may_name_a_unit(text) or phrase_list("blood_level_context").search(text) is None:
        return ()
    return tuple(find_ranges(text))


def _may_name_a_unit(text: str) -> bool:
    """False when ``text`` cannot hold a range's unit: ASCII text in which the words of no unit of ``_UNITS``
    all occur ("ng" and "ml", "nmol" and "l"; a token is a run of the text's letters, folded by ``lower``).
    Most texts are answered here, before the blood-level phrases are looked for and the text is tokenized."""
    if not text.isascii():  # folding may make these letters of others ("ｎｇ/ｍＬ")
        return True
    folded = text.lower()
    return any(all(part in folded for part in unit) for unit in _UNITS)


def _problem(low: float, high: float, unit: str, params: dict[str, Any]) -> str | None:
    ng_low, ng_high = params.get("low_ng_ml", 30), params.get("high_ng_ml", 50)
    factor = params.get("nmol_per_ng", 2.5)
    if unit == "nmol/L" and (low, high) == (ng_low, ng_high):
        return f"the numbers are the ng/mL range with nmol/L units (30-50 ng/mL is {ng_low * factor:g}-{ng_high * factor:g} nmol/L)"
    if unit == "nmol/L":
        low, high = low / factor, high / factor
    if low < ng_low - 0.5 or high > ng_high + 0.5:
        return f"outside the {ng_low:g}-{ng_high:g} ng/mL ({ng_low * factor:g}-{ng_high * factor:g} nmol/L) target"
    return None


def _hit(block: TextBlock, span: Span, low: float, high: float, unit: str, problem: str) -> Hit:
    absolute = Span(block.span.start + span.start, block.span.start + span.end) if not block.field_path else block.span
    return Hit(
        target=(absolute, block.field_path, f"{low:g}-{high:g} {unit}"),
        values={"range": f"{low:g}-{high:g} {unit}", "problem": problem},
    )


CHECKS = {"blood_level_range": blood_level_range}
