"""Platform profiles: which channels are home, how severe each kind of finding is, what to
write instead, and the broadcast limits. Users add or override profiles in their config file."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .broadcast.limits import DEFAULT_LIMITS
from .errors import ConfigError, UnknownPlatform

SEVERITIES = ("block", "review", "pass")
# Finding kinds a profile can grade; "pass" switches a kind off.
KINDS = ("competitor", "diversion", "invite", "pointer", "contact", "platform_id")

_DEFAULT_SEVERITY = {"competitor": "review", "diversion": "block", "invite": "block", "pointer": "review",
                     "contact": "block", "platform_id": "block"}
_DEFAULT_LIMITS = DEFAULT_LIMITS   # one source: checker/broadcast/limits.py


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    home: frozenset[str] = frozenset()          # channel ids that are this platform's own
    home_domains: tuple[str, ...] = ()          # its own link domains
    severity: Mapping[str, str] = field(default_factory=lambda: dict(_DEFAULT_SEVERITY))
    dm: str = "进粉丝群"                        # what to write instead of an outside contact
    group: str = "粉丝群"
    shop: str = "店铺"
    limits: Mapping[str, Any] = field(default_factory=lambda: dict(_DEFAULT_LIMITS))
    # Who usually writes here. On a shop or social platform a message is a seller talking to
    # buyers, so a clause with no sign either way (淘宝上拍) reads as an instruction; in public
    # text (reviews, news, articles: `generic`) it reads as a story (在京东买东西很便宜).
    narrative: bool = False

    def grade(self, kind: str) -> str:
        return self.severity.get(kind, _DEFAULT_SEVERITY.get(kind, "review"))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "home": sorted(self.home),
                "home_domains": list(self.home_domains), "severity": dict(self.severity),
                "suggest": {"dm": self.dm, "group": self.group, "shop": self.shop},
                "broadcast": dict(self.limits), "narrative": self.narrative}


def _p(name, label, home, domains=(), severity=None, **kw) -> Profile:
    sev = dict(_DEFAULT_SEVERITY)
    sev.update(severity or {})
    return Profile(name, label, frozenset(home), tuple(domains), sev, **kw)


BUILTIN: dict[str, Profile] = {p.name: p for p in (
    _p("douyin", "抖音", {"douyin"}, ("douyin.com", "iesdouyin.com", "v.douyin.com"),
       dm="进粉丝群", group="抖音粉丝群", shop="小黄车/抖店"),
    _p("kuaishou", "快手", {"kuaishou"}, ("kuaishou.com", "v.kuaishou.com", "gifshow.com"),
       dm="进粉丝群", group="快手粉丝群", shop="快手小店"),
    _p("xiaohongshu", "小红书", {"xiaohongshu"}, ("xiaohongshu.com", "xhslink.com"),
       dm="私信我", group="小红书群聊", shop="小红书店铺"),
    _p("taobao", "淘宝", {"taobao", "alipay"}, ("taobao.com", "tmall.com", "tb.cn", "m.tb.cn", "e.tb.cn"),
       dm="旺旺联系客服", group="淘宝群", shop="本店"),
    _p("pinduoduo", "拼多多", {"pinduoduo"}, ("pinduoduo.com", "yangkeduo.com"),
       dm="拼多多客服", group="店铺群", shop="本店"),
    _p("jd", "京东", {"jd"}, ("jd.com", "3.cn", "u.jd.com"), dm="京东咚咚客服", group="店铺群", shop="本店"),
    _p("meituan", "美团", {"meituan"}, ("meituan.com", "dianping.com"),
       dm="美团内联系商家", group="店铺群", shop="本店"),
    _p("wechat", "微信", {"wechat", "wecom", "wechat_oa", "wechat_channels", "moments"},
       ("weixin.qq.com", "mp.weixin.qq.com", "wx.qq.com"),
       severity={"pointer": "pass", "invite": "pass"}, dm="私聊", group="微信群", shop="小程序"),
    _p("generic", "通用", set(), severity={"competitor": "pass"}, dm="站内私信", group="粉丝群", shop="店铺",
       narrative=True),
)}
DEFAULT_PLATFORM = "douyin"


class Profiles:
    """Built-in profiles plus the user's additions and overrides."""

    def __init__(self, overrides: Mapping[str, Mapping[str, Any]] | None = None, source: str = "config"):
        self._profiles = dict(BUILTIN)
        for name, spec in (overrides or {}).items():
            self._profiles[name] = self._apply(name, spec, source)

    def _apply(self, name: str, spec: Mapping[str, Any], source: str) -> Profile:
        where = f"{source}: [profiles.{name}]"

        def bad(detail: str, *keys: str) -> ConfigError:
            # keypath lets load_settings point at the line of the offending key in the file
            e = ConfigError(f"{where}{detail}")
            e.keypath = ("profiles", name, *keys)
            return e

        if not isinstance(spec, Mapping):
            raise bad(" must be a table")
        base_name = spec.get("base", name if name in self._profiles else "generic")
        if not isinstance(base_name, str) or base_name not in self._profiles:
            raise bad(f": base {base_name!r} is not a profile (known: {', '.join(sorted(self._profiles))})", "base")
        base = self._profiles[base_name]
        known = {"base", "label", "home", "home_domains", "severity", "dm", "group", "shop", "broadcast", "narrative"}
        for key in spec:
            if key not in known:
                raise bad(f": unknown key {key!r} (known: {', '.join(sorted(known))})", key)
        for key in ("severity", "broadcast"):
            if not isinstance(spec.get(key, {}), Mapping):
                raise bad(f": {key} must be a table, not {spec[key]!r}", key)
        for key in ("label", "dm", "group", "shop"):
            if key in spec and not isinstance(spec[key], str):
                raise bad(f": {key} must be a string, not {spec[key]!r}", key)
        severity = dict(base.severity)
        for kind, level in dict(spec.get("severity", {})).items():
            if kind not in KINDS or level not in SEVERITIES:
                raise bad(f": severity.{kind} = {level!r}; kinds: {', '.join(KINDS)}; levels: {', '.join(SEVERITIES)}", "severity", kind)
            severity[kind] = level
        limits = dict(base.limits)
        for key, value in dict(spec.get("broadcast", {})).items():
            if key not in _DEFAULT_LIMITS or not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise bad(f": broadcast.{key} = {value!r}; keys {sorted(_DEFAULT_LIMITS)}, positive integers",
                          "broadcast", key)
            limits[key] = value
        narrative = spec.get("narrative", base.narrative)
        if not isinstance(narrative, bool):
            raise bad(f": narrative must be true or false, not {narrative!r}", "narrative")
        home = spec.get("home", base.home)
        if not isinstance(home, (list, tuple, set, frozenset)) or not all(isinstance(h, str) for h in home):
            raise bad(": home must be a list of channel ids", "home")
        domains = spec.get("home_domains", base.home_domains)
        if not isinstance(domains, (list, tuple)) or not all(isinstance(d, str) for d in domains):
            raise bad(": home_domains must be a list of domains", "home_domains")
        return replace(base, name=name, label=str(spec.get("label", base.label if base.name == name else name)),
                       home=frozenset(home), home_domains=tuple(domains),
                       severity=severity, limits=limits, dm=str(spec.get("dm", base.dm)),
                       group=str(spec.get("group", base.group)), shop=str(spec.get("shop", base.shop)),
                       narrative=narrative)

    def get(self, name: str | None) -> Profile:
        name = name or DEFAULT_PLATFORM
        try:
            return self._profiles[name]
        except KeyError:
            raise UnknownPlatform(name, self._profiles) from None

    def names(self) -> list[str]:
        return sorted(self._profiles)

    def __contains__(self, name) -> bool:
        return name in self._profiles

    def __iter__(self):
        return iter(self._profiles.values())
