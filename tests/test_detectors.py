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
    ("直接给我打钱 账号是 6228 4801 2345 6789 012", "diversion.bank_card", "6228 4801 2345 6789 012",
     "a card number behind the account word: money to be paid off the platform"),
    ("先写门牌号137，再写开业年份2019，最后是人均0688，连一起打过来就行", "contact.mobile",
     "137，再写开业年份2019，最后是人均0688", "a mobile hidden as a house number, a year and a price, to be put together"),
    ("一个1一个3再来个9，后面是今年年份2024，最后是我生日0611，按顺序拨过来", "contact.mobile",
     "一个1一个3再来个9，后面是今年年份2024，最后是我生日0611", "digits counted out, then a year and a birthday, in order"),
    ("要货的打我电话，号码是138后面接上今天日期20240615", "contact.mobile", "138后面接上今天日期20240615",
     "the start, then a date to add after it"),
    ("点这个 3.cn/1a2B3cD 直接下", "contact.url", "3.cn/1a2B3cD", "a short-link host that starts with a digit, with its code"),
    ("去 myshop.vip 看", "contact.url", "myshop.vip", "bare domain"),
    ("感兴趣的读者可以通过 discord.gg/dtcasia 加入", "contact.url", "discord.gg/dtcasia",
     "a bare domain of any top-level domain, with a path after it"),
    ("￥Xy12AbC9￥", "contact.taokouling", "Xy12AbC9", "淘口令"),
    ("想睇貨打 6123 8899 搵陳生", "contact.mobile", "6123 8899", "a Hong Kong mobile behind a call word"),
    ("有问题可拨打95511咨询", "contact.phone", "95511", "a five-digit service line behind 拨打"),
    ("想報名可以打 2388 5176 搵陳小姐", "contact.phone", "2388 5176", "a Hong Kong landline right after 打 (Cantonese: call)"),
    ("歡迎來電洽詢 (02)2736-5188", "contact.phone", "02)2736-5188", "a Taiwan landline behind 來電洽詢"),
    ("電話號碼係 9123 4567", "contact.mobile", "9123 4567", "a Hong Kong mobile behind 電話號碼係"),
    ("LINE聯絡 0912-345-678", "contact.mobile", "0912-345-678", "a Taiwan mobile behind LINE"),
    ("水電師傅很推，0912-345-678 找陳師傅", "contact.mobile", "0912-345-678",
     "a Taiwan mobile with no call word, printed in its own 4-3-3 grouping"),
    ("搬家推這間 0933-123456", "contact.mobile", "0933-123456", "a Taiwan mobile grouped 4-6 with a dash"),
    ("放二手相機 有意 📞 9123 4567", "contact.mobile", "9123 4567", "a Hong Kong mobile behind a phone sign"),
    ("有興趣 9123 4567 whatsapp我", "contact.mobile", "9123 4567", "a Hong Kong mobile with the call word after it"),
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
    ("門票 9123 4567 張", "eight digits that would be a Hong Kong mobile, with no call word or phone sign"),
    ("消费者可拨打12315投诉举报", "a public body's line (grammar.lst public_lines): no one's private contact"),
    ("常用热线：报警110，反诈96110，市民热线12345", "public lines after 热线, the contact word: still a public body's"),
    ("懷疑係騙案可以打防騙易熱線18222問下", "Hong Kong's anti-scam line"),
    ("代码在 main.py/utils 里", "a file type that is also a country code, then a path: a repository's path"),
    ("訂單編號0933123456已出貨", "ten digits from 09 with no call word and no grouping: an order number"),
    ("订单编号 202311201234567890", "18-digit order number contains no isolated mobile"),
    ("运单号 SF1234567890123", "tracking number"),
    ("尾号1234", "partial number"),
    ("原价298，现价198", "prices"),
    ("验证码 654321", "six-digit code"),
    ("2023-11-20 20:00 开播", "date and time"),
    ("12345678901", "11 digits that are not a valid mobile (12x)"),
    ("￥99 包邮", "a price, not a share code"),
    ("订单号 6228480123456789012 查一下", "a card-shaped order number behind its own label"),
    ("把这几个数连起来：3、5、7，加起来是15", "numbers put together that make no mobile"),
    ("订单号后面接上2024就是批次号，买了3件再加1件，电话问过了", "pieces after join words that make no mobile"),
    ("版本3.cn 不对，是3.0", "a number before .cn with no short code after it: no link"),
    ("￥12345678￥", "digits only between signs"),
    ("訂單編號 61238899，2023年", "eight digits with no call word: an order number, not a Hong Kong mobile"),
    ("一共打了8折，来电30次都没人接", "a discount and a count behind call words, not numbers to call"),
    ("今日係20231120，收到貨", "a date"),
    ("（NewArrival）秋冬上新", "a word in brackets, letters only: not a share code"),
    ("【SALE】全场五折 ￥AbCdEfGh￥", "letters only between signs: a share code mixes letters and digits"),
    ("有限公司（Holdings）", "a company suffix in brackets"),
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
    dets = [d for d in registry.for_view("wide") if not d.own_gate]   # the others gate themselves
    gate = registry.trigger("wide")
    texts = _all_texts() + ["写信到 a(at)b.cn", "hf_service#163.com", "xuexi123点com", "shop[dot]cn", "WWW.X.COM",
                            "HTTP://x.cn", "（Ab12Cd34）", "/Ab12Cd34/", "艾特qq点com"]
    texts += [t for t, *_ in EMAIL] + [t for t, _ in NOT_EMAIL] + [t for t, *_ in EMAIL_UNIT]
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



