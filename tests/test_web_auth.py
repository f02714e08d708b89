"""API keys: scopes, constant-time comparison, keys never logged; the open loopback-only mode;
server configuration from file and environment; what `msgcheck serve` binds to."""
from __future__ import annotations

import hashlib
import hmac
import logging

import pytest

from checker.errors import ConfigError
from web.auth import KeyRing
from web.config import load_server_config, parse_env_keys
from web_fixtures import ADMIN_KEY, CHECK_KEY, KEYS, all_logged, auth, engine, make_app  # noqa: F401


@pytest.fixture(scope="module")
def client(engine):
    return make_app(engine, api_keys=KEYS).test_client()


def code(resp) -> str:
    return resp.get_json()["error"]["code"]


def test_missing_key_is_401_with_www_authenticate(client):
    r = client.post("/v1/check", json={"text": "x"})
    assert r.status_code == 401 and code(r) == "missing_key"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [f"Bearer {CHECK_KEY}x", "Bearer nope", f"Basic {CHECK_KEY}", "Bearer ",
                                    CHECK_KEY, f"Bearer {CHECK_KEY[:-1]}"])
def test_invalid_key_is_401(client, header):
    r = client.post("/v1/check", json={"text": "x"}, headers={"Authorization": header})
    assert r.status_code == 401 and code(r) == "invalid_key"


def test_check_key_checks_but_cannot_reload(client):
    assert client.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY)).status_code == 200
    assert client.get("/v1/profiles", headers=auth(CHECK_KEY)).status_code == 200
    r = client.post("/v1/wordlists/reload", headers=auth(CHECK_KEY), content_type="application/json")
    assert r.status_code == 403 and code(r) == "insufficient_scope"


def test_admin_key_reloads_and_checks(client):
    assert client.post("/v1/wordlists/reload", headers=auth(ADMIN_KEY), content_type="application/json").status_code == 200
    assert client.post("/v1/check", json={"text": "x"}, headers=auth(ADMIN_KEY)).status_code == 200


def test_auth_comes_before_body_parsing(client):
    """An anonymous caller learns nothing about validation (and costs no JSON parsing)."""
    r = client.post("/v1/check", data="{bad", content_type="application/json")
    assert r.status_code == 401


def test_probes_page_and_openapi_need_no_key(client):
    for path in ("/healthz", "/readyz", "/openapi.json", "/", "/static/app.js"):
        assert client.get(path).status_code == 200, path


def test_auth_on_serves_non_loopback_clients(client):
    r = client.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY),
                    environ_overrides={"REMOTE_ADDR": "203.0.113.9"})
    assert r.status_code == 200


def test_keys_never_reach_the_logs(engine, caplog):
    caplog.set_level(logging.DEBUG)
    c = make_app(engine, api_keys=KEYS).test_client()
    c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY))
    c.post("/v1/check", json={"text": "x"}, headers=auth(CHECK_KEY + "wrong"))
    c.post("/v1/wordlists/reload", headers=auth(CHECK_KEY), content_type="application/json")
    c.post("/v1/wordlists/reload", headers=auth(ADMIN_KEY), content_type="application/json")
    logged = all_logged(caplog)
    assert "ops" in logged  # the reload is logged, by key name
    assert CHECK_KEY[:12] not in logged and ADMIN_KEY[:12] not in logged
    cfg = load_server_config({"api_keys": KEYS}, {})
    assert CHECK_KEY not in repr(cfg) and ADMIN_KEY not in repr(cfg)


def test_key_comparison_looks_at_every_key(monkeypatch):
    """No early exit: the same number of constant-time comparisons whichever key matches."""
    keys = load_server_config({"api_keys": [{"name": f"k{i}", "key": f"key-{i}-0123456789abcdef"}
                                             for i in range(5)]}, {}).api_keys
    ring = KeyRing(keys)
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    for token in ("key-0-0123456789abcdef", "key-4-0123456789abcdef", "wrong"):
        calls.clear()
        found = ring.match(token)
        assert len(calls) == 5
        assert (found.name if found else None) == {"wrong": None}.get(token, f"k{token[4]}")


