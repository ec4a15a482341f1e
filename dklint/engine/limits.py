"""Limits on what one input may ask of dklint, with safe defaults.

Every limit exists so a hostile or broken input cannot take unbounded time or
memory. Going over one is a DK008 finding on that input (or DK001 for file size),
never a crash and never a silent truncation. Users change them in config:
``[tool.dklint.limits] max-line-length = 500000``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from dklint.findings import Finding
from dklint.inputs.catalog_lines import DEFAULT_MAX_RECORD_BYTES
from dklint.inputs.read import DEFAULT_MAX_BYTES
from dklint.source import Source, Span

# A JSON string (the unrolled form: each character has one way to match, so it is linear) or a bracket.
_STRUCTURE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = DEFAULT_MAX_BYTES
    max_line_length: int = 200_000  # characters in one line of label text
    max_json_depth: int = 64  # nesting of arrays and objects in a spec
    max_ingredients: int = 1_000  # ingredient rows in one label or spec
    max_list_items: int = 1_000  # items of any other list of a spec: claims, warnings, an ingredient's alt_amounts
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES  # one JSONL line or CSV row

    @classmethod
    def config_keys(cls) -> tuple[str, ...]:
        """The names config gives the limits: ``max-line-length`` for ``max_line_length``."""
        return tuple(f.name.replace("_", "-") for f in fields(cls))

    @classmethod
    def from_config(cls, table: dict[str, int] | tuple = ()) -> "Limits":
        """From config keys (``max-line-length``) or field names; unknown keys were rejected by config checks."""
        items = dict(table)
        names = {f.name for f in fields(cls)}
        return cls(**{key.replace("-", "_"): int(v) for key, v in items.items() if key.replace("-", "_") in names})


def _exceeded(message: str, span: Span) -> Finding:
    return Finding("DK008", "error", message, span, subject=message.split(":")[0])


def long_line(source: Source, limit: int) -> Finding | None:
    """DK008 for the first line longer than ``limit`` characters."""
    text = source.text
    if len(text) <= limit:
        return None
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if end - start > limit:
            return _exceeded(
                f"line is {end - start:,} characters long, over the {limit:,}-character limit "
                "(limits.max-line-length): the input was not checked", Span(start, start),
            )
        start = end + 1
    return None


def json_too_deep(source: Source, limit: int) -> Finding | None:
    """DK008 when a spec nests arrays/objects deeper than ``limit`` (counted only when it could)."""
    text = source.text
    if text.count("{") + text.count("[") <= limit:
        return None  # cannot be deeper than the number of openers: the usual, fast case
    depth = 0
    # Visit strings (skipped whole) and brackets only, not every character: the loop runs once
    # per token a spec's structure has, so it stays cheap on catalog-sized records.
    for token in _STRUCTURE.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return _exceeded(f"JSON nests deeper than {limit} levels (limits.max-json-depth): "
                                 "the input was not checked", Span(token.start(), token.start() + 1))
        elif char in "]}":
            depth -= 1
    return None


def too_many_ingredients(span: Span, limit: int) -> Finding:
    """DK008 at ``span``, the first ingredient row over the limit (the reader stops there)."""
    return _exceeded(f"more than {limit:,} ingredient rows, over the limit (limits.max-ingredients): "
                     "no rule was run on this input", span)


def too_many_items(path: tuple[str | int, ...], span: Span, limit: int) -> Finding:
    """DK008 at ``span``, the first item over the limit of the spec's list at ``path``."""
    name = ".".join(str(step) for step in path)
    return _exceeded(f'"{name}" has more than {limit:,} items, over the limit (limits.max-list-items): '
                     "no rule was run on this input", span)
