"""Inline CSS and JavaScript of the HTML report (no network: no CDN, fonts or images).

The script draws the product table from the JSON rows embedded in the page
(see ``dklint.report.html.table``) with DOM calls and ``textContent``; it never
builds markup from strings, so nothing from a label or a path becomes markup.
"""

CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#0b6fa4;--ink:#1d232a;--muted:#5b6570;--line:#e3e7eb;--bg:#f7f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#17324d;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d6e3}
main{padding:20px 28px;max-width:1400px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:18px}
h2{font-size:17px;margin:0 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px;background:var(--bg)}
.card b{display:block;font-size:24px}.card span{color:var(--muted)}
.card.sev-error b{color:var(--err)}.card.sev-warning b{color:var(--warn)}.card.sev-info b{color:var(--info)}
svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
.bar-error{fill:var(--err)}.bar-warning{fill:var(--warn)}.bar-info{fill:var(--info)}
table{border-collapse:collapse;width:100%}
.scroll{max-height:70vh;overflow:auto;border:1px solid var(--line);border-radius:6px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{cursor:pointer;user-select:none;background:var(--bg);position:sticky;top:0}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.num,th.num{text-align:right}
.controls{display:flex;gap:12px;align-items:center;margin-bottom:10px;flex-wrap:wrap}
.controls input[type=search]{padding:5px 8px;min-width:280px;border:1px solid #b9c2cb;border-radius:5px}
#shown-count,#page-info{color:var(--muted)}
.pager{display:flex;gap:6px;align-items:center;margin-left:auto}
.pager button{padding:4px 10px;border:1px solid #b9c2cb;border-radius:5px;background:#fff;cursor:pointer}
.pager button:disabled{cursor:default;opacity:.45}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.sev-error .tag,.pill.sev-error{background:var(--err)}.sev-warning .tag,.pill.sev-warning{background:var(--warn)}
.sev-info .tag,.pill.sev-info{background:var(--info)}
.tag,.pill{color:#fff;border-radius:9px;padding:0 7px;font-size:11px;font-weight:600}
.pill.sev-none{background:#2e7d32}
article{border-top:1px solid var(--line);padding:12px 0}
article h3{margin:0 0 8px;font-size:15px}article h3 small{color:var(--muted);font-weight:normal}
.src{display:grid;grid-template-columns:max-content minmax(0,1.2fr) minmax(0,1fr);column-gap:10px;
 font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.ln{color:#8a949e;text-align:right;padding:1px 4px;border-right:2px solid var(--line)}
.tx{margin:0;padding:1px 0;white-space:pre-wrap;word-break:break-word}
.nt{font-family:system-ui,sans-serif;font-size:12.5px}
.note{border-left:4px solid;padding:2px 8px;margin:1px 0;background:#fff8f0}
.note.sev-error{border-color:var(--err);background:#fdecea}.note.sev-warning{border-color:var(--warn);background:#fff4e0}
.note.sev-info{border-color:var(--info);background:#e8f3fa}
.note .where{color:var(--muted);font-size:11px}
mark{border-radius:2px;padding:0 1px}
mark.sev-error{background:#f8c9c4;box-shadow:inset 0 -2px var(--err)}
mark.sev-warning{background:#ffe2ad;box-shadow:inset 0 -2px var(--warn)}
mark.sev-info{background:#cfe7f5;box-shadow:inset 0 -2px var(--info)}
mark.caret{background:none;color:var(--err);font-weight:bold}
.gap{color:#aab}
.muted{color:var(--muted)}
footer{color:var(--muted);padding:0 28px 24px}
"""

JS = r"""
(function () {
  "use strict";
  var RANK = {none: -1, info: 0, warning: 1, error: 2};
  // a row: [where, product id, errors, warnings, info, rule codes, worst, details anchor, checked]
  var WHERE = 0, PRODUCT = 1, CODES = 5, WORST = 6, ANCHOR = 7, CHECKED = 8;
  var data = JSON.parse(document.getElementById("product-data").textContent);
  var search = data.map(function (row) {
    return (row[WHERE] + " " + row[PRODUCT] + " " + row[CODES] + (row[CHECKED] ? "" : " unchecked")).toLowerCase();
  });
  var table = document.getElementById("product-table");
  var body = table.tBodies[0];
  var query = document.getElementById("filter");
  var severity = document.getElementById("severity");
  var shown = document.getElementById("shown-count");
  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  var pageInfo = document.getElementById("page-info");
  var size = Number(next.getAttribute("data-size"));
  var order = data.map(function (_, i) { return i; });  // the current sort, as row numbers
  var matching = order;
  var page = 0;
  var collator = new Intl.Collator(undefined, {numeric: true});

  function cell(tr, text, numeric) {
    var td = document.createElement("td");
    if (numeric) { td.className = "num"; }
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function draw() {
    var first = page * size, rows = matching.slice(first, first + size);
    var fragment = document.createDocumentFragment();
    rows.forEach(function (i) {
      var row = data[i], tr = document.createElement("tr");
      tr.setAttribute("data-worst", row[WORST]);
      var where = cell(tr, "", false);
      where.className = "path";
      var name = row[ANCHOR] ? document.createElement("a") : document.createElement("span");
      if (row[ANCHOR]) { name.href = "#p" + row[ANCHOR]; }
      name.textContent = row[WHERE];
      where.appendChild(name);
      if (!row[CHECKED]) {
        var pill = document.createElement("span");
        pill.className = "pill sev-error";
        pill.textContent = "not checked";
        where.appendChild(document.createTextNode(" "));
        where.appendChild(pill);
      }
      cell(tr, row[PRODUCT], false);
      [2, 3, 4].forEach(function (k) { cell(tr, row[k] ? String(row[k]) : "", true); });
      cell(tr, row[CODES], false);
      var worst = document.createElement("span");
      worst.className = "pill sev-" + row[WORST];
      worst.textContent = row[WORST] === "none" ? "clean" : row[WORST];
      cell(tr, "", true).appendChild(worst);
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    var pages = Math.max(1, Math.ceil(matching.length / size));
    pageInfo.textContent = matching.length ? "rows " + (first + 1).toLocaleString("en") + "\u2013" +
      (first + rows.length).toLocaleString("en") + " (page " + (page + 1) + " of " + pages.toLocaleString("en") + ")" : "";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function apply() {
    var q = query.value.trim().toLowerCase();
    var min = severity.value === "" ? -2 : RANK[severity.value];
    matching = order.filter(function (i) {
      return (q === "" || search[i].indexOf(q) !== -1) && RANK[data[i][WORST]] >= min;
    });
    page = 0;
    shown.textContent = "Showing " + matching.length.toLocaleString("en") + " of " + data.length.toLocaleString("en") + " products";
    shown.setAttribute("data-shown", String(matching.length));
    draw();
  }

  // the headings are in the rows' order: heading k sorts by row[k] ("Worst" by rank, not by name)
  function value(row, k) {
    return k === WORST ? RANK[row[WORST]] : row[k];
  }

  function sortBy(th, k) {
    var numeric = th.classList.contains("num");
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    order = order.slice().sort(function (a, b) {
      var x = value(data[a], k), y = value(data[b], k);
      return dir * (numeric ? x - y : collator.compare(x, y)) || a - b;  // ties keep the report's order
    });
    apply();
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, k) {
    th.addEventListener("click", function () { sortBy(th, k); });
  });
  prev.addEventListener("click", function () { page = Math.max(0, page - 1); draw(); });
  next.addEventListener("click", function () { page += 1; draw(); });
  query.addEventListener("input", apply);
  severity.addEventListener("change", apply);
  // "#q=DK101&severity=error" preselects a filter (links from CI, tests)
  var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  if (params.get("q")) { query.value = params.get("q"); }
  if (params.get("severity") && RANK.hasOwnProperty(params.get("severity"))) { severity.value = params.get("severity"); }
  apply();
  document.body.setAttribute("data-ready", "1");
})();
"""
