"""A result cache: an unchanged input under unchanged rules is not parsed again.

An entry holds the located findings of one input (or of one batch of catalog
records), pickled, under a key made of

* ``recipe.digest()``: the rule files, the data files (nutrients, units,
  phrases), the configuration (selection, severities, params) and dklint's
  version; change any of them and every key changes;
* the input's display path and kind: findings carry the path and a fingerprint
  made from it, so the same bytes at another path are another entry;
* a BLAKE2b hash of the input's bytes.

Entries live in ``.dklint_cache/`` (or the folder given), sharded by the first
two hex digits of the key, each written to a temporary file and renamed, so a
crash or a parallel run never leaves a half-written entry; a damaged or
unreadable entry is a miss. The folder holds a ``CACHEDIR.TAG`` (backup tools
skip it) and a ``.gitignore`` of ``*``; ``clear`` only removes folders holding
that tag, so a mistyped ``--cache-dir`` cannot delete your files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from dklint.findings import InputResult

DEFAULT_DIR = ".dklint_cache"
TAG_NAME = "CACHEDIR.TAG"
TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by dklint; `dklint clean` removes it.\n"


def content_key(digest: str, path: str, kind: str, parts: Iterable[bytes]) -> str:
    """The key of an entry: digest, display path, kind and the content's bytes."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"{digest}\x00{path}\x00{kind}\x00".encode("utf-8", "surrogatepass"))
    for part in parts:
        hasher.update(part)
    return hasher.hexdigest()


@dataclass(frozen=True)
class ResultCache:
    """The cache folder of one run; picklable, so workers open it themselves."""

    directory: str
    digest: str

    def _entry(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:])

    def get(self, key: str) -> list[InputResult] | None:
        """The stored results, or None (missing, damaged, or from another dklint)."""
        try:
            with open(self._entry(key), "rb") as stream:
                results = pickle.load(stream)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged entry (truncated, old format) is simply a miss
            return None
        return results if isinstance(results, list) else None

    def put(self, key: str, results: list[InputResult]) -> None:
        """Store atomically; a cache that cannot be written is not an error (read-only checkout, full disk)."""
        entry = self._entry(key)
        temporary = f"{entry}.{os.getpid()}.tmp"
        try:
            try:
                stream = open(temporary, "wb")
            except FileNotFoundError:
                self._prepare(os.path.dirname(entry))
                stream = open(temporary, "wb")
            with stream:
                pickle.dump(results, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except OSError:
            _remove(temporary)

    def _prepare(self, shard: str) -> None:
        root = Path(self.directory)
        if not (root / TAG_NAME).exists():
            root.mkdir(parents=True, exist_ok=True)
            (root / TAG_NAME).write_bytes(TAG)
            (root / ".gitignore").write_text("*\n", encoding="utf-8")
        os.makedirs(shard, exist_ok=True)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def open_cache(recipe, directory: str | os.PathLike[str] = DEFAULT_DIR) -> ResultCache:
    """The cache for this recipe's rules and configuration (builds the recipe's checker once)."""
    return ResultCache(str(Path(directory).absolute()), recipe.digest())


class NotACache(Exception):
    """The folder exists but is not a dklint cache (no CACHEDIR.TAG): it was left alone."""


def clear(directory: str | os.PathLike[str] = DEFAULT_DIR) -> bool:
    """Remove a cache folder; False when there was none. Raises NotACache for any other folder."""
    root = Path(directory)
    if not root.exists():
        return False
    if not (root / TAG_NAME).is_file() or (root / TAG_NAME).read_bytes()[:43] != TAG[:43]:
        raise NotACache(f"{root} is not a dklint cache (no {TAG_NAME}): not removed")
    shutil.rmtree(root)
    return True
