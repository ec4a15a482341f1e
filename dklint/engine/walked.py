"""A file met while walking: checked when it reads as dklint's input, else a skipped result with no finding.

A file named on the command line is always checked. A file met while walking a folder (or named under
``force-exclude``) is checked only when it is what dklint reads, so that a repository's README, licence,
``package.json`` or notes give no finding, not even an info one:

* a product spec has a ``"spec_version"`` key (``dklint.inputs.sniff``), looked for before the JSON is parsed;
* label text reads as a supplement's when its parse finds a dosed ingredient (a panel or a listing), a panel's
  title or statements, a label of another kind (a Drug Facts panel, a Canadian NPN list: DK005 says it was
  not checked), or when a rule that judges text without a dose (the claims rules) finds something in it. A text
  of which all dklint can say is "no dose" is skipped. The text is checked first and judged by its result, so
  a label costs nothing more;
* a file whose bytes show it is nobody's label (binary, empty) is skipped; one that cannot be read or decoded,
  or is over a limit, is reported (DK001, DK008): dklint cannot tell, so it says so.

Catalogs are judged by their first record before they are split (``dklint.run.tasks``).
"""

from __future__ import annotations

from dklint.engine.check import check_parsed_source, check_source, failed_input, parse_within_limits
from dklint.engine.checker import Checker
from dklint.findings import InputResult
from dklint.inputs.read import ReadFailure, kind_for
from dklint.inputs.sniff import spec_evidence
from dklint.parse.result import ParseResult
from dklint.source import Source

NOT_SUPPLEMENT_TEXT = "text with no dose, no Supplement Facts panel and no claim: not a label"
_NO_DOSE = "DK005"  # all dklint says of text without a dose, when that is all it says


def skipped_input(path: str, reason: str, kind: str | None = None) -> InputResult:
    """The result of a file that is not dklint's to check: no finding, and why."""
    return InputResult(path=path, kind=kind or kind_for(path), checked=False, skipped=reason)


def check_walked(checker: Checker, source: Source | ReadFailure) -> InputResult:
    """Check a file met while walking, or skip it (see the module's docstring)."""
    if isinstance(source, ReadFailure):
        return skipped_input(source.path, source.not_input) if source.not_input else failed_input(checker, source)
    if source.kind == "spec":
        reason = spec_evidence(source.text)
        return skipped_input(source.path, reason, source.kind) if reason else check_source(checker, source)
    parsed = parse_within_limits(checker, source)
    result = check_parsed_source(checker, source, parsed)
    return skipped_input(source.path, NOT_SUPPLEMENT_TEXT, source.kind) if _no_label(parsed, result) else result


def _no_label(parsed: ParseResult, result: InputResult) -> bool:
    """Text that parsed as no dose, no panel and no foreign label, and that no rule found anything in."""
    label = parsed.label
    if label is None or label.document != "dose-less":  # a label, or over a limit or failed: reported
        return False
    if label.title is not None or label.panel_span is not None:
        return False
    # a finding of any other rule (a claim), or one suppressed in the text (written for dklint), is a label's
    return all(f.code == _NO_DOSE and f.suppressed_by is None for f in result.findings)
