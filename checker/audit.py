"""Batch audit: read chat logs, check every record, replay broadcasts, count everything.

Pipeline (every stage streams; memory is constant in the number of input lines):

    files ─► Inputs (gzip / encoding / format detection, numbered lines)
          ─► readers (JSON Lines, CSV, chat export, one message a line) ─► Record
          ─► shards: content check + broadcast replay (this process, or one worker per shard)
          ─► (Record, result) in input order ─► Summary, writers

Nothing is silently dropped: a malformed record (bad JSON, missing text, bad timestamp,
undecodable bytes, a CSV row that does not fit the header) becomes a Record with `error` set,
yields `{"id": ..., "error": "file:line: reason"}` in its place, and is counted, so the
summary's record count equals the input's.

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

import codecs
import csv
import glob
import gzip
import heapq
import io
import json
import math
import multiprocessing
import os
import re
import signal
import zlib
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from .errors import ConfigError, MsgcheckError, UnknownPlatform
from .types import Verdict

# ---------------------------------------------------------------------------------------------
# Records and timestamps
# ---------------------------------------------------------------------------------------------

#: Accepted timestamps (epoch seconds): 1970 .. 3000, the broadcast guard's range.
TS_MIN, TS_MAX = 0.0, 32503680000.0

#: Kinds of malformed records, as counted in the summary.
ERROR_KINDS = ("json", "text", "ts", "encoding", "csv", "chat", "platform", "io", "internal")


class InputError(MsgcheckError):
    """An input cannot be audited at all (missing file, CSV without the text column, unknown
    encoding): a usage error, exit code 2 — unlike a malformed record, which is reported."""


@dataclass(slots=True)
class Record:
    """One input record. `lineno` is where it starts; `error` (with `kind`) marks it malformed."""

    source: str
    lineno: int
    id: Any
    text: str | None = None
    platform: str | None = None
    sender: str | None = None
    group: str | None = None
    ts: float | None = None
    error: str | None = None
    kind: str | None = None

    def fail(self, kind: str, error: str) -> "Record":
        self.kind, self.error = kind, error
        return self


def parse_tz(name: str | None) -> tzinfo:
    """'UTC', '+08:00', '+0800', 'UTC+8' or an IANA name (Asia/Shanghai) -> tzinfo."""
    if name is None or name.strip().upper() in ("", "UTC", "Z", "GMT"):
        return timezone.utc
    s = name.strip()
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", s, re.I)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        if minutes >= 24 * 60:
            raise ConfigError(f"time zone {name!r}: offset out of range")
        return timezone((-1 if m.group(1) == "-" else 1) * timedelta(minutes=minutes))
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(s)
    except Exception:  # ZoneInfoNotFoundError, ValueError for odd keys
        raise ConfigError(f"unknown time zone {name!r}: use UTC, an offset like +08:00, "
                          "or a name like Asia/Shanghai") from None


_DT = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?"
                 r"\s*(Z|[+-]\d{2}:?\d{2})?")


def _shown(value: Any) -> str:
    r = repr(value)
    return r if len(r) <= 32 else r[:29] + "..."


def _checked_epoch(t: float, value: Any) -> float:
    if math.isnan(t) or not (TS_MIN <= t <= TS_MAX):
        hint = " (epoch milliseconds? give seconds)" if TS_MAX < t <= TS_MAX * 1000 else ""
        raise ValueError(f"bad timestamp {_shown(value)}: out of range 1970..3000{hint}")
    return t


def parse_ts(value: Any, tz: tzinfo | None = None) -> float | None:
    """ISO 8601 (also 2024/3/1 9:15 and 2024年3月1日 09:15) or epoch seconds -> epoch seconds.

    None or "" -> None. Times without an offset are in `tz` (default UTC). Raises ValueError
    for anything else, including times outside 1970..3000."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"bad timestamp {value!r}")
    if isinstance(value, (int, float)):
        try:
            return _checked_epoch(float(value), value)
        except OverflowError:
            raise ValueError(f"bad timestamp {_shown(value)}: out of range 1970..3000") from None
    s = str(value).strip()
    try:
        number = float(s)
    except (ValueError, OverflowError):
        number = None
    if number is not None:
        return _checked_epoch(number, value)
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        dt = _loose_datetime(s)
        if dt is None:
            raise ValueError(f"bad timestamp {_shown(value)}: expected ISO 8601 or epoch seconds") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz or timezone.utc)
    return _checked_epoch(dt.timestamp(), value)


