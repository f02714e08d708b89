"""Load test of `msgcheck serve` on loopback: requests/s and p50/p99 latency of POST /v1/check
with 60-character messages, per configuration, every run bounded in time.

    python bench/bench_api.py                       # all configurations, 10 s each
    python bench/bench_api.py --duration 5 --only none,sqlite-record --json out.json

Configurations (the server runs with an API key and a rate limit far above the load, so auth and
the limiter are part of the measured path):
    bare            no keys, rate limit off, no store: `msgcheck serve` as the peer below is run
    bare-nolog      the same with the access log off (whatever --access-log says)
    peer            bench/peer_app.py, Flask + flashtext with every lexicon term, under gunicorn with
                    the options msgcheck serve passes it: the app a user would write instead
                    (`--only bare,peer --runs 3` prints the ratio; the issue's bar is bare ≥ 0.9× peer)
    none            no broadcast store; text + platform only
    sqlite          store sqlite://; sender+group given, record=false (guard reads)
    sqlite-record   store sqlite://; record=true (check-and-reserve writes)
    redis           store redis:// (a throwaway redis-server); record=false
    redis-record    store redis://; record=true
Each configuration starts its own server (gunicorn via web.serve.serve, --workers) on a free
loopback port and a fresh store. The load generator is wrk (apt-get install wrk) with a Lua
script that varies text, sender and group per request; without wrk a bounded Python
generator (threads + http.client keep-alive) is used, which on a 2-core machine competes with
the server for CPU and so understates the server.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-key-0123456789abcdef"
TARGET_RPS, TARGET_P99_MS = 1000, 20.0

# 60 code points each: ordinary shop talk, one with a diversion, one with a contact number.
SEED = [
    "今天直播间福利超多，大家记得点关注，有问题随时私信我哦，明天下午三点准时开播，不见不散！",
    "亲，这款毛衣是V领的，颜色有米白和浅灰两种，尺码从S到XL都有，喜欢的话可以直接拍下哦～",
    "感谢大家的支持，本周新品已经上架，小黄车第三个链接就是，库存不多，先到先得，售完即止。",
    "想要优惠券的宝宝加我微信领取，备注直播间，今晚八点前添加的每人再送一份小礼品，数量有限。",
    "发货时间是下单后四十八小时内，偏远地区可能会慢一点，物流信息可以在订单页面随时查看的。",
    "有任何售后问题请联系客服处理，不要私下转账，也不要相信陌生人发的链接，谨防上当受骗哦。",
    "这款面霜适合干皮和混干皮，油皮的姐妹建议夏天少量使用，具体可以看商品详情页的成分表。",
    "合作请打电话 139 1234 5678 找王经理，工作日九点到六点都在，节假日请留言，我们会回复。",
]


def sixty(s: str) -> str:
    s = (s * 2)[:60]
    assert len(s) == 60
    return s


TEXTS = [sixty(s) for s in SEED]


# The peer under gunicorn with exactly the options `msgcheck serve` passes (web.serve.gunicorn_options:
# gthread, keepalive, the heartbeat files on /dev/shm …), so that only the apps differ.
PEER_LAUNCH = """
from gunicorn.app.base import BaseApplication
from web.serve import gunicorn_options

class Peer(BaseApplication):
    def load_config(self):
        for key, value in gunicorn_options("127.0.0.1:{port}", {workers}, {threads}, 30).items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)
        self.cfg.set("proc_name", "msgcheck-peer")

    def load(self):
        from bench.peer_app import app
        return app

Peer().run()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- servers -------------------------------------------------------------------------------
class Redis:
    def __init__(self):
        self.port = free_port()
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(b"FLUSHALL\r\n")
            s.recv(16)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=10)


