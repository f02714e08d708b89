"""Checking one batch of an audit: the unit every runner (in-process, worker pool) hands out.

A batch is raw UTF-8 JSON Lines (`("lines", source, first_lineno, [bytes, ...])`, the fast path:
the parent only cuts the file into lines) or Records any reader made (`("records", [Record, ...])`).
`BatchChecker.check(batch)` parses, checks and serializes it and returns a `Checked`:

- `parts`: the output, one `str` per run of finished lines (`--format jsonl`, exactly the bytes
  of DESIGN §4 once UTF-8-encoded with backslashreplace), and `None` where a send event's line
  waits for the broadcast replay;
- `events`: those send events, in input order, for the replay (`ReplayShard`);
- `summary`: a `Summary` of the batch (content part of every record, verdict part of the rest);
- `rows`: findings-CSV rows, when asked for: one list per flagged or malformed record (`None`
  for an event's).

Most records are clean: for them the cost is orjson's parse, `Checker.check` (a fold and one
scan; the engine returns a shared pass report) and a precomputed line. Anything unusual in a
line — not valid JSON for orjson, a non-string field, a number orjson would read differently —
goes through the reference reader (`readers.jsonl_records`), so results never depend on the path.
"""
from __future__ import annotations

import copy
import json
from collections import Counter
from sys import intern
from json.encoder import encode_basestring
from typing import Any, Callable

from ..broadcast.fingerprint import letters
from ..errors import MsgcheckError, UnknownPlatform
from .readers import Source, jsonl_records
from .records import Columns, Record, parse_ts
from .replay import Replay, _Item, _replay_store, error_result
from .summary import Summary

try:  # the fast JSON reader; the stdlib reads everything it does not (and is the reference)
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - orjson is a dependency
    _fast_loads = None

#: json.dumps(obj, ensure_ascii=False) without building an encoder per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode
#: orjson reads integers beyond 64 bits as floats; such a value takes the reference path.
_BIG = 2.0 ** 63


def result_line(result: dict) -> str:
    """The `--format jsonl` line of one result (DESIGN §4)."""
    return _encode(result) + "\n"


_FINDING_FIELDS = ("category", "rule", "severity", "start", "end", "text", "message", "canonical", "suggestion",
                   "score", "extra")


def _finding_dict(f) -> dict:
    """Finding.to_dict() without dataclasses.asdict's deep copy (~25 µs a finding): the same
    keys in the same order, as the audit only serializes and counts it."""
    d = {"category": f.category, "rule": f.rule, "severity": f.severity, "start": f.start, "end": f.end,
         "text": f.text, "message": f.message}
    if f.canonical is not None:
        d["canonical"] = f.canonical
    if f.suggestion is not None:
        d["suggestion"] = f.suggestion
    d["score"] = f.score
    if f.extra:
        d["extra"] = copy.deepcopy(f.extra)
    if f.text:
        d["masked"] = f.masked
    return d


def _report_dict(report) -> dict:
    return {"verdict": report.verdict.value, "findings": [_finding_dict(f) for f in report.findings],
            "platform": report.platform, **({"notes": list(report.notes)} if report.notes else {})}


def _check_fast_dicts() -> None:
    """Use the fast copy only while Finding has the fields it knows (else Report.to_dict)."""
    global _report_dict
    from dataclasses import fields

    from ..types import Finding

    if tuple(f.name for f in fields(Finding)) != _FINDING_FIELDS:
        _report_dict = lambda report: report.to_dict()  # noqa: E731


_check_fast_dicts()


def _id_json(rid: Any) -> str:
    t = type(rid)
    if t is int:
        return int.__repr__(rid)
    if t is str:
        return encode_basestring(rid)
    return _encode(rid)


