"""Checker.check_many against a loop of Checker.check, on the same messages, in one process.

    python bench/bench_check_many.py                 # 50k messages of the 60-char corpus
    python bench/bench_check_many.py -n 20000 --repeat 7

check_many promises no per-item cost beyond check(): its ratio to the loop should be about 1
(below 1 is the profile resolved once). Chunks alternate between the two methods and the best
run per chunk counts, so a burst of load from other processes hits both alike."""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))        # bench/corpus.py
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the checker package

import corpus  # noqa: E402
from checker import Checker  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=50_000)
    ap.add_argument("--chunk", type=int, default=5_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--platform", default="douyin")
    ap.add_argument("--cache-dir", default=None)
    a = ap.parse_args()
    texts = corpus.generate(a.n, seed=0, length=60)
    c = Checker(cache_dir=a.cache_dir).warm()
    c.check_many(texts[:2000], a.platform)   # warm-up
    loop, many = [], []
    for i in range(0, len(texts), a.chunk):
        chunk = texts[i:i + a.chunk]
        best_loop = best_many = float("inf")
        for _ in range(a.repeat):
            t = time.perf_counter()
            r1 = [c.check(x, a.platform) for x in chunk]
            best_loop = min(best_loop, time.perf_counter() - t)
            t = time.perf_counter()
            r2 = c.check_many(chunk, a.platform)
            best_many = min(best_many, time.perf_counter() - t)
        assert r1 == r2
        loop.append(best_loop)
        many.append(best_many)
    n = len(texts)
    print(f"{n} messages, {a.repeat} repeats per {a.chunk}-message chunk (best per chunk)")
    print(f"  loop of check()  {n / sum(loop):>10,.0f} msg/s")
    print(f"  check_many()     {n / sum(many):>10,.0f} msg/s")
    print(f"  ratio check_many/loop, time per chunk: median {statistics.median(m / l for m, l in zip(many, loop)):.3f}")


if __name__ == "__main__":
    main()
