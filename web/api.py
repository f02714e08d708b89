"""The versioned JSON API (/v1) and the probes (/healthz, /readyz, /metrics, /openapi.json).

Before this module: web.gate (Host, 400; body size, 413 with the body drained). Every POST
then needs Content-Type: application/json (415, before the view runs: no simple cross-site
form or text POST reaches a handler), and every body goes through the same steps: JSON syntax
with each key at most once per object (400), the JSON schema of /openapi.json (422, one message
per field), then the platform (400 with the valid names). Work is bounded per request: each
message and audit record by max_text (an over-long one gets its own error entry), a batch by
max_batch and max_batch_chars (413), and the time spent by request_budget, checked between
messages and records (503). Message text is never logged unless the operator turns log_text on."""
from __future__ import annotations

import io
import json
import logging
import math
import time
from typing import Any, Callable

from flask import Blueprint, Response, current_app, g, request
from werkzeug.http import parse_options_header

from checker.audit import AuditRun, InputError, Summary, parse_ts, read_csv, read_jsonl, read_text
from checker.errors import MsgcheckError, UnknownPlatform
from checker.fix import fix as fix_draft

from checker.broadcast.charge import ChargeRefused, riding

from .accesslog import KEY_ENVIRON
from .errors import ApiError, internal_error, json_bytes, json_response
from .metrics import ROUTE
from .ratelimit import Decision
from .openapi import TS_MAX

log = logging.getLogger("msgcheck.web")
text_log = logging.getLogger("msgcheck.web.text")

v1 = Blueprint("v1", __name__, url_prefix="/v1")
probes = Blueprint("probes", __name__)


def state():
    return current_app.extensions["msgcheck"]


# -- the gate -------------------------------------------------------------------------------
def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


class DuplicateKey(ValueError):
    pass


