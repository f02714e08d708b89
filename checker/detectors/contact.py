"""Contact data: numbers, addresses and links that take a buyer off the platform."""
from __future__ import annotations

import functools
import re
from typing import ClassVar

from .. import lazyre
from ..grammar import GRAMMAR as _G
from ..normalize import CN_DIGITS
from .base import OTHER_NUMBER, Detector, Match, Pattern, Registry

# The folded view's digits: a number may be written with numerals (幺三九…).
DIGITS = "0-9" + "".join(CN_DIGITS)
# A run of 7 to 13 digits or numerals that starts a run (separators are already gone in the
# folded view; a mobile, landline or 400 number is 10-13 with 86, and the number patterns want
# no digit on either side, so an 18-digit order number holds none). o, i and l inside it may be
# look-alike digits (135 2о4о 7788): the digit view reads them.
_RUN = (DIGITS, f"(?<![{DIGITS}].)[{DIGITS}oil]{{6,12}}(?![{DIGITS}])")
# A mobile told in three groups with commas between (一三九，零零八八，七七六六): a comma is a
# clause mark, not a separator, so only this exact 3-4-4 shape reads through it.
_GROUPS = (DIGITS, f"(?<![{DIGITS}].)[{DIGITS}]{{2}},[{DIGITS}]{{4}},[{DIGITS}]{{4}}(?![{DIGITS}]|,[{DIGITS}])")


@functools.lru_cache(maxsize=4096)
def _valid_cn(number: str) -> bool:
    import phonenumbers   # on first use: ~10 ms of import a check without a number never pays
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


_SPACED_END = 0.85
_ENDS_AT_SPACE = lazyre.compile(r"[ \t\u3000]+\S")


class MobileDetector(Detector):
    """1[3-9]xxxxxxxxx, however it was written (幺三九, ①③⑨, 139 1234 5678, +86…)."""

    rule, kind = "contact.mobile", "手机号"
    prefilter = r"1[3-9]\d(?:\d{8}|,\d{4},\d{4})"
    folded_gate = (_RUN, _GROUPS)
    # Not right after another digit, unless after a bare 86 (8613912345678). The lookbehinds
    # come after the leading 1, so `re` can skip to the 1s at C speed: a pattern that opens
    # with a lookbehind is tried at every position of a 20-digit order number.
    patterns = (Pattern("cn-mobile", r"(1(?:(?<![0-9]1)|(?<=861)(?<![0-9]861))[3-9]\d{9})(?![0-9])"),
                Pattern("cn-mobile-groups", r"(1(?<![0-9]1)(?<![0-9],1)[3-9]\d,\d{4},\d{4})(?![0-9]|,[0-9])", 0.9),
                # 幺三八 零零一三 八零零零 24小时有人接: the view runs the next number on; as typed a
                # space ends the mobile (as_written holds it to that)
                Pattern("cn-mobile-spaced-end", r"(1(?<![0-9]1)[3-9]\d{9})(?=[0-9])", _SPACED_END))
    group = 1

    def validate(self, value, view, m):
        return 1.0 if _valid_cn(value.replace(",", "")) else 0.0

    def as_written(self, text, start, end, match):
        return match.score != _SPACED_END or _ENDS_AT_SPACE.match(text, end) is not None


class LandlineDetector(Detector):
    """Area code + local number (010-12345678, (0755)1234567) and 400/800 service lines."""

    rule, kind = "contact.landline", "座机"
    prefilter = r"[048]\d{6}"
    folded_gate = (_RUN,)
    patterns = (
        Pattern("cn-landline", r"(0(?<![0-9a-z]0)[1-9]\d{1,2}\d{7,8})(?![0-9])", 0.9),
        Pattern("cn-400", r"([48](?<![0-9a-z][48])00\d{7})(?![0-9])", 0.9),
    )
    group = 1

    def validate(self, value, view, m):
        if value[0] in "48":
            return 1.0
        if _valid_cn(value):
            return 1.0
        # 座机 0471-6632 9015: behind a phone label, a number of a landline's shape is given as
        # one, whatever its area's length (an order or model number has no such label)
        if _LANDLINE_LABEL.search(view, max(0, m.start(1) - 8), m.start(1)) and _possible_cn(value):
            return 0.8
        # 0872-2536 8890: typed as a landline (an area code, a dash, the local number in groups),
        # a number is given as one though phonenumbers knows the area's numbers a digit shorter;
        # as_written holds the typed shape to it (an order number is not written so)
        return _SHAPE_ONLY if _possible_cn(value) else 0.0

    def as_written(self, text, start, end, match):
        return match.score != _SHAPE_ONLY or _TYPED_LANDLINE.fullmatch(text, start, end) is not None \
            and not OTHER_NUMBER.search(text, max(0, start - 8), start)   # (编号0872-25368890)


_SHAPE_ONLY = 0.7
_TYPED_LANDLINE = lazyre.compile(r"[(（]?0\d{2,3}[)）]?\s?[-－—–]\s?\d{3,4}[\s\-－]?\d{4}")


@functools.lru_cache(maxsize=2048)
def _valid_as(number: str, region: str, kind: str) -> bool:
    """phonenumbers says the number is valid in `region` and of `kind` (MOBILE, FIXED_LINE), or
    one of the plans that do not tell the two apart."""
    import phonenumbers
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and \
        phonenumbers.number_type(parsed) in (getattr(phonenumbers.PhoneNumberType, kind),
                                             phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _fixed_line_in(number: str, region: str) -> bool:
    return _valid_as(number, region, "FIXED_LINE")


def _mobile_in(number: str, region: str) -> bool:
    return _valid_as(number, region, "MOBILE")


class TaiwanLandlineDetector(Detector):
    """Taiwan landlines as Taiwanese posts print them, in their own grouping ((02)2758-3316,
    04-2326-1234), with no call word before them (市話, 店裡電話 …): phonenumbers validates the
    number as a Taiwan fixed line and as_written holds it to the typed shape, which order, model
    and tracking numbers do not take."""

    rule, kind = "contact.landline", "座机（台湾）"
    prefilter = r"0[2-8]\d{7,8}"
    folded_gate = (_RUN,)
    patterns = (Pattern("tw-landline", r"(0(?<![0-9a-z]0)[2-8]\d{7,8})(?![0-9])", 0.85),)
    group = 1

    def validate(self, value, view, m):
        return 1.0 if not _valid_cn(value) and _fixed_line_in(value, "TW") else 0.0

    def as_written(self, text, start, end, match):
        typed = _TW_TYPED_LANDLINE.fullmatch(text, start, end) is not None or \
            start > 0 and text[start - 1] in "(（" and _TW_BRACKETED.fullmatch(text, start, end) is not None
        return typed and not OTHER_NUMBER.search(text, max(0, start - 8), start)


# 02-2758-3316, 037-123456, (02)2758-3316, （04）2326 1234: the area code set apart, then the
# local number in its groups
_TW_TYPED_LANDLINE = lazyre.compile(r"0[2-8]\d{0,2}-\d{3,4}-?\d{3,4}")
_TW_BRACKETED = lazyre.compile(r"0[2-8]\d{0,2}[)）]\s?\d{3,4}[-\s]?\d{3,4}")   # the ( is before the span


def _possible_cn(number: str) -> bool:
    import phonenumbers
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, "CN"))
    except phonenumbers.NumberParseException:
        return False


