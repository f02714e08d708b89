"""The broadcast store behind the API: record=true reserves sends (memory, SQLite), frequency
limits show up as findings, and a store that is down fails the readiness probe but never fails
a check (fail-open: a note; fail-closed: a block finding)."""
from __future__ import annotations

import socket

import pytest

from checker.broadcast import BroadcastGuard, open_store
from checker.broadcast.stores import Store
from checker.errors import StoreError
from redis_fixture import redis_url  # noqa: F401
from web_fixtures import engine, make_app  # noqa: F401

TS = 1_763_780_000
#: Eleven different messages (near-duplicates would trip the repeat limit first).
TEXTS = ["早上好，今天的团购九点开始", "新到的苹果很甜，欢迎品尝", "明天下午三点直播试穿新款外套",
         "昨天的订单都已经发货了", "有问题可以在群里提出来", "周末店里有满减活动", "这款面霜适合干性皮肤",
         "记得查看物流信息哦", "晚上八点抽奖送小礼物", "本周销量第一的是羊毛围巾", "感谢大家一直以来的支持"]


def _send(c, i: int, record: bool = True, **kw):
    body = {"text": TEXTS[i % len(TEXTS)], "sender": "s1", "group": "g1", "ts": TS + i, "record": record}
    body.update(kw)
    r = c.post("/v1/check", json=body)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


@pytest.mark.parametrize("url", ["memory://", "sqlite"])
def test_record_reserves_and_the_flood_limit_trips(engine, tmp_path, url):
    if url == "sqlite":
        url = f"sqlite:///{tmp_path}/bc.db"
    store = open_store(url)
    c = make_app(engine, guard=BroadcastGuard(store)).test_client()
    for i in range(10):
        assert _send(c, i)["verdict"] == "pass"
    assert store.event_count() == 10
    eleventh = _send(c, 10)
    assert eleventh["verdict"] == "review"
    f = [f for f in eleventh["findings"] if f["category"] == "broadcast"]
    assert f and f[0]["rule"] == "broadcast.flood" and f[0]["start"] is None
    assert store.event_count() == 10  # a send over the limit is not recorded


def test_without_record_nothing_is_reserved(engine):
    store = open_store("memory://")
    c = make_app(engine, guard=BroadcastGuard(store)).test_client()
    for i in range(15):
        assert _send(c, i, record=False)["verdict"] == "pass"
    assert store.event_count() == 0


def test_blocked_content_is_not_recorded(engine):
    store = open_store("memory://")
    c = make_app(engine, guard=BroadcastGuard(store)).test_client()
    r = _send(c, 0, text="加我微信 mm5566")
    assert r["verdict"] == "block" and store.event_count() == 0


@pytest.mark.parametrize("url", ["memory://", "sqlite", "redis"])
def test_readyz_probes_a_live_store_without_recording(engine, tmp_path, request, url):
    if url == "sqlite":
        url = f"sqlite:///{tmp_path}/bc.db"
    elif url == "redis":
        url = request.getfixturevalue("redis_url") + "?prefix=readyz"
    store = open_store(url)
    c = make_app(engine, guard=BroadcastGuard(store)).test_client()
    r = c.get("/readyz")
    assert r.status_code == 200
    s = r.get_json()["checks"]["store"]
    assert s["configured"] is True and s["ok"] is True and s["probe"] in ("ping", "evaluate")
    assert store.event_count() == 0


class DownStore(Store):
    """A store whose backend is unreachable: every call fails like a dead Redis."""

    url = "redis://10.255.255.1:6379/0"

    def evaluate(self, q, record):
        raise StoreError(f"{self.url}: ConnectionError: refused")

    def ping(self):
        raise StoreError(f"{self.url}: ConnectionError: refused")

    def event_count(self):
        raise StoreError("down")

    def clear(self):
        raise StoreError("down")


@pytest.fixture(scope="module")
def down_open(engine):
    return make_app(engine, guard=BroadcastGuard(DownStore(), fail_open=True)).test_client()


def test_store_down_readyz_is_503_healthz_is_200(down_open):
    r = down_open.get("/readyz")
    assert r.status_code == 503
    body = r.get_json()
    assert body["status"] == "not_ready"
    assert body["checks"]["store"] == {"ok": False, "configured": True, "url": DownStore.url,
                                       "error": "StoreError"}
    assert down_open.get("/healthz").status_code == 200


def test_store_down_fail_open_still_answers_with_a_note(down_open):
    body = _send(down_open, 0)
    assert body["verdict"] == "pass"
    assert any("broadcast check skipped" in n for n in body["notes"])
    assert down_open.post("/v1/check", json={"text": "加我微信"}).get_json()["verdict"] == "block"


