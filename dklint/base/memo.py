"""Memoisation for work several rules repeat on the same label, or on the same part of many labels.

DK101, DK102 and DK103 all ask for the daily vitamin D; DK301, DK303 and DK310
all need the label's claims and disclaimers. Rules run one label at a time per
thread, so remembering answers for the current label (by identity) is enough and
never grows. The memo is thread-local: Dask workers may check labels in threads.

Nothing here knows what a label is: the memo belongs to whatever object a
thread is checking, so this module imports nothing of dklint.
"""

from __future__ import annotations

import threading
from functools import wraps
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_LOCAL = threading.local()


def label_memo(label: Any) -> dict[Any, Any]:
    """A dict that lives as long as ``label`` is the label this thread is checking."""
    if getattr(_LOCAL, "label", None) is not label:
        _LOCAL.label, _LOCAL.memo = label, {}  # holding the label keeps `is` from being fooled by a reused id
    return _LOCAL.memo


def per_label(function: Callable[[Any], T]) -> Callable[[Any], T]:
    """For a function of the label alone; its answer is shared, so callers must not change it."""

    @wraps(function)
    def cached(label: Any) -> T:
        memo = label_memo(label)
        key = (cached,)
        if key not in memo:
            memo[key] = function(label)
        return memo[key]

    return cached


# Answers about one part of a label (an ingredient row), kept across labels. The spec
# parser hands every record the same object for the same row ("Vitamin D3 25 mcg (1,000
# IU) 125%" in thousands of products), so a check that depends only on the row and its
# params answers once per distinct row. Keyed by identity and holding the part itself,
# so an id is never mistaken for a freed object's; cleared when full (bounded memory).
MAX_PARTS = 4096
_PARTS: dict[tuple[Any, ...], tuple[Any, Any]] = {}


def per_part(function: Callable[..., T]) -> Callable[..., T]:
    """For a pure function of a frozen model part and hashable arguments."""

    @wraps(function)
    def cached(part: Any, *args: Any) -> T:
        key = (cached, id(part), args)
        entry = _PARTS.get(key)
        if entry is not None and entry[0] is part:
            return entry[1]
        value = function(part, *args)
        if len(_PARTS) >= MAX_PARTS:
            _PARTS.clear()
        _PARTS[key] = (part, value)
        return value

    return cached