class Server:
    """`msgcheck serve` (web.serve.serve) in its own process group, stopped with SIGTERM."""

    def __init__(self, workers: int, store_url: str, tmp: Path, threads: int, access_log: str = "on",
                 kind: str = "msgcheck"):
        self.port = free_port()
        self.workers = workers
        cfg = tmp / f"msgcheck-{self.port}.toml"
        keyed = kind == "msgcheck"
        cfg.write_text(
            (f'store_url = "{store_url}"\n' if store_url else "")
            + f'cache_dir = "{tmp / "cache"}"\n'
            + f"[server]\nrate_limit = {1000000 if keyed else 0}\nthreads = {threads}\n"
            + (f'[[server.api_keys]]\nname = "bench"\nkey = "{KEY}"\nscopes = ["check"]\n' if keyed else ""),
            encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("MSGCHECK_")}
        env["MSGCHECK_CACHE_DIR"] = str(tmp / "cache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if kind == "peer":
            cmd = [sys.executable, "-c", PEER_LAUNCH.format(port=self.port, workers=workers, threads=threads)]
        else:
            code = (f"from web.serve import serve; "
                    f"serve('127.0.0.1', {self.port}, {workers}, {str(cfg)!r}, False, {access_log!r})")
            cmd = [sys.executable, "-c", code]
        self.log = open(tmp / f"server-{self.port}.log", "w+")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self.wait_ready(60)
        except BaseException:
            self.stop()  # never leave a server behind
            raise

    def wait_ready(self, timeout: float) -> None:
        """Until /readyz answers and every worker has built its engine (each logs "engine
        ready"); then a few checks on fresh connections, so that no worker is still warming
        when the measurement starts (one keep-alive connection would only ever reach one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError("server exited:\n" + self.log.read()[-2000:])
            try:
                self.log.seek(0)
                if self.log.read().count("engine ready") >= self.workers:
                    c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                    c.request("GET", "/readyz")
                    ready = c.getresponse()
                    ready.read()
                    c.close()
                    if ready.status == 200:
                        for _ in range(10 * self.workers):
                            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                            c.request("POST", "/v1/check", body=json.dumps({"text": TEXTS[0]}),
                                      headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
                            c.getresponse().read()
                            c.close()
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server not ready in time")

    def stop(self) -> None:
        if self.log.closed:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def cpu_seconds(pids: set[int] | None = None, pgid: int | None = None) -> float:
    """User + system CPU seconds of the given processes, or of every process in a process group:
    the server's own cost per request, which the load on a shared machine does not change much
    (unlike req/s and latency)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state (field 3 of stat): pgrp is field 5, utime 14, stime 15
        if (pids is not None and int(entry) in pids) or (pgid is not None and int(fields[2]) == pgid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def worker_cpu(master: int) -> dict[int, float]:
    """CPU seconds of each child of the gunicorn master (its workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:  # ppid is field 4 of stat
                out[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def split(before: dict[int, float], after: dict[int, float]) -> str:
    """How the load fell on the workers, busiest first ("63/37"): gthread workers keep the
    keep-alive connections they accept, so one may get most of them, and the req/s of the run
    shows that more than the app does."""
    used = sorted((after[p] - before.get(p, 0.0) for p in after), reverse=True)
    total = sum(used) or 1.0
    return "/".join(f"{100 * u / total:.0f}" for u in used)


# -- load generators -------------------------------------------------------------------------
def lua_script(record: bool, broadcast: bool) -> str:
    texts = ",\n".join(f"[==[{json.dumps(t, ensure_ascii=False)}]==]" for t in TEXTS)
    extra = ""
    if broadcast:
        extra = ('.. \',"sender":"s\' .. tid .. "_" .. (counter % 3000) .. \'","group":"g\' .. (counter % 97) .. \'"\''
                 + (" .. ',\"record\":true'" if record else ""))
    return f"""
local texts = {{
{texts}
}}
local counter = 0
local tid = 0
local threads = {{}}
local n = 0
function setup(thread)
  n = n + 1
  thread:set("tid", n)
  table.insert(threads, thread)
end
function init(args)
  tid = tid
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {KEY}"
function request()
  counter = counter + 1
  local body = '{{"text":' .. texts[counter % #texts + 1] .. ',"platform":"douyin"' {extra} .. '}}'
  return wrk.format(nil, nil, nil, body)
end
local bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format('RESULT {{"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"errors":%d,"non2xx":%d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def run_wrk(port: int, record: bool, broadcast: bool, duration: int, connections: int, tmp: Path) -> dict:
    script = tmp / "check.lua"
    script.write_text(lua_script(record, broadcast), encoding="utf-8")
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "2s", "-s", str(script),
                          f"http://127.0.0.1:{port}/v1/check"], capture_output=True, text=True,
                         timeout=duration + 30)
    line = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    r = json.loads(line[7:])
    secs = r["duration_us"] / 1e6
    return {"rps": r["requests"] / secs, "p50_ms": r["p50_us"] / 1000, "p90_ms": r["p90_us"] / 1000,
            "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000, "requests": r["requests"],
            "errors": r["errors"], "non2xx": r["non2xx"], "generator": "wrk"}


def run_python(port: int, record: bool, broadcast: bool, duration: int, connections: int) -> dict:
    """Bounded fallback: `connections` threads, keep-alive, until the deadline."""
    deadline = time.monotonic() + duration
    lat: list[list[float]] = [[] for _ in range(connections)]
    bad = [0] * connections

    def worker(i: int) -> None:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        n = 0
        while time.monotonic() < deadline:
            n += 1
            body = {"text": TEXTS[n % len(TEXTS)], "platform": "douyin"}
            if broadcast:
                body.update(sender=f"s{i}_{n % 3000}", group=f"g{n % 97}", record=record)
            t = time.perf_counter()
            try:
                c.request("POST", "/v1/check", body=json.dumps(body, ensure_ascii=False).encode(),
                          headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
                r = c.getresponse()
                r.read()
                if r.status != 200:
                    bad[i] += 1
            except OSError:
                bad[i] += 1
                c.close()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            lat[i].append(time.perf_counter() - t)
        c.close()

    start = time.monotonic()
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(duration + 10)
    secs = time.monotonic() - start
    all_lat = sorted(x for l in lat for x in l)

    def pct(p: float) -> float:
        return all_lat[min(len(all_lat) - 1, int(p / 100 * len(all_lat)))] * 1000 if all_lat else float("nan")

    return {"rps": len(all_lat) / secs, "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99),
            "max_ms": all_lat[-1] * 1000 if all_lat else float("nan"), "requests": len(all_lat),
            "errors": 0, "non2xx": sum(bad), "generator": "python"}


CONFIGS = {
    "bare": ("", False, False),
    "bare-nolog": ("", False, False),
    "peer": ("", False, False),
    "none": ("", False, False),
    "sqlite": ("sqlite", False, True),
    "sqlite-record": ("sqlite", True, True),
    "redis": ("redis", False, True),
    "redis-record": ("redis", True, True),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=10, help="seconds per configuration (default 10)")
    ap.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections (default 8)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker (default 2, as msgcheck serve)")
    ap.add_argument("--access-log", choices=["on", "off"], default="on",
                    help="the server's access log (default on, as `msgcheck serve`; lines go to a temp file)")
    ap.add_argument("--runs", type=int, default=1, help="repeat every configuration this many times, interleaved")
    ap.add_argument("--only", default=",".join(CONFIGS), help="comma-separated configurations")
    ap.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--corpus", type=int, default=0, metavar="N",
                    help="send N drafts of bench/corpus.py (40 characters, ~2%% risky, as chat traffic is) "
                         "instead of the 8 seeds (60 characters, 3 of 8 risky)")
    a = ap.parse_args(argv)
    if a.corpus:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from corpus import generate

        TEXTS[:] = generate(a.corpus, length=40)
    names = [n.strip() for n in a.only.split(",") if n.strip()]
    for n in names:
        if n not in CONFIGS:
            ap.error(f"unknown configuration {n!r}; valid: {', '.join(CONFIGS)}")
    gen = a.generator
    if gen == "auto":
        gen = "wrk" if shutil.which("wrk") else "python"
    elif gen == "wrk" and not shutil.which("wrk"):
        ap.error("wrk not found (apt-get install wrk)")
    need_redis = any(CONFIGS[n][0] == "redis" for n in names)
    if need_redis and not shutil.which("redis-server"):
        print("redis-server not found: skipping redis configurations", file=sys.stderr)
        names = [n for n in names if CONFIGS[n][0] != "redis"]
        need_redis = False

    results: dict[str, list[dict]] = {n: [] for n in names}
    with tempfile.TemporaryDirectory(prefix="msgcheck-bench-") as d:
        tmp = Path(d)
        redis = Redis() if need_redis else None
        try:
            for run in range(a.runs):  # interleaved, so a burst of outside load hits every configuration
                for n in names:
                    kind, record, broadcast = CONFIGS[n]
                    url = {"": "", "sqlite": f"sqlite:///{tmp}/bc-{n}-{run}.db",
                           "redis": f"redis://127.0.0.1:{redis.port if redis else 0}/0"}[kind]
                    if redis is not None and kind == "redis":
                        redis.flush()
                    server = Server(a.workers, url, tmp, a.threads, "off" if n == "bare-nolog" else a.access_log,
                                    kind={"bare": "bare", "bare-nolog": "bare", "peer": "peer"}.get(n, "msgcheck"))
                    load = os.getloadavg()[0]  # other work on the machine skews the numbers: say so
                    pids = {redis.proc.pid} if redis is not None and kind == "redis" else set()
                    cpu0 = cpu_seconds(pgid=server.proc.pid), cpu_seconds(pids)
                    workers0 = worker_cpu(server.proc.pid)
                    try:
                        if gen == "wrk":
                            r = run_wrk(server.port, record, broadcast, a.duration, a.connections, tmp)
                        else:
                            r = run_python(server.port, record, broadcast, a.duration, a.connections)
                        cpu1 = cpu_seconds(pgid=server.proc.pid), cpu_seconds(pids)
                        r["worker_split"] = split(workers0, worker_cpu(server.proc.pid))
                    finally:
                        server.stop()
                    r["loadavg_before"] = round(load, 2)
                    r["server_cpu_us"] = (cpu1[0] - cpu0[0]) / max(1, r["requests"]) * 1e6
                    r["redis_cpu_us"] = (cpu1[1] - cpu0[1]) / max(1, r["requests"]) * 1e6
                    results[n].append(r)
                    print(f"{n:14} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  "
                          f"max {r['max_ms']:7.2f} ms  cpu/req {r['server_cpu_us']:4.0f} µs"
                          + (f" +redis {r['redis_cpu_us']:3.0f} µs" if pids else "") + "  "
                          f"non-2xx {r['non2xx']}  errors {r['errors']}  workers {r['worker_split']}%  "
                          f"(load avg before {load:.2f})", flush=True)
        finally:
            if redis is not None:
                redis.stop()
    print(f"\n{a.workers} workers × {a.threads} threads, {a.connections} connections, {a.duration} s each, "
          f"{a.runs} run(s), access log {a.access_log}, {gen}, "
          + (f"{a.corpus} corpus drafts of 40 characters" if a.corpus else "8 seeds of 60 characters") + f", {os.cpu_count()} CPUs")
    ok = True
    for n, runs in results.items():
        med = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]

        def span(key, fmt, runs=runs):
            vals = [r[key] for r in runs]
            return format(min(vals), fmt) + ("" if len(vals) == 1 else "–" + format(max(vals), fmt))
        hits = sum(r["rps"] >= TARGET_RPS and r["p99_ms"] <= TARGET_P99_MS and r["non2xx"] == 0 for r in runs)
        line = (f"{n:14} req/s {span('rps', ',.0f'):>13} (median {med['rps']:,.0f})  p50 {span('p50_ms', '.2f'):>11} ms"
                f"  p99 {span('p99_ms', '.2f'):>11} ms  cpu/req {span('server_cpu_us', '.0f')} µs")
        if not CONFIGS[n][1]:
            ok &= hits == len(runs)
            line += f"  target met in {hits}/{len(runs)}"
        print(line)
    for bare in ("bare", "bare-nolog"):
        if bare in results and "peer" in results:
            ratios = sorted(b["rps"] / p["rps"] for b, p in zip(results[bare], results["peer"]))
            print(f"{bare} / peer req/s, run by run: {', '.join(f'{r:.2f}' for r in ratios)} "
                  f"(median {ratios[len(ratios) // 2]:.2f}; the bar is 0.9)")
            # CPU per request moves less with the workers' split and outside load than req/s does
            cpu = sorted(p["server_cpu_us"] / b["server_cpu_us"] for b, p in zip(results[bare], results["peer"]))
            print(f"{bare}: peer's CPU per request / {bare}'s, run by run: {', '.join(f'{r:.2f}' for r in cpu)} "
                  f"(median {cpu[len(cpu) // 2]:.2f})")
    if a.json:
        Path(a.json).write_text(json.dumps({"settings": vars(a), "generator": gen, "results": results}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