def _loose_datetime(s: str) -> datetime | None:
    m = _DT.fullmatch(s)
    if not m:
        return None
    y, mo, d, h, mi, sec, frac, off = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0),
                      int((frac or "0").ljust(6, "0")))
    except ValueError:
        return None
    if off:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        dt = dt.replace(tzinfo=timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))))
    elif s.endswith("Z"):
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


# ---------------------------------------------------------------------------------------------
# Field names
# ---------------------------------------------------------------------------------------------

FIELDS = ("text", "id", "platform", "sender", "group", "ts")

#: CSV header names tried when a default column name is absent (exports name them freely).
ALIASES = {
    "text": ("content", "message", "msg", "body", "消息", "内容", "消息内容", "聊天内容"),
    "id": ("msg_id", "message_id", "msgid", "编号", "序号"),
    "platform": ("平台",),
    "sender": ("user", "from", "author", "nickname", "name", "发送者", "发送人", "发言人", "昵称", "用户"),
    "group": ("chat", "room", "group_name", "群", "群名", "群聊", "群名称"),
    "ts": ("time", "timestamp", "datetime", "date", "created_at", "时间", "发送时间"),
}


@dataclass(frozen=True)
class Columns:
    """Which JSON key / CSV column holds each field (--text-col etc.)."""

    text: str = "text"
    id: str = "id"
    platform: str = "platform"
    sender: str = "sender"
    group: str = "group"
    ts: str = "ts"

    def resolve(self, header: list[str], source: str) -> dict[str, int]:
        """field -> column index for a CSV header. A renamed column must exist; a default
        one may also be found under a common alias (content, time, 发送者 …)."""
        names = [h.strip().lstrip("\ufeff") for h in header]
        lower = {n.lower(): i for i, n in reversed(list(enumerate(names)))}
        out: dict[str, int] = {}
        for f in FIELDS:
            want = getattr(self, f)
            i = lower.get(want.lower())
            if i is None and want == f:
                i = next((lower[a.lower()] for a in ALIASES[f] if a.lower() in lower), None)
            if i is not None:
                out[f] = i
            elif want != f or f == "text":
                opt = f"--{f}-col"
                raise InputError(f"{source}: the CSV header has no {want!r} column "
                                 f"(columns: {', '.join(names) or 'none'}); name it with {opt}")
        return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def _mapping_record(source: str, lineno: int, obj: Any, cols: Columns, tz: tzinfo | None) -> Record:
    """A JSON object or CSV row (as dict) -> Record, or a malformed Record saying why."""
    if not isinstance(obj, dict):
        return Record(source, lineno, lineno).fail("json", "record is not a JSON object")
    rid = obj.get(cols.id)
    rec = Record(source, lineno, lineno if rid is None or rid == "" else rid)
    text = obj.get(cols.text)
    if not isinstance(text, str):
        return rec.fail("text", f"missing field {cols.text!r}" if text is None
                        else f"field {cols.text!r} is not a string")
    bad = _SURROGATE.search(text)
    if bad:  # only a JSON escape can make one; no encoder or hash accepts it
        return rec.fail("text", f"field {cols.text!r} is not valid Unicode (unpaired surrogate "
                                f"U+{ord(bad.group()):04X} at {bad.start()})")
    rec.text = text
    v = obj.get(cols.platform)
    if v is not None and v != "":
        rec.platform = str(v)
    v = obj.get(cols.sender)
    if v is not None and v != "":
        rec.sender = str(v)
    v = obj.get(cols.group)
    if v is not None and v != "":
        rec.group = str(v)
    try:
        rec.ts = parse_ts(obj.get(cols.ts), tz)
    except ValueError as e:
        rec.fail("ts", str(e))
    return rec


# ---------------------------------------------------------------------------------------------
# Format readers. Each takes numbered lines: (lineno, text with its line ending, decode error).
# ---------------------------------------------------------------------------------------------

Line = tuple[int, str, "str | None"]


def _numbered(stream: Iterable[str]) -> Iterator[Line]:
    for i, line in enumerate(stream, 1):
        yield i, line, None


def jsonl_records(lines: Iterable[Line], source: str, cols: Columns = Columns(),
                  tz: tzinfo | None = None) -> Iterator[Record]:
    """One JSON object a line; blank lines are not records."""
    loads = json.loads
    for lineno, line, derr in lines:
        if not line.strip():
            continue
        try:
            obj = loads(line.rstrip("\r\n"))  # a cut-off string then reads "Unterminated string"
        except (ValueError, RecursionError) as e:
            if derr is None:
                msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
                col = f" (column {e.colno})" if isinstance(e, json.JSONDecodeError) else ""
                yield Record(source, lineno, lineno).fail("json", f"bad JSON: {msg}{col}")
                continue
            obj = None
        rec = _mapping_record(source, lineno, obj, cols, tz)
        if derr is not None:  # keep the id if the rest of the line parsed
            rec = Record(source, lineno, rec.id if obj is not None else lineno).fail("encoding", derr)
        yield rec


