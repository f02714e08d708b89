"""redis+cluster:// — the limit shared by every worker and machine through a Redis Cluster: the
single-server limiter's script (checker.broadcast.charge.GCRA_LUA) on the one key it touches, in
that key's slot.

No ride-along charge here: the broadcast store keeps each sender in its own hash slot, and an
API key's allowance (one key for all its senders) cannot live in all of them, so a request that
also needs broadcast counts pays two round trips, this limiter's first
(checker/broadcast/stores/redis_cluster_store.py says why)."""
from __future__ import annotations

import time
from typing import Callable

from checker.broadcast.stores.redis_cluster_store import Lazy, cluster_client, cluster_errors
from checker.storage import parse_store_url

from .base import SharedRateLimiter
from .redis_limiter import _LUA, RedisRateLimiter


class RedisClusterRateLimiter(RedisRateLimiter):
    backend = "redis+cluster"
    server = None  # never offers its charge to the store

    def __init__(self, rate: float, burst: int, url: str, *, prefix: str = "msgcheck:rl",
                 timeout: float = 0.25, retry_after: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic,
                 clock: Callable[[], float] | None = None):
        """url: the store URL (redis+cluster://...); connects on the first hit, so an unreachable
        cluster fails open like a dead single server instead of failing the start."""
        SharedRateLimiter.__init__(self, rate, burst, retry_after=retry_after, monotonic=monotonic)
        u = parse_store_url(url)

        def connect():
            client = cluster_client(u, timeout)
            return client, client.register_script(_LUA)
        self._conn = Lazy(connect)
        self.errors = cluster_errors()
        self.prefix = prefix
        self.clock = clock

    @property
    def _script(self):
        return self._conn.get()[1]

    def ride_charge(self, key: str, cost: int = 1) -> None:
        return None

    def close(self) -> None:
        made = self._conn.made
        if made is not None:
            made[0].close()
