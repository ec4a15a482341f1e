"""SARIF 2.1.0 report (``--format sarif``), for GitHub code scanning and other viewers.

One run. ``tool.driver.rules`` lists every loaded rule (not only those that
fired), so viewers can show a rule's help for any result and ``ruleIndex`` is
stable within a run. Each result has ``partialFingerprints``
(``dklintFindingHash/v1``, which survives line moves, and GitHub's
``primaryLocationLineHash`` of its start line when the file can be read, as
``github/codeql-action`` computes it: ``line_hash.py``), a region with 1-based
code-point columns (``columnKind: unicodeCodePoints``) and a repo-relative
``artifactLocation`` with ``uriBaseId: %SRCROOT%``. Suppressed findings stay in
the log with ``suppressions``; ``baselineState`` is set when a baseline is used. A
finding dklint can repair has ``fixes``: one fix whose ``artifactChanges`` replace
regions of the result's file (an empty region inserts), with
``properties.applicability`` "safe" (``dklint check --fix`` applies it) or
"unsafe" (only with ``--unsafe-fixes``).
``artifacts`` lists every input, even clean ones, and ``invocations[0]`` holds
the exit code and one notification per input that could not be checked.

The log is written as results arrive: the header, then one result at a time,
then artifacts and invocations; only the artifact table (one entry per file)
is kept in memory.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Iterable, Sequence, TextIO
from urllib.parse import quote

from dklint.findings import InputResult, Located, LocatedFix
from dklint.report.line_hash import LineHashes
from dklint.report.run_info import Notice, RunInfo, Tally, end_of, notifications

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/dklint/dklint"
FINGERPRINT_KEY = "dklintFindingHash/v1"
LINE_HASH_KEY = "primaryLocationLineHash"  # GitHub's own key, computed as codeql-action does (line_hash.py)
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "note": "note", "none": "none"}
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")
BYTE_ESCAPE = re.compile(r"\\x([89a-f][0-9a-f])")  # surrogateescape only ever stands for bytes 0x80-0xff
# A whole catalog record can be one long line: past this, the line is not
# repeated in every result's contextRegion (the region's own snippet remains).
MAX_CONTEXT = 1000


def _quoted(path: str) -> str:
    """``quote(path)``, with each ``\\xNN`` a display path shows for a byte of a name that is not UTF-8
    (``dklint.base.shown``) turned back into that byte: the URI names the file exactly."""
    parts = BYTE_ESCAPE.split(path)
    return "".join(quote(part.replace("\\", "/")) if index % 2 == 0 else f"%{part.upper()}"
                   for index, part in enumerate(parts))


def path_uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a display path: relative paths hang off %SRCROOT%."""
    if path.startswith(("/", "\\")):
        return "file://" + _quoted(path), None
    if WINDOWS_DRIVE.match(path.replace("\\", "/")):
        return "file:///" + path[:2] + _quoted(path[2:]), None
    # quote() also encodes ":" so that "a:b.txt" cannot be read as a URI scheme.
    return _quoted(path), SRCROOT


