"""redis:// — the limit shared by every worker and machine: one Lua script (checker.broadcast.
charge.GCRA_LUA) decides and consumes atomically on the Redis clock.

When the broadcast store is on the same Redis server, a request that also needs broadcast counts
does not call hit(): it offers ride_charge() to the store, which settles it in its own script
(one round trip instead of two)."""
from __future__ import annotations

import time
from typing import Callable

from checker.broadcast.charge import GCRA_LUA, RateCharge, redis_server
from checker.storage import parse_store_url

from .base import ALLOWED, Decision, SharedRateLimiter

_LUA = GCRA_LUA + r"""
local wait = gcra(KEYS[1], ARGV[1])
if wait > 0 then return {0, wait} end
return {1, 0}
"""


class RedisRateLimiter(SharedRateLimiter):
    backend = "redis"

    def __init__(self, rate: float, burst: int, url: str, *, prefix: str = "msgcheck:rl",
                 timeout: float = 0.25, retry_after: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic,
                 clock: Callable[[], float] | None = None):
        """clock None: the Redis server's clock (one clock for every machine); tests inject one."""
        super().__init__(rate, burst, retry_after=retry_after, monotonic=monotonic)
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                            retry=Retry(NoBackoff(), 0), retry_on_timeout=False)
        self._script = self._client.register_script(_LUA)
        self.errors = (redis.RedisError,)
        self.prefix = prefix
        self.clock = clock
        self.server = redis_server(self._client)

    def charge(self, key: str, cost: int = 1) -> RateCharge:
        interval_us = 1_000_000 / self.rate
        return RateCharge(self.server, f"{self.prefix}:{key}", interval_us, self.burst * interval_us,
                          self.units(cost) * interval_us,
                          None if self.clock is None else self.clock() * 1_000_000)

    def ride_charge(self, key: str, cost: int = 1) -> RateCharge | None:
        """A charge for a store on this server to settle; None while Redis is considered down
        (then hit() answers, failing open)."""
        if self._down_since is not None:
            return None
        return self.charge(key, cost)

    def _hit(self, key: str, cost: int) -> Decision:
        ch = self.charge(key, cost)
        allowed, wait_us = self._script(keys=[ch.key], args=[ch.spec()])
        return ALLOWED if int(allowed) else Decision(False, int(wait_us) / 1_000_000)

    def close(self) -> None:
        self._client.close()


def redis_client_url(store_url: str) -> tuple[str, float, str]:
    """The redis-py URL, the timeout and the key prefix of a store URL (checker/storage.py)."""
    u = parse_store_url(store_url)
    return u.client_url, u.timeout or 0.25, u.prefix or "msgcheck"
