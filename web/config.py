"""Server settings: the [server] table of the msgcheck config file, then MSGCHECK_* variables.

checker.config owns the engine settings (platform, store_url, …) and keeps the whole file in
Settings.raw; this module reads only what the HTTP layer needs. Environment beats file:

    MSGCHECK_API_KEYS     "name:scope+scope:secret,…"  e.g. "shop:check:Xk…,ops:admin:Yq…"
    MSGCHECK_MAX_BODY     request body limit in bytes (default 1048576)
    MSGCHECK_MAX_BATCH    messages per /v1/check/batch (default 100)
    MSGCHECK_RATE_LIMIT   requests per second per key, 0 = off (default 100)
    MSGCHECK_RATE_BURST   requests a key may send at once (default 2 × rate)
    MSGCHECK_LOG_TEXT     1 = log checked message text (default off)
    MSGCHECK_ACCESS_LOG   on (default: one line per request to the log), off, or a file path
    MSGCHECK_WORKERS / MSGCHECK_THREADS   gunicorn workers and threads per worker
    MSGCHECK_ALLOWED_HOSTS   Host names the server answers to, comma-separated (default: the
                          bound address, localhost, 127.0.0.1, ::1; "*" = any)
    MSGCHECK_TRUSTED_PROXIES  reverse proxies in front whose X-Forwarded-For is believed (default 0)
    MSGCHECK_REQUEST_BUDGET   seconds of work one request may use (default 5; 503 beyond)

A key is given as `key` (the secret) or `key_sha256` (its hex digest, so the file need not hold
the secret). Secrets are bearer tokens: 16+ characters of A-Z a-z 0-9 - . _ ~ + / =.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from checker.errors import ConfigError

from .accesslog import parse_setting as parse_access_log

SCOPES = ("check", "admin")
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_HEX64 = re.compile(r"[0-9a-f]{64}")
MIN_KEY_LEN = 16


@dataclass(frozen=True)
class ApiKey:
    """A configured key: its name (what logs and rate limits see) and the SHA-256 of the secret."""

    name: str
    digest: bytes
    scopes: frozenset[str]

    def __repr__(self) -> str:  # never show the digest either
        return f"ApiKey({self.name!r}, scopes={sorted(self.scopes)})"


@dataclass
class ServerConfig:
    api_keys: list[ApiKey] = field(default_factory=list)
    max_body: int = 1024 * 1024
    max_batch: int = 100
    max_text: int = 10_000
    rate_limit: float = 100.0
    rate_burst: int = 0            # 0 = 2 × rate_limit
    log_text: bool = False
    access_log: str = "on"         # "on", "off" or a file path (web.accesslog)
    workers: int = 2
    threads: int = 2               # per worker; more only add GIL hand-offs (p99) to CPU-bound checks
    timeout: int = 30
    #: Host header values answered (web.gate); empty = the defaults for the bound address
    allowed_hosts: list[str] = field(default_factory=list)
    trusted_proxies: int = 0       # ProxyFix x_for count: 0 = X-Forwarded-For is ignored
    request_budget: float = 5.0    # seconds of work per request, checked between records (503)
    max_batch_chars: int = 100_000  # characters of text checked in one /v1/check/batch (413)
    drain_limit: int = 64 * 1024 * 1024  # bytes of a refused body read and discarded (so the client
                                         # gets the 413 instead of a reset); beyond, the connection drops

    @property
    def auth_enabled(self) -> bool:
        return bool(self.api_keys)

    @property
    def burst(self) -> int:
        return self.rate_burst or max(1, int(self.rate_limit * 2))


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


def _key(name: str, scopes: Any, secret: str | None, sha: str | None, where: str) -> ApiKey:
    if not isinstance(name, str) or not name or len(name) > 64:
        raise ConfigError(f"{where}: name must be a non-empty string of at most 64 characters")
    if isinstance(scopes, str):
        scopes = [scopes]
    if not isinstance(scopes, list) or not scopes or not all(s in SCOPES for s in scopes):
        raise ConfigError(f"{where} ({name}): scopes must be a non-empty list of {', '.join(SCOPES)}")
    if (secret is None) == (sha is None):
        raise ConfigError(f"{where} ({name}): give exactly one of key, key_sha256")
    if secret is not None:
        # The message names the rule, never the secret.
        if not isinstance(secret, str) or len(secret) < MIN_KEY_LEN or not _TOKEN.fullmatch(secret):
            raise ConfigError(f"{where} ({name}): key must be at least {MIN_KEY_LEN} characters of "
                              "A-Z a-z 0-9 - . _ ~ + / = (a bearer token)")
        d = digest(secret)
    else:
        if not isinstance(sha, str) or not _HEX64.fullmatch(sha.lower()):
            raise ConfigError(f"{where} ({name}): key_sha256 must be 64 hex digits")
        d = bytes.fromhex(sha)
    s = set(scopes)
    if "admin" in s:
        s.add("check")  # an admin key can also check
    return ApiKey(name, d, frozenset(s))


def parse_env_keys(value: str) -> list[ApiKey]:
    """"name:scope+scope:secret,…" -> keys. The secret is the last field."""
    keys = []
    for i, item in enumerate(p.strip() for p in value.split(",")):
        if not item:
            continue
        parts = item.split(":", 2)
        if len(parts) != 3:
            raise ConfigError(f"MSGCHECK_API_KEYS item {i + 1}: expected name:scope[+scope]:secret")
        name, scopes, secret = parts
        keys.append(_key(name, scopes.split("+"), secret, None, f"MSGCHECK_API_KEYS item {i + 1}"))
    return keys


def _int(v: Any, key: str, lo: int, where: str) -> int:
    try:
        if isinstance(v, bool):
            raise ValueError
        n = int(v)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {key} must be a whole number, not {v!r}") from None
    if n < lo:
        raise ConfigError(f"{where}: {key} must be >= {lo}, not {n}")
    return n


def _float(v: Any, key: str, where: str) -> float:
    try:
        if isinstance(v, bool):
            raise ValueError
        x = float(v)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {key} must be a number, not {v!r}") from None
    if not 0 <= x < float("inf"):
        raise ConfigError(f"{where}: {key} must be >= 0, not {v!r}")
    return x


def _budget(v: Any, where: str) -> float:
    x = _float(v, "request_budget", where)
    if x <= 0:
        raise ConfigError(f"{where}: request_budget must be > 0 seconds, not {v!r}")
    return x


_FILE_KEYS = {"api_keys", "max_body", "max_batch", "max_text", "rate_limit", "rate_burst", "log_text",
              "access_log", "workers", "threads", "timeout", "allowed_hosts", "trusted_proxies",
              "request_budget", "max_batch_chars", "drain_limit"}


def load_server_config(raw: Mapping[str, Any] | None, env: Mapping[str, str], source: str = "config") -> ServerConfig:
    """[server] table (raw) overlaid with MSGCHECK_* variables from env."""
    c = ServerConfig()
    raw = dict(raw or {})
    where = f"{source}: [server]"
    unknown = set(raw) - _FILE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} "
                          f"(known: {', '.join(sorted(_FILE_KEYS))})")
    if "api_keys" in raw:
        items = raw["api_keys"]
        if not isinstance(items, list) or not all(isinstance(k, Mapping) for k in items):
            raise ConfigError(f"{where}: api_keys must be an array of tables ([[server.api_keys]])")
        for i, k in enumerate(items):
            extra = set(k) - {"name", "key", "key_sha256", "scopes"}
            if extra:
                raise ConfigError(f"{where} api_keys[{i}]: unknown field(s) {', '.join(sorted(extra))}")
            c.api_keys.append(_key(k.get("name", ""), k.get("scopes", ["check"]), k.get("key"),
                                   k.get("key_sha256"), f"{where} api_keys[{i}]"))
    for key, lo in (("max_body", 1024), ("max_batch", 1), ("max_text", 1), ("rate_burst", 0),
                    ("workers", 1), ("threads", 1), ("timeout", 1), ("trusted_proxies", 0),
                    ("max_batch_chars", 1), ("drain_limit", 0)):
        if key in raw:
            setattr(c, key, _int(raw[key], key, lo, where))
    if "rate_limit" in raw:
        c.rate_limit = _float(raw["rate_limit"], "rate_limit", where)
    if "request_budget" in raw:
        c.request_budget = _budget(raw["request_budget"], where)
    if "allowed_hosts" in raw:
        hosts = raw["allowed_hosts"]
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
            raise ConfigError(f'{where}: allowed_hosts must be an array of host names, e.g. ["msgcheck.example.com"]')
        c.allowed_hosts = [h.strip() for h in hosts]
    if "log_text" in raw:
        if not isinstance(raw["log_text"], bool):
            raise ConfigError(f"{where}: log_text must be true or false")
        c.log_text = raw["log_text"]
    if "access_log" in raw:
        if not isinstance(raw["access_log"], (bool, str)):
            raise ConfigError(f'{where}: access_log must be "on", "off" or a file path')
        c.access_log = parse_access_log(raw["access_log"])

    if env.get("MSGCHECK_API_KEYS"):
        c.api_keys = parse_env_keys(env["MSGCHECK_API_KEYS"])
    for var, key, lo in (("MSGCHECK_MAX_BODY", "max_body", 1024), ("MSGCHECK_MAX_BATCH", "max_batch", 1),
                         ("MSGCHECK_RATE_BURST", "rate_burst", 0), ("MSGCHECK_WORKERS", "workers", 1),
                         ("MSGCHECK_THREADS", "threads", 1), ("MSGCHECK_TRUSTED_PROXIES", "trusted_proxies", 0)):
        if env.get(var):
            setattr(c, key, _int(env[var], key, lo, var))
    if env.get("MSGCHECK_RATE_LIMIT"):
        c.rate_limit = _float(env["MSGCHECK_RATE_LIMIT"], "rate_limit", "MSGCHECK_RATE_LIMIT")
    if env.get("MSGCHECK_REQUEST_BUDGET"):
        c.request_budget = _budget(env["MSGCHECK_REQUEST_BUDGET"], "MSGCHECK_REQUEST_BUDGET")
    if env.get("MSGCHECK_ALLOWED_HOSTS"):
        c.allowed_hosts = [h.strip() for h in env["MSGCHECK_ALLOWED_HOSTS"].split(",") if h.strip()]
    if env.get("MSGCHECK_LOG_TEXT"):
        c.log_text = env["MSGCHECK_LOG_TEXT"].lower() not in ("0", "false", "no")
    if env.get("MSGCHECK_ACCESS_LOG"):
        c.access_log = parse_access_log(env["MSGCHECK_ACCESS_LOG"])
    names = [k.name for k in c.api_keys]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ConfigError(f"{where}: duplicate api key name(s) {', '.join(sorted(dup))}")
    digests = [k.digest for k in c.api_keys]
    if len(set(digests)) != len(digests):
        raise ConfigError(f"{where}: two api keys share the same secret")
    return c