def _strict_object(pairs: list) -> dict:
    """object_pairs_hook: a key given twice is refused (a gateway that reads the first of two
    "text" keys and this server the last would disagree about what was checked)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise DuplicateKey(f"duplicate key {dup!r} in a JSON object; each key may appear only once")
    return obj


def require_json_type() -> None:
    if request.mimetype != "application/json":
        raise unsupported_media_type()


def unsupported_media_type() -> ApiError:
    return ApiError(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")


def json_body() -> Any:
    require_json_type()
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    length = request.content_length
    if length is not None and (limit is None or length <= limit):
        # The common case, read straight from the server's stream: werkzeug's wrapping of it
        # (get_data) costs more than the JSON parse of a 60-character message.
        raw = request.environ["wsgi.input"].read(length) if length else b""
    else:
        raw = request.get_data(cache=False)  # 413 when Content-Length exceeds MAX_CONTENT_LENGTH
    if length is None and limit is not None and len(raw) >= limit:
        # A chunked body is cut at the limit without an error (werkzeug stops reading there).
        raise ApiError(413, "body_too_large", f"request body is larger than {limit} bytes")
    return parse_json(raw)


def parse_json(raw: bytes) -> dict:
    """A request body -> its JSON object (400 for anything else)."""
    if not raw:
        raise ApiError(400, "bad_json", "the request body is empty; expected a JSON object")
    try:
        body = json.loads(raw, parse_constant=_reject_constant, object_pairs_hook=_strict_object)
    except DuplicateKey as e:
        raise ApiError(400, "duplicate_key", str(e)) from None
    except UnicodeDecodeError:
        raise ApiError(400, "bad_json", "the body is not UTF-8") from None
    except json.JSONDecodeError as e:
        raise ApiError(400, "bad_json", f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except ValueError as e:  # NaN / Infinity
        raise ApiError(400, "bad_json", f"malformed JSON: {e}") from None
    except RecursionError:
        raise ApiError(400, "bad_json", "malformed JSON: nested too deeply") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", f"expected a JSON object, got {type(body).__name__}")
    return body


_TYPES = {"string": "a string", "number": "a number", "integer": "an integer", "boolean": "true or false",
          "object": "an object", "array": "an array"}


def _path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(body)"


def _describe(e) -> list[tuple[str, str]]:
    """jsonschema error -> [(field path, plain message)]."""
    where = list(e.absolute_path)
    v = e.validator
    if v == "required":
        missing = e.message.split("'")[1] if "'" in e.message else "field"
        return [(_path(where + [missing]), "is required")]
    if v == "additionalProperties":
        allowed = sorted(e.schema.get("properties", {}))
        extra = [k for k in e.instance if k not in e.schema.get("properties", {})]
        return [(_path(where + [k]), f"unknown field (valid: {', '.join(allowed)})") for k in extra]
    if v == "type":
        want = e.validator_value
        want = " or ".join(_TYPES.get(t, t) for t in (want if isinstance(want, list) else [want]))
        return [(_path(where), f"must be {want}")]
    if v == "maxLength":
        return [(_path(where), f"must be at most {e.validator_value} characters")]
    if v == "minLength":
        return [(_path(where), "must not be empty")]
    if v == "maxItems":
        return [(_path(where), f"must hold at most {e.validator_value} items")]
    if v == "minItems":
        return [(_path(where), f"must hold at least {e.validator_value} item(s)")]
    if v == "enum":
        return [(_path(where), f"must be one of {', '.join(map(str, e.validator_value))}")]
    if v == "oneOf" and where and where[-1] == "ts":
        return [(_path(where), "must be an ISO 8601 string or epoch seconds between 0 and "
                               f"{TS_MAX} (year 3000)")]
    if v in ("minimum", "maximum"):
        return [(_path(where), f"must be {'>=' if v == 'minimum' else '<='} {e.validator_value}")]
    return [(_path(where), e.message)]


_CHECK_FIELDS = frozenset({"text", "platform", "sender", "group", "ts", "record"})


def plain_check_body(body: dict, max_text: int) -> bool:
    """True when a /v1/check body is certainly valid against CheckRequest, decided without
    jsonschema (~40 µs a request): the common shape, plain types within bounds. Anything else
    (a ts, a null, an odd type, an extra field) returns False and goes through the schema, which
    also writes the field-level 422 messages; so this says True only for bodies the schema accepts."""
    if "ts" in body or not _CHECK_FIELDS.issuperset(body):
        return False
    text = body.get("text")
    if type(text) is not str or len(text) > max_text:
        return False
    if "platform" in body and type(body["platform"]) is not str:
        return False
    for key in ("sender", "group"):
        if key in body and (type(body[key]) is not str or not 1 <= len(body[key]) <= 256):
            return False
    return "record" not in body or type(body["record"]) is bool


def validate(validator, body: dict) -> None:
    if validator.is_valid(body):
        return
    fields: dict[str, str] = {}
    for e in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path))):
        for f, msg in _describe(e):
            fields.setdefault(f, msg)
    raise ApiError(422, "invalid_request", "the request does not match the schema: "
                   + "; ".join(f"{k} {v}" for k, v in fields.items()), fields=fields)


def _no_surrogates(value: str, field: str, fields: dict[str, str]) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        fields[field] = "contains an unpaired surrogate (not valid Unicode text)"


def prepare(msg: dict, where: str, default_platform: str | None, st=None) -> dict[str, Any]:
    """A schema-valid message -> keyword arguments for Checker.check (422/400 on bad values)."""
    fields: dict[str, str] = {}
    p = f"{where}." if where else ""
    for key in ("text", "platform", "sender", "group"):
        if isinstance(msg.get(key), str):
            _no_surrogates(msg[key], p + key, fields)
    ts = msg.get("ts")
    if ts is not None:
        try:
            ts = parse_ts(ts)
            if not (0 <= ts <= TS_MAX) or math.isnan(ts):
                raise ValueError
        except (ValueError, OverflowError):
            fields[p + "ts"] = f"must be an ISO 8601 string or epoch seconds between 0 and {TS_MAX} (year 3000)"
    record = bool(msg.get("record", False))
    if record and not (msg.get("sender") and msg.get("group")):
        fields[p + "record"] = "needs sender and group"
    if fields:
        raise ApiError(422, "invalid_request", "; ".join(f"{k} {v}" for k, v in fields.items()), fields=fields)
    platform = msg.get("platform")
    # "" names no profile (the document's enum has none): an unknown platform, not the default
    platform = default_platform if platform is None else platform
    checker = (st or state()).checker
    if platform is not None and platform not in checker.profiles:
        valid = checker.profiles.names()
        raise ApiError(400, "unknown_platform", f"unknown platform {platform!r}; valid: {', '.join(valid)}",
                       fields={p + "platform": "unknown platform"}, extra={"valid": valid})
    return {"text": msg["text"], "platform": platform, "sender": msg.get("sender"),
            "group": msg.get("group"), "ts": ts, "record": record}


def run_check(args: dict[str, Any], st=None) -> dict[str, Any]:
    st = st or state()
    try:
        report = st.checker.check(args["text"], args["platform"], sender=args["sender"], group=args["group"],
                                  ts=args["ts"], record=args["record"])
    except UnknownPlatform as e:  # the profile list can change on reload
        raise ApiError(400, "unknown_platform", str(e), extra={"valid": e.valid}) from None
    if st.metrics is not None:
        st.metrics.report(report)
    out = report.to_dict()
    if args["sender"] and args["group"] and st.guard is None:
        out.setdefault("notes", []).append("broadcast check skipped: no broadcast store is configured "
                                           "(store_url)")
    if st.config.log_text:
        text_log.info("check verdict=%s platform=%s text=%r", out["verdict"], out["platform"], args["text"])
    return out


# -- auth and rate limits ---------------------------------------------------------------------
def guarded(scope: str, charge_first: bool = True):
    """Authenticate, then charge one unit of the key's rate limit before the body is read.
    charge_first=False leaves the charge to the view (see check()), which must charge every
    request, malformed ones included, so that they cost as much as good ones."""
    def deco(view):
        def wrapper(*a, **kw):
            st = state()
            g.principal = p = st.keyring.authenticate(request.headers.get("Authorization"), request.remote_addr,
                                                      scope)
            request.environ[KEY_ENVIRON] = p.name  # for the access log: the key's name, never the key
            if charge_first:
                charge(1)
            if request.method == "POST" and request.mimetype != "application/json":
                if not charge_first:
                    charge(1)
                require_json_type()  # 415 for every POST, bodiless ones included (reload)
            return view(*a, **kw)
        wrapper.__name__ = view.__name__
        wrapper.__doc__ = view.__doc__
        return wrapper
    return deco


def _refused(retry_after: float) -> ApiError:
    header = Decision(False, retry_after).retry_after_header
    return ApiError(429, "rate_limited", f"rate limit exceeded for this key; retry in {header} s",
                    headers={"Retry-After": header})


def charge(n: int, st=None, name: str | None = None) -> None:
    """n units of the caller's rate limit (429 when refused); st and name default to the
    request's app state and principal."""
    st = st or state()
    if st.limiter is None:
        return
    d = st.limiter.hit(name or g.principal.name, n)
    if not d.allowed:
        raise _refused(d.retry_after)


