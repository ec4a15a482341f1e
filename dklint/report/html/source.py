"""The label text of a product with each finding highlighted at its span (HTML report).

Results carry located findings, not the input text, so the text is read again:

* a file (label text, JSON spec) is re-read from ``result.path``, relative to
  ``run.srcroot`` (or the working folder);
* a catalog record (``first_line`` > 1, or a ``.jsonl``/``.ndjson``/``.csv``
  path) is the record's lines of the catalog file, read forward by one open
  ``LineReader`` per catalog so a 100,000-record catalog is read once;
* when the file cannot be read (stdin, deleted, changed since) the lines each
  finding kept (``Located.source_line``) are shown instead.

The file is read as it is now: if it changed after the check, highlights may
be off. Everything from the file is escaped; nothing in it can reach the DOM
as markup.
"""

from __future__ import annotations

from html import escape
from itertools import groupby
from pathlib import Path

from dklint.findings import SEVERITY_RANK as RANK
from dklint.findings import InputResult, Located
from dklint.inputs.read import normalise_newlines
from dklint.report.run_info import is_record

MAX_FILE_BYTES = 2 * 1024 * 1024  # bigger files: only the lines with findings
ALL_LINES = 150  # show every line of an input up to this many; beyond, windows around findings
CONTEXT = 3


class LineReader:
    """Reads the lines of one catalog forward, reopening only when asked to go back."""

    def __init__(self, path: Path) -> None:
        self.path, self.stream, self.number = path, None, 0

    def lines(self, first: int, last: int) -> dict[int, str]:
        if self.stream is None or first <= self.number:
            self.close()
            self.stream, self.number = open(self.path, "rb"), 0
        found: dict[int, str] = {}
        while self.number < last:
            raw = self.stream.readline(MAX_FILE_BYTES)
            if not raw:
                break
            self.number += 1
            if self.number >= first:
                found[self.number] = raw.decode("utf-8", "replace").rstrip("\r\n").lstrip("\ufeff")
        return found

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


class SourceTexts:
    """Finds the text of each result's input; one per report."""

    def __init__(self, srcroot: str | None) -> None:
        self.root = Path(srcroot) if srcroot else Path.cwd()
        self.readers: dict[str, LineReader] = {}

    def lines(self, result: InputResult) -> dict[int, str]:
        """Line number -> text for the lines of ``result``'s input worth showing."""
        try:
            return self._read(result)
        except (OSError, ValueError):
            return {f.line: f.source_line for f in result.findings}

    def _read(self, result: InputResult) -> dict[int, str]:
        path = self.root / result.path
        if is_record(result):
            last = max([result.first_line] + [max(f.line, f.end_line) for f in result.findings])
            reader = self.readers.setdefault(result.path, LineReader(path))
            return reader.lines(result.first_line, last)
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return {f.line: f.source_line for f in result.findings}
        text = normalise_newlines(path.read_bytes().decode("utf-8", "replace")).lstrip("\ufeff")
        lines = text.split("\n")
        if len(lines) > 1 and not lines[-1]:  # the final line break does not start a line
            lines.pop()
        return dict(enumerate(lines, start=1))

    def close(self) -> None:
        for reader in self.readers.values():
            reader.close()


def shown_lines(lines: dict[int, str], findings: list[Located]) -> list[int | None]:
    """Line numbers to show, None where lines are skipped."""
    numbers = sorted(lines)
    if len(numbers) <= ALL_LINES:
        return numbers
    wanted = {n for f in findings for n in range(f.line - CONTEXT, max(f.line, f.end_line) + CONTEXT + 1)}
    shown: list[int | None] = []
    for number in numbers:
        if number in wanted:
            if shown and shown[-1] is not None and shown[-1] != number - 1:
                shown.append(None)
            shown.append(number)
    return shown


def _ranges(line_no: int, text: str, findings: list[tuple[int, Located]]) -> list[tuple[int, int, int]]:
    """(start, end, finding index) 0-based character ranges of ``text`` covered by findings."""
    ranges = []
    for index, f in findings:
        end_line = max(f.end_line, f.line)
        if not f.line <= line_no <= end_line:
            continue
        start = f.column - 1 if line_no == f.line else 0
        end = f.end_column - 1 if line_no == end_line else len(text)
        start = max(0, min(start, len(text)))
        end = max(start + 1, min(end, len(text))) if start < len(text) else start
        ranges.append((start, end, index))
    return ranges


def highlight(text: str, ranges: list[tuple[int, int, int]], findings: list[Located]) -> str:
    """``text`` escaped, with each covered piece in a ``<mark>`` of its worst severity."""
    cuts = sorted({0, len(text)} | {r[0] for r in ranges} | {r[1] for r in ranges})
    parts = []
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        over = [i for s, e, i in ranges if s <= start and end <= e]
        if over:
            worst = max((findings[i] for i in over), key=lambda f: RANK.get(f.severity, 0)).severity
            codes = " ".join(sorted({findings[i].code for i in over}))
            ids = " ".join(f"f{i}" for i in over)
            parts.append(f'<mark class="sev-{escape(worst)}" data-f="{ids}" title="{escape(codes)}">{piece}</mark>')
        else:
            parts.append(piece)
    if any(s == e == len(text) for s, e, _ in ranges):  # a finding at the end of the line: show where
        parts.append('<mark class="sev-error caret">\u2038</mark>')
    return "".join(parts)


def _note(prefix: str, index: int, f: Located) -> str:
    link = f'<a href="{escape(f.url)}" rel="noreferrer">{escape(f.code)}</a>' if f.url else escape(f.code)
    return (f'<div class="note sev-{escape(f.severity)}" id="{prefix}n{index}"><b>{link}</b> '
            f'<span class="tag">{escape(f.severity)}</span> {escape(f.message)} '
            f'<span class="where">{f.line}:{f.column}</span></div>')


def render_source(result: InputResult, texts: SourceTexts, findings: list[Located], prefix: str) -> str:
    """The grid of line numbers, highlighted lines and messages for one product."""
    lines = texts.lines(result)
    indexed = list(enumerate(findings))
    by_line = {line: list(group) for line, group in groupby(sorted(indexed, key=lambda p: p[1].line), key=lambda p: p[1].line)}
    rows = []
    for number in shown_lines(lines, findings):
        if number is None:
            rows.append('<div class="ln gap">\u22ee</div><pre class="tx gap"></pre><div class="nt"></div>')
            continue
        text = lines[number]
        marked = highlight(text, _ranges(number, text, indexed), findings)
        notes = "".join(_note(prefix, i, f) for i, f in by_line.get(number, ()))
        rows.append(f'<div class="ln">{number}</div><pre class="tx">{marked}</pre><div class="nt">{notes}</div>')
    unplaced = [(i, f) for i, f in indexed if f.line not in lines]
    if unplaced:
        rows.append('<div class="ln">\u2014</div><pre class="tx"></pre><div class="nt">'
                    + "".join(_note(prefix, i, f) for i, f in unplaced) + "</div>")
    return '<div class="src">' + "".join(rows) + "</div>"
