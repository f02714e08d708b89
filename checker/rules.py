"""From candidate hits to findings: boundaries, allow list, corroboration, pairing, the reading.

Three kinds of words meet here (docs/ARCHITECTURE.md §1, rules.py): platforms, contact words and actions. An
action pairs with a platform or contact word by place (before, after, next to it: the gaps
below); whether the pair is diversion is decided by how its clause reads (checker/reading.py:
an invitation to the reader, or a story, a habit, a quote, a warning). A platform alone or told
is a competitor mention; a contact word alone is nothing; an alias that is also an ordinary word
(卫星, 企鹅, v) needs an action, an ID or a number next to it before it counts."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from . import lazyre
from .grammar import GRAMMAR as _G
from .detectors.base import OTHER_NUMBER as _OTHER_NUMBER, listed
from .lexicon import Entry, Lexicon
from .normalize import CN_DIGITS, NormalizedText
from .profiles import Profile
from .reading import Reading, offered, read, recommended, speaker, _ASKING_ACTS, _OPEN_QUOTES, _COUNT, _MEASURES as _MEASURE_CHARS, _OF, _OWNED_PLACES, _PARTICLES, _describes, _clause, _han, _has_quotes, _marker_at, _quoted, _pause_before, _paused, _OWNS_TARGET, _THING_PLACE
from .types import Finding

GAP_BEFORE = 6      # 添加我们的售后微信: at most this many characters between action and platform
GAP_AFTER = 4       # 拼夕夕上拍, 淘宝店里搜
GAP_FAR = 16        # an action marked '>' may reach this far, across a comma
BACK_REACH = 48     # a 那边 may stand this far after the place it names (or the 那边 before it)
GAP_CONTACT = 3     # 打我电话, 电话联系我
GAP_DESCRIBED = 8   # 扫描最后一张图的二维码: the code described between the act and the word
# 看我个人签名, 地址都在头像: a look verb or 在/见 before a profile place, in its clause, not someone else's
_LOOKED = lazyre.compile(r"(?:看|见|瞅|睇|翻|找|在|喺)[^,;你您他她]{0,6}$")
# 图片第二张有师傅的二维码，扫了直接约: a scan opening the next clause has the code as its object
_SCAN_BACK = lazyre.compile("[的了哦哈呀啊嘛呢吧~]*,(?:直接|再|就|然后|可以|请|麻烦|大家)?")
_DESCRIBING = _G.chars("describing")
NEIGHBOURHOOD = 6   # characters on each side of a hit that jieba sees in a long clause
MAX_CLAUSE = 14     # clauses up to this long are tokenized whole, once (40 found nothing more in 22k texts)
GAP_ID = 6          # 微信同步上新 lele_95: an ID this far after a messaging channel
# A sentence longer than this is read in pieces, cut at a comma where there is one: the rules
# look at a hit's sentence, and a text joined only by commas must not make every hit pay for
# all of it (cost linear in the text, not quadratic).
MAX_SENTENCE = 256
MIN_WORD_FREQ = 5   # jieba words rarer than this (宝旺旺) are noise, not word boundaries
_DENIALS = _G.seq("denials")
_NOT_WARNINGS = _G.words("not_warnings")
FILLERS = _G.chars("fillers")
WEAK_FILLERS = _G.chars("weak_fillers")
POSSESSIVE = _G.chars("possessive")
PLACE_FILLERS = _G.chars("place_fillers")
_LOCATIVE_WORDS = _G.words("locative_words")
LOCATIVES = _G.chars("locatives")
# Channels where an account ID is the contact (微信号, QQ号, 钉钉群号); shops are not.
ID_CHANNELS = frozenset({"wechat", "wecom", "wechat_oa", "wechat_channels", "qq", "telegram", "dingtalk", "feishu", "whatsapp", "weibo",
                         "xiaohongshu", "douyin", "kuaishou", "bilibili", "other_social", "xianyu"})
# An ID label may stand between the channel and the ID (LINE ID：mei88, 微信id: abc123).
# A hedge may come first (群号好像是 58213346): the number is given all the same.
# What may stand between them: a label (号码是, :), whose (我们), a verb (聊/找/搜 abc123), 在这.
_HEDGE = "(?:%s)?" % _G.pattern("hedge")
# (…加过他的vx，号是 laochen_77; 去微信说，我的是 ab_1122xx: the label may open the next clause)
# (扣扣是 9 位：3358 127 69: how many digits it has may come between; V一下：mao_2022, the channel as a
# verb, 一下 reading 1下 in the digit view)
# (q 裙 号 735892014: 裙 for 群, the usual disguise)
# (wo de qq shi 2874561903: a label typed in pinyin, 是 as shi, 号码 as haoma, before a number)
# (号码分三段给大家：七三五 / 二二八 / 一九零: the number said to come in pieces, before them)
_LABEL = "(?:[说聊谈]?,(?=号|我的))?" + _HEDGE + "(?:[:号码是为系群裙我们的+聊找搜在这]|(?:%s)(?=[:0-9]|shi)){0,3}" \
    "(?:(?:(?:%s)(?:%s)?|(?:%s)):?)?(?:(?:\\d|1\\d)位[:是]?)?" % (
        _G.pattern("pinyin_labels"), _G.pattern("piece_labels"), _G.pattern("piece_to"),
        _G.pattern("read_out").replace("一", "[一1]"))
_LABEL_V = _LABEL.replace(_HEDGE, _HEDGE + "(?:[一1]下)?")   # (not for QQ: 扣一下 12345 is a deduction)
_ID_NEAR = lazyre.compile(r"(?:id)?%s([a-z0-9]{5,20})(?![a-z0-9])" % _LABEL_V)
# v是 uke 后面加 2020 再加个cc: an ID given in pieces, each joined to the last by 加/接/跟
# (v的前半截是lulu 后半截是2023, 扣扣号前面是2741，后面接着是 90553: halves named)
_JOINED_ID = lazyre.compile(r"(?:id)?%s(?:的?(?:前半截|前半部分|前半段|前面|开头)(?:是|为)?)?([a-z0-9]{2,20})"
                            r"((?:,?(?:(?:后面|然后|再|最后|后)?(?:加上|加个|加|接上|接|跟)|(?:后半截|后半部分|后半段|后面)(?:接着)?(?:是|为))"
                            r"[a-z0-9]{2,20}(?![a-z0-9])){1,4})" % _LABEL)
_PIECE = lazyre.compile(r"[a-z0-9]{2,20}")
_ID_FAR = lazyre.compile(r"[^a-z0-9,;]{0,%d}?([a-z0-9]{5,20})(?![a-z0-9])" % GAP_ID)
# (资料包都在扣扣群里 ⑦⑧⑤⑥②③④①⑨: for QQ, a group named with 里 then its number; 我放扣扣群了：…,
# with 了)
_LABEL_QQ = _LABEL.replace("在这]", "在这里了]")
# (群号我念一遍：幺叁捌，肆伍陆，柒零玖: read out in groups of three or four with commas between)
_ID_QQ = lazyre.compile(r"%s([1-9][0-9]{2,3}(?:,[0-9]{3,4}){1,2}(?![0-9]|,[0-9])|[1-9][0-9]{4,10}(?![0-9]))" % _LABEL_QQ)
# The same three, read on the folded view, where the digit view's numerals (一, 幺, 洞 …) are
# still characters: a match there is necessary for a match in the digit view (the two views
# drop the same characters), so most channel names are settled with no offset map at all.
_CN = "".join(CN_DIGITS)
_ID_NEAR_HINT = lazyre.compile(r"(?:id)?%s[a-z0-9%s]{5}" % (_LABEL_V, _CN))
_ID_FAR_HINT = lazyre.compile(r"[^a-z0-9,;]{0,%d}?[a-z0-9%s]{5}" % (GAP_ID, _CN))
_ID_QQ_HINT = lazyre.compile(r"%s[1-9%s](?:,?[0-9%s]){4}" % (_LABEL_QQ, _CN, _CN))
_QQ_MINE = "[^,;0-9]{0,3}[,;]?(?:我的是|我的号是|号是|号码是|我的|是)[:]?"
_QQ_FAR_HINT = lazyre.compile(r"%s[1-9%s]" % (_QQ_MINE, _CN))
_QQ_FAR = lazyre.compile(r"%s([1-9][0-9]{4,10})(?![0-9])" % _QQ_MINE)
_QQ_GROUP_ON = "[^;0-9]{0,10}?(?:%s)[:是为]?" % _G.pattern("group_number_labels")
_QQ_GROUP_HINT = lazyre.compile(r"%s[1-9%s]" % (_QQ_GROUP_ON, _CN))
_QQ_GROUP = lazyre.compile(r"%s([1-9][0-9]{4,10})(?![0-9])" % _QQ_GROUP_ON)
_SHORT_POST = 30   # characters: a post this short is a message, not an article's paragraph
# The end of a clause, after at most a few sentence-final particles (需要的私哦～).
_ODD_MARK = lazyre.compile(r"[^\w\s，。！？、,.!?;；]")   # a colon, quote, emoji …: the fold drops or changes it
_CLOSING = r"[哦呀啊哈吧呢噢喔啦嘛哟]{0,2}(?:[,;]|$)"
_CLAUSE_END = lazyre.compile(_CLOSING)
# an amount of money may close the act first (转我85就行, 转我200块就好)
_AMOUNT_END = lazyre.compile(r"\d{1,6}(?:\.\d{1,2})?(?:%s)?(?:%s)?" % (_G.pattern("money_units"), _G.pattern("settled"))
                             + _CLOSING)
# Two Latin words of two or more letters with a space between: prose, not an ID (a spaced-out
# handle goes letter by letter: m m 5 5 6 6)
_WORDS = lazyre.compile(r"[A-Za-z]{2,}[\s\-]+[A-Za-z]{2,}")
# (加我们售后的薇，ID是 tb_shouhou66: or opening the next clause, 是 for the colon)
# (欢迎+V聊聊，我的号是 linlin-ops: or the writer's 我的号 opening the next clause)
_ID_LABEL_ON = lazyre.compile(r"(?:[^,;。，！？!?\n]{0,10}?(?:[,，]\s*(?=我的号))?|\s*[,，]\s*)(?<![A-Za-z])(?:ID|id|Id|我的号)\s*(?:[:：]|是)\s*"
                              r"([A-Za-z][A-Za-z0-9_\-.]{3,19}[A-Za-z0-9])(?![A-Za-z0-9_])")
_COLON_HANDLE_ON = lazyre.compile(r"[^,;。，！？!?\n:：]{0,24}?[:：]\s*([A-Za-z][A-Za-z0-9_\-.]{3,19}[A-Za-z0-9])(?![A-Za-z0-9_])")
# (WhatsApp老闆訂枱：9123 4567: a colon a few words on, then a number of phone length)
_COLON_NUMBER_ON = lazyre.compile(r"[^,;。，！？!?\n:：]{0,12}?[:：]\s*(\+?\d(?:[ \-]?\d){7,12})(?![\d])")
# (我扣扣发你：2 8 7 6 5 4 1 3 3: right after QQ, an act between the writer and the reader, a colon,
# then the number as typed)
_ACT_COLON_QQ = lazyre.compile(r"\s*(?:%s)\s*[:：]\s*([1-9](?:[ \-]?\d){4,10})(?![\d])" % "|".join(_G.seq("act_to_reader")))
_NO_VOWEL_PART = lazyre.compile(r"(?:^|[\s\-])[b-df-hj-np-tv-xz]{2,}(?=[\s\-]|$)")   # (lower case: DMV is an acronym)
# Pinyin syllables: a hyphenated run of them is a Chinese name as a handle (tiaoyin-wang), not
# English words (mini-program)
_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uai|ian|iao|uan"
             r"|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|er|a|o|e|i|u|v)")
_PINYIN_RUN = lazyre.compile(f"(?:{_SYLLABLE})+(?:-(?:{_SYLLABLE})+)+")
_MARKUP = lazyre.compile(r"[<>]")
_ID_LABEL_BETWEEN = lazyre.compile(r"[:：号是@＠]|(?i:id)")
_TYPED_PAUSE = lazyre.compile(r"[\s\u3000]")
_ANYONE_ASKED = _G.seq("anyone_asked")
_PINYIN_LABELS = frozenset(_G.seq("pinyin_labels"))
_HANDLE_WORD = lazyre.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[A-Za-z]+[0-9]+[A-Za-z0-9]*")
_SPACED_HANDLE = lazyre.compile(r"(?:\s*(?:ID|id|Id))?[ \t]*[:：][ \t]*([A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_.]*[A-Za-z0-9])(?=\s+[A-Za-z])")
_PROSE_AFTER = lazyre.compile(r"[ ,]+[A-Za-z]")
# (iPhone 15; Redmi K70 12, Mate60 Pro: a brand in title case, then short model words typed apart)
# (X90 Pro, P60 Art: a short code in capitals and digits, then a model word typed apart)
_PRODUCT_NAME = lazyre.compile(r"[A-Za-z]{2,}\s+\d{1,3}[A-Za-z]{0,3}|[A-Z][a-z]{2,}\d{0,3}(?:\s+[A-Za-z]{0,4}\d{0,3}[A-Za-z]{0,3}){1,3}"
                               rf"|[A-Z]{{1,3}}\d{{1,4}}[A-Za-z]{{0,2}}(?:\s+(?:{_G.pattern('model_suffixes')})){{1,2}}"
                               r"|[A-Z][a-z]{2,}\d{1,3}")   # (手机Mate60, Reno10: a title-case name with its number)
_GLUED_ID = lazyre.compile(r"(?:[a-z]{2,})?\d{4,}[a-z0-9]*")   # (wxy8821, a plate: one letter glued is no name)
# WX350, V3803TX, V045PA: a product model (a few digits, a short suffix), not an account
# A sum of money (12块, 三十元, 5毛): after 扣我 it is what was deducted, not a QQ account
_AMOUNT = lazyre.compile(r"[0-9一二三四五六七八九十两几百千万.]+(?:块|元|毛|角|分钱|积分)")
_DEDUCTED = lazyre.compile(r"[0-9一二三四五六七八九十两几百千万.]+(?:%|块|元|毛|角|分|个点|点|成)")
_MODEL = lazyre.compile(r"\d{1,4}[a-z]{0,3}(?![a-z0-9])")


@dataclass
class Candidate:
    """An anchor hit and what became of it; kept for `explain`."""

    start: int          # folded view
    end: int
    entry: Entry
    decision: str = "kept"
    reason: str = ""
    reading: str = ""   # how its clause read, when an action was weighed (explain shows it)


class Context:
    """Everything the rules need about one message. The offset maps are built on first use:
    most candidates are settled on the folded string alone."""

    def __init__(self, text: str, folded: str, profile: Profile, lexicon: Lexicon, normalizer,
                 tokenize: Callable[[str], list[tuple[int, int]]], word_freq: Callable[[str], int],
                 may_cross: Callable[[str, int, int, int], bool] | None = None):
        self.text, self.f, self.profile, self.lexicon = text, folded, profile, lexicon
        self.normalizer, self.tokenize, self.word_freq = normalizer, tokenize, word_freq
        self.may_cross = may_cross
        self.links: list[tuple[int, int]] = []      # original spans of URLs, e-mails, 淘口令
        self.candidates: list[Candidate] = []
        self.survivors: set[int] = set()   # ids of the hits step 1 of analyze kept (what triage keeps)
        self._sentences: dict[tuple[int, int], Sentence] = {}
        self.memo: dict[str, object] = {}   # facts about the text a reading works out once
        self._pieces: tuple[list[int], list[int]] | None = None

    @cached_property
    def folded(self) -> NormalizedText:
        return self.normalizer.normalize(self.text, self.f)

    @cached_property
    def digits(self) -> NormalizedText:
        return self.normalizer.normalize_digits(self.text, self.folded)

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    def orig(self, start: int, end: int) -> tuple[int, int]:
        return self.folded.span(start, end)

    def sentence(self, s: int, e: int) -> "Sentence":
        """The sentence (or piece of a long one, see MAX_SENTENCE) holding folded [s, e)."""
        if self._pieces is None:
            self._pieces = _sentence_pieces(self.f)
        los, his = self._pieces
        i = bisect_right(los, s) - 1
        lo, hi = los[i], max(his[i], e)   # a hit across a hard cut keeps its end
        sent = self._sentences.get((lo, hi))
        if sent is None:
            sent = self._sentences[(lo, hi)] = Sentence(self, lo, hi)
        return sent

    @cached_property
    def platform_starts(self) -> frozenset[int]:
        return frozenset(o.start for o in self.candidates if o.entry.kind == "platform")

    @cached_property
    def _by_start(self) -> tuple[list[int], list["Candidate"]]:
        cands = sorted(self.candidates, key=lambda o: o.start)
        return [o.start for o in cands], cands

    def candidates_in(self, lo: int, hi: int) -> list["Candidate"]:
        """Candidates starting in [lo, hi), by bisection (not a walk over every hit per hit)."""
        starts, cands = self._by_start
        return cands[bisect_left(starts, lo):bisect_left(starts, hi)]

    @cached_property
    def _link_cover(self) -> "SpanCover":
        return SpanCover(list(self.links))   # the detectors have added every link by now

    def in_link(self, s0: int, e0: int) -> bool:
        """Original span [s0, e0) overlaps a URL, e-mail or 淘口令 found by a detector."""
        return self._link_cover.overlaps(s0, e0)


class SpanCover:
    """Questions about a set of spans, each a bisection rather than a walk over all of them (a
    long text has thousands of findings): spans sorted by start with the running furthest end."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach, top = [], -1
        for _, e in spans:
            top = max(top, e)
            self.reach.append(top)

    def covers(self, s: int, e: int, strictly: bool = False) -> bool:
        """A span [s2, e2) with s2 <= s and e <= e2; `strictly`: also longer (not [s, e) itself)."""
        i = bisect_right(self.starts, s)          # spans starting at or before s
        if not strictly:
            return i > 0 and self.reach[i - 1] >= e
        if i > 0 and self.reach[i - 1] > e:
            return True
        j = bisect_left(self.starts, s)           # spans starting before s
        return j > 0 and self.reach[j - 1] >= e

    def overlaps(self, s: int, e: int) -> bool:
        """A span [s2, e2) with s2 < e and e2 > s."""
        i = bisect_left(self.starts, e)           # spans starting before e
        return i > 0 and self.reach[i - 1] > s


