"""Writes that cannot hurt: what dklint writes (reports, baselines, docs pages) never damages what was there.

Where a write goes depends on what the path names, checked when the write starts:

* ``-`` (or no path): stdout.
* a character device or a FIFO (after links): written in place, never created,
  truncated or replaced; ``-o /dev/null`` leaves ``/dev/null`` a device.
* one of the process's own streams (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``,
  ``/proc/self/fd/N``; a shell's ``>(...)`` is ``/dev/fd/63``): written in place too,
  appended to when it is a regular file (the shell's ``>`` emptied it, ``>>`` keeps it).
* a symbolic link: its target is written (as below), and the link stays.
* a regular file, or nothing yet: a temporary file beside it (``.NAME.XXXX.tmp``)
  renamed over it only when the whole write succeeded, so a reader never sees half
  a SARIF file; a file that was there keeps its permissions.
* anything else (a folder, a block device, a socket): refused.

A write that fails (no permission, a missing or read-only folder, a full disk)
raises ``CannotWrite`` with ``cannot write PATH: reason``, after the temporary
file is removed and the old file is left as it was. ``check_writable`` says the
same before a run starts. Temporary files are also removed when SIGTERM, SIGINT
or SIGHUP arrives while they exist, before the signal does what it did before
(stop the process, or raise ``KeyboardInterrupt``).
"""

from __future__ import annotations

import os
import re
import signal
import stat
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, TextIO

