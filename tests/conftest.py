"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


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
