"""One suite, every store (memory, sqlite, redis, redis+cluster): limits, sliding-window edges,
frees-up times, check-and-reserve, expiry. Redis runs against a real redis-server, Redis Cluster
against a real three-node cluster, both started by the fixtures."""
from __future__ import annotations

import random
import threading

import pytest

from checker.broadcast import BroadcastGuard, Limits
from checker.broadcast.fingerprint import fingerprint, near_duplicate
from checker.broadcast.guard import format_time
from checker.broadcast.stores import Query

from redis_fixture import FakeClock, clock, redis_url, store  # noqa: F401

T0 = 1_763_780_000.0
from broadcast_corpus import CHAT, PROMOS  # noqa: E402

PROMO = PROMOS[0]


def rules(res):
    return sorted(f.rule for f in res.findings)


def only(res, rule):
    [f] = [f for f in res.findings if f.rule == rule]
    return f


@pytest.fixture
def guard(store, clock):
    return BroadcastGuard(store, clock=clock)


# ---- flood ---------------------------------------------------------------------------------

def test_flood_crosses_on_more_than_n(guard, store):
    lim = Limits(flood_messages=3, flood_window=600)
    for i in range(3):
        res = guard.check("s", "g", CHAT[i], ts=T0 + i, limits=lim)
        assert res.findings == () and res.recorded and res.skipped is None
    res = guard.check("s", "g", CHAT[3], ts=T0 + 3, limits=lim)
    f = only(res, "broadcast.flood")
    assert not res.recorded
    assert f.category == "broadcast" and f.severity == "review" and f.start is None and f.text == ""
    assert f.extra["count"] == 4 and f.extra["limit"] == 3 and f.extra["window"] == 600
    assert f.extra["frees_at_ts"] == T0 + 600 and f.extra["frees_at"] == format_time(T0 + 600)
    assert f.message == f"4 messages to this group in 10 min (limit 3); frees up at {format_time(T0 + 600)}"
    assert store.event_count() == 3
    # other groups and other senders are unaffected
    assert guard.check("s", "g2", CHAT[4], ts=T0 + 4, limits=lim).findings == ()
    assert guard.check("s2", "g", CHAT[5], ts=T0 + 5, limits=lim).findings == ()


def test_flood_window_slides_at_its_edges(guard):
    lim = Limits(flood_messages=3, flood_window=600)
    for i, dt in enumerate((0, 10, 20)):
        assert guard.check("s", "g", CHAT[i], ts=T0 + dt, limits=lim).recorded
    # just before the oldest send leaves the window: still crossed, frees up exactly at T0+600
    res = guard.check("s", "g", CHAT[3], ts=T0 + 599.999, limits=lim, record=False)
    assert only(res, "broadcast.flood").extra["frees_at_ts"] == T0 + 600
    # at T0+600 the send from T0 no longer counts: (t - window, t] is half-open
    res = guard.check("s", "g", CHAT[3], ts=T0 + 600, limits=lim)
    assert res.findings == () and res.recorded
    # now T0+10, T0+20, T0+600 count: the next frees up when T0+10 leaves
    res = guard.check("s", "g", CHAT[4], ts=T0 + 600.5, limits=lim)
    assert only(res, "broadcast.flood").extra["frees_at_ts"] == T0 + 610


def test_frees_at_is_when_enough_old_sends_have_left(guard):
    """With checks that do not record, the count can exceed the limit by more than one."""
    lim = Limits(flood_messages=2, flood_window=100)
    for i in range(2):
        guard.check("s", "g", CHAT[i], ts=T0 + i * 10, limits=lim)
    res = guard.check("s", "g", CHAT[5], ts=T0 + 50, limits=lim, record=False)
    f = only(res, "broadcast.flood")
    assert (f.extra["count"], f.extra["frees_at_ts"]) == (3, T0 + 100)
    # a tighter limit over the same events: two of them must leave, the later at T0+10
    res = guard.check("s", "g", CHAT[5], ts=T0 + 50, limits=Limits(flood_messages=1, flood_window=100),
                      record=False)
    assert only(res, "broadcast.flood").extra["frees_at_ts"] == T0 + 110


