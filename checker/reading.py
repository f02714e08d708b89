"""Who is invited: does the clause an action stands in invite the reader, or tell what happened?

Distance cannot tell 有事打我电话 from 那个电话我打了好几次; the clause can. For an action (加, 打,
买 …) and the platform or contact word it goes with, `read` looks at the reading markers of the
action's clause (wordlists/reading.txt: 了/过 after the verb, a time word or a third person
before it, 宝宝们 or 吗 aimed at the reader …) and says invite, narration, habit, warning,
quoted or mention, with the marker that decided. Only invitations are diversion; the rest may
still be a competitor mention or contact data (the policy: ../shared/DESIGN.md §2.1; the
design: docs/ARCHITECTURE.md §1). Runs only for the few hits the rules keep, on one clause, so
it costs nothing on the fast path."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from . import lazyre
from .grammar import GRAMMAR as _G

# A clause-final question may trail a particle or two (有扣扣没呀).
_PARTICLES = _G.chars("particles")
# Between the writer as subject and the verb only adverbs stand (我就打个…, 我也没有找…).
_PLEASE = _G.words("please")
_QUESTION_ENDS = _G.chars("question_ends")
_A_NOT_A = _G.words("a_not_a")
_FREQUENT = _G.chars("frequent")
_ADVERBS = _G.chars("adverbs")
# Quotation marks that set a phrase apart as words talked about (商家都绕不开“加微信”这一步).
_OPEN_QUOTES = _G.text("open_quotes")
_CLOSE_QUOTES = _G.text("close_quotes")
_QUOTED_MAX = 16   # a quoted phrase, not a quoted page of text
_SPEECH_MAX = 120  # a script quoted whole after a colon or 说 (话术是：“…”)
_SPEECH_INTROS = _G.chars("speech_intros")
_SENTENCE_ENDS = _G.chars("sentence_ends")
_SAID = _G.chars("said")
_SENT_BACK = _G.seq("sent_back")
_SAYING = _G.seq("saying")
_BACK_REFERENCE = _G.chars("back_reference")
_ADDRESS_REACH = 24   # 想要资料的朋友们，加我微信: how far back an earlier clause may name the reader
_CLAUSE_REACH = 48   # the most of a clause read on each side of an action (a clause, not a page)
_OF = _G.chars("of")
_THING_PLACE = lazyre.compile("[\u4e00-\u9fff][上里中内边底角面](?:的|那|这|有)")   # 快递盒上的: a thing, a place on it
_CLAUSE_ADVERBS = _G.chars("clause_adverbs")
_ADVERB_WORDS = _G.seq("adverb_words")
_OWNS_TARGET = lazyre.compile("(?:上|里|门口|旁边|边)的|(?:上|里|门口|旁边|边)?(?:那个|这个|那张|这张)")   # 前台那个二维码
_CAUSATIVES = _G.chars("causatives")
_NEGATORS = _G.chars("negators")
_REPORT_GAP = 4      # 卖家跟我说: how far after the person a word of saying may stand
_RELATIVE_REACH = 6   # 给您退款的: how far after the act its relative clause may end in 的
_MODIFIER_REACH = 4   # 上次说的 …: how far after a marker a 的 still closes its modifier
# What may stand before the verb of a clause that still opens with it: nothing, a plus sign, or
# a softener (+v, 快搜).
_OPENERS = _G.chars("openers")
_PLACE_OPENERS = _G.chars("place_openers")
# Between the comma and a copula that judges the acts before it (…，都属于违规行为)
_SUBJECT_ADVERBS = _G.chars("subject_adverbs")
_COPULA_ADVERBS = _G.chars("copula_adverbs")
_LISTED_ACTS = 5   # 在评论区留手机号、在直播间口播微信号，都属于…: how many clauses on the copula may open
_ASKING_ACTS = _G.words("asking_acts")
_REFUSING_ANSWERS = _G.words("refusing_answers")
_CALLING_WORDS = _G.chars("calling_words")
# between the people called and the colon (博主回复：…: the one replying speaks to the reader)
_CALLING = _G.chars("calling")
_DONE = _G.words("done")
_ALREADY = _G.seq("already")
# All a clause may hold before its act and still have no subject of its own (可以用…, 就能…)
_NO_SUBJECT = _OPENERS | _ADVERBS | _G.chars("no_subject")
# 挂了电话先…: a done act of one or two characters and its object open the clause, no subject
_DONE_FIRST = lazyre.compile(r"[^,;了]{1,2}了[^,;了]{0,3}?(?=[%s]*$)" % re.escape("".join(sorted(_NO_SUBJECT))))
_LIST_MARKS = _G.chars("list_marks")
_ARROWS = _G.seq("arrows")
_KINDS = _G.chars("kinds")
_MADE_GAP = _G.chars("made_gap")
_OUTRIGHT = _G.seq("outright")
_PIVOTS = _G.words("pivots")
_GIVE_ME = _G.words("give_me")
_CHECK_WHETHER = _G.seq("check_whether")
_DIALOGUE_ROLES = _G.words("dialogue_roles")
_NOT_SPEAKERS = _G.words("not_speakers")
_SPEAKER_TITLES = _G.seq("speaker_titles")
_ANNOUNCED = lazyre.compile(r"(?:%s):" % _G.pattern("announcing_ends"))
_SPEAKER_MARKS = _G.chars("speaker_marks")
_SUBJECT_ADVERBS_R = _G.chars("reader_then")
_DENIED = _G.seq("denied")
_ON_SITE = _G.seq("on_site")
_DOCUMENTS = lazyre.compile("|".join(map(re.escape, _G.seq("documents"))))
_RECEIVED = _G.seq("received")
_SELF_IS = _G.seq("self_is")
_EFFORTS = lazyre.compile("|".join(map(re.escape, _G.seq("efforts"))))
_EFFORT_REACH = 6   # how far before the act the effort may be named (精力主要还是放在)
_CALLED_AFTER = _G.chars("called_after")
_CAN = _G.words("can")
_CAN_SEQ = _G.seq("can")
_INDEFINITE = _G.seq("indefinite")
_TOLD_OF = _CLAUSE_ADVERBS | _G.chars("told_of")
_NEED_ENDS = _G.chars("need_ends")
_REQUIRED_FIRST = _G.seq("required_first")
_DM_WORDS = _G.words("dm_words")
_DM_OTHERS = _G.seq("dm_others")
_WRITER_DOES = _G.seq("writer_does")
_OBJECTS = _G.chars("objects")
_EMBEDDED_Q = lazyre.compile(_G.pattern("embedded_questions"))
_ASKED_FOR = _G.words("asked_for")
_THINK_VERBS = _G.seq("think_verbs")
_PLACED_OWNERS = _G.words("placed_owners")
_SEARCH_OPENERS = _G.seq("search_openers")
_WHAT_HELD = lazyre.compile(r"(?:里|上)?(?:能|可以|该|要|应该|不能)(?:写|放|挂|填|留|加)(?:什么|啥|哪些|多少)")
_TEXT_PLACES = _G.words("text_places")
_ARRIVALS = _G.words("arrivals")
_NOT_YET = _G.words("not_yet")
_DONT = _G.seq("dont")
_PAST_SCENE = _G.seq("past_scene")
_RECALL = _G.seq("recall")
_ANSWERED = _G.seq("answered")
_PAST_PEOPLE = _G.seq("past_people")
_EASED_PEOPLE = _G.seq("eased_people")
_WHEN_OF = lazyre.compile(r"[^,;的]{0,3}?(之后|以后|后|时|前)的[\u4e00-\u9fff]")
_LISTED_JUDGED = lazyre.compile(r"[^,;，；。]{0,3}、[^,;，；。]{1,10}?(?:都|均|全)(?:是|属于|算)")
_SHOP_ROLES = _G.words("shop_roles")
_APP_STEPS = lazyre.compile(_G.pattern("app_steps"))
_KIND_WORDS = _G.seq("kind_words")
_EXAMPLE_OPENERS = _G.seq("example_openers")
_MEETING = _G.seq("meeting")
# (two digits at least, or a unit: 扣1 and 留个“1” are the pointer's own reply)
_FIGURE_AFTER = lazyre.compile(r"(?<![0-9])(?:[0-9]{2,4}(?:\.[0-9]+)?(?:万|千|百|个|人|次|%)?|[0-9](?:\.[0-9]+)?(?:万|千|百|人|次|%))")
_AND_CHARS = _G.chars("and_chars")
_JUDGED_KIND = lazyre.compile("(?:基本上?|大多|多半|一般|通常|都|全|十有八九)*(?:都|全|就)?是")
_MENU_PATH3 = lazyre.compile(r"[^\s，。,；;！!？?\d]{1,8}\s*(?:—+|-{1,2}>?|→|>|＞)\s*[^\s，。,；;！!？?\d—>→＞-]{1,8}\s*(?:—+|-{1,2}>?|→|>|＞)\s*[^\s，。,；;！!？?\d]")
_MENU_PATH = lazyre.compile(r"\s*(?:(?:—+|-{1,2}>?|→|>|＞)\s*)?[“「\"']?[^，。,；;！!？?\s“”「」—>→＞-]{1,8}[”」\"']?\s*(?:—+|-{1,2}>?|→|>|＞|/)\s*[“「\"']?[^，。,；;！!？?\s]")
_ORDER_TOLD = lazyre.compile("(?:上|里)?[下买拍点订付叫][的了过]")
_SHARING_VERBS = _G.seq("sharing_verbs")
_MUST = _G.words("must")
_PEOPLE_AFTER = _G.seq("people_after")
_INSISTING = lazyre.compile(_G.pattern("insisting"))
_NOT_SAYING = _G.chars("not_saying")
_ANNOUNCING = _G.seq("announcing")
_JUDGING_ADVERBS = _G.chars("judging_adverbs")
_SYSTEM_DOES = lazyre.compile("(%s)[也都就还只]?(?:会|能|可能会|可以)(?:直接|自动)?" % _G.pattern("system_subjects"))
_JUDGED_AFTER = _G.seq("judged_after")
_PARTICLE_TEXT = "".join(_PARTICLES)
_FOR_WHOM = _G.chars("for_whom")
_NOT_FOR_WHOM = _G.words("not_for_whom")
_KIND_REACH = 4      # how far into its clause a kind word (那种) may stand
_RUN_ON_FREQ = 100   # a word jieba counts at least this often (家电 667, 家居 146)
_APP_PARTS = lazyre.compile(_G.pattern("app_parts"))
_APP_CHOICE = lazyre.compile(r"\s*(?:选择|选|点击|点开|点|找到)\s*[“「\"']")
_CHECKING = lazyre.compile(_G.pattern("checking"))
_SEARCHES = _G.words("searches")
_CALLS = _G.chars("calls")
_PLACING = _G.chars("placing")
_THOSE_WHO = lazyre.compile("[\u4e00-\u9fff]{1,4}的(?=%s)" % _G.pattern("left_to_them"))
_URGING = _G.seq("urging")
_WARNING_TOPICS = _G.seq("warning_topics")
# between a relative clause's 的 and the warning that judges it: adverbs and a few more
_BEFORE_JUDGING = _ADVERBS | _G.chars("before_judging")
_CROSS_MARKS = _G.chars("cross_marks")
_POSING = _G.words("posing")
_NO_NAME_GIVEN = _G.seq("no_name_given")
_VENUES = tuple(sorted(_G.seq("venues"), key=len, reverse=True))
_LIST_LINE_MARKS = _CROSS_MARKS | _G.chars("check_marks")
_EXAMPLE_LABELS = _G.seq("example_labels")
_LOOKING = _G.chars("looking")
# (现在拿手机扫一扫进群: now, and the device in hand, before the verb: no subject)
_HANDHELD = lazyre.compile("(?:%s)?(?:用|拿|拿着|拿起)(?:%s)|(?:%s)" % (_G.pattern("now_words"), _G.pattern("devices"),
                                                                 _G.pattern("when_to_do")))
_INSTRUMENT = lazyre.compile("[%s]*(?:%s)[^,;我你您]{1,16}" % (re.escape("".join(sorted(_ADVERBS))), _G.pattern("instrument")))
_SUGGESTING = _G.chars("suggesting")
_DEMONSTRATIVES = _G.words("demonstratives")
_KIND_OF = _G.seq("kind_of")
_DONE_STEP = _G.chars("done_step")
_REQUIRED = _G.words("required")
_SEARCH_TOLD = _G.seq("search_told")
_WHY = lazyre.compile(_G.pattern("why"))
_PEOPLE = frozenset({"addressee", "agent", "someone"})
_BUT = _G.words("but")
_OWNERS = _G.words("owners")
_STAGE = _G.seq("stage")
_FAQ = _G.seq("faq")
_THOSE_ACTS = _G.seq("those_acts")
_PER = _G.seq("per")
_NOT_BUT = _G.pairs("not_but")
_LEAD_ADVERBS = _G.seq("lead_adverbs")
_NAME_PREFIXES = _G.seq("name_prefixes")
_CALL_HOME = _G.seq("call_home")
_WHAT = _G.words("what")
_WE = _G.words("we")
_OF_WHOSE = _G.chars("of") | _G.chars("of_plural")
_PLATFORM_HAS = _G.seq("platform_has")
_NOT_NAMES = _G.words("not_names")
_WHO = _G.seq("who")
_NAME_GAP = tuple(sorted(_G.seq("name_gap"), key=len, reverse=True))
_NAME_REACH = 4   # 阿艾尔顿: the most characters a name after 阿 is read to have
_CONTRACTION = lazyre.compile(r"[A-Za-z]'[A-Za-z]")   # don't: an apostrophe, no quotation mark
_DESCRIBED = _G.seq("described")
_SOON = _G.chars("soon")
_ONCE = _G.seq("once")
_IF = _G.seq("if")
_HAVING = _G.seq("having")
_OWN_FEEDS = _G.words("own_feeds")
_POSTING = _G.words("posting")
_OR_WORDS = _G.words("or_words")
_TOLD_ME = _G.seq("told_me")
_READER_IS = _G.seq("reader_is")
_ADDING_ACTS = _G.words("adding")
_ADDED_AMOUNT = lazyre.compile("[一两二三四五六七八九十几半0-9]+(?:%s)" % _G.pattern("added_amounts"))
_PLATFORM_SAYS = _G.seq("platform_says")
_TELL_ME_ONCE = _G.seq("tell_me_once")
_WHETHER = _G.seq("whether")
_BA = _G.chars("ba")
_NOW_WORDS = _G.seq("now_words")
_NOT_THIS = _G.seq("not_this")
_AFTER_ACT = _G.seq("after_act")
_ANY_WHO = _G.seq("any_who")
_ANY_REFUSED = _G.seq("any_refused")
_INSTEAD = _G.seq("instead")
_EVERY_KIND = _G.seq("every_kind")
_READER_SIDE = _G.seq("shop_roles") + _G.seq("reader_side")
_ASKED_WHOSE = _G.words("asked_whose")
_CALL_TO_READER = lazyre.compile("给(?:你|您)们?(?:%s)" % _G.pattern("calls_out"))
# After a name-giving act (店名 …), a word that is no name (换个店名就能印, 店名都一样)
_NOT_A_NAME = _G.chars("not_a_name")
_ONLY = _G.chars("only")
_QUANTIFIERS = _G.seq("quantifiers")
_EQUALS = _G.seq("equals")
_COUNTED_AS = _G.seq("counted_as")
_CANNOT = _G.seq("cannot")
_WISH_THEN = _G.seq("wish_then")
_MEASURES = _G.chars("measures")
# A number and a measure word (两个, 3台, 八个): a count (the rules ask too)
_COUNT = lazyre.compile(f"[一两二三四五六七八九十几0-9]+[{re.escape(''.join(sorted(_MEASURES)))}]")
_NOT_NOUN = _G.chars("not_noun")


@dataclass(frozen=True)
class Reading:
    """How the clause around a hit reads: an invitation, a story, a warning …"""

    kind: str        # invite | narration | habit | self | warning | quoted | service | mention
    marker: str = ""  # the word that decided ('' for the default)
    why: str = ""     # what explain and the JSON report show
    negated: bool = False  # a negation before the action (不用在美团下单), not a warning word

    @property
    def invites(self) -> bool:
        return self.kind == "invite"

    def __str__(self) -> str:
        return self.why


class _Markers:
    """The reading markers of one clause, longest first at each position, not overlapping
    (后来 is a time word, not 后 + 来)."""

    __slots__ = ("items",)

    def __init__(self, lex, f: str, lo: int, hi: int, action: tuple[int, int] = (0, 0)):
        items = []
        end = lo
        a_s, a_e = action
        for s, e, entries in sorted(lex.scan_reading(f, lo, hi), key=lambda x: (x[0], x[0] - x[1])):
            if s < end or (a_s <= s and e <= a_e and a_e - a_s > 1):
                continue   # a marker inside the action is part of it (每天直播, 放了原图)
            end = e
            if any(x.mode == "none" for x in entries):
                continue
            items.append((s, e, frozenset(x.mode for x in entries), f[s:e]))
        self.items = items

    def at(self, cls: str, pos: int):
        return self.find(cls, 0, 0, start=pos)

    def find(self, cls: str, lo: int, hi: int, start: int | None = None):
        """The first marker of class `cls` inside [lo, hi), or starting exactly at `start`."""
        for s, e, classes, term in self.items:
            if cls in classes and (s == start if start is not None else (lo <= s and e <= hi)):
                return term
        return None


def _called_out(f: str, s: int, lo: int) -> bool:
    """Nothing but a relative clause (…的) or words of calling stand before the addressee word in
    its clause (想要的宝宝，/ 各位老板，), not a verb that has it as object (有三千多个老顾客，)."""
    a = max(f.rfind(",", lo, s), f.rfind(";", lo, s), lo - 1) + 1
    before = f[a:s]
    return not before or before.endswith(("的", "嘅")) or set(before) <= _CALLING_WORDS


def _han(ch: str) -> bool:
    """One Chinese character (the common block), not "" or anything else."""
    return "\u4e00" <= ch <= "\u9fff"


def _compound(ctx, e: int) -> bool:
    """A word jieba knows starts right after the addressee word (老铁|文化), one that is no
    reading marker or act (可以, 扫码): the two make a noun, a kind of people talked about."""
    f, lex = ctx.f, ctx.lexicon
    w = f[e:e + 2]
    return len(w) == 2 and all(map(_han, w)) and w[0] not in _CALLING and \
        ctx.word_freq(w) > 0 and not lex.scan_reading(f, e, e + 2) and not lex.is_action(w) and \
        not lex.scan_context(f, e, e + 2)


_ASK_VERBS = _G.seq("ask_verbs")


def _asking_after(f: str, e: int, a_s: int) -> bool:
    """A verb of asking or saying right after the addressee word, only adverbs between, before
    the act: the people are told of, their question reported (老客户总问能不能加微信)."""
    k = e
    while k < a_s and f[k] in _ADVERBS | _FREQUENT:
        k += 1
    return k < a_s and (f.startswith(_ASK_VERBS, k) or f.startswith(_THINK_VERBS, k))


_PLAYS = lazyre.compile(r"[a-z0-9甲乙丙丁]?(?:%s)" % _G.pattern("plays"))
_ASKED_LINE = lazyre.compile(r"(?m)^[ \t]*[问問][:：]")
# (Customer：…, A（扮演顾客）：…)
_ROLE_LINE = lazyre.compile(r"(?m)^[ \t]*(?:[^\s:：，,。！？!?（(]{1,8}(?:[（(][^）)\n]{1,12}[）)])?|[A-Za-z]{6,10}|[“「『][^”」』\n]{1,8}[”」』])[:：]")


def _lines_opening(ctx, key: str, pattern) -> int:
    """How many lines of the text open with `pattern` (a label and a colon): counted once per message."""
    n = ctx.memo.get(key)
    if n is None:
        n = ctx.memo[key] = len(pattern.findall(ctx.text)) if "\n" in ctx.text else 0
    return n


def _dialogue(ctx) -> bool:
    """Two lines or more open with a speaker and a colon (顾客：… / 回复：…)."""
    return _lines_opening(ctx, "dialogue", _ROLE_LINE) >= 2


_BRACKET_SPEAKER = lazyre.compile(r"[ \t]*【([^】\n]{1,6})】")


def _bracket_talk(ctx) -> bool:
    """Three lines or more open with a name in brackets (【审核A】…), two names at least and one
    of them again: speakers, not headings."""
    t = ctx.memo.get("bracket_talk")
    if t is None:
        # (not 【福利】…/【活动】…: headings, [not_speakers], nor a channel's or contact's name)
        labels = [m.group(1) for m in _BRACKET_LINES.finditer(ctx.text)] if "\n" in ctx.text and "【" in ctx.text else []
        if any(x in _NOT_SPEAKERS or ctx.lexicon.scan_anchors(x.lower()) for x in set(labels)):
            labels = []
        t = ctx.memo["bracket_talk"] = len(labels) >= 3 and 2 <= len(set(labels)) < len(labels)
    return t


_BRACKET_LINES = lazyre.compile(r"(?m)^[ \t]*【([^】\n]{1,6})】")


def _interview(ctx) -> bool:
    """Two lines or more open with 问 and a colon: questions put to someone."""
    return _lines_opening(ctx, "interview", _ASKED_LINE) >= 2


# (A. 好的，发一下您的微信号 / （B）… / C 私信发你: a quiz's option opening its line)
# (辨析：…甲 快递员会提前打电话 / 乙 有需要打我电话: or 甲, 乙 …, examples set side by side)
_OPTION_LINE = lazyre.compile(r"(?m)^[ \t]*(?:[（(]([A-Da-d甲乙丙丁])[)）]|([A-Da-d甲乙丙丁])(?:[ \t]*[.．、)）:：]|[ \t]+(?=[^\x00-\x7f])))")
_OPTION_LETTERS = str.maketrans("甲乙丙丁abcd", "ABCDABCD")
_QUIZ_MARKS = _G.seq("quiz_marks")


def option(ctx, a_s: int) -> str | None:
    """The option label (A., （B）) opening the line of folded `a_s` in a quiz — two lettered
    option lines or more, A and B among them, and a quiz's word (答案, 题, 哪) in the text: the
    line is an answer offered for judging, not the writer's words to the reader."""
    letters = ctx.memo.get("options")
    if letters is None:
        letters = set()
        if "\n" in ctx.text and any(w in ctx.text for w in _QUIZ_MARKS):
            letters = {(a or b).translate(_OPTION_LETTERS) for a, b in _OPTION_LINE.findall(ctx.text)}
        ctx.memo["options"] = letters = letters if {"A", "B"} <= letters else set()
    if not letters:
        return None
    o = ctx.orig(a_s, a_s + 1)[0] if a_s < len(ctx.f) else len(ctx.text)
    m = _OPTION_LINE.match(ctx.text, ctx.text.rfind("\n", 0, o) + 1)
    return m.group().strip() if m and m.end() <= o else None


_BLANK = lazyre.compile(r"_{2,}|＿{2,}|[（(]\s*[)）]|填空")
_KEY = lazyre.compile(r"(?:参考|正确)?答案\s*[:：]")


def answer_key(ctx, a_s: int) -> str | None:
    """答案： before folded `a_s` on its line, in a fill-in quiz (a blank ____ or （ ） to fill):
    the answers are what the blank could hold, examples judged."""
    if ctx.memo.get("blank") is None:
        ctx.memo["blank"] = bool("答案" in ctx.text and _BLANK.search(ctx.text))
    if not ctx.memo["blank"]:
        return None
    o = ctx.orig(a_s, a_s + 1)[0] if a_s < len(ctx.f) else len(ctx.text)
    k = _KEY.search(ctx.text, ctx.text.rfind("\n", 0, o) + 1, o)
    return k.group() if k else None


_TABLE_HEAD = lazyre.compile(r"(?m)^[ \t]*\|(.*)\|[ \t]*\n[ \t]*\|?[ \t]*:?-{3,}")
_EXAMPLE_HEADERS = _G.seq("example_headers")


def example_cell(ctx, a_s: int) -> str | None:
    """The header of a table written out (| 不要这样写 | 可以这样写 |, then |---|) whose columns hold
    wordings to judge, when folded `a_s` stands in one of its rows: an example, not said."""
    head = ctx.memo.get("example_table")
    if head is None:
        t = _TABLE_HEAD.search(ctx.text) if "|" in ctx.text and "---" in ctx.text else None
        head = ctx.memo["example_table"] = (t.group(1).strip(), t.end()) if t and any(
            w in t.group(1) for w in _EXAMPLE_HEADERS) else ()
    if not head:
        return None
    o = ctx.orig(a_s, a_s + 1)[0] if a_s < len(ctx.f) else len(ctx.text)
    k = ctx.text.rfind("\n", 0, o) + 1
    return head[0] if o > head[1] and ctx.text[k:o].lstrip().startswith("|") else None


