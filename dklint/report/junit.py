"""JUnit XML report (``--format junit``), for CI systems that show test results.

One ``testsuite`` named ``dklint``; ``classname`` is always the input's path.
A clean input is one passing test case (``name`` the product id or the path).
Each problem is a test case of its own with one ``failure`` element (``name``
``"DK101 at 3:12"``, after the product id of a record or spec that has one;
``message`` ``"CODE: message"``, ``type`` the severity), so CI systems count
findings, not files. An input that could not be checked is one test case with
an ``error`` element listing its findings. ``tests`` counts test cases,
``failures`` problems, ``errors`` inputs not checked. Suppressed findings and
findings unchanged since the baseline are left out.

The suite's totals come first in the file but are known only at the end, so
test cases are buffered (in a temporary file when large) and written last.
"""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING, Iterable, Sequence, TextIO
from xml.sax.saxutils import escape

from dklint.base.shown import shortened
from dklint.findings import InputResult, Located, why_not_checked
from dklint.report.run_info import RunInfo, Tally, spool

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule

# XML 1.0 cannot carry these at all, not even as character references.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ATTRIBUTE_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def text(value: str) -> str:
    return escape(NOT_XML.sub("\ufffd", value))


def attr(value: object) -> str:
    return '"' + escape(NOT_XML.sub("\ufffd", str(value)), ATTRIBUTE_ENTITIES) + '"'


def open_tag(tag: str, attributes: dict[str, object], indent: int, close: str = ">") -> str:
    attrs = "".join(f" {key}={attr(value)}" for key, value in attributes.items())
    return f"{' ' * indent}<{tag}{attrs}{close}"


def element(tag: str, attributes: dict[str, object], body: str | None, indent: int) -> str:
    if body is None:
        return open_tag(tag, attributes, indent, "/>") + "\n"
    return f"{open_tag(tag, attributes, indent)}{body}</{tag}>\n"


def where(finding: Located) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.code} [{finding.severity}] {finding.message}"


def failure(finding: Located) -> str:
    body = where(finding) + (f"\n{shortened(finding.source_line, 1000)}" if finding.source_line.strip() else "")
    return element("failure", {"message": f"{finding.code}: {finding.message}", "type": finding.severity},
                   text(body), 6)


def not_checked(result: InputResult) -> str:
    """An input that could not be checked is an error, not a failed check; its findings say why."""
    body = "\n".join(where(finding) for finding in result.findings) or why_not_checked(result)
    message = f"not checked: {why_not_checked(result)}"
    return element("error", {"message": message, "type": "not-checked"}, text(body), 6)


def testcases(result: InputResult, problems: list[Located]) -> list[str]:
    """The input's test cases: one per problem, or one for the input when it is clean or not checked."""
    attributes = {"classname": result.path, "name": result.product_id or result.path, "file": result.path}
    if not result.checked:
        return [open_tag("testcase", attributes, 4) + "\n" + not_checked(result) + "    </testcase>\n"]
    if not problems:
        return [element("testcase", attributes, None, 4)]
    cases = []
    for finding in problems:
        name = f"{finding.code} at {finding.line}:{finding.column}"
        one = {**attributes, "name": f"{result.product_id}: {name}" if result.product_id else name, "line": finding.line}
        cases.append(open_tag("testcase", one, 4) + "\n" + failure(finding) + "    </testcase>\n")
    return cases


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """Write the JUnit document: totals first, then the buffered test cases."""
    tally, tests, failed = Tally(), 0, 0
    with spool() as cases:
        for result in results:
            problems = tally.add(result)
            written = testcases(result, problems)
            tests += len(written)
            failed += len(problems) if result.checked else 0
            cases.write("".join(written))
        counts = {"tests": tests, "failures": failed, "errors": tally.inputs - tally.checked, "skipped": 0}
        suite = {"name": "dklint", **counts}
        if run.start_time:
            suite["timestamp"] = run.start_time
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(open_tag("testsuites", {"name": "dklint", **counts}, 0) + "\n")
        stream.write(open_tag("testsuite", suite, 2) + "\n")
        cases.seek(0)
        shutil.copyfileobj(cases, stream)
    stream.write("  </testsuite>\n</testsuites>\n")
