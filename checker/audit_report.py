"""Audit renderings: the terminal table, the self-contained HTML report, the findings CSV and the
progress line. Pure functions over the summary dict (Summary.to_dict()) — no I/O, no click.

The HTML report is one file with inline CSS and inline SVG charts drawn here in Python: no
script, no font, no image, no network. A Content-Security-Policy of default-src 'none' makes the
browser refuse any external request, and every name from the log is escaped."""
from __future__ import annotations

import csv
import html
import math
import unicodedata
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence, TextIO

from .audit import Record

VERDICT_LABEL = {"block": "block", "review": "review", "pass": "pass"}
CATEGORY_LABEL = {"diversion": "diversion 引流", "contact": "contact 联系方式", "competitor": "competitor 竞品",
                  "broadcast": "broadcast 群发/刷屏"}
LIMIT_LABEL = {"fanout": "fan-out (same text, many groups)", "flood": "flood (many messages, one group)",
               "repeat": "repeat (same text, one group)"}
KIND_LABEL = {"json": "bad JSON", "text": "missing/invalid text", "ts": "bad timestamp",
              "encoding": "undecodable bytes", "csv": "bad CSV row", "chat": "no chat header",
              "platform": "unknown platform", "io": "unreadable file", "internal": "internal error",
              "other": "other"}


# ---------------------------------------------------------------------------------------------
# Terminal table
# ---------------------------------------------------------------------------------------------

def _w(s: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in s)


def _fit(s: Any, width: int) -> str:
    """Pad or cut `s` to exactly `width` display columns; control characters are shown as ·."""
    s = "".join("·" if unicodedata.category(ch)[0] == "C" else ch for ch in str(s))
    if _w(s) <= width:
        return s + " " * (width - _w(s))
    out, used = "", 0
    for ch in s:
        cw = _w(ch)
        if used + cw > width - 1:
            break
        out, used = out + ch, used + cw
    return out + "…" + " " * (width - 1 - used)


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:5.1f}%" if total else "    -"


def _bar(n: int, top: int, width: int = 24) -> str:
    if not top or not n:
        return ""
    return "█" * max(1, round(width * n / top))


def _inline(counts: dict[str, int], label=None, limit: int = 8) -> str:
    items = list(counts.items())
    shown = [f"{(label or {}).get(k, k) or '-'} {v:,}" for k, v in items[:limit]]
    more = f" · +{len(items) - limit} more" if len(items) > limit else ""
    return " · ".join(shown) + more if shown else "—"


