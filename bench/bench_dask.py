"""Benchmark `msgcheck audit --dask local` against the same audit without Dask, in the same run.

    python bench/bench_dask.py                          # 200,000 lines, --jobs 2, 3 repeats
    python bench/bench_dask.py --lines 1000000 --jobs 4 --repeat 5 --json dask.json

Interleaves, per repeat: one process (--jobs 1), the process pool (--jobs N) and a Dask
LocalCluster of N worker processes (--jobs N --dask local), each the CLI in a fresh process
(bench_audit.run_once: wall time, CPU, peak memory of the whole process tree), on the log
bench_audit.py generates. Reports medians and ratios to --jobs 1, and fails unless every
output is byte-identical. The fixed cost of --dask local (starting the scheduler and N worker
processes, an engine load in each) is measured apart on a 100-line log.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audit import ensure_log, run_once  # noqa: E402


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/msgcheck-bench-audit"))
    ap.add_argument("--json", type=Path, help="also write the results here")
    a = ap.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)
    log = ensure_log(a.workdir, a.lines, a.seed)
    tiny = a.workdir / "tiny-100.jsonl"
    with open(log, "rb") as src, open(tiny, "wb") as dst:
        dst.writelines(line for _, line in zip(range(100), src))
    print(f"log: {log} ({log.stat().st_size / 1e6:.0f} MB) · {platform.python_implementation()} "
          f"{platform.python_version()} · {os.cpu_count()} CPUs · load {os.getloadavg()[0]:.2f}", flush=True)
    modes = {"one process": (1, []), f"pool --jobs {a.jobs}": (a.jobs, []),
             f"dask local --jobs {a.jobs}": (a.jobs, ["--dask", "local"])}
    runs: dict[str, list[dict]] = {m: [] for m in modes}
    fixed: dict[str, list[float]] = {m: [] for m in modes}
    for rep in range(a.repeat):
        for name, (jobs, extra) in modes.items():
            r = run_once(log, jobs, a.workdir / "out-dask-bench.jsonl", extra)
            runs[name].append(r)
            fixed[name].append(run_once(tiny, jobs, a.workdir / "out-dask-tiny.jsonl", extra)["wall_s"])
            print(f"#{rep + 1} {name:<22} {r['wall_s']:7.1f} s  {r['msgs_per_s']:>8,} msg/s  cpu {r['cpu_s']:6.1f} s"
                  f"  tree RSS {r['peak_rss_tree_mb']:6.1f} MB (parent {r['peak_rss_parent_mb']:.1f})"
                  f"  · {r['processes']} processes · 100 lines: {fixed[name][-1]:.1f} s", flush=True)
    base = statistics.median(r["wall_s"] for r in runs["one process"])
    summary = {}
    for name, rs in runs.items():
        wall = statistics.median(r["wall_s"] for r in rs)
        summary[name] = {"median_wall_s": wall, "speedup_vs_one_process": round(base / wall, 2),
                         "median_fixed_s": statistics.median(fixed[name]),
                         "median_tree_rss_mb": statistics.median(r["peak_rss_tree_mb"] for r in rs)}
        print(f"{name:<24} median {wall:6.1f} s  ×{base / wall:.2f} vs one process  "
              f"fixed cost {summary[name]['median_fixed_s']:.1f} s  tree RSS {summary[name]['median_tree_rss_mb']:.0f} MB")
    same = len({r["sha256"] for rs in runs.values() for r in rs}) == 1
    print(f"outputs identical: {same}; records: {runs['one process'][0]['records']:,}")
    if a.json:
        a.json.write_text(json.dumps({"log": str(log), "cpus": os.cpu_count(), "runs": runs, "summary": summary,
                                      "identical": same}, indent=2))
    if not same:
        raise SystemExit("outputs differ")


if __name__ == "__main__":
    main()
