"""The memos the checks share: per label, per text, per part."""

from __future__ import annotations

from dklint.base import memo
from dklint.base.memo import per_part
from dklint.base.textmemo import MAX_CHARS, text_memo


class Part:
    def __init__(self, name: str) -> None:
        self.name = name


def test_a_part_is_answered_once_and_only_for_itself(monkeypatch):
    calls = []

    @per_part
    def describe(part: Part, suffix: str) -> str:
        calls.append(part)
        return part.name + suffix

    first, twin = Part("D3"), Part("D3")
    assert describe(first, "!") == "D3!" and describe(first, "!") == "D3!"
    assert describe(twin, "!") == "D3!"  # equal content, another object: asked again
    assert describe(first, "?") == "D3?"  # other arguments: asked again
    assert calls == [first, twin, first]


def test_the_part_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(memo, "MAX_PARTS", 3)

    @per_part
    def name_of(part: Part) -> str:
        return part.name

    parts = [Part(str(i)) for i in range(10)]
    assert [name_of(p) for p in parts] == [str(i) for i in range(10)]
    assert len(memo._PARTS) <= 3


def test_long_texts_are_not_remembered():
    calls = []

    @text_memo
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    short, long = "x" * 10, "y" * (MAX_CHARS + 1)
    assert [length(short), length(short), length(long), length(long)] == [10, 10, MAX_CHARS + 1, MAX_CHARS + 1]
    assert calls == [short, long, long]
