"""HTML report (``--format html``): one self-contained page for people.

The page has totals by severity, a bar chart of findings per rule (inline SVG),
a table of every product that sorts (click a heading), filters (text, worst
severity; ``#q=DK101&severity=error`` in the address preselects) and pages
(see ``dklint.report.html.table``), and, for each product with findings, its
label text with every finding highlighted at its span and the message beside
it. Everything is inline: no network access, no
CDN, and a Content-Security-Policy that forbids loading anything.

Label text is untrusted: every piece of it is HTML-escaped, and the script
puts text into the page with ``textContent`` only. The text shown is re-read from the input
files (see ``dklint.report.html.source``). Results stream through: rows and
product sections are spooled (to a temporary file when large) while the
totals that head the page are counted. Past ``MAX_DETAILS`` products with
findings, products are listed in the table only.
"""

from __future__ import annotations

import shutil
from html import escape
from typing import Iterable, Sequence, TextIO

from dklint.findings import InputResult, Located
from dklint.report.html.assets import CSS, JS
from dklint.report.html.source import SourceTexts, render_source
from dklint.report.html.table import table_row, write_table
from dklint.report.run_info import RunInfo, Tally, notifications, plural, spool, where
from dklint.rules.rule import Rule

MAX_DETAILS = 2000
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _detail(index: int, result: InputResult, problems: list[Located], texts: SourceTexts) -> str:
    product = f" <small>id {escape(result.product_id)}</small>" if result.product_id else ""
    return (f'<article id="p{index}"><h3><span class="path">{escape(where(result))}</span>{product} '
            f'<small>{plural(len(problems), "finding")}</small></h3>'
            f"{render_source(result, texts, problems, f'p{index}-')}</article>\n")


def _head(run: RunInfo) -> str:
    when = f" \u00b7 {escape(run.end_time or run.start_time)}" if (run.end_time or run.start_time) else ""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>dklint report</title><style>{CSS}</style></head><body>\n"
            f"<header><h1>dklint report</h1><p>dklint {escape(run.tool_version)}{when}</p></header><main>\n")


def _cards(tally: Tally) -> str:
    cards = [("total-products", "products", tally.inputs, ""), ("total-checked", "checked", tally.checked, ""),
             ("total-with-findings", "with findings", tally.with_problems, ""),
             ("total-error", "errors", tally.by_severity.get("error", 0), "sev-error"),
             ("total-warning", "warnings", tally.by_severity.get("warning", 0), "sev-warning"),
             ("total-info", "info", tally.by_severity.get("info", 0), "sev-info")]
    body = "".join(f'<div class="card {cls}"><b id="{key}">{value:,}</b><span>{label}</span></div>'
                   for key, label, value, cls in cards)
    return f'<section id="summary"><h2>Summary</h2><div class="cards">{body}</div></section>\n'


def _chart(tally: Tally, rules: dict[str, Rule]) -> str:
    if not tally.by_rule:
        return '<section id="rules"><h2>Findings per rule</h2><p class="muted">No findings.</p></section>\n'
    items = sorted(tally.by_rule.items(), key=lambda item: (-item[1], item[0]))
    top = items[0][1]
    height = 26 * len(items) + 6
    bars = []
    for row, (code, count) in enumerate(items):
        rule = rules.get(code)
        severity = rule.severity if rule else "error"
        width = max(2, round(420 * count / top))
        label = f"{code} {tally.names.get(code, rule.name if rule else '')}"[:56]
        y = 26 * row + 4
        bars.append(f'<text x="0" y="{y + 14}">{escape(label)}</text>'
                    f'<rect class="bar-{severity}" x="360" y="{y}" width="{width}" height="18" rx="3"/>'
                    f'<text x="{366 + width}" y="{y + 14}" data-rule="{escape(code)}">{count:,}</text>')
    svg = (f'<svg id="rule-chart" role="img" aria-label="findings per rule" width="860" height="{height}" '
           f'viewBox="0 0 860 {height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')
    return f'<section id="rules"><h2>Findings per rule</h2>{svg}</section>\n'


def _details(details: TextIO, stream: TextIO, detailed: int, tally: Tally) -> None:
    stream.write('<section id="details"><h2>Findings by product</h2>')
    if not detailed:
        stream.write('<p class="muted">No product has findings.</p>')
    details.seek(0)
    shutil.copyfileobj(details, stream)
    if tally.with_problems > detailed:
        stream.write(f'<p class="muted">{tally.with_problems - detailed:,} more products with findings are listed '
                     "in the table only; the JSON or SARIF report has every finding.</p>")
    stream.write("</section>\n")


def _errors(tally: Tally, run: RunInfo) -> str:
    items = notifications(tally, run)
    if not items:
        return ""
    rows = "".join(f'<li><span class="path">{escape(n.where)}</span>'
                   + (f" <small>id {escape(n.product_id)}</small>" if n.product_id else "")
                   + f": {escape(n.message)}</li>" for n in items)
    return f'<section id="errors"><h2>Inputs that could not be checked</h2><ul>{rows}</ul></section>\n'


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """Write the self-contained HTML page described in this module's docstring."""
    tally, texts = Tally(), SourceTexts(run.srcroot)
    detailed = 0
    with spool() as rows, spool() as details:
        for index, result in enumerate(results, start=1):
            problems = tally.add(result)
            linked = bool(problems) and detailed < MAX_DETAILS
            rows.write(table_row(where(result), result, problems, index if linked else 0, index == 1))
            if linked:
                details.write(_detail(index, result, problems, texts))
                detailed += 1
        texts.close()
        stream.write(_head(run) + _cards(tally) + _chart(tally, {r.id: r for r in rules}))
        write_table(tally, rows, stream)
        _details(details, stream, detailed, tally)
    stream.write(_errors(tally, run))
    stream.write(f"</main><footer>Generated by dklint {escape(run.tool_version)}. "
                 f"This page is self-contained and loads nothing from the network.</footer><script>{JS}</script></body></html>\n")
