""""Did you mean" suggestions for mistyped keys and rule codes."""

from __future__ import annotations

import difflib


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    same = [choice for choice in choices if choice.casefold() == word.casefold()]  # "d3" is "D3" mistyped
    close = same or difflib.get_close_matches(word, list(choices), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def code_hint(word: str, codes: list[str]) -> str:
    """A "did you mean" for a rule code, knowing the usual typos (O for 0, I or l for 1)."""
    upper = word.strip().upper()
    fixed = upper[:2] + upper[2:].translate(str.maketrans("OIL", "011"))
    if fixed != upper and any(code.startswith(fixed) for code in codes):
        return f' (did you mean "{fixed}"?)'
    return did_you_mean(upper, codes)
