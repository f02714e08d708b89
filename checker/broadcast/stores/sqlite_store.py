"""sqlite:///path — the embedded default: one file shared safely by processes on one machine.

WAL lets readers run beside the writer; BEGIN IMMEDIATE takes the write lock before the counts
are read, so check-and-record is atomic across processes; a second writer waits (up to
`timeout` seconds, URL ?timeout=, default 2) and then fails with StoreError. Expired events are
deleted as event time advances, so the file holds about one longest window of sends.
"""
from __future__ import annotations

import math
import os
import random
import sqlite3
import threading
import time

from ...errors import StoreError
from .base import Counts, Query, Store, decide, retention

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bc_events (
    id     INTEGER PRIMARY KEY,
    sender TEXT NOT NULL,
    grp    TEXT NOT NULL,
    ts     REAL NOT NULL,
    sketch TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bc_events_pair ON bc_events (sender, grp, ts);
CREATE INDEX IF NOT EXISTS bc_events_sender ON bc_events (sender, ts);
CREATE INDEX IF NOT EXISTS bc_events_ts ON bc_events (ts);
"""


#: Pages of write-ahead log before a commit folds it back into the file (with an fsync that
#: stalls the committing worker). SQLite's default is 1000; the HTTP rate limiter writes to this
#: file on every request, so a larger log keeps those stalls ten times rarer (log up to ~40 MB).
WAL_AUTOCHECKPOINT = 10_000

#: Delete expired events once event time has moved this far, or after this many records.
PRUNE_SECONDS = 60.0
PRUNE_EVERY = 512


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def open_wal(path: str, timeout: float, schema: str) -> sqlite3.Connection:
    """A connection in WAL mode with `schema` applied, ready for BEGIN IMMEDIATE retries.

    Workers start together: while one opens the WAL (builds its shared-memory index, switches
    the journal mode) another's setup can get "database is locked" without SQLite's busy
    handler ever waiting, so the setup itself is retried until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"cannot enable WAL (journal_mode={mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
            conn.executescript(schema)
            conn.execute("PRAGMA busy_timeout = 0")  # afterwards the callers do the waiting
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
        except BaseException:
            conn.close()
            raise
        time.sleep(random.uniform(0.0005, 0.005))


class SQLiteStore(Store):
    def __init__(self, path: str, timeout: float = 2.0, url: str | None = None):
        self.path = path
        self.timeout = timeout
        self.url = url or f"sqlite:///{path}"
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = None
        self._records = 0
        self._pruned_at = -math.inf
        self._retry(lambda conn: None)  # open now: a bad path fails at open_store

    def _connect(self) -> sqlite3.Connection:
        """(Re)open the connection; a forked child gets its own (SQLite handles must not cross fork)."""
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        try:
            conn = open_wal(self.path, self.timeout, _SCHEMA)  # afterwards _retry does the waiting
        except sqlite3.Error as exc:
            raise StoreError(f"{self.url}: {exc}") from exc
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _retry(self, fn):
        """Run fn(conn) under the process lock, retrying while another process holds the write
        lock. SQLite's own busy handler backs off to 100 ms naps and can starve a waiter behind a
        busy writer; short randomized naps here keep waits fair, bounded by `timeout`."""
        deadline = time.monotonic() + self.timeout
        with self._lock:
            while True:
                try:
                    return fn(self._connect())
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() >= deadline:
                        raise StoreError(f"{self.url}: {exc}") from exc
                except sqlite3.Error as exc:
                    raise StoreError(f"{self.url}: {exc}") from exc
                time.sleep(random.uniform(0.00005, 0.0005))

    def evaluate(self, q: Query, record: bool) -> Counts:
        return self._retry(lambda conn: self._evaluate(conn, q, record))

    def _evaluate(self, conn: sqlite3.Connection, q: Query, record: bool) -> Counts:
        lo = q.ts - retention(q.limits)
        if record:
            conn.execute("BEGIN IMMEDIATE")  # the write lock before reading: atomic check-and-record
        try:
            pair = conn.execute(
                "SELECT ts, sketch FROM bc_events WHERE sender=? AND grp=? AND ts>? AND ts<=?",
                (q.sender, q.group, lo, q.ts),
            ).fetchall()
            snd = conn.execute(
                "SELECT ts, grp, sketch FROM bc_events WHERE sender=? AND ts>? AND ts<=? AND sketch<>''",
                (q.sender, q.ts - q.limits.fanout_window, q.ts),
            ).fetchall() if q.sketch else []
            counts = decide(q, pair, snd)
            if record and counts.allowed:
                self._records += 1
                if self._records % PRUNE_EVERY == 0 or q.ts - self._pruned_at >= PRUNE_SECONDS:
                    conn.execute("DELETE FROM bc_events WHERE ts<=?", (lo,))
                    self._pruned_at = q.ts
                conn.execute(
                    "INSERT INTO bc_events (sender, grp, ts, sketch) VALUES (?,?,?,?)",
                    (q.sender, q.group, q.ts, q.sketch),
                )
                counts = Counts(counts.fanout, None, counts.flood, None, counts.repeat, None, True)
            if record:
                conn.execute("COMMIT")
            return counts
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def event_count(self) -> int:
        return self._retry(lambda conn: conn.execute("SELECT COUNT(*) FROM bc_events").fetchone()[0])

    def clear(self) -> None:
        self._retry(lambda conn: conn.execute("DELETE FROM bc_events"))

    def ping(self) -> None:
        self._retry(lambda conn: conn.execute("SELECT 1 FROM bc_events LIMIT 1").fetchall())

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
