"""The SQLite database of the result cache: make, open, repair, keep under its size bound, remove.

One database per cache folder (``dklint.run.cache_folder`` says which folders are
dklint's), in WAL mode, so readers never wait for a writer and parallel workers
(and parallel dklint runs) each write in short transactions. Nothing here raises:
a database that cannot be opened or that turns out damaged is removed and made
again once; if that fails too (a read-only disk, a full one, a folder that is not
dklint's) the caller gets ``None`` and runs without a cache.

Every row keeps when it was last used (``used``, Unix seconds). ``shrink`` keeps
the database under the size bound (config ``cache-max-mb``): when it is over, the
least recently used rows go until it is at ``SHRINK_TO`` of the bound, and the
freed pages are given back to the file system.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from dklint.run.cache_folder import MARKER_NAME, TAG_NAME, NotACache, check_usable, claim, is_cache, remove_marks

DB_NAME = "results.sqlite3"
DB_FILES = tuple(DB_NAME + suffix for suffix in ("", "-wal", "-shm", "-journal"))  # every file SQLite keeps here
SCHEMA_VERSION = 2  # PRAGMA user_version; another value means another layout: start afresh
BUSY_TIMEOUT = 10.0  # seconds a writer waits for another process's transaction (they last milliseconds)
SHRINK_TO = 0.8  # an evicting run leaves room for the next runs' new entries
ROW_OVERHEAD = 64  # bytes a row costs besides its values (record header, index entry, page slack)

# files: one row per input file and rule configuration (digest); ``stamp`` is the file's
# stat when it was checked, ``key`` the hash of its bytes (see dklint.run.cache.content_key).
# entries: everything else (catalog record batches, stdin), by content key alone.
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    digest TEXT NOT NULL, display TEXT NOT NULL, stamp TEXT NOT NULL, key TEXT NOT NULL,
    results BLOB NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (digest, display));
CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, results BLOB NOT NULL, used INTEGER NOT NULL);
"""
# what deleting a row frees, about: its values, its key again in the primary key's index, the overhead
ROW_COSTS = f"""
SELECT 'files', rowid, used, length(results) + 2 * (length(digest) + length(display)) + length(stamp) + length(key)
       + {ROW_OVERHEAD} FROM files
UNION ALL SELECT 'entries', rowid, used, length(results) + 2 * length(key) + {ROW_OVERHEAD} FROM entries
ORDER BY used, rowid
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
            claim(Path(directory), frozenset(DB_FILES))  # never a database in a folder of the user's
            return _open(path)
        except sqlite3.Error as error:
            if attempt or not (is_damage(error) or isinstance(error, _Outdated)):
                return None
            remove(directory)
        except (OSError, NotACache):  # the folder cannot be made (a read-only checkout), or is the user's
            return None
    return None


def check_folder(directory: str | os.PathLike[str]) -> None:
    """Raise ``NotACache`` when ``directory`` exists and is a folder dklint must not write into."""
    check_usable(Path(directory), frozenset(DB_FILES))


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
    # Incremental vacuum lets ``shrink`` give freed pages back; it can only be chosen before the first table.
    connection.execute("PRAGMA auto_vacuum=INCREMENTAL")
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


def remove(directory: str | os.PathLike[str]) -> None:
    """Delete a damaged or outdated database (and its journal files); others using it keep their copy."""
    for name in DB_FILES:
        try:
            os.unlink(os.path.join(directory, name))
        except OSError:
            pass


def clear(directory: str | os.PathLike[str]) -> list[str] | None:
    """``dklint clean``: remove dklint's files from a cache folder, then the folder if nothing else is left.

    Returns None when there was no folder, else the names of the other files that
    kept it (``[]`` when it was removed). Raises ``NotACache`` for a folder without
    both of dklint's markers: nothing in it is touched.
    """
    root = Path(directory)
    if not root.is_dir():
        return None
    if not is_cache(root):
        raise NotACache(root, f"no {TAG_NAME} and {MARKER_NAME} of dklint's")
    remove(root)
    remove_marks(root)
    left = sorted(os.listdir(root))
    if not left:
        root.rmdir()
    return left


# -- the size bound -------------------------------------------------------------------------------

def _live_bytes(connection: sqlite3.Connection) -> int:
    pages = connection.execute("PRAGMA page_count").fetchone()[0] - connection.execute("PRAGMA freelist_count").fetchone()[0]
    return pages * connection.execute("PRAGMA page_size").fetchone()[0]


def _on_disk(directory: str) -> int:
    total = 0
    for name in (DB_NAME, DB_NAME + "-wal"):
        try:
            total += os.stat(os.path.join(directory, name)).st_size
        except OSError:
            pass
    return total


def shrink(directory: str, max_bytes: int) -> None:
    """Keep the database under ``max_bytes``, least recently used rows first (see the module docstring)."""
    if _on_disk(directory) <= max_bytes:  # the usual case: one stat, no database opened
        return
    connection = connect(directory, create=False)
    if connection is None:
        return
    try:
        for _ in range(5):  # the costs are estimates: measure again, evict again if needed
            excess = _live_bytes(connection) - int(max_bytes * SHRINK_TO)
            if excess <= 0 or not _evict(connection, excess):
                break
        # freed pages back to the file system; executescript steps the pragma to its end (execute frees one page)
        connection.executescript("PRAGMA incremental_vacuum;")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as error:  # busy, read-only, damaged: the next run tries again
        if is_damage(error):
            remove(directory)
    finally:
        connection.close()


def _evict(connection: sqlite3.Connection, excess: int) -> bool:
    """Delete the least recently used rows that free about ``excess`` bytes; False when there were none."""
    doomed: dict[str, list[tuple[int]]] = {"files": [], "entries": []}
    freed = 0
    rows = connection.execute(ROW_COSTS)
    for table, rowid, _, cost in rows:
        if freed >= excess:
            break
        doomed[table].append((rowid,))
        freed += cost
    rows.close()  # the read ends before the write begins
    if not freed:
        return False
    connection.execute("BEGIN IMMEDIATE")
    try:
        for table, rows in doomed.items():
            connection.executemany(f"DELETE FROM {table} WHERE rowid = ?", rows)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return True
