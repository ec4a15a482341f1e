"""Benchmarks: dklint side by side with a floor and with Spectral 6.

    python bench/run_bench.py [--data /tmp/dklint-bench] [--quick] [--no-spectral] [--engine]
    python bench/run_bench.py cpu PATH...     # CPU time per input, one process

Generates the catalogs once (``bench/generate_catalog.py``, seeded), then runs
every measurement as a subprocess of a small wrapper that reports wall time and
peak RSS (``resource.getrusage(RUSAGE_CHILDREN)`` of that wrapper: the largest
process of the measurement, workers included). Measured:

* dklint: ``dklint check --jobs N --format jsonl`` as a user runs it (start-up,
  configuration, reporting included; the report goes to stdout, which the
  wrapper redirects and discards, or with ``--output FILE`` where the findings
  are counted), or with ``--engine`` the engine alone (``iter_results_parallel``
  + the JSON Lines reporter into a stream that discards it) through this
  script's ``drive`` mode. No output is ever pointed at ``/dev/null``: as root,
  a tool that replaces its output file would replace the machine's ``/dev/null``;
* the floor: one Python process that reads every input and ``json.loads`` it
  (nothing can check a product faster than it can decode it);
* Spectral 6 with an equivalent ruleset over the spec folder (see
  ``bench/spectral_setup.py``; installed with npm into ``DATA/spectral``).

Then prints each figure against its target. ``--quick`` uses 2,000 and
10,000 products instead of 10,000 and 100,000. Every figure is measured on two
catalogs (``--catalogs default,varied``): the default one, which repeats its
texts as a brand's boilerplate repeats, and the varied one
(``generate_catalog.py --varied``), whose prose almost never repeats, so that
dklint's per-text memos cannot carry it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "rss_kb": usage.ru_maxrss, "code": done.returncode,
                  "stderr": done.stderr.decode(errors="replace")[-3000:]}))
"""


@dataclass
class Figure:
    name: str
    products: int
    wall: float
    rss_mb: float
    stderr: str = ""

    @property
    def rate(self) -> float:
        return self.products / self.wall if self.wall else 0.0


def measure(name: str, command: list[str], products: int, repeat: int = 1) -> Figure:
    """Best of ``repeat`` runs (wall), with the peak RSS of that run."""
    runs = []
    for _ in range(repeat):
        output = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True)
        data = json.loads(output.stdout)
        if data["code"] not in (0, 1):
            raise RuntimeError(f"{name} failed ({data['code']}): {data['stderr']}")
        runs.append(data)
    best = min(runs, key=lambda d: d["wall"])
    figure = Figure(name, products, best["wall"], best["rss_kb"] / 1024, best["stderr"].strip())
    print(f"  {name:<46} {figure.wall:8.2f} s {figure.rate:10,.0f} /s {figure.rss_mb:8.1f} MB", flush=True)
    return figure


