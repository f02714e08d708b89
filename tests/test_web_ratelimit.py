"""Per-key rate limiting: GCRA arithmetic on an injected clock for every backend (memory, SQLite,
a real redis-server), the 429 contract, and the shared backends really shared: by two limiter
instances, by two apps, by two processes, and under concurrent threads."""
from __future__ import annotations

import logging
import socket
import sqlite3
import threading

import pytest

from checker.config import Settings
from redis_fixture import STORE_KINDS, FakeClock, redis_url  # noqa: F401
from redis_fixture import store_url as fresh_store_url
from side_by_side import run_side_by_side
from web.ratelimit import (MemoryRateLimiter, RedisClusterRateLimiter, RedisRateLimiter, SQLiteRateLimiter,
                           open_limiter, redis_client_url, sqlite_path)
from web_fixtures import CHECK_KEY, KEYS, ADMIN_KEY, all_logged, auth, engine, make_app  # noqa: F401

BACKENDS = STORE_KINDS  # memory, sqlite, redis, redis+cluster
SHARED = [k for k in BACKENDS if k != "memory"]


@pytest.fixture
def store_url(request, tmp_path):
    """A fresh store URL of the parametrized kind (the limiter follows the store URL)."""
    return fresh_store_url(request.param, request, tmp_path)


def limiter(url: str, rate: float, burst: int, clock):
    """The limiter open_limiter picks for `url`; SQLite's with a long lock wait, so a loaded test
    machine cannot turn a slow lock into fail-open (which would let extra requests through)."""
    if url.startswith("sqlite"):
        return SQLiteRateLimiter(rate, burst, sqlite_path(url), clock=clock, timeout=30)
    return open_limiter(url, rate, burst, clock=clock)


# -- GCRA, the same answers on every backend -------------------------------------------------------
@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_gcra_allows_the_burst_then_spaces_requests(store_url):
    clock = FakeClock()
    rl = limiter(store_url, rate=2, burst=3, clock=clock)
    assert rl.backend == store_url.split(":", 1)[0]
    assert [rl.hit("k").allowed for _ in range(3)] == [True, True, True]
    d = rl.hit("k")
    assert not d.allowed and d.retry_after == pytest.approx(0.5, abs=1e-5)
    assert d.retry_after_header == "1"
    clock.advance(0.49)
    assert not rl.hit("k").allowed
    clock.advance(0.01)
    assert rl.hit("k").allowed          # one emission interval later, exactly one more
    assert not rl.hit("k").allowed
    assert rl.hit("other").allowed      # keys are independent
    clock.advance(10)                   # idle time refills only up to the burst
    assert [rl.hit("k").allowed for _ in range(4)] == [True, True, True, False]
    rl.close()


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_gcra_cost_counts_units_and_is_capped_at_the_burst(store_url):
    clock = FakeClock()
    rl = limiter(store_url, rate=10, burst=5, clock=clock)
    assert rl.hit("k", 4).allowed
    d = rl.hit("k", 2)
    assert not d.allowed and d.retry_after == pytest.approx(0.1, abs=1e-5)
    clock.advance(10)
    assert rl.hit("k", 50).allowed      # larger than the burst: charged as the whole burst
    assert not rl.hit("k").allowed
    rl.close()


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_a_clock_stepping_back_never_locks_a_key_out(store_url):
    clock = FakeClock()
    rl = limiter(store_url, rate=1, burst=2, clock=clock)
    assert [rl.hit("k").allowed for _ in range(3)] == [True, True, False]
    clock.advance(-86400)               # the wall clock jumps a day back (or a file outlives a reboot)
    d = rl.hit("k")
    assert not d.allowed and d.retry_after <= 1.0 + 1e-5   # at most one interval, not a day
    clock.advance(1)
    assert rl.hit("k").allowed
    rl.close()


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_two_limiters_on_one_url_share_only_when_the_store_is_shared(store_url):
    """Two limiters on one URL are what two gunicorn workers hold: SQLite and Redis share one
    allowance; memory:// keeps one per worker (documented, and said at start-up)."""
    clock = FakeClock()
    a, b = limiter(store_url, 0.5, 3, clock), limiter(store_url, 0.5, 3, clock)
    got = [x.hit("shop").allowed for x in (a, b, a, b)]
    if store_url.startswith("memory"):
        assert not a.shared and got == [True, True, True, True]
    else:
        assert a.shared and got == [True, True, True, False]
        d = b.hit("shop")
        assert not d.allowed and d.retry_after == pytest.approx(2.0, abs=1e-5)
    assert a.hit("ops").allowed
    a.close(), b.close()


