"""Text from inputs as a report may show it: well-formed, without control sequences, of bounded size.

File names, record ids and label text are untrusted. A file name that is not
UTF-8 reaches Python as a string with lone surrogates (``os.fsdecode``'s
surrogateescape), and so does a JSON ``"\\ud800"``: no UTF-8 report can be
written with one in it. An escape sequence in a file name or a label would
rewrite the user's terminal, or a CI log, if printed as it is. And one
absurd value quoted in a message must not make the message 100 MB long.

Each function here answers one of these, always with backslash escapes a
reader can trace back to the input: ``\\xff`` for the undecodable byte of a
file name, ``\\x1b`` for ESC, ``\\u202e`` for a bidi override.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL, and the bidi controls that make text display in another order.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# A quoted value longer than this is shortened in a message; the message as a whole, longer than MESSAGE_MAX.
QUOTE_MAX = 200
MESSAGE_MAX = 2000
_LONG_QUOTE = re.compile('"([^"\n]{%d,})"' % (QUOTE_MAX + 1))


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def well_formed(text: str) -> str:
    """``text`` with each lone surrogate written as an escape, so any UTF-8 report can hold it."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda found: _escape(found.group()), text)


def printable(text: str, keep: str = "") -> str:
    """``text`` for a terminal or a CI annotation: controls, bidi overrides and lone surrogates escaped.

    ``keep`` names control characters the caller handles itself (GitHub's annotations encode line breaks).
    """
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda found: found.group() if found.group() in keep else _escape(found.group()), text)


def shortened(text: str, limit: int) -> str:
    """``text``, or its start and end around a note of how much was left out when longer than ``limit``."""
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 3
    return f"{text[:head]}…[{len(text) - head - tail:,} characters left out]…{text[-tail:]}"


def bounded_message(message: str) -> str:
    """A finding's message with every long quoted value shortened, and the whole of it at most ``MESSAGE_MAX``."""
    if len(message) <= QUOTE_MAX:
        return message
    message = _LONG_QUOTE.sub(lambda found: '"' + shortened(found.group(1), QUOTE_MAX) + '"', message)
    return shortened(message, MESSAGE_MAX)
