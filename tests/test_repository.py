"""A real repository: dklint checks its labels and nothing else, however it is run.

The sample repository is a Node project that also keeps its supplement labels: ``package.json``,
``tsconfig.json``, editor settings, build output that ``.gitignore`` lists, installed dependencies, a data
CSV, a README and a LICENSE, and ``labels/`` with one label that has exactly one real problem (DK203). Run
with no path, with ``.``, as the pre-commit hook runs it (every file named) and as the GitHub Action runs it,
the report holds that one finding and nothing else.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dklint.cli.main import cli
from tests.conftest import REPO

LABEL = """\
Meadowlark Naturals Vitamin D3 1,000 IU

Supplement Facts
Serving Size: 1 Softgel
Servings Per Container: 90
Amount Per Serving                       % Daily Value
Vitamin D3 (as cholecalciferol)   25 mcg (1,000 IU)   500%

Other ingredients: sunflower oil, gelatin, glycerin, purified water.

Directions: Take 1 softgel daily with a meal.
"""

FILES = {
    ".gitignore": "node_modules/\nout/\ndist/\n*.log\n",
    "package.json": json.dumps({"name": "label-site", "version": "1.0.0", "scripts": {"build": "tsc"}}, indent=2),
    "package-lock.json": json.dumps({"name": "label-site", "lockfileVersion": 3, "packages": {}}, indent=2),
    "tsconfig.json": json.dumps({"compilerOptions": {"outDir": "out", "strict": True}}, indent=2),
    "src/index.ts": "export const site = 'labels';\n",
    ".vscode/settings.json": json.dumps({"editor.tabSize": 2}),
    "node_modules/left-pad/package.json": json.dumps({"name": "left-pad", "version": "1.3.0"}),
    "node_modules/left-pad/README.txt": "Pads a string on the left.\n",
    "out/site.json": json.dumps({"pages": 3}),
    "out/labels/d3-softgel.txt": LABEL,  # build output: a copy of the label, ignored
    "dist/bundle.json": json.dumps({"built": True}),
    "build.log": "built in 2 s\n",
    "data/sales.csv": "date,region,units\n2024-01-02,west,12\n2024-01-03,east,7\n",
    "README.md": "# Label site\n\nThe labels live in labels/.\n",
    "README.txt": "Label site\n\nRun npm run build to build the site. The labels live in the labels folder.\n",
    "LICENSE": "Copyright 2024 Meadowlark Naturals. All rights reserved.\n",
    "requirements.txt": "requests==2.31.0\n",
    "labels/d3-softgel.txt": LABEL,
}

ONE_FINDING = """\
labels/d3-softgel.txt:7:1: DK203 [*] [error] vitamin D 25 mcg is 125% of the 20 mcg Daily Value; the label says 500%
  7 | Vitamin D3 (as cholecalciferol)   25 mcg (1,000 IU)   500%
    | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Found 1 problem (1 error, 0 warnings, 0 info) in 1 of 1 input.
[*] 1 fixable with --fix.
"""

NOT_A_LABEL = "text with no dose, no Supplement Facts panel and no claim: not a label"
NOT_A_SPEC = 'JSON with no "spec_version" value: not a product spec'
SKIPPED_BY_THE_WALK = [
    ("README.txt", NOT_A_LABEL),
    ("package-lock.json", NOT_A_SPEC),
    ("package.json", NOT_A_SPEC),
    ("requirements.txt", NOT_A_LABEL),
    ("tsconfig.json", NOT_A_SPEC),
    ("data/sales.csv", 'CSV without a "label_text" or "ingredients" column: not a catalog'),
]


def build(root: Path, files: dict[str, str] = FILES) -> Path:
    (root / ".git").mkdir(parents=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    root = build(tmp_path / "label-site")
    monkeypatch.chdir(root)
    return root


def dklint(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def every_file(root: Path) -> list[str]:
    """The repository's files as git would list them (the folder .git aside), sorted."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*")
                  if path.is_file() and ".git" not in path.relative_to(root).parts)