@pytest.mark.parametrize("store_url", BACKENDS, indirect=True)
def test_concurrent_hits_never_exceed_the_burst(store_url):
    """Check-and-consume is atomic: 40 simultaneous hits (through 4 limiters on a shared store,
    one limiter in memory), burst 10 -> exactly 10 pass."""
    clock = FakeClock()
    n = 1 if store_url.startswith("memory") else 4
    limiters = [limiter(store_url, 0.001, 10, clock) for _ in range(n)]
    results, start = [], threading.Barrier(40)

    def go(i):
        start.wait()
        results.append(limiters[i % n].hit("shop").allowed)
    threads = [threading.Thread(target=go, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(results) == 40 and results.count(True) == 10
    for rl in limiters:
        rl.close()


CHILD = r"""
import json, sys
from web.ratelimit import SQLiteRateLimiter, open_limiter, sqlite_path
url, hits = sys.argv[1], int(sys.argv[2])
clock = lambda: 1_763_780_000.0                                     # a frozen clock: no refill
if url.startswith("sqlite"):  # a long lock wait: a loaded machine must not make it fail open
    rl = SQLiteRateLimiter(0.001, 50, sqlite_path(url), clock=clock, timeout=30)
else:
    rl = open_limiter(url, 0.001, 50, clock=clock)
rl.hit("warm-up")                                                   # connect before the race
print("ready", flush=True)
sys.stdin.readline()
print(json.dumps(sum(rl.hit("shop").allowed for _ in range(hits))), flush=True)
"""


@pytest.mark.parametrize("store_url", SHARED, indirect=True)
def test_two_processes_share_one_limit(store_url):
    """Two processes (two gunicorn workers) hammer one key at the same time: together they get
    exactly the burst, not twice it."""
    open_limiter(store_url, 1, 1).close()  # creates the table before the children race for it
    got = run_side_by_side(CHILD, [[store_url, "200"], [store_url, "200"]])
    assert sum(got) == 50, got


def test_limiter_follows_the_store_url(tmp_path):
    assert open_limiter("", 0, 1) is None
    assert open_limiter("", 5, 10).backend == "memory"
    assert open_limiter("memory://", 5, 10).backend == "memory"
    s = open_limiter(f"sqlite://{tmp_path}/x.db?timeout=1", 5, 10)
    assert s.backend == "sqlite" and s.path == f"{tmp_path}/x.db"
    r = open_limiter("redis://127.0.0.1:1/0?timeout=0.1&prefix=p", 5, 10)
    assert r.backend == "redis" and r.prefix == "p:rl" and r.shared
    # a cluster URL: nothing is contacted yet (the client is made at the first hit)
    rc = open_limiter("redis+cluster://127.0.0.1:1,127.0.0.1:2?timeout=0.1&prefix=p", 5, 10)
    assert isinstance(rc, RedisClusterRateLimiter) and rc.backend == "redis+cluster" and rc.prefix == "p:rl"
    assert rc.shared and rc.server is None and rc.ride_charge("k") is None
    assert redis_client_url("redis://h:1/2?timeout=0.3&prefix=x&db=2") == ("redis://h:1/2?db=2", 0.3, "x")


def test_sqlite_limiter_keeps_its_row_in_the_store_file(tmp_path):
    from checker.broadcast import open_store

    path = tmp_path / "bc.db"
    store = open_store(f"sqlite:///{path}")
    rl = SQLiteRateLimiter(1, 2, str(path), clock=FakeClock())
    assert rl.hit("shop").allowed
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT key FROM msgcheck_ratelimit").fetchall() == [("shop",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # a write on every request: checkpoints (an fsync in the committing worker) kept rare
    assert rl._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10_000
    rl.close(), store.close()


# -- the HTTP contract, every backend -------------------------------------------------------------
@pytest.fixture(params=BACKENDS)
def limited(request, engine, tmp_path):
    kind = request.param
    url = fresh_store_url(kind, request, tmp_path)
    clock = FakeClock()
    app = make_app(engine, settings=Settings(store_url=url, cache_dir=engine.settings.cache_dir), api_keys=KEYS,
                   rate_limit=1, rate_burst=2, ratelimit_clock=clock)
    assert app.extensions["msgcheck"].limiter.backend == kind
    return app.test_client(), clock


def test_429_with_retry_after_per_key(limited):
    c, clock = limited
    ok = [c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code for _ in range(2)]
    assert ok == [200, 200]
    r = c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY))
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "1"
    assert r.get_json()["error"]["code"] == "rate_limited"
    # another key has its own allowance
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(ADMIN_KEY)).status_code == 200
    clock.advance(1)
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code == 200


