"""Golden outputs: every format, on the shared sample results.

Regenerate after an intended change with ``DKLINT_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py``
and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import pytest

from tests.test_report_cases import check_golden, rendered, sample_run

GOLDENS = {
    "text": "report.txt",
    "json": "report.json",
    "jsonl": "report.jsonl",
    "sarif": "report.sarif",
    "github": "report.github.txt",
    "junit": "report.junit.xml",
    "gitlab": "report.gitlab.json",
}


@pytest.mark.parametrize("format_name", sorted(GOLDENS))
def test_golden(format_name: str) -> None:
    check_golden(GOLDENS[format_name], rendered(format_name))


def test_golden_text_with_statistics_and_color() -> None:
    check_golden("report-statistics-color.txt", rendered("text", run=sample_run(statistics=True, color=True)))
