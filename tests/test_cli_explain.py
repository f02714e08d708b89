"""`msgcheck explain`: the operator sees the folded text and why each candidate was kept or dropped."""
from __future__ import annotations

import json
import re

from cli_fixtures import ANSI, run, user_dir  # noqa: F401  (fixtures)


def test_dropped_candidate_names_allow_entry_and_source(run):
    r = run("explain", "北京东路店")
    assert r.exit_code == 0
    assert "folded  归一  北京东路店" in r.stdout
    line = next(x for x in r.stdout.splitlines() if "“京东”" in x)
    assert line.lstrip().startswith("dropped") and re.search(r"platforms\.txt:\d+", line)
    assert re.search(r"↳ allow list: 北京东 \(allow\.txt:\d+\)", r.stdout)
    assert "verdict 结论: PASS" in r.stdout


def test_disguise_is_folded_and_kept_candidate_explains_the_block(run):
    r = run("explain", "南京东路店，加 V❤X：star_77")
    assert r.exit_code == 1, "same exit codes as check"
    assert "folded  归一  南京东路店,加vx:star77" in r.stdout
    kept = next(x for x in r.stdout.splitlines() if x.lstrip().startswith("kept"))
    assert "“V❤X”" in kept and "platform 微信 (wechat)" in kept
    assert "diversion.platform_action" in r.stdout and "contact.platform_id" in r.stdout
    assert "msgcheck wordlist add WORD --kind allow" in r.stdout, "tells how to act on a false positive"


def test_ordinary_word_alias_is_dropped_with_reason(run):
    r = run("explain", "卫星发射成功")
    assert r.exit_code == 0 and "dropped" in r.stdout and "↳" in r.stdout and "kept" not in r.stdout


def test_json_for_a_report(run):
    r = run("explain", "--format", "json", "北京东路店")
    doc = json.loads(r.stdout)
    assert doc["text"] == "北京东路店" and doc["folded"] == "北京东路店" and doc["report"]["verdict"] == "pass"
    c = doc["candidates"][0]
    assert (c["term"], c["decision"]) == ("京东", "dropped") and c["source"].startswith("platforms.txt:")


def test_stdin_platform_and_colour(run):
    r = run("explain", "-", "--platform", "taobao", input="我们淘宝店评分很高\n")
    assert r.exit_code == 0 and "↳ 淘宝 is 淘宝's own channel" in r.stdout and "PASS (taobao)" in r.stdout
    assert not ANSI.search(r.stdout)
    assert ANSI.search(run("explain", "加我微信", "--color").stdout)


def test_empty_text(run):
    r = run("explain", "")
    assert r.exit_code == 0 and "none (no wordlist entry occurs" in r.stdout


def test_explain_shows_how_the_clause_reads(run):
    """Issue #12: the operator sees why the same words are or are not an invitation."""
    told = run("explain", "--platform", "generic", "上周给商家打过两次电话")
    assert told.exit_code == 0
    assert "↳ reading 语境: narration: 过 after 打" in told.stdout
    asked = run("explain", "有事打我电话")
    assert asked.exit_code == 1 and "↳ reading 语境: invitation: 我 as the object of 打" in asked.stdout
    doc = json.loads(run("explain", "--format", "json", "有事打我电话").stdout)
    (finding,) = doc["report"]["findings"]
    assert finding["extra"]["reading"].startswith("invitation") and doc["candidates"][0]["reading"]