_LANDLINE_LABEL = lazyre.compile(r"(?:座机|电话|热线|固话|tel|TEL|Tel)[:：是为\s]{0,3}$")


# E-mail, however the @ and the dots are written. At-forms: @ (＠ is narrowed in the wide
# view), # (＃), 艾特, 圈a, (at) [at] （at） 【at】, and the English word at between spaces;
# dot-forms: . (．), 。 ｡, 点 點, (dot) [dot] …, and the word dot between spaces.
_OPEN, _CLOSE = r"[(\[（【{<]", r"[)\]）】}>]"
_AT = r"@|#|艾特|圈\s{0,2}[aA]|" + _OPEN + r"\s?[aA][tT]\s?" + _CLOSE + r"|(?<=\s)[aA][tT](?=\s)"
_DOT = r"[.。｡点點⚫●•]|" + _OPEN + r"\s?[dD][oO][tT]\s?" + _CLOSE + r"|(?<=\s)[dD][oO][tT](?=\s)"
_LOCAL = "A-Za-z0-9._%+-"
# Country codes, and the generic TLDs seen in addresses: the TLD of an address whose @ or dot
# is disguised (abc#163.com, abc at qq dot com, abc@qq。com) must be one of these; behind a
# real @ and a real dot (hr@abc-tech.io) any 2-24 letters will do.
_CCTLDS = ("ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt "
           "bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er "
           "es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht "
           "hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr "
           "ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng "
           "ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd "
           "se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw "
           "tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw")
_GTLDS = ("com net org edu gov mil int info biz name pro mobi asia tel travel jobs aero coop museum xyz top "
          "vip shop store online site website tech app dev club ltd wang ink fun link live life world email "
          "cloud work space blog news art design studio agency digital network group team center media "
          "games icu cyou buzz win bid red pink kim fit plus xin ren cool company solutions services")


_KNOWN_TLDS = frozenset((_CCTLDS + " " + _GTLDS).split())
# Country codes that are also file types: main.py/utils is a path in a repository, not a host
_FILE_TYPES = frozenset("py md sh rs pl ps rb ts cs kt mk in".split())


class EmailDetector(Detector):
    """hr@abc-tech.io, ab.c_d@xx.com.cn, and the disguised forms: hf_service#163.com,
    abc(at)163(dot)com, abc [at] gmail [dot] com, abc艾特qq点com, abc圈aqq.com, abc＠qq。com,
    abc at qq dot com. The English words at/dot count only as a spelled-out address: a bare
    at needs a spelled dot after it and a host that is no word of the sentence (look at the
    dot com, meet at 5 dot com are prose)."""

    rule, kind, view = "contact.email", "邮箱", "wide"
    known_tlds: ClassVar[frozenset[str]] = _KNOWN_TLDS
    # What English puts after "at" where an address would have its host.
    prose_hosts: ClassVar[frozenset[str]] = frozenset(
        "the a an this that these those my your his her our their its home work school noon night "
        "least last first once all some any one".split())
    # The at-forms; a bare at only where a host and a dot-form follow it.
    prefilter = (r"@|#|艾特|圈\s{0,2}[aA]|" + _OPEN + r"\s?[aA][tT]\s?" + _CLOSE
                 + r"|(?<=\s)[aA][tT]\s{1,2}[A-Za-z0-9-]{1,63}\s{0,2}(?:[.。｡点點(\[（【{<]|[dD][oO][tT])")
    # Fewer pairs make a cheaper gate: 艾/圈/brackets share one (a 艾 before a is tried in vain).
    starts = (("@#", ""), (r"艾圈(\[（【{<", r"特\saA"), ("aA", "tT"))
    # The first character before the lookbehind, so `re` skips to candidates at C speed; at
    # most ten labels after the @, so a long chain costs no more than a short one.
    patterns = (Pattern("email", f"(?P<local>[{_LOCAL}](?<![{_LOCAL}].)[{_LOCAL}]{{0,63}})"
                                 rf"\s{{0,2}}(?P<at>{_AT})\s{{0,2}}"
                                 rf"(?P<host>[A-Za-z0-9-]{{1,63}}(?:\s{{0,2}}(?:{_DOT})\s{{0,2}}[A-Za-z0-9-]{{1,63}}){{1,9}})"),)
    _part = lazyre.compile(rf"(\s{{0,2}}(?:{_DOT})\s{{0,2}})?([A-Za-z0-9-]{{1,63}})")
    _label = lazyre.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
    _tld = lazyre.compile(r"[a-z]{2,24}|[A-Z]{2,24}")

    def analyze(self, view):
        if not self._pre.search(view):
            return
        for _, rx in self._compiled:
            # A match that is no address (directly at lux.sh …) must not hide one that starts
            # inside it (lux.sh@outlook.com): after a miss the search goes on from the next character.
            pos = 0
            while (m := rx.search(view, pos)) is not None:
                end = self._end(view, m)
                if end:
                    yield Match(self.rule, m.start(), end, view[m.start():end], 1.0, self.kind)
                    pos = max(end, m.start() + 1)
                else:
                    pos = m.start() + 1

    def _end(self, view: str, m: re.Match) -> int:
        """Where the address ends: after the last label that makes a plausible TLD (abc@qq.com.
        thanks ends at com), or 0 if none does."""
        local, at = m.group("local"), m.group("at")
        if not re.search("[A-Za-z0-9]", local):
            return 0
        word = at[0] in "aA"                 # the bare English word
        loose = at in ("@", "#") and (m.end("local") < m.start("at") or m.end("at") < m.start("host"))
        seps, labels, ends = [], [], []
        pos = m.start("host")
        for part in self._part.finditer(view, pos, m.end("host")):
            if part.start() != pos:
                return 0
            seps.append(part.group(1) or "")
            labels.append(part.group(2))
            ends.append(pos := part.end())
        for k in range(len(labels), 1, -1):
            tld, host, used = labels[k - 1], labels[:k - 1], seps[1:k]
            if not self._tld.fullmatch(tld) or not all(self._label.fullmatch(x) for x in host):
                continue
            if all(x.isdigit() for x in host) and (len(host) > 1 or len(host[0]) < 3):
                continue                     # 1.5, meet at 5 dot com: a number, not a host
            exact = at != "#" and not word and not loose and used[-1] == "."  # no space around it
            if not exact and tld.lower() not in self.known_tlds:
                continue
            if word and (all(x.strip() == "." for x in used) or host[0].lower() in self.prose_hosts):
                continue                     # look at abc.com (a link); look at the dot com
            return ends[k - 1]
        return 0