_BULLET_LINE = lazyre.compile(r"[ \t]*(?:[·•\-*–—●○▪■□◆◇]|[0-9０-９]{1,2}[.．、)）])")
_BANNED_HEADS = _G.seq("banned_list_heads")


def banned_item(ctx, a_s: int) -> str | None:
    """A word of a list of banned words (客服禁用语清单 then · 加我／加个好友／加V …): the
    heading names one of [banned_list_heads] and the line of folded `a_s` is one of its bulleted
    items, words set apart by ／, / or 、."""
    head = ctx.memo.get("banned_head")
    if head is None:
        k = ctx.text.find("\n")
        first = ctx.text[:k] if k >= 0 else ""
        head = ctx.memo["banned_head"] = next((w for w in _BANNED_HEADS if w in first), "")
    if not head:
        return None
    o = ctx.orig(a_s, a_s + 1)[0] if a_s < len(ctx.f) else len(ctx.text)
    k = ctx.text.rfind("\n", 0, o) + 1
    if k == 0 or not _BULLET_LINE.match(ctx.text, k):
        return None
    e = ctx.text.find("\n", o)
    line = ctx.text[k:e if e >= 0 else len(ctx.text)]
    return head if any(ch in line for ch in "／/、") else None


def _titled(label: str) -> bool:
    """A surname and a title of [speaker_titles] (黄总, 王老师): someone speaking in a dialogue."""
    return 2 <= len(label) <= 4 and label.endswith(_SPEAKER_TITLES) and all(map(_han, label))


def speaker(ctx, sent, a_s: int) -> str | None:
    """The role and colon that open the sentence or, in a dialogue written out, its line
    (买家：…, 顾客：…, 学员A：…) before folded `a_s`: what follows is that person's words.
    (【模板】顾客：能不能私下转你？: past a heading in brackets too; 顾客：能便宜点吗？加你微信私下转可以吗:
    the role opens the line, whatever sentences it holds.)"""
    f, lex = ctx.f, ctx.lexicon
    # (【审核A】这条要不要判 / 【审核B】这个判，扣我=QQ联系我: a chat log whose speakers are named in
    # brackets, two of them at least, one speaking again)
    if _bracket_talk(ctx):
        o = ctx.orig(a_s, a_s + 1)[0] if a_s < len(f) else len(ctx.text)
        if (b := _BRACKET_SPEAKER.match(ctx.text, ctx.text.rfind("\n", 0, o) + 1)) and b.end() <= o:
            return b.group().strip()
    heads = {_after_heading(ctx, sent.lo)}
    talk = _dialogue(ctx)   # (two speakers' lines at least: a dialogue written out)
    if talk:
        heads.add(_after_heading(ctx, _line_start(ctx, sent.lo)))
    for h0 in heads:
        if (k := f.find(":", h0, min(a_s, h0 + 23))) <= h0:   # (a described speaker: up to 6 + 12 + 2)
            continue
        # (A（扮演顾客）：…: a part played in a role-play, the brackets folded away)
        h = pl.end() if (pl := _PLAYS.match(f, h0, k)) and pl.end() < k else h0
        # (学员A：…, 嘉宾：…: in a dialogue written out, a transcript's speaker, numbered or
        # lettered; a lone 讲师：… line is a talk to its audience, the readers)
        r = k - 1 if talk and k - 1 > h and f[k - 1] in _SPEAKER_MARKS and not f[k - 2].isascii() else k
        # (王女士（某女装店主）：…: in a dialogue, who the speaker is, in brackets before the colon;
        # the fold drops the brackets, not the words in them)
        if talk and r == k and (p := _described(ctx, h, k)) is not None:
            r = p
        # (主持人：… / 黄总：…: a role, or a surname and a title, in a dialogue; a person word
        # ([reading agent]) anywhere)
        # (嘉宾苏蔓（律师）：…: or a role, then the name)
        # (扮演顾客的学员：…: or a role described before it)
        if talk and (f[h:r] in _DIALOGUE_ROLES or _titled(f[h:r])
                     or "的" in f[h:r] and r - h <= 10 and any(f[h:r].endswith(x) for x in _DIALOGUE_ROLES)
                     or any(f.startswith(x, h) and 2 <= r - h - len(x) <= 3 and all(map(_han, f[h + len(x):r]))
                            for x in _DIALOGUE_ROLES)) or any(
                s3 == h and e3 == r and "agent" in c3 and "addressee" not in c3
                for s3, e3, c3, _ in _Markers(lex, f, h, r).items):
            return f[h:k + 1]
        # (问：…？ / 运营总监韩雪：…: in an interview, whose questions are lines labelled 问, a name
        # of Chinese characters opening another line is the one who answers; not 答, which
        # answers for the writer, nor a channel's or contact's label)
        if talk and h == h0 and 2 <= k - h <= 6 and all(map(_han, f[h:k])) and f[h:k] not in _NOT_SPEAKERS \
                and _interview(ctx) and not lex.scan_anchors(f[h:k]):
            return f[h:k + 1]
        # (小林：… / 阿珍：…: in a dialogue a familiar name, 小, 阿 or 老 and a character or two;
        # “助理小美”：…: or a name the writer put in quotation marks, a chat log pasted)
        if talk and h == h0 and 2 <= r - h <= 6 and all(map(_han, f[h:r])) and f[h:r] not in _NOT_SPEAKERS \
                and not lex.scan_anchors(f[h:r]) and (
                    r - h <= 3 and f[h] in _FAMILIAR or _QUOTED_LABEL.fullmatch(
                        ctx.text, ctx.text.rfind("\n", 0, ctx.orig(h, h + 1)[0]) + 1, ctx.orig(k, k + 1)[0])):
            return f[h:k + 1]
    return None


_STEP = lazyre.compile(r"(?:第[一二三四五六七八九十两0-9]{1,2}步|步骤[一二三四五六七八九十0-9]{1,2})[,:;.]?")
_SCAM_WORDS = _G.seq("scam_words")
_FAMILIAR = _G.chars("familiar_names")
_GREETINGS = _G.seq("greetings")
_PAYING_ACTS = _G.seq("paying_acts")
_WAY_WORDS = _G.seq("way_words")
_GO_TO = _G.chars("go_to")
_MEDIA_AFTER = _G.seq("media_after")
_QUOTED_AGENT = lazyre.compile(r"[“「\"'‘]([\u4e00-\u9fff]{1,6})[”」\"'’]\s*(?:[A-Za-z\u4e00-\u9fff]{1,4}[上里]?)?\s*$")
_DASH_BACK = lazyre.compile(r"[^，。！？；,.!?;\n]*?(?:——|--|—)\s*(?:这|此|那)")
_SENTENCE_END = lazyre.compile(r"[。！？!?；;\n]")
_PRESENTED = _G.seq("presented_words")
_QUOTED_LABEL = lazyre.compile(r"[ \t]*[“「\"『][^”」\"』\n]{1,8}[”」\"』][ \t]*")
_DESCRIBED_LABEL = lazyre.compile(r"[^（(\n]{1,6}[（(][^）)\n]{1,12}[）)]\s*$")


def _described(ctx, h: int, k: int) -> int | None:
    """Where the bracket opens, folded, when the label from folded `h` to the colon at `k` as
    written is a name then a description in brackets (王女士（某女装拼多多店主）)."""
    o_h, o_k = ctx.orig(h, h + 1)[0], ctx.orig(k, k + 1)[0]
    if not _DESCRIBED_LABEL.fullmatch(ctx.text, o_h, o_k):
        return None
    p = min(i for i in (ctx.text.find("（", o_h, o_k), ctx.text.find("(", o_h, o_k)) if i >= 0)
    return bisect_left(ctx.folded.offsets, p)


def _line_start(ctx, i: int) -> int:
    """The folded index where the line of folded `i` begins (after the text's last newline before
    it); the newlines are found once per message, so a long text costs a bisect per ask."""
    nl = ctx.memo.get("newlines")
    if nl is None:
        nl = ctx.memo["newlines"] = [k for k, ch in enumerate(ctx.text) if ch == "\n"]
    o = ctx.orig(i, i + 1)[0] if i < len(ctx.f) else len(ctx.text)
    k = bisect_left(nl, o)
    return bisect_left(ctx.folded.offsets, nl[k - 1] + 1 if k else 0)


def _me_next(f: str, i: int) -> bool:
    """我 at `i`, the writer as the object (私聊提醒我), not 我们 opening a quote or a clause."""
    return f[i:i + 1] == "我" and f[i + 1:i + 2] != "们"


def _not_yet_before(f: str, s: int) -> int:
    """Where a [not_yet] word ending at `s` starts (还没|进群的), else `s`."""
    return next((s - len(x) for x in _NOT_YET if s >= len(x) and f.startswith(x, s - len(x))), s)


def _agents_end(m, e: int) -> int:
    """Where a run of person words that goes on from `e` ends (骑手|小哥|你: 4)."""
    for s2, e2, classes, _ in m.items:
        if s2 == e and "agent" in classes:
            e = e2
    return e


def _vocative(f: str, e: int) -> bool:
    """The addressee word ends its clause (…的宝宝， / 姐妹们，): the reader is called."""
    return f[e:e + 1] == ","


def _marker_at(lex, f: str, i: int, cls: str, hi: int) -> str | None:
    """A marker of class `cls` starting at i and ending by hi: fear or an answer opening the next
    clause (怕被限流, 答案…), the noun head right after an act (私信规则)."""
    for s2, e2, es in lex.scan_reading(f, i, hi):
        if s2 == i and any(x.mode == cls for x in es):
            return f[s2:e2]
    return None


def _called(f: str, e: int, before: int) -> bool:
    """A colon right after the person word ending at e (老朋友看过来：, 姐妹们：): they are called."""
    k = f.find(":", e, min(before, e + 5))
    return k >= 0 and set(f[e:k]) <= _CALLING


def _opening_action(sent, f: str, start: int, before: int) -> str | None:
    """The verb that opens the clause at `start` (after openers like 请/快), if one does and
    ends before `before`: an action said before its object (扫描, 添加), not 我 (v我's object)
    and not one inside an ordinary word (私 in 私域, 要 in 要是)."""
    words = sent.context_in(start, before)
    for s2, e2, es in words:
        if not set(f[start:s2]) <= _OPENERS:
            return None
        if e2 <= before and any(x.kind == "action" and x.mode in ("before", "contact") and not x.weak
                                for x in es) and not any(
                a <= s2 and e2 <= b and b - a > e2 - s2 and any(x.kind == "allow" for x in xs)
                for a, b, xs in sent.context_in(s2 - 4, e2)) and not (
                e2 - s2 <= 2 and sent.crossing_word(s2, e2, min_freq=1) is not None) and not (   # 要 in 要是
                sent.ctx.lexicon.anchor_at(f, s2, e2 - s2)) and not (   # 联系方式那一栏只留手机: a noun
                _has_quotes(sent.ctx) and _quoted(sent.ctx, s2, e2)):   # (写“欢迎再来”不涉及…: quoted words)
            return f[s2:e2]
    return None


def _acted_on(sent, pos: int, verb: bool = False) -> bool:
    """An action ends where the 我 starts (私我, 加我): 我 is its object, not the subject.
    `verb`: only a verb counts (扫前台这个码), not a word that follows a channel (我 of v我)."""
    return any(e2 == pos and any(x.kind == "action" and not (verb and x.mode == "next") and x.term != "有" for x in es)
               for _, e2, es in sent.context_in(pos - 8, pos))   # (仍有商家把…: 有 is no verb acting on them)


def _modifies(f: str, end: int, upto: int) -> bool:
    """A 的 just after a marker's phrase, before what it would govern, puts the marker in a
    modifier (上次说的那个微信号是多少, 没微信的加我QQ): it describes a noun and says nothing of
    the main verb. Further on (有人用过企业微信的客户朋友圈吗) the 的 belongs to the object, and
    so does one after 把 (别把自己的私人号码放店铺简介里)."""
    if f.startswith(("把", "将"), end):
        return False
    return any(c in _OF for c in f[end:min(upto, end + _MODIFIER_REACH)])


def _told_done(f: str, s: int, e: int, sent) -> bool:
    """The clause of the word at [s, e) tells a thing done already (已经举报了)."""
    a, b = _clause(f, sent.lo, sent.hi, s, e)
    return any(w in f[a:b] for w in _ALREADY)


def _clause(f: str, lo: int, hi: int, s: int, e: int) -> tuple[int, int]:
    """The clause around [s, e) within the sentence [lo, hi), at most _CLAUSE_REACH on each side:
    a run-on clause must not make each of its hits read all of it."""
    lo, hi = max(lo, s - _CLAUSE_REACH), min(hi, e + _CLAUSE_REACH)
    a = f.rfind(",", lo, s) + 1
    a = max(a, lo)
    b = f.find(",", e, hi)
    return a, (hi if b < 0 else b)


# Chat typed without punctuation puts a space where a comma would be (别哭 滴滴我); a space
# between single characters (别 加 我 微 信) is a disguise, not a pause.
# Chinese on both sides (IG DM我 is two words, not a pause); an emoji may close the first (好食😋 想試).
_SPACED_PAUSE = lazyre.compile(r"\S[\u4e00-\u9fff][^\w\s]{0,3}\s+[\u4e00-\u9fff]")


# A tilde after a sentence-final particle ends the clause as a comma would (看我主页简介哦～每天更新);
# the fold drops it as decoration. (Between single characters, 微～信, it is a disguise.)
_TILDE_PAUSE = lazyre.compile(f"[{re.escape(_PARTICLE_TEXT)}][～〜~]+(?=[\u4e00-\u9fff])")


def _pauses(ctx) -> list[int]:
    """Folded positions where a clause typed without punctuation starts after a space
    (订房别走平台 前台直接扫…) or a tilde after a particle, asked once per message."""
    got = ctx.memo.get("pauses")
    if got is None:
        got = []
        text = ctx.text
        if " " in text or "\u3000" in text or "\t" in text:
            offs = ctx.folded.offsets
            for m in _SPACED_PAUSE.finditer(text):
                got.append(bisect_left(offs, m.end() - 1))
        if "～" in text or "~" in text or "〜" in text:
            offs = ctx.folded.offsets
            got.extend(bisect_left(offs, m.end()) for m in _TILDE_PAUSE.finditer(text))
            got.sort()
        ctx.memo["pauses"] = got
    return got


def _within_pauses(ctx, lo: int, hi: int, s: int, e: int) -> tuple[int, int]:
    """The clause [lo, hi) narrowed to the typed pauses around [s, e) (the act and its target:
    a pause between them keeps them together)."""
    for p in _pauses(ctx):
        if lo < p <= s:
            lo = p
        elif e <= p < hi:
            hi = p
            break
    return lo, hi


def _asks_end(ctx, e: int) -> bool:
    """The sentence around folded e ends in a question mark as written."""
    text = ctx.text
    o = ctx.orig(e - 1, e)[1]
    ends = [i for q in "。！？!?\n" if (i := text.find(q, o, o + 400)) >= 0]   # (bounded: linear on long texts)
    return bool(ends) and text[min(ends)] in "？?"


def _role_can(f: str, m: "_Markers", at: int, start: int = -1) -> bool:
    """A person's role right before 可以 at `at`, or opening the clause with no pause before it,
    not closing a relative clause (观众可以…, 观众看完直播可以…; not 想补英文嘅家长可以…): what
    the people told of can do."""
    return any("agent" in c3 and (at - 1 <= e3 <= at or s3 == start and "," not in f[e3:at])
               and (f[s3 - 1:s3] not in _OF or _plain_modifier(m, start, s3 - 1)) for s3, e3, c3, _ in m.items)


def _plain_modifier(m: "_Markers", start: int, of: int) -> bool:
    """The words from the clause's start to its 的 at `of` hold no wish and no told act: a place
    or a thing that says which people (直播间的观众), not the readers named by what they want or
    did (想补英文嘅家长, 有冇做過嘅人)."""
    return start < of and not any(c & {"want", "aspect", "addressee"} and start <= s < of for s, _, c, _ in m.items)


def _subject_before(f: str, start: int, at: int) -> bool:
    """Three or more Chinese characters before `at` in the clause that are neither the reader nor
    adverbs: the clause has a subject of its own (公众号文章可以放二维码; 居民可关注 is the public
    addressed)."""
    head = f[start:at]
    if any(ch in head for ch in "你您咱谁") or any(w in head for w in ("大家", "哪位", "的人", "嘅人", "的朋友")):
        return False   # (有冇做過嘅人可以…, 哪位大佬可以…: the reader described or asked)
    return sum(1 for ch in head if _han(ch) and ch not in _NO_SUBJECT) >= 3


def _practice_of(lex, f: str, end: int) -> bool:
    """A word of the practice ([reading meta], 导流) right after the act, then 的: the act and
    its purpose describe the noun after it (留联系方式导流的账号)."""
    w = _Markers(lex, f, end, end + 4).at("meta", end)
    return bool(w) and f.startswith("的", end + len(w))


def _describes(ctx, end: int, hi: int) -> bool:
    """A 的 at most two characters after the act, then a noun (not a particle, a pause, the
    clause's end or the reader named: 加微信的朋友可以领): the act is a modifier (加企业微信的
    广告), not said to anyone."""
    f = ctx.f
    i = f.find("的", end, min(hi, end + 3))
    if i < 0 or i + 1 >= hi or (_has_quotes(ctx) and _quoted(ctx, end, i + 1)):
        return False   # (搜"小鹿的杂货铺": a name quoted)
    if f[end:i] in _OWNERS or f[end:end + 1] in _OWNERS:
        return False   # 搜我的账号, 拍我挂的链接: whose thing the act is on, its object
    nxt = f[i + 1]
    if not "\u4e00" <= nxt <= "\u9fff" or nxt in _PARTICLES or nxt in _NOT_NOUN or f[i + 1:i + 3] == "时候":
        return False
    # (京东买的大家电: not a person where the word runs on into a longer one, 大家 in 大家电)
    return not any(s2 == i + 1 and any(x.mode in ("addressee", "agent") for x in xs)
                   and not ctx.word_freq(f[s2:e2 + 1]) > 0
                   for s2, e2, xs in ctx.lexicon.scan_reading(f, i + 1, min(hi, i + 6)))


def _in_condition(ctx, sent) -> bool:
    """Every warning word of the sentence stands in a clause that opens with 如果/要是/假如: a
    condition the writer answers, not a warning."""
    f = ctx.f
    for s2, _, es in sent.context:
        if any(x.kind == "warning" for x in es):
            lo = max(f.rfind(",", sent.lo, s2), f.rfind(";", sent.lo, s2), sent.lo - 1) + 1
            if not f.startswith(_IF, lo):
                return False
    return True


def _copula_after(m: "_Markers", f: str, end: int, narrative: bool) -> str | None:
    """A copula right after the act phrase ending at `end` (加微信只是手段), or in public text
    after an adverb or two (加微信几乎是"自然发生"的事情, 留联系方式才成了问题)."""
    return m.at("copula", end) or narrative and next(
        (t for s2, _, cl, t in m.items if "copula" in cl and end < s2 <= end + 3
         and (set(f[end:s2]) <= _COPULA_ADVERBS          # (绕过平台交易是…: or the act's own noun)
              or s2 - end <= 2 and all(_han(ch) and ch not in _OBJECTS for ch in f[end:s2]))), None)


def _listed_word(ctx, a_s: int, a_e: int) -> bool:
    """The act as written stands alone between list marks, one of them 、 (动作词（加、搜、扫）),
    or with its object (…、私聊、加我……这些词)."""
    o_s, o_e = ctx.orig(a_s, a_e)
    t = ctx.text
    if o_s == 0 or o_e >= len(t):
        return False
    if t[o_e] in "我你您" and o_e + 1 < len(t) and t[o_e + 1] in _LIST_MARKS:
        o_e += 1
    return t[o_s - 1] in _LIST_MARKS and t[o_e] in _LIST_MARKS and "、" in t[o_s - 1] + t[o_e]


def _slash_item(ctx, s: int, e: int) -> bool:
    """The span as written stands alone between a / (or →) and a / or the clause's end, in a
    list of two slashes or more (微信→V信/薇信/wx; 手机号→电联/📱/号码私发)."""
    o_s, o_e = ctx.orig(s, e)
    t = ctx.text
    if o_s == 0:
        return False
    before, after = t[o_s - 1], t[o_e:o_e + 1]
    # (【禁用清单】加我微信／加V／VX／…: the first item, after a colon or a bracket, before a slash)
    if before in ":：】」)）" and after in ("/", "／"):
        return t.count("/", o_e, o_e + 40) + t.count("／", o_e, o_e + 40) >= 2
    if before not in "/／→" or after not in ("/", "／", "", "。", "；", ";", "，", ",", "\n", "）", ")"):
        return False
    lo = max(max(t.rfind(q, max(0, o_s - 300), o_s) for q in "。！？\n") + 1, o_s - 300)   # (bounded)
    return t.count("/", lo, o_s) + t.count("／", lo, o_s) + t.count("/", o_e, o_e + 20) >= 2


def _apart(ctx, sent, s: int, e: int, a_s: int) -> bool:
    """The negation at folded [s, e) does not govern an action at a_s: it is part of a longer
    word (特别, 没有现货 is fine, but 特别大's 别 is no 别), a new act begins between them
    ([reading turn]: 并提醒, 而是), or a pause typed as a space stands between them."""
    if e - s <= 1 and sent.crossing_word(s, e, min_freq=1) is not None:
        return True
    if a_s > e and any(x.kind == "reading" and x.mode == "turn"
                       for _, _, xs in ctx.lexicon.scan_reading(ctx.f, e, a_s) for x in xs):
        return True   # 拒绝私下交易并提醒在平台内下单: a new act the refusal does not govern
    return a_s > e and _pause_before(ctx, ctx.orig(s, e)[0], a_s)


def _back_named(lex, f: str, lo: int, hi: int) -> str | None:
    """A trick named back with a demonstrative (这套路, 这招) in folded [lo, hi): the acts told
    before it are the trick described."""
    return next((x.term for s, _, xs in lex.scan_reading(f, lo, hi) for x in xs
                 if x.mode == "meta" and f[s:s + 1] in _BACK_REFERENCE and len(x.term) > 1), None)


def _paused(ctx, e: int, a_s: int) -> bool:
    """A pause typed as a space stands between a marker ending at folded e and the action at
    a_s (有没有人在问链接 价格都放主页简介了): the marker is in another clause."""
    return a_s > e and _pause_before(ctx, max(0, ctx.orig(e - 1, e)[1] - 2), a_s)


def _pause_before(ctx, o_lo: int, a_s: int) -> bool:
    """A pause typed as a space in the text from o_lo (as written) up to the action at folded
    a_s, taking in the action's first two characters (the pattern wants text on both sides)."""
    a0, _ = ctx.orig(a_s, a_s + 1)
    return _SPACED_PAUSE.search(ctx.text, o_lo, a0 + 2) is not None


_DISMISSED = lazyre.compile(r"我?(?:也|就|都|直接)?(?:%s)" % _G.pattern("dismissed"))
# (…准唔准留電話，所以我乜都冇留: a connector, "anything", and Cantonese 冇 may come first)
_REFUSAL = lazyre.compile(r"(?:所以|但是|但|可是|结果)?我?(?:乜都|什么都|啥都|也|就|才|都)?"
                          r"(?:没有|没敢|没|冇|不敢|不想|才不|不会|唔会|没去|懒得)(.)")


def _refused(f: str, lo: int, hi: int, sent_hi: int) -> str | None:
    """The next clause, or the next sentence, opens with the writer not doing an act of this
    clause [lo, hi) (…要加客服微信领，我没加 / 卡片上写着加微信领红包。我没有加): the instruction
    before was someone else's, told."""
    if hi >= len(f) or f[hi] not in ",;":
        return None
    r = _REFUSAL.match(f, hi + 1)
    # (没领的亲找我: 的 makes it a relative clause naming readers, not a refusal)
    if r and r.group(1) in f[lo:hi] and f[r.end():r.end() + 1] != "的" and (r.end() >= sent_hi or f[r.end():r.end() + 1] in (",", ";", "")
                                        or r.end() - hi <= 6):
        return r.group()
    # (…让扫码加好友领红包，没理它; …能便宜点，我还是在美团上点: the thing that asked, dismissed)
    r = _DISMISSED.match(f, hi + 1)
    return r.group() if r else None


