"""GET /metrics (issue #16): the Prometheus text format, counters that move with the requests made,
labels from bounded sets (route templates, never a raw path or message text), the key rule of the
API, store failures counted; and a real `msgcheck serve` with two workers whose counts add up."""
from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from checker.config import Settings
from web_fixtures import CHECK_KEY, KEYS, auth, engine, make_app  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SECRET = "加我微信 secret_id_9931"
LOOP = {"REMOTE_ADDR": "127.0.0.1"}


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} of a scrape, read with prometheus_client's parser."""
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(scrape: dict, name: str, **labels) -> float:
    return scrape.get((name, tuple(sorted(labels.items()))), 0.0)


def scrape(client, **kw) -> dict:
    r = client.get("/metrics", **kw)
    assert r.status_code == 200, r.get_data(as_text=True)
    return samples(r.get_data(as_text=True))


def test_the_text_format_and_counters_that_move(engine):
    c = make_app(engine, api_keys=KEYS).test_client()
    r = c.get("/metrics", headers=auth(CHECK_KEY))
    assert r.status_code == 200 and r.mimetype == "text/plain" and "version=0.0.4" in r.content_type
    before = samples(r.get_data(as_text=True))
    assert value(before, "msgcheck_workers") == 1
    for _ in range(3):
        assert c.post("/v1/check", json={"text": SECRET}, headers=auth(CHECK_KEY)).status_code == 200
    c.post("/v1/check", json={"text": "今晚8点直播", "platform": "taobao"}, headers=auth(CHECK_KEY))
    c.post("/v1/check/batch", json={"messages": [{"text": "京东也有货"}, {"text": "你好"}]}, headers=auth(CHECK_KEY))
    c.post("/v1/check", json={"text": 3}, headers=auth(CHECK_KEY))                     # 422
    c.post("/v1/check", json={"text": "x"})                                              # 401
    c.get("/v1/orders/12345/secret-path", headers=auth(CHECK_KEY))                       # 404
    c.get("/v1/check", headers=auth(CHECK_KEY))                                          # 405
    after = scrape(c, headers=auth(CHECK_KEY))

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    req = "msgcheck_http_requests_total"
    assert moved(req, endpoint="/v1/check", status="200") == 4
    assert moved(req, endpoint="/v1/check", status="422") == 1
    assert moved(req, endpoint="/v1/check", status="401") == 1
    assert moved(req, endpoint="/v1/check/batch", status="200") == 1
    assert moved(req, endpoint="unmatched", status="404") == 1
    assert moved(req, endpoint="unmatched", status="405") == 1
    assert moved(req, endpoint="/metrics", status="200") == 1       # the first scrape; not this one yet
    assert moved("msgcheck_http_request_duration_seconds_count", endpoint="/v1/check") == 6
    assert moved("msgcheck_http_request_duration_seconds_bucket", endpoint="/v1/check", le="+Inf") == 6
    assert moved("msgcheck_http_request_duration_seconds_sum", endpoint="/v1/check") > 0
    verdicts = "msgcheck_verdicts_total"
    assert moved(verdicts, platform="douyin", verdict="block", category="diversion") == 3
    assert moved(verdicts, platform="taobao", verdict="pass", category="none") == 1
    assert moved(verdicts, platform="douyin", verdict="review", category="competitor") == 1   # 京东也有货
    assert moved(verdicts, platform="douyin", verdict="pass", category="none") == 1
    assert moved("msgcheck_findings_total", category="contact", rule="contact.platform_id") == 3


def test_no_message_text_no_raw_path_no_key(engine):
    c = make_app(engine, api_keys=KEYS).test_client()
    c.post("/v1/check", json={"text": SECRET, "sender": "shop-owner-77", "group": "vip-group-5"},
           headers=auth(CHECK_KEY))
    c.get("/v1/orders/12345/secret-path", headers=auth(CHECK_KEY))
    body = c.get("/metrics", headers=auth(CHECK_KEY)).get_data(as_text=True)
    for leak in ("secret_id_9931", "微信", "shop-owner-77", "vip-group-5", "secret-path", CHECK_KEY, "shop"):
        assert leak not in body