def csv_records(lines: Iterable[Line], source: str, cols: Columns = Columns(), tz: tzinfo | None = None,
                delimiter: str | None = None) -> Iterator[Record]:
    """CSV with a header row; quoted fields may span lines (the record keeps its first line)."""
    state = {"lineno": 0, "derr": None}

    def feed():
        for lineno, line, derr in lines:
            state["lineno"] = lineno
            if derr is not None and state["derr"] is None:
                state["derr"] = derr if lineno == state.get("start") else f"line {lineno}: {derr}"
            yield line

    it = feed()
    first = None
    for first in it:
        if first.strip():
            break
    else:
        return
    if delimiter is None:
        delimiter = "\t" if "\t" in first and "," not in first else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    index = cols.resolve(header, source)
    width = len(header)
    state["derr"] = None
    reader = csv.reader(it, delimiter=delimiter)
    start = state["lineno"] + 1
    while True:
        state["start"] = start
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield Record(source, start, start).fail("csv", f"bad CSV: {e}")
            state["derr"] = None
            start = state["lineno"] + 1
            continue
        lineno, derr = start, state["derr"]
        state["derr"] = None
        start = state["lineno"] + 1
        if not row or (len(row) == 1 and not row[0].strip() and width > 1):
            continue
        rid_i = index.get("id")
        rid = row[rid_i] if rid_i is not None and rid_i < len(row) and row[rid_i] != "" else lineno
        if derr is not None:
            yield Record(source, lineno, rid).fail("encoding", derr)
        elif len(row) > width:
            yield Record(source, lineno, rid).fail("csv", f"row has {len(row)} fields, the header {width}")
        else:
            obj = {getattr(cols, f): row[i] for f, i in index.items() if i < len(row)}
            rec = _mapping_record(source, lineno, obj, cols, tz)
            if rec.kind == "text" and index["text"] >= len(row):
                rec.fail("csv", f"row has {len(row)} fields, the header {width} (no {cols.text!r})")
            yield rec


#: Chat export message header: `TIME SENDER: TEXT` or `TIME SENDER` (text on the next lines);
#: TIME is 2024-03-01 09:15[:02], 2024/3/1 9:15, 2024年3月1日 09:15, optionally in [] or 【】.
_HEADER = re.compile(
    r"^\s*[\[【(（]?(?P<ts>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)(?:[\]】)）]\s*|\s+)(?P<rest>\S.*?)\s*$")
_SENDER_SEP = re.compile(r"\s*[:：]\s?")
_MAX_SENDER = 40


def is_chat_header(line: str) -> bool:
    return _HEADER.match(line) is not None


def chat_records(lines: Iterable[Line], source: str, group: str | None = None,
                 tz: tzinfo | None = None) -> Iterator[Record]:
    """A chat export: each message starts with a `time sender: text` (or `time sender`) line;
    lines without a header continue the message above (multi-line messages are joined with
    newlines). Lines before the first header are reported, not dropped."""
    cur: dict | None = None

    def finish(c: dict) -> Record:
        parts = c["parts"]
        while parts and not parts[-1].strip():
            parts.pop()
        while parts and not parts[0].strip():
            parts.pop(0)
        body = "\n".join(parts)
        rec = Record(source, c["lineno"], c["lineno"], group=group)
        if c["sender"] is None:  # `TIME SENDER` header: the body holds the text
            if body:
                rec.sender, rec.text = c["rest"], body
            else:
                rec.text = c["rest"]
        else:
            rec.sender, rec.text = c["sender"] or None, body
        if c["derr"]:
            return rec.fail("encoding", c["derr"])
        try:
            rec.ts = parse_ts(c["ts"], tz)
        except ValueError as e:
            rec.fail("ts", str(e))
        return rec

    for lineno, line, derr in lines:
        s = line.rstrip("\r\n")
        m = _HEADER.match(s)
        if m:
            if cur is not None:
                yield finish(cur)
            rest = m.group("rest")
            sep = _SENDER_SEP.search(rest)
            if sep and sep.start() <= _MAX_SENDER:
                sender, first = rest[:sep.start()].strip(), rest[sep.end():]
                cur = {"lineno": lineno, "ts": m.group("ts"), "sender": sender, "rest": rest,
                       "parts": [first] if first else [], "derr": derr}
            else:
                cur = {"lineno": lineno, "ts": m.group("ts"), "sender": None, "rest": rest,
                       "parts": [], "derr": derr}
        elif cur is None:
            if s.strip():
                yield Record(source, lineno, lineno).fail(
                    "chat", "no `time sender: text` header before this line")
        else:
            cur["parts"].append(s)
            if derr and not cur["derr"]:
                cur["derr"] = f"line {lineno}: {derr}"
    if cur is not None:
        yield finish(cur)


