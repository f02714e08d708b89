"""Parquet input (checker/audit/readers.py: parquet_records): the same fields and --*-col options as
JSON Lines and CSV, dataset directories, a bad value as that row's error, clear errors for a
missing column or an unreadable file, and batches rather than the whole file in memory.

pyarrow comes with the `dask` and `test` extras; without it these tests skip, unless
MSGCHECK_REQUIRE_DASK=1 (CI) makes a missing pyarrow a failure."""
from __future__ import annotations

import gzip
import io
import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from audit_fixtures import audit_cli  # noqa: F401 (fixture)
from checker.audit import Columns, InputError, Inputs

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover - the test extra installs it
    if os.environ.get("MSGCHECK_REQUIRE_DASK") == "1":
        raise
    pytest.skip("pyarrow is not installed (pip install -e '.[test]')", allow_module_level=True)

T0 = datetime(2024, 3, 1, 9, 15, tzinfo=timezone(timedelta(hours=8)))


def write_parquet(path, columns: dict, **kw):
    pq.write_table(pa.table(columns), str(path), **kw)
    return path


def test_fields_by_their_default_names_and_aliases_with_parquet_types(tmp_path):
    path = write_parquet(tmp_path / "log.parquet", {
        "content": ["加我微信 abc123", "在吗"],           # an alias of text
        "user": pa.array([1001, 1002], pa.int64()),      # an alias of sender; numbers become strings
        "group": ["宝妈群", None],
        "time": pa.array([T0, None], pa.timestamp("s", tz="Asia/Shanghai")),
        "id": ["a", None],
    })
    recs = list(Inputs([str(path)]))
    assert [(r.lineno, r.id, r.text, r.sender, r.group, r.ts, r.error) for r in recs] == [
        (1, "a", "加我微信 abc123", "1001", "宝妈群", T0.timestamp(), None),
        (2, 2, "在吗", "1002", None, None, None)]


def test_the_col_options_name_the_columns_and_naive_times_are_in_tz(tmp_path):
    path = write_parquet(tmp_path / "log.parquet", {
        "body": ["hello"], "who": ["张三"], "room": ["g1"], "when": [datetime(2024, 3, 1, 9, 15)],
        "mid": ["x1"], "plat": ["douyin"], "text": ["not this one"]})
    cols = Columns(text="body", sender="who", group="room", ts="when", id="mid", platform="plat")
    [rec] = Inputs([str(path)], cols=cols, tz=timezone(timedelta(hours=8)))
    assert (rec.id, rec.text, rec.sender, rec.group, rec.platform, rec.ts) == (
        "x1", "hello", "张三", "g1", "douyin", T0.timestamp())


def test_a_directory_of_parts_is_read_in_order_skipping_markers(tmp_path):
    ds = tmp_path / "ds"
    (ds / "day=2").mkdir(parents=True)
    (ds / "day=1").mkdir()
    write_parquet(ds / "day=1" / "part-1.parquet", {"text": ["c"]})
    write_parquet(ds / "day=1" / "part-0.parquet", {"text": ["a", "b"]})
    write_parquet(ds / "day=2" / "part-0.parquet", {"text": ["d"]})
    (ds / "_SUCCESS").write_bytes(b"")
    (ds / "day=1" / ".part-0.parquet.crc").write_bytes(b"crc")
    (ds / "README.txt").write_text("not a part")
    inputs = Inputs([str(ds)])
    assert [r.text for r in inputs] == ["a", "b", "c", "d"]
    assert [(os.path.relpath(f.source, ds), f.format, f.records) for f in inputs.files] == [
        ("day=1/part-0.parquet", "parquet", 2), ("day=1/part-1.parquet", "parquet", 1),
        ("day=2/part-0.parquet", "parquet", 1)]


def test_a_directory_without_parquet_parts_is_still_a_clear_error(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "a.jsonl").write_text('{"text": "x"}\n')
    with pytest.raises(InputError, match=r"is a directory \(give files or a glob such as .*/logs/\*\.jsonl"):
        Inputs([str(tmp_path / "logs")])


def test_a_bad_value_is_that_rows_error_and_the_audit_goes_on(audit_cli, tmp_path):
    path = write_parquet(tmp_path / "log.parquet", {
        "id": ["a", "b", "c", "d", "e"],
        "text": ["加我微信 abc123", None, "你好", "hi", "在吗"],
        "ts": ["2024-03-01T09:15:00+08:00", "", "yesterday", "", "1709255702"],
    })
    res = audit_cli(path, "--format", "jsonl")
    lines = res.lines
    assert [ln["id"] for ln in lines] == ["a", "b", "c", "d", "e"]
    assert lines[0]["verdict"] == "block"
    assert lines[1] == {"id": "b", "error": f"{path}:2: missing field 'text'"}
    assert lines[2]["error"].startswith(f"{path}:3: bad timestamp 'yesterday'")
    assert lines[3]["verdict"] == "pass" and lines[4]["verdict"] == "pass"
    assert res.exit_code == 1


def test_a_text_column_of_numbers_is_each_rows_error(tmp_path):
    path = write_parquet(tmp_path / "log.parquet", {"text": pa.array([1, 2], pa.int64())})
    recs = list(Inputs([str(path)]))
    assert [(r.lineno, r.kind, r.error) for r in recs] == [
        (1, "text", "field 'text' is not a string"), (2, "text", "field 'text' is not a string")]


