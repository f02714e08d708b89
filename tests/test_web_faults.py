"""Faults survived, with the real programs: a real `msgcheck serve` (gunicorn) on loopback for
what reaches a client (413 on 8 and 20 MB bodies through urllib; Redis killed and restarted
while requests run, workers alive, /readyz telling), a real redis-server killed with SIGKILL
and restarted on its port, and a SQLite store file write-locked by another process.

Recovery of the checks themselves waits for the guard's retry_after, so it is tested in
process with the guard's monotonic clock injected (no sleeping)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import uuid

import pytest

from checker.broadcast import BroadcastGuard, open_store
from redis_fixture import REDIS_BIN, FakeClock, RedisServer
from served import Served
from web_fixtures import engine, make_app  # noqa: F401

DIVERT = "加我微信 mm5566"
TEXTS = ["早上好，今天的团购九点开始", "新到的苹果很甜，欢迎品尝", "明天下午三点直播试穿新款外套",
         "昨天的订单都已经发货了", "有问题可以在群里提出来", "周末店里有满减活动"]
TS = 1_763_780_000

needs_redis = pytest.mark.skipif(REDIS_BIN is None and os.environ.get("MSGCHECK_REQUIRE_REDIS") != "1",
                                 reason="redis-server binary not found")


class PortRedis(RedisServer):
    """A redis-server that can be killed and started again on the same port."""

    def __init__(self, port: int | None = None):
        if port is None:
            super().__init__()
            return
        import subprocess as sp

        self.port = port
        self.proc = sp.Popen([REDIS_BIN, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice"],
                             stdout=sp.PIPE, stderr=sp.STDOUT)
        ok, why = self._wait_ready(10)
        if not ok:
            self.stop()
            raise RuntimeError(f"redis-server did not restart on {port}: {why}")
        self.url = f"redis://127.0.0.1:{port}/0"

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


def _body(i: int) -> dict:
    return {"text": TEXTS[i % len(TEXTS)], "sender": "s1", "group": f"g{i}", "ts": TS + i, "record": True}


# -- 413 over a real socket -----------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Served(tmp_path_factory.mktemp("serve"), workers=1) as s:
        yield s


@pytest.mark.parametrize("mb", [8, 20])
def test_urllib_gets_the_413_for_large_bodies(server, mb):
    """Answered without reading, a 8-20 MB body arrives as 'Broken pipe'; drained, as a 413."""
    data = b"x" * (mb * 1024 * 1024)
    for _ in range(3):
        status, body = server.request("POST", "/v1/check", data, {"Content-Type": "application/json"})
        assert status == 413 and body["error"]["code"] == "body_too_large"
    assert server.post("/v1/check", {"text": DIVERT}) [1]["verdict"] == "block"


def test_a_large_chunked_body_gets_the_413(server):
    def chunks():  # a generator body: urllib sends it chunked, with no Content-Length
        for _ in range(128):
            yield b"y" * 65536
    status, body = server.request("POST", "/v1/check", chunks(),
                                  {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    assert status == 413 and body["error"]["code"] == "body_too_large"
    status, body = server.request("POST", "/v1/check", iter([json.dumps({"text": DIVERT}).encode()]),
                                  {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    assert status == 200 and body["verdict"] == "block"


def test_caller_checks_over_a_real_socket(server):
    status, body = server.request("POST", "/v1/wordlists/reload", b"", {"Host": "evil.example"})
    assert status == 400 and body["error"]["code"] == "host_not_allowed"
    status, body = server.request("POST", "/v1/wordlists/reload", b"",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415
    status, body = server.request("POST", "/v1/check", b'{"text":"\xe5\x8a\xa0\xe6\x88\x91\xe5\xbe\xae\xe4\xbf\xa1","text":"hello"}',
                                  {"Content-Type": "application/json"})
    assert status == 400 and body["error"]["code"] == "duplicate_key"


# -- Redis killed and restarted under requests ----------------------------------------------
@needs_redis
@pytest.mark.parametrize("fail_open", [True, False])
def test_redis_killed_and_restarted_while_serving(tmp_path, fail_open):
    redis = PortRedis()
    port = redis.port
    url = f"redis://127.0.0.1:{port}/0?timeout=0.3&prefix=f{uuid.uuid4().hex[:8]}"
    cfg = f'store_url = "{url}"\nfail_open = {"true" if fail_open else "false"}\ncache_dir = "{tmp_path / "cache"}"\n'
    try:
        with Served(tmp_path, workers=2, config=cfg, server="rate_limit = 100000") as s:
            workers = s.workers_alive()
            assert len(workers) == 2
            for i in range(6):
                status, body = s.post("/v1/check", _body(i))
                assert status == 200 and body["verdict"] == "pass" and "notes" not in body, body
            assert s.request("GET", "/readyz")[0] == 200

            # a steady stream of requests from two clients runs through the kill and the restart
            stop = threading.Event()
            during: list = []

            def load(k):
                n = 0
                while not stop.is_set():
                    n += 1
                    try:
                        during.append(s.post("/v1/check", _body(1000 * (k + 1) + n), timeout=10)[0])
                    except OSError as e:
                        during.append(type(e).__name__)
            streams = [threading.Thread(target=load, args=(k,)) for k in range(2)]
            for t in streams:
                t.start()

            redis.kill()
            answers = [s.post("/v1/check", _body(10 + i)) for i in range(12)]
            assert all(status == 200 for status, _ in answers), answers
            for _, body in answers:
                if fail_open:
                    assert body["verdict"] == "pass" and any("broadcast store unavailable" in n
                                                             for n in body["notes"]), body
                else:
                    assert body["verdict"] == "block"
                    assert [f["rule"] for f in body["findings"]] == ["broadcast.unavailable"]
            status, body = s.post("/v1/check", {"text": DIVERT})  # content checks do not need the store
            assert status == 200 and body["verdict"] == "block" and body["findings"][0]["category"] != "broadcast"
            status, body = s.request("GET", "/readyz")
            assert status == 503 and body["status"] == "not_ready"
            store = body["checks"]["store"]
            assert store["ok"] is False and store["url"].startswith(f"redis://127.0.0.1:{port}/0")
            assert s.request("GET", "/healthz")[0] == 200

            redis = PortRedis(port)  # back on the same port
            # pooled connections died with the server: a probe may meet a stale one (per worker
            # and thread) before its client reconnects; then every probe is ready
            ready = []
            while len(ready) < 30 and ready[-3:] != [200, 200, 200]:
                ready.append(s.request("GET", "/readyz")[0])
            assert ready[-3:] == [200, 200, 200], ready
            status, body = s.post("/v1/check", _body(50))
            assert status == 200
            stop.set()
            for t in streams:
                t.join(30)
            assert during and all(x == 200 for x in during), sorted(set(map(str, during)))
            assert s.workers_alive() == workers, "no worker died or was replaced"
            assert "Traceback" not in s.output()
    finally:
        redis.stop()


@needs_redis
@pytest.mark.parametrize("fail_open", [True, False])
def test_checks_resume_after_redis_returns(engine, fail_open):
    """In process, with the guard's clock injected: down -> per config; back and retry_after
    passed -> frequency checks record again."""
    redis = PortRedis()
    try:
        url = f"{redis.url}?timeout=0.3&prefix=r{uuid.uuid4().hex[:8]}"
        mono = FakeClock(1000.0)
        guard = BroadcastGuard(open_store(url), fail_open=fail_open, retry_after=5, monotonic=mono)
        c = make_app(engine, guard=guard).test_client()

        def send(i):
            r = c.post("/v1/check", json=_body(i))
            assert r.status_code == 200
            return r.get_json()

        assert send(0)["verdict"] == "pass" and guard.store.event_count() == 1
        redis.kill()
        down = send(1)
        assert down["verdict"] == ("pass" if fail_open else "block")
        redis = PortRedis(redis.port)
        mono.advance(1)
        held = send(2)  # within retry_after the store is left alone: same answer, nothing recorded
        assert held["verdict"] == down["verdict"] and guard.store.event_count() == 0
        mono.advance(5)
        back = send(3)
        assert back["verdict"] == "pass" and "notes" not in back and guard.store.event_count() == 1
        assert c.get("/readyz").status_code == 200
    finally:
        redis.stop()


# -- the SQLite store file locked by another process -----------------------------------------
LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()          # hold the lock until the test closes our stdin
conn.execute("COMMIT")
"""


