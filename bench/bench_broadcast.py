"""Broadcast guard benchmarks: check-and-record throughput per store, and the fingerprint
measurements behind the choice of a bottom-k bigram sketch over SimHash.

    python bench/bench_broadcast.py                        # stores: memory, sqlite, redis
    python bench/bench_broadcast.py --stores redis,redis+cluster   # one server vs a 3-node cluster
    python bench/bench_broadcast.py --ops 20000 --procs 2  # also 2 processes on one store
    python bench/bench_broadcast.py --fingerprint          # near-duplicate measurements

Store runs replay a synthetic stream (200 senders, 50 groups, a mix of promos, chat and short
replies, 20 sends a second of event time) through BroadcastGuard.check(record=True) with a fake
clock. Redis: --redis-url, else a throwaway redis-server on a free loopback port (skipped with a
note when the binary is missing); Redis Cluster: --redis-cluster-url, else a throwaway
three-node cluster (tests/redis_cluster_fixture.py). Every run is bounded by --ops.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import random
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

from broadcast_corpus import CHAT, PROMOS  # noqa: E402
from checker.broadcast import BroadcastGuard, Limits, open_store  # noqa: E402
from checker.broadcast.fingerprint import fingerprint, letters, similarity  # noqa: E402

T0 = 1_763_780_000.0
RELATED = [  # different messages that share a frame
    (PROMOS[0], "【阿芳小店】透气运动鞋明天上午上新，关注店铺领取十元无门槛券"),
    (PROMOS[1], "家人们！明天中午直播间上新秋装，准时来看有惊喜哦"),
    (PROMOS[2], "下周会员日有积分翻倍活动，进入商城签到就能参加"),
    (PROMOS[5], "社区团购今日开团：土鸡蛋、五花肉、大白菜，后天上午到自提点取货"),
    (PROMOS[8], "换季上新第一天，所有衬衫买二送一，欢迎大家来选"),
    (PROMOS[3], "新鲜到货的海南芒果，个大肉厚，香甜软糯，需要的宝子群里接龙"),
]
SHORT = ["好的", "收到", "谢谢", "哈哈哈哈", "收到，谢谢群主", "早上好", "+1"]
FILLER = "的一是在不了有和人这中大为上个我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
NOISE = "，。！？、~ 😀🔥🎉💰"


# ---- store throughput --------------------------------------------------------------------

def stream(n: int, seed: int = 1):
    """200 senders in 50 groups; 2% of sends are one shop fanning PROMOS[0] out (so limits cross)."""
    rng = random.Random(seed)
    texts = PROMOS + CHAT + SHORT
    for i in range(n):
        if rng.random() < 0.02:
            yield "shop", f"g{rng.randrange(50)}", PROMOS[0] + str(i), T0 + i * 0.05
            continue
        text = rng.choice(texts)
        if rng.random() < 0.5:
            text = rng.choice(NOISE) + text + str(rng.randint(1, 99))
        yield f"s{rng.randrange(200)}", f"g{rng.randrange(50)}", text, T0 + i * 0.05


def run_store(url: str, ops: int, seed: int = 1) -> dict:
    store = open_store(url)
    guard = BroadcastGuard(store, clock=lambda: T0)
    limits = Limits()
    events = list(stream(ops, seed))
    flagged = recorded = 0
    started, cpu = time.perf_counter(), time.process_time()
    for sender, group, text, ts in events:
        res = guard.check(sender, group, text, ts=ts, limits=limits, record=True)
        if res.skipped:
            raise SystemExit(f"{url}: check skipped: {res.skipped}")
        flagged += bool(res.findings)
        recorded += res.recorded
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    held = store.event_count()
    store.close()
    return {"ops": ops, "seconds": round(elapsed, 3), "ops_per_s": round(ops / elapsed),
            "us_per_op": round(elapsed / ops * 1e6, 1),
            "client_cpu_us_per_op": round(cpu / ops * 1e6, 1), "flagged": flagged, "recorded": recorded,
            "events_held": held}


def _proc_worker(args):
    url, ops, seed = args
    return run_store(url, ops, seed)


def run_procs(url: str, ops: int, procs: int) -> dict:
    """`procs` processes on one store, each with its own stream; aggregate ops/s."""
    with mp.get_context("spawn").Pool(procs) as pool:
        started = time.perf_counter()
        results = pool.map(_proc_worker, [(url, ops, seed) for seed in range(1, procs + 1)])
        elapsed = time.perf_counter() - started
    return {"procs": procs, "ops": ops * procs, "ops_per_s_total": round(ops * procs / elapsed),
            "per_process_ops_per_s": [r["ops_per_s"] for r in results]}


class RedisServer:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out, deadline = b"", time.monotonic() + 10
        while b"Ready to accept connections" not in out:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                self.stop()
                raise SystemExit("redis-server did not start")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise SystemExit("redis-server exited: " + out.decode(errors="replace")[-300:])
            out += chunk
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        self.proc.kill()
        self.proc.wait()


# ---- fingerprint measurements -------------------------------------------------------------

def _edit(text: str, rng: random.Random, n: int) -> str:
    s = list(text)
    for _ in range(n):
        i, op = rng.randrange(len(s)), rng.choice("sid")
        if op == "s":
            s[i] = rng.choice(FILLER)
        elif op == "i":
            s.insert(i, rng.choice(FILLER))
        elif len(s) > 5:
            del s[i]
    return "".join(s)


def _noise(text: str, rng: random.Random) -> str:
    out = "".join(c + (rng.choice(NOISE) if rng.random() < 0.1 else "") for c in text)
    return rng.choice(NOISE) + out + str(rng.randint(1, 999))


def labelled_pairs(seed: int = 1):
    rng = random.Random(seed)
    near = [("noise", p, _noise(p, rng)) for p in PROMOS for _ in range(10)]
    near += [(f"edit{n}", p, _noise(_edit(p, rng, n), rng)) for p in PROMOS for n in (1, 2, 3) for _ in range(10)]
    distinct = [("same-frame", a, b) for a, b in RELATED]
    texts = PROMOS + CHAT
    distinct += [("unrelated", a, b) for i, a in enumerate(texts) for b in texts[i + 1:]]
    def rand() -> str:
        return "".join(rng.choice(FILLER) for _ in range(rng.randint(15, 40)))

    distinct += [("random", rand(), rand()) for _ in range(2000)]
    return near, distinct


def _simhash64(text: str) -> int:
    s = letters(text)
    v = [0] * 64
    for g in (s[i:i + 2] for i in range(len(s) - 1)):
        h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big")
        for b in range(64):
            v[b] += 1 if h >> b & 1 else -1
    return sum(1 << b for b in range(64) if v[b] > 0)


def methods():
    """name -> (fingerprint fn, distance fn, scale of the distance)."""
    out = {
        "bottom-k bigram Jaccard (chosen)": (
            lambda t: fingerprint(t).sketch, lambda a, b: 1 - similarity(a, b), 1.0),
        "own SimHash-64 bigram (Hamming)": (_simhash64, lambda a, b: bin(a ^ b).count("1"), 64),
    }
    try:
        import simhash

        out["simhash lib 2.x default (Hamming)"] = (
            lambda t: simhash.Simhash(letters(t)).value, lambda a, b: bin(a ^ b).count("1"), 64)
    except ImportError:
        pass
    try:
        from datasketch import MinHash

        def mh(t):
            m = MinHash(num_perm=128)
            s = letters(t)
            for g in {s[i:i + 2] for i in range(len(s) - 1)}:
                m.update(g.encode())
            return m

        out["datasketch MinHash-128 bigram (1-J)"] = (mh, lambda a, b: 1 - a.jaccard(b), 1.0)
    except ImportError:
        pass
    return out


def fingerprint_report() -> list[dict]:
    """Per method: worst near-duplicate distance, closest distinct pair, and the share of
    distinct pairs merged when the threshold is set to keep every near-duplicate together."""
    near, distinct = labelled_pairs()
    rows = []
    texts = PROMOS + CHAT
    for name, (fp, dist, scale) in methods().items():
        fps = {t: fp(t) for pair in near + distinct for t in pair[1:]}
        kinds: dict[str, list[float]] = {}
        for kind, a, b in near + distinct:
            kinds.setdefault(kind, []).append(dist(fps[a], fps[b]))
        started = time.perf_counter()
        for k in range(5):
            for t in texts:
                fp(t + chr(0x4E00 + k))  # a new letter: defeats the fingerprint cache
        rate = 5 * len(texts) / (time.perf_counter() - started)
        worst_near = max(max(kinds[k]) for k in ("noise", "edit1", "edit2", "edit3"))
        distinct_kinds = ("same-frame", "unrelated", "random")
        closest = min(min(kinds[k]) for k in distinct_kinds)
        merged = sum(d <= worst_near for k in distinct_kinds for d in kinds[k])
        rows.append({
            "method": name, "fingerprints_per_s": round(rate),
            **{f"near {k} max": round(max(kinds[k]), 3) for k in ("noise", "edit1", "edit2", "edit3")},
            **{f"distinct {k} min": round(min(kinds[k]), 3) for k in ("same-frame", "unrelated", "random")},
            "margin (share of scale)": round((closest - worst_near) / scale, 3),
            "distinct merged at full recall": f"{merged}/{sum(len(kinds[k]) for k in distinct_kinds)}",
        })
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=10000, help="check-and-record calls per store run")
    ap.add_argument("--stores", default="memory,sqlite,redis")
    ap.add_argument("--procs", type=int, default=0, help="also run N processes on sqlite/redis")
    ap.add_argument("--redis-url", default=None)
    ap.add_argument("--redis-cluster-url", default=None, help="redis+cluster://host:port[,host:port...]")
    ap.add_argument("--fingerprint", action="store_true", help="near-duplicate measurements only")
    ap.add_argument("--json", default=None, help="also write results to this file")
    args = ap.parse_args(argv)

    results: dict = {}
    if args.fingerprint:
        results["fingerprint"] = fingerprint_report()
        for r in results["fingerprint"]:
            print(json.dumps(r, ensure_ascii=False))
    else:
        server = cluster = None
        tmp = tempfile.mkdtemp(prefix="bench-bc-")
        try:
            urls = {"memory": "memory://", "sqlite": f"sqlite://{tmp}/bc.db"}
            if "redis" in args.stores:
                if args.redis_url:
                    urls["redis"] = args.redis_url
                elif shutil.which("redis-server"):
                    server = RedisServer()
                    urls["redis"] = server.url + "?timeout=2"
                else:
                    print("redis: skipped (no redis-server binary; apt-get install redis-server)")
            if "redis+cluster" in args.stores.split(","):
                if args.redis_cluster_url:
                    urls["redis+cluster"] = args.redis_cluster_url
                elif shutil.which("redis-server") and shutil.which("redis-cli"):
                    from redis_cluster_fixture import RedisCluster

                    cluster = RedisCluster()
                    urls["redis+cluster"] = cluster.url + "?timeout=2"
                else:
                    print("redis+cluster: skipped (no redis-server/redis-cli; apt-get install redis-server)")
            for kind in args.stores.split(","):
                if kind not in urls:
                    continue
                url = urls[kind] if kind != "sqlite" else f"sqlite://{tmp}/bc-{kind}-single.db"
                if kind.startswith("redis"):
                    open_store(url).clear()
                r = run_store(url, args.ops)
                results[kind] = r
                print(f"{kind:13s} {r['ops_per_s']:>8} ops/s  {r['us_per_op']:>7} us/op  "
                      f"(client CPU {r['client_cpu_us_per_op']} us/op) "
                      f"(flagged {r['flagged']}, recorded {r['recorded']}, held {r['events_held']})")
                if args.procs and kind != "memory":
                    url = urls[kind] if kind != "sqlite" else f"sqlite://{tmp}/bc-{kind}-procs.db"
                    if kind.startswith("redis"):
                        open_store(url).clear()
                    p = run_procs(url, args.ops, args.procs)
                    results[f"{kind} x{args.procs}"] = p
                    print(f"{kind:7s} x{args.procs} processes: {p['ops_per_s_total']} ops/s total "
                          f"(per process {p['per_process_ops_per_s']})")
        finally:
            if server:
                server.stop()
            if cluster:
                cluster.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
