"""Broadcast stores, chosen by URL (checker/storage.py). A new store is one module plus one
register() line below."""
from __future__ import annotations

from typing import Callable

from ...storage import StoreURL, parse_store_url, register_scheme
from .base import Counts, Query, Store, decide, retention

__all__ = ["open_store", "register", "Store", "Query", "Counts", "decide", "retention"]


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


def _open_redis_cluster(u: StoreURL) -> Store:
    from .redis_cluster_store import DEFAULT_PREFIX, DEFAULT_TIMEOUT, RedisClusterStore

    return RedisClusterStore(u, timeout=u.timeout or DEFAULT_TIMEOUT, prefix=u.prefix or DEFAULT_PREFIX)


_OPENERS: dict[str, Callable[[StoreURL], Store]] = {}


def register(scheme: str, open_: Callable[[StoreURL], Store], parse: Callable[..., StoreURL] | None = None) -> None:
    """A store kind: its scheme, how to open it, and (for a new scheme) how to read its URL
    (checker/storage.py keeps the readers of the built-in ones). One line a store."""
    _OPENERS[scheme] = open_
    if parse is not None:
        register_scheme(scheme, parse)


register("memory", _open_memory)
register("sqlite", _open_sqlite)
register("redis", _open_redis)
register("rediss", _open_redis)
register("redis+cluster", _open_redis_cluster)
register("rediss+cluster", _open_redis_cluster)


def open_store(url: str) -> Store:
    """Open the store a URL names: memory://, sqlite:///path[?timeout=s],
    redis://[:password@]host:port/db[?timeout=s&prefix=p] (also rediss://),
    redis+cluster://[:password@]host:port[,host:port...][?timeout=s&prefix=p] (also
    rediss+cluster://), as checker/storage.py parses it for the rate limiters too.

    A malformed URL raises ConfigError; a store that cannot be opened raises StoreError.
    Redis and Redis Cluster connect lazily, so an unreachable server shows up at the first
    check instead."""
    u = parse_store_url(url)
    return _OPENERS[u.scheme](u)