# -- endpoints ----------------------------------------------------------------------------------
@v1.post("/check")
@guarded("check", charge_first=False)
def check():
    """Check one message (docs/ARCHITECTURE.md §3). Served by CheckRoute below, which skips
    Flask's request machinery; this view answers the requests CheckRoute hands on."""
    return json_response(check_message(state(), g.principal.name, json_body))


def check_message(st, name: str, read_body: Callable[[], dict]) -> dict[str, Any]:
    """The report for one authenticated /v1/check request whose body read_body() returns. The
    body is read before the rate-limit charge so that a message bound for the broadcast store
    can carry the charge there (one Redis round trip); every other request is charged before
    the engine runs, malformed ones included (they cost as much as good ones)."""
    try:
        body = read_body()
        if not plain_check_body(body, st.config.max_text):
            validate(st.validators["check"], body)
        args = prepare(body, "", None, st)
    except Exception:
        charge(1, st, name)  # a malformed request costs a unit too (and a refused one gets its 429)
        raise
    ride = st.ride_charge and args["sender"] and args["group"] and st.ride_charge(name, 1)
    if not ride:
        charge(1, st, name)
        return run_check(args, st)
    with riding(ride):
        try:
            out = run_check(args, st)
        except ChargeRefused as e:
            raise _refused(e.retry_after) from None
    if not ride.settled:  # the guard did not reach the store (backing off after a failure)
        charge(1, st, name)
    return out


class CheckRoute:
    """WSGI middleware that answers POST /v1/check itself, inside web.gate (so after the Host
    and body-size checks) and outside Flask: the request context, URL matching, the hooks and
    the Response object cost several times what the check of a chat draft does (~120 -> ~42 µs
    a request, bench/bench_wsgi.py). It runs the Flask route's steps (auth, 415, check_message,
    the error shapes, the headers the app's after_request adds, the route left for web.metrics);
    tests/test_web_checkroute.py holds its answers equal to the route's. A body without a usable
    Content-Length (or one over the limit) goes to the Flask route, untouched."""

    def __init__(self, app: Callable, flask_app, st):
        self.app, self.config, self.st = app, flask_app.config, st

    def __call__(self, environ: dict, start_response: Callable):
        if environ.get("PATH_INFO") != "/v1/check" or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        limit = self.config["MAX_CONTENT_LENGTH"]
        try:
            length = int(environ["CONTENT_LENGTH"])
        except (KeyError, ValueError):
            return self.app(environ, start_response)
        if length < 0 or (limit is not None and length > limit) or "HTTP_TRANSFER_ENCODING" in environ:
            return self.app(environ, start_response)
        environ[ROUTE] = "/v1/check"
        st = self.st
        try:
            st.follow()
            p = st.keyring.authenticate(environ.get("HTTP_AUTHORIZATION"), environ.get("REMOTE_ADDR"), "check")
            environ[KEY_ENVIRON] = p.name  # for the access log: the key's name, never the key
            ctype = environ.get("CONTENT_TYPE", "")
            if ctype != "application/json" and parse_options_header(ctype)[0].lower() != "application/json":
                charge(1, st, p.name)
                raise unsupported_media_type()
            stream = environ["wsgi.input"]
            out = check_message(st, p.name, lambda: parse_json(stream.read(length) if length else b""))
        except ApiError as e:
            return _send(e.response(), environ, start_response)
        except Exception as e:  # noqa: BLE001 - the app's own 500 (web.errors)
            return _send(internal_error(e), environ, start_response)
        data = json_bytes(out)
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                                  *_V1_HEADERS])
        return [data]


