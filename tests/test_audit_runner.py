"""The batch runner behind `msgcheck audit` (checker/audit/batch.py, runner.py): the same bytes as
the per-record reference path (`AuditRun` + json.dumps, the audit as it was), for one job and a
pool; a worker killed mid-run stops the audit with exit 4 and a prefix of the output; input that
cannot be read exits 3 and says where."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from audit_fixtures import audit_cli  # noqa: F401 - fixture
from checker.audit import AuditRun, Columns, Inputs

ROOT = Path(__file__).resolve().parent.parent


def _gen_log():
    import importlib

    bench = str(ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module("gen_log")


#: Lines the fast path must hand to the reference reader, and records of every outcome.
ODD = [
    '{"id": NaN, "text": "加我微信 abc123"}',                       # json.loads only
    '{"id": 123456789012345678901234567890, "text": "你好"}',       # orjson would read a float
    '{"id": -9223372036854775809, "text": "你好"}',
    '{"text": "\\ud800 lone"}',                                     # surrogate escape: a text error
    '{"id": "\\udcff", "text": "加V: mm5566"}',                      # surrogate in the id: kept as escape
    '{"id": 1.5, "text": "你好"}',
    '{"id": true, "text": "你好"}',
    '{"id": [1, {"a": 2}], "text": "淘宝搜 好物小铺"}',
    '{"id": "", "text": "hello"}',
    '{"text": "x", "ts": true}',
    '{"text": "x", "ts": 1e400}',
    '{"text": "x", "ts": 99999999999999999999}',
    '{"text": "x", "ts": "2024-13-45"}',
    '{"text": "x", "ts": 1709251200.5, "sender": 42, "group": 7}',
    '{"text": "x", "platform": "nowhere"}',
    '{"text": "加我vx mm5566", "platform": "kuaishou"}',
    '{"text": "x", "platform": ""}',
    '{"text": 5}',
    '{"txt": "no text"}',
    '[1, 2]',
    '"just a string"',
    '{"text": "unterminated',
    '{"text": "a\\u2028b\\u0001c \\"q\\" \\\\ /"}',
    '   ',
    '',
    '\u3000',
    '{"text": "加我微信abc123", "sender": "", "group": "g"}',
    '{"text": "ok"}\r',
    '{"text": "ok", "a": {"deep": [[[[[]]]]]}}',
    '[' * 3000 + ']' * 3000,
]


def _write_log(path: Path, n: int, seed: int = 5, extra: bool = True, malformed_every: int = 97) -> Path:
    gen = _gen_log()
    recs = gen.LogGenerator(n, seed=seed, groups=30, members=400, days=1, episode_every=150)
    lines = list(gen.jsonl_lines(iter(recs), malformed_every=malformed_every))
    if extra:  # odd lines spread through the log, and records without sender/time
        for i, odd in enumerate(ODD):
            lines.insert(1 + i * (len(lines) // len(ODD)), odd + "\n")
        lines.insert(3, json.dumps({"text": "找我买，微信 abc12345"}, ensure_ascii=False) + "\n")
    data = "".join(lines).encode("utf-8")
    bad = b'{"text": "\xff\xfe broken bytes"}\n'  # undecodable bytes: an encoding error record
    path.write_bytes(b"\xef\xbb\xbf" + data[: len(data) // 2] + bad + data[len(data) // 2:])
    return path


def _reference(path: Path, checker, jobs: int = 1, **kw) -> bytes:
    """The output of the per-record path (the audit before the batch runner)."""
    run = AuditRun(Inputs([str(path)], cols=Columns()), checker=checker, jobs=jobs, **kw)
    return b"".join((json.dumps(res, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
                    for _, res in run)


@pytest.fixture(scope="module")
def log(tmp_path_factory) -> Path:
    return _write_log(tmp_path_factory.mktemp("runner") / "log.jsonl", 5000)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_same_bytes_as_the_per_record_path(audit_cli, checker, log, jobs):  # noqa: F811
    ref = _reference(log, checker)
    assert ref.count(b"\n") > 5000
    assert b'"broadcast.fanout"' in ref and b'"broadcast.flood"' in ref and b'"error"' in ref
    res = audit_cli(log, "--format", "jsonl", "--quiet", "--jobs", jobs)
    assert res.exit_code == 1
    assert res.stdout_bytes == ref


def test_same_bytes_without_broadcast_and_with_a_small_window(audit_cli, checker, log):  # noqa: F811
    assert audit_cli(log, "--format", "jsonl", "-q", "--jobs", "2", "--no-broadcast").stdout_bytes == \
        _reference(log, checker, broadcast=False)
    assert audit_cli(log, "--format", "jsonl", "-q", "--jobs", "2", "--reorder-window", "7").stdout_bytes == \
        _reference(log, checker, reorder_window=7)


def test_summary_and_csv_are_the_same_for_any_jobs(audit_cli, log, tmp_path):  # noqa: F811
    outs = {}
    for jobs in ("1", "2"):
        s, c = tmp_path / f"s{jobs}.json", tmp_path / f"f{jobs}.csv"
        res = audit_cli(log, "--format", "jsonl", "-q", "--jobs", jobs, "--summary-json", s, "--findings-csv", c)
        summary = json.loads(s.read_text(encoding="utf-8"))
        summary.pop("run")
        outs[jobs] = (res.stdout_bytes, summary, c.read_bytes())
    assert outs["1"] == outs["2"]
    summary = outs["1"][1]
    assert summary["records"] == outs["1"][0].count(b"\n") == summary["files"][0]["records"]
    assert summary["broadcasts"]["records"] > 0 and summary["errors"] > 30 and summary["lost"] == []


def test_other_formats_go_through_the_same_runner(audit_cli, checker, tmp_path):  # noqa: F811
    gen = _gen_log()
    recs = list(gen.LogGenerator(3000, seed=2, groups=10, members=100, days=1, episode_every=100))
    path = tmp_path / "log.csv"
    path.write_text("".join(gen.csv_lines(iter(recs))), encoding="gb18030")
    ref = _reference(path, checker)
    assert audit_cli(path, "--format", "jsonl", "-q", "--jobs", "2").stdout_bytes == ref
    assert audit_cli(path, "--format", "jsonl", "-q", "--jobs", "1").stdout_bytes == ref


def test_a_truncated_gzip_is_input_lost_exit_3_and_says_where(audit_cli, checker, tmp_path):  # noqa: F811
    gen = _gen_log()
    data = "".join(gen.jsonl_lines(iter(gen.LogGenerator(3000, seed=4, groups=10, members=50, days=1))))
    full = gzip.compress(data.encode("utf-8"))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(full[: len(full) // 2])
    s = tmp_path / "s.json"
    res = audit_cli(cut, "--format", "jsonl", "-q", "--summary-json", s)
    assert res.exit_code == 3
    lines = res.lines
    assert 0 < len(lines) < 3000
    assert "cannot read further after" in lines[-1]["error"] and "not audited" in lines[-1]["error"]
    summary = json.loads(s.read_text(encoding="utf-8"))
    assert [e["source"] for e in summary["lost"]] == [str(cut)]
    assert summary["lost"][0]["line"] == len(lines)
    table = audit_cli(cut)
    assert table.exit_code == 3 and "INPUT LOST" in table.stdout
    # what was read is what the reference reads
    assert res.stdout_bytes == _reference(cut, checker)


def test_malformed_lines_are_reported_not_lost(audit_cli, tmp_path):  # noqa: F811
    path = tmp_path / "m.jsonl"
    path.write_text('{"text": "你好"}\n{bad json\n{"text": "早上好"}\n', encoding="utf-8")
    res = audit_cli(path, "--format", "jsonl", "-q")
    assert res.exit_code == 1 and len(res.lines) == 3 and "error" in res.lines[1]


def _children(pid: int) -> list[int]:
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_killed_worker_stops_the_audit_with_exit_4_and_a_prefix(checker, tmp_path):
    log = _write_log(tmp_path / "big.jsonl", 40000, seed=9, extra=False, malformed_every=0)
    args = ["audit", str(log), "--format", "jsonl", "--quiet", "--jobs", "2", "--reorder-window", "300"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        head = [proc.stdout.readline() for _ in range(2500)]  # the audit is under way
        assert all(head)
        workers = _children(proc.pid)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        guard = threading.Timer(120, proc.kill)  # generous: the audit exits ~1 s after the death
        guard.start()
        rest, err = proc.stdout.read(), proc.stderr.read()  # not communicate(): head was read buffered
        proc.wait()
        guard.cancel()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = b"".join(head) + rest
    assert proc.returncode == 4  # -9 if the guard had to kill it
    text = err.decode("utf-8")
    assert "Traceback" not in text
    assert len(text.strip().splitlines()) == 1
    assert text.startswith("msgcheck: error: audit worker ") and "killed by signal 9" in text
    ref = _reference(log, checker, reorder_window=300)
    assert len(out) < len(ref) and ref.startswith(out) and out.endswith(b"\n")


def test_the_fast_finding_dicts_are_report_to_dict(checker):
    from checker.audit.batch import _report_dict
    from checker.types import Finding, Report, Verdict

    f1 = Finding("broadcast", "broadcast.flood", "review", None, None, "", "刷屏", extra={"limit_name": "flood",
                                                                                         "n": [1, 2]})
    f2 = Finding("contact", "contact.wechat", "block", 2, 8, "mm5566", "微信号", canonical="微信", score=0.9)
    for report in (Report(Verdict.BLOCK, (f2, f1), "douyin", ("a note",)), checker.check("加我微信 mm5566，淘宝搜好物"),
                   Report(Verdict.PASS, (), "kuaishou")):
        assert json.dumps(_report_dict(report), ensure_ascii=False) == json.dumps(report.to_dict(), ensure_ascii=False)


_BASE_LINES = ('{"id": 12, "text": "加我微信 abc123", "ts": 1709251200, "sender": "s", "group": "g"}',
               '{"text": "你好 1e5", "id": "x-1", "platform": "kuaishou"}',
               '{"text":"v我 mm5566","ts":"2024-03-01T08:00:00+08:00"}')
_PIECES = list('{}[]":,0123456789eE+-.\\ntrufalsNI ') + ["\\u0000", "\\ud800", "\\udc00", "\x00", "\x7f", "\u3000",
                                                          "é", "\udcff"]


def test_fast_path_reads_every_mangled_line_like_the_reference(checker):
    """orjson and the stdlib reader disagree on some lines (NaN, big numbers, surrogate escapes,
    bad bytes); whatever a line holds, the batch path's output is the reference's."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from checker.audit.batch import BatchChecker
    from checker.audit.readers import Source, jsonl_records

    bc = BatchChecker(checker, broadcast=False)
    edit = st.tuples(st.sampled_from(["ins", "del", "set"]), st.integers(0, 200), st.sampled_from(_PIECES))

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(base=st.sampled_from(_BASE_LINES), edits=st.lists(edit, min_size=1, max_size=4))
    def check(base, edits):
        s = list(base)
        for op, pos, piece in edits:
            pos = min(pos, len(s) - 1)
            if op == "ins":
                s.insert(pos, piece)
            elif op == "del" and len(s) > 1:
                s.pop(pos)
            else:
                s[pos] = piece
        raw = "".join(s).encode("utf-8", "surrogateescape" if "\udcff" in s else "surrogatepass")
        got = b"".join(p for p in bc.check(("lines", "f", 1, [raw + b"\n"], 0)).parts if p)
        try:
            line, derr = raw.decode("utf-8"), None
        except UnicodeDecodeError as e:
            line, derr = raw.decode("utf-8", "replace"), f"undecodable bytes for utf-8 at byte {e.start + 1} of the line"
        recs = list(jsonl_records([(1, line + "\n", derr)], Source("f")))
        ref = b"".join((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
                       for _, r in AuditRun(recs, checker=checker, broadcast=False))
        assert got == ref, raw

    check()


def test_sends_far_out_of_order_replay_as_the_per_record_path(audit_cli, checker, tmp_path):  # noqa: F811
    """Beyond a small reorder window the order of the replay depends on when each record is read:
    the batch runner tells its replay the input record by record (malformed lines skipped), so a
    log with far moves and cut-off lines gives the per-record path's bytes, late sends included."""
    import random

    raw = _write_log(tmp_path / "base.jsonl", 3000, extra=False).read_bytes()
    lines = raw.decode("utf-8-sig", "replace").splitlines()
    rng = random.Random(5)
    for i in range(0, len(lines) - 1, 7):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    for i in range(0, len(lines) - 80, 130):
        j = i + rng.randint(20, 80)
        lines[i], lines[j] = lines[j], lines[i]
    for i in range(50, len(lines), 211):
        lines[i] = lines[i][:25]
    path = tmp_path / "messy.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ref = _reference(path, checker, reorder_window=4)
    summary = tmp_path / "s.json"
    res = audit_cli(path, "--format", "jsonl", "-q", "--jobs", "1", "--reorder-window", "4", "--summary-json", summary)
    assert res.stdout_bytes == ref
    assert json.loads(summary.read_text(encoding="utf-8"))["broadcasts"]["late"] > 0