def render_table(s: dict[str, Any], max_malformed: int = 10) -> str:
    """The human summary: verdicts, categories, rules, platforms, top senders/groups/terms,
    broadcasts and malformed records. Shows names and matched terms, never message text."""
    total = s["records"]
    run = s.get("run") or {}
    files = s.get("files") or []
    head = f"msgcheck audit · {total:,} records · {len(files)} file{'s' if len(files) != 1 else ''}"
    if run.get("elapsed_seconds") is not None:
        el = run["elapsed_seconds"]
        head += f" · {el:.1f} s ({run.get('messages_per_second', 0):,.0f} msg/s)"
    lines = [head, ""]
    v = s["verdicts"]
    rows = [("block", v.get("block", 0)), ("review", v.get("review", 0)), ("pass", v.get("pass", 0)),
            ("malformed", s["errors"])]
    top = max((n for _, n in rows), default=0)
    for name, n in rows:
        lines.append(f"  {name:<10}{n:>9,}  {_pct(n, total)}  {_bar(n, top)}")
    lines.append("")
    lines.append(f"Categories  {_inline(s['categories'], CATEGORY_LABEL)}")
    lines.append(f"Rules       {_inline(s['rules'], limit=6)}")
    lines.append(f"Platforms   {_inline(s['platforms'])}")

    def table(title: str, header: Sequence[str], rows: list[Sequence[Any]], widths: Sequence[int]):
        if not rows:
            return
        lines.append("")
        lines.append(title)
        lines.append("  " + "  ".join(_fit(h, w) if i == 0 else f"{h:>{w}}" for i, (h, w) in
                                      enumerate(zip(header, widths))).rstrip())
        for r in rows:
            lines.append("  " + "  ".join(_fit(c, w) if i == 0 else f"{c:>{w},}" if isinstance(c, int)
                                          else f"{c:>{w}}" for i, (c, w) in enumerate(zip(r, widths))).rstrip())

    table("Top senders (flagged records)", ("sender", "flagged", "block", "review", "messages", "broadcast"),
          [(d["sender"], d["flagged"], d["block"], d["review"], d["messages"], d["broadcast"])
           for d in s.get("top_senders_detail", [])], (24, 8, 7, 7, 9, 10))
    table("Top groups (flagged records)", ("group", "flagged", "block", "review", "messages", "broadcast"),
          [(d["group"], d["flagged"], d["block"], d["review"], d["messages"], d["broadcast"])
           for d in s.get("top_groups_detail", [])], (24, 8, 7, 7, 9, 10))
    table("Top matched terms", ("term", "count", "category", "written as"),
          [(d["term"], d["count"], d["category"], _fit(", ".join(x for x, _ in d["variants"]) or "-", 30).rstrip())
           for d in s.get("top_terms_detail", [])], (24, 8, 11, 0))
    b = s.get("broadcasts") or {}
    lines.append("")
    if b.get("records"):
        lines.append(f"Broadcasts  {b['records']:,} records over a limit: {_inline(b['by_limit'])}")
        table("Who broadcasts / floods", ("sender", "records", "limits"),
              [(d["sender"], d["records"], _inline(d["by_limit"])) for d in b.get("top_senders", [])],
              (24, 8, 0))
    else:
        lines.append(f"Broadcasts  none found ({b.get('replayed', 0):,} sends replayed)")
    if b.get("late"):
        lines.append(f"  warning: {b['late']:,} sends were further out of time order than the reorder "
                     "window; raise --reorder-window or sort the log by time")
    if s.get("without_timestamp") and s["checked"]:
        lines.append(f"  note: {s['without_timestamp']:,} records have no timestamp "
                     "(no broadcast replay, not on the timeline)")
    if s["errors"]:
        lines.append("")
        lines.append(f"Malformed records ({s['errors']:,}): {_inline(s.get('malformed_kinds', {}), KIND_LABEL)}")
        for e in s["malformed"][:max_malformed]:
            lines.append(f"  {_fit(e['error'], 110).rstrip()}")
        if s["errors"] > max_malformed:
            lines.append(f"  … {s['errors'] - max_malformed:,} more (all in --format jsonl output; the first "
                         f"{len(s['malformed']):,} in --summary-json)")
    lines.append("")
    flagged = s["flagged"]
    if flagged:
        lines.append(f"Result: {flagged:,} of {s['checked']:,} checked records would be blocked or reviewed "
                     f"({v.get('block', 0):,} block, {v.get('review', 0):,} review).")
    else:
        lines.append(f"Result: no findings in {s['checked']:,} checked records.")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Progress line
# ---------------------------------------------------------------------------------------------

def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rem = divmod(seconds, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}"


def format_progress(records: int, elapsed: float, done_bytes: int | None = None,
                    total_bytes: int | None = None, width: int = 80) -> str:
    """`[#####-----]  42%  420,000 msgs  8,400 msg/s  ETA 0:01:09` (no bar without a total)."""
    rate = records / elapsed if elapsed > 0 else 0.0
    tail = f"{records:,} msgs  {rate:,.0f} msg/s"
    if total_bytes and done_bytes is not None:
        frac = min(1.0, done_bytes / total_bytes)
        eta = (elapsed / frac - elapsed) if frac > 0 else 0
        tail = f"{frac * 100:3.0f}%  {tail}  ETA {_clock(eta)}"
        bar_w = max(10, width - len(tail) - 4)
        fill = int(bar_w * frac)
        return f"[{'#' * fill}{'-' * (bar_w - fill)}] {tail}"[:width]
    return f"{tail}  {_clock(elapsed)}"[:width]


