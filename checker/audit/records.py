"""The audit's unit of work, and what every reader shares: timestamps and field names.

A malformed record is a Record with `error` set, never a dropped line, so the summary's record
count equals the input's."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from ..errors import ConfigError, MsgcheckError

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


# ---------------------------------------------------------------------------------------------
# Timestamps
# ---------------------------------------------------------------------------------------------

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

    def resolve(self, header: list[str], source: str, what: str = "the CSV header") -> dict[str, int]:
        """field -> column index for a CSV header (or a Parquet schema's names, `what` says which
        in errors). A renamed column must exist; a default one may also be found under a common
        alias (content, time, 发送者 …)."""
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
                raise InputError(f"{source}: {what} has no {want!r} column "
                                 f"(columns: {', '.join(names) or 'none'}); name it with {opt}")
        return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def mapping_record(source: str, lineno: int, obj: Any, cols: Columns, tz: tzinfo | None) -> Record:
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
