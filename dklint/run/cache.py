"""A result cache: an unchanged input under unchanged rules is not read or parsed again.

Results (the located findings of one input, or of one batch of catalog records)
are kept in one SQLite database in ``.dklint_cache/`` (or the folder given; see
``dklint.run.cache_db``). Every entry belongs to ``recipe.digest()``: the rule
files, the data files, the configuration (selection, severities, params) and
dklint's version; change any of them and nothing matches.

A file's row also keeps its ``stat`` (size, mtime, ctime, inode, device) from
when it was checked. The parent process compares that stamp with a fresh
``stat`` and, when equal, reuses the results without reading the file, as
Ruff does; otherwise a worker reads the file and compares a BLAKE2b hash of its
bytes (``content_key``), so a touched but unchanged file is still a hit. A
file modified less than ``RACY_NS`` before it was stamped gets no stamp (its
clock may not have ticked since: think FAT's 2-second mtimes), so it is hashed
next time. Catalog batches and stdin are found by content key alone.

An entry's key hashes the rule configuration's digest, the input's display path
(marked for a file named rather than met while walking: ``entry_name``), its
kind and its bytes (``content_key``). Results are stored as marshalled
tuples of their fields, twice as fast to read back as pickled dataclasses;
``LAYOUT`` (the field names, Python's version) is part of every entry's digest,
so a changed ``InputResult`` or ``Located`` never misreads one.

Writes are buffered and committed once per task. A damaged database is made
again, an unwritable one is skipped: the cache can make a run faster, never
fail it. ``clear`` only removes folders holding dklint's two markers, and only
dklint's files in them, so a mistyped ``--cache-dir`` cannot delete your files.

Each entry keeps when it was last used; a hit on an entry not used for
``TOUCH_AFTER`` seconds records the time again (a warm run writes almost
nothing). When the run is over, ``close`` keeps the database under the size
bound (config ``cache-max-mb``), dropping the least recently used entries.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import sys
import time
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Iterable

from dklint.base.resources import DEFAULT_CACHE_DIR, DEFAULT_CACHE_MAX_MB
from dklint.findings import InputResult, Located, LocatedFix
from dklint.run import cache_db

PROBES = 32  # lookups answered one query at a time before the run's whole index is read at once
TOUCH_AFTER = 86_400  # seconds: least recently used to the day, so a warm run rewrites no row used today
MB = 1024 * 1024


# -- keys, stamps and the stored form of results --------------------------------------------------

RACY_NS = 2_000_000_000


def content_key(digest: str, path: str, kind: str, parts: Iterable[bytes]) -> str:
    """The key of an entry: digest, display path, kind and the content's bytes."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"{digest}\x00{path}\x00{kind}\x00".encode("utf-8", "surrogatepass"))
    for part in parts:
        hasher.update(part)
    return hasher.hexdigest()


def entry_name(display: str, walked: bool) -> str:
    """The name a file's results are kept under: its display path, marked when the file was named.

    A walk skips a README that naming it checks, so the two results of one file differ; a path never holds
    a NUL character, so the mark cannot meet a real path.
    """
    return display if walked else display + "\x00named"


def stamp(status: os.stat_result) -> str:
    """What says a file is untouched since it was checked; "" (matches nothing) when too fresh to tell.

    Take it before reading the bytes: a write after that moment gets a later mtime, or a new ctime.
    """
    if time.time_ns() - status.st_mtime_ns < RACY_NS:
        return ""
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}:{status.st_dev}"


_RESULT_FIELDS = tuple(f.name for f in fields(InputResult))
_FINDING_FIELDS = tuple(f.name for f in fields(Located))
_FINDINGS_AT = _RESULT_FIELDS.index("findings")
_result_values = attrgetter(*(name for name in _RESULT_FIELDS if name != "findings"))
_finding_values = attrgetter(*_FINDING_FIELDS)
LAYOUT = hashlib.blake2b(repr((_RESULT_FIELDS, _FINDING_FIELDS, sys.version_info[:2])).encode(), digest_size=4).hexdigest()


_FIX_AT = _FINDING_FIELDS.index("fix")


def _finding_data(finding: Located) -> tuple:
    values = _finding_values(finding)
    if finding.fix is None:
        return values
    return (*values[:_FIX_AT], finding.fix.as_data(), *values[_FIX_AT + 1:])


def _finding(values: tuple) -> Located:
    if values[_FIX_AT] is None:
        return Located(*values)
    return Located(*values[:_FIX_AT], LocatedFix.from_data(values[_FIX_AT]), *values[_FIX_AT + 1:])


def dumps(results: list[InputResult]) -> bytes:
    return marshal.dumps([(_result_values(r), [_finding_data(f) for f in r.findings]) for r in results])


def loads(blob: bytes) -> list[InputResult] | None:
    try:
        return [InputResult(*head[:_FINDINGS_AT], [_finding(values) for values in findings] if findings else [],
                            *head[_FINDINGS_AT:])
                for head, findings in marshal.loads(blob)]
    except Exception:  # noqa: BLE001 - a damaged entry is simply a miss
        return None


def stored(results: list[InputResult]) -> bytes | None:
    try:
        return dumps(results)
    except ValueError:  # a value marshal cannot hold: that input is simply not cached
        return None


# -- the cache ------------------------------------------------------------------------------------

