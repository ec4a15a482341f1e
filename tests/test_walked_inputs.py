"""A file met while walking is checked only when it is dklint's data; a file named is always checked.

Each case is one file in a walked folder: checked (with its findings), or skipped with the exact reason and
no finding. Naming the same files checks every one of them.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dklint.cli.main import cli
from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.discover import Filters, iter_file_inputs
from dklint.run.pool import iter_results_parallel
from dklint.run.sequential import iter_results, iter_sources

NOT_A_LABEL = "text with no dose, no Supplement Facts panel and no claim: not a label"

# name -> (bytes, None when checked, else the reason it is skipped)
CASES: dict[str, tuple[bytes, str | None]] = {
    "claim.txt": (b"Our calcium chews help prevent osteoporosis.\n", None),  # DK310 finds a claim
    "title.txt": (b"Supplement Facts\nServing Size: 1 Capsule\n", None),
    "npn.txt": (b"Medicinal ingredients (per drop): Vitamin D3 (cholecalciferol) 25 mcg (1000 IU)\n"
                b"Non-medicinal ingredients: MCT oil\n", None),
    "listing.txt": (b"Contains 125 mcg of vitamin D3 per softgel.\n", None),
    "directive.txt": (b"# dklint: ignore-file[DK005] page copy, the panel comes later\nA bright new look.\n", None),
    "notes.txt": (b"Meeting notes: move the site to the new host.\n", NOT_A_LABEL),
    "latin1.txt": (b"Vitamin D3 25 \xb5g\n", None),  # cannot be decoded: reported, DK001
    "binary.txt": (b"\x00\x01binary", "binary file"),
    "empty.json": (b"", "empty file"),
    "blank.txt": (b"  \n\n", "empty file"),
    "settings.json": (b'{"editor.tabSize": 2}', 'JSON with no "spec_version" value: not a product spec'),
    "broken.json": (b'{"spec_version": "1", "name": "X",\n', None),  # a spec with a syntax error: DK002
    "number.json": (b'{"spec_version" :1}', None),  # a spec with a mistake: DK003
    "spec.schema.json": ((Path(__file__).parents[1] / "dklint" / "schemas" / "product-spec.schema.json").read_bytes(),
                         'JSON with no "spec_version" value: not a product spec'),
    "records.jsonl": (b'{"id": "S1", "label_text": "Vitamin D3 25 mcg"}\n', None),
    "specs.ndjson": (b'\n{"spec_version": "1", "name": "X", "serving": {}, "ingredients": []}\n', None),
    "events.jsonl": (b'{"event": "push"}\n',
                     'JSON Lines whose first record has no "label_text" or "spec_version" key: not a catalog'),
    "none.jsonl": (b"\n\n", "empty file"),
    "labels.csv": (b'id,label_text\nA,"Vitamin D3 25 mcg (1,000 IU)"\n', None),
    "specs.csv": (b'sku;name;ingredients\n', None),
    "wide.csv": ("id,label_text\nA,Vitamin D3 25 mcg\n".encode("utf-16"), None),
    "sales.csv": (b"sku,price\n1,2\n", 'CSV without a "label_text" or "ingredients" column: not a catalog'),
    "binary.csv": (b"\x00\x01", "binary file"),
}
SKIPPED = sorted((name, reason) for name, (_, reason) in CASES.items() if reason is not None)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    (tmp_path / "walked").mkdir()
    for name, (data, _) in CASES.items():
        (tmp_path / "walked" / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "walked"


def report(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-f", "json", *args], catch_exceptions=False)
    return json.loads(result.output)


def test_walked_files_are_checked_only_when_they_are_dklints(folder):
    walked = report("walked")
    assert [(entry["path"], entry["reason"]) for entry in walked["skipped"]] == [(f"walked/{n}", r) for n, r in SKIPPED]
    checked = sorted({i["path"] for i in walked["inputs"]})
    assert checked == sorted(f"walked/{name}" for name, (_, reason) in CASES.items() if reason is None)
    codes = {(f["path"].rsplit("/", 1)[-1], f["code"]) for f in walked["findings"]}
    assert {("claim.txt", "DK310"), ("npn.txt", "DK005"), ("title.txt", "DK005"), ("latin1.txt", "DK001"),
            ("broken.json", "DK002")} <= codes
    assert not {path for path, _ in codes} & {name for name, _ in SKIPPED}


def test_named_files_are_all_checked(folder):
    named = report(*(f"walked/{name}" for name in sorted(CASES)))
    assert named["skipped"] == []
    assert sorted({i["path"] for i in named["inputs"]}) == sorted(f"walked/{name}" for name in CASES)
    codes = {(f["path"].rsplit("/", 1)[-1], f["code"]) for f in named["findings"]}
    assert {("notes.txt", "DK005"), ("binary.txt", "DK001"), ("empty.json", "DK001"),
            ("settings.json", "DK003"), ("sales.csv", "DK003")} <= codes


def test_under_force_exclude_named_files_are_judged_as_walked_ones(folder):
    named = report("--force-exclude", *(f"walked/{name}" for name in sorted(CASES)))
    walked = report("walked")
    assert sorted(named["skipped"], key=lambda e: e["path"]) == walked["skipped"]
    assert named["findings"] == walked["findings"]


def test_every_engine_skips_the_same_files(folder):
    recipe = CheckerRecipe()
    serial = list(iter_results(recipe.build(), iter_sources([folder], Filters(), folder)))
    assert sorted((r.path, r.skipped) for r in serial if r.skipped) == SKIPPED
    for jobs in (1, 2):
        assert list(iter_results_parallel(recipe, iter_file_inputs([folder], root=folder), jobs, chunk_size=3)) == serial


def test_the_result_cache_keeps_walked_and_named_results_apart(folder, tmp_path):
    from dklint.run.cache import open_cache

    recipe = CheckerRecipe()
    for _ in range(2):  # cold, then answered by the cache
        cache = open_cache(recipe, tmp_path / "cache")
        walked = list(iter_results_parallel(recipe, iter_file_inputs([folder], root=folder), 1, cache=cache))
        assert [r.path for r in walked if r.skipped == NOT_A_LABEL] == ["notes.txt"]
        cache = open_cache(recipe, tmp_path / "cache")
        [named] = iter_results_parallel(recipe, iter_file_inputs([folder / "notes.txt"], root=folder), 1, cache=cache)
        assert (named.skipped, [f.code for f in named.findings]) == (None, ["DK005"])


def test_a_catalog_with_a_byte_order_mark_is_judged_by_its_decoded_header(tmp_path):
    (tmp_path / "a.csv").write_bytes(codecs.BOM_UTF8 + b"label_text\nVitamin D3 25 mcg\n")
    (tmp_path / "b.jsonl").write_bytes(codecs.BOM_UTF8 + b'{"label_text": "Vitamin D3 25 mcg"}\n')
    results = list(iter_results_parallel(CheckerRecipe(), iter_file_inputs([tmp_path], root=tmp_path), 1))
    assert [(r.path, r.skipped) for r in results] == [("a.csv", None), ("b.jsonl", None)]


def test_a_catalog_with_a_stray_nul_in_one_record_is_checked_alike_walked_or_named(tmp_path, monkeypatch):
    """The reader marks only the record that holds a NUL byte; the walk and the run's sizing judge as it does."""
    good = json.dumps({"spec_version": "1", "id": "P1", "name": "D3", "ingredients": [
        {"name": "Vitamin D3", "amount": 125, "unit": "mcg"}]})
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "c.jsonl").write_bytes(f"{good}\n{good.replace('P1', 'P2')[:40]}\x00\n{good}\n".encode())
    monkeypatch.chdir(tmp_path)
    walked, named = report("shop"), report("shop/c.jsonl")
    assert walked["skipped"] == []
    found = sorted((f["code"], f["location"]["line"]) for f in walked["findings"])
    assert found == sorted((f["code"], f["location"]["line"]) for f in named["findings"])
    assert ("DK001", 2) in found
