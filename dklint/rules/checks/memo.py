"""Per-label memoisation for helpers several rules call on the same label.

DK301, DK303 and DK310 all need the label's claims and disclaimers; rules run
one label at a time, so remembering the last label's answer (by identity) is
enough and never grows.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable, TypeVar

from dklint.model import Label

T = TypeVar("T")


def per_label(function: Callable[[Label], T]) -> Callable[[Label], T]:
    last: list = [None, None]  # [label, result]; keeps the label alive so `is` cannot be fooled

    @wraps(function)
    def cached(label: Label) -> T:
        if last[0] is not label:
            last[0], last[1] = label, function(label)
        return last[1]

    return cached
