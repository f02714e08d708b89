"""The /v1 API through app.test_client(): every endpoint, and every way a request can be bad.

A bad request must get a 4xx with the contract's error shape and a field-level message, never
a 500 and never an HTML page; the text a sender checks must never reach the logs."""
from __future__ import annotations

import json
import logging

import pytest

from web_fixtures import all_logged, engine, make_app  # noqa: F401

MARKER = "加我微信 zz_secret_marker_42"


@pytest.fixture(scope="module")
def app(engine):
    return make_app(engine, max_batch=5)


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def err(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


# -- POST /v1/check ---------------------------------------------------------------------------
def test_check_blocks_diversion_with_valid_offsets(client):
    text = "亲😀，加我微信 mm5566 发你优惠券"
    r = client.post("/v1/check", json={"text": text, "platform": "douyin"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["verdict"] == "block" and body["platform"] == "douyin"
    assert body["findings"], body
    for f in body["findings"]:
        # code-point offsets into what was sent (the emoji before the span must not shift them)
        assert text[f["start"]:f["end"]] == f["text"]
        assert f["category"] in ("competitor", "diversion", "contact", "broadcast")
    assert r.headers["Cache-Control"] == "no-store"


def test_check_passes_ordinary_text_and_uses_default_platform(client):
    r = client.post("/v1/check", json={"text": "北京东路店今天上新了V领毛衣"})
    assert r.status_code == 200
    assert r.get_json() == {"verdict": "pass", "findings": [], "platform": "douyin"}


def test_check_platform_changes_the_verdict(client):
    # 微信 is home on wechat: a bare mention is a competitor on douyin but nothing on wechat
    text = "我们微信群里有很多老顾客"
    douyin = client.post("/v1/check", json={"text": text, "platform": "douyin"}).get_json()
    wechat = client.post("/v1/check", json={"text": text, "platform": "wechat"}).get_json()
    assert wechat["platform"] == "wechat" and douyin["platform"] == "douyin"
    assert douyin["verdict"] != "pass" and wechat["verdict"] == "pass"


def test_check_ts_forms_are_accepted(client):
    for ts in ("2025-11-20T10:00:00+08:00", "2025-11-20", 1763600000, 1763600000.5, "1763600000"):
        r = client.post("/v1/check", json={"text": "你好", "ts": ts, "sender": "s", "group": "g"})
        assert r.status_code == 200, (ts, r.get_json())


def test_sender_and_group_without_store_say_the_broadcast_check_was_skipped(client):
    r = client.post("/v1/check", json={"text": "你好", "sender": "s1", "group": "g1", "record": True})
    assert r.status_code == 200
    assert any("no broadcast store" in n for n in r.get_json()["notes"])


def test_unsupported_media_type_is_415(client):
    r = client.post("/v1/check", data=json.dumps({"text": "x"}), content_type="text/plain")
    err(r, 415, "unsupported_media_type")
    err(client.post("/v1/check", data="text=x"), 415, "unsupported_media_type")  # form default


@pytest.mark.parametrize("raw", ['{"text": ', "", "   ", '{"text": NaN}', '{"text": "x", "ts": Infinity}',
                                 "[" * 100_000 + "]" * 100_000, b'{"text": "\xff\xfe"}'])
def test_malformed_json_is_400(client, raw):
    e = err(client.post("/v1/check", data=raw, content_type="application/json"), 400, "bad_json")
    assert "fields" not in e


@pytest.mark.parametrize("raw", ['["text"]', '"text"', "42", "null"])
def test_json_that_is_not_an_object_is_400(client, raw):
    e = err(client.post("/v1/check", data=raw, content_type="application/json"), 400, "bad_json")
    assert "object" in e["message"]


@pytest.mark.parametrize("body, field, words", [
    ({}, "text", "required"),
    ({"text": 5}, "text", "string"),
    ({"text": None}, "text", "string"),
    ({"text": ["a"]}, "text", "string"),
    ({"text": "x", "platform": 3}, "platform", "string"),
    ({"text": "x", "sender": 12}, "sender", "string"),
    ({"text": "x", "sender": ""}, "sender", "empty"),
    ({"text": "x", "group": {"a": 1}}, "group", "string"),
    ({"text": "x", "record": "yes"}, "record", "true or false"),
    ({"text": "x", "ts": True}, "ts", "ISO 8601"),
    ({"text": "x", "ts": "yesterday"}, "ts", "ISO 8601"),
    ({"text": "x", "ts": "2025-13-45"}, "ts", "ISO 8601"),
    ({"text": "x", "ts": -1}, "ts", "ISO 8601"),
    ({"text": "x", "ts": 1e300}, "ts", "ISO 8601"),
    ({"text": "x", "platfrom": "douyin"}, "platfrom", "unknown field"),
    ({"text": "x", "record": True}, "record", "sender and group"),
    ({"text": "x", "record": True, "sender": "s"}, "record", "sender and group"),
    ({"text": "x" * 10_001}, "text", "at most 10000"),
])
def test_schema_violations_are_422_with_field_messages(client, body, field, words):
    e = err(client.post("/v1/check", json=body), 422, "invalid_request")
    assert field in e["fields"], e
    assert words in e["fields"][field], e


def test_every_bad_field_is_reported_at_once(client):
    e = err(client.post("/v1/check", json={"text": 1, "sender": 2, "extra": 3}), 422, "invalid_request")
    assert set(e["fields"]) == {"text", "sender", "extra"}


def test_text_at_the_limit_is_accepted(client):
    assert client.post("/v1/check", json={"text": "好" * 10_000}).status_code == 200


def test_unpaired_surrogate_is_422_not_500(client):
    raw = '{"text": "abc\\ud800def"}'
    e = err(client.post("/v1/check", data=raw, content_type="application/json"), 422, "invalid_request")
    assert "surrogate" in e["fields"]["text"]


@pytest.mark.parametrize("path", ["/v1/check", "/v1/fix"])
def test_an_empty_platform_names_no_profile(client, path):
    """"" is not in the document's enum of platforms: 400 unknown_platform, not the default."""
    err(client.post(path, json={"text": "x", "platform": ""}), 400, "unknown_platform")


def test_unknown_platform_is_400_listing_valid_ones(client, engine):
    e = err(client.post("/v1/check", json={"text": "x", "platform": "weibo"}), 400, "unknown_platform")
    assert e["valid"] == engine.profiles.names()
    assert "douyin" in e["message"] and "wechat" in e["message"]
    assert e["fields"] == {"platform": "unknown platform"}


def test_huge_body_is_413(client):
    body = json.dumps({"text": "x" * (1024 * 1024 + 10)})
    e = err(client.post("/v1/check", data=body, content_type="application/json"), 413, "body_too_large")
    assert "1048576" in e["message"]


def test_huge_body_without_content_length_is_413(app):
    """A chunked upload has no Content-Length to refuse up front; the limit still holds."""
    import io

    from werkzeug.test import EnvironBuilder

    data = b'{"text": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    env = EnvironBuilder(path="/v1/check", method="POST", content_type="application/json").get_environ()
    env.pop("CONTENT_LENGTH", None)
    env["wsgi.input"] = io.BytesIO(data)
    env["wsgi.input_terminated"] = True
    env["REMOTE_ADDR"] = "127.0.0.1"
    with app.request_context(env):
        resp = app.full_dispatch_request()
    assert resp.status_code == 413, resp.get_data(as_text=True)


def test_wrong_method_and_unknown_path_are_json(client):
    e = err(client.get("/v1/check"), 405, "method_not_allowed")
    assert e["message"]
    assert "POST" in client.get("/v1/check").headers["Allow"]
    err(client.get("/v1/nothing"), 404, "not_found")


# -- POST /v1/check/batch ------------------------------------------------------------------------
def test_batch_checks_in_order_with_a_default_platform(client):
    msgs = [{"text": "你好"}, {"text": "加我微信 mm5566"}, {"text": "我们微信群里见", "platform": "wechat"}]
    r = client.post("/v1/check/batch", json={"messages": msgs, "platform": "kuaishou"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["count"] == 3
    assert [x["verdict"] for x in body["results"]][:2] == ["pass", "block"]
    assert [x["platform"] for x in body["results"]] == ["kuaishou", "kuaishou", "wechat"]


def test_batch_too_large_is_413(client):
    e = err(client.post("/v1/check/batch", json={"messages": [{"text": "a"}] * 6}), 413, "batch_too_large")
    assert "at most 5" in e["message"]


@pytest.mark.parametrize("body, field", [
    ({}, "messages"),
    ({"messages": []}, "messages"),
    ({"messages": "hi"}, "messages"),
    ({"messages": [{"text": "ok"}, {"text": 7}]}, "messages[1].text"),
    ({"messages": [{"text": "ok"}, {}]}, "messages[1].text"),
    ({"messages": [{"text": "ok"}, {"text": "x", "ts": "later"}]}, "messages[1].ts"),
    ({"messages": [{"text": "ok", "record": True}]}, "messages[0].record"),
    ({"messages": [{"text": "ok"}], "extra": 1}, "extra"),
])
def test_batch_field_errors_name_the_item(client, body, field):
    e = err(client.post("/v1/check/batch", json=body), 422, "invalid_request")
    assert field in e["fields"], e


def test_batch_unknown_platform_is_400(client):
    e = err(client.post("/v1/check/batch", json={"messages": [{"text": "a"}, {"text": "b", "platform": "nope"}]}),
            400, "unknown_platform")
    assert "messages[1].platform" in e["fields"]
    err(client.post("/v1/check/batch", json={"messages": [{"text": "a"}], "platform": "nope"}),
        400, "unknown_platform")


# -- other endpoints -------------------------------------------------------------------------------
def test_profiles_lists_every_profile_and_the_default(client, engine):
    r = client.get("/v1/profiles")
    assert r.status_code == 200
    body = r.get_json()
    assert body["default"] == "douyin"
    assert [p["name"] for p in body["profiles"]] == engine.profiles.names()
    douyin = next(p for p in body["profiles"] if p["name"] == "douyin")
    assert douyin == engine.profiles.get("douyin").to_dict()


def test_reload_recompiles_and_keeps_checking(client, app):
    st = app.extensions["msgcheck"]
    before = st.checker.lexicon
    r = client.post("/v1/wordlists/reload", content_type="application/json")
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "reloaded" and body["terms"] > 100 and body["digest"]
    assert st.checker.lexicon is not before  # swapped
    assert client.post("/v1/check", json={"text": "加我微信"}).get_json()["verdict"] == "block"


def test_reload_failure_is_500_and_keeps_the_old_lexicon(client, app, monkeypatch):
    from checker.errors import WordlistError

    st = app.extensions["msgcheck"]
    before = st.checker.lexicon

    def broken():
        raise WordlistError("/lists/platforms.txt", 3, "bad line")
    monkeypatch.setattr(st.checker, "reload", broken)
    e = err(client.post("/v1/wordlists/reload", content_type="application/json"), 500, "wordlist_error")
    assert "platforms.txt:3" in e["message"]
    assert st.checker.lexicon is before


def test_healthz_and_readyz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "ready" and body["checks"]["engine"]["ok"] is True
    assert body["checks"]["store"] == {"ok": True, "configured": False}


def test_audit_summarises_an_uploaded_log(client):
    log = "\n".join([json.dumps({"id": "a", "text": "加我微信 mm5566", "sender": "s1"}, ensure_ascii=False),
                     json.dumps({"id": "b", "text": "今天天气不错"}, ensure_ascii=False),
                     "not json",
                     json.dumps({"id": "d", "text": "hi", "platform": "nope"})])
    r = client.post("/v1/audit", json={"content": log, "format": "jsonl"})
    assert r.status_code == 200
    body = r.get_json()
    s = body["summary"]
    assert s["records"] == 4 and s["errors"] == 2
    assert s["verdicts"]["block"] == 1 and s["verdicts"]["pass"] == 1
    assert [x["id"] for x in body["results"]] == ["a", "b", 3, "d"]
    csv = "id,text\n1,加我微信\n2,你好\n"
    s = client.post("/v1/audit", json={"content": csv, "format": "csv"}).get_json()["summary"]
    assert s["records"] == 2 and s["verdicts"]["block"] == 1
    s = client.post("/v1/audit", json={"content": "加我微信\n你好\n", "format": "text"}).get_json()["summary"]
    assert s["records"] == 2


def test_audit_replays_broadcasts_with_the_logs_own_timestamps(client):
    texts = ["早上好，今天的团购九点开始", "新到的苹果很甜，欢迎品尝", "明天下午三点直播试穿新款外套",
             "昨天的订单都已经发货了", "有问题可以在群里提出来", "周末店里有满减活动", "这款面霜适合干性皮肤",
             "记得查看物流信息哦", "晚上八点抽奖送小礼物", "本周销量第一的是羊毛围巾", "感谢大家一直以来的支持"]
    log = "\n".join(json.dumps({"id": i, "text": t, "sender": "s1", "group": "g1", "ts": 1_763_780_000 + i},
                               ensure_ascii=False) for i, t in enumerate(texts))
    body = client.post("/v1/audit", json={"content": log}).get_json()
    assert [r["verdict"] for r in body["results"]] == ["pass"] * 10 + ["review"]
    assert body["results"][-1]["findings"][0]["rule"] == "broadcast.flood"


def test_audit_bad_requests(client):
    e = err(client.post("/v1/audit", json={"content": "id,foo\n1,hello\n", "format": "csv"}), 422,
            "invalid_request")
    assert "text" in e["fields"]["content"]
    e = err(client.post("/v1/audit", json={"content": "x", "format": "xml"}), 422, "invalid_request")
    assert "format" in e["fields"]
    err(client.post("/v1/audit", json={}), 422, "invalid_request")
    err(client.post("/v1/audit", json={"content": "x", "platform": "nope"}), 400, "unknown_platform")


# -- logs ----------------------------------------------------------------------------------------
def test_message_text_never_reaches_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/v1/check", json={"text": MARKER})
    client.post("/v1/check", json={"text": MARKER, "platform": "nope"})
    client.post("/v1/check", json={"text": MARKER, "ts": "bad"})
    client.post("/v1/check", json={"text": MARKER, "unknown": 1})
    client.post("/v1/check", data='{"text": "' + MARKER, content_type="application/json")
    client.post("/v1/check/batch", json={"messages": [{"text": MARKER}]})
    client.post("/v1/audit", json={"content": MARKER})
    assert "zz_secret_marker_42" not in all_logged(caplog)


def test_log_text_opt_in_does_log_it(engine, caplog):
    """The opposite switch, so the test above cannot pass merely because nothing is captured."""
    caplog.set_level(logging.DEBUG)
    c = make_app(engine, log_text=True).test_client()
    c.post("/v1/check", json={"text": MARKER})
    assert "zz_secret_marker_42" in all_logged(caplog)


def test_unexpected_error_is_a_json_500_without_the_text(app, client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    st = app.extensions["msgcheck"]

    def boom(*a, **kw):
        raise RuntimeError("engine exploded")
    monkeypatch.setattr(st.checker, "check", boom)
    e = err(client.post("/v1/check", json={"text": MARKER}), 500, "internal_error")
    assert "exploded" not in e["message"]
    logged = all_logged(caplog)
    assert "RuntimeError" in logged and "zz_secret_marker_42" not in logged


# -- reload across workers, the page -------------------------------------------------------------
def test_reload_reaches_the_other_workers(engine):
    """Two apps sharing the launcher's counter behave like two gunicorn workers: a reload on one
    makes the other reload (in the background) on its next request."""
    import multiprocessing
    import time

    gen = multiprocessing.Value("L", 0)
    a, b = (make_app(engine, reload_generation=gen) for _ in range(2))
    sb = b.extensions["msgcheck"]
    before = sb.checker.lexicon
    assert a.test_client().post("/v1/wordlists/reload", content_type="application/json").status_code == 200
    assert gen.value == 1 and sb.checker.lexicon is before  # b has not noticed yet
    assert b.test_client().post("/v1/check", json={"text": "你好"}).status_code == 200
    deadline = time.monotonic() + 10
    while sb.checker.lexicon is before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sb.checker.lexicon is not before and sb.generation == 1
    assert b.test_client().get("/readyz").get_json()["checks"]["engine"]["generation"] == 1


def test_page_is_autoescaped_self_contained_and_mobile_ready(engine):
    from checker.profiles import Profiles

    app = make_app(engine)
    st = app.extensions["msgcheck"]
    st.checker.profiles = Profiles({"evil": {"label": "<script>alert(1)</script>"}})
    r = app.test_client().get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'name="viewport"' in html and "width=device-width" in html
    assert "http://" not in html and "https://" not in html  # no CDN
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert 'id="apikey"' not in html  # no keys configured: no key field
    keyed = make_app(engine, api_keys=[{"name": "a", "key": "abcdefghijklmnop1234"}]).test_client().get("/")
    assert 'id="apikey"' in keyed.get_data(as_text=True)
    for asset in ("/static/app.js", "/static/app.css"):
        body = app.test_client().get(asset).get_data(as_text=True)
        assert "http://" not in body and "https://" not in body, asset


# -- POST /v1/fix -----------------------------------------------------------------------------
def test_fix_rewrites_and_checks_the_rewrite(client):
    text = "亲😀，加我微信 mm5566 发你优惠券"
    r = client.post("/v1/fix", json={"text": text, "platform": "douyin"})
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["before"]["verdict"] == "block" and body["after"]["verdict"] == "pass" and body["fixed"] == 2
    rebuilt = text
    for ed in reversed(body["edits"]):
        rebuilt = rebuilt[:ed["start"]] + ed["replacement"] + rebuilt[ed["end"]:]
    assert rebuilt == body["text"] and "mm5566" not in body["text"]


def test_fix_masks_on_request_and_leaves_clean_text_alone(client):
    masked = client.post("/v1/fix", json={"text": "电话 13912345678", "mask": True}).get_json()
    assert masked["text"] == "电话 ***********"
    clean = client.post("/v1/fix", json={"text": "今晚8点直播"}).get_json()
    assert clean["text"] == "今晚8点直播" and clean["edits"] == [] and clean["after"]["verdict"] == "pass"


@pytest.mark.parametrize("body, status, code", [
    ({"text": 5}, 422, "invalid_request"),
    ({"txt": "a"}, 422, "invalid_request"),
    ({"text": "a", "mask": "yes"}, 422, "invalid_request"),
    ({"text": "a", "platform": "tiktok"}, 400, "unknown_platform"),
])
def test_fix_bad_bodies_get_their_error(client, body, status, code):
    err(client.post("/v1/fix", json=body), status, code)
