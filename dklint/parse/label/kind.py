"""What kind of document label text is: a US supplement label, or something dklint does not judge.

A Drug Facts panel (an over-the-counter drug, titled or only recognised by its
"Active ingredient" and "Purpose"/"Uses" sections), a Canadian natural health
product, an EU/UK label that declares %NRV or %RI, an Australian AUST L/R label
and a label registered with another regulator are read, but no US supplement
rule applies to them: the engine reports DK005 and checks nothing else. What
marks each one is data (``rules/data/document-kinds.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dklint.base.resources import data_dir
from dklint.base.startup_store import load_data_file
from dklint.base.textnorm import ascii_words, clean, norm_phrase
from dklint.facts.phrases import PhraseList

_SECTION_CHARS = 40  # a section heading starts its line
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Formats:
    markers: tuple[tuple[str, PhraseList], ...]  # (format, the phrases that mark it), in the file's order
    drug_first: frozenset[str]  # Drug Facts headings, folded: "active ingredient"
    drug_others: tuple[frozenset[str], ...]  # ("purpose", "purposes"), ("uses", "use")
    heading_words: frozenset[str]  # the first words of all of them
    marker_words: dict[str, tuple[frozenset[str], ...]]  # each format's marker phrases as sets of words


@cache
def formats() -> Formats:
    raw = load_data_file(data_dir() / "document-kinds.yaml")["formats"]
    sections = raw["drug-facts"]["sections"]
    markers = tuple((name, PhraseList(name, entry["markers"])) for name, entry in raw.items() if "markers" in entry)
    return Formats(
        markers=markers,
        marker_words={name: tuple(frozenset(phrase.split()) for phrase in phrases.phrases) for name, phrases in markers},
        drug_first=frozenset(norm_phrase(s) for s in sections["first"]),
        drug_others=tuple(frozenset(norm_phrase(s) for s in group) for group in sections["others"]),
        heading_words=frozenset(norm_phrase(s).split()[0] for s in [*sections["first"], *(w for g in sections["others"] for w in g)]),
    )


def _starts(folded: str, headings: frozenset[str]) -> bool:
    return any(folded == h or folded.startswith(h + " ") for h in headings)


def _drug_sections(lines: list[str], supplement_title: bool) -> bool:
    """Drug Facts headings without the title: the first and one other, or every other beside a Supplement Facts title."""
    known = formats()
    # the start of each line whose first word could begin a heading, folded once
    starts = [norm_phrase(line[:_SECTION_CHARS]) for line in lines
              if (word := _FIRST_WORD.search(line[:_SECTION_CHARS])) and word.group().lower() in known.heading_words]
    if not any(_starts(folded, known.drug_first) for folded in starts):
        return False
    present = [any(_starts(folded, group) for folded in starts) for group in known.drug_others]
    return all(present) if supplement_title else any(present)


def foreign_format(has_drug_facts: bool, supplement_title: bool, lines: list[str]) -> str | None:
    """The format of text that is no US supplement label ("drug-facts", "npn", "eu-nrv", "aust", ...), else None.

    ``supplement_title``: the text titles itself "Supplement Facts", which outweighs part of the Drug Facts sections.
    """
    if has_drug_facts or _drug_sections(lines, supplement_title):
        return "drug-facts"
    known = formats()
    text = "\n".join(lines)
    present = _words_present(text)
    for name, markers in known.markers:
        # a phrase can only match where all its words are present: most labels are spared the phrase scan
        if any(present.issuperset(words) for words in known.marker_words[name]) and markers.search(text):
            return name
    return None


def _words_present(text: str) -> set[str]:
    """The text's words, folded as the phrase matcher folds them, and each plural without its "s"."""
    folded = clean(text).lower()
    found = set(ascii_words(folded) if folded.isascii() else _WORD.findall(folded))
    found.update([word[:-1] for word in found if word[-1] == "s"])  # "values" matches "value[s]"
    return found
