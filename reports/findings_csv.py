"""The findings CSV: one row per finding, for a spreadsheet."""
from __future__ import annotations

import csv
from datetime import datetime, timezone
from typing import Any, TextIO

from checker.audit import Record

CSV_HEADER = ("source", "line", "id", "platform", "sender", "group", "time", "verdict", "category", "rule",
              "severity", "start", "end", "matched", "canonical", "message", "suggestion", "text")


def _cell(v: Any) -> Any:
    """Neutralise spreadsheet formulas (CSV injection): text starting with = + - @ gets a '."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def _iso(ts: float | None) -> str:
    if ts is None:
        return ""
    return datetime.fromtimestamp(ts, timezone.utc).isoformat().replace("+00:00", "Z")


def findings_rows(rec: Record, result: dict[str, Any]) -> list[list[Any]]:
    """One row per finding; a malformed record is one row with verdict `error`; clean records
    have none."""
    base = [rec.source, rec.lineno, rec.id, result.get("platform", rec.platform or ""), rec.sender or "",
            rec.group or "", _iso(rec.ts)]
    if "error" in result:
        return [[_cell(x) for x in base + ["error", "malformed", rec.kind or "", "", "", "", "", "",
                                           result["error"], "", ""]]]
    rows = []
    for f in result["findings"]:
        rows.append([_cell(x) for x in base + [
            result["verdict"], f["category"], f["rule"], f["severity"],
            "" if f.get("start") is None else f["start"], "" if f.get("end") is None else f["end"],
            f.get("text", ""), f.get("canonical", ""), f.get("message", ""), f.get("suggestion", ""),
            rec.text or ""]])
    return rows


class FindingsCsv:
    """Streams findings to `stream` (opened with newline=""), header first."""

    def __init__(self, stream: TextIO):
        self._w = csv.writer(stream)
        self._w.writerow(CSV_HEADER)
        self.rows = 0

    def write_rows(self, rows: list[list[Any]]) -> None:
        """Rows made by `findings_rows` elsewhere (the audit's workers)."""
        self._w.writerows(rows)
        self.rows += len(rows)

    def write(self, rec: Record, result: dict[str, Any]) -> None:
        rows = findings_rows(rec, result)
        if rows:
            self._w.writerows(rows)
            self.rows += len(rows)
