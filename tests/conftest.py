"""Shared fixtures: one engine per test session (jieba and the lexicon load once), with its
caches in a temporary directory so tests never touch the user's home."""
from __future__ import annotations

import pytest

from checker.config import Settings
from checker.engine import Checker
from redis_cluster_fixture import redis_cluster, redis_cluster_url  # noqa: F401 - for every module


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("msgcheck-cache")


@pytest.fixture(scope="session")
def checker(cache_dir) -> Checker:
    return Checker(Settings(cache_dir=cache_dir)).warm()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No test reads the developer's own config, wordlists or cache."""
    home = tmp_path_factory.getbasetemp() / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for var in ("MSGCHECK_CONFIG", "MSGCHECK_PLATFORM", "MSGCHECK_STORE_URL", "MSGCHECK_WORDLISTS",
                "MSGCHECK_CACHE_DIR", "MSGCHECK_FAIL_OPEN", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
