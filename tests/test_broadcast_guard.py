"""The guard's contract: Limits from config, findings and messages, store URLs, and what
happens when the store is down (fail-open / fail-closed, logged once, bounded wait)."""
from __future__ import annotations

import logging
import socket
import time

import pytest

from checker.broadcast import BroadcastGuard, GuardResult, Limits, format_window, open_store
from checker.broadcast.stores import Counts, Store
from checker.errors import ConfigError, StoreError
from checker.types import Verdict

from redis_fixture import FakeClock

T0 = 1_763_780_000.0
from broadcast_corpus import PROMOS  # noqa: E402

PROMO = PROMOS[0]
SECRET = "加我微信领红包秘密口令"


# ---- Limits ----------------------------------------------------------------------------------

def test_defaults_are_design_section_3():
    assert Limits().to_dict() == {"fanout_groups": 10, "fanout_window": 3600, "flood_messages": 10,
                                  "flood_window": 600, "repeat_count": 3, "repeat_window": 86400}


def test_from_dict_overrides_some_keys():
    lim = Limits.from_dict({"flood_messages": 20, "repeat_window": 3600.5})
    assert (lim.flood_messages, lim.repeat_window, lim.fanout_groups) == (20, 3600.5, 10)
    assert Limits.from_dict(None) == Limits() == Limits.from_dict({})
    assert Limits.from_dict(lim.to_dict()) == lim


@pytest.mark.parametrize("d,key", [
    ({"fanout": 3}, "fanout"),
    ({"flood_messages": "10"}, "flood_messages"),
    ({"flood_messages": 2.5}, "flood_messages"),
    ({"repeat_count": 0}, "repeat_count"),
    ({"repeat_count": True}, "repeat_count"),
    ({"fanout_window": -1}, "fanout_window"),
    ({"fanout_window": float("inf")}, "fanout_window"),
    ({"flood_window": "10m"}, "flood_window"),
])
def test_from_dict_names_the_bad_key(d, key):
    with pytest.raises(ConfigError, match=repr(key)):
        Limits.from_dict(d)


def test_from_dict_rejects_non_mappings():
    with pytest.raises(ConfigError):
        Limits.from_dict([("flood_messages", 3)])


@pytest.mark.parametrize("seconds,text", [(3600, "60 min"), (600, "10 min"), (86400, "24 h"),
                                          (7200, "2 h"), (90, "90 s"), (5400, "90 min"), (1.5, "1.5 s")])
def test_format_window(seconds, text):
    assert format_window(seconds) == text


# ---- findings --------------------------------------------------------------------------------

def test_fanout_finding_matches_the_contract():
    clock = FakeClock(1_795_313_400.0)  # 2026-11-22T02:10:00Z
    guard = BroadcastGuard(open_store("memory://"), clock=clock)
    for i in range(10):
        assert guard.check("shop", f"g{i}", PROMO).recorded
        clock.advance(60)
    res = guard.check("shop", "g10", PROMO + "!!")
    assert isinstance(res, GuardResult) and res.skipped is None and not res.recorded
    [f] = res.findings
    d = f.to_dict()
    assert d.items() >= {
        "category": "broadcast", "rule": "broadcast.fanout", "severity": "review",
        "start": None, "end": None, "text": "",
        "message": "same text sent to 11 groups in 60 min (limit 10); frees up at 2026-11-22T03:10:00Z",
        "suggestion": "send it to fewer groups, or wait until 2026-11-22T03:10:00Z",
        "score": 1.0,
        "extra": {"limit_name": "fanout", "count": 11, "limit": 10, "window": 3600,
                  "frees_at": "2026-11-22T03:10:00Z", "frees_at_ts": 1_795_317_000.0},
    }.items()
    assert Verdict.worst(x.severity for x in res.findings) is Verdict.REVIEW


