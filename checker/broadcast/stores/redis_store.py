"""redis://host:port/db — shared by API workers and machines.

Per sender, two sorted sets scored by send time: one per (sender, group) for flood and repeat,
one for the sender across groups for fan-out. One Lua script reads, decides and writes, so
check-and-record is atomic however many workers share the server. It repeats base.decide step
for step (the shared test suite checks that they agree). Keys carry the sender in a hash tag so
a script touches one cluster slot; every key expires after the longest window, and each write
trims events older than that, so storage stays bounded.

A rate-limit charge offered by the web layer (checker.broadcast.charge) rides in the same script
as a fourth key, so a checked-and-recorded send costs one round trip. That key is outside the
sender's hash tag: the ride-along suits one Redis server, not a cluster (redis_cluster_store.py
runs this script without it).

Connections use short socket timeouts (URL ?timeout=, default 0.25 s) and no retries: a dead
server costs one timeout, then the guard stops asking for a while.
"""
from __future__ import annotations

import math
from urllib.parse import quote

from ...errors import ConfigError, StoreError
from ..charge import GCRA_LUA, ChargeRefused, pending, redis_server
from ..fingerprint import K
from .base import Counts, Query, Store, retention

_LUA = GCRA_LUA + r"""
local pair, snd, seq = KEYS[1], KEYS[2], KEYS[3]
-- a ride-along rate-limit charge (checker.broadcast.charge): settled first; refused -> 'rl <wait>'
if #KEYS >= 4 then
  local wait = gcra(KEYS[4], ARGV[4])
  if wait > 0 then return 'rl ' .. string.format('%d', wait) end
end
-- ARGV[1]: the numbers, space-separated (one argument is cheaper for the client than thirteen)
local p = {}
for x in string.gmatch(ARGV[1], '%S+') do p[#p + 1] = tonumber(x) end
local t, repeat_applies = p[1], p[2] == 1
local fan_n, fan_w, flood_n, flood_w, rep_n, rep_w = p[3], p[4], p[5], p[6], p[7], p[8]
local pct, record, keep, ttl, K = p[9], p[10] == 1, p[11], p[12], p[13]
local group, cur = ARGV[2], ARGV[3]

local function f(x) return string.format('%.17g', x) end

local function parse(sk)
  local out = {}
  for i = 1, #sk, 8 do out[#out + 1] = tonumber(string.sub(sk, i, i + 7), 16) end
  return out
end
local cur_sk = nil  -- parsed on the first comparison: most sends have no earlier event to compare
local cache = {}
if cur ~= '' then cache[cur] = true end
-- fingerprint.near_duplicate: bottom-K of the union by merging the sorted sketches
local function similar(sk)
  local hit = cache[sk]
  if hit ~= nil then return hit end
  hit = false
  local na, nb = #cur / 8, #sk / 8
  -- complete sets (fewer than K hashes) cannot reach pct if their sizes differ too much:
  -- shared <= min and union >= max. A shortcut only; the merge below would say the same.
  local short = na < K and nb < K and math.min(na, nb) * 100 < pct * math.max(na, nb)
  if sk ~= '' and not short then
    local b = parse(sk)
    if cur_sk == nil then cur_sk = parse(cur) end
    local a = cur_sk
    local i, j, shared, size = 1, 1, 0, 0
    while size < K and (i <= #a or j <= #b) do
      if j > #b or (i <= #a and a[i] < b[j]) then
        i = i + 1
      elseif i > #a or b[j] < a[i] then
        j = j + 1
      else
        i = i + 1; j = j + 1; shared = shared + 1
      end
      size = size + 1
    end
    hit = size > 0 and shared * 100 >= pct * size
  end
  cache[sk] = hit
  return hit
end
-- member layouts: pair "id|sketch", sender "id|group|sketch"
local function after_bar(m, n)
  local pos = 0
  for _ = 1, n do pos = string.find(m, '|', pos + 1, true) end
  return pos
end

local flood_frees, rep_frees, fan_frees = '', '', ''
local flood_count = redis.call('ZCOUNT', pair, '(' .. f(t - flood_w), f(t))
local flood = flood_count + 1
if flood > flood_n then
  local r = redis.call('ZRANGEBYSCORE', pair, '(' .. f(t - flood_w), f(t), 'WITHSCORES',
                       'LIMIT', flood_count - flood_n, 1)
  flood_frees = f(tonumber(r[2]) + flood_w)
end

local rep = 0
if cur ~= '' and repeat_applies then
  local r = redis.call('ZRANGEBYSCORE', pair, '(' .. f(t - rep_w), f(t), 'WITHSCORES')
  local times = {}
  for i = 1, #r, 2 do
    local m = r[i]
    if similar(string.sub(m, after_bar(m, 1) + 1)) then times[#times + 1] = tonumber(r[i + 1]) end
  end
  rep = #times + 1
  if rep > rep_n then rep_frees = f(times[#times - rep_n + 1] + rep_w) end
end

local fan = 0
if cur ~= '' then
  local r = redis.call('ZRANGEBYSCORE', snd, '(' .. f(t - fan_w), f(t), 'WITHSCORES')
  local last = {}
  for i = 1, #r, 2 do
    local m = r[i]
    local b1 = after_bar(m, 1)
    local b2 = string.find(m, '|', b1 + 1, true)
    local g = string.sub(m, b1 + 1, b2 - 1)
    if g ~= group and similar(string.sub(m, b2 + 1)) then
      local e = tonumber(r[i + 1])
      if last[g] == nil or e > last[g] then last[g] = e end
    end
  end
  local others = {}
  for _, e in pairs(last) do others[#others + 1] = e end
  table.sort(others)
  fan = #others + 1
  if fan > fan_n then fan_frees = f(others[#others - fan_n + 1] + fan_w) end
end

local recorded = 0
if record and flood_frees == '' and rep_frees == '' and fan_frees == '' then
  local id = redis.call('INCR', seq)
  redis.call('ZADD', pair, f(t), id .. '|' .. cur)
  redis.call('ZREMRANGEBYSCORE', pair, '-inf', f(t - keep))
  redis.call('PEXPIRE', pair, ttl)
  if cur ~= '' then
    redis.call('ZADD', snd, f(t), id .. '|' .. group .. '|' .. cur)
    redis.call('ZREMRANGEBYSCORE', snd, '-inf', f(t - fan_w))
    redis.call('PEXPIRE', snd, ttl)
  end
  redis.call('PEXPIRE', seq, ttl)
  recorded = 1
end
-- one reply string: 'fan fan_frees flood flood_frees rep rep_frees recorded' ('-': not crossed)
local function opt(x) if x == '' then return '-' end return x end
return table.concat({fan, opt(fan_frees), flood, opt(flood_frees), rep, opt(rep_frees), recorded}, ' ')
"""