_REFUSAL_REACH = 12   # 我冇填: how far after the act a refusal set apart by a space is looked for


def _refused_after_pause(ctx, lo: int, end: int, hi: int) -> str | None:
    """The same, where a space typed as a pause sets the refusal apart inside the clause
    (要我填電話號碼 我冇填)."""
    f, text = ctx.f, ctx.text
    for k in range(end, min(hi, end + _REFUSAL_REACH)):
        if f[k] in ",;":
            return None
        o = ctx.orig(k, k + 1)[0]
        if o > 0 and text[o - 1] in " \u3000" and (r := _REFUSAL.match(f, k)) and r.group(1) in f[lo:k]:
            return r.group()
    return None


def _asked(ctx, m: _Markers, f: str, first: int, hi: int) -> bool:
    """The clause ends in a question: a question word, or a question mark as written (咱们加个
    好友慢慢聊？ — the folded view keeps no question mark)."""
    if _closes(m, f, "question", first, hi):
        return True
    if hi <= 0:
        return False
    _, e0 = ctx.orig(hi - 1, hi)
    return ctx.text[e0:e0 + 1] in ("?", "？")


def _closes(m: _Markers, f: str, cls: str, first: int, hi: int) -> bool:
    """A marker of `cls` from `first` on closes the clause (only particles after it): a question
    (吗, 多少) or a request (呗) put to the one addressed."""
    return any(cls in classes and s >= first and set(f[e:hi]) <= _PARTICLES for s, e, classes, _ in m.items)


def _asks_here(ctx, m: _Markers, f: str, first: int, hi: int, t_e: int = -1) -> bool:
    """A question marker from `first` on closes the clause, or a pause typed as a space follows
    it (老板有扣扣吗 我想问问…), or it stands before a target that closes the clause (主播有没有vx啊)."""
    return any("question" in classes and s >= first and (set(f[e:hi]) <= _PARTICLES or e + 1 < hi and _paused(ctx, e, e + 1)
                                                        or e <= t_e and set(f[t_e:hi]) <= _PARTICLES)
               for s, e, classes, _ in m.items)


def _crossed_line(ctx, a_s: int) -> str | None:
    """The cross mark that opens the line of the act at folded `a_s`, in a checklist: a text with
    two or more lines opened by a cross or a check mark (✘ 微信号不能发 / ✔ 订单号可以发). A single
    marked line is not a list: ❌ as decoration crosses nothing out."""
    marks = ctx.memo.get("checklist")
    if marks is None:
        marks = [(i, line.lstrip()[:1]) for i, line in _line_starts(ctx.text)
                 if line.lstrip()[:1] in _LIST_LINE_MARKS]
        ctx.memo["checklist"] = marks = marks if len(marks) >= 2 else []
    if not marks:
        return None
    o = ctx.orig(a_s, a_s + 1)[0]
    line = ctx.text.rfind("\n", 0, o) + 1
    return next((mk for i, mk in marks if i == line and mk in _CROSS_MARKS), None)


def _venue_before(f: str, lo: int, t_s: int) -> str | None:
    """The place ([venues]) whose contact the target is, right before it, 的 between or not
    (这个景点的电话, 酒店电话); None if the target is no place's."""
    k = t_s - 1 if t_s - 1 >= lo and f[t_s - 1] in _OF else t_s
    return next((v for v in _VENUES if k - len(v) >= lo and f.startswith(v, k - len(v))), None)


def _owner_named(f: str, lo: int, t_s: int) -> str | None:
    """Whose the target is, named right before it and 的 (某某的电话, 它家的电话): a run of two to
    six Han characters opening the clause or after a pause, not the reader's side ([reader_side])
    nor a person (你, 我); None otherwise."""
    k = t_s - 1
    if k <= lo or f[k] not in _OF:
        return None
    j = k
    while j > lo and k - j < 6 and _han(f[j - 1]):
        j -= 1
    name = f[j:k]
    if (len(name) < 2 and name != "它") or (j > lo and _han(f[j - 1])) or any(ch in name for ch in "你您我咱他她") \
            or name.endswith(_READER_SIDE) or name.startswith(_READER_SIDE):
        return None
    return name


def _line_starts(text: str):
    i = 0
    for line in text.split("\n"):
        yield i, line
        i += len(line) + 1


def _has_quotes(ctx) -> bool:
    """Any quotation mark in the text at all (asked once per message: most have none)."""
    v = ctx.memo.get("quotes")
    if v is None:
        v = ctx.memo["quotes"] = any(q in ctx.text for q in _OPEN_QUOTES + _CLOSE_QUOTES)
    return v


class _Placed:
    """Truthy when the target is where something was put for the reader: a place verb right
    before it (放在公众号里), the action itself one (完整版我放在B站了), or a pointer that opens
    with one (放主页了). Worked out on first ask: most readings never need it."""

    __slots__ = ("args", "_v")

    def __init__(self, lex, f: str, m: "_Markers", action: tuple[int, int], target: tuple[int, int]):
        self.args, self._v = (lex, f, m, action, target), None

    def __bool__(self) -> bool:
        if self._v is None:
            lex, f, m, (a_s, a_e), (t_s, t_e) = self.args
            # (放在店铺简介了: a place word that runs into a pointer opening with 在)
            # (放在我的视频号了: whose it is may come between)
            self._v = any("place" in cl and (e == t_s or e == t_s - 1 and f[e] in "在到" or s < t_s < e == t_s + 1
                                             or f[e:t_s] in _PLACED_OWNERS)
                          for s, e, cl, _ in m.items) \
                or (a_e == t_s or a_e == t_s - 1 and f[a_e:a_e + 1] in ("在", "到") or f[a_e:t_s] in _PLACED_OWNERS) and any(
                    "place" in cl for _, _, cl, _ in _Markers(lex, f, a_s, a_e).items) \
                or (a_s, a_e) == (t_s, t_e) and any(
                    "place" in cl and s == t_s for s, _, cl, _ in _Markers(lex, f, t_s, t_e).items) \
                or a_s == t_e and any("place" in cl for _, _, cl, _ in _Markers(lex, f, a_s, a_e).items) \
                and f[a_e - 1:a_e] in ("在", "到")   # (我电话写在发票背面了: the number, then where it is)
        return self._v


def _apart_quotes(ctx, a_s: int, a_e: int, t_s: int, t_e: int) -> bool:
    """Action and target each quoted, with a quotation mark between them: two quotes (“加个微信吧”
    “我私下给你便宜点”), not one."""
    lo, hi = (a_e, t_s) if a_e <= t_s else (t_e, a_s)   # the folded gap between them
    s0 = ctx.orig(lo - 1, lo)[1] if lo > 0 else 0
    e0 = ctx.orig(hi, hi + 1)[0] if hi < len(ctx.f) else len(ctx.text)
    return any(q in ctx.text[s0:e0] for q in _OPEN_QUOTES + _CLOSE_QUOTES)


def _speech_quoted(text: str, os_: int, oe: int, public: bool = False) -> bool:
    """text[os_:oe] lies inside “…” opened right after a colon or a verb of saying, closed
    within _SPEECH_MAX: a script quoted whole, sentences and all. `public`: in public text a
    quotation that opens a sentence is someone's words reported (…一本电话簿。“谁家水管坏了，
    给我打个电话我就过去了。”), whatever follows it."""
    lo = max(0, os_ - _SPEECH_MAX)
    o = max((text.rfind(q, lo, os_) for q in "“「『"), default=-1)
    if o < 0 or any(text.find(q, o + 1, os_) >= 0 for q in "”」』"):
        o = _ascii_open(text, lo, os_)   # 卖家称"平台手续费太高，私下转账给你便宜两百"
        close = text.find('"', oe, o + _SPEECH_MAX) if o >= 0 else -1
    else:
        close = min((i for q in "”」』" if 0 <= (i := text.find(q, oe, o + _SPEECH_MAX))), default=-1)
    if close < 0:
        return False
    # introduced as speech (话术是：“…”), or opening the text or a sentence and then talked
    # about (“亲，这边是平台客服…”这是一句典型的诈骗话术)
    k = o - 1   # (举例：🚫“…”🚫“…”: a symbol may stand between, and one quotation may follow another)
    while k > o - 4 and k >= 0 and unicodedata.category(text[k])[0] == "S":
        k -= 1
    # (讲好“…”, 说了“…”: a verb of saying with its complement)
    if o >= 1 and k >= 0 and (text[o - 1] in _SPEECH_INTROS or text[k] in _SPEECH_INTROS or k < o - 1 and text[k] in "”」』"
                              or o >= 2 and text[o - 1] in "好了着过的" and text[o - 2] in _SPEECH_INTROS) or \
            (o == 0 or text[o - 1] in _SENTENCE_ENDS) and (public or text[close + 1:close + 2] in _BACK_REFERENCE):
        return True
    # (一位主播说，他最早的粉丝…，“他们…直接打电话给我”: in public text, after a comma of a
    # sentence someone's saying opened)
    if public and o >= 1 and text[o - 1] in "，,":
        start = max(text.rfind(q, 0, o) for q in _SENTENCE_ENDS) + 1
        return any(v in text[start:o] for v in _SAYING)
    return False


def _app_step(words, f: str, lo: int, hi: int, s: int, e: int) -> str | None:
    """A word of `words` (an app's procedure, a check) in f[lo:hi], outside [s, e)."""
    for m in words.finditer(f, lo, hi):
        if m.end() <= s or m.start() >= e:
            return m.group()
    return None


def _example_label(ctx, lo: int, at: int) -> str | None:
    """An example's label, in brackets or before a colon, that opens the sentence at folded `lo`
    (or closes just before it) and stands before `at`: 【改写前】, 错误示范：. Read on the text as
    written: the fold drops the brackets."""
    t = ctx.text
    o_lo, o_at = ctx.orig(lo, lo + 1)[0] if lo < len(ctx.f) else len(t), ctx.orig(at, at + 1)[0] if at < len(ctx.f) else len(t)
    b = max(0, o_lo - 10)
    head = t[b:o_at]
    for lab in _EXAMPLE_LABELS:
        k = head.find(lab)
        if k < 0 or b + k > o_lo + 3:
            continue
        after = head[k + len(lab):k + len(lab) + 1]
        if after in ("】", "]", ":", "：", "」", ")", "）") and not any(ch in "。！？!?\n" for ch in head[k:max(k, o_lo - b)]):
            return lab
    return None


def _judged(f: str, lo: int, hi: int, end: int = -1) -> str | None:
    """A word of [reading judged_after] closing the clause [lo, hi) before its particles (…尺码没啥),
    or, given the act phrase's `end`, right after it, adverbs and all (打开淘宝会自动弹窗)."""
    tail = f[lo:hi].rstrip(_PARTICLE_TEXT)
    k = end
    while 0 <= k < hi and f[k] in _ADVERBS:
        k += 1
    return next((j for j in _JUDGED_AFTER if tail.endswith(j) or end >= 0 and (f.startswith(j, end) or f.startswith(j, k))),
                None)


def _after_heading(ctx, lo: int) -> int:
    """Past a heading in 【】 that opens the sentence at folded `lo` (【课程福利】扫描…二维码):
    a label, not the clause's subject. Read on the text: the fold drops the brackets."""
    t = ctx.text
    o_lo = ctx.orig(lo, lo + 1)[0] if lo < len(ctx.f) else len(t)
    k = o_lo - 1 if o_lo and t[o_lo - 1] == "【" else o_lo if t[o_lo:o_lo + 1] == "【" else -1
    if k < 0:
        return lo
    close = t.find("】", k + 1, k + 14)
    return lo if close < 0 else max(lo, bisect_left(ctx.folded.offsets, close + 1))


def _ascii_open(text: str, lo: int, pos: int, mark: str = '"') -> int:
    """The '"' (or "'") that opens a quotation still open at pos (an odd number of them before
    it), or -1: the same mark opens and closes, so only their count tells which one this is.
    (An apostrophe between two Latin letters, don't, is no quotation mark.)"""
    if mark not in text[lo:pos]:
        return -1
    n = text.count(mark, 0, pos)
    if mark == "'":
        n -= len(_CONTRACTION.findall(text, 0, pos))
    if n % 2 == 0:
        return -1
    i = text.rfind(mark, lo, pos)
    while i >= max(lo, 1) and mark == "'" and _CONTRACTION.match(text, i - 1):
        i = text.rfind(mark, lo, i)
    return i


def _people_moved(m: "_Markers", f: str, lo: int, hi: int) -> bool:
    """What 把 takes in f[lo:hi] is people: a person word (客户, 粉丝), or a count then 人."""
    return any(("agent" in c or "addressee" in c) and lo <= s < hi for s, _, c, _ in m.items) or \
        _COUNTED_PEOPLE.search(f, lo, hi) is not None


# 电话簿能存五百个号码, 几千个手机号: tens or more of the target, how many, no one's own
_MANY = lazyre.compile(f"(?:[0-9]{{2,}}|[一两二三四五六七八九几]*[十百千万][一二三四五六七八九十百千万几多]*)[{re.escape(''.join(sorted(_MEASURES)))}]$")
_COUNTED_PEOPLE = lazyre.compile(r"[0-9一二两三四五六七八九十百千万几多个]+个?人")


def _quote_is_name(ctx, s: int, e: int) -> bool:
    """The quotation holding folded [s, e) is short and has no pause inside: a name quoted
    (“小陈说防骗”), not a sentence (“本店唯一官方账号就是这个，其他都是假冒”)."""
    text = ctx.text
    os_, oe = ctx.orig(s, e)
    o = max((text.rfind(q, max(0, os_ - _QUOTED_MAX), os_) for q in _OPEN_QUOTES), default=-1)
    c = min((i for q in _CLOSE_QUOTES if (i := text.find(q, oe, oe + _QUOTED_MAX)) >= 0), default=-1)
    return o >= 0 and c >= 0 and not any(ch in "，,。；;！？!?" for ch in text[o + 1:c])


def _quoted(ctx, s: int, e: int) -> bool:
    """The folded span [s, e) sits inside a short pair of quotation marks in the text as written,
    or inside a longer quotation introduced as speech (话术是：“宝妈您好，…加我企业微信…”)."""
    text = ctx.text
    os_, oe = ctx.orig(s, e)
    if _speech_quoted(text, os_, oe):
        return True
    lo = max(0, os_ - _QUOTED_MAX)
    # ('"' opens only where an odd number of them stand before it: "加V"：指加微信 is outside)
    # ("'" too: 关注'好物仓'公众号回复'拼单' holds two quotations, not one between them)
    # (「不好意思，為保障雙方權益，請透過蝦皮下單付款」: a paired mark may open a longer line, up to
    # twice as far back)
    opens = [i for i in range(max(0, os_ - 2 * _QUOTED_MAX), os_) if text[i] in _OPEN_QUOTES and text[i] not in "\"'"] + \
        [a for mark in "\"'" if (a := _ascii_open(text, lo, os_, mark)) >= 0]
    if not opens:
        return False
    o = max(opens)
    # (名字就是我昵称去掉“读书”俩字，关注后回复“书单”: between two quotations, in neither)
    if any(text[k] in _CLOSE_QUOTES and text[k] not in "\"'" for k in range(o + 1, os_)):
        return False
    # (刷到“拉你进内部群，提前看上新价”的评论别回: a paired mark may quote a line with commas in
    # it, twice as long; '"' and "'" end at a comma, as they pair by count alone)
    paired = text[o] != "'"   # ('"' pairs by count, so it may hold a comma too: 口播"想要的扣个1，我们…")
    # (A. '亲，平台上不好改价，您加我微信…': "'" used as a Chinese quotation mark, a Chinese
    # character inside it and no Latin letter before it, pairs the same way)
    cn = o + 1 < len(text) and not text[o + 1].isascii() and not (o and text[o - 1].isascii() and text[o - 1].isalpha())
    paired = paired or cn
    for j in range(oe, min(len(text), o + (2 * _QUOTED_MAX if paired else _QUOTED_MAX) + 2)):
        if text[j] in _CLOSE_QUOTES:
            return True
        if text[j] in _OPEN_QUOTES and text[j] not in "\"'":
            return False
        if paired and text[j] in "，,":
            continue
        # (“您方便留个电话吗？快递师傅上门前会联系您。”: a paired mark may hold two sentences)
        if paired and text[j] in "。！？!?" and (text[o] not in "\"'" or cn):
            continue
        # (“抖音上可以提微信吗？”: a quoted question or cry ends in its own mark, then the quote)
        if text[j] in "，。！？,\n" and not (text[j] in "。！？!?" and text[j + 1:j + 2] in _CLOSE_QUOTES
                                            and text[j + 1:j + 2]):
            return False
    return False


def _any_who_at(f: str, lo: int, hi: int) -> int:
    """Where a word of [any_who] opens the sentence at `lo` or a clause before `hi`, or -1
    (a find per word: a run-on text's pieces are read once per hit)."""
    for x in _ANY_WHO:
        k = f.find(x, lo, hi)
        while k >= 0:
            if k == lo or f[k - 1] == ",":
                return k
            k = f.find(x, k + 1, hi)
    return -1


def _having_then(f: str, start: int, s: int) -> bool:
    """The clause opens with what one has, a noun of one to three characters, then (的话) the
    adverb at `s`: 有货直接…, 有问题的话直接… put a condition to the reader and say what to do."""
    if not f.startswith(_HAVING, start):
        return False
    k = start + 1
    end = s - 2 if f[s - 2:s] == "的话" else s
    return 1 <= end - k <= 3 and all(_han(ch) for ch in f[k:end]) and "了" not in f[k:end]