def test_a_missing_column_names_the_file_and_the_option(audit_cli, tmp_path):
    path = write_parquet(tmp_path / "log.parquet", {"text": ["x"], "user": ["u"]})
    with pytest.raises(InputError, match=r"log\.parquet: the Parquet schema has no 'who' column "
                                         r"\(columns: text, user\); name it with --sender-col"):
        list(Inputs([str(path)], cols=Columns(sender="who")))
    nontext = write_parquet(tmp_path / "nontext.parquet", {"message_body": ["x"]})
    res = audit_cli(nontext, "--format", "jsonl")
    assert res.exit_code == 2 and "nontext.parquet: the Parquet schema has no 'text' column" in res.stderr
    assert res.stdout == ""


def test_an_unreadable_parquet_file_is_a_clear_error_naming_it(audit_cli, tmp_path):
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"PAR1 this is not really parquet")
    res = audit_cli(bad, "--format", "jsonl")
    assert res.exit_code == 2 and f"{bad}: not a readable Parquet file" in res.stderr


def test_a_file_cut_off_midway_keeps_what_was_read_and_reports_the_rest(tmp_path):
    path = write_parquet(tmp_path / "log.parquet", {"text": [f"m{i}" for i in range(300)]}, row_group_size=100)
    data = path.read_bytes()
    meta = pq.ParquetFile(str(path)).metadata
    second = meta.row_group(1).column(0)
    start = second.dictionary_page_offset or second.data_page_offset
    corrupt = bytearray(data)
    corrupt[start:start + second.total_compressed_size] = b"\xff" * second.total_compressed_size
    path.write_bytes(bytes(corrupt))
    recs = list(Inputs([str(path)]))
    assert [r.text for r in recs[:100]] == [f"m{i}" for i in range(100)]
    assert len(recs) == 101 and recs[-1].kind == "io" and recs[-1].lineno == 101
    assert "the rest of the file is not audited" in recs[-1].error


def test_parquet_is_recognised_by_its_magic_bytes_on_stdin_and_under_gzip(tmp_path):
    path = write_parquet(tmp_path / "export.bin", {"text": ["a", "b"]})
    data = path.read_bytes()
    assert [r.text for r in Inputs([str(path)])] == ["a", "b"]
    inputs = Inputs(["-"], stdin=io.BytesIO(data))
    assert [r.text for r in inputs] == ["a", "b"] and inputs.files[0].format == "parquet"
    gz = tmp_path / "export.parquet.gz"
    gz.write_bytes(gzip.compress(data))
    inputs = Inputs([str(gz)])
    assert [r.text for r in inputs] == ["a", "b"] and inputs.files[0].compressed


def test_input_format_parquet_is_an_option(audit_cli, tmp_path):
    path = write_parquet(tmp_path / "export.dat", {"text": ["加我微信 abc123"], "id": ["z"]})
    res = audit_cli(path, "--format", "jsonl", "--input-format", "parquet")
    assert [(ln["id"], ln["verdict"]) for ln in res.lines] == [("z", "block")]


def test_a_parquet_file_at_an_fsspec_url(tmp_path):
    import fsspec

    local = write_parquet(tmp_path / "log.parquet", {"text": ["x", "y"]})
    fs = fsspec.filesystem("memory")
    fs.pipe("/msgcheck-test/log.parquet", local.read_bytes())
    fs.pipe("/msgcheck-test/log.jsonl", b'{"text": "z"}\n')
    try:
        inputs = Inputs(["memory://msgcheck-test/*"])
        assert [r.text for r in inputs] == ["z", "x", "y"]
        assert [f.format for f in inputs.files] == ["jsonl", "parquet"]
        assert inputs.files[0].source == "memory:///msgcheck-test/log.jsonl"
    finally:
        fs.rm("/msgcheck-test", recursive=True)


def test_rows_are_read_a_batch_at_a_time(tmp_path):
    """Arrow's memory while reading stays a few batches, far below the file's column data."""
    n = 40_000
    text = "这是一条用来占地方的群聊消息，" * 12
    path = write_parquet(tmp_path / "big.parquet", {"text": [f"{i} {text}" for i in range(n)]},
                         row_group_size=4096, compression="none")
    column_bytes = n * len(text.encode("utf-8"))
    assert column_bytes > 20_000_000
    base, peak, count = pa.total_allocated_bytes(), 0, 0
    for rec in Inputs([str(path)]):
        count += 1
        if count % 500 == 0:
            peak = max(peak, pa.total_allocated_bytes() - base)
    assert count == n and peak < column_bytes / 4, (peak, column_bytes)


def test_the_same_log_as_jsonl_and_as_parquet_audits_alike(audit_cli, tmp_path):
    rows = [{"id": f"m{i}", "text": t, "sender": s, "group": g, "ts": 1709255702.0 + i}
            for i, (t, s, g) in enumerate([("加我微信 abc123", "u1", "g1"), ("在吗", "u2", "g1"),
                                           ("淘宝搜同款", "u1", "g2"), ("好的", None, None)])]
    jl = tmp_path / "log.jsonl"
    jl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    pqf = write_parquet(tmp_path / "log.parquet", {k: [r[k] for r in rows] for k in rows[0]})
    a, b = audit_cli(jl, "--format", "jsonl"), audit_cli(pqf, "--format", "jsonl")
    assert a.stdout_bytes == b.stdout_bytes and a.lines[0]["verdict"] == "block"
