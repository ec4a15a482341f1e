"""Signals that stop a run (SIGINT from Ctrl-C, SIGTERM, SIGHUP): one line, exit 2, everything cleaned up.

Each becomes ``Interrupted``, raised wherever the main thread is: every ``finally`` and ``except
BaseException`` on the way out runs (the pool kills its workers, a report's temporary file goes) and nothing
catches it as an error. It is not KeyboardInterrupt, which click answers with "Aborted!" and exit 1; and
SIGTERM and SIGHUP would otherwise end the process before any cleanup.

Python swallows an exception raised while it runs a finaliser (a generator closed by the garbage collector,
a ``__del__``): it prints "Exception ignored" and goes on. So a signal is also remembered, ``until_stopped``
raises it again at the next result, ``raise_if_stopped`` at the end, and a swallowed one is not printed;
nor, once a signal has stopped the run, the error of a race inside the killed pool's exit hook.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Iterable, Iterator, TypeVar

STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
T = TypeVar("T")
_received: list[int] = []  # the signals that arrived, first first


class Interrupted(BaseException):
    """A stopping signal arrived; ``str`` is its name (``SIGTERM``)."""

    def __init__(self, number: int) -> None:
        super().__init__(signal.Signals(number).name)
        self.number = number


def _interrupt(number: int, frame) -> None:
    if os.getpid() != _OWNER[0]:
        _as_a_worker(number)
        return
    _received.append(number)
    raise Interrupted(number)


# The process that installed the handlers. A pool worker is forked with them, and a signal may reach it
# before its initializer resets them (the pool's own SIGTERM to its workers when another died, say):
# raising there would print an "Exception in initializer" traceback. A worker does what the worker's own
# handlers would: ignore SIGINT (the parent acts on Ctrl-C), and stop at once on the others.
_OWNER = [os.getpid()]


def _as_a_worker(number: int) -> None:
    if number == signal.SIGINT:
        return
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)


def _quiet_about_interrupted(previous):
    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, Interrupted):  # raised again at the next result: not news
            return
        if _received and isinstance(unraisable.exc_value, OSError) and _in_pool_shutdown(unraisable.exc_traceback):
            return  # the killed pool's own exit hook, racing its thread (below): the run is ending anyway
        previous(unraisable)

    return hook


# After a signal the workers are killed and their pool is shut down without waiting. At exit,
# concurrent.futures wakes each pool's manager thread, and on a busy machine that thread may close its
# wake-up pipe between the hook's "is it closed?" and its write (Python 3.11): an OSError that Python
# prints as "Exception ignored" with a traceback, after the run has said its one line.
_POOL_MODULE = ("concurrent", "futures", "process.py")


def _in_pool_shutdown(trace) -> bool:
    while trace is not None:
        if tuple(trace.tb_frame.f_code.co_filename.replace("\\", "/").split("/")[-3:]) == _POOL_MODULE:
            return True
        trace = trace.tb_next
    return False


def catch_stopping_signals() -> None:
    """Turn the stopping signals into ``Interrupted`` in this process (a forked worker resets them)."""
    _OWNER[0] = os.getpid()
    for number in STOPPING:
        if signal.getsignal(number) is not signal.SIG_IGN:  # `nohup dklint ...` keeps ignoring SIGHUP
            signal.signal(number, _interrupt)
    sys.unraisablehook = _quiet_about_interrupted(sys.unraisablehook)


def raise_if_stopped() -> None:
    if _received:
        raise Interrupted(_received[0])


def until_stopped(items: Iterable[T]) -> Iterator[T]:
    """``items``, raising ``Interrupted`` at the first one after a signal whose exception Python swallowed."""
    for item in items:
        raise_if_stopped()
        yield item
    raise_if_stopped()
