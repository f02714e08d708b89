"""A realistic generated group log, replayed through the guard as the audit would (log
timestamps, record=True): the shop that fans a promo out and the sender who floods a group are
flagged, the shop that posts normally and the 300 chatting members are not, although members
repeat the same short replies all day and copy each other's 接龙 chains."""
from __future__ import annotations

import random
from collections import Counter, defaultdict

from checker.broadcast import BroadcastGuard, Limits

from redis_fixture import redis_url, store  # noqa: F401

DAY = 86400
T0 = 1_763_568_000.0  # 2025-11-20 00:00 (+08:00)
GROUPS = [f"g{i:02d}" for i in range(50)]
MEMBERS = [f"m{i:03d}" for i in range(300)]

PROMO = "【阿芳小店】双十一返场，新款羊绒大衣限时特价，下单立减五十元，库存不多先到先得，点群公告链接"
NORMAL_PROMO = "【老王水果】今天到货的赣南脐橙，果园直发，甜度高汁水足，需要的宝子群里接龙"
SHORT = ["好的", "收到", "谢谢", "哈哈哈", "👍👍", "好的好的", "收到，谢谢群主", "早上好", "晚安", "+1",
         "666", "谢谢老板", "辛苦了", "在的", "来了来了", "哈哈哈哈哈哈", "好滴", "收到了谢谢"]
CHAT = [
    "今天天气真好，适合出去走走", "晚上一起吃火锅吗？我知道一家很好吃的店", "孩子的作业写完了吗，老师说明天要检查",
    "这个快递怎么还没到，都三天了", "刚下班，地铁上人好多啊", "周末有人去爬山吗，可以拼车",
    "谁知道附近哪里可以修手机", "我家猫今天又把花盆打翻了", "今晚的球赛大家看了吗，太精彩了",
    "请问这个活动怎么报名啊", "明天早上八点在小区门口集合", "感谢大家的帮忙，问题已经解决了",
    "最近在追一部新剧，剧情很不错", "有没有人推荐一下好用的洗发水", "下雨了记得带伞，别淋湿了",
    "楼下新开了一家面馆，味道还可以", "大家中秋节快乐，阖家团圆", "我上次买的那个锅挺好用的",
    "谁家有多余的纸箱，搬家要用", "这周的读书会改到周六下午了", "电梯又坏了，物业什么时候来修",
    "小区门口的快递柜满了，只能放驿站", "今天的菜价比昨天贵了不少", "宝宝发烧了，附近哪家儿科晚上开门",
    "停车场的灯坏了好几天，晚上很黑", "有人知道周日图书馆开不开门吗", "这家奶茶店的新品一般般",
    "早上跑步看到好多人在打太极", "周末带孩子去了科技馆，挺值得去的", "谁有靠谱的装修师傅推荐一下",
    "明天降温了，大家注意添衣服", "楼上装修太吵了，周末都不能休息", "刚才那个链接打不开，能再发一下吗",
    "我们家楼下的桂花开了，好香", "有没有一起学游泳的，可以约个时间", "昨天的会议纪要谁整理一下",
    "小朋友的书法比赛下周三报名截止", "车子年检需要带哪些材料啊", "今天超市鸡蛋打折，去晚了就没了",
    "医保卡丢了怎么补办，有经验的说一下", "晚饭做了红烧肉，孩子吃了两碗饭", "公园的菊花展开始了，颜色很多",
    "这个月的水费怎么这么高，是不是漏水了", "谁的钥匙落在门卫室了，快去拿", "新买的空气炸锅烤红薯很好吃",
    "地铁新线路开通了，上班方便多了", "明天有雨，运动会可能要延期", "家里的老人想学用智能手机，有课吗",
    "隔壁小区的菜市场周一休息", "周六上午社区有免费义诊，可以去看看", "刚拍的晚霞，太美了大家看看",
    "我家狗狗走丢了，白色的小泰迪，谁看到告诉我", "学校门口在修路，送孩子要早点出门", "新开的健身房环境还不错",
]
PREFIX = ["", "", "", "对了，", "刚才", "@群友 ", "话说", "哎，"]
SUFFIX = ["", "", "", "哈哈", "，你们觉得呢", "，求推荐", "，有人知道吗", "～", "！"]


