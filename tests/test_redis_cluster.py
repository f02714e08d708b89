"""redis+cluster:// against a real three-node Redis Cluster (redis_cluster_fixture.py): one
evaluation stays in one hash slot, senders spread over the nodes, an unreachable cluster fails
open, and the API gives the same answers as with sqlite:// for the same sends, 429s included.
The store and rate-limit suites (test_broadcast_stores.py, test_web_ratelimit.py) run the
cluster too, held to the same answers as every other backend."""
from __future__ import annotations

import random
import socket
import uuid

import pytest

from checker.broadcast import BroadcastGuard, Limits, open_store
from checker.config import Settings
from checker.errors import StoreError
from broadcast_corpus import CHAT, PROMOS
from redis_fixture import FakeClock
from web_fixtures import CHECK_KEY, KEYS, auth, engine, make_app  # noqa: F401

T0 = 1_763_780_000.0


def _cluster_store(url: str):
    return open_store(f"{url}?prefix=c{uuid.uuid4().hex[:10]}&timeout=2")


def test_one_evaluation_touches_one_slot_and_senders_spread(redis_cluster_url):
    from redis.crc import key_slot

    store = _cluster_store(redis_cluster_url)
    guard = BroadcastGuard(store)
    senders = [f"shop{i}" for i in range(40)] + ["{g1}", "a}b{c", "发送者"]
    for i, s in enumerate(senders):
        slots = {key_slot(k.encode()) for k in store._keys(s, "g1")}
        assert len(slots) == 1, s                       # the script's three keys: one slot
        assert key_slot(store._keys(s, "g2")[0].encode()) in slots   # another group: the same slot
        assert guard.check(s, "g1", PROMOS[0], ts=T0 + i).recorded
        assert guard.check(s, "g2", PROMOS[0], ts=T0 + i).recorded
    client = store._client
    per_node = {n.name: 0 for n in client.get_primaries()}
    for k in client.scan_iter(match=f"{store.prefix}:*"):
        per_node[client.get_node_from_key(k).name] += 1
    assert len(per_node) == 3 and all(n > 0 for n in per_node.values()), per_node  # spread, not pinned
    assert store.event_count() == 2 * len(senders)
    store.clear()
    assert store.event_count() == 0
    store.close()


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_cluster_opens_then_fails_open():
    """Opening contacts nothing (the API still starts); the first check is skipped with a note."""
    store = open_store(f"redis+cluster://127.0.0.1:{_dead_port()},127.0.0.1:{_dead_port()}?timeout=0.2")
    res = BroadcastGuard(store, fail_open=True).check("s", "g", PROMOS[0], ts=T0)
    assert res.findings == () and not res.recorded and "unavailable" in res.skipped
    with pytest.raises(StoreError, match=r"redis\+cluster://127\.0\.0\.1"):
        store.ping()
    store.close()


def test_readyz_probes_the_cluster(engine, redis_cluster_url):
    store = _cluster_store(redis_cluster_url)
    c = make_app(engine, guard=BroadcastGuard(store)).test_client()
    r = c.get("/readyz")
    assert r.status_code == 200 and r.get_json()["checks"]["store"]["ok"] is True
    assert store.event_count() == 0
    store.close()


# -- done when: the API on the cluster answers as on SQLite ---------------------------------------
def _sends(n: int = 240, seed: int = 7) -> list[dict]:
    """A day of sends with timestamps: a shop fanning promos out over many groups, a member
    flooding one group, a promo repeated in one group, diversion text (blocked, never recorded),
    chat and bursts of sends at one instant (for the rate limit)."""
    rng = random.Random(seed)
    groups = [f"g{i}" for i in range(14)]
    out, ts = [], T0
    for i in range(n):
        # ~30 min in all (the limits cross), and every 30th send opens a burst of 7 at one instant
        ts += 0 if i % 30 < 7 else rng.choice([0, 1, 2, 5, 10, 30])
        kind = rng.choice(["fan", "fan", "flood", "repeat", "chat", "chat", "block"])
        if kind == "fan":
            body = {"sender": "shop", "group": rng.choice(groups), "text": PROMOS[0]}
        elif kind == "flood":
            body = {"sender": "chatty", "group": "g0", "text": rng.choice(CHAT) + str(i)}
        elif kind == "repeat":
            body = {"sender": "seller", "group": "g3", "text": PROMOS[5]}
        elif kind == "block":
            body = {"sender": rng.choice(["shop", "chatty"]), "group": rng.choice(groups),
                    "text": f"加我微信 abc{100 + i}，私聊发你优惠"}
        else:
            body = {"sender": f"m{rng.randrange(30)}", "group": rng.choice(groups), "text": rng.choice(CHAT)}
        out.append(dict(body, ts=ts, record=True))
    return out