def test_bad_requests_and_batches_are_charged(limited):
    c, clock = limited
    assert c.post("/v1/check", data="{", content_type="application/json", headers=auth(CHECK_KEY)).status_code == 400
    assert c.post("/v1/check", json={"text": 5}, headers=auth(CHECK_KEY)).status_code == 422
    r = c.post("/v1/check", data="{", content_type="application/json", headers=auth(CHECK_KEY))
    assert r.status_code == 429  # a refused request is a 429 whatever its body
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code == 429
    clock.advance(100)
    r = c.post("/v1/check/batch", json={"messages": [{"text": "a"}, {"text": "b"}, {"text": "c"}]},
               headers=auth(CHECK_KEY))
    assert r.status_code == 429  # three messages cost three units; the burst is two


def test_unauthenticated_requests_are_not_charged_to_a_key(limited):
    c, clock = limited
    for _ in range(5):
        assert c.post("/v1/check", json={"text": "x"}, headers=auth("not-a-valid-key-000000")).status_code == 401
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code == 200


@pytest.mark.parametrize("store_url", SHARED, indirect=True)
def test_two_apps_share_the_limit(engine, store_url):
    """Two app instances on one store URL (two gunicorn workers) share one allowance per key."""
    settings = Settings(store_url=store_url, cache_dir=engine.settings.cache_dir)
    apps = [make_app(engine, settings=settings, api_keys=KEYS, rate_limit=0.1, rate_burst=2, guard=None)
            for _ in range(2)]
    assert apps[0].extensions["msgcheck"].limiter.shared
    codes = [app.test_client().post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code
             for app in apps + apps]
    assert codes == [200, 200, 429, 429]
    r = apps[1].test_client().post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY))
    assert 1 <= int(r.headers["Retry-After"]) <= 10


def test_start_up_says_whether_the_limit_is_shared(engine, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    make_app(engine, rate_limit=5)
    make_app(engine, settings=Settings(store_url=f"sqlite://{tmp_path}/bc.db", cache_dir=engine.settings.cache_dir),
             rate_limit=5)
    text = all_logged(caplog)
    assert "(memory, per worker)" in text and "(sqlite, shared by all workers)" in text


def test_serve_says_memory_limits_are_per_worker(tmp_path):
    from web.config import ServerConfig
    from web.serve import _rate_limit_note

    cfg = ServerConfig(rate_limit=50)
    assert "PER WORKER" in _rate_limit_note(None, cfg, 4) and "4 × the rate" in _rate_limit_note(None, cfg, 4)
    assert "PER WORKER" in _rate_limit_note("memory://", cfg, 2)
    assert "shared by all workers" in _rate_limit_note(f"sqlite://{tmp_path}/x.db", cfg, 2)
    assert "Redis" in _rate_limit_note("redis://h:1/0", cfg, 2)
    assert "Redis Cluster" in _rate_limit_note("redis+cluster://h:1,h:2", cfg, 2)


# -- failures: never fail a request ---------------------------------------------------------------
def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_redis_down_fails_open_and_logs_once(caplog):
    caplog.set_level(logging.INFO)
    t = [0.0]
    rl = RedisRateLimiter(1, 1, f"redis://127.0.0.1:{_dead_port()}/0", timeout=0.2, retry_after=5,
                          monotonic=lambda: t[0])
    assert all(rl.hit("k").allowed for _ in range(5))
    assert all_logged(caplog).count("not rate limited") == 1
    t[0] += 6
    assert rl.hit("k").allowed  # tried again after retry_after, still down, still open


def test_redis_cluster_down_fails_open_and_logs_once(caplog):
    caplog.set_level(logging.INFO)
    t = [0.0]
    rl = RedisClusterRateLimiter(1, 1, f"redis+cluster://127.0.0.1:{_dead_port()}", timeout=0.2, retry_after=5,
                                 monotonic=lambda: t[0])
    assert all(rl.hit("k").allowed for _ in range(5))
    assert all_logged(caplog).count("not rate limited") == 1
    t[0] += 6
    assert rl.hit("k").allowed  # tried again after retry_after, still down, still open
    rl.close()


def test_sqlite_locked_fails_open_logs_once_and_recovers(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    path = tmp_path / "bc.db"
    t = [0.0]
    rl = SQLiteRateLimiter(1, 1, str(path), clock=FakeClock(), timeout=0.02, monotonic=lambda: t[0])
    assert rl.hit("k").allowed and not rl.hit("k").allowed
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    assert all(rl.hit("k").allowed for _ in range(3))
    assert all_logged(caplog).count("not rate limited") == 1
    other.execute("ROLLBACK")
    other.close()
    t[0] += 6
    assert not rl.hit("k").allowed  # back to limiting with the state it had
    assert "rate limiting resumes" in all_logged(caplog)
    rl.close()


def test_memory_limiter_defaults_to_the_monotonic_clock():
    rl = MemoryRateLimiter(1, 1)
    assert rl.hit("k").allowed and not rl.hit("k").allowed