STDOUT = "-"
# A process's own streams: what they name is the shell's business, never a file to replace.
STREAM_PATH = re.compile(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/(?:self|\d+)/fd/\d+")
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


class CannotWrite(Exception):
    """A write that failed or would fail; the message is ``cannot write PATH: reason``."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"cannot write {os.fspath(path)}: {reason}")
        self.path, self.reason = os.fspath(path), reason


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


# -- what a path names ----------------------------------------------------------------------------

def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    return path is None or os.fspath(path) == STDOUT


def is_stream_path(path: str | os.PathLike[str]) -> bool:
    return STREAM_PATH.fullmatch(os.path.abspath(os.fspath(path))) is not None


def writes_in_place(path: str | os.PathLike[str]) -> bool:
    """True for a character device or FIFO (after links), or one of the process's own streams."""
    if is_stream_path(path):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def replaced_file(path: str | os.PathLike[str]) -> Path:
    """The regular file a write to ``path`` replaces: ``path``, or the target of the links it is."""
    return Path(os.path.realpath(os.fspath(path)))


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise ``CannotWrite`` now if a write to ``path`` would fail for a reason known before it starts.

    Makes a missing folder (as the write would) and a temporary file in it, then
    removes the file: that catches permissions, read-only and missing folders.
    """
    if is_stdout(path):
        return
    if writes_in_place(path):
        if not os.path.exists(path):
            raise CannotWrite(path, "no such device")
        if not os.access(path, os.W_OK):
            raise CannotWrite(path, "permission denied")
        return
    target = replaced_file(path)
    _refuse_special(path, target)
    with _temporary_beside(path, target) as (handle, temporary):
        os.close(handle)


def _refuse_special(path: str | os.PathLike[str], target: Path) -> None:
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise CannotWrite(path, _reason(error)) from None
    if stat.S_ISDIR(mode):
        raise CannotWrite(path, "it is a folder")
    if not stat.S_ISREG(mode):
        raise CannotWrite(path, "not a regular file, character device or FIFO")


# -- temporary files, removed on errors and on signals --------------------------------------------

class _Temporaries:
    """The temporary files this process has open, and the signal handlers that remove them.

    The handlers are installed with the first temporary file (main thread only) and
    chain to whatever handled the signal before. A forked worker inherits them but
    owns none of the files: it only passes the signal on.
    """

    def __init__(self) -> None:
        self.paths: dict[str, int] = {}  # path -> the process that made it
        self.previous: dict[int, object] = {}

    def add(self, path: str) -> None:
        self.paths[path] = os.getpid()
        if not self.previous and threading.current_thread() is threading.main_thread():
            for number in SIGNALS:
                previous = signal.getsignal(number)
                if previous is not signal.SIG_IGN and previous is not None:
                    self.previous[number] = previous
                    signal.signal(number, self._handle)

    def discard(self, path: str) -> None:
        self.paths.pop(path, None)
        try:
            os.unlink(path)
        except OSError:
            pass

    def remove_all(self) -> None:
        """Remove the temporary files this process made (a forked worker made none of its parent's)."""
        me = os.getpid()
        for path, owner in list(self.paths.items()):
            if owner == me:
                self.discard(path)

    def _handle(self, number: int, frame) -> None:
        previous = self.previous.get(number, signal.SIG_DFL)
        if callable(previous):  # Python's own (KeyboardInterrupt) or another's: the files go only if it stops us
            try:
                previous(number, frame)
            except BaseException:
                self.remove_all()
                raise
            return
        self.remove_all()
        signal.signal(number, signal.SIG_DFL)  # the default: stop as the signal says
        os.kill(os.getpid(), number)


TEMPORARIES = _Temporaries()


@contextmanager
def _temporary_beside(path: str | os.PathLike[str], target: Path) -> Iterator[tuple[int, str]]:
    """A new temporary file in ``target``'s folder (made if missing), removed unless renamed away."""
    import tempfile  # with shutil and random, 2-3 ms a run that writes no file (a pre-commit hook) never spends

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise CannotWrite(path, _reason(error)) from None
    TEMPORARIES.add(temporary)
    try:
        yield handle, temporary
    finally:
        TEMPORARIES.discard(temporary)  # after a rename this removes nothing


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _open_stream(handle: int, binary: bool) -> IO:
    """A stream over ``handle``; tests replace it with one that fails (a full disk)."""
    if binary:
        return os.fdopen(handle, "wb")
    return os.fdopen(handle, "w", encoding="utf-8", newline="\n")


# -- the writes -----------------------------------------------------------------------------------

@contextmanager
def output_stream(path: str | os.PathLike[str] | None, binary: bool = False) -> Iterator[IO]:
    """A stream to write ``path`` through, as the module docstring says; raises ``CannotWrite``."""
    if is_stdout(path):
        yield sys.stdout.buffer if binary else sys.stdout
        return
    opener = _in_place if writes_in_place(path) else _replacing
    with opener(path, binary) as stream:
        yield stream


@contextmanager
def _in_place(path: str | os.PathLike[str], binary: bool) -> Iterator[IO]:
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | (os.O_APPEND if is_stream_path(path) else 0)
    try:
        handle = os.open(path, flags)  # no O_CREAT, no O_TRUNC: the device or FIFO stays what it is
    except OSError as error:
        raise CannotWrite(path, _reason(error)) from None
    try:
        if stat.S_ISREG(os.fstat(handle).st_mode) and not is_stream_path(path):
            raise CannotWrite(path, "it became a regular file while being opened")
        stream = _open_stream(handle, binary)
    except BaseException:
        os.close(handle)
        raise
    try:
        with stream:
            yield stream
    except OSError as error:
        raise CannotWrite(path, _reason(error)) from None


@contextmanager
def _replacing(path: str | os.PathLike[str], binary: bool) -> Iterator[IO]:
    target = replaced_file(path)
    _refuse_special(path, target)
    with _temporary_beside(path, target) as (handle, temporary):
        try:
            stream = _open_stream(handle, binary)
        except BaseException:
            os.close(handle)
            raise
        try:
            with stream:
                yield stream
            os.chmod(temporary, _mode_of(target))
            os.replace(temporary, target)
        except OSError as error:
            raise CannotWrite(path, _reason(error)) from None


def _mode_of(target: Path) -> int:
    """The permissions of the file being replaced; a new file gets 0666 less the umask (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


@contextmanager
def atomic_text_file(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text stream to ``path`` (UTF-8, ``\\n`` lines) that replaces it only if the block succeeds."""
    with output_stream(path) as stream:
        yield stream

