"""A real `msgcheck serve` (gunicorn, gthread workers) on a free loopback port, for the tests
that need what actually reaches a client over a socket (413 on large bodies, faults).

    with Served(tmp_path, workers=1, config='store_url = "…"') as s:
        status, body = s.post("/v1/check", {"text": "…"})

Readiness is read from the server's log (each worker logs "engine ready"), never polled with
sleeps; the server runs in its own process group and is stopped with SIGTERM (SIGKILL after
15 s) by the context manager.
"""
from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, tmp: Path, workers: int = 1, threads: int = 2, config: str = "", server: str = "",
                 startup_timeout: float = 90.0):
        self.port = free_port()
        self.workers = workers
        cfg = Path(tmp) / f"msgcheck-{self.port}.toml"
        limit = "" if "rate_limit" in server else "rate_limit = 0\n"
        cfg.write_text(config + "\n" + f"[server]\nthreads = {threads}\n{limit}" + server + "\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("MSGCHECK_")}
        env["PYTHONPATH"] = str(ROOT)
        code = (f"from web.serve import serve; "
                f"serve('127.0.0.1', {self.port}, {workers}, {str(cfg)!r}, False, 'on')")
        self.proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.log: list[str] = []
        try:
            self._wait_ready(startup_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        buf = b""
        while buf.count(b"engine ready") < self.workers:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise RuntimeError("server not ready in time:\n" + buf.decode(errors="replace")[-3000:])
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("server exited:\n" + buf.decode(errors="replace")[-3000:])
            buf += chunk
        self.log.append(buf.decode(errors="replace"))
        threading.Thread(target=self._drain, args=(fd,), daemon=True).start()

    def _drain(self, fd: int) -> None:
        try:
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return
                self.log.append(chunk.decode(errors="replace"))
        except OSError:
            pass

    def output(self) -> str:
        return "".join(self.log)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None,
                timeout: float = 30) -> tuple[int, dict]:
        """One request with urllib (a standard client): (status, JSON body)."""
        req = urllib.request.Request(self.url(path), data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def post(self, path: str, body, timeout: float = 30) -> tuple[int, dict]:
        return self.request("POST", path, json.dumps(body).encode(), {"Content-Type": "application/json"},
                            timeout)

    def workers_alive(self) -> set[int]:
        """PIDs of the gunicorn workers (children of the master)."""
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return {int(p) for p in out.split()}

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
