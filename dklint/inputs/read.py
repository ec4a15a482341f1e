"""Read input files into Sources, or say exactly why they cannot be read (DK001).

Bytes are untrusted: a file may be binary, UTF-16, empty, huge or unreadable.
Each case becomes a DK001 finding on that file, so every input appears in the
report whether or not it could be checked.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from dklint.findings import Finding
from dklint.source import Source, Span

LABEL_SUFFIXES = frozenset({".txt", ".label", ".text"})
SPEC_SUFFIXES = frozenset({".json"})
CATALOG_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})
SUPPORTED_SUFFIXES = LABEL_SUFFIXES | SPEC_SUFFIXES | CATALOG_SUFFIXES

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
# What the bytes alone can say of a file that is nobody's label (ReadFailure.not_input)
BINARY_FILE = "binary file"
EMPTY_FILE = "empty file"


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


def decode(data: bytes, path: str) -> str | ReadFailure:
    """Decode UTF-8 (BOM allowed) or BOM-marked UTF-16/32; anything else is DK001."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                return unreadable(path, f"not valid {encoding.upper()} text: undecodable bytes at byte {error.start}")
    if b"\x00" in data[:8192]:
        return unreadable(path, "binary file (NUL bytes): not label text or JSON", BINARY_FILE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return unreadable(path, f"not valid UTF-8 text: undecodable byte 0x{data[error.start]:02x} at byte {error.start}")


def normalise_newlines(text: str) -> str:
    # Line/column positions are the same whichever line ending the file used.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def source_from_bytes(data: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | ReadFailure:
    if len(data) > max_bytes:
        return unreadable(path, f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit (limits.max-file-bytes)")
    decoded = decode(data, path)
    if isinstance(decoded, ReadFailure):
        return decoded
    if not decoded.strip():
        return unreadable(path, "empty file: nothing to check", EMPTY_FILE)
    text = normalise_newlines(decoded)
    return Source(path=path, text=text, kind=kind_for(path, text))


def read_source(path: Path | str, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | ReadFailure:
    """Read one file from disk; never raises for I/O problems."""
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                return unreadable(display, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (limits.max-file-bytes)")
            data = stream.read()
    except IsADirectoryError:
        return unreadable(display, "is a directory, not a file")
    except PermissionError:
        return unreadable(display, "cannot read the file: permission denied")
    except OSError as error:
        return unreadable(display, f"cannot read the file: {error.strerror or error}")
    return source_from_bytes(data, display, max_bytes)
