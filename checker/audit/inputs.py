"""Files to numbered lines for the readers: paths, globs, dataset directories, fsspec URLs,
standard input, gzip, encodings. A binary format (Parquet) gets the file itself instead.

Each file is sniffed from its first 64 KB (gzip magic, BOM, encoding) without losing bytes of
a pipe, and decoded line by line, so one bad byte costs one record and memory stays constant."""
from __future__ import annotations

import codecs
import glob
import gzip
import io
import os
import shutil
import tempfile
import zlib
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Iterable, Iterator

from .readers import READERS, Line, Source, first_nonblank, format_by_magic, format_for, sniff_format, strip_gz
from .records import Columns, InputError, Record

_SNIFF = 1 << 16
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Legacy Chinese encodings decode as their superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "euc_cn": "gb18030",
             "utf_8_sig": "utf-8"}  # a UTF-8 BOM is dropped from the first line anyway


def normalize_encoding(name: str) -> str:
    """Codec name as Python spells it; raises InputError for an unknown one."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding {name!r} (try utf-8 or gb18030)") from None
    return _SUPERSET.get(codec.replace("-", "_"), codec)


def detect_encoding(head: bytes, eof: bool = True) -> str:
    """BOM, else UTF-8 if the head decodes as UTF-8, else GB18030 if it decodes as that, else
    (mostly NUL bytes) UTF-16, else the one with fewer undecodable bytes."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if head and head.count(0) * 4 > len(head):
        odd = sum(1 for b in head[1::2] if b == 0)
        return "utf-16-le" if odd * 2 > head.count(0) else "utf-16-be"
    errors = {}
    for name in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(name)().decode(head, final=eof)
            return name
        except UnicodeDecodeError:
            errors[name] = codecs.getincrementaldecoder(name)(errors="replace").decode(head).count("\ufffd")
    return min(errors, key=lambda n: errors[n])


class _Chain(io.RawIOBase):
    """`head` bytes, then the rest of `raw`: lets us sniff a pipe without losing bytes."""

    def __init__(self, head: bytes, raw):
        self._head, self._pos, self._raw = head, 0, raw

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._pos < len(self._head):
            n = min(len(b), len(self._head) - self._pos)
            b[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self._raw.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def _sniff(stream) -> tuple[bytes, io.BufferedReader]:
    head = b""
    while len(head) < _SNIFF:
        chunk = stream.read(_SNIFF - len(head))
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Chain(head, stream), _SNIFF)


def _byte_lines(reader, encoding: str, source: str) -> Iterator[Line]:
    """Split on b"\\n" (safe for UTF-8, GB18030 and every ASCII-compatible codec) and decode
    each line on its own, so one bad byte costs one record, reported with its line number."""
    lineno = 0
    strip_bom = encoding == "utf-8"
    for raw in reader:
        lineno += 1
        if strip_bom and lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        try:
            yield lineno, raw.decode(encoding), None
        except UnicodeDecodeError as e:
            yield lineno, raw.decode(encoding, "replace"), \
                f"undecodable bytes for {encoding} at byte {e.start + 1} of the line"


def _wide_lines(reader, encoding: str, source: str) -> Iterator[Line]:
    """UTF-16/32: lines cannot be split on bytes, so decode the stream (bad units become U+FFFD)."""
    text = io.TextIOWrapper(reader, encoding=encoding, errors="replace", newline="")
    for lineno, line in enumerate(text, 1):
        yield lineno, line, None


def is_url(p: str) -> bool:
    """An fsspec URL (s3://, gs://, https://, memory:// …) rather than a local path."""
    return "://" in p and not os.path.exists(p)


def _expand_url(p: str) -> list[str]:
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{p}: reading URLs needs fsspec: pip install 'msgcheck[dask]'") from None
    try:
        files = fsspec.open_files(p, "rb")
        found = [f.fs.unstrip_protocol(f.path) for f in files]
    except Exception as e:  # noqa: BLE001 - unknown protocol, missing driver, no access
        raise InputError(f"{p}: cannot open ({type(e).__name__}: {e})") from None
    if not found:
        raise InputError(f"{p}: no file matches")
    return sorted(found) if glob.has_magic(p) else found


def _dataset_files(p: str) -> list[str]:
    """The parts of a dataset directory as Spark, pandas or pyarrow write it: the files of a
    binary format (Parquet), Hive-style `key=value/` folders too, in path order; `_SUCCESS`,
    `.crc` and hidden files are not parts. A folder of text logs is no dataset: give a glob."""
    binary = {ext for f in READERS.values() if f.binary for ext in f.extensions}
    out = []
    for root, dirs, files in os.walk(p):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        out.extend(os.path.join(root, f) for f in sorted(files)
                   if not f.startswith((".", "_")) and Path(f).suffix.lower() in binary)
    return out


