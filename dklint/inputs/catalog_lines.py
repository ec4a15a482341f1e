"""Read a catalog one line at a time, with a size limit per line; and the records that cannot be read.

A catalog may be far larger than memory and may hold one absurd line (a
gigabyte without a newline). Lines are read from the binary file with
``readline(limit)``, so at most ``max_record_bytes`` are ever held for one
line; longer lines are skipped to their end and reported, not loaded.
Line numbers are 1-based physical lines of the file. A line or record that
cannot become a record to check is a ``RecordFailure``, reported on its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Iterator

DEFAULT_MAX_RECORD_BYTES = 1024 * 1024
_SKIP_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class RecordFailure:
    """A record that cannot be checked (too big, undecodable, malformed row) or a problem of the file's header."""

    path: str
    line: int
    message: str
    preview: str = ""
    code: str = "DK001"
    checked: bool = False


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that cannot become a record: too long, or not UTF-8. ``preview`` is its start."""

    message: str
    preview: str = ""


def _nul(before: str, at: int) -> BadLine:
    """A line with a NUL byte at byte ``at``; ``before`` is its text up to there."""
    return BadLine(f"line holds a NUL byte at byte {at:,} of the line: binary data, not text; the other lines "
                   "are still checked", before[:200])


def _decode(raw: bytes, number: int) -> str | BadLine:
    nul = raw.find(b"\x00")
    if nul >= 0:
        return _nul(raw[:nul].decode("utf-8", "replace"), nul)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        preview = raw[: error.start].decode("utf-8", "replace")[:200]
        return BadLine(f"line is not valid UTF-8: undecodable byte 0x{raw[error.start]:02x} at byte {error.start} "
                       "of the line; the other lines are still checked", preview)
    if number == 1 and text.startswith("\ufeff"):
        text = text[1:]
    return text


def _skip_rest(stream: BinaryIO) -> int:
    """Read (and drop) the rest of an over-long line; return how many bytes it had."""
    skipped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _too_long(head: bytes, size: int, limit: int) -> BadLine:
    preview = head[:200].decode("utf-8", "replace")
    return BadLine(f"record is {size:,} bytes, over the {limit:,}-byte limit per record "
                   "(limits.max-record-bytes); the other records are still checked", preview)


def iter_file_lines(stream: BinaryIO, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[tuple[int, str | BadLine]]:
    """``(line number, text without its line break)`` or a ``BadLine``, for every line."""
    number = 0
    readline = stream.readline
    while True:
        raw = readline(max_record_bytes + 2)  # + room for "\r\n"
        if not raw:
            return
        number += 1
        body = raw.rstrip(b"\r\n") if raw.endswith(b"\n") else raw
        if len(body) > max_record_bytes:
            extra = 0 if raw.endswith(b"\n") else _skip_rest(stream)
            yield number, _too_long(body, len(raw) + extra, max_record_bytes)
            continue
        yield number, _decode(body, number)


def iter_text_lines(text: str, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[tuple[int, str | BadLine]]:
    """The same for text already in memory (stdin, or a file the caller has read)."""
    start, number, size = 0, 0, len(text)
    if text.startswith("\ufeff"):
        start = 1
    while start < size:
        end = text.find("\n", start)
        end = size if end == -1 else end
        number += 1
        line = text[start:end].rstrip("\r")
        start = end + 1
        nul = line.find("\x00")
        if nul >= 0:
            yield number, _nul(line[:nul], len(line[:nul].encode("utf-8", "surrogatepass")))
            continue
        # a code point is at most 4 bytes: only long lines need their exact UTF-8 size
        if len(line) * 4 > max_record_bytes and len(line.encode("utf-8", "surrogatepass")) > max_record_bytes:
            yield number, _too_long(line[:200].encode("utf-8", "replace"), len(line.encode("utf-8", "surrogatepass")),
                                    max_record_bytes)
            continue
        yield number, line
