"""Read input files into Sources, or say exactly why they cannot be read (DK001).

Bytes are untrusted: a file may be binary, UTF-16, empty, huge or unreadable.
Each case becomes a DK001 finding on that file, so every input appears in the
report whether or not it could be checked.

Reading is bounded before it is done: a regular file larger than the limit is
not read at all, and anything else (standard input, a named pipe, a device
such as ``/dev/zero``) is read to one byte over the limit and no further. A
named pipe or device is opened without waiting for a writer, and one that sends
nothing for ``IDLE_SECONDS`` is a finding, not a run that hangs.
"""

from __future__ import annotations

import codecs
import os
import selectors
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dklint.findings import Finding
from dklint.source import Source, Span

LABEL_SUFFIXES = frozenset({".txt", ".label", ".text"})
SPEC_SUFFIXES = frozenset({".json"})
CATALOG_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})
SUPPORTED_SUFFIXES = LABEL_SUFFIXES | SPEC_SUFFIXES | CATALOG_SUFFIXES

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
# The byte-order marks dklint reads, each with the codec of the text after it; UTF-32 first, since its
# little-endian mark starts with UTF-16's. (``decode`` names codecs that read the mark themselves, whose
# names its messages give.)
BOM_CODECS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
              (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# UTF-16/32 text cannot be split on b"\n" (a catalog in them is decoded whole, within the file-size limit).
WIDE_BOMS = tuple(bom for bom, codec in BOM_CODECS if codec != "utf-8")


def wide_codec(head: bytes) -> str | None:
    """The codec of text that starts with a UTF-16 or UTF-32 mark (the mark not included); None for any other."""
    return next((codec for bom, codec in BOM_CODECS if codec != "utf-8" and head.startswith(bom)), None)
# What the bytes alone can say of a file that is nobody's label (ReadFailure.not_input)
BINARY_FILE = "binary file"
EMPTY_FILE = "empty file"
IDLE_SECONDS = 10.0  # a named pipe or device that sends nothing this long is reported, not waited for
_CHUNK = 1 << 20
HEAD_BYTES = 8192  # how much of a catalog tells whether the file is binary


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be turned into text; ``finding`` is its DK001.

    ``not_input``: set when the bytes show the file is nobody's label ("binary file", "empty file"), so a
    file met while walking is skipped rather than reported (see ``dklint.engine.walked``).
    """

    path: str
    finding: Finding
    not_input: str | None = None


def kind_for(path: str, text: str | None = None) -> str:
    """"spec" for JSON files, "catalog" for JSONL/CSV, else "label" (stdin: sniffed)."""
    suffix = os.path.splitext(path)[1].lower()  # as Path.suffix, without a Path per input
    if suffix in SPEC_SUFFIXES:
        return "spec"
    if suffix in CATALOG_SUFFIXES:
        return "catalog"
    if suffix == "" and text is not None and text.lstrip().startswith("{"):
        return "spec"
    return "label"


def unreadable(path: str, message: str, not_input: str | None = None) -> ReadFailure:
    """An input that could not be read: a DK001 finding with ``message``."""
    return ReadFailure(path, Finding("DK001", "error", message, Span(0, 0)), not_input)


def decode(data: bytes, path: str, records: bool = False) -> str | ReadFailure:
    """Decode UTF-8 (BOM allowed) or BOM-marked UTF-16/32; anything else is DK001.

    A NUL anywhere makes a label or spec binary (DK001): no NUL is text, and "1\\0" "00 mcg" must never
    read as 0 mcg. In a catalog (``records``) a NUL marks only the record it is in (see ``catalog_lines``),
    unless the start of the file is binary (``binary_head``).
    """
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                return unreadable(path, f"not valid {encoding.upper()} text: undecodable bytes at byte {error.start}")
            nul = -1 if records else text.find("\x00")
            if nul >= 0:
                return unreadable(path, f"binary file (a NUL character at character {nul:,}): not label text or JSON", BINARY_FILE)
            return text
    nul = data.find(b"\x00") if not records or binary_head(data[:HEAD_BYTES]) else -1
    if nul >= 0:
        return unreadable(path, f"binary file (a NUL byte at byte {nul:,}): not label text or JSON", BINARY_FILE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return unreadable(path, f"not valid UTF-8 text: undecodable byte 0x{data[error.start]:02x} at byte {error.start}")


def binary_head(head: bytes) -> bool:
    """Whether the first ``HEAD_BYTES`` of a catalog are binary: NUL bytes, and either not UTF-8 text or more
    than one byte in 16 a NUL (a compressed file, UTF-16 without a byte-order mark). A stray NUL is not."""
    nuls = head.count(b"\x00")
    if not nuls:
        return False
    if nuls * 16 > len(head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start < len(head) - 3  # not merely a character cut at the end of the head
    return False


def normalise_newlines(text: str) -> str:
    # Line/column positions are the same whichever line ending the file used.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def source_from_bytes(data: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | ReadFailure:
    if len(data) > max_bytes:
        return unreadable(path, f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit (limits.max-file-bytes)")
    decoded = decode(data, path, records=kind_for(path) == "catalog")
    if isinstance(decoded, ReadFailure):
        return decoded
    if not decoded.strip():
        return unreadable(path, "empty file: nothing to check", EMPTY_FILE)
    text = normalise_newlines(decoded)
    return Source(path=path, text=text, kind=kind_for(path, text))


def read_source(path: Path | str, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | ReadFailure:
    """Read one file from disk; never raises for I/O problems, never waits forever, never reads past the limit."""
    read = read_bytes(path, display, max_bytes)
    return read if isinstance(read, ReadFailure) else source_from_bytes(read[0], display, max_bytes)


def read_bytes(path: Path | str, display: str, max_bytes: int = DEFAULT_MAX_BYTES
               ) -> tuple[bytes, os.stat_result | None] | ReadFailure:
    """The bytes of one input and, for a regular file, its ``stat`` from before they were read.

    A named pipe or device (``stat`` None) is read as a stream: to ``max_bytes + 1`` bytes at most,
    each wait for data at most ``IDLE_SECONDS``.
    """
    try:
        handle = open_input(path)
    except IsADirectoryError:
        return unreadable(display, "is a directory, not a file")
    except PermissionError:
        return unreadable(display, "cannot read the file: permission denied")
    except OSError as error:
        return unreadable(display, f"cannot read the file: {error.strerror or error}")
    try:
        return read_handle(handle, display, max_bytes)
    finally:
        os.close(handle)


def open_input(path: Path | str) -> int:
    """A descriptor of ``path``, opened without waiting for a writer (a named pipe opens at once)."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))


def read_handle(handle: int, display: str, max_bytes: int) -> tuple[bytes, os.stat_result | None] | ReadFailure:
    """``read_bytes`` of an open descriptor (from ``open_input``); the caller closes it."""
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            return unreadable(display, "is a directory, not a file")
        if not stat.S_ISREG(status.st_mode):
            data = _read_stream(handle, display, status, max_bytes)
            return data if isinstance(data, ReadFailure) else (data, None)
        if status.st_size > max_bytes:
            return unreadable(display, f"file is {status.st_size:,} bytes, over the {max_bytes:,}-byte limit "
                              "(limits.max-file-bytes)")
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(handle, True)
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = read_up_to(stream, status.st_size, max_bytes)
    except OSError as error:
        return unreadable(display, f"cannot read the file: {error.strerror or error}")
    return (data, status) if len(data) <= max_bytes else over_limit(display, max_bytes)


def read_up_to(stream: BinaryIO, size: int, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file whose ``fstat`` said ``size`` (one more than allowed says "too big").

    ``read(n)`` allocates n bytes before reading: asking for the 32 MB limit cost 50 us a file.
    So ask for the size ``fstat`` gave, plus one byte to notice a file still growing.
    """
    data = stream.read(min(size, limit) + 1)
    if len(data) > size:  # grew since fstat: read on, to the limit
        data += stream.read(limit + 1 - len(data))
    return data


def over_limit(display: str, max_bytes: int) -> ReadFailure:
    """DK001 for a stream (standard input, a pipe, a device) that went on past the limit."""
    return unreadable(display, f"input is over the {max_bytes:,}-byte limit (limits.max-file-bytes): "
                      f"reading stopped after {max_bytes + 1:,} bytes")


def _read_stream(handle: int, display: str, status: os.stat_result, max_bytes: int) -> bytes | ReadFailure:
    """A named pipe or device, read without blocking: to one byte over the limit, never waiting forever."""
    chunks: list[bytes] = []
    size = 0
    # poll, not epoll: epoll refuses devices such as /dev/zero, which poll answers as always readable
    with getattr(selectors, "PollSelector", selectors.SelectSelector)() as selector:
        selector.register(handle, selectors.EVENT_READ)
        while size <= max_bytes:
            if not selector.select(IDLE_SECONDS):
                return _idle(handle, display, status, size)
            try:
                chunk = os.read(handle, min(_CHUNK, max_bytes + 1 - size))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks) if size <= max_bytes else over_limit(display, max_bytes)


def _idle(handle: int, display: str, status: os.stat_result, size: int) -> ReadFailure:
    what = "named pipe (FIFO)" if stat.S_ISFIFO(status.st_mode) else "device"
    try:
        writer = os.read(handle, 1) != b""  # EOF now: no process has it open for writing
    except BlockingIOError:
        writer = True
    if not writer and size == 0:
        return unreadable(display, f"{what} that no process opened for writing within {IDLE_SECONDS:g} seconds: "
                          "nothing was read")
    return unreadable(display, f"{what} sent nothing for {IDLE_SECONDS:g} seconds: reading stopped after "
                      f"{size:,} bytes, the input was not checked")


def read_stdin(stream: BinaryIO, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | ReadFailure:
    """Standard input, to one byte over the limit: a pipe you give dklint is waited for, as ``cat`` does."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as error:
        return unreadable(display, f"cannot read standard input: {error.strerror or error}")
    return over_limit(display, max_bytes) if len(data) > max_bytes else source_from_bytes(data, display, max_bytes)