def test_frees_at_rounds_up_to_the_second():
    guard = BroadcastGuard(open_store("memory://"))
    lim = Limits(flood_messages=1, flood_window=600)
    guard.check("s", "g", "第一条消息内容", ts=T0 + 0.25, limits=lim)
    [f] = guard.check("s", "g", "第二条消息内容", ts=T0 + 1, limits=lim).findings
    assert f.extra["frees_at_ts"] == T0 + 600.25 and f.extra["frees_at"].endswith(":21Z")


def test_missing_sender_or_group_skips_without_writing():
    store = open_store("memory://")
    guard = BroadcastGuard(store)
    for sender, group in (("", "g"), ("s", None), (None, None)):
        res = guard.check(sender, group, PROMO, ts=T0)
        assert res == GuardResult((), False, res.skipped) and "sender and group" in res.skipped
    assert store.event_count() == 0


@pytest.mark.parametrize("ts", [float("nan"), float("inf"), -5.0, 1e13])
def test_bad_timestamps_are_rejected(ts):
    with pytest.raises(ValueError):
        BroadcastGuard(open_store("memory://")).check("s", "g", PROMO, ts=ts)


def test_guard_accepts_a_url():
    guard = BroadcastGuard("memory://", clock=FakeClock())
    assert guard.check("s", "g", PROMO).recorded


# ---- store URLs ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "", "memory", "postgres://x/y", "memory://x", "memory://?a=1", "sqlite://", "sqlite:///",
    "sqlite:///tmp/x.db?timeout=0", "sqlite:///tmp/x.db?timeout=abc", "sqlite:///tmp/x.db?mode=ro",
    "redis://127.0.0.1:99999/0", "redis://127.0.0.1:6379/0?timeout=-1", "redis://h:1/0?prefix=",
    "redis://h:1/0?socket_timeout=9",
])
def test_bad_urls_raise_config_error(url):
    with pytest.raises(ConfigError):
        open_store(url)
    with pytest.raises(ConfigError):
        open_store(123)  # type: ignore[arg-type]


def test_sqlite_url_paths(tmp_path, monkeypatch):
    s = open_store(f"sqlite://{tmp_path}/a.db?timeout=0.5")  # sqlite:///tmp/...: absolute
    assert s.path == f"{tmp_path}/a.db" and s.timeout == 0.5
    s.close()
    monkeypatch.chdir(tmp_path)
    s = open_store("sqlite://rel.db")
    assert s.path == "rel.db" and (tmp_path / "rel.db").exists()
    s.close()


def test_sqlite_unopenable_path_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        open_store(f"sqlite://{tmp_path}/missing-dir/x.db")


def test_redis_password_never_shown():
    s = open_store("redis://:hunter2@127.0.0.1:1/0")
    assert "hunter2" not in s.url and "hunter2" not in repr(s)
    with pytest.raises(ConfigError) as exc:
        open_store("redis://:hunter2@127.0.0.1:1/0?timeout=x")
    assert "hunter2" not in str(exc.value)


# ---- store failures --------------------------------------------------------------------------

class FlakyStore(Store):
    """Counts calls; fails while `down` (with StoreError, or another exception if given)."""

    url = "flaky://"

    def __init__(self, exc: Exception | None = None):
        self.calls, self.down, self.exc = 0, True, exc or StoreError("flaky:// connection refused")

    def evaluate(self, q, record):
        self.calls += 1
        if self.down:
            raise self.exc
        return Counts(1, None, 1, None, 1, None, record)

    def event_count(self):
        return 0

    def clear(self):
        pass


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_redis_fail_open_skips_and_logs_once(caplog):
    guard = BroadcastGuard(open_store(f"redis://127.0.0.1:{_closed_port()}/0?timeout=0.2"),
                           clock=FakeClock(), retry_after=0)
    caplog.set_level(logging.INFO, logger="checker.broadcast")
    for _ in range(5):  # retry_after=0: every check tries the store, and fails
        res = guard.check("s", "g", SECRET, record=True)
        assert res.findings == () and not res.recorded
        assert res.skipped and "frequency check skipped" in res.skipped
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "fail-open" in warnings[0].getMessage()
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_unreachable_redis_ping_is_a_store_error():
    with pytest.raises(StoreError):
        open_store(f"redis://127.0.0.1:{_closed_port()}/0?timeout=0.2").ping()


