"""web.api.CheckRoute answers POST /v1/check without Flask's request machinery: every request,
good or bad, must get exactly the status, headers and body the Flask route gives it, charged to
the rate limit the same way, and metrics must still count it under its route."""
from __future__ import annotations

import json
import logging

import pytest
from flask import Flask, request_started
from werkzeug.test import EnvironBuilder, run_wsgi_app

from redis_fixture import FakeClock
from web_fixtures import ADMIN_KEY, CHECK_KEY, KEYS, auth, engine, make_app  # noqa: F401

GOOD = {"Content-Type": "application/json", **auth(CHECK_KEY)}

CASES = {
    "pass": ({"text": "今天直播间福利超多，大家记得点关注"}, GOOD),
    "block": ({"text": "想要优惠券的宝宝加我微信 abc12345 领取", "platform": "douyin"}, GOOD),
    "admin key": ({"text": "你好"}, {"Content-Type": "application/json", **auth(ADMIN_KEY)}),
    "charset": ({"text": "你好"}, {**GOOD, "Content-Type": "application/json; charset=utf-8"}),
    "ts and sender": ({"text": "你好", "ts": "2026-01-02T03:04:05Z", "sender": "s1", "group": "g1"}, GOOD),
    "no key": ({"text": "你好"}, {"Content-Type": "application/json"}),
    "wrong key": ({"text": "你好"}, {"Content-Type": "application/json", **auth("nope-0123456789abcdef")}),
    "not bearer": ({"text": "你好"}, {"Content-Type": "application/json", "Authorization": "Basic abc"}),
    "text/plain": ({"text": "你好"}, {**GOOD, "Content-Type": "text/plain"}),
    "no type": ({"text": "你好"}, {"Authorization": GOOD["Authorization"]}),
    "malformed": (b'{"text": ', GOOD),
    "empty": (b"", GOOD),
    "array": (b"[1, 2]", GOOD),
    "NaN": (b'{"text": NaN}', GOOD),
    "not utf-8": (b'{"text": "\xff\xfe"}', GOOD),
    "duplicate key": (b'{"text": "a", "text": "b"}', GOOD),
    "extra field": ({"text": "你好", "colour": "red"}, GOOD),
    "text not a string": ({"text": 5}, GOOD),
    "bad ts": ({"text": "你好", "ts": "yesterday"}, GOOD),
    "record without group": ({"text": "你好", "record": True, "sender": "s"}, GOOD),
    "surrogate": (b'{"text": "\\ud800"}', GOOD),
    "unknown platform": ({"text": "你好", "platform": "myspace"}, GOOD),
}


def environ(body, headers) -> dict:
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    env = EnvironBuilder(path="/v1/check", method="POST", data=data, headers=headers,
                         environ_base={"REMOTE_ADDR": "10.0.0.7"}).get_environ()
    if "Content-Type" not in headers:
        env.pop("CONTENT_TYPE", None)
    env["CONTENT_LENGTH"] = str(len(data))  # as a client sends it, 0 included
    return env


@pytest.fixture
def app(engine):
    return make_app(engine, api_keys=KEYS, rate_limit=1, rate_burst=1000, ratelimit_clock=FakeClock(1000.0))


def both(app: Flask, body, headers):
    """(through the app as served, through the Flask route alone), each (status, headers, body),
    and how many requests reached Flask's dispatch on the first path."""
    dispatched = []

    def seen(sender, **kw):
        dispatched.append(1)
    request_started.connect(seen, app)
    try:
        it, status, hdrs = run_wsgi_app(app, environ(body, headers))
        served = (status, list(hdrs.items()), b"".join(it))
    finally:
        request_started.disconnect(seen, app)
    it, status, hdrs = run_wsgi_app(lambda e, s: Flask.wsgi_app(app, e, s), environ(body, headers))
    return served, (status, list(hdrs.items()), b"".join(it)), len(dispatched)


@pytest.mark.parametrize("case", CASES)
def test_the_shortcut_answers_as_the_flask_route_does(app, case):
    served, flask_route, dispatched = both(app, *CASES[case])
    assert served == flask_route
    assert dispatched == 0, "the request went through Flask's dispatch"
    assert ("X-Content-Type-Options", "nosniff") in served[1] and ("Cache-Control", "no-store") in served[1]


def test_statuses_are_the_contracts(app):
    want = {"pass": 200, "block": 200, "no key": 401, "text/plain": 415, "malformed": 400, "empty": 400,
            "duplicate key": 400, "extra field": 422, "surrogate": 422, "unknown platform": 400}
    got = {case: int(both(app, *CASES[case])[0][0][:3]) for case in want}
    assert got == want
    body = json.loads(both(app, *CASES["block"])[0][2])
    assert body["verdict"] == "block" and body["findings"]


def test_a_key_over_its_limit_gets_the_same_429_and_every_request_is_charged(engine):
    app = make_app(engine, api_keys=KEYS, rate_limit=1, rate_burst=3, ratelimit_clock=FakeClock(1000.0))
    answers = [both(app, *CASES[c]) for c in ("pass", "malformed", "text/plain")]
    statuses = [(a[0][0], a[1][0]) for a in answers]
    # burst 3: pass, pass (Flask), malformed (400) are allowed; then every request is refused
    assert statuses == [("200 OK", "200 OK"), ("400 BAD REQUEST", "429 TOO MANY REQUESTS"),
                        ("429 TOO MANY REQUESTS", "429 TOO MANY REQUESTS")]
    served, flask_route, _ = answers[2]
    assert served == flask_route and dict(served[1])["Retry-After"]


def test_an_unexpected_error_is_the_apps_500(app, monkeypatch, caplog):
    caplog.set_level(logging.ERROR)
    st = app.extensions["msgcheck"]

    def boom(*a, **kw):
        raise RuntimeError("engine exploded")
    monkeypatch.setattr(st.checker, "check", boom)
    served, flask_route, _ = both(app, *CASES["pass"])
    assert served == flask_route and served[0].startswith("500")
    assert json.loads(served[2])["error"]["code"] == "internal_error"
    assert sum("RuntimeError" in r.getMessage() for r in caplog.records) == 2


def test_metrics_count_shortcut_requests_under_the_route(engine):
    """(The access log's lines for /v1/check, which now all take the shortcut: test_web_accesslog.)"""
    app = make_app(engine, api_keys=KEYS)
    c = app.test_client()
    assert c.post("/v1/check", json={"text": "你好"}, headers=auth(CHECK_KEY)).status_code == 200
    assert c.post("/v1/check", json={"text": "你好"}).status_code == 401
    text = c.get("/metrics", headers=auth(CHECK_KEY)).get_data(as_text=True)
    assert 'msgcheck_http_requests_total{endpoint="/v1/check",status="200"} 1.0' in text
    assert 'msgcheck_http_requests_total{endpoint="/v1/check",status="401"} 1.0' in text
    assert 'msgcheck_verdicts_total{category="none",platform="' in text


def test_what_the_shortcut_leaves_to_flask(app):
    """GET (405 with Allow), a trailing slash and a body without Content-Length reach Flask."""
    c = app.test_client()
    r = c.get("/v1/check", headers=auth(CHECK_KEY))
    assert r.status_code == 405 and "POST" in r.headers["Allow"]
    env = environ({"text": "你好"}, GOOD)
    del env["CONTENT_LENGTH"]
    dispatched = []
    request_started.connect(lambda s, **kw: dispatched.append(1), app, weak=False)
    it, status, _ = run_wsgi_app(app, env)
    b"".join(it)
    assert dispatched and status.startswith("400")   # no length, no body: werkzeug reads nothing