def read(ctx, sent, action: tuple[int, int], target: tuple[int, int], *, term: str = "",
         weak: bool = False, strong: bool = False, service: bool = False, narrative: bool = False,
         place: bool = False) -> Reading:
    """How the clause of `action` (folded span; the target's own span for a phrase) reads with
    `target`. `term` is the action as written in its list (加我 ends in its object). With no
    sign either way, a clause that opens with its verb is an instruction (搜“小林家居”); other
    clauses follow the profile: a seller's message instructs, public text (`narrative`) tells
    unless the clause says otherwise; there a platform named first and a search right after it
    (淘宝搜…) still tells the reader where to look, unless the verb is `weak` (买, 拍: 京东买东西
    很便宜 is a review). `strong` actions (店名叫…, 号是…) give a name or number
    whatever the subject; `service`: the target is a shop whose own service may be meant
    (找京东客服). For a pointer or a phrase the action is the target itself.

    The first that applies decides: a warning or negation; a quote; an act aimed at a third
    person; the shop's own service; narration (aspect after the verb, someone else called, a
    time word or a third person before it); a consequence told; invitation (the reader as
    object, addressed, offered, instructed, asked, steered by a benefit); a name given; habit;
    a clause opening with its verb (an instruction, unless it is a subject); the writer's own
    act; the practice discussed; then the profile's default."""
    f, lex = ctx.f, ctx.lexicon
    a_s, a_e = action
    t_s, t_e = target
    lo, hi = _clause(f, sent.lo, sent.hi, a_s, a_e)
    lo, hi = _within_pauses(ctx, lo, hi, min(a_s, t_s), max(a_e, t_e))
    far = not (lo <= t_s and t_e <= hi)
    first = a_s if far else min(a_s, t_s)   # where what comes before the action ends
    # (饿了么下的单，备注不要香菜: a target in an earlier clause that tells of an order already
    # placed there: the act after the comma is about that order, no one sent anywhere)
    # (not a search or a name given: 我在某宝买的，店名'南风小铺'，直接去搜就有 sends the reader)
    if far and t_e <= lo and _ORDER_TOLD.match(f, t_e) and not strong and f[a_s:a_e] not in _SEARCHES:
        return Reading("narration", f[t_e:t_e + 2], f"narration: {f[t_s:t_e]}{f[t_e:t_e + 3]}…, an order told")

    # 1. A warning or a negation is not an invitation (别乱加陌生人微信, 电话不能打外线).
    # (✘ 自己的手机号、微信号不能发: a checklist's crossed line is what not to do)
    if (w := _crossed_line(ctx, min(a_s, t_s))):
        return Reading("warning", w, f"warning: {w} crosses out the line", negated=True)
    # (新号养号：…，发几条生活朋友圈: posting on one's own feed, a count or a kind between, no 我)
    if f[a_s:a_e] in _POSTING and a_e <= t_s <= a_e + 5 and f[t_s:t_e] in _OWN_FEEDS and "我" not in f[a_e:t_s] \
            and "你" not in f[a_e:t_s]:
        return Reading("mention", f[a_s:a_e], f"mention: {f[a_s:t_e]}, posting on one's own feed")
    # (临时有事要加一天: 加 and a count of days or money, nothing joined)
    if f[a_s:a_e] == "加" and _ADDED_AMOUNT.match(f, a_e):
        return Reading("mention", f[a_e:a_e + 2], f"mention: 加{f[a_e:a_e + 2]}…, an amount added")
    # (携程告诉我是四星: the platform opening the clause says something; it is the company, not a channel)
    # (微信告诉我一声 asks the reader to tell the writer there)
    if t_e <= a_s and t_s <= lo + 2 and (v := next((x for x in _PLATFORM_SAYS if f.startswith(x, t_e)), None)) \
            and not f.startswith(_TELL_ME_ONCE, t_e + len(v) + (f[t_e + len(v):t_e + len(v) + 1] == "我")):
        return Reading("narration", f[t_s:t_e], f"narration: {f[t_s:t_e]} says it, the company speaks")
    # (扫码进入的是品牌小程序而非个人号: the act, then what it reaches, then the target denied)
    if a_e <= t_s and (w := next((x for x in _NOT_THIS if 0 <= t_s - len(x) - (k := f.rfind(x, a_e, t_s)) <= 2
                                  and k >= 0), None)):
        return Reading("warning", w, f"negation: {w} {f[t_s:t_e]}, not what {f[a_s:a_e]} reaches", negated=True)
    # (收银台不放个人二维码，而是放“会员小程序”码，扫码即可领: the target negated in an earlier
    # clause, then what replaced it; the act is on that)
    if far and t_e <= lo and any(ch in _NEGATORS for ch in f[max(sent.lo, t_s - 6):t_s]) and (
            w := next((x for x in _INSTEAD if f.find(x, t_e, a_s) >= 0), None)):
        return Reading("mention", w, f"mention: {f[t_s:t_e]} negated, then {w}: the act is on another")
    # (first, so the pair is named) 最常见的不是直接发号码，而是…: "not A but B" says A is not what is done
    # (与其在笔记里想方设法留联系方式，不如…: "rather than A, B" says the same of A)
    for no, but in _NOT_BUT:
        if f.rfind(no, lo, a_s) >= 0 and f.find(but, max(a_e, t_e), sent.hi) >= 0:
            return Reading("warning", f"{no}…{but}", f"negation: {no} … {but}, the act is the one not done",
                           negated=True)
    upto = max(a_s, first)
    # (A phrase that is itself a refusal, 别走平台 / 不走平台, is not negated by its own 别.)
    own = (a_s, a_e) == (t_s, t_e) and f[a_s] in _NEGATORS
    # (不允许在笔记、评论、私信中发布…: a negation before a 、 list governs each of its items)
    neg_lo = lo
    while neg_lo > sent.lo and ctx.text[ctx.orig(neg_lo - 1, neg_lo)[0]] == "、":
        neg_lo = max(sent.lo, f.rfind(",", sent.lo, neg_lo - 1) + 1)
    # (不会弄隐私设置、又怕被骗子加的姐妹可以私我: a negation inside the clause that names the readers,
    # …的 and a word for them, is theirs)
    named = None   # where such a clause names the readers, looked for once a negation is met
    for s2, e2, entries in sent.context_in(neg_lo, max(upto, a_e)):
        if own and e2 > a_s:
            continue
        if any(x.kind == "negation" for x in entries):
            if named is None:
                # (还没进打卡群的抓紧加班长微信: or a 的 with no word for them, an instruction right after)
                # (没进群的赶紧进群: the act may be the one inside that clause, the target after the instruction)
                named = [s3 for s3, _, c3, _ in _Markers(lex, f, neg_lo, max(a_s, t_s)).items
                         if ("addressee" in c3 or "imperative" in c3) and s3 > neg_lo and f[s3 - 1] in _OF] \
                    if neg_lo < max(a_s, t_s) else []
            if any(s2 < s3 for s3 in named):
                continue
        for x in entries:
            # before the action, or holding it (不走 京东)
            # (这边不方便说 jia wo v: what is not done is the saying, the act is what to do instead)
            if x.kind == "negation" and neg_lo <= s2 and (e2 <= upto or s2 < a_s and e2 <= a_e) \
                    and not f.startswith(_URGING, s2) \
                    and not _modifies(f, e2, upto) and not (s2 and f[s2 - 1] == f[e2 - 1]) \
                    and not (f[e2:e2 + 1] in _SAID and e2 < a_s and not f.startswith(_SENT_BACK, e2)) \
                    and not _apart(ctx, sent, s2, e2, a_s):   # 能不能: a question
                return Reading("warning", x.term, f"warning: {x.term} before it", negated=True)
    # 私下转账一律不认: the act as a topic the writer refuses outright, right after it
    for s2, e2, entries in sent.context_in(max(a_e, t_e), min(hi, max(a_e, t_e) + 4)):
        if s2 == max(a_e, t_e) and f[s2:e2].startswith(_OUTRIGHT) and any(x.kind == "negation" for x in entries):
            return Reading("warning", f[s2:e2], f"warning: {f[a_s:max(a_e, t_e)]} refused ({f[s2:e2]})", negated=True)
    # (陌生链接不要点，私下转账不要转: the act as a topic, then a negation and its own verb again)
    k = max(a_e, t_e)
    if (w := next((x for x in _DONT if f.startswith(x, k)), None)) and (v := f[k + len(w):k + len(w) + 1]) \
            and v in f[a_s:k]:
        return Reading("warning", w, f"warning: {f[a_s:k]}{w}{v}, the act refused", negated=True)
    # 私信我的一律不回, 说要给您退款的千万别信: the act in a relative clause (up to its 的) that a
    # negation then judges
    # (任何要求私下交易、线下转账的都不是…: the 的 may close a 、 list the act opens)
    rel_end = max(a_e, t_e)
    while (k := f.find(",", rel_end, min(sent.hi, rel_end + _RELATIVE_REACH))) >= 0 \
            and ctx.text[ctx.orig(k, k + 1)[0]] == "、" and not any(f[i] in _OF for i in range(rel_end, k)):
        rel_end = k + 1
    rel_hi = hi if rel_end == max(a_e, t_e) else (k if (k := f.find(",", rel_end, sent.hi)) >= 0 else sent.hi)
    of = next((i for i in range(rel_end, min(rel_hi, rel_end + _RELATIVE_REACH)) if f[i] in _OF), None)
    if of is not None:
        k = of + 1
        # (私信我的我都回了: those who did it, then what the writer did about them, told)
        j = k + (f[k:k + 1] == ",")
        if _me_next(f, j) and (w := next((x for x in _ANSWERED if 0 <= f.find(x, j + 1, j + 7)), None)):
            return Reading("narration", w, f"narration: {f[a_s:k]} the writer {w}, told")
        # (要你扫码加好友领钱的，别去: the 的 may close the clause, the negation open the next)
        # (肯在平台里给你留微信的，反而要小心: adverbs may stand before the warning)
        for s2, e2, entries in sent.context_in(k, min(sent.hi, k + _MODIFIER_REACH + 4)):
            # (主页有惊喜哦～减肥的姐妹别错过: "don't miss it" urges, it refuses nothing)
            if (s2 - k <= 2 or s2 - k <= 5 and set(f[k + 1:s2]) <= _BEFORE_JUDGING and f[k] == ",") \
                    and any(x.kind == "negation" for x in entries) and not f.startswith(_URGING, s2):
                return Reading("warning", f[s2:e2], f"warning: {f[a_s:k]} judged by {f[s2:e2]}", negated=True)
    # (任何人在群里或私聊给你发收款码…，说“…”，都不要转: whoever does it, then all of it refused)
    if (k := _any_who_at(f, sent.lo, min(a_s, t_s))) >= 0 and "我" not in f[k:max(a_e, t_e)] and \
            (w := next((x for x in _ANY_REFUSED if f.find("," + x, max(a_e, t_e), sent.hi) >= 0), None)):
        return Reading("warning", w, f"warning: {f[k:k + 3]}… then {w}", negated=True)
    warn = sent.first("warning")
    if warn is not None and _in_condition(ctx, sent):
        warn = None   # (如果你想…有没有违规风险，可以加我微信聊: the risk is the reader's question)
    # (受骗的朋友评论区扣1: the warning word describes the readers called, 的 and a word for them)
    if warn is not None:
        we = next((e2 for _, e2, es in sent.context if any(x is warn for x in es)), -1)
        m2 = _Markers(lex, f, we + 1, min(sent.hi, we + 6)) if f[we:we + 1] in _OF else None
        # (又怕被骗子加的姐妹可以私我: or a few characters on, 的 then the readers)
        k2 = next((k for k in range(we, min(sent.hi, we + 4)) if f[k] in _OF), -1)
        m3 = _Markers(lex, f, k2 + 1, min(sent.hi, k2 + 6)) if k2 >= 0 and "," not in f[we:k2] else None
        if m2 is not None and (m2.at("addressee", we + 1) or m2.at("agent", we + 1)) \
                or m3 is not None and m3.at("addressee", k2 + 1):
            warn = None
        # (为方便读者交流防骗经验，…扫描文末二维码即可加入: the word names a topic, 防骗经验)
        elif f.startswith(_WARNING_TOPICS, we):
            warn = None
        # (微信搜“小陈说防骗”关注一下: the word is inside a name quoted, no sentence)
        elif _has_quotes(ctx) and _quoted(ctx, we - len(warn.term), we) and _quote_is_name(ctx, we - len(warn.term), we):
            warn = None
        # (…群已经建好了，每天同步最新骗局，扫下方二维码进群: the word is what is shared)
        elif any(f.startswith(_SHARING_VERBS, k) for k in range(max(sent.lo, we - len(warn.term) - 5), we - len(warn.term) + 1)):
            warn = None
        # (可以加我IG傾😉 保證唔係騙局: the word denied, 不是/唔係 right before it)
        elif f[max(sent.lo, we - len(warn.term) - 3):we - len(warn.term)].endswith(_DENIED):
            warn = None
        # (全网同名，…其他几个号都是盗我视频搬运的，已经举报了; …，其他冒充的账号都已经举报了: in a
        # later clause that tells a thing done already)
        elif we - len(warn.term) > hi and _told_done(f, we - len(warn.term), we, sent):
            warn = None
    if warn is not None:
        return Reading("warning", warn.term, f"warning: {warn.term} in the sentence")

    # (以后凡是让你加别的联系方式、让你先付定金的，百分之百不是我: 凡是, the act, then 的 closing
    # a clause: a kind described, whoever asks it; 凡是想要的加我微信 closes the kind before the act)
    if (k := max(f.rfind(x, max(sent.lo, lo - _CLAUSE_REACH), min(a_s, t_s)) for x in _EVERY_KIND)) >= 0 and \
            (j := f.find("的,", max(a_e, t_e), sent.hi)) >= 0 and f.find("的", k, min(a_s, t_s)) < 0 and \
            j - max(a_e, t_e) <= _CLAUSE_REACH and "我" not in f[k:j]:   # (凡是加我微信的，都送…: an offer)
        return Reading("mention", f[k:k + 2], f"mention: {f[k:k + 2]}…{f[a_s:a_e]}…的, a kind described")
    # (请告诉我这个景点的电话多少, 那家酒店的电话是多少: in public text a place's own number, its
    # owner named right before it, is asked for or told; the reader's is not asked)
    if narrative and t_e > a_s - 8 and (w := _venue_before(f, lo, t_s)):
        return Reading("mention", w, f"mention: {w}{f[t_s:t_e]}, a place's own")
    # (某某的电话是多少, 它家的电话有吗: asked after the target, someone else's named before it)
    if narrative and a_s >= t_e and a_s - t_e <= 3 and f[a_s:a_e] in _ASKED_WHOSE and (w := _owner_named(f, lo, t_s)):
        return Reading("mention", w, f"mention: {w}的{f[t_s:t_e]}, someone else's asked for")

    # 2. Words talked about, not said to anyone (商家都绕不开“加微信”这一步).
    # An action and a target on either side of a quotation mark do not go together either
    # (在抖音直播间喊“加微信”: 抖音 is outside the quote, 加 inside).
    if _has_quotes(ctx) and (_quoted(ctx, min(a_s, t_s), max(a_e, t_e)) or (a_e <= t_s or t_e <= a_s) and (
            _quoted(ctx, a_s, a_e) != _quoted(ctx, t_s, t_e) or _quoted(ctx, a_s, a_e) and _apart_quotes(ctx, a_s, a_e, t_s, t_e))):
        return Reading("quoted", "“”", "quoted: a phrase talked about, not said to the reader")

    # The act is part of a noun (小红书私信规则, 扫码入口): a thing named, not done.
    # (企业微信加好友一天上限是多少: a span of time between, per day, per month)
    # (加微信这事: after the target when it follows the act)
    end = max(a_e, t_e)
    at = next((i + len(p) for i in range(end, min(hi, end + 3)) for p in _PER if f.startswith(p, i)), end)
    # (a matter, 这事, only in public text: 加微信这事你考虑下，我给你便宜 still asks the reader)
    if (w := _marker_at(lex, f, at, "head", min(hi, at + 5))) and (narrative or w[0] != "这"):
        return Reading("mention", w, f"mention: {f[a_s:at]}{w} names a thing")
    # (识别范围不仅包括明文的微信号: in public text the act before its target, a head right after it)
    if narrative and a_e <= t_s and (w := _marker_at(lex, f, a_e, "head", min(hi, a_e + 5))) and w[0] != "这":
        return Reading("mention", w, f"mention: {f[a_s:a_e]}{w} names a thing")
    # In public text a clause that asks with 什么/怎么/为什么… inside a sentence that is no
    # question (用户在什么场景下、以什么理由愿意留下联系方式，决定了…) holds the act as its topic.
    # (具体怎么联系看我签名: a question the act's clause then answers, at the sentence's end, still
    # points; the embedded one is the subject of what the sentence goes on to say)
    # (Not when the writer is the subject between the question and the act, 怎么绕过审核我都写在
    # 主页简介里了, nor across a clause closed by 的 that names the readers, 不知道…怎么写的，私我.)
    # (…每天做什么都列好了，想要的评论区扣1: nor across a clause ended by a comma as typed; a
    # 、 list, folded to a comma too, still holds the question)
    # (看看有没有人私下留联系方式给顾客: or at the sentence's end after a verb of checking, "whether")
    if narrative and (q := _EMBEDDED_Q.search(f, max(sent.lo, lo - 12), a_s)) and (
            hi < sent.hi or f[max(sent.lo, q.start() - 3):q.start()].endswith(_CHECK_WHETHER)) and not _asks_end(ctx, a_e) \
            and "我" not in f[q.end():a_s] and not (f.rfind(",", q.end(), a_s) > 0 and f[f.rfind(",", q.end(), a_s) - 1] in _OF) \
            and not any(ch in "，,;；" for ch in ctx.text[ctx.orig(q.end() - 1, q.end())[1]:ctx.orig(a_s, a_s + 1)[0]]):
        return Reading("mention", "什么", f"mention: {f[a_s:a_e]} inside a question the text goes on to answer")
    # (群发前检查有没有错别字，有没有误带其他群的二维码: a clause opening with whether after a check
    # that asked it in an earlier clause: another item checked)
    if narrative and lo > sent.lo and f.startswith(_WHETHER, lo) and any(
            f.find(cw + w2, sent.lo, lo) >= 0 for cw in _CHECK_WHETHER for w2 in _WHETHER):
        return Reading("mention", f[lo:lo + 3], f"mention: {f[a_s:a_e]} another item of a check ({f[lo:lo + 3]})")
    # (为什么同行在抖音上留联系方式没事？: in public text a question of why asks for a reason,
    # never for the act)
    if narrative and (m_ := _WHY.search(f, lo, a_s)):
        return Reading("mention", m_.group(), f"mention: {f[a_s:a_e]} inside a question of why ({m_.group()})")
    # In public text a platform's 私信 right after its name, with no one as its object, is the
    # feature (小红书私信对图片中的二维码有识别, 在抖音私信里跟用户聊天, 抖音的私信能不能…)
    if narrative and f[a_s:a_e] in _DM_WORDS and t_e <= a_s and (t_e == a_s or f[t_e:a_s] == "的") \
            and f[a_e:a_e + 1] not in _OBJECTS:
        return Reading("mention", f[a_s:a_e], f"mention: {f[t_s:a_e]}, the platform's own feature named")
    # (你扫了就等于把微信交出去了: what the act amounts to, the act talked about)
    k = a_e + (f[a_e:a_e + 1] in _DONE)
    if f.startswith(_EQUALS, k):
        return Reading("mention", f[a_e:k + 3], f"mention: what {f[a_s:a_e]} amounts to")
    # (扫群二维码就进不来了: the act will not get the reader there, a thing that fails told)
    if (w := next((x for x in _CANNOT if x in f[max(a_e, t_e):hi]), None)):
        return Reading("mention", w, f"mention: {f[a_s:max(a_e, t_e)]} will not work ({w})")
    # (我私聊两边才劝住, 我就私信对方: the writer DMs someone else, a thing told)
    if f[a_s:a_e] in _DM_WORDS and f[lo:a_s].endswith(_WRITER_DOES) and f.startswith(_DM_OTHERS, a_e):
        return Reading("mention", f[a_s:a_e], f"mention: the writer {f[a_s:a_e]} someone else")
    # In public text 售后问题一定要私聊处理, 后者先私聊安抚: the act is the manner of handling
    # someone else, a practice described, nothing offered to the reader.
    if narrative and (w := _marker_at(lex, f, max(a_e, t_e), "manner", min(hi, max(a_e, t_e) + 4))) \
            and not _me_next(f, max(a_e, t_e) + len(w)):
        return Reading("mention", w, f"mention: {f[a_s:a_e]}{w}, how someone is handled")

    # A word in a list (动作词（加、搜、扫）): named, not done.
    # In public text an act and its target that make one item of a slash list (手机号→电联/📱/号码私发):
    # a variant named in a table, not said.
    if narrative and _slash_item(ctx, min(a_s, t_s), max(a_e, t_e)):
        return Reading("mention", "/", f"mention: {f[min(a_s, t_s):max(a_e, t_e)]} is an item of a / list")
    if a_e - a_s <= 2 and _listed_word(ctx, a_s, a_e):
        return Reading("mention", "、", f"mention: {f[a_s:a_e]} is an item of a list")

    # In public text an act that ends in 的 and a noun describes the noun (绕过平台规则的方法,
    # 直接加企业微信的“加粉广告”): a kind of thing talked about, not an instruction.
    # (a name-giving act too, where 的 follows at once: 评论区留联系方式的处理)
    # (对在简介中留联系方式导流的账号: or after a word of the practice, 导流的)
    if narrative and (not strong or f.startswith("的", max(a_e, t_e)) or _practice_of(lex, f, max(a_e, t_e))) \
            and _describes(ctx, max(a_e, t_e), hi):
        return Reading("mention", "的", f"mention: {f[a_s:a_e]} describes the noun after 的")

    if narrative and _speech_quoted(ctx.text, *ctx.orig(min(a_s, t_s), max(a_e, t_e)), public=True):
        return Reading("quoted", "“”", "quoted: someone's words reported in public text")
    # (【改写前】家人们，…在我另一个号上。错误示范：…: in public text a sentence opened by an
    # example's label holds an example, said to no one)
    # (滴滴我=联系我: a word set equal to another is defined, not said)
    end_o = ctx.orig(max(a_e, t_e) - 1, max(a_e, t_e))[1]
    if narrative and ctx.text[end_o:end_o + 1] in ("=", "＝"):
        return Reading("mention", "=", f"mention: {f[min(a_s, t_s):max(a_e, t_e)]} defined (=)")
    # (支付宝首页搜“收钱码”，按步骤申请; 先打领导原本存的电话核实: in public text an act in a
    # sentence of app steps or checks is a step of using the app, no one reached; not an act on
    # the writer, 加我, 扫我的码)
    if narrative and (a_s, a_e) != (t_s, t_e) and "我" not in f[max(lo, min(a_s, t_s) - 2):hi] and (
            f[a_s:a_e] in _SEARCHES and (st := _app_step(_APP_STEPS, f, sent.lo, sent.hi, min(a_s, t_s), max(a_e, t_e)))
            or f[a_s:a_s + 1] in _CALLS and (st := _app_step(_CHECKING, f, a_e, sent.hi, a_s, a_e))):
        return Reading("mention", st, f"mention: {f[a_s:a_e]} is a step of using the app or a check ({st})")
    # (打开企业微信管理后台，左侧点…: in public text the app named, then one of its parts, is a
    # walkthrough of the tool)
    if narrative and t_e <= hi and (a_s, a_e) != (t_s, t_e) and (q := _APP_PARTS.match(f, t_e)) \
            and "我" not in f[max(lo, min(a_s, t_s) - 2):t_e]:
        return Reading("mention", q.group(), f"mention: {f[t_s:t_e]}{q.group()}, a part of the app, a walkthrough")
    # (打开微信选“聊天记录迁移与备份”: or a choice of one of its items, quoted, right after it)
    # (not 打开微信选“添加朋友”，搜我的号: the writer's own account then sought)
    if narrative and t_e <= hi and (a_s, a_e) != (t_s, t_e) and "我" not in f[max(sent.lo, min(a_s, t_s) - 2):sent.hi] \
            and lex.anchor_at(f, t_s, t_e - t_s - 1, ("platform",)) is not None \
            and (q := _APP_CHOICE.match(ctx.text, ctx.orig(t_s, t_e)[1])):
        return Reading("mention", q.group().strip(), f"mention: {f[t_s:t_e]}, then {q.group().strip()}…: a walkthrough of the app")
    # (打开支付宝“我的”—“设置”—“支付设置”: a menu path after the app's name, as written)
    if narrative and (a_s, a_e) != (t_s, t_e) and _MENU_PATH.match(ctx.text, ctx.orig(t_s, t_e)[1]):
        return Reading("mention", "—", f"mention: {f[t_s:t_e]} then a menu path, a walkthrough")
    # (设置-安全-紧急联系人，添加子女的号码: or a menu path of three items in a clause before it)
    if narrative and lo > sent.lo and (a_s, a_e) != (t_s, t_e) and "我" not in f[max(lo, min(a_s, t_s) - 2):hi] and \
            _MENU_PATH3.search(ctx.text, ctx.orig(sent.lo, lo)[0], ctx.orig(lo - 1, lo)[0]):
        return Reading("mention", "—", "mention: a menu path in the sentence, a walkthrough")
    # (要推公众号，走平台允许的官方入口: in public text 要 opening a clause that the sentence
    # goes on from is a purpose, "to …", not an order)
    if narrative and f[a_s:a_e] == "要" and a_s == lo == sent.lo and hi < sent.hi:
        return Reading("mention", "要", f"mention: 要{f[a_e:a_e + 2]}…, a purpose the next clause serves")
    # (平台扣点、运费、退货率…全加上: the first item of a 、 list is named with the others)
    if narrative and (a_s, a_e) == (t_s, t_e) and a_s == lo and ctx.text[ctx.orig(a_e - 1, a_e)[1]:][:1] == "、":
        return Reading("mention", "、", f"mention: {f[a_s:a_e]} opens a list")
    # (企业微信加好友后的第一句话: in public text an act, then 后的, says when the noun after it
    # comes; 加好友、建群都是正常操作: acts listed, then judged)
    if narrative and (k := _WHEN_OF.match(f, max(a_e, t_e), min(hi, max(a_e, t_e) + 6))):
        return Reading("mention", k.group(1), f"mention: {f[a_s:a_e]}{k.group(1)}, the time of the noun after it")
    if narrative and _LISTED_JUDGED.match(ctx.text, ctx.orig(max(a_e, t_e) - 1, max(a_e, t_e))[1]):   # (、 folds to ,)
        return Reading("mention", "、…都是", f"mention: {f[a_s:a_e]} listed, then judged")
    # (抖音的主页简介能写什么？: in public text a question about what a pointer may hold)
    if narrative and (a_s, a_e) == (t_s, t_e) and (q := _WHAT_HELD.match(f, t_e)):
        return Reading("mention", q.group(), f"mention: {f[t_s:t_e]} asked about ({q.group()})")
    if narrative and (lab := _example_label(ctx, sent.lo, min(a_s, t_s))):
        return Reading("quoted", lab, f"quoted: an example ({lab})")
    # (有没有别的平台名？有没有联系方式？: in public text one of a run of 有没有 questions is an
    # item of a checklist)
    if narrative and f[a_s:a_e] in _ASKING_ACTS and f.count(f[a_s:a_e], max(0, sent.lo - 40), sent.hi + 40) >= 3:
        return Reading("mention", f[a_s:a_e], f"mention: {f[a_s:a_e]} … ?, an item of a checklist")
    # (问：被拉进一个陌生的"宝妈群"，…要填手机号和地址，能填吗？: in public text a question labelled
    # 问： is the asker's story and question, put to whoever answers it)
    if narrative and f.startswith(_FAQ, sent.lo) and _asks_end(ctx, max(a_e, t_e)):
        return Reading("narration", f[sent.lo:f.index(":", sent.lo) + 1], "narration: a question labelled as one, the asker's")
    # (买家：能微信转账便宜点不？ / 客服：不可以哦亲: in public text a line opened by a role and a
    # colon is that person's words in a dialogue written out, not the writer's)
    # (【模板】顾客：能不能私下转你？: past a heading in brackets too)
    # (顾客：能便宜点吗？加你微信私下转可以吗: the role opens the line, whatever sentences it holds)
    if narrative and (w := speaker(ctx, sent, a_s)):
        return Reading("quoted", w, f"quoted: {w[:-1]}'s words in a dialogue")
    if narrative and (w := option(ctx, a_s)):
        return Reading("quoted", w, f"quoted: option {w} of a quiz, an answer offered for judging")
    if narrative and (w := banned_item(ctx, a_s)):
        return Reading("quoted", w, f"quoted: an item of a list of {w}")
    if narrative and (w := example_cell(ctx, a_s)):
        return Reading("quoted", w, f"quoted: a cell of a table of wordings ({w})")
    if narrative and (w := answer_key(ctx, a_s)):
        return Reading("quoted", w, f"quoted: after {w} of a fill-in quiz, what the blank holds")
    # (照着这个回就行——买家：能加个v吗　你：…: or a role and its colon inside the sentence, the dash
    # folded away, where another line's colon follows: two speakers)
    if narrative and (k := f.rfind(":", sent.lo, a_s)) > sent.lo and "," not in f[k:a_s] and f.count(":", sent.lo, sent.hi) >= 2 and (
            w := next((t3 for s3, e3, c3, t3 in _Markers(lex, f, max(sent.lo, k - 4), k).items
                       if e3 == k and "agent" in c3 and "addressee" not in c3 and t3 in _DIALOGUE_ROLES), None)):
        return Reading("quoted", w + ":", f"quoted: {w}'s words in a dialogue")

    # Someone else's instruction the writer then refused (卡片说…要加客服微信领，我没加): told.
    if (w := _refused(f, lo, hi, sent.hi) or _refused_after_pause(ctx, lo, max(a_e, t_e), sent.hi)):
        return Reading("narration", w, f"narration: the writer then says {w}")

    m = _Markers(lex, f, lo, hi, (a_s, a_e))
    # Aimed at a third person (有事私聊老师); not when that person owns the target (加客服微信).
    # (email畀個客: the act's 个 opens the person's word)
    w = m.at("agent", a_e)
    if not w and f[a_e - 1:a_e] == "个" and a_e - 1 > a_s and t_e <= a_s and (k := m.at("agent", a_e - 1)):
        return Reading("narration", k, f"narration: {f[a_s:a_e - 1]}{k}, aimed at a third person")
    # 打个电话俾我阿妈: the call goes to 俾/给 + 我 + someone of the writer's (the 我 is whose)
    if not w and t_e < hi and f[t_e:t_e + 2] in _GIVE_ME and (k := m.at("agent", t_e + 2)):
        return Reading("narration", k, f"narration: {f[a_s:t_e + 2]}{k}, aimed at a third person")
    # (你係打咩電話, 打什么电话: what the act's object is, asked; no one is called)
    if a_e < t_s and f[a_e:t_s] in _WHAT:
        return Reading("mention", f[a_e:t_s], f"mention: {f[a_s:t_e]}, which one asked")
    # (你要先打個電話翻屋企: the call goes to the caller's own home)
    if not w and t_e < hi and f.startswith(_CALL_HOME, t_e):
        return Reading("narration", f[t_e:t_e + 3], f"narration: {f[a_s:t_e]}{f[t_e:t_e + 3]}, a call home")
    # (转账到我们公司账户: the writer's own company is still the writer)
    if w in _OWN_ORG and f[a_e - 1] in "我们":
        w = None
    # (打了电话要服务员接听: after its target, 要 makes the person after it act)
    # (有没有主播的微信号: asking whether someone has one, whose it is with 的)
    if w and f[a_s:a_e] in _ASKING_ACTS and f[a_e + len(w):a_e + len(w) + 1] in _OF and a_e + len(w) + 1 == t_s:
        w = None
    # (扫快递盒上的二维码: the person's word goes on into a thing with a place on it, 快递盒上的;
    # 扫前台那个二维码: the person's place, then the target)
    if w and a_e < t_s and (_THING_PLACE.match(f, a_e + len(w)) or _OWNS_TARGET.fullmatch(f, a_e + len(w), t_s)):
        w = None
    # (扫码就能进"门店私域互助群": a quoted name opens with the person's word, no person meant)
    if w and _has_quotes(ctx) and (q := ctx.text[ctx.orig(a_e - 1, a_e)[1]:ctx.orig(a_e, a_e + 1)[0]][-1:]) \
            and q in _OPEN_QUOTES:
        w = None
    # (求博主的微博号: the person's 的 right before the target says whose it is, as 加客服微信 does;
    # only after an act of asking for or adding an account: 留下顾客的联系方式 keeps theirs, 买给我爸的
    # 手机 gives a phone)
    if w and f[a_s:a_e] in _ASKED_FOR and a_e < t_s and a_e + len(w) + 1 == t_s and f[a_e + len(w)] in _OF:
        w = None
    # (要整箱的话私聊老板: a DM to the shop's own boss, the writer's side, no one else's story)
    if w and w in _SHOP_ROLES and any(d in f[min(a_s, t_s):a_e] for d in _DM_WORDS):
        w = None
    # (直接来店里扫老板的收款码: the shop's own role, then 的 and the target: whose code the reader
    # is sent to, the writer's side)
    if w and w in _SHOP_ROLES and a_e < t_s and a_e + len(w) + 1 == t_s and f[a_e + len(w)] in _OF:
        w = None
    # (手机给我妈用了: after its target, 给我 and a person of the writer's gives it to them; the 我 is whose)
    if w and ((a_s, a_e) == (t_s, t_e) or a_e < t_s and a_e + len(w) != t_s or t_e <= a_s and (
            f[a_s:a_e] in _PIVOTS or f[a_s:a_e] in _GIVE_ME)):
        return Reading("narration", w, f"narration: {f[a_s:a_e]} aimed at a third person ({w})")
    # A relative clause before the reader is named (买过的宝宝 加我) says who is meant, not
    # what happened: narration markers count only after the last addressee before the action.
    start = lo
    # (【课程福利】扫描…: past a heading, unless it names the practice: 【禁用清单·引流类】加我微信／…)
    if lo == sent.lo and (k := _after_heading(ctx, lo)) > lo and not m.find("meta", lo, k):
        start = k
    someone = {e for _, e, classes, _ in m.items if "someone" in classes}
    # (粉丝刷了礼物后私信你要联系方式: with the reader the act's object, people named at the
    # clause's start are others, who do it to the reader; not 你 opening a clause of its own after
    # the act, 可以聊 你懂的)
    if (w := next((x for x in _PEOPLE_AFTER if len(x) > 1 and f.startswith(x, lo)), None)) \
            and "我" not in f[lo:a_s] and "," not in f[lo:a_s] and (
            term[-1:] in ("你", "您") or f[a_e:a_e + 1] in ("你", "您") and (a_s, a_e) != (t_s, t_e)
            and not _pause_before(ctx, max(0, ctx.orig(a_e - 1, a_e)[1] - 2), a_e)
            and not f.startswith(_THINK_VERBS + ("懂",), a_e + 1)) \
            and not lex.anchor_at(f, lo, len(w), ("platform", "contact")):
        return Reading("narration", w, f"narration: {w}…{f[a_s:a_e]}, others acting on the reader")
    for s, e, classes, w in m.items:
        if "addressee" in classes and e <= first:
            if s in someone:   # 有个老铁给我打电话: a third person, who acted
                return Reading("narration", w, f"narration: agent {f[s - 2:e] if s >= 2 else w} before {f[a_s:a_e]}")
            # (他们的工作是每天给老客户发朋友圈: in public text after 给/帮/为 the people are whom the
            # act is for, not the reader called)
            if narrative and f[s - 1:s] in _FOR_WHOM:
                continue
            start = e
    # 之前有个自称品牌方的人私信我: someone (有个, 一个) described by a relative clause (…的人),
    # opening the clause, acts: a person told of, not the reader
    # (一个写“call me”的卖家通常会留下电话号码: or …的 and a person word)
    # (自称公安的人给我打视频电话, 自稱舊同學嘅人WhatsApp我: or a stranger passing for someone, 自称)
    for s, e, classes, w in m.items:
        if (("someone" in classes and w.startswith(_INDEFINITE)) or "agent" in classes and w in _POSING) \
                and lo <= s <= lo + 2 and e <= first:
            k = next((i for i in range(e, first - 1) if f[i] in _OF and f[i + 1] == "人"), -1)
            if k >= 0 and "," not in f[e:k]:
                return Reading("narration", f[s:k + 2], f"narration: {f[s:e]}…的人, a person told of, acts")
            # (有些习惯在微信下单的老客户不来了: the act inside the relative clause that describes them)
            for s4, e4, c4, w4 in m.items:
                if c4 & {"agent", "addressee"} and e < s4 and f[s4 - 1] in _OF and "," not in f[e:s4]:
                    return Reading("narration", f[s:e4], f"narration: {f[s:e]}…的{w4}, a person told of, acts")
        if s >= first:
            break
    # 3. The platform's own service (找京东客服) is not a channel to another platform.
    if service and a_s < t_s:
        if t_e <= hi and (w := m.at("service", t_e)):
            return Reading("service", w, f"service: {w} after {f[t_s:t_e]} (the platform's own service)")
        # (联系京东: the marker may be the action itself, which _Markers leaves out)
        if (w := _marker_at(lex, f, a_s, "ask", t_s)) and len(w) >= a_e - a_s:
            return Reading("service", w, f"service: {w} {f[t_s:t_e]} asks the shop itself")

    # (让你私下转钱给他，我转了三十块就…: the money goes to a third person named right after, 给他)
    if f[a_s:a_e] in _PAYING_ACTS or any(f.startswith(x, a_s) for x in _PAYING_ACTS):
        k = f.find("给", max(a_e, t_e), min(hi, max(a_e, t_e) + 4))
        if k >= 0 and (f[k + 1:k + 2] in ("他", "她") or f.startswith(("对方", "骗子"), k + 1)):
            return Reading("narration", f[k:k + 2], f"narration: {f[a_s:a_e]}…{f[k:k + 2]}, paid to someone else")
    # 4. Narration: what happened, who did it.
    after = [a_e] + ([t_e] if t_s >= a_e and not far else [])
    # 给我打了个电话: the aspect on the verb between the act and its target
    after += [s2 for s2, _, classes, w in m.items
              if "aspect" in classes and w in _DONE and a_e < s2 < t_s and not far]
    # (取件码发你手机短信了: a medium named after the target, then the aspect)
    if t_s >= a_e and not far and (md := next((x for x in _MEDIA_AFTER if f.startswith(x, t_e)), None)):
        after.append(t_e + len(md))
    # 别的平台看过要贵二十多: a pointer, then a verb with 过 on it
    if (a_s, a_e) == (t_s, t_e) and f[a_e + 1:a_e + 2] == "过" and "\u4e00" <= f[a_e:a_e + 1] <= "\u9fff":
        after.append(a_e + 1)
    # 参数都放主页简介了: put there for the reader; 了 tells where it is now
    placed = _Placed(lex, f, m, action, target)
    for pos in after:
        w = m.at("aspect", pos)
        # 加过的宝宝, 买了的亲: a relative clause that names the reader, not a story;
        # 不用走平台了: 了 after a negated act marks a new state (no longer), not a past event
        # 进绿色软件的群: 的 after the platform's name says whose group, not when;
        # 动态里挂着: 着 after a pointer says where it hangs, not what was going on
        if w == "着" and (a_s, a_e) == (t_s, t_e):
            continue
        # 评论区扣1的，我挨个拉: an act with nothing before it, then 的 and a pause, names the
        # ones who do it (those who…), not when it was done
        # (a pointer that holds its own instruction only: 饿了么点的，… is 是…的 without its 是)
        if w in _OF and strong and (a_s, a_e) == (t_s, t_e) and f[pos + len(w):pos + len(w) + 1] in (",", ";") \
                and set(f[lo:a_s]) <= _OPENERS:
            return Reading("invite", w, f"invitation: {f[a_s:a_e]}{w}, the ones who do it called")
        # (我是全网同名的数码博主, 我是全网同名的: after the writer's 我是 the 的 describes the
        # writer, no story; a pointer still)
        if w in _OF and (a_s, a_e) == (t_s, t_e) and any(x in f[lo:a_s] for x in _SELF_IS):
            continue
        # 扫了直接聊, 加了领红包, 到了再付尾款: a step before the next, not a story
        # (收款码，扫了就直接付钱了: the clause closes with 了 again, a result told)
        if w and w.endswith("了") and m.at("sequel", pos + len(w)) and not (
                f[hi - 1:hi] == "了" and hi - 1 > pos + len(w)):
            continue
        # 转我银行卡 到了再付尾款: after a pause typed as a space the marker is another clause's
        if w and pos + 1 < len(f) and _paused(ctx, pos, pos + 1):
            continue
        if w and not m.at("addressee", pos + len(w)) and not (w == "了" and f[a_s:a_s + 1] in _NEGATORS) \
                and not (w.endswith("了") and pos == t_e and placed) and not (w in _OF and pos == t_e != a_e):
            return Reading("narration", w, f"narration: {w} after {f[a_s:a_e] if pos == a_e else f[t_s:t_e]}")
    # (…电话直接打我这来了: or inside it, the act's adverb first)
    # (本报接到读者来电: a call received, the caller named between; the readers are not called on)
    if (k := next((f.startswith(x, s2 - len(x)) and x for s2, e2, cl, _ in m.items if e2 == a_s and cl & {"agent", "addressee", "someone"}
                   for x in _RECEIVED), None)):
        return Reading("narration", k, f"narration: {k}…{f[a_s:a_e]}, a call received")
    if (w := m.at("receive", a_s) or next((t for s2, _, cl, t in m.items if "receive" in cl and a_s < s2 < a_e), None)):
        return Reading("narration", w, f"narration: {w} (someone else called)")
    # 我私聊后对方给了一个号: the writer's own act, then (后) what the other side did: a story
    end = max(a_e, t_e)
    if f[a_s - 1:a_s] == "我" and f.startswith("后", end) and (w := m.at("agent", end + 1)) and \
            not m.at("addressee", end + 1):
        return Reading("narration", w, f"narration: {f[a_s - 1:end]}后, then {w} acted")
    # Cantonese 咗 marks what happened on whatever verb it follows: later in a public text's
    # clause it tells the story (打去售後熱線等咗成廿五分鐘)
    # A passive later in the clause tells what was done to the one who acted (扫码进群后被要求).
    # (Not a consequence: 会被限流 discusses a rule, below.)
    if narrative and f.find("被", max(a_e, t_e), hi) >= 0 and not m.find("consequence", max(a_e, t_e), hi):
        return Reading("narration", "被", "narration: 被 later in the clause")
    # So does 了 on a later verb with more after it (打售后电话等了两天才有人上门); a 了 that
    # closes the clause is a particle (加我微信就行了).
    if narrative:
        for s2, e2, classes, w in m.items:
            if "aspect" in classes and s2 >= max(a_e, t_e) and ("咗" in w or w == "了" and e2 < hi):
                return Reading("narration", w, f"narration: {w} later in the clause")
            # 私下转账50元后对方即失去联络: after the act (后), what someone then did
            if s2 > max(a_e, t_e) and f[s2 - 1] == "后" and "agent" in classes and "addressee" not in classes:
                return Reading("narration", w, f"narration: {w} later in the clause")
            # 骗子再让你扫码进群: someone makes the reader do it, a pattern described
            # (让人去加微信: a 去 or 来 may come between)
            # (让用户自己去搜: the one made to act, then how, may come between)
            # (写售后电话也算留联系方式: or right before an act whose target came first)
            if "made" in classes and (e2 <= first and len(f[e2:first]) <= 4 and set(f[e2:first]) <= _MADE_GAP
                                      or t_e <= s2 and e2 == a_s):
                return Reading("narration", w, f"narration: {w} {f[a_s:a_e]}, someone makes the reader do it")
        # (有人…让你先付定金、再拉你进“内购群”: a next step, 再/然后 opening the clause, after one
        # someone made the reader take in the clause before)
        # (他们会先让你完成几个任务、返你几块钱，然后拉你进…: the made step may be clauses before)
        if lo > sent.lo and m.items and "sequence" in m.items[0][2] and m.items[0][0] == lo:
            prev = max(sent.lo, lo - _CLAUSE_REACH)
            if "我" not in f[prev:lo] and (w := _Markers(lex, f, prev, lo - 1).find("made", prev, lo - 1)):
                return Reading("narration", w, f"narration: {w}…, then {m.items[0][3]}{f[a_s:a_e]}: the next step made")
    # (打去銀行個電話理財真係轉到頭暈: a call whose recipient, someone else, is named between the
    # act and the number: the call goes to them, not to the writer or the reader)
    if f[a_s:a_s + 1] in _CALLS and a_e < t_s and "我" not in f[a_e:t_s] and (w := next(
            (w3 for s3, e3, c3, w3 in m.items if "agent" in c3 and a_e <= s3 and e3 <= t_s and w3[0] not in "你您"), None)):
        return Reading("narration", w, f"narration: {f[a_s:a_e]}{w}…{f[t_s:t_e]}, a call to someone else")
    # (套路都是先聊感情再拉你进平台: in public text a routine described, its steps told)
    # (被騙的手法跟我阿姨一模一樣，先拉你進群組: or in a clause before it in the sentence)
    if narrative and (w := m.find("routine", lo, a_s) or (
            lo > sent.lo and _Markers(lex, f, sent.lo, lo).find("routine", sent.lo, lo))):
        return Reading("mention", w, f"mention: {w}…{f[a_s:a_e]}, a routine described")
    # (【派出所提醒】…诈骗：第一步，骗子私信你…；第三步，拉你进“任务群”: in public text a scam's
    # steps, each a sentence opened by its number, the scam named in the text)
    # (所谓'刷单返利'，第一步往往是让你'加好友'，第二步拉你进群: or each a clause of one sentence)
    if narrative and (st := _STEP.match(f, sent.lo) or _STEP.match(f, lo)) and st.end() <= a_s and (
            w := next((x for x in _SCAM_WORDS if x in ctx.text), None)):
        return Reading("mention", w, f"mention: {st.group()} of a {w}'s steps told")
    for cls, label in (("time", "time word"), ("agent", "agent")):
        for s, e, classes, w in m.items:
            # before the action and its target, or (小红书博主都说…留) between a target and
            # the action after it, or (总有电话打给我) holding the target as its subject
            if cls not in classes or _modifies(f, e, first if e <= first else a_s) or \
                    not (start <= s and e <= first or cls == "agent" and (t_e <= s or s < t_s and e == t_e) and e <= a_s) or \
                    _paused(ctx, e, min(first, a_s)):
                continue
            # (请各位业主到物业前台扫码入群: a desk or an office gone to is a place, no one acting)
            # (not 看到有人…, 接到自称…: 到 ending another word)
            if cls == "agent" and any(f[k] in _GO_TO and not (k and ctx.word_freq(f[k - 1:k + 1]) >= _RUN_ON_FREQ)
                                      for k in range(max(start, s - 3), s)):
                continue
            # (师傅上门安装的费用您直接微信付给我: the person is inside a noun phrase closed by 的,
            # and the reader, 您, is the one who acts)
            if cls == "agent" and (k := max(f.rfind("你", e, first), f.rfind("您", e, first))) > e \
                    and f[k + 1:k + 2] not in _OF and any(ch in _OF for ch in f[e:k]):
                continue
            # 客服微信 / 他的微信: whose account, not who acts; 定制的老板: the reader described;
            # 扫前台这个码: the object of a verb before it, not who acts
            # (Right before a phrase that opens with its verb, 客服打电话给我, the person acts.)
            # (卖家LINE我: the channel used as a verb on 我 right after it; the person is its
            # subject, not the account's owner as in 老板娘电话就印在…)
            # (商家主页简介里: a person right before a pointer, `place`, owns the page)
            owner = e == t_s and ((a_s, a_e) != (t_s, t_e) or place) and not (a_s == t_e and f[a_s:a_e] == "我")
            # (一个自称买家的让我加他: 的 before a causative, 让我, closes the one who acted)
            # (in public text 写“DM me”的卖家则把联系方式藏在…: …的 and a person, then an adverb,
            # is the people told of)
            if cls == "agent" and (owner or f[e:e + 1] in _OF and e + 1 == t_s
                                   or f[s - 1:s] in _OF and w[0] not in _CAUSATIVES
                                   and not (narrative and (f[e:e + 1] in _TOLD_OF or f.startswith(_ADVERB_WORDS, e))
                                            and not m.at("want", lo))   # (想听的同学直接扫…: the reader)
                                   or _acted_on(sent, s, verb=True)):
                continue
            # (邻居们扫码进微信群: people called with 们 at the clause start, the act right after
            # with no aspect on it: the readers, told what to do)
            if cls == "agent" and s == lo and f[e:e + 1] == "们" and not m.find("aspect", e + 1, hi) \
                    and a_s - (e + 1) <= 2:
                continue
            # 老板你们家v信多少: a person named at the clause start, then "you": the reader, called;
            # 卖家给个手机号呗: named at the start of a clause that ends in a request (呗)
            # (老板有扣扣吗: named at the start of a clause that asks, the person is asked)
            # (骑手小哥你…: a title after the role still opens the clause; 这位朋友你…: so does 这位)
            if cls == "agent" and (s == lo or f[lo] in "这那" and s - lo <= 2
                                   or any(s0 == lo and e0 == s and "agent" in c0 for s0, e0, c0, _ in m.items)):
                # (博主接不接私单呀: the act asked as A不A)
                asked = w[0] not in "他她它有别" and w not in ("人家", "对方") and f[e:e + 1] != ":" and (
                    _asks_here(ctx, m, f, first, hi, t_e)
                    or f[a_s:a_e] in _ASKING_ACTS and set(f[t_e:hi]) <= _PARTICLES
                    or a_s >= 2 and f[a_s - 1] == "不" and f[a_s - 2] == f[a_s]
                    # (老板有微信群吗: the act is the question word itself; 老板以后能不能直接打
                    # 你电话订: an A-not-A question before the act)
                    or f[a_e - 1] in _QUESTION_ENDS and set(f[a_e:hi]) <= _PARTICLES
                    or any(t in _A_NOT_A for s0, _, _, t in m.items if e <= s0 < a_s)
                    and not any(v in f[e:a_s] for v in _ASK_VERBS))   # (…笑着问我能不能: they ask)
                if f[e:e + 1] in ("你", "您") or _closes(m, f, "request", a_e, hi) or asked:
                    continue
            # 誠意買家直接PM我, 買家直接過數俾我: the person named first, then told what to do
            # (not a pronoun: 幸好她先打给我 is a story)
            # (台灣朋友可以用街口轉給我: or offered something)
            # (引导买家去加…: a marker also of [reading made] names who is made to act)
            # (企业蓝V号可以在主页挂…: an account, …号, is never the reader)
            # (这批货老板可以加我VX: a short topic opened by 这/那 may come first)
            # (In public text, 博主可以在主页挂群聊入口 tells what bloggers can do: only an act on
            # the writer, 可以加我, is offered to the reader so.)
            # (大客户价请移步简介: a price named for the role, no one acting)
            if cls == "agent" and f[e:e + 1] == "价":
                continue
            if cls == "agent" and (s - lo <= 2 or f[lo] in "这那" and s - lo <= 4) and \
                    (m.at("imperative", e) or m.at("offer", e) and (not narrative or "我" in f[e:a_e + 1]
                                                                  or f[a_e:a_e + 1] == "我")) \
                    and w[0] not in "他她它" and "made" not in classes and not w.endswith("号") \
                    and not (len(w) > 1 and w[0] in _CAUSATIVES and s > lo) \
                    and not (narrative and f[max(a_e, t_e):max(a_e, t_e) + 1] in _SAID):
                continue   # (業主直接WhatsApp我話要收樓: in public text, the act then what was said with it is told;
                #            领导让我先建个工作微信号: someone made to act is never called on)
            # (骑手小哥你电话多少, 老板您微信多少: the person named, then 你 right after: called out to)
            if cls == "agent" and s == lo and f[(ae := _agents_end(m, e)):ae + 1] in ("你", "您"):
                continue
            # 需要的商家朋友加我企业微信: the person named right after an addressee word (需要的) is
            # the reader, called
            if cls == "agent" and any("addressee" in c0 and s - 3 <= e0 <= s and "agent" not in c0
                                      for _, e0, c0, _ in m.items):
                continue
            # 群里的老朋友看过来：拼多多搜…: the people called before a colon are told, they do not act
            if cls == "agent" and not narrative and _called(f, e, first):
                continue
            # 博主可以留个联系方式吗: a request to the person named, asked of them, not a story
            if cls == "agent" and m.find("request", e, a_e) and _closes(m, f, "question", first, hi):
                continue
            # 老师留个手机号吧？: the person named opens the clause, the act follows at once, and the
            # clause closes with a suggestion (吧, 呗): said to them
            if cls == "agent" and s == lo and e == a_s and f[hi - 1:hi] in _SUGGESTING:
                continue
            # (已经放在主页简介里了，需要的自己去翻: when the writer put it there for the reader,
            # whom the next clause calls, the time word dates the putting, no story)
            if cls == "time" and narrative and (placed or (a_s, a_e) == (t_s, t_e)) and hi < sent.hi \
                    and _reader_soon(lex, f, hi, sent.hi):
                continue
            return Reading("narration", w, f"narration: {label} {w} before {f[a_s:a_e]}")

    # In public text a clause with no subject of its own goes on with the one before: a third
    # person who opens that clause acts here too (品牌有预算，可以用企业微信加SCRM系统做精细化运营).
    # (…导购递上小票的同时介绍会员权益，说明添加企业微信可以…: what the person then explains)
    k = lo + len(r) if narrative and (r := m.at("report", lo)) else lo
    # (客户老想加她微信，以后直接约，不走平台: across clauses that have no subject either)
    # (快递小哥很负责，到楼下打电话给我: a place the act is done at may open the clause)
    if narrative and k < first and f[k] in _PLACE_OPENERS and first - k <= 5:
        k = first
    # (幸好她没转，挂了电话先打给我问: or a done act, then the one told)
    if narrative and k < first and (d := _DONE_FIRST.match(f, k, first)):
        k = d.end()
    # (很多运营图省事，直接搬别人的文章发朋友圈: a clause opening with an adverb has no subject
    # before it, whatever verb phrase comes before the act)
    # (…，把我的个性签名改成了…: 把 and whose the object is, no subject either)
    if narrative and lo > sent.lo and (set(f[k:first]) <= _NO_SUBJECT or k < first and (
            f[k] in _CLAUSE_ADVERBS or f.startswith(_ADVERB_WORDS, k) or f[k] in _BA and first - k <= 5
            and f[first - 1] in _OF
            # (该男子在网上发布…信息，并留下联系方式: 并/然后 going on with the same subject)
            or first - k <= 3 and any(s0 == k and "sequence" in c0 for s0, _, c0, _ in m.items))):
        # (好多人问图纸在哪买的 统一回复一下 淘宝搜…: clauses typed apart by spaces count as clauses)
        pauses = [p for p in _pauses(ctx) if sent.lo < p < lo]
        end = lo - 1 if f[lo - 1] in ",;" else lo
        for _ in range(3):
            prev = start_prev = max(f.rfind(",", sent.lo, end) + 1, f.rfind(";", sent.lo, end) + 1, sent.lo,
                                    max((p for p in pauses if p < end), default=sent.lo))
            items = _Markers(lex, f, prev, end).items
            if f.startswith(_LEAD_ADVERBS, prev):   # (幸好她没转: a sentence adverb before whoever acts)
                prev += next(len(a) for a in _LEAD_ADVERBS if f.startswith(a, prev))
            someone = False
            for s3, e3, classes, w in items:
                # (阿嬤的手工辣椒醬這邊沒辦法下單: a person then 的 says whose thing opens the clause)
                if "agent" in classes and f[e3:e3 + 1] in _OF and s3 - prev <= 1:
                    continue
                if "someone" in classes and s3 - prev <= 3:
                    prev = e3   # (一些商家为规避…，会把联系方式藏在…: how many comes first; 上海一名女子: a place first)
                    someone = True
                    continue
                # (某教培机构在抖音直播时…，再私信发送…: after 某, what kind of one it is may come first)
                if someone and "agent" in classes and s3 - prev <= 4 and all(_han(ch) for ch in f[prev:s3]):
                    prev = s3
                if w == "我" and s3 == prev and f[e3:e3 + 1] not in _OF:
                    prev = e3   # (我嫲嫲唔識打字，每次都用語音WhatsApp我: whose the person is, 我 + 嫲嫲)
                    continue
                # (这家酒店的前台在…发现…，主动打电话给我: whose the person is may come first, up to 的)
                # (这家酒店的前台…: or a demonstrative)
                # (店长们想要我整理的模板的，私我: a clause that closes with 的 names the readers
                # by what they want; it tells nothing they did)
                if (s3 - prev <= 1 or s3 - prev <= 8 and f[s3 - 1] in _OF and "我" not in f[prev:s3]
                        or f[prev:s3] in _DEMONSTRATIVES) \
                        and "agent" in classes and "addressee" not in classes and w[0] not in "你您" \
                        and f[end - 1:end] not in _OF \
                        and not any(f.find(x, sent.lo, s3) >= 0 for x in _READER_IS):   # (如果你是主播、场控…)
                    return Reading("narration", w, f"narration: {w} opens the clause before and acts in this one")
                break
            # (…八十多了 现在会用视频通话了 每天…打给我: or a word for now, no subject either)
            if start_prev <= sent.lo or not (f[start_prev] in _NO_SUBJECT or items and items[0][0] == start_prev
                                             and "time" in items[0][2] or f.startswith(_NOW_WORDS, start_prev)):
                break
            end = start_prev - 1 if f[start_prev - 1] in ",;" else start_prev

    # In public text, someone else's words reported in an earlier clause (卖家说好评返现，要加微信
    # 发截图): the instruction is theirs, told.
    if narrative and lo > sent.lo:
        before = _Markers(lex, f, max(sent.lo, lo - _CLAUSE_REACH), lo)
        for _, e, classes, w in before.items:
            if "agent" in classes and lo - e <= _ADDRESS_REACH and (r := before.find("report", e, e + _REPORT_GAP)):
                return Reading("narration", r, f"narration: {w}…{r}, someone else's words reported")
            # (对方自称是…的"场控"，说他中了大奖，要先加微信: or a later clause opens with the saying)
            # (個賣家…叫我唔好用平台付款，話手續費貴，要直接轉數快俾佢: Cantonese 話 opening a clause
            # says, as 说 does)
            if "agent" in classes and w[0] not in "你您" and (r := next(
                    (t for s3, _, c3, t in before.items if s3 > e and f[s3 - 1] == "," and "report" in c3), None)
                    or next((f"话" for k in range(e, lo - 1) if f[k] == "," and f[k + 1:k + 2] == "话"
                             and f[k + 2:k + 3] not in _NOT_SAYING), None)):
                return Reading("narration", r, f"narration: {w}…，{r}, someone else's words reported")
        # (“陪玩小姐姐”，第二天就说游戏里聊天不方便，换个软件聊: a clause that opens with a time
        # word and says, then this one: what was said that day, told)
        pc = max(sent.lo, f.rfind(",", sent.lo, lo - 1) + 1)
        tm = _Markers(lex, f, pc, lo - 1)
        if tm.items and tm.items[0][0] == pc and "time" in tm.items[0][2] and (
                k := f.find("说", tm.items[0][1], lo - 1)) >= 0 and set(f[tm.items[0][1]:k]) <= _ADVERBS \
                and lo - 1 - k > 2:
            return Reading("narration", "说", f"narration: {tm.items[0][3]}…说, the words of that day reported")
    # (In a message too, 卖家给了个手机号，说有问题直接打: the act's own clause opens with the
    # saying of a third person named before it.)
    # (她留了我的电话，说到了会打给我: 说 opening the clause though 说到 is read as one marker)
    # (老板人很好，跟我说下次来提前打个电话留位就行: 跟我/对我 before the saying, in public text too)
    r = None
    if lo > sent.lo:
        if not narrative:
            r = m.at("report", lo) or _marker_at(lex, f, lo, "report", min(hi, lo + 2))
            if r and _ANNOUNCED.match(f, lo + len(r)):
                r = None   # (很多人问后续，说一下：全集在B站: the writer about to say it)
        if r not in _SAYING and f.startswith(_TOLD_ME, lo):
            r = _marker_at(lex, f, lo + 2, "report", min(hi, lo + 4))
    if r in _SAYING:
        for _, _, classes, w in _Markers(lex, f, max(sent.lo, lo - _ADDRESS_REACH), lo).items:
            if "agent" in classes and w[0] not in "你您":
                return Reading("narration", r, f"narration: {w}…，{r}, someone else's words reported")

    # The practice's consequences told in the clause (直接留微信号会被限流): a rule discussed,
    # whatever instruction word the sentence uses.
    if (w := m.find("consequence", max(a_e, t_e), hi)):   # after the act it judges
        return Reading("mention", w, f"mention: a consequence is told ({w})")
    # (截图里的二维码同样会被识别为引流: 被 right before the act makes it passive, done to the
    # target by the platform; not on the act of the reader or the writer, 被你加, 被我扫)
    if a_s > lo and f[a_s - 1] == "被" and (a_s, a_e) != (t_s, t_e) and t_e <= a_s:
        return Reading("mention", "被", f"mention: 被{f[a_s:a_e]}, done to {f[t_s:t_e]} (passive)")
    # (私信里发二维码、在直播间反复报数字，这些都会被风控盯上: the next clause takes the acts back
    # and tells what is done to them)
    # (up to _LISTED_ACTS clauses on: the acts may be a list)
    # (…在各种平台评论区留联系方式。这些做法不仅违反平台规则: or the next sentence does)
    end = hi
    for _ in range(_LISTED_ACTS + 1):
        nxt_hi = _next_clause(f, end, sent.hi)
        if nxt_hi < 0 and end == sent.hi and f[end:end + 1] == ";":
            b = f.find(",", end + 1, min(len(f), end + 1 + _CLAUSE_REACH))
            nxt_hi = min(len(f), end + 1 + _CLAUSE_REACH) if b < 0 else b
        if nxt_hi < 0:
            break
        if f.startswith(_THOSE_ACTS, end + 1):
            if (w := _Markers(lex, f, end + 1, nxt_hi).find("consequence", end + 1, nxt_hi)):
                return Reading("mention", w, f"mention: {f[end + 1:end + 3]}… {w}, a consequence told")
            break
        if end == sent.hi:
            break
        end = nxt_hi
    # (In public text, 算导流的是商家报出自己的号码，或者让顾客记下来以后直接打: a clause that goes
    # on from one about the practice (然后, 或者) is about it too.)
    if narrative and lo > sent.lo and m.items and "sequence" in m.items[0][2] and m.items[0][0] == lo:
        prev = max(sent.lo, f.rfind(",", sent.lo, lo - 1) + 1)
        if (w := _Markers(lex, f, prev, lo - 1).find("meta", prev, lo - 1)):
            return Reading("mention", w, f"mention: {m.items[0][3]} goes on from a clause about the practice ({w})")
    # …能不能留电话号码啊？怕被限流: the writer's fear of the penalty right after: a rule asked about
    if hi + 1 < len(f) and f[hi] in ",;" and (w := _marker_at(lex, f, hi + 1, "fear", min(len(f), hi + 7))):
        return Reading("mention", w, f"mention: {w} the penalty follows, the act is a rule asked about")
    # 抖音私信里能不能发微信号？答案很明确：不能: in public text a question answered right after;
    # in a message the writer's own no (有老铁问能不能私下联系，不行哈), not "if not" (不行的话)
    if hi + 1 < len(f) and f[hi] in ",;" and (w := _marker_at(lex, f, hi + 1, "answer", min(len(f), hi + 7))) and \
            (narrative and f[hi] == ";" or w in _REFUSING_ANSWERS and not f.startswith("的话", hi + 1 + len(w))):
        return Reading("mention", w, f"mention: the question is answered ({w}), a rule asked about")
    # The act is a subject the next clause judges (在评论区留手机号、在直播间口播微信号，都属于
    # 站外导流行为): a copula opens it and it names the practice or its consequence.
    # (A list of acts may come first: up to _LISTED_ACTS clauses on.)
    end = hi
    # In public text, the next clause telling what comes of it (私下转账一旦出问题，消费者几乎
    # 没有任何保障): the practice weighed, not done.
    if narrative and (nxt_hi := _next_clause(f, hi, sent.hi)) > 0:
        nxt = _Markers(lex, f, hi + 1, nxt_hi)
        if (w := nxt.find("consequence", hi + 1, nxt_hi)):
            return Reading("mention", w, f"mention: {f[a_s:a_e]}, then what comes of it ({w})")
        # (打去熱線問，佢話三日內會退返: the other side's answer opens the next clause)
        if (w := nxt.at("agent", hi + 1)) and f[hi + 1 + len(w):hi + 2 + len(w)] in _SAID:
            return Reading("narration", w, f"narration: {f[a_s:a_e]}, then the other side's answer ({w}…)")
    for _ in range(_LISTED_ACTS):
        if (nxt_hi := _next_clause(f, end, sent.hi)) < 0:
            break
        k = end + 1
        while k < nxt_hi and f[k] in _SUBJECT_ADVERBS:
            k += 1
        # (the clause's first words first: only one that opens with a copula is read whole)
        cop = next((x.term for s2, _, xs in lex.scan_reading(f, k, min(k + 4, nxt_hi)) if s2 == k
                    for x in xs if x.mode == "copula"), None)
        if cop and (w := (nxt := _Markers(lex, f, end + 1, nxt_hi)).at("copula", k)) \
                and (nxt.find("meta", k, nxt_hi) or nxt.find("consequence", k, nxt_hi)):
            return Reading("mention", w, f"mention: {f[a_s:a_e]} is the subject of {w} in a later clause")
        # (手机号写在纸上拍进视频里，也是手机号: 也/都, the copula, then what the act counts as;
        # not 加我V，就是手机号, which gives the account)
        if cop and k > end + 1 and f.startswith(_COUNTED_AS, k + len(cop)):
            return Reading("mention", cop, f"mention: {f[a_s:a_e]} counts as {f[k + len(cop):nxt_hi]}")
        # (发微信号、发手机号、让人去别的平台搜你，都算。: in public text a last clause that is only
        # 都/也 and a copula judges the acts listed before it by what the text said they are)
        if narrative and k > end + 1 and nxt_hi == sent.hi and \
                (w := _Markers(lex, f, k, nxt_hi).at("copula", k)) and set(f[k + len(w):nxt_hi]) <= _PARTICLES:
            return Reading("mention", w, f"mention: {f[a_s:a_e]} and the acts after it are judged ({f[end + 1:nxt_hi]})")
        # 留联系方式、让人去别的地方买东西都会被判违规: the next item of a list (、 as written)
        # ends in its judgment
        if ctx.text[ctx.orig(end, end + 1)[0]] == "、" and \
                (w := _Markers(lex, f, end + 1, nxt_hi).find("consequence", end + 1, nxt_hi)):
            return Reading("mention", w, f"mention: {f[a_s:a_e]} is listed and judged ({w})")
        # (笔记里直接留微信号、手机号，或者用谐音暗示，都会被限流: in public text a later clause
        # that opens with the judgment of all the acts before it)
        if narrative and (w := next((t for s2, _, cl, t in _Markers(lex, f, k, nxt_hi).items
                                     if "consequence" in cl and s2 <= k + 1), None)):
            return Reading("mention", w, f"mention: {f[a_s:a_e]} and the acts after it are judged ({w})")
        end = nxt_hi
    # In public text a clause that tells when it happened is a story wherever the time word
    # stands (下单第二天就到了).
    # (not inside a quoted name: 淘宝搜“私域合规研究所”)
    if narrative and (w := next((t for s2, e2, cl, t in m.items if "time" in cl and lo <= s2 and e2 <= hi
                                 and not (_has_quotes(ctx) and _quoted(ctx, s2, e2))), None)) \
            and not ((placed or (a_s, a_e) == (t_s, t_e)) and hi < sent.hi and _reader_soon(lex, f, hi, sent.hi)):
        return Reading("narration", w, f"narration: time word {w} in the clause")
    # (当时我们在做一个线下活动，大家现场扫码加我，系统就觉得不正常: in public text a past scene
    # set by an earlier clause of the sentence; the acts after it are the story's)
    # (opening its clause: not 我们当时用过的脚本…，放在主页，感兴趣的去看看, a relative clause)
    # (你记不记得前几年，大家在评论区打暗号: or right after a call to remember)
    if narrative and lo > sent.lo and (w := next((x for x in _PAST_SCENE if (k := f.find(x, sent.lo, lo)) >= 0
                                                  and (k == sent.lo or f[k - 1] in ",;:"
                                                       or any(f.endswith(r, sent.lo, k) for r in _RECALL))), None)) \
            and not _reader_soon(lex, f, hi, sent.hi):
        return Reading("narration", w, f"narration: {w} set the scene earlier in the sentence")
    # In public text, an act told as the condition of another (要先关注公众号才能下单): a
    # requirement described, not an instruction to the reader.
    if narrative and (w := m.find("condition", a_e, hi)):
        return Reading("mention", w, f"mention: {f[a_s:a_e]} is a condition ({w})")
    # (扫码必须关注公众号: …or what another act requires, 必须 before it)
    if narrative and (w := m.find("condition", lo, a_s)) and w in _REQUIRED:
        return Reading("mention", w, f"mention: {f[a_s:a_e]} is required ({w})")
    # …compared or measured (相较于直接微信转账, 添加企业微信的比例为71%): the practice weighed
    if narrative and (w := m.find("measure", lo, hi)):
        return Reading("mention", w, f"mention: the practice compared or measured ({w})")
    # (加我们企微的人，45岁以上女性占了将近一半: the act describes the clause's subject, measured
    # in the clause after it)
    if narrative and f.startswith("的", max(a_e, t_e)) and hi < sent.hi:
        nhi = _clause(f, sent.lo, sent.hi, hi + 1, hi + 1)[1]
        if (w := _Markers(lex, f, hi + 1, nhi).find("measure", hi + 1, nhi)):
            return Reading("mention", w, f"mention: those who {f[a_s:a_e]}, measured ({w})")

    # …从“加我VX”到“去绿色那个APP搜我名字”，再到直接在头像里放二维码: a stage of a change
    # told from one form to the next, named, not asked for
    if narrative and f.startswith(_STAGE, lo) and f.find("从", sent.lo, lo) >= 0:
        return Reading("mention", f[lo:lo + 2], f"mention: {f[a_s:a_e]} is a stage in 从…到")
    # (从拉你进群做任务，到小额返现，再到大额充值: the first stage, 从 opening the clause and 到
    # opening a later one)
    if narrative and f.startswith("从", lo) and a_s - lo <= 3 and re.search(r"[,;](?:再|然后|最后)?到", f[hi:sent.hi]):
        return Reading("mention", "从", f"mention: {f[a_s:a_e]} is the first stage of 从…到")

    # 天猫下单 → 包裹卡 → 企微顾问 → 社群: a step in a chain of arrows, named (one arrow alone
    # points: 福利群入口→私信我)
    if narrative and sum(ctx.text.count(a, *ctx.orig(lo, hi)) for a in _ARROWS) >= 2:
        return Reading("mention", "→", f"mention: {f[a_s:a_e]} is a step in a chain (→)")
    # 常见的违规话术大致分三类：直接留联系方式…: the kinds a public text names after a colon
    if narrative and (k := f.rfind(":", sent.lo, a_s)) > sent.lo and (
            f[k - 1] in _KINDS or _Markers(lex, f, sent.lo, k).find("meta", sent.lo, k)) \
            and not f[:k].endswith(_ANNOUNCING):   # (报名通道已开启：扫描…: an instruction announced)
        return Reading("mention", ":", f"mention: {f[a_s:a_e]} is listed after {f[max(sent.lo, k - 4):k + 1]}")

    # (In public text, 想买的人都是在小红书店铺直接下单: the people who want it, described.)
    if narrative:
        for s2, e2, classes, w in m.items:
            if "addressee" in classes and e2 <= first and f.startswith(_DESCRIBED, e2):
                return Reading("narration", w, f"narration: {w}人…, people described")
    # (老客户总问能不能加微信直接买: people named, then a verb of asking or saying before the act:
    # their question, reported)
    for s2, e2, classes, w in m.items:
        # (not the reader described by a relative clause: 长期吃的姐妹建议加我们的微信群 is the writer's
        # advice to them)
        if e2 <= first and classes & {"addressee", "agent"} and w[0] not in "你您我" and _asking_after(f, e2, first) \
                and not (f[s2 - 1:s2] in _OF and "addressee" in classes):
            return Reading("narration", w, f"narration: {w} asked or said it, reported")
    # (这五个地方是留联系方式最常见的位置: in public text 是, then the act phrase inside a noun
    # phrase closed by 的 and its noun: what something is, no one asked)
    # (多数是在评论区留下联系方式…的情况: a place phrase, 在…, may stand between 是 and the act)
    cop = a_s - 1 if f[a_s - 1:a_s] == "是" else f.rfind("是在", lo, a_s) if 0 <= a_s - f.rfind("是在", lo, a_s) <= 8 else -1
    if narrative and cop > lo and (k := f.find("的", max(a_e, t_e), hi)) >= 0 \
            and k - max(a_e, t_e) <= 12 and _han(f[k + 1:k + 2]) and "我" not in f[lo:hi]:
        return Reading("mention", "是", f"mention: 是{f[a_s:k + 2]}…, what something is")
    # (买家一定要电话沟通的话，用平台的虚拟号外呼: in public text a clause closed by 的话 is a
    # condition, what is done about it comes after)
    if narrative and f[hi - 2:hi] == "的话" and hi < sent.hi:
        return Reading("mention", "的话", f"mention: {f[lo:hi]}, a condition")
    # (…让你先交拍摄费、再拉你进一堆群的，基本都是骗钱的: a clause closed by 的 that the next
    # clause judges with a copula describes a kind)
    if narrative and f[hi - 1:hi] in _OF and hi < sent.hi and _JUDGED_KIND.match(f, hi + 1):
        return Reading("mention", "的", f"mention: {f[a_s:hi]}, a kind the next clause judges")
    # (要微信的人能少一大半, 拉你进群的陌生人: in public text the act phrase, then 的 and people,
    # says who they are; it asks nothing of the reader)
    if narrative and f[max(a_e, t_e):max(a_e, t_e) + 1] in _OF and f.startswith(_PEOPLE_AFTER, max(a_e, t_e) + 1) \
            and "我" not in f[lo:max(a_e, t_e)]:
        return Reading("mention", "的", f"mention: {f[min(a_s, t_s):max(a_e, t_e)]}的…, people described")
    # (如果有人在小红书私聊你说…: in public text someone else supposed as the one who acts)
    # (…、抖音私聊你: the clause goes on from a 、 list whose first item opens with it)
    if narrative and f.startswith(_IF, neg_lo) and (k := neg_lo + next(len(x) for x in _IF if f.startswith(x, neg_lo))) < a_s \
            and any(("someone" in c3 or "agent" in c3) and s3 <= k + 1 and e3 <= a_s
                    for s3, e3, c3, _ in _Markers(lex, f, neg_lo, a_s).items):
        return Reading("narration", f[neg_lo:k], f"narration: {f[neg_lo:k]}, someone else supposed to act")
    # (我家楼下理发店，剪完头发非要拉你进群: in public text someone insisting or always doing it,
    # not the writer, tells a behaviour)
    # (老客户非要加我微信怎么办: a third person named right before it may act on the writer too)
    if narrative and (q := _INSISTING.search(f, lo, a_s)) \
            and "我" not in f[max(lo, q.start() - 2):q.start()] and (
                "我" not in f[a_s:max(a_e, t_e)] or any("agent" in c3 and (e3 == q.start() or "addressee" not in c3)
                                                      for _, e3, c3, _ in _Markers(lex, f, sent.lo, q.start()).items)):
        return Reading("narration", q.group(), f"narration: {q.group()}…{f[a_s:a_e]}, someone's behaviour told")
    # (那种拉你进群做任务的，…: a clause that opens with a kind word and closes with 的 describes a
    # kind of people or thing; what it holds is what they do, asked of no one)
    # (常见的那种…的: a few words may come before the kind word)
    if f[hi - 1:hi] in _OF and any(f.startswith(_KIND_WORDS, k) for k in range(lo, min(a_s, lo + _KIND_REACH))):
        return Reading("mention", f[lo:lo + 2], f"mention: {f[lo:hi]} describes a kind")
    # (曝光100万，进店3万，下单1200，加企微400: in public text a short figure right after the act
    # phrase, closing its clause, is a count of a funnel or a table, no one asked)
    if narrative and (q := _FIGURE_AFTER.match(f, max(a_e, t_e))) and q.end() == hi:
        return Reading("mention", q.group(), f"mention: {f[min(a_s, t_s):max(a_e, t_e)]}{q.group()}, a figure counted")
    # (遇到说“我是你们老板朋友”的，要加你私人号: in public text a clause that opens with 遇到 and
    # closes with 的 names people the reader meets; the clause right after tells what they do)
    # (遇到问题的，加我微信: not where the writer is the one to reach; they act on the reader, 你)
    if narrative and lo > sent.lo + 2 and f[lo - 1] == "," and f[lo - 2] in _OF \
            and ("你" in f[lo:hi] or "您" in f[lo:hi]) and "我" not in f[lo:hi] and not _closes(m, f, "question", a_s, hi):
        prev = max(f.rfind(",", sent.lo, lo - 1), f.rfind(";", sent.lo, lo - 1), sent.lo - 1) + 1
        if (w := next((x for x in _MEETING if f.startswith(x, prev)), None)):
            return Reading("narration", w, f"narration: {f[prev:lo - 1]} names others, who {f[a_s:a_e]}")
    # (在外地碰到导游拉你进购物店: in public text a person the reader meets, named right before the
    # act in the same clause, does it)
    if narrative and (j := next((k + len(x) for x in _MEETING if 0 <= (k := f.find(x, lo, a_s))), None)) is not None \
            and any(j <= s2 and e2 <= a_s and a_s - e2 <= 3 and cl & {"agent", "someone"} for s2, e2, cl, _ in m.items):
        return Reading("narration", f[j - 2:j], f"narration: {f[j - 2:j]}…{f[a_s:a_e]}, someone the reader meets acts")
    # (…通常是因为涉及站外引流，比如在评论区留联系方式、在视频里露出二维码: in public text a clause,
    # or a 、 list, that opens with 比如 gives an example of the practice)
    if narrative and (ex := next((x for x in _EXAMPLE_OPENERS if f.startswith(x, neg_lo)), None)) and neg_lo + len(ex) <= a_s:
        return Reading("mention", ex, f"mention: {ex}…{f[a_s:a_e]}, an example given")
    # (平台会识别图片里的码: the platform's machinery, then 会/能, does the act itself)
    if (k := _SYSTEM_DOES.search(f, lo, a_s)) and k.end() == a_s:
        return Reading("mention", k.group(1), f"mention: {k.group()}{f[a_s:a_e]}, the system's own act")
    # (你们平时会加商家的企业微信吗？: in public text a question about the readers' habit, a
    # habit word in it and someone else's account, surveys them; it moves no one)
    if narrative and (w := m.find("habit", lo, min(a_s, t_s))) and _closes(m, f, "question", min(a_s, t_s), hi) and \
            (k := f.rfind("的", lo, t_s)) >= 0 and t_s - k <= 2 and any("agent" in c3 and e3 == k for _, e3, c3, _ in m.items):
        return Reading("mention", w, f"mention: the readers' habit asked ({w}…{f[t_s:t_e]}?)")
    # (要把原本流向微信的复购留在站内: the act's own place after it is on the platform; the channel
    # named before it is where things went, not where anyone is sent)
    if t_e <= a_s and (w := next((x for x in _ON_SITE if f.startswith(x, a_e)), None)):
        return Reading("mention", w, f"mention: {f[a_s:a_e]}{w}, kept on the platform")
    # (简历上的联系方式留手机号和邮箱就够了, 联系方式那一栏只留手机: in public text the reader's own
    # document or one of its fields named in the clause before the act: what to write on it, for
    # whoever reads it; not 简历做好了的同学，联系方式留一下, the readers described)
    if narrative and "我" not in f[max(lo, min(a_s, t_s) - 2):hi] and \
            (k := _DOCUMENTS.search(f, lo, min(a_s, t_s))):
        return Reading("mention", k.group(), f"mention: {k.group()}…{f[a_s:a_e]}, what to write on a document")
    # (有事随时来电——这是我们门店海报上的老句子: in public text a phrase opening the sentence, then a
    # dash and a demonstrative that comments on it: the phrase is presented, not said)
    # (…能让你在私信里放心留联系方式——这种话听听就好: the words after it name it as said words)
    if narrative and (d := _DASH_BACK.match(ctx.text, ctx.orig(max(a_e, t_e) - 1, max(a_e, t_e))[1])) \
            and d.end() - ctx.orig(max(a_e, t_e) - 1, max(a_e, t_e))[1] <= 10 and \
            any(w in ctx.text[d.end():_SENTENCE_END.search(ctx.text + "。", d.end()).start()] for w in _PRESENTED):
        return Reading("mention", d.group().strip(), f"mention: {f[lo:max(a_e, t_e)]}… presented, then {d.group().strip()}")
    # (加微信返现这招现在还能用吗: in public text the act named back as a trick after it, 这招, is
    # what the clause talks about, even as a question)
    # (拉你进“…群”，…然后有人私聊你…——这套路我见过太多了: or later in the sentence, the writer's
    # own act aside: 加我微信，这招最快 still invites)
    if narrative and (w := next((t3 for s3, _, c3, t3 in m.items if "meta" in c3 and max(a_e, t_e) <= s3
                                 and f[s3:s3 + 1] in _BACK_REFERENCE), None) or narrative and hi < sent.hi
                      and "我" not in f[lo:hi] and (w := _back_named(lex, f, hi, sent.hi))):
        return Reading("mention", w, f"mention: {f[min(a_s, t_s):max(a_e, t_e)]}… named back as {w}")
    # (你可以把精力放在抖音粉丝群上, 重心放到小红书: effort, time or focus put on a place, the act's
    # object; no one is sent there)
    if t_e > a_s and (k := _EFFORTS.search(f, max(lo, a_s - _EFFORT_REACH), a_s)) and "," not in f[k.end():a_s]:
        return Reading("mention", k.group(), f"mention: {k.group()}…{f[a_s:a_e]}, effort put into a place")
    # (在社交场合，给新认识的朋友留电话号码: in public text the act done for a third person named
    # after 给 right before it; whose number is left, and for whom, is told, no reader asked)
    if narrative and any("agent" in cl and e2 == a_s and (k := max(f.rfind(x, lo, s2) for x in _FOR_WHOM)) >= lo
                         and (k + 1 == s2 or s2 - k <= _RELATIVE_REACH + 2 and f[s2 - 1] in _OF)
                         and not any(ch in f[k:s2] for ch in "你您我")
                         and f[k - 1:k + 1] not in _NOT_FOR_WHOM   # (有意向的家长留个电话: 向 of 意向)
                         for s2, e2, cl, _ in m.items):
        return Reading("narration", f[a_s:a_e], f"narration: {f[a_s:a_e]} done for a third person")
    # (电话簿能存五百个号码: tens or more of the target counted, a quantity, nobody's account)
    if (a_s, a_e) != (t_s, t_e) and (k := _MANY.search(f, max(lo, t_s - 8), t_s)):
        return Reading("mention", k.group(), f"mention: {k.group()}{f[t_s:t_e]}, a quantity")
    # (超时的话我们会主动给您打电话: a call made to the reader asks nothing of them, as 打给您
    # does not; asking for the number is another clause's)
    if (k := f.rfind("给", max(lo, a_s - 3), a_e)) >= 0 and (c := _CALL_TO_READER.match(f, k)) and c.end() >= a_e:
        return Reading("mention", c.group(), f"mention: {c.group()}, the reader called, no number asked")
    # (中：看主页、私我等弱引导: in public text the act named as one of a kind, 等 and the practice's word)
    if narrative and f.startswith("等", max(a_e, t_e)) and m.find("meta", max(a_e, t_e), hi):
        return Reading("mention", "等", f"mention: {f[a_s:max(a_e, t_e)]}等…, one of a kind named")
    # (2楼：算啊，私我现在也是敏感词了: in public text a phrase opening its clause as the subject of
    # a copula, and the practice's word after it, is talked about, whatever object it holds; 私我
    # 是最快的 recommends it)
    if narrative and a_s <= first and set(f[start:a_s]) <= _OPENERS and \
            (w := _copula_after(m, f, max(a_e, t_e), narrative)) and m.find("meta", max(a_e, t_e), hi):
        return Reading("mention", w, f"mention: {f[a_s:max(a_e, t_e)]} is the subject of {w}, the practice's word after")
    # 5. An invitation: the reader addressed, offered, told, asked, or steered by a benefit.
    # (拉你入group: the reader named inside the phrase is its object too)
    # (In public text 那块黑板就是我的朋友圈 says what something is: 就是我 takes no object there.)
    # (In public text 用户…自然会去搜你的公众号: 你 before 的 says whose, the users search.)
    if not (narrative and term.startswith("就是")) and (
            term[-1:] in ("我", "你", "您") and not (term[-1] == "我" and _whose_people(m, f, a_e))
            or (w := m.at("object", a_e)) and not (
                narrative and w in ("你", "您") and f[a_e + len(w):a_e + len(w) + 1] in _OF) and not (
                # (谁要私下转账你都拒: 你 then an adverb opens the next predicate, its subject)
                w in ("你", "您") and f[a_e + len(w):a_e + len(w) + 1] in _SUBJECT_ADVERBS_R
                # (谁说要私下转我都不接: the writer, the same, refusing; 私下转我就行 asks)
                or w == "我" and f[a_e + 1:a_e + 3] in ("都不", "都没", "也不", "也没"))
                # (逐個加我啲朋友, 加我的同事: 我 says whose people are added, not whom)
                and not (w == "我" and _whose_people(m, f, a_e + 1))
            or (len(term) > 2 and ("你" in term[1:-1] or "您" in term[1:-1]))):
        obj = term[-1] if term[-1:] in ("我", "你", "您") else w or ("你" if "你" in term else "您")
        # (阿艾爾頓無端端call我喎, 睇下邊個call我: someone named, or who, acts on the writer)
        if obj == "我" and (w := _named_subject(ctx, lo, a_s)):
            return Reading("narration", w, f"narration: {w} named before {f[a_s:a_e]}, someone else acts on the writer")
        # (对方冒充我领导，用一个新号加我QQ: in public text a third person who acts in an earlier
        # clause of the sentence, the act's own clause with no subject or addressee of its own)
        if obj == "我" and narrative and (w := _actor_before(lex, f, sent, lo, a_s, m)):
            return Reading("narration", w, f"narration: {w} acts in the clause before, then on the writer ({f[a_s:a_e]}我)")
        # (如果这条消息发到你自己手机上，你会不会…: in public text the reader at the receiving end
        # of an act supposed, 如果 opening the clause, is asked to imagine it)
        if narrative and obj in ("你", "您") and (w := next((x for x in _IF if x in f[lo:a_s]), None)):
            return Reading("mention", w, f"mention: {f[a_s:a_e]} {obj}, supposed ({w})")
        # (别扫，大概率是拉你进下一个群卖保健品的: in public text 是…的 around the act on the reader
        # says what something is for, a guess about someone else)
        if narrative and obj in ("你", "您") and f[a_s - 1:a_s] == "是" and f[hi - 1:hi] in _OF:
            return Reading("mention", "是…的", f"mention: 是{f[a_s:a_e]}…的, what it is for, described")
        # (“学长”拉你进“新生群”后推荐办卡的: in public text someone named in quotation marks, a
        # pretended identity, right before the act on the reader)
        # (一个"老同学"QQ上找我借钱: on the writer too, where it was done between)
        if narrative and obj in ("你", "您", "我") and (q := _QUOTED_AGENT.search(ctx.text, max(0, ctx.orig(a_s, a_s + 1)[0] - 10),
                                                                      ctx.orig(a_s, a_s + 1)[0])) \
                and not lex.scan_anchors(q.group(1)):   # (not a pointer put in quotes: 想学的“私我”拉你进群)
            return Reading("narration", q.group(1), f"narration: “{q.group(1)}” {f[a_s:a_e]}{obj}, someone else acts")
        # (如有群友私聊你推荐此类项目: in public text a third person right before the act on the reader)
        if narrative and obj in ("你", "您") and (w := next((t3 for s3, e3, c3, t3 in m.items if "agent" in c3
                                                          and "addressee" not in c3 and a_s - 2 <= e3 <= a_s), None)):
            return Reading("narration", w, f"narration: {w} {f[a_s:a_e]}{obj}, someone acts on the reader")
        return Reading("invite", obj, f"invitation: {obj} as the object of {f[a_s:a_e]}")
    # 想跟直播课的同学扫描…进群: a clause that opens with a wish, then 的 and a person right before
    # the act, names the reader by what they want
    # (想进交流群的扫一扫…: or the relative clause alone, its 的 right before the act)
    if (w := m.at("want", lo)):
        for s2, e2, classes, w2 in m.items:
            if "agent" in classes and s2 > lo and f[s2 - 1] in _OF and e2 <= a_s and \
                    set(f[e2:a_s]) <= _NO_SUBJECT | _SOON | {"们"}:
                return Reading("invite", f[lo:e2], f"invitation: the reader named by what they want ({f[lo:e2]})")
        k = a_s
        while k > lo and f[k - 1] in _NO_SUBJECT:
            k -= 1
        if k - 1 > lo + len(w) and f[k - 1] in _OF:
            return Reading("invite", f[lo:k], f"invitation: the reader named by what they want ({f[lo:k]})")
        # (想进群就加卫星: the wish, then 就 and the act: what the reader who wants it is to do)
        if any(a_s - len(x) > lo + len(w) and f.startswith(x, a_s - len(x)) for x in _WISH_THEN):
            return Reading("invite", f[lo:a_s], f"invitation: the reader who wants it told what to do ({f[lo:a_s]})")
    if lo > sent.lo:   # 想要的宝宝，加我微信: the reader named in an earlier clause of the sentence
        reach = max(sent.lo, lo - _ADDRESS_REACH)
        before = _Markers(lex, f, reach, lo)
        # (想系统学习私域搭建的同学，扫码进群: the clause before is the reader named by what they
        # want, …的 and a person closing it)
        prev = max(sent.lo, f.rfind(",", sent.lo, lo - 1) + 1)
        # (还没报名的家长，现在扫…: or by what they have not done yet)
        if (w := before.at("want", prev) or next((x for x in _NOT_YET if f.startswith(x, prev)), None)) and any(
                "agent" in c2 and e2 == lo - 1 and f[s2 - 1:s2] in _OF for s2, e2, c2, _ in before.items):
            return Reading("invite", f[prev:lo - 1], f"invitation: the reader named by what they want ({f[prev:lo - 1]})")
        # only a vocative, a clause of its own (想要的宝宝，加我微信), not 大家 inside a story
        # (还没进群的同学，现在扫…: a relative clause, not yet, then a person word closing it)
        # (各位，我在淘宝买东西，卖家…: not where the clause opens with the writer as its subject;
        # what the writer does is read as the writer's)
        for s2, e2, classes, w in before.items if not (f[lo:lo + 1] == "我" and f[lo + 1:lo + 2] != "们"
                                                       and "," not in f[lo:max(a_e, t_e)] and not strong) else ():
            if "addressee" in classes and _vocative(f, _agents_end(before, e2) if f[e2 - 1] in _OF else e2) \
                    and _called_out(f, _not_yet_before(f, s2), reach):
                return Reading("invite", w, f"invitation: the reader addressed ({w})")
        # 然后/之后/或 opening the clause goes on with the one before (请私讯我，或加LINE …):
        # that clause's word to the reader carries over.
        if m.items and "sequence" in m.items[0][2] and m.items[0][0] == lo:
            prev = max(sent.lo, f.rfind(",", sent.lo, lo - 1) + 1)
            before = _Markers(lex, f, prev, lo - 1).items
            # (In public text, 让买家先添加个人账号，之后再私聊…: a clause where someone makes
            # another act describes a pattern; what goes on from it asks the reader nothing.)
            if narrative and any("made" in cl for _, _, cl, _ in before):
                before = []
            # (客诉处理三步：先安抚、再私聊、后公示: in public text an item of a 、 list of steps
            # goes on from the item before as a step named, not as an order)
            if narrative and ctx.text[ctx.orig(lo - 1, lo)[0]] == "、":
                before = []
            for s3, e3, classes, w in before:
                # (涉案团伙先在…吸引粉丝，再拉入微信群: someone told of makes the first step; the
                # steps are theirs, and the reader is asked nothing)
                # (我是先在转转估个价，再去闲鱼挂: in public text the writer makes it, a way told)
                if "agent" in classes or narrative and "self" in classes:
                    break
                # (回复“需要的私我”，再在私信里发个人号: words quoted ask nobody)
                if classes & {"addressee", "offer", "imperative"} and not (_has_quotes(ctx) and _quoted(ctx, s3, e3)):
                    return Reading("invite", w, f"invitation: goes on from a clause that asks the reader ({w})")
    # (…的活动我也见过，要先关注一个公众号，再拉十个人进群: in public text what something requires,
    # step by step, described)
    if narrative and f.startswith(_REQUIRED_FIRST, lo):
        return Reading("mention", f[lo:lo + 2], f"mention: {f[a_s:a_e]} is a step something requires")
    for cls, label, lo2, hi2 in (("addressee", "the reader addressed", lo, hi), ("offer", "an offer", lo, hi),
                                 ("recommend", "a benefit", lo, hi)):
        if cls == "recommend" and narrative:
            continue   # a review praising a shop's prices steers nobody off this platform
        for s2, e2, classes, w in m.items:
            # (可私域本身也建在另一个平台上: a bare 可 far from the act is "but", not "you may")
            # (大量账号在简介中使用“滴滴我”“有事戳”等表述: words quoted offer nothing)
            if cls in classes and lo2 <= s2 and e2 <= hi2 and not (w in _BUT and not first - 4 <= e2 <= first) \
                    and not (_has_quotes(ctx) and _quoted(ctx, s2, e2)):
                # (In public text 快手的老铁文化决定了…: a word for the reader that goes on into a
                # noun, 老铁文化, names a kind of people, it calls no one.)
                if cls == "addressee" and narrative and _compound(ctx, e2):
                    continue
                # (但大家還是習慣用 LINE 溝通: in public text the people's habit right after them)
                if cls == "addressee" and narrative and any("habit" in c3 and e2 <= s3 <= e2 + 2 for s3, _, c3, _ in m.items):
                    continue
                # (本意是方便粉丝在别的平台找到自己: in public text 方便 right before the people is "to
                # make it easy for them", a purpose, no offer)
                if cls == "offer" and narrative and w == "方便" and f.startswith(_EASED_PEOPLE, e2):
                    continue
                # (用个人号联系老顾客挖单: in public text the people right after the act are its object)
                if cls == "addressee" and narrative and s2 == a_e:
                    continue
                # (给公众号留言的读者，我们一律在评论区回复: in public text the readers named by what they
                # do, the act inside that naming, then the writer's own answer to them)
                if cls == "addressee" and narrative and a_e <= s2 and f[s2 - 1:s2] in _OF and e2 == hi \
                        and f.startswith(("我", "我们"), hi + 1) and sent.hi > hi:
                    continue
                # (以前大家在评论区打暗号: in public text a past time right before them, the people then)
                if cls == "addressee" and narrative and f[max(lo, s2 - 3):s2].endswith(_PAST_PEOPLE):
                    continue
                # (誘騙多名市民加入WhatsApp群組: counted, the people are told of, not called)
                if cls == "addressee" and narrative and f[max(lo, s2 - 2):s2].endswith(_QUANTIFIERS):
                    continue
                # (每个进群的人你都能先看一眼: …的 then 人, not opening the clause: people described)
                if cls == "addressee" and narrative and w.endswith(("的", "嘅")) and f.startswith(_PEOPLE_AFTER, e2) \
                        and s2 > lo and _han(f[s2 - 1]):
                    continue
                # (在京东买的大家电: in public text its last character and the next make a word,
                # 家电, 家庭, 家具: 大 + that word, no one called)
                if cls == "addressee" and narrative and e2 - s2 == 2 and f[e2 - 1] not in _OF and _han(f[e2:e2 + 1]) \
                        and ctx.word_freq(f[e2 - 1:e2 + 1]) >= _RUN_ON_FREQ and not lex.is_action(f[e2 - 1:e2 + 1]):
                    continue
                # (In public text 观众看完直播可以直接进企业微信: a role that opens the clause and goes
                # straight on with its verb, not called by 们 or a pause, is the people told of.)
                if cls == "addressee" and narrative and "agent" in classes and s2 <= start + 1 and e2 < hi \
                        and _han(f[e2]) and f[e2] not in _CALLED_AFTER:
                    continue
                # (公众号文章可以放二维码: in public text 可以 after a subject of its own says what
                # something can do, it offers the reader nothing)
                # (居民可关注…公众号, 想补英文嘅家长可以…: people, the public addressed, still are)
                # (企业微信能不能加个人微信的好友？: so is 能不能 after one, a question about a capability)
                # (写别的平台才有问题: in public text an adverb before 有问题 makes it a judgment)
                if cls == "offer" and narrative and w.startswith("有") and f[s2 - 1:s2] in _JUDGING_ADVERBS:
                    continue
                if cls == "offer" and narrative and (w in _CAN or w in _A_NOT_A) and _subject_before(f, start, s2) \
                        and not any(c3 & _PEOPLE and start <= s3 < s2 for s3, _, c3, _ in m.items):
                    continue
                # (很多时候扣1就是单纯地表示想要: in public text a word after a copula that follows the
                # act is what the act is said to be, no offer or call to anyone)
                if narrative and s2 >= max(a_e, t_e) and _copula_after(m, f, max(a_e, t_e), narrative):
                    continue
                # (观众可以直接添加企业微信: a role told of, then what it can do)
                # (not 想補英文嘅家長可以…: …的 and a person is the reader named)
                if cls == "offer" and narrative and w in _CAN and _role_can(f, m, s2, lo):
                    continue
                # (至于卡片上要不要放二维码，…: in public text "whether to" asks the reader only in a
                # sentence that ends in a question mark; 需要 before a verb is "need to")
                if cls == "offer" and narrative and (w in _A_NOT_A and not _asks_end(ctx, a_e)
                                                     or w == "需要" and f[e2:e2 + 1] not in _NEED_ENDS):
                    continue
                return Reading("invite", w, f"invitation: {label} ({w})")
    # (你留个号，我回头打给你: the reader named as the one to do it, opening the clause)
    # (你把钱直接打我卡上: or 把 and its object, and an adverb, between)
    # (In public text 你把一千个人拉进微信群: what 把 takes is people, whom the reader moves;
    # the reader is invited nowhere)
    if f[start:start + 1] in ("你", "您") and (a_s - start <= 2 or f[start + 1:start + 2] == "把" and a_s - start <= 7
                                             and not (narrative and _people_moved(m, f, start + 2, a_s))) \
            and not f.startswith(_IF + _ONCE, lo) and not any(v in f[start:a_s] for v in _ASK_VERBS) \
            and not (narrative and any(f.startswith(_AFTER_ACT, k) for k in range(a_e, min(hi, a_e + 2))) and any(
                "agent" in c3 and s3 > a_e for s3, _, c3, _ in m.items)):   # (你私聊后他让你…: a time)
        return Reading("invite", f[start], f"invitation: the reader ({f[start]}) is to do it")
    # An instruction word opens the clause or stands right before the verb (请加…, 记得关注,
    # 可以直接加), or before the place the verb follows (更多干货请到B站搜索): 去 in the middle
    # of a story (用一个平台的流量去喂养另一个) is no order.
    for s, e, classes, w in m.items:
        # (我一般淘宝比价完再去京东下单: with the writer as the clause's subject, 去 is the
        # writer's own going)
        # (来宾扫码可以上传照片: a one-character instruction that opens a longer word is none)
        if "imperative" in classes and e - s == 1 and sent.crossing_word(s, e) is not None:
            continue
        if "imperative" in classes and narrative and lo > sent.lo and ctx.text[ctx.orig(lo - 1, lo)[0]] == "、":
            continue   # (不能说的：加V、私聊、转账、去某宝: an item of a list, no order)
        if "imperative" in classes and start <= s and e <= a_e and (
                s == start or a_s - 2 <= e <= a_s or t_e <= a_s and _to_place(f[e:t_s])) and not (
                s > start and f[start] == "我" and f[start + 1:start + 2] != "们" and w not in _PLEASE
                or narrative and f.startswith(_IF + _ONCE, start)   # (一旦你转去私聊付款: supposed)
                # (团员付款一定要走团购小程序: necessity after a subject of its own, a requirement)
                or narrative and w in _MUST and _subject_before(f, start, s)
                # (在微信里直接打开淘宝链接: in public text 直接 inside a clause is "directly", not an
                # order, unless the reader or an offer stands right before it: 想听的同学直接扫…)
                or narrative and (w in _ADVERB_WORDS or w == "去") and s > start and f[s - 1] not in "你您就请们家" and not any(
                    c0 & {"addressee", "offer", "agent"} and s - 1 <= e0 <= s
                    and not ("offer" in c0 and t0 in _CAN and _role_can(f, m, s0, lo))
                    for s0, e0, c0, t0 in m.items) and not _having_then(f, start, s)):
            return Reading("invite", w, f"invitation: an instruction ({w})")
    # (In public text a question labelled 问： is put to whoever answers it, an FAQ's.)
    faq = narrative and f.startswith(_FAQ, sent.lo)
    # (别人用旧的微信号还能搜到我吗？: in public text a question whose subject is someone else
    # asks about them, not the reader)
    # (你觉得平台的工程师会想不到VX吗？: the reader asked what they think, the question is about
    # someone else)
    faq = faq or narrative and f[lo:lo + 1] in ("你", "您") and f.startswith(_THINK_VERBS, lo + 1)
    faq = faq or narrative and any("agent" in c3 and lo <= s3 and e3 <= a_s for s3, e3, c3, _ in m.items) \
        and not any(ch in f[lo:a_s] and not f.startswith(_THINK_VERBS, f.find(ch, lo, a_s) + 1) for ch in "你您")
    # (租房合同上要写房东电话吗？: or whose number it is, someone else right before it)
    faq = faq or narrative and any("agent" in c3 and e3 == t_s and s3 >= a_e for s3, e3, c3, _ in m.items)
    # (这部剧在B站有全集吗: whether a platform has the content, asked with no one named; the
    # reader is sent nowhere)
    if t_e <= a_s and f.startswith(_PLATFORM_HAS, a_s) and not any(ch in f[lo:hi] for ch in "你您我") \
            and _closes(m, f, "question", a_e, hi):
        return Reading("mention", f[a_s:a_e], f"mention: whether {f[t_s:t_e]} {f[a_s:a_e]}, asked")
    # (京东方、北京东路这些词会被当成京东吗: in public text a question about the practice or a
    # name, a word of it in the clause, asks about the rule)
    faq = faq or narrative and _meta_word(ctx, m, lo, hi, a_s, a_e) is not None
    # (我能在个人主页简介里写…吗？: in public text the writer asks whether they may do it)
    faq = faq or narrative and any(f[k] == "我" and f.startswith(_CAN_SEQ, k + 1) for k in range(lo, min(a_s, t_s)))
    for s, e, classes, term2 in m.items:
        if "question" in classes and s >= first and set(f[e:hi]) <= _PARTICLES and not faq:
            return Reading("invite", term2, f"invitation: a question to the reader ({term2})")
    # (企微可以看到客户的朋友圈吗？: in public text a question whose subject is a platform asks
    # what it can do; 客户用个微能加企微吗: or someone else, what they can)
    faq = faq or narrative and lo < t_s and lex.anchor_at(f, lo, 1, ("platform",)) is not None
    if (w := m.find("request", lo, a_e)) and _closes(m, f, "question", a_s, hi) and not faq:
        return Reading("invite", w, f"invitation: a request to the reader ({w} … ?)")
    # The action is itself the question word closing the clause (你手机号多少？).
    if a_s > t_s and set(f[a_e:hi]) <= _PARTICLES and not faq and any(
            "question" in x for _, _, x, _ in _Markers(lex, f, a_s, a_e).items):
        return Reading("invite", f[a_s:a_e], f"invitation: a question to the reader ({f[a_s:a_e]})")

    # (留联系方式才成了问题: a name-giving act that opens its clause as the subject of a copula)
    # (…和留联系方式是两回事: or a conjunction right before it)
    # (与直接留联系方式没有本质区别: an adverb or two may come between)
    if strong and narrative and a_s <= first and (set(f[start:a_s]) <= _OPENERS or f[a_s - 1:a_s] in _AND_CHARS
                                                  or f[a_s - 3:a_s - 2] in _AND_CHARS and f[a_s - 2:a_s] in _ADVERB_WORDS) and \
            (w := _copula_after(m, f, max(a_e, t_e), narrative)):
        return Reading("mention", w, f"mention: {f[a_s:max(a_e, t_e)]} is the subject of {w}")
    # (被平台判定为变相留联系方式: a judgment right before the act names it, even a strong one)
    if (w := _meta_word(ctx, m, lo, hi, a_s, a_e, near=True)):
        return Reading("mention", w, f"mention: {w} names the act")
    # (二维码可以藏在图片角落里: in public text the target, then 可以 and the act, says what can be
    # done with it)
    if strong and narrative and t_e <= a_s and f[t_e:a_s].strip("也都还就") in _CAN:
        return Reading("mention", f[t_e:a_s], f"mention: what {f[t_s:t_e]} {f[t_e:a_s]} be made to do")
    # (① 把号码藏在商品SKU的颜色分类里: in public text 把 and a bare target before the act, no
    # one's number, describes a way of doing it)
    # (有意向的把手机号留…: not after the readers are called)
    # (用极小的字把联系方式藏在花纹里: or after the means it is done with)
    # (或者把号码藏在一串价格里: a conjunction may open the clause)
    # (列举三种常见的把手机号"藏"在文字里的方法: or the way named after it, …的方法)
    if strong and narrative and t_e <= a_s and f[t_s - 1:t_s] == "把" and "我" not in f[lo:hi] \
            and (not any(_han(ch) for ch in f[lo:t_s - 1]) or _INSTRUMENT.fullmatch(f, lo, t_s - 1)
                 or f[lo:t_s - 1] in _OR_WORDS or any(f.find("的" + w, a_e, hi) >= 0 for w in _WAY_WORDS)):
        return Reading("mention", "把", f"mention: 把{f[t_s:t_e]}{f[a_s:a_e]}, a way of doing it described")
    # (个人号只留两个做维护: only so many of the target kept, a count after the act, no name or
    # number given)
    if strong and t_e <= a_s and f[a_s - 1:a_s] in _ONLY and _COUNT.match(f, a_e, hi):
        return Reading("mention", f[a_s - 1:a_e], f"mention: {f[t_s:t_e]}, only so many kept")
    # (淘宝买的，店名忘了: the name forgotten or not known, none given)
    if strong and f.startswith(_NO_NAME_GIVEN, a_e):
        return Reading("mention", f[a_e:a_e + 2], f"mention: {f[a_s:a_e]}{f[a_e:a_e + 2]}…, no name given")
    if strong and (a_e < hi and f[a_e] not in _NOT_A_NAME or (a_s, a_e) != (t_s, t_e) and a_e <= t_s):
        return Reading("invite", "", f"invitation: {f[a_s:a_e]} gives a name or number")
    # The writer's habit, said anywhere in the clause (平时都在淘宝囤, 打…又总是打不通).
    # (都在我主页简介里: right before a pointer, where things are kept for the reader, not the
    # writer's habit; 我平时都在淘宝买 is one)
    # (都在店铺主页有惊喜: a place word or two may come between)
    # (抖音搜'木子家'每晚有直播: not a habit after a name searched for, when the shows are)
    if (w := m.find("habit", lo, hi)) and not placed and not (strong and f[a_s:a_e] in _SEARCHES and m.find("habit", max(a_e, t_e), hi)) and not (
            (a_s, a_e) == (t_s, t_e) and any("habit" in cl and t_s - 3 <= e <= t_s + 1 and "," not in f[e:t_s]
                                             for _, e, cl, _ in m.items)):
        return Reading("habit", w, f"habit: {w}, the writer's own")
    # In public text an act that opens an item of a 、 list is named with the others (得先像正常人
    # 一样聊天、看文章、发朋友圈): what the list is about was said before it.
    # (聊聊天、发发朋友圈: a verb said twice opens the item all the same)
    # (好评返现、晒图返现、加微信返现: or another act opens it, this one after its target)
    if narrative and lo > sent.lo and ctx.text[ctx.orig(lo - 1, lo)[0]] == "、" and (
            a_s <= first and set(f[start:a_s - 1 if a_s > start and f[a_s - 1] == f[a_s] else a_s]) <= _OPENERS
            or a_s > first and _opening_action(sent, f, start, first)):
        return Reading("mention", "、", f"mention: {f[a_s:a_e]} opens an item of a list")
    # A clause that opens with its verb has no subject: an instruction (搜“小雨家纺”, 扫一下就能加),
    # unless the verb phrase is itself the subject of what follows (加微信只是手段, 站外交易缺乏
    # 保障): then it is talked about.
    # (In public text a weak verb opening a clause asks nothing of the reader: 有沒有LINE貼圖…的八卦？)
    # (Nor a verb in a public clause about the practice: 识别导流最难的不是…号码.)
    # (文末扫码加入“…交流群”: where in the text the reader is to do it may come first)
    # (…加入“私域操盘手交流群”: a word of the practice inside a quoted name does not count)
    if a_s <= first and (set(f[start:a_s]) <= _OPENERS or f[start:a_s] in _TEXT_PLACES or f[start:a_s] in _ARRIVALS
                         or _HANDHELD.fullmatch(f, start, a_s)) \
            and not (narrative and weak) and not (
            narrative and any("meta" in cl and lo <= s2 and e2 <= hi and not (_has_quotes(ctx) and _quoted(ctx, s2, e2))
                              for s2, e2, cl, _ in m.items)):
        end = max(a_e, t_e)
        if f[end:end + 2] == "一" + f[a_e - 1]:
            end += 2   # the verb said twice (搜一搜带来的流量): the phrase goes on
        # (私信是快手站内功能: or right after the act, its target after the copula)
        # (私聊也发生在微信内: in public text an adverb or two may come before that copula)
        # (not 全网同名「是阿梨呀」: a name in quotation marks that opens with 是)
        if (w := _copula_after(m, f, end, narrative) or t_s >= a_e and _copula_after(m, f, a_e, narrative)) \
                and ctx.text[ctx.orig(end - 1, end)[1]:ctx.orig(end - 1, end)[1] + 1] not in _OPEN_QUOTES:
            return Reading("mention", w, f"mention: {f[a_s:end]} is the subject of {w}")
        # (加个微信聊聊尺码没啥, 打开淘宝会自动弹窗: in public text a judgment or an outcome right
        # after the act phrase makes it the topic, what happens when one does it)
        if narrative and (w := _judged(f, lo, hi, end)):
            return Reading("mention", w, f"mention: {f[a_s:end]}, then {w}: the act is the topic")
        # (用户…自己会去搜她的名字，搜到公众号: a search with its result, 到, is what was found)
        if narrative and f[a_s:a_e] in _SEARCHES and f[a_e:a_e + 1] == "到" and a_e < t_s:
            return Reading("mention", "到", f"mention: {f[a_s:a_e + 1]}, the search's result told")
        return Reading("invite", "", f"invitation: the clause opens with {f[a_s:a_e]}")
    # …or with another instruction this one follows (扫描下方二维码添加客服微信).
    opener = _opening_action(sent, f, start, a_s)
    # (扫完要填手机号: in public text an opening act already done, 完/了/过 on it, is a step told)
    if opener and narrative and f[(k := f.find(opener, start) + len(opener)):k + 1] in _DONE_STEP:
        opener = None
    if opener:
        # (加粉的意思就是把平台上的买家加到个人号上: in public text a word of the practice between the
        # opening act and this one: the acts are defined or talked about)
        if narrative and (w := next((t3 for s3, e3, c3, t3 in m.items if "meta" in c3 and lo <= s3 and e3 <= a_s
                                     and not (_has_quotes(ctx) and _quoted(ctx, s3, e3))), None)):
            return Reading("mention", w, f"mention: {opener}…{f[a_s:a_e]}, the practice talked about ({w})")
        # (我爸那一代人，留联系方式是写在小本子上的: in public text the opening act and its target,
        # then a copula: the phrase is the subject, how it was done told)
        if narrative and t_e <= a_s and f.startswith(opener, t_s - len(opener)) and (w := _copula_after(m, f, t_e, narrative)):
            return Reading("mention", w, f"mention: {opener}{f[t_s:t_e]} is the subject of {w}")
        # (加个微信聊聊尺码没啥: in public text, a judgment closing the clause: the acts are its topic)
        if narrative and (w := _judged(f, lo, hi)):
            return Reading("mention", w, f"mention: {opener}…{f[a_s:a_e]}, then {w}: the acts are the topic")
        return Reading("invite", "", f"invitation: the clause opens with {opener}, then {f[a_s:a_e]}")
    # A search on a platform named first, the reader told where to look (淘宝搜“阿美宠物”,
    # 喺Telegram搜…: a place word before it still opens the clause).
    # (抖音私信同样在导流监管的范围内: not in a public clause about the practice)
    # (淘宝搜索现在真是越来越难用了, 小红书搜索结果…: in public text the search itself, talked about)
    # (拼多多找商家客服就在商品页…: not the platform's own service sought there, in public text)
    if t_e == a_s and set(f[start:t_s]) <= _PLACE_OPENERS and not weak and not (
            narrative and _meta_word(ctx, m, lo, hi, a_s, a_e)) and not (
            narrative and (f.startswith(_SEARCH_TOLD, a_e) or m.at("time", a_e) or f[a_e:a_e + 1] in _CLAUSE_ADVERBS
                           # (淘寶搜嘢真係要識啲關鍵字: searching for things there, an activity)
                           or m.at("thing", a_e)
                           # (个人号加人靠缘分: the account the one adding people, or fans)
                           or f[a_e:a_e + 1] in ("人", "粉") and f[a_s:a_e] in _ADDING_ACTS
                           # (电话咨询回答只能…: the act then what it got back, the act the subject)
                           or m.at("copula", a_e)
                           or any("service" in c3 for s3, _, c3, _ in m.items if a_e <= s3 <= a_e + 2)
                           # (闲鱼上交易，钱一定要走…: an act closing its clause names a topic)
                           or a_e == hi and f[a_s:a_e] not in _SEARCHES
                           # (二维码贴在共享单车上那种“扫码领红包”: a kind of thing described)
                           or any(x in f[a_e:hi] for x in _KIND_OF))):
        return Reading("invite", "", f"invitation: {f[t_s:a_e]} tells the reader where to look")

    # 6. The writer's own act (我就打个问讯电话); not where the writer put something for the
    # reader (完整版我放在B站了).
    for s, e, classes, term2 in m.items:
        # (你直接去我们淘宝店拍吧: with the reader the subject, 我们 says whose shop)
        # (我们京东店铺搜'…': right before a shop or account, 我们 says whose it is)
        # (看我抖音主页: after a verb of looking 我 is whose, not who acts)
        if "self" in classes and start <= s and e <= a_s and not _acted_on(sent, s) and not placed \
                and f[s - 1:s] not in _LOOKING \
                and not any(ch in "你您" for ch in f[start:s]) \
                and not (e == t_s and f[t_s:t_e].endswith(_OWNED_PLACES)):
            gap = f[e:t_s] + f[t_e:a_s] if e <= t_s < a_s else f[e:a_s]
            # (我用OPPO Reno10扫书上的二维码: what the writer does it with may come between)
            if set(gap) <= _ADVERBS or _INSTRUMENT.fullmatch(gap):
                # 咱电话里说: "we" that takes the reader in proposes a joint act (a seller's
                # message); public text tells what "we" did.
                # (我们 TG 见, 我们电话里聊: meeting or chatting takes two, the reader among them)
                # (我哋WhatsApp傾啦, 我们微信聊吧: "we" and a particle that proposes, in public text too)
                # (咱别在平台上拍了: or a "let's not" that steers, in public text too)
                if ("inclusive" in classes and (not narrative or _asked(ctx, m, f, a_e, hi)
                                                or _closes(m, f, "propose", a_e, hi) or f[e:e + 1] == "别")
                        or term[-1:] in ("见", "聊") and not narrative
                        or term2 in _WE and _closes(_Markers(lex, f, a_e - 1, hi), f, "propose", a_e - 1, hi)):
                    return Reading("invite", term2, f"invitation: {term2} {f[a_s:a_e]}, a joint act proposed")
                # 我再建个微信群，想要福利的大家进来: the readers called in by a later clause
                if (w := _welcomed(lex, f, hi, sent.hi)):
                    return Reading("invite", w, f"invitation: {term2} {f[a_s:a_e]}, then {w} calls the reader in")
                return Reading("self", term2, f"self: {term2} {f[a_s:a_e]}, the writer's own act")

    # A weak act on a generic object (在京东买东西不省心): an activity talked about, when nothing above
    # asked the reader (去拼多多买东西吧 still does).
    if weak and (w := _Markers(lex, f, a_e, min(hi, a_e + 4)).at("thing", a_e)):
        return Reading("mention", w, f"mention: {f[a_s:a_e]}{w} is an activity, not an order")

    # (团购方式写在签名档里了，有需要的自己翻: put there for the reader, whom the next clause calls;
    # 怎么绕过审核我都写在主页简介里了，感兴趣的自己去看: whatever topic it holds)
    if narrative and (placed or (a_s, a_e) == (t_s, t_e) or t_e <= a_s and f[a_s] in _PLACING) and hi < sent.hi \
            and ctx.text[ctx.orig(hi, hi + 1)[0]] != "、" and (w := _reader_soon(lex, f, hi, sent.hi)):
        return Reading("invite", w, f"invitation: {f[a_s:a_e]} put there, then {w} calls the reader")
    # 7. The practice talked about in the clause (话术, 违规, 私域 …).
    if (w := _meta_word(ctx, m, lo, hi, a_s, a_e)):
        return Reading("mention", w, f"mention: the practice is talked about ({w})")

    # (以后买菜不用在平台上拍了，直接找我: the next clause offers the writer instead)
    # (老客户…问我能不能加个好友，以后直接找我买: not inside a question someone asked the writer)
    if narrative and hi < sent.hi and (w := offered(ctx, sent, hi + 1)) and "我" in w \
            and not any(f.startswith(_ASK_VERBS, k) for k in range(lo, a_s)):
        return Reading("invite", w, f"invitation: the next clause offers the writer instead ({w})")
    if narrative:
        return Reading("mention", "", f"mention: in public text {f[a_s:a_e]} invites only with a word to the reader")
    return Reading("invite", "", f"invitation: {f[a_s:a_e]} with nothing that tells a story")