def generate(seed: int = 2025):
    """Return the log as (ts, sender, group, text, role) tuples, sorted by ts."""
    rng = random.Random(seed)
    log = []
    membership = {m: rng.sample(GROUPS, rng.choice([1, 1, 2, 2, 2, 3, 4])) for m in MEMBERS}
    for m in MEMBERS:
        chats = rng.sample(CHAT, len(CHAT))  # a member does not repeat a long sentence
        catchphrase = rng.choice(SHORT)
        rate = rng.choice([1, 2, 3, 4, 6, 8])  # sessions a day
        for day in range(2):
            busy_until = -1.0
            starts = sorted(rng.uniform(8 * 3600, 23 * 3600) for _ in range(rate))
            for start in starts:
                t = max(T0 + day * DAY + start, busy_until + 20 * 60)
                group = rng.choice(membership[m])
                for _ in range(rng.randint(1, 6)):  # a burst of replies
                    if rng.random() < 0.45:
                        text = catchphrase if rng.random() < 0.6 else rng.choice(SHORT)
                    else:
                        text = rng.choice(PREFIX) + (chats.pop() if chats else rng.choice(SHORT)) + rng.choice(SUFFIX)
                    log.append((t, m, group, text, "member"))
                    t += rng.uniform(8, 90)
                busy_until = t
    # a 接龙 chain: 25 members copy the growing list, each adding a line (near-duplicates
    # across senders, never from one sender)
    chain = "#接龙 赣南脐橙团购 周五到货"
    t = T0 + 9 * 3600
    for i, m in enumerate(rng.sample(MEMBERS, 25)):
        chain += f"\n{i + 1}. {m} {rng.choice(['一箱', '两箱', '三箱'])}"
        log.append((t, m, "g07", chain, "member"))
        t += rng.uniform(30, 300)
    # the fan-out shop: the same promo (with per-group noise) to 30 groups, on both days
    for day in range(2):
        t = T0 + day * DAY + 10 * 3600
        for i, g in enumerate(rng.sample(GROUPS, 30)):
            noisy = PROMO.replace("，", rng.choice(["，", "~", " ", "!"]))
            text = rng.choice(["🔥", "🎉", "", "💰"]) + noisy + f" {i + 1}"
            log.append((t, "shop_afang", g, text, "fanout"))
            t += rng.uniform(20, 60)
    # the flooder: 25 messages into one group within 8 minutes
    t = T0 + 15 * 3600
    for _ in range(25):
        log.append((t, "flooder", "g03", f"{rng.choice(CHAT)}{rng.choice(SUFFIX)}", "flood"))
        t += 8 * 60 / 25
    # a shop that posts normally: its promo to 5 groups a day, then answers a few questions
    for day in range(2):
        t = T0 + day * DAY + 11 * 3600
        for g in GROUPS[:5]:
            log.append((t, "shop_laowang", g, NORMAL_PROMO, "normal"))
            t += 600
            for _ in range(2):
                answer = rng.choice(["今天下单明天发货", "支持坏果包赔", "五斤装和十斤装都有"])
                log.append((t, "shop_laowang", g, f"亲，{answer}", "normal"))
                t += 120
    log.sort(key=lambda e: e[0])
    return log


def test_the_generated_log_is_a_fair_test():
    """Without the short-reply exemption and the per-sender view, members would be flagged."""
    log = generate()
    assert len({e[1] for e in log if e[4] == "member"}) == 300 and len({e[2] for e in log}) == 50
    per_day = Counter((e[1], e[2], int((e[0] - T0) // DAY), e[3]) for e in log if e[4] == "member")
    assert sum(1 for n in per_day.values() if n > 3) >= 20  # same short reply > 3 times a day
    by_pair = defaultdict(list)
    for e in log:
        if e[4] == "member":
            by_pair[(e[1], e[2])].append(e[0])
    busiest = max(sum(1 for u in ts if t - 600 < u <= t) for ts in by_pair.values() for t in ts)
    assert 6 <= busiest <= 10  # lively bursts, but within the flood limit


def test_replay_flags_the_right_senders(store):
    def no_clock():
        raise AssertionError("the audit replays log timestamps; the clock must not be read")

    guard = BroadcastGuard(store, clock=no_clock)
    limits = Limits()
    flagged: dict[str, Counter] = defaultdict(Counter)
    by_role: dict[str, list] = defaultdict(list)
    for ts, sender, group, text, role in generate():
        res = guard.check(sender, group, text, ts=ts, limits=limits, record=True)
        assert res.skipped is None
        for f in res.findings:
            flagged[sender][f.rule] += 1
        by_role[role].append(res)

    assert set(flagged) == {"shop_afang", "flooder"}, dict(flagged)
    assert flagged["shop_afang"] == Counter({"broadcast.fanout": 40})  # 20 of 30 groups, twice
    # on each day the first 10 groups get it, the next 20 are flagged
    fan = by_role["fanout"]
    assert [bool(r.findings) for r in fan] == ([False] * 10 + [True] * 20) * 2
    assert [r.findings[0].extra["count"] for r in fan[10:30]] == [11] * 20
    # the flooder: the 11th message onwards
    flood = by_role["flood"]
    assert [bool(r.findings) for r in flood] == [False] * 10 + [True] * 15
    assert {f.rule for r in flood for f in r.findings} == {"broadcast.flood"}
    assert all(r.recorded for r in by_role["normal"])
