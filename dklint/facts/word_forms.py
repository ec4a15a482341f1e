"""Regular English word forms, so a phrase list names each word once.

Phrase lists say "blood thinner", "doctor", "prevent+"; labels say "blood
thinners", "doctors", "prevents", "preventing". Two rules cover that:

- **plurals** (every word of a phrase, automatically): ``plural_forms("bone")``
  is ``{"bones"}``; words ending in s, x, z, ch, sh or o take -es ("virus" ->
  "viruses"), a consonant before a final y becomes -ies ("artery" ->
  "arteries"). The same rule makes the third person of a verb ("prevent" ->
  "prevents"). Words under ``MIN_INFLECTED`` letters and words with digits are
  left alone: "a" is not "as", "do" is not "does", "d3" has no plural.
- **verb forms** (a word written ``word+`` in a pattern): the plural-rule -s form
  and the -ing form; a final silent e is dropped ("reduce" -> "reducing"), -ie
  becomes -ying ("die" -> "dying") and a one-syllable word ending in one vowel
  and one consonant doubles it ("stop" -> "stopping"). Past forms are not made:
  "supported", "treated" are mostly passive ("treated for", "supported by") and
  a list that wants one writes it.

Irregular forms ("tooth"/"teeth", "child"/"children") are written out in the list.
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_INFLECTED = 3  # shorter words are grammar words ("a", "do", "us"): their "plurals" are other words

_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "o")
_VOWELS = frozenset("aeiou")
_ONE_SYLLABLE_CVC = re.compile(r"[^aeiou]*[aeiou][bdgklmnprt]")  # "stop", "rid", "plan": one vowel, then one consonant


def inflects(word: str) -> bool:
    """Whether ``word`` takes regular forms: long enough, and letters only."""
    return len(word) >= MIN_INFLECTED and word.isalpha()


@lru_cache(maxsize=4096)
def plural_forms(word: str) -> tuple[str, ...]:
    """The regular plural (or third-person) spelling of ``word``; empty when it takes none."""
    if not inflects(word):
        return ()
    if word.endswith(_SIBILANT_ENDINGS):
        return (word + "es",)
    if word.endswith("y") and word[-2] not in _VOWELS:
        return (word[:-1] + "ies",)
    return (word + "s",)


@lru_cache(maxsize=4096)
def verb_forms(word: str) -> tuple[str, ...]:
    """``word`` with its -s and -ing forms ("help" -> help, helps, helping)."""
    if not inflects(word):
        return (word,)
    return (word, *plural_forms(word), _ing_form(word))


def _ing_form(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    if _ONE_SYLLABLE_CVC.fullmatch(word):
        return word + word[-1] + "ing"
    return word + "ing"
