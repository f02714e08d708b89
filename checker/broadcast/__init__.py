"""Broadcast guard: frequency limits (fan-out, flood, repeat) over a pluggable event store.

    store = open_store("sqlite:///var/lib/msgcheck/bc.db")   # or memory://, redis://host:6379/0
    guard = BroadcastGuard(store, clock=time.time, fail_open=True)
    res = guard.check(sender="s1", group="g1", text=normalized, ts=None, limits=Limits(), record=True)
"""
from importlib import import_module

# Imported on first use (PEP 562): a `check` without sender and group needs none of it, and
# checker.profiles reaches broadcast.limits through this package.
_WHERE = {"Fingerprint": "fingerprint", "similarity": "fingerprint", "BroadcastGuard": "guard",
          "GuardResult": "guard", "format_window": "guard", "Limits": "limits", "Store": "stores",
          "open_store": "stores"}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BroadcastGuard", "GuardResult", "Limits", "open_store", "Store",
    "Fingerprint", "similarity", "format_window",
]
