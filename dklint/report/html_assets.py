"""Inline CSS and JavaScript of the HTML report (no network: no CDN, fonts or images).

The script only sorts, filters and counts the rows already in the page; it
never builds markup from strings, so escaped label text stays text.
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
#shown-count{color:var(--muted)}
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
  var table = document.getElementById("product-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var query = document.getElementById("filter");
  var severity = document.getElementById("severity");
  var shown = document.getElementById("shown-count");

  function apply() {
    var q = query.value.trim().toLowerCase();
    var min = severity.value === "" ? -2 : RANK[severity.value];
    var count = 0;
    rows.forEach(function (row) {
      var ok = (q === "" || row.getAttribute("data-search").indexOf(q) !== -1) &&
               RANK[row.getAttribute("data-worst")] >= min;
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = "Showing " + count + " of " + rows.length + " products";
    shown.setAttribute("data-shown", String(count));
  }

  function sortBy(th, index) {
    var numeric = th.classList.contains("num");
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-v") || a.cells[index].textContent;
      var y = b.cells[index].getAttribute("data-v") || b.cells[index].textContent;
      if (numeric) { return dir * (Number(x) - Number(y)); }
      return dir * x.localeCompare(y, undefined, {numeric: true});
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener("click", function () { sortBy(th, index); });
  });
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