def pre_commit_command(root: Path) -> list[str]:
    """What pre-commit runs: the hook's entry and args, then every file its ``files`` pattern selects."""
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = [name for name in every_file(root) if re.search(hook["files"], name)
             and not re.search(hook.get("exclude", "^$"), name)]
    return [*shlex.split(hook["entry"]), *hook.get("args", []), *files]


def action_command(monkeypatch) -> list[str]:
    """The command line of the Action's "Run dklint" step with the Action's default inputs."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    step = next(step for step in action["runs"]["steps"] if step.get("id") == "dklint")
    for variable, name in step["env"].items():
        monkeypatch.setenv(variable, action["inputs"][re.search(r"inputs\.([\w-]+)", name)[1]]["default"])
    [line] = [line for line in step["run"].splitlines() if line.strip().startswith("dklint check")]
    return shlex.split(os.path.expandvars(line))


# -- the one finding, however dklint is run ---------------------------------------------------------

def test_with_no_path_only_the_label_is_checked(repository):
    result = dklint("check")
    assert (result.exit_code, result.output) == (1, ONE_FINDING)


def test_with_the_current_folder_only_the_label_is_checked(repository):
    result = dklint("check", ".")
    assert (result.exit_code, result.output) == (1, ONE_FINDING)


def test_as_pre_commit_runs_it_every_named_file_but_the_label_is_left_out(repository):
    command = pre_commit_command(repository)
    assert command[:3] == ["dklint", "check", "--force-exclude"]
    named = command[3:]
    assert {"package.json", "tsconfig.json", ".vscode/settings.json", "out/labels/d3-softgel.txt",
            "node_modules/left-pad/package.json", "data/sales.csv", "README.txt"} < set(named)
    result = dklint(*command[1:])
    assert (result.exit_code, result.output) == (1, ONE_FINDING)


def test_as_the_action_runs_it_sarif_and_annotations_hold_the_one_finding(repository, monkeypatch):
    command = action_command(monkeypatch)
    assert command == ["dklint", "check", "--force-exclude", "--output-format", "sarif=dklint.sarif",
                       "--output-format", "github", "."]
    result = dklint(*command[1:])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "::error file=labels/d3-softgel.txt,line=7,col=1,endLine=7,endColumn=59,title=DK203 percent-dv-mismatch"
        "::vitamin D 25 mcg is 125%25 of the 20 mcg Daily Value; the label says 500%25"]
    run = json.loads((repository / "dklint.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        ("DK203", "labels/d3-softgel.txt", 7)]
    assert [artifact["location"]["uri"] for artifact in run["artifacts"]] == ["labels/d3-softgel.txt"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_a_second_run_answered_by_the_cache_is_the_same(repository):
    for _ in range(2):
        assert dklint("check", ".").output == ONE_FINDING
        assert dklint(*pre_commit_command(repository)[1:]).output == ONE_FINDING
    assert (repository / ".dklint_cache").is_dir()


# -- what was skipped, and why ----------------------------------------------------------------------

def test_verbose_lists_what_the_walk_skipped_with_the_reason(repository):
    result = dklint("check", "-v", ".")
    listed = "".join(f"skipped: {path} ({why})\n" for path, why in SKIPPED_BY_THE_WALK)
    assert result.output == (ONE_FINDING.replace("Found", listed + "Skipped 6 files that dklint does not check.\nFound"))


def test_the_json_report_lists_skipped_files_apart_from_the_inputs(repository):
    report = json.loads(dklint("check", "-f", "json").output)
    assert report["skipped"] == [{"path": path, "reason": why} for path, why in SKIPPED_BY_THE_WALK]
    assert [i["path"] for i in report["inputs"]] == ["labels/d3-softgel.txt"]
    assert (report["summary"]["inputs"], report["summary"]["skipped"]) == (1, 6)
    assert [(f["code"], f["path"]) for f in report["findings"]] == [("DK203", "labels/d3-softgel.txt")]


def test_verbose_says_why_each_named_file_is_left_out_under_force_exclude(repository):
    result = dklint(*pre_commit_command(repository)[1:], "--verbose", "-f", "json")
    assert [(entry["path"], entry["reason"]) for entry in json.loads(result.output)["skipped"]] == [
        (".vscode/settings.json", "in .vscode/, a folder dklint does not walk (editor settings)"),
        ("README.txt", NOT_A_LABEL),
        ("data/sales.csv", 'CSV without a "label_text" or "ingredients" column: not a catalog'),
        ("dist/bundle.json", "in dist/, a folder dklint does not walk (build output)"),
        ("node_modules/left-pad/README.txt", "in node_modules/, a folder dklint does not walk (installed dependencies)"),
        ("node_modules/left-pad/package.json", "in node_modules/, a folder dklint does not walk (installed dependencies)"),
        ("out/labels/d3-softgel.txt", "in out/, which is ignored by .gitignore (out/)"),
        ("out/site.json", "in out/, which is ignored by .gitignore (out/)"),
        ("package-lock.json", NOT_A_SPEC),
        ("package.json", NOT_A_SPEC),
        ("requirements.txt", NOT_A_LABEL),
        ("tsconfig.json", NOT_A_SPEC),
    ]


def test_with_nothing_to_check_the_text_report_says_how_many_files_were_skipped(repository):
    result = dklint("check", "package.json", "README.txt", "LICENSE", "--force-exclude")
    assert (result.exit_code, result.output) == (
        0, "Skipped 3 files that dklint does not check (--verbose lists them).\nNo inputs to check.\n")


# -- a file named on the command line ----------------------------------------------------------------

def test_a_named_file_is_always_checked_even_one_a_walk_skipped(repository):
    dklint("check", ".")  # the walk's results are cached: naming the file must not reuse them
    report = json.loads(dklint("check", "-f", "json", "README.txt", "package.json").output)
    assert report["skipped"] == []
    assert [(i["path"], i["findings"]) for i in report["inputs"]] == [("README.txt", 1), ("package.json", 5)]
    assert {(f["path"], f["code"]) for f in report["findings"]} == {("README.txt", "DK005"), ("package.json", "DK003")}


def test_exclude_in_the_config_leaves_out_named_files_only_under_force_exclude(repository):
    (repository / "labels" / "drafts").mkdir()
    (repository / "labels" / "drafts" / "new.txt").write_text(LABEL, encoding="utf-8")
    (repository / "dklint.toml").write_text('exclude = ["drafts", "labels/d3-*.txt"]\n', encoding="utf-8")
    named = ["labels/drafts/new.txt", "labels/d3-softgel.txt"]
    assert dklint("check", "-f", "json", *named).exit_code == 1  # named: checked, whatever exclude says
    report = json.loads(dklint("check", "-f", "json", "--force-exclude", *named).output)
    assert report["skipped"] == [
        {"path": "labels/drafts/new.txt", "reason": 'in labels/drafts/, which matches exclude "drafts"'},
        {"path": "labels/d3-softgel.txt", "reason": 'matches exclude "labels/d3-*.txt"'}]
    assert report["inputs"] == []
    assert json.loads(dklint("check", "-f", "json", ".").output)["inputs"] == []  # the walk agrees


def test_force_exclude_from_the_config_and_the_flag_that_turns_it_off(repository):
    (repository / "dklint.toml").write_text("force-exclude = true\n", encoding="utf-8")
    assert dklint("check", "package.json").output == (
        "Skipped 1 file that dklint does not check (--verbose lists them).\nNo inputs to check.\n")
    assert "DK003" in dklint("check", "--no-force-exclude", "package.json").output
    assert "force-exclude = true\n" in dklint("check", "--show-settings").output


def test_force_exclude_must_be_true_or_false(repository):
    (repository / "dklint.toml").write_text('force-exclude = "yes"\n', encoding="utf-8")
    result = dklint("check", ".")
    assert (result.exit_code, result.output) == (
        2, f"{(repository / 'dklint.toml').resolve()}:1: force-exclude: must be true or false, not a string\n")
