"""A rate-limit charge that rides along with a broadcast evaluate, so a request that needs both
pays one Redis round trip instead of two.

The HTTP layer charges every request to its key's GCRA allowance and, when the message names a
sender and a group, the engine then asks the broadcast store for counts. With both on one Redis
server the two calls can be one Lua script: the charge is settled first and, when it is refused,
nothing is evaluated or recorded. The engine's call chain (Checker.check -> BroadcastGuard.check
-> Store.evaluate) does not know about rate limits and should not: the web layer puts the charge
in a context variable for the duration of the check, and a store that can settle it does so.
A store that cannot (memory, SQLite), or a guard that does not reach its store (backing off
after a failure), leaves the charge unsettled and the web layer charges the usual way.

GCRA_LUA is the one definition of the limiter's Redis arithmetic; web.ratelimit's Redis limiter
runs the same function, so a key's allowance is the same whichever script charges it.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

#: gcra(key, spec) -> 0 when allowed (and consumed), else the microseconds until the same charge
#: would pass. spec is RateCharge.spec(): "interval_us burst_us inc_us now_us", one argument (each
#: argument costs redis-py more to encode than the script takes to run); now_us '-' uses the
#: Redis clock (shared by every machine), tests pass their own clock. A TAT further ahead than one burst means the clock went
#: back: it is clamped (and stored), so a clock step never locks a key out.
GCRA_LUA = r"""
local function gcra(key, spec)
  local interval_us, burst_us, inc_us, now_arg = string.match(spec, '(%S+) (%S+) (%S+) (%S+)')
  burst_us, inc_us = tonumber(burst_us), tonumber(inc_us)
  local now
  if now_arg ~= '-' then
    now = tonumber(now_arg)
  else
    local clock = redis.call('TIME')
    now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
  end
  local tat = tonumber(redis.call('GET', key) or now)
  if tat < now then tat = now end
  local clamped = false
  if tat > now + burst_us then
    tat = now + burst_us
    clamped = true
  end
  local new_tat = tat + inc_us
  local allow_at = new_tat - burst_us
  if allow_at > now then
    if clamped then
      redis.call('SET', key, string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
    end
    return allow_at - now
  end
  redis.call('SET', key, string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1)
  return 0
end
"""


@dataclass
class RateCharge:
    """One GCRA charge (Redis key and microsecond arguments) and, once a store has run it, the
    outcome. `server` names the Redis server the limiter uses; a store on another server must not
    settle it."""

    server: tuple
    key: str
    interval_us: float
    burst_us: float
    inc_us: float
    now_us: float | None = None
    settled: bool = False
    retry_after: float = 0.0

    def spec(self) -> str:
        """The one script argument GCRA_LUA's gcra() reads."""
        return (f"{self.interval_us!r} {self.burst_us!r} {self.inc_us!r} "
                f"{'-' if self.now_us is None else repr(self.now_us)}")


class ChargeRefused(Exception):
    """The ride-along charge was refused: rate limited, nothing was evaluated or recorded. The
    guard lets it through (it is not a store failure); the web layer answers 429."""

    def __init__(self, retry_after: float):
        super().__init__(f"rate limited; retry in {retry_after:.3f} s")
        self.retry_after = retry_after


_pending: ContextVar[RateCharge | None] = ContextVar("msgcheck_rate_charge", default=None)


@contextmanager
def riding(charge: RateCharge) -> Iterator[RateCharge]:
    """Offer `charge` to the store calls made inside the block (this thread/context only)."""
    token = _pending.set(charge)
    try:
        yield charge
    finally:
        _pending.reset(token)


def pending(server: tuple) -> RateCharge | None:
    """The unsettled charge offered to a store on `server`, if any."""
    ch = _pending.get()
    if ch is None or ch.settled or ch.server != server:
        return None
    return ch


def redis_server(client) -> tuple:
    """Which Redis server (and database) a redis-py client talks to: a charge rides only with a
    store on the same one."""
    kw = client.connection_pool.connection_kwargs
    return (kw.get("host"), kw.get("port"), kw.get("path"), kw.get("db", 0))
