"""The access log: one line per request with method, path, status, bytes, duration, the key's
name and the client address; never the key, never message text; on by default, off on request."""
from __future__ import annotations

import logging
import re

import pytest

from checker.errors import ConfigError
from web.accesslog import parse_setting
from web.config import load_server_config
from web_fixtures import ADMIN_KEY, CHECK_KEY, KEYS, auth, engine, make_app  # noqa: F401

SECRET_TEXT = "加我薇信 mm5566 秘密口令-unique-7f3a"
LINE = re.compile(r'^(?P<addr>\S+) (?P<key>\S+) "(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}|-) '
                  r'(?P<bytes>\d+)B (?P<ms>\d+\.\d\d)ms$')


def _client(app):
    """A test client that, like a real server, reads every response body and closes it (the line
    is written then); werkzeug's default leaves the body unread until a test touches it."""
    c = app.test_client()
    real = c.open

    def open_buffered(*a, **kw):
        kw.setdefault("buffered", True)
        return real(*a, **kw)
    c.open = open_buffered
    return c


def _lines(caplog) -> list[re.Match]:
    out = []
    for r in caplog.records:
        if r.name == "msgcheck.access":
            m = LINE.match(r.getMessage())
            assert m, r.getMessage()
            out.append(m)
    return out


def _everything(caplog) -> str:
    return "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)


def test_one_line_per_request_with_key_name_status_bytes_and_time(engine, caplog):
    caplog.set_level(logging.INFO)
    c = _client(make_app(engine, api_keys=KEYS))
    ok = c.post("/v1/check", json={"text": SECRET_TEXT, "sender": "s-77", "group": "g-9"}, headers=auth(CHECK_KEY))
    assert ok.status_code == 200
    bad = c.post("/v1/check", data='{"text": "' + SECRET_TEXT + '"', content_type="application/json",
                 headers=auth(CHECK_KEY))
    assert bad.status_code == 400
    assert c.post("/v1/check", json={"text": SECRET_TEXT}, headers=auth("wrong-key-0123456789abc")).status_code == 401
    assert c.get("/nowhere?text=" + "x").status_code == 404
    lines = _lines(caplog)
    assert [(m["method"], m["path"], m["status"], m["key"]) for m in lines] == [
        ("POST", "/v1/check", "200", "shop"),
        ("POST", "/v1/check", "400", "shop"),
        ("POST", "/v1/check", "401", "-"),       # no valid key: no name
        ("GET", "/nowhere", "404", "-"),        # never the query string
    ]
    assert all(m["addr"] == "127.0.0.1" for m in lines)
    assert int(lines[0]["bytes"]) == len(ok.data) and float(lines[0]["ms"]) > 0


def test_never_logs_the_key_or_the_message_text(engine, caplog):
    caplog.set_level(logging.DEBUG)
    c = _client(make_app(engine, api_keys=KEYS))
    for key in (CHECK_KEY, ADMIN_KEY):
        c.post("/v1/check", json={"text": SECRET_TEXT}, headers=auth(key))
        c.post("/v1/check/batch", json={"messages": [{"text": SECRET_TEXT}]}, headers=auth(key))
        c.post("/v1/audit", json={"content": SECRET_TEXT, "format": "text"}, headers=auth(key))
        c.post("/v1/check", json={"text": SECRET_TEXT, "ts": "not a time"}, headers=auth(key))  # 422
    c.post("/v1/check", json={"text": SECRET_TEXT}, headers=auth(CHECK_KEY[:-1] + "X"))
    logged = _everything(caplog)
    assert len(_lines(caplog)) == 9
    for secret in (CHECK_KEY, ADMIN_KEY, CHECK_KEY[:-1] + "X", SECRET_TEXT, "mm5566", "秘密口令", "薇信"):
        assert secret not in logged


def test_path_is_escaped_and_bounded(engine, caplog):
    caplog.set_level(logging.INFO)
    c = _client(make_app(engine))
    c.get('/a"b c' + "x" * 500)
    (m,) = _lines(caplog)
    assert m["status"] == "404" and len(m["path"]) < 260 and '"' not in m["path"].replace('\\"', "")


def test_off_means_no_lines(engine, caplog):
    caplog.set_level(logging.INFO)
    c = _client(make_app(engine, access_log="off"))
    assert c.post("/v1/check", json={"text": "x"}).status_code == 200
    assert _lines(caplog) == []


def test_setting_from_file_environment_and_values():
    assert load_server_config({}, {}).access_log == "on"
    assert load_server_config({"access_log": False}, {}).access_log == "off"
    assert load_server_config({"access_log": "/var/log/m.log"}, {}).access_log == "/var/log/m.log"
    assert load_server_config({"access_log": "on"}, {"MSGCHECK_ACCESS_LOG": "off"}).access_log == "off"
    assert [parse_setting(v) for v in ("OFF", "0", "on", "-", "true", "a.log")] == ["off", "off", "on", "on", "on",
                                                                                     "a.log"]
    with pytest.raises(ConfigError, match="access_log"):
        load_server_config({"access_log": 3}, {})


def test_serve_turns_it_on_by_default_and_passes_the_option_to_workers(monkeypatch, capsys, tmp_path):
    """What `msgcheck serve` hands each worker's create_app, and what it says at start-up."""
    import web
    from gunicorn.app.base import BaseApplication
    from web.serve import serve

    class Stop(Exception):
        pass

    seen = {}

    def run(self):
        seen["app"] = self
        raise Stop
    monkeypatch.setattr(BaseApplication, "run", run)
    monkeypatch.setattr("gc.freeze", lambda: None)
    got = {}
    monkeypatch.setattr(web, "create_app", lambda cfg: got.update(cfg) or "APP")
    monkeypatch.delenv("MSGCHECK_ACCESS_LOG", raising=False)
    with pytest.raises(Stop):
        serve("127.0.0.1", 8099, 2, None, False)
    seen["app"].load()
    assert got["access_log"] == "on"
    assert "access log: on" in capsys.readouterr().err
    with pytest.raises(Stop):
        serve("127.0.0.1", 8099, 2, None, False, access_log="off")
    seen["app"].load()
    assert got["access_log"] == "off"
    with pytest.raises(ConfigError, match="access_log"):
        serve("127.0.0.1", 8099, 2, None, False, access_log=str(tmp_path / "missing-dir" / "a.log"))


def test_access_log_file_gets_the_lines(engine, tmp_path):
    from web.accesslog import configure, log

    path = tmp_path / "access.log"
    before = list(log.handlers), log.propagate
    try:
        configure(str(path))
        log.setLevel(logging.INFO)
        c = _client(make_app(engine, api_keys=KEYS))
        c.post("/v1/check", json={"text": SECRET_TEXT}, headers=auth(CHECK_KEY))
        for h in log.handlers:
            h.flush()
        text = path.read_text(encoding="utf-8")
        assert '"POST /v1/check" 200' in text and " shop " in text
        assert SECRET_TEXT not in text and CHECK_KEY not in text
    finally:
        for h in log.handlers:
            if h not in before[0]:
                h.close()
        log.handlers[:] = before[0]
        log.propagate = before[1]
        log.setLevel(logging.NOTSET)