class Locker:
    """Another process holding an exclusive transaction on the database file."""

    def __init__(self, path):
        self.proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(timeout=10) == 0
        self.proc.stdout.close()


@pytest.mark.parametrize("fail_open", [True, False])
def test_sqlite_store_locked_by_another_process(engine, tmp_path, fail_open):
    path = tmp_path / "bc.db"
    mono = FakeClock(1000.0)
    guard = BroadcastGuard(open_store(f"sqlite:///{path}?timeout=0.2"), fail_open=fail_open,
                           retry_after=5, monotonic=mono)
    c = make_app(engine, guard=guard).test_client()
    assert c.post("/v1/check", json=_body(0)).get_json()["verdict"] == "pass"
    locker = Locker(path)
    try:
        r = c.post("/v1/check", json=_body(1))
        assert r.status_code == 200
        body = r.get_json()
        if fail_open:
            assert body["verdict"] == "pass" and any("unavailable" in n for n in body["notes"])
        else:
            assert [f["rule"] for f in body["findings"]] == ["broadcast.unavailable"]
        r = c.post("/v1/check", json={"text": DIVERT})
        assert r.status_code == 200 and r.get_json()["verdict"] == "block"
    finally:
        locker.release()
    mono.advance(6)
    body = c.post("/v1/check", json=_body(2)).get_json()
    assert body["verdict"] == "pass" and "notes" not in body
    assert guard.store.event_count() == 2


def test_sqlite_lock_under_a_real_server(tmp_path):
    """fail-closed, the SQLite rate limiter on the same file: a locked file blocks record=true
    sends (as configured), other checks go on, every request is answered, no worker dies."""
    path = tmp_path / "bc.db"
    cfg = f'store_url = "sqlite:///{path}?timeout=0.2"\nfail_open = false\ncache_dir = "{tmp_path / "cache"}"\n'
    with Served(tmp_path, workers=2, config=cfg, server="rate_limit = 100000") as s:
        workers = s.workers_alive()
        assert s.post("/v1/check", _body(0))[1]["verdict"] == "pass"
        locker = Locker(path)
        try:
            answers = [s.post("/v1/check", _body(1 + i)) for i in range(4)]
            assert all(st == 200 for st, _ in answers), answers
            assert all(b["findings"][0]["rule"] == "broadcast.unavailable" for _, b in answers)
            st, body = s.post("/v1/check", {"text": DIVERT})
            assert st == 200 and body["verdict"] == "block"
            st, body = s.post("/v1/check/batch", {"messages": [{"text": TEXTS[0]}, {"text": DIVERT}]})
            assert st == 200 and [r["verdict"] for r in body["results"]] == ["pass", "block"]
        finally:
            locker.release()
        assert s.workers_alive() == workers
        assert "Traceback" not in s.output()
