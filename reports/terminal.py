"""What a terminal shows: the summary table and the progress line. Pure functions over the
summary dict (Summary.to_dict()) but for Progress, which only writes to the stream it is given."""
from __future__ import annotations

import unicodedata
from typing import Any, Sequence, TextIO

from .labels import CATEGORY_LABEL, KIND_LABEL

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
    if s.get("lost"):
        lines.append("")
        lines.append(f"INPUT LOST: {len(s['lost'])} input{'s' if len(s['lost']) != 1 else ''} could not be read "
                     "to the end (exit code 3):")
        for e in s["lost"][:max_malformed]:
            lines.append(f"  {_fit(e['error'], 110).rstrip()}")
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