# -- e-mail in any form (issue #12, kind 4) -------------------------------------------------

EMAIL = [
    # (text, the span expected, reason)
    ("发简历到 hr@abc-tech.io", "hr@abc-tech.io", "a real address in prose, a TLD outside any list"),
    ("联系 ab.c_d@xx.com.cn", "ab.c_d@xx.com.cn", "dots and _ in the local part, a second-level domain"),
    ("邮箱 tom@mail.co.uk 谢谢", "tom@mail.co.uk", "co.uk"),
    ("写信给 kai@studio.xyz", "kai@studio.xyz", ".xyz"),
    ("客服 help@shop.store", "help@shop.store", ".store"),
    ("投稿 ed@lab.tech，三天内回复", "ed@lab.tech", ".tech before a full-width comma"),
    ("demo@robot.ai", "demo@robot.ai", ".ai"),
    ("Kontakt: hans@firma.de", "hans@firma.de", ".de"),
    ("メール yuki@site.jp", "yuki@site.jp", ".jp"),
    ("abc＠qq．com", "abc＠qq．com", "full-width @ and dot"),
    ("邮箱abc@qq。com谢谢", "abc@qq。com", "ideographic full stop for the dot"),
    ("邮箱 abc@qq｡com", "abc@qq｡com", "half-width ideographic full stop for the dot"),
    ("abc at qq dot com", "abc at qq dot com", "spelled out in English"),
    ("ABC AT QQ DOT COM", "ABC AT QQ DOT COM", "spelled out in capitals"),
    ("发到 abc at mail.qq dot com 吧", "abc at mail.qq dot com", "words and a real dot together"),
    ("abc(at)163(dot)com", "abc(at)163(dot)com", "(at) and (dot), a numeric mail host"),
    ("abc [at] gmail [dot] com", "abc [at] gmail [dot] com", "[at] and [dot] with spaces"),
    ("邮箱 abc（at）qq（dot）com", "abc（at）qq（dot）com", "full-width brackets"),
    ("邮箱 abc【at】qq【dot】com", "abc【at】qq【dot】com", "【at】 【dot】"),
    ("abc艾特qq点com", "abc艾特qq点com", "艾特 and 点"),
    ("邮箱是 qianqian 艾特 qq 点 com", "qianqian 艾特 qq 点 com", "艾特 and 点 with spaces around"),
    ("abc圈aqq.com", "abc圈aqq.com", "圈a for @"),
    ("abc圈a qq点com", "abc圈a qq点com", "圈a, a space, then 点"),
    ("abc#163.com", "abc#163.com", "# for @"),
    ("邮箱 abc # 163 . com", "abc # 163 . com", "# and a dot with spaces around"),
    ("abc @ qq . com", "abc @ qq . com", "@ and a dot with spaces around"),
    ("mail abc@qq.com. thanks", "abc@qq.com", "the sentence's full stop is not one more label"),
    ("mail abc@qq.com.Thanks", "abc@qq.com", "nor a capitalised word after it"),
]

NOT_EMAIL = [
    ("look at the dot", "at and dot in English prose, no address shape"),
    ("look at the dot com bubble", "the host after at is a word of the sentence"),
    ("meet at 5 dot com", "a number where the host would be"),
    ("look at abc.com for details", "a bare at before a link: the link is the finding, not an e-mail"),
    ("good。VIP", "a sentence end before an English word"),
    ("1.5。com", "a decimal number before 。com"),
    ("Hi@Tom.Lee", "capitalised words after a mention are no TLD"),
    ("hi @tom.lee", "a mention with a space before @ wants a known TLD"),
    ("ootd #fashion.style", "a hashtag: # wants a known TLD"),
    ("item#3.5kg", "a weight after #"),
    ("I am at home dot com", "home is a word of the sentence"),
    ("C#.NET 开发", "no host between # and the dot"),
]


