"""Where dklint's own files live: the bundled rules, data and grammars, the schemas, and its caches.

In a wheel the rules and grammars are copied into ``dklint/_bundled/``; in a
source checkout (or an editable install) they sit at the repository root beside
the package. The per-user cache (``cache_home``) holds the start-up store; the
result cache is a folder of the project (``DEFAULT_CACHE_DIR``), which discovery
never walks into.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]

DEFAULT_CACHE_DIR = ".dklint_cache"  # the result cache folder, relative to the project
DEFAULT_CACHE_MAX_MB = 256  # the result cache's size bound (config cache-max-mb); least recently used entries go


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


def cache_home() -> Path:
    """Where dklint keeps per-user caches: ``$DKLINT_CACHE_HOME``, else the platform's cache folder."""
    explicit = os.environ.get("DKLINT_CACHE_HOME")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dklint"