def _meta_word(ctx, m: "_Markers", lo: int, hi: int, a_s: int, a_e: int, near: bool = False) -> str | None:
    """The first [reading meta] word of the clause [lo, hi) that talks about the act; not one
    inside the modifier that names the reader (不想等平台审核的➕薇❤信), nor one in the quoted name
    the act gives (去我闲鱼店铺搜“话术对照表”拍下). `near`: only one ending at most three characters
    before the act (判定为变相留…), with the writer not acting between."""
    f = ctx.f
    for s, e, classes, term in m.items:
        if "meta" not in classes or s < lo or e > (a_s if near else hi) or near and a_s - e > 3:
            continue
        if near and "我" in f[e:a_s]:
            continue   # (怎么绕过审核我都写在主页简介里: the writer acts between, 审核 is another verb's object)
        if e <= a_s and _modifies(f, e, a_s) or s >= a_e and _has_quotes(ctx) and _quoted(ctx, s, e):
            continue
        return term
    return None


_OWN_ORG = _G.words("own_org")
_OWNED_PLACES = _G.seq("owned_places")
_TO_PLACE = frozenset({""}) | _G.words("to_place")
_OWN_PLACE = tuple(sorted(_G.seq("own_place"), key=len, reverse=True))


def _to_place(gap: str) -> bool:
    """Between an instruction and the place it sends to, only 去/到/在/上 and whose place it is
    (你直接去我哋淘寶店搜「…」, 到我们的小红书店)."""
    for w in _OWN_PLACE:
        if gap.endswith(w):
            gap = gap[:-len(w)]
            break
    return gap in _TO_PLACE


