"""JSON report (``--format json``): one document, the public contract for scripts.

Shape (all positions 1-based; columns count Unicode code points; ``end_location``
is exclusive, i.e. the position just after the finding)::

    {
      "version": "0.1.0",                  # dklint's version
      "findings": [                        # every finding, in input order
        {"code": "DK101", "name": "vitamin-d-without-k2", "severity": "warning",
         "message": "...", "path": "labels/d3.txt",  # forward slashes, relative to the project when possible
         "product_id": null,               # catalog record or spec product id, when known
         "location": {"line": 3, "column": 12}, "end_location": {"line": 3, "column": 19},
         "field_path": ["ingredients", 0, "amount"],  # specs; [] for label text
         "fingerprint": "9f2c...",         # stable across line moves (baselines, deduplication)
         "url": "https://...",             # the rule's documentation, or null
         "baseline": "new",                # only when a baseline is in use: "new" or "unchanged"
         "suppressed": "reason",           # only when suppressed in the input: the reason given
         "fix": {                          # only when dklint can repair it (dklint check --fix)
           "title": "...", "applicability": "safe",    # "unsafe": only with --unsafe-fixes
           "edits": [{"location": {"line": 3, "column": 12}, "end_location": {"line": 3, "column": 20},
                      "text": "125 mcg (5,000 IU)"}]}}  # replaces the range (empty range: inserts)
      ],
      "inputs": [                          # every input, checked or not
        {"path": "labels/d3.txt", "kind": "label", "product_id": null, "checked": true, "findings": 1}
      ],
      "errors": [                          # inputs that could not be checked
        {"path": "labels/bad.txt", "message": "not valid UTF-8 ...", "level": "error",
         "line": null, "product_id": null}  # a catalog record's first line and id
      ],
      "skipped": [                         # files met while walking that are not dklint's: no finding
        {"path": "README.txt", "reason": "text with no dose, no Supplement Facts panel and no claim: not a label"}
      ],
      "summary": {"inputs": 2, "checked": 1, "findings": 1, "suppressed": 0, "unchanged": 0,
                  "by_severity": {"error": 0, "warning": 1, "info": 0}, "by_rule": {"DK101": 1},
                  "skipped": 1}
    }

``skipped`` lists the files a walk met that are not labels, specs or catalogs
(a README, ``package.json``; see ``docs/inputs.md``), and the files named under
``force-exclude`` that a walk would leave out; they are not ``inputs``.
``findings`` lists suppressed findings and findings unchanged since the baseline
too (flagged); every count (``inputs[].findings``, ``summary.findings``,
``by_severity``, ``by_rule``) counts only the others, the problems that decide
the exit code. Keys are only ever added, never renamed, within a major version.

The document is written as results arrive: one finding per line, and the
``inputs`` section buffered (to a temporary file when large) until the end.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable, Sequence, TextIO

from dklint.findings import InputResult, Located, LocatedFix
from dklint.report.run_info import RunInfo, Tally, notifications, spool

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule


def finding_dict(finding: Located) -> dict[str, Any]:
    """The JSON object for one finding (also one line of the JSON Lines report)."""
    data: dict[str, Any] = {
        "code": finding.code, "name": finding.name, "severity": finding.severity,
        "message": finding.message, "path": finding.path, "product_id": finding.product_id,
        "location": {"line": finding.line, "column": finding.column},
        "end_location": {"line": finding.end_line, "column": finding.end_column},
        "field_path": list(finding.field_path), "fingerprint": finding.fingerprint, "url": finding.url,
    }
    if finding.baseline is not None:
        data["baseline"] = finding.baseline
    if finding.suppressed_by is not None:
        data["suppressed"] = finding.suppressed_by
    if finding.fix is not None:
        data["fix"] = fix_dict(finding.fix)
    return data


def fix_dict(fix: LocatedFix) -> dict[str, Any]:
    """A fix as the JSON report shows it: positions as a finding's, in the file as dklint reads it.

    Lines and code-point columns count in the text decoded, its BOM removed and its line breaks one LF
    (``dklint check --fix`` puts the file's own line breaks back); ``text`` uses LF line breaks.
    """
    return {"title": fix.title, "applicability": fix.applicability,
            "edits": [{"location": {"line": edit.line, "column": edit.column},
                       "end_location": {"line": edit.end_line, "column": edit.end_column}, "text": edit.text}
                      for edit in fix.edits]}


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps with an option builds an encoder per call


def dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def write_list(stream: TextIO, key: str, items: Iterable[str], last: bool = False) -> None:
    """``"key": [`` one item per line ``]``, items already JSON text."""
    stream.write(f'  "{key}": [')
    separator = "\n    "
    for item in items:
        stream.write(separator + item)
        separator = ",\n    "
    stream.write("\n  ]" + ("\n" if last else ",\n"))


def input_dict(result: InputResult, problems: int) -> dict[str, Any]:
    return {"path": result.path, "kind": result.kind, "product_id": result.product_id,
            "checked": result.checked, "findings": problems}


def summary_dict(tally: Tally, skipped: int = 0) -> dict[str, Any]:
    return {"inputs": tally.inputs, "checked": tally.checked, "findings": tally.problems,
            "suppressed": tally.suppressed, "unchanged": tally.unchanged,
            "by_severity": tally.by_severity, "by_rule": dict(sorted(tally.by_rule.items())), "skipped": skipped}


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """Write the JSON document described in this module's docstring."""
    tally = Tally()
    with spool() as inputs:

        def findings() -> Iterable[str]:
            separator = ""
            for result in results:
                problems = tally.add(result)
                inputs.write(separator + dumps(input_dict(result, len(problems))))
                separator = "\n"
                yield from (dumps(finding_dict(f)) for f in result.findings)

        stream.write("{\n" + f'  "version": {dumps(run.tool_version)},\n')
        write_list(stream, "findings", findings())
        inputs.seek(0)
        write_list(stream, "inputs", (line.rstrip("\n") for line in inputs))
    errors = [{"path": n.path, "message": n.message, "level": n.level, "line": n.line, "product_id": n.product_id}
              for n in notifications(tally, run)]
    write_list(stream, "errors", (dumps(e) for e in errors))
    write_list(stream, "skipped", (dumps({"path": path, "reason": why}) for path, why in run.skipped))
    stream.write(f'  "summary": {dumps(summary_dict(tally, len(run.skipped)))}\n' + "}\n")
