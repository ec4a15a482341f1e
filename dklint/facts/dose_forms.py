"""Dose forms: the words servings are counted in, and the dosage form each implies.

Read once from ``rules/data/dose-forms.yaml``. The label reader asks what form a
serving statement names ("2 Softgels" -> softgel), the directions reader what a
count counts ("1-2 caps twice daily" -> capsule), and the row tokenizer which
words after a number are counts rather than units ("2 capsules" is no amount).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dklint.base.resources import data_dir
from dklint.base.startup_store import load_data_file


@dataclass(frozen=True)
class DoseForms:
    forms: dict[str, str]  # spelling -> dosage form ("caps" -> "capsule", "g" -> "powder")
    units: dict[str, str]  # counted spelling -> the unit it counts, singular ("tabs" -> "tablet")
    prose: tuple[str, ...]  # spellings that name the form in running text
    generic: frozenset[str]  # units that count any solid form ("pill")


@cache
def dose_forms() -> DoseForms:
    forms: dict[str, str] = {}
    units: dict[str, str] = {}
    prose: list[str] = []
    generic: set[str] = set()
    for unit, entry in load_data_file(data_dir() / "dose-forms.yaml")["units"].items():
        if entry.get("generic"):
            generic.add(unit)
        for spelling in entry["spellings"]:
            if entry.get("form"):
                forms[spelling] = entry["form"]
            if entry.get("counted", True):
                units[spelling] = unit
        prose.extend(entry.get("prose", ()))
    return DoseForms(forms, units, tuple(prose), frozenset(generic))


def form_of(word: str) -> str | None:
    """The dosage form a word implies ("softgels" -> "softgel", "g" -> "powder"), or None."""
    return dose_forms().forms.get(word)


def same_count(first: str, second: str) -> bool:
    """Do two counting units count the same thing ("capsule" and "capsule", "pill" and "tablet")?"""
    return first == second or bool(dose_forms().generic & {first, second})


def unit_of(word: str) -> str | None:
    """The unit a counted word names, singular ("capsules" -> "capsule"), or None when it counts nothing."""
    return dose_forms().units.get(word)


@cache
def counted_words() -> frozenset[str]:
    """Every one-word spelling a serving can be counted in."""
    return frozenset(spelling for spelling in dose_forms().units if " " not in spelling)


def _alternation(spellings) -> str:
    """A regex alternation of ``spellings``, longest first, a space matching one optional blank."""
    ordered = sorted(set(spellings), key=lambda s: (-len(s), s))
    return "|".join(re.escape(s).replace(r"\ ", r"\s?") for s in ordered)


@cache
def counted_pattern() -> str:
    """A regex (no groups) matching a word servings are counted in: "softgels", "caps", "ml"."""
    return "(?:" + _alternation(dose_forms().units) + r")\b"


@cache
def unit_names_pattern() -> str:
    """A regex (no groups) matching the singular name of a unit: "softgel", "capsule", "serving"."""
    return "(?:" + _alternation(dose_forms().units.values()) + ")"


@cache
def prose_form_word() -> re.Pattern[str]:
    """A word that names a dosage form in running text ("softgels", "soft gel", "Liquid"); group 1 is the word."""
    return re.compile(r"\b(" + _alternation(dose_forms().prose) + r")\b", re.IGNORECASE)