class Progress:
    """Redraws one progress line on `stream` (a terminal) at most every `interval` seconds;
    `bytes_done`/`total_bytes` give the bar and the ETA when the input size is known."""

    def __init__(self, stream: TextIO, bytes_done=None, total_bytes: int | None = None,
                 interval: float = 0.2, width: int = 80, clock=None):
        import time

        self._clock = clock or time.monotonic
        self.stream, self.bytes_done, self.total_bytes = stream, bytes_done, total_bytes
        self.interval, self.width = interval, width
        self.start = self._clock()
        self._next = self.start
        self.drawn = False

    def update(self, records: int, force: bool = False) -> None:
        now = self._clock()
        if not force and now < self._next:
            return
        self._next = now + self.interval
        done = self.bytes_done() if self.bytes_done else None
        line = format_progress(records, now - self.start, done, self.total_bytes, self.width - 1)
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


# ---------------------------------------------------------------------------------------------
# Findings CSV
# ---------------------------------------------------------------------------------------------

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

    def write(self, rec: Record, result: dict[str, Any]) -> None:
        rows = findings_rows(rec, result)
        if rows:
            self._w.writerows(rows)
            self.rows += len(rows)


# ---------------------------------------------------------------------------------------------
# HTML report
# ---------------------------------------------------------------------------------------------

def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


_CSS = """
:root{--block:#c93a3a;--review:#e39a24;--pass:#4f9a5a;--muted:#6b7280;--line:#e5e7eb;--ink:#1f2937}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
color:var(--ink);margin:0;background:#f6f7f9}
header{background:#1f2937;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:20px} header p{margin:4px 0 0;color:#cbd5e1}
main{max-width:1180px;margin:0 auto;padding:20px 24px 40px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:18px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.card .n{font-size:24px;font-weight:600} .card .l{color:var(--muted);font-size:12px;text-transform:uppercase}
.card.block .n{color:var(--block)} .card.review .n{color:var(--review)} .card.pass .n{color:var(--pass)}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin-bottom:16px}
section h2{font-size:16px;margin:0 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:16px}
.grid section{margin:0}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);
vertical-align:top} th{color:var(--muted);font-weight:500;font-size:12px} td.n,th.n{text-align:right;
font-variant-numeric:tabular-nums} .empty{color:var(--muted)}
svg{display:block;max-width:100%;height:auto} svg text{font-size:11px;fill:#374151}
.s-block{fill:var(--block)} .s-review{fill:var(--review)} .s-pass{fill:var(--pass)} .s-total{fill:#cbd5e1}
.s-diversion{fill:#c93a3a} .s-contact{fill:#8b5cf6} .s-competitor{fill:#e39a24} .s-broadcast{fill:#2563eb}
.legend{display:flex;gap:14px;font-size:12px;color:var(--muted);margin:6px 0 0}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
code{font-size:12px;background:#f3f4f6;padding:1px 4px;border-radius:3px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:10px}
"""

_COLORS = {"block": "var(--block)", "review": "var(--review)", "pass": "var(--pass)", "total": "#cbd5e1"}


def _legend(items: Iterable[tuple[str, str]]) -> str:
    return '<div class="legend">' + "".join(
        f'<span><i style="background:{_COLORS.get(k, "#999")}"></i>{_e(label)}</span>' for k, label in items) + "</div>"


def _hbars(rows: list[tuple[str, list[tuple[int, str]], str]], chart: str, label_w: int = 150,
           width: int = 560) -> str:
    """Horizontal (stacked) bars: rows of (label, [(value, css class)], right-hand note)."""
    if not rows:
        return '<p class="empty">nothing to chart</p>'
    bar_h, gap, note_w = 20, 8, 70
    h = len(rows) * (bar_h + gap) + gap
    top = max(sum(v for v, _ in segs) for _, segs, _ in rows) or 1
    span = width - label_w - note_w - 10
    out = [f'<svg class="chart" data-chart="{_e(chart)}" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
           f'role="img" aria-label="{_e(chart)}">']
    for i, (label, segs, note) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        short = label if len(label) <= 18 else label[:17] + "…"
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end"><title>{_e(label)}</title>'
                   f'{_e(short)}</text>')
        x = float(label_w)
        for value, cls in segs:
            if value <= 0:
                continue
            w = max(1.5, span * value / top)
            out.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2">'
                       f'<title>{_e(label)}: {value:,}</title></rect>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + bar_h * 0.7:.1f}">{_e(note)}</text>')
    out.append("</svg>")
    return "".join(out)


