"""The result cache's folder and the SQLite database in it: make, open, repair, remove.

One database per cache folder, in WAL mode, so readers never wait for a
writer and parallel workers (and parallel dklint runs) each write in short
transactions. Nothing here raises: a database that cannot be opened or that
turns out damaged is removed and made again once; if that fails too (a
read-only disk, a full one) the caller gets ``None`` and runs without a cache.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

DB_NAME = "results.sqlite3"
SCHEMA_VERSION = 1  # PRAGMA user_version; another value means another layout: start afresh
TAG_NAME = "CACHEDIR.TAG"
TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by dklint; `dklint clean` removes it.\n"
BUSY_TIMEOUT = 10.0  # seconds a writer waits for another process's transaction (they last milliseconds)

# files: one row per input file and rule configuration (digest); ``stamp`` is the file's
# stat when it was checked, ``key`` the hash of its bytes (see dklint.run.cache.content_key).
# entries: everything else (catalog record batches, stdin), by content key alone.
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    digest TEXT NOT NULL, display TEXT NOT NULL, stamp TEXT NOT NULL, key TEXT NOT NULL,
    results BLOB NOT NULL, PRIMARY KEY (digest, display));
CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, results BLOB NOT NULL);
"""

# Errors that say the file itself is bad, not that it is busy or unwritable right now.
DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


def is_damage(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorname", "") in DAMAGED


def connect(directory: str, create: bool) -> sqlite3.Connection | None:
    """A connection to the folder's database, made (with its folder) when ``create``; None if unusable."""
    path = os.path.join(directory, DB_NAME)
    if not create and not os.path.exists(path):
        return None
    for attempt in range(2):
        try:
            if create:
                prepare_folder(directory)
            return _open(path)
        except sqlite3.Error as error:
            if attempt or not (is_damage(error) or isinstance(error, _Outdated)):
                return None
            remove(directory)
        except OSError:  # the folder cannot be made: a read-only checkout
            return None
    return None


class _Outdated(sqlite3.DatabaseError):
    """The database has another schema version (another dklint made it)."""


def _open(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise _Outdated(f"schema version {version}")
        if version == 0:
            _create(connection)
        connection.execute("PRAGMA synchronous=NORMAL")  # a cache may lose its last writes, never its shape
        return connection
    except BaseException:
        connection.close()
        raise


def _create(connection: sqlite3.Connection) -> None:
    # WAL is a property of the file: set once, before the tables; a file system without shared
    # memory (some network mounts) refuses it, and the default rollback journal is used instead.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("BEGIN IMMEDIATE")  # two runs creating it at once: the second waits, then finds it made
    try:
        for statement in SCHEMA.split(";"):  # not executescript: it would commit the BEGIN above
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def prepare_folder(directory: str) -> None:
    """Make the cache folder with its CACHEDIR.TAG (backup tools skip it) and a .gitignore of ``*``."""
    root = Path(directory)
    if (root / TAG_NAME).exists():
        return
    root.mkdir(parents=True, exist_ok=True)
    (root / TAG_NAME).write_bytes(TAG)
    (root / ".gitignore").write_text("*\n", encoding="utf-8")


def remove(directory: str) -> None:
    """Delete a damaged or outdated database (and its journal files); others using it keep their copy."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(os.path.join(directory, DB_NAME + suffix))
        except OSError:
            pass


class NotACache(Exception):
    """The folder exists but is not a dklint cache (no CACHEDIR.TAG): it was left alone."""


def clear(directory: str | os.PathLike[str]) -> bool:
    """Remove a cache folder; False when there was none. Raises NotACache for any other folder."""
    root = Path(directory)
    if not root.exists():
        return False
    if not (root / TAG_NAME).is_file() or (root / TAG_NAME).read_bytes()[:43] != TAG[:43]:
        raise NotACache(f"{root} is not a dklint cache (no {TAG_NAME}): not removed")
    shutil.rmtree(root)
    return True
