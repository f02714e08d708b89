"""`msgcheck audit --dask`: the audit on a Dask cluster, with exactly the in-process results.

Imported only when --dask is given (nothing else in `checker` imports dask). `DaskRun` is an
AuditRun with the same interface: iterate it for (Record, result) in input order; `mode`,
`workers`, `replayed` and `late` describe the run afterwards.

How it stays identical to `AuditRun` in one process:

- This process (the driver) reads the inputs with the same `Inputs` and readers, so records,
  ids, line numbers and malformed-record errors are the same ones.
- Content checks: records are cut into partitions of `partition` records and each partition
  is one task, mapped over the cluster (`replay.check_content` per record, on a warm engine
  kept per worker process). At most a few partitions per worker are in flight, so the driver's
  memory stays bounded (records read but not yet written: about reorder_window plus those).
- Broadcast replay: a `replay.ReplayOrder` here is fed exactly what AuditRun feeds its
  `Replay`, in input order, and says which sends the in-process run replays, in which order.
  Every broadcast limit is kept per sender, so each sender's sends go, in that order, to the
  shard of its sender (crc32(sender) % shards, one shard per worker), whose state (a replay
  guard, each sender's latest time) lives on one worker: a shard's steps are pinned to that
  worker and chained, each depending on the one before, so they run in order there
  (`replay.replay_send` per send, the function Replay itself uses).
- Results are put back in input order; `late` is summed over shards.

Inputs are read where `msgcheck` runs (paths or fsspec URLs); the workers need the same
msgcheck, wordlists and config as the driver (an engine is built on each worker from the
driver's Settings)."""
from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import uuid
import zlib
from collections import deque
from typing import Any, Iterable, Iterator

from ..errors import ConfigError, MsgcheckError
from .records import Record
from .replay import ReplayOrder, check_content, error_result, profile_limits, replay_guard, replay_send

# -- on the workers ---------------------------------------------------------------------------

_LOCK = threading.Lock()
_ENGINES: dict[str, Any] = {}                 # settings token -> warm Checker, per process
_SHARDS: dict[tuple[str, int], "_SenderShard"] = {}   # (run, shard) -> broadcast state


def _engine(token: str, settings) -> Any:
    """This process's engine for these settings (built and warmed once; a worker thread in
    the driver's own process finds the driver's engine here)."""
    with _LOCK:
        checker = _ENGINES.get(token)
        if checker is None:
            from ..engine import Checker

            checker = _ENGINES[token] = Checker(settings).warm()
        return checker


def _packed(items: list) -> bytes:
    """A task's records as one pickle: Dask would otherwise walk every tuple of the list looking
    for futures in it (more time than the content check of a short message)."""
    return pickle.dumps(items, pickle.HIGHEST_PROTOCOL)


class _Stop:
    """A worker's MsgcheckError (bad wordlists or config) as a value: the driver raises it as the
    in-process run would (exit 2, one clean message), with no task failure logged by Dask."""

    def __init__(self, message: str):
        self.message = message


def _check_partition(token: str, settings, jobs: bytes) -> list[tuple[int, dict]] | _Stop:
    """jobs: packed (seq, text, platform) -> (seq, Report.to_dict() or {"kind", "error"})."""
    try:
        checker = _engine(token, settings)
        return [(seq, check_content(checker, text, platform)) for seq, text, platform in pickle.loads(jobs)]
    except MsgcheckError as e:
        return _Stop(str(e))


class _SenderShard:
    """The broadcast state of one shard of senders, as a Replay holds it."""

    def __init__(self, checker):
        self.checker, self.guard = checker, replay_guard()
        self.last_ts: dict[str, float] = {}
        self._limits: dict[str, Any] = {}

    def limits_for(self, platform: str):
        lim = self._limits.get(platform)
        if lim is None:
            lim = self._limits[platform] = profile_limits(self.checker, platform)
        return lim


