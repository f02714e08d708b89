"""Contact data: numbers, addresses and links that take a buyer off the platform."""
from __future__ import annotations

import functools
import re

import phonenumbers

from .base import Detector, Pattern, Registry


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
    patterns = (Pattern("cn-mobile", r"(?<![0-9])(?:86)?(1[3-9]\d{9})(?![0-9])"),)
    group = 1

    def validate(self, value, view, m):
        return 1.0 if _valid_cn(value) else 0.0


class LandlineDetector(Detector):
    """Area code + local number (010-12345678, (0755)1234567) and 400/800 service lines."""

    rule, kind = "contact.landline", "座机"
    prefilter = r"[048]\d{6}"
    patterns = (
        Pattern("cn-landline", r"(?<![0-9a-z])(0[1-9]\d{1,2}\d{7,8})(?![0-9])", 0.9),
        Pattern("cn-400", r"(?<![0-9a-z])([48]00\d{7})(?![0-9])", 0.9),
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
    patterns = (
        Pattern("url", r"(?i)(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff\"'<>]+"),
        # www . shop . net, abc。com and xuexi123点com are written to dodge link filters.
        Pattern("bare-domain", r"(?i)(?<![A-Za-z0-9@._-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\s{0,2}(?:[.。点]|\(dot\)|\[dot\])\s{0,2})+(?:"
                + _TLDS + r")(?![a-z0-9])(?:/[A-Za-z0-9._~%/?#=&+-]*)?", 0.9),
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
    patterns = (Pattern("tkl", r"([￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/(（])\s{0,2}([A-Za-z0-9]{8,14})\s{0,2}([￥¥$€£₴₳₤¢₰₵₲₱₭₸₮₩₦₫₹/)）])"),)
    group = 2

    def validate(self, value, view, m):
        if not (re.search(r"[A-Za-z]", value) and re.search(r"\d", value)) and not re.search(r"[A-Z].*[a-z]|[a-z].*[A-Z]", value):
            return 0.0  # ￥12345678￥ or (abcdefgh): not a share code
        open_, close = m.group(1), m.group(3)
        if open_ in "(（/" and close not in ")）/":
            return 0.0
        return 1.0


def default_registry() -> Registry:
    return (Registry()
            .register(MobileDetector())
            .register(LandlineDetector())
            .register(EmailDetector())
            .register(UrlDetector())
            .register(TaoPasswordDetector()))
