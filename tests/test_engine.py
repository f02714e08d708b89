"""Engine behaviour beyond single verdicts: profiles, overrides, explain, the report contract."""
from __future__ import annotations

import pytest

from checker.config import Settings
from checker.engine import Checker
from checker.errors import ConfigError, UnknownPlatform
from checker.profiles import Profiles


def test_report_contract(checker):
    d = checker.check("加我微信 mm5566 发你试用装", "douyin").to_dict()
    assert d["verdict"] == "block" and d["platform"] == "douyin"
    for f in d["findings"]:
        assert set(f) >= {"category", "rule", "severity", "start", "end", "text", "message"}
        assert f["category"] in ("competitor", "diversion", "contact", "broadcast")
    rules = {f["rule"] for f in d["findings"]}
    assert rules == {"diversion.platform_action", "contact.platform_id"}
    by_rule = {f["rule"]: f for f in d["findings"]}
    assert by_rule["contact.platform_id"]["text"] == "mm5566"
    assert by_rule["diversion.platform_action"]["text"] == "加我微信"
    assert by_rule["diversion.platform_action"]["canonical"] == "微信"
    assert by_rule["diversion.platform_action"]["suggestion"] == checker.profiles.get("douyin").dm


def test_clean_message_has_no_findings(checker):
    r = checker.check("今晚8点直播，不见不散")
    assert r.verdict.value == "pass" and r.findings == ()


@pytest.mark.parametrize("platform,text,verdict,why", [
    ("wechat", "加我微信拉你进群", "pass", "WeChat is home on wechat"),
    ("douyin", "vx: a<b>c123", "review", "markup inside: no handle (issue #15), the channel still named"),
    ("generic", "The line at the DMV was insane, waited 3 hours", "pass", "English prose after 'line' is no handle"),
    ("douyin", "wèi xìn：suki_hk88", "block", "pinyin with tones and an ID"),
    ("douyin", "加我微信拉你进群", "block", "and diversion elsewhere"),
    ("taobao", "有问题旺旺找客服", "pass", "旺旺 is Taobao's own IM"),
    ("douyin", "我们淘宝店评分很高", "review", "bare competitor mention"),
    ("generic", "我们淘宝店评分很高", "pass", "generic grades no bare platform names"),
    ("generic", "加我微信 abc123", "block", "but still diversion and contact"),
    ("wechat", "扫码进群领福利", "pass", "group invitations are home on WeChat"),
    ("douyin", "扫码进群领福利", "block", "and a QR-code group invitation elsewhere"),
])
def test_profiles(checker, platform, text, verdict, why):
    assert checker.check(text, platform).verdict.value == verdict, why


def test_unknown_platform_lists_valid_ones(checker):
    with pytest.raises(UnknownPlatform) as err:
        checker.check("hi", "myspace")
    assert "douyin" in err.value.valid and "myspace" in str(err.value)


def test_user_profile_override_and_new_profile(cache_dir):
    settings = Settings(cache_dir=cache_dir, profiles={
        "douyin": {"severity": {"competitor": "pass"}},
        "mybrand": {"base": "douyin", "home": ["douyin", "taobao"], "dm": "进店铺群"},
    })
    c = Checker(settings)
    assert c.check("我们淘宝店评分很高", "douyin").verdict.value == "pass"
    r = c.check("加我微信", "mybrand")
    assert r.verdict.value == "block" and r.findings[0].suggestion == "进店铺群"
    assert c.check("去淘宝搜阿芳小店", "mybrand").verdict.value == "pass"


@pytest.mark.parametrize("spec,words", [
    ({"douyin": {"severity": {"competitor": "loud"}}}, "severity.competitor"),
    ({"douyin": {"colour": "red"}}, "unknown key 'colour'"),
    ({"x": {"base": "nope"}}, "base 'nope'"),
    ({"douyin": {"broadcast": {"flood_messages": 0}}}, "broadcast.flood_messages"),
])
def test_bad_profile_overrides_are_named(spec, words):
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        Profiles(spec, "my.toml")


def test_explain_shows_folding_and_dropped_candidates(checker):
    exp = checker.explain("南京东路店，加 V❤X：star_77", "douyin")
    assert exp.folded == "南京东路店,加vx:star77"
    by_term = {c["term"]: c for c in exp.candidates}
    assert by_term["京东"]["decision"] == "dropped" and "南京" in by_term["京东"]["reason"]
    assert by_term["vx"]["decision"] == "kept"
    assert exp.report.verdict.value == "block"
    allow = checker.explain("京东方面板", "douyin").candidates
    assert allow[0]["decision"] == "dropped" and "allow list" in allow[0]["reason"]
    ambiguous = checker.explain("卫星发射成功", "douyin").candidates
    assert ambiguous and all(c["decision"] == "dropped" for c in ambiguous)


