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
from typing import Any, Iterable, Iterator

from ..errors import ConfigError
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


def _check_partition(token: str, settings, jobs: list[tuple]) -> list[tuple[int, dict]]:
    """jobs: (seq, text, platform) -> (seq, Report.to_dict() or {"kind", "error"})."""
    checker = _engine(token, settings)
    return [(seq, check_content(checker, text, platform)) for seq, text, platform in jobs]


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


def _replay_step(run: str, shard: int, token: str, settings, sends: list[tuple], _before=None):
    """Replay `sends` (seq, sender, group, ts, text, platform, verdict), in the order given, on
    this shard's state; `_before` is the previous step (None for the first), only there to order
    the steps. Returns ([(seq, verdict, broadcast findings, notes)], late)."""
    checker = _engine(token, settings)
    with _LOCK:
        state = _SHARDS.get((run, shard))
        if state is None:
            if _before is not None:  # a restarted worker: counting afresh would be silently wrong
                raise RuntimeError(f"the broadcast state of shard {shard} was lost (its Dask worker restarted); "
                                   "run the audit again")
            state = _SHARDS[(run, shard)] = _SenderShard(checker)
    fold, out, late = checker.normalizer.fold, [], 0
    for seq, sender, group, ts, text, platform, verdict in sends:
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
        from dask.distributed import wait

        workers = sorted(client.scheduler_info()["workers"])
        n = len(workers)
        self.mode, self.workers = "dask", n
        settings = self.checker.settings
        token = hashlib.sha256(pickle.dumps(settings)).hexdigest()
        with _LOCK:  # workers that are threads of this process use this warm engine
            _ENGINES.setdefault(token, self.checker)
        [settings_f] = client.scatter([settings], broadcast=True, hash=False)
        order = ReplayOrder(self.reorder_window) if self.broadcast else None

        waiting: dict[int, Record] = {}     # read, not yet written
        final: dict[int, dict] = {}         # audit lines ready, by input position
        content: dict[int, dict] = {}       # content results of sends waiting for their replay
        cursor: list[tuple[int, int, float | None]] = []   # (seq, 0 plain | 1 send, ts) for ReplayOrder
        cur = 0                              # next entry of `cursor`
        routed: list[list[tuple]] = [[] for _ in range(n)]
        last_step: list[Any] = [None] * n
        parts: set = set()
        steps: dict[Any, int] = {}
        state = {"next": 0, "read": 0, "eof": False, "finished": order is None}
        max_parts = 2 * n + 2

        def take_part(fut) -> None:
            for seq, d in fut.result():
                failed = "error" in d
                if seq in content:  # a send: its replay completes it; None: not replayed
                    content[seq] = None if failed else d
                if failed or seq not in content:
                    final[seq] = _result(waiting[seq], d)

        def take_step(fut) -> None:
            out, late = fut.result()
            self.late += late
            for seq, verdict, findings, notes in out:
                d = content.pop(seq)
                d["verdict"] = verdict
                if findings:
                    d["findings"] = d["findings"] + findings
                if notes:
                    d["notes"] = notes
                final[seq] = _result(waiting[seq], d)

        def feed_order() -> None:
            """Give ReplayOrder what AuditRun gives Replay, in input order, as far as content
            results allow (a send is replayed only if its content check succeeded)."""
            nonlocal cur
            while cur < len(cursor):
                seq, send, ts = cursor[cur]
                if send:
                    d = content[seq]
                    if d == {}:
                        break  # its content check is still out
                    if d is None:  # the check failed (unknown platform): AuditRun does not replay it
                        del content[seq]
                    else:
                        order.send(seq, ts)
                order.advance(seq)
                cur += 1
            if cur > 4096:
                del cursor[:cur]
                cur = 0
            if state["eof"] and not state["finished"] and cur == len(cursor) and not parts:
                order.finish()
                state["finished"] = True
            for seq in order.due:
                rec, d = waiting[seq], content[seq]
                routed[zlib.crc32(rec.sender.encode("utf-8", "surrogatepass")) % n].append(
                    (seq, rec.sender, rec.group, rec.ts, rec.text, d["platform"], d["verdict"]))
            order.due.clear()

        def submit_steps() -> None:
            for k in range(n):
                if routed[k]:
                    fut = client.submit(_replay_step, run, k, token, settings_f, routed[k], last_step[k],
                                        workers=[workers[k]], allow_other_workers=False, pure=False)
                    last_step[k] = fut
                    steps[fut] = k
                    routed[k] = []

        def collect(block: bool) -> None:
            while block:
                try:
                    wait(list(parts) + list(steps), timeout=10, return_when="FIRST_COMPLETED")
                    break
                except TimeoutError:  # a shard's steps are pinned to its worker: is it still there?
                    gone = set(workers) - set(client.scheduler_info()["workers"])
                    if gone:
                        raise RuntimeError(f"Dask worker {min(gone)} left the cluster with the broadcast state "
                                           "of its senders; run the audit again") from None
            for fut in [f for f in parts if f.done()]:
                parts.discard(fut)
                take_part(fut)
            for fut in [f for f in steps if f.done()]:
                del steps[fut]
                take_step(fut)
            if order is not None:
                feed_order()
                submit_steps()

        def ready() -> Iterator[tuple[Record, dict[str, Any]]]:
            nxt = state["next"]
            while nxt in final:
                yield waiting.pop(nxt), final.pop(nxt)
                nxt += 1
            state["next"] = nxt

        jobs: list[tuple] = []

        def submit_part() -> None:
            parts.add(client.submit(_check_partition, token, settings_f, list(jobs), pure=False))
            jobs.clear()

        seq = 0
        for rec in self.records:
            waiting[seq] = rec
            if rec.error is not None:
                final[seq] = error_result(rec)
            else:
                send = order is not None and rec.sender is not None and rec.group is not None and rec.ts is not None
                if send:
                    content[seq] = {}
                if order is not None:
                    cursor.append((seq, 1 if send else 0, rec.ts))
                jobs.append((seq, rec.text, rec.platform or self.platform))
                if len(jobs) >= self.partition:
                    submit_part()
                    collect(len(parts) >= max_parts)
            seq += 1
            yield from ready()
        if jobs:
            submit_part()
        state["eof"], state["read"] = True, seq
        collect(False)
        yield from ready()
        while state["next"] < seq:
            if not parts and not steps:
                raise RuntimeError(f"audit lost {seq - state['next']} results")
            collect(True)
            yield from ready()
        self.replayed = order.replayed if order is not None else 0
