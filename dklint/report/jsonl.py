"""JSON Lines report (``--format jsonl``): one finding per line, for big catalogs.

Each line is exactly the finding object of the JSON report (see
``dklint.report.json_report``): ``code``, ``name``, ``severity``, ``message``,
``path``, ``product_id``, ``location``, ``end_location``, ``field_path``,
``fingerprint``, ``url``, and ``baseline`` / ``suppressed`` / ``fix`` when set.

Only findings are written: no header, no summary, nothing for clean inputs, so
the output can be concatenated, split, or fed to ``jq -c`` line by line. An input
that could not be checked always has its own DK00x finding. Each line is
written as soon as its input has been checked; memory does not grow with the
number of inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence, TextIO

from dklint.findings import InputResult
from dklint.report.json_report import dumps, finding_dict
from dklint.report.run_info import RunInfo

if TYPE_CHECKING:  # rules import the Label model (pydantic); reporters only need the type
    from dklint.rules.rule import Rule


def write(results: Iterable[InputResult], rules: Sequence[Rule], stream: TextIO, run: RunInfo) -> None:
    """One JSON object per finding per line, as the results arrive."""
    for result in results:
        for finding in result.findings:
            stream.write(dumps(finding_dict(finding)) + "\n")
