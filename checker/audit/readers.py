"""Input formats. Each reader turns numbered lines into Records behind one interface,
`read(lines, src) -> Iterator[Record]` (a binary format such as Parquet gets the file instead:
`read(file, src)`), and is registered with how to recognise it. A new
format is one such function and one `register(Format(...))` line at the bottom; `Inputs` (which
turns files into lines) picks a format by --input-format, else the file's extension, else the
first non-blank line (sniffers are tried in registry order; a line no one claims is `lines`)."""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, TextIO

from .records import ALIASES, Columns, InputError, Record, mapping_record, parse_ts

#: (line number, text with its line ending, decode error or None): a reader's input, so that a
#: bad byte costs one record and every error can say file:line.
Line = tuple[int, str, "str | None"]


@dataclass(frozen=True)
class Source:
    """What a reader may know about the file it reads."""

    name: str                    # the path or <stdin>, as errors show it
    cols: Columns = field(default_factory=Columns)
    tz: tzinfo | None = None     # for times without an offset
    group: str | None = None     # the group of a file that is one group's history


Reader = Callable[[Iterable[Line], Source], Iterator[Record]]


@dataclass(frozen=True)
class Format:
    """A registered input format. `sniff` sees the first non-blank line, stripped; `pick` (for
    a format that is a choice among others) names the format actually read, from that line as
    it is; `one_group`: a file is one chat's history, so the group defaults to its name.
    A `binary` format (Parquet) is no text: `read(file, src)` gets the file itself, a seekable
    binary stream, and is recognised by its extension or by `magic`, the bytes it starts with."""

    name: str
    read: Reader
    extensions: tuple[str, ...] = ()
    sniff: Callable[[str, Columns], bool] | None = None
    one_group: bool = False
    pick: Callable[[str], str] | None = None
    binary: bool = False
    magic: bytes = b""


READERS: dict[str, Format] = {}

#: What a file is read as when neither the option, its extension nor a sniffer tells.
FALLBACK = "lines"


def register(fmt: Format) -> Format:
    READERS[fmt.name] = fmt
    return fmt


def strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def format_for(name: str) -> str:
    """The format a file's extension names (`.jsonl.gz` too), or "" if none does."""
    suffix = Path(strip_gz(name)).suffix.lower()
    return next((f.name for f in READERS.values() if suffix in f.extensions), "")


def format_by_magic(head: bytes) -> str:
    """The binary format whose magic bytes `head` starts with, or ""."""
    return next((f.name for f in READERS.values() if f.binary and f.magic and head.startswith(f.magic)), "")


def first_nonblank(lines: Iterator[Line]) -> tuple[str, Iterator[Line]]:
    """The first non-blank line (or the last blank one, or "") and all the lines again."""
    head: list[Line] = []
    for item in lines:
        head.append(item)
        if item[1].strip():
            break
    return (head[-1][1] if head else ""), chain(head, lines)


def sniff_format(lines: Iterable[Line], cols: Columns) -> tuple[str, Iterator[Line]]:
    first, lines = first_nonblank(iter(lines))
    s = first.strip().lstrip("\ufeff")
    for fmt in READERS.values():
        if fmt.sniff is not None and fmt.sniff(s, cols):
            return fmt.name, lines
    return FALLBACK, lines


# ---------------------------------------------------------------------------------------------
# The readers
# ---------------------------------------------------------------------------------------------

def jsonl_records(lines: Iterable[Line], src: Source) -> Iterator[Record]:
    """One JSON object a line; blank lines are not records."""
    source, cols, tz = src.name, src.cols, src.tz
    loads = json.loads
    for lineno, line, derr in lines:
        if not line.strip():
            continue
        try:
            obj = loads(line.rstrip("\r\n"))  # a cut-off string then reads "Unterminated string"
        except (ValueError, RecursionError) as e:
            if derr is None:
                msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
                col = f" (column {e.colno})" if isinstance(e, json.JSONDecodeError) else ""
                yield Record(source, lineno, lineno).fail("json", f"bad JSON: {msg}{col}")
                continue
            obj = None
        rec = mapping_record(source, lineno, obj, cols, tz)
        if derr is not None:  # keep the id if the rest of the line parsed
            rec = Record(source, lineno, rec.id if obj is not None else lineno).fail("encoding", derr)
        yield rec