_V1_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store"))


def _send(resp: Response, environ: dict, start_response: Callable):
    resp.headers.update(_V1_HEADERS)
    return resp(environ, start_response)


@v1.post("/check/batch")
@guarded("check")
def check_batch():
    """Check several messages in order; one rate-limit unit per message."""
    st = state()
    body = json_body()
    msgs = body.get("messages")
    if isinstance(msgs, list) and len(msgs) > st.config.max_batch:
        raise ApiError(413, "batch_too_large", f"{len(msgs)} messages; at most {st.config.max_batch} per batch",
                       fields={"messages": f"must hold at most {st.config.max_batch} items"})
    validate(st.validators["batch"], body)
    if len(msgs) > 1:
        charge(len(msgs) - 1)
    budget = Budget()
    max_text = st.config.max_text
    too_long = {i: _too_long(f"messages[{i}].text", len(m["text"]), max_text)
                for i, m in enumerate(msgs) if len(m["text"]) > max_text}
    chars = sum(len(m["text"]) for i, m in enumerate(msgs) if i not in too_long)
    if chars > st.config.max_batch_chars:
        raise ApiError(413, "batch_too_large", f"{chars} characters of text; at most {st.config.max_batch_chars} "
                       "per batch (send fewer or shorter messages)")
    default = body.get("platform")
    prepared = [None if i in too_long else prepare(m, f"messages[{i}]", default) for i, m in enumerate(msgs)]
    results = []
    for i, args in enumerate(prepared):
        if args is None:
            results.append(too_long[i])
            continue
        budget.check(f"{i} of {len(msgs)} messages checked")
        results.append(run_check(args))
    return json_response({"results": results, "count": len(results)})


def _too_long(field: str, n: int, limit: int) -> dict[str, Any]:
    """The result entry of a message too long to check (the others in the request still are)."""
    return {"error": {"code": "text_too_long", "message": f"{field} is {n} characters; at most {limit}",
                      "fields": {field: f"must be at most {limit} characters"}}}


class Budget:
    """The request's work budget (server.request_budget seconds on the app's budget clock),
    checked between messages and records: a request that has used it up is answered 503
    instead of holding a worker thread past gunicorn's timeout."""

    def __init__(self):
        st = state()
        self.clock, self.seconds = st.budget_clock, st.config.request_budget
        self.deadline = self.clock() + self.seconds

    def check(self, progress: str) -> None:
        if self.clock() > self.deadline:
            raise ApiError(503, "budget_exceeded",
                           f"the request needed more than its {self.seconds:g} s work budget ({progress}); "
                           "send fewer or shorter messages per request", headers={"Retry-After": "1"})


@v1.post("/audit")
@guarded("check")
def audit_log():
    """Audit a small uploaded log: per-record results and the summary (nothing is recorded)."""
    st = state()
    body = json_body()
    validate(st.validators["audit"], body)
    fields: dict[str, str] = {}
    _no_surrogates(body["content"], "content", fields)
    if fields:
        raise ApiError(422, "invalid_request", "content contains an unpaired surrogate", fields=fields)
    platform = body.get("platform")
    if platform is not None and platform not in st.checker.profiles:
        valid = st.checker.profiles.names()
        raise ApiError(400, "unknown_platform", f"unknown platform {platform!r}; valid: {', '.join(valid)}",
                       fields={"platform": "unknown platform"}, extra={"valid": valid})
    fmt = body.get("format", "jsonl")
    reader = {"jsonl": read_jsonl, "csv": read_csv, "text": read_text}[fmt]
    summary = Summary()
    results = []
    budget = Budget()
    records = _bounded(reader(io.StringIO(body["content"], newline=""), "upload"), st.config.max_text, budget)
    # The log's own timestamps drive a private in-memory broadcast replay, as `msgcheck audit`
    # does; nothing reaches the server's store.
    run = AuditRun(records, checker=st.checker, platform=platform, jobs=1, broadcast=True)
    try:
        for rec, result in run:
            summary.add(rec, result)
            results.append(result)
    except InputError as e:  # e.g. a CSV without a text column: the whole upload is unusable
        raise ApiError(422, "invalid_request", str(e), fields={"content": str(e)}) from None
    return json_response({"summary": summary.to_dict(), "results": results})