# -- no keys: open, loopback only --------------------------------------------------------------
def test_no_keys_serves_loopback_without_auth(engine, caplog):
    caplog.set_level(logging.WARNING)
    c = make_app(engine).test_client()
    assert "WITHOUT authentication" in all_logged(caplog)  # says so at start-up
    assert c.post("/v1/check", json={"text": "x"}).status_code == 200
    assert c.post("/v1/check", json={"text": "x"}, environ_overrides={"REMOTE_ADDR": "::1"}).status_code == 200
    assert c.post("/v1/wordlists/reload", content_type="application/json").status_code == 200
    r = c.post("/v1/check", json={"text": "x"}, environ_overrides={"REMOTE_ADDR": "192.168.1.20"})
    assert r.status_code == 403 and code(r) == "loopback_only"
    assert "without auth" in c.get("/openapi.json").get_json()["info"]["description"]


# -- configuration ----------------------------------------------------------------------------------
def test_env_keys_and_sha256_keys():
    keys = parse_env_keys("shop:check:abcdefghijklmnop1234, ops:admin+check:ABCDEFGHIJKLMNOP5678")
    assert [(k.name, sorted(k.scopes)) for k in keys] == [("shop", ["check"]), ("ops", ["admin", "check"])]
    sha = hashlib.sha256(b"abcdefghijklmnop1234").hexdigest()
    cfg = load_server_config({"api_keys": [{"name": "x", "key_sha256": sha}]}, {})
    assert KeyRing(cfg.api_keys).match("abcdefghijklmnop1234").name == "x"
    env = load_server_config({"api_keys": [{"name": "x", "key_sha256": sha}]},
                             {"MSGCHECK_API_KEYS": "y:check:abcdefghijklmnop9999", "MSGCHECK_MAX_BATCH": "7",
                              "MSGCHECK_RATE_LIMIT": "0"})
    assert [k.name for k in env.api_keys] == ["y"] and env.max_batch == 7 and env.rate_limit == 0


@pytest.mark.parametrize("raw, words", [
    ({"api_keys": [{"name": "a", "key": "short"}]}, "at least 16"),
    ({"api_keys": [{"name": "a", "key": "has space in it 0123456"}]}, "bearer token"),
    ({"api_keys": [{"name": "a", "key": "abcdefghijklmnop1234", "scopes": ["root"]}]}, "scopes"),
    ({"api_keys": [{"name": "a", "key": "abcdefghijklmnop1234", "key_sha256": "00" * 32}]}, "exactly one"),
    ({"api_keys": [{"name": "a", "key_sha256": "xyz"}]}, "64 hex"),
    ({"api_keys": [{"name": "a", "key": "abcdefghijklmnop1234"}, {"name": "a", "key": "abcdefghijklmnop9999"}]},
     "duplicate"),
    ({"api_keys": [{"name": "a", "key": "abcdefghijklmnop1234"}, {"name": "b", "key": "abcdefghijklmnop1234"}]},
     "same secret"),
    ({"api_keys": [{"name": "a", "key": "abcdefghijklmnop1234", "secret": 1}]}, "unknown field"),
    ({"max_batch": 0}, "max_batch"),
    ({"max_body": "big"}, "max_body"),
    ({"rate_limit": -1}, "rate_limit"),
    ({"log_text": "yes"}, "log_text"),
    ({"port": 80}, "unknown key"),
])
def test_bad_server_config_is_a_config_error(raw, words):
    with pytest.raises(ConfigError, match=words) as ei:
        load_server_config(raw, {}, "cfg.toml")
    assert "abcdefghijklmnop" not in str(ei.value)  # never echo a secret


def test_bad_env_keys_are_config_errors():
    with pytest.raises(ConfigError, match="name:scope"):
        parse_env_keys("justasecretvalue123456")
    with pytest.raises(ConfigError, match="at least 16"):
        parse_env_keys("a:check:short")


def test_config_file_server_table(tmp_path, engine):
    from web import create_app

    f = tmp_path / "msgcheck.toml"
    f.write_text('platform = "kuaishou"\n[server]\nmax_batch = 2\nmax_body = 4096\n'
                 f'[[server.api_keys]]\nname = "f"\nkey = "{CHECK_KEY}"\n', encoding="utf-8")
    app = create_app({"config_path": str(f), "env": {}, "checker": engine})
    c = app.test_client()
    assert c.post("/v1/check", json={"text": "x"}).status_code == 401
    r = c.post("/v1/check/batch", json={"messages": [{"text": "a"}] * 3}, headers=auth(CHECK_KEY))
    assert r.status_code == 413
    r = c.post("/v1/check", json={"text": "x" * 5000}, headers=auth(CHECK_KEY))
    assert r.status_code == 413
    assert app.extensions["msgcheck"].openapi["paths"]["/v1/check/batch"]["post"]["summary"].startswith("Check up to 2")


# -- the launcher ---------------------------------------------------------------------------------
class _Captured(Exception):
    pass


