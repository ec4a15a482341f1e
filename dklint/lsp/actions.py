"""Code actions from the fixes findings carry: a quick fix per finding, and "Fix all safe problems".

A finding's fix (``Located.fix``) already holds its edits in the file's lines and
code-point columns; here they become LSP text edits in the editor's units, with the
document's own line break in inserted text. Each finding with a fix under the
cursor gets one quick fix; an unsafe fix (it changes what the label says) says so in
its title and is never the preferred action. "Fix all safe problems" applies every
safe fix of the document that overlaps no other, in file order, as ``--fix`` does
in one pass; a fix left out for an overlap is offered again once the others are
applied. It is offered twice: as a quick fix beside the findings, and with the kind
``source.fixAll.dklint`` that editors run on save (``editor.codeActionsOnSave``).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from lsprotocol import types

from dklint.findings import Located, LocatedFix, fixes_touch
from dklint.lsp.diagnostics import diagnostic, finding_range, lsp_range
from dklint.lsp.positions import DocumentLines

FIX_ALL_TITLE = "Fix all safe problems (dklint)"
FIX_ALL_KIND = "source.fixAll.dklint"
UNSAFE_MARK = " (unsafe fix: changes what the label says)"

Point = tuple[int, int]


def text_edits(fix: LocatedFix, lines: DocumentLines) -> list[types.TextEdit]:
    return [types.TextEdit(range=lsp_range(lines, edit.line, edit.column, edit.end_line, edit.end_column),
                           new_text=lines.inserted(edit.text)) for edit in fix.edits]


def _extents(fix: LocatedFix) -> list[tuple[Point, Point]]:
    return [((edit.line, edit.column), (edit.end_line, edit.end_column)) for edit in fix.edits]


def combinable_safe_fixes(findings: Iterable[Located]) -> list[LocatedFix]:
    """The document's safe fixes that can be applied together: in the order of their first edits, each one
    touching none taken before it."""
    chosen: list[LocatedFix] = []
    taken: list[tuple[Point, Point]] = []
    safe = [f.fix for f in findings if f.fix is not None and f.fix.applicability == "safe" and f.fix.edits]
    for fix in sorted(safe, key=lambda fix: min(_extents(fix))):
        extents = _extents(fix)
        if any(fixes_touch(mine, other) for mine in extents for other in taken):
            continue
        chosen.append(fix)
        taken.extend(extents)
    return chosen


def _workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def quick_fix(uri: str, finding: Located, lines: DocumentLines) -> types.CodeAction:
    """The quick fix of one finding that has a fix."""
    assert finding.fix is not None
    safe = finding.fix.applicability == "safe"
    return types.CodeAction(
        title=finding.fix.title + ("" if safe else UNSAFE_MARK), kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(finding, lines)], is_preferred=safe,
        edit=_workspace_edit(uri, text_edits(finding.fix, lines)),
    )


def fix_all(uri: str, findings: Sequence[Located], lines: DocumentLines, kind: str) -> types.CodeAction | None:
    """One action applying every combinable safe fix; None when the document has none."""
    fixes = combinable_safe_fixes(findings)
    if not fixes:
        return None
    fixed = [f for f in findings if f.fix is not None and any(f.fix is fix for fix in fixes)]
    return types.CodeAction(
        title=FIX_ALL_TITLE, kind=kind, diagnostics=[diagnostic(f, lines) for f in fixed],
        edit=_workspace_edit(uri, [edit for fix in fixes for edit in text_edits(fix, lines)]),
    )


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP kinds are hierarchical: asking for "source.fixAll" includes "source.fixAll.dklint"."""
    return only is None or any(kind == prefix or kind.startswith(prefix + ".") for prefix in only)


def _meets(finding: Located, lines: DocumentLines, wanted: types.Range) -> bool:
    found = finding_range(finding, lines)
    start, end = (found.start.line, found.start.character), (found.end.line, found.end.character)
    return start <= (wanted.end.line, wanted.end.character) and (wanted.start.line, wanted.start.character) <= end


def code_actions(uri: str, findings: Sequence[Located], lines: DocumentLines, wanted: types.Range,
                 only: Sequence[str] | None = None) -> list[types.CodeAction]:
    """The actions for a request on ``wanted`` (the cursor or a selection), of the kinds in ``only``."""
    actions: list[types.CodeAction] = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        actions += [quick_fix(uri, f, lines) for f in findings if f.fix is not None and _meets(f, lines, wanted)]
    for kind in (types.CodeActionKind.QuickFix, FIX_ALL_KIND):
        if _wanted(kind, only) and (kind == FIX_ALL_KIND or actions):
            action = fix_all(uri, findings, lines, kind)
            if action is not None:
                actions.append(action)
    return actions
