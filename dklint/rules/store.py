"""Validated rule files kept between runs, so start-up skips YAML and the JSON Schema.

Reading the bundled rule files (YAML with the line of every value, then the
rule-file schema) costs about 80 ms a run, and importing jsonschema about 70 ms
more, for an answer that depends only on each file's bytes, the schema and
dklint's version. ``RuleStore`` keeps that answer (the data and its lines) in
one pickle in the user's cache folder, under a hash of those three.

Only valid files are stored: a broken rule file is read and reported, with its
line, on every run. Compiling the conditions is not stored: it depends on
dklint's code, and a function renamed in a checkout must fail the rules that
use it at once. The store is only a shortcut: missing, unreadable, damaged or
of another format, it is empty; when it cannot be written, nothing is said.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from dklint import __version__
from dklint.resources import schema_path

FORMAT = 1  # bump when what is stored per file changes shape
MAX_ENTRIES = 400  # about 30 times the bundled packs; the oldest entries go first

Entry = tuple[Any, dict]  # (the file's data, its key path -> line map)


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


class RuleStore:
    """Validated rule files by content key; ``save`` writes back only when something was added."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_home() / f"rules-v{FORMAT}.pickle"
        self._salt = f"{__version__}\x00{FORMAT}\x00".encode() + schema_path("rule").read_bytes()
        self._entries = self._read()
        self._added = False

    def _read(self) -> dict[str, Entry]:
        try:
            with open(self.path, "rb") as stream:
                entries = pickle.load(stream)
        except Exception:  # noqa: BLE001 - missing, unreadable or damaged: start empty
            return {}
        return entries if isinstance(entries, dict) else {}

    def key(self, raw: bytes) -> str:
        """The key of a rule file with these bytes, under this schema and dklint version."""
        return hashlib.blake2b(self._salt + raw, digest_size=20).hexdigest()

    def get(self, key: str) -> Entry | None:
        entry = self._entries.get(key)
        return entry if isinstance(entry, tuple) and len(entry) == 2 else None

    def put(self, key: str, entry: Entry) -> None:
        self._entries.pop(key, None)  # re-inserted last: the newest survive the cap
        self._entries[key] = entry
        self._added = True

    def save(self) -> None:
        if not self._added:
            return
        self._added = False
        kept = dict(list(self._entries.items())[-MAX_ENTRIES:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".rules-", suffix=".tmp", dir=self.path.parent)
        except OSError:  # a read-only home: run without the store
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(kept, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)  # parallel runs: each reader sees a whole file
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