def _timeline(tl: dict[str, Any], width: int = 1080, height: int = 240) -> str:
    buckets = tl.get("buckets") or []
    if not buckets:
        return '<p class="empty">no timestamps in the log: nothing to chart</p>'
    left, bottom, top_pad = 46, 34, 12
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    n = len(buckets)
    slot = plot_w / n
    bw = max(1.0, slot * 0.8)
    peak = max(b["review"] + b["block"] for b in buckets)
    ymax = _nice(max(peak, 1))
    out = [f'<svg class="chart" data-chart="timeline" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="flagged records over time">']
    for frac in (0, 0.5, 1):
        y = top_pad + plot_h * (1 - frac)
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{ymax * frac:,.{0 if ymax % 2 == 0 else 1}f}</text>')
    step_s = tl.get("bucket_seconds", 3600)
    every = max(1, math.ceil(90 / slot))  # a label is ~80 px wide
    for i, b in enumerate(buckets):
        x = left + i * slot + (slot - bw) / 2
        base = top_pad + plot_h
        tip = f"{b['start']}: {b['block']:,} block, {b['review']:,} review of {b['total']:,} messages"
        for cls, value in (("s-block", b["block"]), ("s-review", b["review"])):
            if value <= 0:
                continue
            hgt = max(1.0, plot_h * value / ymax)
            base -= hgt
            out.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{base:.1f}" width="{bw:.1f}" height="{hgt:.1f}">'
                       f'<title>{_e(tip)}</title></rect>')
        if i % every == 0:
            label = b["start"][:10] if step_s >= 86400 else b["start"][5:16].replace("T", " ")
            out.append(f'<text x="{x + bw / 2:.1f}" y="{height - 12}" text-anchor="middle">{_e(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _nice(n: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at or above n: a round top for an axis."""
    k = 10 ** math.floor(math.log10(n))
    return next(m * k for m in (1, 2, 5, 10) if m * k >= n)


def _table(header: Sequence[str], rows: list[Sequence[Any]], numeric: Sequence[bool]) -> str:
    if not rows:
        return '<p class="empty">none</p>'
    th = "".join(f'<th class="n">{_e(h)}</th>' if num else f"<th>{_e(h)}</th>" for h, num in zip(header, numeric))
    body = []
    for r in rows:
        body.append("<tr>" + "".join(
            f'<td class="n">{c:,}</td>' if num and isinstance(c, int) else f"<td>{_e(c)}</td>"
            for c, num in zip(r, numeric)) + "</tr>")
    return f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _human_step(seconds: int) -> str:
    if seconds % 86400 == 0:
        d = seconds // 86400
        return "day" if d == 1 else "week" if d == 7 else f"{d} days"
    h = seconds // 3600
    return "hour" if h == 1 else f"{h} hours"


def _reason(e: dict[str, Any]) -> str:
    prefix = f'{e["source"]}:{e["line"]}: '
    return e["error"][len(prefix):] if e["error"].startswith(prefix) else e["error"]


def render_html(s: dict[str, Any], title: str = "msgcheck audit report") -> str:
    """A self-contained HTML report (inline CSS + SVG, no script, no external resource)."""
    total, v = s["records"], s["verdicts"]
    run = s.get("run") or {}
    files = s.get("files") or []
    sub = f"{total:,} records from {len(files)} file{'s' if len(files) != 1 else ''}"
    if run.get("generated_at"):
        sub += f" · generated {run['generated_at']}"
    if run.get("platform"):
        sub += f" · default platform {run['platform']}"
    cards = "".join(
        f'<div class="card {cls}"><div class="n">{n:,}</div><div class="l">{_e(label)}</div></div>'
        for cls, n, label in (("", total, "records"), ("block", v.get("block", 0), "block"),
                              ("review", v.get("review", 0), "review"), ("pass", v.get("pass", 0), "pass"),
                              ("", s["errors"], "malformed"),
                              ("", (s.get("broadcasts") or {}).get("records", 0), "broadcast records")))
    tl = s.get("timeline") or {}
    step = _human_step(int(tl.get("bucket_seconds", 3600)))
    cat_rows = [(CATEGORY_LABEL.get(c, c), [(n, f"s-{c}")], f"{n:,}") for c, n in s["categories"].items()]
    sender_rows = [(d["sender"], [(d["block"], "s-block"), (d["review"], "s-review")],
                    f"{d['flagged']:,}/{d['messages']:,}") for d in s.get("top_senders_detail", [])]
    group_rows = [(d["group"], [(d["block"], "s-block"), (d["review"], "s-review")],
                   f"{d['flagged']:,}/{d['messages']:,}") for d in s.get("top_groups_detail", [])]
    b = s.get("broadcasts") or {}
    bc_rows = [(d["sender"], d["records"], ", ".join(f"{LIMIT_LABEL.get(k, k).split(' (')[0]} {n:,}"
                                                     for k, n in d["by_limit"].items()))
               for d in b.get("top_senders", [])]
    term_rows = [(d["term"], d["category"], d["count"], ", ".join(f"{x} ×{n}" for x, n in d["variants"]))
                 for d in s.get("top_terms_detail", [])]
    mal = s.get("malformed") or []
    notes = []
    if b.get("late"):
        notes.append(f"{b['late']:,} sends were further out of time order than the reorder window; their "
                     "senders' broadcast counts may be low.")
    if s.get("without_timestamp") and s["checked"]:
        notes.append(f"{s['without_timestamp']:,} records have no timestamp: no broadcast replay, not on the timeline.")
    parts = [
        "<!doctype html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        'img-src data:; base-uri \'none\'; form-action \'none\'">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(title)}</h1><p>{_e(sub)}</p></header><main>",
        f'<div class="cards">{cards}</div>',
        f'<section id="timeline"><h2>Findings over time (per {_e(step)}, {_e(tl.get("tz", "UTC"))})</h2>'
        f'{_timeline(tl)}{_legend([("block", "block"), ("review", "review")])}</section>',
        '<div class="grid">',
        f'<section id="categories"><h2>Findings by category</h2>{_hbars(cat_rows, "categories")}</section>',
        f'<section id="senders"><h2>Top senders (flagged / messages)</h2>{_hbars(sender_rows, "senders")}'
        f'{_legend([("block", "block"), ("review", "review")])}</section>',
        f'<section id="groups"><h2>Top groups (flagged / messages)</h2>{_hbars(group_rows, "groups")}</section>',
        f'<section id="broadcasts"><h2>Broadcasts: who fans out and floods</h2>'
        f'<p>{b.get("records", 0):,} records over a limit · '
        + (_e(" · ".join(f"{LIMIT_LABEL.get(k, k)} {n:,}" for k, n in b.get("by_limit", {}).items())) or "none")
        + f' · {b.get("replayed", 0):,} sends replayed</p>'
        + _table(("sender", "records", "limits"), bc_rows, (False, True, False)) + "</section>",
        "</div>",
        f'<section id="terms"><h2>Top matched terms</h2>'
        f'{_table(("term", "category", "count", "written as"), term_rows, (False, False, True, False))}</section>',
        '<div class="grid">',
        f'<section id="rules"><h2>By rule</h2>'
        f'{_table(("rule", "findings"), list(s["rules"].items()), (False, True))}</section>',
        f'<section id="platforms"><h2>By platform</h2>'
        f'{_table(("platform", "records"), list(s["platforms"].items()), (False, True))}</section>',
        "</div>",
        f'<section id="malformed"><h2>Malformed records ({s["errors"]:,})</h2>'
        + _table(("kind", "records"), [(KIND_LABEL.get(k, k), n) for k, n in s.get("malformed_kinds", {}).items()],
                 (False, True))
        + (_table(("where", "error"), [(f'{e["source"]}:{e["line"]}', _reason(e)) for e in mal[:200]],
                  (False, False)) if mal else "")
        + (f'<p class="empty">showing the first {min(len(mal), 200):,} of {s["errors"]:,}</p>'
           if s["errors"] > min(len(mal), 200) else "") + "</section>",
        '<section id="files"><h2>Inputs</h2>'
        + _table(("file", "format", "encoding", "records"),
                 [(f.get("source", ""), f.get("format", ""), (f.get("encoding", "") + (" (gzip)" if f.get("compressed")
                                                                                       else "")), f.get("records", 0))
                  for f in files], (False, False, False, True))
        + "".join(f"<p>{_e(n)}</p>" for n in notes) + "</section>",
        "</main><footer>msgcheck audit · self-contained report: no scripts, no external resources</footer>",
        "</body></html>",
    ]
    return "\n".join(parts)
