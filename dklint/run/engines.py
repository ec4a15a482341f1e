"""How ``dklint check`` computes results: in this process, on a process pool, or on Dask.

All three take the same inputs and yield the same results in the same order;
only where the work runs differs. The result cache (not with Dask, whose workers
are elsewhere) answers unchanged files in this process and the rest in the
workers, keyed on the recipe's digest and each file's stat or bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Iterator

from dklint.base.resources import DEFAULT_CACHE_MAX_MB
from dklint.base.shown import well_formed
from dklint.findings import InputResult
from dklint.inputs.discover import iter_file_inputs
from dklint.inputs.read import read_stdin
from dklint.run.pool import default_jobs, iter_results_parallel


def jobs_for(option: int | None, configured: int | str) -> int:
    """--jobs wins over config ``jobs``; "auto" (the default) is the usable CPUs."""
    if option is not None:
        return max(1, option)
    return default_jobs() if configured == "auto" else max(1, int(configured))


def items(paths: list[Path], filters_for, limit: int, stdin_filename: str | None, cwd: Path):
    """Inputs not yet read (workers read them), stdin read here.

    Consecutive named files are found in one pass, so that under force-exclude each folder on their way
    is judged once, however many files pre-commit names in it.
    """
    files: list[Path] = []
    for path in [*paths, None]:
        if path is not None and str(path) != "-" and not path.is_dir():
            files.append(path)
            continue
        if files:
            yield from iter_file_inputs(files, filters_for(files[0]), cwd, limit)
            files = []
        if path is None:
            return
        if str(path) == "-":
            yield read_stdin(sys.stdin.buffer, well_formed(stdin_filename or "<stdin>"), limit)
        else:
            yield from iter_file_inputs([path], filters_for(path), cwd, limit)


def compute(recipe, work: Iterable, *, engine: str, jobs: int, cache_dir: str | None,
            scheduler: str | None, cache_max_mb: int = DEFAULT_CACHE_MAX_MB, client=None) -> Iterator[InputResult]:
    """The results of ``work``; with the dask engine, on ``client`` when given (else one for ``scheduler``)."""
    if engine == "dask":  # workers elsewhere: this machine's cache folder is not theirs
        from dklint.run.dask_engine import iter_results_dask

        return iter_results_dask(recipe, work, scheduler, client=client)
    cache = None
    if cache_dir is not None:
        from dklint.run.cache import MB, open_cache

        cache = open_cache(recipe, cache_dir, cache_max_mb * MB)
    return iter_results_parallel(recipe, work, jobs, cache=cache)
