"""Checking a stream of records in input order: the content check, the broadcast replay with
the log's own timestamps, and the work sharded by sender over worker processes.

`Replay` is shared by every runner. `AuditRun` is the per-record path, yielding (Record, result
dict): the web API's uploads use it, and the tests compare the batch runner (`runner.py`, which
`msgcheck audit` uses) with it byte for byte.

Broadcast replay is what the engine does live — Checker(settings, guard).check(text, platform,
sender=, group=, ts=, record=True) with a memory:// guard — but with the log's own timestamps,
each sender's sends in time order, and results in input order. A send event (sender, group and
ts all known) waits in a heap keyed by (ts, input position) until `reorder_window` more records
have been read, and waiting events are replayed earliest first. So a log whose records are at
most `reorder_window` records out of time order is replayed exactly as if it had been sorted;
sends later than that are still checked, counted as `late` in the summary, and may be
under-counted. Output lags the input by about `reorder_window` records.

Every broadcast limit (fan-out, flood, repeat) is kept per sender, so the work is sharded by
sender: with --jobs N, N worker processes each check and replay the records of their senders
(records that take no part in the replay go round-robin) and the parent reads, dispatches in
rounds, puts results back in input order, counts and writes. Results are identical for any N.
"""
from __future__ import annotations

import heapq
import multiprocessing
import signal
import zlib
from collections import deque
from itertools import chain, islice
from typing import Any, Callable, Iterable, Iterator

from ..errors import MsgcheckError, UnknownPlatform
from ..types import Verdict
from .records import Record


def _replay_store():
    """A memory:// store for replaying a log. The stock MemoryStore also sweeps every key once
    *event* time has moved 60 s, which is right for a live server but, replaying weeks of log
    in seconds, means a sweep of every key every few records (quadratic). Here the sweep runs
    once per max(4096, keys) records instead. Counts are identical: a sweep only frees memory."""
    from ..broadcast.stores.memory_store import MemoryStore

    class ReplayMemoryStore(MemoryStore):
        _last_sweep = 0

        def _sweep(self, lo):  # called by MemoryStore.evaluate under its lock
            n = getattr(self, "_records", None)
            keys = getattr(self, "_pairs", None)
            if n is None or keys is None:  # the stock store changed: keep its behaviour
                return super()._sweep(lo)
            if n - self._last_sweep >= max(4096, len(keys)):
                self._last_sweep = n
                super()._sweep(lo)

    return ReplayMemoryStore("memory://")


class _Item:
    __slots__ = ("seq", "rec", "result", "folded", "done", "key")

    def __init__(self, seq: int, rec: Record, result: dict, folded: str | None):
        self.seq, self.rec, self.result, self.folded = seq, rec, result, folded
        self.done = folded is None


class Replay:
    """Replays send events through a broadcast guard in time order and releases results in
    input order (see the module docstring).

    An event waits until `window` more records have been read (`advance(latest)` says how far
    the input is); waiting events are replayed earliest timestamp first, and the earliest
    waits while it is still young. So events at most `window` records out of time order are
    replayed exactly in time order, whatever the batching or the number of shards. An event
    whose input position falls `2 * window` behind is forced out (earliest timestamps first),
    which bounds memory for logs with far-future timestamps; sends replayed before an earlier
    send of the same sender count as `late`."""

    def __init__(self, guard, limits_for: Callable[[str], Any], window: int = 10_000):
        self.guard, self.limits_for = guard, limits_for
        self.window = max(1, int(window))
        self._heap: list[tuple[float, int, _Item]] = []
        self._pending: deque[_Item] = deque()
        self._last_ts: dict[str, float] = {}
        self.replayed = 0
        self.late = 0

    def push(self, item: _Item) -> None:
        self._pending.append(item)
        if not item.done:
            heapq.heappush(self._heap, (item.rec.ts, item.seq, item))

    def advance(self, latest: int) -> Iterator[_Item]:
        """Replay what is due now that records up to position `latest` are in; yield the done
        prefix of the pending records."""
        heap, window = self._heap, self.window
        while heap and heap[0][1] + window <= latest:
            self._replay(heapq.heappop(heap)[2])
        pending = self._pending
        while pending and not pending[0].done and pending[0].seq + 2 * window <= latest:
            self._replay(heapq.heappop(heap)[2])
        while pending and pending[0].done:
            yield pending.popleft()

    def finish(self) -> Iterator[_Item]:
        while self._heap:
            self._replay(heapq.heappop(self._heap)[2])
        while self._pending:
            yield self._pending.popleft()

    def _replay(self, item: _Item) -> None:
        rec = item.rec
        if replay_send(self.guard, self.limits_for, self._last_ts, rec.sender, rec.group, rec.ts, item.folded,
                       item.result):
            self.late += 1
        self.replayed += 1
        item.folded = None
        item.done = True