def _assert_blocks_with(checker, text, rule, span, why):
    """The engine blocks `text` with a `rule` finding over exactly `span`, offsets into the text."""
    report = checker.check(text, "douyin")
    hits = [f for f in report.findings if f.rule == rule]
    assert hits, f"{why}: {[(f.rule, f.text) for f in report.findings]}"
    assert hits[0].text == span, why
    assert text[hits[0].start:hits[0].end] == hits[0].text, why
    assert report.verdict.value == "block", why


@pytest.mark.parametrize("text,span,why", EMAIL)
def test_email_is_found(checker, text, span, why):
    _assert_blocks_with(checker, text, "contact.email", span, why)


@pytest.mark.parametrize("text,why", NOT_EMAIL)
def test_not_email(checker, text, why):
    report = checker.check(text, "douyin")
    assert not [f for f in report.findings if f.rule == "contact.email"], why


EMAIL_UNIT = [
    # (wide-view text, the values the detector yields, reason)
    ("abc at qq dot com dot cn", ["abc at qq dot com dot cn"], "every label spelled"),
    ("abc@qq点store", ["abc@qq点store"], "a known TLD after 点"),
    ("abc@qq点stuff", [], "an unknown TLD after a disguised dot"),
    ("x@abc.technology", ["x@abc.technology"], "any TLD behind a real @ and a real dot"),
    ("a@b.c", [], "a one-letter TLD"),
    ("hr@-abc.io", [], "a host label cannot start with -"),
    ("..@qq.com", [], "a local part with no letter or digit"),
    ("abc@1.5.cn", [], "a version number for a host"),
    ("a@b.cn, c@d.cn", ["a@b.cn", "c@d.cn"], "two addresses"),
]


@pytest.mark.parametrize("text,values,why", EMAIL_UNIT)
def test_email_detector(text, values, why):
    from checker.detectors.contact import EmailDetector
    from checker.engine import _narrow

    wide = _narrow(text)
    found = list(EmailDetector().analyze(wide))
    assert [m.value for m in found] == values, why
    assert all(wide[m.start:m.end] == m.value and m.detector == "contact.email" for m in found), why


def test_email_tld_lists_are_lower_case_letters():
    from checker.detectors.contact import EmailDetector

    assert all(re.fullmatch("[a-z]{2,24}", t) for t in EmailDetector.known_tlds)
    assert {"com", "cn", "uk", "io", "ai", "de", "jp", "xyz", "store", "tech"} <= EmailDetector.known_tlds


# -- a mobile told in labelled pieces (issue #12, kind 2) -----------------------------------

SPLIT = [
    ("订位电话：后四位5619，前面是138，中间那四位是2047", "5619，前面是138，中间那四位是2047",
     "a demonstrative between a label and its length (中间那四位是)"),
    # (text, the span expected, reason)
    ("开头是138，接着2047，末尾5619", "138，接着2047，末尾5619", "start, next, end: no phone word"),
    ("后四位5619，头三位138，中间2047", "5619，头三位138，中间2047", "the end first, then the start, then the middle"),
    ("前三位是一三八 中间四位二零四七 最后四位五六一九", "一三八 中间四位二零四七 最后四位五六一九",
     "numerals, the lengths in the labels"),
    ("号码前面是138后面是20475619", "138后面是20475619", "前面/后面 with a phone word"),
    ("尾号5619 前七位1382047", "5619 前七位1382047", "the end, then the first seven"),
    ("第一段138，第二段2047，第三段5619", "138，第二段2047，第三段5619", "第一段 第二段 第三段"),
    ("末四位5619，前面是138 2047", "5619，前面是138 2047", "末四位 for the last four, the start after it"),
    ("一开始是138，然后是2047，结尾是5619", "138，然后是2047，结尾是5619", "一开始 然后 结尾"),
    ("末尾四位5619，开头138，中间2047", "5619，开头138，中间2047", "any label with N位 after it"),
    ("开头是138，嗯这个你记一下哈，接着2047，末尾5619", "138，嗯这个你记一下哈，接着2047，末尾5619",
     "words between labelled pieces"),
    ("加我手机，开头138，中间2047，尾号5619", "138，中间2047，尾号5619", "labelled pieces and a phone word"),
]

NOT_SPLIT = [
    ("订单尾号5619，金额138元，共2047件", "an order number, a price and a count: only one piece is labelled"),
    ("开头是138元，接着2047件，末尾5619", "pieces followed by units are a price and a count"),
    ("2019年开头138天，接着2047次，最后5619", "units after the pieces"),
    ("最后138，然后2047，接着5619", "the labels put the pieces in an order that is no mobile"),
    ("开头138，2047，末尾5619", "no phone word and one piece without a label"),
    ("前三位是1382，中间2047，末尾5619", "前三位 with four digits"),
    ("开头是138，接着2047，末尾是5619号楼", "an address: 5619号楼"),
    ("手机尾号5619，价格￥138，库存2047", "a phone word, but ￥138 is a price"),
    ("开头是138，下面是一大段说明文字一大段说明文字，接着2047，末尾5619", "pieces too far apart"),
]


