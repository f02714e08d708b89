"""Broadcast stores, chosen by URL. A new store is one module plus one line in _OPENERS."""
from __future__ import annotations

from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...errors import ConfigError
from .base import Counts, Query, Store, decide, retention

__all__ = ["open_store", "Store", "Query", "Counts", "decide", "retention"]


def _float_param(params: dict[str, str], key: str, url: str, default: float) -> float:
    if key not in params:
        return default
    raw = params.pop(key)
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"store URL {url}: {key}={raw!r} must be a positive number of seconds")
    return value


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _open_memory(url: str, shown: str, parts, params) -> Store:
    from .memory_store import MemoryStore

    if parts.netloc or parts.path.strip("/") or params:
        raise ConfigError(f"store URL {url}: memory:// takes no path or options")
    return MemoryStore("memory://")


def _open_sqlite(url: str, shown: str, parts, params) -> Store:
    from .sqlite_store import SQLiteStore

    # sqlite:///abs/file.db -> /abs/file.db ; sqlite://rel/file.db -> rel/file.db
    path = parts.netloc + parts.path
    if not path or path.endswith("/"):
        raise ConfigError(f"store URL {url}: give a database file, e.g. sqlite:///var/lib/msgcheck/bc.db")
    timeout = _float_param(params, "timeout", url, 2.0)
    if params:
        raise ConfigError(f"store URL {url}: unknown option(s) {', '.join(sorted(params))}; valid: timeout")
    return SQLiteStore(path, timeout=timeout, url=url)


#: redis-py URL options passed through unchanged (timeouts and retries are ours to set).
_REDIS_PASSTHROUGH = {"db", "protocol", "max_connections", "ssl_check_hostname", "ssl_min_version"}


def _open_redis(url: str, shown: str, parts, params) -> Store:
    from .redis_store import DEFAULT_PREFIX, DEFAULT_TIMEOUT, RedisStore

    timeout = _float_param(params, "timeout", shown, DEFAULT_TIMEOUT)
    prefix = params.pop("prefix", DEFAULT_PREFIX)
    if not prefix:
        raise ConfigError(f"store URL {shown}: prefix must not be empty")
    unknown = set(params) - _REDIS_PASSTHROUGH
    if unknown:
        raise ConfigError(f"store URL {shown}: unknown option(s) {', '.join(sorted(unknown))}; valid: "
                          + ", ".join(["timeout", "prefix", *sorted(_REDIS_PASSTHROUGH)]))
    rest = urlunsplit(parts._replace(query=urlencode(params)))
    return RedisStore(rest, timeout=timeout, prefix=prefix, shown_url=shown)


_OPENERS: dict[str, Callable[..., Store]] = {
    "memory": _open_memory,
    "sqlite": _open_sqlite,
    "redis": _open_redis,
    "rediss": _open_redis,
}


def open_store(url: str) -> Store:
    """Open the store a URL names: memory://, sqlite:///path[?timeout=s],
    redis://[:password@]host:port/db[?timeout=s&prefix=p] (also rediss://).

    A malformed URL raises ConfigError; a store that cannot be opened raises StoreError.
    Redis connects lazily, so an unreachable server shows up at the first check instead."""
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(f"store URL {url!r}: expected scheme://..., one of "
                          + ", ".join(f"{s}://" for s in _OPENERS))
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - validates the port
    except ValueError as exc:
        raise ConfigError(f"store URL {_redact_safe(url)}: {exc}") from exc
    opener = _OPENERS.get(parts.scheme.lower())
    if opener is None:
        raise ConfigError(f"store URL {_redact_safe(url)}: unknown scheme {parts.scheme!r}; valid: "
                          + ", ".join(f"{s}://" for s in _OPENERS))
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    return opener(url, _redact_safe(url), parts, params)


def _redact_safe(url: str) -> str:
    try:
        return _redact(url)
    except ValueError:
        return "<unparseable URL>"