def _next_clause(f: str, at: int, sent_hi: int) -> int:
    """Where the clause after the comma at `at` ends (at most _CLAUSE_REACH on), or -1 when no
    comma stands at `at` inside the sentence."""
    if at >= sent_hi or f[at] != ",":
        return -1
    end = f.find(",", at + 1, sent_hi)
    return min(sent_hi if end < 0 else end, at + 1 + _CLAUSE_REACH)


def _welcomed(lex, f: str, hi: int, sent_hi: int) -> str | None:
    """A welcome marker in the clause right after `hi` (…，想要福利的大家进来)."""
    end = _next_clause(f, hi, sent_hi)
    return _Markers(lex, f, hi + 1, end).find("welcome", hi + 1, end) if end > 0 else None


def _actor_before(lex, f: str, sent, lo: int, a_s: int, m: "_Markers") -> str | None:
    """A third person ([reading agent]) acting in the clause right before `lo` (对方冒充我领导，…):
    the subject the act's clause goes on with, when that clause names no one of its own. Not a
    vocative (老板，/ 朋友们，: the word alone in its clause, or 们 after it)."""
    if lo <= sent.lo or any(s2 < a_s and ("agent" in cl or "addressee" in cl or "self" in cl)
                            for s2, _, cl, _ in m.items):
        return None
    prev = max(sent.lo, f.rfind(",", sent.lo, lo - 1) + 1)
    items = _Markers(lex, f, prev, lo - 1).items
    if not items:
        return None
    s2, e2, cl, w = items[0]   # (only the clause's first marker can be its subject)
    rest = f[e2:lo - 1]
    # (家长您好，…: nor a greeting, the person then 您好)
    if "agent" in cl and w[0] not in "你您我" and s2 == prev and rest and rest[0] != "们" \
            and not set(rest) <= _PARTICLES and not rest.startswith(_GREETINGS):
        return w
    return None


