"""One store-URL parser (checker/storage.py) for the broadcast stores and the rate limiters."""
from __future__ import annotations

import pytest

from checker.errors import ConfigError
from checker.storage import parse_store_url, redact


@pytest.mark.parametrize("url, want, why", [
    ("memory://", {"scheme": "memory"}, "this process only"),
    ("sqlite:///var/lib/m/bc.db", {"path": "/var/lib/m/bc.db", "timeout": None}, "absolute file"),
    ("sqlite://rel/bc.db?timeout=5", {"path": "rel/bc.db", "timeout": 5.0}, "relative file, our timeout"),
    ("redis://localhost:6379/0", {"client_url": "redis://localhost:6379/0", "prefix": None}, "plain Redis"),
    ("redis://h:6379/1?timeout=0.5&prefix=mc&db=2", {"client_url": "redis://h:6379/1?db=2", "timeout": 0.5,
                                                     "prefix": "mc"}, "our options split off, redis-py's kept"),
    ("rediss://:s3cret@h:6380/0", {"backend": "redis", "shown": "rediss://:***@h:6380/0"}, "TLS, password hidden"),
    ("redis+cluster://10.0.0.1:7000", {"backend": "redis+cluster", "nodes": (("10.0.0.1", 7000),)}, "one node"),
    ("redis+cluster://:s3cret@a:7000,b:7001,[::1]:7002/0?timeout=0.5&prefix=mc",
     {"nodes": (("a", 7000), ("b", 7001), ("::1", 7002)), "timeout": 0.5, "prefix": "mc",
      "shown": "redis+cluster://:***@a:7000,b:7001,[::1]:7002/0?timeout=0.5&prefix=mc"},
     "limits' convention: several nodes, the password hidden"),
    ("rediss+cluster://u:pw@a", {"backend": "redis+cluster", "nodes": (("a", 6379),), "scheme": "rediss+cluster"},
     "TLS, the default port"),
])
def test_store_urls_parse(url, want, why):
    u = parse_store_url(url)
    assert {k: getattr(u, k) for k in want} == want, why


@pytest.mark.parametrize("url, words, why", [
    ("bc.db", "expected scheme://", "no scheme"),
    ("postgres://h/db", "unknown scheme", "not a store"),
    ("memory://x", "takes no path", "memory has nothing to set"),
    ("sqlite:///", "give a database file", "a folder, not a file"),
    ("sqlite:///a.db?prefix=x", "unknown option", "prefix is Redis's"),
    ("redis://h:6379/0?timeout=-1", "positive number of seconds", "a bad timeout"),
    ("redis://:pw@h:99999/0", "store URL", "a port out of range"),
    ("redis://h/0?prefix=", "prefix must not be empty", "an empty prefix"),
    ("redis+cluster://:pw@a:7000,b:99999", "node 'b:99999'", "a node's port out of range"),
    ("redis+cluster://:pw@a:7000,:7001", "has no host", "a node without a host"),
    ("redis+cluster://:pw@a:7000/1", "database 0 only", "a cluster has one database"),
    ("redis+cluster://a:7000?db=0", "unknown option", "so db is not an option either"),
    ("redis+cluster://a:7000?prefix={x}", "must not contain braces", "a brace would become every key's hash tag"),
])
def test_bad_store_urls_are_config_errors(url, words, why):
    with pytest.raises(ConfigError, match=words) as e:
        parse_store_url(url)
    assert "pw" not in str(e.value), "never the password"


def test_redact_hides_only_the_password():
    assert redact("redis://u:pw@h:1/0") == "redis://u:***@h:1/0" and redact("memory://") == "memory://"


def test_the_stores_and_the_limiters_read_a_url_alike(tmp_path):
    from checker.broadcast.stores import open_store
    from web.ratelimit import redis_client_url, sqlite_path

    url = f"sqlite://{tmp_path}/bc.db?timeout=3"
    store = open_store(url)
    try:
        assert sqlite_path(url) == parse_store_url(url).path == f"{tmp_path}/bc.db"
    finally:
        store.close()
    assert redis_client_url("redis://h:6379/0?prefix=p&timeout=2") == ("redis://h:6379/0", 2.0, "p")


def test_a_bad_store_url_in_the_config_file_names_its_line(tmp_path):
    from checker.config import load_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text('platform = "douyin"\nstore_url = "postgres://h/db"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.toml:2: store URL postgres://h/db: unknown scheme"):
        load_settings(cfg, env={})


def test_a_new_store_is_one_module_and_one_register_line():
    """docs/ARCHITECTURE.md §2: a store kind registers its scheme, its URL reader and its opener;
    the guard, the config check and the error messages know it from then on."""
    from checker.broadcast import BroadcastGuard, Limits
    from checker.broadcast.stores import _OPENERS, open_store, register
    from checker.broadcast.stores.memory_store import MemoryStore
    from checker.storage import StoreURL, _PARSERS

    class CountingStore(MemoryStore):   # what a new module would hold
        opened = 0

    def parse(url, shown, parts, params):
        if params:
            raise ConfigError(f"store URL {url}: counting:// takes no options")
        return StoreURL(url, shown, "counting")

    def opener(u):
        CountingStore.opened += 1
        return CountingStore(u.url)

    register("counting", opener, parse)   # the one line
    try:
        assert "counting://" in str(pytest.raises(ConfigError, parse_store_url, "nope://x").value)
        store = open_store("counting://")
        guard = BroadcastGuard(store, clock=lambda: 1000.0)
        for _ in range(4):
            res = guard.check(sender="s", group="g", text="今晚八点直播间秒杀连衣裙，库存有限先到先得", ts=None,
                              limits=Limits(repeat_count=3), record=True)
        assert CountingStore.opened == 1 and any(f.rule.startswith("broadcast") for f in res.findings)
        with pytest.raises(ConfigError, match="takes no options"):
            open_store("counting://?x=1")
    finally:
        _OPENERS.pop("counting", None)
        _PARSERS.pop("counting", None)
