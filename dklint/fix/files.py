"""Fixing a file on disk: read it, fix it as a run would check it, and write it back atomically, or say
what would change as a unified diff.

The file is read once; before the fixed bytes replace it, it is read again and left alone if it changed
in the meantime (an editor saved it): fixes computed on old text must not overwrite new text. The write
goes through ``dklint.base.atomic``: a temporary file beside it renamed over it, its permissions kept,
a linked file's target written and the link kept.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from typing import Callable

from dklint.base.atomic import CannotWrite, output_stream
from dklint.engine.check import check_source, failed_input
from dklint.engine.checker import Checker
from dklint.engine.walked import check_walked
from dklint.findings import InputResult, Located
from dklint.fix.apply import file_text, line_starts
from dklint.fix.loop import Fixed, fix_bytes
from dklint.inputs.discover import FileInput
from dklint.inputs.read import ReadFailure, source_from_bytes


@dataclass(frozen=True)
class FileFix:
    """What fixing one file came to."""

    display: str
    before: bytes = b""
    fixed: Fixed | None = None  # None: the file could not be read or written (see ``problem``)
    problem: str | None = None

    @property
    def after(self) -> bytes:
        return self.fixed.data if self.fixed is not None else self.before

    @property
    def count(self) -> int:
        return self.fixed.fixed if self.fixed is not None else 0


def checker_of_file(checker: Checker, item: FileInput) -> Callable[[bytes], InputResult]:
    """How a run checks ``item``'s bytes: a file met while walking only if it reads as dklint's input."""

    def check(data: bytes) -> InputResult:
        source = source_from_bytes(data, item.display, item.max_bytes)
        if item.walked:
            return check_walked(checker, source)
        return failed_input(checker, source) if isinstance(source, ReadFailure) else check_source(checker, source)

    return check


def fix_file(item: FileInput, check: Callable[[bytes], InputResult], applicable: Callable[[Located], bool],
             write: bool) -> FileFix:
    """Fix ``item`` until nothing is left to fix; write the new bytes when ``write`` and something changed."""
    try:
        with open(item.path, "rb") as stream:
            before = stream.read(item.max_bytes + 1)
    except OSError as error:
        return FileFix(item.display, problem=f"cannot read the file: {error.strerror or error}")
    if len(before) > item.max_bytes:
        return FileFix(item.display, before)  # over the limit: the run reports it (DK001), nothing to fix
    fixed = fix_bytes(before, check, applicable)
    if not write or not fixed.codes:
        return FileFix(item.display, before, fixed)
    try:
        _replace(item.path, before, fixed.data)
    except (OSError, CannotWrite) as error:
        reason = str(error) if isinstance(error, CannotWrite) else f"cannot write the file: {error.strerror or error}"
        return FileFix(item.display, before, problem=reason)
    return FileFix(item.display, before, fixed)


def _replace(path: str, before: bytes, after: bytes) -> None:
    with open(path, "rb") as stream:
        if stream.read(len(before) + 1) != before:
            raise OSError(0, "it changed while it was being fixed; it was left as it is")
    with output_stream(os.fspath(path), binary=True) as stream:
        stream.write(after)


def unified_diff(display: str, before: bytes, after: bytes) -> str:
    """What fixing changed in the file, as ``diff -u`` shows it (the file's own line breaks kept)."""
    old, new = file_text(before), file_text(after)
    if old is None or new is None or before == after:
        return ""
    lines = difflib.unified_diff(_lines(old.text), _lines(new.text), fromfile=display, tofile=display)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _lines(text: str) -> list[str]:
    starts = line_starts(text)
    ends = [*starts[1:], len(text)]
    return [text[start:end] for start, end in zip(starts, ends) if start < end]