# ---- fan-out -------------------------------------------------------------------------------

def _variant(i: int) -> str:
    """The promo with per-group noise: emoji, punctuation, a number."""
    return f"🔥{PROMO.replace('，', '~' * (i % 3 + 1))} {i}号群专享🎉"


def test_fanout_counts_distinct_groups_of_near_duplicates(guard, store):
    lim = Limits(fanout_groups=3, fanout_window=3600)
    for i in range(3):
        assert guard.check("shop", f"g{i}", _variant(i), ts=T0 + i, limits=lim).findings == ()
    # an unrelated message to a fourth group is not part of the broadcast
    assert guard.check("shop", "g3", CHAT[0], ts=T0 + 3, limits=lim).findings == ()
    res = guard.check("shop", "g4", _variant(4), ts=T0 + 4, limits=lim)
    f = only(res, "broadcast.fanout")
    assert not res.recorded and f.extra["count"] == 4 and f.extra["frees_at_ts"] == T0 + 3600
    assert f.message.startswith("same text sent to 4 groups in 60 min (limit 3); frees up at ")
    # sending again to a group that already has it does not widen the fan-out
    res = guard.check("shop", "g1", _variant(1), ts=T0 + 5, limits=lim)
    assert res.findings == () and res.recorded
    # another sender's identical promo is its own business
    assert guard.check("other", "g4", _variant(4), ts=T0 + 6, limits=lim).findings == ()


def test_fanout_frees_when_the_groups_last_send_leaves(guard):
    lim = Limits(fanout_groups=3, fanout_window=3600)
    for g, dt in (("g1", 0), ("g2", 10), ("g1", 20), ("g3", 30)):
        assert guard.check("shop", g, _variant(dt), ts=T0 + dt, limits=lim).recorded
    # g1 was last reached at T0+20, so g2 (T0+10) is the first group to leave the window
    res = guard.check("shop", "g4", _variant(40), ts=T0 + 40, limits=lim)
    assert only(res, "broadcast.fanout").extra["frees_at_ts"] == T0 + 3610
    assert guard.check("shop", "g4", _variant(40), ts=T0 + 3609.9, limits=lim, record=False).findings
    assert guard.check("shop", "g4", _variant(40), ts=T0 + 3610, limits=lim).recorded


def test_fanout_applies_to_short_texts_too(guard):
    lim = Limits(fanout_groups=2)
    assert fingerprint("进群领红包").short
    for i in range(2):
        assert guard.check("s", f"g{i}", "进群领红包!", ts=T0 + i, limits=lim).findings == ()
    assert rules(guard.check("s", "g9", "进群领红包~~", ts=T0 + 5, limits=lim)) == ["broadcast.fanout"]


# ---- repeat --------------------------------------------------------------------------------

def test_repeat_same_text_in_one_group(guard):
    lim = Limits(repeat_count=3, repeat_window=86400)
    for i in range(3):
        res = guard.check("s", "g", _variant(i), ts=T0 + i * 3600, limits=lim)
        assert res.findings == () and res.recorded
    assert guard.check("s", "g", CHAT[0], ts=T0 + 4 * 3600, limits=lim).findings == ()
    res = guard.check("s", "g", _variant(9), ts=T0 + 5 * 3600, limits=lim)
    f = only(res, "broadcast.repeat")
    assert (f.extra["count"], f.extra["frees_at_ts"]) == (4, T0 + 86400)
    assert f.message == f"same text sent 4 times to this group in 24 h (limit 3); frees up at {format_time(T0 + 86400)}"
    assert guard.check("s", "g", _variant(9), ts=T0 + 86400, limits=lim).recorded


def test_repeat_window_slides_at_its_edge(guard):
    lim = Limits(repeat_count=2, repeat_window=86400)
    for i in range(2):
        assert guard.check("s", "g", _variant(i), ts=T0 + i, limits=lim).recorded
    res = guard.check("s", "g", _variant(5), ts=T0 + 86399.999, limits=lim, record=False)
    assert only(res, "broadcast.repeat").extra["frees_at_ts"] == T0 + 86400
    assert guard.check("s", "g", _variant(5), ts=T0 + 86400, limits=lim).findings == ()