def replay_send(guard, limits_for: Callable[[str], Any], last_ts: dict[str, float], sender: str, group: str,
                ts: float, folded: str, result: dict) -> bool:
    """One send through the guard: what Checker.check(..., sender, group, ts, record=True) adds to
    the content `result` (a Report.to_dict(); updated in place). `last_ts` is the latest time
    replayed per sender; returns True if this send is `late` (earlier than one already replayed).
    Shared by Replay and the Dask runner (dask_run.py), which replays each sender's sends in the
    order ReplayOrder gives, so both count exactly alike."""
    last = last_ts.get(sender)
    late = last is not None and ts < last
    if not late:
        last_ts[sender] = ts
    r = guard.check(sender=sender, group=group, text=folded, ts=ts,
                    limits=limits_for(result["platform"]), record=result["verdict"] != "block")
    if r.findings:
        result["findings"] = result["findings"] + [f.to_dict() for f in r.findings]
        result["verdict"] = Verdict.worst([result["verdict"]] + [f.severity for f in r.findings]).value
    if r.skipped:
        result["notes"] = [f"broadcast check skipped: {r.skipped}"]
    return late


class ReplayOrder(Replay):
    """Replay's timing without a guard: feed it what AuditRun feeds a Replay (`send` for each
    send event whose content check succeeded, then `advance(seq)` after every record read that
    is not malformed, `finish()` at the end) and `due` fills with the sends' input positions in
    exactly the order an in-process Replay replays them. A runner that replays elsewhere (the
    Dask runner, dask_run.py) takes `due` and replays each sender's sends in that order."""

    def __init__(self, window: int = 10_000):
        super().__init__(None, None, window)
        self.due: list[int] = []
        self.finished = False

    def send(self, seq: int, ts: float) -> None:
        self.push(_Item(seq, Record("", 0, None, ts=ts), {}, ""))

    def advance(self, latest: int) -> None:  # type: ignore[override]
        for _ in super().advance(latest):
            pass

    def finish(self) -> None:  # type: ignore[override]
        for _ in super().finish():
            pass
        self.finished = True

    def _replay(self, item: _Item) -> None:
        self.due.append(item.seq)
        self.replayed += 1
        item.done = True


# ---------------------------------------------------------------------------------------------
# Content check + replay of one shard (this process, or a worker)
# ---------------------------------------------------------------------------------------------

def profile_limits(checker, platform: str):
    """The broadcast Limits of a profile, as the replay uses them."""
    from ..broadcast import Limits

    return Limits.from_dict(dict(checker.profiles.get(platform).limits))


def replay_guard():
    """A fail-open BroadcastGuard over a fresh replay store: one per shard of senders."""
    from ..broadcast import BroadcastGuard

    return BroadcastGuard(_replay_store(), fail_open=True)


def check_content(checker, text: str, platform: str | None) -> dict[str, Any]:
    """The content check of one record: Report.to_dict(), or {"kind", "error"} when this record
    cannot be checked (an unknown platform; an engine bug) while the audit goes on. Bad
    wordlists or config raise: the whole audit stops (exit 2)."""
    try:
        return checker.check(text, platform).to_dict()
    except UnknownPlatform as e:
        return {"kind": "platform", "error": str(e)}
    except MsgcheckError:
        raise
    except Exception as e:  # noqa: BLE001 - an engine bug on one record is reported, not fatal
        return {"kind": "internal", "error": f"internal error ({type(e).__name__}: {e})"}


class _Shard:
    """Content checks and the broadcast replay of one shard of senders. A result is
    (seq, verdict, findings, platform, notes) or (seq, None, error kind, error)."""

    def __init__(self, checker, broadcast: bool, window: int):
        self.checker = checker
        self._limits: dict[str, Any] = {}
        self.replay = None
        if broadcast:
            self.replay = Replay(replay_guard(), self._limits_for, window)

    def _limits_for(self, platform: str):
        lim = self._limits.get(platform)
        if lim is None:
            lim = self._limits[platform] = profile_limits(self.checker, platform)
        return lim

    def run(self, batch: Iterable[tuple], latest: int) -> list[tuple]:
        """batch: (seq, text, platform, sender, group, ts); latest: the input position read."""
        out: list[tuple] = []
        checker, replay = self.checker, self.replay
        for seq, text, platform, sender, group, ts in batch:
            d = check_content(checker, text, platform)
            if "error" in d:
                out.append((seq, None, d["kind"], d["error"]))
                continue
            event = replay is not None and sender is not None and group is not None and ts is not None
            if not event:
                out.append((seq, d["verdict"], d["findings"], d["platform"], d.get("notes")))
                continue
            item = _Item(seq, Record("", 0, None, sender=sender, group=group, ts=ts), d,
                         checker.normalizer.fold(text))
            replay.push(item)
        if replay is not None:
            out.extend(self._released(replay.advance(latest)))
        return out

    def finish(self) -> list[tuple]:
        return [] if self.replay is None else list(self._released(self.replay.finish()))

    @staticmethod
    def _released(items: Iterable[_Item]) -> Iterator[tuple]:
        for it in items:
            d = it.result
            yield (it.seq, d["verdict"], d["findings"], d["platform"], d.get("notes"))