class Discard(io.TextIOBase):
    """A text stream that keeps nothing: the report's cost is measured, not its bytes."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


def drive(argv: list[str]) -> None:
    """``drive [--jobs N] [--cache DIR] PATH...``: the engine + JSON Lines report, as the CLI would run it."""
    parser = argparse.ArgumentParser(prog="run_bench.py drive")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--cache")
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    from dklint.engine.recipe import CheckerRecipe
    from dklint.inputs.discover import iter_file_inputs
    from dklint.report import jsonl
    from dklint.report.run_info import RunInfo
    from dklint.run.cache import open_cache
    from dklint.run.pool import iter_results_parallel

    recipe = CheckerRecipe()
    store = open_cache(recipe, args.cache) if args.cache else None
    counts: dict[str, int] = {}

    def counted(results):
        for result in results:
            for finding in result.findings:
                counts[finding.code] = counts.get(finding.code, 0) + 1
            yield result

    results = iter_results_parallel(recipe, iter_file_inputs(args.paths), args.jobs, cache=store)
    jsonl.write(counted(results), list(recipe.build().ruleset), Discard(), RunInfo())
    print(json.dumps(dict(sorted(counts.items()))), file=sys.stderr)


def cpu(argv: list[str]) -> None:
    """``cpu PATH...``: CPU time per input of one process, after a warm-up pass.

    Other processes on the machine shift wall times but hardly CPU time, so
    this is the figure to compare across runs on a shared machine.
    """
    import time

    from dklint.engine.recipe import CheckerRecipe
    from dklint.inputs.discover import iter_file_inputs
    from dklint.run.pool import iter_results_parallel

    recipe = CheckerRecipe()
    paths = [Path(p) for p in argv]
    count = sum(1 for _ in iter_results_parallel(recipe, iter_file_inputs(paths), 1))
    start = time.process_time()
    for _ in iter_results_parallel(recipe, iter_file_inputs(paths), 1):
        pass
    used = time.process_time() - start
    print(f"{count:,} inputs: {used / count * 1e6:,.0f} us CPU each, {count / used:,.0f} per CPU-second")


def floor(argv: list[str]) -> None:
    """``floor PATH...``: read every input and decode its JSON (label text: decode only)."""
    for top in map(Path, argv):
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if path.suffix == ".jsonl":
                with open(path, "rb") as stream:
                    for line in stream:
                        if line.strip():
                            json.loads(line)
            elif path.suffix == ".json":
                json.loads(path.read_bytes())
            else:
                path.read_bytes().decode("utf-8")


def ensure_data(data: Path, small: int, large: int, varied: bool = False) -> dict[str, Path]:
    """The small catalog in every shape and the large one as JSONL: ``nN`` (default) or ``vN`` (varied)."""
    from generate_catalog import generate

    prefix = "v" if varied else "n"
    paths = {"small": data / f"{prefix}{small}", "large": data / f"{prefix}{large}"}
    if not all((paths["small"] / name).exists() for name in ("specs", "labels", "catalog.jsonl", "expected.json")):
        print(f"generating {small:,} products in {paths['small']} ...", flush=True)
        generate(small, paths["small"], varied=varied)
    if not (paths["large"] / "expected.json").exists():
        print(f"generating {large:,} products (JSONL only) in {paths['large']} ...", flush=True)
        generate(large, paths["large"], shapes=("jsonl",), varied=varied)
    return paths


def dklint_command(paths: list[Path], jobs: int | None, cache: Path | None, cli: bool, output: str | None = None) -> list[str]:
    """The command measured; its report goes to ``output``, or to stdout (which ``WRAPPER`` discards)."""
    if cli:
        command = [sys.executable, "-m", "dklint", "check", "--format", "jsonl", "--quiet"]
        command += ["--output", output] if output else []
        command += ["--jobs", str(jobs)] if jobs else []
        command += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
        return command + [str(p) for p in paths]
    command = [sys.executable, str(HERE / "run_bench.py"), "drive"]
    command += ["--jobs", str(jobs)] if jobs else []
    command += ["--cache", str(cache)] if cache else []
    return command + [str(p) for p in paths]


def count_codes(jsonl: Path) -> dict[str, int]:
    """Findings per rule code in a JSON Lines report (one finding per line)."""
    counts: dict[str, int] = {}
    with open(jsonl, encoding="utf-8") as stream:
        for line in stream:
            code = json.loads(line)["code"]
            counts[code] = counts.get(code, 0) + 1
    return counts


def single_label(small: Path) -> tuple[Figure, Figure]:
    """``dklint check`` of one label, as a user (or a pre-commit hook) runs it: median of 7.

    Twice: with the result cache (the label unchanged since the last run, as most files
    are when a hook runs) and with ``--no-cache`` (a label that changed: parsed and checked).
    """
    label = next((small / "labels").rglob("*.txt"))
    figures = []
    with tempfile.TemporaryDirectory() as cache:
        for name, extra in (("cached", ["--cache-dir", cache]), ("--no-cache", ["--no-cache"])):
            command = [sys.executable, "-m", "dklint", "check", *extra, str(label)]
            measure_quiet(command)  # fills the cache; its wall time is not counted
            walls = [measure_quiet(command) for _ in range(7)]
            figure = Figure(f"dklint check one label, {name} (median of 7)", 1, statistics.median(walls), 0.0)
            print(f"  {figure.name:<46} {figure.wall * 1000:8.0f} ms", flush=True)
            figures.append(figure)
    return figures[0], figures[1]


def measure_quiet(command: list[str]) -> float:
    output = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)["wall"]


def spectral_figure(data: Path, specs: Path, products: int) -> Figure | None:
    from spectral_setup import command, install

    try:
        install(data / "spectral")
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"  Spectral not measured: {error}")
        return None
    report = data / "spectral-report.json"
    figure = measure("Spectral 6 (4 equivalent rules)", command(data / "spectral", specs, report), products)
    counts: dict[str, int] = {}
    for item in json.loads(report.read_text() or "[]"):
        counts[item["code"]] = counts.get(item["code"], 0) + 1
    print(f"    Spectral findings per rule: {dict(sorted(counts.items()))}")
    return figure


def verdict(label: str, value: float, target: float, unit: str, higher_is_better: bool = True) -> str:
    ok = value >= target if higher_is_better else value <= target
    sign = ">=" if higher_is_better else "<="
    return f"  [{'MET ' if ok else 'MISS'}] {label:<52} {value:10,.2f} {unit} (target {sign} {target:,} {unit})"


def suite(args: argparse.Namespace) -> None:
    small_n, large_n = (2_000, 10_000) if args.quick else (10_000, 100_000)
    jobs = len(os.sched_getaffinity(0))
    print(f"\n{jobs} CPUs; figures are the best of {args.repeat} runs")
    results = {}
    for catalog in args.catalogs.split(","):
        data = ensure_data(args.data, small_n, large_n, varied=catalog == "varied")
        texts = json.loads((data["small"] / "expected.json").read_text()).get("distinct_texts", {})
        print(f"\n=== {catalog} catalog ({data['small']}, {data['large']}); distinct texts of {small_n:,}: {texts}")
        results[catalog] = catalog_figures(args, data, small_n, large_n, jobs)
    for catalog, f in results.items():
        report(f, jobs, catalog)


def catalog_figures(args: argparse.Namespace, data: dict[str, Path], small_n: int, large_n: int, jobs: int) -> dict:
    """Every figure on one catalog (its small one in every shape, its large one as JSONL)."""
    small, large, cli = data["small"], data["large"], args.cli
    f = {}
    print(f"{small_n:,} spec files")
    f["specs_floor"] = measure("floor: read + json.loads", [sys.executable, __file__, "floor", str(small / "specs")], small_n)
    findings = args.data / "findings.jsonl"
    f["specs"] = measure(f"dklint --jobs {jobs}", dklint_command([small / "specs"], jobs, None, cli, str(findings)),
                         small_n, args.repeat)
    found = count_codes(findings) if cli else json.loads(f["specs"].stderr.splitlines()[-1])
    if found is not None:
        planted = json.loads((small / "expected.json").read_text())["planted"]
        print(f"    dklint findings for the planted rules: { {code: found.get(code, 0) for code in planted} }"
              f" (planted: {planted})")
    if not args.no_spectral:
        f["spectral"] = spectral_figure(args.data, small / "specs", small_n)
    with tempfile.TemporaryDirectory() as cache:
        command = dklint_command([small / "specs"], jobs, Path(cache) / "c", cli)
        f["cold"] = measure(f"dklint --jobs {jobs}, cache cold", command, small_n)
        f["warm"] = measure(f"dklint --jobs {jobs}, cache warm", command, small_n, args.repeat)
    print(f"\n{large_n:,}-product JSONL catalog (and the {small_n:,}-product one)")
    big, head = large / "catalog.jsonl", small / "catalog.jsonl"
    f["jsonl_floor"] = measure("floor: read + json.loads", [sys.executable, __file__, "floor", str(big)], large_n)
    f["jsonl"] = measure(f"dklint --jobs {jobs}", dklint_command([big], jobs, None, cli), large_n, args.repeat)
    f["jsonl_1"] = measure("dklint --jobs 1", dklint_command([big], 1, None, cli), large_n)
    f["jsonl_small"] = measure(f"dklint --jobs {jobs} ({small_n:,} lines)", dklint_command([head], jobs, None, cli), small_n)
    print(f"\n{small_n:,} label texts")
    f["labels"] = measure(f"dklint --jobs {jobs}", dklint_command([small / "labels"], jobs, None, cli), small_n, args.repeat)
    f["labels_1"] = measure("dklint --jobs 1", dklint_command([small / "labels"], 1, None, cli), small_n)
    print("\nstart-up")
    f["one"], f["one_changed"] = single_label(small)
    return f


def report(f: dict, jobs: int, catalog: str) -> None:
    print(f"\ntargets, {catalog} catalog")
    if f.get("spectral"):
        print(verdict("specs folder: dklint speed-up over Spectral", f["spectral"].wall / f["specs"].wall, 10, "x"))
    print(verdict("JSONL: products per second", f["jsonl"].rate, 20_000, "/s"))
    print(verdict("JSONL: time relative to the floor", f["jsonl"].wall / f["jsonl_floor"].wall, 3, "x", False))
    print(verdict("labels: labels per second", f["labels"].rate, 3_000, "/s"))
    print(verdict(f"--jobs {jobs} over --jobs 1 (JSONL)", f["jsonl_1"].wall / f["jsonl"].wall, 1.7, "x"))
    print(verdict(f"--jobs {jobs} over --jobs 1 (labels)", f["labels_1"].wall / f["labels"].wall, 1.7, "x"))
    print(verdict("peak memory, large JSONL / small JSONL", f["jsonl"].rss_mb / f["jsonl_small"].rss_mb, 1.2, "x", False))
    print(verdict("cache: cold / warm", f["cold"].wall / f["warm"].wall, 10, "x"))
    print(verdict("one label, `dklint check` wall time (cached)", f["one"].wall * 1000, 150, "ms", False))
    print(verdict("one label, `dklint check --no-cache` wall time", f["one_changed"].wall * 1000, 150, "ms", False))


def main() -> None:
    modes = {"drive": drive, "floor": floor, "cpu": cpu}
    if len(sys.argv) > 1 and sys.argv[1] in modes:
        return modes[sys.argv[1]](sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "dklint-bench")
    parser.add_argument("--quick", action="store_true", help="2,000 and 10,000 products")
    parser.add_argument("--no-spectral", action="store_true")
    parser.add_argument("--engine", dest="cli", action="store_false",
                        help="measure the engine in-process (this script's drive mode) instead of `dklint check`")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--catalogs", default="default,varied", help="comma-separated: default, varied")
    suite(parser.parse_args())


if __name__ == "__main__":
    main()
