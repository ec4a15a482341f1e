"""The worker processes of a parallel run: a pool made at the first task the cache cannot answer.

Moved out of ``dklint.run.pool`` so that a run without a pool (one task's worth of work, ``--jobs 1``, or
every file answered by the result cache: a pre-commit hook's usual run) never imports ``concurrent.futures``
and ``multiprocessing``; ``iter_results_parallel`` imports this module only when it starts a pool.

At most ``jobs * IN_FLIGHT`` tasks are queued at any time, so memory does not grow with the number of
inputs. Each worker has its Checker once (built in the parent and inherited through fork, or built from the
picklable ``CheckerRecipe`` where there is no fork). Ctrl-C terminates the workers (they ignore SIGINT
themselves). A worker that dies never hangs the run: see ``Workers`` and ``_rerun_broken``.
"""

from __future__ import annotations

import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterator

from dklint.engine.check import lost_input
from dklint.engine.recipe import CheckerRecipe
from dklint.findings import InputResult
from dklint.run.answered import merged, to_compute
from dklint.run.cache import ResultCache
from dklint.run.running import run_items, work_path

IN_FLIGHT = 4  # tasks queued per worker: enough to keep every core busy, small enough to bound memory


_WORKER: dict[str, object] = {}


def _init_worker(recipe: CheckerRecipe, cache: ResultCache | None) -> None:
    # Ctrl-C reaches every process of the terminal's group: only the parent should act on it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM and SIGHUP stop a worker at once and quietly: the command line's handlers, inherited through
    # fork, would raise in it and print a traceback. The parent sees a stopped worker as one that died.
    for number in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)):
        signal.signal(number, signal.SIG_DFL)
    _WORKER["checker"] = recipe.build()
    _WORKER["cache"] = cache


def _work(task: list) -> list[list[InputResult]]:
    return run_items(_WORKER["checker"], _WORKER["cache"], task)


