"""msgcheck command line: a thin click group; each command parses, calls the core, renders.

Exit codes, every command: 0 clean, 1 findings (check/fix: see --fail-on), 2 usage or config error."""
from __future__ import annotations

import atexit
import dataclasses
import gc
import os
import re
import sys
import unicodedata
from pathlib import Path

import click

from checker import lazyre
from checker.config import color_from_env, load_settings, user_wordlist_dir
from checker.errors import MsgcheckError
from checker.lexicon import EDITABLE_KINDS
from checker.types import Verdict

# Imported where used, so `msgcheck check` loads only the engine: json (--format json), difflib,
# tempfile and shutil (fix), checker.fix, reports (audit), web and Flask (serve).
# tests/test_cli_imports.py holds it.

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_LOST, EXIT_WORKER = 0, 1, 2, 3, 4

# What a command built (the lexicon, the folding views, jieba's words: ~20k objects) lives until
# the process ends, and at exit the interpreter would walk it all with the garbage collector
# before handing the memory back (~10 ms of a one-message `msgcheck check`, #14). Frozen at
# exit, it is skipped; atexit handlers registered later (multiprocessing's) still run first.
atexit.register(gc.freeze)


class _Group(click.Group):
    """Turns MsgcheckError (bad config, wordlist, platform) into a message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MsgcheckError as e:
            click.echo(f"msgcheck: error: {e}", err=True)
            ctx.exit(EXIT_USAGE)
        except BrokenPipeError:  # `msgcheck check … | head`: the reader left; stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_FINDINGS)


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Utf8Text(click.ParamType):
    """Text from the command line. Bytes that are not UTF-8 reach Python as lone surrogates
    (surrogateescape); they get a usage error (exit 2), as on standard input, not a traceback."""

    name = "text"

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            bad = _SURROGATE.search(value)
            if bad:
                ch = ord(bad.group())
                what = f"byte 0x{ch - 0xDC00:02x}" if 0xDC80 <= ch <= 0xDCFF else f"lone surrogate U+{ch:04X}"
                self.fail(f"not UTF-8 text ({what} at character {bad.start() + 1}); "
                          "pass UTF-8 text (请用 UTF-8 文本)", param, ctx)
        return value


TEXT = _Utf8Text()


class _InputError(click.ClickException):
    """A draft that cannot be read: exit 2 like a usage error (ClickException's own code, 1,
    would read as "findings")."""

    exit_code = EXIT_USAGE


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="msgcheck", prog_name="msgcheck", message="%(prog)s %(version)s")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="配置文件 Config file (TOML) with your defaults: platform, store_url, wordlists, profiles. "
                   "Default: $MSGCHECK_CONFIG, else ~/.config/msgcheck/config.toml if it exists.")
@click.pass_context
def main(ctx, config_path):
    """msgcheck：发消息前检查会不会因站外引流、联系方式、竞品提及被平台处罚。

    Lint a chat draft before you paste it: msgcheck finds diversion (加我微信, V我),
    contact data (phone, QQ, links) and competitor mentions, says why, and what to write instead.

    \b
    Examples 示例:
      msgcheck check "加我薇信 mm5566 发你试用装"
      msgcheck check -f drafts.txt --lines --platform kuaishou
      msgcheck fix "加我薇信 mm5566 发你试用装"
      msgcheck explain "北京东路店"
      msgcheck wordlist add 京东方 --kind allow

    \b
    Exit codes 退出码: 0 clean 通过 · 1 findings 有风险 (see check --fail-on)
                       2 usage or config error 用法或配置错误
    """
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path


def _settings(ctx):
    """The invocation's Settings, loaded once; a bad config file raises ConfigError (exit 2)."""
    obj = ctx.find_root().obj
    if "settings" not in obj:
        obj["settings"] = load_settings(obj.get("config_path"))
    return obj["settings"]


def _checker(ctx, extra_dirs=()):
    """One Checker per invocation; `extra_dirs` adds wordlist folders (wordlist test --dir)."""
    from checker.engine import Checker

    settings = _settings(ctx)
    extra = [Path(d) for d in extra_dirs if Path(d).is_dir()
             and not any(Path(d).resolve() == Path(w).resolve() for w in settings.wordlist_dirs)]
    if extra:
        settings = dataclasses.replace(settings, wordlist_dirs=list(settings.wordlist_dirs) + extra)
    return Checker(settings)


# -- shared options and rendering --------------------------------------------------------------

def _platform_option(f):
    return click.option("-p", "--platform", default=None, metavar="NAME", type=TEXT,
                        help="平台 Profile to check against (default: the config's platform, else douyin). "
                             "See: msgcheck profiles.")(f)


def _color_option(f):
    return click.option("--color/--no-color", "color", default=None,
                        help="彩色 Colour the output. Default: on a terminal; off when piped or NO_COLOR is set.")(f)


def _fail_on_option(f):
    return click.option("--fail-on", type=click.Choice(["review", "block", "never"]), default="review",
                        show_default=True,
                        help="退出码 Exit 1 when a draft is at least this bad; never = always 0.")(f)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Out:
    """Echo to stdout (or stderr) with ANSI styles or without, decided once: --color/--no-color,
    else NO_COLOR / TERM=dumb, else whether the stream is a terminal."""

    def __init__(self, color: bool | None, err: bool = False):
        env = color_from_env()
        self.err = err
        self.color = color if color is not None else env if env is not None else _isatty(sys.stderr if err else sys.stdout)

    def style(self, text: str, **kw) -> str:
        return click.style(text, **kw) if self.color and text else text

    def __call__(self, line: str = "") -> None:
        click.echo(line, err=self.err, color=self.color)


