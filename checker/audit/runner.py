"""Running an audit: batches out to `BatchChecker`s (this process, or worker processes), send
events to the broadcast replay of their sender's shard, finished output back in input order.

    parent ─ batch k ─► the least busy worker: BatchChecker.check ──► ("checked", k, lines with holes)
                          └ its send events ─► the worker owning each sender (crc32 % N), directly:
                            ReplayShard.add(k, …) replays batches in input order ─► ("replayed", lines)
    parent: a batch whose holes are all filled, in input order ─► yield Done ─► the CLI writes bytes

The parent never parses, checks or serializes a record: it cuts files into line batches, merges
per-batch summaries (in input order) and writes bytes; events go from worker to worker. Every
worker runs the same two objects a one-process run uses (`BatchChecker.check`,
`ReplayShard.add`), so results are identical for any number of jobs. A worker that dies (killed,
out of memory) stops the run within a second with `WorkerDied`; what was yielded before is a
prefix of the full output.
"""
from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import zlib
from itertools import chain, islice
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator

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
        self._early: dict[int, list] = {}
        self._next_fwd = self._next_out = 0

    # -- shared bookkeeping ------------------------------------------------------------------
    def _on_checked(self, k: int, checked: Checked, file: int, kind: str) -> None:
        """Batch k is checked: merge its summary in input order, wait for its events' lines."""
        self._checked[k] = (checked, file, kind)
        while self._next_fwd in self._checked:
            k2 = self._next_fwd
            c, f, kd = self._checked.pop(k2)
            self._next_fwd += 1
            self.summary.merge(c.summary)
            c.summary = c.events = None
            pend = self._pending[k2] = _Pending(c, f, kd)
            for j, line, rows in self._early.pop(k2, ()):
                pend.fill(j, line, rows)

    def _on_replayed(self, outs: list, summary: Summary) -> None:
        pending = self._pending
        for (k, j), line, rows in outs:
            p = pending.get(k)
            if p is None:  # the owner was quicker than the batch's own worker
                self._early.setdefault(k, []).append((j, line, rows))
            else:
                p.fill(j, line, rows)
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
        for k, batch in enumerate(self.batches):
            checked = bc.check(batch)
            events = [(j, *e) for j, e in enumerate(checked.events)]
            self._on_checked(k, checked, batch[-1], batch[0])
            if shard is not None:
                self._on_replayed(*shard.add(k, checked.size, events))
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
                             args=(engine, self.opts, self.window, w, inqs, pipes[w][1]))
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
                self._on_checked(msg[1], msg[2], f, kind)
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
        k = -1
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
                q.put(("finish", k + 1))
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


def _worker_main(engine, opts: dict, window: int, me: int, inqs: list, conn) -> None:
    """A worker process: one engine, then batches to check and batches of events to replay, until
    "finish" and every batch's events are in."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    try:
        from ..engine import Checker

        checker = engine if isinstance(engine, Checker) else Checker(engine)
        bc = BatchChecker(checker, **opts)
        shard = ReplayShard(checker, window, opts.get("rows")) if opts.get("broadcast") else None
        n = len(inqs)
        total = None

        def replayed(outs_summary) -> None:
            outs, summary = outs_summary
            if outs or summary.verdicts:
                conn.send(("replayed", outs, summary))

        while total is None or (shard is not None and shard.next_batch < total):
            msg = inqs[me].get()
            tag = msg[0]
            if tag == "check":
                k = msg[1]
                checked = bc.check(msg[2])
                if shard is not None:  # every shard hears of every batch, if only its size
                    per: list[list] = [[] for _ in range(n)]
                    for j, e in enumerate(checked.events):
                        per[_owner(e[1][5], n)].append((j, *e))
                    for o in range(n):
                        if o != me:
                            # (pickled here: a queue holds what it has not yet written to a
                            # busy owner, and bytes take a fraction of the events' objects)
                            inqs[o].put(("replay", k, checked.size, pickle.dumps(per[o], pickle.HIGHEST_PROTOCOL)))
                    checked.events = None
                conn.send(("checked", k, checked))
                if shard is not None:
                    replayed(shard.add(k, checked.size, per[me]))
            elif tag == "replay":
                replayed(shard.add(msg[1], msg[2], pickle.loads(msg[3])))
            else:
                total = msg[1]
        outs, summary = shard.finish() if shard is not None else ([], Summary())
        conn.send(("done", outs, summary, shard.replay.replayed if shard else 0, shard.replay.late if shard else 0))
    except MsgcheckError as e:  # sent as text: subclasses' __init__ may not unpickle
        conn.send(("error", True, str(e)))
    except BaseException as e:  # noqa: BLE001
        conn.send(("error", False, f"{type(e).__name__}: {e}"))