def test_metrics_follow_the_key_rule(engine):
    keyed = make_app(engine, api_keys=KEYS).test_client()
    assert keyed.get("/metrics").status_code == 401
    assert keyed.get("/metrics", headers=auth("wrong-key-0123456789")).status_code == 401
    assert keyed.get("/metrics", headers=auth(CHECK_KEY)).status_code == 200
    open_ = make_app(engine).test_client()      # no keys: loopback clients only, as /v1
    assert open_.get("/metrics", environ_base=LOOP).status_code == 200
    assert open_.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 403


def test_scrapes_are_not_rate_limited(engine):
    c = make_app(engine, api_keys=KEYS, rate_limit=1, rate_burst=1).test_client()
    assert [c.get("/metrics", headers=auth(CHECK_KEY)).status_code for _ in range(5)] == [200] * 5
    assert c.post("/v1/check", json={"text": "你好"}, headers=auth(CHECK_KEY)).status_code == 200
    assert c.post("/v1/check", json={"text": "你好"}, headers=auth(CHECK_KEY)).status_code == 429


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_store_failures_are_counted(engine):
    """A Redis that is not there (a real client against a closed port): the rate limiter and
    the broadcast store each fail once, then back off; both failures show, by exception class."""
    url = f"redis://127.0.0.1:{_dead_port()}/0?timeout=0.2"
    from checker.broadcast import BroadcastGuard

    app = make_app(engine, Settings(cache_dir=engine.settings.cache_dir, store_url=url), rate_limit=100,
                   guard=BroadcastGuard(url))
    c = app.test_client()
    assert c.post("/v1/check", json={"text": "你好"}, environ_base=LOOP).status_code == 200
    r = c.post("/v1/check", json={"text": "你好", "sender": "s", "group": "g", "record": True}, environ_base=LOOP)
    assert r.status_code == 200 and "skipped" in " ".join(r.get_json().get("notes", []))
    got = scrape(c, environ_base=LOOP)
    errors = {dict(k[1])["store"]: (dict(k[1])["error"], v) for k, v in got.items()
              if k[0] == "msgcheck_store_errors_total"}
    assert errors == {"ratelimit": ("ConnectionError", 1.0), "broadcast": ("ConnectionError", 1.0)}


# -- a real server: two gunicorn workers ------------------------------------------------------------
class Served:
    """`msgcheck serve --workers 2` in its own process group; its log read by a thread (no sleeps:
    waits are blocking reads of the log with a deadline)."""

    def __init__(self, cache_dir: Path):
        self.port = _dead_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MSGCHECK_", "PROMETHEUS_"))}
        env.update(MSGCHECK_CACHE_DIR=str(cache_dir), PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "serve", "--port", str(self.port),
                                      "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.lines: list[str] = []
        self.fresh: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)
            self.fresh.put(line)
        self.fresh.put("")

    def wait_for(self, pattern: str, times: int = 1, timeout: float = 90) -> list[re.Match]:
        found: list[re.Match] = []
        deadline = time.monotonic() + timeout
        while len(found) < times:
            try:
                line = self.fresh.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {pattern!r} in the server log:\n{''.join(self.lines)[-3000:]}") from None
            if line == "":
                raise AssertionError(f"the server exited:\n{''.join(self.lines)[-3000:]}")
            if m := re.search(pattern, line):
                found.append(m)
        return found

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request(method, path, body=json.dumps(body) if body is not None else None,
                      headers={"Content-Type": "application/json", "Connection": "close"})
            r = c.getresponse()
            return r.status, r.read().decode()
        finally:
            c.close()

    def stop(self) -> str:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        return "".join(self.lines)


def _served_by(lines: list[str]) -> dict[int, int]:
    """Access-log lines of POST /v1/check per worker pid ("[pid] INFO msgcheck.access: …")."""
    pids: dict[int, int] = {}
    for line in lines:
        if m := re.search(r"\[(\d+)\] INFO msgcheck\.access: \S+ \S+ \"POST /v1/check\" 200", line):
            pids[int(m.group(1))] = pids.get(int(m.group(1)), 0) + 1
    return pids


