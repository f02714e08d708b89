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
