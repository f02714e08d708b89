"""`msgcheck audit` end to end through click's CliRunner, on real files of every input format:
the --format jsonl contract (docs/ARCHITECTURE.md §3), malformed lines, GB18030, gzip, stdin, a multi-line
chat export, the report files and the exit codes."""
from __future__ import annotations

import csv
import gzip
import json
import os
import pty
import select
import subprocess
import sys

import pytest

from audit_fixtures import EXAMPLES, ROOT, audit_cli, burst, write_jsonl  # noqa: F401 (fixture)

T = 1709255702.0
EVAL = ROOT.parent / "shared" / "eval"


def test_jsonl_contract_one_line_per_record_in_input_order(audit_cli, tmp_path):
    path = write_jsonl(tmp_path / "log.jsonl", [
        {"id": "a", "text": "加我微信 mm5566 发你试用装"},
        '{"id": "b", "text": "cut',
        {"text": "周末一起爬山吗"},
        "",
        {"id": "d", "text": "我们淘宝店评分很高", "platform": "douyin"},
        {"id": "e"},
        {"id": "f", "text": "x", "ts": "明天"},
    ])
    res = audit_cli(path, "--format", "jsonl")
    lines = res.lines
    assert [ln["id"] for ln in lines] == ["a", 2, 3, "d", "e", "f"]
    assert [ln.get("verdict") for ln in lines] == ["block", None, "pass", "review", None, None]
    assert set(lines[0]) >= {"id", "verdict", "findings"} and lines[0]["findings"][0]["category"]
    assert lines[1] == {"id": 2, "error": f"{path}:2: bad JSON: Unterminated string starting at (column 21)"}
    assert lines[4]["error"] == f"{path}:6: missing field 'text'"
    assert lines[5]["error"].startswith(f"{path}:7: bad timestamp")
    assert "malformed" in res.stderr and "6 records" in res.stderr  # the summary went to stderr
    assert res.exit_code == 1


def test_exit_codes(audit_cli, tmp_path):
    clean = write_jsonl(tmp_path / "clean.jsonl", [{"text": "大家早上好"}, {"text": "收到，谢谢群主"}])
    assert audit_cli(clean).exit_code == 0
    bad_only = write_jsonl(tmp_path / "bad.jsonl", [{"text": "好的"}, "{oops"])
    assert audit_cli(bad_only, "--quiet").exit_code == 1  # malformed records are not "clean"
    for args, msg in (((tmp_path / "missing.jsonl",), "no such file"),
                      ((tmp_path / "*.xml",), "no file matches"),
                      ((clean, "--platform", "myspace"), "unknown platform"),
                      ((clean, "--encoding", "klingon"), "unknown encoding"),
                      ((clean, "--tz", "Mars/Base"), "unknown time zone"),
                      ((clean, "--jobs", "0"), "")):
        res = audit_cli(*args)
        assert res.exit_code == 2 and msg in res.stderr, (args, res.stderr)
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("id,message_body\n1,hi\n", encoding="utf-8")
    res = audit_cli(nocol)
    assert res.exit_code == 2 and "--text-col" in res.stderr