def line_records(lines: Iterable[Line], source: str, group: str | None = None) -> Iterator[Record]:
    """Plain text, one message a line; blank lines are not records."""
    for lineno, line, derr in lines:
        s = line.rstrip("\r\n")
        if not s.strip():
            continue
        rec = Record(source, lineno, lineno, text=s, group=group)
        yield rec.fail("encoding", derr) if derr is not None else rec


def text_records(lines: Iterable[Line], source: str, group: str | None = None,
                 tz: tzinfo | None = None) -> Iterator[Record]:
    """Plain text: a chat export if the first non-blank line is a `time sender` header, else
    one message a line."""
    lines = iter(lines)
    head: list[Line] = []
    for item in lines:
        head.append(item)
        if item[1].strip():
            break
    rest = chain(head, lines)
    if head and is_chat_header(head[-1][1].rstrip("\r\n")):
        return chat_records(rest, source, group, tz)
    return line_records(rest, source, group)


# Compatibility readers over text streams (the web API's upload path uses these).
def read_jsonl(stream: TextIO, source: str, cols: Columns = Columns()) -> Iterator[Record]:
    return jsonl_records(_numbered(stream), source, cols)


def read_csv(stream: TextIO, source: str, text_col: str = "text") -> Iterator[Record]:
    return csv_records(_numbered(stream), source, Columns(text=text_col))


def read_text(stream: TextIO, source: str) -> Iterator[Record]:
    return text_records(_numbered(stream), source)


# ---------------------------------------------------------------------------------------------
# Bytes -> numbered lines: stdin, gzip, encodings
# ---------------------------------------------------------------------------------------------

_SNIFF = 1 << 16
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Legacy Chinese encodings decode as their superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "euc_cn": "gb18030",
             "utf_8_sig": "utf-8"}  # a UTF-8 BOM is dropped from the first line anyway


def normalize_encoding(name: str) -> str:
    """Codec name as Python spells it; raises InputError for an unknown one."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding {name!r} (try utf-8 or gb18030)") from None
    return _SUPERSET.get(codec.replace("-", "_"), codec)


def detect_encoding(head: bytes, eof: bool = True) -> str:
    """BOM, else UTF-8 if the head decodes as UTF-8, else GB18030 if it decodes as that, else
    (mostly NUL bytes) UTF-16, else the one with fewer undecodable bytes."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if head and head.count(0) * 4 > len(head):
        odd = sum(1 for b in head[1::2] if b == 0)
        return "utf-16-le" if odd * 2 > head.count(0) else "utf-16-be"
    errors = {}
    for name in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(name)().decode(head, final=eof)
            return name
        except UnicodeDecodeError:
            errors[name] = codecs.getincrementaldecoder(name)(errors="replace").decode(head).count("\ufffd")
    return min(errors, key=lambda n: errors[n])


class _Chain(io.RawIOBase):
    """`head` bytes, then the rest of `raw`: lets us sniff a pipe without losing bytes."""

    def __init__(self, head: bytes, raw):
        self._head, self._pos, self._raw = head, 0, raw

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._pos < len(self._head):
            n = min(len(b), len(self._head) - self._pos)
            b[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self._raw.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def _sniff(stream) -> tuple[bytes, io.BufferedReader]:
    head = b""
    while len(head) < _SNIFF:
        chunk = stream.read(_SNIFF - len(head))
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Chain(head, stream), _SNIFF)


def _byte_lines(reader, encoding: str, source: str) -> Iterator[Line]:
    """Split on b"\\n" (safe for UTF-8, GB18030 and every ASCII-compatible codec) and decode
    each line on its own, so one bad byte costs one record, reported with its line number."""
    lineno = 0
    strip_bom = encoding == "utf-8"
    for raw in reader:
        lineno += 1
        if strip_bom and lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        try:
            yield lineno, raw.decode(encoding), None
        except UnicodeDecodeError as e:
            yield lineno, raw.decode(encoding, "replace"), \
                f"undecodable bytes for {encoding} at byte {e.start + 1} of the line"


