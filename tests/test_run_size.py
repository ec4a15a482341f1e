"""Counting a run's products ahead, for the progress bar's ETA."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from dklint.inputs.discover import Filters
from dklint.inputs.run_size import catalog_records, expected_products


@pytest.mark.parametrize("content, name, expected", [
    (b'{"id": "a"}\n{"id": "b"}\n', "c.jsonl", 2),
    (b'{"id": "a"}\n{"id": "b"}', "c.jsonl", 2),  # no line break after the last record
    (b"id,label_text\na,x\nb,y\n", "c.csv", 2),  # the header is not a record
    (b"", "c.ndjson", 1),  # empty: reported once, as DK001
])
def test_catalog_records_are_its_lines(tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert catalog_records(str(path)) == expected


def test_a_catalog_bigger_than_one_read_is_counted_whole(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"id": "x" * 200}) + "\n"
    path.write_text(line * 20_000)  # about 4 MB: several 1 MB chunks
    assert catalog_records(str(path)) == 20_000


def test_a_run_counts_files_and_records_with_its_filters(tmp_path):
    (tmp_path / "labels").mkdir()
    for name in ("a.txt", "b.txt", "skip.txt", "notes.md"):
        (tmp_path / "labels" / name).write_text("Supplement Facts\n")
    (tmp_path / "catalog.jsonl").write_text('{"spec_version": "1", "id": "1"}\n{"id": "2"}\n{"id": "3"}\n')
    (tmp_path / "events.jsonl").write_text('{"event": "push"}\n{"event": "pull"}\n')  # not dklint's: skipped
    filters = Filters(exclude=("skip.txt",))
    # a.txt, b.txt (notes.md is not an input, skip.txt is excluded) and the catalog's 3 records
    assert expected_products([(tmp_path, filters)]) == 5
    assert expected_products([(tmp_path / "catalog.jsonl", Filters())]) == 3
    assert expected_products([(tmp_path / "labels", Filters()), (Path("-"), Filters())]) is None  # stdin: unknown


def test_an_unreadable_catalog_counts_as_one(tmp_path, monkeypatch):
    from dklint.inputs import run_size

    path = tmp_path / "locked.jsonl"
    path.write_text('{"id": "1"}\n{"id": "2"}\n')

    def refuse(*args, **kwargs):  # what chmod 0 does to anyone but root (the tests may run as root)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(run_size, "open", refuse, raising=False)
    assert catalog_records(str(path)) == 1


def test_a_missing_catalog_counts_as_one(tmp_path):
    assert catalog_records(str(tmp_path / "gone.jsonl")) == 1


def test_blank_lines_multi_line_csv_fields_and_utf16_are_measured_not_assumed(tmp_path):
    jsonl = tmp_path / "blanks.jsonl"
    jsonl.write_text('{"id": "1"}\n\n{"id": "2"}\n   \n')
    csv_file = tmp_path / "notes.csv"
    csv_file.write_text('id,label_text\na,"Supplement Facts\nVitamin D3 25 mcg"\nb,"two\nlines\nhere"\n')
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(codecs.BOM_UTF16_LE + '{"id": "1"}\n{"id": "2"}\n'.encode("utf-16-le"))
    assert [catalog_records(str(p)) for p in (jsonl, csv_file, wide)] == [2, 2, 2]


def test_a_big_csv_is_scaled_by_the_rows_per_line_of_its_first_megabyte(tmp_path):
    path = tmp_path / "big.csv"
    row = 'x,"Supplement Facts\nVitamin D3 25 mcg (1,000 IU)\nOther ingredients: olive oil"\n'  # 3 lines a row
    path.write_text("id,label_text\n" + row * 30_000)  # about 2.3 MB
    assert catalog_records(str(path)) == pytest.approx(30_000, rel=0.001)


def test_a_pipe_is_not_read_ahead(tmp_path):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)  # opening it to count would block, then take the records from the run
    assert catalog_records(str(fifo)) is None
    assert expected_products([(fifo, Filters())]) is None
