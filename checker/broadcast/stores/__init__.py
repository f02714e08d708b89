"""Broadcast stores, chosen by URL (checker/storage.py). A new store is one module plus one line
in _OPENERS (and its scheme in checker/storage.py)."""
from __future__ import annotations

from typing import Callable

from ...storage import StoreURL, parse_store_url
from .base import Counts, Query, Store, decide, retention

__all__ = ["open_store", "Store", "Query", "Counts", "decide", "retention"]


def _open_memory(u: StoreURL) -> Store:
    from .memory_store import MemoryStore

    return MemoryStore("memory://")


def _open_sqlite(u: StoreURL) -> Store:
    from .sqlite_store import SQLiteStore

    return SQLiteStore(u.path, timeout=u.timeout or 2.0, url=u.url)


def _open_redis(u: StoreURL) -> Store:
    from .redis_store import DEFAULT_PREFIX, DEFAULT_TIMEOUT, RedisStore

    return RedisStore(u.client_url, timeout=u.timeout or DEFAULT_TIMEOUT, prefix=u.prefix or DEFAULT_PREFIX,
                      shown_url=u.shown)


_OPENERS: dict[str, Callable[[StoreURL], Store]] = {
    "memory": _open_memory,
    "sqlite": _open_sqlite,
    "redis": _open_redis,
    "rediss": _open_redis,
}


def open_store(url: str) -> Store:
    """Open the store a URL names: memory://, sqlite:///path[?timeout=s],
    redis://[:password@]host:port/db[?timeout=s&prefix=p] (also rediss://), as
    checker/storage.py parses it for the rate limiters too.

    A malformed URL raises ConfigError; a store that cannot be opened raises StoreError.
    Redis connects lazily, so an unreachable server shows up at the first check instead."""
    u = parse_store_url(url)
    return _OPENERS[u.scheme](u)
