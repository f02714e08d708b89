"""Editing a wordlist folder is a core function (checker/wordlist_edit.py) that reads sections
with the lexicon's one parser; the CLI only renders what it returns."""
from __future__ import annotations

import pytest

from checker import wordlist_edit as we
from checker.errors import WordlistError
from checker.lexicon import section_of


@pytest.mark.parametrize("line, header", [
    ("[ platform  wechat 微信 ]", "[platform wechat 微信]"),
    ("[allow]  # ordinary words", "[allow]"),
    ("微信 @pinyin", None),
    ("# [allow]", None),
])
def test_one_reading_of_a_section_header(line, header):
    assert section_of(line) == header


def test_add_puts_a_term_in_its_section_and_the_engine_reads_it(tmp_path, cache_dir):
    from checker.config import Settings
    from checker.engine import Checker

    done = we.add(tmp_path, "青蛙号", "platform", channel="wechat")
    assert (done.header, done.existed) == ("[platform wechat 微信]", False)
    assert done.path.read_text(encoding="utf-8").splitlines()[done.line - 1] == "青蛙号"
    again = we.add(tmp_path, "青蛙号", "platform", channel="wechat")
    assert again.existed and again.line == done.line
    allow = we.add(tmp_path, "京东", "allow")
    assert allow.header == "[allow]"
    rep = Checker(Settings(cache_dir=cache_dir, wordlist_dirs=[tmp_path])).check("加青蛙号。京东也有货")
    assert rep.verdict.value == "block" and {f.canonical for f in rep.findings} == {"微信"}


@pytest.mark.parametrize("kwargs, param, words", [
    ({"term": "微 信", "kind": "allow"}, "TERM", "one term"),
    ({"term": "x", "kind": "platform"}, None, "--channel is required"),
    ({"term": "x", "kind": "platform", "channel": "Bad!"}, "--channel", "lower-case ASCII"),
    ({"term": "x", "kind": "action"}, None, "--mode is required"),
    ({"term": "x", "kind": "allow", "mode": "before"}, None, "--mode is only for --kind action"),
    ({"term": "x", "kind": "allow", "filename": "platforms.txt"}, "--file", "bundled list"),
    ({"term": "x", "kind": "reading"}, "--kind", "not a kind you can add"),
])
def test_add_refuses_what_the_format_has_no_place_for(tmp_path, kwargs, param, words):
    with pytest.raises(we.EditError, match=words) as e:
        we.add(tmp_path, **kwargs)
    assert e.value.param == param
    assert not list(tmp_path.iterdir()), "nothing written"


def test_remove_takes_every_spelling_that_folds_alike(tmp_path):
    we.add(tmp_path, "青蛙号", "platform", channel="wechat")
    we.add(tmp_path, "ＱＷ号", "platform", channel="wechat")
    gone = we.remove(tmp_path, "qw号")
    assert [r["term"] for r in gone] == ["ＱＷ号"] and [r["term"] for r in we.entries(we.files_in(tmp_path), "user")] == ["青蛙号"]
    assert we.remove(tmp_path, "不存在") == [] and we.bundled_matches("微信")


def test_a_hand_edit_that_breaks_the_list_names_file_and_line(tmp_path):
    path = tmp_path / "user.txt"
    path.write_text("[allow]\n京东方\n[bogus]\nx\n", encoding="utf-8")
    with pytest.raises(WordlistError, match=r"user\.txt:3"):
        we.add(tmp_path, "京东路", "allow")