def test_csv_with_renamed_columns_and_a_multiline_field(audit_cli, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("k,body,who,when\n"
                    '1,"第一行\n有事打 138 1234 5678",amy,2024-03-01 09:00\n'
                    "2,晚饭吃什么,bob,2024-03-01 09:01\n"
                    "3,too,many,fields,here\n", encoding="utf-8")
    res = audit_cli(path, "--format", "jsonl", "--text-col", "body", "--id-col", "k", "--sender-col", "who",
                    "--ts-col", "when")
    lines = res.lines
    assert [ln["id"] for ln in lines] == ["1", "2", "3"]
    f = lines[0]["findings"][0]
    assert lines[0]["verdict"] == "block" and "第一行\n有事打 138 1234 5678"[f["start"]:f["end"]] == f["text"]
    assert lines[2]["error"] == f"{path}:5: row has 5 fields, the header 4"


def test_chat_export_multiline_messages_and_a_flood(audit_cli, tmp_path):
    rows = ["2024-03-08 09:00:00 王姐: 明天团购猕猴桃，要的接龙", "1. 王姐 两箱", "2. 李哥 一箱"]
    rows += [f"2024-03-08 09:10:{i * 4:02d} 刷屏小王：在吗{i}" for i in range(12)]
    rows += ["2024-03-08 10:00:00 小张: 周末团购的看这里", "有事打 138 1234 5678"]
    path = tmp_path / "阳光小区业主群.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = audit_cli(path, "--format", "jsonl", "--tz", "+08:00")
    lines = res.lines
    assert len(lines) == 14 and [ln["id"] for ln in lines][:3] == [1, 4, 5]
    assert lines[0]["verdict"] == "pass"
    flood = [ln for ln in lines if any(f["rule"] == "broadcast.flood" for f in ln["findings"])]
    assert [ln["id"] for ln in flood] == [14, 15]
    (f,) = lines[-1]["findings"]  # the number on the continuation line, offsets in the joined text
    assert lines[-1]["verdict"] == "block" and f["start"] == len("周末团购的看这里\n有事打 ")
    assert f["text"] == "138 1234 5678"


def test_gb18030_chat_export_with_an_undecodable_line(audit_cli, tmp_path):
    data = ("2024-03-08 09:00:00 张三: 加我微信 zz998877 领优惠券\n".encode("gb18030")
            + b"2024-03-08 09:01:00 li: \x81\x20\n"
            + "2024-03-08 09:02:00 王五: 大家早上好\n".encode("gb18030"))
    path = tmp_path / "chat.txt"
    path.write_bytes(data)
    for extra in ((), ("--encoding", "gb18030")):
        lines = audit_cli(path, "--format", "jsonl", *extra).lines
        assert [ln.get("verdict") for ln in lines] == ["block", None, "pass"]
        assert lines[1]["error"].startswith(f"{path}:2: undecodable bytes for gb18030")


def test_gzip_files_globs_and_stdin(audit_cli, tmp_path):
    body = "".join(json.dumps({"id": f"z{i}", "text": t}, ensure_ascii=False) + "\n"
                   for i, t in enumerate(["加V：star_77", "你好", "私我"]))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(body.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(body.encode()))
    lines = audit_cli(tmp_path / "*.jsonl.gz", "--format", "jsonl").lines
    assert [ln["verdict"] for ln in lines] == ["block", "pass", "review"] * 2
    piped = audit_cli("-", "--format", "jsonl", input=gzip.compress(body.encode()))
    assert [ln["id"] for ln in piped.lines] == ["z0", "z1", "z2"]
    text = audit_cli("-", "--format", "jsonl", "--input-format", "lines", input="加我微信 abc123\n你好\n".encode())
    assert [ln["verdict"] for ln in text.lines] == ["block", "pass"]


def test_report_files_and_the_record_count(audit_cli, tmp_path):
    rows = burst("好物小铺", [f"群{i}" for i in range(12)], ["团购猕猴桃，39元一箱，需要的群里接龙"], T, 60)
    rows += [{"id": "div", "text": "加我微信 zz9988 发你图", "sender": "=cmd|' /C calc'!A0", "group": "群0", "ts": T}]
    rows += ["{broken", {"id": "clean", "text": "独角兽披萨真好吃", "sender": "amy", "group": "群1", "ts": T}]
    path = write_jsonl(tmp_path / "log.jsonl", rows)
    out = {k: tmp_path / f"out.{k}" for k in ("json", "csv", "html", "jsonl")}
    res = audit_cli(path, "--summary-json", out["json"], "--findings-csv", out["csv"], "--html", out["html"],
                    "--results", out["jsonl"])
    assert res.exit_code == 1
    summary = json.loads(out["json"].read_text(encoding="utf-8"))
    assert summary["records"] == len(rows) == 15 and summary["errors"] == 1
    assert summary["broadcasts"]["by_limit"] == {"fanout": 2}
    assert summary["top_senders"][0] == ["好物小铺", 2]
    assert len(out["jsonl"].read_text(encoding="utf-8").splitlines()) == 15
    assert out["csv"].read_bytes().startswith(b"\xef\xbb\xbfsource,")  # a BOM, so Excel reads UTF-8
    table = list(csv.reader(out["csv"].open(encoding="utf-8-sig", newline="")))
    assert table[0][:3] == ["source", "line", "id"]
    by_id = {r[2]: r for r in table[1:]}
    assert by_id["div"][4] == "'=cmd|' /C calc'!A0"  # no spreadsheet formula
    assert by_id["div"][-1] == "加我微信 zz9988 发你图" and by_id["14"][7] == "error"  # the broken line 14
    html = out["html"].read_text(encoding="utf-8")
    assert "<svg" in html and "好物小铺" in html and "http://" not in html and "<script" not in html
    # the terminal table names senders and terms, never message text
    assert "zz9988" not in res.stdout and "独角兽披萨" not in res.stdout and "好物小铺" in res.stdout


def test_readme_first_command_prints_a_summary(audit_cli):
    res = audit_cli(EXAMPLES / "group-log.jsonl")
    out = res.stdout
    assert res.exit_code == 1 and out.startswith("msgcheck audit · 257 records")
    for needle in ("fanout 2", "flood 4", "repeat 2", "好物小铺客服", "刷屏小王", "代购阿May",
                   "group-log.jsonl:61: bad JSON", "group-log.jsonl:131: missing field 'text'",
                   "group-log.jsonl:201: bad timestamp", "Top matched terms"):
        assert needle in out, needle
    chat = audit_cli(EXAMPLES / "group-chat.txt", "--format", "json")
    s = json.loads(chat.stdout)
    assert s["records"] == 55 and s["files"][0]["format"] == "chat" and s["broadcasts"]["by_limit"]["flood"] == 4


def test_jobs_two_matches_jobs_one_on_a_bigger_log(audit_cli, tmp_path):
    """2,600 records: above the in-process threshold, so --jobs 2 really starts workers."""
    src = [json.loads(ln) for ln in (EXAMPLES / "group-log.jsonl").read_text(encoding="utf-8").splitlines()
           if ln.startswith("{") and ln.endswith("}")]
    rows = []
    for k in range(11):
        for r in src:
            rows.append(dict(r, id=f"{k}-{r['id']}", ts=r["ts"].replace("2024-03-08", f"2024-03-{10 + k}")))
    rows.insert(100, "{bad")
    path = write_jsonl(tmp_path / "big.jsonl", rows)
    one = audit_cli(path, "--format", "jsonl", "--jobs", "1", "--summary-json", tmp_path / "s1.json")
    two = audit_cli(path, "--format", "jsonl", "--jobs", "2", "--summary-json", tmp_path / "s2.json")
    assert len(one.lines) == len(rows) > 2600
    assert two.stdout_bytes == one.stdout_bytes
    s1, s2 = (json.loads((tmp_path / f"s{i}.json").read_text(encoding="utf-8")) for i in (1, 2))
    assert s2["run"]["mode"] == "pool" and s2["run"]["jobs"] == 2 and s1["run"]["mode"] == "in-process"
    assert {k: v for k, v in s1.items() if k != "run"} == {k: v for k, v in s2.items() if k != "run"}


@pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="shared eval set not present")
def test_dev_set_results_satisfy_the_scorer_contract(audit_cli, tmp_path):
    res = audit_cli(EVAL / "dev.jsonl", "--format", "jsonl", "--quiet")
    (tmp_path / "results.jsonl").write_bytes(res.stdout_bytes)
    assert res.stderr == ""  # --quiet: nothing but the results
    score = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev.jsonl"),
                            str(tmp_path / "results.jsonl"), "--quiet"], capture_output=True, text=True)
    assert "missing=0" in score.stdout, score.stdout


