"""msgcheck command line: a thin click group; each command parses, calls the core, renders."""
from __future__ import annotations

import json
import sys

import click

from checker.config import load_settings
from checker.errors import MsgcheckError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Group(click.Group):
    """Turns MsgcheckError (bad config, wordlist, platform) into a message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MsgcheckError as e:
            click.echo(f"msgcheck: error: {e}", err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=_Group)
@click.version_option(package_name="msgcheck")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Config file (TOML). Default: $MSGCHECK_CONFIG or ~/.config/msgcheck/config.toml.")
@click.pass_context
def main(ctx, config_path):
    """msgcheck：发送前检查消息会不会因站外引流/竞品提及被平台处罚。

    Check a draft, audit a log, or serve the HTTP API."""
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path


def _checker(ctx):
    from checker.engine import Checker

    settings = load_settings(ctx.obj.get("config_path"))
    return Checker(settings)


@main.command()
@click.argument("text")
@click.option("-p", "--platform", default=None, help="Profile: douyin (default), kuaishou, xiaohongshu, taobao, "
              "pinduoduo, jd, meituan, wechat, generic.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def check(ctx, text, platform, fmt):
    """Check one draft. TEXT is the message, or - to read it from standard input.

    Example: msgcheck check "加我微信 mm5566" --platform douyin"""
    if text == "-":
        text = sys.stdin.read()
    report = _checker(ctx).check(text, platform)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"{report.verdict.value.upper()}  ({report.platform})")
        for f in report.findings:
            click.echo(f"  [{f.severity}] {f.rule} {f.start}-{f.end} “{f.text}”: {f.message}"
                       + (f"  → {f.suggestion}" if f.suggestion else ""))
    ctx.exit(EXIT_CLEAN if report.verdict.value == "pass" else EXIT_FINDINGS)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-p", "--platform", default=None, help="Profile for records that name none.")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.pass_context
def audit(ctx, files, platform, fmt):
    """Audit logs (JSON Lines, CSV with a header, or plain text, one message a line).

    Example: msgcheck audit group-log.jsonl --format jsonl > results.jsonl"""
    from checker import audit as core

    checker = _checker(ctx)
    summary = core.Summary()
    out = click.get_text_stream("stdout")
    for path in files:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace", newline="")
        with stream:
            reader = core.read_csv if path.endswith(".csv") else core.read_text if path.endswith(".txt") else core.read_jsonl
            for rec, result in core.audit(checker, reader(stream, path), platform):
                summary.add(rec, result)
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
    click.echo(json.dumps(summary.to_dict(), ensure_ascii=False), err=True)
    ctx.exit(EXIT_FINDINGS if summary.flagged else EXIT_CLEAN)


if __name__ == "__main__":
    main()
