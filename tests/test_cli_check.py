"""`msgcheck check`: inputs (TEXT, -f, --lines, stdin), output formats, colour and exit codes."""
from __future__ import annotations

import json

import pytest

import cli
from checker.profiles import BUILTIN
from cli_fixtures import ANSI, run, user_dir, write  # noqa: F401  (fixtures)

DM = BUILTIN["douyin"].dm  # the rewrite douyin suggests for an outside contact
BLOCK = "加我薇信 mm5566 发你试用装"
REVIEW = "我们淘宝店评分很高"


def test_block_shows_span_rule_reason_severity_and_rewrite(run):
    r = run("check", BLOCK)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[0] == "BLOCK (douyin) · 2 findings"
    assert lines[1:3] == ["  " + BLOCK, "  ^^^^^^^^ ^^^^^^"], "plain output marks spans with carets"
    assert "diversion.platform_action" in r.stdout and "引导到站外（微信）" in r.stdout
    assert "block" in lines[3] and f"“加我薇信” → “{DM}”" in r.stdout
    assert not ANSI.search(r.stdout), "no colour when not a terminal"


def test_carets_follow_display_width_of_cjk(run):
    r = run("check", REVIEW)
    assert r.stdout.splitlines()[2] == "      ~~~~~~", "2 CJK chars = 4 columns before, 淘宝店 = 6; ~ = review"
    assert "删除 delete it" in r.stdout, "an empty suggestion means delete"


@pytest.mark.parametrize("args,code", [
    (["好的，明天发货"], 0),
    ([REVIEW], 1),
    ([REVIEW, "--fail-on", "block"], 0),
    ([BLOCK, "--fail-on", "block"], 1),
    ([BLOCK, "--fail-on", "never"], 0),
])
def test_exit_codes_follow_fail_on(run, args, code):
    assert run("check", *args).exit_code == code


def test_platform_option_changes_the_profile(run):
    assert run("check", REVIEW, "--platform", "taobao").exit_code == 0, "淘宝 is home on taobao"
    r = run("check", REVIEW, "-p", "tiktok")
    assert r.exit_code == 2 and "unknown platform 'tiktok'" in r.stderr and "douyin" in r.stderr


def test_stdin_and_dash(run):
    r = run("check", input=BLOCK + "\n")
    assert r.exit_code == 1 and r.stdout.startswith("<stdin>: BLOCK")
    assert run("check", "-", input="好的\n").exit_code == 0


@pytest.mark.parametrize("args,stdin", [([""], None), ([], ""), ([], "\n")])
def test_empty_draft_passes(run, args, stdin):
    r = run("check", *args, input=stdin)
    assert r.exit_code == 0 and "PASS" in r.stdout and "empty draft" in r.stdout


def test_empty_file_with_lines_is_zero_drafts(run, tmp_path):
    f = write(tmp_path / "empty.txt", "\n\n")
    assert run("check", "-f", f, "--lines").stdout.strip() == "0 drafts (空输入 empty input)"
    r = run("check", "-f", f, "--lines", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


def test_file_lines_one_draft_per_line(run, tmp_path):
    f = write(tmp_path / "drafts.txt", f"{BLOCK}\n\n北京东路店\r\n{REVIEW}")
    r = run("check", "-f", f, "--lines")
    assert r.exit_code == 1
    assert f"{f}:1: BLOCK" in r.stdout and f"{f}:3: PASS" in r.stdout and f"{f}:4: REVIEW" in r.stdout
    assert r.stdout.rstrip().endswith("3 drafts: 1 block, 1 review, 1 pass")


def test_whole_file_is_one_draft_and_several_files(run, tmp_path):
    a, b = write(tmp_path / "a.txt", BLOCK + "\n"), write(tmp_path / "b.txt", "好的\n")
    r = run("check", "-f", a)
    assert r.stdout.startswith(f"{a}: BLOCK") and "2 findings" in r.stdout
    docs = json.loads(run("check", "-f", a, "-f", b, "--format", "json").stdout)
    assert [(d["id"], d["verdict"]) for d in docs] == [(str(a), "block"), (str(b), "pass")]


def test_json_is_the_report_contract_with_valid_offsets(run):
    r = run("check", BLOCK, "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1 and doc["verdict"] == "block" and doc["platform"] == "douyin" and doc["id"] == "<text>"
    for f in doc["findings"]:
        assert BLOCK[f["start"]:f["end"]] == f["text"]
        assert {"category", "rule", "severity", "message"} <= f.keys()


def test_jsonl_one_report_per_line(run, tmp_path):
    f = write(tmp_path / "d.txt", f"{BLOCK}\n好的\n")
    r = run("check", "-f", f, "--lines", "--format", "jsonl", "--fail-on", "never")
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.exit_code == 0 and [d["id"] for d in docs] == [f"{f}:1", f"{f}:2"]
    assert [d["verdict"] for d in docs] == ["block", "pass"]


@pytest.mark.parametrize("args,words", [
    (["x", "-f", __file__], "not both"),
    (["-f", "/nonexistent/draft.txt"], "does not exist"),
    (["--format", "xml", "x"], "xml"),
    (["--fail-on", "sometimes", "x"], "sometimes"),
])
def test_usage_errors_exit_2(run, args, words):
    r = run("check", *args)
    assert r.exit_code == 2 and words in r.stderr


def test_non_utf8_file_names_file_and_line(run, tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("第一行\n".encode() + "加我微信".encode("gbk"))
    r = run("check", "-f", f)
    assert r.exit_code == 2 and f"{f}:2: not UTF-8" in r.stderr


def test_terminal_stdin_without_text_is_a_usage_error(run, monkeypatch):
    """Waiting silently on a terminal for a draft nobody types would look like a hang."""
    monkeypatch.setattr(cli, "_isatty", lambda stream: True)
    r = run("check")
    assert r.exit_code == 2 and "nothing to check" in r.stderr


@pytest.mark.parametrize("tty,env,flag,coloured", [
    (False, {}, None, False),                     # piped: plain
    (True, {}, None, True),                       # terminal: colour
    (True, {"NO_COLOR": "1"}, None, False),       # NO_COLOR wins over the terminal
    (True, {"TERM": "dumb"}, None, False),
    (True, {}, "--no-color", False),
    (False, {"NO_COLOR": "1"}, "--color", True),  # an explicit flag wins over everything
])
def test_colour_decision(run, monkeypatch, tty, env, flag, coloured):
    monkeypatch.setattr(cli, "_isatty", lambda stream: tty)
    r = run("check", BLOCK, *([flag] if flag else []), env=env)
    assert bool(ANSI.search(r.stdout)) is coloured
    if coloured:  # the risky span itself is highlighted (underlined, red) and carets are gone
        assert "\x1b[4m加我薇信" in r.stdout and "^^^" not in r.stdout


def test_control_characters_in_a_draft_never_reach_the_terminal(run):
    r = run("check", "\x1b[2J加我微信", "--no-color")
    assert "\x1b" not in r.stdout and "\ufffd[2J加我微信" in r.stdout
