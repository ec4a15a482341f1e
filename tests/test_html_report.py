"""The HTML report: self-contained, escaped, and working in a real (headless) browser."""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dklint.engine.recipe import CheckerRecipe
from dklint.findings import InputResult
from dklint.inputs.discover import iter_file_inputs
from dklint.report.html import page as html
from dklint.report.html.table import PAGE_SIZE, ROW_FIELDS
from dklint.report.run_info import RunInfo
from dklint.run.pool import iter_results_parallel
from tests.test_catalog import spec

CHROMIUM = Path("/usr/bin/chromium")
RECIPE = CheckerRecipe.create(select=("DK0", "DK1"))
PAYLOAD = '<b id="xss-pwned">x</b><script>document.title="pwned"</script>'


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("html")
    (root / "d3.json").write_text(json.dumps(spec("SKU-D3", mcg=125), indent=2))
    (root / "ok.json").write_text(json.dumps(spec("SKU-OK", mcg=10, k2=True), indent=2))
    hostile = spec("<img src=x onerror=alert(1)>", mcg=125)
    hostile["ingredients"].append({"name": "Vitamin K2 " + PAYLOAD, "form": "MK-7", "amount": 2, "unit": "mg"})
    hostile["warnings"] = ["Keep out of reach of children."]
    lines = [json.dumps(spec(f"J{i}", mcg=25 * (i + 1))) for i in range(4)] + [json.dumps(hostile), "{broken"]
    (root / "catalog.jsonl").write_text("\n".join(lines) + "\n")
    results = iter_results_parallel(RECIPE, iter_file_inputs([root], root=root), 1)
    stream = io.StringIO()
    html.write(results, list(RECIPE.build().ruleset), stream, RunInfo(srcroot=str(root)))
    path = root / "report.html"
    path.write_text(stream.getvalue(), encoding="utf-8")
    return path, stream.getvalue()


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_the_page_is_self_contained(report):
    _, page = report
    parser = Elements()
    parser.feed(page)
    tags = [tag for tag, _ in parser.found]
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page
    assert not {"link", "img", "iframe", "object", "embed"} & set(tags)  # nothing is loaded
    assert not [attrs for _, attrs in parser.found if attrs.get("id") == "xss-pwned"]  # nothing injected
    assert not [attrs for _, attrs in parser.found if "src" in attrs or any(k.startswith("on") for k in attrs)]
    scripts = [attrs for tag, attrs in parser.found if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "product-data"}, {}]  # data, then the one program
    assert tags.count("style") == 1


def table_rows(page: str) -> list[dict]:
    """The product table's rows as the page carries them (see dklint.report.html.table)."""
    data = re.search(r'<script type="application/json" id="product-data">(.*?)</script>', page, re.S).group(1)
    return [dict(zip(ROW_FIELDS, row)) for row in json.loads(data)]


def test_every_product_has_a_row_in_report_order(report):
    _, page = report
    rows = table_rows(page)
    assert [row["where"] for row in rows] == ["catalog.jsonl:1", "catalog.jsonl:2", "catalog.jsonl:3", "catalog.jsonl:4",
                                              "catalog.jsonl:5", "catalog.jsonl:6", "d3.json", "ok.json"]
    broken, hostile, ok = rows[5], rows[4], rows[7]
    assert broken["checked"] == 0 and broken["codes"] == "DK002" and broken["worst"] == "error"
    assert hostile["product"] == "<img src=x onerror=alert(1)>" and hostile["anchor"] == 5
    assert ok == {"where": "ok.json", "product": "SKU-OK", "errors": 0, "warnings": 0, "info": 0, "codes": "",
                  "worst": "none", "anchor": 0, "checked": 1}


def test_untrusted_text_is_escaped(report):
    _, page = report
    assert PAYLOAD not in page and "<img src=x" not in page and 'id="xss-pwned"' not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # the table's copy of the id, as JSON escapes
    assert "&lt;b id=&quot;xss-pwned&quot;&gt;" in page or "&lt;b id=\\&quot;xss-pwned" in page


