"""Contact detectors, each row with its reason. Checked through the engine so the digit view,
validation and offsets are all exercised."""
from __future__ import annotations

import re

import pytest

CONTACT = [
    # (text, rule expected, the span text expected, reason)
    ("电话13912345678", "contact.mobile", "13912345678", "plain mobile"),
    ("139 1234 5678", "contact.mobile", "139 1234 5678", "spaced groups"),
    ("139-1234-5678", "contact.mobile", "139-1234-5678", "dashes"),
    ("+86 139 1234 5678", "contact.mobile", "139 1234 5678", "country code"),
    ("幺三九一二三四五六七八", "contact.mobile", "幺三九一二三四五六七八", "Chinese numerals with 幺"),
    ("①③⑨①②③④⑤⑥⑦⑧", "contact.mobile", "①③⑨①②③④⑤⑥⑦⑧", "circled digits"),
    ("１３９１２３４５６７８", "contact.mobile", "１３９１２３４５６７８", "full-width digits"),
    ("1 3 9 1 2 3 4 5 6 7 8", "contact.mobile", "1 3 9 1 2 3 4 5 6 7 8", "every digit spaced"),
    ("Call me 13798201746", "contact.mobile", "13798201746", "letters right before the number"),
    ("座机 010-62345678", "contact.landline", "010-62345678", "Beijing landline"),
    ("(0755)2345 6789", "contact.landline", "0755)2345 6789", "Shenzhen landline, parenthesised"),
    ("热线400-123-4567", "contact.landline", "400-123-4567", "400 service line"),
    ("邮箱 hr@example.com", "contact.email", "hr@example.com", "email"),
    ("https://example.cn/p/1", "contact.url", "https://example.cn/p/1", "URL"),
    ("www . tese-shop . net", "contact.url", "www . tese-shop . net", "domain with spaces around dots"),
    ("t.cn/A6x9Zk", "contact.url", "t.cn/A6x9Zk", "short link"),
    ("去 myshop.vip 看", "contact.url", "myshop.vip", "bare domain"),
    ("￥Xy12AbC9￥", "contact.taokouling", "Xy12AbC9", "淘口令"),
    ("€ 3Hk9QmZ2a €", "contact.taokouling", "3Hk9QmZ2a", "淘口令 with another sign and spaces"),
    ("邮箱 hf_service＃163.com", "contact.email", "hf_service＃163.com", "full-width # for @"),
    ("电话是139，后面四个8，再加1234", "contact.mobile", "139，后面四个8，再加1234",
     "a mobile in pieces with a repeat said in words (四个8 = 8888)"),
    ("手机后四位是8866，前七位139 2048", "contact.mobile", "8866，前七位139 2048",
     "the end given first, the start after it"),
    ("链接 https://yy.top/uY6H2Bk，接龙：29", "contact.url", "https://yy.top/uY6H2Bk",
     "a full-width comma ends the link even when other full-width signs are about"),
]

NOT_CONTACT = [
    ("订单编号 202311201234567890", "18-digit order number contains no isolated mobile"),
    ("运单号 SF1234567890123", "tracking number"),
    ("尾号1234", "partial number"),
    ("原价298，现价198", "prices"),
    ("验证码 654321", "six-digit code"),
    ("2023-11-20 20:00 开播", "date and time"),
    ("12345678901", "11 digits that are not a valid mobile (12x)"),
    ("￥99 包邮", "a price, not a share code"),
    ("￥12345678￥", "digits only between signs"),
    ("版本 1.5.2", "version number is not a domain"),
    ("库存 1.5 kg", "decimal"),
    ("手机壳买了3个8元的，号码牌在门口领", "3个8 is a count and a price next to phone words, not a piece"),
    ("我电话尾号是2345，不方便给全号", "the last four digits alone"),
]


@pytest.mark.parametrize("text,rule,span,why", CONTACT)
def test_contact_is_found(checker, text, rule, span, why):
    report = checker.check(text, "douyin")
    hits = [f for f in report.findings if f.rule == rule]
    assert hits, f"{why}: {[(f.rule, f.text) for f in report.findings]}"
    assert hits[0].text == span, why
    assert report.verdict.value == "block", why


@pytest.mark.parametrize("text,why", NOT_CONTACT)
def test_not_contact(checker, text, why):
    report = checker.check(text, "douyin")
    assert not [f for f in report.findings if f.category == "contact"], why


def test_own_platform_links_are_not_contact(checker):
    assert checker.check("https://v.douyin.com/abc123/", "douyin").verdict.value == "pass"
    assert checker.check("https://v.douyin.com/abc123/", "kuaishou").verdict.value == "block"


def _all_texts():
    import json
    from pathlib import Path

    texts = [t for t, *_ in CONTACT] + [t for t, _ in NOT_CONTACT]
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_declared_start_characters_cover_every_prefilter_match():
    """The wide gate only tries a prefilter where one of the detector's `starts` pairs stands
    (a first character and the one after it); a match starting anywhere else would be skipped
    without a word."""
    from checker.detectors.contact import default_registry
    from checker.engine import _narrow

    registry = default_registry()
    dets = registry.for_view("wide")
    gate = registry.trigger("wide")
    texts = _all_texts() + ["写信到 a(at)b.cn", "hf_service#163.com", "xuexi123点com", "shop[dot]cn", "WWW.X.COM",
                            "HTTP://x.cn", "（Ab12Cd34）", "/Ab12Cd34/", "艾特qq点com"]
    hits = 0
    for text in texts:
        wide = _narrow(text)
        for det in dets:
            for m in re.finditer(det.prefilter, wide):
                hits += 1
                p = m.start()
                assert any(re.fullmatch(f"[{first}]", wide[p]) and
                           (not nxt or (p + 1 < len(wide) and re.fullmatch(f"[{nxt}]", wide[p + 1])))
                           for first, nxt in det.starts), (det.rule, text)
        assert gate.search(wide) == bool(gate.pattern.search(wide)), text
    assert hits > 50  # the corpus does exercise every detector's prefilter