_TLDS = "com|cn|net|org|top|xyz|cc|vip|shop|store|link|me|io|co|info|site|online|club|ltd|tv|ink|wang|fun|ly|gl|im|la|in|to|hk|tw|sg|app|tech|biz|edu|gov"
# The dot spelled in brackets (hxtech(点)com, shop[dot]cn, abc（.）cn): written to dodge link filters
_BRACKET_DOT = r"[(（\[【]\s?(?:点|點|dot|\.|。)\s?[)）\]】]"
# Link-in-bio and short-link hosts whose top-level domain is rare elsewhere (linktr.ee/yuki_hk,
# lin.ee/8kQzTw, forms.gle/…): a link wherever it stands
_LINK_HOSTS = ("linktr.ee", "lin.ee", "forms.gle", "shp.ee", "beacons.ai", "lnk.bio", "msha.ke", "bit.do",
               "ow.ly", "lihi.cc", "reurl.cc", "pse.is", "s.id", "cutt.ly", "rb.gy", "j.mp")
# Short-link hosts: one with a code after its slash is a link even where the host looks like a
# number (JD's 3.cn/1a2B3cD is no version 3)
_SHORTENERS = ("t.cn", "dwz.cn", "url.cn", "suo.im", "bit.ly", "tinyurl.com", "is.gd", "m.tb.cn",
               "e.tb.cn", "s.click.taobao.com", "u.jd.com", "3.cn", "mrw.so", "w.url.cn", "c.tb.cn")


_SENTENCE_END = lazyre.compile(r"[.。]\s+[A-Z][a-z]")
# (…much more suitable.In fact, there are…: English run on with no space after the full stop:
# a word in lower case, the next sentence's first word in title case, then a space and a word)
_RUN_ON = lazyre.compile(r"[a-z]+\.[A-Z][a-z]+")
_NEXT_WORD = lazyre.compile(r"[ \t]+[A-Za-z]")


class UrlDetector(Detector):
    """http(s) links, bare domains (abc.com/x) and short links (t.cn/xyz)."""

    rule, kind, view = "contact.url", "链接", "wide"
    # (a link host's own TLD too, found from its dot like the others: .ee of linktr.ee)
    prefilter = r"(?i)https?:|www|(?:[.。点點]|" + _BRACKET_DOT + r")\s{0,2}(?:" + _TLDS + r"|gg\s{0,2}(?:/|斜))(?![a-z])|\.(?:" + \
        "|".join(sorted({re.escape(h.rsplit(".", 1)[1]) for h in _LINK_HOSTS})) + r")(?![a-z])|\.[a-z]{2,24}/[A-Za-z0-9]"
    starts = (("hH", "tT"), ("wW", "wW"), (".。点點", r"\sa-zA-Z"), (r"(\[（【", r"\sdD点點.。"))
    patterns = (
        Pattern("url", r"(?i)(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff\"'<>]+"),
        Pattern("link-host", r"(?i)(?<![A-Za-z0-9@._-])(?:" + "|".join(re.escape(h) for h in _LINK_HOSTS)
                + r")(?:/[A-Za-z0-9._~%/?#=&+-]*)?(?![A-Za-z0-9])", 0.9),
        Pattern("bare-domain", r"(?i)(?<![A-Za-z0-9@._-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\s{0,2}\.\s{0,2})+(?:"
                + _TLDS + r")(?![a-z0-9])(?:/[A-Za-z0-9._~%/?#=&+-]*)?", 0.9),
        # discord.gg/dtcasia, vercel.app/x: any top-level domain of the list, with a path after it
        # (a file name, readme.md or main.py, has none)
        Pattern("domain-path", r"(?<![A-Za-z0-9@._-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24})"
                r"/[A-Za-z0-9][A-Za-z0-9._~%/?#=&+-]*", 0.85),
        # abc。com, xuexi123点com, shop(dot)cn are written to dodge link filters; a sentence end
        # before an English word (good。VIP) is not, so only the common TLDs, in lower case.
        # (a short link's slash spelled too: bit点ly斜杠3xK9pQ, tb點cn/xk82Ja)
        Pattern("spelled-domain", r"(?<![A-Za-z0-9@._-])(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\s{0,2}(?:[.。点點]|" + _BRACKET_DOT + r")\s{0,2})+"
                r"(?:com|cn|net|top|org|xyz|cc|vip|hk|tw|ly|site|io|app|shop|info|online|store|club|link)(?![a-zA-Z0-9])(?:(?:/|斜杠|斜线|斜線)[A-Za-z0-9._~%/?#=&+-]*)?", 0.85),
        # (discord點gg斜線xY7kP2: a short invite's domain spelled, its path after a slash spelled or
        # not; without the path 5点gg is a game lost at five)
        Pattern("spelled-invite", r"(?<![A-Za-z0-9@._-])[a-zA-Z][a-zA-Z0-9-]{1,30}\s{0,2}(?:[.。点點]|" + _BRACKET_DOT + r")\s{0,2}"
                r"(?:gg|me|tv|co|to|be|so|ly)\s{0,2}(?:/|斜杠|斜线|斜線)\s{0,2}[A-Za-z0-9][A-Za-z0-9_-]{3,}", 0.85),
    )

    def validate(self, value, view, m):
        if m.re.groups and m.group(1) is not None and (m.group(1) not in _KNOWN_TLDS or m.group(1) in _FILE_TYPES):
            return 0.0   # domain-path: its top-level domain must be one, and no file type (main.py/utils)
        v = value.lower()
        host = re.sub(_BRACKET_DOT + r"|。|点|點", ".", re.sub(r"\s", "", re.sub(r"^(?:https?://)", "", v))).split("/")[0].split("斜杠")[0]
        if host in _SHORTENERS and re.search(r"(?:/|斜杠)\s?[a-z0-9][a-z0-9_-]{3,}", v):   # (3.cn/1Xk-PQz2)
            return 1.0
        if re.fullmatch(r"[\d.]+", host.rsplit(".", 1)[0]) and not v.startswith(("http", "www")):
            return 0.0  # 1.5.cn? a version or price, not a host
        if not v.startswith(("http", "www")) and "/" not in value and host in _COMPANY_SUFFIXES:
            return 0.0  # (Telford Development Co.Ltd.: a company's suffix, no host)
        if not v.startswith(("http", "www")) and "/" not in value and value.isupper():
            return 0.0  # ASP.NET, VB.NET: a name in capitals, not an address to visit
        if not v.startswith(("http", "www")) and _SENTENCE_END.search(value):
            return 0.0  # …to profit. In Chinese retail: a sentence ends, the next opens in capitals
        if _RUN_ON.fullmatch(value) and _NEXT_WORD.match(view, m.end()):
            return 0.0  # suitable.In fact: the same with the space left out
        return 1.0


