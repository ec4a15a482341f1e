"""What a built-in check returns: a ``Hit`` per place it fires, and the shape of a check.

A check is a function ``(label, params) -> Iterable[Hit]``. The rule file keeps
the message template, severity, params and examples as data; the hit says what
the finding points at and the values its message is filled with, and the
places a rule file's ``fix`` may edit (``dklint.rules.fixes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from dklint.model import Label


@dataclass(frozen=True)
class Hit:
    """One place a check fires: what it points at and the values for the message (and the fix).

    ``places`` names what a fix may replace: a ``Span`` of the label text, a JSON field path
    (a tuple) of a spec's value, or a list of either (the edit is made at each). A place left
    out, or a value that is None, means this hit gets no fix: never a guessed edit.
    """

    target: Any
    values: dict[str, Any] = field(default_factory=dict)
    subject: str = ""
    places: dict[str, Any] = field(default_factory=dict)


Check = Callable[["Label", dict[str, Any]], Iterable[Hit]]
