"""Fixtures for the broadcast tests: a real redis-server on a free port, a fake clock, and a
`store` fixture parametrized over every backend (memory, sqlite, redis, redis+cluster: a real
three-node cluster from redis_cluster_fixture.py, registered in conftest.py), limits-style.

Import the fixtures you use into a test module:
    from redis_fixture import FakeClock, store, redis_url  # noqa: F401
The server starts once per session (only if a redis test runs) and is killed at session end.
Where no redis-server binary exists the redis cases skip with the reason; CI installs it and
sets MSGCHECK_REQUIRE_REDIS=1, which turns that skip into a failure.
"""
from __future__ import annotations

import atexit
import os
import select
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest

REDIS_BIN = shutil.which("redis-server")


class FakeClock:
    """Injected clock: tests move time by hand and never sleep."""

    def __init__(self, now: float = 1_763_780_000.0):
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


def require_redis_binaries(*names: str) -> None:
    """Skip when a Redis binary is missing, unless MSGCHECK_REQUIRE_REDIS=1 (CI) makes it a failure."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        if os.environ.get("MSGCHECK_REQUIRE_REDIS") == "1":  # CI sets this: never skip silently
            pytest.fail(f"MSGCHECK_REQUIRE_REDIS=1 but no {', '.join(missing)} binary on PATH")
        pytest.skip(f"{', '.join(missing)} not found (apt-get install redis-server); redis cases skipped")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A throwaway redis-server: no persistence, loopback only."""

    def __init__(self, startup_timeout: float = 10.0, extra_args=(), cwd: str | None = None):
        """extra_args: more redis-server options; a callable gets the port and returns them
        (a cluster node names its bus port and config file)."""
        last_error = ""
        for _ in range(3):  # the free port can be taken between probe and bind: retry
            self.port = _free_port()
            more = list(extra_args(self.port) if callable(extra_args) else extra_args)
            self.proc = subprocess.Popen(
                [REDIS_BIN, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice", *more],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd,
            )
            ok, last_error = self._wait_ready(startup_timeout)
            if ok:
                self.url = f"redis://127.0.0.1:{self.port}/0"
                return
            self.stop()
        raise RuntimeError(f"redis-server did not start: {last_error}")

    def _wait_ready(self, timeout: float) -> tuple[bool, str]:
        """Read the server log until it is ready (no polling sleeps), then confirm with PING."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        out = b""
        while b"Ready to accept connections" not in out:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return False, "timed out: " + out.decode(errors="replace")[-500:]
            chunk = os.read(fd, 65536)
            if not chunk:  # exited (port taken, bad option)
                return False, out.decode(errors="replace")[-500:]
            out += chunk
        # keep draining the log so a full pipe can never stall the server
        threading.Thread(target=self._drain, args=(fd,), daemon=True).start()
        return self._ping(), ""

    @staticmethod
    def _drain(fd: int) -> None:
        try:
            while os.read(fd, 65536):
                pass
        except OSError:
            pass

    def _ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()


_SERVER: RedisServer | None = None


def _stop_server() -> None:
    global _SERVER
    if _SERVER is not None:
        _SERVER.stop()
        _SERVER = None


atexit.register(_stop_server)  # belt and braces if the session is interrupted


@pytest.fixture(scope="session")
def redis_url(request) -> str:
    """URL of the session's redis-server (one process even if several modules import this)."""
    global _SERVER
    require_redis_binaries("redis-server")
    if _SERVER is None:
        _SERVER = RedisServer()
    request.addfinalizer(_stop_server)
    return _SERVER.url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


#: every store kind; the parametrized fixtures below (and the rate-limit tests) run each
STORE_KINDS = ["memory", "sqlite", "redis", "redis+cluster"]


def store_url(kind: str, request, tmp_path) -> str:
    """A fresh store URL of `kind`; redis ones get a unique key prefix (the servers are shared)."""
    if kind == "memory":
        return "memory://"
    if kind == "sqlite":
        return f"sqlite://{tmp_path}/bc-{uuid.uuid4().hex[:8]}.db"
    url = request.getfixturevalue({"redis": "redis_url", "redis+cluster": "redis_cluster_url"}[kind])
    return f"{url}?prefix=t{uuid.uuid4().hex[:12]}&timeout=2"


def make_store(kind: str, request, tmp_path):
    """Open a fresh, empty store of `kind`."""
    from checker.broadcast import open_store

    return open_store(store_url(kind, request, tmp_path))


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path):
    """Every test that takes `store` runs once per backend."""
    s = make_store(request.param, request, tmp_path)
    yield s
    try:
        s.clear()
    finally:
        s.close()