class TaoPasswordDetector(Detector):
    """淘口令: a share code between currency-like signs, ￥Xy12AbC9￥ / €…€ / (…)."""

    rule, kind, view = "contact.taokouling", "淘口令", "wide"
    prefilter = r"[￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/(（]\s{0,2}[A-Za-z0-9]{8}"
    starts = (("￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/(（", r"\sA-Za-z0-9"),)
    patterns = (Pattern("tkl", r"([￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/(（])\s{0,2}([A-Za-z0-9]{8,14})\s{0,2}([￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/)）])"),)
    group = 2

    def validate(self, value, view, m):
        if not (re.search(r"[A-Za-z]", value) and re.search(r"\d", value)):
            return 0.0  # ￥12345678￥, (abcdefgh), (NewArrival): a share code mixes letters and digits
        open_, close = m.group(1), m.group(3)
        if open_ in "(（/" and close not in ")）/":
            return 0.0
        # (小米14（23127PN0CC）: in brackets, capitals and digits only make a model or part code; a
        # share code mixes cases)
        if open_ in "(（" and not re.search(r"[a-z]", value):
            return 0.0
        return 1.0


def _fold_numerals(word: str) -> str:
    return "".join(CN_DIGITS.get(c, c) for c in word)


class SplitMobileDetector(Detector):
    """我手机前七位139 2048，后四位是8866 / 幺五八，洞洞三四，五六七八 找我 / 开头是138，接着2047，
    末尾5619: a mobile written in pieces. Pieces of 3+ digits (or a repeat said in words: 中间
    四个6 = 6666) that make a valid mobile, either in a sentence that says 手机/电话/号码/找我/打给
    我 (at most six characters apart, in order, skipping at most one: an aside), or labelled as
    pieces (开头, 中间, 尾号, 后四位 …), every one of them, with no phone word needed. A labelled
    piece may stand 12 characters from the one before and goes where its label puts it (尾号5619
    前七位1382047), whatever its place in the sentence; a label with N位 wants N digits. A piece
    followed by a unit (138元, 2047件, 5号楼, 2019年) or after a word like 价格/金额/库存 is a price,
    count, address or date, not a piece. (A message with labels only reaches this detector when
    the engine's digit gate includes gate() below.)"""

    rule, kind = "contact.mobile", "手机号（分段）"
    phone_words: ClassVar[tuple[str, ...]] = ("手机", "电话", "号码", "找我", "打给我", "打我", "call", "热线", "区号")
    # As written; the digit view reads their numerals as digits (前三位 is 前3位 there).
    first_labels: ClassVar[tuple[str, ...]] = (
        "开头", "头三位", "前三位", "前3位", "前七位", "前7位", "前面", "第一段", "一开始",
        # (电话前三186中间4471后面是5209: the count without 位)
        "前三", "前3", "头三", "头3", "前七", "前7",
        # (a QQ number's pieces: 前四位 ②④⑥⑧ 后五位 ①③⑤⑦⑨)
        "前四位", "前五位", "前六位", "头四位", "头五位")
    middle_labels: ClassVar[tuple[str, ...]] = ("中间", "中间四位", "接着", "然后", "再是", "第二段")
    last_labels: ClassVar[tuple[str, ...]] = (
        "末尾", "尾号", "尾数", "后四位", "后4位", "末四位", "末4位", "尾四位", "尾4位", "最后", "最后四位", "结尾",
        "后面", "第三段", "再后面", "剩下的是", "剩下", "其余", "后四", "后4", "末四", "末4", "尾四", "尾4",
        "后三位", "后五位", "后六位", "后七位", "末五位", "尾五位")
    # right after a piece, the label that makes it the first (一三八开头, ①⑧⑨打头)
    first_after: ClassVar[tuple[str, ...]] = ("开头", "打头")
    label_tail: ClassVar[str] = "是为:"       # 末尾是5619, 尾号:5619
    units: ClassVar[str] = "元块角件个只张盒瓶袋箱份单号楼栋层室年月日次天周岁斤克米位万千百%"
    # Before a piece, a word that makes it a price, a count or another number (the digit view
    # has dropped ￥: 价格￥138 is 价格138 there).
    not_pieces: ClassVar[tuple[str, ...]] = (
        "价格", "价", "金额", "售价", "原价", "现价", "库存", "共", "合计", "总计", "数量", "编号", "单号",
        "订单号", "运单号", "快递单号", "验证码", "邮编", "房间", "门牌")
    currency: ClassVar[str] = "￥¥$"
    near, near_labelled, near_aside = 6, 12, 14  # characters between pieces

    # Where a sentence may hold one: a phone word or a label (in the digit view).
    prefilter = "|".join(map(_fold_numerals, phone_words + first_labels + middle_labels + last_labels))
    # (前三186 is 前3186 in the digit view: the count of a label ending in a numeral is no digit of
    # the piece after it)
    _piece = lazyre.compile(r"(?<=[前头][37])\d{3,}|(?<=[前头])(?![37]\d{3})\d{3,}|(?<=后4)\d{4}(?!\d)|(?<=后)(?!4\d{4}(?!\d))\d{3,}"
                            r"|(?<![前头后])\d{3,}|([2-9])个(\d)")

    def __init__(self):
        super().__init__()
        alt = lambda words: "|".join(sorted({re.escape(_fold_numerals(w)) for w in words}, key=len, reverse=True))
        # Compiled on first use, as the base class's patterns: only a message with a phone word
        # or a label gets this far.
        self._phone = lazyre.compile("|".join(map(re.escape, self.phone_words)))
        # A label right before a piece (the window ends where the piece starts); N位 after any
        # label gives the length: 末尾四位5619, 中间那四位是2047.
        self._label = lazyre.compile(f"(?:(?P<first>{alt(self.first_labels)})|(?P<middle>{alt(self.middle_labels)})"
                                     f"|(?P<last>{alt(self.last_labels)}))(?:[那这的]?\\d位)?[{self.label_tail}]?"
                                     f"(?:[^\\d;,]{{1,6}}?[{self.label_tail}]?)?$")   # 中间是我生日0812, 中间四位就是今年年份2025
        self._unit = frozenset(self.units)
        self._currency = frozenset(self.currency)
        self._not_piece = lazyre.compile(f"(?:{alt(self.not_pieces)})[{self.label_tail}]?$")
        self._joins = tuple(_fold_numerals(j) for j in self.joins)   # the digit view's 连1起
        self._opening = lazyre.compile(f"(?:{alt(self.middle_labels + self.last_labels)})")

    @classmethod
    def gate(cls, digits: str) -> str:
        """For the engine's digit gate on the folded view (numerals as written): matches just
        after the first numeral of a run (`digits` is the inside of its character class) when
        a piece label stands right before it (开头是1…, 后四位五…), so a number told in labelled
        pieces gets the digit view with no phone word about. Meant to follow the gate's
        "start of a run" lookbehinds, so it costs one lookbehind per run of numerals; then the
        labels, grouped by their last character, each a fixed-width lookbehind."""
        variants: dict[str, set[str]] = {}
        for label in cls.first_labels + cls.middle_labels + cls.last_labels:
            for word in {label, _fold_numerals(label)}:
                for tail in [""] if word.endswith("位") else ["", f"[{digits}]位"]:   # 末尾四位
                    for end in [""] + list(cls.label_tail):
                        last = end or ("位" if tail else word[-1])
                        variants.setdefault(last, set()).add(re.escape(word) + tail + re.escape(end))
        branches = "|".join(f"(?<={re.escape(c)}.)(?:" + "|".join(f"(?<={v}.)" for v in sorted(vs)) + ")"
                            for c, vs in sorted(variants.items()))
        return f"(?<=[{re.escape(''.join(sorted(variants)))}].)(?:{branches})"

    # "Put them together": a number hidden as a house number, a year and a birthday, each told
    # as something else (先写门牌号137，再写开业年份2019，最后是人均0688，连一起打过来): with
    # such words and a call in the sentence, its pieces in order are read whatever they pose as.
    # (138后面接上今天日期20240615, 159 开头 后面是我生日 08月27日 再加 4613: one piece, then
    # what to add after it)
    joins: ClassVar[tuple[str, ...]] = ("连起来", "连一起", "连在一起", "拼起来", "拼一起", "拼在一起",
                                        "合起来", "合在一起", "按顺序", "串起来", "后面接", "后面跟", "接上",
                                        "再加", "后面加")
    calls: ClassVar[tuple[str, ...]] = ("拨", "打", "call", "加", "联系", "找", "电话", "手机")
    _joined_piece = lazyre.compile(r"([1-9])个(\d)|\d+")

    def analyze(self, view):
        yield from self._split(view)
        if any(j in view for j in self._joins):
            yield from self._joined(view)

    def _joined(self, view):
        lo = 0
        for hi in [*(i for i, ch in enumerate(view) if ch == ";"), len(view)]:
            if any(view.find(j, lo, hi) >= 0 for j in self._joins) and any(view.find(c, lo, hi) >= 0 for c in self.calls):
                runs = [(m.start(), m.end(), m.group(2) * int(m.group(1)) if m.group(1) else m.group())
                        for m in self._joined_piece.finditer(view, lo, hi)][:12]
                for i in range(len(runs)):
                    digits = ""
                    for j in range(i, len(runs)):
                        digits += runs[j][2]
                        if len(digits) > 11:
                            break
                        if j > i and len(digits) == 11 and re.match(r"1[3-9]", digits) and _valid_cn(digits):
                            yield Match(self.rule, runs[i][0], runs[j][1], digits, 0.7, self.kind)
                            return
            lo = hi + 1

    def _continues(self, view: str, at: int) -> bool:
        """The sentence at `at` opens with a label that goes on from the one before (一三八开头。
        后面是 二七六五 四一零九): the number runs across the full stop."""
        return self._opening.match(view, at) is not None

    def _split(self, view):
        seen = set()
        for ctx in self._pre.finditer(view):
            lo = view.rfind(";", 0, ctx.start()) + 1
            hi = view.find(";", ctx.end())
            hi = len(view) if hi < 0 else hi
            # (区号是0571。后面八位是 8876 5432: sentences that go on from the one before are one)
            while hi < len(view) and self._continues(view, hi + 1):
                nxt = view.find(";", hi + 1)
                hi = len(view) if nxt < 0 else nxt
            while lo > 0 and self._continues(view, lo):
                lo = view.rfind(";", 0, lo - 1) + 1
            if lo in seen:
                continue
            seen.add(lo)
            # (我手机号你记一下。一八八。后面是…: the phone word may stand one sentence before)
            before = view.rfind(";", 0, max(0, lo - 1)) + 1 if lo else lo
            phone = self._phone.search(view, before, hi) is not None
            pieces = []
            for m in self._piece.finditer(view, lo, hi):
                if ((m.end() < hi and view[m.end()] in self._unit)
                        or (m.start() > lo and view[m.start() - 1] in self._currency)
                        or self._not_piece.search(view, max(lo, m.start() - 6), m.start())):
                    continue  # 138元, 2047件, 5号楼, ￥138, 价格138: not a piece of a number
                pieces.append(_Piece(m, view, lo, self._label, self.first_after))
            pieces = pieces[:6]
            if len(pieces) < 2 or any(len(p.digits) >= 11 for p in pieces):
                continue  # a whole number is the plain detector's; one piece is not split
            match = self._assemble(pieces, phone) or self._qq(view, before, hi, pieces)
            if match:
                yield match

    # (扣扣号拆开发 前四位 ②④⑥⑧ 后五位 ①③⑤⑦⑨ 连起来就是: a QQ number told in labelled pieces)
    qq_words: ClassVar[tuple[str, ...]] = ("qq", "扣扣", "企鹅号", "q号", "抠抠", "蔻蔻", "球球号")

    def _qq(self, view: str, lo: int, hi: int, pieces: list["_Piece"]) -> Match | None:
        """Pieces all labelled, in their labels' order, that make a QQ number (5 to 11 digits, no
        leading 0), in a sentence that names QQ."""
        if not all(p.labelled for p in pieces) or not any(view.find(w, lo, hi) >= 0 for w in self.qq_words):
            return None
        order = sorted(pieces, key=lambda p: p.place)
        digits = "".join(p.digits for p in order)
        if 5 <= len(digits) <= 11 and digits[0] != "0" and any(p.place for p in pieces):
            return Match("contact.platform_id", pieces[0].start, pieces[-1].end, digits, 0.75, "QQ号（分段）")
        return None

    def _assemble(self, pieces: list["_Piece"], phone: bool) -> Match | None:
        index = {id(p): i for i, p in enumerate(pieces)}
        for combo in _subsequences(pieces):
            if not phone and not (all(p.labelled for p in combo) and any(p.place for p in combo)):
                continue  # no phone word: only pieces all told as pieces (not 尾号5619 … 138元)
            if any(b.start - a.end > max(self.near_labelled if b.labelled else self.near,
                                         self.near_aside if index[id(b)] - index[id(a)] > 1 else 0)
                   for a, b in zip(combo, combo[1:])):
                continue
            orders = [combo] if phone else []
            if any(p.place for p in combo):
                orders.append(sorted(combo, key=lambda p: p.place))  # stable: text order within
            for order in orders:
                digits = "".join(p.digits for p in order)
                if len(digits) == 11 and re.match(r"1[3-9]", digits) and _valid_cn(digits):
                    return Match(self.rule, combo[0].start, combo[-1].end, digits, 0.75, self.kind)
                # 021后面64382291, 区号0571，后面是 8823 和 6410: an area code and the line, apart,
                # after a phone word
                if phone and len(combo) in (2, 3) and digits[0] == "0" and 10 <= len(digits) <= 12 \
                        and len(order[0].digits) in (3, 4) and _valid_in(digits, "CN"):
                    return Match("contact.landline", combo[0].start, combo[-1].end, digits, 0.75, "座机（分段）")
        return None