def test_store_down_fail_closed_blocks(engine):
    c = make_app(engine, guard=BroadcastGuard(DownStore(), fail_open=False)).test_client()
    body = _send(c, 0)
    assert body["verdict"] == "block"
    assert [f["rule"] for f in body["findings"]] == ["broadcast.unavailable"]


def test_real_redis_down_answers_fast(engine):
    """An unreachable redis:// store: the check still answers 200 (fail-open) with a note."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = open_store(f"redis://127.0.0.1:{port}/0?timeout=0.2")
    c = make_app(engine, guard=BroadcastGuard(store, fail_open=True)).test_client()
    body = _send(c, 0)
    assert body["verdict"] == "pass" and any("skipped" in n for n in body["notes"])
    ready = c.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["store"]["ok"] is False


# -- one Redis round trip: the rate-limit charge rides with the broadcast evaluate -----------------
def _command_calls(client) -> dict[str, int]:
    """Calls per command; commands run inside a script count too (so a delta shows the script's
    work as well as the one EVALSHA that carried it)."""
    stats = client.info("commandstats")
    return {k.removeprefix("cmdstat_"): v["calls"] for k, v in stats.items() if k != "cmdstat_info"}


def _delta(before: dict, after: dict) -> dict:
    return {k: n - before.get(k, 0) for k, n in after.items() if n != before.get(k, 0)}


@pytest.fixture
def redis_app(engine, redis_url):
    import uuid

    import redis as redis_py

    from checker.config import Settings
    from redis_fixture import FakeClock
    from web_fixtures import KEYS

    url = f"{redis_url}?prefix=ride{uuid.uuid4().hex[:8]}&timeout=2"
    store = open_store(url)
    clock = FakeClock()
    app = make_app(engine, settings=Settings(store_url=url, cache_dir=engine.settings.cache_dir), api_keys=KEYS,
                   guard=BroadcastGuard(store), rate_limit=0.001, rate_burst=4, ratelimit_clock=clock)
    client = redis_py.Redis.from_url(redis_url)
    yield app, store, client
    store.clear(), store.close(), client.close()


def test_redis_request_with_sender_and_group_is_one_round_trip(redis_app):
    from web_fixtures import CHECK_KEY, auth

    app, store, r = redis_app
    assert app.extensions["msgcheck"].ride_charge is not None
    c = app.test_client()
    h = auth(CHECK_KEY)
    body = {"text": TEXTS[0], "sender": "s1", "group": "g1", "ts": TS, "record": True}
    assert c.post("/v1/check", json=body, headers=h).status_code == 200  # loads the scripts,
    assert c.post("/v1/check", json={"text": TEXTS[5]}, headers=h).status_code == 200  # connects
    before = _command_calls(r)
    assert c.post("/v1/check", json=dict(body, text=TEXTS[1], ts=TS + 1), headers=h).status_code == 200
    d = _delta(before, _command_calls(r))
    assert d["evalsha"] == 1 and "eval" not in d, "rate limit + check-and-record: one script, one round trip"
    assert d["set"] == 1 and d["zadd"] == 2, "…which charged the key (SET) and recorded the send (ZADD)"
    before = _command_calls(r)
    # burst 4: the fourth unit is spent by a request without sender/group, which touches nothing
    # but the limiter (its own one script), and draws on the same allowance as the ride-along
    assert c.post("/v1/check", json={"text": TEXTS[2]}, headers=h).status_code == 200
    assert _delta(before, _command_calls(r)) == {"evalsha": 1, "get": 1, "set": 1}, "the limiter's script only"
    assert store.event_count() == 2
    refused = c.post("/v1/check", json=dict(body, text=TEXTS[3], ts=TS + 2), headers=h)
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert store.event_count() == 2, "a rate-limited send is not recorded"
    assert c.post("/v1/check", json={"text": TEXTS[4]}, headers=h).status_code == 429


def test_ride_along_falls_back_to_the_limiter_while_the_store_backs_off(redis_app):
    """The guard skips a store that failed a moment ago; the charge is then made by the limiter,
    so the request is still counted (and still refused at the limit)."""
    from web_fixtures import CHECK_KEY, auth

    app, store, r = redis_app
    guard = app.extensions["msgcheck"].guard
    guard._down_since, guard._down_reason = guard._monotonic(), "test: store backing off"
    c = app.test_client()
    body = {"text": TEXTS[0], "sender": "s1", "group": "g1", "ts": TS, "record": True}
    got = [c.post("/v1/check", json=body, headers=auth(CHECK_KEY)) for _ in range(5)]
    assert [x.status_code for x in got] == [200, 200, 200, 200, 429]
    assert "broadcast check skipped" in " ".join(got[0].get_json()["notes"])
    assert store.event_count() == 0
