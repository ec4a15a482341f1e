"""Read a TOML config file and remember the line of every key.

``tomllib`` parses TOML but says nothing about where a key is, and a config
mistake must be reported as ``file:line: what is wrong``. Once ``tomllib`` has
accepted a file, a small scanner walks its text again and maps every key path
(tables, dotted keys, inline tables, array items) to its 1-based line. The
scanner only ever sees valid TOML, so it can stay simple.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from dklint.base.key_paths import KeyPath

_BARE = re.compile(r"[A-Za-z0-9_-]+")
MAX_DEPTH = 32  # arrays and tables inside each other: dklint's own config goes 3 deep
_TOML_WHERE = re.compile(r"^(.*?)\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


class TomlError(ValueError):
    """A file that is not valid TOML: ``line`` and a message without the position."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_toml(path: Path) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """Parse a TOML file; return its data and a map from key paths to lines.

    A UTF-8 byte-order mark is accepted (editors on Windows write one; ``tomllib`` refuses it).
    Nesting deeper than ``MAX_DEPTH`` is a TomlError: no config needs it, and both ``tomllib`` and
    the line scanner recurse once per level.
    """
    text = path.read_text(encoding="utf-8-sig")
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise TomlError(too_deep, f"invalid config: arrays or tables nested more than {MAX_DEPTH} levels deep")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(str(error), text) from None
    return data, key_lines(text)


def _too_deep(text: str) -> int | None:
    """The line where brackets and braces first nest more than ``MAX_DEPTH`` deep (strings and comments
    skipped roughly: enough to stop a parser that would recurse that deep), or None."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:  # nesting never goes deeper than its openers: no walk
        return None
    depth, line, quote = 0, 1, ""
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            line += 1
        elif quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", index)
            index = size if end == -1 else end
            continue
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1
    return None


def _syntax_error(message: str, text: str) -> TomlError:
    """tomllib's "Msg (at line 3, column 7)" as line 3 and "invalid TOML: msg (column 7)"."""
    found = _TOML_WHERE.match(message)
    if found is None:
        return TomlError(1, f"invalid TOML: {message}")
    what = found[1][:1].lower() + found[1][1:]
    if found[2] is None:  # "at end of document"
        return TomlError(text.count("\n") + (not text.endswith("\n")), f"invalid TOML: {what} (at the end of the file)")
    return TomlError(int(found[2]), f"invalid TOML: {what} (column {found[3]})")


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map every key path of valid TOML ``text`` to its 1-based line."""
    scanner = _Scanner(text)
    scanner.document()
    return scanner.lines


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text, self.pos, self.lines = text, 0, {}
        self.counters: dict[KeyPath, int] = {}  # array-of-tables path -> next index

    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def skip(self, newlines: bool) -> None:
        """Skip blanks and comments (and line breaks when ``newlines``)."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end == -1 else end
            elif char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            else:
                return

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip(newlines=True)
            if self.pos >= len(self.text):
                return
            if self.text[self.pos] == "[":
                table = self.header()
            else:
                self.assignment(table)

    def header(self) -> KeyPath:
        many = self.text.startswith("[[", self.pos)
        self.pos += 2 if many else 1
        line, path = self.line(), self.dotted_key()
        self.pos = self.text.index("]", self.pos) + (2 if many else 1)
        if many:  # [[x]]: each header opens item N of array x
            index = self.counters.get(path, 0)
            self.counters[path] = index + 1
            self.lines.setdefault(path, line)
            path = (*path, index)
        self.lines.setdefault(path, line)
        return path

    def dotted_key(self) -> KeyPath:
        parts: list[str] = []
        while True:
            self.skip(newlines=False)
            parts.append(self.key_part())
            self.skip(newlines=False)
            if not self.text.startswith(".", self.pos):
                return tuple(parts)
            self.pos += 1

    def key_part(self) -> str:
        char = self.text[self.pos]
        if char in "\"'":
            start = self.pos
            self.string()
            return tomllib.loads(f"k = {self.text[start:self.pos]}")["k"]
        found = _BARE.match(self.text, self.pos)
        self.pos = found.end()
        return found.group()

    def assignment(self, table: KeyPath) -> None:
        line, key = self.line(), self.dotted_key()
        for depth in range(1, len(key) + 1):
            self.lines.setdefault((*table, *key[:depth]), line)
        self.pos += 1  # "="
        self.value((*table, *key))

    def value(self, path: KeyPath) -> None:
        self.skip(newlines=False)
        char = self.text[self.pos]
        if char == "{":
            self.pos += 1
            self.items(path, "}", keyed=True)
        elif char == "[":
            self.pos += 1
            self.items(path, "]", keyed=False)
        elif char in "\"'":
            self.string()
        else:
            found = re.compile(r"[^,\]}\s#]+").match(self.text, self.pos)
            self.pos = found.end()

    def items(self, path: KeyPath, close: str, keyed: bool) -> None:
        index = 0
        while True:
            self.skip(newlines=True)
            if self.text[self.pos] == close:
                self.pos += 1
                return
            if self.text[self.pos] == ",":
                self.pos += 1
                continue
            if keyed:
                self.assignment(path)
            else:
                self.lines.setdefault((*path, index), self.line())
                self.value((*path, index))
                index += 1

    def string(self) -> None:
        quote = self.text[self.pos]
        triple = self.text.startswith(quote * 3, self.pos)
        delimiter = quote * 3 if triple else quote
        self.pos += len(delimiter)
        while not self.text.startswith(delimiter, self.pos):
            self.pos += 2 if quote == '"' and self.text[self.pos] == "\\" else 1
        self.pos += len(delimiter)
        while triple and self.text.startswith(quote, self.pos):  # '''a'''' ends with a quote inside
            self.pos += 1