def expand_paths(patterns: Iterable[str]) -> list[str]:
    """Paths, globs (`logs/*.jsonl.gz`, `logs/**/*.csv`), Parquet dataset directories and fsspec
    URLs -> files; `-` is standard input."""
    out: list[str] = []
    for p in patterns:
        if p == "-":
            out.append(p)
        elif os.path.exists(p):
            if os.path.isdir(p):
                found = _dataset_files(p)
                if not found:
                    raise InputError(f"{p}: is a directory (give files or a glob such as {p.rstrip('/')}/*.jsonl; "
                                     "a directory is read as a Parquet dataset)")
                out.extend(found)
                continue
            out.append(p)
        elif is_url(p):
            out.extend(_expand_url(p))
        elif glob.has_magic(p):
            found = sorted(f for f in glob.glob(p, recursive=True) if os.path.isfile(f))
            if not found:
                raise InputError(f"{p}: no file matches")
            out.extend(found)
        else:
            raise InputError(f"{p}: no such file")
    return out


@dataclass
class FileInfo:
    source: str
    format: str = ""
    encoding: str = ""
    compressed: bool = False
    records: int = 0


class Inputs:
    """Records from several files in order, each opened lazily (gzip and encoding sniffed from
    its first 64 KB), with byte progress for a progress bar."""

    def __init__(self, patterns: Iterable[str], *, stdin=None, encoding: str | None = None,
                 fmt: str = "auto", cols: Columns = Columns(), group: str | None = None,
                 tz: tzinfo | None = None):
        if fmt != "auto" and fmt not in READERS:
            raise InputError(f"unknown input format {fmt!r}; valid: {', '.join(('auto', *READERS))}")
        self.paths = expand_paths(patterns)
        if self.paths.count("-") > 1:
            raise InputError("standard input (-) can be read only once")
        self.stdin = stdin
        self.encoding = normalize_encoding(encoding) if encoding and encoding != "auto" else None
        self.fmt, self.cols, self.group, self.tz = fmt, cols, group, tz
        sizes = [os.path.getsize(p) if p != "-" and not is_url(p) else None for p in self.paths]
        self.total_bytes: int | None = None if None in sizes else sum(sizes)
        self._done_bytes = 0
        self._raw = None
        self.files: list[FileInfo] = []

    def bytes_done(self) -> int:
        """Bytes of input consumed so far (compressed bytes for .gz files)."""
        pos = 0
        if self._raw is not None:
            try:
                pos = self._raw.tell()
            except (OSError, ValueError):
                pos = 0
        return self._done_bytes + pos

    def __iter__(self) -> Iterator[Record]:
        return self._units(None)

    def batches(self, size: int = 2000) -> Iterator[tuple]:
        """The input as batches for `batch.BatchChecker`: raw line batches of UTF-8 JSON Lines
        files ("lines", source, first line number, [bytes], file index), Records of every other
        format in lists ("records", [Record], file index)."""
        recs: list[Record] = []
        fi = 0
        for unit in self._units(size):
            if isinstance(unit, Record):
                if recs and fi != len(self.files) - 1:
                    yield ("records", recs, fi)
                    recs = []
                fi = len(self.files) - 1
                recs.append(unit)
                if len(recs) >= size:
                    yield ("records", recs, fi)
                    recs = []
            else:
                if recs:
                    yield ("records", recs, fi)
                    recs = []
                yield unit
        if recs:
            yield ("records", recs, fi)

    def _units(self, size: int | None) -> Iterator:
        for path in self.paths:
            info = FileInfo("<stdin>" if path == "-" else path)
            self.files.append(info)
            if path == "-":
                if self.stdin is None:
                    raise InputError("no standard input to read")
                yield from self._file(self.stdin, info, size)
                continue
            url = is_url(path)
            try:
                raw = _open_url(path) if url else open(path, "rb")
            except OSError as e:  # there a moment ago: input lost, not a usage error
                info.records += 1
                yield Record(info.source, 1, 1).fail(
                    "io", f"cannot open ({e.strerror or e}); the file is not audited")
                continue
            self._raw = raw
            try:
                yield from self._file(raw, info, size)
            finally:
                self._raw = None
                raw.close()
                if not url:
                    self._done_bytes += os.path.getsize(path)

    def _file(self, raw, info: FileInfo, size: int | None) -> Iterator:
        seen = [0]  # last line number read, for an I/O error's report

        def counted(lines: Iterator[Line]) -> Iterator[Line]:
            for item in lines:
                seen[0] = item[0]
                yield item

        try:
            yield from self._records(raw, info, counted, size, seen)
        except (OSError, EOFError, zlib.error) as e:  # truncated or corrupt gzip, I/O error
            info.records += 1
            where = ""
            try:
                done, total = raw.tell(), os.fstat(raw.fileno()).st_size
                if total:
                    where = f" after {done:,} of {total:,} bytes{' (compressed)' if info.compressed else ''}"
            except (OSError, ValueError, AttributeError):
                pass
            yield Record(info.source, seen[0] + 1, seen[0] + 1).fail(
                "io", f"cannot read further{where} ({type(e).__name__}: {e}); the rest of the file is not audited")

    def _records(self, raw, info: FileInfo, counted, size: int | None = None, seen=None) -> Iterator:
        head, stream = _sniff(raw)
        if head.startswith(b"\x1f\x8b"):
            info.compressed = True
            head, stream = _sniff(gzip.GzipFile(fileobj=stream, mode="rb"))
        binary = self.fmt if self.fmt != "auto" else (format_for(info.source) or format_by_magic(head))
        if binary and READERS[binary].binary:
            yield from self._binary(READERS[binary], raw, stream, info)
            return
        enc = self.encoding or detect_encoding(head, eof=len(head) < _SNIFF)
        info.encoding = enc
        wide = enc.startswith(("utf-16", "utf-32")) or "\n".encode(enc) != b"\n"
        name = self.fmt
        if name == "auto":
            name = format_for(info.source)
        if size is not None and enc == "utf-8" and not wide:
            # The fast path: JSON Lines go to the workers as raw lines. The format is sniffed on
            # a copy of the head, so the stream is read once, from its start.
            peek = name or sniff_format(_byte_lines(io.BytesIO(head), enc, info.source), self.cols)[0]
            if peek == "jsonl":
                info.format = "jsonl"
                yield from _raw_batches(stream, info.source, size, seen, len(self.files) - 1)
                return
        lines = counted((_wide_lines if wide else _byte_lines)(stream, enc, info.source))
        if not name:
            name, lines = sniff_format(lines, self.cols)
        fmt = READERS[name]
        group = self.group
        if group is None and fmt.one_group:  # a chat export is one group's history
            group = "stdin" if info.source == "<stdin>" else Path(strip_gz(info.source)).stem
        if fmt.pick is not None:
            first, lines = first_nonblank(iter(lines))
            fmt = READERS[fmt.pick(first)]
        info.format = fmt.name
        for rec in fmt.read(lines, Source(info.source, self.cols, self.tz, group)):
            info.records += 1
            yield rec

    def _binary(self, fmt, raw, stream, info: FileInfo) -> Iterator[Record]:
        """A binary format reads the file itself (Parquet seeks to its footer): the file as
        opened when it can seek, else (standard input, gzip) a temporary copy on disk."""
        info.format = fmt.name
        if not info.compressed and _can_seek(raw):
            raw.seek(0)
            f, spooled = raw, None
        else:
            f = spooled = tempfile.TemporaryFile()
            shutil.copyfileobj(stream, spooled, 1 << 20)
            spooled.seek(0)
        try:
            for rec in fmt.read(f, Source(info.source, self.cols, self.tz, self.group)):
                info.records += 1
                yield rec
        finally:
            if spooled is not None:
                spooled.close()


