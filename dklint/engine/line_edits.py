"""Edits of whole lines, and copies of the text, made plain once the label's text is at hand.

A rule sees the parsed model, never the text: it can name a row's span but not copy its line. An
``Edit`` may therefore ask for ``whole_lines`` (its span, and its copy, widened to the lines they touch,
line break included) and a ``copy`` (the text at a span, inserted before the edit's own text). Here,
with the text, such an edit becomes a plain one that every consumer applies as it is (the located fix
of a file, ``dklint test-rules``, SARIF, the language server).

Two things follow a line wherever it goes. Its own-line ``# dklint:`` comments above it cover it, so
they move with it, and an insertion before a line goes above them (they must keep covering the line
they stand over). The last line of a text without a line break stays without one: deleting it takes
the break before it, and a line added after it gets a break in front instead.
"""

from __future__ import annotations

from dklint.findings import Edit, Fix, edits_collide
from dklint.parse.label.lines import is_comment
from dklint.source import Span


def plain_fix(fix: Fix, text: str) -> Fix | None:
    """``fix`` with its whole-line edits and copies made plain in ``text``; None if they would then overlap."""
    if not any(edit.whole_lines or edit.copy is not None for edit in fix.edits):
        return fix
    edits = tuple(_plain(edit, text) for edit in fix.edits)
    if edits_collide((edit.span.start, edit.span.end) for edit in edits):
        return None
    return Fix(fix.title, fix.applicability, edits)


def _plain(edit: Edit, text: str) -> Edit:
    if edit.field_path:
        return edit  # a JSON value of a spec: lines mean nothing there
    copied = ""
    if edit.copy is not None:
        copy = _lines(edit.copy, text) if edit.whole_lines else edit.copy
        copied = text[copy.start : copy.end]
        if edit.whole_lines and not copied.endswith("\n"):
            copied += "\n"  # the last line, copied elsewhere, is a line there
    new = copied + edit.text
    if not edit.whole_lines:
        return Edit(edit.span, new)
    span = _lines(edit.span, text)
    if span.end == len(text) and text and not text.endswith("\n"):
        if span.start == span.end:  # after a last line that has no break: the break goes first
            return Edit(span, "\n" + new.removesuffix("\n"))
        if not new and span.start > 0:  # the last line deleted: its break before it goes too
            return Edit(Span(span.start - 1, span.end), "")
        new = new.removesuffix("\n")
    return Edit(span, new)


def _lines(span: Span, text: str) -> Span:
    """``span`` widened to whole lines with their breaks (and their comments above them).

    An empty span with nothing written before it on its line (spaces, a table's rule "| ") stands before
    that line; anywhere later, after it.
    """
    start = text.rfind("\n", 0, span.start) + 1
    if span.start == span.end and any(char.isalnum() for char in text[start : span.start]):
        return Span(_next_line(text, span.start), _next_line(text, span.start))
    start = _with_comments(text, start)
    if span.start == span.end:
        return Span(start, start)
    return Span(start, _next_line(text, span.end - 1))


def _next_line(text: str, offset: int) -> int:
    """Where the line after the one holding ``offset`` starts (the end of the text after the last line)."""
    end = text.find("\n", offset)
    return len(text) if end == -1 else end + 1


def _with_comments(text: str, start: int) -> int:
    """The start of the ``# dklint:`` comments that stand over the line at ``start`` (they cover the next
    line that is neither blank nor a comment); ``start`` itself when none does."""
    top = start
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        line = text[above : start - 1]
        if is_comment(line):
            top = above
        elif line.strip():
            break
        start = above
    return top