def _shard_main(engine, broadcast: bool, window: int, inq, outq) -> None:
    """A worker process: get an engine once (a forked warm Checker, or one built from Settings),
    then serve batches until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    try:
        from ..engine import Checker

        checker = engine if isinstance(engine, Checker) else Checker(engine)
        shard = _Shard(checker.warm(), broadcast, window)
        while True:
            msg = inq.get()
            if msg is None:
                outq.put(("done", shard.finish(), shard.replay.replayed if shard.replay else 0,
                          shard.replay.late if shard.replay else 0))
                return
            batch, latest = msg
            outq.put(("res", shard.run(batch, latest)))
    except MsgcheckError as e:  # sent as text: subclasses' __init__ may not unpickle
        outq.put(("error", True, str(e)))
    except BaseException as e:  # noqa: BLE001
        outq.put(("error", False, f"{type(e).__name__}: {e}"))


def _pool_context():
    # fork starts workers without re-importing anything; elsewhere the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------

def error_result(rec: Record) -> dict[str, Any]:
    return {"id": rec.id, "error": f"{rec.source}:{rec.lineno}: {rec.error}"}


class AuditRun:
    """Iterate to get (Record, result) pairs in input order; `result` is the per-record line of
    `msgcheck audit --format jsonl`. After iteration, `mode`, `workers`, `replayed` and `late`
    describe the run.

    checker: the engine for in-process runs and the profiles (built from `settings` if None;
    workers build their own from its settings). jobs: worker processes. Records are sharded
    by sender (a sender's broadcast state lives in one worker; records that take no part in the
    replay go round-robin), so the replay runs in parallel too. Inputs under `inprocess_below`
    records, and jobs=1, run in this process: a worker costs an engine load (~1.5 s).
    broadcast: replay frequency limits with the records' own timestamps."""

    def __init__(self, records: Iterable[Record], *, checker=None, settings=None, platform: str | None = None,
                 jobs: int = 1, broadcast: bool = True, reorder_window: int = 10_000,
                 chunk_size: int = 500, inprocess_below: int = 2000):
        if checker is None:
            from ..engine import Checker

            checker = Checker(settings)
        if platform is not None:
            checker.profiles.get(platform)  # UnknownPlatform (exit 2) before any output
        self.records, self.checker, self.platform = records, checker, platform
        self.jobs = max(1, int(jobs))
        self.broadcast, self.reorder_window = broadcast, max(1, int(reorder_window))
        self.chunk_size, self.inprocess_below = max(1, chunk_size), inprocess_below
        self.mode, self.workers = "", 0
        self.replayed = self.late = 0

    def _job(self, seq: int, rec: Record) -> tuple:
        return (seq, rec.text, rec.platform or self.platform, rec.sender, rec.group, rec.ts)

    @staticmethod
    def _result(rec: Record, out: tuple) -> dict[str, Any]:
        if out[1] is None:
            rec.fail(out[2], out[3])
            return error_result(rec)
        result = {"id": rec.id, "verdict": out[1], "findings": out[2], "platform": out[3]}
        if out[4]:
            result["notes"] = out[4]
        return result

    def __iter__(self) -> Iterator[tuple[Record, dict[str, Any]]]:
        it = iter(self.records)
        if self.jobs > 1:
            head = list(islice(it, self.inprocess_below))
            if len(head) >= self.inprocess_below:
                return self._sharded(chain(head, it))
            it = iter(head)
        return self._inprocess(it)

    def _inprocess(self, records: Iterator[Record]) -> Iterator[tuple[Record, dict[str, Any]]]:
        self.mode, self.workers = "in-process", 0
        shard = _Shard(self.checker, self.broadcast, self.reorder_window)
        waiting: dict[int, Record] = {}   # read, not yet emitted
        done: dict[int, dict] = {}        # results ready, by input position
        nxt = 0
        try:
            for seq, rec in enumerate(records):
                waiting[seq] = rec
                if rec.error is not None:
                    done[seq] = error_result(rec)
                else:
                    for out in shard.run((self._job(seq, rec),), seq):
                        done[out[0]] = self._result(waiting[out[0]], out)
                while nxt in done:
                    yield waiting.pop(nxt), done.pop(nxt)
                    nxt += 1
            for out in shard.finish():
                done[out[0]] = self._result(waiting[out[0]], out)
            while nxt in done:
                yield waiting.pop(nxt), done.pop(nxt)
                nxt += 1
        finally:
            if shard.replay is not None:
                self.replayed, self.late = shard.replay.replayed, shard.replay.late

    def _sharded(self, records: Iterator[Record]) -> Iterator[tuple[Record, dict[str, Any]]]:
        import queue

        n = self.jobs
        self.mode, self.workers = "pool", n
        ctx = _pool_context()
        outq = ctx.Queue()
        inqs = [ctx.Queue(maxsize=2) for _ in range(n)]
        # A forked worker may reuse this process's engine if it is already loaded (no pickling, no
        # second load); otherwise each worker builds its own from the settings.
        warm = ctx.get_start_method() == "fork" and getattr(self.checker, "_lexicon", None) is not None
        engine = self.checker if warm else self.checker.settings
        procs = [ctx.Process(target=_shard_main, daemon=True,
                             args=(engine, self.broadcast, self.reorder_window, inqs[k], outq))
                 for k in range(n)]
        for p in procs:
            p.start()
        waiting: dict[int, Record] = {}   # read, not yet emitted (ordered by seq)
        done: dict[int, dict] = {}        # results that came back, by seq
        state = {"next": 0, "finished": 0}

        def handle(msg) -> None:
            if msg[0] == "error":
                if msg[1]:
                    raise MsgcheckError(msg[2])
                raise RuntimeError(f"audit worker failed: {msg[2]}")
            outs = msg[1]
            for out in outs:
                done[out[0]] = self._result(waiting[out[0]], out)
            if msg[0] == "done":
                state["finished"] += 1
                self.replayed += msg[2]
                self.late += msg[3]

        def check_alive() -> None:
            for p in procs:
                if not p.is_alive() and p.exitcode not in (0, None):
                    raise RuntimeError(f"audit worker exited with code {p.exitcode}")

        def drain(block: bool) -> None:
            try:
                msg = outq.get(timeout=0.5) if block else outq.get_nowait()
            except queue.Empty:
                if block:
                    check_alive()
                return
            handle(msg)
            while True:
                try:
                    handle(outq.get_nowait())
                except queue.Empty:
                    return

        def put(k: int, item) -> None:
            while True:
                try:
                    inqs[k].put(item, timeout=0.5)
                    return
                except queue.Full:
                    drain(False)
                    check_alive()

        def ready() -> Iterator[tuple[Record, dict[str, Any]]]:
            nxt = state["next"]
            while nxt in done:
                yield waiting.pop(nxt), done.pop(nxt)
                nxt += 1
            state["next"] = nxt

        clean = False
        try:
            seq = 0
            round_size = self.chunk_size * n
            while True:
                batch = list(islice(records, round_size))
                if not batch:
                    break
                parts: list[list[tuple]] = [[] for _ in range(n)]
                for rec in batch:
                    waiting[seq] = rec
                    if rec.error is not None:
                        done[seq] = error_result(rec)
                    elif self.broadcast and rec.sender is not None and rec.group is not None and rec.ts is not None:
                        parts[zlib.crc32(rec.sender.encode("utf-8", "surrogatepass")) % n].append(self._job(seq, rec))
                    else:
                        parts[seq % n].append(self._job(seq, rec))
                    seq += 1
                for k in range(n):  # every shard hears how far the input is, even with no records
                    put(k, (parts[k], seq - 1))
                drain(False)
                yield from ready()
            for k in range(n):
                put(k, None)
            while state["finished"] < n:
                drain(True)
                yield from ready()
            yield from ready()
            if waiting:
                raise RuntimeError(f"audit lost {len(waiting)} results")
            clean = True
        finally:
            for p in procs:  # after "done" a worker only exits; on an error, stop them now
                p.join(timeout=5 if clean else 0)
                if p.is_alive():
                    p.terminate()
                    p.join(timeout=5)
            outq.close()
            for q in inqs:
                q.close()


def audit(checker, records: Iterable[Record], platform: str | None = None) -> Iterator[tuple[Record, dict]]:
    """Check records in this process, in input order, without broadcast replay (the web API's
    small uploads); a record's own platform overrides `platform`."""
    return iter(AuditRun(records, checker=checker, platform=platform, jobs=1, broadcast=False))
