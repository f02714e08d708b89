"""sqlite:///path — the limit shared by every worker on the machine, in the broadcast store's own
database file: one row (key, TAT) per key in its own table.

Each hit is one short write transaction: BEGIN IMMEDIATE takes the file's write lock before the
TAT is read, so two workers can never both spend the last unit. WAL keeps the broadcast store's
readers running beside it. The clock is wall time (time.time), which every process on the machine
shares and which survives a restart; gcra() clamps a TAT left ahead by a clock step.

Every hit appends a page to the write-ahead log, and the commit that takes the log past
`wal_autocheckpoint` pages copies it back into the file and fsyncs, stalling that worker for
milliseconds (far more on a busy disk). SQLite's default of 1000 pages would put one such stall
in every ~1000 requests; the connection comes from the broadcast store's open_wal, whose
WAL_AUTOCHECKPOINT makes it one in ~10000, for a log of up to ~40 MB.

A worker waits for the write lock at most `timeout` seconds (short naps, as the broadcast store
does, so waits stay fair), then lets the request through: a limiter must not be the reason a
request fails.
"""
from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from typing import Callable

from checker.broadcast.stores.sqlite_store import open_wal
from checker.storage import parse_store_url

from .base import ALLOWED, Decision, SharedRateLimiter, gcra

_SCHEMA = ("CREATE TABLE IF NOT EXISTS msgcheck_ratelimit "
           "(key TEXT PRIMARY KEY, tat REAL NOT NULL) WITHOUT ROWID")
#: delete keys whose TAT has passed (they hold no state) once per this many writes
PRUNE_EVERY = 1024


def sqlite_path(store_url: str) -> str:
    """The database file of a sqlite:// store URL (checker/storage.py, as open_store reads it)."""
    return parse_store_url(store_url).path


class _Busy(Exception):
    pass


class SQLiteRateLimiter(SharedRateLimiter):
    backend = "sqlite"

    def __init__(self, rate: float, burst: int, path: str, *, clock: Callable[[], float] = time.time,
                 timeout: float = 0.25, retry_after: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic):
        super().__init__(rate, burst, retry_after=retry_after, monotonic=monotonic)
        self.path, self.clock, self.timeout = path, clock, timeout
        self.errors = (sqlite3.Error, _Busy)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._writes = 0

    def _connect(self) -> sqlite3.Connection:
        """One connection per process (SQLite handles must not cross a fork)."""
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        conn = open_wal(self.path, self.timeout, _SCHEMA + ";")
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _hit(self, key: str, cost: int) -> Decision:
        deadline = time.monotonic() + self.timeout
        with self._lock:
            conn = self._connect()
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    if time.monotonic() >= deadline:
                        raise _Busy(f"write lock not free within {self.timeout} s") from exc
                time.sleep(random.uniform(0.00005, 0.0005))
            try:
                now = self.clock()
                row = conn.execute("SELECT tat FROM msgcheck_ratelimit WHERE key = ?", (key,)).fetchone()
                allowed, new_tat, wait = gcra(row[0] if row else None, now, 1.0 / self.rate, self.burst, cost)
                if new_tat is not None:
                    conn.execute("INSERT INTO msgcheck_ratelimit (key, tat) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET tat = excluded.tat", (key, new_tat))
                    self._writes += 1
                    if self._writes % PRUNE_EVERY == 0:
                        conn.execute("DELETE FROM msgcheck_ratelimit WHERE tat < ?", (now,))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return ALLOWED if allowed else Decision(False, wait)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
