"""BroadcastGuard: does this send, from this sender to this group, now, cross a frequency limit?

The engine calls check() with already-normalized text; the guard fingerprints it, asks the store
(atomic check-and-reserve) and turns crossed limits into `broadcast` findings. A store that fails
never fails the check: the result says the frequency check was skipped, the failure is logged
once (and its recovery once), and fail_open decides whether a skipped check passes or blocks.
After a failure the store is left alone for `retry_after` seconds, so a dead Redis costs one
short timeout, not one per message.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

from ..errors import StoreError
from ..types import Finding
from .charge import ChargeRefused
from .fingerprint import SIMILARITY_PCT, fingerprint
from .limits import Limits
from .stores import Counts, Query, Store, open_store

log = logging.getLogger(__name__)

#: Accepted ts range (epoch seconds): wide enough for any log, narrow enough to format.
_TS_MIN, _TS_MAX = 0.0, 32503680000.0  # 1970 .. 3000


@dataclass(frozen=True)
class GuardResult:
    """findings: crossed limits (or the fail-closed block); recorded: the send was registered;
    skipped: why the frequency check did not run (None when it ran)."""

    findings: tuple[Finding, ...]
    recorded: bool
    skipped: str | None


def format_window(seconds: float) -> str:
    """3600 -> '60 min', 600 -> '10 min', 86400 -> '24 h', 90 -> '90 s'."""
    s = float(seconds)
    if s >= 7200 and s % 3600 == 0:
        return f"{int(s // 3600)} h"
    if s >= 120 and s % 60 == 0:
        return f"{int(s // 60)} min"
    return f"{s:g} s"


def format_time(ts: float) -> str:
    """UTC ISO 8601 rounded up to the second: at that instant the window is free."""
    return datetime.fromtimestamp(math.ceil(ts), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class BroadcastGuard:
    """Frequency limits over a store. Thread-safe; one instance per store is enough."""

    #: called with each exception the store raises (the server counts them: web.metrics)
    on_error: Callable[[Exception], None] | None = None

    def __init__(
        self,
        store: Store | str,
        clock: Callable[[], float] = time.time,
        fail_open: bool = True,
        *,
        retry_after: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
        similarity_pct: int = SIMILARITY_PCT,
    ):
        self.store = open_store(store) if isinstance(store, str) else store
        self.clock = clock
        self.fail_open = fail_open
        self.retry_after = retry_after
        self.similarity_pct = similarity_pct
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._down_since: float | None = None  # monotonic time of the last failure
        self._down_reason = ""

    def check(
        self,
        sender: str | None,
        group: str | None,
        text: str | None,
        ts: float | None = None,
        limits: Limits | Mapping[str, Any] = Limits(),
        record: bool = True,
    ) -> GuardResult:
        """Evaluate (and with record=True, reserve) one send. Never raises for store trouble."""
        if sender is None or group is None or sender == "" or group == "":
            return GuardResult((), False, "frequency check needs both sender and group")
        sender, group = str(sender), str(group)  # audit logs may carry numeric IDs
        if isinstance(limits, Mapping):
            limits = Limits.from_dict(limits)
        t = float(self.clock() if ts is None else ts)
        if not (_TS_MIN <= t <= _TS_MAX):
            raise ValueError(f"ts must be epoch seconds between 1970 and 3000, got {t!r}")
        fp = fingerprint(text)
        q = Query(sender, group, t, fp.encode() if fp else "", fp is not None and not fp.short,
                  limits, self.similarity_pct)

        with self._lock:
            if self._down_since is not None and self._monotonic() - self._down_since < self.retry_after:
                return self._unavailable(self._down_reason)
        try:
            counts = self.store.evaluate(q, record)
        except ChargeRefused:
            raise  # a rate-limit answer for the caller, not a store failure
        except Exception as exc:  # noqa: BLE001 - a store failure must never fail the check
            return self._failed(exc)
        with self._lock:
            if self._down_since is not None:
                log.info("broadcast store %s is reachable again; frequency checks resume", self.store.url)
                self._down_since = None
        return GuardResult(tuple(_findings(counts, limits)), counts.recorded, None)

    def _failed(self, exc: Exception) -> GuardResult:
        if self.on_error is not None:
            self.on_error(exc)
        cause = exc.__cause__ if isinstance(exc, StoreError) and exc.__cause__ else exc
        reason = f"broadcast store unavailable ({type(cause).__name__}); frequency check skipped"
        with self._lock:
            first = self._down_since is None
            self._down_since = self._monotonic()
            self._down_reason = reason
        if first:
            # Log once per outage; the exception text names the store, never the message.
            log.warning("broadcast store %s failed: %s; frequency checks are skipped (%s) until it "
                        "recovers", self.store.url, exc, "fail-open" if self.fail_open else "fail-closed",
                        exc_info=not isinstance(exc, StoreError))
        return self._unavailable(reason)

    def _unavailable(self, reason: str) -> GuardResult:
        if self.fail_open:
            return GuardResult((), False, reason)
        return GuardResult((Finding(
            category="broadcast", rule="broadcast.unavailable", severity="block", start=None, end=None,
            text="", message="frequency check unavailable (broadcast store unreachable); "
                             "blocked because the guard is fail-closed",
            suggestion="retry shortly; an operator should check the broadcast store",
            extra={"reason": reason},
        ),), False, reason)

    def close(self) -> None:
        self.store.close()


def _finding(rule: str, message: str, suggestion: str, count: int, limit: int, window: float,
             frees: float) -> Finding:
    when = format_time(frees)
    return Finding(
        category="broadcast", rule=f"broadcast.{rule}", severity="review", start=None, end=None,
        text="", message=f"{message} in {format_window(window)} (limit {limit}); frees up at {when}",
        suggestion=suggestion.format(when=when),
        extra={"limit_name": rule, "count": count, "limit": limit, "window": window,
               "frees_at": when, "frees_at_ts": frees},
    )


def _findings(c: Counts, lim: Limits) -> list[Finding]:
    out = []
    if c.fanout_frees is not None:
        out.append(_finding("fanout", f"same text sent to {c.fanout} groups",
                            "send it to fewer groups, or wait until {when}",
                            c.fanout, lim.fanout_groups, lim.fanout_window, c.fanout_frees))
    if c.flood_frees is not None:
        out.append(_finding("flood", f"{c.flood} messages to this group",
                            "slow down: wait until {when} before posting here again",
                            c.flood, lim.flood_messages, lim.flood_window, c.flood_frees))
    if c.repeat_frees is not None:
        out.append(_finding("repeat", f"same text sent {c.repeat} times to this group",
                            "don't repeat this message here before {when}",
                            c.repeat, lim.repeat_count, lim.repeat_window, c.repeat_frees))
    return out