def _pool(recipe: CheckerRecipe, cache: ResultCache | None, jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    if cache is not None:
        cache.prepare()  # made before the workers write to it; no connection crosses the fork
    # fork: workers start in milliseconds and inherit the imported modules and the Checker built
    # here, once; elsewhere the platform's default start method is used and each worker builds it.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if method == "fork":
        recipe.build()
    # concurrent.futures, not multiprocessing.Pool: a worker that dies (the OOM killer's SIGKILL)
    # breaks the executor and fails its tasks' futures, where Pool waits forever for their results.
    return ProcessPoolExecutor(jobs, multiprocessing.get_context(method), _init_worker, (recipe, cache))


class Workers:
    """The worker processes of one run: the pool, made at the first task that needs it and made again
    after a worker died, and the single-worker pools that tell which task killed its worker."""

    def __init__(self, recipe: CheckerRecipe, cache: ResultCache | None, jobs: int) -> None:
        self.recipe, self.cache, self.jobs = recipe, cache, jobs
        self.pool: ProcessPoolExecutor | None = None
        self.live: list[ProcessPoolExecutor] = []  # every pool not shut down yet, to stop on a signal

    def submit(self, todo: list) -> Future:
        if self.pool is None:
            self.pool = self._start(self.jobs)
        try:
            return self.pool.submit(_work, todo)
        except BrokenProcessPool as broken:  # a worker died since the last task: rerun with the others
            future: Future = Future()
            future.set_exception(broken)
            return future

    def forget_pool(self) -> None:
        """The pool is broken (a worker died and the others were stopped): the next task makes a new one."""
        if self.pool is not None:
            self._stop(self.pool)
            self.pool = None

    def alone(self, todos: list[list]) -> list[list | None]:
        """Each task's results, run in a worker of its own (``jobs`` at a time); None where that worker died."""
        outcomes: list[list | None] = []
        for first in range(0, len(todos), self.jobs):
            started = [(executor, executor.submit(_work, todo))
                       for executor, todo in ((self._start(1), todo) for todo in todos[first:first + self.jobs])]
            for executor, future in started:
                try:
                    outcomes.append(self.wait(future))
                except BrokenProcessPool:
                    outcomes.append(None)
                self._stop(executor)
        return outcomes

    def wait(self, future: Future | _Done) -> list:
        """``future``'s result. While it is awaited, a pool with a dead worker is made to see it (see
        ``_unstick``): a worker killed halfway through sending a result would otherwise hang the run."""
        while True:
            try:
                return future.result(timeout=WATCH_SECONDS)
            except TimeoutError:
                for executor in self.live:
                    if any(process.exitcode is not None for process in _processes(executor)):
                        _unstick(executor)

    def lost(self, todo: list) -> list[list[InputResult]]:
        """Results for a task whose worker died twice: each input not checked."""
        checker = self.recipe.build()
        return [[lost_input(checker, work_path(work))] for work in todo]

    def close(self) -> None:
        while self.live:
            self.live.pop().shutdown(wait=True)

    def terminate(self) -> None:
        for executor in list(self.live):
            self._stop(executor, kill=True)

    def _start(self, size: int) -> ProcessPoolExecutor:
        executor = _pool(self.recipe, self.cache, size)
        self.live.append(executor)
        return executor

    def _stop(self, executor: ProcessPoolExecutor, kill: bool = False) -> None:
        processes = _processes(executor)
        if kill:
            _unstick(executor)
        executor.shutdown(wait=not kill, cancel_futures=True)
        for process in processes:
            process.join()
        self.live.remove(executor)


# Seconds between looks at the workers while a result is awaited; a result that comes sooner is taken at once.
WATCH_SECONDS = 1.0


def _processes(executor: ProcessPoolExecutor) -> list:
    # concurrent.futures has no public list of its workers (nor a way to stop them before Python 3.14);
    # the table is read before shutdown empties it.
    return list((getattr(executor, "_processes", None) or {}).values())


def _unstick(executor: ProcessPoolExecutor) -> None:
    """Kill the pool's workers and close this process's write end of the pipe they send results through.

    Only the workers write to that pipe, but this process holds a write end too (concurrent.futures,
    Python 3.11-3.13). A worker killed halfway through sending a result leaves half a message, and the
    executor's reader thread waits for the rest as long as any write end is open: the pool is never
    marked broken, and the run hangs (at exit too, where that thread is joined). With every worker dead
    and this end closed the reader meets the end of the pipe, and the pool breaks as it should.
    """
    for process in _processes(executor):
        process.kill()  # ours, holding nothing another process needs: no chance of a traceback
    for process in _processes(executor):
        process.join()
    writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()


class _Done:
    """Results known in this process (the cache answered, or a rerun after a worker died), queued in order."""

    def __init__(self, computed: list | None = None) -> None:
        self.computed = computed or []

    def result(self, timeout: float | None = None) -> list:
        return self.computed

    def exception(self) -> None:
        return None


def _oldest(pending: deque, workers: Workers) -> Iterator[InputResult]:
    task, future = pending[0]
    try:
        computed = workers.wait(future)
    except BrokenProcessPool:
        _rerun_broken(pending, workers)
        task, future = pending[0]
        computed = future.result()
    pending.popleft()
    return merged(task, computed)


def _rerun_broken(pending: deque, workers: Workers) -> None:
    """A worker died: every queued task it broke is run again, each alone, and its inputs are lost if
    it dies again. The tasks that finished keep their results."""
    workers.forget_pool()
    broken = [n for n, (_, future) in enumerate(pending) if isinstance(future.exception(), BrokenProcessPool)]
    reruns = workers.alone([to_compute(pending[n][0]) for n in broken])
    for n, computed in zip(broken, reruns):
        task = pending[n][0]
        pending[n] = (task, _Done(computed if computed is not None else workers.lost(to_compute(task))))


def pooled(recipe: CheckerRecipe, cache: ResultCache | None, tasks: Iterator[list], jobs: int) -> Iterator[InputResult]:
    workers = Workers(recipe, cache, jobs)  # the pool is made at the first task the cache cannot answer
    pending: deque = deque()
    try:
        for task in tasks:
            todo = to_compute(task)
            pending.append((task, workers.submit(todo) if todo else _Done()))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from _oldest(pending, workers)
        while pending:
            yield from _oldest(pending, workers)
    except BaseException:  # Ctrl-C, SIGTERM, a consumer that stopped reading
        workers.terminate()
        raise
    workers.close()
