"""Fix one file until nothing is left to fix: check it, apply the fixes that may be applied, check again.

A fix can make way for another (two fixes on one line wait for each other: ``dklint.fix.apply``), so
checking and fixing repeat until a check offers no fix that applies, or applying the fixes changes
nothing. A pass that brings the text back to one already seen, or a tenth pass, stops the loop: rules
whose fixes undo each other must not spin forever, and the caller says so. What a pass may fix is the
caller's to decide (``applicable``): never a suppressed finding, never a code the run does not report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from dklint.findings import InputResult, Located
from dklint.fix.apply import apply_fixes, file_text

MAX_PASSES = 10


@dataclass(frozen=True)
class Fixed:
    """What fixing a file came to: its new bytes (the old ones when nothing changed) and what was fixed."""

    data: bytes
    codes: tuple[str, ...] = ()  # the code of each applied fix's finding, in order
    converged: bool = True  # False: stopped at MAX_PASSES, or back at a text seen before

    @property
    def fixed(self) -> int:
        return len(self.codes)


def fix_bytes(data: bytes, check: Callable[[bytes], InputResult], applicable: Callable[[Located], bool]) -> Fixed:
    """Check ``data`` with ``check``, apply the applicable fixes, repeat; the file's bytes at the end.

    ``check`` gives the result a run would report for these bytes (per-file-ignores applied).
    """
    decoded = file_text(data)
    if decoded is None:
        return Fixed(data)
    text, current, seen, codes = decoded.text, data, {decoded.text}, []
    for passes in range(MAX_PASSES + 1):  # the last check only says whether fixes were left
        findings = [f for f in check(current).findings if f.fix is not None and applicable(f)]
        outcome = apply_fixes(text, [finding.fix for finding in findings])
        if not outcome.applied or outcome.text == text:
            return Fixed(current, tuple(codes))
        if passes == MAX_PASSES:
            break
        try:
            current = decoded.encoded(outcome.text)
        except UnicodeEncodeError:  # a lone surrogate inserted into a file that cannot hold one: stop before it
            return Fixed(current, tuple(codes))
        codes += [findings[index].code for index in outcome.applied]
        text = outcome.text
        if text in seen:
            return Fixed(current, tuple(codes), converged=False)
        seen.add(text)
    return Fixed(current, tuple(codes), converged=False)
