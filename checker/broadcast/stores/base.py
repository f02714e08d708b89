"""The one narrow interface every broadcast store implements, and the shared decision rule.

A store answers one question atomically: given this send (sender, group, ts, fingerprint) and
the limits, how many events already count against each limit, when does each crossed window
free up, and (when asked to record) register the send if nothing is crossed. Memory and SQLite
gather the candidate events and call `decide`; Redis runs the same steps in Lua. The shared
test suite holds them to identical answers.

Windows are half-open: an event at time e counts at time t when t - window < e <= t, so it stops
counting exactly at e + window, which is the "frees up" time reported.
"""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..fingerprint import SIMILARITY_PCT, decode, near_duplicate
from ..limits import Limits


@dataclass(frozen=True)
class Query:
    """One send to evaluate. `sketch` is the encoded fingerprint ("" when the text has none)."""

    sender: str
    group: str
    ts: float
    sketch: str
    repeat_applies: bool
    limits: "Limits"
    similarity_pct: int = SIMILARITY_PCT


@dataclass(frozen=True)
class Counts:
    """Counts include the send being checked; *_frees is None unless that limit is crossed."""

    fanout: int
    fanout_frees: float | None
    flood: int
    flood_frees: float | None
    repeat: int
    repeat_frees: float | None
    recorded: bool

    @property
    def allowed(self) -> bool:
        return self.fanout_frees is None and self.flood_frees is None and self.repeat_frees is None


class Store(ABC):
    """Check-and-record over sliding windows. Backend failures raise checker.errors.StoreError."""

    url: str = ""

    @abstractmethod
    def evaluate(self, q: Query, record: bool) -> Counts:
        """Count q against its limits; if `record` and nothing is crossed, register it (atomic)."""

    @abstractmethod
    def event_count(self) -> int:
        """Events held (diagnostics and the bounded-storage tests)."""

    @abstractmethod
    def clear(self) -> None:
        """Forget every event of this store."""

    def ping(self) -> None:
        """One cheap round trip (readiness probes); raises StoreError when unreachable."""

    def close(self) -> None:
        """Release connections; the store is unusable afterwards."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"


def retention(limits: "Limits") -> float:
    """How long any event can still matter: the longest window."""
    return max(limits.fanout_window, limits.flood_window, limits.repeat_window)


def _frees(times_asc: Sequence[float], limit: int, window: float) -> float:
    """Crossed with len(times)+1 sends: free once the oldest len-limit+1 have left the window."""
    return times_asc[len(times_asc) - limit] + window


def decide(
    q: Query,
    pair_events: Iterable[tuple[float, str]],
    sender_events: Iterable[tuple[float, str, str]],
) -> Counts:
    """Apply the limits to q given prior events.

    pair_events: (ts, sketch) of this sender in this group; sender_events: (ts, group, sketch)
    of this sender anywhere. Both may hold events outside the windows; they are filtered here.
    Returns Counts with recorded=False (the store sets it after writing)."""
    lim = q.limits
    t = q.ts
    cur = decode(q.sketch) if q.sketch else ()
    cache: dict[str, bool] = {q.sketch: True} if q.sketch else {}

    def similar(sk: str) -> bool:
        if sk not in cache:
            cache[sk] = bool(sk) and near_duplicate(cur, decode(sk), q.similarity_pct)
        return cache[sk]

    pair = sorted(pair_events)
    flood_lo = t - lim.flood_window
    flood_times = [e for e, _ in pair if flood_lo < e <= t]
    flood = len(flood_times) + 1
    flood_frees = _frees(flood_times, lim.flood_messages, lim.flood_window) if flood > lim.flood_messages else None

    repeat, repeat_frees = 0, None
    if q.sketch and q.repeat_applies:
        rep_lo = t - lim.repeat_window
        rep_times = [e for e, sk in pair if rep_lo < e <= t and similar(sk)]
        repeat = len(rep_times) + 1
        if repeat > lim.repeat_count:
            repeat_frees = _frees(rep_times, lim.repeat_count, lim.repeat_window)

    fanout, fanout_frees = 0, None
    if q.sketch:
        fan_lo = t - lim.fanout_window
        last: dict[str, float] = {}
        for e, g, sk in sender_events:
            if fan_lo < e <= t and similar(sk) and e > last.get(g, -math.inf):
                last[g] = e
        others = sorted(e for g, e in last.items() if g != q.group)
        fanout = len(others) + 1
        if fanout > lim.fanout_groups:
            fanout_frees = _frees(others, lim.fanout_groups, lim.fanout_window)
    return Counts(fanout, fanout_frees, flood, flood_frees, repeat, repeat_frees, False)
