"""A spec's ``label_text`` string as label text of its own, positioned in the spec's file.

Its own module, apart from ``parse``, because the catalog reader needs it for every
record that carries a label: ``parse`` imports the Label model (pydantic), which a run
the result cache answers must not import.
"""

from __future__ import annotations

from dklint.parse.product_spec import json_positions
from dklint.source import Source, Span

NOWHERE = Span(0, 0)  # the ``label_text`` member could not be found: the text starts at the file's start


def label_text_source(source: Source, text: str) -> Source:
    """The ``label_text`` string ``text`` of the JSON in ``source``, as label text positioned in ``source``'s file."""
    span = json_positions.span_of_path(source.text, ("label_text",)) or NOWHERE
    offsets = json_positions.string_offsets(source.text, span.start)
    exact = len(offsets) == len(text) + 1
    start = source.position(span.start)
    return Source(
        path=source.path, text=text, kind="label", first_line=start.line,
        first_column=start.column + 1, record_id=source.record_id,
        host=source if exact else None, host_offsets=offsets if exact else None,
    )