@pytest.fixture
def no_run(monkeypatch):
    """Stop serve() just before gunicorn would start, keeping the options it built."""
    from gunicorn.app.base import BaseApplication

    seen = {}

    def run(self):
        seen["bind"] = self.cfg.bind
        seen["workers"] = self.cfg.workers
        seen["worker_class"] = self.cfg.worker_class_str
        seen["preload"] = self.cfg.preload_app
        seen["app"] = self
        raise _Captured
    monkeypatch.setattr(BaseApplication, "run", run)
    # a worker freezes the warmed engine out of the garbage collector's view; not this process
    monkeypatch.setattr("gc.freeze", lambda: seen.__setitem__("froze", seen.get("froze", 0) + 1))
    for var in ("MSGCHECK_API_KEYS", "MSGCHECK_CONFIG", "MSGCHECK_STORE_URL", "MSGCHECK_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent-msgcheck-test")
    return seen


def test_serve_without_keys_binds_loopback_and_says_so(no_run, capsys):
    from web.serve import serve

    with pytest.raises(_Captured):
        serve("0.0.0.0", 8099, 3, None, False)
    assert no_run["bind"] == ["127.0.0.1:8099"]
    assert no_run["workers"] == 3 and no_run["worker_class"] == "gthread" and no_run["preload"] is False
    err = capsys.readouterr().err
    assert "no API keys" in err and "WITHOUT authentication" in err and "127.0.0.1" in err


def test_serve_with_keys_binds_where_asked(no_run, monkeypatch, capsys):
    from web.serve import serve

    monkeypatch.setenv("MSGCHECK_API_KEYS", f"shop:check:{CHECK_KEY}")
    with pytest.raises(_Captured):
        serve("0.0.0.0", 8099, 2, None, False)
    assert no_run["bind"] == ["0.0.0.0:8099"]
    err = capsys.readouterr().err
    assert "shop" in err and CHECK_KEY not in err


def test_serve_worker_builds_the_app_from_the_factory(no_run, monkeypatch):
    """What each worker calls after the fork: create_app with the config file and the shared
    reload counter."""
    import web
    from web.serve import serve

    got = {}
    monkeypatch.setattr(web, "create_app", lambda cfg: got.update(cfg) or "APP")
    with pytest.raises(_Captured):
        serve("127.0.0.1", 8099, 1, None, False)
    assert no_run["app"].load() == "APP"
    assert got["config_path"] is None and got["reload_generation"].value == 0
    assert no_run["froze"] == 1, "the worker's long-lived objects leave the collector's view"


@pytest.mark.parametrize("reuse", [False, True], ids=["another program", "another msgcheck serve"])
def test_serve_refuses_a_port_already_in_use(no_run, reuse):
    """Workers bind their own SO_REUSEPORT sockets (the kernel spreads connections over them);
    the master's start-up hook tries the port first, so a taken one is a clear ConfigError, not
    workers restarted forever, nor a second server silently sharing the port."""
    import socket

    from web.serve import serve

    with socket.socket() as taken:
        if reuse:
            taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(_Captured):
            serve("127.0.0.1", port, 2, None, False)
        cfg = no_run["app"].cfg
        assert cfg.reuse_port is True
        with pytest.raises(ConfigError, match=f"127.0.0.1:{port}: .*in use"):
            cfg.on_starting(None)
    cfg.on_starting(None)  # free again


def test_serve_rejects_a_bad_config_before_forking(no_run, tmp_path):
    from web.serve import serve

    f = tmp_path / "bad.toml"
    f.write_text('[server]\nmax_batch = "many"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="max_batch"):
        serve("127.0.0.1", 8099, 1, str(f), False)
    f.write_text('store_url = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="scheme"):
        serve("127.0.0.1", 8099, 1, str(f), False)


def test_debug_uses_the_dev_server_on_loopback_only(no_run, monkeypatch, capsys):
    import web
    from flask import Flask
    from web.serve import serve

    ran = {}
    monkeypatch.setattr(web, "create_app", lambda cfg: Flask("x"))
    monkeypatch.setattr(Flask, "run", lambda self, **kw: ran.update(kw))
    monkeypatch.setenv("MSGCHECK_API_KEYS", f"shop:check:{CHECK_KEY}")
    serve("0.0.0.0", 8099, 2, None, True)
    assert ran["host"] == "127.0.0.1" and ran["debug"] is True and ran["use_reloader"] is False
    assert "app" not in no_run  # gunicorn was not used
