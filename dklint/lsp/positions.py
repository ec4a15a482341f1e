"""Positions as an editor counts them.

dklint counts 1-based lines and 1-based columns in code points, in the text as it
reads a file: BOM removed, every line break one LF. The Language Server Protocol
counts 0-based lines and 0-based columns in the units of the position encoding the
client and server agreed on: UTF-16 code units unless the client offers another, so
"µ" is one unit, "🌞" two and a tab one. A document's lines are kept once per
checked version (``DocumentLines``) so that every position of its findings and
fixes is converted against the text that was checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from dklint.inputs.read import normalise_newlines

UTF16 = "utf-16"
UTF8 = "utf-8"
UTF32 = "utf-32"
BOM = "\ufeff"


def units(text: str, encoding: str = UTF16) -> int:
    """The length of ``text`` in code units of ``encoding`` (lone surrogates count as one code point)."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def character(line_text: str, column: int, encoding: str = UTF16) -> int:
    """The LSP character (0-based, in ``encoding`` units) of 1-based code-point ``column`` on ``line_text``.

    A column past the end of the line is the end of the line: LSP has no position beyond it.
    """
    return units(line_text[: max(column - 1, 0)], encoding)


def _first_line_break(text: str) -> str:
    """The document's own line break, for text a fix inserts (dklint's fixes are written with LF)."""
    index = next((i for i, char in enumerate(text) if char in "\r\n"), None)
    if index is None or text[index] == "\n":
        return "\n"
    return "\r\n" if text.startswith("\r\n", index) else "\r"


@dataclass(frozen=True)
class DocumentLines:
    """A document's lines as dklint reads them, and how its positions map to the editor's."""

    lines: tuple[str, ...]
    encoding: str = UTF16
    bom: bool = False  # the editor's text starts with a BOM that dklint's line 1 does not have
    newline: str = "\n"

    @classmethod
    def of(cls, text: str, encoding: str = UTF16) -> "DocumentLines":
        bom = text.startswith(BOM)
        body = normalise_newlines(text[1:] if bom else text)
        return cls(tuple(body.split("\n")), encoding, bom, _first_line_break(text))

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based) without its break; "" past the last line."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def position(self, line: int, column_: int) -> tuple[int, int]:
        """LSP (line, character) of dklint's 1-based (line, code-point column)."""
        if line > len(self.lines):  # the end of the text: dklint's offset one past the last character
            last = len(self.lines)
            return last - 1, self._shift(last) + units(self.line_text(last), self.encoding)
        return line - 1, self._shift(line) + character(self.line_text(line), column_, self.encoding)

    def range(self, line: int, column_: int, end_line: int, end_column: int) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.position(line, column_), self.position(end_line, end_column)

    def inserted(self, text: str) -> str:
        """A fix's text (LF line breaks) with the document's own line break."""
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def _shift(self, line: int) -> int:
        return units(BOM, self.encoding) if self.bom and line == 1 else 0