def _whose_people(m: "_Markers", f: str, at: int) -> bool:
    """The 我 right before `at` says whose people follow (我啲朋友, 我的同事), not whom an act is on."""
    return f[at:at + 1] in _OF_WHOSE and m.at("agent", at + 1) is not None


def _named_subject(ctx, lo: int, a_s: int) -> str | None:
    """The name right before the act, only the [name_gap] adverbs between and no pause: a Latin
    word typed as a name (May Wing, not Please or PM), 阿 and a few characters, or the question
    who ([who]). None when the clause has no such subject."""
    f = ctx.f
    k = a_s
    while k > lo:
        w = next((x for x in _NAME_GAP if f.startswith(x, k - len(x)) and k - len(x) >= lo), None)
        if w is None:
            break
        k -= len(w)
    if k <= lo or _paused(ctx, k, a_s):
        return None
    if (w := next((x for x in _WHO if f.startswith(x, k - len(x)) and k - len(x) >= lo), None)):
        return w
    if "a" <= f[k - 1] <= "z":
        j = k
        while j > lo and "a" <= f[j - 1] <= "z":
            j -= 1
        o_s, o_e = ctx.orig(j, k)
        typed = ctx.text[o_s:o_e]
        words = typed.split()
        # (PayMe俾我, Telegram搵我: a channel's name is no person's)
        if words and all(x[:1].isupper() and any(c.islower() for c in x) and x.lower() not in _NOT_NAMES
                         for x in words) and not any(
                ctx.lexicon.anchor_at(f, i, 1, ("platform", "contact", "pointer", "phrase", "action"))
                for i in range(j, k)):
            return typed
        return None
    for p in _NAME_PREFIXES:
        j = f.rfind(p, max(lo, k - _NAME_REACH - len(p)), k - 1)
        if j >= 0 and all(_han(ch) for ch in f[j:k]) and not ctx.lexicon.scan_reading(f, j + len(p), k):
            return f[j:k]
    return None


