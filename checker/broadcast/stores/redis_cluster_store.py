"""redis+cluster://host:port[,host:port...] — the broadcast store on a Redis Cluster.

The same Lua script as redis_store.py, so the same answers, check-and-record as atomic. A
script may only touch keys of one hash slot, and one evaluation touches exactly three keys, all
of ONE sender: the (sender, group) set (flood and repeat), the sender's set across groups
(fan-out) and the sender's id counter. Each carries the sender as its hash tag
(`msgcheck:bc:{sender}:g:group`, `…:{sender}:all`, `…:{sender}:seq`), so every limit is
evaluated in one slot on one node, and senders spread over the cluster. No limit counts across
senders, so no evaluation ever needs two slots; a group's own state is kept per sender, not per
group (a per-group key would sit in another slot).

The rate-limit charge does not ride along here, unlike on one Redis server: its key is the API
key's, shared by all the senders a client sends for, so it cannot sit in every sender's slot
(moving it under the sender's tag would split one API key's allowance per sender, changing the
limit). In cluster mode the web layer therefore makes two calls: the limiter's own script
first (a refused request records nothing, as before), then this one. `server` is None to say so.

The client is made on first use: redis-py's RedisCluster asks a node for the slot map as it is
built, and an unreachable cluster must cost a check (fail-open, retried after the guard's
back-off), not the start of the API. Connections keep the short timeouts and no retries of the
single-server store; a moved slot is still followed (redis-py handles MOVED/ASK itself).
"""
from __future__ import annotations

import threading
from typing import Callable
from urllib.parse import unquote, urlsplit

from ...errors import ConfigError
from ...storage import StoreURL
from .redis_store import _LUA, DEFAULT_PREFIX, DEFAULT_TIMEOUT, RedisStore


def cluster_client(u: StoreURL, timeout: float):
    """A redis-py RedisCluster for a redis+cluster:// URL (checker/storage.py parsed it): short
    socket timeouts, no retries. Shared with the API's rate limiter (web/ratelimit)."""
    try:
        from redis.backoff import NoBackoff
        from redis.cluster import ClusterNode, RedisCluster
        from redis.retry import Retry
    except ImportError as exc:  # pragma: no cover - redis is a dependency
        raise ConfigError("redis+cluster:// stores need the 'redis' package (pip install 'redis>=5')") from exc
    parts = urlsplit(u.url)
    return RedisCluster(
        startup_nodes=[ClusterNode(host, port) for host, port in u.nodes],
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ssl=u.scheme == "rediss+cluster",
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


def cluster_errors() -> tuple[type[BaseException], ...]:
    """What a cluster client raises when the cluster is unreachable or refuses (RedisCluster's
    own exception is not a RedisError)."""
    import redis
    from redis.exceptions import RedisClusterException

    return (redis.RedisError, RedisClusterException)


class Lazy:
    """A value made on first use, once, under a lock; a failed attempt is tried again next time."""

    def __init__(self, make: Callable[[], object]):
        self._make, self._value, self._lock = make, None, threading.Lock()

    def get(self):
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._make()
                value = self._value
        return value

    @property
    def made(self):
        return self._value


class RedisClusterStore(RedisStore):
    server = None  # a rate-limit charge never rides here (see the module docstring)

    def __init__(self, u: StoreURL, timeout: float = DEFAULT_TIMEOUT, prefix: str = DEFAULT_PREFIX):
        self._errors = cluster_errors()
        self.url = u.shown
        self.prefix = prefix

        def connect():
            client = cluster_client(u, timeout)
            return client, client.register_script(_LUA)
        self._conn = Lazy(connect)

    @property
    def _client(self):
        return self._conn.get()[0]

    @property
    def _script(self):
        return self._conn.get()[1]

    def close(self) -> None:
        made = self._conn.made
        if made is not None:
            made[0].close()
