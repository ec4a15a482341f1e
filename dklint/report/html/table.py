"""The HTML report's product table: one compact data row per product, drawn by the page's script.

A catalog of 100,000 products as 100,000 ``<tr>`` elements made a 39 MB page
that took Chromium half a minute to open, and every sort or filter moved
100,000 DOM nodes. The rows now travel as one JSON array in a
``<script type="application/json">`` block (about a fifth of the size; the
browser never executes it), and the script draws one page of rows at a time
with DOM calls and ``textContent``, so sorting and filtering work on plain
arrays and nothing in a row can become markup.

A row is ``[where, product id, errors, warnings, info, rule codes, worst
severity, details anchor (0: none), checked (1/0)]``; ``ROW_FIELDS`` names
them for the tests and for anyone reading the page's source.
"""

from __future__ import annotations

import json
import shutil
from typing import TextIO

from dklint.findings import SEVERITY_RANK as RANK
from dklint.findings import InputResult, Located
from dklint.report.run_info import Tally

ROW_FIELDS = ("where", "product", "errors", "warnings", "info", "codes", "worst", "anchor", "checked")
PAGE_SIZE = 200
# "<", ">" and "&" are written as JSON escapes, so no text in a row can close the
# script block or open a comment inside it, whatever a product id or path holds.
_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode  # json.dumps with options builds an encoder per call


def worst(problems: list[Located]) -> str:
    return max((f.severity for f in problems), key=lambda s: RANK.get(s, 0), default="none")


def table_row(where: str, result: InputResult, problems: list[Located], anchor: int, first: bool) -> str:
    """One product's row as a line of the JSON array (ASCII only: U+2028 and friends cannot break
    the script block); every row but the first starts with the comma that separates it."""
    counts = [sum(1 for f in problems if f.severity == s) for s in ("error", "warning", "info")]
    codes = " ".join(sorted({f.code for f in problems}))
    row = [where, result.product_id or "", *counts, codes, worst(problems), anchor, int(result.checked)]
    return ("" if first else ",") + _ENCODE(row).translate(_SAFE) + "\n"


def write_table(tally: Tally, rows: TextIO, stream: TextIO) -> None:
    """The products section: controls, an empty table the script fills, and the rows' data."""
    stream.write('<section id="products"><h2>Products</h2><div class="controls">'
                 '<input id="filter" type="search" placeholder="Filter: path, id or rule (DK101)" aria-label="filter">'
                 '<label>worst severity at least <select id="severity"><option value="">any</option>'
                 '<option value="info">info</option><option value="warning">warning</option>'
                 '<option value="error">error</option></select></label>'
                 f'<span id="shown-count" data-total="{tally.inputs}"></span>'
                 '<span class="pager"><button type="button" id="page-prev">Previous</button>'
                 f'<span id="page-info"></span><button type="button" id="page-next" data-size="{PAGE_SIZE}">'
                 "Next</button></span></div>"
                 '<noscript><p class="muted">Sorting and filtering this table needs JavaScript; '
                 "the findings by product below do not.</p></noscript>"
                 '<div class="scroll"><table id="product-table"><thead><tr><th>Product</th><th>ID</th>'
                 '<th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th><th>Rules</th>'
                 '<th class="num">Worst</th></tr></thead><tbody></tbody></table></div>'
                 '<script type="application/json" id="product-data">[')
    rows.seek(0)
    shutil.copyfileobj(rows, stream)
    stream.write("]</script></section>\n")