def test_user_wordlist_extends_bundled(tmp_path, cache_dir):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "extra.txt").write_text("[platform wechat 微信]\n危信\n", encoding="utf-8")
    c = Checker(Settings(cache_dir=cache_dir, wordlist_dirs=[mine]))
    assert c.check("加危信", "douyin").verdict.value == "block"
    assert c.check("加我微信", "douyin").verdict.value == "block", "bundled lists still apply"


def test_reload_picks_up_changes(tmp_path, cache_dir):
    mine = tmp_path / "mine"
    mine.mkdir()
    f = mine / "extra.txt"
    f.write_text("[pointer]\n看我空间\n", encoding="utf-8")
    c = Checker(Settings(cache_dir=cache_dir, wordlist_dirs=[mine]))
    assert c.check("来看我相册", "douyin").verdict.value == "pass"
    f.write_text("[pointer]\n看我空间\n看我相册\n", encoding="utf-8")
    c.reload()
    assert c.check("来看我相册", "douyin").verdict.value == "review"


def _corpus_texts():
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    texts = []
    for path in sorted((root / "tests" / "data").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sys.path.insert(0, str(root / "bench"))
    try:
        from corpus import generate_labeled
    finally:
        sys.path.pop(0)
    # The benchmark's traffic: ordinary words that share characters with risky ones (VIP,
    # 北京东路, 手机壳, [微笑], 小号) and its ~2% disguised diversion.
    texts += [t for t, _ in generate_labeled(3000, seed=7, length="mixed")]
    return texts


def test_fast_path_settles_exactly_as_the_full_rules(checker):
    """check() drops most hits on the folded string before any rule runs (triage) and skips
    the offset maps where an ID cannot follow; explain() runs every rule on every hit. Both
    must find the same spans with the same rules and severities on every text we have."""
    texts = _corpus_texts()
    assert len(texts) > 4000
    differ = []
    for text in texts:
        fast = [(f.rule, f.start, f.end, f.severity) for f in checker.check(text).findings]
        full = [(f.rule, f.start, f.end, f.severity) for f in checker.explain(text).report.findings]
        if fast != full:
            differ.append((text, fast, full))
    assert not differ, differ[:5]


@pytest.mark.parametrize("folded,expect,why", [
    ("订单2023112012", True, "seven digits in a row"),
    ("幺三九一二三四", True, "seven numerals"),
    ("1三9一2三4", True, "digits and numerals mixed"),
    ("原价298现价198", False, "short numbers"),
    ("搜店名", True, "a search"),
    ("我的手机", True, "phone word"),
    ("电话", True, "phone word"),
    ("号码", True, "phone word"),
    ("找我", True, "a number in pieces may follow"),
    ("打给我", True, "call me"),
    ("打我", True, "call me"),
    ("callme", True, "call"),
    ("手套电视号称", False, "first characters alone"),
    ("一二三四五六", False, "six numerals only"),
    ("订单号283881126003156156", False, "an 18-digit order number holds no number with free edges"),
    ("86 13912345678 → 8613912345678", True, "13 digits: 86 and a mobile"),
    ("运单SF1234567890123", True, "13 digits after letters may still be 86 and a mobile"),
])
def test_digit_gate(checker, folded, expect, why):
    """The digit view is built only behind this gate; a miss here silently skips a number."""
    assert bool(checker._digit_gate(folded)) is expect, why


@pytest.mark.parametrize("text,span", [
    ("扫码加微❤信 WANG7916，详聊", "WANG7916"),
    ("➕微❤信 wang991925，发你图", "wang991925"),
])
def test_an_id_is_reported_once(checker, text, span):
    """The w at the start of an ID also reads as WeChat's one-letter alias followed by an ID;
    the shorter span inside the real one must not be reported as a second contact."""
    contacts = [f.text for f in checker.check(text).findings if f.category == "contact"]
    assert contacts == [span]


@pytest.mark.parametrize("text,term,expect,why", [
    ("VIP会员价", "v", False, "typed as one word: part of it"),
    ("new arrival", "w", False, "inside 'new', though folding joined the two words"),
    ("new arrival", "v", False, "inside 'arrival'"),
    ("jia wo wei xin", "weixin", True, "the writer spaced the pinyin: it stands alone"),
    ("加 v 信", "v", True, "no letters around it"),
    ("Ｖｉｐ会员", "v", None, "full-width letters: only the offset map can tell"),
])
def test_latin_word_edges_without_the_offset_map(checker, text, term, expect, why):
    from checker.rules import _latin_fold

    f = checker.normalizer.fold(text)
    s = f.index(term)
    assert _latin_fold(f, s, s + len(term), text.lower()) is expect, why


@pytest.mark.parametrize("text,pos,expect,why", [
    ("北京东路", 2, True, "京东 (a word jieba knows) runs across 京|东"),
    ("我要加油", 3, True, "加油 runs across 加|油"),
    ("扫码加微信", 2, False, "no word holds 码加"),
    ("加我微信abc", 2, False, "我|微: no word across it"),
    ("wxabc123", 2, True, "a run of letters and digits: jieba joins it"),
    ("北京东路", 0, False, "an edge of the window"),
])
def test_may_cross_is_a_safe_shortcut_for_jieba(checker, text, pos, expect, why):
    """crossing_word skips jieba when no dictionary word spans an edge of the hit; where the
    shortcut says False, jieba's own tokens must not cross there either."""
    tk = checker.tokenizer
    assert tk.may_cross(text, pos, 0, len(text)) is expect, why
    if not expect:
        assert not any(s < pos < e for s, e in tk.spans(text)), why


def test_the_first_messages_checked_without_the_digit_gate_get_the_same_findings(cache_dir):
    """A fresh Checker skips compiling the digit gate for its first messages (cold start): the
    gate only filters, so ungated and gated checks agree, on every labelled text we have."""
    import glob
    import json

    from checker.config import Settings
    from checker.engine import Checker

    gated = Checker(Settings(cache_dir=cache_dir)).warm()
    ungated = Checker(Settings(cache_dir=cache_dir))
    ungated._ungated_left = 10 ** 9
    rows = [json.loads(line) for p in sorted(glob.glob("tests/data/blind*.jsonl")) + ["tests/data/reading_pairs.jsonl"]
            for line in open(p, encoding="utf-8") if line.strip()]
    assert len(rows) > 2000
    for r in rows:
        a = gated.check(r["text"], platform=r["platform"]).to_dict()
        assert ungated.check(r["text"], platform=r["platform"]).to_dict() == a, r["text"]
    assert ungated._digit_gate == ungated._ungated and gated._digit_gate != gated._ungated


def test_long_run_on_text_is_read_in_bounded_pieces_with_every_hit_found(checker):
    """Issue #14/#15: a text joined only by commas is read in sentence pieces of at most
    MAX_SENTENCE characters (cut after a comma), so no hit pays for the whole text, and cutting
    loses nothing: each unit of the text gives its findings, however long the text."""
    from checker.rules import MAX_SENTENCE, _sentence_pieces

    unit = "加我微信abc123，"
    folded = checker.normalizer.fold(unit * 2000)
    los, his = _sentence_pieces(folded)
    assert len(los) > 50 and all(hi - lo <= MAX_SENTENCE for lo, hi in zip(los, his))
    assert all(folded[hi] == "," for hi in his[:-1])       # cut after a comma, never inside a word
    assert his[-1] == len(folded)
    one = len(checker.check(unit, platform="douyin").findings)
    assert one == 2
    assert len(checker.check(unit * 1000, platform="douyin").findings) == 1000 * one
    hard = "加我微信abc123" * 300                          # no comma at all: hard cuts
    los, his = _sentence_pieces(checker.normalizer.fold(hard))
    assert all(hi - lo <= MAX_SENTENCE for lo, hi in zip(los, his))
    assert checker.check(hard, platform="douyin").verdict.value == "block"


def test_a_long_text_is_checked_with_the_collector_paused(checker, monkeypatch):
    """engine.LONG_TEXT: a text that long is read with the cyclic collector off (each collection
    would walk every hit alive so far, a cost that grows with the text); a short one with it on;
    it is on again after, and nested or overlapping pauses restore it only when the last ends."""
    import gc

    from checker import engine

    inside: list[bool] = []
    read = engine.Checker._read_content

    def spy(self, *args, **kwargs):
        inside.append(gc.isenabled())
        return read(self, *args, **kwargs)

    monkeypatch.setattr(engine.Checker, "_read_content", spy)
    report = checker.check("加我微信abc123，" * (engine.LONG_TEXT // 10 + 1), "douyin")
    checker.check("今天发货吗", "douyin")
    assert report.verdict.value == "block"
    assert inside == [False, True] and gc.isenabled()
    with engine._collector_paused():
        with engine._collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
