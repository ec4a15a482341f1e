"""How a task is run: each work item read (when it is a file), checked, and answered by the cache.

The same ``run_items`` runs a task in a pool process, in a Dask task and, for a
small run, in the parent (see ``dklint.run.pool``). With a ``ResultCache`` a
file's bytes are hashed and its stored results returned instead of parsing on a
hit; writes are committed once per task. A crash while checking one input
becomes DK009 on that input, and the task goes on. (How inputs are grouped into
tasks is ``dklint.run.tasks``.)
"""

from __future__ import annotations

from typing import Iterator

from dklint.engine.check import check_source, crashed_input, failed_input
from dklint.engine.checker import Checker
from dklint.engine.records import check_unit
from dklint.engine.walked import check_walked, skipped_input
from dklint.findings import InputResult
from dklint.inputs.discover import FileInput, Skipped
from dklint.inputs.read import ReadFailure, read_bytes, source_from_bytes
from dklint.run.cache import ResultCache, content_key, entry_name, stamp
from dklint.run.tasks import ReadWalked, RecordBatch
from dklint.source import Source


def run_task(checker: Checker, cache: ResultCache | None, task: list) -> list[InputResult]:
    return [result for results in run_items(checker, cache, task) for result in results]


def run_items(checker: Checker, cache: ResultCache | None, task: list) -> list[list[InputResult]]:
    """The results of each work item of a task; the cache's writes are committed once, at the end."""
    try:
        return [run_work(checker, cache, work) for work in task]
    finally:
        if cache is not None:
            cache.flush()


def run_work(checker: Checker, cache: ResultCache | None, work) -> list[InputResult]:
    """The results of one work item, from the cache when it has them; a crash is DK009 on that input."""
    try:
        return _run_work(checker, cache, work)
    except Exception as error:  # noqa: BLE001 - one input's bug must not end a catalog run
        return [crashed_input(checker, work_path(work), error)]


def work_path(work) -> str:
    """The file or catalog a work item is about."""
    work = getattr(work, "source", work)
    return getattr(work, "display", None) or getattr(work, "path", None) or "<input>"


def _run_work(checker: Checker, cache: ResultCache | None, work) -> list[InputResult]:
    if isinstance(work, ReadFailure):
        return [failed_input(checker, work)]
    if isinstance(work, Skipped):
        return [skipped_input(work.path, work.reason)]
    if isinstance(work, ReadWalked):
        return [check_walked(checker, work.source)]
    if isinstance(work, FileInput):
        return _run_file(checker, cache, work)
    if isinstance(work, RecordBatch):
        if cache is None:
            return [check_unit(checker, unit) for unit in work.units]
        key = content_key(cache.digest, work.path, "records", _batch_bytes(work))
        return _cached(cache, key, lambda: [check_unit(checker, unit) for unit in work.units])
    if cache is None:
        return [check_source(checker, work)]
    key = content_key(cache.digest, work.path, work.kind, [work.text.encode("utf-8", "surrogatepass")])
    return _cached(cache, key, lambda: [check_source(checker, work)])


def _cached(cache: ResultCache, key: str, compute) -> list[InputResult]:
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.put(key, found)
    return found


def _batch_bytes(batch: RecordBatch) -> Iterator[bytes]:
    # repr covers every field of every record (line numbers included: findings hold them)
    for unit in batch.units:
        yield repr(unit).encode("utf-8", "surrogatepass")


def _checked(checker: Checker, source: Source | ReadFailure) -> InputResult:
    if isinstance(source, ReadFailure):
        return failed_input(checker, source)
    return check_source(checker, source)


def _check_file(item: FileInput):
    """How a file's read Source (or ReadFailure) is checked: a walked one only if it reads as an input."""
    return check_walked if item.walked else _checked


def _run_file(checker: Checker, cache: ResultCache | None, item: FileInput) -> list[InputResult]:
    check = _check_file(item)
    read = read_bytes(item.path, item.display, item.max_bytes)
    if isinstance(read, ReadFailure):
        return [check(checker, read)]
    data, status = read
    if cache is None or status is None:  # no cache, or a pipe or device: nothing to stamp or to find again
        return [check(checker, source_from_bytes(data, item.display, item.max_bytes))]
    stamped = stamp(status)  # the file read, stamped before its bytes were read
    name = entry_name(item.display, item.walked)
    key = content_key(cache.digest, name, "file", [data])
    found = cache.get_file(name, key)
    if found is None:
        found = [check(checker, source_from_bytes(data, item.display, item.max_bytes))]
    cache.put_file(name, key, stamped, found)  # a hit too: its stamp is new (a fresh checkout)
    return found
