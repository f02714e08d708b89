"""Running an audit: batches out to `BatchChecker`s (this process, or worker processes), send
events to the broadcast replay of their sender's shard, finished output back in input order.

    parent: read ─► batch k ─► the least busy worker ──────────────────► ("checked", k, Checked)
            batches in order: events ─► the worker owning the sender (crc32 % N) ─► ("replayed", lines)
            a batch whose lines are all done, in order ─► yield Done ─► the CLI writes bytes

The parent never parses or serializes a record: it cuts files into line batches, routes events,
merges per-batch summaries and writes bytes. Every worker runs the same two objects a
one-process run uses (`BatchChecker.check`, `ReplayShard.push`), so results are identical for
any number of jobs. A worker that dies (killed, out of memory) stops the run within a second
with `WorkerDied`; what was yielded before is a prefix of the full output.
"""
from __future__ import annotations

import gc
import multiprocessing
import signal
import zlib
from itertools import chain, islice
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

from ..errors import MsgcheckError
from .batch import BatchChecker, Checked, ReplayShard
from .records import Columns, Record
from .summary import Summary


class WorkerDied(Exception):
    """An audit worker process ended without finishing (killed, out of memory, crashed)."""


class Done:
    """One batch's finished output, in input order: `data` (bytes of `--format jsonl`), `rows`
    (findings-CSV rows), `records`, and `file` (index into Inputs.files)."""

    __slots__ = ("data", "rows", "records", "file", "kind")

    def __init__(self, data: bytes, rows: list | None, records: int, file: int, kind: str):
        self.data, self.rows, self.records, self.file, self.kind = data, rows, records, file, kind


class _Pending:
    __slots__ = ("checked", "file", "kind", "holes", "row_holes", "left")

    def __init__(self, checked: Checked, file: int, kind: str):
        self.checked, self.file, self.kind = checked, file, kind
        parts, rows = checked.parts, checked.rows
        self.holes = [i for i, p in enumerate(parts) if p is None]
        self.row_holes = [i for i, r in enumerate(rows) if r is None] if rows is not None else None
        self.left = len(self.holes)

    def fill(self, j: int, line: bytes, rows) -> None:
        self.checked.parts[self.holes[j]] = line
        if self.row_holes is not None:
            self.checked.rows[self.row_holes[j]] = rows
        self.left -= 1

    def done(self) -> Done:
        c = self.checked
        rows = None if c.rows is None else [row for group in c.rows if group for row in group]
        return Done(b"".join(c.parts), rows, c.records, self.file, self.kind)


def _owner(sender: str, n: int) -> int:
    return zlib.crc32(sender.encode("utf-8", "surrogatepass")) % n


