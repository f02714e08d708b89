"""Batch audit: read records from logs, check each, keep input order, count everything.

Readers yield one Record per input record, good or bad: a malformed line becomes a Record with
`error` set, so nothing is silently dropped and the summary's count equals the input's."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Iterator, TextIO

from .types import Verdict


@dataclass
class Record:
    source: str
    lineno: int
    id: Any
    text: str | None = None
    platform: str | None = None
    sender: str | None = None
    group: str | None = None
    ts: float | None = None
    error: str | None = None


def parse_ts(value) -> float | None:
    """ISO 8601 or epoch seconds -> epoch seconds; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"bad timestamp {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    s = str(value).strip()
    try:
        return float(s)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"bad timestamp {value!r}: expected ISO 8601 or epoch seconds") from None
    if dt.tzinfo is None:
        from datetime import timezone
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def _from_mapping(source: str, lineno: int, obj: Any) -> Record:
    if not isinstance(obj, dict):
        return Record(source, lineno, lineno, error="record is not a JSON object")
    rid = obj.get("id", lineno)
    rec = Record(source, lineno, rid if rid not in (None, "") else lineno)
    text = obj.get("text")
    if not isinstance(text, str):
        rec.error = "missing field 'text'" if text is None else "field 'text' is not a string"
        return rec
    rec.text = text
    for key in ("platform", "sender", "group"):
        v = obj.get(key)
        if v is not None and v != "":
            setattr(rec, key, str(v))
    try:
        rec.ts = parse_ts(obj.get("ts"))
    except ValueError as e:
        rec.error = str(e)
    return rec


def read_jsonl(stream: TextIO, source: str) -> Iterator[Record]:
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Record(source, lineno, lineno, error=f"bad JSON: {e.msg} (column {e.colno})")
            continue
        yield _from_mapping(source, lineno, obj)


def read_csv(stream: TextIO, source: str, text_col: str = "text") -> Iterator[Record]:
    reader = csv.DictReader(stream)
    for row in reader:
        lineno = reader.line_num
        if text_col != "text" and text_col in row:
            row = dict(row)
            row["text"] = row.pop(text_col)
        if None in row:
            yield Record(source, lineno, row.get("id") or lineno, error="more fields than the header")
            continue
        yield _from_mapping(source, lineno, row)


def read_text(stream: TextIO, source: str) -> Iterator[Record]:
    for lineno, line in enumerate(stream, 1):
        line = line.rstrip("\r\n")
        if line.strip():
            yield Record(source, lineno, lineno, text=line)


@dataclass
class Summary:
    records: int = 0
    errors: int = 0
    verdicts: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    platforms: Counter = field(default_factory=Counter)
    senders: Counter = field(default_factory=Counter)
    groups: Counter = field(default_factory=Counter)
    terms: Counter = field(default_factory=Counter)
    error_lines: list = field(default_factory=list)

    def add(self, rec: Record, result: dict) -> None:
        self.records += 1
        if "error" in result:
            self.errors += 1
            if len(self.error_lines) < 100:
                self.error_lines.append({"source": rec.source, "line": rec.lineno, "error": result["error"]})
            return
        v = result["verdict"]
        self.verdicts[v] += 1
        self.platforms[result.get("platform") or ""] += 1
        if v != "pass":
            if rec.sender:
                self.senders[rec.sender] += 1
            if rec.group:
                self.groups[rec.group] += 1
        for f in result["findings"]:
            self.categories[f["category"]] += 1
            self.rules[f["rule"]] += 1
            if f.get("canonical"):
                self.terms[f["canonical"]] += 1

    @property
    def flagged(self) -> int:
        return self.verdicts["review"] + self.verdicts["block"]

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        return {"records": self.records, "errors": self.errors,
                "verdicts": {v.value: self.verdicts[v.value] for v in Verdict},
                "categories": dict(self.categories.most_common()), "rules": dict(self.rules.most_common()),
                "platforms": dict(self.platforms.most_common()),
                "top_senders": self.senders.most_common(top), "top_groups": self.groups.most_common(top),
                "top_terms": self.terms.most_common(top), "malformed": self.error_lines}


def audit(checker, records: Iterable[Record], platform: str | None = None) -> Iterator[tuple[Record, dict]]:
    """Check records in input order; a record's own platform overrides `platform`."""
    for rec in records:
        if rec.error is not None:
            yield rec, {"id": rec.id, "error": f"{rec.source}:{rec.lineno}: {rec.error}"}
            continue
        try:
            report = checker.check(rec.text, rec.platform or platform)
        except Exception as e:  # an unknown platform in one record must not stop the audit
            yield rec, {"id": rec.id, "error": f"{rec.source}:{rec.lineno}: {e}"}
            continue
        d = report.to_dict()
        yield rec, {"id": rec.id, "verdict": d["verdict"], "findings": d["findings"], "platform": d["platform"]}