class _Piece:
    """A run of digits, or N个D spelled out; place -1 if labelled as the start, 1 as the end,
    0 otherwise (labelled as the middle, or not labelled)."""

    __slots__ = ("start", "end", "digits", "place", "labelled")

    def __init__(self, m: re.Match, view: str, lo: int, label: re.Pattern, first_after: tuple[str, ...] = ()):
        self.start, self.end = m.span()
        self.digits = m.group(2) * int(m.group(1)) if m.group(1) else m.group()
        lab = label.search(view, max(lo, self.start - 12), self.start)
        n = re.search(r"(\d)位", lab.group()) if lab else None
        if lab and (n is None or int(n.group(1)) == len(self.digits)):
            self.labelled = True
            self.place = -1 if lab.group("first") else 1 if lab.group("last") else 0
        elif view.startswith(first_after, self.end):
            self.labelled, self.place = True, -1   # 一三八开头: the label after the piece
        else:
            self.labelled, self.place = False, 0


def _subsequences(runs):
    """Consecutive runs, and runs with one left out (an aside: 一三八（不是一八三）…)."""
    n = len(runs)
    for i in range(n):
        for j in range(i + 2, n + 1):
            yield runs[i:j]
            for k in range(i + 1, j - 1):
                yield runs[i:k] + runs[k + 1:j]


