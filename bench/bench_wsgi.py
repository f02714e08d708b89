"""The web layer's own cost per request, in one process: POST /v1/check called as WSGI (no server,
no sockets) on msgcheck's app (as `msgcheck serve` builds it: no keys, rate limit off, the
per-worker metric files, the access log on and off) and on bench/peer_app.py, alternating.

    python bench/bench_wsgi.py                      # 5 rounds × 20,000 requests per app, medians
    python bench/bench_wsgi.py -n 5000 --rounds 3
    python bench/bench_wsgi.py --profile msgcheck   # cProfile of one round (or: peer, msgcheck-nolog)

The bodies are the 40-character chat drafts of bench/corpus.py (~2% risky), as bench_api.py
--corpus sends them. The access log goes to /dev/null here: under gunicorn each line is also a
write to the server's log, so the server-side difference is larger (bench_api.py bare-nolog).
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def environ(body: bytes) -> dict:
    """What gunicorn hands the app for a wrk request (the headers that matter here)."""
    return {"REQUEST_METHOD": "POST", "PATH_INFO": "/v1/check", "QUERY_STRING": "", "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8080", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "50000", "HTTP_HOST": "127.0.0.1:8080",
            "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "wsgi.multithread": True,
            "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.version": (1, 0)}


def start_response(status, headers, exc_info=None):
    if not status.startswith("200"):
        raise RuntimeError(f"the app answered {status}")
    return lambda data: None


def run(app, bodies: list[bytes], n: int) -> float:
    """µs per request over n requests (body read and closed, as a server does)."""
    t = time.perf_counter()
    for i in range(n):
        it = app(environ(bodies[i % len(bodies)]), start_response)
        for _ in it:
            pass
        close = getattr(it, "close", None)
        if close is not None:
            close()
    return (time.perf_counter() - t) / n * 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=20000, help="requests per app per round (default 20000)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=int, default=2000, help="distinct drafts (default 2000)")
    ap.add_argument("--profile", choices=["msgcheck", "msgcheck-nolog", "peer"],
                    help="cProfile one round of this app instead of timing")
    a = ap.parse_args(argv)

    from corpus import generate

    bodies = [json.dumps({"text": t, "platform": "douyin"}, ensure_ascii=False).encode()
              for t in generate(a.corpus, length=40)]
    tmp = tempfile.mkdtemp(prefix="msgcheck-bench-wsgi-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tmp   # as in a `msgcheck serve` worker
    devnull = open(os.devnull, "w")
    logging.basicConfig(level=logging.INFO, stream=devnull,
                        format="%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s")
    try:
        cfg = Path(tmp) / "msgcheck.toml"
        cfg.write_text("[server]\nrate_limit = 0\n", encoding="utf-8")
        from web import create_app

        apps = {}
        for name, log in (("msgcheck", "on"), ("msgcheck-nolog", "off")):
            apps[name] = create_app({"config_path": str(cfg), "access_log": log, "bind_host": "127.0.0.1",
                                     "env": {}})
        from peer_app import app as peer

        apps["peer"] = peer
        for app in apps.values():
            run(app, bodies, 2000)  # warm-up: caches, first slow-path messages
        if a.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(run, apps[a.profile], bodies, a.n)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
            return 0
        times: dict[str, list[float]] = {k: [] for k in apps}
        for _ in range(a.rounds):
            for name, app in apps.items():
                times[name].append(run(app, bodies, a.n))
        med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
        print(f"{a.rounds} rounds × {a.n} requests per app, {a.corpus} drafts of 40 characters, in-process WSGI")
        for name, v in times.items():
            print(f"{name:15} µs/request median {med[name]:6.1f}  ({', '.join(f'{x:.1f}' for x in v)})"
                  + ("" if name == "peer" else f"  {med[name] / med['peer']:.2f}× the peer's time"))
    finally:
        devnull.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