def _run(engine, url: str, sends: list[dict]):
    """Every send through the API on `url` (rate limit 1/s, burst 4, on the sends' own clock)."""
    clock = FakeClock(T0)
    store = open_store(url)
    app = make_app(engine, settings=Settings(store_url=url, cache_dir=engine.settings.cache_dir),
                   guard=BroadcastGuard(store), api_keys=KEYS, rate_limit=1, rate_burst=4, ratelimit_clock=clock)
    st = app.extensions["msgcheck"]
    c = app.test_client()
    got = []
    for body in sends:
        clock.now = body["ts"]
        r = c.post("/v1/check", json=body, headers=auth(CHECK_KEY))
        got.append((r.status_code, r.headers.get("Retry-After"), r.get_json()))
    events = store.event_count()
    store.close()
    return st, got, events


def test_the_api_on_the_cluster_answers_as_on_sqlite(engine, redis_cluster_url, tmp_path):
    sends = _sends()
    cluster_url = f"{redis_cluster_url}?prefix=api{uuid.uuid4().hex[:8]}&timeout=2"
    st_c, on_cluster, events_c = _run(engine, cluster_url, sends)
    st_s, on_sqlite, events_s = _run(engine, f"sqlite://{tmp_path}/bc.db", sends)
    assert st_c.limiter.backend == "redis+cluster" and st_c.guard.store.url.startswith("redis+cluster://")
    assert st_c.ride_charge is None, "no ride-along charge in a cluster: two calls"
    for i, (c, s) in enumerate(zip(on_cluster, on_sqlite)):
        assert c == s, f"send {i}: {sends[i]}"
    assert events_c == events_s
    # the sequence really exercised every answer: each limit, content blocks, and 429s
    statuses = [code for code, _, _ in on_cluster]
    rules = {f["rule"] for code, _, body in on_cluster if code == 200 for f in body["findings"]}
    verdicts = {body["verdict"] for code, _, body in on_cluster if code == 200}
    assert {"broadcast.fanout", "broadcast.flood", "broadcast.repeat"} <= rules, rules
    assert verdicts == {"pass", "review", "block"}
    assert statuses.count(429) >= 8 and statuses.count(200) >= 150, statuses.count(429)
    assert all(retry == "1" for code, retry, _ in on_cluster if code == 429)


def test_a_rate_limited_send_records_nothing_on_the_cluster(engine, redis_cluster_url):
    url = f"{redis_cluster_url}?prefix=rl{uuid.uuid4().hex[:8]}&timeout=2"
    store = open_store(url)
    app = make_app(engine, settings=Settings(store_url=url, cache_dir=engine.settings.cache_dir),
                   guard=BroadcastGuard(store), api_keys=KEYS, rate_limit=0.001, rate_burst=2,
                   ratelimit_clock=FakeClock(T0))
    c = app.test_client()
    body = {"text": CHAT[0], "sender": "s1", "group": "g1", "ts": T0, "record": True}
    codes = [c.post("/v1/check", json=dict(body, text=CHAT[i], ts=T0 + i), headers=auth(CHECK_KEY)).status_code
             for i in range(4)]
    assert codes == [200, 200, 429, 429]
    assert store.event_count() == 2
    store.clear(), store.close()


def test_cluster_limits_match_the_single_store_rule(redis_cluster_url):
    """The cluster runs redis_store.py's script: a flood over the default limit frees up exactly
    when the base rule says (one spot check; test_broadcast_stores.py has the whole suite)."""
    store = _cluster_store(redis_cluster_url)
    guard = BroadcastGuard(store)
    lim = Limits(flood_messages=2, flood_window=60)
    assert [guard.check("s", "g", CHAT[i], ts=T0 + i, limits=lim).recorded for i in range(3)] == [True, True, False]
    [f] = guard.check("s", "g", CHAT[3], ts=T0 + 10, limits=lim).findings
    assert f.rule == "broadcast.flood" and f.extra["frees_at_ts"] == T0 + 60
    store.clear(), store.close()
