"""Reading untrusted files: every input ends as a Source or a DK001 that says why."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from dklint.inputs.discover import Filters, iter_inputs
from dklint.inputs.read import ReadFailure, read_source, source_from_bytes

LABEL = "Supplement Facts\nVitamin D3 25 mcg (1,000 IU) 125%\n"


def message_of(result) -> str:
    assert isinstance(result, ReadFailure), result
    assert result.finding.code == "DK001"
    return result.finding.message


def test_utf8_with_bom_and_crlf_is_read_with_unix_newlines():
    source = source_from_bytes(codecs.BOM_UTF8 + LABEL.replace("\n", "\r\n").encode(), "a.txt")
    assert source.text == LABEL
    assert source.position(source.text.index("Vitamin")).line == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_decoded(encoding):
    data = LABEL.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert source_from_bytes(data, "a.txt").text == LABEL


def test_binary_file():
    assert message_of(source_from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt")) == (
        "binary file (a NUL byte at byte 8): not label text or JSON"
    )


def test_undecodable_bytes_name_the_byte_and_offset():
    assert message_of(source_from_bytes(b"Vitamin D3 25 \xb5g\n", "a.txt")) == (
        "not valid UTF-8 text: undecodable byte 0xb5 at byte 14"
    )


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n"])
def test_empty_files(data):
    assert message_of(source_from_bytes(data, "a.txt")) == "empty file: nothing to check"


def test_size_limit_is_a_finding_not_a_truncation(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(LABEL * 100, encoding="utf-8")
    size = path.stat().st_size
    assert message_of(read_source(path, "big.txt", max_bytes=1000)) == (
        f"file is {size:,} bytes, over the 1,000-byte limit (limits.max-file-bytes)"
    )


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(LABEL, encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads any file: simulate what chmod 0 does to everyone else

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("dklint.inputs.read.open_input", denied)
    assert message_of(read_source(path, "secret.txt")) == "cannot read the file: permission denied"


def test_missing_file_is_a_finding(tmp_path):
    assert message_of(read_source(tmp_path / "gone.txt", "gone.txt")).startswith("cannot read the file:")


def test_a_symlink_loop_does_not_hang_discovery(tmp_path):
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "a.txt").write_text(LABEL, encoding="utf-8")
    (tmp_path / "labels" / "loop").symlink_to(tmp_path / "labels", target_is_directory=True)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path])]
    assert found == ["labels/a.txt"]


def test_discovery_is_sorted_and_honours_globs(tmp_path):
    for name in ["b.json", "a.txt", "sub/c.txt", "notes.md", "sub/skip.txt"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = lambda filters: [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path], filters)]
    assert names(Filters()) == ["a.txt", "b.json", "sub/c.txt", "sub/skip.txt"]
    assert names(Filters(exclude=("skip.txt",))) == ["a.txt", "b.json", "sub/c.txt"]
    assert names(Filters(include=("*.md",))) == ["notes.md"]


def test_an_explicit_file_is_always_an_input(tmp_path):
    path = tmp_path / "label.md"
    path.write_text(LABEL, encoding="utf-8")
    assert list(iter_inputs([path])) == [path]


def test_discovery_order_is_os_walk_order(tmp_path):
    import os

    for name in ["z.txt", "a/b/c.txt", "a/b.txt", "a/b/d/e.json", "a0/x.txt", "b/y.txt", "a/a.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    expected = []
    for directory, subdirs, files in os.walk(tmp_path):
        subdirs.sort()
        expected += [os.path.join(directory, f) for f in sorted(files)]
    assert [str(p) for p in iter_inputs([tmp_path])] == expected


def test_a_linked_file_is_shown_as_its_target(tmp_path):
    from dklint.inputs.discover import iter_file_inputs

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(LABEL, encoding="utf-8")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    shown = [item.display for item in iter_file_inputs([tmp_path / "links", tmp_path / "real"], root=tmp_path)]
    assert shown == ["real/a.txt", "real/a.txt"]


def test_files_inside_the_root_show_relative_and_outside_it_as_given(tmp_path, monkeypatch):
    from dklint.inputs.discover import display_path, iter_file_inputs

    for name in ("project/labels/a.txt", "elsewhere/sub/b.txt", "elsewhere/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(LABEL, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "project")
    paths = [Path("labels"), tmp_path / "elsewhere", Path("../elsewhere/c.txt")]
    shown = [item.display for item in iter_file_inputs(paths, root=Path.cwd())]
    assert shown == ["labels/a.txt", f"{tmp_path.as_posix()}/elsewhere/c.txt", f"{tmp_path.as_posix()}/elsewhere/sub/b.txt",
                     "../elsewhere/c.txt"]
    assert shown == [display_path(Path(item.path), Path.cwd()) for item in iter_file_inputs(paths, root=Path.cwd())]


def test_display_paths_at_the_filesystem_root_keep_their_slashes(tmp_path, monkeypatch):
    from dklint.inputs.discover import _Displayer

    monkeypatch.chdir(tmp_path)
    display = _Displayer(tmp_path)
    # one displayer for all: "/x.txt" and "x.txt" must not share a folder prefix
    assert [display(p, False) for p in ("/x.txt", "x.txt", "//y.txt", "/x.txt")] == ["/x.txt", "x.txt", "//y.txt", "/x.txt"]


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path, monkeypatch):
    import os

    from dklint.engine.recipe import CheckerRecipe
    from dklint.inputs import discover
    from dklint.inputs.discover import iter_file_inputs
    from dklint.run.pool import iter_results_parallel

    for name in ("a.txt", "locked/b.txt", "z.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(LABEL, encoding="utf-8")
    real = os.scandir

    def scandir(path):  # root reads every folder: simulate what chmod 0 does to everyone else
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(discover.os, "scandir", scandir)
    results = list(iter_results_parallel(CheckerRecipe(), iter_file_inputs([tmp_path], root=tmp_path), 1))
    assert [r.path for r in results] == ["a.txt", "z.txt", "locked"]
    locked = results[-1]
    assert not locked.checked
    assert [(f.code, f.message) for f in locked.findings] == [("DK001", "cannot read the folder: Permission denied")]
