"""Label text as lines and segments: matched on a cleaned copy, located in the original.

Matching runs on ``textnorm.clean`` output (no zero-width characters, no
look-alike letters, µ folded to μ) with HTML residue blanked out, but every
finding must point into ``Source.text``. A ``Seg`` is a piece of one line: its
cleaned ``text`` and a way back from an index in that text to an offset in the
source. On the common path (ASCII lines, or cleaning that keeps the length) the
way back is one addition; otherwise a short table of breakpoints is kept.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

from dklint.base.textnorm import clean
from dklint.source import Span

# Tags and entities from scraped pages ("<br />", "<strong>", "&nbsp;"): blanked to
# spaces of the same length so offsets stay put. Bounded repeats keep this linear.
_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,200})?/?|!--[^<>]{0,200}--)>|&(?:nbsp|#160);")
# Forum and CMS markup left in exported text ("Supplement Facts[/S]", "[b]Vitamin D[/b]"): only the
# formatting tags, so a footnote mark "[1]" or an optional word in brackets stays.
_BBCODE = re.compile(r"\[/?(?:b|i|u|s|sup|sub|size|color|font|url)(?:=[^\[\]\n]{0,60})?\]", re.IGNORECASE)
# Character references ("&#181;g", "&micro;g", "&#39;Biotin&#39;", "&amp;"): read as the character, placed
# at the end of the reference's room so it stays next to the text after it ("10 &#181;g" reads "10 ... µg").
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


class Seg:
    """A stretch of one line: cleaned text plus the map back to source offsets."""

    __slots__ = ("text", "base", "breaks", "blank_before", "indent")

    def __init__(self, text: str, base: int, breaks: tuple[list[int], list[int]] | None,
                 blank_before: bool = False, indent: int = 0) -> None:
        self.text = text
        self.base = base  # source offset of text[0] when there are no breaks
        self.breaks = breaks  # (text indices, source offsets) where the two drift apart
        self.blank_before = blank_before
        self.indent = indent

    def at(self, index: int) -> int:
        """Source offset of ``text[index]`` (or of the end, for ``index == len(text)``)."""
        if self.breaks is None:
            return self.base + index
        keys, offsets = self.breaks
        row = bisect_right(keys, index) - 1
        return offsets[row] + (index - keys[row])

    def span(self, start: int, end: int) -> Span:
        return Span(self.at(start), self.at(end))

    def sub(self, start: int, end: int | None = None) -> "Seg":
        """The part ``text[start:end]``, sharing this segment's map."""
        end = len(self.text) if end is None else end
        if self.breaks is None:
            return Seg(self.text[start:end], self.base + start, None, self.blank_before and start == 0)
        keys, offsets = self.breaks
        shifted = ([k - start for k in keys], offsets)
        seg = Seg(self.text[start:end], 0, None, self.blank_before and start == 0)
        seg.breaks = _rebase(shifted)
        return seg

    @staticmethod
    def join(parts: list["Seg"], sep: str = " ") -> "Seg":
        """One segment of several (cells of a row that fell on lines of their own), ``sep`` between them.

        Each part keeps its own way back to the source; the separator, which the source
        does not hold, maps to where the part before it ends.
        """
        parts = [part for part in parts if part.text]
        keys: list[int] = []
        offsets: list[int] = []
        texts: list[str] = []
        position = 0
        for index, part in enumerate(parts):
            if index:
                keys.append(position)
                offsets.append(parts[index - 1].at(len(parts[index - 1].text)))
                texts.append(sep)
                position += len(sep)
            if part.breaks is None:
                keys.append(position)
                offsets.append(part.base)
            else:
                part_keys, part_offsets = part.breaks
                keys.extend(position + key for key in part_keys)
                offsets.extend(part_offsets)
            texts.append(part.text)
            position += len(part.text)
        first = parts[0] if parts else Seg("", 0, None)
        return Seg("".join(texts), 0, (keys, offsets) if keys else None, first.blank_before, first.indent)

    def strip(self, chars: str | None = None) -> "Seg":
        text = self.text
        left = len(text) - len(text.lstrip(chars))
        right = len(text.rstrip(chars))
        if left == 0 and right == len(text):
            return self
        seg = self.sub(left, max(left, right))
        seg.blank_before, seg.indent = self.blank_before, self.indent
        return seg


def _rebase(breaks: tuple[list[int], list[int]]) -> tuple[list[int], list[int]]:
    """Keep the last breakpoint at or before index 0 so lookups before the first key work."""
    keys, offsets = breaks
    row = max(0, bisect_right(keys, 0) - 1)
    first = offsets[row] + (0 - keys[row])
    return [0, *keys[row + 1 :]], [first, *offsets[row + 1 :]]


def _blank_html(raw: str) -> str:
    if "[" in raw:
        raw = _BBCODE.sub(lambda m: " " * len(m.group()), raw)
    if "<" not in raw and "&" not in raw:
        return raw
    raw = _HTML.sub(lambda m: " " * len(m.group()), raw)
    return _ENTITY.sub(_character, raw) if "&" in raw else raw


def _character(reference: re.Match[str]) -> str:
    """A character reference as its character, right-aligned in the reference's room; an unknown one stays."""
    written = reference.group()
    character = html.unescape(written)
    if character == written or len(character) > len(written):
        return written
    if not character.strip() or not character.isprintable():
        return " " * len(written)  # no-break and other spaces, controls
    return character.rjust(len(written))


def _cleaned(work: str, start: int) -> Seg:
    """Clean one line; keep a breakpoint table only when cleaning changed lengths."""
    if work.isascii():
        return Seg(work, start, None)
    text = clean(work)
    if len(text) == len(work):
        return Seg(text, start, None)
    parts: list[str] = []
    keys, offsets = [0], [start]
    done = 0  # characters of ``work`` consumed
    size = 0  # characters of cleaned text produced
    for match in _NON_ASCII.finditer(work):
        parts.append(work[done : match.start()])
        size += match.start() - done
        for position in range(match.start(), match.end()):
            piece = clean(work[position])
            parts.append(piece)
            if len(piece) != 1:
                keys.append(size)
                offsets.append(start + position)
                keys.append(size + len(piece))
                offsets.append(start + position + 1)
            size += len(piece)
        done = match.end()
    parts.append(work[done:])
    return Seg("".join(parts), 0, (keys, offsets))


def is_comment(text: str) -> bool:
    """``# dklint:`` directives (suppressions) are not label content."""
    return text.lstrip().startswith("# dklint:")


def label_lines(text: str) -> list[Seg]:
    """The content lines of a label, each knowing if a blank line came before it."""
    lines: list[Seg] = []
    blank = False
    position = 0
    for raw in text.splitlines(keepends=True):  # offsets add up from the lengths, whatever the line ends are
        start, position = position, position + len(raw)
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        if "<" in body or "&" in body or "[" in body:
            body = _blank_html(body)
        content = body.strip()
        if not content or content[0] == "#" and is_comment(content):
            blank = blank or not content  # a comment line is not there at all; a blank one separates
            continue
        indent = len(body) - len(body.lstrip())
        seg = _cleaned(content, start + indent)
        if not content.isascii():
            seg = seg.strip()
            if not seg.text:
                blank = True
                continue
        seg.blank_before, seg.indent = blank, indent
        lines.append(seg)
        blank = False
    return lines
