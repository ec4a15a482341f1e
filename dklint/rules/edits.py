"""Apply fixes to a text: each fix's edits together or not at all, fixes that overlap in later passes.

Works on character offsets of one text (a rule's fix examples, ``dklint test-rules``); the
command line applies located fixes to files in the file's own coordinates elsewhere. A fix
whose edits touch text an earlier fix of the same pass edits waits for the next pass, where
it is computed afresh from the text as it then is.
"""

from __future__ import annotations

from typing import Iterable

from dklint.findings import Edit, Fix, fixes_touch


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """``text`` with every fix applied that does not conflict with one before it; and how many were."""
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []
    applied = 0
    for fix in fixes:
        ranges = [(edit.span.start, edit.span.end) for edit in fix.edits]
        if any(fixes_touch(a, b) for a in ranges for b in taken):
            continue
        chosen.extend(fix.edits)
        taken.extend(ranges)
        applied += 1
    return apply_edits(text, chosen), applied


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping edits made (each edit's span is in the original text)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if edit.span.start < position:
            raise ValueError(f"overlapping edits at offset {edit.span.start}")
        pieces += [text[position : edit.span.start], edit.text]
        position = edit.span.end
    pieces.append(text[position:])
    return "".join(pieces)
