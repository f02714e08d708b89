"""Hardening of the HTTP layer (issue 15), through the WSGI app: bounded work per request
(per-message limit on every batch item and audit record, a characters budget per batch, a
time budget on an injected clock), caller checks (allowed hosts, JSON-only POSTs, trusted
proxies), strict JSON, and the 413 gate's draining (web.gate, driven with raw WSGI environs).
What reaches a client over a real socket is in test_web_faults.py."""
from __future__ import annotations

import io
import json
import logging
import socket

import pytest

from redis_fixture import FakeClock
from web.gate import Gate, default_allowed_hosts, normalize_host
from web_fixtures import engine, make_app  # noqa: F401

DIVERT = "加我微信 mm5566"
PLAIN = "北京东路店今天上新了V领毛衣"


class Ticking:
    """A clock that moves `step` seconds every time it is read: each budget check costs time."""

    def __init__(self, step: float = 1.0):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def err(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert body["error"]["code"] == code, body
    return body["error"]


@pytest.fixture(scope="module")
def client(engine):
    return make_app(engine, max_text=100, max_batch=10, max_batch_chars=250).test_client()


# -- bounded work -----------------------------------------------------------------------------
def test_an_over_long_batch_item_gets_its_own_error_and_the_others_their_results(client):
    msgs = [{"text": DIVERT}, {"text": "好" * 101}, {"text": PLAIN}]
    r = client.post("/v1/check/batch", json={"messages": msgs})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["count"] == 3
    first, long, last = body["results"]
    assert first["verdict"] == "block" and last["verdict"] == "pass"
    assert long == {"error": {"code": "text_too_long",
                              "message": "messages[1].text is 101 characters; at most 100",
                              "fields": {"messages[1].text": "must be at most 100 characters"}}}


def test_a_single_check_over_the_limit_is_still_422(client):
    e = err(client.post("/v1/check", json={"text": "好" * 101}), 422, "invalid_request")
    assert e["fields"] == {"text": "must be at most 100 characters"}


def test_batch_text_is_bounded_in_total(client):
    msgs = [{"text": "好" * 90} for _ in range(3)]  # 270 characters > 250
    e = err(client.post("/v1/check/batch", json={"messages": msgs}), 413, "batch_too_large")
    assert "270 characters" in e["message"] and "250" in e["message"]
    # over-long items are not checked, so they do not count against the total
    msgs = [{"text": "好" * 90}, {"text": "好" * 90}, {"text": "好" * 5000}]
    r = client.post("/v1/check/batch", json={"messages": msgs})
    assert r.status_code == 200 and r.get_json()["results"][2]["error"]["code"] == "text_too_long"


def test_an_over_long_audit_record_gets_its_own_error(client):
    lines = [json.dumps({"id": 1, "text": DIVERT}, ensure_ascii=False),
             json.dumps({"id": 2, "text": "加我微信abc123，" * 4000}, ensure_ascii=False),  # 44,000 characters
             json.dumps({"id": 3, "text": PLAIN}, ensure_ascii=False)]
    r = client.post("/v1/audit", json={"content": "\n".join(lines)})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    res = body["results"]
    assert [x["id"] for x in res] == [1, 2, 3]
    assert res[0]["verdict"] == "block" and res[2]["verdict"] == "pass"
    assert "verdict" not in res[1] and "44000 characters; at most 100" in res[1]["error"]
    assert body["summary"]["errors"] == 1
    assert body["summary"]["malformed_kinds"] == {"too_long": 1}


def test_the_work_budget_stops_a_batch_between_messages(engine):
    # every read of the clock costs 1 s; budget 2.5 s: the third message is over it
    c = make_app(engine, request_budget=2.5, budget_clock=Ticking()).test_client()
    e = err(c.post("/v1/check/batch", json={"messages": [{"text": PLAIN}] * 5}), 503, "budget_exceeded")
    assert "2.5 s work budget (2 of 5 messages checked)" in e["message"]
    r = c.post("/v1/check/batch", json={"messages": [{"text": PLAIN}]})
    assert r.status_code == 200 and r.get_json()["count"] == 1


def test_the_work_budget_stops_an_audit_between_records(engine):
    c = make_app(engine, request_budget=2.5, budget_clock=Ticking()).test_client()
    content = "\n".join(json.dumps({"id": i, "text": PLAIN}, ensure_ascii=False) for i in range(6))
    r = c.post("/v1/audit", json={"content": content})
    e = err(r, 503, "budget_exceeded")
    assert r.headers["Retry-After"] == "1" and "records read" in e["message"]
    ok = c.post("/v1/audit", json={"content": json.dumps({"id": 1, "text": PLAIN}, ensure_ascii=False)})
    assert ok.status_code == 200 and ok.get_json()["summary"]["records"] == 1


def test_the_budget_is_configurable_and_checked(engine):
    from checker.errors import ConfigError
    from web.config import load_server_config

    assert load_server_config({"request_budget": 2}, {}).request_budget == 2.0
    assert load_server_config({}, {"MSGCHECK_REQUEST_BUDGET": "0.5"}).request_budget == 0.5
    assert load_server_config({}, {}).request_budget == 5.0  # well under gunicorn's 30 s
    for bad in (0, -1, "soon"):
        with pytest.raises(ConfigError, match="request_budget"):
            load_server_config({"request_budget": bad}, {})


# -- strict JSON ------------------------------------------------------------------------------
@pytest.mark.parametrize("path, raw", [
    ("/v1/check", '{"text": "加我微信 mm5566", "text": "hello"}'),
    ("/v1/check/batch", '{"messages": [{"text": "hi", "platform": "douyin", "platform": "wechat"}]}'),
    ("/v1/audit", '{"content": "", "format": "jsonl", "content": "x"}'),
    ("/v1/fix", '{"text": "a", "mask": true, "mask": false}'),
])
def test_duplicate_keys_anywhere_are_refused(client, path, raw):
    e = err(client.post(path, data=raw.encode(), content_type="application/json"), 400, "duplicate_key")
    assert "duplicate key" in e["message"] and "only once" in e["message"]


def test_the_same_key_in_different_objects_is_fine(client):
    r = client.post("/v1/check/batch", json={"messages": [{"text": PLAIN}, {"text": DIVERT}]})
    assert r.status_code == 200


def test_record_without_sender_reads_once(client):
    e = err(client.post("/v1/check", json={"text": "hi", "record": True}), 422, "invalid_request")
    assert e["message"] == "record needs sender and group"
    assert e["fields"] == {"record": "needs sender and group"}
    e = err(client.post("/v1/check/batch", json={"messages": [{"text": "hi", "record": True, "sender": "s"}]}),
            422, "invalid_request")
    assert e["message"] == "messages[0].record needs sender and group"


# -- callers: hosts, content types, proxies --------------------------------------------------
POSTS = ["/v1/check", "/v1/check/batch", "/v1/audit", "/v1/fix", "/v1/wordlists/reload"]


@pytest.mark.parametrize("path", POSTS + ["/v1/profiles", "/healthz", "/"])
def test_a_foreign_host_is_refused(client, path):
    method = client.post if path in POSTS else client.get
    kw = {"json": {"text": "hi"}} if path in POSTS else {}
    r = method(path, headers={"Host": "evil.example"}, **kw)
    e = err(r, 400, "host_not_allowed")
    assert "allowed_hosts" in e["message"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8080", "127.0.0.1:8080", "[::1]:8080", "LOCALHOST."])
def test_loopback_hosts_are_answered_by_default(client, host):
    assert client.post("/v1/check", json={"text": "hi"}, headers={"Host": host}).status_code == 200


def test_reload_from_a_foreign_host_does_not_reload(engine):
    app = make_app(engine)
    st = app.extensions["msgcheck"]
    before = st.generation
    c = app.test_client()
    err(c.post("/v1/wordlists/reload", headers={"Host": "evil.example"}), 400, "host_not_allowed")
    assert st.generation == before


def test_configured_hosts_replace_the_defaults(engine):
    c = make_app(engine, allowed_hosts=["msgcheck.example.com", ".corp.example"]).test_client()
    ok = {"msgcheck.example.com", "msgcheck.example.com:443", "corp.example", "a.b.corp.example"}
    for host in ok:
        assert c.get("/healthz", headers={"Host": host}).status_code == 200, host
    for host in ("localhost", "evil.example", "corp.example.evil.example", "xcorp.example"):
        assert c.get("/healthz", headers={"Host": host}).status_code == 400, host
    star = make_app(engine, allowed_hosts=["*"]).test_client()
    assert star.get("/healthz", headers={"Host": "anything.example"}).status_code == 200


def test_the_bound_address_is_a_default_host(engine):
    c = make_app(engine, bind_host="10.1.2.3").test_client()
    assert c.get("/healthz", headers={"Host": "10.1.2.3:8080"}).status_code == 200
    assert c.get("/healthz", headers={"Host": "10.1.2.4:8080"}).status_code == 400
    wild = default_allowed_hosts("0.0.0.0")
    assert {"localhost", "127.0.0.1", "::1", normalize_host(socket.gethostname())} <= set(wild)
    assert default_allowed_hosts(None) == ["localhost", "127.0.0.1", "::1"]


def test_allowed_hosts_config(engine):
    from checker.errors import ConfigError
    from web.config import load_server_config

    assert load_server_config({"allowed_hosts": ["a.example"]}, {}).allowed_hosts == ["a.example"]
    assert load_server_config({}, {"MSGCHECK_ALLOWED_HOSTS": "a.example, b.example"}).allowed_hosts == [
        "a.example", "b.example"]
    with pytest.raises(ConfigError, match="allowed_hosts"):
        load_server_config({"allowed_hosts": "a.example"}, {})


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("ctype, data", [
    ("application/x-www-form-urlencoded", b"text=%E5%8A%A0"),
    ("text/plain", b'{"text": "hi"}'),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=text\r\n\r\nhi\r\n--x--\r\n"),
    (None, b""),
])
def test_every_post_needs_json(engine, path, ctype, data):
    """No simple cross-site request (form, text/plain, no type) reaches a handler; the reload
    without a body included."""
    app = make_app(engine)
    st = app.extensions["msgcheck"]
    before = st.generation
    headers = {"Content-Type": ctype} if ctype else {}
    err(app.test_client().post(path, data=data, headers=headers), 415, "unsupported_media_type")
    assert st.generation == before


def test_reload_with_json_type_and_an_empty_body(engine):
    app = make_app(engine)
    before = app.extensions["msgcheck"].generation
    r = app.test_client().post("/v1/wordlists/reload", content_type="application/json")
    assert r.status_code == 200 and app.extensions["msgcheck"].generation == before + 1


def test_forwarded_for_is_ignored_without_trusted_proxies(engine, caplog):
    caplog.set_level(logging.INFO, logger="msgcheck.access")
    c = make_app(engine, access_log="on").test_client()
    r = c.post("/v1/check", json={"text": "hi"}, headers={"X-Forwarded-For": "203.0.113.9"}, buffered=True)
    assert r.status_code == 200  # still the loopback client
    assert any(m.getMessage().startswith("127.0.0.1 local:127.0.0.1 ") for m in caplog.records
               if m.name == "msgcheck.access")


def test_a_trusted_proxy_gives_the_real_client(engine, caplog):
    caplog.set_level(logging.INFO, logger="msgcheck.access")
    c = make_app(engine, trusted_proxies=1, access_log="on").test_client()
    # no keys: loopback clients only, and the real client behind the proxy is not on loopback
    r = c.post("/v1/check", json={"text": "hi"}, headers={"X-Forwarded-For": "203.0.113.9"}, buffered=True)
    err(r, 403, "loopback_only")
    lines = [m.getMessage() for m in caplog.records if m.name == "msgcheck.access"]
    assert lines and lines[-1].startswith("203.0.113.9 ")
    # one proxy trusted: a client-supplied first hop is not believed, the proxy's own entry is
    r = c.post("/v1/check", json={"text": "hi"}, headers={"X-Forwarded-For": "203.0.113.9, 127.0.0.5"})
    assert r.status_code == 200


def test_rate_limits_follow_the_real_client(engine):
    clock = FakeClock()
    c = make_app(engine, trusted_proxies=1, rate_limit=0.001, rate_burst=1, ratelimit_clock=clock).test_client()

    def send(client_addr):
        return c.post("/v1/check", json={"text": "hi"}, headers={"X-Forwarded-For": client_addr}).status_code

    assert send("127.0.0.2") == 200
    assert send("127.0.0.2") == 429
    assert send("127.0.0.3") == 200  # another client behind the same proxy has its own allowance


def test_trusted_proxies_config(engine):
    from web.config import load_server_config

    assert load_server_config({}, {}).trusted_proxies == 0
    assert load_server_config({"trusted_proxies": 2}, {}).trusted_proxies == 2
    assert load_server_config({}, {"MSGCHECK_TRUSTED_PROXIES": "1"}).trusted_proxies == 1


# -- the gate, with raw WSGI environs --------------------------------------------------------
def _reached(environ, start_response):
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"got %d" % len(body)]


def _call(gate, **environ):
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": "/v1/check", "HTTP_HOST": "localhost", **environ}
    status = []
    out = b"".join(gate(env, lambda s, h, e=None: status.append(s)))
    return status[0], out


def test_the_gate_drains_a_refused_body_up_to_its_bound():
    gate = Gate(_reached, max_body=1000, allowed_hosts=["localhost"], drain_limit=10_000)
    body = io.BytesIO(b"x" * 8000)
    status, out = _call(gate, CONTENT_LENGTH="8000", **{"wsgi.input": body})
    assert status.startswith("413") and json.loads(out)["error"]["code"] == "body_too_large"
    assert body.tell() == 8000, "read to the end, so the client is not reset while sending"
    big = io.BytesIO(b"x" * 50_000)
    status, _ = _call(gate, CONTENT_LENGTH="50000", **{"wsgi.input": big})
    assert status.startswith("413") and big.tell() == 10_000, "…but never more than drain_limit"


def test_the_gate_counts_chunked_bodies():
    gate = Gate(_reached, max_body=1000, allowed_hosts=["localhost"], drain_limit=10_000)
    status, out = _call(gate, HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": io.BytesIO(b"y" * 999)})
    assert status.startswith("200") and out == b"got 999"
    body = io.BytesIO(b"y" * 5000)
    status, out = _call(gate, HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": body})
    assert status.startswith("413") and body.tell() == 5000


def test_the_gate_checks_the_host_before_anything():
    gate = Gate(_reached, max_body=1000, allowed_hosts=["localhost"], drain_limit=10_000)
    status, out = _call(gate, HTTP_HOST="evil.example", CONTENT_LENGTH="3", **{"wsgi.input": io.BytesIO(b"abc")})
    assert status.startswith("400") and json.loads(out)["error"]["code"] == "host_not_allowed"
    status, out = _call(gate, CONTENT_LENGTH="abc", **{"wsgi.input": io.BytesIO(b"")})
    assert status.startswith("400")


def test_a_chunked_json_body_reaches_the_api(client):
    r = client.post("/v1/check", input_stream=io.BytesIO(json.dumps({"text": DIVERT}).encode()),
                    headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    assert r.status_code == 200 and r.get_json()["verdict"] == "block"


def test_the_document_lists_the_new_answers(engine):
    doc = make_app(engine).extensions["msgcheck"].openapi
    paths = doc["paths"]
    for path in ("/v1/check/batch", "/v1/audit"):
        assert "503" in paths[path]["post"]["responses"], path
    reload = paths["/v1/wordlists/reload"]["post"]
    assert {"400", "413", "415"} <= set(reload["responses"])
    assert reload["requestBody"]["required"] is False
    for path, ops in paths.items():
        for op in ops.values():
            assert "400" in op["responses"], f"{path}: host_not_allowed can answer any request"
    item = doc["components"]["schemas"]["BatchMessage"]["properties"]["text"]
    assert "maxLength" not in item and "text_too_long" in item["description"]
