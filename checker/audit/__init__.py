"""Batch audit: read chat logs, check every record, replay broadcasts, count everything.

Every stage streams; memory is constant in the number of input lines:

    files ─► inputs.Inputs (globs, gzip, encodings ─► numbered lines)
          ─► readers (one per format: JSON Lines, CSV, chat export, one message a line; Parquet
             gets the file) ─► Record
          ─► batch.BatchChecker: parse (raw JSON Lines: orjson), check, serialize one batch
          ─► runner.Runner: batches over worker processes, broadcast replay sharded by sender
          ─► output bytes in input order, summary.Summary merged per batch; the CLI's writers
    (replay.AuditRun: the same per record, yielding (Record, result): the web API's uploads;
     dask_run.DaskRun: the same on a Dask cluster, imported only for --dask)

Nothing is silently dropped: a malformed record (bad JSON, missing text, bad timestamp,
undecodable bytes, a CSV row that does not fit the header) becomes a Record with `error` set,
yields `{"id": ..., "error": "file:line: reason"}` in its place, and is counted. Rendering the
summary (terminal, HTML, CSV) is the top-level `reports` package's job, not the engine's."""
from __future__ import annotations

from .inputs import FileInfo, Inputs, detect_encoding, expand_paths, normalize_encoding
from .readers import (READERS, Format, Line, Source, chat_records, csv_records, is_chat_header, jsonl_records,
                      line_records, read_csv, read_jsonl, read_text, register, text_records)
from .records import (ALIASES, ERROR_KINDS, FIELDS, TS_MAX, TS_MIN, Columns, InputError, Record, mapping_record,
                      parse_ts, parse_tz)
from .replay import AuditRun, Replay, audit, error_result
from .replay import _Item  # noqa: F401 - the replay tests build items directly
from .summary import Summary

__all__ = [
    "ALIASES", "ERROR_KINDS", "FIELDS", "READERS", "TS_MAX", "TS_MIN", "AuditRun", "Columns", "FileInfo", "Format",
    "InputError", "Inputs", "Line", "Record", "Replay", "Source", "Summary", "audit", "chat_records", "csv_records",
    "detect_encoding", "error_result", "expand_paths", "is_chat_header", "jsonl_records", "line_records",
    "mapping_record", "normalize_encoding", "parse_ts", "parse_tz", "read_csv", "read_jsonl", "read_text",
    "register", "text_records",
]
