"""What a parser hands to the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dklint.findings import Finding
from dklint.source import Source, Span

if TYPE_CHECKING:  # the model (pydantic) is imported only by runs that parse something
    from dklint.model import Label


@dataclass(slots=True)
class ParseResult:
    """Labels parsed from one Source, and the input findings (DK001-DK006) met on the way.

    ``label`` is None when nothing could be checked (broken JSON, say): the
    findings then say why. ``embedded`` holds inputs nested inside this one, such
    as a spec's ``label_text``, each with its own Source for positions.
    ``rows_over`` is set when the input has more ingredient rows than the parser
    was allowed to read: it is the first row over that limit, reading stopped
    there, and ``label`` is None (the engine words the DK008). ``list_over`` is
    the same for any other list of a spec: the list's JSON path, and the first
    item over the limit.
    """

    source: Source
    label: Label | None
    findings: list[Finding] = field(default_factory=list)
    embedded: list["ParseResult"] = field(default_factory=list)
    rows_over: Span | None = None
    list_over: tuple[tuple[str | int, ...], Span] | None = None