class Runner:
    """Iterate to get `Done` batches in input order; afterwards `summary` holds the counts and
    `replayed`, `late`, `mode`, `workers` describe the run.

    batches: `Inputs.batches()` (or any iterable of the same tuples). jobs: worker processes;
    1 runs everything here. rows(rec, result): findings-CSV rows (None: no CSV)."""

    def __init__(self, batches: Iterable[tuple], *, checker, platform: str | None = None,
                 cols: Columns = Columns(), tz=None, jobs: int = 1, broadcast: bool = True,
                 reorder_window: int = 10_000, rows: Callable[[Record, dict], list] | None = None,
                 inflight: int = 2):
        if platform is not None:
            checker.profiles.get(platform)  # UnknownPlatform (exit 2) before any output
        self.batches, self.checker = batches, checker
        self.opts = dict(platform=platform, cols=cols, tz=tz, broadcast=broadcast, rows=rows)
        self.jobs, self.broadcast = max(1, int(jobs)), broadcast
        self.window, self.rows = max(1, int(reorder_window)), rows
        self.inflight = max(1, inflight)
        self.summary = Summary()
        self.replayed = self.late = 0
        self.mode, self.workers = "", 0
        # ordering state
        self._pending: dict[int, _Pending] = {}
        self._checked: dict[int, tuple] = {}
        self._next_fwd = self._next_out = 0
        self._seq = 0  # records forwarded so far (input positions of the replay)

    # -- shared bookkeeping ------------------------------------------------------------------
    def _on_checked(self, k: int, checked: Checked, file: int, kind: str, send_replay) -> None:
        self._checked[k] = (checked, file, kind)
        while self._next_fwd in self._checked:
            k2 = self._next_fwd
            c, f, kd = self._checked.pop(k2)
            self._next_fwd += 1
            self.summary.merge(c.summary)
            c.summary = None
            base = self._seq
            self._seq += c.records
            pend = _Pending(c, f, kd)
            self._pending[k2] = pend
            if self.broadcast:
                n = max(1, self.workers)
                per: list[list] = [[] for _ in range(n)]
                for j, (pos, rec, result, folded) in enumerate(c.events):
                    per[_owner(rec.sender, n)].append(((k2, j), base + pos, rec, result, folded))
                c.events = None
                for w in range(n):  # every shard hears how far the input is, even with no events
                    send_replay(w, per[w], self._seq - 1)

    def _on_replayed(self, outs: list, summary: Summary) -> None:
        pending = self._pending
        for (k, j), line, rows in outs:
            pending[k].fill(j, line, rows)
        self.summary.merge(summary)

    def _ready(self) -> Iterator[Done]:
        pending = self._pending
        while True:
            p = pending.get(self._next_out)
            if p is None or p.left:
                return
            del pending[self._next_out]
            self._next_out += 1
            yield p.done()

    # -- runners -----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Done]:
        if self.jobs > 1:  # one batch or less: a worker would cost more than it saves
            it = iter(self.batches)
            head = list(islice(it, 2))
            self.batches = chain(head, it)
            if len(head) > 1:
                return self._pool()
        return self._inprocess()

    def _inprocess(self) -> Iterator[Done]:
        self.mode, self.workers = "in-process", 0
        bc = BatchChecker(self.checker, **self.opts)
        shard = ReplayShard(self.checker, self.window, self.rows) if self.broadcast else None

        def send_replay(w, events, latest):
            self._on_replayed(*shard.push(events, latest))

        for k, batch in enumerate(self.batches):
            self._on_checked(k, bc.check(batch), batch[-1], batch[0], send_replay)
            yield from self._ready()
        if shard is not None:
            self._on_replayed(*shard.finish())
            self.replayed, self.late = shard.replay.replayed, shard.replay.late
        yield from self._ready()

    def _pool(self) -> Iterator[Done]:
        n = self.jobs
        self.mode, self.workers = "pool", n
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        # Forked workers share this process's lexicon (loaded once, here); elsewhere each builds
        # its own engine from the settings. jieba loads where a hit first needs it.
        fork = ctx.get_start_method() == "fork"
        if fork:
            self.checker.warm()
            # Objects made so far (the engine's tables) move out of the collector's sight, so a
            # worker's collections do not touch, and copy, the pages it shares with us.
            gc.freeze()
        engine = self.checker if fork else self.checker.settings
        inqs = [ctx.Queue() for _ in range(n)]
        pipes = [ctx.Pipe(duplex=False) for _ in range(n)]
        procs = [ctx.Process(target=_worker_main, daemon=True, name=f"msgcheck-audit-{w}",
                             args=(engine, self.opts, self.window, inqs[w], pipes[w][1]))
                 for w in range(n)]
        for p in procs:
            p.start()
        conns = [r for r, _ in pipes]
        for _, w_end in pipes:
            w_end.close()
        busy = [0] * n           # content batches out per worker
        meta: dict[int, tuple] = {}  # batch k -> (file, kind)
        finished = [False] * n
        alive = set(range(n))

        def send_replay(w, events, latest):
            inqs[w].put(("replay", events, latest))

        open_conns = dict(enumerate(conns))

        def drain(w: int) -> None:
            c = open_conns.get(w)
            while c is not None and c.poll():
                try:
                    msg = c.recv()
                except (EOFError, OSError):  # the worker is gone; its exit code tells why
                    del open_conns[w]
                    return
                handle(w, msg)

        def receive(block: bool) -> None:
            waitable = list(open_conns.values()) + [procs[w].sentinel for w in alive]
            ready = wait(waitable, timeout=1.0 if block else 0) if waitable else []
            for w, c in list(open_conns.items()):
                if c in ready:
                    drain(w)
            for w in list(alive):
                if procs[w].exitcode is not None:
                    drain(w)  # what it sent before it ended
                    alive.discard(w)
                    if not finished[w]:
                        code = procs[w].exitcode
                        how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
                        raise WorkerDied(f"audit worker {procs[w].pid} {how}")

        def handle(w: int, msg: tuple) -> None:
            tag = msg[0]
            if tag == "checked":
                busy[w] -= 1
                f, kind = meta.pop(msg[1])
                self._on_checked(msg[1], msg[2], f, kind, send_replay)
            elif tag == "replayed":
                self._on_replayed(msg[1], msg[2])
            elif tag == "done":
                self._on_replayed(msg[1], msg[2])
                self.replayed += msg[3]
                self.late += msg[4]
                finished[w] = True
            elif tag == "error":
                if msg[1]:
                    raise MsgcheckError(msg[2])
                raise WorkerDied(f"audit worker {procs[w].pid} failed: {msg[2]}")

        clean = False
        try:
            for k, batch in enumerate(self.batches):
                while min(busy) >= self.inflight:
                    receive(True)
                    yield from self._ready()
                w = busy.index(min(busy))
                busy[w] += 1
                meta[k] = (batch[-1], batch[0])
                inqs[w].put(("check", k, batch))
                receive(False)
                yield from self._ready()
            while any(busy):
                receive(True)
                yield from self._ready()
            for q in inqs:
                q.put(("finish",))
            while not all(finished):
                receive(True)
                yield from self._ready()
            yield from self._ready()
            if self._pending:
                raise WorkerDied(f"audit lost the results of {len(self._pending)} batches")
            clean = True
        finally:
            for p in procs:
                if not clean and p.is_alive():
                    p.kill()
                p.join(timeout=5)
            for q in inqs:
                if not clean:
                    q.cancel_join_thread()  # a dead reader must not hang our exit
                q.close()
            for c in conns:
                c.close()
            if fork:
                gc.unfreeze()


