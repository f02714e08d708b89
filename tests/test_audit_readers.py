"""Audit inputs without the engine: every format, encodings, gzip, globs and malformed records.

The contract under test: one Record per input record, a malformed one carrying file, line and
reason, nothing dropped, and memory that does not grow with the number of lines."""
from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from datetime import datetime, timedelta, timezone

import pytest

from checker.audit import (Columns, InputError, Inputs, detect_encoding, expand_paths, parse_ts, parse_tz,
                           read_csv, read_jsonl, read_text)
from checker.errors import ConfigError

CST = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 15, 2, tzinfo=CST).timestamp()


def records(tmp_path, name: str, data: bytes | str, **kw):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return list(Inputs([str(path)], **kw))


# -- timestamps --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2024-03-01T09:15:02+08:00", T0),
    ("2024-03-01T01:15:02Z", T0),
    ("2024-03-01 01:15:02", T0),                   # naive: UTC by default
    ("2024/3/1 1:15:02", T0),
    ("2024年3月1日 01:15:02", T0),
    (T0, T0), (int(T0), int(T0)), (str(int(T0)), int(T0)), (f" {T0} ", T0),
    (None, None), ("", None),
])
def test_parse_ts_accepts_iso_loose_dates_and_epoch_seconds(value, expected):
    assert parse_ts(value) == expected


def test_parse_ts_applies_the_time_zone_to_naive_times_only():
    assert parse_ts("2024-03-01 09:15:02", parse_tz("+08:00")) == T0
    assert parse_ts("2024-03-01 09:15:02", parse_tz("Asia/Shanghai")) == T0
    assert parse_ts("2024-03-01T01:15:02Z", parse_tz("+08:00")) == T0


