"""A loaded rule and a set of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from dklint.findings import Finding

if TYPE_CHECKING:  # the model imports pydantic: a run the result cache answers never needs it
    from dklint.model import Label

# A compiled rule body: (label, params) -> findings (message still a template's output).
CheckFn = Callable[["Label", "Rule"], Iterable[Finding]]


@dataclass(frozen=True)
class Example:
    text: str | None = None  # label text
    spec: dict[str, Any] | None = None  # a JSON spec, as data
    json: str | None = None  # a JSON spec file's raw text
    expect_line: int | None = None  # invalid examples: the line the finding is on
    expect_match: str | None = None  # invalid examples: a substring of that line
    expect_count: int | None = None


@dataclass(frozen=True)
class EditSpec:
    """One edit of a rule file's ``fix``: the place it replaces and the templates of what replaces it."""

    at: str
    text: str | None = None  # at a place in label text
    json: str | None = None  # at a JSON value of a spec
    copy: str | None = None  # a place whose label text goes before ``text`` (findings.Edit.copy)
    whole_lines: bool = False  # the place and the copy widened to whole lines (findings.Edit.whole_lines)


@dataclass(frozen=True)
class FixExample:
    before: str
    after: str


@dataclass(frozen=True)
class FixSpec:
    """A rule file's ``fix`` (one of its alternatives): rendered into a ``findings.Fix`` per finding."""

    applicability: str
    title: str
    edits: tuple[EditSpec, ...]
    examples: tuple[FixExample, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    pack: str
    severity: str
    summary: str
    message: str
    rationale: str
    citation: str
    docs_url: str
    tags: tuple[str, ...]
    params: dict[str, Any]
    enabled: bool
    documents: tuple[str, ...]  # the document kinds it judges: panel, listing, dose-less, spec
    regions: tuple[str, ...]  # the label regions it judges; () is all of them
    valid: tuple[Example, ...]
    invalid: tuple[Example, ...]
    file: Path
    description: str = ""  # longer docs (markdown)
    # The fix's alternatives, in the order tried: the first whose places and values exist is offered.
    fixes: tuple[FixSpec, ...] = ()
    check: CheckFn | None = field(default=None, compare=False, repr=False)
    # The validated rule file and the line of each of its keys: what compiling needs, later.
    data: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    lines: dict | None = field(default=None, compare=False, repr=False)

    def help_markdown(self) -> str:
        """The rule's documentation as Markdown (SARIF ``help.markdown``, ``dklint rule``)."""
        parts = [f"**{self.id} {self.name}** ({self.severity})", "", self.summary, "", "**Why:** " + self.rationale]
        if self.description:
            parts += ["", self.description]
        parts += ["", f"**Citation:** {self.citation}"]
        if self.params:
            parts += ["", "**Parameters:** " + ", ".join(f"`{k}` = {v!r}" for k, v in self.params.items())]
        return "\n".join(parts)


@dataclass
class RuleSet:
    """Every loaded rule, by code, in code order; ``digest`` identifies the set for caches."""

    rules: dict[str, Rule]
    digest: str = ""

    def enabled(self) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.enabled]

    def __iter__(self):
        return iter(self.rules.values())

    def get(self, code: str) -> Rule | None:
        return self.rules.get(code)
