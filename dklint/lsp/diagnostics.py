"""Findings as LSP diagnostics: the CLI's codes, severities, messages and documentation links.

A diagnostic's range is the finding's span converted to the editor's position
units (``dklint.lsp.positions``); its ``code`` is the rule's code and its
``codeDescription`` the rule's documentation page, so an editor links the code
as SARIF's ``helpUri`` does. A config that cannot be used is one error
diagnostic on the document's first line that names the config file and what is
wrong with it: nothing else was checked.
"""

from __future__ import annotations

from lsprotocol import types

from dklint.findings import Located
from dklint.lsp.positions import DocumentLines

SOURCE = "dklint"
SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
CONFIG_PROBLEM = "dklint cannot check this file, its config is not usable: {problem}"


def lsp_range(lines: DocumentLines, line: int, column: int, end_line: int, end_column: int) -> types.Range:
    (start_line, start_char), (stop_line, stop_char) = lines.range(line, column, end_line, end_column)
    return types.Range(types.Position(start_line, start_char), types.Position(stop_line, stop_char))


def finding_range(finding: Located, lines: DocumentLines) -> types.Range:
    return lsp_range(lines, finding.line, finding.column, finding.end_line, finding.end_column)


def diagnostic(finding: Located, lines: DocumentLines) -> types.Diagnostic:
    """The diagnostic an editor shows for ``finding``."""
    return types.Diagnostic(
        range=finding_range(finding, lines), message=finding.message, severity=SEVERITIES[finding.severity],
        code=finding.code, code_description=types.CodeDescription(href=finding.url) if finding.url else None,
        source=SOURCE,
    )


def config_diagnostic(problem: str, lines: DocumentLines) -> types.Diagnostic:
    """One error on line 1 (its whole text) for a config, rule pack or selection that cannot be used."""
    first = lines.line_text(1)
    return types.Diagnostic(
        range=lsp_range(lines, 1, 1, 1, len(first) + 1), message=CONFIG_PROBLEM.format(problem=problem),
        severity=types.DiagnosticSeverity.Error, source=SOURCE,
    )
