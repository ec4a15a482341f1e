"""What a built-in check returns: a ``Hit`` per place it fires, and the shape of a check.

A check is a function ``(label, params) -> Iterable[Hit]``. The rule file keeps
the message template, severity, params and examples as data; the hit says what
the finding points at and the values its message is filled with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from dklint.model import Label


@dataclass(frozen=True)
class Hit:
    """One place a check fires: what it points at and the values for the message."""

    target: Any
    values: dict[str, Any] = field(default_factory=dict)
    subject: str = ""


Check = Callable[["Label", dict[str, Any]], Iterable[Hit]]