class Checked:
    """What `BatchChecker.check` returns (see the module docstring)."""

    __slots__ = ("parts", "events", "summary", "rows", "records", "bad")

    def __init__(self, parts, events, summary, rows, records, bad=()):
        self.parts, self.events, self.summary, self.rows, self.records = parts, events, summary, rows, records
        self.bad = tuple(bad)   # positions of records the reader could not read: the replay skips them

    @property
    def size(self) -> tuple[int, tuple]:
        """What a ReplayShard needs to know of the batch: its record count and unread positions."""
        return self.records, self.bad


class BatchChecker:
    """Checks batches in one process. `platform`: for records naming none; `broadcast`: records
    with sender, group and time become send events for the replay; `rows(rec, result)`: the
    findings-CSV rows of a flagged or malformed record (None: no CSV)."""

    def __init__(self, checker, *, platform: str | None = None, cols: Columns = Columns(), tz=None,
                 broadcast: bool = True, rows: Callable[[Record, dict], list] | None = None):
        self.checker, self.platform, self.cols, self.tz = checker, platform, cols, tz
        self.broadcast, self.rows_of = broadcast, rows
        self._tails: dict[str, str] = {}

    def _tail(self, platform: str) -> str:
        """The rest of a clean record's line after its id."""
        t = self._tails.get(platform)
        if t is None:
            t = self._tails[platform] = (', "verdict": "pass", "findings": [], "platform": '
                                         + encode_basestring(platform) + "}\n")
        return t

    def check(self, batch: tuple) -> Checked:
        summary = Summary()
        summary.max_variants = 1 << 30  # the parent's merge applies the cap, in input order
        state = _State(summary, self.rows_of is not None)
        if batch[0] == "lines":
            self._lines(batch[1], batch[2], batch[3], state)
        else:
            for rec in batch[1]:
                self._record(rec, state)
        state.flush()
        for platform, n in state.clean.items():  # clean records of the fast path, counted here
            summary.records += n
            summary.platforms[platform] += n
            summary.verdicts["pass"] += n
        summary.sources.update(state.clean_sources)
        return Checked(state.parts, state.events, summary, state.rows, state.n, state.bad)

    # -- the fast path: raw JSON Lines -------------------------------------------------------
    def _lines(self, source: str, lineno: int, lines: list[bytes], st: "_State") -> None:
        cols, tz, loads = self.cols, self.tz, _fast_loads
        k_text, k_id, k_plat, k_send, k_grp, k_ts = cols.text, cols.id, cols.platform, cols.sender, cols.group, \
            cols.ts
        check, default_platform = self.checker.check, self.platform
        broadcast = self.broadcast
        out, summary, clean = st.out, st.summary, st.clean
        sender_msgs, group_msgs, hours = summary.sender_msgs, summary.group_msgs, summary.hours
        for raw in lines:
            n = lineno
            lineno += 1
            try:
                obj = loads(raw) if loads is not None else None
            except ValueError:
                obj = None
            if type(obj) is not dict:
                self._reference(source, n, raw, st)
                continue
            text = obj.get(k_text)
            rid = obj.get(k_id)
            plat = obj.get(k_plat)
            sender = obj.get(k_send)
            group = obj.get(k_grp)
            ts = obj.get(k_ts)
            if (type(text) is not str or (rid is not None and type(rid) is not str and type(rid) is not int)
                    or (plat is not None and type(plat) is not str) or (sender is not None and type(sender) is not str)
                    or (group is not None and type(group) is not str)
                    or (ts is not None and type(ts) is not str and type(ts) is not int
                        and (type(ts) is not float or not -_BIG < ts < _BIG))):
                self._reference(source, n, raw, st)
                continue
            if ts is not None:
                try:
                    ts = parse_ts(ts, tz)
                except ValueError:
                    self._reference(source, n, raw, st)
                    continue
            if rid is None or rid == "":
                rid = n
            sender = sender or None
            group = group or None
            try:
                report = check(text, plat or default_platform)
            except MsgcheckError as e:
                if not isinstance(e, UnknownPlatform):
                    raise
                self._record(Record(source, n, rid, text, plat or None, sender, group, ts), st)
                continue
            except Exception:  # noqa: BLE001 - the reference path reports it
                self._record(Record(source, n, rid, text, plat or None, sender, group, ts), st)
                continue
            if broadcast and sender is not None and group is not None and ts is not None:
                # (interned: the replay store keeps a group's name with each of its sends)
                self._event(Record(source, n, rid, text, plat or None, intern(sender), intern(group), ts), report, st)
            elif not report.findings:
                st.n += 1
                out.append('{"id": ' + _id_json(rid))
                out.append(self._tail(report.platform))
                clean[report.platform] += 1
                if sender is not None:
                    sender_msgs[sender] += 1
                if group is not None:
                    group_msgs[group] += 1
                if ts is None:
                    summary.no_ts += 1
                else:
                    h = int(ts // 3600)
                    row = hours.get(h)
                    if row is None:
                        row = hours[h] = [0, 0, 0]
                    row[0] += 1
            else:
                self._finish(Record(source, n, rid, text, plat or None, sender, group, ts),
                             self._result(rid, report), st)
        st.clean_sources[source] += sum(clean.values()) - st.clean_before
        st.clean_before = sum(clean.values())

    def _reference(self, source: str, lineno: int, raw: bytes, st: "_State") -> None:
        """A line the fast path does not take: read it exactly as the reference reader does."""
        try:
            line, derr = raw.decode("utf-8"), None
        except UnicodeDecodeError as e:
            line, derr = raw.decode("utf-8", "replace"), \
                f"undecodable bytes for utf-8 at byte {e.start + 1} of the line"
        for rec in jsonl_records(((lineno, line, derr),), Source(source, self.cols, self.tz)):
            self._record(rec, st)

    # -- any record --------------------------------------------------------------------------
    def _record(self, rec: Record, st: "_State") -> None:
        if rec.error is not None:
            st.bad.append(st.n)
            self._finish_error(rec, st)
            return
        try:
            report = self.checker.check(rec.text, rec.platform or self.platform)
        except UnknownPlatform as e:
            self._finish_error(rec.fail("platform", str(e)), st)
            return
        except MsgcheckError:
            raise
        except Exception as e:  # noqa: BLE001
            self._finish_error(rec.fail("internal", f"internal error ({type(e).__name__}: {e})"), st)
            return
        if self.broadcast and rec.sender is not None and rec.group is not None and rec.ts is not None:
            self._event(rec, report, st)
            return
        self._finish(rec, self._result(rec.id, report), st)

    @staticmethod
    def _result(rid: Any, report) -> dict:
        d = _report_dict(report)
        result = {"id": rid, "verdict": d["verdict"], "findings": d["findings"], "platform": d["platform"]}
        if d.get("notes"):
            result["notes"] = d["notes"]
        return result

    def _finish(self, rec: Record, result: dict, st: "_State") -> None:
        st.n += 1
        st.summary.add(rec, result)
        st.out.append(result_line(result))
        if st.rows is not None:
            st.rows.append(self.rows_of(rec, result))

    def _finish_error(self, rec: Record, st: "_State") -> None:
        result = error_result(rec)
        st.n += 1
        st.summary.add(rec, result)
        st.out.append(result_line(result))
        if st.rows is not None:
            st.rows.append(self.rows_of(rec, result))

    def _event(self, rec: Record, report, st: "_State") -> None:
        """A send to replay: counted now for its content; its line and verdict come later."""
        result = self._result(rec.id, report)
        st.n += 1
        st.summary.add_content(rec, result)
        st.flush()
        st.parts.append(None)
        fields = (rec.source, rec.lineno, rec.id, rec.text if self.rows_of is not None else None, rec.platform,
                  rec.sender, rec.group, rec.ts)  # plain values: cheap to send to the sender's shard
        # (the text kept for the fingerprint is its letters only: what fingerprint() reads of
        # the folded text, and less to hold while the send waits in the reorder window)
        st.events.append((st.n - 1, fields, result, letters(self.checker.normalizer.fold(rec.text))))
        if st.rows is not None:
            st.rows.append(None)


class _State:
    __slots__ = ("summary", "out", "parts", "events", "rows", "clean", "clean_sources", "clean_before", "n", "bad")

    def __init__(self, summary: Summary, rows: bool):
        self.summary = summary
        self.out: list[str] = []
        self.parts: list[bytes | None] = []
        self.events: list[tuple] = []
        self.rows: list | None = [] if rows else None
        self.clean: Counter = Counter()  # clean records of the fast path by platform
        self.clean_sources: Counter = Counter()
        self.clean_before = 0
        self.n = 0  # records so far in this batch
        self.bad: list[int] = []  # positions of records the reader could not read

    def flush(self) -> None:
        if self.out:
            self.parts.append("".join(self.out).encode("utf-8", "backslashreplace"))
            self.out.clear()


class ReplayShard:
    """The broadcast replay of one shard of senders (see replay.Replay), fed batch by batch:
    `add(k, records, events)` takes batch k's record count and the events of this shard's
    senders (from `Checked.events`: (index among the batch's events, position in the batch,
    record fields, content result, folded text)), in any order of k; batches are replayed in
    input order, each telling the replay how far the input is. Returns what is finished:
    ([((batch, index), line bytes, CSV rows)], Summary of their verdicts)."""

    def __init__(self, checker, window: int, rows: Callable[[Record, dict], list] | None = None):
        from ..broadcast import BroadcastGuard

        self.checker, self.rows_of = checker, rows
        self._limits: dict[str, Any] = {}
        self.replay = Replay(BroadcastGuard(_replay_store(), fail_open=True), self._limits_for, window)
        self._waiting: dict[int, tuple[int, list]] = {}
        self.next_batch = 0  # batches replayed so far
        self._seq = 0        # records in them

    def _limits_for(self, platform: str):
        lim = self._limits.get(platform)
        if lim is None:
            from ..broadcast import Limits

            lim = self._limits[platform] = Limits.from_dict(dict(self.checker.profiles.get(platform).limits))
        return lim

    def add(self, k: int, size: tuple[int, tuple], events: list[tuple]) -> tuple[list[tuple], Summary]:
        """`size` is Checked.size: (records, positions the reader could not read). The replay
        hears of the input record by record, as the per-record AuditRun tells it (advance after
        every record read, its send pushed first), so the order of releases, and the results,
        are the same however the input is cut into batches."""
        self._waiting[k] = (size, events)
        replay, out, summary = self.replay, [], Summary()
        while self.next_batch in self._waiting:
            k = self.next_batch
            (records, bad), events = self._waiting.pop(k)
            bad = set(bad)
            base = self._seq
            self._seq += records

            def read_before(p: int) -> int:   # the last record read before position p, or -1
                p -= 1
                while p >= 0 and p in bad:
                    p -= 1
                return p

            for j, pos, fields, result, folded in events:
                q = read_before(pos)
                if q >= 0:
                    self._released(replay.advance(base + q), out, summary)
                item = _Item(base + pos, Record(*fields), result, folded)
                item.key = (k, j)
                replay.push(item)
                self._released(replay.advance(base + pos), out, summary)
            self.next_batch += 1
            q = read_before(records)
            if q >= 0:
                self._released(replay.advance(base + q), out, summary)
        return out, summary

    def finish(self) -> tuple[list[tuple], Summary]:
        out, summary = [], Summary()
        self._released(self.replay.finish(), out, summary)
        return out, summary

    def _released(self, items, out: list, summary: Summary) -> None:
        rows_of = self.rows_of
        for it in items:
            rec, result = it.rec, it.result
            summary.add_verdict(rec.sender, rec.group, rec.ts, result)
            out.append((it.key, result_line(result).encode("utf-8", "backslashreplace"),
                        rows_of(rec, result) if rows_of is not None else None))
