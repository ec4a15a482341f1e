"""Two dklint builds on the same workloads, their runs interleaved: for a shared machine.

    python bench/compare.py --before OLD/bin/dklint --after NEW/bin/dklint [--data DIR] [--runs 2]

On a machine where other jobs come and go, a build measured at one time and another build ten minutes
later are not comparable. Here each workload is run with one build then the other, alternating which
goes first, ``--runs`` times each. Every run is ``dklint check --no-cache --jobs 2 --format jsonl --quiet``
through ``run_bench.py``'s wrapper; the table gives the best wall time, the median CPU time of the whole
process tree (user + system of the parent and its workers: other jobs hardly change it) and the rate that CPU
time gives on two idle cores (2 x inputs / CPU). The catalogs are ``run_bench.py``'s, made if missing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                  "code": done.returncode}))
"""


def workloads(data: Path, small: int, large: int) -> list[tuple[str, Path, int]]:
    from run_bench import ensure_data

    found = []
    for catalog in ("varied", "default"):
        paths = ensure_data(data, small, large, varied=catalog == "varied")
        found += [(f"{catalog}: {small:,} spec files", paths["small"] / "specs", small),
                  (f"{catalog}: {large:,}-line JSONL", paths["large"] / "catalog.jsonl", large),
                  (f"{catalog}: {small:,} label texts", paths["small"] / "labels", small)]
    return found


def run(dklint: str, path: Path) -> dict:
    command = [dklint, "check", "--no-cache", "--jobs", "2", "--format", "jsonl", "--quiet", str(path)]
    output = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True)
    data = json.loads(output.stdout)
    if data["code"] not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {data['code']}")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the old build's dklint executable")
    parser.add_argument("--after", required=True, help="the new build's dklint executable")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "dklint-bench")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="2,000 and 10,000 products")
    args = parser.parse_args()
    small, large = (2_000, 10_000) if args.quick else (10_000, 100_000)
    builds = {"before": args.before, "after": args.after}
    print("| workload | build | best wall | inputs/s | CPU per input | on 2 idle cores | peak RSS |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, path, count in workloads(args.data, small, large):
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        for index in range(args.runs):
            for build in ("before", "after") if index % 2 == 0 else ("after", "before"):
                runs[build].append(run(builds[build], path))
        for build, done in runs.items():
            wall = min(r["wall"] for r in done)
            cpu = statistics.median(r["cpu"] for r in done)
            print(f"| {name} | {build} | {wall:.2f} s | {count / wall:,.0f} | {cpu / count * 1e6:,.0f} us | "
                  f"{2 * count / cpu:,.0f}/s | {max(r['rss_mb'] for r in done):.1f} MB |", flush=True)


if __name__ == "__main__":
    main()
