"""Text normalisation shared by name lookup and phrase matching.

Labels arrive with curly quotes, non-breaking spaces, zero-width characters,
fullwidth digits and hyphen look-alikes. Matching on raw text would let
"Vit\u200bamin K" hide from the vitamin K rules, so everything is folded to one
plain form first. All functions here run in time linear in their input.
"""

from __future__ import annotations

import re
import unicodedata

from dklint.base.textmemo import recent_texts

# Invisible characters and bidirectional controls: dropped outright.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"),
    None,
)
# Look-alikes folded to ASCII: hyphens and dashes, quotes, Cyrillic and Greek
# letters that render like Latin ones (a small, explicit homoglyph table).
_FOLD = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0445": "x",
        "\u0456": "i", "\u0410": "A", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041e": "O",
        "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X", "\u039a": "K", "\u039f": "O",
        "\u03bf": "o", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)
_WORD = re.compile(r"[a-z0-9]+")
# "d-3", "d 3", "mk-7", "b 12" -> "d3", "mk7", "b12": one token however it is spelt.
_LETTER_DIGIT = re.compile(r"\b(mk|[abcdek])[ \-](\d{1,2})\b")


def clean(text: str) -> str:
    """Fold invisible characters, look-alikes and compatibility forms; keep offsets' meaning loose."""
    if text.isascii():  # most label text: both tables and NFKC change only characters beyond ASCII
        return text
    return unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).translate(_FOLD)


@recent_texts(65536)  # ingredient names and headings repeat endlessly; a long text is kept only while in use
def words(text: str) -> tuple[str, ...]:
    """Lower-case word tokens of ``text`` with letter-digit codes joined ("D-3" -> "d3")."""
    folded = clean(text).casefold().replace("\u00ae", " ").replace("\u2122", " ")
    folded = _LETTER_DIGIT.sub(r"\1\2", folded)
    return tuple(_WORD.findall(folded))


# Every ASCII character that is not a lower-case letter or a digit, as a space.
_NOT_ALNUM = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum() or chr(code).isupper()})


def ascii_words(folded: str) -> list[str]:
    """The runs of ``[a-z0-9]`` in lower-case ASCII text, as ``re.findall(r"[a-z0-9]+", folded)`` gives them.

    A translation to spaces and a split build the same words two to three times faster than the regular
    expression: the label reader and the phrase matcher ask this of every text.
    """
    return folded.translate(_NOT_ALNUM).split()


def norm_phrase(text: str) -> str:
    """A phrase as a single space-joined string of words, for set lookups."""
    return " ".join(words(text))


def shorten(value: str, limit: int = 60) -> str:
    """``value``, cut to ``limit`` characters with an ellipsis when longer (messages quote input this way)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
