"""Audit renderings as pure functions: the summary's counts, the terminal table, the HTML
report's escaping and self-containment, the findings CSV and the progress line."""
from __future__ import annotations

import csv
import io
import re

from checker.audit import Record, Summary
from reports import FindingsCsv, Progress, format_progress, render_html, render_table

T = 1709255702.0
HOSTILE = '<script>alert("x")</script>&"\'>'


def finding(cat, rule, sev="block", text="加我微信", canonical="微信", **extra):
    f = {"category": cat, "rule": rule, "severity": sev, "start": 0, "end": len(text), "text": text,
         "message": "m", "canonical": canonical}
    if extra:
        f["extra"] = extra
    return f


def sample_summary() -> Summary:
    s = Summary(top=5)
    rows = [
        (Record("a.jsonl", 1, "1", text="加我微信", sender=HOSTILE, group="群<1>", ts=T),
         {"id": "1", "verdict": "block", "platform": "douyin", "findings": [finding("diversion", "diversion.platform_action")]}),
        (Record("a.jsonl", 2, "2", text="在吗", sender="刷屏小王", group="群<1>", ts=T + 7200),
         {"id": "2", "verdict": "review", "platform": "douyin",
          "findings": [finding("broadcast", "broadcast.flood", "review", "", None, limit_name="flood")]}),
        (Record("a.jsonl", 3, "3", text="你好", sender="amy", group="群2", ts=None),
         {"id": "3", "verdict": "pass", "platform": "wechat", "findings": []}),
        (Record("a.jsonl", 4, 4, kind="json", error="bad JSON: x"), {"id": 4, "error": "a.jsonl:4: bad JSON: x"}),
        (Record("a.jsonl", 5, "5", text="139 1234 5678", sender="amy", group="群2", ts=T + 90000),
         {"id": "5", "verdict": "block", "platform": "douyin",
          "findings": [finding("contact", "contact.mobile", text="139 1234 5678", canonical="手机号")]}),
    ]
    for rec, res in rows:
        s.add(rec, res)
    return s


def test_summary_counts_every_record_and_bounds_personal_data():
    d = sample_summary().to_dict()
    assert (d["records"], d["errors"], d["checked"], d["flagged"]) == (5, 1, 4, 3)
    assert d["verdicts"] == {"pass": 1, "review": 1, "block": 2}
    assert d["categories"] == {"diversion": 1, "broadcast": 1, "contact": 1}
    assert d["platforms"] == {"douyin": 3, "wechat": 1}
    assert d["top_groups"][0] == ["群<1>", 2] and d["broadcasts"]["by_limit"] == {"flood": 1}
    assert d["broadcasts"]["top_senders"] == [{"sender": "刷屏小王", "records": 1, "by_limit": {"flood": 1}}]
    terms = {t["term"]: t for t in d["top_terms_detail"]}
    assert terms["微信"]["variants"] == [["加我微信", 1]] and terms["手机号"]["variants"] == []  # no numbers kept
    assert d["malformed"] == [{"source": "a.jsonl", "line": 4, "id": 4, "kind": "json", "error": "a.jsonl:4: bad JSON: x"}]
    assert d["without_timestamp"] == 1
    tl = d["timeline"]
    assert tl["bucket_seconds"] == 3600 and sum(b["total"] for b in tl["buckets"]) == 3
    assert [(b["block"], b["review"]) for b in tl["buckets"] if b["total"]] == [(1, 0), (0, 1), (1, 0)]


def test_table_is_aligned_and_shows_no_message_text():
    out = render_table(sample_summary().to_dict())
    assert "139 1234 5678" not in out and "加我微信" in out  # matched term variants, not the message
    assert "\x1b" not in out and "a.jsonl:4: bad JSON: x" in out
    senders = out.split("Top senders")[1].split("\n\n")[0].splitlines()
    rows = [ln for ln in senders if ln.startswith("  刷屏小王") or ln.startswith("  amy")]
    widths = {len(ln) + sum(1 for ch in ln if ord(ch) > 0x2E80) for ln in rows}
    assert len(rows) == 2 and len(widths) == 1  # CJK names take two columns: columns line up
    empty = render_table(Summary().to_dict())
    assert "0 records" in empty and "no findings" in empty


def test_html_is_escaped_self_contained_and_has_charts():
    html = render_html(sample_summary().to_dict())
    assert "<script" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "群&lt;1&gt;" in html and "群<1>" not in html
    assert "default-src 'none'" in html
    assert not re.search(r"""(?:src|href)\s*=|url\(|@import|https?://""", html, re.I)
    charts = re.findall(r'<svg class="chart" data-chart="([a-z]+)"', html)
    assert charts == ["timeline", "categories", "senders", "groups"]
    assert html.count('<rect class="bar') >= 3
    empty = render_html(Summary().to_dict())  # an empty audit still renders, saying so
    assert empty.count("nothing to chart") == 4 and empty.rstrip().endswith("</html>")


def test_findings_csv_rows_and_formula_neutralising():
    buf = io.StringIO(newline="")
    w = FindingsCsv(buf)
    w.write(Record("a", 1, "1", text="=1+2 加我微信", sender="@bob", group="-g", ts=T),
            {"id": "1", "verdict": "block", "platform": "douyin", "findings": [finding("diversion", "d.x")] * 2})
    w.write(Record("a", 2, "2", text="hi"), {"id": "2", "verdict": "pass", "platform": "douyin", "findings": []})
    w.write(Record("a", 3, 3, kind="ts", error="bad timestamp"), {"id": 3, "error": "a:3: bad timestamp"})
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert w.rows == 3 and len(rows) == 4
    assert rows[1][4:7] == ["'@bob", "'-g", "2024-03-01T01:15:02Z"] and rows[1][-1] == "'=1+2 加我微信"
    assert rows[3][7:10] == ["error", "malformed", "ts"]


def test_progress_line_and_throttling():
    assert format_progress(500, 2.0, 50, 100, 60).startswith("[") and "50%" in format_progress(500, 2.0, 50, 100)
    line = format_progress(500, 2.0, 50, 100, 80)
    assert "250 msg/s" in line and "ETA 0:00:02" in line and len(line) <= 80
    assert "ETA" not in format_progress(500, 2.0)  # stdin: no total, no bar
    now = [0.0]
    buf = io.StringIO()
    p = Progress(buf, lambda: 10, 100, clock=lambda: now[0])
    p.update(1)
    p.update(2)  # within 0.2 s: not redrawn
    now[0] = 0.5
    p.update(3)
    p.close()
    assert buf.getvalue().count("\r[") == 2 and buf.getvalue().endswith("\r\x1b[K")