def _replay_step(run: str, shard: int, token: str, settings, sends: bytes, _before=None):
    """Replay packed `sends` (seq, sender, group, ts, text, platform, verdict), in the order given, on
    this shard's state; `_before` is the previous step (None for the first), only there to order
    the steps. Returns ([(seq, verdict, broadcast findings, notes)], late)."""
    try:
        checker = _engine(token, settings)
    except MsgcheckError as e:
        return _Stop(str(e))
    with _LOCK:
        state = _SHARDS.get((run, shard))
        if state is None:
            if _before is not None:  # a restarted worker: counting afresh would be silently wrong
                raise RuntimeError(f"the broadcast state of shard {shard} was lost (its Dask worker restarted); "
                                   "run the audit again")
            state = _SHARDS[(run, shard)] = _SenderShard(checker)
    fold, out, late = checker.normalizer.fold, [], 0
    for seq, sender, group, ts, text, platform, verdict in pickle.loads(sends):
        res = {"verdict": verdict, "findings": [], "platform": platform}
        late += replay_send(state.guard, state.limits_for, state.last_ts, sender, group, ts, fold(text), res)
        out.append((seq, res["verdict"], res["findings"], res.get("notes")))
    return out, late


def _drop_run(run: str) -> int:
    with _LOCK:
        keys = [k for k in _SHARDS if k[0] == run]
        for k in keys:
            del _SHARDS[k]
    return len(keys)


# -- the driver -------------------------------------------------------------------------------

def _result(rec: Record, d: dict) -> dict[str, Any]:
    """The audit line of a record from its (possibly replayed) content result, as AuditRun makes it."""
    if "error" in d:
        rec.fail(d["kind"], d["error"])
        return error_result(rec)
    result = {"id": rec.id, "verdict": d["verdict"], "findings": d["findings"], "platform": d["platform"]}
    if d.get("notes"):
        result["notes"] = d["notes"]
    return result


class DaskRun:
    """AuditRun's interface on a Dask cluster (see the module docstring).

    address: "local" starts a LocalCluster of `jobs` worker processes with one thread each
    (`processes=False`: threads of this process, for tests); else a scheduler address such as
    tcp://host:8786. partition: records per content task."""

    def __init__(self, records: Iterable[Record], *, address: str = "local", checker=None, settings=None,
                 platform: str | None = None, jobs: int = 1, broadcast: bool = True, reorder_window: int = 10_000,
                 partition: int = 2000, processes: bool = True):
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            raise ConfigError("--dask needs Dask: pip install 'msgcheck[dask]'") from None
        if checker is None:
            from ..engine import Checker

            checker = Checker(settings)
        if platform is not None:
            checker.profiles.get(platform)  # UnknownPlatform (exit 2) before any output
        self.records, self.checker, self.platform = records, checker, platform
        self.address, self.jobs, self.processes = address, max(1, int(jobs)), processes
        self.broadcast, self.reorder_window = broadcast, max(1, int(reorder_window))
        self.partition = max(1, int(partition))
        self.mode, self.workers = "", 0
        self.replayed = self.late = 0

    def __iter__(self) -> Iterator[tuple[Record, dict[str, Any]]]:
        return self._run()

    def _connect(self):
        from dask.distributed import Client, LocalCluster

        if self.address == "local":
            cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=self.processes,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
            return cluster, Client(cluster)
        try:  # waits up to Dask's connect timeout (distributed.comm.timeouts.connect, 30 s)
            return None, Client(self.address)
        except (OSError, TimeoutError, ValueError) as e:
            raise ConfigError(f"--dask {self.address}: cannot reach the scheduler ({type(e).__name__}: {e})") from None

    def _run(self) -> Iterator[tuple[Record, dict[str, Any]]]:
        cluster, client = self._connect()
        run = uuid.uuid4().hex
        try:
            client.wait_for_workers(1, timeout=60)
            yield from self._audit(client, run)
        finally:
            try:
                client.run(_drop_run, run)
            except Exception:  # noqa: BLE001 - a worker gone at the end: nothing left to free there
                pass
            client.close()
            if cluster is not None:
                cluster.close()

    def _audit(self, client, run: str) -> Iterator[tuple[Record, dict[str, Any]]]:
        workers = sorted(client.scheduler_info()["workers"])
        self.mode, self.workers = "dask", len(workers)
        settings = self.checker.settings
        token = hashlib.sha256(pickle.dumps(settings)).hexdigest()
        with _LOCK:  # workers that are threads of this process use this warm engine
            _ENGINES.setdefault(token, self.checker)
        [settings_f] = client.scatter([settings], broadcast=True, hash=False)
        order = ReplayOrder(self.reorder_window) if self.broadcast else None
        driver = _Driver(client, workers, run, (token, settings_f), order, self.platform)
        for rec in self.records:
            driver.read(rec, self.partition)
            yield from driver.ready()
        yield from driver.drain()
        self.replayed = order.replayed if order is not None else 0
        self.late = driver.late