def _wide_lines(reader, encoding: str, source: str) -> Iterator[Line]:
    """UTF-16/32: lines cannot be split on bytes, so decode the stream (bad units become U+FFFD)."""
    text = io.TextIOWrapper(reader, encoding=encoding, errors="replace", newline="")
    for lineno, line in enumerate(text, 1):
        yield lineno, line, None


FORMATS = ("auto", "jsonl", "csv", "text", "chat", "lines")
_EXT_FORMAT = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv",
               ".txt": "text", ".log": "text"}


def _strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def expand_paths(patterns: Iterable[str]) -> list[str]:
    """Paths and globs (`logs/*.jsonl.gz`, `logs/**/*.csv`) -> files; `-` is standard input."""
    out: list[str] = []
    for p in patterns:
        if p == "-":
            out.append(p)
        elif os.path.exists(p):
            if os.path.isdir(p):
                raise InputError(f"{p}: is a directory (give files or a glob such as {p.rstrip('/')}/*.jsonl)")
            out.append(p)
        elif glob.has_magic(p):
            found = sorted(f for f in glob.glob(p, recursive=True) if os.path.isfile(f))
            if not found:
                raise InputError(f"{p}: no file matches")
            out.extend(found)
        else:
            raise InputError(f"{p}: no such file")
    return out


@dataclass
class FileInfo:
    source: str
    format: str = ""
    encoding: str = ""
    compressed: bool = False
    records: int = 0


class Inputs:
    """Records from several files in order, each opened lazily (gzip and encoding sniffed from
    its first 64 KB), with byte progress for a progress bar."""

    def __init__(self, patterns: Iterable[str], *, stdin=None, encoding: str | None = None,
                 fmt: str = "auto", cols: Columns = Columns(), group: str | None = None,
                 tz: tzinfo | None = None):
        if fmt not in FORMATS:
            raise InputError(f"unknown input format {fmt!r}; valid: {', '.join(FORMATS)}")
        self.paths = expand_paths(patterns)
        if self.paths.count("-") > 1:
            raise InputError("standard input (-) can be read only once")
        self.stdin = stdin
        self.encoding = normalize_encoding(encoding) if encoding and encoding != "auto" else None
        self.fmt, self.cols, self.group, self.tz = fmt, cols, group, tz
        sizes = [os.path.getsize(p) if p != "-" else None for p in self.paths]
        self.total_bytes: int | None = None if None in sizes else sum(sizes)
        self._done_bytes = 0
        self._raw = None
        self.files: list[FileInfo] = []

    def bytes_done(self) -> int:
        """Bytes of input consumed so far (compressed bytes for .gz files)."""
        pos = 0
        if self._raw is not None:
            try:
                pos = self._raw.tell()
            except (OSError, ValueError):
                pos = 0
        return self._done_bytes + pos

    def __iter__(self) -> Iterator[Record]:
        for path in self.paths:
            info = FileInfo("<stdin>" if path == "-" else path)
            self.files.append(info)
            if path == "-":
                if self.stdin is None:
                    raise InputError("no standard input to read")
                yield from self._file(self.stdin, info)
                continue
            try:
                raw = open(path, "rb")
            except OSError as e:
                raise InputError(f"{path}: {e.strerror or e}") from None
            self._raw = raw
            try:
                yield from self._file(raw, info)
            finally:
                self._raw = None
                raw.close()
                self._done_bytes += os.path.getsize(path)

    def _file(self, raw, info: FileInfo) -> Iterator[Record]:
        seen = [0]  # last line number read, for an I/O error's report

        def counted(lines: Iterator[Line]) -> Iterator[Line]:
            for item in lines:
                seen[0] = item[0]
                yield item

        try:
            yield from self._records(raw, info, counted)
        except (OSError, EOFError, zlib.error) as e:  # truncated or corrupt gzip, I/O error
            info.records += 1
            yield Record(info.source, seen[0] + 1, seen[0] + 1).fail(
                "io", f"cannot read further ({type(e).__name__}: {e}); the rest of the file is not audited")

    def _records(self, raw, info: FileInfo, counted) -> Iterator[Record]:
        head, stream = _sniff(raw)
        if head.startswith(b"\x1f\x8b"):
            info.compressed = True
            head, stream = _sniff(gzip.GzipFile(fileobj=stream, mode="rb"))
        enc = self.encoding or detect_encoding(head, eof=len(head) < _SNIFF)
        info.encoding = enc
        wide = enc.startswith(("utf-16", "utf-32")) or "\n".encode(enc) != b"\n"
        lines = counted((_wide_lines if wide else _byte_lines)(stream, enc, info.source))
        fmt = self.fmt
        if fmt == "auto":
            fmt = _EXT_FORMAT.get(Path(_strip_gz(info.source)).suffix.lower(), "")
        if not fmt:
            fmt, lines = _sniff_format(lines, self.cols)
        group = self.group
        if group is None and fmt in ("text", "chat", "lines"):  # a chat export is one group's history
            group = "stdin" if info.source == "<stdin>" else Path(_strip_gz(info.source)).stem
        if fmt == "text":
            fmt, lines = _sniff_text(lines)
        info.format = fmt
        if fmt == "jsonl":
            records = jsonl_records(lines, info.source, self.cols, self.tz)
        elif fmt == "csv":
            delim = "\t" if _strip_gz(info.source).lower().endswith(".tsv") else None
            records = csv_records(lines, info.source, self.cols, self.tz, delim)
        elif fmt == "chat":
            records = chat_records(lines, info.source, group, self.tz)
        else:
            records = line_records(lines, info.source, group)
        for rec in records:
            info.records += 1
            yield rec


