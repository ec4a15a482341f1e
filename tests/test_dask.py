"""The Dask engine gives the findings of a local run (on a real two-process LocalCluster)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'dklint[dask]')")
distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'dklint[dask]')")

from dklint.engine.recipe import CheckerRecipe  # noqa: E402
from dklint.inputs.discover import iter_file_inputs  # noqa: E402
from dklint.run.dask_engine import iter_results_dask, lint_bag, product_source  # noqa: E402
from dklint.run.pool import iter_results_parallel  # noqa: E402
from tests.test_catalog import spec  # noqa: E402

RECIPE = CheckerRecipe.create(select=("DK0", "DK1"))
LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%\n"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_a_catalog_on_the_cluster_gives_the_local_results(tmp_path, client):
    lines = [json.dumps(spec(f"P{i}", mcg=12.5 * (i % 11 + 1), k2=i % 5 == 0)) for i in range(300)]
    lines[17] = "{broken"
    (tmp_path / "catalog.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "one.json").write_text(json.dumps(spec("ONE")))
    (tmp_path / "label.txt").write_text(LABEL)
    local = list(iter_results_parallel(RECIPE, iter_file_inputs([tmp_path], root=tmp_path), 1))
    remote = list(iter_results_dask(RECIPE, iter_file_inputs([tmp_path], root=tmp_path), client=client, chunk_size=32))
    assert len(remote) == 302 and remote == local
    by_address = list(iter_results_dask(RECIPE, iter_file_inputs([tmp_path / "one.json"], root=tmp_path),
                                        client.scheduler.address))
    assert by_address == [r for r in local if r.path == "one.json"]
    assert [f.code for r in remote if r.path == "catalog.jsonl" and r.first_line == 18 for f in r.findings] == ["DK002"]


def test_lint_bag_finds_what_check_finds(client):
    import dask.bag

    products = [spec("A"), spec("B", mcg=10, k2=True), ("L-1", LABEL), {"id": "L-2", "label_text": LABEL}, LABEL]
    found = lint_bag(dask.bag.from_sequence(products, npartitions=2), RECIPE).compute()
    by_product = {}
    for finding in found:
        by_product.setdefault(finding["product_id"], set()).add(finding["code"])
    assert "DK101" in by_product["A"] and "DK101" not in by_product.get("B", set())
    assert "DK101" in by_product["L-1"] and "DK101" in by_product["L-2"] and "DK101" in by_product[product_source(LABEL).path]
    checker = RECIPE.build()
    from dklint.engine.check import check_source

    assert {f.code for f in check_source(checker, product_source(products[0])).findings} == by_product["A"]