def _can_seek(f) -> bool:
    try:
        return f.seekable()
    except (AttributeError, OSError, ValueError):
        return False


def _open_url(url: str):
    try:
        import fsspec

        return fsspec.open(url, "rb").open()
    except ImportError:
        raise InputError(f"{url}: reading URLs needs fsspec: pip install 'msgcheck[dask]'") from None
    except OSError:
        raise
    except Exception as e:  # noqa: BLE001 - a driver's own errors
        raise InputError(f"{url}: cannot open ({type(e).__name__}: {e})") from None


def _raw_batches(stream, source: str, size: int, seen: list, fi: int) -> Iterator[tuple]:
    """UTF-8 lines as they are, `size` at a time; what was read before an I/O error is yielded
    before the error is raised."""
    lineno = 0
    batch: list[bytes] = []
    first = 1
    try:
        for raw in stream:
            lineno += 1
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            batch.append(raw)
            if len(batch) >= size:
                seen[0] = lineno
                yield ("lines", source, first, batch, fi)
                first, batch = lineno + 1, []
    except (OSError, EOFError, zlib.error):
        if batch:
            seen[0] = lineno
            yield ("lines", source, first, batch, fi)
        raise
    if batch:
        seen[0] = lineno
        yield ("lines", source, first, batch, fi)