# A number told in pieces needs no long run: a phone word (手机, 电话 …) or a piece label before
# a run of numerals opens the digit view.
SplitMobileDetector.folded_gate = (
    _RUN, (DIGITS, f"(?<![{DIGITS}].){SplitMobileDetector.gate(DIGITS)}"),
    ("手", "机"), ("电", "话"), ("号", "码"), ("找", "我"), ("打", "给?我"), ("c", "all"),
    ("连", "[起一在]"), ("拼", "[起一在]"), ("合", "[起在]"), ("按", "顺序"), ("串", "起"))


class SearchIdDetector(Detector):
    """搜索 lqx8826: a search for a meaningless handle points to an account elsewhere (a
    Douyin rule names exactly this). 搜索抖音号 … names the platform's own search and is not it."""

    rule, kind, category, grade = "diversion.search_id", "搜索账号", "diversion", "pointer"
    prefilter = r"搜(?:索|一搜?|这个|一下)?:?[a-z0-9]{5}"
    folded_gate = (("搜", ""),)
    patterns = (Pattern("search-id", r"搜(?:索|一搜|这个|一下)?:?([a-z][a-z0-9]{2,19}\d{2,}|[1-9]\d{4,10})(?![a-z0-9])", 0.7),)
    group = 1


class BankCardDetector(Detector):
    """A bank card number given to be paid into (直接给我打钱 账号是 6228 4801 2345 6789 012,
    卡号6217…): money sent to a card is a trade off the platform. 16 to 19 digits with a card
    prefix (62 UnionPay, 4, 5), right behind a word for the account or the transfer; an order or
    tracking number has its own label (订单号, 运单号) and none of these."""

    rule, kind, category, grade = "diversion.bank_card", "银行卡号", "diversion", "diversion"
    prefilter = r"(?:卡|账|帐|户|款|钱)[^0-9;,]{0,6}?(?:62|4|5)\d{14}"
    # (keyed from the account's own words: 打/转 open too many words, and a run of 16 to 19
    # digits alone is as often an order number)
    folded_gate = (("卡", "号"), ("账", "[号户]"), ("帐", "[号户]"), ("户", "口"), ("银", "行卡"))
    patterns = (Pattern("card", r"(?:卡号|账号|帐号|银行卡|账户|帐户|户口|打款|打钱|转账|转帐|转钱|汇款)"
                                r"[^0-9;,]{0,6}?((?:62|4|5)\d{14,17})(?![0-9])", 0.9),)
    group = 1


