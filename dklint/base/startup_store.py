"""The start-up store: validated rule and data files kept between runs, so start-up skips YAML and the JSON Schema.

Reading the bundled rule files (YAML with the line of every value, then the
rule-file schema) costs about 80 ms a run, and importing jsonschema about 70 ms
more, for an answer that depends only on each file's bytes, the schema and
dklint's version. ``StartupStore`` keeps that answer (the data and its lines) in
one file in the user's cache folder, under a hash of those three. The file is
plain data written with ``marshal``, which cannot run code when it is read, and
it is read only from a private folder of this user (``dklint.base.private_files``):
a file planted by someone else is never read. An entry that is not plain data
(a YAML date, say) is not stored.

Only valid files are stored: a broken rule file is read and reported, with its
line, on every run. Compiled rules (closures) cannot be stored; what is stored
is the fact that a rule set compiled, keyed on its bytes and on ``code_stamp()``
(dklint's own source files, its grammars, Lark): a function renamed in a
checkout changes the stamp, so the rules are compiled, and fail, at once. The
store is only a shortcut: missing, unreadable, damaged or of another format, it
is empty; when it cannot be written, nothing is said.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from dklint import __version__
from dklint.base.private_files import read_private, write_private
from dklint.base.resources import cache_home, grammar_dir, schema_path

FORMAT = 2  # bump when what is stored per file changes shape (2: marshal, was a pickle)
MAX_ENTRIES = 400  # about 30 times the bundled packs; the oldest entries go first
# A run makes several stores (rule loading, the compile check, each data file): the file
# is read once per process while its bytes are unchanged, and each store gets a copy.
_READ: dict[Path, tuple[bytes, dict[str, Any]]] = {}


@cache
def code_stamp() -> str:
    """Size and mtime of every file compiling a rule depends on: dklint's sources, the grammars, Lark."""
    package = Path(__file__).resolve().parents[1]
    lark = importlib.util.find_spec("lark")  # found, not imported
    files = [lark.origin] if lark is not None and lark.origin else []
    for folder in (package, grammar_dir()):
        for root, folders, names in os.walk(folder):
            folders[:] = sorted(name for name in folders if name != "__pycache__")
            files += [os.path.join(root, name) for name in sorted(names) if name.endswith((".py", ".lark"))]
    stamps = []
    for path in files:
        try:
            status = os.stat(path)
        except OSError:
            continue
        stamps.append(f"{path}:{status.st_size}:{status.st_mtime_ns}")
    return hashlib.blake2b("\n".join(stamps).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@cache
def _rule_schema() -> bytes:
    """The rule-file schema's bytes, read once per process (every key depends on them)."""
    return schema_path("rule").read_bytes()


class StartupStore:
    """Validated rule files by content key; ``save`` writes back only when something was added."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_home() / f"rules-v{FORMAT}.marshal"
        self._salt = f"{__version__}\x00{FORMAT}\x00".encode() + _rule_schema()
        self._entries = self._read()
        self._added: dict[str, Any] = {}  # what this store adds, written over what the file holds when saved

    def _read(self) -> dict[str, Any]:
        raw = read_private(self.path)
        if raw is None:
            return {}
        seen = _READ.get(self.path)
        if seen is None or seen[0] != raw:
            try:
                entries = marshal.loads(raw)
            except Exception:  # noqa: BLE001 - damaged or of another Python: start empty
                entries = {}
            seen = _READ[self.path] = (raw, entries if isinstance(entries, dict) else {})
        return dict(seen[1])  # a copy: what one store adds is seen by others only once saved

    def key(self, raw: bytes) -> str:
        """The key of a rule file with these bytes, under this schema and dklint version."""
        return hashlib.blake2b(self._salt + raw, digest_size=20).hexdigest()

    def compiled_key(self, ruleset_digest: str) -> str:
        """The key that says a rule set with this digest compiled under this very dklint and Python."""
        return self.key(f"compiled\x00{ruleset_digest}\x00{code_stamp()}\x00{sys.version}".encode())

    def get(self, key: str) -> Any:
        """What was stored under ``key`` (callers check its shape: a damaged store may hold anything)."""
        return self._entries.get(key)

    def put(self, key: str, entry: Any) -> None:
        self._entries[key] = self._added[key] = entry

    def save(self) -> None:
        """Write what was added over the file as it is now: another store of this run (a data file's, say)
        may have saved entries since this one was read, and they must not be lost."""
        if not self._added:
            return
        entries = self._read()
        for key, entry in self._added.items():
            entries.pop(key, None)  # re-inserted last: the newest survive the cap
            entries[key] = entry
        self._added = {}
        self._entries = entries
        kept = {key: entry for key, entry in list(entries.items())[-MAX_ENTRIES:] if _plain(entry)}
        write_private(self.path, marshal.dumps(kept))  # a read-only home: run without the store


def _plain(entry: Any) -> bool:
    """Whether ``marshal`` can keep the entry (plain data only)."""
    try:
        marshal.dumps(entry)
    except ValueError:
        return False
    return True


def load_data_file(path: Path) -> Any:
    """A YAML data file's contents (nutrients, units, phrase lists), from the store when its bytes were read before.

    A warm start then neither imports PyYAML (about 20 ms) nor parses the file. The
    value is shared with the store: read it, do not modify it.
    """
    raw = path.read_bytes()
    store = StartupStore()
    key = store.key(b"data file\x00" + raw)
    entry = store.get(key)
    if isinstance(entry, tuple) and len(entry) == 1:
        return entry[0]
    import yaml

    from dklint.base.yaml_lines import SAFE_LOADER

    data = yaml.load(raw, Loader=SAFE_LOADER)
    store.put(key, (data,))
    store.save()
    return data