def test_short_replies_are_exempt_from_repeat(guard):
    for i in range(12):
        res = guard.check("member", "g", "收到，谢谢群主", ts=T0 + i * 300)
        assert res.findings == (), i
    assert guard.check("member", "g", "好的好的", ts=T0 + 12 * 300).recorded


def test_several_limits_at_once(guard):
    lim = Limits(fanout_groups=1, flood_messages=1, repeat_count=1)
    assert guard.check("s", "g", PROMO, ts=T0, limits=lim).recorded
    res = guard.check("s", "g2", PROMO, ts=T0 + 1, limits=lim)
    assert rules(res) == ["broadcast.fanout"]
    res = guard.check("s", "g", PROMO, ts=T0 + 2, limits=lim)
    assert rules(res) == ["broadcast.flood", "broadcast.repeat"]


# ---- recording -----------------------------------------------------------------------------

def test_record_false_never_writes(guard, store):
    lim = Limits(flood_messages=2)
    for i in range(5):
        assert guard.check("s", "g", CHAT[i], ts=T0 + i, limits=lim, record=False).findings == ()
    assert store.event_count() == 0


def test_crossing_sends_are_not_recorded(guard, store):
    lim = Limits(flood_messages=2)
    results = [guard.check("s", "g", CHAT[i], ts=T0 + i, limits=lim) for i in range(6)]
    assert [r.recorded for r in results] == [True, True, False, False, False, False]
    assert [only(r, "broadcast.flood").extra["count"] for r in results[2:]] == [3] * 4
    assert store.event_count() == 2


def test_ts_none_uses_the_injected_clock(store):
    clock = FakeClock(T0)
    guard = BroadcastGuard(store, clock=clock)
    lim = Limits(flood_messages=1, flood_window=60)
    assert guard.check("s", "g", CHAT[0], limits=lim).recorded
    assert rules(guard.check("s", "g", CHAT[1], limits=lim)) == ["broadcast.flood"]
    clock.advance(60)
    assert guard.check("s", "g", CHAT[1], limits=lim).recorded


def test_keys_with_separator_characters_do_not_collide(guard):
    lim = Limits(flood_messages=1)
    odd = [("a", "b:c"), ("a:b", "c"), ("a|b", "{c}"), ("a", "b|c"), ("发送者 1", "群/组%20"),
           ("{a}", "b")]
    for sender, group in odd:
        assert guard.check(sender, group, CHAT[0], ts=T0, limits=lim).recorded, (sender, group)
    for sender, group in odd:
        assert rules(guard.check(sender, group, CHAT[1], ts=T0 + 1, limits=lim)) == ["broadcast.flood"]


def test_threads_cannot_overshoot_a_limit(store):
    """Check-and-reserve is atomic: 4 threads x 10 sends under a limit of 7 record exactly 7."""
    guard = BroadcastGuard(store, clock=FakeClock(T0))
    lim = Limits(flood_messages=7, flood_window=600)
    recorded = []
    barrier = threading.Barrier(4)

    def worker(n):
        barrier.wait()
        for i in range(10):
            recorded.append(guard.check("s", "g", CHAT[(n * 10 + i) % len(CHAT)] + str(n), limits=lim).recorded)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(recorded) == 7 and store.event_count() == 7


# ---- expiry --------------------------------------------------------------------------------

def test_old_events_expire(guard, store, request):
    lim = Limits()
    for s in range(20):
        for i in range(5):
            guard.check(f"quiet{s}", f"g{i}", CHAT[i], ts=T0 + i, limits=lim)
    for i in range(5):
        guard.check("active", "g", CHAT[i], ts=T0 + i, limits=lim)
    assert store.event_count() == 105
    later = T0 + 86400 + 10
    assert guard.check("active", "g", CHAT[5], ts=later, limits=lim).recorded
    if request.node.callspec.params["store"].startswith("redis"):
        # the active sender's old events were trimmed by the write; quiet senders' keys go by TTL
        client = store._client
        keys = list(client.scan_iter(match=f"{store.prefix}:*"))
        assert keys and all(0 < client.pttl(k) <= 86400 * 1000 for k in keys)
        assert client.zcard(store._keys("active", "g")[0]) == 1
        assert store.event_count() == 101
    else:
        assert store.event_count() == 1


