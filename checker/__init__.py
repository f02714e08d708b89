"""msgcheck's engine as a library: will this message get my account punished?

    from checker import Checker
    checker = Checker()                                   # embedded defaults, no config file read
    report = checker.check("加我微信 abc123", platform="douyin")
    report.verdict                                        # Verdict.BLOCK (a str Enum: == "block")
    [(f.rule, f.text) for f in report.findings]           # what, and where (text[f.start:f.end])
    checker.check_many(["你好", ("加我vx", "xiaohongshu")])  # reports in input order

`check`, `check_many` and `explain` at module level use one shared Checker on the embedded
defaults, built on first use. Names are imported on first access (module `__getattr__`), so
`import checker` stays cheap and `checker.audit` does not pay for the engine; nothing here
imports Flask or click."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Iterable, Mapping

if TYPE_CHECKING:
    from .config import Settings, load_settings
    from .engine import Checker, Explanation
    from .errors import ConfigError, MsgcheckError, StoreError, UnknownPlatform, WordlistError
    from .types import Finding, Report, Verdict

__all__ = ["Checker", "check", "check_many", "explain", "Report", "Finding", "Verdict", "Explanation",
           "Settings", "load_settings", "MsgcheckError", "ConfigError", "WordlistError", "UnknownPlatform",
           "StoreError"]

_LAZY = {"Checker": "engine", "Explanation": "engine", "Report": "types", "Finding": "types", "Verdict": "types",
         "Settings": "config", "load_settings": "config", "MsgcheckError": "errors", "ConfigError": "errors",
         "WordlistError": "errors", "UnknownPlatform": "errors", "StoreError": "errors"}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{mod}", __name__), name)
    globals()[name] = value  # the next access is a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


_default: Checker | None = None
_default_lock = threading.Lock()


def _shared() -> Checker:
    """The Checker behind the module-level functions: embedded defaults, built once (~1 s)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from .engine import Checker

                _default = Checker()
    return _default


def check(text: str, platform: str | None = None, *, sender: str | None = None, group: str | None = None,
          ts: float | None = None, record: bool = False) -> Report:
    """Checker().check on a shared default Checker: the verdict and findings for one message.
    Unknown platform -> UnknownPlatform (a ConfigError) listing the valid ones."""
    return _shared().check(text, platform, sender=sender, group=group, ts=ts, record=record)


def check_many(items: Iterable[str | tuple[str, str | None] | Mapping[str, Any]],
               platform: str | None = None) -> list[Report]:
    """Checker().check_many on the shared default Checker: one report per item, in input order.
    Items are texts, (text, platform) pairs or mappings of check()'s arguments."""
    return _shared().check_many(items, platform)


def explain(text: str, platform: str | None = None) -> Explanation:
    """Checker().explain on the shared default Checker: the folding, every candidate hit and
    what the rules made of it (what `msgcheck explain` shows)."""
    return _shared().explain(text, platform)
