"""Shared helpers for the web tests: one warmed engine per session, cheap apps around it.

Loading jieba and the lexicon takes a second or two, so the engine is conftest's session
`checker` and every app gets a shallow copy (create_app's `checker` option).
    from web_fixtures import engine, make_app, KEYS, auth  # noqa: F401
"""
from __future__ import annotations

import pytest

from checker.config import Settings
from checker.engine import Checker

CHECK_KEY = "check-key-0123456789abcdef"
ADMIN_KEY = "admin-key-0123456789abcdef"
KEYS = [{"name": "shop", "key": CHECK_KEY, "scopes": ["check"]},
        {"name": "ops", "key": ADMIN_KEY, "scopes": ["admin"]}]

@pytest.fixture(scope="session")
def engine(checker) -> Checker:
    """conftest's session engine; apps only ever get shallow copies of it."""
    return checker


def make_app(engine: Checker, settings: Settings | None = None, **server):
    """An app around the shared engine; `server` overrides the [server] table. No environment
    is read (env={}), and rate limiting is off unless asked for."""
    from web import create_app

    server.setdefault("rate_limit", 0)
    cfg = {"env": {}, "settings": settings or Settings(cache_dir=engine.settings.cache_dir),
           "server": server, "checker": engine, "TESTING": True}
    for k in ("guard", "ratelimit_clock", "reload_generation", "budget_clock", "bind_host"):
        if k in server:
            cfg[k] = server.pop(k)
    return create_app(cfg)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def all_logged(caplog) -> str:
    """Every record's message and arguments, formatted, as one string (to search for leaks)."""
    out = []
    for r in caplog.records:
        out.append(r.getMessage())
        if r.exc_text:
            out.append(r.exc_text)
    return "\n".join(out)

