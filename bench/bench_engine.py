"""Single-core throughput of the msgcheck engine against bare keyword matchers.

    python bench/bench_engine.py                     # 100k messages, 60-char and mixed corpora
    python bench/bench_engine.py -n 20000 --length 60
    python bench/bench_engine.py --profile 25        # + cProfile of Checker.check, top 25

For each corpus (see bench/corpus.py) and in one process:
  * engine      Checker.check(text, platform) — the whole pipeline, Report objects included;
  * flashtext   a KeywordProcessor holding every lexicon term (c.lexicon.terms()):
                extract_keywords on the raw text, on pre-folded text, and fold + extract;
  * pyahocorasick  an Automaton with the same terms, iter() consumed, same three inputs;
  * stages      the engine's pieces: fold; fold + anchor scan; fold + fold_digits + anchor
                scan; the full check; and the full check split into the messages settled by
                the scans and triage (fast path) and those the rules see or that hold contact
                data (slow path: offsets, sentence context, jieba, rules).
Timings are wall clock (time.perf_counter) in this one process, after an untimed warm-up on the
first messages. The corpus is cut into chunks (--chunk); every method runs on a chunk before
the next chunk starts, --repeat times, and the best run per chunk counts: a burst of load from
other processes then hits every method alike instead of ruining one row. The process CPU time
of the same runs is shown next to the wall time: when they differ, the machine was busy.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform as _platform
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))        # bench/corpus.py
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the checker package

import corpus  # noqa: E402
from checker.config import Settings  # noqa: E402
from checker.engine import Checker  # noqa: E402
from checker.rules import triage  # noqa: E402

WARMUP = 2000


# -- timing ------------------------------------------------------------------------------

class Row:
    def __init__(self, name: str, n: int, nbytes: int, note: str = ""):
        self.name, self.n, self.nbytes, self.note = name, n, nbytes, note
        self.seconds = 0.0   # wall (perf_counter), sum over chunks of the best of R runs
        self.cpu = 0.0       # process CPU time of those same runs
        self.hits: int | None = None  # findings (engine) or keyword matches (bare matchers)

    @property
    def msgs(self) -> float:
        return self.n / self.seconds

    @property
    def mbs(self) -> float:
        return self.nbytes / self.seconds / 1e6

    @property
    def us(self) -> float:
        return self.seconds / self.n * 1e6

    @property
    def cpu_us(self) -> float:
        return self.cpu / self.n * 1e6


class Method:
    """fn(list) -> result, run on `view(chunk)`; count(result) -> hits, or None."""

    def __init__(self, row: Row, fn, view=None, count=None):
        self.row, self.fn, self.view, self.count = row, fn, view, count


def run_interleaved(methods: list[Method], chunks: list[list[int]], repeat: int) -> list:
    """Time every method on every chunk of message indexes, methods interleaved chunk by chunk
    so that a burst of load on this shared machine hits them all alike; keep the best of
    `repeat` runs per chunk and method, sum over the chunks."""
    results = [[] for _ in methods]
    for m in methods:  # warm-up: first messages, untimed
        m.fn(m.view(chunks[0][:WARMUP]))
    for chunk in chunks:
        gc.collect()
        for k, m in enumerate(methods):
            data = m.view(chunk)
            best_wall, best_cpu, out = float("inf"), float("inf"), None
            for _ in range(repeat):
                c0, t0 = time.process_time(), time.perf_counter()
                out = m.fn(data)
                t1, c1 = time.perf_counter(), time.process_time()
                if t1 - t0 < best_wall:
                    best_wall, best_cpu = t1 - t0, c1 - c0
            m.row.seconds += best_wall
            m.row.cpu += best_cpu
            if m.count is not None:
                m.row.hits = (m.row.hits or 0) + m.count(out)
            results[k].append(out)
    return results


# -- the contenders -----------------------------------------------------------------------

def build_flashtext(terms: list[str]):
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for t in terms:
        kp.add_keyword(t)
    return kp


def build_aho(terms: list[str]):
    import ahocorasick

    a = ahocorasick.Automaton()
    for i, t in enumerate(terms):
        a.add_word(t, i)
    a.make_automaton()
    return a


def measure(c: Checker, labeled: list[tuple[str, bool]], platform: str, repeat: int, chunk: int,
            kp, aho) -> dict:
    msgs = [t for t, _ in labeled]
    n = len(msgs)
    size = [len(t.encode("utf-8")) for t in msgs]
    nbytes = sum(size)
    fold, fold_digits, scan = c.normalizer.fold, c.normalizer.fold_digits, c.lexicon.candidates
    check = c.check
    folded_msgs = [fold(t) for t in msgs]
    # The slow path: messages the rules see (a candidate left after triage: offsets, sentence
    # context, jieba) or that hold contact data; everything else ends after the scans.
    is_slow = [bool(triage(scan(f), f, t, c.lexicon)) or bool(check(t, platform).findings)
               for t, f in zip(msgs, folded_msgs)]
    slow_idx = [i for i in range(n) if is_slow[i]]
    fast_idx = [i for i in range(n) if not is_slow[i]]
    raw = lambda idx: [msgs[i] for i in idx]  # noqa: E731
    pre = lambda idx: [folded_msgs[i] for i in idx]  # noqa: E731
    only_slow = lambda idx: [msgs[i] for i in idx if is_slow[i]]  # noqa: E731
    only_fast = lambda idx: [msgs[i] for i in idx if not is_slow[i]]  # noqa: E731
    nkw = lambda out: sum(map(len, out))  # noqa: E731
    same = lambda out: out  # noqa: E731
    extract, it = kp.extract_keywords, aho.iter

    def ac(m):
        hits = 0
        for t in m:
            for _ in it(t):
                hits += 1
        return hits

    def ac_fold(m):
        hits = 0
        for t in m:
            for _ in it(fold(t)):
                hits += 1
        return hits

    def R(name, idx=None, note=""):
        idx = range(n) if idx is None else idx
        return Row(name, len(idx), sum(size[i] for i in idx), note)

    def engine(m):
        return [check(t, platform) for t in m]
    e_fast = Method(R("  check, msgs settled by the scans", fast_idx, f"{len(fast_idx)} msgs"), engine, only_fast,
                    lambda out: sum(len(r.findings) for r in out))
    e_slow = Method(R("  check, msgs the rules see", slow_idx, f"{len(slow_idx)} msgs"), engine, only_slow,
                    lambda out: sum(len(r.findings) for r in out))
    bare = [
        Method(R("flashtext  extract_keywords(raw)"), lambda m: [extract(t) for t in m], raw, nkw),
        Method(R("flashtext  extract_keywords(pre-folded)", note="folding not timed"),
               lambda m: [extract(t) for t in m], pre, nkw),
        Method(R("flashtext  fold + extract_keywords"), lambda m: [extract(fold(t)) for t in m], raw, nkw),
        Method(R("pyahocorasick  iter(raw)"), ac, raw, same),
        Method(R("pyahocorasick  iter(pre-folded)", note="folding not timed"), ac, pre, same),
        Method(R("pyahocorasick  fold + iter"), ac_fold, raw, same),
    ]
    stages = [
        Method(R("1 fold"), lambda m: [fold(t) for t in m], raw),
        Method(R("2a fold + anchor scan"), lambda m: [list(scan(fold(t))) for t in m], raw),
        Method(R("2b fold + fold_digits + anchor scan"),
               lambda m: [(list(scan(fold(t))), fold_digits(t)) for t in m], raw),
    ]
    methods = [e_fast, e_slow] + bare + stages
    chunks = [list(range(i, min(i + chunk, n))) for i in range(0, n, chunk)]
    results = run_interleaved(methods, chunks, repeat)

    # The engine row is the sum of its two halves (every message checked exactly once).
    full = R("engine  Checker.check (full)")
    full.seconds = e_fast.row.seconds + e_slow.row.seconds
    full.cpu = e_fast.row.cpu + e_slow.row.cpu
    full.hits = e_fast.row.hits + e_slow.row.hits
    reports: list = [None] * n
    fi, si = iter(r for out in results[0] for r in out), iter(r for out in results[1] for r in out)
    for i in range(n):
        reports[i] = next(si) if is_slow[i] else next(fi)

    verdicts = Counter(r.verdict.value for r in reports)
    by_label = {True: Counter(), False: Counter()}
    for (_, risky), r in zip(labeled, reports):
        by_label[risky][r.verdict.value] += 1
    anchor_terms = Counter()
    for f in folded_msgs:
        for s, e, _ in scan(f):
            anchor_terms[f[s:e]] += 1
    return {"n": n, "nbytes": nbytes, "chars": sum(map(len, msgs)), "rows": [full] + [m.row for m in bare],
            "stages": [m.row for m in stages] + [full, e_fast.row, e_slow.row], "slow": len(slow_idx),
            "verdicts": verdicts, "by_label": by_label, "anchor_terms": anchor_terms}


# -- output --------------------------------------------------------------------------------

def print_corpus(name: str, r: dict) -> None:
    n = r["n"]
    print(f"\n=== corpus: {name} — {n} messages, mean {r['chars'] / n:.1f} chars, "
          f"{r['nbytes'] / n:.0f} UTF-8 bytes, {r['nbytes'] / 1e6:.1f} MB ===")
    print(f"{'method':44} {'msg/s':>10} {'MB/s':>7} {'µs/msg':>8} {'cpu µs':>7}  {'engine/it':>11} {'hits':>8}")
    engine = r["rows"][0]
    for row in r["rows"]:
        ratio = "" if row is engine else f"{engine.msgs / row.msgs:10.2f}x"
        hits = "" if row.hits is None else f"{row.hits:8}"
        print(f"{row.name:44} {row.msgs:10,.0f} {row.mbs:7.2f} {row.us:8.1f} {row.cpu_us:7.1f}  {ratio:>11} {hits:>8}"
              + (f"  ({row.note})" if row.note else ""))
    print("(hits: findings for the engine, keyword matches for the bare matchers)")
    busy = max(row.seconds / row.cpu for row in r["rows"] + r["stages"] if row.cpu > 0)
    if busy > 1.15:
        print(f"WARNING: wall time up to {busy:.2f}x the CPU time: other processes took this core; "
              "rerun on an idle machine for numbers to compare")
    print(f"\n{'engine stage (cumulative)':44} {'msg/s':>10} {'MB/s':>7} {'µs/msg':>8} {'cpu µs':>7}")
    for row in r["stages"]:
        label = "3 full check" if row is engine else row.name
        print(f"{label:44} {row.msgs:10,.0f} {row.mbs:7.2f} {row.us:8.1f} {row.cpu_us:7.1f}"
              + (f"  ({row.note})" if row.note else ""))
    v = r["verdicts"]
    print(f"\nslow path (the rules see it, or contact data): {r['slow']} / {n} = {r['slow'] / n:.1%}")
    print("verdicts: " + ", ".join(f"{k} {v.get(k, 0)} ({v.get(k, 0) / n:.2%})" for k in ("pass", "review", "block")))
    for label, title in ((True, "risky (generated ~2%)"), (False, "benign")):
        c = r["by_label"][label]
        tot = sum(c.values()) or 1
        print(f"  {title:22} n={sum(c.values()):6}: " + ", ".join(f"{k} {c.get(k, 0) / tot:.1%}" for k in ("pass", "review", "block")))
    top = ", ".join(f"{t}×{k}" for t, k in r["anchor_terms"].most_common(12))
    print(f"most frequent anchor hits: {top}")


def profile(c: Checker, msgs: list[str], platform: str, top: int) -> None:
    check = c.check
    for t in msgs[:WARMUP]:
        check(t, platform)
    pr = cProfile.Profile()
    pr.enable()
    for t in msgs:
        check(t, platform)
    pr.disable()
    for key in ("tottime", "cumulative"):
        s = io.StringIO()
        pstats.Stats(pr, stream=s).strip_dirs().sort_stats(key).print_stats(top)
        print(f"\n--- cProfile, {len(msgs)} messages, sorted by {key} ---")
        print("\n".join(line for line in s.getvalue().splitlines() if line.strip())[:20000])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="messages per corpus (default 100000)")
    ap.add_argument("--length", default="both", help="60 (or any int), mixed, or both (default)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--platform", default="douyin")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs per chunk and method; the best counts (default 2)")
    ap.add_argument("--chunk", type=int, default=5000,
                    help="messages per timed chunk; methods are interleaved chunk by chunk (default 5000)")
    ap.add_argument("--profile", type=int, metavar="TOP", default=0,
                    help="also cProfile Checker.check on the first corpus and print the TOP functions")
    ap.add_argument("--cache-dir", default="/tmp/mccache", help="lexicon/jieba cache (default /tmp/mccache)")
    a = ap.parse_args(argv)
    lengths: list = {"both": [60, "mixed"], "mixed": ["mixed"]}.get(a.length) or [int(a.length)]

    t0 = time.perf_counter()
    c = Checker(Settings(cache_dir=Path(a.cache_dir))).warm()
    t_warm = time.perf_counter() - t0
    terms = c.lexicon.terms()
    kp, aho = build_flashtext(terms), build_aho(terms)
    from importlib.metadata import version
    print(f"msgcheck bench — {time.strftime('%Y-%m-%d %H:%M')} — Python {_platform.python_version()} "
          f"on {_platform.machine()}, {os.cpu_count()} CPUs visible, one process, one thread")
    print(f"Checker.warm() {t_warm:.2f}s; lexicon {len(terms)} terms ({len(c.lexicon.anchors)} anchors); "
          f"flashtext {version('flashtext')}, pyahocorasick {version('pyahocorasick')}; "
          f"platform={a.platform}, seed={a.seed}, repeat={a.repeat}, chunk={a.chunk}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    summary = []
    first_msgs = None
    for length in lengths:
        t1 = time.perf_counter()
        labeled = corpus.generate_labeled(a.n, seed=a.seed, length=length)
        t_gen = time.perf_counter() - t1
        if first_msgs is None:
            first_msgs = [t for t, _ in labeled]
        r = measure(c, labeled, a.platform, a.repeat, a.chunk, kp, aho)
        name = f"{length}-char" if length != "mixed" else "mixed 10–200 chars"
        print_corpus(name + f" (generated in {t_gen:.1f}s)", r)
        summary.append((name, r))

    print("\n=== summary (msg/s, one core) ===")
    print(f"{'corpus':20} {'engine':>9} {'flashtext':>10} {'fold+ft':>9} {'pyahocor.':>10} {'fold+ac':>9} "
          f"{'eng/ft':>7} {'eng/ac':>7} {'slow %':>7}")
    for name, r in summary:
        rows = {row.name: row for row in r["rows"]}
        e = r["rows"][0].msgs
        ft, ftf = rows["flashtext  extract_keywords(raw)"].msgs, rows["flashtext  fold + extract_keywords"].msgs
        ac, acf = rows["pyahocorasick  iter(raw)"].msgs, rows["pyahocorasick  fold + iter"].msgs
        print(f"{name:20} {e:9,.0f} {ft:10,.0f} {ftf:9,.0f} {ac:10,.0f} {acf:9,.0f} {e / ft:7.2f} {e / ac:7.3f} "
              f"{r['slow'] / r['n']:7.1%}")

    if a.profile:
        profile(c, first_msgs, a.platform, a.profile)
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"total {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
