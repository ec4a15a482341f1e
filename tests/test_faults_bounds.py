"""Faults and hostile inputs against the promises of issue 13: no foreign code runs, every piece of work is
bounded before it is done, a dead worker or a signal never hangs a run or fills the terminal.

Each test plants or provokes one fault, as an attacker or a bad day would, and asserts the promise it
protects: exact exit codes, exact messages, and that nothing planted ever ran.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LABEL = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 (as cholecalciferol) 25 mcg (1,000 IU) 125%\n"


class Planted:
    """A pickle that makes a folder when it is loaded: proof that a planted file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def dklint(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, **kwargs):
    """``python -m dklint`` in a new process of this checkout, as a user runs it."""
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "dklint", *args], capture_output=True, text=True, env=environ,
                          cwd=cwd, timeout=120, **kwargs)


# -- no code from a place others can write ------------------------------------------------------------

# How dklint built its parsers before issue 13: Lark's own cache, a pickle in the shared temp folder.
OLD_LARK = {"label": {"parser": "lalr", "lexer": "contextual", "propagate_positions": False,
                      "maybe_placeholders": False, "cache": True},
            "condition": {"parser": "lalr", "maybe_placeholders": False, "cache": True}}


def plant_lark_caches(temp: Path, marker: Path, monkeypatch) -> None:
    """Let Lark write its caches in ``temp`` as dklint made it do, then swap each pickle for a planted one."""
    import tempfile

    from lark import Lark

    from dklint.base.resources import grammar_dir

    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for name, options in OLD_LARK.items():
        Lark((grammar_dir() / f"{name}.lark").read_text(encoding="utf-8"), **options)
    planted = list(temp.glob(".lark_cache_*.tmp"))
    assert len(planted) == 2
    for path in planted:
        first_line = path.read_bytes().split(b"\n", 1)[0]  # the grammar's hash: Lark then unpickles the rest
        path.write_bytes(first_line + b"\n" + pickle.dumps(Planted(marker)))
    # the plant is good: the way dklint loaded its grammars before runs it
    Lark((grammar_dir() / "condition.lark").read_text(encoding="utf-8"), **OLD_LARK["condition"])
    assert marker.is_dir()
    marker.rmdir()


def test_a_pickle_planted_in_the_temp_folder_as_larks_cache_never_runs(tmp_path, monkeypatch):
    temp, marker, label = tmp_path / "tmp", tmp_path / "planted-code-ran", tmp_path / "label.txt"
    temp.mkdir()
    label.write_text(LABEL, encoding="utf-8")
    plant_lark_caches(temp, marker, monkeypatch)
    env = {"TMPDIR": str(temp), "DKLINT_CACHE_HOME": str(tmp_path / "home")}
    for _ in range(2):  # a cold start (tables built and kept) and a warm one (tables read back)
        done = dklint("check", "--isolated", "--no-cache", str(label), env=env)
        assert (done.returncode, done.stderr) == (0, "")
        assert not marker.exists()
    assert sorted(p.name for p in (tmp_path / "home").iterdir() if p.name.startswith("grammar")) == [
        "grammar-condition.marshal", "grammar-label.marshal"]


def test_a_pickle_planted_in_the_cache_folder_never_runs(tmp_path):
    home, marker, label = tmp_path / "home", tmp_path / "planted-code-ran", tmp_path / "label.txt"
    home.mkdir(mode=0o700)
    label.write_text(LABEL, encoding="utf-8")
    payload = pickle.dumps(Planted(marker))
    for name in ("rules-v1.pickle", "rules-v2.marshal", "grammar-label.marshal", "grammar-condition.marshal"):
        (home / name).write_bytes(payload)  # where the store was a pickle, and where the caches are now
    for _ in range(2):
        done = dklint("check", "--isolated", "--no-cache", str(label), env={"DKLINT_CACHE_HOME": str(home)})
        assert (done.returncode, done.stderr) == (0, "")
        assert not marker.exists()


def test_caches_are_made_owner_only(tmp_path):
    home = tmp_path / "fresh" / "dklint"
    done = dklint("check", "--isolated", "--no-cache", "-", input=LABEL, env={"DKLINT_CACHE_HOME": str(home)})
    assert done.returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in home.iterdir()} == {
        "rules-v2.marshal": 0o600, "grammar-label.marshal": 0o600, "grammar-condition.marshal": 0o600}


@pytest.fixture
def private(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    (folder / "cache.bin").write_bytes(b"mine")
    (folder / "cache.bin").chmod(0o600)
    return folder


def test_a_private_file_of_a_private_folder_is_read(private):
    from dklint.base.private_files import read_private

    assert read_private(private / "cache.bin") == b"mine"


@pytest.mark.parametrize("damage", ["folder writable by others", "folder writable by the group",
                                    "file writable by others", "file is a symlink", "file is a FIFO"])
def test_a_cache_others_could_have_written_is_not_read_nor_written(private, tmp_path, damage):
    from dklint.base.private_files import read_private, write_private

    target = private / "cache.bin"
    if damage.startswith("folder"):
        private.chmod(0o707 if "others" in damage else 0o770)
    elif damage == "file writable by others":
        target.chmod(0o606)
    elif damage == "file is a symlink":
        (tmp_path / "elsewhere").write_bytes(b"theirs")
        target.unlink()
        target.symlink_to(tmp_path / "elsewhere")
    else:
        target.unlink()
        os.mkfifo(target)  # a FIFO must not hang the start either
    assert read_private(target) is None
    if damage.startswith("folder"):
        write_private(private / "new.bin", b"data")
        assert not (private / "new.bin").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_cache_owned_by_another_user_is_not_read(private):
    from dklint.base.private_files import read_private

    os.chown(private / "cache.bin", 65534, 65534)
    assert read_private(private / "cache.bin") is None
    os.chown(private / "cache.bin", 0, 0)
    os.chown(private, 65534, 65534)
    assert read_private(private / "cache.bin") is None


def test_grammar_tables_read_back_parse_as_built_ones(tmp_path, monkeypatch):
    from dklint.base.grammars import lalr_parser

    monkeypatch.setenv("DKLINT_CACHE_HOME", str(tmp_path))
    built = lalr_parser("condition", maybe_placeholders=False)
    assert (tmp_path / "grammar-condition.marshal").is_file()
    loaded = lalr_parser("condition", maybe_placeholders=False)
    condition = 'has("vitamin_d") and daily("vitamin_d", "IU") > 2000'
    assert loaded is not built and loaded.parse(condition) == built.parse(condition)
