"""Answers about short texts, remembered across labels.

A retail catalog prints the same DSHEA disclaimer, warnings, directions and
claims on thousands of products, and the claim checks ask the same questions of
each copy (where are the sentences, which phrase lists match, is this a disease
claim). A function decorated with ``text_memo`` is a pure function of a text
and hashable arguments; its answers for recent texts are kept (at most
``MAX_ENTRIES`` per function, for texts up to ``MAX_CHARS`` characters; longer
texts are analysed every time), so memory stays bounded however large the
catalog. Answers are shared between callers, so they must be immutable: tuples,
strings, numbers.
"""

from __future__ import annotations

from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 4096
MAX_CHARS = 2000


def text_memo(function: Callable[..., T]) -> Callable[..., T]:
    cached = lru_cache(maxsize=MAX_ENTRIES)(function)

    @wraps(function)
    def answer(text: str, *args: Any, **kwargs: Any) -> T:
        if len(text) > MAX_CHARS:
            return function(text, *args, **kwargs)
        return cached(text, *args, **kwargs)

    answer.cache_clear = cached.cache_clear  # type: ignore[attr-defined] - for tests
    return answer


# Answers that hold something per word of a text (its tokens, its words) are worth keeping for long texts too:
# thirty phrase lists read the same text one after another. But 512 answers about half-megabyte texts would
# hold gigabytes, so long texts get a cache of their own, a few entries deep: the texts of the input being
# checked.
LONG_ENTRIES = 4


def recent_texts(maxsize: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """For a pure function of one text: the answers for the last ``maxsize`` texts of up to ``MAX_CHARS``
    characters, and for the last ``LONG_ENTRIES`` longer ones (memory bounded by the input limits)."""

    def decorate(function: Callable[[str], T]) -> Callable[[str], T]:
        short = lru_cache(maxsize=maxsize)(function)
        long = lru_cache(maxsize=LONG_ENTRIES)(function)

        @wraps(function)
        def answer(text: str) -> T:
            return short(text) if len(text) <= MAX_CHARS else long(text)

        def cache_clear() -> None:
            short.cache_clear()
            long.cache_clear()

        answer.cache_clear = cache_clear  # type: ignore[attr-defined] - for tests and benchmarks
        return answer

    return decorate

