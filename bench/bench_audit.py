"""Benchmark `msgcheck audit` on a generated log: wall time, messages/s and peak memory per --jobs.

    python bench/bench_audit.py                       # 1,000,000 lines, --jobs 1 and 2
    python bench/bench_audit.py --lines 100000 --jobs 1 2 4 --json results.json

The log comes from bench/gen_log.py (cached under --workdir; same arguments, same bytes): group
chat over two weeks with fan-out, flood and repeat episodes, a malformed line every 100,000 and a
little disorder. Each run is the installed CLI in a fresh process — `msgcheck audit LOG --format
jsonl --quiet --jobs N` with stdout to a file — so engine start-up (~1.5 s) is included.

Memory: the parent's and workers' resident sets are sampled from /proc every 50 ms. Reported:
the largest single process (also cross-checked with getrusage's ru_maxrss of the children) and
the whole tree, as RSS and as PSS (shared pages split between processes; forked workers share
their parent's pages, so the RSS sum counts those twice). The outputs of all runs must be
byte-identical, and hold one line per input record.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _children(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def _mem_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = pss = int(line.split()[1])
        except OSError:
            pass
    return rss, pss


class Sampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.max_proc = self.max_rss_sum = self.max_pss_sum = self.max_parent = 0
        self.max_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _children(self.pid)
            mems = [_mem_kb(p) for p in pids]
            self.max_procs = max(self.max_procs, sum(1 for r, _ in mems if r))
            self.max_proc = max([self.max_proc] + [r for r, _ in mems])
            self.max_parent = max(self.max_parent, mems[0][0])
            self.max_rss_sum = max(self.max_rss_sum, sum(r for r, _ in mems))
            self.max_pss_sum = max(self.max_pss_sum, sum(p for _, p in mems))
            self.stop.wait(self.every)


def ensure_log(workdir: Path, lines: int, seed: int) -> Path:
    path = workdir / f"log-{lines}-s{seed}.jsonl"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr, flush=True)
        tmp = path.with_suffix(".tmp")
        subprocess.run([sys.executable, str(HERE / "gen_log.py"), str(tmp), "--lines", str(lines),
                        "--seed", str(seed), "--malformed-every", "100000", "--disorder", "0.002"], check=True)
        tmp.rename(path)
    return path


def run_once(log: Path, jobs: int, out: Path, extra: list[str]) -> dict:
    cmd = [sys.executable, "-c", "import cli; cli.main()", "audit", str(log), "--format", "jsonl", "--quiet",
           "--jobs", str(jobs), *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out, "wb") as f:
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.PIPE, cwd=ROOT)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    digest = hashlib.sha256()
    n = 0
    with open(out, "rb") as f:
        for line in f:
            digest.update(line)
            n += 1
    return {"jobs": jobs, "wall_s": round(wall, 2), "records": n, "msgs_per_s": round(n / wall),
            "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
            "peak_rss_largest_process_mb": round(sampler.max_proc / 1024, 1),
            "peak_rss_parent_mb": round(sampler.max_parent / 1024, 1),
            "ru_maxrss_children_mb": round(after.ru_maxrss / 1024, 1),
            "peak_rss_tree_mb": round(sampler.max_rss_sum / 1024, 1),
            "peak_pss_tree_mb": round(sampler.max_pss_sum / 1024, 1),
            "processes": sampler.max_procs, "exit_code": proc.returncode, "sha256": digest.hexdigest()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--log", type=Path, help="audit this file instead of a generated one")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/msgcheck-bench-audit"))
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("extra", nargs="*", help="more audit options, after --")
    a = ap.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)
    log = a.log or ensure_log(a.workdir, a.lines, a.seed)
    size = log.stat().st_size
    print(f"log: {log} ({size / 1e6:.0f} MB) · {platform.python_implementation()} {platform.python_version()} · "
          f"{os.cpu_count()} CPUs · load {os.getloadavg()[0]:.2f}", flush=True)
    results = []
    for jobs in a.jobs:
        r = run_once(log, jobs, a.workdir / f"out-jobs{jobs}.jsonl", a.extra)
        r["load_after"] = round(os.getloadavg()[0], 2)
        results.append(r)
        print(f"--jobs {jobs}: {r['wall_s']:8.1f} s  {r['msgs_per_s']:>8,} msg/s  cpu {r['cpu_s']:7.1f} s  "
              f"peak RSS: largest process {r['peak_rss_largest_process_mb']:6.1f} MB (parent "
              f"{r['peak_rss_parent_mb']:.1f}), tree "
              f"{r['peak_rss_tree_mb']:6.1f} MB (PSS {r['peak_pss_tree_mb']:6.1f} MB) · {r['processes']} processes"
              f" · load {r['load_after']}", flush=True)
    same = len({r["sha256"] for r in results}) == 1
    print(f"outputs identical across --jobs: {same}; records: {results[0]['records']:,}")
    if len(results) > 1:
        base = results[0]["wall_s"]
        print("speed-up vs --jobs %d: %s" % (results[0]["jobs"], ", ".join(
            f"--jobs {r['jobs']} {base / r['wall_s']:.2f}x" for r in results[1:])))
    if a.json:
        a.json.write_text(json.dumps({"log": str(log), "bytes": size, "cpus": os.cpu_count(), "results": results,
                                      "identical": same}, indent=2))
    if not same:
        raise SystemExit("outputs differ between --jobs settings")


if __name__ == "__main__":
    main()
