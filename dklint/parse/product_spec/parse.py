"""JSON product specs into the ``Label`` model.

A spec is decoded strictly (DK002 for broken or hostile JSON), checked against
the published schema (one DK003 per violation) and turned into the same
``Label`` that label text produces, so every rule runs unchanged on it.

Nearly every spec of a catalog is fine, so that case is the fast one: the C
decoder and the compiled schema check say yes, and the Label is built. Only a
spec they reject goes the careful way, which finds the position of what is
wrong (``json_load.load_json``) or explains the violations (``spec_errors``).

Positions are deliberately lazy: model values carry ``Span(0, 0)`` and their
JSON ``field_path``; the pipeline asks ``json_positions`` for the real span only
for values that get a finding, which keeps a catalog run fast. Findings made
here (DK002, DK003, DK006) get their exact span at once: they are rare.

A spec whose only violations are unknown fields is still checked (the unknown
fields are ignored); any other violation leaves nothing to check.
"""

from __future__ import annotations

from typing import Any

from dklint.findings import Finding
from dklint.parse.product_spec import json_positions
from dklint.parse.product_spec.build import NOWHERE as _NOWHERE
from dklint.parse.product_spec.build import build_label
from dklint.parse.product_spec.decode import decode_clean, huge_number_finding, load_json
from dklint.parse.product_spec.errors import schema_findings
from dklint.parse.product_spec.label_text import label_text_source
from dklint.parse.product_spec.schema import is_valid_spec
from dklint.parse.result import ParseResult
from dklint.source import Source

__all__ = ["label_text_source", "parse_spec", "schema_findings"]


def parse_spec(source: Source, max_rows: int | None = None, max_items: int | None = None) -> ParseResult:
    """Parse one product spec; never raises on any text.

    With ``max_rows``, a spec with more ingredients than that is not read further than its decoding
    (``ParseResult.rows_over``): no schema check, no model, no rule. ``max_items`` does the same for
    every other list (``ParseResult.list_over``).
    """
    doc = decode_clean(source.text)  # None: the strict loader says what (if anything) is wrong
    if doc is None:
        doc, broken = load_json(source.text)
        if broken is not None:
            return ParseResult(source, None, [broken])
    rows = doc.get("ingredients") if isinstance(doc, dict) else None
    if max_rows is not None and isinstance(rows, list) and len(rows) > max_rows:
        # the first ingredient over the limit, at its name (which says which one it is)
        over = json_positions.span_of_path(source.text, ("ingredients", max_rows, "name")) or _NOWHERE
        return ParseResult(source, None, rows_over=over)
    long = _long_list(doc, max_items) if max_items is not None and isinstance(doc, dict) else None
    if long is not None:
        over = json_positions.span_of_path(source.text, (*long, max_items)) or _NOWHERE
        return ParseResult(source, None, list_over=(long, over))
    findings: list[Finding] = []
    if not (isinstance(doc, dict) and is_valid_spec(doc)):
        findings, readable = schema_findings(source.text, doc)
        if not readable:
            return ParseResult(source, None, findings)
    return _built(source, doc, findings, max_rows)


def _long_list(doc: dict[str, Any], limit: int) -> tuple[str | int, ...] | None:
    """The path of the first list with more than ``limit`` items: a field's (claims, warnings, ...) or an
    ingredient's (alt_amounts). Checked on the decoded values, before the schema check and the model, whose
    work grows with each item; the ingredients themselves have their own limit."""
    for key, value in doc.items():
        if key != "ingredients" and isinstance(value, list) and len(value) > limit:
            return (key,)
    rows = doc.get("ingredients")
    for number, row in enumerate(rows if isinstance(rows, list) else ()):
        for key, value in row.items() if isinstance(row, dict) else ():
            if isinstance(value, list) and len(value) > limit:
                return ("ingredients", number, key)
    return None


def _built(source: Source, doc: dict[str, Any], findings: list[Finding], max_rows: int | None) -> ParseResult:
    try:
        label = build_label(doc, source.text, findings)
    except OverflowError:  # an integer too large for a float (400 digits)
        return ParseResult(source, None, [huge_number_finding(source.text)])
    return ParseResult(source, label, findings, _embedded(source, doc, max_rows))


def _embedded(source: Source, doc: dict[str, Any], max_rows: int | None) -> list[ParseResult]:
    """The spec's ``label_text``, parsed as label text with its own Source.

    Its Source maps every decoded character back to its place in the JSON
    file, so a finding on the third line of the label text points at the
    ``\\n``-separated part of the string where that line is written.
    """
    text = doc.get("label_text")
    if not isinstance(text, str) or not text.strip():
        return []
    from dklint.parse.label.parse import (
        parse_label,  # here: loading it builds the Lark grammar, which a spec-only run never needs
    )
    return [parse_label(label_text_source(source, text), max_rows)]