def test_totals_rules_and_highlights(report):
    _, page = report
    assert re.search(r'id="total-products">8<', page)  # 2 specs + 6 catalog records
    assert 'id="rule-chart"' in page and 'data-rule="DK101"' in page
    assert re.search(r'<mark class="sev-warning"[^>]*title="[^"]*DK101', page)
    assert "SKU-D3" in page and "catalog.jsonl:6" in page


def chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium is not installed (/usr/bin/chromium; Debian package 'chromium')")
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={tmp / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=90)


def dom(path: Path, tmp: Path, fragment: str = "") -> str:
    done = chromium("--dump-dom", path.as_uri() + fragment, tmp=tmp)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def shown(page: str) -> int:
    return int(re.search(r'id="shown-count"[^>]*data-shown="(\d+)"', page).group(1))


def test_the_browser_runs_the_script_and_filters(report, tmp_path):
    path, page = report
    total = int(re.search(r'id="total-products">(\d+)<', page).group(1))
    after = dom(path, tmp_path)
    assert 'data-ready="1"' in after
    assert shown(after) == total and f"Showing {total} of {total} products" in after
    assert '<b id="xss-pwned"' not in after and "<title>dklint report</title>" in after  # text, not markup
    assert after.count('<tr data-worst=') == total and '<img src="x"' not in after
    rows = table_rows(page)
    dk120 = sum("DK120" in row["codes"] for row in rows)
    assert dk120 >= 1 and shown(dom(path, tmp_path, "#q=DK120")) == dk120
    errors = sum(row["worst"] == "error" for row in rows)
    assert shown(dom(path, tmp_path, "#severity=error")) == errors < total


def test_a_big_table_is_drawn_a_page_at_a_time(tmp_path):
    results = [InputResult("catalog.jsonl", "spec", f"SKU-{i}", [], True, i + 1) for i in range(450)]
    stream = io.StringIO()
    html.write(results, [], stream, RunInfo(srcroot=str(tmp_path)))
    path = tmp_path / "big.html"
    path.write_text(stream.getvalue(), encoding="utf-8")
    after = dom(path, tmp_path, "#q=sku-4")  # SKU-4, SKU-40..49, SKU-400..449: 61 products
    assert shown(after) == 61 and after.count("<tr data-worst=") == 61
    after = dom(path, tmp_path)
    assert shown(after) == 450 and after.count("<tr data-worst=") == PAGE_SIZE
    assert f"rows 1\u2013{PAGE_SIZE} (page 1 of 3)" in after and 'id="page-prev" disabled=""' in after


def test_screenshot_looks_like_a_report(report, tmp_path):
    path, _ = report
    png = tmp_path / "report.png"
    done = chromium(f"--screenshot={png}", "--window-size=1280,2000", path.as_uri(), tmp=tmp_path)
    assert done.returncode == 0 and png.exists(), done.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000) and len(data) > 30_000


def test_sorting_and_paging_by_clicks_in_the_browser(report, tmp_path):
    """Click "Errors" twice (descending) and "Next" in a copy of the page, then read what is drawn."""
    path, page = report
    clicks = ('<script>var h = document.querySelectorAll("#product-table th");'
              'h[2].click(); h[2].click(); document.body.setAttribute("data-sorted", h[2].getAttribute("aria-sort"));'
              "</script></body>")
    clicked = tmp_path / "clicked.html"
    clicked.write_text(page.replace("</body>", clicks), encoding="utf-8")
    after = dom(clicked, tmp_path)
    assert 'data-sorted="descending"' in after
    drawn = re.findall(r'<tr data-worst="[a-z]+"><td class="path"><(?:a href="#p\d+"|span)>([^<]+)<', after)
    rows = table_rows(page)
    expected = [row["where"] for row in sorted(rows, key=lambda row: -row["errors"])]
    assert expected != [row["where"] for row in rows]  # the click changed the order  # stable: ties keep order
    assert drawn == expected