def csv_records(lines: Iterable[Line], src: Source, delimiter: str | None = None) -> Iterator[Record]:
    """CSV with a header row; quoted fields may span lines (the record keeps its first line).
    Without a `delimiter`, a header with tabs and no comma is tab-separated."""
    source, cols, tz = src.name, src.cols, src.tz
    state = {"lineno": 0, "derr": None}

    def feed():
        for lineno, line, derr in lines:
            state["lineno"] = lineno
            if derr is not None and state["derr"] is None:
                state["derr"] = derr if lineno == state.get("start") else f"line {lineno}: {derr}"
            yield line

    it = feed()
    first = None
    for first in it:
        if first.strip():
            break
    else:
        return
    if delimiter is None:
        delimiter = "\t" if "\t" in first and "," not in first else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    index = cols.resolve(header, source)
    width = len(header)
    state["derr"] = None
    reader = csv.reader(it, delimiter=delimiter)
    start = state["lineno"] + 1
    while True:
        state["start"] = start
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield Record(source, start, start).fail("csv", f"bad CSV: {e}")
            state["derr"] = None
            start = state["lineno"] + 1
            continue
        lineno, derr = start, state["derr"]
        state["derr"] = None
        start = state["lineno"] + 1
        if not row or (len(row) == 1 and not row[0].strip() and width > 1):
            continue
        rid_i = index.get("id")
        rid = row[rid_i] if rid_i is not None and rid_i < len(row) and row[rid_i] != "" else lineno
        if derr is not None:
            yield Record(source, lineno, rid).fail("encoding", derr)
        elif len(row) > width:
            yield Record(source, lineno, rid).fail("csv", f"row has {len(row)} fields, the header {width}")
        else:
            obj = {getattr(cols, f): row[i] for f, i in index.items() if i < len(row)}
            rec = mapping_record(source, lineno, obj, cols, tz)
            if rec.kind == "text" and index["text"] >= len(row):
                rec.fail("csv", f"row has {len(row)} fields, the header {width} (no {cols.text!r})")
            yield rec


def _csv_file(lines: Iterable[Line], src: Source) -> Iterator[Record]:
    """A .tsv file is tab-separated whatever its header looks like."""
    return csv_records(lines, src, "\t" if strip_gz(src.name).lower().endswith(".tsv") else None)


def _looks_like_csv(s: str, cols: Columns) -> bool:
    """A delimited header naming the text column; a chat header with a comma is still chat."""
    if is_chat_header(s):
        return False
    for delim in (",", "\t"):
        names = [n.strip().lower() for n in s.split(delim)]
        if len(names) > 1 and (cols.text.lower() in names or any(a in names for a in ALIASES["text"])):
            return True
    return False


#: Chat export message header: `TIME SENDER: TEXT` or `TIME SENDER` (text on the next lines);
#: TIME is 2024-03-01 09:15[:02], 2024/3/1 9:15, 2024年3月1日 09:15, optionally in [] or 【】.
_HEADER = re.compile(
    r"^\s*[\[【(（]?(?P<ts>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)(?:[\]】)）]\s*|\s+)(?P<rest>\S.*?)\s*$")
_SENDER_SEP = re.compile(r"\s*[:：]\s?")
_MAX_SENDER = 40


def is_chat_header(line: str) -> bool:
    return _HEADER.match(line) is not None


def chat_records(lines: Iterable[Line], src: Source) -> Iterator[Record]:
    """A chat export: each message starts with a `time sender: text` (or `time sender`) line;
    lines without a header continue the message above (multi-line messages are joined with
    newlines). Lines before the first header are reported, not dropped."""
    source, group, tz = src.name, src.group, src.tz
    cur: dict | None = None

    def finish(c: dict) -> Record:
        parts = c["parts"]
        while parts and not parts[-1].strip():
            parts.pop()
        while parts and not parts[0].strip():
            parts.pop(0)
        body = "\n".join(parts)
        rec = Record(source, c["lineno"], c["lineno"], group=group)
        if c["sender"] is None:  # `TIME SENDER` header: the body holds the text
            if body:
                rec.sender, rec.text = c["rest"], body
            else:
                rec.text = c["rest"]
        else:
            rec.sender, rec.text = c["sender"] or None, body
        if c["derr"]:
            return rec.fail("encoding", c["derr"])
        try:
            rec.ts = parse_ts(c["ts"], tz)
        except ValueError as e:
            rec.fail("ts", str(e))
        return rec

    for lineno, line, derr in lines:
        s = line.rstrip("\r\n")
        m = _HEADER.match(s)
        if m:
            if cur is not None:
                yield finish(cur)
            rest = m.group("rest")
            sep = _SENDER_SEP.search(rest)
            if sep and sep.start() <= _MAX_SENDER:
                sender, first = rest[:sep.start()].strip(), rest[sep.end():]
                cur = {"lineno": lineno, "ts": m.group("ts"), "sender": sender, "rest": rest,
                       "parts": [first] if first else [], "derr": derr}
            else:
                cur = {"lineno": lineno, "ts": m.group("ts"), "sender": None, "rest": rest,
                       "parts": [], "derr": derr}
        elif cur is None:
            if s.strip():
                yield Record(source, lineno, lineno).fail(
                    "chat", "no `time sender: text` header before this line")
        else:
            cur["parts"].append(s)
            if derr and not cur["derr"]:
                cur["derr"] = f"line {lineno}: {derr}"
    if cur is not None:
        yield finish(cur)