def _reader_soon(lex, f: str, hi: int, sent_hi: int) -> str | None:
    """The reader called in the clause after `hi` or the one after that (放在主页置顶那条，灯光收音
    链接券都列了，需要的自取: what was put there said, then the reader called)."""
    if (w := _reader_next(lex, f, hi, sent_hi)):
        return w
    # (two clauses on, only the readers named by what they want, 需要的; 观众都听得到 tells of them)
    nxt = _next_clause(f, hi, sent_hi)
    w = _reader_next(lex, f, nxt, sent_hi) if 0 < nxt < sent_hi else None
    return w if w and w.endswith(("的", "嘅")) else None


def _reader_next(lex, f: str, hi: int, sent_hi: int) -> str | None:
    """The reader called at the start of the clause right after `hi` (…，有需要的自己翻), named by
    what they do (拿货的自己看) or sent to search (搜“…”就能看到), or welcomed anywhere in it."""
    end = _next_clause(f, hi, sent_hi)
    if end <= 0:
        return None
    m2 = _Markers(lex, f, hi + 1, end)
    # (…，有需要的自己翻; 减肥的姐妹别错过: or after a 的 that closes who they are)
    if m2.items and "addressee" in (first := m2.items[0])[2] and (
            first[0] == hi + 1 or first[0] - hi <= 6 and f[first[0] - 1] in _OF):
        return first[3]
    # (wx在头像，拿货的自己看: those who do something, named by it, then left to look themselves)
    if (k := _THOSE_WHO.match(f, hi + 1, end)):
        return k.group()
    # (直播回放放在我的视频号了，搜“老K聊私域”就能看到: a search that opens the next clause)
    return next((w for w in _SEARCH_OPENERS if f.startswith(w, hi + 1)), None) or m2.find("welcome", hi + 1, end)


def recommended(ctx, sent, s: int, e: int) -> str | None:
    """The benefit said of the word at [s, e) when it opens its clause (绿泡泡更便宜, 小绿书有更多
    款式): an ordinary-word alias recommended to the reader is the channel it stands for."""
    f = ctx.f
    lo, hi = _clause(f, sent.lo, sent.hi, s, e)
    if not set(f[lo:s]) <= _OPENERS:
        return None
    return _Markers(ctx.lexicon, f, e, hi).find("recommend", e, hi)


def offered(ctx, sent, at: int | None = None) -> str | None:
    """A benefit or an offer to the reader in the sentence (给你打八折, 更便宜), or with `at`, in
    the clause around that position and the one after it (私信我领取完整版, 私信我回复“卡片”，
    自动发你领取); None if there is none."""
    f = ctx.f
    if at is None:
        lo, hi = sent.lo, min(sent.hi, sent.lo + 200)   # a sentence, not a page
    else:
        lo, hi = _clause(f, sent.lo, sent.hi, at, at)
        if hi < sent.hi:
            hi = _clause(f, sent.lo, sent.hi, hi + 1, hi + 1)[1]
    m = _Markers(ctx.lexicon, f, lo, hi)
    quotes = _has_quotes(ctx)
    # (别在二手平台上买"低价QQ号": a benefit quoted is named, not offered; 买了随时被找回: what
    # befalls the buyer, a passive, is no offer)
    return next((t for cls in ("recommend", "offer") for s, e, classes, t in m.items
                 if cls in classes and lo <= s and e <= hi and f[e:e + 1] != "被"
                 and not (quotes and _quoted(ctx, s, e))), None)
