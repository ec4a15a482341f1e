"""Per-label memoisation for work several rules repeat on the same label.

DK101, DK102 and DK103 all ask for the daily vitamin D; DK301, DK303 and DK310
all need the label's claims and disclaimers. Rules run one label at a time per
thread, so remembering answers for the current label (by identity) is enough and
never grows. The memo is thread-local: Dask workers may check labels in threads.
"""

from __future__ import annotations

import threading
from functools import wraps
from typing import Any, Callable, TypeVar

from dklint.model import Label

T = TypeVar("T")
_LOCAL = threading.local()


def label_memo(label: Label) -> dict[Any, Any]:
    """A dict that lives as long as ``label`` is the label this thread is checking."""
    if getattr(_LOCAL, "label", None) is not label:
        _LOCAL.label, _LOCAL.memo = label, {}  # holding the label keeps `is` from being fooled by a reused id
    return _LOCAL.memo


def per_label(function: Callable[[Label], T]) -> Callable[[Label], T]:
    @wraps(function)
    def cached(label: Label) -> T:
        memo = label_memo(label)
        key = (cached, )
        if key not in memo:
            memo[key] = function(label)
        return memo[key]

    return cached