@pytest.mark.parametrize("value, fragment", [
    ("yesterday", "expected ISO 8601"), (True, "bad timestamp"), ("nan", "out of range"),
    (T0 * 1000, "epoch milliseconds"), (-5, "out of range"), (10 ** 400, "out of range"),
    ("2024-13-40 10:00", "expected ISO 8601"),
])
def test_parse_ts_rejects_with_a_reason(value, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_ts(value)


def test_parse_tz_rejects_unknown_zones():
    assert parse_tz("UTC+8").utcoffset(None) == timedelta(hours=8)
    with pytest.raises(ConfigError, match="unknown time zone"):
        parse_tz("Mars/Olympus")


# -- JSON Lines --------------------------------------------------------------------------------

def test_jsonl_malformed_lines_are_records_with_line_numbers(tmp_path):
    data = "\n".join([
        '{"id": "a", "text": "hi", "sender": "s", "group": "g", "ts": 1709255702}',
        '{"text": "cut off',
        "",
        '{"id": 7}',
        '{"text": 42}',
        '["not", "an", "object"]',
        '{"text": "x", "ts": "soon"}',
        '{"text": "no id", "sender": 12345}',
        '{"text": "\\ud800 lone surrogate"}',
    ]) + "\n"
    recs = records(tmp_path, "log.jsonl", data)
    assert [(r.lineno, r.kind) for r in recs] == [(1, None), (2, "json"), (4, "text"), (5, "text"),
                                                  (6, "json"), (7, "ts"), (8, None), (9, "text")]
    assert recs[0].id == "a" and recs[0].ts == 1709255702.0 and recs[0].group == "g"
    assert recs[2].id == 7 and recs[2].error == "missing field 'text'"
    assert recs[3].error == "field 'text' is not a string"
    assert "bad JSON" in recs[1].error and "column" in recs[1].error
    assert recs[6].id == 8 and recs[6].sender == "12345"  # id falls back to the line number
    assert "unpaired surrogate U+D800 at 0" in recs[7].error


def test_jsonl_field_names_are_configurable(tmp_path):
    data = '{"msg_id": 9, "content": "hello", "from": "amy", "room": "g1", "time": "2024-03-01T01:15:02Z"}\n'
    cols = Columns(text="content", id="msg_id", sender="from", group="room", ts="time")
    (rec,) = records(tmp_path, "log.jsonl", data, cols=cols)
    assert (rec.id, rec.text, rec.sender, rec.group, rec.ts) == (9, "hello", "amy", "g1", T0)


def test_web_compat_readers_take_text_streams():
    assert [r.text for r in read_jsonl(io.StringIO('{"text": "a"}\n\n{"text": "b"}\n'), "up")] == ["a", "b"]
    assert [r.text for r in read_csv(io.StringIO("id,msg\n1,hi\n"), "up", text_col="msg")] == ["hi"]
    assert [r.text for r in read_text(io.StringIO("one\n\ntwo\n"), "up")] == ["one", "two"]


# -- CSV ---------------------------------------------------------------------------------------

def test_csv_header_aliases_multiline_fields_and_bad_rows(tmp_path):
    data = ("编号,内容,发送者,时间,群名\n"
            '1,"第一行\n第二行",张三,2024-03-01 01:15:02,宝妈群\n'
            "2,你好,李四,,宝妈群\n"
            "3,多,了,一,列,!\n"
            "4\n"
            "\n"
            "5,ok,王五,later,宝妈群\n")
    recs = records(tmp_path, "export.csv", data)
    assert [(r.lineno, r.id, r.kind) for r in recs] == [(2, "1", None), (4, "2", None), (5, "3", "csv"),
                                                       (6, "4", "csv"), (8, "5", "ts")]
    assert recs[0].text == "第一行\n第二行" and recs[0].sender == "张三" and recs[0].ts == T0
    assert recs[0].group == "宝妈群" and recs[1].ts is None
    assert recs[2].error == "row has 6 fields, the header 5"


def test_csv_renamed_columns_and_a_missing_text_column(tmp_path):
    data = "k,body,who\n1,加我,amy\n"
    (rec,) = records(tmp_path, "a.csv", data, cols=Columns(text="body", id="k", sender="who"))
    assert (rec.id, rec.text, rec.sender) == ("1", "加我", "amy")
    with pytest.raises(InputError, match="no 'text' column.*--text-col"):
        records(tmp_path, "b.csv", "k,foo\n1,x\n")
    with pytest.raises(InputError, match="no 'who' column.*--sender-col"):
        records(tmp_path, "c.csv", "text\nx\n", cols=Columns(sender="who"))


def test_csv_error_does_not_stop_the_file(tmp_path):
    huge = "x" * 200_000  # over the csv module's field limit
    data = f'id,text\n1,"ok"\n2,"{huge}"\n3,after\n'
    recs = records(tmp_path, "n.csv", data)
    assert [(r.lineno, r.kind) for r in recs] == [(2, None), (3, "csv"), (4, None)]
    assert "field larger than field limit" in recs[1].error and recs[2].text == "after"


def test_tsv_by_extension(tmp_path):
    (rec,) = records(tmp_path, "a.tsv", "id\ttext\n1\t逗号,不分列\n")
    assert rec.text == "逗号,不分列"


# -- chat exports and plain text ---------------------------------------------------------------

CHAT = """2024-03-01 09:15:02 张三: 大家好
第二行
   
[2024-03-01 09:16:00] 李四：加我V信 abc123
2024/3/1 9:17 王五
多行正文
另一行
2024-03-01 09:18:00 赵六: 时间 10:30: 见
2024-13-45 09:19:00 孙七: 日期不对
2024-03-01 09:20:00 钱八:
"""


def test_chat_export_joins_multiline_messages(tmp_path):
    recs = records(tmp_path, "宝妈群.txt", CHAT, tz=parse_tz("+08:00"))
    assert [(r.lineno, r.sender, r.text) for r in recs] == [
        (1, "张三", "大家好\n第二行"), (4, "李四", "加我V信 abc123"), (5, "王五", "多行正文\n另一行"),
        (8, "赵六", "时间 10:30: 见"), (9, "孙七", "日期不对"), (10, "钱八", "")]
    assert recs[0].ts == T0 and recs[2].ts == T0 + 118
    assert {r.group for r in recs} == {"宝妈群"}  # a chat export is one group: its file name
    assert recs[4].kind == "ts" and recs[5].error is None


def test_chat_group_option_and_preamble_in_forced_chat_mode(tmp_path):
    data = "群聊记录导出\n" + CHAT
    recs = records(tmp_path, "x.log", data, fmt="chat", group="业主群")
    assert recs[0].kind == "chat" and recs[0].lineno == 1  # reported, not dropped
    assert {r.group for r in recs[1:]} == {"业主群"}
    # auto: a first line without a header means one message a line
    lines = records(tmp_path, "y.txt", data)
    assert len(lines) == 10 and lines[0].text == "群聊记录导出" and lines[0].sender is None


def test_plain_lines_skip_blank_lines_only(tmp_path):
    recs = records(tmp_path, "drafts.txt", "加我微信\n\n  \n  缩进保留\r\n")
    assert [(r.lineno, r.text) for r in recs] == [(1, "加我微信"), (4, "  缩进保留")]


# -- encodings, gzip, stdin, globs -------------------------------------------------------------

def test_gb18030_is_detected_and_a_bad_line_is_reported_alone(tmp_path):
    good = "2024-03-01 09:15:02 张三: 加我微信 好的\n".encode("gb18030")
    bad = b"2024-03-01 09:16:02 li: \x81\x20\n"
    tail = "2024-03-01 09:17:02 王五: 𠀀 四字节字符\n".encode("gb18030")
    recs = records(tmp_path, "chat.txt", good + bad + tail)
    assert [r.text for r in recs if not r.error] == ["加我微信 好的", "𠀀 四字节字符"]
    assert recs[1].kind == "encoding" and recs[1].lineno == 2 and "gb18030" in recs[1].error
    assert detect_encoding("中文".encode("gb18030")) == "gb18030"
    assert detect_encoding("中文".encode("utf-8")) == "utf-8"


def test_explicit_encoding_and_boms(tmp_path):
    data = '{"text": "微信"}\n'
    assert records(tmp_path, "a.jsonl", data.encode("gbk"), encoding="gbk")[0].text == "微信"
    assert records(tmp_path, "b.jsonl", data.encode("utf-8-sig"))[0].text == "微信"
    assert records(tmp_path, "c.jsonl", data.encode("utf-16"))[0].text == "微信"
    assert records(tmp_path, "d.csv", "\ufeffid,text\n1,hi\n".encode("utf-8"))[0].text == "hi"
    with pytest.raises(InputError, match="unknown encoding"):
        Inputs([str(tmp_path / "a.jsonl")], encoding="klingon")


def test_undecodable_utf8_line_keeps_its_id(tmp_path):
    data = b'{"id": "x1", "text": "ok"}\n{"id": "x2", "text": "\xff\xfe"}\n{"id": "x3", "text": "ok"}\n'
    recs = records(tmp_path, "u.jsonl", data, encoding="utf-8")
    assert [(r.id, r.kind) for r in recs] == [("x1", None), ("x2", "encoding"), ("x3", None)]


def test_gzip_by_magic_bytes_and_a_truncated_stream(tmp_path):
    body = "".join(json.dumps({"id": i, "text": f"消息{i}"}, ensure_ascii=False) + "\n" for i in range(3000))
    packed = gzip.compress(body.encode("utf-8"))
    recs = records(tmp_path, "log.jsonl.gz", packed)
    assert len(recs) == 3000 and recs[-1].text == "消息2999"
    assert len(records(tmp_path, "renamed.jsonl", packed)) == 3000  # no .gz suffix: magic bytes
    cut = records(tmp_path, "cut.jsonl.gz", packed[: len(packed) // 2])
    assert cut[-1].kind == "io" and "not audited" in cut[-1].error
    assert all(r.error is None for r in cut[:-2]) and len(cut) < 3000


def test_stdin_is_sniffed(tmp_path):
    def from_stdin(data: bytes):
        return list(Inputs(["-"], stdin=io.BytesIO(data)))

    assert from_stdin(b'{"text": "a"}\n')[0].text == "a"
    assert from_stdin(gzip.compress("id,text\n1,b\n".encode()))[0].text == "b"
    chat = from_stdin("2024-03-01 09:15:02 张三: c\n".encode())[0]
    assert (chat.sender, chat.text, chat.group) == ("张三", "c", "stdin")
    assert from_stdin("just a line\n".encode())[0].text == "just a line"


def test_globs_directories_and_missing_files(tmp_path):
    for name in ("b.jsonl", "a.jsonl", "c.csv"):
        (tmp_path / name).write_text('{"text": "x"}\n' if name.endswith("l") else "text\nx\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.jsonl").write_text('{"text": "y"}\n')
    assert expand_paths([str(tmp_path / "*.jsonl")]) == [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]
    assert len(expand_paths([str(tmp_path / "**" / "*.jsonl")])) == 3
    inputs = Inputs([str(tmp_path / "*.jsonl"), str(tmp_path / "c.csv")])
    assert len(list(inputs)) == 3 and [f.records for f in inputs.files] == [1, 1, 1]
    for bad, msg in ((tmp_path / "nope.jsonl", "no such file"), (tmp_path / "*.xml", "no file matches"),
                     (tmp_path / "sub", "is a directory")):
        with pytest.raises(InputError, match=msg):
            expand_paths([str(bad)])


def test_readers_stream_in_constant_memory(tmp_path):
    """Reading 60,000 records holds about one at a time: traced memory stays far below what
    the file's records would take together (~25 MB as Record objects)."""
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "团购猕猴桃，要的接龙" * 3, "sender": "s", "group": "g", "ts": 1709255702},
                      ensure_ascii=False)
    path.write_text((line + "\n") * 60000, encoding="utf-8")
    tracemalloc.start()
    n = 0
    for _ in Inputs([str(path)]):
        n += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 60000
    assert peak < 3_000_000, peak


# -- the generated logs (bench/gen_log.py) -------------------------------------------------------

def _gen_log():
    import importlib
    import sys
    from pathlib import Path

    bench = str(Path(__file__).resolve().parent.parent / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module("gen_log")


def test_checked_in_examples_are_what_the_generator_writes(tmp_path):
    from audit_fixtures import EXAMPLES

    _gen_log().write_examples(str(tmp_path))
    for name in ("group-log.jsonl", "group-chat.txt"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name


def test_generated_log_has_the_episodes_in_time_order():
    gen = _gen_log()
    recs = list(gen.LogGenerator(6000, seed=3, groups=40, members=800, days=2, episode_every=300))
    assert len(recs) == 6000 and len({r["id"] for r in recs}) == 6000
    assert [r["ts"] for r in recs] == sorted(r["ts"] for r in recs)
    kinds = {r["kind"] for r in recs}
    assert kinds == {"chat", "fanout", "flood", "repeat"}
    good = list(gen.jsonl_lines(iter(recs[:10])))
    bad = list(gen.jsonl_lines(iter(recs[:10]), malformed_every=5))
    assert [i for i, (a, b) in enumerate(zip(good, bad)) if a != b] == [4, 9]