def test_serve_sums_the_workers_and_keeps_a_dead_workers_counts(cache_dir):
    """N checks over fresh connections, one worker stopped (gunicorn starts another), M more:
    /metrics counts exactly N + M, though no single process served them all, and the live-worker
    gauge is 2 (child_exit took the dead worker's share away). The metrics directory is gone
    after the server stops."""
    n, m = 60, 20
    server = Served(cache_dir)
    try:
        where = server.wait_for(r"metrics: GET /metrics, summed over the workers \(their files: (\S+)\)")[0].group(1)
        server.wait_for(r"engine ready", times=2)
        assert Path(where).is_dir()
        texts = ["加我微信 abc123", "今晚8点直播", "京东也有货", "你好"]
        with ThreadPoolExecutor(max_workers=6) as pool:
            got = list(pool.map(lambda i: server.request("POST", "/v1/check", {"text": texts[i % 4]}), range(n)))
        assert [s for s, _ in got] == [200] * n
        server.wait_for(r"POST /v1/check\" 200", times=n)     # every access line is in
        first = _served_by(server.lines)
        assert sum(first.values()) == n
        victim = max(first, key=first.get)
        os.kill(victim, signal.SIGTERM)
        server.wait_for(r"engine ready")                       # its replacement
        for i in range(m):
            assert server.request("POST", "/v1/check", {"text": texts[i % 4]})[0] == 200
        status, body = server.request("GET", "/metrics")
        assert status == 200
        got = samples(body)
        assert value(got, "msgcheck_http_requests_total", endpoint="/v1/check", status="200") == n + m
        assert value(got, "msgcheck_http_request_duration_seconds_count", endpoint="/v1/check") == n + m
        assert sum(v for k, v in got.items() if k[0] == "msgcheck_verdicts_total") == n + m
        blocked = len(range(0, n, 4)) + len(range(0, m, 4))          # texts[0] blocks
        assert value(got, "msgcheck_verdicts_total", platform="douyin", verdict="block",
                     category="diversion") == blocked
        assert value(got, "msgcheck_workers") == 2
    finally:
        log = server.stop()
    assert not Path(where).exists(), log[-2000:]


def test_serve_owns_the_metrics_directory_and_leaves_its_own_environment_alone(monkeypatch):
    """The hooks point workers (only) at a fresh directory, which is gone when serve() returns
    or raises; child_exit is the one prometheus_client wants (a dead worker's live gauge goes)."""
    from gunicorn.app.base import BaseApplication

    from web.serve import serve

    class Stop(Exception):
        pass

    seen = {}

    def run(self):
        seen["post_fork"], seen["child_exit"] = self.cfg.post_fork, self.cfg.child_exit
        seen["dir_during_run"] = Path(made[0]).is_dir()
        raise Stop
    monkeypatch.setattr(BaseApplication, "run", run)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    made = []
    import web.metrics

    real = web.metrics.make_dir
    monkeypatch.setattr(web.metrics, "make_dir", lambda: made.append(real()) or made[-1])
    with pytest.raises(Stop):
        serve("127.0.0.1", _dead_port(), 2, None, False)
    assert len(made) == 1 and seen["dir_during_run"] and not Path(made[0]).exists()
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ
    assert seen["post_fork"].__qualname__.endswith("post_fork") and seen["child_exit"].__qualname__.endswith("child_exit")

    where = Path(real())
    try:
        hooks = web.metrics.gunicorn_hooks(str(where))

        class Worker:
            pid = 424242
        hooks["post_fork"](None, Worker())
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(where)
        (where / "gauge_livesum_424242.db").write_bytes(b"")
        (where / "counter_424242.db").write_bytes(b"")
        hooks["child_exit"](None, Worker())
        assert sorted(p.name for p in where.iterdir()) == ["counter_424242.db"]   # counts are kept
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)   # set by post_fork, not by monkeypatch
        web.metrics.remove_dir(str(where))
    assert not where.exists()


def test_the_value_store_follows_the_environment(tmp_path, monkeypatch):
    """Files when PROMETHEUS_MULTIPROC_DIR is set (whenever prometheus_client was imported), one
    process's memory when it is not."""
    from web.metrics import ENV, Metrics

    monkeypatch.setenv(ENV, str(tmp_path))
    files = Metrics()
    files.request("/v1/check", "200", 0.002)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made and all(name.endswith(f"_{os.getpid()}.db") for name in made)
    assert value(samples(files.render()[0].decode()), "msgcheck_http_requests_total", endpoint="/v1/check",
                 status="200") == 1
    monkeypatch.delenv(ENV)
    memory = Metrics()
    memory.request("/v1/check", "200", 0.002)
    memory.request("/v1/check", "200", 0.002)
    assert sorted(p.name for p in tmp_path.iterdir()) == made
    assert value(samples(memory.render()[0].decode()), "msgcheck_http_requests_total", endpoint="/v1/check",
                 status="200") == 2