def _unless_stopped(value):
    if isinstance(value, _Stop):
        raise MsgcheckError(value.message)
    return value


class _Driver:
    """The driver's bookkeeping for one run: records from read to written, the partitions and
    replay steps in flight, and the ReplayOrder fed in input order."""

    def __init__(self, client, workers: list[str], run: str, engine: tuple, order: ReplayOrder | None,
                 platform: str | None):
        self.client, self.workers, self.run, self.engine = client, workers, run, engine
        self.order, self.platform = order, platform
        n = len(workers)
        self.max_parts = 2 * n + 2          # content tasks in flight: the driver's memory bound
        self.waiting: dict[int, Record] = {}    # read, not yet written
        self.final: dict[int, dict] = {}        # audit lines ready, by input position
        self.content: dict[int, dict | None] = {}  # sends: {} checking, result awaiting replay, None failed
        self.cursor: deque[tuple[int, bool, float | None]] = deque()  # (seq, send?, ts): ReplayOrder's feed
        self.routed: list[list[tuple]] = [[] for _ in range(n)]      # due sends per shard, in order
        self.last_step: list[Any] = [None] * n
        self.parts: set = set()
        self.steps: set = set()
        self.jobs: list[tuple] = []
        self.seq = self.next = self.late = 0
        self.eof = False

    # reading
    def read(self, rec: Record, partition: int) -> None:
        seq = self.seq
        self.seq += 1
        self.waiting[seq] = rec
        if rec.error is not None:  # AuditRun neither checks it nor tells the Replay about it
            self.final[seq] = error_result(rec)
            return
        send = self.order is not None and rec.sender is not None and rec.group is not None and rec.ts is not None
        if send:
            self.content[seq] = {}
        if self.order is not None:
            self.cursor.append((seq, send, rec.ts))
        self.jobs.append((seq, rec.text, rec.platform or self.platform))
        if len(self.jobs) >= partition:
            self._submit_part()
            self._collect(block=len(self.parts) >= self.max_parts)

    def drain(self) -> Iterator[tuple[Record, dict[str, Any]]]:
        if self.jobs:
            self._submit_part()
        self.eof = True
        self._collect(block=False)
        yield from self.ready()
        while self.next < self.seq:
            if not self.parts and not self.steps:
                raise RuntimeError(f"audit lost {self.seq - self.next} results")
            self._collect(block=True)
            yield from self.ready()

    def ready(self) -> Iterator[tuple[Record, dict[str, Any]]]:
        final, waiting = self.final, self.waiting
        while self.next in final:
            nxt = self.next
            self.next += 1
            yield waiting.pop(nxt), final.pop(nxt)

    # the cluster
    def _submit_part(self) -> None:
        self.parts.add(self.client.submit(_check_partition, *self.engine, _packed(self.jobs), pure=False))
        self.jobs = []

    def _submit_steps(self) -> None:
        for k, sends in enumerate(self.routed):
            if sends:
                fut = self.client.submit(_replay_step, self.run, k, *self.engine, _packed(sends), self.last_step[k],
                                         workers=[self.workers[k]], allow_other_workers=False, pure=False)
                self.last_step[k] = fut
                self.steps.add(fut)
                self.routed[k] = []

    def _collect(self, block: bool) -> None:
        from dask.distributed import wait

        while block:
            try:
                wait([*self.parts, *self.steps], timeout=10, return_when="FIRST_COMPLETED")
                break
            except TimeoutError:  # a shard's steps are pinned to its worker: is it still there?
                gone = set(self.workers) - set(self.client.scheduler_info()["workers"])
                if gone:
                    raise RuntimeError(f"Dask worker {min(gone)} left the cluster with the broadcast state "
                                       "of its senders; run the audit again") from None
        done = [f for f in self.parts if f.done()]
        self.parts.difference_update(done)
        for outs in self.client.gather(done):  # one round trip for all
            self._take_part(_unless_stopped(outs))
        done = [f for f in self.steps if f.done()]
        self.steps.difference_update(done)
        for step in self.client.gather(done):
            self._take_step(*_unless_stopped(step))
        if self.order is not None:
            self._feed_order()
            self._submit_steps()

    def _take_part(self, outs: list[tuple[int, dict]]) -> None:
        content = self.content
        for seq, d in outs:
            failed = "error" in d
            if seq in content:  # a send: its replay completes it, unless its check failed
                content[seq] = None if failed else d
            if failed or seq not in content:
                self.final[seq] = _result(self.waiting[seq], d)

    def _take_step(self, outs: list[tuple], late: int) -> None:
        self.late += late
        for seq, verdict, findings, notes in outs:
            d = self.content.pop(seq)
            d["verdict"] = verdict
            if findings:
                d["findings"] = d["findings"] + findings
            if notes:
                d["notes"] = notes
            self.final[seq] = _result(self.waiting[seq], d)

    # the replay order
    def _feed_order(self) -> None:
        """Give ReplayOrder what AuditRun gives its Replay, in input order, as far as content
        results have come back (a send whose check failed is not replayed), then route the
        sends it makes due to their senders' shards, in its order."""
        order, content, cursor = self.order, self.content, self.cursor
        while cursor:
            seq, send, ts = cursor[0]
            if send:
                d = content[seq]
                if d == {}:
                    break  # its content check is still out
                if d is None:
                    del content[seq]
                else:
                    order.send(seq, ts)
            order.advance(seq)
            cursor.popleft()
        if self.eof and not cursor and not self.parts and not order.finished:
            order.finish()
        n = len(self.routed)
        for seq in order.due:
            rec, d = self.waiting[seq], content[seq]
            self.routed[zlib.crc32(rec.sender.encode("utf-8", "surrogatepass")) % n].append(
                (seq, rec.sender, rec.group, rec.ts, rec.text, d["platform"], d["verdict"]))
        order.due.clear()