def _first_nonblank(lines: Iterator[Line]) -> tuple[str, Iterator[Line]]:
    head: list[Line] = []
    for item in lines:
        head.append(item)
        if item[1].strip():
            break
    return (head[-1][1] if head else ""), chain(head, lines)


def _sniff_format(lines: Iterable[Line], cols: Columns) -> tuple[str, Iterator[Line]]:
    """No telling extension: JSON object -> jsonl; chat header -> chat; a delimited header that
    names the text column -> csv; else one message a line."""
    first, lines = _first_nonblank(iter(lines))
    s = first.strip().lstrip("\ufeff")
    if s.startswith("{"):
        return "jsonl", lines
    if is_chat_header(s):
        return "chat", lines
    for delim in (",", "\t"):
        names = [n.strip().lower() for n in s.split(delim)]
        if len(names) > 1 and (cols.text.lower() in names or any(a in names for a in ALIASES["text"])):
            return "csv", lines
    return "lines", lines


def _sniff_text(lines: Iterable[Line]) -> tuple[str, Iterator[Line]]:
    first, lines = _first_nonblank(iter(lines))
    return ("chat" if is_chat_header(first.rstrip("\r\n")) else "lines"), lines


# ---------------------------------------------------------------------------------------------
# Broadcast replay
# ---------------------------------------------------------------------------------------------

def _replay_store():
    """A memory:// store for replaying a log. The stock MemoryStore also sweeps every key once
    *event* time has moved 60 s, which is right for a live server but, replaying weeks of log
    in seconds, means a sweep of every key every few records (quadratic). Here the sweep runs
    once per max(4096, keys) records instead. Counts are identical: a sweep only frees memory."""
    from .broadcast.stores.memory_store import MemoryStore

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
    __slots__ = ("seq", "rec", "result", "folded", "done")

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
        """What Checker.check(..., sender, group, ts, record=True) adds to a content report."""
        rec, res = item.rec, item.result
        last = self._last_ts.get(rec.sender)
        if last is not None and rec.ts < last:
            self.late += 1
        else:
            self._last_ts[rec.sender] = rec.ts
        r = self.guard.check(sender=rec.sender, group=rec.group, text=item.folded, ts=rec.ts,
                             limits=self.limits_for(res["platform"]), record=res["verdict"] != "block")
        self.replayed += 1
        if r.findings:
            res["findings"] = res["findings"] + [f.to_dict() for f in r.findings]
            res["verdict"] = Verdict.worst([res["verdict"]] + [f.severity for f in r.findings]).value
        if r.skipped:
            res["notes"] = [f"broadcast check skipped: {r.skipped}"]
        item.folded = None
        item.done = True


# ---------------------------------------------------------------------------------------------
# Content check + replay of one shard (this process, or a worker)
# ---------------------------------------------------------------------------------------------

