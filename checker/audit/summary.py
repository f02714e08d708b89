"""The audit's counts, aggregated record by record into the JSON summary every report renders."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone, tzinfo
from typing import Any

from ..types import Verdict
from .records import Record

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
        self.lost: list[dict[str, Any]] = []  # input that could not be read (kind "io")
        self.max_variants = _MAX_VARIANTS
        self.meta: dict[str, Any] = {}

    def add(self, rec: Record, result: dict) -> None:
        """Count one record and its result (both parts below)."""
        self.add_content(rec, result)
        if "error" not in result:
            self.add_verdict(rec.sender, rec.group, rec.ts, result)

    def add_content(self, rec: Record, result: dict) -> None:
        """What a record's content check tells: everything but its verdict and broadcast
        findings, which the broadcast replay may still change (`add_verdict`)."""
        self.records += 1
        self.sources[rec.source] += 1
        if "error" in result:
            self.errors += 1
            kind = rec.kind or "other"
            self.error_kinds[kind] += 1
            if kind == "io":
                self.lost.append({"source": rec.source, "line": rec.lineno, "error": result["error"]})
            if len(self.error_lines) < self.max_examples:
                self.error_lines.append({"source": rec.source, "line": rec.lineno, "id": rec.id,
                                         "kind": kind, "error": result["error"]})
            return
        self.platforms[result.get("platform") or ""] += 1
        sender, group = rec.sender, rec.group
        if sender is not None:
            self.sender_msgs[sender] += 1
        if group is not None:
            self.group_msgs[group] += 1
        if rec.ts is None:
            self.no_ts += 1
        else:
            h = int(rec.ts // 3600)
            row = self.hours.get(h)
            if row is None:
                row = self.hours[h] = [0, 0, 0]
            row[0] += 1
        for f in result["findings"]:
            cat = f["category"]
            if cat == "broadcast":
                continue
            self.categories[cat] += 1
            self.rules[f["rule"]] += 1
            term = f.get("canonical") or f.get("text") or f["rule"]
            self.terms[term] += 1
            self.term_category.setdefault(term, cat)
            if cat != "contact":  # contact spans are personal data and unbounded: not kept
                variants = self.term_variants.setdefault(term, Counter())
                if f.get("text") and (f["text"] in variants or len(variants) < self.max_variants):
                    variants[f["text"]] += 1

    def add_verdict(self, sender: str | None, group: str | None, ts: float | None, result: dict) -> None:
        """The final verdict of a checked record and its broadcast findings."""
        v = result["verdict"]
        self.verdicts[v] += 1
        if v != "pass":
            if sender is not None:
                self.sender_flagged[sender] += 1
                if v == "block":
                    self.sender_block[sender] += 1
            if group is not None:
                self.group_flagged[group] += 1
                if v == "block":
                    self.group_block[group] += 1
            if ts is not None:
                h = int(ts // 3600)
                row = self.hours.get(h)
                if row is None:
                    row = self.hours[h] = [0, 0, 0]
                row[1 if v == "review" else 2] += 1
        broadcast = False
        for f in result["findings"]:
            if f["category"] != "broadcast":
                continue
            broadcast = True
            self.categories["broadcast"] += 1
            self.rules[f["rule"]] += 1
            limit = (f.get("extra") or {}).get("limit_name") or f["rule"].rsplit(".", 1)[-1]
            self.bc_limits[limit] += 1
            if sender is not None:
                self.bc_sender_limits.setdefault(sender, Counter())[limit] += 1
        if broadcast:
            self.bc_records += 1
            if sender is not None:
                self.bc_senders[sender] += 1
            if group is not None:
                self.bc_groups[group] += 1

    def merge(self, other: "Summary") -> None:
        """Add the counts of `other` (a worker's batch), which comes after everything counted
        so far: the first malformed records and term variants stay the first ones."""
        self.records += other.records
        self.errors += other.errors
        self.no_ts += other.no_ts
        self.bc_records += other.bc_records
        for name in ("verdicts", "categories", "rules", "platforms", "sender_msgs", "sender_flagged",
                     "sender_block", "group_msgs", "group_flagged", "group_block", "terms", "bc_limits",
                     "bc_senders", "bc_groups", "error_kinds", "sources"):
            theirs = getattr(other, name)
            if theirs:
                getattr(self, name).update(theirs)
        for term, cat in other.term_category.items():
            self.term_category.setdefault(term, cat)
        for term, theirs in other.term_variants.items():
            mine = self.term_variants.setdefault(term, Counter())
            for text, n in theirs.items():
                if text in mine or len(mine) < _MAX_VARIANTS:
                    mine[text] += n
        for sender, theirs in other.bc_sender_limits.items():
            self.bc_sender_limits.setdefault(sender, Counter()).update(theirs)
        for h, row in other.hours.items():
            mine = self.hours.get(h)
            if mine is None:
                self.hours[h] = list(row)
            else:
                for i in range(3):
                    mine[i] += row[i]
        room = self.max_examples - len(self.error_lines)
        if room > 0:
            self.error_lines.extend(other.error_lines[:room])
        self.lost.extend(other.lost)

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
        senders = _top(self.sender_flagged, top)
        groups = _top(self.group_flagged, top)
        terms = _top(self.terms, top)
        bc_senders = _top(self.bc_senders, top)
        return {
            "records": self.records,
            "errors": self.errors,
            "checked": self.records - self.errors,
            "flagged": self.flagged,
            "verdicts": {v.value: self.verdicts[v.value] for v in Verdict},
            "categories": dict(_top(self.categories)),
            "rules": dict(_top(self.rules)),
            "platforms": dict(_top(self.platforms)),
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
                                               _top(self.term_variants.get(t, Counter()), 5)]}
                                 for t, n in terms],
            "senders": len(self.sender_msgs),
            "groups": len(self.group_msgs),
            "broadcasts": {
                "records": self.bc_records,
                "by_limit": dict(_top(self.bc_limits)),
                "top_senders": [{"sender": s, "records": n,
                                 "by_limit": dict(_top(self.bc_sender_limits.get(s, Counter())))}
                                for s, n in bc_senders],
                "replayed": self.meta.get("replayed", 0),
                "late": self.meta.get("late", 0),
            },
            "timeline": self._timeline(),
            "without_timestamp": self.no_ts,
            "malformed": self.error_lines,
            "malformed_kinds": dict(_top(self.error_kinds)),
            "lost": self.lost,
            "files": self.meta.get("files") or [{"source": s, "records": n} for s, n in self.sources.items()],
            "run": {k: v for k, v in self.meta.items() if k not in ("files", "replayed", "late")},
        }


def _top(counter: Counter, n: int | None = None) -> list[tuple[Any, int]]:
    """Most common first; equal counts by name, so the order does not depend on which worker
    counted what first."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return items if n is None else items[:n]


def _tz_name(tz: tzinfo) -> str:
    key = getattr(tz, "key", None)
    if key:
        return key
    name = tz.tzname(None) if tz.utcoffset(None) is not None else None
    return name or str(tz)
