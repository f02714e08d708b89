"""Per-key rate limiting: GCRA arithmetic on a fake clock, the 429 contract, and the Redis
backend shared by several app instances (as gunicorn workers would share it)."""
from __future__ import annotations

import logging
import socket
import uuid

import pytest

from checker.config import Settings
from redis_fixture import redis_url  # noqa: F401
from web.ratelimit import MemoryRateLimiter, RedisRateLimiter, open_limiter, redis_client_url
from web_fixtures import CHECK_KEY, KEYS, ADMIN_KEY, all_logged, auth, engine, make_app  # noqa: F401


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_gcra_allows_the_burst_then_spaces_requests():
    clock = Clock()
    rl = MemoryRateLimiter(rate=2, burst=3, clock=clock)
    assert [rl.hit("k").allowed for _ in range(3)] == [True, True, True]
    d = rl.hit("k")
    assert not d.allowed and d.retry_after == pytest.approx(0.5)
    assert d.retry_after_header == "1"
    clock.t += 0.49
    assert not rl.hit("k").allowed
    clock.t += 0.01
    assert rl.hit("k").allowed          # one emission interval later, exactly one more
    assert not rl.hit("k").allowed
    assert rl.hit("other").allowed      # keys are independent
    clock.t += 10                       # idle time refills only up to the burst
    assert [rl.hit("k").allowed for _ in range(4)] == [True, True, True, False]


def test_gcra_cost_counts_units_and_is_capped_at_the_burst():
    clock = Clock()
    rl = MemoryRateLimiter(rate=10, burst=5, clock=clock)
    assert rl.hit("k", 4).allowed
    d = rl.hit("k", 2)
    assert not d.allowed and d.retry_after == pytest.approx(0.1)
    clock.t += 10
    assert rl.hit("k", 50).allowed      # larger than the burst: charged as the whole burst
    assert not rl.hit("k").allowed


def test_limiter_follows_the_store_url():
    assert open_limiter("", 0, 1) is None
    assert open_limiter("sqlite:///x.db", 5, 10).backend == "memory"
    assert open_limiter("memory://", 5, 10).backend == "memory"
    r = open_limiter("redis://127.0.0.1:1/0?timeout=0.1&prefix=p", 5, 10)
    assert r.backend == "redis" and r.prefix == "p:rl"
    assert redis_client_url("redis://h:1/2?timeout=0.3&prefix=x&db=2") == ("redis://h:1/2?db=2", 0.3, "x")


# -- the HTTP contract ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def limited(engine):
    clock = Clock()
    app = make_app(engine, api_keys=KEYS, rate_limit=1, rate_burst=2, ratelimit_clock=clock)
    return app.test_client(), clock


def test_429_with_retry_after_per_key(limited):
    c, clock = limited
    clock.t += 100
    ok = [c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code for _ in range(2)]
    assert ok == [200, 200]
    r = c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY))
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "1"
    assert r.get_json()["error"]["code"] == "rate_limited"
    # another key has its own allowance
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(ADMIN_KEY)).status_code == 200
    clock.t += 1
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code == 200


def test_bad_requests_and_batches_are_charged(limited):
    c, clock = limited
    clock.t += 100
    assert c.post("/v1/check", data="{", content_type="application/json", headers=auth(CHECK_KEY)).status_code == 400
    assert c.post("/v1/check", data="{", content_type="application/json", headers=auth(CHECK_KEY)).status_code == 400
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code == 429
    clock.t += 100
    r = c.post("/v1/check/batch", json={"messages": [{"text": "a"}, {"text": "b"}, {"text": "c"}]},
               headers=auth(CHECK_KEY))
    assert r.status_code == 429  # three messages cost three units; the burst is two


def test_unauthenticated_requests_are_not_charged_to_a_key(limited):
    c, clock = limited
    clock.t += 100
    for _ in range(5):
        assert c.post("/v1/check", json={"text": "x"}, headers=auth("not-a-valid-key-000000")).status_code == 401
    assert c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code == 200


# -- Redis ----------------------------------------------------------------------------------------
def test_redis_limiter_is_shared_and_atomic(redis_url):
    prefix = f"t{uuid.uuid4().hex[:8]}:rl"
    url, _, _ = redis_client_url(redis_url)
    a = RedisRateLimiter(0.5, 3, url, prefix=prefix)
    b = RedisRateLimiter(0.5, 3, url, prefix=prefix)   # a second worker
    got = [x.hit("shop").allowed for x in (a, b, a, b)]
    assert got == [True, True, True, False]
    d = b.hit("shop")
    assert not d.allowed and 1.5 < d.retry_after <= 2.0
    assert a.hit("ops").allowed
    a.close(), b.close()


def test_redis_limiter_concurrent_hits_never_exceed_the_burst(redis_url):
    """Check-and-consume is one Lua script: 40 simultaneous hits, burst 10 -> exactly 10 pass."""
    import threading

    url, _, _ = redis_client_url(redis_url)
    prefix = f"t{uuid.uuid4().hex[:8]}:rl"
    limiters = [RedisRateLimiter(0.001, 10, url, prefix=prefix) for _ in range(4)]
    results, start = [], threading.Barrier(40)

    def go(i):
        start.wait()
        results.append(limiters[i % 4].hit("shop").allowed)
    threads = [threading.Thread(target=go, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(results) == 40 and results.count(True) == 10


def test_redis_limit_across_two_apps(engine, redis_url):
    """Two app instances on one redis:// store URL share one allowance per key."""
    url = f"{redis_url}?prefix=t{uuid.uuid4().hex[:8]}"
    settings = Settings(store_url=url, cache_dir=engine.settings.cache_dir)
    apps = [make_app(engine, settings=settings, api_keys=KEYS, rate_limit=0.1, rate_burst=2, guard=None)
            for _ in range(2)]
    assert apps[0].extensions["msgcheck"].limiter.backend == "redis"
    codes = [app.test_client().post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code
             for app in apps + apps]
    assert codes == [200, 200, 429, 429]
    r = apps[1].test_client().post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY))
    assert 1 <= int(r.headers["Retry-After"]) <= 10


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
