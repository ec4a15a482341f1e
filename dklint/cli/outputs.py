"""The files a run writes (its reports and its baseline), checked before any input is read.

A run never writes over one of its own inputs: a file named on the command line,
a config file or the ``--baseline`` it reads, or a file that a folder it walks
would give it. Such an output is refused with exit 2 and a message naming both.
Two exceptions: ``--write-baseline`` may name the ``--baseline`` it updates (read
whole before the run), and in a walked folder a report or baseline that dklint
wrote there before (or an empty file) may be written again: the walk leaves this
run's outputs out (``dklint.cli.plans.own_files``), so it is no input.

Then every output must be writable (``dklint.base.atomic.check_writable``): a
missing folder that cannot be made, a read-only one, no permission, is
``cannot write PATH: reason`` and exit 2 now, not after a long run.

The result cache's folder is checked too: a folder dklint did not make, and
that is not empty, is never written into (``dklint.run.cache_folder``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from dklint.base.atomic import check_writable, is_stdout
from dklint.cli.options import CheckOptions, OptionError, Output
from dklint.cli.plans import Plan, cache_dir
from dklint.inputs.discover import walk_finds
from dklint.report import looks_like_report
from dklint.run.baseline import looks_like_baseline
from dklint.run.cache_folder import NotACache

SNIFF_BYTES = 16 * 1024  # read from each end of a file to tell one of dklint's reports


@dataclass(frozen=True)
class Destination:
    """One file the run writes: what it is ("the sarif report", "the baseline") and where."""

    what: str
    path: Path


def destinations(reports: list[Output], options: CheckOptions) -> list[Destination]:
    """The run's outputs that are files (stdout is none)."""
    found = [Destination(f"the {output.format} report", output.path) for output in reports if output.path is not None]
    if options.write_baseline is not None and not is_stdout(options.write_baseline):
        found.append(Destination("the baseline", options.write_baseline))
    return found


def check_destinations(reports: list[Output], options: CheckOptions, plans: list[Plan]) -> None:
    """Raise ``OptionError`` for an output that is also an input, ``CannotWrite`` for one that cannot be written."""
    files = destinations(reports, options)
    _refuse_shared(files)
    for destination in files:
        clash = _input_at(destination.path, options, plans)
        if clash is not None:
            raise OptionError(f"{destination.what} {destination.path} is also an input of this run ({clash}): "
                              "write it elsewhere")
    for destination in files:
        check_writable(destination.path)
    for folder in {cache_dir(plan, options) for plan in plans} - {None}:
        from dklint.run.cache_db import check_folder  # sqlite3: only a run with a cache needs it

        try:
            check_folder(folder)
        except NotACache as error:
            raise OptionError(f"cannot use {folder} as the result cache: {error.reason}; name a new or empty "
                              "folder (--cache-dir, config cache-dir) or run with --no-cache") from None


def _refuse_shared(files: list[Destination]) -> None:
    seen: dict[Path, Destination] = {}
    for destination in files:
        key = Path(os.path.realpath(destination.path))
        if key in seen:
            raise OptionError(f"{seen[key].what} and {destination.what} would both be written to {destination.path}")
        seen[key] = destination


def _input_at(path: Path, options: CheckOptions, plans: list[Plan]) -> str | None:
    """The input of the run that ``path`` would overwrite, as the user named it; None when there is none."""
    try:
        status = os.stat(os.path.realpath(path))  # the file the write replaces ("sub/../x" is x, as for the writer)
    except OSError:
        return None  # nothing there yet: nothing to lose
    if stat.S_ISCHR(status.st_mode):
        return None  # a device is written, never replaced (-o /dev/null with /dev/null as an input harms nothing)
    named = [(str(p), "") for plan in plans for p in plan.paths if str(p) != "-" and not p.is_dir()]
    named += [(str(config), ", the config file") for plan in plans for config in plan.settings.config_files]
    if options.baseline is not None and options.baseline != options.write_baseline:
        named.append((str(options.baseline), ", the baseline read"))
    for name, role in named:
        if _same_file(status, name):
            return name + role
    if not stat.S_ISREG(status.st_mode):
        return None  # a FIFO is not read here (it could block); written in place, it loses nothing
    for plan in plans:
        for folder in (p for p in plan.paths if str(p) != "-" and p.is_dir()):
            if walk_finds(folder, path, plan.settings.filters) and not _written_by_dklint(path):
                return f"found in the folder {folder}"
    return None


def _same_file(status: os.stat_result, other: str) -> bool:
    try:
        theirs = os.stat(other)
    except OSError:
        return False
    return (status.st_dev, status.st_ino) == (theirs.st_dev, theirs.st_ino)


def _written_by_dklint(path: Path) -> bool:
    """An empty file, or a report or baseline dklint wrote: overwriting it loses nothing of the user's."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF_BYTES)
            size = os.fstat(stream.fileno()).st_size
            if size > SNIFF_BYTES:
                stream.seek(max(size - SNIFF_BYTES, SNIFF_BYTES))
            tail = stream.read(SNIFF_BYTES) if size > SNIFF_BYTES else head
    except OSError:
        return False
    if not head.strip():
        return True
    first, last = head.decode("utf-8", "replace"), tail.decode("utf-8", "replace")
    return looks_like_report(first, last) or looks_like_baseline(first)
