"""The nutrient registry: names and synonyms to nutrient ids, and reference values.

Loaded once from ``rules/data/nutrients.yaml``. Lookups go word by word through
a dict of synonym word-tuples, longest match first, so they are linear in the
length of the name and cannot be slowed down by a crafted input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from dklint.base.resources import data_dir
from dklint.base.startup_store import load_data_file
from dklint.base.textnorm import words
from dklint.facts.phrases import PhraseList


_SOURCE_START = re.compile(r"\(|\b(?:as|from)\b", re.IGNORECASE)  # where a name's source begins


def name_before_source(name: str) -> str:
    """"Calcium (as calcium carbonate)" -> "Calcium ": the name without the source it gives."""
    return _SOURCE_START.split(name, 1)[0]


@dataclass(frozen=True)
class Nutrient:
    id: str
    name: str
    kind: str
    parent: str | None
    unit: str | None
    order: int | None
    dv: tuple[float, str] | None
    legacy_dv: tuple[float, str] | None
    ul: tuple[float, str] | None
    ul_note: str | None
    citation: str
    ul_counts: tuple[str, ...] | None = None  # the forms that count toward the upper limit (None: every form)
    ul_name: str | None = None  # what the upper limit limits, when only some forms count
    forms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    percent: str = "required"  # "never" (calories) or "optional" (protein): whether a row needs a %DV


def _quantity(entry: dict[str, Any] | None) -> tuple[float, str] | None:
    return None if entry is None else (float(entry["amount"]), str(entry["unit"]))


class NutrientRegistry:
    """Synonym lookup and reference values for every known nutrient."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.nutrients: dict[str, Nutrient] = {}
        self._synonyms: dict[tuple[str, ...], str] = {}
        self._longest = 1
        for nutrient_id, entry in raw["nutrients"].items():
            self._add(nutrient_id, entry)

    def _add(self, nutrient_id: str, entry: dict[str, Any]) -> None:
        forms = {
            form: tuple(words(w) for w in spellings) for form, spellings in (entry.get("forms") or {}).items()
        }
        ul = entry.get("ul")
        self.nutrients[nutrient_id] = Nutrient(
            id=nutrient_id, name=entry["name"], kind=entry["kind"], parent=entry.get("parent"),
            unit=entry.get("unit"), order=entry.get("order"), dv=_quantity(entry.get("dv")),
            legacy_dv=_quantity(entry.get("legacy_dv")), ul=_quantity(ul),
            ul_note=(ul or {}).get("note"), citation=entry.get("citation", ""), forms=forms,
            ul_counts=tuple(ul["counts"]) if ul and "counts" in ul else None, ul_name=(ul or {}).get("name"),
            percent=entry.get("percent", "required"),
        )
        for synonym in entry["synonyms"]:
            key = words(synonym)
            self._synonyms[key] = nutrient_id
            self._longest = max(self._longest, len(key))

    def lookup(self, text: str) -> str | None:
        """The nutrient a name refers to: the longest synonym found in it, earliest first."""
        tokens = words(text)
        best: tuple[int, int, str] | None = None  # (-length, start, id)
        for start in range(len(tokens)):
            for length in range(min(self._longest, len(tokens) - start), 0, -1):
                found = self._synonyms.get(tokens[start : start + length])
                if found is not None:
                    candidate = (-length, start, found)
                    if best is None or candidate < best:
                        best = candidate
                    break
        return None if best is None else best[2]

    def all_named(self, text: str) -> list[str]:
        """Every nutrient the text names, in order, each synonym read once ("vitamin K1 & K2": K1, K2)."""
        tokens = words(text)
        found: list[str] = []
        start = 0
        while start < len(tokens):
            for length in range(min(self._longest, len(tokens) - start), 0, -1):
                nutrient = self._synonyms.get(tokens[start : start + length])
                if nutrient is not None:
                    found.append(nutrient)
                    start += length
                    break
            else:
                start += 1
        return found

    def compound_named(self, name: str) -> bool:
        """Does the name name a compound of a mineral ("calcium citrate", "magnesium glycinate")?

        A compound weighs more than the mineral in it, so "1,000 mg of calcium citrate" is no 1,000 mg
        of calcium. "Elemental calcium" and the plain mineral name are the mineral itself, and so is a
        name whose compound is only its source: "Calcium (as calcium carbonate)".
        """
        tokens = words(name_before_source(name))
        if "elemental" in tokens:
            return False
        for start in range(len(tokens)):
            for length in range(min(self._longest, len(tokens) - start), 1, -1):
                found = self._synonyms.get(tokens[start : start + length])
                if found is not None and self.nutrients[found].kind == "mineral":
                    return True
        return False

    def form_of(self, nutrient_id: str, *texts: str | None) -> str | None:
        """The form (D3, MK-7, natural...) named anywhere in ``texts``, if the nutrient has forms."""
        nutrient = self.nutrients.get(nutrient_id)
        if nutrient is None or not nutrient.forms:
            return None
        for text in texts:
            if not text:
                continue
            tokens = words(text)
            joined = f" {' '.join(tokens)} "
            for form, spellings in nutrient.forms.items():
                if any(f" {' '.join(s)} " in joined for s in spellings):
                    return form
        return None

    def forms_named(self, nutrient_id: str, *texts: str | None) -> frozenset[str]:
        """Every form of the nutrient named anywhere in ``texts`` ("retinyl acetate and beta-carotene": both)."""
        nutrient = self.nutrients.get(nutrient_id)
        if nutrient is None or not nutrient.forms:
            return frozenset()
        joined = " " + " ".join(" ".join(words(text)) for text in texts if text) + " "
        return frozenset(form for form, spellings in nutrient.forms.items()
                         if any(f" {' '.join(s)} " in joined for s in spellings))

    def resolve(self, name: str, source: str | None = None, form: str | None = None) -> tuple[str | None, str | None]:
        """Nutrient id and form for an ingredient given its name, source and declared form."""
        nutrient_id = self.lookup(name)
        if nutrient_id is None and source:
            nutrient_id = self.lookup(source)
        if nutrient_id is None and form:
            nutrient_id = self.lookup(form)
        if nutrient_id is None:
            return None, None
        found_form = self.form_of(nutrient_id, form, name, source)
        # "Vitamin K (as MK-7)", "Vitamin K (as menaquinone)": the source says which vitamin K it is.
        if nutrient_id == "vitamin_k":
            for child in ("vitamin_k2", "vitamin_k1"):
                child_form = self.form_of(child, form, name, source)
                if child_form:
                    return child, child_form
            from_source = self.lookup(source) if source else None
            if from_source in ("vitamin_k1", "vitamin_k2"):
                return from_source, self.form_of(from_source, form, name, source)
        return nutrient_id, found_form

    def is_a(self, nutrient_id: str | None, ancestor: str) -> bool:
        """True when ``nutrient_id`` is ``ancestor`` or one of its children (vitamin_k2 is_a vitamin_k)."""
        while nutrient_id is not None:
            if nutrient_id == ancestor:
                return True
            nutrient_id = self.nutrients[nutrient_id].parent if nutrient_id in self.nutrients else None
        return False

    def __contains__(self, nutrient_id: object) -> bool:
        return nutrient_id in self.nutrients

    def spellings(self) -> list[str]:
        """Every synonym of every nutrient, as words joined by spaces ("vitamin d3", "zinc")."""
        return sorted(" ".join(key) for key in self._synonyms)


@cache
def registry() -> NutrientRegistry:
    return NutrientRegistry(load_data_file(data_dir() / "nutrients.yaml"))


@cache
def nutrient_names() -> PhraseList:
    """The nutrients' spellings as one phrase list: where prose names a nutrient ("zinc", "vitamin D3")."""
    return PhraseList("nutrient_names", registry().spellings(), {})


@lru_cache(maxsize=16384)  # catalogs repeat the same few ingredient names endlessly
def resolve(name: str, source: str | None = None, form: str | None = None) -> tuple[str | None, str | None]:
    """``registry().resolve``, remembered: nutrient id and form for a name, source and declared form."""
    return registry().resolve(name, source, form)
