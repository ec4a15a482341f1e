"""The human report: one block per problem, then a summary.

::

    labels/d3.txt:3:12: DK101 [warning] Vitamin D3 at 125 mcg without vitamin K2
       3 | Vitamin D3 125 mcg (5,000 IU)
         |            ^~~~~~~
    catalog.jsonl:7:75: DK101 [warning] record SKU-7: vitamin D is 5,000 IU ...

A finding in a catalog record names the record's product id after the
severity; an input that could not be checked is listed in the summary with its
line and id when it is a record. Suppressed findings and findings already in
the baseline are counted in the summary but not shown. Files skipped as not
dklint's (a README met while walking) are listed with ``--verbose``, and
counted when nothing was checked. A finding ``--fix`` would repair has ``[*]``
after its code, and the summary says how many were fixed, how many more
``--fix`` would fix and how many only ``--unsafe-fixes`` would. Results are written as they arrive. Paths,
ids and messages come from inputs: their control characters are shown as
escapes (``\\x1b``), and source lines have them replaced, so nothing in an
input can drive the terminal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence, TextIO

from dklint.base.shown import printable
from dklint.findings import InputResult, Located
from dklint.report.run_info import RunInfo, Tally, is_record, notifications, plural, record_name

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule

# Plain ANSI codes: importing rich would cost start-up time for a few colours.
RESET = "\x1b[0m"
COLORS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m",
          "bold": "\x1b[1m", "gutter": "\x1b[34m", "caret": "\x1b[1;31m"}
# Source lines come from untrusted files: a raw escape sequence in a label must
# not be able to rewrite the user's terminal, so control characters (and the
# bidi overrides that make text display in another order) are replaced.
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Lines longer than this are shown as a window around the column.
MAX_SHOWN = 160


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, name: str, text: str) -> str:
        return f"{COLORS[name]}{text}{RESET}" if self.color and name in COLORS else text


def clean(text: str) -> str:
    return CONTROL.sub("\ufffd", text)


def one_line(message: str) -> str:
    """A message on the finding's own line, so each finding stays one grep-able line."""
    return printable(" ".join(message.splitlines()))