class _Shard:
    """Content checks and the broadcast replay of one shard of senders. A result is
    (seq, verdict, findings, platform, notes) or (seq, None, error kind, error)."""

    def __init__(self, checker, broadcast: bool, window: int):
        self.checker = checker
        self._limits: dict[str, Any] = {}
        self.replay = None
        if broadcast:
            from .broadcast import BroadcastGuard

            self.replay = Replay(BroadcastGuard(_replay_store(), fail_open=True), self._limits_for, window)

    def _limits_for(self, platform: str):
        lim = self._limits.get(platform)
        if lim is None:
            from .broadcast import Limits

            lim = self._limits[platform] = Limits.from_dict(dict(self.checker.profiles.get(platform).limits))
        return lim

    def run(self, batch: Iterable[tuple], latest: int) -> list[tuple]:
        """batch: (seq, text, platform, sender, group, ts); latest: the input position read."""
        out: list[tuple] = []
        checker, replay = self.checker, self.replay
        for seq, text, platform, sender, group, ts in batch:
            try:
                d = checker.check(text, platform).to_dict()
            except UnknownPlatform as e:  # an unknown platform in one record must not stop the audit
                out.append((seq, None, "platform", str(e)))
                continue
            except MsgcheckError:  # bad wordlists or config: the whole audit stops (exit 2)
                raise
            except Exception as e:  # noqa: BLE001 - an engine bug on one record is reported, not fatal
                out.append((seq, None, "internal", f"internal error ({type(e).__name__}: {e})"))
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
        from .engine import Checker

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
            from .engine import Checker

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


# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------

_MAX_VARIANTS = 64
_TIMELINE_STEPS = (3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400, 30 * 86400, 365 * 86400)


