"""What kind of document label text is: a US supplement label, or something dklint does not judge.

A Drug Facts panel (an over-the-counter drug), a Canadian NPN "Medicinal
ingredients" list and an EU/UK label that declares %NRV are read, but no
Supplement Facts rule applies to them: the engine reports DK005 and checks
nothing else.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_MEDICINAL = re.compile(r"medicinal\s+ingredient", _I)
_NRV = re.compile(r"\bnrv\b", _I)


def foreign_format(has_drug_facts: bool, lines: list[str]) -> str | None:
    """"drug-facts", "npn" (Canadian "Medicinal ingredients") or "eu-nrv" (%NRV), else None."""
    if has_drug_facts:
        return "drug-facts"
    npn = nrv = False
    for line in lines:
        lower = line.lower()
        if "medicinal" in lower:
            npn = npn or any(not lower[max(0, m.start() - 4) : m.start()].rstrip("- ").endswith("non")
                             for m in _MEDICINAL.finditer(line))
        if "nrv" in lower:
            nrv = nrv or _NRV.search(line) is not None
    return "npn" if npn else "eu-nrv" if nrv else None
