"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def line_of(text: str, part: str) -> int:
    """The number of the first line of ``text`` that contains ``part``."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if part in line)


def edited_rule(tmp_path: Path, bundled: str, old: str, new: str) -> tuple[Path, str]:
    """A copy of a bundled rule file (``fda-panel/DK210-nutrient-order.yaml``) with ``old`` replaced by ``new``."""
    text = (REPO / "rules" / bundled).read_text(encoding="utf-8").replace(old, new)
    path = tmp_path / Path(bundled).name
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory):
    """The start-up store (validated rule files) in a folder of this test session, not the user's ~/.cache."""
    previous = os.environ.get("DKLINT_CACHE_HOME")
    os.environ["DKLINT_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield
    if previous is None:
        os.environ.pop("DKLINT_CACHE_HOME", None)
    else:
        os.environ["DKLINT_CACHE_HOME"] = previous


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, or a skip when that folder is not beside the checkout."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available: ../shared is only beside CI's checkout")
    return path


@pytest.fixture(scope="session")
def ruleset():
    from dklint.rules.loader import load_rules

    return load_rules()