def _run_on_pty(args, cwd, stdout_path) -> tuple[bytes, int]:
    """Run msgcheck with stderr on a pseudo-terminal (what a user sees) and stdout to a file."""
    master, slave = pty.openpty()
    with open(stdout_path, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", *args], cwd=cwd,
                                stdout=out, stderr=slave)
    os.close(slave)
    err = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    code = proc.wait(timeout=60)
    os.close(master)
    return err, code


def test_progress_bar_on_a_terminal_and_results_only_on_stdout(tmp_path, cache_dir, monkeypatch):
    rows = [{"id": i, "text": f"第{i}条：周末一起爬山吗"} for i in range(3000)]
    path = write_jsonl(tmp_path / "log.jsonl", rows)
    monkeypatch.setenv("MSGCHECK_CACHE_DIR", str(cache_dir))
    err, code = _run_on_pty(["audit", str(path), "--format", "jsonl", "--jobs", "1"], ROOT, tmp_path / "out")
    assert code == 0 and len((tmp_path / "out").read_bytes().decode().splitlines()) == 3000
    assert b"msg/s" in err and b"ETA" in err and b"\r" in err  # the bar, redrawn in place
    assert b"msgcheck audit \xc2\xb7 3,000 records" in err  # then the summary
    assert err.index(b"ETA") < err.index(b"msgcheck audit")