@pytest.mark.parametrize("text,span,why", SPLIT)
def test_split_mobile_is_found(checker, text, span, why):
    from checker.normalize import default_normalizer

    assert checker._digit_gate(default_normalizer().fold(text)), f"{why}: the engine builds no digit view"
    _assert_blocks_with(checker, text, "contact.mobile", span, why)


@pytest.mark.parametrize("text,why", NOT_SPLIT)
def test_not_split_mobile(checker, text, why):
    report = checker.check(text, "douyin")
    assert not [f for f in report.findings if f.rule == "contact.mobile"], why


@pytest.mark.parametrize("text,span,why", SPLIT)
def test_split_mobile_detector(text, span, why):
    from checker.detectors.contact import SplitMobileDetector
    from checker.normalize import default_normalizer

    norm = default_normalizer()
    digits = norm.normalize_digits(text)
    found = list(SplitMobileDetector().analyze(digits.folded))
    assert [m.value for m in found] == ["13820475619"], why
    s, e = digits.span(found[0].start, found[0].end)
    assert text[s:e] == span, why


@pytest.mark.parametrize("text,why", NOT_SPLIT)
def test_not_split_mobile_detector(text, why):
    from checker.detectors.contact import SplitMobileDetector
    from checker.normalize import default_normalizer

    assert not list(SplitMobileDetector().analyze(default_normalizer().fold_digits(text))), why


def test_split_mobile_gate_reaches_labelled_pieces():
    """SplitMobileDetector.gate(), after the first numeral of a run in the folded view, finds
    every labelled example (so an engine gate built with it gives them the digit view), and
    not the plain sentences around numbers."""
    from checker.detectors.contact import SplitMobileDetector
    from checker.detectors.contact import DIGITS as _DIGITS
    from checker.normalize import default_normalizer

    fold = default_normalizer().fold
    gate = re.compile(f"[{_DIGITS}](?<![{_DIGITS}].)(?:{SplitMobileDetector.gate(_DIGITS)})")
    for text, _, why in SPLIT:
        assert gate.search(fold(text)), why
    for text in ("一共三件，一起买更便宜", "订单号20231120", "下午三点发货", "是一个好东西"):
        assert not gate.search(fold(text)), text


def test_split_mobile_labels_are_data():
    from checker.detectors.contact import SplitMobileDetector as D

    for labels in (D.first_labels, D.middle_labels, D.last_labels):
        assert labels and all(isinstance(w, str) and w for w in labels)
    assert not set(D.first_labels) & set(D.last_labels)


def test_a_new_digit_detector_is_one_class_and_one_register_line(cache_dir):
    """docs/ARCHITECTURE.md §2: the detector declares where it can match; the engine's gate for
    the digit view is built from the registry, so nothing else is edited."""
    from checker.config import Settings
    from checker.detectors.base import Detector, Pattern
    from checker.detectors.contact import default_registry
    from checker.engine import Checker

    class MemberCardDetector(Detector):
        rule, kind = "contact.member_card", "会员卡号"
        prefilter = r"卡号"
        folded_gate = (("卡", "号"),)   # 会员卡号 8866: four digits, no long run to open the gate
        patterns = (Pattern("card", r"卡号:?(\d{4})(?!\d)"),)
        group = 1

    text = "会员卡号 8866 报给店员"
    plain = Checker(Settings(cache_dir=cache_dir))
    assert not [f for f in plain.check(text).findings if f.rule == "contact.member_card"]
    mine = Checker(Settings(cache_dir=cache_dir), registry=default_registry().register(MemberCardDetector()))
    (f,) = [f for f in mine.check(text).findings if f.rule == "contact.member_card"]
    assert text[f.start:f.end] == f.text == "8866"


def test_a_detector_with_its_own_gate_is_tried_only_where_it_wants():
    """SpelledNumberDetector stays out of the wide view's shared trigger (its words start with
    common letters) and is asked only about texts with room for eleven words."""
    from checker.detectors.contact import SpelledNumberDetector, default_registry
    from checker.engine import Checker

    det = SpelledNumberDetector()
    spelled = "call one three eight zero zero one one five five six six"
    assert det.own_gate and not default_registry().trigger("wide").search(spelled)   # not in the shared gate
    assert det.wanted(spelled) and [m.value for m in det.analyze(spelled)] == ["13800115566"]
    assert not det.wanted("one two three")
    checker = Checker()
    assert [f.rule for f in checker.check("合作请联系 " + spelled[5:], "generic").findings] == ["contact.mobile"]
