"""Start-up: one changed label checked as a pre-commit hook runs dklint, and the cached answer.

    python bench/startup.py [--dklint PATH ...] [--repeat 7] [--label FILE] [--top 25] [--no-bytecode]

A pre-commit hook runs ``dklint check --force-exclude FILE`` on the files a commit
changed, in a repository with a ``[tool.dklint]`` table, as a new process every
time. This script makes such a repository (a temporary folder with a
``pyproject.toml`` and one label, ``fixtures/examples/d3-k2-capsule.txt`` unless
``--label`` says otherwise) and measures, whole process, wall time, median of
``--repeat`` runs (and the CPU time the process used, steadier on a busy machine):

* ``--no-cache``: the label changed, so it is read, parsed and checked;
* cached: the label is unchanged since the last run (the result cache answers).

Then, for the first build's Python, the floor: the same process importing only the
libraries the project's shape fixes (click for any run; pydantic and Lark as well for a
label that is read), which no change to dklint's own code can go below.

Before the timed runs, one untimed run fills the start-up store (validated rule
files, grammar tables) in a private ``DKLINT_CACHE_HOME``, as any run after the
first finds it, and lets Python write the bytecode of an editable install: a
user's ``pip install`` compiles it, so the runs clear ``PYTHONDONTWRITEBYTECODE``
(``--no-bytecode`` keeps it: no ``.pyc`` is written, though those already there
are still read, so it shows a tree without them only when there are none).

``--dklint`` may be given several times (say, the build before a change and the
one after): their runs are interleaved, so that the load of a busy machine falls
on both alike. Last, for the first build, the largest cumulative entries of
``python -X importtime`` for the ``--no-cache`` run: what that check imports, and
what each import costs with everything it imports in turn. No output is ever
pointed at ``/dev/null``: the runs' output is captured and dropped.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_LABEL = HERE.parent / "fixtures" / "examples" / "d3-k2-capsule.txt"
PYPROJECT = '[project]\nname = "supplements"\nversion = "1"\n\n[tool.dklint]\nfail-on = "error"\n'
TARGETS_MS = {"--no-cache": 150, "cached": 80}
# What the libraries the project's shape fixes cost before dklint runs a line: a cached answer parses its
# options with click; a label that changed is read into the pydantic model and its rows with the Lark grammar.
FLOORS = {
    "Python alone": "pass",
    "Python + click (any run)": "import click",
    "Python + click, pydantic's BaseModel, Lark (a label checked)": "import click, lark; from pydantic import BaseModel",
}


def default_dklint() -> str:
    """The ``dklint`` script beside this Python (a venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "dklint"
    return str(beside) if beside.exists() else (shutil.which("dklint") or "dklint")


def make_repo(folder: Path, label: Path) -> Path:
    """A repository as a pre-commit hook sees it: a pyproject with [tool.dklint] and one label."""
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    target = folder / "labels" / label.name
    target.parent.mkdir()
    shutil.copyfile(label, target)
    if shutil.which("git"):  # discovery reads .gitignore files; a hook always runs inside a repository
        subprocess.run(["git", "init", "-q", str(folder)], capture_output=True, check=False)
    return target.relative_to(folder)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process; fails loudly on a usage error (exit 2).

    CPU time is what the process itself spent: on a machine busy with other work, it moves far less than
    the wall time does, so it tells two builds apart when their walls are within the noise.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_env(cache_home: Path, bytecode: bool) -> dict[str, str]:
    env = {**os.environ, "DKLINT_CACHE_HOME": str(cache_home)}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def python_of(dklint: str) -> str:
    """The interpreter of a ``dklint`` console script (its ``#!`` line), for ``-X importtime``."""
    try:
        first = Path(dklint).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return sys.executable
    return first[2:].strip() if first.startswith("#!") else sys.executable


def importtime(python: str, args: list[str], cwd: Path, env: dict[str, str], top: int) -> None:
    """Print the ``top`` largest cumulative import times (microseconds, as ``-X importtime`` gives them)."""
    done = subprocess.run([python, "-X", "importtime", "-m", "dklint", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, total, name = line.split("|", 2)
        rows.append((int(total), int(own.split(":")[1]), name.rstrip()))
    outermost = sum(total for total, _, name in rows if not name.startswith("  "))  # " name": imported by nobody listed
    print(f"\n-X importtime, {' '.join(args)}: {len(rows)} modules, {outermost / 1000:.1f} ms in imports "
          "(importtime's own overhead included)")
    print(f"{'cumulative ms':>14} {'self ms':>8}  module (indent = imported by the entry above)")
    for total, own, name in sorted(rows, reverse=True)[:top]:
        print(f"{total / 1000:14.1f} {own / 1000:8.1f}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dklint", action="append", help="a dklint script (repeat to compare builds)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--label", type=Path, default=DEFAULT_LABEL)
    parser.add_argument("--top", type=int, default=25, help="importtime entries to print (0: none)")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE=1")
    args = parser.parse_args()
    builds = args.dklint or [default_dklint()]
    with tempfile.TemporaryDirectory(prefix="dklint-startup-") as scratch:
        root = Path(scratch)
        repo = root / "repo"
        repo.mkdir()
        label = str(make_repo(repo, args.label))
        walls: dict[tuple[str, str], list[float]] = {}
        cpus: dict[tuple[str, str], list[float]] = {}
        envs = {build: run_env(root / f"cache-home-{index}", not args.no_bytecode) for index, build in enumerate(builds)}
        cases = {"--no-cache": ["check", "--force-exclude", "--no-cache", label],
                 "cached": ["check", "--force-exclude", "--cache-dir", None, label]}
        for case, template in cases.items():
            commands = {}
            for index, build in enumerate(builds):
                argv = [str(root / f"results-{index}") if part is None else part for part in template]
                commands[build] = [build, *argv]
                timed(commands[build], repo, envs[build])  # fills the start-up store (and the result cache)
            for _ in range(args.repeat):
                for build in builds:
                    wall, cpu = timed(commands[build], repo, envs[build])
                    walls.setdefault((build, case), []).append(wall)
                    cpus.setdefault((build, case), []).append(cpu)
        bytecode = "without bytecode (PYTHONDONTWRITEBYTECODE=1)" if args.no_bytecode else "bytecode compiled"
        print(f"one label ({args.label.name}) in a repository with [tool.dklint], {bytecode}; "
              f"wall ms, median of {args.repeat} (min-max), and CPU ms (user + system), median")
        for build in builds:
            print(f"  {build}")
            for case in cases:
                values = walls[(build, case)]
                median = statistics.median(values) * 1000
                verdict = "met" if median <= TARGETS_MS[case] else "missed"
                cpu = statistics.median(cpus[(build, case)]) * 1000
                print(f"    {case:<11} {median:6.0f} ms  ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
                      f"   cpu {cpu:4.0f} ms   target <= {TARGETS_MS[case]} ms: {verdict}")
        floors: dict[str, list[float]] = {}
        python = python_of(builds[0])
        for _ in range(args.repeat):
            for name, code in FLOORS.items():
                floors.setdefault(name, []).append(timed([python, "-c", code], repo, envs[builds[0]])[0])
        print(f"  the floor: the same Python importing only the fixed libraries ({python})")
        for name, values in floors.items():
            print(f"    {statistics.median(values) * 1000:6.0f} ms  ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
                  f"   {name}")
        if args.top:
            importtime(python_of(builds[0]), cases["--no-cache"], repo, envs[builds[0]], args.top)


if __name__ == "__main__":
    main()