class RegionalMobileDetector(Detector):
    """Hong Kong / Macau mobiles (8 digits: 6123 8899), Taiwan ones (0912 345 678) and Malaysian
    ones after +60 (+60 16-234 5678), which Cantonese, Taiwanese and Malaysian posts hand out as
    WhatsApp / LINE contacts. Eight digits alone are
    as often a date or an amount, so only behind a call or chat word (打, call, WhatsApp, 電話,
    搵, 聯絡 …; the fold writes 搵 as 揾) or a country code, and only what phonenumbers validates as a mobile."""

    rule, kind = "contact.mobile", "手机号（港澳台）"
    # Leading character classes, so `re` skips to candidates at C speed (see MobileDetector).
    prefilter = r"[015-9](?:(?<=[5689])\d{7}|(?<=0)[19]\d{8}|(?<=\+601)\d{8,9})"
    folded_gate = (_RUN,)
    _cue = lazyre.compile(r"(?:打|call|whatsapp|wa|ws|line|电话|手机|[搵揾]|联络|联系|致电|洽|tel|852|853|886|65|号码|短讯|讯息"
                          r"|转数快|fps|payme|paynow|signal|telegram"
                          r"|转[^,;]{0,8}?到)[^0-9]{0,3}$")   # (paying a person goes to their number: 转 S$25 到 8123 4567)
    # (+852 9012 3456: the digit view runs the country code into the number; with its + it may
    # stand before, not inside an order number 85290123456)
    patterns = (Pattern("hk-mo-mobile", r"([569](?:(?<![0-9][569])|(?<=\+85[23][569]))\d{7})(?![0-9])", 0.85),
                Pattern("tw-mobile", r"(0(?<![0-9]0)9\d{8})(?![0-9])", 0.85),
                Pattern("my-mobile", r"(1(?<=\+601)\d{8,9})(?![0-9])", 0.85),
                Pattern("my-local-mobile", r"(0(?<![0-9]0)1[0-9]\d{7,8})(?![0-9])", 0.85),
                # Singapore (PayNow 9012 3345): eight digits from 8 or 9, behind a cue
                Pattern("sg-mobile", r"([89](?<![0-9][89])\d{7})(?![0-9])", 0.85))
    group = 1

    # (有意 5678 1234 直接call, 9123 4567 whatsapp我: the call word may follow the number)
    _cue_after = lazyre.compile(r"[^0-9,;]{0,3}?(?:call|whatsapp|wa|ws|line|signal|telegram|打|致电|联络|联系|[搵揾]|短讯|讯息)")

    def validate(self, value, view, m):
        if value[0] == "1":   # behind +60: the country code is its cue
            return 1.0 if _mobile_in(value, "MY") else 0.0
        regions = ("TW",) if value.startswith("09") else ("MY",) if value.startswith("01") else ("HK", "MO", "SG")
        cue = self._cue.search(view, max(0, m.start(1) - 12), m.start(1))
        # (特別獎號碼 91732550: 号码 after a draw's label is the number drawn, no cue to call)
        if cue is not None and cue.group().startswith("号码") and view[max(0, cue.start() - 4):cue.start()].endswith(_DRAWN):
            cue = None
        if cue is None and not self._cue_after.match(view, m.end(1)):
            # No call word: a Taiwan mobile still counts printed in its own grouping
            # (0912-345-678 找陳師傅), and any behind a phone sign (📱 5678 1234), which
            # as_written checks on the text as typed (the views drop signs and separators).
            return _UNCUED if value[:2] != "01" and any(_mobile_in(value, r) for r in regions) else 0.0
        return 1.0 if any(_mobile_in(value, r) for r in regions) else 0.0

    def as_written(self, text, start, end, match):
        if match.score != _UNCUED:
            return True
        if _TW_GROUPED.fullmatch(text, start, end) is not None:
            return True
        before = text[max(0, start - 4):start]
        return any(sign in before for sign in _PHONE_SIGNS)


_DRAWN = _G.seq("drawn_labels")
_COMPANY_SUFFIXES = _G.words("company_suffixes")
# A score that marks an uncued Taiwan mobile, kept only in the national grouping 09xx-xxx-xxx
# (dashes, spaces or dots, 4-3-3, or 4-6 with a dash): order and model numbers are not written so.
_UNCUED = 0.6
_PHONE_SIGNS = ("📱", "📞", "☎", "📲", "☏")
_TW_GROUPED = lazyre.compile(r"09\d\d(?:([-\s.])\d{3}\1\d{3}|-\d{6})")


_CALLABLE_SHAPE = lazyre.compile(r"0[1-9]\d{1,2}\d{7,8}|1[3-9]\d{9}")


# (請致電西九龍總區重案組3661 7412: the office the reader is to call may stand between, numerals
# in its name read as digits, 西9龍)
_OFFICE_ENDS = re.escape("".join(sorted(_G.chars("office_ends"))))


class CalledNumberDetector(Detector):
    """A number right after a call word or label (可拨打12315, 欢迎来电洽询 (02)2736-5188, 致电 95511,
    聯絡 2691 8830,
    Cantonese 可以打 2388 5176, 查詢：2835 1473, 電話 2123 4567, tel: 2123 4567; Singapore and
    Malaysia: 直接 text 9187 2634, WhatsApp 012-345 6789):
    whatever its length or country, a number the reader is told to call. Service numbers of
    five digits and numbers phonenumbers validates in CN, HK, MO, TW, SG or MY; only behind the word."""

    rule, kind = "contact.phone", "电话"
    prefilter = r"[拨致来洽查电请tc热专打联sw](?:(?<=拨)|(?<=[致来请])电|(?<=[洽查])询|(?<=电)[话洽]|(?<=t)(?<![a-z]t)e(?:l|xt)|(?<=s)(?<![a-z]s)ms|(?<=w)(?<![a-z]w)hats?app|(?<=c)all|(?<=[热专])线|(?<=联)[络系]|(?<=打)(?:咗|去|过)?\d|(?<=打)[去给俾][^0-9;,]{0,6}?\d)"
    # 可拨打12315, 防騙易熱線18222, 致电95511: a service line is short, so its words open the view
    folded_gate = (_RUN, ("拨", ""), ("热", "线"), ("专", "线"), ("致", "电"))
    patterns = (Pattern("called", r"(?:[拨致来洽查电请tc热专联sw](?:(?<=拨)打?|(?<=[致来请])电|(?<=[洽查])询|(?<=电)[话洽]|(?<=t)(?<![a-z]t)e(?:l|xt)|(?<=s)(?<![a-z]s)ms|(?<=w)(?<![a-z]w)hats?app|(?<=c)all|(?<=[热专])线|(?<=联)[络系])"
                                  rf"(?:[^0-9;,]{{0,6}}?|[^;,]{{7,12}}?[{_OFFICE_ENDS}])"
                                  r"|(?<![0-9a-z])打(?:咗|去|过)?(?=\d{6})|(?<![0-9a-z])打[去给俾][^0-9;,]{0,6}?(?=\d{6}))(\d{5,12})(?!\d)", 0.85),)   # 打去我們公司 (02) 2712-3456
    group = 1
    # (打 opens a number of six digits or more: the digit gate, a run of 6–12, lets those through,
    # and 打10086查了一下 is a carrier's line called, not given)

    def validate(self, value, view, m):
        if len(value) <= 6:
            # (after call/tel/text a short number is a code, CALL轮16947 a warrant: service lines are
            # told to call in Chinese, 致电95511)
            if m.group(0)[:1].isascii() and m.group(0)[:1].isalpha():
                return 0.0
            return 1.0 if value[0] in "19" else 0.0   # 12315, 95511, 10086: service lines
        if any(_valid_in(value, r) for r in ("CN", "HK", "MO", "TW", "SG", "MY")):
            return 1.0
        if view[m.start(1) - 1:m.start(1)] == "+" and _valid_in("+" + value, None):
            return 1.0   # 领事保护电话+254-20-2726851: a number with its country code
        # Told to call it, a number shaped like a mainland landline or mobile is one, even where
        # the numbering plan has no such line (拨 0758-2291 6688): the reader is still sent there.
        return 0.9 if _CALLABLE_SHAPE.fullmatch(value) else 0.0