_SEV = {"block": {"fg": "red", "bold": True}, "review": {"fg": "yellow", "bold": True},
        "pass": {"fg": "green", "bold": True}}
_CARET = {"block": "^", "review": "~"}
_DECISION = {"kept": {"fg": "red", "bold": True}, "dropped": {"dim": True}, "exempt": {"fg": "green"},
             "pass": {"fg": "green"}}


def _width(ch: str) -> int:
    """Terminal columns of one character (CJK is two), for caret lines and tables."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - sum(_width(c) for c in s))


def _visible(s: str) -> str:
    """The text as shown: control characters (an ESC in a draft must not drive the terminal)
    become U+FFFD, one for one, so columns still match offsets."""
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" and c != "\t" else c for c in s)


def _exit_code(verdicts, fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_CLEAN
    bar = Verdict(fail_on).rank
    return EXIT_FINDINGS if any(Verdict(v).rank >= bar for v in verdicts) else EXIT_CLEAN


def _loc(text: str, start: int) -> str:
    line = text.count("\n", 0, start) + 1
    return f"{line}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


def _draft_lines(out: _Out, text: str, findings) -> list[str]:
    """The draft with its risky spans highlighted: coloured on a terminal, else a caret line
    under each line (^ block, ~ review)."""
    sev: list[str | None] = [None] * len(text)
    for f in sorted(findings, key=lambda f: Verdict(f.severity).rank):  # the worst wins
        if f.start is not None:
            for i in range(f.start, min(f.end, len(text))):
                sev[i] = f.severity
    lines, pos = [], 0
    for raw in text.split("\n"):
        body = raw[:-1] if raw.endswith("\r") else raw
        marks, pos = sev[pos:pos + len(body)], pos + len(raw) + 1
        shown = _visible(body)
        if out.color:
            parts, i = [], 0
            while i < len(shown):
                j = i
                while j < len(shown) and marks[j] == marks[i]:
                    j += 1
                parts.append(out.style(shown[i:j], underline=True, **_SEV[marks[i]]) if marks[i] else shown[i:j])
                i = j
            lines.append("  " + "".join(parts))
        else:
            lines.append("  " + shown)
            if any(marks):
                lines.append("  " + "".join("\t" if c == "\t" else (_CARET[m] if m else " ") * _width(c)
                                            for c, m in zip(shown, marks)).rstrip())
    return lines


def _rewrite(out: _Out, f) -> str:
    if f.suggestion:
        return out.style(f"“{f.suggestion}”", fg="green")
    if f.suggestion == "":
        return out.style("删除 delete it", fg="green")
    return "改写或删除 rewrite or delete it"


def _finding_lines(out: _Out, text: str, findings, indent: str = "  ") -> list[str]:
    """One line per finding (position, severity, rule id, reason) and one with the rewrite."""
    locs = [_loc(text, f.start) if f.start is not None else "-" for f in findings]
    w = max((len(x) for x in locs), default=1)
    rw = max((len(f.rule) for f in findings), default=0)
    lines = []
    for loc, f in zip(locs, findings):
        lines.append(f"{indent}{loc:<{w}}  {out.style(f'{f.severity:<6}', **_SEV.get(f.severity, {}))}  "
                     f"{out.style(f'{f.rule:<{rw}}', bold=True)}  {f.message}")
        if f.start is not None:
            lines.append(f"{indent}{' ' * w}  “{_visible(f.text).replace(chr(10), '⏎')}” → {_rewrite(out, f)}")
    return lines


def _render_report(out: _Out, draft_id: str | None, text: str, report) -> None:
    v = report.verdict.value
    n = len(report.findings)
    tail = ("empty draft 空消息" if not text.strip() else
            f"{n} finding{'s' if n != 1 else ''}" if n else "no findings 未发现风险")
    out(f"{draft_id + ': ' if draft_id else ''}{out.style(v.upper(), **_SEV[v])} ({report.platform}) · {tail}")
    if report.findings:
        for line in _draft_lines(out, text, report.findings) + _finding_lines(out, text, report.findings):
            out(line)
    for note in report.notes:
        out(f"  note: {note}")


# -- reading drafts ----------------------------------------------------------------------------

@dataclasses.dataclass
class _Draft:
    """One draft to check: where it came from (id) and its text."""

    id: str
    text: str
    ending: str = ""  # the line ending taken off the text


_LINES = lazyre.compile(r"[^\n]*\n|[^\n]+\Z")  # lines with their endings; only \n splits


def _chomp(s: str) -> tuple[str, str]:
    for end in ("\r\n", "\n", "\r"):
        if s.endswith(end):
            return s[:-len(end)], end
    return s, ""


def _read_source(path: str) -> tuple[str, str]:
    """(name, content) of a UTF-8 file, or of standard input for '-'."""
    if path == "-":
        name, data = "<stdin>", sys.stdin.buffer.read()
    else:
        name = path
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise _InputError(f"{path}: cannot read: {e.strerror}") from None
    try:
        return name, data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise _InputError(f"{name}:{line}: not UTF-8 text ({e.reason}); save it as UTF-8 (请存为 UTF-8)") from None


def _no_input(text, files) -> bool:
    return text is None and not files and _isatty(sys.stdin)


def _gather(text: str | None, files, lines: bool) -> tuple[list[_Draft], bool]:
    """Drafts from TEXT, -f FILE… or stdin. The flag says "several expected" (json → array)."""
    if text is not None and files:
        raise click.UsageError("give TEXT or -f FILE, not both (二选一)")
    if _no_input(text, files):
        raise click.UsageError("nothing to check: give TEXT, -f FILE, or pipe a draft on stdin (没有输入)")
    if text is not None and text != "-":
        sources = [("<text>", text)]
    else:
        sources = [_read_source(p) for p in (files or ("-",))]
    drafts: list[_Draft] = []
    for name, content in sources:
        if lines:
            for n, raw in enumerate(_LINES.findall(content), 1):
                body, ending = _chomp(raw)
                if body.strip():
                    drafts.append(_Draft(f"{name}:{n}", body, ending))
        else:
            drafts.append(_Draft(name, *_chomp(content)))
    return drafts, lines or len(sources) > 1


@main.command(short_help="检查草稿 Check drafts: verdict, risky spans, rewrites.")
@click.argument("text", required=False, type=TEXT)
@click.option("-f", "--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="从文件读 Read the draft from FILE (UTF-8; - = stdin). Repeat for several files.")
@click.option("--lines", is_flag=True, help="每行一条 Each non-blank line of the input is its own draft.")
@_platform_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True,
              help="输出格式 text: for people; json: one report (an array with --lines or several files); "
                   "jsonl: one report per line.")
@_fail_on_option
@_color_option
@click.pass_context
def check(ctx, text, files, lines, platform, fmt, fail_on, color):
    """检查草稿 Check a draft: verdict, risky spans, rule ids, reasons and rewrites.

    TEXT is the message; without it (or with -) the draft is read from standard input.

    \b
    Examples 示例:
      msgcheck check "加我薇信 mm5566 发你试用装"
      msgcheck check -f draft.txt --platform xiaohongshu
      msgcheck check -f drafts.txt --lines --format jsonl
      pbpaste | msgcheck check --fail-on block

    Exit 0 pass, 1 review or block (--fail-on), 2 usage or config error."""
    drafts, several = _gather(text, files, lines)
    checker = _checker(ctx)
    reports = [(d, checker.check(d.text, platform)) for d in drafts]
    if fmt != "text":
        import json
    if fmt == "json":
        docs = [{"id": d.id, **r.to_dict()} for d, r in reports]
        click.echo(json.dumps(docs if several else docs[0], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for d, r in reports:
            click.echo(json.dumps({"id": d.id, **r.to_dict()}, ensure_ascii=False))
    else:
        out = _Out(color)
        for d, r in reports:
            _render_report(out, d.id if d.id != "<text>" else None, d.text, r)
        if several:
            counts = {v: sum(r.verdict.value == v for _, r in reports) for v in ("block", "review", "pass")}
            out(f"{len(reports)} draft{'s' if len(reports) != 1 else ''}: "
                + ", ".join(f"{n} {v}" for v, n in counts.items()) if reports else "0 drafts (空输入 empty input)")
    ctx.exit(_exit_code((r.verdict for _, r in reports), fail_on))


@main.command(short_help="审计日志 Audit chat logs: what would be punished, who, where, when.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-p", "--platform", default=None, metavar="NAME", type=TEXT,
              help="平台 Profile for records that name none (a record's own platform wins).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True,
              help="stdout: table = human summary; json = summary as JSON; jsonl = one result per record "
                   "(the summary then goes to stderr).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="并行 Worker processes, each checking and replaying its share of senders (default: all "
                   "cores; inputs of up to 2,000 lines run in-process).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and, with --format jsonl, no summary on stderr.")
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "csv", "text", "chat", "lines", "parquet"]),
              default="auto", show_default=True,
              help="auto: by extension (.jsonl .csv .tsv .txt .parquet, also .gz), else sniffed. text: a chat "
                   "export if it starts with a `time sender:` line, else one message a line.")
@click.option("--encoding", type=TEXT, default="auto", show_default=True,
              help="编码 Input encoding, e.g. utf-8, gb18030; auto detects BOMs, UTF-8, GB18030 and UTF-16.")
@click.option("--text-col", type=TEXT, default="text", show_default=True, help="JSON key / CSV column of the message text.")
@click.option("--id-col", type=TEXT, default="id", show_default=True, help="… of the record id.")
@click.option("--sender-col", type=TEXT, default="sender", show_default=True, help="… of the sender.")
@click.option("--group-col", type=TEXT, default="group", show_default=True, help="… of the group.")
@click.option("--ts-col", type=TEXT, default="ts", show_default=True, help="… of the time (ISO 8601 or epoch seconds).")
@click.option("--platform-col", type=TEXT, default="platform", show_default=True, help="… of the platform.")
@click.option("--group", "default_group", type=TEXT, default=None, metavar="NAME",
              help="Group of a chat export's messages (default: the file name without extension).")
@click.option("--tz", type=TEXT, default="UTC", show_default=True,
              help="时区 Time zone of times without an offset, and of the report's timeline: UTC, +08:00 "
                   "or Asia/Shanghai.")
@click.option("--results", "results_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Also write the per-record JSON Lines to FILE.")
@click.option("--findings-csv", "csv_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Write one CSV row per finding (and per malformed record) to FILE.")
@click.option("--summary-json", "json_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Write the summary as JSON to FILE.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Write a self-contained HTML report with charts to FILE (no network needed to view it).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many senders, groups and terms the summary lists.")
@click.option("--no-broadcast", is_flag=True, help="Skip the broadcast replay (fan-out, flood, repeat).")
@click.option("--reorder-window", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Records a send may be out of time order and still be replayed in order.")
@click.option("--dask", "dask_address", default=None, metavar="local|ADDRESS",
              help="分布式 Run on Dask (pip install 'msgcheck[dask]'): local starts a cluster of --jobs worker "
                   "processes; tcp://host:8786 uses a running scheduler. Same results, in input order.")
@click.pass_context
def audit(ctx, files, platform, fmt, jobs, quiet, input_format, encoding, text_col, id_col, sender_col, group_col,
          ts_col, platform_col, default_group, tz, results_path, csv_path, json_path, html_path, top, no_broadcast,
          reorder_window, dask_address):
    """审计日志 Audit chat logs: which messages would be punished, who sent them, in which groups,
    when, and who floods.

    FILE is JSON Lines (text, id, platform, sender, group, ts), CSV with a header, Parquet (a file
    or a dataset directory), or a plain-text chat export (`2024-03-01 09:15 张三: …`, multi-line
    messages joined; else one message a line). Several files, globs and fsspec URLs (s3://…); - is
    standard input; .gz is read transparently. A malformed record is
    reported with file:line and the audit goes on; the summary counts every record. Broadcasts are
    replayed with the log's own timestamps.

    \b
    Examples 示例:
      msgcheck audit examples/group-log.jsonl
      msgcheck audit 'logs/*.jsonl.gz' --format jsonl > results.jsonl
      msgcheck audit chat.txt --encoding gb18030 --tz Asia/Shanghai --html report.html
      msgcheck audit export.csv --text-col 内容 --findings-csv findings.csv
      msgcheck audit chats.parquet/ --dask tcp://scheduler:8786 --format jsonl > results.jsonl

    \b
    Exit codes 退出码:
      0  clean: every record read and checked, no findings
      1  findings, or malformed records (each reported with file:line; they are not lost)
      2  usage or config error (nothing audited)
      3  input lost: a file could not be read to the end (truncated .gz, I/O error, unreadable);
         the summary says which file and where (this wins over 1)
      4  an audit worker died (killed, out of memory): the output so far is a complete prefix"""
    import json
    import time
    from dataclasses import asdict
    from datetime import datetime, timezone

    from checker import audit as core
    from checker.audit.runner import Runner, WorkerDied
    import reports as rep

    checker = _checker(ctx)
    tzinfo = core.parse_tz(tz)
    cols = core.Columns(text=text_col, id=id_col, platform=platform_col, sender=sender_col, group=group_col,
                        ts=ts_col)
    inputs = core.Inputs(files, stdin=sys.stdin.buffer, encoding=encoding, fmt=input_format, cols=cols,
                         group=default_group, tz=tzinfo)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if dask_address:  # imports dask only here
        from checker.audit.dask_run import DaskBatches, DaskRun

        run = DaskBatches(DaskRun(inputs, checker=checker, platform=platform, jobs=jobs or cores or 1,
                                  broadcast=not no_broadcast, reorder_window=reorder_window,
                                  address=dask_address),
                          rows=rep.findings_rows if csv_path else None)
    else:
        run = Runner(inputs.batches(), checker=checker, platform=platform, cols=cols, tz=tzinfo,
                     jobs=jobs or cores or 1, broadcast=not no_broadcast, reorder_window=reorder_window,
                     rows=rep.findings_rows if csv_path else None)
    run.summary.top, run.summary.tz = top, tzinfo
    opened = []

    def _open(path, newline=None, encoding="utf-8", binary=False):
        try:
            f = open(path, "wb") if binary else open(path, "w", encoding=encoding, errors="backslashreplace",
                                                     newline=newline)
        except OSError as e:
            raise core.InputError(f"{path}: cannot write: {e.strerror or e}") from None
        opened.append(f)
        return f

    stdout = sys.stdout.buffer if fmt == "jsonl" else None
    results_f = _open(results_path, binary=True) if results_path else None
    csv_w = rep.FindingsCsv(_open(csv_path, newline="", encoding="utf-8-sig")) if csv_path else None  # BOM: Excel
    json_f = _open(json_path) if json_path else None
    html_f = _open(html_path) if html_path else None
    err = sys.stderr
    try:
        tty = err.isatty()
    except (AttributeError, ValueError):
        tty = False
    progress = rep.Progress(err, inputs.bytes_done, inputs.total_bytes) if tty and not quiet else None
    summary = run.summary
    written = 0
    t0 = time.monotonic()
    try:
        for done in run:
            if done.kind == "lines":  # the reader of raw lines does not count records
                inputs.files[done.file].records += done.records
            written += done.records
            if stdout is not None:
                stdout.write(done.data)
            if results_f is not None:
                results_f.write(done.data)
            if csv_w is not None and done.rows:
                csv_w.write_rows(done.rows)
            if progress is not None:
                progress.update(written)
        if stdout is not None:
            stdout.flush()
    except BrokenPipeError:  # `msgcheck audit … | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        ctx.exit(EXIT_FINDINGS)
    except WorkerDied as e:
        if progress is not None:
            progress.close()
            progress = None
        for f in opened:
            f.close()
        if stdout is not None:
            try:
                stdout.flush()
            except OSError:
                pass
        click.echo(f"msgcheck: error: {e}; the audit stopped: the first {written:,} results were written "
                   f"(a prefix of the output), the rest are missing", err=True)
        ctx.exit(EXIT_WORKER)
    finally:
        if progress is not None:
            progress.close()
    elapsed = time.monotonic() - t0
    summary.meta.update(
        replayed=run.replayed, late=run.late, files=[asdict(f) for f in inputs.files],
        elapsed_seconds=round(elapsed, 3), messages_per_second=round(summary.records / elapsed, 1) if elapsed else 0,
        jobs=run.workers or 1, mode=run.mode, platform=platform or checker.settings.platform,
        broadcast=not no_broadcast, generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    s = summary.to_dict()
    if json_f is not None:
        json.dump(s, json_f, ensure_ascii=False, indent=2)
    if html_f is not None:
        html_f.write(rep.render_html(s))
    for f in opened:
        f.close()
    if fmt == "table":
        click.echo(rep.render_table(s), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(s, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace").decode("utf-8"))
    elif not quiet:
        click.echo(rep.render_table(s), err=True, nl=False)
    if summary.lost:
        ctx.exit(EXIT_LOST)
    ctx.exit(EXIT_FINDINGS if summary.flagged or summary.errors else EXIT_CLEAN)


# -- fix -------------------------------------------------------------------------------------

def _fix_draft(checker, text, platform, mask=False):
    from checker.fix import fix

    return fix(checker, text, platform, mask=mask)


def _show_diff(out: _Out, old: str, new: str, name: str) -> None:
    import difflib

    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     name, f"{name} (fixed)"):
        line = _visible(line.rstrip("\r\n"))
        style = ({"bold": True} if line.startswith(("---", "+++")) else {"fg": "cyan"} if line.startswith("@@")
                 else {"fg": "red"} if line.startswith("-") else {"fg": "green"} if line.startswith("+") else {})
        out(out.style(line, **style) if style else line)


def _write_back(path: Path, content: str) -> None:
    """Atomic replace, keeping the file's permissions and its byte-order mark, if any."""
    import shutil
    import tempfile

    bom = path.read_bytes()[:3] == b"\xef\xbb\xbf"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            fh.write(content)
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@main.command(short_help="自动改写 Rewrite risky spans (or mask them); shows the diff.")
@click.argument("text", required=False, type=TEXT)
@click.option("-f", "--file", "path", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="从文件读 Read the draft from FILE (UTF-8; - = stdin).")
@click.option("--lines", is_flag=True, help="每行一条 Each non-blank line is its own draft; other lines are kept.")
@click.option("--mask", is_flag=True, help="打码 Replace each risky span with * instead of the suggested rewrite.")
@click.option("-i", "--in-place", is_flag=True, help="改写原文件 Write the result back to FILE (needs -f FILE). "
              "Without it the input file is never changed.")
@click.option("--diff/--no-diff", default=True, show_default=True,
              help="显示差异 Show a unified diff of the changes on standard error.")
@_platform_option
@_fail_on_option
@_color_option
@click.pass_context
def fix(ctx, text, path, lines, mask, in_place, diff, platform, fail_on, color):
    """自动改写 Rewrite a draft: each finding becomes its suggested rewrite (or ***).

    The fixed draft goes to standard output (or back into FILE with --in-place); the diff and a
    summary go to standard error, so `msgcheck fix -f a.txt > b.txt` writes only the draft.
    The rewrite is checked again: the exit code says whether it is safe to send.

    \b
    Examples 示例:
      msgcheck fix "加我薇信 mm5566 发你试用装"     # risky spans -> the profile's rewrite
      msgcheck fix --mask "电话 13912345678"         # -> 电话 ***********
      msgcheck fix -f drafts.txt --lines --in-place

    Exit 0 when the rewrite passes, 1 when it still has findings (--fail-on), 2 usage error."""
    if in_place and (path is None or path == "-"):
        raise click.UsageError("--in-place needs -f FILE (只能改写文件)")
    if text is not None and path:
        raise click.UsageError("give TEXT or -f FILE, not both (二选一)")
    if _no_input(text, path):
        raise click.UsageError("nothing to fix: give TEXT, -f FILE, or pipe a draft on stdin (没有输入)")
    name, content = ("<text>", text) if text not in (None, "-") else _read_source(path or "-")
    checker = _checker(ctx)
    pieces, results = (_LINES.findall(content) if lines else [content]), []
    fixed: list[str] = []
    for n, piece in enumerate(pieces, 1):
        body, ending = _chomp(piece)
        if not body.strip():
            fixed.append(piece)
            continue
        result = _fix_draft(checker, body, platform, mask=mask)
        results.append((f"{name}:{n}" if lines else name, result.fixed, result.text, result.after))
        fixed.append(result.text + ending)
    new = "".join(fixed)
    err = _Out(color, err=True)
    if diff and new != content:
        _show_diff(err, content, new, name)
    if in_place:
        if new != content:
            _write_back(Path(path), new)
    else:
        # the draft byte for byte: color=True stops click from stripping an ESC the user wrote
        click.echo(new, nl=name == "<text>" and not new.endswith("\n"), color=True)
    changes = sum(k for _, k, _, _ in results)
    worst = Verdict.worst(r.verdict for *_, r in results)
    if not changes:
        err(f"nothing to fix 无需修改 · {err.style(worst.value.upper(), **_SEV[worst.value])}")
    else:
        err(f"rewrote {changes} finding{'s' if changes != 1 else ''}"
            f"{' in ' + path if in_place else ''} · the rewrite is {err.style(worst.value.upper(), **_SEV[worst.value])}")
    for draft_id, _, body, after in results:
        if after.findings:
            err(f"{draft_id}: still {after.verdict.value} 仍有风险:")
            for line in _finding_lines(err, body, after.findings):
                err(line)
    ctx.exit(_exit_code((r.verdict for *_, r in results), fail_on))


# -- explain -----------------------------------------------------------------------------------

def _render_explain(out: _Out, text: str, exp, user_files: set[str] | None = None) -> None:
    """Folding, every wordlist candidate with its decision and reason, then the findings."""
    rep = exp.report
    label = "text    原文  "
    lines = _draft_lines(out, text, rep.findings)
    for i, line in enumerate(lines):
        out((label if i == 0 else " " * sum(map(_width, label))) + line[2:])
    out(f"folded  归一  {_visible(exp.folded)}")
    out(f"digits  数字  {'(same as folded)' if exp.digits == exp.folded else _visible(exp.digits)}")
    out("")
    out(f"wordlist matches 词表命中 ({len(exp.candidates)}):" if exp.candidates else
        "wordlist matches 词表命中: none (no wordlist entry occurs in the folded text)")
    w = max((len(c["decision"]) for c in exp.candidates), default=0)
    for c in exp.candidates:
        what = (f"{c['kind']} {c['canonical']} ({c['channel']})" if c["kind"] == "platform"
                else f"{c['kind']}{' ' + c['channel'] if c.get('channel') else ''}")
        flags = "".join([" ?ambiguous" if c["ambiguous"] else "", " pinyin" if c["homophone"] else ""])
        mine = ""
        if user_files is not None and c["source"].split(":", 1)[0] in user_files:
            mine = " " + out.style("[yours 用户词表]", fg="cyan", bold=True)
        out(f"  {out.style(_pad(c['decision'], w), **_DECISION.get(c['decision'], {}))}  “{_visible(c['text'])}” "
            f"{_loc(text, c['start'])}  {what}{flags}  {c['source']}{mine}")
        if c["reason"]:
            out(f"  {' ' * w}  ↳ {c['reason']}")
        if c.get("reading"):
            out(f"  {' ' * w}  ↳ reading 语境: {c['reading']}")
    if user_files is not None and not any(c["source"].split(":", 1)[0] in user_files for c in exp.candidates):
        out("  none of your entries matched 你的词条都没有命中")
    out("")
    v, n = rep.verdict.value, len(rep.findings)
    out(f"verdict 结论: {out.style(v.upper(), **_SEV[v])} ({rep.platform}) · {n} finding{'s' if n != 1 else ''}")
    for line in _finding_lines(out, text, rep.findings):
        out(line)
    if rep.findings:
        out("")
        out("误报？False positive? Allow the word:  msgcheck wordlist add WORD --kind allow")
        out("  or attach this to a report:         msgcheck explain --format json TEXT")


def _text_or_stdin(text: str | None) -> str:
    if text in (None, "-"):
        if _isatty(sys.stdin):
            raise click.UsageError("nothing to explain: give TEXT or pipe it on stdin (没有输入)")
        return _chomp(_read_source("-")[1])[0]
    return text


@main.command(short_help="解释判定 Show folding, matched entries and why each was kept or dropped.")
@click.argument("text", required=False, type=TEXT)
@_platform_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 text for people, json to attach to a false-positive report.")
@_color_option
@click.pass_context
def explain(ctx, text, platform, fmt, color):
    """解释判定 Show how TEXT was judged, to tell a false positive from a true one.

    Shows the folded (normalized) text the wordlists are matched against, every wordlist entry
    that matched with its file:line, and what became of it: kept, or dropped and why (allow
    list, word boundary, ordinary word with nothing next to it), then the findings.

    \b
    Examples 示例:
      msgcheck explain "北京东路店"
      msgcheck explain "加 V❤X：star_77" --platform kuaishou
      msgcheck explain --format json "卫星电视" > report.json

    Exit 0 pass, 1 review or block, 2 usage or config error."""
    text = _text_or_stdin(text)
    exp = _checker(ctx).explain(text, platform)
    if fmt == "json":
        import json

        click.echo(json.dumps({"text": text, **exp.to_dict()}, ensure_ascii=False, indent=2))
    else:
        _render_explain(_Out(color), text, exp)
    ctx.exit(_exit_code([exp.report.verdict], "review"))


# -- wordlist ----------------------------------------------------------------------------------

_KINDS = list(EDITABLE_KINDS)   # the lexicon's: one list of what a user may add


def _dir_option(f):
    return click.option("--dir", "wl_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="用户词表目录 User wordlist folder. Default: ~/.config/msgcheck/wordlists "
                             "(checked automatically when it exists).")(f)


def _wl_dir(wl_dir: Path | None) -> Path:
    return wl_dir if wl_dir is not None else user_wordlist_dir()


def _edit_error(e) -> click.ClickException:
    """checker.wordlist_edit's refusal as the click error it always was."""
    if e.param is None:
        return click.UsageError(str(e))
    return click.BadParameter(str(e), param_hint=e.param)


@main.group(short_help="用户词表 List, add, remove and test your own wordlist entries.")
def wordlist():
    """用户词表 Your own wordlists, next to the bundled ones (no package edits).

    Files are plain UTF-8 text in a folder (default ~/.config/msgcheck/wordlists, or --dir);
    every check reads them after the bundled lists. A section line names the kind, then one term
    a line, then flags:

    \b
      [platform wechat 微信]    another platform; the term is an alias (危信)
      [allow]                   never a match: a word that only looks risky (京东方)
      [action before]           an invitation verb (加, 扫码) before a platform
      [contact] [pointer] [phrase] [exempt]
      flags: ? ordinary word too, needs an action/ID nearby · @pinyin same-sounding spellings

    A bundled term cannot be removed, but it can be neutralised: add it to your allow list
    (msgcheck wordlist add 卫星 --kind allow) and it no longer matches.

    \b
    Examples 示例:
      msgcheck wordlist add 危信 --kind platform --channel wechat
      msgcheck wordlist add 京东方 --kind allow
      msgcheck wordlist test "加危信 mm5566"
      msgcheck wordlist list --all --kind allow
      msgcheck wordlist remove 危信
    """


@wordlist.command("list", short_help="列出词条 List your entries (--all: bundled too), with file:line.")
@click.option("--all", "show_all", is_flag=True, help="也列出内置词表 Also list the bundled entries.")
@click.option("--kind", type=click.Choice(_KINDS), default=None, help="只看某类 Only entries of this kind.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_dir_option
def wordlist_list(show_all, kind, fmt, wl_dir):
    """列出词条 List your entries (and with --all the bundled ones), each with file:line.

    \b
    Example: msgcheck wordlist list --all --kind allow"""
    from checker import wordlist_edit as we

    d = _wl_dir(wl_dir)
    rows = we.entries(we.files_in(d), "user") + (we.entries(we.bundled_files(), "bundled") if show_all else [])
    rows = [r for r in rows if kind is None or r["kind"] == kind]
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    w = max((sum(_width(c) for c in r["section"]) for r in rows), default=0)
    lw = max((len(f"{r['file']}:{r['line']}") for r in rows), default=0)
    for origin, title in (("user", f"your wordlists 用户词表: {d}"), ("bundled", "bundled wordlists 内置词表")):
        if origin == "bundled" and not show_all:
            break
        mine = [r for r in rows if r["origin"] == origin]
        click.echo(title + ("" if origin == "bundled" or d.is_dir() else "  (not created yet 尚未创建)"))
        for r in mine:
            click.echo(f"  {r['file'] + ':' + str(r['line']):<{lw}}  {_pad(r['section'], w)}  {r['entry']}")
        if not mine:
            click.echo("  (no entries 无词条)" + ("  add one: msgcheck wordlist add TERM --kind allow"
                                                  if origin == "user" else ""))


@wordlist.command("add", short_help="添加词条 Add a term to your wordlist.")
@click.argument("term", type=TEXT)
@click.option("--kind", type=click.Choice(_KINDS), required=True,
              help="类别 platform (an alias of a channel), allow (never a match), action, contact, pointer, "
                   "phrase, exempt.")
@click.option("--channel", type=TEXT, default=None, help="渠道 Channel id for platform/phrase entries, e.g. wechat, qq, taobao.")
@click.option("--canonical", type=TEXT, default=None,
              help="规范名 The name users are told (微信 for 危信). Needed for a new platform channel.")
@click.option("--mode", type=click.Choice(["before", "after", "next", "contact"]), default=None,
              help="动作位置 For --kind action: before/after the platform, next to it, or next to a contact word.")
@click.option("--ambiguous", is_flag=True, help="常用词 '?': also an ordinary word; counts only with an action, "
              "ID or number nearby.")
@click.option("--pinyin", is_flag=True, help="同音 '@pinyin': also match same-sounding spellings.")
@click.option("--weak", is_flag=True, help="'~' (action): too weak to corroborate an ordinary-word alias.")
@click.option("--far", is_flag=True, help="'>' (action): may reach across a comma.")
@click.option("--file", "filename", default="user.txt", show_default=True,
              help="写入哪个文件 File name inside the folder (*.txt).")
@_dir_option
def wordlist_add(term, kind, channel, canonical, mode, ambiguous, pinyin, weak, far, filename, wl_dir):
    """添加词条 Add TERM to your wordlist (the section is created when missing).

    \b
    Examples 示例:
      msgcheck wordlist add 危信 --kind platform --channel wechat
      msgcheck wordlist add 小蓝书 --kind platform --channel xhs2 --canonical 小蓝书 --ambiguous
      msgcheck wordlist add 京东方 --kind allow
      msgcheck wordlist add 瞅瞅 --kind action --mode before"""
    from checker import wordlist_edit as we

    d = _wl_dir(wl_dir)
    try:
        done = we.add(d, term, kind, channel=channel, canonical=canonical, mode=mode, ambiguous=ambiguous,
                      pinyin=pinyin, weak=weak, far=far, filename=filename)
    except we.EditError as e:
        raise _edit_error(e) from None
    if done.existed:
        click.echo(f"“{term}” is already in {done.path}:{done.line} under {done.header} (已存在)")
        return
    click.echo(f"added “{term}” to {done.path}:{done.line} under {done.header} (已添加)")
    if not (wl_dir is None or d == user_wordlist_dir()):
        click.echo(f"note: checks read this folder only with --dir or `wordlists = [\"{d}\"]` in the config")


@wordlist.command("remove", short_help="删除词条 Remove a term from your wordlists.")
@click.argument("term", type=TEXT)
@click.option("--kind", type=click.Choice(_KINDS), default=None, help="只删某类 Only remove entries of this kind.")
@_dir_option
@click.pass_context
def wordlist_remove(ctx, term, kind, wl_dir):
    """删除词条 Remove TERM from your wordlists (any spelling that folds the same).

    Bundled entries cannot be removed; neutralise one with an allow entry instead:
    msgcheck wordlist add TERM --kind allow

    \b
    Example: msgcheck wordlist remove 危信 --kind platform

    Exit 0 when something was removed, 1 when nothing matched."""
    from checker import wordlist_edit as we

    d = _wl_dir(wl_dir)
    removed = we.remove(d, term, kind)
    for r in removed:
        click.echo(f"removed {r['path']}:{r['line']}  {r['section']}  {r['entry']} (已删除)")
    if removed:
        return
    msg = f"“{term}” is not in your wordlists ({d}) 不在用户词表中"
    bundled = we.bundled_matches(term)
    if bundled:
        where = ", ".join(f"{r['file']}:{r['line']}" for r in bundled)
        msg += (f"\nit is bundled ({where}); to stop it matching, add it to your allow list:\n"
                f"  msgcheck wordlist add {term} --kind allow")
    click.echo(msg, err=True)
    ctx.exit(EXIT_FINDINGS)


@wordlist.command("test", short_help="试用词表 Check a text and show which entries matched.")
@click.argument("text", required=False, type=TEXT)
@_platform_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_color_option
@_dir_option
@click.pass_context
def wordlist_test(ctx, text, platform, fmt, color, wl_dir):
    """试用词表 Check TEXT with your wordlists and show which entries matched.

    Like `msgcheck explain`, with your own entries marked [yours].

    \b
    Example: msgcheck wordlist test "加危信 mm5566" --dir ./my-words

    Exit 0 pass, 1 review or block, 2 usage, config or wordlist error."""
    from checker import wordlist_edit as we

    text = _text_or_stdin(text)
    d = _wl_dir(wl_dir)
    exp = _checker(ctx, [d]).explain(text, platform)
    settings = _settings(ctx)
    mine = {p.name for p in we.files_in(d)} | {p.name for w in settings.wordlist_dirs for p in we.files_in(Path(w))}
    if fmt == "json":
        import json

        doc = {"text": text, "wordlist_dir": str(d), **exp.to_dict()}
        for c in doc["candidates"]:
            c["origin"] = "user" if c["source"].split(":", 1)[0] in mine else "bundled"
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        out = _Out(color)
        n = len(we.entries(we.files_in(d), "user"))
        out(f"your wordlists 用户词表: {d} ({n} entr{'y' if n == 1 else 'ies'})")
        _render_explain(out, text, exp, user_files=mine)
    ctx.exit(_exit_code([exp.report.verdict], "review"))


# -- profiles, serve ---------------------------------------------------------------------------

@main.command(short_help="平台配置 List platform profiles and their settings.")
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def profiles(ctx, name, fmt):
    """平台配置 List the platform profiles and their settings, or show one in full.

    A profile says which channels are the platform's own, how severe each kind of finding is,
    what to write instead, and the broadcast limits. Add or override profiles under
    [profiles.NAME] in the config file (--config).

    \b
    Examples 示例:
      msgcheck profiles
      msgcheck profiles wechat
      msgcheck profiles --format json"""
    import json

    from checker.profiles import BUILTIN, KINDS, Profiles

    settings = _settings(ctx)
    profs = Profiles(settings.profiles, settings.source)

    def origin(n):
        return (f"config ({settings.source})" if n in settings.profiles else "built-in")

    if name:
        p = profs.get(name)
        doc = {**p.to_dict(), "default": p.name == settings.platform, "source": origin(p.name)}
        if fmt == "json":
            click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
            return
        click.echo(f"{p.name}  {p.label}{'  (default 默认)' if doc['default'] else ''}  · {doc['source']}")
        for label, value in (("home channels 本平台", ", ".join(doc["home"]) or "-"),
                             ("home domains 本站域名", ", ".join(doc["home_domains"]) or "-"),
                             ("severity 严重度", " ".join(f"{k}={v}" for k, v in doc["severity"].items())),
                             ("suggestions 改写建议", " ".join(f"{k}={v}" for k, v in doc["suggest"].items())),
                             ("broadcast 群发限制", " ".join(f"{k}={v}" for k, v in doc["broadcast"].items()))):
            click.echo(f"  {_pad(label, 22)}  {value}")
        return
    if fmt == "json":
        click.echo(json.dumps({"default": settings.platform,
                               "profiles": [{**p.to_dict(), "source": origin(p.name)}
                                            for p in sorted(profs, key=lambda p: p.name)]},
                              ensure_ascii=False, indent=2))
        return
    cols = [k for k in KINDS]
    head = f"  {_pad('name', 12)} {_pad('label', 8)} " + " ".join(_pad(k, 11) for k in cols) + "  suggest 私信改写"
    click.echo(head)
    for p in sorted(profs, key=lambda p: p.name):
        mark = "*" if p.name == settings.platform else " "
        extra = "  (config)" if p.name in settings.profiles else ""
        click.echo(f"{mark} {_pad(p.name, 12)} {_pad(p.label, 8)} "
                   + " ".join(_pad(p.grade(k), 11) for k in cols) + f"  {p.dm}{extra}")
    click.echo(f"* = default platform 默认平台 · details: msgcheck profiles NAME · {len(BUILTIN)} built-in")


@main.command(short_help="HTTP 服务 Serve the HTTP API.")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="端口 Port.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="进程数 Worker processes. Default: [server] workers in the config, else 2.")
@click.option("--access-log", metavar="on|off|FILE", default=None,
              help="访问日志 One line per request (key name, status, ms; never keys or text). "
                   "Default: [server] access_log, MSGCHECK_ACCESS_LOG, else on (standard error).")
@click.option("--debug", is_flag=True, help="调试 Flask's development server on loopback, no reloader (never in production).")
@click.pass_context
def serve(ctx, host, port, workers, access_log, debug):
    """HTTP 服务 Serve the HTTP API (POST /v1/check).

    \b
    Examples 示例:
      msgcheck serve
      msgcheck --config /etc/msgcheck.toml serve --host 0.0.0.0 --port 8080 --workers 4"""
    from web.serve import serve as run

    if workers is None:  # [server] workers in the config file, or MSGCHECK_WORKERS, else web.config's default
        from web.config import load_server_config

        settings = _settings(ctx)
        workers = load_server_config(settings.raw.get("server"), os.environ, settings.source).workers
    run(host=host, port=port, workers=workers, config_path=ctx.obj.get("config_path"), debug=debug,
        access_log=access_log)


if __name__ == "__main__":
    main()