def line_records(lines: Iterable[Line], src: Source) -> Iterator[Record]:
    """Plain text, one message a line; blank lines are not records."""
    source, group = src.name, src.group
    for lineno, line, derr in lines:
        s = line.rstrip("\r\n")
        if not s.strip():
            continue
        rec = Record(source, lineno, lineno, text=s, group=group)
        yield rec.fail("encoding", derr) if derr is not None else rec


def _pick_text(first: str) -> str:
    return "chat" if is_chat_header(first.rstrip("\r\n")) else "lines"


def text_records(lines: Iterable[Line], src: Source) -> Iterator[Record]:
    """Plain text: a chat export if the first non-blank line is a `time sender` header, else
    one message a line."""
    first, rest = first_nonblank(iter(lines))
    return READERS[_pick_text(first)].read(rest, src)


#: Rows per Parquet record batch: memory stays a few batches whatever the file's size.
PARQUET_BATCH = 4096


def parquet_records(file: BinaryIO, src: Source) -> Iterator[Record]:
    """A Parquet file (any writer, any engine's output; pyarrow reads it) read one record
    batch at a time, only the columns named by --*-col (or their aliases). A record's line
    number is its row number (from 1); a bad value is that record's error, as in JSON Lines.
    An unreadable file is an InputError naming it; a file cut off mid-way reports the rows
    it could not read as one `io` record, like a truncated gzip."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{src.name}: reading Parquet needs pyarrow: pip install 'msgcheck[dask]' "
                         "(or pip install pyarrow)") from None
    source, cols, tz = src.name, src.cols, src.tz
    try:
        pf = pq.ParquetFile(file)
    except Exception as e:  # noqa: BLE001 - ArrowInvalid, OSError …: the file as a whole is unusable
        raise InputError(f"{source}: not a readable Parquet file ({type(e).__name__}: {e})") from None
    names = list(pf.schema_arrow.names)
    index = cols.resolve(names, source, "the Parquet schema")
    wanted = sorted(set(index.values()))
    keys = {i: [getattr(cols, f) for f, j in index.items() if j == i] for i in wanted}
    row = 0
    columns = [names[i] for i in wanted]
    batches = (b for g in range(pf.num_row_groups)  # a row group at a time: a bad one loses no rows before it
               for b in pf.iter_batches(batch_size=PARQUET_BATCH, row_groups=[g], columns=columns))
    try:
        for batch in batches:
            values = [batch.column(k).to_pylist() for k in range(len(wanted))]
            for r in range(batch.num_rows):
                row += 1
                obj: dict = {}
                for k, i in enumerate(wanted):
                    v = values[k][r]
                    if isinstance(v, datetime):  # a Parquet timestamp: epoch seconds, naive ones in --tz
                        v = (v if v.tzinfo else v.replace(tzinfo=tz or timezone.utc)).timestamp()
                    for key in keys[i]:
                        obj[key] = v
                yield mapping_record(source, row, obj, cols, tz)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - a corrupt page or a cut-off file: report, keep what was read
        yield Record(source, row + 1, row + 1).fail(
            "io", f"cannot read further ({type(e).__name__}: {e}); the rest of the file is not audited")


# The registry. Its order is the sniffers' order and --input-format's (cli.py lists the same
# names; tests/test_audit_reader_registry.py keeps the two equal).
register(Format("jsonl", jsonl_records, (".jsonl", ".ndjson", ".json"), sniff=lambda s, cols: s.startswith("{")))
register(Format("csv", _csv_file, (".csv", ".tsv"), sniff=_looks_like_csv))
register(Format("text", text_records, (".txt", ".log"), one_group=True, pick=_pick_text))
register(Format("chat", chat_records, sniff=lambda s, cols: is_chat_header(s), one_group=True))
register(Format("lines", line_records, one_group=True))
register(Format("parquet", parquet_records, (".parquet", ".parq", ".pq"), binary=True, magic=b"PAR1"))


# ---------------------------------------------------------------------------------------------
# Readers over text streams (the web API's uploads)
# ---------------------------------------------------------------------------------------------

def numbered(stream: Iterable[str]) -> Iterator[Line]:
    for i, line in enumerate(stream, 1):
        yield i, line, None


def read_jsonl(stream: TextIO, source: str, cols: Columns = Columns()) -> Iterator[Record]:
    return jsonl_records(numbered(stream), Source(source, cols))


def read_csv(stream: TextIO, source: str, text_col: str = "text") -> Iterator[Record]:
    return csv_records(numbered(stream), Source(source, Columns(text=text_col)))


def read_text(stream: TextIO, source: str) -> Iterator[Record]:
    return text_records(numbered(stream), Source(source))