class ResultCache:
    """The cache of one rule configuration in one folder; picklable, each process opens its own connection."""

    def __init__(self, directory: str, digest: str, max_bytes: int = DEFAULT_CACHE_MAX_MB * MB) -> None:
        self.directory = directory
        self.digest = f"{digest}.{LAYOUT}"
        self.max_bytes = max_bytes
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._connection: sqlite3.Connection | None = None
        self._opened = False
        self._index: dict[str, tuple[str, bytes]] | None = None
        self._probes = 0
        self._files: list[tuple] = []
        self._entries: list[tuple] = []
        self._touched_files: list[tuple] = []
        self._touched_entries: list[tuple] = []

    def __getstate__(self) -> tuple[str, str, int]:
        return self.directory, self.digest, self.max_bytes

    def __setstate__(self, state: tuple[str, str, int]) -> None:
        self.directory, self.digest, self.max_bytes = state
        self._reset()

    def _db(self, create: bool = False) -> sqlite3.Connection | None:
        if self._pid != os.getpid():  # a forked worker: never touch the parent's connection
            self._reset()
        if self._connection is None and (create or not self._opened):
            self._opened = True
            self._connection = cache_db.connect(self.directory, create)
        return self._connection

    def _query(self, sql: str, parameters: tuple) -> list[tuple]:
        connection = self._db()
        if connection is None:
            return []
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            self._failed(error)
            return []

    def _failed(self, error: sqlite3.Error) -> None:
        self.disconnect()
        if cache_db.is_damage(error):  # made again by the next write (or the next run)
            cache_db.remove(self.directory)

    # The parent's fast path: a file whose stat has not changed.

    def lookup_file(self, path: str, display: str) -> list[InputResult] | None:
        """The stored results of a file if its stat stamp is unchanged; None sends it to a worker.

        ``display`` here and in the methods below is the file's ``entry_name``.
        """
        try:
            current = stamp(os.stat(path))
        except OSError:
            return None
        if not current:
            return None
        row = self._stored_file(display)
        if row is None or row[0] != current:
            return None
        self._touch_file(display, row[2])
        return loads(row[1])

    def _stored_file(self, display: str) -> tuple[str, bytes, int] | None:
        if self._index is None and self._probes >= PROBES:  # a big run: one query instead of thousands
            rows = self._query("SELECT display, stamp, results, used FROM files WHERE digest = ?", (self.digest,))
            self._index = {display: (stored, blob, used) for display, stored, blob, used in rows}
        if self._index is not None:
            return self._index.pop(display, None)
        self._probes += 1
        rows = self._query("SELECT stamp, results, used FROM files WHERE digest = ? AND display = ?",
                           (self.digest, display))
        return rows[0] if rows else None

    # When an entry was last used: recorded again only when a day old (see TOUCH_AFTER).

    def _touch_file(self, display: str, used: int) -> None:
        now = int(time.time())
        if now - used >= TOUCH_AFTER:
            self._touched_files.append((now, self.digest, display))

    def _touch_entry(self, key: str, used: int) -> None:
        now = int(time.time())
        if now - used >= TOUCH_AFTER:
            self._touched_entries.append((now, key))

    # A worker's path: by the hash of the bytes.

    def get_file(self, display: str, key: str) -> list[InputResult] | None:
        rows = self._query("SELECT results, used FROM files WHERE digest = ? AND display = ? AND key = ?",
                           (self.digest, display, key))
        if not rows:
            return None
        self._touch_file(display, rows[0][1])
        return loads(rows[0][0])

    def put_file(self, display: str, key: str, stamped: str, results: list[InputResult]) -> None:
        """Store a file's results under its content key and its ``stamp`` (taken before its bytes were read)."""
        blob = stored(results)
        if blob is not None:
            self._files.append((self.digest, display, stamped, key, blob, int(time.time())))

    def get(self, key: str) -> list[InputResult] | None:
        rows = self._query("SELECT results, used FROM entries WHERE key = ?", (key,))
        if not rows:
            return None
        self._touch_entry(key, rows[0][1])
        return loads(rows[0][0])

    def put(self, key: str, results: list[InputResult]) -> None:
        blob = stored(results)
        if blob is not None:
            self._entries.append((key, blob, int(time.time())))

    def flush(self) -> None:
        """Commit the buffered writes in one transaction; a cache that cannot be written is skipped."""
        files, entries, self._files, self._entries = self._files, self._entries, [], []
        touched_files, touched_entries, self._touched_files, self._touched_entries = (
            self._touched_files, self._touched_entries, [], [])
        if not (files or entries or touched_files or touched_entries):
            return
        connection = self._db(create=True)
        if connection is None:
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", files)
            connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", entries)
            connection.executemany("UPDATE files SET used = ? WHERE digest = ? AND display = ?", touched_files)
            connection.executemany("UPDATE entries SET used = ? WHERE key = ?", touched_entries)
            connection.execute("COMMIT")
        except sqlite3.Error as error:  # busy past the timeout, read-only, full disk, damaged
            self._failed(error)  # closing the connection rolls back what was begun

    def prepare(self) -> None:
        """Make the database now, in this process, before workers that write to it start.

        Two workers making it at once could both try to switch it to WAL; the loser's
        writes would be skipped for that task (a miss on the next run, not an error).
        """
        self._db(create=True)
        self.disconnect()

    def disconnect(self) -> None:
        """Close this process's connection (before a fork, after an error); the next use reopens it."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection, self._opened = None, False

    def close(self) -> None:
        """The run is over: record the hits, keep the size bound, close, forget the index read for the run."""
        self.flush()
        self.disconnect()
        cache_db.shrink(self.directory, self.max_bytes)
        self._index, self._probes = None, 0


def open_cache(recipe, directory: str | os.PathLike[str] = DEFAULT_CACHE_DIR,
               max_bytes: int = DEFAULT_CACHE_MAX_MB * MB) -> ResultCache:
    """The cache for this recipe's rules and configuration (reads the rule files, compiles none)."""
    return ResultCache(str(Path(directory).absolute()), recipe.digest(), max_bytes)
