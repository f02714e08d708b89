"""`msgcheck wordlist`: a user folder that extends (or, with allow entries, neutralises) the
bundled lists without editing the package, and that every check picks up."""
from __future__ import annotations

import json
import re

import pytest

from cli_fixtures import run, run_real, user_dir, write  # noqa: F401  (fixtures)


def test_list_before_anything_was_added(run, user_dir):
    r = run("wordlist", "list")
    assert r.exit_code == 0 and str(user_dir / "wordlists") in r.stdout and "not created yet" in r.stdout


def test_add_writes_sections_and_list_shows_file_line(run, user_dir):
    assert run("wordlist", "add", "危信", "--kind", "platform", "--channel", "wechat").exit_code == 0
    assert run("wordlist", "add", "京东", "--kind", "allow").exit_code == 0
    r = run("wordlist", "add", "瞅瞅", "--kind", "action", "--mode", "before", "--weak")
    assert "user.txt:" in r.stdout and "[action before]" in r.stdout
    assert run("wordlist", "add", "小蓝书", "--kind", "platform", "--channel", "xlsh", "--canonical", "小蓝书",
               "--ambiguous", "--pinyin").exit_code == 0
    assert run("wordlist", "add", "薇芯", "--kind", "platform", "--channel", "wechat").exit_code == 0
    text = (user_dir / "wordlists" / "user.txt").read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert body == ["[platform wechat 微信]", "危信", "薇芯", "[allow]", "京东", "[action before]", "瞅瞅 ~",
                    "[platform xlsh 小蓝书]", "小蓝书 ? @pinyin"], "a term joins its existing section"
    r = run("wordlist", "list")
    assert re.search(r"user\.txt:\d+\s+\[platform wechat 微信\]\s+薇芯", r.stdout)
    again = run("wordlist", "add", "危信", "--kind", "platform", "--channel", "wechat")
    assert again.exit_code == 0 and "already" in again.stdout
    assert text == (user_dir / "wordlists" / "user.txt").read_text(encoding="utf-8")


def test_list_all_kind_and_json(run, tmp_path):
    d = tmp_path / "words"
    run("wordlist", "add", "京东", "--kind", "allow", "--dir", d)
    r = run("wordlist", "list", "--all", "--kind", "allow", "--dir", d)
    assert re.search(r"allow\.txt:\d+\s+\[allow\]\s+京东方", r.stdout), "bundled entries with file:line"
    assert "platforms.txt" not in r.stdout
    rows = json.loads(run("wordlist", "list", "--format", "json", "--dir", d).stdout)
    assert [(x["origin"], x["term"], x["kind"], x["line"]) for x in rows] == [("user", "京东", "allow", rows[0]["line"])]


@pytest.mark.parametrize("args,words", [
    (["微 信", "--kind", "allow"], "no spaces"),
    (["x", "--kind", "platform"], "--channel"),
    (["x", "--kind", "platform", "--channel", "newapp"], "--canonical"),
    (["x", "--kind", "platform", "--channel", "WeChat"], "lower-case"),
    (["x", "--kind", "action"], "--mode"),
    (["x", "--kind", "allow", "--mode", "before"], "only for --kind action"),
    (["x", "--kind", "allow", "--channel", "wechat"], "--channel"),
    (["x", "--kind", "contact", "--weak"], "--weak"),
    (["x", "--kind", "allow", "--file", "platforms.txt"], "bundled"),
    (["x", "--kind", "allow", "--file", "../x.txt"], ".txt"),
    (["x", "--kind", "colour"], "colour"),
])
def test_add_usage_errors_exit_2_and_write_nothing(run, user_dir, args, words):
    r = run("wordlist", "add", *args)
    assert r.exit_code == 2 and words in r.stderr
    assert not (user_dir / "wordlists").exists()


def test_remove_user_term_and_hint_for_bundled(run, user_dir):
    run("wordlist", "add", "危信", "--kind", "platform", "--channel", "wechat")
    r = run("wordlist", "remove", "危 信")  # any spelling that folds the same
    assert r.exit_code == 0 and "removed" in r.stdout and "危信" in r.stdout
    assert "危信" not in (user_dir / "wordlists" / "user.txt").read_text(encoding="utf-8")
    r = run("wordlist", "remove", "微信")
    assert r.exit_code == 1 and "it is bundled (platforms.txt:" in r.stderr
    assert "msgcheck wordlist add 微信 --kind allow" in r.stderr


def test_remove_kind_filter(run, tmp_path):
    d = tmp_path / "w"
    run("wordlist", "add", "京东", "--kind", "allow", "--dir", d)
    assert run("wordlist", "remove", "京东", "--kind", "platform", "--dir", d).exit_code == 1
    assert run("wordlist", "remove", "京东", "--kind", "allow", "--dir", d).exit_code == 0


def test_broken_user_list_names_file_and_line(run, user_dir):
    write(user_dir / "wordlists" / "mine.txt", "[allow]\n京东方\n[platform wechat]\n")
    r = run("wordlist", "list")
    assert r.exit_code == 2 and re.search(r"mine\.txt:3: \[platform CHANNEL CANONICAL\]", r.stderr)


def test_default_folder_is_picked_up_by_every_check(run_real, user_dir):
    """Written with `wordlist add`, read by `check` and `wordlist test` with no flag or config."""
    assert run_real("check", "加青蛙号").exit_code == 0, "unknown before"
    run_real("wordlist", "add", "青蛙号", "--kind", "platform", "--channel", "wechat")
    run_real("wordlist", "add", "京东", "--kind", "allow")  # neutralise a bundled term
    r = run_real("check", "加青蛙号。京东也有货", "--format", "json")
    assert r.exit_code == 1
    assert [f["text"] for f in json.loads(r.stdout)["findings"]] == ["加青蛙号"], "青蛙号 counts, 京东 no longer"
    r = run_real("wordlist", "test", "加青蛙号。京东也有货")
    assert r.exit_code == 1
    mine = next(x for x in r.stdout.splitlines() if "“青蛙号”" in x)
    assert "kept" in mine and "[yours 用户词表]" in mine and "user.txt:" in mine
    assert re.search(r"↳ allow list: 京东 \(user\.txt:\d+\)", r.stdout)


def test_wordlist_test_with_dir_and_json(run_real, tmp_path):
    d = tmp_path / "words"
    write(d / "shop.txt", "[platform wechat 微信]\n青蛙号\n")
    r = run_real("wordlist", "test", "加青蛙号", "--dir", d, "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1 and doc["wordlist_dir"] == str(d)
    assert [(c["term"], c["origin"]) for c in doc["candidates"] if c["decision"] == "kept"] == [("青蛙号", "user")]
    r = run_real("wordlist", "test", "好的", "--dir", d)
    assert r.exit_code == 0 and "none of your entries matched" in r.stdout
