"""Broadcast guard: frequency limits (fan-out, flood, repeat) over a pluggable event store.

    store = open_store("sqlite:///var/lib/msgcheck/bc.db")   # or memory://, redis://host:6379/0
    guard = BroadcastGuard(store, clock=time.time, fail_open=True)
    res = guard.check(sender="s1", group="g1", text=normalized, ts=None, limits=Limits(), record=True)
"""
from .fingerprint import Fingerprint, similarity
from .guard import BroadcastGuard, GuardResult, format_window
from .limits import Limits
from .stores import Store, open_store

__all__ = [
    "BroadcastGuard", "GuardResult", "Limits", "open_store", "Store",
    "Fingerprint", "similarity", "format_window",
]
