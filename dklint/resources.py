"""Where the bundled rules and grammar live.

In a wheel they are copied into ``dklint/_bundled/``; in a source checkout (or an
editable install) they sit at the repository root beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def bundled_dir(name: str) -> Path:
    """Return the directory of a bundled resource tree (``rules`` or ``grammar``)."""
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def rules_dir() -> Path:
    return bundled_dir("rules")


def data_dir() -> Path:
    return bundled_dir("rules") / "data"


def grammar_dir() -> Path:
    return bundled_dir("grammar")


def schema_path(name: str) -> Path:
    return _PACKAGE_DIR / "schemas" / f"{name}.schema.json"
