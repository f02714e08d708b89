"""Contact data: numbers, addresses and links that take a buyer off the platform."""
from __future__ import annotations

import functools
import re

import phonenumbers

from .base import Detector, Match, Pattern, Registry


@functools.lru_cache(maxsize=4096)
def _valid_cn(number: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


class MobileDetector(Detector):
    """1[3-9]xxxxxxxxx, however it was written (幺三九, ①③⑨, 139 1234 5678, +86…)."""

    rule, kind = "contact.mobile", "手机号"
    prefilter = r"1[3-9]\d{9}"
    # Not right after another digit, unless after a bare 86 (8613912345678). The lookbehinds
    # come after the leading 1, so `re` can skip to the 1s at C speed: a pattern that opens
    # with a lookbehind is tried at every position of a 20-digit order number.
    patterns = (Pattern("cn-mobile", r"(1(?:(?<![0-9]1)|(?<=861)(?<![0-9]861))[3-9]\d{9})(?![0-9])"),)
    group = 1

    def validate(self, value, view, m):
        return 1.0 if _valid_cn(value) else 0.0


class LandlineDetector(Detector):
    """Area code + local number (010-12345678, (0755)1234567) and 400/800 service lines."""

    rule, kind = "contact.landline", "座机"
    prefilter = r"[048]\d{6}"
    patterns = (
        Pattern("cn-landline", r"(0(?<![0-9a-z]0)[1-9]\d{1,2}\d{7,8})(?![0-9])", 0.9),
        Pattern("cn-400", r"([48](?<![0-9a-z][48])00\d{7})(?![0-9])", 0.9),
    )
    group = 1

    def validate(self, value, view, m):
        if value[0] in "48":
            return 1.0
        return 1.0 if _valid_cn(value) else 0.0


class EmailDetector(Detector):
    rule, kind, view = "contact.email", "邮箱", "wide"
    # hf_service#163.com, abc(at)qq.com, abc[at]qq[dot]com: the @ written so a filter misses it.
    prefilter = r"(?i)@|#|\(at\)|\[at\]|艾特"
    starts = (("@#", ""), ("艾", "特"), (r"(\[", "aA"))
    patterns = (Pattern("email", r"(?i)(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}\s?(?:@|#|\(at\)|\[at\]|艾特)\s?"
                                 r"[A-Za-z0-9-]+(?:(?:\.|\(dot\)|\[dot\]|点)[A-Za-z0-9-]+)*(?:\.|\(dot\)|\[dot\]|点)(?:"
                                 + "com|cn|net|org|edu|gov|top|vip|me|io|co|cc|xyz|info" + r")(?![A-Za-z])"),)


_TLDS = "com|cn|net|org|top|xyz|cc|vip|shop|store|link|me|io|co|info|site|online|club|ltd|tv|ink|wang|fun|ly|gl|im|la|in|to"
_SHORTENERS = ("t.cn", "dwz.cn", "url.cn", "suo.im", "bit.ly", "tinyurl.com", "is.gd", "m.tb.cn",
               "e.tb.cn", "s.click.taobao.com", "u.jd.com", "3.cn", "mrw.so", "w.url.cn", "c.tb.cn")


class UrlDetector(Detector):
    """http(s) links, bare domains (abc.com/x) and short links (t.cn/xyz)."""

    rule, kind, view = "contact.url", "链接", "wide"
    prefilter = r"(?i)https?:|www|(?:[.。点]|\(dot\)|\[dot\])\s{0,2}(?:" + _TLDS + r")(?![a-z])"
    starts = (("hH", "tT"), ("wW", "wW"), (".。点", r"\sa-zA-Z"), (r"(\[", "dD"))
    patterns = (
        Pattern("url", r"(?i)(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff\"'<>]+"),
        Pattern("bare-domain", r"(?i)(?<![A-Za-z0-9@._-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\s{0,2}\.\s{0,2})+(?:"
                + _TLDS + r")(?![a-z0-9])(?:/[A-Za-z0-9._~%/?#=&+-]*)?", 0.9),
        # abc。com, xuexi123点com, shop(dot)cn are written to dodge link filters; a sentence end
        # before an English word (good。VIP) is not, so only the common TLDs, in lower case.
        Pattern("spelled-domain", r"(?<![A-Za-z0-9@._-])(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\s{0,2}(?:[.。点]|\(dot\)|\[dot\])\s{0,2})+"
                r"(?:com|cn|net|top|org|xyz|cc|vip)(?![a-zA-Z0-9])(?:/[A-Za-z0-9._~%/?#=&+-]*)?", 0.85),
    )

    def validate(self, value, view, m):
        v = value.lower()
        host = re.sub(r"。|点|\(dot\)|\[dot\]", ".", re.sub(r"\s", "", re.sub(r"^(?:https?://)", "", v))).split("/")[0]
        if re.fullmatch(r"[\d.]+", host.rsplit(".", 1)[0]) and not v.startswith(("http", "www")):
            return 0.0  # 1.5.cn? a version or price, not a host
        return 1.0


class TaoPasswordDetector(Detector):
    """淘口令: a share code between currency-like signs, ￥Xy12AbC9￥ / €…€ / (…)."""

    rule, kind, view = "contact.taokouling", "淘口令", "wide"
    prefilter = r"[￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/(（]\s{0,2}[A-Za-z0-9]{8}"
    starts = (("￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/(（", r"\sA-Za-z0-9"),)
    patterns = (Pattern("tkl", r"([￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/(（])\s{0,2}([A-Za-z0-9]{8,14})\s{0,2}([￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/)）])"),)
    group = 2

    def validate(self, value, view, m):
        if not (re.search(r"[A-Za-z]", value) and re.search(r"\d", value)) and not re.search(r"[A-Z].*[a-z]|[a-z].*[A-Z]", value):
            return 0.0  # ￥12345678￥ or (abcdefgh): not a share code
        open_, close = m.group(1), m.group(3)
        if open_ in "(（/" and close not in ")）/":
            return 0.0
        return 1.0


class SplitMobileDetector(Detector):
    """我手机前七位139 2048，后四位是8866 / 幺五八，洞洞三四，五六七八 找我: a mobile written in
    pieces. Only in a sentence that says 手机/电话/号码/找我/打给我, pieces of 3+ digits (or a
    repeat said in words: 中间四个6 = 6666) at most six characters apart, which in order
    (skipping at most one: an aside) make a valid mobile. A piece marked as the end (尾号5619,
    后四位) or the start (前面是138) goes there, whatever its place in the sentence."""

    rule, kind = "contact.mobile", "手机号（分段）"
    prefilter = r"手机|电话|号码|找我|打给我|打我|call"
    _context = re.compile(prefilter)
    _piece = re.compile(r"\d{3,}|([2-9])个(\d)")
    _last = re.compile(r"(?:尾号|尾数|后四位|后4位|最后|末尾|后面)[是为:]?$")
    _first = re.compile(r"(?:前面|开头|前三位|前3位|前七位|前7位)[是为:]?$")

    def analyze(self, view):
        seen = set()
        for ctx in self._context.finditer(view):
            lo = view.rfind(";", 0, ctx.start()) + 1
            hi = view.find(";", ctx.end())
            hi = len(view) if hi < 0 else hi
            if lo in seen:
                continue
            seen.add(lo)
            pieces = [_Piece(m, view, self._first, self._last) for m in self._piece.finditer(view, lo, hi)][:6]
            if len(pieces) < 2 or any(len(p.digits) >= 11 for p in pieces):
                continue  # a whole number is the plain detector's; one piece is not split
            for combo in _subsequences(pieces):
                # pieces at most 6 characters apart; 14 where an aside was skipped
                if any(b.start - a.end > (14 if pieces.index(b) - pieces.index(a) > 1 else 6)
                       for a, b in zip(combo, combo[1:])):
                    continue
                orders = [combo]
                if any(p.place for p in combo):
                    orders.append(sorted(combo, key=lambda p: p.place))  # stable: text order within
                for order in orders:
                    digits = "".join(p.digits for p in order)
                    if len(digits) == 11 and re.match(r"1[3-9]", digits) and _valid_cn(digits):
                        yield Match(self.rule, combo[0].start, combo[-1].end, digits, 0.75, self.kind)
                        break
                else:
                    continue
                break


class _Piece:
    """A run of digits, or N个D spelled out; place -1 if marked as the start, 1 as the end."""

    __slots__ = ("start", "end", "digits", "place")

    def __init__(self, m: re.Match, view: str, first: re.Pattern, last: re.Pattern):
        self.start, self.end = m.span()
        self.digits = m.group(2) * int(m.group(1)) if m.group(1) else m.group()
        before = view[max(0, self.start - 5):self.start]
        self.place = 1 if last.search(before) else -1 if first.search(before) else 0


def _subsequences(runs):
    """Consecutive runs, and runs with one left out (an aside: 一三八（不是一八三）…)."""
    n = len(runs)
    for i in range(n):
        for j in range(i + 2, n + 1):
            yield runs[i:j]
            for k in range(i + 1, j - 1):
                yield runs[i:k] + runs[k + 1:j]


class SearchIdDetector(Detector):
    """搜索 lqx8826: a search for a meaningless handle points to an account elsewhere (a
    Douyin rule names exactly this). 搜索抖音号 … names the platform's own search and is not it."""

    rule, kind, category, grade = "diversion.search_id", "搜索账号", "diversion", "pointer"
    prefilter = r"搜[索一]?搜?:?[a-z0-9]{5}"
    patterns = (Pattern("search-id", r"搜(?:索|一搜)?:?([a-z][a-z0-9]{2,19}\d{2,}|[1-9]\d{4,10})(?![a-z0-9])", 0.7),)
    group = 1


def default_registry() -> Registry:
    return (Registry()
            .register(MobileDetector())
            .register(SplitMobileDetector())
            .register(LandlineDetector())
            .register(EmailDetector())
            .register(UrlDetector())
            .register(TaoPasswordDetector())
            .register(SearchIdDetector()))