def root_uri(srcroot: str) -> str:
    uri = PurePath(os.path.abspath(srcroot)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


class Artifacts:
    """The artifact table: one entry per distinct path, indexed in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, path: str) -> int:
        return self.index.setdefault(path, len(self.index))

    def location(self, path: str) -> dict[str, Any]:
        uri, base = path_uri(path)
        location: dict[str, Any] = {"uri": uri}
        if base:
            location["uriBaseId"] = base
        location["index"] = self.add(path)
        return location

    def entries(self) -> list[dict[str, Any]]:
        entries = []
        for path in self.index:
            location = {k: v for k, v in self.location(path).items() if k != "index"}
            entries.append({"location": location, "roles": ["analysisTarget"]})
        return entries


def descriptor(rule: Rule) -> dict[str, Any]:
    """A rule as a SARIF reportingDescriptor."""
    text = "\n\n".join(part for part in (rule.summary, rule.rationale, f"Citation: {rule.citation}") if part)
    data: dict[str, Any] = {"id": rule.id, "name": rule.name, "shortDescription": {"text": rule.summary}}
    if rule.rationale:
        data["fullDescription"] = {"text": rule.rationale}
    data["help"] = {"text": text, "markdown": rule.help_markdown()}
    if rule.docs_url:
        data["helpUri"] = rule.docs_url
    data["defaultConfiguration"] = {"level": LEVELS[rule.severity], "enabled": rule.enabled}
    data["properties"] = {"tags": list(rule.tags), "pack": rule.pack, "citation": rule.citation}
    return data


def region(finding: Located) -> dict[str, Any]:
    end_line, end_column = end_of(finding)
    data: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column,
                            "endLine": end_line, "endColumn": end_column}
    # A snippet is the region's own text (SARIF 3.30.13), so only a one-line span has one here.
    spanned = finding.source_line[finding.column - 1:end_column - 1] if end_line == finding.line else ""
    if spanned:
        data["snippet"] = {"text": spanned}
    return data


def physical_location(finding: Located, artifacts: Artifacts) -> dict[str, Any]:
    data = {"artifactLocation": artifacts.location(finding.path), "region": region(finding)}
    if finding.source_line and len(finding.source_line) <= MAX_CONTEXT:
        data["contextRegion"] = {"startLine": finding.line, "snippet": {"text": finding.source_line}}
    return data


def result(finding: Located, rule_index: dict[str, int], artifacts: Artifacts,
           line_hash: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in rule_index:  # a code no loaded rule has still gets a result
        data["ruleIndex"] = rule_index[finding.code]
    data["level"] = LEVELS[finding.severity]
    data["message"] = {"text": finding.message}
    data["locations"] = [{"physicalLocation": physical_location(finding, artifacts)}]
    data["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if line_hash is not None:
        data["partialFingerprints"][LINE_HASH_KEY] = line_hash
    properties = {"product_id": finding.product_id} if finding.product_id else {}
    if finding.field_path:
        properties["field_path"] = list(finding.field_path)
    if properties:
        data["properties"] = properties
    if finding.baseline:
        data["baselineState"] = finding.baseline
    if finding.suppressed_by is not None:
        suppression = {"kind": "inSource"}
        if finding.suppressed_by:
            suppression["justification"] = finding.suppressed_by
        data["suppressions"] = [suppression]
    if finding.fix is not None:
        data["fixes"] = [sarif_fix(finding.fix, artifacts.location(finding.path))]
    return data


def sarif_fix(fix: LocatedFix, location: dict[str, Any]) -> dict[str, Any]:
    """A SARIF fix (3.55): the edits as replacements in the result's own artifact."""
    replacements = [{"deletedRegion": {"startLine": edit.line, "startColumn": edit.column,
                                       "endLine": edit.end_line, "endColumn": edit.end_column},
                     "insertedContent": {"text": edit.text}} for edit in fix.edits]
    return {"description": {"text": fix.title},
            "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
            "properties": {"applicability": fix.applicability}}


def notification(notice: Notice, artifacts: Artifacts) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifacts.location(notice.path)}
    if notice.line is not None:
        physical["region"] = {"startLine": notice.line}
    data: dict[str, Any] = {"level": LEVELS.get(notice.level, "error"), "message": {"text": notice.message},
                            "locations": [{"physicalLocation": physical}]}
    if notice.product_id:
        data["properties"] = {"product_id": notice.product_id}
    return data


def invocation(tally: Tally, run: RunInfo, artifacts: Artifacts) -> dict[str, Any]:
    data: dict[str, Any] = {"executionSuccessful": run.execution_successful, "exitCode": run.exit_code}
    if run.start_time:
        data["startTimeUtc"] = run.start_time
    if run.end_time:
        data["endTimeUtc"] = run.end_time
    data["toolExecutionNotifications"] = [notification(notice, artifacts) for notice in notifications(tally, run)]
    return data


def driver(rules: Sequence[Rule], run: RunInfo) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "dklint", "version": run.tool_version, "informationUri": INFORMATION_URI}
    if SEMVER.match(run.tool_version):
        data["semanticVersion"] = run.tool_version
    data["rules"] = [descriptor(rule) for rule in rules]
    return data


def indented(value: Any, depth: int) -> str:
    """``value`` as indented JSON whose continuation lines start ``depth`` spaces in."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + " " * depth)


def head(rules: Sequence[Rule], run: RunInfo) -> str:
    """Everything up to the opening bracket of ``results``."""
    first: dict[str, Any] = {"tool": {"driver": driver(rules, run)}}
    if run.srcroot:
        first["originalUriBaseIds"] = {SRCROOT: {"uri": root_uri(run.srcroot)}}
    first["columnKind"] = "unicodeCodePoints"
    members = ",\n".join(f"      {json.dumps(k)}: {indented(v, 6)}" for k, v in first.items())
    return (f'{{\n  "$schema": "{SCHEMA_URI}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n'
            f'{members},\n      "results": [')


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """Write the SARIF log, one result at a time."""
    rules = list(rules)
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    artifacts, tally, hashes = Artifacts(), Tally(), LineHashes(run.srcroot)
    stream.write(head(rules, run))
    separator = "\n        "
    try:
        for input_result in results:
            tally.add(input_result)
            artifacts.add(input_result.path)  # clean inputs are artifacts too
            for finding in input_result.findings:
                line_hash = hashes.at(finding.path, finding.line)
                stream.write(separator + indented(result(finding, rule_index, artifacts, line_hash), 8))
                separator = ",\n        "
    finally:
        hashes.close()
    invocations = [invocation(tally, run, artifacts)]  # may add artifacts: build it first
    stream.write(f'\n      ],\n      "artifacts": {indented(artifacts.entries(), 6)},\n'
                 f'      "invocations": {indented(invocations, 6)}\n    }}\n  ]\n}}\n')