# ---- the same answers as an independent reference model ------------------------------------

class Reference:
    """Brute force over every recorded send, straight from docs/ARCHITECTURE.md §1, broadcast (no shared code but the
    similarity measure itself)."""

    def __init__(self):
        self.events = []  # (sender, group, ts, text)

    def check(self, sender, group, text, ts, lim, record):
        fp = fingerprint(text)

        def same(other):
            ofp = fingerprint(other)
            return fp is not None and ofp is not None and near_duplicate(fp.sketch, ofp.sketch)

        def inw(e, w):
            return ts - w < e[2] <= ts

        mine = [e for e in self.events if e[0] == sender]
        flood = sorted(e[2] for e in mine if e[1] == group and inw(e, lim.flood_window))
        rep = sorted(e[2] for e in mine if e[1] == group and inw(e, lim.repeat_window) and same(e[3]))
        last = {}
        for e in mine:
            if e[1] != group and inw(e, lim.fanout_window) and same(e[3]):
                last[e[1]] = max(last.get(e[1], 0), e[2])
        out = {}
        if len(flood) + 1 > lim.flood_messages:
            out["broadcast.flood"] = (len(flood) + 1, flood[len(flood) - lim.flood_messages] + lim.flood_window)
        if fp is not None and not fp.short and len(rep) + 1 > lim.repeat_count:
            out["broadcast.repeat"] = (len(rep) + 1, rep[len(rep) - lim.repeat_count] + lim.repeat_window)
        fan = sorted(last.values())
        if fp is not None and len(fan) + 1 > lim.fanout_groups:
            out["broadcast.fanout"] = (len(fan) + 1, fan[len(fan) - lim.fanout_groups] + lim.fanout_window)
        recorded = record and not out
        if recorded:
            self.events.append((sender, group, ts, text))
        return out, recorded


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_sequences_match_the_reference(guard, seed):
    rng = random.Random(seed)
    lim = Limits(fanout_groups=2, fanout_window=300, flood_messages=3, flood_window=240,
                 repeat_count=2, repeat_window=600)
    # 好的 / 好的呀 are exactly at the similarity threshold (1 shared bigram of 2)
    texts = [_variant(0), _variant(1), PROMO, "好的", "好的呀", "进群领红包", *CHAT[:3]]
    ref = Reference()
    seen = {"broadcast.flood": 0, "broadcast.fanout": 0, "broadcast.repeat": 0}
    ts = T0
    for step in range(400):
        # every gap and window is a multiple of 15 s, so events often sit exactly on an edge
        ts += rng.choice([0, 0, 15, 15, 30, 60, 120])
        sender, group = rng.choice("ab"), rng.choice(["g1", "g2", "g3"])
        text, record = rng.choice(texts), rng.random() < 0.85
        res = guard.check(sender, group, text, ts=ts, limits=lim, record=record)
        got = {f.rule: (f.extra["count"], f.extra["frees_at_ts"]) for f in res.findings}
        want, want_recorded = ref.check(sender, group, text, ts, lim, record)
        assert (got, res.recorded) == (want, want_recorded), f"step {step}"
        for rule in got:
            seen[rule] += 1
    assert min(seen.values()) >= 5, seen  # the sequence really exercised every limit


def test_ping_reaches_the_store_and_writes_nothing(store):
    store.ping()
    assert store.event_count() == 0


def test_query_without_fingerprint_only_counts_flood(store):
    lim = Limits(fanout_groups=1, flood_messages=1, repeat_count=1)
    q = Query("s", "g", T0, "", False, lim)
    assert store.evaluate(q, record=True).recorded
    c = store.evaluate(Query("s", "g2", T0 + 1, "", False, lim), record=True)
    assert (c.fanout, c.repeat, c.flood, c.recorded) == (0, 0, 1, True)
