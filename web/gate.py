"""WSGI middleware in front of the Flask app: refuse what must never reach a handler, in a way
every client actually receives.

- Host: a request whose Host is not an allowed host gets 400 (DNS rebinding: a page on
  evil.example that resolves its name to 127.0.0.1 still sends `Host: evil.example`).
- Size: a Content-Length over max_body gets 413 *after the body is read and discarded* (up to
  drain_limit bytes and DRAIN_SECONDS). A server that answers without reading closes a socket
  with unread data: the kernel resets it, and a client still sending (urllib, requests) sees
  "Broken pipe" instead of the 413. gunicorn itself drains only 64 KiB.
- Chunked bodies (no Content-Length) are read here, counted as they arrive, and handed on with a
  Content-Length, so the same limit applies to them without trusting the client's framing.
"""
from __future__ import annotations

import io
import ipaddress
import json
import socket
import time
from typing import Callable, Iterable

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
DRAIN_SECONDS = 10.0
_CHUNK = 64 * 1024


def normalize_host(value: str) -> str:
    """'Example.COM:8080' -> 'example.com'; '[::1]:80' -> '::1'; trailing dot dropped."""
    h = value.strip().lower()
    if h.startswith("["):
        end = h.find("]")
        return h[1:end] if end > 0 else h
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


def _wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return host in ("", "*")


def default_allowed_hosts(bind_host: str | None) -> list[str]:
    """localhost names plus the bound address; bound to a wildcard (0.0.0.0, ::), also this
    machine's host name, FQDN and the addresses they resolve to."""
    hosts = list(LOCAL_HOSTS)
    if bind_host is None:
        return hosts
    h = normalize_host(bind_host)
    if not _wildcard(h):
        return hosts + [h]
    names = {socket.gethostname(), socket.getfqdn()}
    extra = set(names)
    for name in names:
        try:
            extra.update(ai[4][0] for ai in socket.getaddrinfo(name, None))
        except OSError:
            pass
    return hosts + sorted(normalize_host(x) for x in extra if x)


def _entry(host: str) -> str:
    h = host.strip().lower()
    return h if h == "*" or h.startswith(".") else normalize_host(h)


class HostPolicy:
    """Exact names, '.example.com' for a domain and its subdomains, or '*' for any."""

    def __init__(self, hosts: Iterable[str]):
        hosts = [_entry(h) for h in hosts]
        self.any = "*" in hosts
        self.exact = frozenset(h for h in hosts if not h.startswith("."))
        self.suffixes = tuple(h for h in hosts if h.startswith("."))
        self.listed = sorted(set(hosts))

    def allows(self, host: str) -> bool:
        if self.any:
            return True
        h = normalize_host(host)
        return h in self.exact or (bool(self.suffixes) and (h.endswith(self.suffixes) or "." + h in self.suffixes))


def _error(start_response: Callable, status: str, code: str, message: str) -> list[bytes]:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                            ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")])
    return [body]


def drain(stream, limit: int, seconds: float = DRAIN_SECONDS, clock: Callable[[], float] = time.monotonic) -> int:
    """Read and discard up to `limit` bytes (or until `seconds` pass); bytes read."""
    n, deadline = 0, clock() + seconds
    while n < limit and clock() < deadline:
        try:
            chunk = stream.read(min(_CHUNK, limit - n))
        except (OSError, ValueError):  # the client went away
            break
        if not chunk:
            break
        n += len(chunk)
    return n


class Gate:
    def __init__(self, app: Callable, max_body: int, allowed_hosts: Iterable[str], drain_limit: int):
        self.app, self.max_body, self.drain_limit = app, max_body, drain_limit
        self.hosts = HostPolicy(allowed_hosts)

    def __call__(self, environ: dict, start_response: Callable):
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        if not self.hosts.allows(host):
            self._discard(environ)
            return _error(start_response, "400 Bad Request", "host_not_allowed",
                          "this server does not answer to that Host; add it to server.allowed_hosts "
                          "(MSGCHECK_ALLOWED_HOSTS) if it is a name of this server")
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():  # framing beats Content-Length
            stream = environ["wsgi.input"]
            data = bytearray()
            while len(data) <= self.max_body:
                try:
                    chunk = stream.read(min(_CHUNK, self.max_body + 1 - len(data)))
                except (OSError, ValueError):
                    return _error(start_response, "400 Bad Request", "bad_request", "the chunked body is malformed")
                if not chunk:
                    break
                data += chunk
            if len(data) > self.max_body:
                self._discard(environ)
                return self._too_large(start_response)
            environ["wsgi.input"] = io.BytesIO(bytes(data))
            environ["CONTENT_LENGTH"] = str(len(data))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        elif environ.get("CONTENT_LENGTH"):
            try:
                n = int(environ["CONTENT_LENGTH"])
            except ValueError:
                return _error(start_response, "400 Bad Request", "bad_request", "Content-Length is not a number")
            if n > self.max_body:
                self._discard(environ, n)
                return self._too_large(start_response)
        return self.app(environ, start_response)

    def _too_large(self, start_response: Callable) -> list[bytes]:
        return _error(start_response, "413 Request Entity Too Large", "body_too_large",
                      f"request body is larger than {self.max_body} bytes")

    def _discard(self, environ: dict, length: int | None = None) -> None:
        """Read the rest of a refused body (bounded). Without a length or chunked framing there
        is no body: reading would wait for the client to close."""
        if length is None:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
                length = self.drain_limit
        limit = min(length, self.drain_limit)
        if limit > 0:
            drain(environ["wsgi.input"], limit)