class Summary:
    """Counts over an audit. Memory is bounded by distinct senders, groups, terms and hours,
    never by the number of records; malformed records keep the first `max_examples` reasons."""

    def __init__(self, top: int = 10, max_examples: int = 1000, tz: tzinfo | None = None):
        self.top, self.max_examples = top, max_examples
        self.tz = tz or timezone.utc
        self.records = 0
        self.errors = 0
        self.verdicts: Counter = Counter()
        self.categories: Counter = Counter()
        self.rules: Counter = Counter()
        self.platforms: Counter = Counter()
        self.sender_msgs: Counter = Counter()
        self.sender_flagged: Counter = Counter()
        self.sender_block: Counter = Counter()
        self.group_msgs: Counter = Counter()
        self.group_flagged: Counter = Counter()
        self.group_block: Counter = Counter()
        self.terms: Counter = Counter()
        self.term_category: dict[str, str] = {}
        self.term_variants: dict[str, Counter] = {}
        self.bc_limits: Counter = Counter()
        self.bc_records = 0
        self.bc_senders: Counter = Counter()
        self.bc_sender_limits: dict[str, Counter] = {}
        self.bc_groups: Counter = Counter()
        self.hours: dict[int, list[int]] = {}
        self.no_ts = 0
        self.error_kinds: Counter = Counter()
        self.error_lines: list[dict[str, Any]] = []
        self.sources: Counter = Counter()
        self.meta: dict[str, Any] = {}

    def add(self, rec: Record, result: dict) -> None:
        self.records += 1
        self.sources[rec.source] += 1
        if "error" in result:
            self.errors += 1
            self.error_kinds[rec.kind or "other"] += 1
            if len(self.error_lines) < self.max_examples:
                self.error_lines.append({"source": rec.source, "line": rec.lineno, "id": rec.id,
                                         "kind": rec.kind or "other", "error": result["error"]})
            return
        v = result["verdict"]
        self.verdicts[v] += 1
        self.platforms[result.get("platform") or ""] += 1
        flagged = v != "pass"
        sender, group = rec.sender, rec.group
        if sender is not None:
            self.sender_msgs[sender] += 1
        if group is not None:
            self.group_msgs[group] += 1
        if flagged:
            if sender is not None:
                self.sender_flagged[sender] += 1
                if v == "block":
                    self.sender_block[sender] += 1
            if group is not None:
                self.group_flagged[group] += 1
                if v == "block":
                    self.group_block[group] += 1
        if rec.ts is None:
            self.no_ts += 1
        else:
            h = int(rec.ts // 3600)
            row = self.hours.get(h)
            if row is None:
                row = self.hours[h] = [0, 0, 0]
            row[0] += 1
            if flagged:
                row[1 if v == "review" else 2] += 1
        broadcast = False
        for f in result["findings"]:
            cat = f["category"]
            self.categories[cat] += 1
            self.rules[f["rule"]] += 1
            if cat == "broadcast":
                broadcast = True
                limit = (f.get("extra") or {}).get("limit_name") or f["rule"].rsplit(".", 1)[-1]
                self.bc_limits[limit] += 1
                if sender is not None:
                    self.bc_sender_limits.setdefault(sender, Counter())[limit] += 1
                continue
            term = f.get("canonical") or f.get("text") or f["rule"]
            self.terms[term] += 1
            self.term_category.setdefault(term, cat)
            if cat != "contact":  # contact spans are personal data and unbounded: not kept
                variants = self.term_variants.setdefault(term, Counter())
                if f.get("text") and (f["text"] in variants or len(variants) < _MAX_VARIANTS):
                    variants[f["text"]] += 1
        if broadcast:
            self.bc_records += 1
            if sender is not None:
                self.bc_senders[sender] += 1
            if group is not None:
                self.bc_groups[group] += 1

    @property
    def flagged(self) -> int:
        return self.verdicts["review"] + self.verdicts["block"]

    def _timeline(self) -> dict[str, Any]:
        if not self.hours:
            return {"bucket_seconds": 3600, "tz": _tz_name(self.tz), "buckets": []}
        lo, hi = min(self.hours), max(self.hours)
        span = (hi - lo + 1) * 3600
        step = next((s for s in _TIMELINE_STEPS if span / s <= 96), _TIMELINE_STEPS[-1])
        buckets: dict[int, list[int]] = {}
        for h, row in self.hours.items():
            t = h * 3600
            off = int(self.tz.utcoffset(datetime.fromtimestamp(t, timezone.utc)).total_seconds())
            key = ((t + off) // step) * step - off
            acc = buckets.setdefault(key, [0, 0, 0])
            for i in range(3):
                acc[i] += row[i]
        out = []
        for key in sorted(buckets):
            total, review, block = buckets[key]
            start = datetime.fromtimestamp(key, self.tz)
            out.append({"start": start.isoformat(timespec="minutes"), "ts": key, "total": total,
                        "review": review, "block": block})
        return {"bucket_seconds": step, "tz": _tz_name(self.tz), "buckets": out}

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """The JSON summary. `top_senders`, `top_groups` and `top_terms` are [name, count] pairs
        (flagged records; term matches); the *_detail lists say more."""
        top = self.top if top is None else top
        senders = self.sender_flagged.most_common(top)
        groups = self.group_flagged.most_common(top)
        terms = self.terms.most_common(top)
        bc_senders = self.bc_senders.most_common(top)
        return {
            "records": self.records,
            "errors": self.errors,
            "checked": self.records - self.errors,
            "flagged": self.flagged,
            "verdicts": {v.value: self.verdicts[v.value] for v in Verdict},
            "categories": dict(self.categories.most_common()),
            "rules": dict(self.rules.most_common()),
            "platforms": dict(self.platforms.most_common()),
            "top_senders": [[s, n] for s, n in senders],
            "top_groups": [[g, n] for g, n in groups],
            "top_terms": [[t, n] for t, n in terms],
            "top_senders_detail": [{"sender": s, "flagged": n, "block": self.sender_block[s],
                                    "review": n - self.sender_block[s], "messages": self.sender_msgs[s],
                                    "broadcast": self.bc_senders[s]} for s, n in senders],
            "top_groups_detail": [{"group": g, "flagged": n, "block": self.group_block[g],
                                   "review": n - self.group_block[g], "messages": self.group_msgs[g],
                                   "broadcast": self.bc_groups[g]} for g, n in groups],
            "top_terms_detail": [{"term": t, "count": n, "category": self.term_category.get(t, ""),
                                  "variants": [[v, c] for v, c in
                                               self.term_variants.get(t, Counter()).most_common(5)]}
                                 for t, n in terms],
            "senders": len(self.sender_msgs),
            "groups": len(self.group_msgs),
            "broadcasts": {
                "records": self.bc_records,
                "by_limit": dict(self.bc_limits.most_common()),
                "top_senders": [{"sender": s, "records": n,
                                 "by_limit": dict(self.bc_sender_limits.get(s, Counter()).most_common())}
                                for s, n in bc_senders],
                "replayed": self.meta.get("replayed", 0),
                "late": self.meta.get("late", 0),
            },
            "timeline": self._timeline(),
            "without_timestamp": self.no_ts,
            "malformed": self.error_lines,
            "malformed_kinds": dict(self.error_kinds.most_common()),
            "files": self.meta.get("files") or [{"source": s, "records": n} for s, n in self.sources.items()],
            "run": {k: v for k, v in self.meta.items() if k not in ("files", "replayed", "late")},
        }


def _tz_name(tz: tzinfo) -> str:
    key = getattr(tz, "key", None)
    if key:
        return key
    name = tz.tzname(None) if tz.utcoffset(None) is not None else None
    return name or str(tz)
