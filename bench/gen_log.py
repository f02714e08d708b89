"""Generate realistic group-chat logs for `msgcheck audit`: the benchmark, the tests and examples/.

A log is a stream of sends in time order across many groups. Members chat (text from
bench/corpus.py: merchant, live-stream and group talk, ~2% of it risky), busier by day than at
night, and a few actors misbehave the way docs/ARCHITECTURE.md §1, broadcast's broadcast limits are meant to catch:

- fan-out: a shop posts one promo to 12–16 groups within the hour, each copy a near-duplicate
  (emoji, punctuation, a word changed);
- flood: a member posts 12–20 messages into one group within a few minutes;
- repeat: someone reposts the same ad into one group 4–6 times in a day.

Optionally a malformed line every N lines (broken JSON, no text, a bad timestamp, cycling) and a
little disorder (neighbouring sends swapped, as in logs merged from several devices).

    python bench/gen_log.py /tmp/log.jsonl --lines 1000000            # .gz suffix -> gzip
    python bench/gen_log.py /tmp/log.csv --lines 5000 --format csv
    python bench/gen_log.py --examples examples/                      # the checked-in samples

Same arguments -> same bytes.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import heapq
import io
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

CST = timezone(timedelta(hours=8))
START = datetime(2024, 3, 1, 8, 0, tzinfo=CST).timestamp()

TOPICS = ("宝妈育儿交流", "阳光小区业主", "数码发烧友", "晨跑打卡", "美妆护肤分享", "拼团福利", "考研互助",
          "钓鱼爱好者", "萌宠之家", "读书会", "同城二手", "户外徒步", "烘焙爱好者", "车友会", "广场舞队",
          "家长委员会", "摄影交流", "健身减脂", "茶友会", "留学咨询")
SURNAME = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆帅旭宁欣悦晨曦琳"
PETS = ("小鱼儿", "阳光", "向日葵", "橙子", "柠檬", "奶茶", "糖糖", "大白", "小蜜蜂", "知足常乐", "岁月静好",
        "风轻云淡", "追梦人", "开心果", "布丁", "豆豆", "乐乐", "Lily", "Kevin", "Amy", "Tony", "Coco", "Jason")
SHOPS = ("好物小铺客服", "源头工厂-小王", "晓梅优选", "果园直发老李", "潮牌折扣仓", "母婴团购-丽丽")
PROMOS = (
    "【限时福利】{prod}今天只要{price}，前{n}名送{gift}，需要的加V：{wx}",
    "家人们，{prod}工厂直发{price}，质量保证，有需要的私我{emoji}",
    "🔥{prod}特价{price}！库存不多，想要的扫码进群领券",
    "新到一批{prod}，{price}包邮，感兴趣的看我主页",
    "团购{prod}，{price}一份，今晚8点截止，群里接龙就行",
    "{prod}清仓价{price}，淘宝搜“{shop}”同款贵一倍",
)
ADS = ("专业代购{prod}，正品保证，需要的加我微信 {wx}", "出闲置{prod}，九成新{price}，有意私聊",
       "招聘兼职，在家就能做，日结{price}，联系 {phone}", "{prod}批发价{price}，量大从优，详情看主页")
FLOOD = ("1", "接龙", "+1", "顶", "哈哈哈", "冲冲冲", "来了来了", "好的", "在吗", "收到", "？？？", "我要我要",
         "[捂脸]", "[强]", "在的", "有人吗", "看看我", "快回复")
GIFTS = ("保温杯", "手机壳", "面膜一盒", "数据线", "小零食", "收纳盒")
PUNCT_VARIANTS = ("", "！", "~", "。", "!!", " ")


def _names(rng: random.Random, n: int, pool: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        r = rng.random()
        if r < 0.45:
            name = rng.choice(SURNAME) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        elif r < 0.7:
            name = rng.choice(("小", "阿", "老")) + rng.choice(GIVEN)
        elif r < 0.9:
            name = rng.choice(PETS) + (str(rng.randint(1, 999)) if rng.random() < 0.5 else "")
        else:
            name = rng.choice(corpus.NAMES) + rng.choice(("", "妈妈", "爸爸", "_", "🌸"))
        while name in pool:
            name += str(rng.randint(0, 9))
        pool.add(name)
        out.append(name)
    return out


def _hour_rate(ts: float) -> float:
    """Relative chat activity by local hour: quiet at night, busy at lunch and in the evening."""
    h = datetime.fromtimestamp(ts, CST).hour
    return (0.15, 0.08, 0.05, 0.04, 0.04, 0.08, 0.3, 0.7, 1.0, 1.1, 1.1, 1.2, 1.4, 1.1, 1.0, 1.0,
            1.0, 1.1, 1.3, 1.5, 1.7, 1.6, 1.2, 0.5)[h]


class LogGenerator:
    """Sends in time order: dicts {id, ts (epoch s), group, sender, text, kind}; kind says which
    actor produced it (chat, fanout, flood, repeat) — the writers drop it."""

    def __init__(self, n: int, seed: int = 0, groups: int = 200, members: int = 20000, days: float = 14,
                 episode_every: int = 2000, start: float = START):
        self.n, self.seed, self.start = n, seed, start
        self.rng = random.Random(f"gen_log:{seed}")
        self.g = corpus._Gen(random.Random(f"gen_log-text:{seed}"))
        pool: set[str] = set()
        self.groups = [f"{TOPICS[i % len(TOPICS)]}{i // len(TOPICS) + 1}群" for i in range(groups)]
        self.members = _names(self.rng, members, pool)
        self.shops = list(SHOPS)
        self.mean_gap = days * 86400 / max(1, n)
        self.episode_every = episode_every
        # group popularity is skewed (a few big groups), members' activity too
        self.group_w = [1 / (i + 1) ** 0.7 for i in range(groups)]
        self._group_cum = self._cum(self.group_w)
        self.per_group = max(20, min(500, members // max(1, groups) * 3))
        self._member_cum = self._cum([1 / (k + 1) ** 0.6 for k in range(self.per_group)])

    @staticmethod
    def _cum(weights: list[float]) -> list[float]:
        out, acc = [], 0.0
        for w in weights:
            acc += w
            out.append(acc)
        return out

    def _pick(self, cum: list[float]) -> int:
        import bisect

        return bisect.bisect_left(cum, self.rng.random() * cum[-1])

    def _member(self, gi: int) -> str:
        k = self._pick(self._member_cum)
        return self.members[(gi * 7919 + k * 104729) % len(self.members)]

    def _texts(self) -> Iterator[str]:
        batch = 0
        while True:
            yield from corpus.generate(20000, seed=self.seed * 100003 + batch)
            batch += 1

    def _fill(self, template: str, **extra: str) -> str:
        g = self.g
        slots = {"prod": g.pick(corpus.PRODUCTS), "price": g.price(), "n": str(g.r.randint(5, 50)),
                 "gift": g.pick(GIFTS), "wx": g.account_id(), "emoji": g.pick(corpus.EMOJI),
                 "shop": g.pick(corpus.SHOPS), "phone": g.phone()}
        slots.update(extra)
        return template.format(**slots)

    def _variant(self, text: str) -> str:
        """A near-duplicate copy: emoji, punctuation or spacing changed, as people re-paste."""
        r = self.rng.random()
        if r < 0.3:
            return text + self.rng.choice(corpus.EMOJI)
        if r < 0.55:
            return text.rstrip("！!~。 ") + self.rng.choice(PUNCT_VARIANTS)
        if r < 0.7:
            return self.rng.choice(("", "@所有人 ", "各位，", "打扰了，")) + text
        return text

    def _episode(self, t: float) -> list[tuple[float, dict]]:
        rng = self.rng
        kind = rng.random()
        out = []
        if kind < 0.4:  # fan-out
            shop = rng.choice(self.shops)
            base = self._fill(rng.choice(PROMOS))
            targets = rng.sample(range(len(self.groups)), min(len(self.groups), rng.randint(12, 16)))
            when = t
            for gi in targets:
                when += rng.uniform(30, 240)
                out.append((when, {"group": self.groups[gi], "sender": shop, "text": self._variant(base),
                                   "kind": "fanout"}))
        elif kind < 0.75:  # flood
            gi = self._pick(self._group_cum)
            who = self._member(gi)
            when = t
            for _ in range(rng.randint(12, 20)):
                when += rng.uniform(5, 25)
                out.append((when, {"group": self.groups[gi], "sender": who, "text": rng.choice(FLOOD),
                                   "kind": "flood"}))
        else:  # repeat
            gi = self._pick(self._group_cum)
            who = self._member(gi)
            ad = self._fill(rng.choice(ADS))
            when = t
            for _ in range(rng.randint(4, 6)):
                when += rng.uniform(1800, 4 * 3600)
                out.append((when, {"group": self.groups[gi], "sender": who, "text": self._variant(ad),
                                   "kind": "repeat"}))
        return out

    def __iter__(self) -> Iterator[dict]:
        rng, texts = self.rng, self._texts()
        pending: list[tuple[float, int, dict]] = []
        tie = 0
        t = self.start
        made = 0
        while made < self.n:
            t += rng.expovariate(1.0) * self.mean_gap / _hour_rate(t)
            while pending and pending[0][0] <= t and made < self.n:
                ts, _, rec = heapq.heappop(pending)
                made += 1
                yield {"id": f"m{made:07d}", "ts": ts, **rec}
            if made >= self.n:
                break
            if rng.random() * self.episode_every < 1:
                for ts, rec in self._episode(t):
                    tie += 1
                    heapq.heappush(pending, (ts, tie, rec))
            gi = self._pick(self._group_cum)
            made += 1
            yield {"id": f"m{made:07d}", "ts": t, "group": self.groups[gi], "sender": self._member(gi),
                   "text": next(texts), "kind": "chat"}


def disorder(records: Iterator[dict], rate: float, seed: int = 0) -> Iterator[dict]:
    """Swap a send with the next one with probability `rate` (merged-device logs)."""
    rng = random.Random(f"disorder:{seed}")
    held = None
    for rec in records:
        if held is not None:
            yield rec
            yield held
            held = None
        elif rng.random() < rate:
            held = rec
        else:
            yield rec
    if held is not None:
        yield held


MALFORMED = (
    lambda r: json.dumps(r, ensure_ascii=False)[:-9],                              # truncated JSON
    lambda r: json.dumps({k: v for k, v in r.items() if k != "text"}, ensure_ascii=False),  # no text
    lambda r: json.dumps({**r, "ts": "昨天下午"}, ensure_ascii=False),              # bad timestamp
)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(round(ts), CST).isoformat()


def jsonl_lines(records: Iterator[dict], malformed_every: int = 0) -> Iterator[str]:
    for i, rec in enumerate(records, 1):
        r = {"id": rec["id"], "ts": iso(rec["ts"]), "group": rec["group"], "sender": rec["sender"],
             "text": rec["text"]}
        if malformed_every and i % malformed_every == 0:
            yield MALFORMED[(i // malformed_every) % len(MALFORMED)](r) + "\n"
        else:
            yield json.dumps(r, ensure_ascii=False) + "\n"


def csv_lines(records: Iterator[dict]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("id", "ts", "group", "sender", "text"))
    yield buf.getvalue()
    for rec in records:
        buf.seek(0)
        buf.truncate()
        w.writerow((rec["id"], iso(rec["ts"]), rec["group"], rec["sender"], rec["text"]))
        yield buf.getvalue()


def chat_lines(records: Iterator[dict]) -> Iterator[str]:
    """WeChat-export shape: `2024-03-01 09:15:02 张三: text`, later lines of a message as is."""
    for rec in records:
        stamp = datetime.fromtimestamp(round(rec["ts"]), CST).strftime("%Y-%m-%d %H:%M:%S")
        yield f"{stamp} {rec['sender']}: {rec['text']}\n"


def write(path: str, lines: Iterator[str], encoding: str = "utf-8") -> int:
    n = 0
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt", encoding=encoding, newline="") as f:
        for line in lines:
            f.write(line)
            n += 1
    return n


# ---------------------------------------------------------------------------------------------
# examples/: a small, readable day in a dozen groups
# ---------------------------------------------------------------------------------------------

EXAMPLE_DIVERSION = (
    ("宝妈育儿交流1群", "有需要的加我V信 mama_2023，发你团购链接"),
    ("拼团福利1群", "私我拿优惠，群里不方便说价格"),
    ("宝妈育儿交流1群", "淘宝搜“晓梅优选”，同款便宜一半"),
    ("阳光小区业主1群", "修水管找王师傅，电话 138 1234 5678"),
    ("数码发烧友1群", "拼多多上更便宜，别在这买"),
    ("拼团福利1群", "➕薇：qq8899 领资料"),
    ("阳光小区业主1群", "扣扣：98765432，进业主维权群"),
    ("美妆护肤分享1群", "正品小样看我主页简介"),
)
EXAMPLE_CHAT = (
    "大家早上好{emoji}", "今天{time}团购{prod}，要的接龙", "收到，谢谢群主", "孩子的作业发群里了，家长们查收",
    "明天下雨记得带伞", "这个{prod}好用吗，求推荐", "哈哈哈哈{emoji}", "@{name} 你的快递到了，放在门口了",
    "晚饭吃什么{emoji}", "群里有没有{city}的朋友", "{prod}到了，大家来{road}{n}号拿", "物业通知：{time}停水",
    "周末一起爬山吗", "刚看到，不好意思", "楼上说得对", "我也要一份{prod}", "已付款{price}", "红包已发{emoji}",
    "谢谢老板的红包{emoji}", "小区门口新开了一家店，去看看", "北京东路店周末有活动", "给孩子买了QQ糖",
    "V领毛衣有{color}吗", "有问题私信客服哦", "稍微大了一点，能换吗", "今天有折扣吗",
    "接龙：{n}. {name} {prod}×{k}", "{prod}质量怎么样", "这周的水电费每户{price}",
)


def example_records(seed: int = 7) -> list[dict]:
    rng = random.Random(f"example:{seed}")
    g = corpus._Gen(random.Random(f"example-text:{seed}"))
    pool: set[str] = set()
    groups = [f"{t}1群" for t in TOPICS[:12]]
    main = groups[:5]
    members = {gr: _names(rng, 8, pool) for gr in main}
    day = datetime(2024, 3, 8, 7, 30, tzinfo=CST).timestamp()
    sends: list[tuple[float, dict]] = []
    t = day
    for _ in range(215):  # ordinary chat across the day, busier in the evening
        t += rng.expovariate(1.0) * 240 / _hour_rate(t)
        gr = rng.choice(main)
        text = g.fill(rng.choice(EXAMPLE_CHAT))
        if rng.random() < 0.08:
            text += "\n" + g.fill(rng.choice(EXAMPLE_CHAT))  # a two-line message
        sends.append((t, {"group": gr, "sender": rng.choice(members[gr]), "text": text}))
    span = t - day
    for i, (gr, text) in enumerate(EXAMPLE_DIVERSION):
        sends.append((day + span * (i + 0.5) / len(EXAMPLE_DIVERSION), {"group": gr, "sender": rng.choice(members.get(gr, members[main[0]])),
                                                                           "text": text}))
    # a shop fans one promo out to all 12 groups in 40 minutes (the 11th copy crosses fan-out)
    when = day + 3.2 * 3600
    promo = "【限时福利】有机猕猴桃今天只要¥39，前20名送保温杯，需要的在群里接龙"
    for i, gr in enumerate(groups):
        when += rng.uniform(90, 220)
        sends.append((when, {"group": gr, "sender": "好物小铺客服",
                             "text": promo + ("" if i % 3 == 0 else rng.choice(("🔥", "！", " [玫瑰]", "~~")))}))
    # a member floods the residents' group: 14 messages in about six minutes
    flooder = "刷屏小王"
    when = day + 9.5 * 3600
    for _ in range(14):
        when += rng.uniform(10, 35)
        sends.append((when, {"group": main[1], "sender": flooder, "text": rng.choice(FLOOD)}))
    # someone reposts the same ad into the parents' group five times in the day
    ad = "专业代购澳洲奶粉，正品保证，支持验货，价格美丽，需要的宝妈私聊我"
    when = day + 1.0 * 3600
    for _ in range(5):
        when += rng.uniform(1.5, 3) * 3600
        sends.append((when, {"group": main[0], "sender": "代购阿May", "text": ad}))
    sends.sort(key=lambda x: x[0])
    return [{"id": f"msg-{i:04d}", "ts": ts, **rec} for i, (ts, rec) in enumerate(sends, 1)]


def write_examples(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    recs = example_records()
    lines = []
    # most groups are WeChat groups; the buying group is a Douyin fan group, the beauty group a
    # Xiaohongshu group chat (a record's platform picks the profile it is judged by)
    platform = {"拼团福利1群": "douyin", "美妆护肤分享1群": "xiaohongshu"}
    for rec in recs:
        r = {"id": rec["id"], "ts": iso(rec["ts"]), "platform": platform.get(rec["group"], "wechat"),
             "group": rec["group"], "sender": rec["sender"], "text": rec["text"]}
        lines.append(json.dumps(r, ensure_ascii=False) + "\n")
    # three malformed records, as real exports have: a cut-off line, no text, a bad time
    lines.insert(60, lines[60][: len(lines[60]) // 2] + "\n")
    lines.insert(130, json.dumps({"id": "msg-x130", "ts": iso(recs[129]["ts"]), "group": recs[129]["group"],
                                  "sender": recs[129]["sender"], "type": "image"}, ensure_ascii=False) + "\n")
    lines.insert(200, json.dumps({"id": "msg-x200", "ts": "昨天 下午3点", "group": recs[199]["group"],
                                  "sender": recs[199]["sender"], "text": "好的"}, ensure_ascii=False) + "\n")
    (out / "group-log.jsonl").write_text("".join(lines), encoding="utf-8")
    chat = [r for r in recs if r["group"] == "阳光小区业主1群"]
    (out / "group-chat.txt").write_text("".join(chat_lines(iter(chat))), encoding="utf-8")
    print(f"wrote {out / 'group-log.jsonl'} ({len(lines)} lines) and {out / 'group-chat.txt'} "
          f"({len(chat)} messages)", file=sys.stderr)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", help="output file (.jsonl, .csv, .txt; add .gz to compress)")
    ap.add_argument("--lines", type=int, default=10000, help="records to write (default 10000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", choices=("jsonl", "csv", "chat"), default=None, help="default: by extension")
    ap.add_argument("--groups", type=int, default=200)
    ap.add_argument("--members", type=int, default=20000)
    ap.add_argument("--days", type=float, default=14)
    ap.add_argument("--episode-every", type=int, default=2000, help="one misbehaving episode per N sends")
    ap.add_argument("--malformed-every", type=int, default=0, help="make every Nth JSON line malformed")
    ap.add_argument("--disorder", type=float, default=0.0, help="share of sends swapped with their neighbour")
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("--examples", metavar="DIR", help="write the examples/ samples into DIR instead")
    a = ap.parse_args(argv)
    if a.examples:
        write_examples(a.examples)
        return
    if not a.out:
        ap.error("give an output file or --examples DIR")
    fmt = a.format or ("csv" if ".csv" in a.out else "chat" if ".txt" in a.out else "jsonl")
    recs: Iterator[dict] = iter(LogGenerator(a.lines, a.seed, a.groups, a.members, a.days, a.episode_every))
    if a.disorder:
        recs = disorder(recs, a.disorder, a.seed)
    lines = {"jsonl": lambda: jsonl_lines(recs, a.malformed_every), "csv": lambda: csv_lines(recs),
             "chat": lambda: chat_lines(recs)}[fmt]()
    n = write(a.out, lines, a.encoding)
    print(f"wrote {a.out}: {n} lines ({fmt})", file=sys.stderr)


if __name__ == "__main__":
    main()
