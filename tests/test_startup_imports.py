"""A one-label check, as a pre-commit hook runs it, imports only what that check needs.

Behaviour, not timing (speed is measured by ``bench/startup.py``): each case runs
``dklint check --force-exclude LABEL`` in a fresh Python, in a small repository with a
``[tool.dklint]`` table, after one run that warmed the start-up store, and lists what
``sys.modules`` holds at the end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

LABEL = (REPO / "fixtures" / "examples" / "d3-k2-capsule.txt").read_text(encoding="utf-8")

# What a one-label check never needs, whether the result cache answers or the label is checked: it runs in this
# process (no pool: dklint.run.workers, concurrent.futures, multiprocessing), and the label parser builds its
# model objects without validation, so no pydantic validator is built and pydantic's plugin scan
# (importlib.metadata) never runs.
NEVER = ("jsonschema", "yaml", "dask", "distributed", "pygls", "lsprotocol", "rich", "dklint.lsp", "dklint.fix",
         "dklint.cli.fixing", "dklint.rules.docs", "dklint.run.workers", "dklint.run.dask_engine", "concurrent.futures",
         "multiprocessing",
         "importlib.metadata", "pydantic.plugin._loader")
# A text report needs the text reporter only.
OTHER_REPORTERS = ("dklint.report.sarif", "dklint.report.json_report", "dklint.report.jsonl", "dklint.report.junit",
                   "dklint.report.github", "dklint.report.gitlab", "dklint.report.html")
# An answer from the result cache parses and checks nothing: no model (pydantic), grammar (Lark), rule compiling
# or checking engine; no phrase list (read when a rule searches text); with one report, nothing is spooled
# (pickle); nothing logs (Lark and the pool would import logging); and nothing is written through a
# temporary file (tempfile, with shutil and random).
CACHED_NEVER = ("pydantic", "pydantic_core", "lark", "dklint.model", "dklint.rules.compile",
                "dklint.parse.label.parse", "dklint.parse.product_spec.parse", "dklint.engine.check",
                "dklint.engine.checker", "dklint.run.running", "dklint.facts.phrases", "pickle", "logging",
                "tempfile")

RUN = """\
import json, sys
from dklint.cli.main import main
sys.argv = ["dklint", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.fixture
def repository(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.dklint]\nfail-on = "error"\n',
                                             encoding="utf-8")
    label = tmp_path / "label.txt"
    label.write_text(LABEL, encoding="utf-8")
    written = label.stat().st_mtime - 60  # an unchanged label was written a while ago: the cache trusts its stat
    os.utime(label, (written, written))
    return tmp_path


def imported(repository, *args: str) -> set[str]:
    """The modules a ``dklint check --force-exclude ARGS label.txt`` run ends with, after a run that warms the stores."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "DKLINT_CACHE_HOME": str(repository / "cache-home")}
    command = [sys.executable, "-c", RUN, "check", "--force-exclude", *args, "label.txt"]
    for _ in range(2):  # the first run fills the start-up store (and the result cache)
        done = subprocess.run(command, capture_output=True, text=True, cwd=repository, env=env, check=True)
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return set(report["modules"])


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Each of ``names`` that is in ``modules``, itself or one of its submodules."""
    return [name for name in names if any(m == name or m.startswith(name + ".") for m in modules)]


def test_a_changed_label_imports_no_schema_library_yaml_dask_server_or_other_reporter(repository):
    modules = imported(repository, "--no-cache")
    assert loaded(modules, NEVER + OTHER_REPORTERS) == []
    assert "dklint.report.text" in modules and "dklint.model" in modules  # it was checked, and reported


def test_a_changed_label_builds_no_pydantic_validator(repository):
    """The models build their validators on first validation (defer_build); the label parser never validates."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "DKLINT_CACHE_HOME": str(repository / "cache-home")}
    script = RUN.replace('print(json.dumps({"code": code, "modules": sorted(sys.modules)}))',
                         "import dklint.model as m\n"
                         "models = (m.Label, m.Serving, m.Ingredient, m.Amount, m.TextBlock, m.Footnote)\n"
                         "built = [c.__name__ for c in models if c.__pydantic_complete__]\n"
                         "print(json.dumps({'code': code, 'built': built}))")
    done = subprocess.run([sys.executable, "-c", script, "check", "--force-exclude", "--no-cache", "label.txt"],
                          capture_output=True, text=True, cwd=repository, env=env, check=True)
    report = json.loads(done.stdout.splitlines()[-1])
    assert report == {"code": 0, "built": []}, done.stderr


def test_an_answer_from_the_result_cache_imports_no_model_grammar_or_rule_compiler(repository):
    modules = imported(repository, "--cache-dir", str(repository / "results"))
    assert loaded(modules, NEVER + OTHER_REPORTERS + CACHED_NEVER) == []
    assert "dklint.report.text" in modules