def _sentence_pieces(f: str) -> tuple[list[int], list[int]]:
    """Sentence spans [lo, hi) of the folded text (';' ends one), each no longer than
    MAX_SENTENCE: a longer one is cut after its last comma in the second half of the window,
    else hard."""
    los, his = [], []
    n, lo = len(f), 0
    while True:
        end = f.find(";", lo)
        end = n if end < 0 else end
        while end - lo > MAX_SENTENCE:
            cut = f.rfind(",", lo + MAX_SENTENCE // 2, lo + MAX_SENTENCE)
            nxt = cut + 1 if cut >= 0 else lo + MAX_SENTENCE
            los.append(lo)
            his.append(cut if cut >= 0 else nxt)
            lo = nxt
        los.append(lo)
        his.append(end)
        if end >= n:
            return los, his
        lo = end + 1


class Sentence:
    """Context words and jieba tokens of one sentence, computed once and only if needed."""

    def __init__(self, ctx: Context, lo: int, hi: int):
        self.ctx, self.lo, self.hi = ctx, lo, hi
        self._context = None
        self._starts: list[int] | None = None   # where each context word starts, for context_in
        self._first: dict[str, Entry | None] = {}
        self._tokens_cache: dict[tuple[int, int], list[tuple[int, int]]] = {}

    @property
    def context(self) -> list[tuple[int, int, tuple[Entry, ...]]]:
        if self._context is None:
            self._context = self.ctx.lexicon.scan_context(self.ctx.f, self.lo, self.hi)
        return self._context

    def first(self, kind: str) -> Entry | None:
        """The first context word of `kind` (exempt, warning …) in the sentence; asked once per
        hit, so remembered per kind (a run-on sentence is walked once, not once per hit)."""
        if kind not in self._first:
            f = self.ctx.f
            # (放心不是骗子哈: a warning word denied is a reassurance, no warning)
            # (舍不得大家: a warning word inside a longer word that warns of nothing)
            self._first[kind] = next((e for s, _, es in self.context for e in es if e.kind == kind
                                      and not (kind == "warning" and (f[max(0, s - 3):s].endswith(_DENIALS) or any(
                                          e.term in w and f.startswith(w, s - w.index(e.term)) for w in _NOT_WARNINGS)))),
                                     None)
        return self._first[kind]

    def context_in(self, lo: int, hi: int) -> list[tuple[int, int, tuple[Entry, ...]]]:
        """The context words that start in [lo, hi), by bisection: a run-on sentence of
        thousands of characters must not be walked once per hit."""
        if self._starts is None:
            self._starts = [c[0] for c in self.context]
        return self.context[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def _tokens(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """jieba tokens of folded[lo:hi] (one clause window), memoized."""
        key = (lo, hi)
        toks = self._tokens_cache.get(key)
        if toks is None:
            toks = self._tokens_cache[key] = [(lo + a, lo + b) for a, b in self.ctx.tokenize(self.ctx.f[lo:hi])]
        return toks

    def _window(self, s: int, e: int, around: tuple[int, int] | None = None) -> tuple[int, int]:
        """Where jieba runs for [s, e): its clause, or only the neighbourhood of a long run-on
        one (a window already tokenized there if one covers it). `around` widens the window to
        a hit the span belongs to (an action's candidate), so the one jieba call serves both."""
        f = self.ctx.f
        clo = f.rfind(",", self.lo, s) + 1 if s > self.lo else self.lo
        clo = max(clo, self.lo)
        chi = f.find(",", e, self.hi)
        chi = self.hi if chi < 0 else chi
        if chi - clo > MAX_CLAUSE:  # a long run-on clause: only the neighbourhood
            need = (max(clo, s - NEIGHBOURHOOD), min(chi, e + NEIGHBOURHOOD))
            # Any window already tokenized in this clause that covers the neighbourhood will do.
            done = next(((a, b) for a, b in self._tokens_cache if clo <= a <= need[0] and need[1] <= b <= chi), None)
            if done is not None:
                clo, chi = done
            elif around is not None:
                clo, chi = max(clo, min(s, around[0]) - NEIGHBOURHOOD), min(chi, max(e, around[1]) + NEIGHBOURHOOD)
            else:
                clo, chi = need
        return clo, chi

    def tokens_around(self, s: int, e: int) -> list[tuple[int, int]]:
        """jieba's tokens of the window around [s, e), shared with crossing_word."""
        return self._tokens(*self._window(s, e))

    def crossing_word(self, s: int, e: int, min_freq: int = MIN_WORD_FREQ,
                      around: tuple[int, int] | None = None, locatives: bool = True) -> str | None:
        """A real word that [s, e) cuts through (北京 for 京东 in 北京东路), if any. jieba runs
        on a few characters around the hit, within its clause, never on the whole message."""
        f = self.ctx.f
        lo, hi = self._window(s, e, around)  # one jieba call per clause, shared by every hit and action in it
        may_cross = self.ctx.may_cross
        if may_cross is not None and not (may_cross(f, s, lo, hi) or may_cross(f, e, lo, hi)):
            return None  # no dictionary word spans either edge: jieba cannot cut through
        for ts, te in self._tokens(lo, hi):
            if ts < s < te or ts < e < te:
                token = f[ts:te]
                if token in self.ctx.lexicon.anchors or self.ctx.word_freq(token) < min_freq:
                    continue
                if locatives and s <= ts < e < te and f[e:te] in LOCATIVES:
                    continue
                if ts == e - 1 < te and f[ts:te] in _LOCATIVE_WORDS:
                    continue   # 蝦皮上面同款: the hit's last 上 opens jieba's 上面, "on" all the same
                if ts < s == te - 1 and f[ts] == f[s]:
                    continue   # 看看我主页, 看一看我主页: a repeated verb's last syllable starts the hit
                if ts == e - 1 and te == e + 1 and f[ts] == f[e]:
                    continue   # 在美团团购的: the name's last character again opens the next word (团购), not 团团
                if te == e and set(f[ts:s]) <= _WORD_OPENERS:
                    continue   # 请留下您的电话: jieba's 请留下 is 请 + the act, the act still
                if ts < s < te and ts > lo and self.ctx.word_freq(f[ts - 1:ts + 1]) > self.ctx.word_freq(token):
                    continue   # 下回扫我: jieba's rare 回扫 steals the 回 of the commoner 下回
                cut = s if ts < s < te else e
                o1 = self.ctx.orig(cut - 1, cut)[1]
                if _pause_before(self.ctx, max(0, o1 - 2), cut):
                    continue   # 加扣扣 发全套: a pause typed as a space, no word runs across it
                if any(ch in _QUOTE_MARKS for ch in self.ctx.text[o1:self.ctx.orig(cut, cut + 1)[0]]):
                    continue   # 关注公众号"声动KTV": no word runs across a quotation mark (号声)
                return token
        return None


def _latin_fold(f: str, s: int, e: int, lower: str) -> bool | None:
    """A Latin term must not touch other letters (vip is not v, tv is not v), unless the
    writer put a separator there (jia wo wei xin). True: bounded; False: part of a word; None:
    only the offset map can tell (the run as folded is not in the text as typed)."""
    before = s > 0 and f[s - 1].isascii() and f[s - 1].isalpha() and f[s].isascii() and f[s].isalpha()
    after = e < len(f) and f[e].isascii() and f[e].isalpha() and f[e - 1].isascii() and f[e - 1].isalpha()
    if not (before or after):
        return True
    # The Latin run as folded; if the writer typed it so, contiguous, it is one word (wifi,
    # vivo) and no offset map is needed to say so.
    lo, hi = s, e
    while lo > 0 and f[lo - 1].isascii() and f[lo - 1].isalnum():
        lo -= 1
    while hi < len(f) and f[hi].isascii() and f[hi].isalnum():
        hi += 1
    if after and not before and s == lo and e - s > 1 and _GLUED_ID.fullmatch(f, e, hi):
        return True   # vxlove921647, wxgirl819371: a channel name glued to an account ID
    run = f[lo:hi]
    if run in lower:
        return False
    return _spelled_by_words(run, s - lo, e - lo, before, after, lower)


_LATIN_WORD = lazyre.compile("[a-z0-9]+")


def _spelled_by_words(run: str, s: int, e: int, before: bool, after: bool, lower: str) -> bool | None:
    """The run as folded may be several words as typed (new arrival -> newarrival): find the
    consecutive Latin words of the text that spell it; the hit stands alone if its edges fall
    on their edges. None if no words spell it (full-width or look-alike letters) or two
    spellings disagree: then only the offset map can tell."""
    words = _LATIN_WORD.findall(lower)
    answers = set()
    for i in range(len(words)):
        if not run.startswith(words[i]):
            continue
        acc, edges, j = "", {0}, i
        while j < len(words) and len(acc) < len(run) and run.startswith(acc + words[j]):
            acc += words[j]
            edges.add(len(acc))
            j += 1
        if acc == run:
            answers.add(not ((before and s not in edges) or (after and e not in edges)))
    return answers.pop() if len(answers) == 1 else None


_QA_ANSWER = lazyre.compile("[;,]a:")


def _qa_label(f: str, s: int, e: int) -> bool:
    """Folded [s, e) is Q opening a line with a colon, words after it, and a line opening with
    A: further on (Q：能留微信吗？A：不能): a FAQ's labels, not QQ."""
    return f[s:e] == "q" and (s == 0 or f[s - 1] in ",;") and f[e:e + 1] == ":" \
        and not f[e + 1:e + 2].isdigit() and _QA_ANSWER.search(f, e) is not None


def _latin_bounded(ctx: Context, s: int, e: int) -> bool:
    found = _latin_fold(ctx.f, s, e, ctx.lower)
    if found is not None:
        return found
    f, offs = ctx.f, ctx.folded.offsets
    if s > 0 and f[s - 1].isascii() and f[s - 1].isalpha() and offs[s] - offs[s - 1] == 1:
        return False
    return not (e < len(f) and f[e].isascii() and f[e].isalpha() and offs[e] - offs[e - 1] == 1)


_LATIN = lazyre.compile("[a-zA-Z]")


def _word_ending(ctx: Context, s: int, e: int) -> str | None:
    """A word jieba knows that ends with the hit and starts before it (隐私, 自私 for 私):
    a '$' term closing a clause counts only when it stands alone."""
    f = ctx.f
    return next((f[i:e] for i in range(s - 1, max(-1, s - 4), -1) if ctx.word_freq(f[i:e]) > 0), None)


def _has_latin(term: str) -> bool:
    return _LATIN.search(term) is not None


def triage(anchors, f: str, text: str, lex: Lexicon) -> list:
    """Drop, on the folded string alone, the hits that step 1 of `analyze` would drop anyway
    (微 in 微笑, v in VIP, 京东 in 北京东路, 手机 in 手机壳, v in 5v, WX350), and contact words
    and ordinary-word aliases that nothing can corroborate: most messages with a hit have only
    such hits and never build a Context. The same tests as `analyze`, so `explain`, which
    skips this, tells the same story with reasons."""
    hints = lex.hints
    lower = odd = paused = None   # (looked at once per text, on first need)
    out = []
    for i, (s, e, entries) in enumerate(anchors):
        k = _facts(lex, entries)
        if k.at_end and not _CLAUSE_END.match(f, e) and not _AMOUNT_END.match(f, e):
            if odd is None:   # once per text: a search per hit would make a long text quadratic
                odd = bool(_TYPED_PAUSE.search(text) or _ODD_MARK.search(text))
            if not odd:
                continue   # (with a space or a mark the fold drops typed somewhere, analyze reads the
                #           text as written: 直接转我 少你十块, 宝子来电：020-…)
        if entries[0].term[-1:].isdigit() and f[e:e + 1].isdigit():
            continue   # 扣12分: the first digits of a longer number
        if k.lone_alias:
            prev = f[s - 1] if s else ""
            nxt = f[e] if e < len(f) else ""
            if not (prev and prev in hints.before_last) and not (nxt and nxt in hints.after_first):
                continue
        if k.latin:
            if lower is None:
                lower = text.lower()
            if _latin_fold(f, s, e, lower) is False:
                continue
        if k.ascii:
            if _MODEL.match(f, e) or _qa_label(f, s, e):
                continue
            if s > 0 and f[s - 1].isdigit() and k.any_ambiguous:
                entries = tuple(x for x in entries if not x.ambiguous)
                if not entries:
                    continue
                k = _facts(lex, entries)
        elif k.latin_led and s > 0 and f[s - 1].isdigit():
            continue   # 2tb有卖: a unit after a number, then words
        if k.place and not _LOOKED.search(f, max(0, s - 8), s):
            continue   # 换了个头像, 首页推荐: a profile place named, no one sent to look there
        if k.scan_only and "扫" not in f[max(0, s - GAP_DESCRIBED - 4):e + 8]:
            continue   # 尺码, 码数: a code only where a scan is near
        # 加V领红包 (add V, get…) needs the sentence to tell from a V-neck: analyze decides.
        if not k.v_neck and lex.allow_over(f, s, e) and not _id_right_after(f, e, entries[0]):
            continue
        # A contact word (手机, 小号) or an ordinary-word alias (ins, 企鹅) counts only with an
        # ID right after it or an action near it: no ID hint and no action in reach, no finding.
        # (The near-ID hint: it also covers a QQ number, and an alias with no action never
        # looks for a far ID.)
        # (Not when another hit lies inside it: in analyze this one would shadow that one.)
        # (Nor an alias named with a platform's plain name, 美团和饿了么: analyze keeps it.)
        # (Nor a Latin abbreviation amid Chinese, tb几十块: analyze looks at its case.)
        # (Nor an alias opening its clause, 旺旺咨询有优惠券: analyze looks for a benefit after it.)
        # (a code keyed from its describer has passed the scan test above; its gap may be GAP_DESCRIBED)
        if k.needs_support and not k.scan_only and not _ID_NEAR_HINT.match(f, e) and \
                not _action_in_reach(lex, f, s, e, k.contact, paused if paused is not None else
                                     (paused := bool(_TYPED_PAUSE.search(text)))) and \
                not _holds_another(anchors, i, s, e) and not _named_with_platform(f, anchors, s, e) and \
                not (k.amid and _han(f[e:e + 1]) and (s == 0 or _han(f[s - 1]))) and \
                not (e - s > 1 and s > 0 and f[s - 1] in _GO and f[e:e + 1] in _LOOK) and \
                not ((e - s > 1 and (s == 0 or f[s - 1] in ",;") and _han(f[s]) or f.startswith(_CHANNEL_ROLES, e))
                     and any(x.kind == "platform" and x.ambiguous for x in entries)):
            continue   # (Nor an alias with a role on it after it, 绿泡泡客服, LINE群, nor one gone to and
            #            looked in, 到其他平台刷: analyze keeps it.)
        out.append((s, e, entries))
    return out


def _unit_like(entry) -> bool:
    """After a digit, an alias that is a unit (2tb, 5v, 1w), or a term led by Latin letters and
    going on in Chinese (2tb有卖吗: terabytes)."""
    t = entry.term
    return (entry.ambiguous and t.isascii()) or (not t.isascii() and t[:1].isascii() and t[:1].isalpha())


def _holds_another(anchors, i: int, s: int, e: int) -> bool:
    """Another hit lies inside anchors[i] = [s, e). Anchors come sorted by start: only the
    neighbours that start in [s, e) can, so look there, not at every hit."""
    j = i
    while j > 0 and anchors[j - 1][0] >= s:
        j -= 1
    n = len(anchors)
    while j < n and anchors[j][0] < e:
        s2, e2, _ = anchors[j]
        if s <= s2 and e2 <= e and e2 - s2 < e - s:
            return True
        j += 1
    return False


class _Facts:
    """What triage asks of a hit's entries, worked out once per entries tuple."""

    __slots__ = ("lone_alias", "latin", "ascii", "latin_led", "any_ambiguous", "v_neck", "contact", "needs_support", "at_end",
                 "amid", "place", "scan_only")

    def __init__(self, entries):
        term = entries[0].term
        one = len(term) == 1
        self.lone_alias = one and all(x.ambiguous for x in entries)
        self.latin = _has_latin(term)
        self.ascii = term.isascii()
        self.latin_led = not self.ascii and term[:1].isascii() and term[:1].isalpha()
        self.any_ambiguous = any(x.ambiguous for x in entries)
        self.v_neck = one and self.ascii and self.any_ambiguous
        self.contact = all(x.kind == "contact" for x in entries)
        self.needs_support = self.contact or all(x.kind == "platform" and x.ambiguous for x in entries)
        self.at_end = all(x.at_end for x in entries)
        self.amid = self.ascii and all(x.kind == "platform" and x.ambiguous and x.strong for x in entries)
        self.place = all(x.kind == "pointer" and x.weak for x in entries)
        self.scan_only = all(x.kind == "contact" and x.weak for x in entries)


def _facts(lex: Lexicon, entries) -> _Facts:
    """Memoized per lexicon, by the identity of its entries tuples (they live as long as it)."""
    memo = lex.memo.setdefault("triage", {})
    got = memo.get(id(entries))
    if got is None:
        got = memo[id(entries)] = _Facts(entries)
    return got


def _action_in_reach(lex: Lexicon, f: str, s: int, e: int, contact: bool, paused: bool = False) -> bool:
    """Any action of the kinds that can corroborate the hit, as far as `_actions` lets it
    stand: a '>' action up to GAP_FAR away in the sentence, across a comma; any other within
    GAP_BEFORE (the widest of the near gaps) and its clause. Plus the action's own length.
    `paused`: the text has a pause typed as a space, which can close 有…没 (有电话没 我想…):
    only analyze, with the text as written, can tell."""
    reach = lex.context_maxlen
    lo, hi = max(0, s - GAP_FAR - reach), min(len(f), e + GAP_FAR + reach)
    sent_lo = f.rfind(";", lo, s) + 1
    sent_hi = f.find(";", e, hi)
    sent_hi = hi if sent_hi < 0 else sent_hi
    found = lex.actions_in(f, max(sent_lo, lo), sent_hi, contact)
    if not found:
        return False
    near = max(GAP_BEFORE, GAP_AFTER, GAP_CONTACT)
    for s2, e2, entries in found:
        if e2 - s2 == 1 and f[s2] == "有" and not _has_asks(f, s2, s, e, f[s:e] if contact else None) and not (
                paused and s2 + 1 == s and _HAS_Q_WORD.match(f, e)):
            continue   # (the test _actions makes of 有: 有电话吗, 有v没, not 有大号吗)
        if any(a.far for a in entries):
            return True
        lo, hi = (e2, s) if e2 <= s else (e, s2) if s2 >= e else (s2, s2)
        if hi - lo <= near and "," not in f[lo:hi]:
            return True
    return False


def _ordinary_senses(ctx: Context) -> list[tuple[int, str, str]]:
    """(start, alias, allow word) for each ambiguous alias the allow list covers (企鹅 of
    企鹅玩偶; 🐧 folds to 企鹅): one scan of the text, however many hits ask."""
    f, lex = ctx.f, ctx.lexicon
    out = []
    for s, e, entries in lex.scan_anchors(f):
        for x in entries:
            if x.kind == "platform" and x.ambiguous and x.channel and (a := lex.allow_over(f, s, e)) is not None:
                out.append((s, x.term, a.canonical))
                break
    return out


def analyze(ctx: Context, anchors) -> list[Finding]:
    f = ctx.f
    cands = [Candidate(s, e, entry) for s, e, entries in anchors for entry in entries]
    ctx.candidates = cands

    # 1. Cheap string checks first, then Latin word boundaries, links, allow list.
    hints = ctx.lexicon.hints
    live = []
    settled = None   # where the message says a channel's word in an ordinary sense, found once
    for c in cands:
        e = c.entry
        if e.ambiguous and len(e.term) == 1:
            prev = f[c.start - 1] if c.start else ""
            nxt = f[c.end] if c.end < len(f) else ""
            if not (prev and prev in hints.before_last) and not (nxt and nxt in hints.after_first):
                c.decision, c.reason = "dropped", "one-character alias with no action or ID next to it"
                continue
        if ctx.links and ctx.in_link(*ctx.orig(c.start, c.end)):
                c.decision, c.reason = "dropped", "inside a link or e-mail address"
                continue
        if _has_latin(c.entry.term) and not _latin_bounded(ctx, c.start, c.end):
            c.decision, c.reason = "dropped", "part of a longer Latin word"
            continue
        if c.start > 0 and f[c.start - 1].isdigit() and _unit_like(c.entry):
            c.decision, c.reason = "dropped", "a unit after a number (2tb, 5v, 1w)"
            continue
        if c.entry.term.isascii() and _MODEL.match(f, c.end):
            c.decision, c.reason = "dropped", "a model number (WX350, V8, Q5)"
            continue
        if c.entry.term.isascii() and _qa_label(f, c.start, c.end):
            c.decision, c.reason = "dropped", "a question's label, an answer's A: after it (Q：…A：…)"
            continue
        if c.entry.term[-1:].isdigit() and f[c.end:c.end + 1].isdigit():
            c.decision, c.reason = "dropped", "the first digits of a longer number (扣12分)"
            continue
        if c.entry.at_end and not _closes_here(ctx, c.end):
            c.decision, c.reason = "dropped", "counts only at the end of a clause ($)"
            continue
        if c.entry.at_end and (word := _word_ending(ctx, c.start, c.end)):
            c.decision, c.reason = "dropped", f"the end of the word {word!r}"
            continue
        # An allow word covering the hit, or starting inside it and running on (泡泡袖 after
        # 绿色泡泡), says the hit is part of an ordinary word.
        allow = ctx.lexicon.allow_over(f, c.start, c.end)
        # (有没有V领的款式: a garment or 的 after the allow word, a neckline whatever came before)
        # (not 芋泥啵啵加Q弹小料: only where the allow word goes on with a verb, 领, can the alias
        # be "add V, then get")
        if allow is not None and e.ambiguous and len(e.term) == 1 and e.term.isascii() and \
                f[c.end:c.end + 1] in _VERB_AFTER_ALIAS and \
                _action_right_before(ctx.sentence(c.start, c.end), c.start) and \
                not f.startswith(_GARMENT_AFTER, _word_end(f, allow.term, c)):
            allow = None  # 加V领红包: "add V, get…", not a V-neck
        if allow is not None and _id_right_after(f, c.end, e):
            allow = None  # 小企鹅 330816725: the account follows, the ordinary word is a disguise
        if allow is not None:
            c.decision, c.reason = "dropped", f"allow list: {allow.canonical} ({allow.source})"
            continue
        # (我妈是我们家包饺子的快手，…: 是…的 and the name closing its clause, a person good at it)
        if e.term in _PERSON_SENSES and f[c.start - 1:c.start] == "的" and (c.end == len(f) or f[c.end] in ",;") \
                and f.rfind("是", max(f.rfind(",", 0, c.start), f.rfind(";", 0, c.start)) + 1, c.start) >= 0:
            c.decision, c.reason = "dropped", f"是…的{e.term}: a person good at something"
            continue
        # (那个企鹅玩偶还有没？…非要蓝色那个🐧: an ordinary sense of the channel's word said earlier
        # in the message settles what the same alias means later, unless an ID follows)
        if e.ambiguous and e.channel:
            if settled is None:
                settled = _ordinary_senses(ctx)
            word = next((w for s0, term, w in settled if term == e.term and s0 < c.start), None)
            if word is not None and not _id_right_after(f, c.end, e):
                c.decision, c.reason = "dropped", f"the sense said earlier: {word}"
                continue
        live.append(c)

    # 2. Longest match: a hit inside a longer surviving hit is the same mention.
    #    Sorted by start, a kept hit holds c iff the one reaching furthest does (and is longer).
    ctx.survivors = {id(c) for c in live}
    live.sort(key=lambda c: (c.start, -(c.end - c.start)))
    # (代购尾款走银行卡 转完截图给我: a longer phrase that runs on across a pause typed as a space,
    # where a shorter one from the same start ends at the pause, is the shorter one)
    if len(live) > 1 and (" " in ctx.text or "\u3000" in ctx.text):
        on = []
        for i, c in enumerate(live):
            if c.entry.kind == "phrase" and _shorter_to_pause(ctx, c, live[i + 1:i + 4]):
                c.decision, c.reason = "dropped", "runs on across a pause typed as a space"
                continue
            on.append(c)
        live = on
    kept: list[Candidate] = []
    outer = None   # the kept hit that ends furthest (the first such: the earliest start)
    for c in live:
        if outer is not None and c.end <= outer.end and (outer.end - outer.start) > (c.end - c.start):
            c.decision, c.reason = "dropped", f"inside the longer match {f[outer.start:outer.end]!r}"
            continue
        kept.append(c)
        if outer is None or c.end > outer.end:
            outer = c

    # 3. Word boundaries from jieba, run only around these hits. An account ID right after a
    #    channel name settles it (围信号：happy_mom is not 信号).
    findings: list[Finding] = []
    for c in kept:
        sent = ctx.sentence(c.start, c.end)
        found = _judge(ctx, c, sent)
        # jieba only for hits that would become findings (most are settled already), and not
        # when an account ID follows: that settles it whatever word jieba sees (围信号：abc).
        # (nor for a 某 euphemism, never an ordinary word: 比某宝贵了 is 某宝 + 贵, not 宝贵)
        # (a code keyed from its describing character, 个码 of 那个码, 的码 of 桌上的码, is read
        # with the character before it: 那个 is no cut, 桌上 is, as in 扫桌上的码点单)
        # (a place word right before it, 扫下面的码, 扫上面的码, is the place itself)
        code = c.entry.weak and c.entry.kind == "contact"
        if found and not c.entry.term.isascii() and not c.entry.term.startswith("某") and not (
                c.entry.kind in ("platform", "contact") and _id_after(ctx, c)):
            word = sent.crossing_word(c.start - 1 if code else c.start, c.end)
            if code and word in _CODE_PLACES:
                word = None
            # (照片都放在蝦皮賣場了: a verb that ends in 在, 放在 or 挂在, leads to the place the
            # key names with its own 在; it is no word cut through)
            elif word is not None and c.entry.term[:1] == "在" and word[-1:] == "在" and ctx.f.startswith(word, c.start + 1 - len(word)):
                word = None
            if word is not None and not _verb_object(ctx, word, c):
                c.decision, c.reason = "dropped", f"cuts through the word {word!r}"
                continue
        # (安徽－0.6－1.6: a one-character alias that ends a word jieba knows, with no act before
        # the word, is that word's last character even when figures follow)
        elif found and c.entry.ambiguous and len(c.entry.term) == 1 and \
                (word := sent.crossing_word(c.start, c.end)) is not None and len(word) > 1 and \
                f.startswith(word, c.end - len(word)) and not _action_right_before(sent, c.end - len(word)):
            c.decision, c.reason = "dropped", f"the end of the word {word!r}"
            continue
        findings.extend(found)
    return findings


def _actions(ctx: Context, c: Candidate, sent: Sentence, modes, end: int | None = None) -> list[tuple[int, int, Entry]]:
    """Actions that stand in the allowed place relative to candidate c; `end` moves the point
    'after' actions count from (past an ID: 钉钉群号 38291047，进群)."""
    f = ctx.f
    end = c.end if end is None else end
    single = c.entry.ambiguous and len(c.entry.term) == 1
    out = []
    # Only words that can stand in one of the places below: by position, not a walk over the
    # sentence per candidate.
    reach = max(GAP_FAR, GAP_BEFORE) + ctx.lexicon.context_maxlen
    hi = max(end, c.end) + GAP_FAR + 1
    # 那边 (reading.txt [reading back]) stands for the place named: far actions count from it
    # (…满减更多，满三十减十二，这边只能减八块，…，去那边下单更划算，…，直接去那边搜我们店名: each
    # 那边 may stand up to BACK_REACH after the place or the 那边 before it)
    at, backs = end, []
    while "after" in modes and any(ch in f[at:min(sent.hi, at + BACK_REACH)] for ch in _back_firsts(ctx.lexicon)):
        more = [e3 for _, e3, xs in ctx.lexicon.scan_reading(f, at, min(sent.hi, at + BACK_REACH))
                if e3 > at and any(x.mode == "back" for x in xs)]
        if not more:
            break
        backs += more
        at = more[-1]
        hi = max(hi, at + GAP_FAR + 1)
    for s2, e2, entries in sent.context_in(c.start - reach, hi):
        for a in entries:
            if a.kind != "action" or a.mode not in modes:
                continue
            # (兄弟有卫星没？: 有…没 asks for it too)
            if a.weak and c.entry.ambiguous and not c.entry.term.isascii() and not (
                    a.term in _ASKING_ACTS and e2 == c.start and _closing(f, c.end)
                    or a.term == "有" and _has_asks(f, s2, c.start, c.end, ctx=ctx)):
                continue  # 企鹅公仔买一送一: an ordinary word needs a real invitation (有没有绿泡泡啊 asks)
            ok = False
            if a.term in _ASKING_ACTS and e2 <= c.start and f.startswith(_ANYONE_ASKED, e2):
                continue   # 有没有人知道为什么我的手机号…: whether anyone knows, no account asked for
            if a.term in _ASKING_ACTS and any(f.endswith(w, max(0, s2 - 2), s2) for w in _CHECK_WORDS):
                continue   # 先看有没有联系方式: whether there is one, checked; no account asked for
            if a.mode == "before" and e2 <= c.start:
                between = f[e2:c.start]
                if a.term == "有" and not _has_asks(f, s2, c.start, c.end, ctx=ctx):
                    continue
                if a.term == "要" and between.startswith(_MODAL_AFTER):
                    continue   # 一定要用企业微信, 要上企微: 要 is "must" before another verb, no asking for it
                if a.term in _ASKING_WHO and f[c.end:c.end + 1] not in _OF and \
                        "的" in f[c.end + 1:(k if (k := f.find(",", c.end, sent.hi)) >= 0 else sent.hi)]:
                    continue   # 谁有企微标签体系的模板: the channel opens a longer name, what is asked for
                # A weak one (来, 完整版在, 放在) stands right before the platform, or before whose
                # it is (放在我的公众号); 放在门口了 ins风 is a parcel, not a pointer.
                # (加下店长V, 加一下老板的q: the account's owner, a person of [reading agent], between)
                ok = (len(between) <= 2 and set(between) <= FILLERS or _owner_between(ctx.lexicon, between)) if single else \
                    (len(between) <= 3 and set(between) <= POSSESSIVE or _owner_between(ctx.lexicon, between)) if a.weak else \
                    (len(between) <= GAP_BEFORE and "," not in between and
                     not (c.entry.ambiguous and not c.entry.term.isascii() and len(between) > 3
                          and between[-1] not in "的个" and not set(between) <= POSSESSIVE
                          and not _owner_between(ctx.lexicon, between)))
            elif a.mode == "after" and s2 >= end and not single:
                between = f[end:s2]
                if a.weak:
                    ok = (len(between) <= 1 and set(between) <= WEAK_FILLERS) or \
                        (len(between) <= 3 and set(between) <= PLACE_FILLERS) or \
                        (a.far and len(between) <= GAP_FAR)
                else:
                    ok = (len(between) <= GAP_AFTER and "," not in between) or (a.far and len(between) <= GAP_FAR)
                # 拼夕夕上也有店…那边可以用券 搜 美琪工厂店: 那边 stands for the place named, and
                # the distance counts from it
                if not ok and a.far and len(between) > GAP_FAR:
                    ok = any(e3 <= e2 and e2 - e3 <= GAP_FAR for e3 in backs)   # (去那边拍: or inside the act)
            elif a.mode == "next":
                # v我, q我, 扣我 — not 快手我都刷, and not 扣我12块 (money taken off me)
                # (a '!' one gives the account whatever the name: 微信同手机号, V❤同手机号)
                ok = s2 == c.end and (len(c.entry.term) == 1 or c.entry.term.isascii() or a.strong) \
                    and not (single and _AMOUNT.match(f, e2)) \
                    and not (a.term == "我" and f.startswith(_ME_SUBJECT, e2))
            elif a.mode == "contact" and (e2 <= c.start or s2 >= c.end):
                if a.term in _CODE_ONLY_ACTS and "码" not in c.entry.term:
                    continue   # 识别手机号: the platform recognizing numbers; only a code is scanned so
                if c.entry.weak and not (_scans(a.term) and (f[e2:c.start] if e2 <= c.start else f[c.start - 1:c.start] in "那这")):
                    continue   # 要那个码: a size; only a scan makes a code described by its place a contact, the
                    #            place between (扫门口那个码, not 扫个码) or 那/这 before it (那个码扫一下)
                if a.term == "有" and not _has_asks(f, s2, c.start, c.end, c.entry.term, ctx):
                    continue
                # After the word, with a verb after it, 有没有 asks whether (看看手机有没有开短信拦截) and
                # 要 is "needs to" (大号要提前规划); closing the clause they ask for one (手机号有没有？,
                # 电话要吗), and 要 before a count too (电话要一个).
                if s2 >= c.end and not _closing(f, e2) and (a.term in _ASKING_ACTS or a.term == "要" and not (
                        _COUNT.match(f, e2) or f[e2:e2 + 1] in _MEASURE_CHARS)):
                    continue
                between = f[e2:c.start] if e2 <= c.start else f[c.end:s2]
                if a.term == "要" and e2 <= c.start and between.startswith(_MODAL_AFTER):
                    continue   # 要用家长手机转钱, 要绑家长手机: 要 is "must" before another verb, no asking for it
                ok = (len(between) <= GAP_CONTACT and "," not in between) or (a.far and len(between) <= GAP_FAR) \
                    or (len(between) <= GAP_BEFORE and set(between) <= POSSESSIVE) \
                    or (e2 <= c.start and not a.strong and len(between) <= GAP_DESCRIBED and "," not in between
                        and (between[-1] in _DESCRIBING or c.entry.weak) and not _someones(ctx, e2, c.start)) \
                    or (s2 >= c.end and _scans(a.term) and _SCAN_BACK.fullmatch(between) is not None) \
                    or (e2 <= c.start and _scans(a.term) and _CODE_PLACE_RUN.fullmatch(between) is not None)
                # (扫码连上wifi就能用，手机直接打印照片: a far act's target opening the next clause,
                # then an adverb: the clause's subject, doing its own thing)
                if ok and e2 <= c.start and f[c.start - 1:c.start] == "," and f.startswith(_SUBJECT_THEN, c.end):
                    ok = False
            # ('$': a question particle as the action, 有微信没, only where it closes the clause:
            # 当当网没货 is no question)
            if ok and a.at_end and not _closes_here(ctx, e2):
                ok = False
            # (截图里的号码: an act followed by 里 is a thing, a place things are in)
            if ok and a.mode in ("before", "contact") and f[e2:e2 + 1] == "里" and e2 != c.start:
                ok = False
            if ok and not _action_cut(sent, s2, e2, (c.start, c.end)) and not _in_contact_word(ctx, c, s2, e2):
                out.append((s2, e2, a))
    return out


def _writer_next(ctx: Context, sent: Sentence, end: int) -> bool:
    """The clause after the one ending past folded `end` opens with the writer (…，我挨个拉)."""
    f = ctx.f
    k = f.find(",", end, sent.hi)
    return k >= 0 and f.startswith("我", k + 1) and not f.startswith("我们", k + 1)


def _named_with_platform(f: str, hits, s: int, e: int) -> bool:
    """The ordinary-word alias at [s, e) joined to a platform's plain name by 和/与/跟/、 (在美团和
    饿了么都上了): named as a platform among platforms. `hits` are (start, end, entries): the
    scan's anchors in the fast path, the candidates in `analyze`."""
    for s2, e2, entries in hits:
        if (s2, e2) == (s, e) or not any(x.kind == "platform" and not x.ambiguous for x in entries):
            continue
        between = f[e2:s] if e2 <= s else f[e:s2] if e <= s2 else None
        if between is not None and between in _AND:
            return True
    return False


_AND = _G.words("and")
# (扫描本文下方二维码: where the code is, between the scan and the code)
_CODE_PLACE_RUN = lazyre.compile("(?:%s){1,3}的?" % _G.pattern("code_place_words"))


def _closes_here(ctx: Context, e: int) -> bool:
    """Folded position e ends a clause: punctuation or the end (an amount may come first: 转我85就行),
    a pause typed as a space (a particle may come first), or the one addressed named after it
    (有微信吗主播)."""
    f = ctx.f
    if _CLAUSE_END.match(f, e) is not None or _AMOUNT_END.match(f, e) is not None:
        return True
    _, start = ctx.orig(e - 1, e)
    o = start
    # (换个地方细聊吧 这里说多了要限流: a particle or two may come before the typed pause)
    while o < len(ctx.text) and o - start < 2 and ctx.text[o] in _PARTICLES:
        o += 1
    if o < len(ctx.text) and not ctx.text[o].isalnum() and ctx.text[o] not in _OPEN_QUOTES:
        return True   # 有威芯没 想找你订两箱 (not 加上“加个”构成…: a quotation opens, the clause goes on)
    # (手机号多少啊老板: a particle or two may come first)
    k = e
    while k < len(f) and k - e < 2 and f[k] in _PARTICLES:
        k += 1
    return any(s2 == k and any(x.kind == "reading" and x.mode in ("addressee", "agent") for x in xs)
               for s2, _, xs in ctx.lexicon.scan_reading(f, k, min(len(f), k + 4)))


def _amid_chinese(ctx: Context, c: Candidate) -> bool:
    """The alias as written, in lower case, stands between Chinese characters (…是tb几十块的…): no
    digit before it (2TB硬盘), no Latin letter on either side; capitals are the English
    abbreviation (TB级的数据, 看JD要求)."""
    text = ctx.text
    s, e = ctx.orig(c.start, c.end)
    before = text[:s].rstrip(" ")[-1:]   # (fb 搜尋…: a space typed between does not count)
    after = text[e:].lstrip(" ")[:1]
    if not text[s:e].islower():
        # (同样的电饭煲JD卖399, 同款TB只要59: in capitals too, right before what it sells for)
        return text[s:e].isupper() and _han(before) and text.startswith(_SELLS_FOR, e)
    return _han(after) and (not before or _han(before) or not before.isalnum())


_GO = _G.chars("go")
_CHANNEL_NOUNS = _G.words("channel_nouns")
_SELLS_FOR = _G.seq("sells_for")
_LOOK = _G.chars("look")


def _gone_to(ctx: Context, c: Candidate) -> bool:
    """An ordinary-word alias of two or more characters between a going verb and a looking or
    buying one (去小红薯看看买家测评, 到咸鱼搜): only a place is gone to and looked in; a sweet
    potato is not."""
    f = ctx.f
    return len(c.entry.term) > 1 and c.start > 0 and f[c.start - 1] in _GO and f[c.end:c.end + 1] in _LOOK


_WRITER_AT = _G.seq("writer_at")
_CLOSERS = _G.chars("closers")


def _closing(f: str, e: int) -> bool:
    """A particle or a clause mark, or the text's end, at folded position e (有没有绿泡泡啊)."""
    return e >= len(f) or f[e] in _CLOSERS


def _pointed_at(ctx: Context, c: Candidate, sent: Sentence) -> bool:
    """A profile place ('~' in pointers.txt) the reader is sent to: a look verb before it with
    the writer's own between (看我个人签名, 看下我们店头像), or what is there told right before
    it (预约电话都在头像上, 联系方式见个人资料: an offer or contact word, then 在/见)."""
    f = ctx.f
    m = _LOOKED.search(f, max(sent.lo, c.start - 8), c.start)
    if m is None:
        return False
    gap = f[m.start():c.start]
    if "我" in gap or "店" in gap:
        return True
    if len(gap) > 3:
        return False
    lo = max(f.rfind(",", sent.lo, c.start), sent.lo - 1) + 1
    return offered(ctx, sent, c.start) is not None or any(
        e.kind == "contact" for _, _, es in ctx.lexicon.scan_anchors(f[lo:m.start()]) for e in es)


def _id_right_after(f: str, e: int, entry) -> bool:
    """A QQ number, or an ID of letters and digits, right after a channel's alias (小企鹅
    330816725): the allow word it is part of is then the channel's disguise."""
    if entry.kind != "platform" or entry.channel not in ID_CHANNELS:
        return False
    if entry.channel == "qq":
        return _ID_QQ_HINT.match(f, e) is not None
    m = _ID_NEAR_HINT.match(f, e)
    return m is not None and any(ch.isdigit() for ch in f[e:m.end()]) and any(ch.isalpha() and ch.isascii() for ch in f[e:m.end()])


def _has_asks(f: str, s2: int, s: int, e: int, contact_term: str | None = None, ctx: Context | None = None) -> bool:
    """有 at folded s2 asks the reader for one: right before the account (or, with
    `contact_term`, a phone or ID word of _ASKED_HAS), a question closing it, no place holding
    it (有v没, 有微信吗, 你们有电话吗; not 有v领吗, 笔记里有二维码吗, 有大号吗, a size). With `ctx`,
    a pause typed as a space closes the question too (有q没 我加你细聊)."""
    if s2 + 1 != s or f[s2 - 1:s2] in _THERE or not (contact_term is None or contact_term in _ASKED_HAS):
        return False
    if _HAS_Q.match(f, e) is not None:
        return True
    return ctx is not None and (m := _HAS_Q_WORD.match(f, e)) is not None and m.end() < len(f) and \
        _paused(ctx, m.end(), m.end() + 1)


def _shorter_to_pause(ctx: Context, c: Candidate, after: list) -> bool:
    """A hit from c's start, shorter than c, ends where a pause typed as a space stands (the
    hits come sorted by start, longer first, so it is among the next few)."""
    return any(o.start == c.start and o.end < c.end
               and _pause_before(ctx, max(0, ctx.orig(o.end - 1, o.end)[1] - 2), o.end) for o in after)


def _scans(act: str) -> bool:
    """A scanning act (扫, 扫一下, 长按识别): what makes a code a way to reach someone."""
    return "扫" in act or "识别" in act


def _someones(ctx: Context, s: int, e: int) -> bool:
    """A person ([reading agent]) named in folded [s, e) as the owner: 要总经理的电话 asks for
    someone's. The person must own the word (…的, or right before it): in 扫快递盒上的二维码
    the 快递 is part of a thing, a place the code is on."""
    f = ctx.f
    return any(x.mode == "agent" and (e3 == e or f[e3:e3 + 1] in "的们")
               for _, e3, xs in ctx.lexicon.scan_reading(f, s, e) for x in xs)


def _short_post_pointer(ctx: Context, c: Candidate) -> bool:
    """A pointer that a short public post says to its reader: it closes its clause and opens it,
    or is pointed at (在/看/睇/见 before it, or in the term: 价格表在主页). Not a noun a verb acts
    on (我今天改了主页简介)."""
    f = ctx.f
    end = c.end + 1 if f[c.end:c.end + 1] in ("里", "上", "中", "了") else c.end   # 在个性签名里, 放主页了
    if len(f) > _SHORT_POST:
        return False
    # (…会被封号吗？还是说只能私聊？: a pointer that a typed question closes is asked about, unless
    # it is on the writer, 私我？)
    if "我" not in c.entry.term and _ASKED_AFTER.match(ctx.text, ctx.orig(c.end - 1, c.end)[1]):
        return False
    lo = max(f.rfind(",", 0, c.start), f.rfind(";", 0, c.start)) + 1
    # (要资料的私聊 懂的来: a pause typed as a space closes the clause too)
    if _CLAUSE_END.match(f, end) is None and not (end + 1 < len(f) and _paused(ctx, end, end + 1)):
        # (主页简介有联系方式: opening its clause, the place that holds a contact)
        hi = min(x for x in (f.find(",", c.end), f.find(";", c.end), len(f)) if x >= 0)
        return lo == c.start and any(o.entry.kind in ("contact", "platform") and o.start >= c.end
                                     for o in ctx.candidates_in(c.end, hi))
    # (价格私聊: a pointer that is itself an act, 私…, says it wherever it stands)
    # (價錢唔喺度講，有興趣dm: an offer to the reader before it in its clause)
    return c.entry.strong or f[c.start] in _POINTED or lo == c.start or f[c.start - 1] in _POINTED or \
        "私" in c.entry.term or any(x.kind == "reading" and x.mode in ("offer", "addressee")
                                     for _, _, xs in ctx.lexicon.scan_reading(f, lo, c.start) for x in xs)


_ACT_CHARS = _G.chars("act_chars")
_SHOP_PAGES = _G.seq("shop_pages")
_SHOP_PROMO = _G.seq("shop_promo")
_ASKED_AFTER = lazyre.compile(r"[吗嗎呢吧啊呀]?\s*[？?]")
_POINTED = _G.chars("pointed")
# A menu path as typed (设置-点头像-订阅, 我的 > 头像): a separator right before or after a hit
_MENU_BEFORE = lazyre.compile(r"(?:—+|-{1,2}>?|→|>|＞)\s*[“「\"']?$")
_MENU_AFTER = lazyre.compile(r"[”」\"']?\s*(?:—+|-{1,2}>?|→|>|＞)")
# A numbered step (1.打开微信 2.点头像进个人信息): a number and its mark opening an item
_APP_OPENING = _G.seq("app_opening")
_PINYIN_SYLLABLE = lazyre.compile("(?:%s)?(?:%s)" % ("|".join(sorted(_G.seq("pinyin_initials"), key=len, reverse=True)),
                                                     "|".join(sorted(_G.seq("pinyin_finals"), key=len, reverse=True))))
_BOOK_NAMES = _G.words("book_names")
_BOOK_COUNTED = lazyre.compile("[一这那几两]本(?!正经)")
_APP_AFTER = _G.seq("app_after")
_BOOK_MARKS = _G.seq("book_marks")
_STEP_NO = lazyre.compile(r"(?:(?<![0-9a-zA-Z.])[1-9][.、．)）]|[①-⑨])\s*")


def _ui_step(ctx: Context, c: Candidate) -> bool:
    """In public text a pointer that is an item of a menu path (设置-点头像-订阅), or a tap
    (点…) opening an item of numbered steps after an app is opened (1.打开微信点“我” 2.点头像进个人信息), walks the reader
    through an app's screens: the reader's own profile, no one's pointed at."""
    text = ctx.text
    s, e = ctx.orig(c.start, c.end)
    if _MENU_BEFORE.search(text, max(0, s - 4), s) or _MENU_AFTER.match(text, e):
        return True
    if not c.entry.term.startswith("点"):
        return False
    lo = max(0, s - 4)
    return any(m.end() == s for m in _STEP_NO.finditer(text, lo, s)) and len(_STEP_NO.findall(text)) >= 2 \
        and any(w in ctx.f[:c.start] for w in _APP_OPENING)


def _in_contact_word(ctx: Context, c: Candidate, s2: int, e2: int) -> bool:
    """The action is part of another hit, a contact word (联系 in 官方联系电话): a noun there,
    not an act aimed at c."""
    lex = ctx.lexicon
    # (Read from the lexicon, not the candidates: the fast path has dropped some of those.)
    for s3, e3, es in lex.scan_anchors(ctx.f, max(0, s2 - lex.anchor_maxlen), min(len(ctx.f), e2 + lex.anchor_maxlen)):
        if s3 <= s2 and e2 <= e3 and e3 - s3 > e2 - s2 and (s3, e3) != (c.start, c.end) \
                and any(x.kind == "contact" for x in es):
            return True
    return False


def _across_quote(ctx: Context, c: Candidate) -> bool:
    """The hit, as written, is a particle and then a quotation mark: the folded view joined
    the particle to the quoted words (笔记里的“私我” read as 的私). 评论区扣“1” is one hit."""
    s0, e0 = ctx.orig(c.start, c.end)
    span = ctx.text[s0:e0]
    q = next((i for i, ch in enumerate(span) if ch in _QUOTE_MARKS), -1)
    # (“主页置顶视频有联系方式”“看我昵称”: a quotation closed and the next opened inside the hit)
    return 0 < q and (span[:q] in _OF_PARTICLES or span[q] in _CLOSING_QUOTES and span[q + 1:q + 2] in _OPENING_QUOTES)


_CLOSING_QUOTES = _G.chars("closing_quotes")
_CHECK_WORDS = _G.seq("check_words")
_VERSION = lazyre.compile(r"(?i)\bv\d+(?:\.\d+)+")
_OPENING_QUOTES = _G.chars("opening_quotes")


_OF_PARTICLES = _G.words("of_particles")
_QUOTE_MARKS = _G.chars("quote_marks")
_READERS_OWN = _G.words("readers_own")
_PUTTING = _G.seq("putting")


def _owner_between(lex: Lexicon, between: str) -> bool:
    """Between an action and a one-letter alias, whose account it is (下店长, 一下老板的, 我师傅的)."""
    if not 2 <= len(between) <= 6:
        return False
    core = between.removeprefix("一下").removeprefix("下").removeprefix("我们").removeprefix("我").removesuffix("的")
    # (加我师傅的V: the writer's own man; 加一下我们售后的薇: the shop's desk, only ever whose account)
    return core in _reading_terms(lex, "agent") or core in _ACCOUNT_DESKS


def _back_firsts(lex: Lexicon) -> frozenset[str]:
    """First characters of the [reading back] markers (那边 …): most windows hold none."""
    firsts = lex.memo.get("back_firsts")
    if firsts is None:
        firsts = lex.memo["back_firsts"] = frozenset(t[0] for t in _reading_terms(lex, "back"))
    return firsts


def _reading_terms(lex: Lexicon, mode: str) -> frozenset[str]:
    """The terms of one [reading MODE] class, worked out once per lexicon."""
    key = "reading:" + mode
    terms = lex.memo.get(key)
    if terms is None:
        terms = lex.memo[key] = frozenset(e.term for e in lex.entries() if e.kind == "reading" and e.mode == mode)
    return terms


def _names_in_quotes(ctx: Context, sent: Sentence, a, s2: int, e2: int) -> bool:
    """A search act followed by a name in quotation marks (全套教程淘宝搜“阿木设计”): what to type
    is given, as '!' acts give it; not when someone is named before it in its clause (我在淘宝搜
    “阿木设计”没找到: a search told)."""
    if "搜" not in a.term or not _has_quotes(ctx):
        return False
    lo = _clause(ctx.f, sent.lo, sent.hi, s2, e2)[0]
    # (我家的手工皂蝦皮搜尋「小熊雜貨鋪」: whose shop, 我家/我们店, searches nothing)
    if any(ch in _PERSONS for ch in _SHOP_OWNER.sub("", ctx.f[lo:s2])):
        return False
    return _QUOTED_NAME.match(ctx.text, ctx.orig(e2 - 1, e2)[1]) is not None


_SHOP_OWNER = lazyre.compile(r"[我你您]们?(?:家|店)")


_PERSONS = _G.chars("persons")


def _inviting(ctx: Context, c: Candidate, sent: Sentence, acts):
    """The actions whose clause invites the reader (checker/reading.py), and the reading that
    decided: the first invitation, else the first warning, else the first other reading. An
    action across a comma yields to one in the target's own clause that tells a story of it."""
    f = ctx.f
    service = c.entry.kind == "platform" and c.entry.channel not in ID_CHANNELS
    told_all = [(s2, e2, a, read(ctx, sent, (s2, e2), (c.start, c.end), term=a.term, weak=a.weak,
                                 strong=a.strong or _names_in_quotes(ctx, sent, a, s2, e2), service=service,
                                 narrative=ctx.profile.narrative),
                 "," in f[min(e2, c.end):max(s2, c.start)]) for s2, e2, a in acts]
    # (私聊也发生在微信内: a longer act read as the subject of what follows holds the shorter one
    # opening at the same place, 私 only the first character of 私聊)
    subjects = [(s2, e2) for s2, e2, _, told, _ in told_all if told.kind == "mention"]
    if subjects:
        told_all = [x for x in told_all if not any(s3 == x[0] and e3 > x[1] for s3, e3 in subjects)]
    near_told = any(not far and not told.invites and told.marker for *_, told, far in told_all)
    kept, first = [], None
    for s2, e2, a, told, far in told_all:
        # (在某宝买的，店名'南风小铺'，直接去搜就有: a name given across the comma still directs)
        if told.invites and not (far and near_told and not a.strong):
            if not kept:
                c.reading = told.why
            kept.append((s2, e2, a))
        elif first is None or (told.kind == "warning" and first.kind != "warning"):
            first = told
    if kept:
        return kept, None
    c.reading = first.why
    return [], first


def _word_end(f: str, word: str, c: Candidate) -> int:
    """Where the allow word `word` that covers hit c ends in the folded text (深v领: it may open
    before the hit)."""
    k = f.find(word, max(0, c.end - len(word)), c.start + len(word))
    return k + len(word) if k >= 0 else c.end


def _off_platform(ctx: Context, c: Candidate, sent: Sentence) -> Reading | None:
    """The profile's own platform with its order verb negated (不用在美团下单, 别在拼多多拍): the
    buyer is steered to pay some other way. The reading of the order verb says negated. Not in
    a sentence that warns (还说不用走京东下单…大家别上当了): the steer is someone else's, told."""
    if sent.first("warning") is not None:
        return None
    # (对方说"我不方便在平台付，加个微信转你"，直接不卖了: someone's words quoted, not the writer's steer)
    if _has_quotes(ctx) and _quoted(ctx, c.start, c.end):
        return None
    # (顾客：我不想在平台上付，直接转你吧 / 客服：…: in public text a role's words in a dialogue)
    if ctx.profile.narrative and speaker(ctx, sent, c.start):
        return None
    for s2, e2, a in _actions(ctx, c, sent, ("before", "after")):
        if a.term in _ADDING:
            continue   # 别随便加陌生人微信 on wechat: adding people is the home flow, no order refused
        if "私" in a.term or any(o.start <= s2 and e2 <= o.end and "私" in o.entry.term and o.entry.kind in ("phrase", "pointer")
                                 for o in ctx.candidates_in(max(0, s2 - 4), e2 + 4)):
            continue   # 我们不能私下交易 请走淘宝拍下 / 请勿私下转账: the private act refused keeps the order here
        # (不在平台下单的后果就是…: in public text an act that describes the noun after its 的)
        if ctx.profile.narrative and _describes(ctx, e2, k if (k := ctx.f.find(",", e2, sent.hi)) >= 0 else sent.hi):
            continue
        if a.weak or a.mode == "before":   # 不用在美团下单, 不走京东
            told = read(ctx, sent, (s2, e2), (c.start, c.end), term=a.term)
            # (不想走淘宝的话直接转我也行, 我不想在美团付了: the wish not to order here)
            wish = ctx.f.rfind("不想", max(sent.lo, min(s2, c.start) - 4), min(s2, c.start)) >= 0
            if (told.negated or wish) and (alt := _alternative(ctx, c, sent)):
                return Reading("invite", told.marker or "不想", f"off the platform: {told.marker or '不想'} … {ctx.f[s2:e2]}, {alt}")
    return None


def _alternative(ctx: Context, c: Candidate, sent: Sentence) -> str | None:
    """What a message that says not to order here offers instead: another channel, contact
    word or pointer (地址私你), or a benefit or offer to the reader (给你打八折). 别在美团下单了，这家店不好吃 offers
    nothing: a review, not a steer."""
    for o in ctx.candidates_in(sent.lo, sent.hi):
        # (not a hit step 1 dropped, 私 inside 私域: explain keeps every hit, check never sees it)
        # (别在二手平台上买"低价QQ号": a channel quoted is named, not offered)
        if o is not c and o.end <= sent.hi and o.entry.kind in ("platform", "contact", "phrase", "pointer") \
                and o.entry.channel not in ctx.profile.home and id(o) in ctx.survivors \
                and not (_has_quotes(ctx) and _quoted(ctx, o.start, o.end)):
            return o.entry.canonical
    return offered(ctx, sent)


_OWN_FLOW_OWNERS = _G.seq("own_flow_owners")


def _own_flow(ctx: Context, sent: Sentence, c: Candidate) -> Entry | None:
    """A word of the platform's own contact flows in the sentence up to the end of c's clause
    (快递员, 骑手, 客服 …), unless a channel name follows it: 客服微信 is an account on another
    channel, not the flow. (号码发我一下，我让安装师傅联系你: the number is asked for first, and
    who will then call is the writer's business.)"""
    f = ctx.f
    end = f.find(",", c.end, sent.hi)
    end = sent.hi if end < 0 else end
    for s2, e2, es in sent.context:
        # (手机号多少呀 我让快递直接联系你: a pause typed as a space ends the clause too)
        if s2 >= end or s2 > c.end and _paused(ctx, c.end, s2):
            break
        # (打返去張卡背面個熱線: the contact word itself names a service's line, 热线, 隐私号)
        # (印了我们的订餐热线: not the shop's own, a few words before)
        if s2 <= c.start and c.end <= e2 and (x := next((x for x in es if x.kind == "exempt"), None)) and \
                not any(o in f[max(0, s2 - 6):s2] for o in _OWN_FLOW_OWNERS):
            return x
        stop = f.find(",", e2, c.start)
        # 快递把屏幕压坏了，您电话多少: a done event told before, not the flow asking (骑手快到了，
        # 会给您打电话: 快/要…了 is about to happen, the flow still)
        if stop >= 0 and f.rfind("了", e2, stop) >= 0 and not any(w in f[e2:stop] for w in _IMMINENT):
            continue
        if f.startswith("的", e2) and c.start - e2 <= 5:
            continue   # 把他的私人电话给您: whose number is given, not who calls
        j = e2 + next((len(w) for w in _WORKER_TITLES if f.startswith(w, e2)), 0)   # 骑手小哥你…
        # (我是美团骑手，…电话打不通麻烦回一下: the writer is the worker, the comma no call)
        if (f.startswith(_ADDRESSED, j) or j + 1 < len(f) and _paused(ctx, j, j + 1)) \
                and "我是" not in f[max(0, s2 - 5):s2]:
            continue   # 小哥你电话多少？以后我直接找你跑腿: the rider is asked, the flow is left
        # (小哥哥配送好快 可以要个联系方式吗: called at the sentence's start, then asked in a
        # clause of its own: the worker is the reader)
        if s2 <= sent.lo + 2 and (f.find(",", e2, c.start) >= 0 or _paused(ctx, e2, c.start)) and \
                any(w in f[max(f.rfind(",", e2, c.start), e2):end] for w in _ASKS_FOR):
            continue
        if f.startswith(_FLOW_ACCOUNTS, e2) and not f.startswith("号码", e2):
            continue   # 扫码加入售后群, 扫卡片上的码加一下客服号: a group or account of its own, not the flow
        # (家人们，扫下方二维码: the word opens a longer one that calls the readers)
        if (w := _marker_at(ctx.lexicon, f, s2, "addressee", min(len(f), s2 + 4))) and len(w) > e2 - s2:
            continue
        # (骑手一直联系不上 老板你们店手机号多少: c's clause, after a comma or a pause, opens by
        # calling someone else, who is asked; the worker before is a complaint)
        if e2 <= c.start and (k := _clause_opening(ctx, e2, c.start)) is not None and not f.startswith(f[s2:e2], k) \
                and any(_marker_at(ctx.lexicon, f, k, cls, min(len(f), k + 4)) for cls in ("agent", "addressee")):
            continue
        if _THING_PLACE.match(f, e2) or _OWNS_TARGET.match(f, e2) and c.start - e2 <= 4:
            continue   # 扫快递盒上的二维码, 扫前台那个二维码: a thing or place the code is on, not the flow
        if f[max(0, s2 - 3):s2].endswith(_OWN_FLOW_OWNERS):
            continue   # 主图里有我们的售后电话: the shop's own line, not the platform's flow
        if f[e2:e2 + 1] == f[e2 - 1:e2]:
            continue   # 小哥哥能给个联系方式吗: the word's last syllable said twice is a way to call someone
        for x in es:
            if x.kind == "exempt" and e2 not in ctx.platform_starts:
                return x
    return None


def _clause_opening(ctx: Context, lo: int, hi: int) -> int | None:
    """Where the last clause that opens in folded (lo, hi) starts, after a comma or a pause
    typed as a space; None if none opens there."""
    f = ctx.f
    k = f.rfind(",", lo, hi)
    if k >= 0:
        return k + 1
    text = ctx.text
    return next((i for i in range(hi - 1, lo, -1)
                 if any(ch.isspace() for ch in text[ctx.orig(i - 1, i)[1]:ctx.orig(i, i + 1)[0]])), None)


def _home_named_before(ctx: Context, c: Candidate) -> str | None:
    """The profile's own platform named just before a contact word in its clause (抖音官方客服
    热线95152 on douyin): the number is the platform's, not an outside contact."""
    f = ctx.f
    lo0 = max(0, c.start - 6 - ctx.lexicon.anchor_maxlen)   # no platform starts further back
    lo = max(f.rfind(",", lo0, c.start), f.rfind(";", lo0, c.start)) + 1
    for o in ctx.candidates_in(max(lo, lo0), c.start):
        if o.entry.kind == "platform" and o.entry.channel in ctx.profile.home and lo <= o.start and \
                o.end <= c.start and c.start - o.end <= 6:
            return o.entry.canonical
    return None


_CODE_PLACES = _G.words("code_places")
_ASKED_HAS = _G.words("asked_has")
_THERE = _G.chars("there")
_HAS_Q = lazyre.compile(r"(?:没|吗|么|不|嘛|没有|冇)[呀啊呢哈吧]?(?:[,;]|$)")   # 有v没: the question closes it
_HAS_Q_WORD = lazyre.compile(r"(?:没有|没|吗|么|不|嘛|冇)[呀啊呢哈吧]?")
_MODAL_AFTER = _G.seq("modal_after")
_SUBJECT_THEN = _G.seq("subject_then")
_ME_SUBJECT = _G.seq("me_subject")
_ACCOUNT_DESKS = _G.words("account_desks")
_CODE_ONLY_ACTS = _G.words("code_only_acts")
_CHANNEL_FEATURES = _G.words("channel_features")
_DATE_ID = lazyre.compile(r"(?:19|20)\d\d([./\-])\d{1,2}\1\d{1,2}")
_ASKING_WHO = _G.words("asking_who")
_IMPOSTOR_WORDS = _G.words("impostor_words")
_DRAWN_THINGS = _G.seq("drawn_things")
_IDENTITY_POINTERS = _G.seq("identity_pointers")
_HINT_POINTERS = frozenset(_G.seq("hint_pointers"))
_HINTED = frozenset({"platform", "contact", "pointer", "phrase"})
_ASKS_FOR = _G.seq("asks_for")
_ADDING = _G.words("adding")
# public service lines (12315, 110 …): no one's private contact; the engine's digit detectors ask too
PUBLIC_LINES = _G.words("public_lines")
_WORKER_TITLES = _G.seq("worker_titles")
_FLOW_ACCOUNTS = _G.seq("flow_accounts")
_GARMENT_AFTER = _G.seq("garment_after")
_VERB_AFTER_ALIAS = _G.chars("verb_after_alias")
_PERSON_SENSES = _G.words("person_senses")
_OTHER_CODE_AFTER = lazyre.compile(r"[^,;]{0,2}?(?:是|为)[^,;]{0,8}?(%s)" % _G.pattern("other_codes"))
_ADDRESSED = _G.seq("addressed")
_WORD_OPENERS = _G.chars("word_openers")
_IMMINENT = _G.seq("imminent")
_CALL_TO = frozenset(a + b for a in _G.seq("call_to") for b in _G.seq("called_persons"))


def _verb_object(ctx: Context, word: str, c: Candidate) -> bool:
    """jieba's word is an action and this hit (打电话) right after 给我/跟你 (给我打电话):
    the call is aimed at someone, so the hit stands and pairs with the action by it. Elsewhere
    the compound is told far more often than offered (打电话给酒店，没人接)."""
    f = ctx.f
    start = c.end - len(word)   # where the word starts, if it ends with the hit
    return start >= 0 and f[start:c.end] == word and f[max(0, start - 2):start] in _CALL_TO and \
        ctx.lexicon.is_action(f[start:c.start])


def _action_right_before(sent: Sentence, start: int) -> bool:
    """An act right before `start`, or a filler or two after it (加我V领红包, 加个V领取)."""
    f = sent.ctx.f
    return any(e2 <= start and start - e2 <= 2 and set(f[e2:start]) <= FILLERS
               and any(a.kind == "action" and a.mode == "before" for a in es)
               for _, e2, es in sent.context_in(start - sent.ctx.lexicon.context_maxlen - 2, start))


_CHANNEL_ROLES = _G.seq("channel_roles")
_MENTION_ONLY = _G.words("mention_only_channels")
_BARE_NUMBER_WORDS = _G.words("bare_number_words")
_NOT_ACCOUNT_NAMES = _G.seq("not_account_names")
_FOUND_THERE = _G.seq("found_there")
_DEVICE_WORDS = _G.words("device_words")
_PRONOUN_CHARS = _G.chars("pronoun_chars")
_POINTER_BENEFITS = _G.seq("pointer_benefits")
_DEVICE_BRANDS = _G.seq("device_brands")


def _action_cut(sent: Sentence, s: int, e: int, around: tuple[int, int] | None = None) -> bool:
    """An action inside a longer word is not an action (加油, 打印机; 热搜 from the allow list)."""
    for s2, e2, entries in sent.context_in(s - sent.ctx.lexicon.context_maxlen, s + 1):
        if s2 <= s and e <= e2 and e2 - s2 > e - s and any(x.kind == "allow" for x in entries):
            return True
    # Any word jieba knows counts here (开发票 is rare but real); an action never needs the
    # benefit of the doubt that a channel name gets. (打 in 打电话 too: the compound is told
    # far more often than offered; 给我打电话 and 打我电话 still pair.)
    # (加上多起刑事案件: 上 after an act is no place, as it is after a channel's name, 快手上)
    # (发一张海报加八个链接: 加, a count and a measure word add to a list)
    f = sent.ctx.f
    # (一张图+一个小程序卡片: a plus sign before any count adds; 加一个群 may be joining one)
    if f[s:e] in ("加", "+") and _COUNT.match(f, e) and (f[s:e] == "+" or f[e] != "一"):
        return True
    if e - s <= 2:
        return sent.crossing_word(s, e, min_freq=1, around=around, locatives=False) is not None
    # (手机直接打印照片: a longer act's last character opens a word that runs past it, 打印;
    # not a pronoun's, 私信我们)
    return f[e - 1] not in _PERSONS and any(ts == e - 1 < e < te and sent.ctx.word_freq(f[ts:te]) >= MIN_WORD_FREQ
                                           for ts, te in sent.tokens_around(s, e))


# Channels whose accounts are found by a name (公众号“货架研究所”, 抖音号「阿芳家」), not only an ID.
NAMED_CHANNELS = frozenset({"wechat_oa", "wechat_channels", "douyin", "kuaishou", "xiaohongshu", "weibo",
                            "bilibili", "other_social"})
# (LINE搜尋 @bkkmama 加好友: a search or an add may stand between the channel and the @handle)
_AT_HANDLE = lazyre.compile(r"(?:\s?(?:搜尋|搜寻|搜索|搜|加|找|add|search))?[ \t:：]{0,3}[@＠]([A-Za-z][A-Za-z0-9_.]{2,31})(?![A-Za-z0-9_@.])")
# (…企业微信…，搜 hanting_qiantai 就行: a handle no word could be, after a search further on)
_SEARCHED_HANDLE_ON = lazyre.compile(r"[^。！？!?\n]{0,24}?(?:搜|搜索|搜尋|加)\s*((?:[A-Za-z][A-Za-z0-9]*[_.\-][A-Za-z0-9_.\-]*[A-Za-z0-9])|(?:[A-Za-z]{2,}\d{2,}[A-Za-z0-9]*))(?![A-Za-z0-9_])")
_LABELLED_NAME = lazyre.compile(r"\s?(?:ID|id|Id|账号|帐号|賬號|帳號)[\s:：是为]{0,2}[“「『\"]([^”」』\"，。,;；！？!?\n]{2,20})[”」』\"]")
# (我的vx就是我名字拼音 wangxiaoyu, 号就是我名字全拼 zhaoxiaomei: the account said to be the
# writer's name spelled out, then the spelling)
_NAME_SPELLED = lazyre.compile(r"[^;。；！？!?\n]{0,10}?(?:%s)\s*[:：是为]?\s*([A-Za-z][A-Za-z0-9_.]{3,29})(?![A-Za-z0-9_])"
                               % _G.pattern("name_spelled"))
# (直接加我微信就行，号是 zhouge_tuan: the account's label a clause on, then a handle no word could
# be, with a digit, an underscore or a dot in it)
_ID_WORD_ON = lazyre.compile(r"[^;。；！？!?\n]{0,12}?(?:%s)\s*[:：]?\s*([A-Za-z]{2,}[A-Za-z0-9]*[_.\d][A-Za-z0-9_.]*[A-Za-z0-9])(?![A-Za-z0-9_])"
                             % _G.pattern("id_words"))
# (抖音搜'木子家': ASCII ' as a Chinese quotation mark too)
_QUOTED_NAME = lazyre.compile(r"[\s:：号是为叫搜索寻尋]{0,3}[“「『\"‘']([^”」』\"’'，。,;；！？!?\n]{2,20})[”」』\"’']")


def _id_after(ctx: Context, c: Candidate, far: bool = False, named: bool = False) -> tuple[int, int, str] | None:
    """_written_id, unless what it found is a date (内圈刻有“L&W 2016.5.20”: engraved, no account)
    or a feature's English name ([channel_features])."""
    got = _written_id(ctx, c, far, named)
    if got is not None and (_DATE_ID.fullmatch(ctx.text, got[0], got[1]) or got[2].lower() in _CHANNEL_FEATURES):
        return None   # (WhatsApp broadcast: a feature of the channel named in English)
    # (微信(31.2%)、加V(14.7%)…: figures of a table, percentages, joined by the fold)
    if got is not None and any(ch in "%％‰" for ch in ctx.text[got[0]:got[1] + 1]):
        return None
    # (企微添加SOP v2.3: a version number, the fold ran its words together)
    if got is not None and _VERSION.search(ctx.text, got[0], got[1] + 1):
        return None
    return got


def _written_id(ctx: Context, c: Candidate, far: bool = False, named: bool = False) -> tuple[int, int, str] | None:
    """An account ID or number written after a channel name (微信：abc123, 扣扣 98765); with
    `far`, also a handle a few characters on (微信同步上新 lele_95); with `named` (an action
    goes with the channel), also an account given by its name in quotes (关注公众号“车改研究所”)."""
    channel = c.entry.channel
    if channel not in ID_CHANNELS and c.entry.kind != "contact":
        return None
    os_, oe = ctx.orig(c.start, c.end)
    # (柜号TGHU 8765439: a Latin alias that opens a number labelled as another kind is part of it)
    if c.entry.term.isascii() and (_OTHER_NUMBER.search(ctx.text, max(0, os_ - 4), os_)
                                   or _OTHER_NUMBER.search(ctx.f, max(0, c.start - 4), c.start)):
        return None   # (型號 TG100V88WDG5: on the folded view too, where 型號 reads 型号)
    if named and channel in NAMED_CHANNELS:
        q = _QUOTED_NAME.match(ctx.text, oe)
        # (抖音“谁可以看我的喜欢列表”: a setting or a question in quotes, not an account's name)
        # (抖音是“货找人”，微信是“人找人”: the platform itself said to be something, a
        # definition; 公众号是“…”, whose name is an account, still names one)
        if q and not any(w in q.group(1) for w in _NOT_ACCOUNT_NAMES) and not (
                ctx.text[oe:q.start(1) - 1].strip() in ("是", "为") and not c.entry.term.endswith("号")):
            return q.start(1), q.end(1), q.group(1)
    # (闲鱼ID「悉尼小陈的衣柜」: an ID label names the account in quotes, no act needed)
    q = _LABELLED_NAME.match(ctx.text, oe)
    if q:
        return q.start(1), q.end(1), q.group(1)
    at = _AT_HANDLE.match(ctx.text, oe)
    if at:   # Telegram @shopbest for…: the @ and the space mark the handle, whatever follows
        return at.start(1), at.end(1), at.group(1).lower()
    if channel != "qq":
        sp = _SPACED_HANDLE.match(ctx.text, oe)
        if sp and not listed(ctx.text, sp.start(1), sp.end(1)):
            # WeChat: lily_in_tokyo for pre-orders: an underscore and the space after it mark
            # the handle, which the folded view runs into the English that follows
            return sp.start(1), sp.end(1), sp.group(1).lower()
    # (到我微❤信 拿优惠价 ID：liuge_888: an ID label a little way on gives the account)
    if channel != "qq" and (lab := _ID_LABEL_ON.match(ctx.text, oe)) and not listed(ctx.text, lab.start(1), lab.end(1)):
        return lab.start(1), lab.end(1), lab.group(1).lower()
    # (add my wechat for catering order: chef_wang88: a colon a few words on, then a handle of
    # letters and digits)
    if far and channel != "qq" and (lab := _COLON_HANDLE_ON.match(ctx.text, oe)) and \
            re.search(r"\d", lab.group(1)) and re.search(r"[A-Za-z]", lab.group(1)) and \
            not _OTHER_NUMBER.search(ctx.text, oe, lab.start(1)) and not listed(ctx.text, lab.start(1), lab.end(1)):
        return lab.start(1), lab.end(1), lab.group(1).lower()
    if far and channel != "qq" and (num := _COLON_NUMBER_ON.match(ctx.text, oe)) and \
            not _OTHER_NUMBER.search(ctx.text, oe, num.start(1)) and not listed(ctx.text, num.start(1), num.end(1)):
        return num.start(1), num.end(1), re.sub(r"[ \-]", "", num.group(1))
    # (我扣扣发你：2 8 7 6 5 4 1 3 3: an act between the writer and the reader, a colon, the number)
    if channel == "qq" and (num := _ACT_COLON_QQ.match(ctx.text, oe)):
        return num.start(1), num.end(1), re.sub(r"[ \-]", "", num.group(1))
    # (加酒店前台的企业微信…，搜 hanting_qiantai 就行: a search or an add further on, then a handle
    # that no word could be: an underscore, a dot or letters and digits)
    if far and channel != "qq" and (h := _SEARCHED_HANDLE_ON.match(ctx.text, oe)) and \
            not _OTHER_NUMBER.search(ctx.text, oe, h.start(1)) and not listed(ctx.text, h.start(1), h.end(1)):
        return h.start(1), h.end(1), h.group(1).lower()
    if channel != "qq" and (sp := _NAME_SPELLED.match(ctx.text, oe)):
        return sp.start(1), sp.end(1), sp.group(1).lower()
    if far and channel != "qq" and (iw := _ID_WORD_ON.match(ctx.text, oe)) and not listed(ctx.text, iw.start(1), iw.end(1)):
        return iw.start(1), iw.end(1), iw.group(1).lower()
    if (j := _joined_id(ctx, c, oe)):
        return j
    hint = _ID_QQ_HINT if channel == "qq" else _ID_FAR_HINT if far else _ID_NEAR_HINT
    # (扣扣聊？我的是⑦⑥③⑧⑤②⑨⑨: with an act, the number given in the next clause, "mine is …")
    qq_far = channel == "qq" and named and _QQ_FAR_HINT.match(ctx.f, c.end) is not None
    # (扣扣群满了，新群 ⑧⑦⑥⑤④③②①⑨: a group named a few words on, then its number; only QQ's
    # groups have numbers)
    qq_group = channel == "qq" and _QQ_GROUP_HINT.match(ctx.f, c.end) is not None
    if not hint.match(ctx.f, c.end) and not (far and _ID_NEAR_HINT.match(ctx.f, c.end)) and not qq_far and not qq_group:
        return None
    d = ctx.digits
    i = bisect_left(d.offsets, oe)
    if channel == "qq":
        m = _ID_QQ.match(d.folded, i) or (_QQ_FAR.match(d.folded, i) if qq_far else None) or (
            _QQ_GROUP.match(d.folded, i) if qq_group else None)
    else:
        m = _ID_NEAR.match(d.folded, i)
        if m is None and far:
            m = _ID_FAR.match(d.folded, i)
            # Far away, only a handle that mixes letters and digits is an ID (lele_95), typed as
            # such: 嘅post一睇 is a word, then 一 "one" (the digit view reads it 1)
            if m and not (re.search(r"[a-z]", m.group(1)) and re.search(r"\d", m.group(1))
                          and not any(ch in CN_DIGITS for ch in ctx.text[slice(*d.span(m.start(1), m.end(1)))])):
                m = None
    if not m:
        return None
    value = m.group(1).replace(",", "")
    if not (re.search(r"\d", value) or len(value) >= 6):
        return None
    # (在v450a－tfo和这款中犹豫: a WeChat ID opens with a letter; figures then letters right after v
    # are a model code, V450A-TFO; figures alone are a phone or QQ number given as the ID)
    if channel == "wechat" and value[0].isdigit() and not value.isdigit():
        return None
    if value.isdigit() and len(value) > 11:
        return None  # an order number, not an account
    if any(s2 == 0 and e2 == len(value) and any(x.kind == "platform" for x in es)
           for s2, e2, es in ctx.lexicon.scan_anchors(value)):
        return None  # “Pedidos por WhatsApp”（WhatsApp订餐）: a channel's name again, not an account
    s, e = d.span(m.start(1), m.end(1))
    if listed(ctx.text, s, e):
        return None  # 开奖号码：05 12 19 27 33: a draw, not an account
    if _table_cells(ctx.text, s, e):
        return None  # 公众号 | 907 | 41 | 866: a table's row, figures in cells, not one account
    if _FILE_NAME.search(ctx.text, s, e):
        return None  # 私域SOP_v3.2_final.xlsx: a file's name, not an account
    if sum(1 for w in ctx.text[s:e].split() if len(w) >= 3 and w.isascii() and w.isalpha()
           and not _PINYIN_SYLLABLE.fullmatch(w.lower())) >= 2:
        return None  # 戴森V12 Detect Slim, WhatsApp group fwd: English words as typed, which the fold ran together
    if re.fullmatch(f"[A-Za-z]+[{_CN}]+", ctx.text[s:e]) and ctx.text[e:e + 1] in _MEASURE_CHARS:
        return None  # TikTok Shop三家: a word, then a count the digit view read as 3, no ID
    if any(ch in "*＊×" for ch in ctx.text[max(0, s - 1):e + 1]):
        return None  # 138****5678, 136134462**: a masked number the platform shows, not a contact
    if _MARKUP.search(ctx.text, s, e):
        return None  # vx: a<b>c123: markup, not one handle with noise in it
    # (薇 信 hk_tutor_ivan DSE數學: a first word typed with underscores is the handle, whatever
    # English follows it)
    if (first := ctx.text[s:e].split(None, 1)[0]) and "_" in first.strip("_") and first[:1].isalpha() \
            and len(first) >= 6 and len(first) < e - s:
        return s, s + len(first), first.lower()
    # (wo de wei xin shi lin_xiao_ya: an ID label typed in pinyin as a word, then one handle with
    # underscores or digits in it)
    if len(parts := ctx.text[s:e].split()) == 2 and parts[0].lower() in _PINYIN_LABELS \
            and _HANDLE_WORD.fullmatch(parts[1]):
        k = ctx.text.index(parts[1], s)
        return k, k + len(parts[1]), parts[1].lower()
    if value.isalpha() and _WORDS.search(ctx.text, s, e) and not _PINYIN_RUN.fullmatch(ctx.lower, s, e) \
            and not _NO_VOWEL_PART.search(ctx.text, s, e) and not (
                " " not in ctx.text[s:e] and _ID_LABEL_BETWEEN.search(ctx.text, oe, s)):   # (V：photo-linlin)
        return None  # line at the DMV was insane: English words, not a handle spaced out
    if value.isalpha() and ctx.text[s:s + 1].isupper() and ctx.text[s + 1:e].islower():
        return None  # Facebook Marketplace: a name in title case, not a handle
    if ctx.text[s:e].isalpha() and _PROSE_AFTER.match(ctx.text, e):
        return None  # through WeChat contacts, WeCom and…: an English word in English prose
    if any(ch in _QUOTE_MARKS for ch in ctx.text[s + 1:e - 1]):
        return None  # 译为“WeChat groups”一律…: the words run on past a quotation mark
    if c.entry.ambiguous and ctx.text[s:e].isalpha() and not _ID_LABEL_BETWEEN.search(ctx.text, oe, s):
        return None  # 收到佢IG message叫你…: after an ordinary-word alias, a bare word is no handle
    if c.entry.kind == "contact" and value.isalpha() and ctx.f[c.start:c.end].isascii():
        return None  # email marketing, tel sales: an English compound, not an address or number
    if value in _CHANNEL_NOUNS:
        return None  # 開個Telegram channel日日賣廣告: what kind of account, not which one
    if (c.entry.kind == "contact" or far) and _PRODUCT_NAME.fullmatch(ctx.text, s, e):
        return None  # 手机是iPhone 15, 喺YouTube睇過嗰條拆解Switch 2嘅片: a word and a short number apart name a product, no phone or account
    if c.entry.kind == "contact" and value[:1].isalpha() and value.lower().startswith(_DEVICE_BRANDS):
        return None  # 手机nova12, 手机：OPPO Find X7: a device's brand or series opens it, a model
    return s, e, value


_FILE_NAME = lazyre.compile(r"(?i)\.(?:xlsx?|docx?|pptx?|pdf|zip|rar|7z|png|jpe?g|gif|webp|mp[34]|mov|csv|txt|apk|psd)$")
_CELL_MARKS = "|｜\t"


def _table_cells(text: str, s: int, e: int) -> bool:
    """text[s:e] runs across a table's cell marks (| or a tab) that the text also uses outside
    it: cells of a table, each its own figure. (Marks only inside the span may be a disguise.)"""
    inside = [ch for ch in _CELL_MARKS if ch in text[s:e]]
    return bool(inside) and any(ch in text[:s] or ch in text[e:] for ch in inside)


def _joined_id(ctx: Context, c: Candidate, oe: int) -> tuple[int, int, str] | None:
    """An ID the reader is to put together from pieces (v是 uke 后面加 2020 再加个cc): the
    pieces joined, at least six characters with a digit in them."""
    near = ctx.f[c.end:c.end + 40]
    if "加" not in near and "接" not in near and "跟" not in near and "后" not in near:
        return None
    d = ctx.digits
    m = _JOINED_ID.match(d.folded, bisect_left(d.offsets, oe))
    if m is None:
        return None
    value = m.group(1) + "".join(_PIECE.findall(m.group(2)))
    if c.entry.channel == "qq":
        if not (value.isdigit() and 5 <= len(value) <= 11 and value[0] != "0"):
            return None
    elif len(value) < 6 or not re.search(r"\d", value) or not re.search(r"[a-z]", value):
        return None   # (加微信后面加好友: words, not pieces of an account)
    s, e = d.span(m.start(1), m.end(2))
    return s, e, value


class _LazySpan:
    """The original-text span of a folded span, computed on first use."""

    __slots__ = ("ctx", "s", "e", "_v")

    def __init__(self, ctx: Context, s: int, e: int):
        self.ctx, self.s, self.e, self._v = ctx, s, e, None

    def _get(self) -> tuple[int, int]:
        if self._v is None:
            self._v = self.ctx.orig(self.s, self.e)
        return self._v

    def __getitem__(self, i):
        return self._get()[i]

    def __iter__(self):
        return iter(self._get())


def _finding(ctx: Context, category, rule, severity, span, message, canonical=None,
             suggestion=None, score=1.0, **extra) -> Finding:
    s, e = span
    return Finding(category=category, rule=rule, severity=severity, start=s, end=e,
                   text=ctx.text[s:e], message=message, canonical=canonical,
                   suggestion=suggestion, score=round(score, 2), extra=extra)


def _union(ctx: Context, span, acts) -> tuple[int, int]:
    lo = min([span[0]] + [ctx.orig(s, e)[0] for s, e, _ in acts])
    hi = max([span[1]] + [ctx.orig(s, e)[1] for s, e, _ in acts])
    return lo, hi


def _mention(ctx: Context, c: Candidate, span, score: float, **extra) -> list[Finding]:
    """The platform of c named with nothing more: a competitor mention where the profile grades one."""
    p, entry = ctx.profile, c.entry
    if p.grade("competitor") == "pass":
        c.decision, c.reason = "pass", f"competitor mentions are not graded on {p.name}"
        return []
    return [_finding(ctx, "competitor", "competitor.mention", p.grade("competitor"), span,
                     f"提及其他平台：{entry.canonical}", canonical=entry.canonical, suggestion="",
                     score=score * 0.9, channel=entry.channel, **extra)]


def _judge(ctx: Context, c: Candidate, sent: Sentence) -> list[Finding]:
    entry, p = c.entry, ctx.profile
    span = _LazySpan(ctx, c.start, c.end)   # the offset map is built only for a finding
    score = 0.8 if entry.homophone else 0.95
    if entry.kind == "platform":
        if entry.channel in p.home:
            off = _off_platform(ctx, c, sent)
            if off is not None and p.grade("diversion") != "pass":
                c.reading = off.why
                return [_finding(ctx, "diversion", "diversion.off_platform", p.grade("diversion"), span,
                                 f"引导绕开平台交易：不在{entry.canonical}下单", canonical=entry.canonical,
                                 suggestion=p.shop, score=0.85, reading=off.why)]
            c.decision, c.reason = "exempt", f"{entry.canonical} is {p.label}'s own channel"
            return []
        # (拆封要扣10%, 扣5块: a one-character alias right before an amount is a deduction)
        # (the fold drops %: read the text as written after the alias)
        if entry.ambiguous and len(entry.term) == 1 and _DEDUCTED.match(ctx.text, ctx.orig(c.start, c.end)[1]):
            c.decision, c.reason = "dropped", "an amount taken off, not the channel"
            return []
        # (我爸收藏了一本1967年的小红书, 收了一本老版小红书: a name that is also a book's, counted with
        # 本 and described)
        if entry.term in _BOOK_NAMES and (k := _BOOK_COUNTED.search(ctx.f, max(sent.lo, c.start - 14), c.start)) \
                and (ctx.f[c.start - 1:c.start] in _OF or c.start - k.end() <= 2) \
                and not any(ch in ",;" for ch in ctx.f[k.end():c.start]) \
                and not ctx.f.startswith(_APP_AFTER, c.end):   # (…的小红书博主, …的小红书上: the app)
            c.decision, c.reason = "dropped", f"a book counted ({k.group()}…{entry.term}), not the app"
            return []
        if entry.term in _BOOK_NAMES and not ctx.f.startswith(_APP_AFTER, c.end) and \
                (w := next((w for w in _BOOK_MARKS if w in ctx.f[sent.lo:sent.hi]), None)):
            c.decision, c.reason = "dropped", f"a book ({w}), not the app"
            return []
        if entry.channel in _MENTION_ONLY:
            return _mention(ctx, c, span, score)
        acts = _actions(ctx, c, sent, ("before", "after", "next"))
        ident = _id_after(ctx, c, far=bool(acts) or not entry.ambiguous, named=bool(acts))
        if ident is not None and not acts:
            acts = _actions(ctx, c, sent, ("after",), end=bisect_left(ctx.folded.offsets, ident[1]))
        # (在公众号“团长成长营”后台回复“话术”: the act after the account's quoted name)
        if not acts and entry.channel in NAMED_CHANNELS and \
                (q := _QUOTED_NAME.match(ctx.text, ctx.orig(c.start, c.end)[1])):
            acts = _actions(ctx, c, sent, ("after",), end=bisect_left(ctx.folded.offsets, q.end()))
            if acts and ident is None:
                ident = q.start(1), q.end(1), q.group(1)
        out = []
        if ident is not None and p.grade("platform_id") != "pass":
            out.append(_finding(ctx, "contact", "contact.platform_id", p.grade("platform_id"), ident[:2],
                                f"{entry.canonical}账号：站外联系方式", canonical=entry.canonical,
                                suggestion=p.dm, score=score, channel=entry.channel))
        told = None
        if acts:
            acts, told = _inviting(ctx, c, sent, acts)
            # A warning (别信那些让你加微信返现的) or a negated act (我没加) invites no one, but
            # the name is still said: a mention (DESIGN §2.1), below.
        if acts and p.grade("diversion") != "pass":
            words = "、".join(sorted({a.canonical for _, _, a in acts}))
            out.append(_finding(ctx, "diversion", "diversion.platform_action", p.grade("diversion"),
                                _union(ctx, span, acts), f"引导到站外（{entry.canonical}）：“{words}”+平台名",
                                canonical=entry.canonical, suggestion=p.dm, score=score, channel=entry.channel,
                                reading=c.reading))
        if out:
            return out
        # (我们也有绿泡泡客服的哈: an account or a role on it right after says the channel is meant)
        if entry.ambiguous and not ctx.f.startswith(_CHANNEL_ROLES, c.end) and not _named_with_platform(
                ctx.f, ((o.start, o.end, (o.entry,)) for o in ctx.candidates_in(max(0, c.start - 8), min(len(ctx.f), c.end + 8))),
                c.start, c.end) and not (told is None and recommended(ctx, sent, c.start, c.end)) \
                and not (entry.strong and _amid_chinese(ctx, c)) and not _gone_to(ctx, c):
            c.decision, c.reason = "dropped", ("ordinary word whose clause does not invite" if told else
                                               "ordinary word with no action, ID or number next to it")
            return []
        return _mention(ctx, c, span, score, **({"reading": c.reading} if told is not None else {}))
    if entry.kind == "contact":
        ident = _id_after(ctx, c)
        # (号码为A10283的参赛选手: after a bare "number", letters make a bib, a ticket, a code; a
        # phone or QQ number has none)
        if ident is not None and entry.term in _BARE_NUMBER_WORDS and not ident[2].isdigit():
            ident = None
        home = ident is not None and _home_named_before(ctx, c)
        if home:
            c.decision, c.reason = "exempt", f"{home}'s own number ({p.label})"
            return []
        # (藥袋上的號碼 A1038: letters in it and under six characters, no account: a WeChat ID has 6–20,
        # a number has no letters)
        if ident is not None and len(ident[2]) < 6 and not ident[2].isdigit():
            c.decision, c.reason = "dropped", f"{ident[2]} is too short for an account ID (a ticket, a code)"
            return []
        # (掛號號碼 RR123456785TW: the number labelled as another kind, a parcel's, just before the word)
        label = _OTHER_NUMBER.search(ctx.f, max(0, c.start - 4), c.start)
        # (部電話IMEI 356789104523178: or between the word and the number, the device's serial)
        if ident is not None and label is None and ident[0] - (oe := ctx.orig(c.start, c.end)[1]) <= 8 and \
                _OTHER_NUMBER.search(ctx.lower, oe, min(ident[1], ident[0] + 6)):
            c.decision, c.reason = "dropped", "a number labelled as another kind right before it (IMEI, 序列号…)"
            return []
        if ident is not None and label:
            c.decision, c.reason = "dropped", "a number labelled as another kind (tracking, order, model…)"
            return []
        # (您说的那个二维码是吊牌上的防伪码，扫一下就能查真伪: the code said to be another kind)
        if "码" in entry.term and (oc := _OTHER_CODE_AFTER.match(ctx.f, c.end)):
            c.decision, c.reason = "dropped", f"the code said to be another kind ({oc.group(1)})"
            return []
        # (the value, not the folded text at the ID's span: those are offsets in the text as written)
        if ident is not None and ident[2] in PUBLIC_LINES:
            c.decision, c.reason = "exempt", f"{ident[2]} is a public service line"
            return []
        # (發票中了兩百塊，小確幸～號碼是ZK-38475920: the number of a thing drawn, named a little
        # before; letters in it, so no phone)
        if ident is not None and not ident[2].isdigit() and \
                (w := next((w for w in _DRAWN_THINGS if w in ctx.f[max(0, c.start - 20):c.start]), None)):
            c.decision, c.reason = "dropped", f"the number of a thing drawn ({w})"
            return []
        if ident is not None and p.grade("contact") != "pass":
            return [_finding(ctx, "contact", "contact.id", p.grade("contact"), ident[:2],
                             f"{entry.canonical}：站外联系方式", canonical=entry.canonical, suggestion=p.dm, score=0.85)]
        # (网点的排队号码请留好: a label right before the word names another kind of number)
        if label and label.end() == c.start:
            c.decision, c.reason = "dropped", f"{label.group()}{entry.term}: another kind of number"
            return []
        acts = _actions(ctx, c, sent, ("contact",))
        if not acts:
            c.decision, c.reason = "dropped", "contact word with no invitation next to it"
            return []
        # 联系方式的正则识别: a modifier of another noun, no contact offered or asked for
        if ctx.f[c.end:c.end + 1] in ("的", "嘅") and not any(s2 < c.start for s2, _, _ in acts):
            c.decision, c.reason = "dropped", "describes the noun after it (…的…)"
            return []
        # (能发卫星消息的手机: a device word after a clause closed by 的 that describes it, no
        # one's number; 你的手机 is whose)
        if entry.term in _DEVICE_WORDS and ctx.f[c.start - 1:c.start] in ("的", "嘅") \
                and ctx.f[c.start - 2:c.start - 1] not in _PRONOUN_CHARS and all(e2 <= c.start for _, e2, _ in acts):
            c.decision, c.reason = "dropped", "the device a clause describes (…的手机)"
            return []
        acts, told = _inviting(ctx, c, sent, acts)
        if not acts:
            c.decision, c.reason = "dropped", f"its clause does not invite ({told.kind})"
            return []
        # (Warnings and negations were read with the clause; the platform's own flows remain.)
        third = None if any(a.strong for _, _, a in acts) else _own_flow(ctx, sent, c)
        if third is not None:
            c.decision, c.reason = "exempt", f"the platform's own flow ({third.canonical})"
            return []
        if p.grade("invite") == "pass":
            c.decision, c.reason = "pass", f"invitations by {entry.canonical} are home on {p.name}"
            return []
        return [_finding(ctx, "diversion", "diversion.contact_invite", p.grade("invite"), _union(ctx, span, acts),
                         f"邀请通过{entry.canonical}私下联系", canonical=entry.canonical, suggestion=p.dm, score=0.85,
                         reading=c.reading)]
    if entry.kind == "pointer":
        if p.grade("pointer") == "pass":
            c.decision, c.reason = "pass", f"pointers are not graded on {p.name}"
            return []
        # 姐妹你的个性签名好文艺: the reader's own profile, not the writer's (a pointer that holds
        # its own instruction, 您私我, is still one)
        # (你的店铺主页简介写清楚…: or the reader's shop or account between)
        # (你可以在店铺首页放一张“发货须知”: or the reader, opening the clause, puts something there)
        before = ctx.f[max(0, c.start - 4):c.start]
        clo = max(ctx.f.rfind(",", sent.lo, c.start), ctx.f.rfind(";", sent.lo, c.start), sent.lo - 1) + 1
        if not entry.strong and "我" not in entry.term and (
                before[-2:] in _READERS_OWN or before[-1:] in ("你", "您")
                or any(before.endswith(o + p2) for o in _READERS_OWN for p2 in _OWNED_PLACES)
                or ctx.f[clo:clo + 1] in ("你", "您") and "我" not in ctx.f[clo:c.start]
                and ctx.f[c.start - 1:c.start] == "在" and ctx.f.startswith(_PUTTING, c.end)):
            c.decision, c.reason = "dropped", "the reader's own profile, not the writer's"
            return []
        if _across_quote(ctx, c):
            c.decision, c.reason = "dropped", "runs across a quotation mark (笔记里的“私我”)"
            return []
        if entry.weak and not _pointed_at(ctx, c, sent):
            c.decision, c.reason = "dropped", "a place on the profile named, no one sent to look there"
            return []
        # (您在店铺首页领一下满199减30的券: the shop's own page on the platform, where its coupons
        # are claimed: the platform's own promotion, nothing away from it)
        clause_hi = k if (k := ctx.f.find(",", c.end, sent.hi)) >= 0 else sent.hi
        if entry.weak and entry.term.startswith(_SHOP_PAGES) and any(w in ctx.f[c.end:clause_hi] for w in _SHOP_PROMO):
            c.decision, c.reason = "dropped", "the shop's own page, where its coupons are claimed"
            return []
        if p.narrative and _ui_step(ctx, c):
            c.decision, c.reason = "dropped", "a step through an app's screens (a menu path or numbered steps)"
            return []
        # (a pointer that is a place, 主页简介, has an owner; not one that is an act, 私信我)
        told = read(ctx, sent, (c.start, c.end), (c.start, c.end), term=entry.term, narrative=p.narrative,
                    place=not entry.strong and not any(ch in entry.term for ch in _ACT_CHARS))
        c.reading = told.why
        mine = "我" in ctx.f[max(0, c.start - 2):c.end]   # 看我个性签名, 私我
        # A pointer counts unless its clause tells otherwise (a story, a quote, a warning; the
        # writer's own act is no excuse); in public text only with a word to the reader or at
        # the writer, as 主页简介 in an article is a noun.
        # (联系方式在个性签名里, 懂的都懂，主页见: in a short post, closing its clause with no story
        # told, the pointer is said to the reader even in public text; an article's paragraph
        # names it as a thing)
        # (我在别的平台看到一模一样的: the writer's own act at a place pointer is a story)
        counts = told.kind == "self" and not ctx.f[max(0, c.start - 3):c.start].endswith(_WRITER_AT) or (
                                          (told.invites or not told.marker)
                                          and (told.marker or mine or not p.narrative
                                               or _short_post_pointer(ctx, c)))
        # (评论区扣1，我私信发给你: in public text, a pointer that holds its own instruction ('!'
        # in pointers.txt) and opens its clause, with something offered to the reader in the
        # sentence; 主页简介要写清楚，给你们一个模板 is a noun)
        # (评论区留个“1”，我安排业务员对接: or the writer's own next step in the clause after it)
        # (看主页置顶那条就有: or an instruction to look, then what the reader will find there)
        # (…尤其是第八个最容易踩……主页有惊喜😉: a pointer that holds its own benefit, closing its
        # clause, offers by itself)
        if not counts and p.narrative and told.invites and (
                entry.strong and (offered(ctx, sent) is not None or _writer_next(ctx, sent, c.end)
                                  or any(ctx.f.startswith(_FOUND_THERE, k) for k in range(c.end, min(sent.hi, c.end + 6))))
                or any(w in entry.term for w in _POINTER_BENEFITS) and _closes_here(ctx, c.end)):
            counts = True
        # (全网同名，…别被冒充的小号骗了: a warning against impostors guards the accounts pointed to)
        if not counts and told.kind == "warning" and not told.negated \
                and any(w in entry.term for w in _IDENTITY_POINTERS) \
                and any(w in ctx.f[sent.lo:sent.hi] for w in _IMPOSTOR_WORDS):   # (…认准我们家 谨防假冒)
            counts = True
        # (全网同名的那家就是我们: in a message an identity pointer before 的 describes the
        # account or shop pointed to, no story told)
        if not counts and not p.narrative and told.kind == "narration" and told.marker in _OF \
                and ctx.f.startswith(told.marker, c.end) and any(w in entry.term for w in _IDENTITY_POINTERS):
            counts = True
        # (吃了这么多家螺蛳粉，这家最正宗，懂的都懂: in public text a hint that names no place and no
        # act points only where the text names something else: a channel, a contact, a place)
        if counts and p.narrative and entry.term in _HINT_POINTERS and not any(
                o is not c and o.entry.kind in _HINTED for o in ctx.candidates):
            c.decision, c.reason = "dropped", f"{entry.term}: a hint with nothing named to go to"
            return []
        if not counts:
            c.decision, c.reason = "dropped", f"not a pointer here ({told.kind})"
            return []
        # In public text there is no platform DM to keep the talk on: the writer asking to be
        # messaged privately (私…) for a benefit (私信我领取完整版) is diversion, not a weak pointer.
        if p.narrative and mine and "私" in entry.term and told.invites and (gift := offered(ctx, sent, c.start)):
            return [_finding(ctx, "diversion", "diversion.pointer_offer", p.grade("diversion"), span,
                             f"引导私下联系领取（{gift}）", canonical=entry.canonical, suggestion=p.dm,
                             score=0.8, reading=told.why)]
        # (主页简介有我v: a pointer that holds another channel's name sends the reader to that
        # account, no weak pointer)
        # (评论区扣1: an ordinary-word alias counts only as the writer's, at the pointer's end: 有我v)
        held = next((o.entry for o in ctx.candidates_in(c.start, c.end) if o is not c and o.start >= c.start
                     and o.end <= c.end and o.entry.kind == "platform" and o.entry.channel not in p.home
                     and (not o.entry.ambiguous or o.end == c.end and ctx.f[max(c.start, o.start - 2):o.start]
                          .endswith(("我", "我的")))), None)
        if held is not None and p.grade("diversion") != "pass":
            return [_finding(ctx, "diversion", "diversion.platform_action", p.grade("diversion"), span,
                             f"引导到站外（{held.canonical}）：“{entry.term}”", canonical=held.canonical,
                             suggestion=p.dm, score=0.8, channel=held.channel, reading=told.why)]
        return [_finding(ctx, "diversion", "diversion.pointer", p.grade("pointer"), span,
                         f"弱引导：把读者引向主页/签名/私聊（{entry.canonical}）", canonical=entry.canonical,
                         suggestion=p.dm, score=0.7, reading=told.why)]
    if entry.kind == "phrase":
        if entry.channel and entry.channel in p.home:
            c.decision, c.reason = "exempt", f"{entry.canonical} is allowed on {p.label}"
            return []
        told = read(ctx, sent, (c.start, c.end), (c.start, c.end), term=entry.term, narrative=p.narrative)
        c.reading = told.why
        if told.kind == "warning":
            c.decision, c.reason = "dropped", f"a warning against it ({told.marker})"
            return []
        if not told.invites:
            c.decision, c.reason = "dropped", f"not an invitation here ({told.kind})"
            return []
        # (京东快递小哥说明天上午送，到了会给我打电话: a call phrase in the platform's own delivery
        # or service flow, as for a contact word)
        if "电话" in entry.term and not entry.strong and (third := _own_flow(ctx, sent, c)) is not None:
            c.decision, c.reason = "exempt", f"the platform's own flow ({third.canonical})"
            return []
        return [_finding(ctx, "diversion", "diversion.phrase", p.grade("diversion"), span,
                         f"引流话术：{entry.canonical}", canonical=entry.canonical, suggestion=p.dm, score=0.9,
                         reading=told.why)]
    return []
