"""The access log: one line per request, through Python logging (logger "msgcheck.access").

    127.0.0.1 shop "POST /v1/check" 200 87B 1.42ms

Client address, the API key's configured *name* (`-` before authentication; `local:<addr>` when
no keys are configured), method, path (never the query string), status, response bytes and the
time from the request reaching the app to the last byte handed to the server. It never holds
the key itself, a header or any part of a body, so message text cannot reach it.

It is WSGI middleware rather than a Flask hook so that every response is logged, also those the
app never routed (404, 405, 413 from werkzeug), and so that the time includes producing the body.
gunicorn's own access log stays off: it cannot know the key's name.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable, Iterable

from checker.errors import ConfigError

log = logging.getLogger("msgcheck.access")

#: environ key the API sets to the authenticated key's name
KEY_ENVIRON = "msgcheck.key"
_OFF = {"off", "0", "false", "no", "none"}
_ON = {"on", "1", "true", "yes", "-", "stderr"}
_FORMAT = '%s %s "%s %s" %s %dB %.2fms'


def parse_setting(value: Any) -> str:
    """Config or CLI value -> "off", "on" (the logging setup: stderr under `msgcheck serve`) or a
    file path."""
    if isinstance(value, bool):
        return "on" if value else "off"
    v = str(value).strip()
    if v.lower() in _OFF:
        return "off"
    if v.lower() in _ON or not v:
        return "on"
    return v


def configure(setting: str) -> None:
    """Send the access log to a file (`setting` is a path) instead of the root handlers. Called
    by `msgcheck serve` before the fork, so every worker appends to the one file."""
    if setting in ("on", "off"):
        return
    try:
        handler = logging.FileHandler(setting, encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"access_log {setting}: cannot open for appending ({e.strerror})") from None
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(message)s"))
    log.addHandler(handler)
    log.propagate = False


def _clean(s: str, limit: int = 200) -> str:
    """A path as one safe token: control characters, quotes and spaces escaped, length bounded."""
    if s.isprintable() and '"' not in s and " " not in s and len(s) <= limit:
        return s
    s = s[:limit].encode("unicode_escape").decode("ascii").replace('"', '\\"').replace(" ", "%20")
    return s


class AccessLog:
    def __init__(self, app: Callable, logger: logging.Logger = log):
        self.app, self.log = app, logger

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not self.log.isEnabledFor(logging.INFO):
            return self.app(environ, start_response)
        t0 = time.perf_counter()
        status = ["-"]

        def start(s: str, headers, exc_info=None):
            status[0] = s.split(" ", 1)[0]
            return start_response(s, headers, exc_info)

        try:
            body = self.app(environ, start)
        except BaseException:
            self.emit(environ, "500", 0, t0)
            raise
        return _Logged(body, self, environ, status, t0)

    def emit(self, environ: dict, status: str, size: int, t0: float) -> None:
        # makeRecord + handle: Logger.info would also walk the stack for a caller nobody prints
        lg = self.log
        lg.handle(lg.makeRecord(lg.name, logging.INFO, "", 0, _FORMAT, (
            environ.get("REMOTE_ADDR") or "-", environ.get(KEY_ENVIRON) or "-", environ.get("REQUEST_METHOD", "-"),
            _clean(environ.get("PATH_INFO", "")), status, size, (time.perf_counter() - t0) * 1000), None))


class _Logged:
    """The response body, counted as the server sends it; the line is written when the body is
    exhausted or closed (a client that hangs up early still gets its line), once."""

    def __init__(self, body: Iterable[bytes], owner: AccessLog, environ: dict, status: list, t0: float):
        self.body, self.owner, self.environ, self.status, self.t0 = body, owner, environ, status, t0
        self.size = 0
        self.done = False

    def __iter__(self):
        for chunk in self.body:
            self.size += len(chunk)
            yield chunk
        self._emit()

    def _emit(self) -> None:
        if not self.done:
            self.done = True
            self.owner.emit(self.environ, self.status[0], self.size, self.t0)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self._emit()
