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