def cell_width(char: str) -> int:
    """Terminal cells a character takes: 0 for combining marks, 2 for wide ones."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def clip(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of a long line around ``[start, end)`` (0-based code points)."""
    if len(line) <= MAX_SHOWN:
        return line, start, end
    left = max(0, min(start - MAX_SHOWN // 2, len(line) - MAX_SHOWN))
    window = line[left:left + MAX_SHOWN]
    prefix = "…" if left else ""
    suffix = "…" if left + MAX_SHOWN < len(line) else ""
    shift = len(prefix) - left
    return prefix + window + suffix, start + shift, end + shift


def caret_line(line: str, start: int, end: int) -> str:
    """Spaces up to ``start`` (tabs kept, so tab stops match), ``^`` then ``~`` to ``end``."""
    start = min(start, len(line))
    pad = "".join("\t" if ch == "\t" else " " * cell_width(ch) for ch in line[:start])
    span = line[start:max(end, start + 1)]
    width = max(1, sum(cell_width(ch) for ch in span))
    return pad + "^" + "~" * (width - 1)


def snippet(finding: Located, style: Style) -> list[str]:
    """The source line with a gutter, and the caret line under the finding."""
    line = clean(finding.source_line.rstrip("\n"))
    if not line.strip():
        return []
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    line, start, end = clip(line, start, end)
    number = str(finding.line)
    gutter = " " * len(number)
    return [f"{style('gutter', f'  {number} |')} {line}",
            f"{style('gutter', f'  {gutter} |')} {style('caret', caret_line(line, start, end))}"]


def fixable(finding: Located, unsafe_fixes: bool) -> bool:
    """A finding --fix would repair: its fix is safe, or unsafe fixes are on."""
    return finding.fix is not None and (unsafe_fixes or finding.fix.applicability == "safe")


def format_finding(finding: Located, style: Style, record: str | None = None, unsafe_fixes: bool = False) -> str:
    """The finding's block; ``record`` is the product id of the catalog record it is in, if any.

    ``[*]`` after the code marks a finding --fix would repair (as Ruff marks them)."""
    where = style("bold", f"{printable(finding.path)}:{finding.line}:{finding.column}:")
    message = (f"record {printable(record)}: " if record else "") + one_line(finding.message)
    code = style("bold", finding.code) + (" [*]" if fixable(finding, unsafe_fixes) else "")
    head = f"{where} {code} {style(finding.severity, f'[{finding.severity}]')} {message}"
    return "\n".join([head, *snippet(finding, style)]) + "\n"


def summary(tally: Tally, run: RunInfo, fixes: FixCounts | None = None) -> list[str]:
    lines = [f"not checked: {printable(notice.where)}"
             + (f", record {printable(notice.product_id)}" if notice.product_id else "")
             + f" ({one_line(notice.message)})" for notice in notifications(tally, run)]
    lines += skipped(run, tally)
    fixes = fixes or FixCounts()
    counts = tally.by_severity
    if tally.problems:
        lines.append(f"Found {plural(tally.problems, 'problem')} ({plural(counts['error'], 'error')}, "
                     f"{plural(counts['warning'], 'warning')}, {counts['info']} info) "
                     f"in {tally.with_problems} of {plural(tally.inputs, 'input')}.")
    elif tally.inputs == 0:
        lines.append("No inputs to check.")
    elif tally.checked == tally.inputs:
        lines.append(f"All {plural(tally.inputs, 'input')} checked: no problems found.")
    else:
        lines.append(f"No problems found in {tally.checked} of {plural(tally.inputs, 'input')}; "
                     f"{tally.inputs - tally.checked} not checked.")
    hidden = [plural(tally.suppressed, "suppressed finding") if tally.suppressed else "",
              plural(tally.unchanged, "finding") + " unchanged since the baseline" if tally.unchanged else ""]
    if any(hidden):
        lines.append("Not shown: " + ", ".join(part for part in hidden if part) + ".")
    return lines + fix_lines(run, fixes)


@dataclass
class FixCounts:
    """Problems shown that --fix would repair, and those only --unsafe-fixes would."""

    fixable: int = 0
    unsafe: int = 0

    def add(self, finding: Located, unsafe_fixes: bool) -> None:
        if fixable(finding, unsafe_fixes):
            self.fixable += 1
        elif finding.fix is not None:
            self.unsafe += 1


def fix_lines(run: RunInfo, fixes: FixCounts) -> list[str]:
    lines = [f"Fixed {plural(run.fixed, 'problem')}."] if run.fixed else []
    if fixes.fixable:
        lines.append(f"[*] {fixes.fixable} fixable with --fix.")
    if fixes.unsafe:
        lines.append(f"{fixes.unsafe} more fixable with --unsafe-fixes.")
    return lines


def skipped(run: RunInfo, tally: Tally) -> list[str]:
    """With --verbose, each skipped file and why; else one line when nothing else was met."""
    if not run.skipped or not (run.verbose or tally.inputs == 0):
        return []
    listed = [f"skipped: {one_line(path)} ({one_line(why)})" for path, why in run.skipped] if run.verbose else []
    hint = "" if run.verbose else " (--verbose lists them)"
    return [*listed, f"Skipped {plural(len(run.skipped), 'file')} that dklint does not check{hint}."]


def statistics(tally: Tally) -> list[str]:
    """Counts per rule code, most frequent first (ties by code)."""
    rows = sorted(tally.by_rule.items(), key=lambda item: (-item[1], item[0]))
    if not rows:
        return []
    table = [("Code", "Name", "Count")] + [(code, tally.names[code], str(n)) for code, n in rows]
    code_w = max(len(row[0]) for row in table)
    name_w = max(len(row[1]) for row in table)
    count_w = max(len(row[2]) for row in table)
    return [f"{c:<{code_w}}  {n:<{name_w}}  {k:>{count_w}}".rstrip() for c, n, k in table]


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """Write each problem as it arrives, then the summary (and statistics when asked)."""
    style = Style(run.color)
    tally, fixes = Tally(), FixCounts()
    for result in results:
        record = record_name(result.product_id, result.path) if is_record(result) else None
        for finding in tally.add(result):
            fixes.add(finding, run.unsafe_fixes)
            stream.write(format_finding(finding, style, record, run.unsafe_fixes) + "\n")
    stream.write("\n".join(summary(tally, run, fixes)) + "\n")
    if run.statistics and tally.by_rule:
        stream.write("\n" + "\n".join(statistics(tally)) + "\n")