def _worker_main(engine, opts: dict, window: int, inq, conn) -> None:
    """A worker process: one engine, then batches and replay work until "finish"."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    try:
        from ..engine import Checker

        checker = engine if isinstance(engine, Checker) else Checker(engine)
        bc = BatchChecker(checker, **opts)
        shard = ReplayShard(checker, window, opts.get("rows")) if opts.get("broadcast") else None
        _ready_hook()
        while True:
            msg = inq.get()
            tag = msg[0]
            if tag == "check":
                conn.send(("checked", msg[1], bc.check(msg[2])))
            elif tag == "replay":
                conn.send(("replayed", *shard.push(msg[1], msg[2])))
            else:
                outs, summary = shard.finish() if shard is not None else ([], Summary())
                conn.send(("done", outs, summary, shard.replay.replayed if shard else 0,
                           shard.replay.late if shard else 0))
                return
    except MsgcheckError as e:  # sent as text: subclasses' __init__ may not unpickle
        conn.send(("error", True, str(e)))
    except BaseException as e:  # noqa: BLE001
        conn.send(("error", False, f"{type(e).__name__}: {e}"))


def _ready_hook() -> None:
    """MSGCHECK_AUDIT_WORKER_PIDS=FILE: each worker appends its pid (the fault tests kill one)."""
    import os

    path = os.environ.get("MSGCHECK_AUDIT_WORKER_PIDS")
    if path:
        with open(path, "a") as f:
            f.write(f"{os.getpid()}\n")