def _bounded(records, max_text: int, budget: "Budget"):
    """The upload's records, each over-long one marked as its own error (never checked), and
    the work budget checked before each record reaches the engine."""
    for n, rec in enumerate(records):
        budget.check(f"{n} records read")
        if rec.error is None and rec.text is not None and len(rec.text) > max_text:
            rec.fail("too_long", f"text is {len(rec.text)} characters; at most {max_text}")
        yield rec


@v1.post("/fix")
@guarded("check")
def fix():
    """Rewrite a draft with the engine's suggestions (checker.fix, as `msgcheck fix` does);
    nothing is recorded for broadcast limits."""
    st = state()
    body = json_body()
    validate(st.validators["fix"], body)
    args = prepare({"text": body["text"], "platform": body.get("platform")}, "", None)
    try:
        result = fix_draft(st.checker, args["text"], args["platform"], mask=bool(body.get("mask", False)))
    except UnknownPlatform as e:  # the profile list can change on reload
        raise ApiError(400, "unknown_platform", str(e), extra={"valid": e.valid}) from None
    return json_response(result.to_dict())


@v1.get("/profiles")
@guarded("check")
def profiles():
    """Every platform profile, and the server's default."""
    checker = state().checker
    return json_response({"default": checker.settings.platform,
                          "profiles": [checker.profiles.get(n).to_dict() for n in checker.profiles.names()]})


@v1.post("/wordlists/reload")
@guarded("admin")
def reload_wordlists():
    """Recompile the wordlists here, then tell the other workers (shared generation counter)."""
    st = state()
    t = time.perf_counter()
    try:
        lex = st.reload_all()
    except MsgcheckError as e:
        log.error("wordlist reload failed: %s", e)
        raise ApiError(500, "wordlist_error", f"reload failed, previous wordlists still in use: {e}") from None
    log.info("wordlists reloaded by %s (%d terms)", g.principal.name, len(lex.terms()))
    return json_response({"status": "reloaded", "terms": len(lex.terms()), "digest": lex.digest,
                          "elapsed_ms": round((time.perf_counter() - t) * 1000, 1)})


@probes.get("/healthz")
def healthz():
    """The process is up (no engine or store call: liveness must not flap with Redis)."""
    return json_response({"status": "ok"})


@probes.get("/readyz")
def readyz():
    """Engine loaded and, when a store is configured, reachable (ping)."""
    st = state()
    checks: dict[str, Any] = {}
    ready = st.warm
    checks["engine"] = {"ok": ready, "generation": st.generation}
    if st.guard is None:
        checks["store"] = {"ok": True, "configured": False}
    else:
        store = st.guard.store
        t = time.perf_counter()
        try:
            how = _probe(store)
            checks["store"] = {"ok": True, "configured": True, "url": store.url, "probe": how,
                               "ms": round((time.perf_counter() - t) * 1000, 2)}
        except Exception as e:  # noqa: BLE001 - any failure means not ready
            checks["store"] = {"ok": False, "configured": True, "url": store.url, "error": type(e).__name__}
            ready = False
    return json_response({"status": "ready" if ready else "not_ready", "checks": checks}, 200 if ready else 503)


def _probe(store) -> str:
    """One cheap round trip: the store's ping() when it has one, else a read-only evaluate of a
    sender no one uses (Store's public interface; nothing is recorded)."""
    ping = getattr(store, "ping", None)
    if callable(ping):
        ping()
        return "ping"
    from checker.broadcast import Limits
    from checker.broadcast.stores import Query

    store.evaluate(Query("\x00msgcheck-readyz", "\x00readyz", time.time(), "", False, Limits()), False)
    return "evaluate"


@probes.get("/metrics")
@guarded("check", charge_first=False)
def metrics():
    """Prometheus text format (web.metrics), summed over the workers. The same key rule as /v1
    (a key with the check scope when keys are configured, else loopback only); not rate limited,
    so a scraper sharing a key with an app is never refused."""
    body, ctype = state().metrics.render()
    return Response(body, status=200, content_type=ctype)


@probes.get("/openapi.json")
def openapi():
    return json_response(state().openapi)
