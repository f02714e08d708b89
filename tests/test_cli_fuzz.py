"""No input makes the CLI print a traceback: arguments (also bytes that are not UTF-8, as the
shell passes them), standard input and options, fuzzed; exit codes stay 0, 1 or 2."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from cli_fixtures import run, user_dir  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent

# What a shell can hand over: any bytes but NUL, decoded as Python decodes argv.
argv_text = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60).filter(lambda b: b"\0" not in b).map(os.fsdecode),
    st.sampled_from(["加我微信 \udcff abc123", "\udcc3\udca9", "-", "--", "\u3000", "加V：mm5566"]),
)
stdin_bytes = st.one_of(st.binary(max_size=200), st.text(max_size=80).map(lambda s: s.encode("utf-8", "surrogatepass")))
platforms = st.sampled_from([None, "douyin", "kuaishou", "nowhere", "\udcff", ""])


def _invoke(monkeypatch, checker, args, input=None):
    monkeypatch.setattr(cli, "_checker", lambda ctx, extra_dirs=(): checker)
    res = CliRunner().invoke(cli.main, args, input=input, catch_exceptions=True)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"{args!r}: {type(res.exception).__name__}: {res.exception}") from res.exception
    assert res.exit_code in (0, 1, 2), (args, res.exit_code, res.output)
    assert "Traceback" not in res.output
    return res


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cmd=st.sampled_from(["check", "fix", "explain"]), text=argv_text, platform=platforms,
       fmt=st.sampled_from([None, "json", "jsonl", "text", "bogus"]), lines=st.booleans())
def test_text_arguments_never_crash(monkeypatch, checker, user_dir, cmd, text, platform, fmt, lines):  # noqa: F811
    args = [cmd, text]
    if platform is not None:
        args += ["--platform", platform]
    if fmt is not None and cmd != "fix":
        args += ["--format", fmt]
    if lines and cmd != "explain":
        args.append("--lines")
    res = _invoke(monkeypatch, checker, args)
    if any("\ud800" <= c <= "\udfff" for c in text) and text != "-":
        assert res.exit_code == 2  # not UTF-8 (or another usage error first)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cmd=st.sampled_from([["check"], ["check", "--lines"], ["fix"], ["explain"], ["check", "-f", "-"]]),
       data=stdin_bytes)
def test_standard_input_never_crashes(monkeypatch, checker, user_dir, cmd, data):  # noqa: F811
    _invoke(monkeypatch, checker, cmd, input=data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(term=argv_text, kind=st.sampled_from(["platform", "contact", "allow", "phrase"]))
def test_wordlist_arguments_never_crash(monkeypatch, checker, user_dir, term, kind):  # noqa: F811
    _invoke(monkeypatch, checker, ["wordlist", "test", term])
    _invoke(monkeypatch, checker, ["wordlist", "remove", term, "--kind", kind])


def test_invalid_utf8_argument_in_a_real_process_is_exit_2_without_traceback():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "check", b"\xe5\x8a\xa0\xe6\x88\x91 \xff abc123"],
                          cwd=ROOT, env=env, capture_output=True)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "not UTF-8 text (byte 0xff at character 4)" in err
