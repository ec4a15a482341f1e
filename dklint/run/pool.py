"""Check many inputs on every core, streaming, in a deterministic order.

``iter_results_parallel`` takes the inputs lazily (files to read, Sources,
read failures), groups them into tasks of about ``chunk_size`` inputs (a
catalog is split into batches of records in this process, the records checked
in the workers), and yields one ``InputResult`` per input or record in input
order, whichever worker finishes first. At most ``jobs * IN_FLIGHT`` tasks are
queued at any time, so memory does not grow with the number of inputs.

Each worker has its Checker once (built here and inherited through fork, or
built from the picklable ``CheckerRecipe`` where there is no fork), and reads
its own files (paths travel to workers, not texts). ``jobs <= 1``, or a
run with fewer inputs than one task, runs in this process without a pool.
Ctrl-C terminates the workers (they ignore SIGINT themselves, so the terminal
does not fill with one traceback per worker).

With a result cache this process first asks it about each file (one ``stat``,
see ``dklint.run.cache``): an answered file never travels to a worker, and a run
the cache answers entirely starts no pool at all.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from dataclasses import dataclass
from itertools import chain, islice
from typing import Iterable, Iterator

from dklint.engine.recipe import CheckerRecipe
from dklint.findings import InputResult
from dklint.inputs.catalog import is_catalog
from dklint.inputs.discover import FileInput
from dklint.run.cache import ResultCache, entry_name
from dklint.run.tasks import Item, iter_tasks, run_items

DEFAULT_CHUNK = 128
IN_FLIGHT = 4  # tasks queued per worker: enough to keep every core busy, small enough to bound memory


def default_jobs() -> int:
    """The CPUs this process may run on (respects taskset and cgroup CPU sets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@dataclass(slots=True)  # not frozen: one per answered file, built 3x faster (see discover.Found)
class Answered:
    """An input the cache answered in this process (its stat is unchanged): no worker sees it."""

    results: list[InputResult]


def iter_results_parallel(recipe: CheckerRecipe, sources: Iterable[Item], jobs: int | None = None, *,
                          cache: ResultCache | None = None, chunk_size: int = DEFAULT_CHUNK,
                          max_record_bytes: int | None = None) -> Iterator[InputResult]:
    """Results for every input (and every record of every catalog), in input order.

    ``sources`` may mix ``FileInput`` (read by the worker), ``Source`` and
    ``ReadFailure``; ``jobs`` defaults to the usable CPUs; ``cache`` (see
    ``dklint.run.cache.open_cache``) skips inputs already checked under the same rules;
    ``max_record_bytes`` defaults to the recipe's ``limits.max-record-bytes``.
    """
    jobs = default_jobs() if jobs is None else jobs
    items = _answered(sources, cache) if cache is not None else sources
    tasks = iter_tasks(items, chunk_size, max_record_bytes or recipe.record_limit())
    try:
        head = list(islice(tasks, 2))
        if jobs <= 1 or len(head) < 2:  # one task's worth of work: a pool would cost more than it saves
            for task in chain(head, tasks):
                todo = _todo(task)  # the Checker is built (rules compiled) only once there is work for it
                yield from _merged(task, run_items(recipe.build(), cache, todo) if todo else [])
        else:
            yield from _pooled(recipe, cache, chain(head, tasks), jobs)
    finally:
        if cache is not None:
            cache.close()


def _answered(items: Iterable[Item], cache: ResultCache) -> Iterator[Item | Answered]:
    for item in items:
        if isinstance(item, FileInput) and not is_catalog(item.path):
            found = cache.lookup_file(item.path, entry_name(item.display, item.walked))
            if found is not None:
                yield Answered(found)
                continue
        yield item


def _todo(task: list) -> list:
    return [work for work in task if not isinstance(work, Answered)]


def _merged(task: list, computed: list[list[InputResult]]) -> Iterator[InputResult]:
    """The task's results in input order: answered ones from the cache, the others as computed."""
    outputs = iter(computed)
    for work in task:
        yield from work.results if isinstance(work, Answered) else next(outputs)


_WORKER: dict[str, object] = {}


def _init_worker(recipe: CheckerRecipe, cache: ResultCache | None) -> None:
    # Ctrl-C reaches every process of the terminal's group: only the parent should act on it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["checker"] = recipe.build()
    _WORKER["cache"] = cache


def _work(task: list) -> list[list[InputResult]]:
    return run_items(_WORKER["checker"], _WORKER["cache"], task)


def _pool(recipe: CheckerRecipe, cache: ResultCache | None, jobs: int):
    import multiprocessing

    if cache is not None:
        cache.prepare()  # made before the workers write to it; no connection crosses the fork
    # fork: workers start in milliseconds and inherit the imported modules and the Checker built
    # here, once; elsewhere the platform's default start method is used and each worker builds it.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if method == "fork":
        recipe.build()
    return multiprocessing.get_context(method).Pool(jobs, _init_worker, (recipe, cache))


class _Done:
    """A task the cache answered entirely, queued in order with the pool's tasks."""

    def get(self) -> list:
        return []


def _oldest(pending: deque) -> Iterator[InputResult]:
    task, future = pending.popleft()
    return _merged(task, future.get())


def _pooled(recipe: CheckerRecipe, cache: ResultCache | None, tasks: Iterator[list], jobs: int) -> Iterator[InputResult]:
    pool = None  # made at the first task the cache cannot answer: a warm run needs no workers
    pending: deque = deque()
    try:
        for task in tasks:
            todo = _todo(task)
            if todo and pool is None:
                pool = _pool(recipe, cache, jobs)
            pending.append((task, pool.apply_async(_work, (todo,)) if todo else _Done()))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from _oldest(pending)
        while pending:
            yield from _oldest(pending)
    except BaseException:  # Ctrl-C, a consumer that stopped reading, a worker's crash
        if pool is not None:
            pool.terminate()
            pool.join()
        raise
    if pool is not None:
        pool.close()
        pool.join()
