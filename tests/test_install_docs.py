"""The docs install only what exists: there is no dklint release, so no PyPI package and no version tag.

Every ``pip install`` in the documentation, the action and the pre-commit hook names a local checkout
(``.``, ``.[extra]``) or the repository (``git+https://github.com/dklint/dklint@...``); every ``uses:``
and pre-commit ``rev:`` of dklint names a branch or commit of the repository, never ``v0.1.0``.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

DOCUMENTS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md")),
             REPO / "action.yml", REPO / ".pre-commit-hooks.yaml"]
REPOSITORY = "git+https://github.com/dklint/dklint@"
PIP = re.compile(r"pip install (?:-[-\w]+ )*(?P<what>'[^']+'|\"[^\"]+\"|\S+)")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_pip_installs_name_a_checkout_or_the_repository(path):
    for found in PIP.finditer(path.read_text(encoding="utf-8")):
        what = found["what"].strip("'\"")
        if what == "$GITHUB_ACTION_PATH":  # the action installs the checkout it runs from
            continue
        if "dklint" not in what and not what.startswith("."):
            assert what == "dask[distributed]", found.group()  # a dependency, from PyPI
            continue
        assert what.startswith(".") or f"dklint @ {REPOSITORY}" in what \
            or f"dklint[dask] @ {REPOSITORY}" in what, found.group()


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_no_release_is_named(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"dklint/dklint@v\d|rev: v\d|dklint==|pip install dklint\b", text)
