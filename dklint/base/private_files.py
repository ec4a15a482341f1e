"""Files of the user's cache folder that nobody but this user can have written.

dklint reads two caches back at start-up: the start-up store and the tables of
its Lark grammars. Both hold plain data written with ``marshal`` (strings,
numbers, lists, dicts, tuples), which, unlike a pickle, cannot run code when it
is loaded. On top of that, a cache is only read from, or written to, a folder
that belongs to this user and that neither group nor others may write to
(dklint makes it ``0o700``), and only a regular file of that folder that belongs
to this user and that nobody else may write to is read. A folder or file that
fails a check is taken as missing, without a word: the cache is a shortcut, and
dklint runs the same without it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dklint.base.atomic import TEMPORARIES

MAX_BYTES = 64 * 1024 * 1024  # far above any cache dklint writes; a planted giant is not read
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
_POSIX = hasattr(os, "geteuid") and os.open in os.supports_dir_fd


def owned_by_me(status: os.stat_result) -> bool:
    """This user's, and writable by nobody else (where the platform has owners at all)."""
    if not _POSIX:
        return True
    return status.st_uid == os.geteuid() and not status.st_mode & _OTHERS_WRITE


def _open_folder(folder: Path) -> int | None:
    """A descriptor of ``folder`` when it is a private folder of this user, else None."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    status = os.fstat(handle)
    if stat.S_ISDIR(status.st_mode) and owned_by_me(status):
        return handle
    os.close(handle)
    return None


def read_private(path: Path) -> bytes | None:
    """The bytes of ``path``, or None when it is missing, unreadable or not safely this user's own."""
    if not _POSIX:
        try:
            return path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
        except OSError:
            return None
    folder = _open_folder(path.parent)
    if folder is None:
        return None
    try:
        handle = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(handle)
        if not (stat.S_ISREG(status.st_mode) and owned_by_me(status)) or status.st_size > MAX_BYTES:
            return None
        try:
            return stream.read(MAX_BYTES + 1)
        except OSError:
            return None


def make_private_folder(folder: Path) -> bool:
    """Create ``folder`` (``0o700``) when it is missing; True when it exists and is safely this user's own."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:  # a read-only home, a file in the way: run without the cache
        return False
    handle = _open_folder(folder) if _POSIX else 0
    if handle is None:
        return False
    if _POSIX:
        os.close(handle)
    return True


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (mode ``0o600``) when its folder is private; quietly nothing otherwise.

    The bytes go to a temporary file of the same folder first, renamed over ``path``:
    parallel runs each read a whole file.
    """
    if not make_private_folder(path.parent):
        return
    import tempfile  # only when the store changed: a warm start writes nothing

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    TEMPORARIES.add(temporary)  # removed if a signal stops the run while it is written
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only or full disk: the run goes on without the file
    finally:
        TEMPORARIES.discard(temporary)  # removes the temporary file; after the rename there is none