def test_fail_closed_blocks_with_a_finding():
    guard = BroadcastGuard(FlakyStore(), clock=FakeClock(), fail_open=False)
    res = guard.check("s", "g", PROMO)
    [f] = res.findings
    assert (f.category, f.rule, f.severity, f.start, f.end, f.text) == (
        "broadcast", "broadcast.unavailable", "block", None, None, "")
    assert not res.recorded and res.skipped


def test_cooldown_then_recovery_logged_once_each(caplog):
    store = FlakyStore()
    mono = FakeClock(100.0)
    guard = BroadcastGuard(store, clock=FakeClock(), retry_after=5.0, monotonic=mono)
    caplog.set_level(logging.INFO, logger="checker.broadcast")
    assert guard.check("s", "g", PROMO).skipped and store.calls == 1
    assert guard.check("s", "g", PROMO).skipped and store.calls == 1  # cooling down: not asked
    mono.advance(5.0)
    assert guard.check("s", "g", PROMO).skipped and store.calls == 2  # retried, still down
    store.down = False
    assert guard.check("s", "g", PROMO).skipped and store.calls == 2
    mono.advance(5.0)
    res = guard.check("s", "g", PROMO)
    assert res.skipped is None and res.recorded and store.calls == 3
    msgs = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [lvl for lvl, _ in msgs] == ["WARNING", "INFO"] and "reachable again" in msgs[1][1]
    # a second outage is logged again
    store.down = True
    guard.check("s", "g", PROMO)
    assert sum(r.levelno == logging.WARNING for r in caplog.records) == 2


def test_unexpected_store_exception_does_not_crash():
    guard = BroadcastGuard(FlakyStore(RuntimeError("boom")), clock=FakeClock())
    res = guard.check("s", "g", PROMO)
    assert res.findings == () and "RuntimeError" in res.skipped


def test_silent_redis_costs_one_short_timeout():
    """A server that accepts but never answers: the check returns after ~timeout, not a hang,
    and during the cooldown later checks do not wait at all."""
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        port = srv.getsockname()[1]
        guard = BroadcastGuard(open_store(f"redis://127.0.0.1:{port}/0?timeout=0.2"), clock=FakeClock())
        started = time.monotonic()
        res = guard.check("s", "g", PROMO)
        first = time.monotonic() - started
        assert res.skipped and "Timeout" in res.skipped
        assert 0.15 <= first < 1.0, first
        started = time.monotonic()
        assert guard.check("s", "g", PROMO).skipped
        assert time.monotonic() - started < 0.05


def test_limits_may_be_given_as_a_config_mapping():
    guard = BroadcastGuard(open_store("memory://"), clock=FakeClock())
    assert guard.check("s", "g", "第一条消息内容", limits={"flood_messages": 1}).recorded
    assert [f.rule for f in guard.check("s", "g", "第二条消息内容", limits={"flood_messages": 1}).findings] \
        == ["broadcast.flood"]
    with pytest.raises(ConfigError, match="'flod_messages'"):
        guard.check("s", "g", "第三条", limits={"flod_messages": 1})


def test_numeric_ids_are_the_same_as_their_strings():
    guard = BroadcastGuard(open_store("memory://"), clock=FakeClock())
    lim = Limits(flood_messages=1)
    assert guard.check(12345, 7, "第一条消息内容", limits=lim).recorded
    assert guard.check("12345", "7", "第二条消息内容", limits=lim).findings
    assert guard.check(0, 0, "第一条消息内容", limits=lim).recorded  # 0 is an ID, not "missing"
