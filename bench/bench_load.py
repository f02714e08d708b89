"""Bounded load test of `msgcheck serve` (2 gunicorn workers, loopback): requests/s and p99 of
POST /v1/check with ordinary 40-character drafts, alone and with adversarial requests mixed in.

    python bench/bench_load.py                       # 10 s per phase, 3 runs interleaved
    python bench/bench_load.py --duration 5 --runs 1 --json out.json

Each run has two phases on the same server, ordinary first:
  ordinary   wrk (-t1, --connections keep-alive connections) sends 40-character drafts
  mixed      the same wrk load, while --adversarial Python clients send back to back, in turn:
             /v1/check with "加我微信abc123，" * 909 (9,999 characters), /v1/check/batch with
             30 of those (over max_batch_chars: answered 413 before any work) and with 10 of
             them (100k characters, within the budget)
The ordinary p99 of the mixed phase is the one that matters: an adversarial client must not
hold up everybody else. The adversarial requests' own status codes and latencies are printed
too. Everything stops by itself (wrk -d, the adversarial clients at the same deadline; the
server is stopped at the end). Targets: >= 1,000 req/s and p99 <= 20 ms for ordinary drafts,
p99 <= 50 ms with adversarial ones mixed in. The machine is shared: compare the two phases of
the same run (ratios), take medians over --runs.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import KEY, SEED, Server  # noqa: E402

TARGET_RPS, TARGET_P99_MS, TARGET_MIXED_P99_MS = 1000, 20.0, 50.0
DRAFTS = [(s * 2)[:40] for s in SEED]
ADVERSARIAL = "加我微信abc123，" * 909
ADV_REQUESTS = [
    ("check 10k", "/v1/check", {"text": ADVERSARIAL}),
    ("batch 30x10k", "/v1/check/batch", {"messages": [{"text": ADVERSARIAL}] * 30}),
    ("batch 10x10k", "/v1/check/batch", {"messages": [{"text": ADVERSARIAL}] * 10}),
]


def lua_script() -> str:
    texts = ",\n".join(f"[==[{json.dumps(t, ensure_ascii=False)}]==]" for t in DRAFTS)
    return f"""
local texts = {{
{texts}
}}
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {KEY}"
function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, '{{"text":' .. texts[counter % #texts + 1] .. '}}')
end
function done(summary, latency, requests)
  io.write(string.format('RESULT {{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"errors":%d,"non2xx":%d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def run_wrk(port: int, duration: int, connections: int, script: Path) -> dict:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script),
                          f"http://127.0.0.1:{port}/v1/check"], capture_output=True, text=True,
                         timeout=duration + 60)
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    r = json.loads(line[7:])
    return {"rps": r["requests"] / (r["duration_us"] / 1e6), "p50_ms": r["p50_us"] / 1000,
            "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000, "requests": r["requests"],
            "errors": r["errors"], "non2xx": r["non2xx"]}


def adversary(port: int, deadline: float, out: list) -> None:
    """Back-to-back adversarial requests on one keep-alive connection until the deadline."""
    bodies = [(name, path, json.dumps(body, ensure_ascii=False).encode()) for name, path, body in ADV_REQUESTS]
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    i = 0
    while time.monotonic() < deadline:
        name, path, body = bodies[i % len(bodies)]
        i += 1
        t = time.perf_counter()
        try:
            c.request("POST", path, body=body, headers={"Content-Type": "application/json",
                                                        "Authorization": f"Bearer {KEY}"})
            r = c.getresponse()
            r.read()
            status = r.status
        except OSError as e:
            status = type(e).__name__
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        out.append((name, status, time.perf_counter() - t))
    c.close()


def mixed(port: int, duration: int, connections: int, script: Path, clients: int) -> tuple[dict, list]:
    adv: list = []
    deadline = time.monotonic() + duration
    threads = [threading.Thread(target=adversary, args=(port, deadline, adv), daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    res = run_wrk(port, duration, connections, script)
    for t in threads:
        t.join(150)
    return res, adv


def summarize_adversarial(adv: list) -> dict:
    out: dict = {}
    for name, status, secs in adv:
        d = out.setdefault(name, {"count": 0, "status": {}, "lat": []})
        d["count"] += 1
        d["status"][str(status)] = d["status"].get(str(status), 0) + 1
        d["lat"].append(secs * 1000)
    for d in out.values():
        lat = sorted(d.pop("lat"))
        d["median_ms"], d["max_ms"] = round(statistics.median(lat), 1), round(lat[-1], 1)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=10, help="seconds per phase (default 10)")
    ap.add_argument("--connections", type=int, default=8, help="wrk keep-alive connections (default 8)")
    ap.add_argument("--adversarial", type=int, default=1, help="adversarial clients in the mixed phase (default 1)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="also write the results to this file")
    a = ap.parse_args(argv)
    if not shutil.which("wrk"):
        ap.error("wrk not found (apt-get install wrk)")
    runs = []
    with tempfile.TemporaryDirectory(prefix="msgcheck-load-") as d:
        tmp = Path(d)
        script = tmp / "drafts.lua"
        script.write_text(lua_script(), encoding="utf-8")
        server = Server(a.workers, "", tmp, a.threads, access_log="on")
        try:
            for run in range(a.runs):
                load = os.getloadavg()[0]
                base = run_wrk(server.port, a.duration, a.connections, script)
                mix, adv = mixed(server.port, a.duration, a.connections, script, a.adversarial)
                runs.append({"ordinary": base, "mixed": mix, "adversarial": summarize_adversarial(adv),
                             "loadavg_1min_at_start": load})
                print(f"run {run + 1} (load average {load:.1f}): ordinary {base['rps']:.0f} req/s p99 {base['p99_ms']:.1f} ms | mixed "
                      f"{mix['rps']:.0f} req/s p99 {mix['p99_ms']:.1f} ms (max {mix['max_ms']:.0f} ms) | "
                      f"adversarial {json.dumps(runs[-1]['adversarial'], ensure_ascii=False)}", flush=True)
        finally:
            server.stop()

    def med(phase: str, key: str) -> float:
        return statistics.median(r[phase][key] for r in runs)

    summary = {k: {"rps": med(k, "rps"), "p50_ms": med(k, "p50_ms"), "p99_ms": med(k, "p99_ms")}
               for k in ("ordinary", "mixed")}
    o, m = summary["ordinary"], summary["mixed"]
    print(f"\nmedian of {len(runs)} run(s), {a.workers} workers × {a.threads} threads, {a.connections} connections, "
          f"{a.adversarial} adversarial client(s):")
    print(f"  ordinary drafts alone : {o['rps']:7.0f} req/s  p50 {o['p50_ms']:5.1f} ms  p99 {o['p99_ms']:6.1f} ms  "
          f"(target >= {TARGET_RPS} req/s, p99 <= {TARGET_P99_MS:g} ms)")
    print(f"  with adversarial mixed: {m['rps']:7.0f} req/s  p50 {m['p50_ms']:5.1f} ms  p99 {m['p99_ms']:6.1f} ms  "
          f"(target p99 <= {TARGET_MIXED_P99_MS:g} ms); ratio p99 mixed/alone {m['p99_ms'] / o['p99_ms']:.1f}×")
    if a.json:
        Path(a.json).write_text(json.dumps({"runs": runs, "summary": summary}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
