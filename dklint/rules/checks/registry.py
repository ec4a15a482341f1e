"""Every built-in check, by the name rule files give it (``check: disclaimer_missing``).

Each pack's checks live in a folder named after the pack (``dk2/``,
``fda_panel/``, ``fda_claims/``); each module there ends with a ``CHECKS`` dict
of its own, and this module joins them. To add a check: write the function in
its pack's folder, add it to that module's ``CHECKS``, and (for a new module)
add the module to ``_MODULES`` below. A check whose hits name places for a fix
lists them in its module's ``PLACES`` dict, so a rule file naming another is a
load error.
"""

from __future__ import annotations

from typing import Any, Iterable

from dklint.model import Label
from dklint.rules.checks.dk2 import blood_level
from dklint.rules.checks.fda_claims import disclaimer, forbidden_claims
from dklint.rules.checks.fda_panel import percent_dv, structure, units, upper_limits
from dklint.rules.checks.hit import Check, Hit

_MODULES = (blood_level, percent_dv, units, structure, upper_limits, disclaimer, forbidden_claims)


def _input_rule(label: Label, params: dict[str, Any]) -> Iterable[Hit]:
    # DK00x findings come from the readers and parsers, not from a check; the
    # rule file exists for its documentation, code and severity.
    return ()


CHECKS: dict[str, Check] = {"input": _input_rule}
# The places each check's hits name for a rule file's fix (``Hit.places``), besides the automatic ones.
PLACES: dict[str, frozenset[str]] = {}
for _module in _MODULES:
    CHECKS.update(_module.CHECKS)
    PLACES.update(getattr(_module, "PLACES", {}))