DEFAULT_TIMEOUT = 0.25
DEFAULT_PREFIX = "msgcheck:bc"


def _k(part: str) -> str:
    """Percent-encode a sender or group so ':', '|', '{' and '}' cannot break keys or members."""
    return quote(part, safe="")


class RedisStore(Store):
    #: the Redis server (and database) this store talks to: a rate-limit charge for the same one
    #: rides in its script; None never takes one (a cluster)
    server: tuple | None = None

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, prefix: str = DEFAULT_PREFIX,
                 shown_url: str | None = None):
        try:
            import redis
            from redis.backoff import NoBackoff
            from redis.retry import Retry
        except ImportError as exc:  # pragma: no cover - redis is a dependency
            raise ConfigError("redis:// stores need the 'redis' package (pip install redis)") from exc
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError,)
        self.url = shown_url or url
        self.prefix = prefix
        try:
            self._client = redis.Redis.from_url(
                url,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry=Retry(NoBackoff(), 0),
                retry_on_timeout=False,
                health_check_interval=0,
            )
        except ValueError as exc:
            raise ConfigError(f"bad redis URL {self.url}: {exc}") from exc
        self._script = self._client.register_script(_LUA)
        self.server = redis_server(self._client)

    def _keys(self, sender: str, group: str) -> list[str]:
        base = f"{self.prefix}:{{{_k(sender)}}}"
        return [f"{base}:g:{_k(group)}", f"{base}:all", f"{base}:seq"]

    def evaluate(self, q: Query, record: bool) -> Counts:
        lim = q.limits
        keep = retention(lim)
        nums = (f"{float(q.ts)!r} {1 if q.repeat_applies else 0} "
                f"{lim.fanout_groups} {float(lim.fanout_window)!r} {lim.flood_messages} {float(lim.flood_window)!r} "
                f"{lim.repeat_count} {float(lim.repeat_window)!r} {q.similarity_pct} {1 if record else 0} "
                f"{float(keep)!r} {max(1, math.ceil(keep * 1000))} {K}")
        args = [nums, _k(q.group), q.sketch]
        keys = self._keys(q.sender, q.group)
        charge = pending(self.server) if self.server is not None else None
        if charge is not None:
            keys.append(charge.key)
            args.append(charge.spec())
        try:
            r = self._script(keys=keys, args=args).split()
        except self._errors as exc:
            raise StoreError(f"{self.url}: {type(exc).__name__}: {exc}") from exc
        if charge is not None:
            charge.settled = True
            if r[0] == b"rl":
                charge.retry_after = int(r[1]) / 1_000_000
                raise ChargeRefused(charge.retry_after)

        def frees(v: bytes) -> float | None:
            return None if v == b"-" else float(v)

        return Counts(int(r[0]), frees(r[1]), int(r[2]), frees(r[3]), int(r[4]), frees(r[5]), r[6] == b"1")

    def _scan(self):
        return self._client.scan_iter(match=f"{self.prefix}:*", count=1000)

    def event_count(self) -> int:
        try:
            return sum(self._client.zcard(k) for k in self._scan() if b":g:" in k)
        except self._errors as exc:
            raise StoreError(f"{self.url}: {type(exc).__name__}: {exc}") from exc

    def clear(self) -> None:
        try:
            keys = list(self._scan())
            if keys:
                self._client.delete(*keys)
        except self._errors as exc:
            raise StoreError(f"{self.url}: {type(exc).__name__}: {exc}") from exc

    def ping(self) -> None:
        try:
            self._client.ping()
        except self._errors as exc:
            raise StoreError(f"{self.url}: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self._client.close()