class DaskBatches:
    """A DaskRun's (record, result) pairs as the batch runner's `Done` batches (runner.Runner),
    with the same `summary`, `replayed`, `late`, `workers` and `mode`: the CLI writes both alike,
    and the lines are `batch.result_line`'s, the bytes the batch runner writes."""

    def __init__(self, run: DaskRun, rows=None, size: int = 500):
        from .summary import Summary

        self.run, self.rows_of, self.size = run, rows, max(1, size)
        self.summary = Summary()

    def __getattr__(self, name: str):
        if name in ("replayed", "late", "workers", "mode"):
            return getattr(self.run, name)
        raise AttributeError(name)

    def __iter__(self):
        from .batch import result_line
        from .runner import Done

        out: list[str] = []
        rows: list | None = [] if self.rows_of is not None else None
        for rec, result in self.run:
            self.summary.add(rec, result)
            out.append(result_line(result))
            if rows is not None:
                rows.extend(self.rows_of(rec, result))
            if len(out) >= self.size:
                yield Done("".join(out).encode("utf-8", "backslashreplace"), rows, len(out), 0, "records")
                out, rows = [], ([] if rows is not None else None)
        if out:
            yield Done("".join(out).encode("utf-8", "backslashreplace"), rows, len(out), 0, "records")
