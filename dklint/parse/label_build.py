"""The reading of a label, one segment at a time: panel, rows, sections, prose.

``LabelBuilder.feed`` gets the label's segments in order and keeps two pieces of
state: whether a panel is open (from a title, a serving line or an "Amount per
serving"/"Each drop contains" header to "Other ingredients", a footnote, a
directions or warnings heading, or a paragraph of prose) and which prose section
(directions, warnings, other ingredients, disclaimer) is collecting lines. Inside a
panel a line that is neither a row, a header nor a footnote is a DK004 finding;
outside one it is text.

The methods are grouped by the kind of line they read: heads (``label_heads``),
lines inside a panel (``label_panel``) and lines outside one (``label_outside``).
``LabelBuilder`` joins them and holds the state they share.
"""

from __future__ import annotations

from dklint.findings import Finding
from dklint.model import Ingredient, TextBlock
from dklint.parse.label_heads import PanelHeads
from dklint.parse.label_lines import Seg
from dklint.parse.label_outside import OutsideLines
from dklint.parse.label_panel import PanelRows
from dklint.parse.label_sections import head_of
from dklint.parse.label_serving import ServingSize
from dklint.parse.label_text import PROSE_SECTIONS, Sections
from dklint.parse.label_token_kinds import Tok
from dklint.source import Span


class LabelBuilder(PanelHeads, PanelRows, OutsideLines):
    """What each segment of a label is, collected for ``dklint.parse.label`` to make the Label."""

    def __init__(self) -> None:
        self.in_panel = self.closing = self.panel_seen = self.serving_seen = self.drug_facts = False
        self.panel: list[int] = []  # [start, end] of everything read as panel
        # A name whose amounts may be on the next line, and its line when it was all the line held.
        self.pending: tuple[list[Tok], Seg | None] | None = None
        self.blend_indent: int | None = None
        self.title: TextBlock | None = None
        self.serving: ServingSize | None = None
        self.serving_text: tuple[str, Span] | None = None
        self.per_container: float | None = None
        self.rows: list[Ingredient] = []
        self.loose: list[Ingredient] = []
        self.prose: list[Ingredient] = []
        self.findings: list[Finding] = []
        self.hints: list[str] = []
        self.sections = Sections()
        self.line = 0

    # -- dispatch ---------------------------------------------------------------------------
    def feed(self, seg: Seg, same_line: bool = False) -> None:
        self.line += not same_line
        head = head_of(seg.text)
        if head is None:
            self._content(seg)
            return
        if head.kind != "header" or self._is_header(seg, head):
            self._resolve_pending()
            self.sections.close()
        getattr(self, "_" + head.kind)(seg, head)  # one method per kind, in label_heads

    def _rest(self, seg: Seg, end: int) -> None:
        rest = seg.sub(end).strip(" \t:|-=")
        if rest.text:
            self.feed(rest, same_line=True)

    # -- content lines --------------------------------------------------------------------------
    def _content(self, seg: Seg) -> None:
        kind = self.sections.kind
        if kind is not None:
            if kind == "ingredients" and self._list_line(seg):
                return
            if kind in PROSE_SECTIONS and self.sections.continues(seg):
                self.sections.add(seg)
                return
            self.sections.close()
        if self.in_panel and self._panel_line(seg):
            return
        self._loose(seg)

    # -- panel state ------------------------------------------------------------------------------
    def _open_panel(self) -> None:
        self._resolve_pending()
        self.in_panel, self.closing, self.panel_seen, self.blend_indent = True, False, True, None

    def _close_panel(self) -> None:
        self._resolve_pending()
        self.in_panel, self.closing, self.blend_indent = False, False, None

    def _mark(self, start: int, end: int) -> None:
        if self.panel:
            self.panel[0], self.panel[1] = min(self.panel[0], start), max(self.panel[1], end)
        else:
            self.panel = [start, end]

    def finish(self) -> None:
        self._resolve_pending()
        self.sections.close()
        self.sections.flush()
