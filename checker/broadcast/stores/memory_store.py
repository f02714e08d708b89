"""memory:// — one process, no persistence: tests, the CLI audit, single-worker servers."""
from __future__ import annotations

import itertools
import math
import threading
from bisect import bisect_right, insort

from .base import Counts, Query, Store, decide, retention

#: A sweep visits every key (so senders who went quiet free their memory). It runs once event
#: time has moved a whole longest window since the last sweep, or after max(SWEEP_EVERY, keys)
#: records: amortized O(1) a record, also when an audit replays weeks of log in seconds.
SWEEP_EVERY = 4096


class MemoryStore(Store):
    """Sorted per-key event lists behind one lock (check-and-record is atomic per process)."""

    def __init__(self, url: str = "memory://"):
        self.url = url
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        # (sender, group) -> [event], sender -> [event], ts-sorted; an event (ts, id, group,
        # sketch) is one tuple in both lists, its sketch as raw bytes: half the memory of the hex
        # a replayed log would otherwise hold twice for each send (decode reads either)
        self._pairs: dict[tuple[str, str], list[tuple[float, int, str, bytes]]] = {}
        self._senders: dict[str, list[tuple[float, int, str, bytes]]] = {}
        self._records = 0
        self._swept_at = -math.inf
        self._swept_records = 0

    @staticmethod
    def _window(events: list, lo: float, hi: float) -> list:
        return events[bisect_right(events, (lo, math.inf)) : bisect_right(events, (hi, math.inf))]

    def evaluate(self, q: Query, record: bool) -> Counts:
        keep = retention(q.limits)
        lo = q.ts - keep
        with self._lock:
            pair = self._pairs.get((q.sender, q.group), [])
            snd = self._senders.get(q.sender, [])
            counts = decide(
                q,
                [(e[0], e[3]) for e in self._window(pair, lo, q.ts)],
                [(e[0], e[2], e[3]) for e in self._window(snd, q.ts - q.limits.fanout_window, q.ts)],
            )
            if not (record and counts.allowed):
                return counts
            n = next(self._ids)
            pair = self._pairs.setdefault((q.sender, q.group), [])
            snd = self._senders.setdefault(q.sender, [])
            event = (q.ts, n, q.group, bytes.fromhex(q.sketch))
            insort(pair, event)
            insort(snd, event)
            _prune(pair, lo)
            _prune(snd, lo)
            self._records += 1
            if (q.ts - self._swept_at >= keep
                    or self._records - self._swept_records >= max(SWEEP_EVERY, len(self._pairs))):
                self._swept_at, self._swept_records = q.ts, self._records
                self._sweep(lo)
        return Counts(counts.fanout, None, counts.flood, None, counts.repeat, None, True)

    def _sweep(self, lo: float) -> None:
        for table in (self._pairs, self._senders):
            for key in list(table):
                events = table[key]
                _prune(events, lo)
                if not events:
                    del table[key]

    def event_count(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._pairs.values())

    def clear(self) -> None:
        with self._lock:
            self._pairs.clear()
            self._senders.clear()


def _prune(events: list, lo: float) -> None:
    """Drop events at or before lo (ts-sorted list, in place)."""
    cut = bisect_right(events, (lo, math.inf))
    if cut:
        del events[:cut]