class ReversedMobileDetector(Detector):
    """A mobile written backwards, the reader told to turn it round (号码倒着写的：8765 4321 831，
    反过来就是): eleven digits that make a valid mobile read from the end, with a word of
    reversing at most 16 characters away."""

    rule, kind = "contact.mobile", "手机号（倒写）"
    prefilter = r"倒过来|倒着|反过来|反着|倒序|逆序|倒写|从后往前|反向"
    folded_gate = (_RUN,)
    patterns = (Pattern("reversed", r"(?<!\d)(\d{11})(?!\d)", 0.85),)
    group = 1
    _near = lazyre.compile(prefilter)

    def validate(self, value, view, m):
        if not self._near.search(view, max(0, m.start(1) - 16), m.end(1) + 16):
            return 0.0
        if view[max(0, m.start(1) - 4):m.start(1)].rstrip(":是为").endswith(("单号", "编号", "订单", "卡号")):
            return 0.0   # 订单号87654321831: the number has a name of its own
        back = value[::-1]
        return 1.0 if back[0] == "1" and back[1] in "3456789" and _valid_cn(back) else 0.0


@functools.lru_cache(maxsize=1024)
def _valid_in(number: str, region: str | None) -> bool:
    import phonenumbers
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


class InternationalNumberDetector(Detector):
    """A number written with its country code after a plus (+66 81 234 5678, +44 20 7946 0958):
    the plus says it is a telephone number, so no call word is needed; phonenumbers decides
    whether it is a real one. Mainland, Hong Kong, Macau, Taiwan and Malaysian numbers have
    their own detectors, which read them without the plus too."""

    rule, kind = "contact.phone", "电话（国际）"
    prefilter = r"\+[1-9]\d{7}"
    folded_gate = (_RUN,)
    patterns = (Pattern("intl", r"\+([1-9]\d{7,14})(?![0-9])", 0.9),)
    group = 1

    def validate(self, value, view, m):
        # (Regional detectors read +852/+853/+886/+60 mobiles without the plus too; with it,
        # any valid number of the region counts: +853 2888 1234 is a Macau landline. Mainland
        # numbers are the mobile and landline detectors' own.)
        if value.startswith("86"):
            return 0.0
        return 1.0 if _valid_in("+" + value, None) else 0.0


_NUMBER_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
                 "six": "6", "seven": "7", "eight": "8", "nine": "9",
                 "ling": "0", "dong": "0", "yao": "1", "yi": "1", "er": "2", "liang": "2", "san": "3", "si": "4",
                 "wu": "5", "liu": "6", "qi": "7", "guai": "7", "ba": "8", "jiu": "9", "gou": "9"}
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))


class SpelledNumberDetector(Detector):
    """A mobile spelled in English or pinyin number words (one three eight, zero zero one one …;
    yao san jiu ling ling …): eleven words in a row that make a valid mainland mobile. Words of
    another script carry the digits past any digit filter; nothing else reads eleven of them
    in a row as a number."""

    rule, kind, view = "contact.mobile", "手机号（拼写）", "wide"
    # Its own gate: eleven words apart take ten spaces, and most texts have fewer
    # (in the view's shared trigger, any Latin word would cost a try of the whole alternation).
    own_gate = True
    # (it starts at a separator, a leading class `re` skips to at C speed)
    prefilter = rf"(?i)[\s,](?:(?:{_NUMBER_WORD})[\s,.·-]{{1,3}}){{5}}(?:{_NUMBER_WORD})"
    patterns = (Pattern("spelled", rf"(?i)(?<![a-z])(?:(?:{_NUMBER_WORD})(?:[\s,.·-]{{1,3}}|(?![a-z]))){{11,12}}", 0.85),)
    _word = lazyre.compile(rf"(?i){_NUMBER_WORD}")

    def wanted(self, text):
        return text.count(" ") >= 10

    def analyze(self, view):
        if not self._pre.search(view):
            return
        for _, rx in self._compiled:
            for m in rx.finditer(view):
                digits = "".join(_NUMBER_WORDS[w.lower()] for w in self._word.findall(m.group()))
                if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789" and _valid_cn(digits):
                    end = m.end()
                    while end > m.start() and not view[end - 1].isalpha():
                        end -= 1
                    yield Match(self.rule, m.start(), end, digits, 0.85, self.kind)


class HandleDetector(Detector):
    """An @handle right after a verb that sends the reader to it (搜 @hx_channel_88, 入群搵
    @hkgoods_group, 追蹤我 @xiaomei.daily, IG 私訊我 @chloe.daily) or after an ID label (id是
    @makeup.by.yuki): an account to find, whatever the platform. Not an e-mail (the @ follows a
    space, the verb or the label, not a name)."""

    rule, kind, view = "contact.handle", "账号", "wide"
    prefilter = r"[@＠][A-Za-z]"
    starts = (("@＠", "A-Za-z"),)
    patterns = (Pattern("handle", r"(?:搜[索寻尋]?|[搵揾]|找|加|追[踪蹤]我?|关注我?|關注我?|私[信讯訊]我?|follow|search|add|dm|DM"
                                  r"|(?:[iI][dD]|账号|帐号|帳號)[是为叫係]?"
                                  # (tele 我 @sgdeals_hunter, IG @chloe.daily: a channel, then the account on it)
                                  r"|(?:(?i:tele(?:gram)?|tg|ig|instagram|threads|whatsapp|wa|line|facebook|fb)|脸书|臉書|推特|赖|賴)\s?(?:我|me)?)"
                                  # (去follow下 @lilyhandmade.hk: a softener after the verb)
                                  r"(?:一下|下|吓|埋)?[\s:：]{0,3}[@＠]([A-Za-z][A-Za-z0-9_.]{2,31})(?<![.])(?![A-Za-z0-9_@])", 0.85),)
    group = 1


def default_registry() -> Registry:
    return (Registry()
            .register(MobileDetector())
            .register(SplitMobileDetector())
            .register(ReversedMobileDetector())
            .register(RegionalMobileDetector())
            .register(CalledNumberDetector())
            .register(InternationalNumberDetector())
            .register(LandlineDetector())
            .register(TaiwanLandlineDetector())
            .register(EmailDetector())
            .register(UrlDetector())
            .register(TaoPasswordDetector())
            .register(SearchIdDetector())
            .register(BankCardDetector())
            .register(SpelledNumberDetector())
            .register(HandleDetector()))
