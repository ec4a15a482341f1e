"""Check many inputs on every core, streaming, in a deterministic order.

``iter_results_parallel`` takes the inputs lazily (files to read, Sources,
read failures), groups them into tasks of about ``chunk_size`` inputs (a
catalog is split into batches of records in this process, the records checked
in the workers), and yields one ``InputResult`` per input or record in input
order, whichever worker finishes first. At most ``jobs * IN_FLIGHT`` tasks are
queued at any time, so memory does not grow with the number of inputs. The pool
lives in ``dklint.run.workers``, imported only when a run starts one: a run
checked in this process (one task's worth of inputs, ``--jobs 1``, or a pre-commit
hook's few files) never imports ``concurrent.futures`` or ``multiprocessing``.

Each worker has its Checker once (built here and inherited through fork, or
built from the picklable ``CheckerRecipe`` where there is no fork), and reads
its own files (paths travel to workers, not texts). ``jobs <= 1``, or a
run with fewer inputs than one task, runs in this process without a pool.
Ctrl-C terminates the workers (they ignore SIGINT themselves, so the terminal
does not fill with one traceback per worker).

A worker that dies (killed, or by the OOM killer) never hangs the run: the
tasks it broke are run again, each in a worker of its own (``Workers.alone``),
and the inputs of a task that kills its worker a second time are reported as not
checked (DK009 with ``findings.LOST``; the command line exits 2); the run goes
on in a new pool.

With a result cache this process first asks it about each file (one ``stat``,
see ``dklint.run.cache``): an answered file never travels to a worker, and a run
the cache answers entirely starts no pool at all.
"""

from __future__ import annotations

import os
from itertools import chain, islice
from typing import Iterable, Iterator

from dklint.engine.recipe import CheckerRecipe
from dklint.findings import InputResult
from dklint.run.answered import answered, merged, to_compute
from dklint.run.cache import ResultCache
from dklint.run.tasks import Item, iter_tasks

DEFAULT_CHUNK = 128


def default_jobs() -> int:
    """The CPUs this process may run on (respects taskset and cgroup CPU sets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _run_here(recipe: CheckerRecipe, cache: ResultCache | None, work: list) -> list[list[InputResult]]:
    # Imported here: a run the result cache answers whole never needs the engine (parsers, rules, model).
    from dklint.run.running import run_items

    return run_items(recipe.build(), cache, work)


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
    items = answered(sources, cache) if cache is not None else sources
    tasks = iter_tasks(items, chunk_size, max_record_bytes or recipe.record_limit())
    try:
        head = list(islice(tasks, 2))
        if jobs <= 1 or len(head) < 2:  # one task's worth of work: a pool would cost more than it saves
            for task in chain(head, tasks):
                work = to_compute(task)  # the Checker is built (rules compiled) only once there is work for it
                yield from merged(task, _run_here(recipe, cache, work) if work else [])
        else:
            from dklint.run.workers import pooled  # here: a run without a pool never imports multiprocessing

            yield from pooled(recipe, cache, chain(head, tasks), jobs)
    finally:
        if cache is not None:
            cache.close()
