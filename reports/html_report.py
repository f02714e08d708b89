"""The self-contained HTML report: one file with inline CSS and inline SVG charts drawn here in
Python; no script, no font, no image, no network. A Content-Security-Policy of default-src
'none' makes the browser refuse any external request, and every name from the log is escaped."""
from __future__ import annotations

import html
import math
from typing import Any, Iterable, Sequence

from .labels import CATEGORY_LABEL, KIND_LABEL, LIMIT_LABEL


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
