"""GitHub's line hash for a SARIF result: ``partialFingerprints.primaryLocationLineHash``.

GitHub code scanning matches an alert across runs by this value. ``github/codeql-action``
computes it at upload time (``src/fingerprints.ts``) for results that lack it, but a SARIF
file uploaded through the API is taken as it is, and without the value every upload
makes new alerts. So dklint computes it the same way, from the file as it is on disk
when the report is written:

* the file is read as UTF-8 (invalid bytes become U+FFFD) and taken as UTF-16 code
  units, as JavaScript's ``charCodeAt`` sees it;
* spaces and tabs are skipped, CR and CR LF count as LF;
* the hash of a line is the polynomial hash, base 37, modulo 2**64, of the first 100
  code units from the line's start on, across line breaks: the text is followed by one
  65535 (the end of the file, which is a line of its own after a final LF) and zeros;
* the value is the hash in lower-case hex, ``:``, and how many lines so far in the
  file had that hash (``5e4d5a9cf1294ad9:1``).

Only a regular file is read (not stdin, a FIFO or a device), and never whole: it is
decoded in chunks, and only as far as the lines asked for.
"""

from __future__ import annotations

import codecs
import os
import stat
from operator import mul
from typing import IO, Iterable, Iterator

BLOCK = 100
BASE = 37
MASK = (1 << 64) - 1
POWERS = tuple(pow(BASE, BLOCK - 1 - k, 1 << 64) for k in range(BLOCK))
END = 65535  # what the end of the file counts as
LF = 10
CHUNK = 1 << 20


def hash_lines(chunks: Iterable[str]) -> Iterator[str]:
    """The line hash of every line of the text given in ``chunks``, in order (line 1 first)."""
    counts: dict[str, int] = {}
    units: list[int] = []  # code units from ``base`` on
    base = start = 0  # absolute index of units[0]; of the next line's start
    scan = 0  # absolute index from which the next line break is looked for
    found = True  # whether ``start`` is a line start (else the next break is still to be found)
    for chunk in _units(chunks):
        units.extend(chunk)
        while True:
            if not found:
                try:
                    scan = units.index(LF, scan - base) + base
                except ValueError:
                    scan = base + len(units)
                    break
                start, scan, found = scan + 1, scan + 1, True
            if base + len(units) - start < BLOCK:
                break
            yield _counted(counts, units[start - base:start - base + BLOCK])
            found = False
        keep = (start if found else scan) - base  # everything before is hashed, or has no line break
        del units[:keep]
        base += keep
    end = base + len(units)
    units.extend((END, *(0,) * BLOCK))
    while True:
        if not found:
            try:
                scan = units.index(LF, scan - base, end - base) + base
            except ValueError:
                return
            start, scan, found = scan + 1, scan + 1, True
        yield _counted(counts, units[start - base:start - base + BLOCK])
        found = False


def _counted(counts: dict[str, int], window: list[int]) -> str:
    value = format(sum(map(mul, window, POWERS)) & MASK, "x")
    counts[value] = counts.get(value, 0) + 1
    return f"{value}:{counts[value]}"


def _units(chunks: Iterable[str]) -> Iterator[list[int]]:
    """The text as UTF-16 code units, without spaces and tabs, every line break one LF."""
    held = ""  # a CR at the end of a chunk may be the first half of a CR LF
    for chunk in chunks:
        text = held + chunk
        held = "\r" if text.endswith("\r") else ""
        if held:
            text = text[:-1]
        yield _code_units(text)
    if held:
        yield _code_units(held)


def _code_units(text: str) -> list[int]:
    text = text.replace("\r\n", "\r").replace(" ", "").replace("\t", "").replace("\r", "\n")
    return memoryview(text.encode("utf-16-le")).cast("H").tolist()


def _file_chunks(stream: IO[bytes]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while True:
        data = stream.read(CHUNK)
        if not data:
            yield decoder.decode(b"", final=True)
            return
        yield decoder.decode(data)


class LineHashes:
    """The line hashes of the files a report names, read as results ask for them.

    Results come in file order and, within a file, nearly always in line order: a file is
    read once, forward, and read again from its start only when asked for an earlier line.
    """

    def __init__(self, root: str | None) -> None:
        self.root = root or os.getcwd()
        self.path: str | None = None
        self.stream: IO[bytes] | None = None
        self.lines: Iterator[str] | None = None
        self.line, self.value = 0, ""  # the last line read, and its hash

    def at(self, path: str, line: int) -> str | None:
        """The hash of ``line`` of the file shown as ``path``; None when it is not a readable regular file."""
        if path != self.path or line < self.line:
            self._open(path)
        if self.lines is None:
            return None
        while self.line < line:
            value = next(self.lines, None)
            if value is None:  # past the end: the file changed since it was checked
                return None
            self.line, self.value = self.line + 1, value
        return self.value

    def _open(self, path: str) -> None:
        self.close()
        self.path, self.line = path, 0
        try:
            stream = open(os.path.join(self.root, path), "rb", buffering=0, opener=_nonblocking)
        except (OSError, ValueError):
            return
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            stream.close()
            return
        self.stream, self.lines = stream, hash_lines(_file_chunks(stream))

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.stream = self.lines = None


def _nonblocking(path: str, flags: int) -> int:
    """Open without waiting: a FIFO with no writer would block ``open`` itself (it is then refused as not regular)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
