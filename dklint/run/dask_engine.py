"""Run dklint on a Dask cluster (the optional extra ``dask``: ``pip install 'dask[distributed]'``).

Two entry points:

* ``lint_bag(products, recipe)``: a ``dask.bag`` of products in, a bag of
  finding dicts out (the JSON report's finding objects). A product is a spec
  as a dict, label text as a string, a ``{"id": ..., "label_text": ...}``
  dict, or an ``(id, text_or_spec)`` pair.
* ``iter_results_dask(recipe, sources, scheduler_address)``: what
  ``dklint check --engine dask --scheduler ADDRESS`` runs; the same results, in
  the same order, as a local run. Catalogs are split into batches of records in
  this process; files are read here too (workers need not share a filesystem).

Workers rebuild the Checker from the picklable recipe once per process (the
recipe's build is cached), never per product. See docs/dask.md.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from typing import Any, Iterable, Iterator

from dklint.base.shown import well_formed
from dklint.engine.check import check_source
from dklint.engine.recipe import CheckerRecipe
from dklint.findings import InputResult
from dklint.inputs.catalog import is_catalog, is_label_record
from dklint.inputs.discover import FileInput
from dklint.inputs.read import read_source
from dklint.run.running import run_task
from dklint.run.tasks import Item, ReadWalked, iter_tasks
from dklint.source import Source

DEFAULT_CHUNK = 256


def product_source(product: Any) -> Source:
    """The Source for one product of a bag; its id names it in findings, else a hash of its text."""
    product_id, body = product if isinstance(product, tuple) else (None, product)
    if is_label_record(body):
        product_id, body = product_id or body.get("id"), body["label_text"]
    if isinstance(body, dict):
        product_id = product_id or (body.get("id") if isinstance(body.get("id"), str) else None)
        text, kind = json.dumps(body, ensure_ascii=False), "spec"
    else:
        text, kind = str(body), "label"
    name = well_formed(str(product_id)) if product_id is not None else f"<product {_short_hash(text)}>"
    return Source(path=name, text=text, kind=kind, record_id=name)


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def _lint_partition(products: Iterable[Any], recipe: CheckerRecipe) -> list[dict[str, Any]]:
    from dklint.report.json_report import finding_dict

    checker = recipe.build()  # cached per worker process
    found = []
    for product in products:
        result = check_source(checker, product_source(product))
        found.extend(finding_dict(f) for f in result.findings)
    return found


def lint_bag(products, recipe: CheckerRecipe):
    """A bag of finding dicts (``code``, ``severity``, ``message``, ``product_id``, ``location``...)."""
    return products.map_partitions(_lint_partition, recipe)


def _remote_task(recipe: CheckerRecipe, task: list) -> list[InputResult]:
    return run_task(recipe.build(), None, task)


def _shippable(sources: Iterable[Item]) -> Iterator[Item]:
    """Files are read here: a remote worker may not see this machine's files. Catalogs stay lazy."""
    for item in sources:
        if isinstance(item, FileInput) and not is_catalog(item.path):
            read = read_source(item.path, item.display, item.max_bytes)
            yield ReadWalked(read) if item.walked else read
        else:
            yield item


class SchedulerError(Exception):
    """The Dask cluster cannot be used: dask is not installed, or the scheduler's address is wrong or unreachable."""


def connect(scheduler_address: str | None = None):
    """A Dask client of the scheduler at ``scheduler_address`` (None: a local cluster); SchedulerError if none."""
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError("--engine dask needs Dask: pip install 'dask[distributed]'") from None
    where = f"the Dask scheduler at {scheduler_address}" if scheduler_address else "a local Dask cluster"
    try:
        return Client(scheduler_address)
    except (OSError, ValueError, TypeError) as error:  # timeout, refused, unknown scheme, malformed address
        raise SchedulerError(f"cannot reach {where}: {error}") from None


def iter_results_dask(recipe: CheckerRecipe, sources: Iterable[Item], scheduler_address: str | None = None, *,
                      client=None, chunk_size: int = DEFAULT_CHUNK, in_flight: int | None = None) -> Iterator[InputResult]:
    """Results in input order, computed on the cluster at ``scheduler_address`` (or an existing ``client``)."""
    own = client is None
    client = connect(scheduler_address) if own else client
    pending: deque = deque()
    try:
        limit = in_flight or 2 * max(1, sum(client.nthreads().values()))
        record_limit = recipe.record_limit()  # the parent needs the limit, not compiled rules
        for task in iter_tasks(_shippable(sources), chunk_size, record_limit):
            pending.append(client.submit(_remote_task, recipe, task, pure=False))
            if len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        if pending:  # the consumer stopped early (or Ctrl-C): do not leave work queued on the cluster
            client.cancel(list(pending))
        if own:
            client.close()
