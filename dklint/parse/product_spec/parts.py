"""Label parts built once per distinct content and shared across specs.

Catalogs repeat themselves: the same ingredient rows, warnings, claims,
disclaimer and serving recur across thousands of products. Validating a
pydantic model costs a microsecond or more per object, so the parts of a spec's
Label (an ingredient with its amounts, a text block, a footnote, the serving)
are remembered by their content and reused: the models are frozen, so a shared
part cannot be told from a fresh one. Only the ``Label`` itself is new for
every spec.

A memo key must hold everything its part is made from. For an ingredient row or
the serving that is its decoded JSON written out exactly (``content``), which
tells apart values ``==`` does not (``1``, ``1.0`` and ``true``; ``0.0`` and
``-0.0``) but which become different values or text in the model.
"""

from __future__ import annotations

import marshal
from itertools import islice
from typing import Any

from dklint.model import Label


class _Memo(dict):
    """Built parts by key, at most ``limit`` of them, so memory does not grow with a catalog.

    A part is kept only the second time its key is met: in a catalog where
    nothing repeats, keeping every part would cost more than it ever saves. The
    first meeting leaves only the key's hash behind (a hash shared by two keys
    just keeps a part early). When full, the older half of the parts goes (a
    dict keeps insertion order): parts still in use come back at once.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.met: set[int] = set()  # hashes of the keys met once

    def meet(self, mark: int) -> None:
        if len(self.met) >= 4 * self.limit:
            self.met.clear()
        self.met.add(mark)

    def keep(self, key: tuple, part: Any) -> None:
        if len(self) >= self.limit:
            for old in list(islice(self, self.limit // 2)):
                self.pop(old, None)  # another thread may have dropped it first
        self[key] = part


_MEMO = _Memo(2048)  # a full memo holds about 5 MB


class LabelParts:
    """The parts of one spec's Label: those built before, and a note of the new ones.

    A new part goes into the Label as a dict and is validated with it, in one
    call (a call per part would cost more than the memo saves on a catalog
    without repeats); ``keep_new`` then takes the built parts from the Label.
    """

    def __init__(self) -> None:
        self.new: list[tuple[tuple, str, int | None]] = []  # (memo key, Label field, index in it)

    def find(self, key: tuple, field: str, index: int | None = None) -> Any:
        """The part built before under ``key``; None when it is new (it is ``label.field[index]``)."""
        found = _MEMO.get(key)
        if found is None:
            mark = hash(key)
            if mark in _MEMO.met:
                self.new.append((key, field, index))
            else:
                _MEMO.meet(mark)
        return found

    def keep_new(self, label: Label) -> None:
        """Remember the new parts, now built in ``label``."""
        for key, field, index in self.new:
            part = getattr(label, field)
            _MEMO.keep(key, part if index is None else part[index])


def content(value: dict[str, Any]) -> bytes:
    """Bytes that tell every decoded JSON value apart; b"" when they cannot be written.

    ``marshal`` writes each value's exact type and bits, so ``1``, ``1.0`` and
    ``true`` differ and so do ``0.0`` and ``-0.0``; the bytes read back into the
    same value, so two different values never share them (two equal values may
    not either, when the decoder shared a string object in one: a miss, never
    a wrong part). It is four times faster than ``repr``.
    """
    try:
        return marshal.dumps(value)
    except ValueError:  # an x- value nested too deeply: its part is built afresh, not remembered
        return b""
