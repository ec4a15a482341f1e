"""Unit spellings and conversions, driven by ``rules/data/units.yaml``.

``canonical_unit`` maps what a label wrote ("µg", "I.U.", "mcg RAE") to one
spelling; ``convert`` turns an amount into another unit for a given nutrient
and form, or returns None when no accepted factor exists (IU of calcium, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from dklint.base.resources import data_dir
from dklint.base.startup_store import load_data_file


@dataclass(frozen=True)
class UnitTable:
    spellings: dict[str, str]
    mass_in_mcg: dict[str, float]
    iu: dict[str, dict[str, Any]]
    bases: tuple[str, ...]
    dfe_per_folic_acid: tuple[float, ...]  # mcg DFE per mcg of folic acid, every accepted factor


@cache
def unit_table() -> UnitTable:
    raw = load_data_file(data_dir() / "units.yaml")
    spellings = {spelling: unit for unit, forms in raw["spellings"].items() for spelling in forms}
    return UnitTable(
        spellings=spellings,
        mass_in_mcg={k: float(v) for k, v in raw["mass_in_mcg"].items()},
        iu=raw["iu"],
        bases=tuple(raw["bases"]),
        dfe_per_folic_acid=tuple(float(f) for f in raw["dfe_per_folic_acid"]["factors"]),
    )


def _key(raw: str) -> str:
    return "".join(ch for ch in raw.casefold() if ch.isalnum() or ch in "µμ")


@lru_cache(maxsize=4096)  # labels repeat a few hundred spellings; the lookup normalises text each time
def canonical_unit(raw: str) -> str | None:
    """The canonical unit for a spelling, or None when dklint does not know it."""
    return unit_table().spellings.get(_key(raw))


@lru_cache(maxsize=4096)
def basis_of(raw: str) -> str | None:
    """"RAE", "DFE", "NE" or "alpha-TE" when the spelling carries one."""
    key = _key(raw)
    for basis in unit_table().bases:
        if key.endswith(_key(basis)):
            return basis
    return None


@lru_cache(maxsize=1024)  # asked for every IU amount of every label; the answer depends on the data only
def iu_factors(nutrient: str | None, form: str | None, legacy: bool = False) -> tuple[str, tuple[float, ...]] | None:
    """(target unit, accepted amounts of it per IU) for a nutrient, or None when IU has no meaning.

    ``legacy``: also the factors pre-2016 labels used (compared only with a pre-2016 Daily Value).
    """
    entry = unit_table().iu.get(nutrient or "")
    if entry is None:
        return None
    factors = list((entry.get("forms") or {}).get(form or "", entry["default"]))
    if legacy:
        factors += entry.get("legacy", ())
    return entry["unit"], tuple(float(f) for f in factors)


def convert_all(value: float, unit: str, target: str, nutrient: str | None = None, form: str | None = None,
                legacy: bool = False) -> tuple[float, ...]:
    """Every accepted value of ``value unit`` in ``target`` (several when factors disagree)."""
    mass = unit_table().mass_in_mcg
    if unit == target:
        return (value,)
    if unit in mass and target in mass:
        return (value * mass[unit] / mass[target],)
    factors = iu_factors(nutrient, form, legacy)
    if factors is None:
        return ()
    base_unit, per_iu = factors
    if unit == "IU" and target in mass:
        return tuple(value * f * mass[base_unit] / mass[target] for f in per_iu)
    if target == "IU" and unit in mass:
        return tuple(value * mass[unit] / mass[base_unit] / f for f in per_iu)
    return ()


def convert(value: float, unit: str, target: str, nutrient: str | None = None, form: str | None = None) -> float | None:
    """The first accepted conversion of ``value unit`` to ``target``, or None."""
    values = convert_all(value, unit, target, nutrient, form)
    return values[0] if values else None
