"""For any Unicode input the engine answers, and every finding points at what the user wrote."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

# Risky fragments mixed with arbitrary text, so the rules (not just the fast path) run.
FRAGMENTS = st.sampled_from(["加我", "微信", "vx", "薇", "QQ", "扣扣", "淘宝", "京东", "北京东路", "电话",
                             "13912345678", "幺三九", "①③⑨", "：", "，", "。", " ", "❤", "\u200b", "abc123",
                             "看主页", "私我", "￥Xy12AbC9￥", "t.cn/abc", "a@b.com", "v", "同号"])
MIXED = st.lists(st.one_of(st.text(max_size=6), FRAGMENTS), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_check_never_raises_and_spans_are_exact(checker, text):
    for platform in ("douyin", "wechat", "generic"):
        report = checker.check(text, platform)
        assert report.verdict.value in ("pass", "review", "block")
        for f in report.findings:
            assert 0 <= f.start <= f.end <= len(text)
            assert text[f.start:f.end] == f.text
            assert f.severity in ("review", "block")
        worst = max((f.severity for f in report.findings), key=["review", "block"].index, default="pass")
        assert report.verdict.value == worst


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode(checker, text):
    report = checker.check(text)
    for f in report.findings:
        assert text[f.start:f.end] == f.text
    checker.explain(text)


# Characters of common words, so dictionary words (and cuts through them) do occur.
WORDY = st.text(alphabet="北京东路加油我要微信扫码群主手机号码电话联系客服店铺直播间ab1", min_size=2, max_size=14)


@settings(max_examples=300, deadline=None)
@given(WORDY, st.data())
def test_may_cross_never_misses_a_jieba_cut(checker, text, data):
    """The shortcut that skips jieba must only ever skip where jieba would not cut."""
    pos = data.draw(st.integers(min_value=1, max_value=len(text) - 1))
    tk = checker.tokenizer
    if not tk.may_cross(text, pos, 0, len(text)):
        assert not any(s < pos < e for s, e in tk.spans(text))
