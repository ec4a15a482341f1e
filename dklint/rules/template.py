"""Message templates: ``"vitamin D is {daily_iu} IU"`` filled with a rule's values.

Only plain ``{name}`` and ``{name:spec}`` placeholders are allowed (checked at
load), so a template cannot reach attributes or items of Python objects.
Numbers print the way a label reviewer reads them: thousands separators and no
trailing ``.0`` ("5,000", "62.5").
"""

from __future__ import annotations

import string
from typing import Any


class Number(float):
    """A float that formats itself readably when the template gives no format spec."""

    def __format__(self, spec: str) -> str:
        if spec:
            return format(float(self), spec)
        value = float(self)
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text if text not in ("0", "-0") else f"{value:.3g}"


def placeholders(template: str) -> list[str]:
    """The names a template uses; raises ValueError for anything but plain names."""
    names = []
    for _, field, _, _ in string.Formatter().parse(template):
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(f"placeholder {{{field}}} must be a plain name")
        names.append(field)
    return names


def readable(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return "none" if value is None else str(value).lower()
    if isinstance(value, (int, float)):
        return Number(value)
    return value


def render(template: str, values: dict[str, Any]) -> str:
    return template.format_map({name: readable(value) for name, value in values.items()})
