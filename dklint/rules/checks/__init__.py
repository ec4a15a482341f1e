"""Built-in checks: rules whose logic a condition cannot express.

Each check is a function ``(label, params) -> Iterable[Hit]``, registered by
name in ``CHECKS``; rule files refer to it with ``check: <name>`` and keep
their message, severity, params and examples as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from dklint.model import Label


@dataclass(frozen=True)
class Hit:
    """One place a check fires: what it points at and the values for the message."""

    target: Any
    values: dict[str, Any] = field(default_factory=dict)
    subject: str = ""


Check = Callable[[Label, dict[str, Any]], Iterable[Hit]]


def _input_rule(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    # DK00x findings come from the readers and parsers, not from a check; the
    # rule file exists for its documentation, code and severity.
    return ()


def _registry() -> dict[str, Check]:
    from dklint.rules.checks import blood_level
    from dklint.rules.checks import claims_rules, panel_dv, panel_limits, panel_structure, panel_units

    fda = (panel_dv, panel_units, panel_structure, panel_limits, claims_rules)
    return {"input": _input_rule, **blood_level.CHECKS, **{k: v for m in fda for k, v in m.CHECKS.items()}}


CHECKS: dict[str, Check] = _registry()
