"""A new input format is one reader function and one registry line (checker/audit/readers.py);
the registry also orders --input-format's choices and the sniffers."""
from __future__ import annotations

from typing import Iterable, Iterator

import pytest

import cli
from checker.audit import READERS, Format, Inputs, Line, Record, Source, parse_ts, register


def pipe_records(lines: Iterable[Line], src: Source) -> Iterator[Record]:
    """`TIME|SENDER|TEXT`, one message a line: the example a new format follows."""
    for lineno, line, derr in lines:
        s = line.rstrip("\r\n")
        if not s.strip():
            continue
        ts, sender, text = (s.split("|", 2) + ["", ""])[:3]
        rec = Record(src.name, lineno, lineno, text=text, sender=sender or None, group=src.group)
        if derr is not None:
            yield rec.fail("encoding", derr)
            continue
        try:
            rec.ts = parse_ts(ts, src.tz)
        except ValueError as e:
            rec.fail("ts", str(e))
        yield rec


@pytest.fixture
def pipe_format():
    before = dict(READERS)
    register(Format("pipe", pipe_records, (".pipe",), sniff=lambda s, cols: s.count("|") >= 2, one_group=True))
    yield
    READERS.clear()
    READERS.update(before)


def test_a_registered_format_is_read_by_extension_by_sniffing_and_by_name(tmp_path, pipe_format):
    body = "2024-03-01 09:15|张三|加我微信\n\n2024-03-01 09:16||在吗\nlater|李四|x\n"
    for name, kw in (("chat.pipe", {}), ("chat", {}), ("chat.dat", {"fmt": "pipe"})):
        (tmp_path / name).write_text(body, encoding="utf-8")
        inputs = Inputs([str(tmp_path / name)], **kw)
        recs = list(inputs)
        assert [(r.lineno, r.sender, r.text, r.kind) for r in recs] == [
            (1, "张三", "加我微信", None), (3, None, "在吗", None), (4, "李四", "x", "ts")]
        assert {r.group for r in recs} == {"chat"}  # one_group: the file's name
        assert inputs.files[0].format == "pipe"


def test_the_registry_orders_the_formats_the_cli_offers():
    choices = next(p.type.choices for p in cli.audit.params if p.name == "input_format")
    assert list(choices) == ["auto", *READERS]
