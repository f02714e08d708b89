"""The OpenAPI 3.0 document, built per app from its limits, and the request schemas the API
validates with. One source: the schemas served at /openapi.json are the ones requests are
checked against, so the document cannot drift from the behaviour (the tests run schemathesis
against it as well)."""
from __future__ import annotations

import copy
from typing import Any

from checker.types import CATEGORIES

TS_MAX = 32503680000  # year 3000, as the broadcast guard accepts
#: ISO 8601 date or date-time (offset optional: UTC), or epoch seconds as a string.
TS_PATTERN = (r"^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
              r"|[0-9]{1,11}(\.[0-9]{1,6})?)$")

ERROR = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "stable machine-readable code"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "field path -> what is wrong with it (400/422)"},
            "valid": {"type": "array", "items": {"type": "string"},
                      "description": "valid platform names (unknown_platform)"},
        },
    }},
}

FINDING = {
    "type": "object",
    "required": ["category", "rule", "severity", "start", "end", "text", "message"],
    "properties": {
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "rule": {"type": "string"},
        "severity": {"type": "string", "enum": ["block", "review", "pass"]},
        "start": {"type": "integer", "nullable": True, "minimum": 0,
                  "description": "code-point offset into text; null for broadcast findings"},
        "end": {"type": "integer", "nullable": True, "minimum": 0, "description": "exclusive"},
        "text": {"type": "string", "description": "text[start:end] of the submitted message"},
        "message": {"type": "string"},
        "canonical": {"type": "string"},
        "suggestion": {"type": "string", "description": "what to write instead"},
        "score": {"type": "number"},
        "extra": {"type": "object"},
    },
}

REPORT = {
    "type": "object", "required": ["verdict", "findings", "platform"],
    "properties": {
        "verdict": {"type": "string", "enum": ["pass", "review", "block"]},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "platform": {"type": "string"},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}


def _draft(max_text: int, platforms: list[str], what: str) -> dict[str, Any]:
    """The two fields every draft request has: the text and its profile."""
    return {"text": {"type": "string", "maxLength": max_text, "description": what},
            "platform": {"type": "string", "enum": platforms,
                         "description": "profile; default: the server's platform. Unknown -> 400"}}


def check_request(max_text: int, platforms: list[str]) -> dict[str, Any]:
    ident = {"type": "string", "minLength": 1, "maxLength": 256}
    return {
        "type": "object", "additionalProperties": False, "required": ["text"],
        "properties": {
            **_draft(max_text, platforms, "the draft message"),
            "sender": dict(ident, description="sender id (broadcast limits need sender and group)"),
            "group": dict(ident, description="group / chat id"),
            "ts": {"description": "send time: ISO 8601 string or epoch seconds (default: now)",
                   "oneOf": [{"type": "string", "minLength": 1, "maxLength": 64, "pattern": TS_PATTERN},
                             {"type": "number", "minimum": 0, "maximum": TS_MAX}]},
            "record": {"type": "boolean", "description": "register the send when it is allowed "
                                                          "(check-and-reserve); needs sender and group"},
        },
    }


def batch_message(max_text: int, platforms: list[str]) -> dict[str, Any]:
    """A CheckRequest inside a batch: a text over max_text does not fail the request, it gets
    its own error entry in results (the other messages are still checked)."""
    m = copy.deepcopy(check_request(max_text, platforms))
    text = m["properties"]["text"]
    del text["maxLength"]
    text["description"] = (f"the draft message; over {max_text} characters it is not checked and its "
                           "result is an error entry (code text_too_long)")
    return m


def fix_request(max_text: int, platforms: list[str]) -> dict[str, Any]:
    return {
        "type": "object", "additionalProperties": False, "required": ["text"],
        "properties": {
            **_draft(max_text, platforms, "the draft to rewrite"),
            "mask": {"type": "boolean", "description": "replace risky spans with * instead of the rewrite"},
        },
    }


FIX_RESPONSE = {
    "type": "object", "required": ["text", "fixed", "edits", "before", "after"],
    "properties": {
        "text": {"type": "string", "description": "the rewritten draft"},
        "fixed": {"type": "integer", "minimum": 0, "description": "findings the edits rewrote"},
        "edits": {"type": "array", "items": {
            "type": "object", "required": ["start", "end", "replacement"],
            "properties": {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0},
                           "replacement": {"type": "string"}}},
            "description": "code-point spans of the submitted text and what replaced them"},
        "before": {"$ref": "#/components/schemas/Report"},
        "after": {"$ref": "#/components/schemas/Report", "description": "the rewrite, checked again"},
    },
}


def batch_request(max_text: int, max_batch: int, platforms: list[str]) -> dict[str, Any]:
    return {
        "type": "object", "additionalProperties": False, "required": ["messages"],
        "properties": {
            "messages": {"type": "array", "minItems": 1, "maxItems": max_batch,
                         "items": {"$ref": "#/components/schemas/BatchMessage"},
                         "description": f"1..{max_batch} messages, checked in order (more -> 413; "
                                        "more text than the server's max_batch_chars -> 413)"},
            "platform": {"type": "string", "enum": platforms,
                         "description": "default platform for messages that name none"},
        },
    }


def audit_request(platforms: list[str]) -> dict[str, Any]:
    return {
        "type": "object", "additionalProperties": False, "required": ["content"],
        "properties": {
            "content": {"type": "string", "description": "the log: JSON Lines, CSV with a header, or text; "
                                                         "a record whose text is over the per-message limit "
                                                         "gets an error result (kind too_long)"},
            "format": {"type": "string", "enum": ["jsonl", "csv", "text"], "default": "jsonl"},
            "platform": {"type": "string", "enum": platforms},
        },
    }


def validation_schema(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The request schema the server validates with: refs inlined, platform enums dropped
    (an unknown platform is answered 400 with the valid list, not a generic 422)."""
    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(copy.deepcopy(components[node["$ref"].rsplit("/", 1)[1]]))
            out = {k: walk(v) for k, v in node.items()}
            props = out.get("properties")
            if isinstance(props, dict) and "platform" in props:
                props["platform"] = {k: v for k, v in props["platform"].items() if k != "enum"}
            return out
        if isinstance(node, list):
            return [walk(x) for x in node]
        return node
    return walk(copy.deepcopy(schema))


def _json(schema_ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def _err(desc: str) -> dict[str, Any]:
    return {"description": desc, **_json("Error")}


def document(*, max_text: int, max_batch: int, max_body: int, platforms: list[str],
             auth: bool, version: str = "0.1.0") -> dict[str, Any]:
    components = {
        "CheckRequest": check_request(max_text, platforms),
        "BatchMessage": batch_message(max_text, platforms),
        "BatchRequest": batch_request(max_text, max_batch, platforms),
        "AuditRequest": audit_request(platforms),
        "FixRequest": fix_request(max_text, platforms),
        "FixResponse": FIX_RESPONSE,
        "Finding": FINDING,
        "Report": REPORT,
        "BatchResponse": {"type": "object", "required": ["results", "count"], "properties": {
            "results": {"type": "array", "items": {"anyOf": [{"$ref": "#/components/schemas/Report"},
                                                              {"$ref": "#/components/schemas/Error"}]},
                        "description": "one per message, in order: its Report, or an Error entry "
                                       "(text_too_long) for a message too long to check"},
            "count": {"type": "integer", "minimum": 0}}},
        "Profile": {"type": "object", "required": ["name", "label"], "properties": {
            "name": {"type": "string"}, "label": {"type": "string"},
            "home": {"type": "array", "items": {"type": "string"}},
            "home_domains": {"type": "array", "items": {"type": "string"}},
            "severity": {"type": "object", "additionalProperties": {"type": "string"}},
            "suggest": {"type": "object", "additionalProperties": {"type": "string"}},
            "broadcast": {"type": "object", "additionalProperties": {"type": "number"}}}},
        "Profiles": {"type": "object", "required": ["default", "profiles"], "properties": {
            "default": {"type": "string"},
            "profiles": {"type": "array", "items": {"$ref": "#/components/schemas/Profile"}}}},
        "Reload": {"type": "object", "required": ["status", "terms", "digest", "elapsed_ms"], "properties": {
            "status": {"type": "string", "enum": ["reloaded"]},
            "terms": {"type": "integer", "minimum": 0}, "digest": {"type": "string"},
            "elapsed_ms": {"type": "number"}}},
        "AuditResponse": {"type": "object", "required": ["summary", "results"], "properties": {
            "summary": {"type": "object"},
            "results": {"type": "array", "items": {"type": "object"}}}},
        "Health": {"type": "object", "required": ["status"], "properties": {
            "status": {"type": "string", "enum": ["ok"]}}},
        "Ready": {"type": "object", "required": ["status", "checks"], "properties": {
            "status": {"type": "string", "enum": ["ready", "not_ready"]},
            "checks": {"type": "object", "additionalProperties": {"type": "object"}}}},
        "Error": ERROR,
    }
    host_error = {"400": _err("the Host header names no allowed host (code host_not_allowed; "
                              "server.allowed_hosts)")}
    body_errors = {
        "400": _err("malformed JSON (bad_json), a key given twice in one object (duplicate_key), a Host "
                    "that is not allowed (host_not_allowed), or an unknown platform (error.valid lists "
                    "the platforms)"),
        "413": _err(f"body larger than {max_body} bytes"),
        "415": _err("Content-Type is not application/json"),
        "422": _err("schema violation; error.fields maps each field to what is wrong"),
    }
    auth_errors = {
        "401": _err("missing or invalid API key"),
        "403": _err("the key lacks the scope, or (no keys configured) the client is not on loopback"),
        "429": {"description": "rate limit exceeded; retry after Retry-After seconds",
                "headers": {"Retry-After": {"schema": {"type": "integer"}}}, **_json("Error")},
    }
    sec = [{"bearer": []}]
    over_budget = {"503": {"description": "the request used up the server's per-request work budget "
                                          "(code budget_exceeded): send fewer or shorter messages",
                           "headers": {"Retry-After": {"schema": {"type": "integer"}}}, **_json("Error")}}

    def post(summary: str, req: str, ok: str, extra: dict | None = None, scope: str = "check"):
        responses = {"200": {"description": "OK", **_json(ok)}, **body_errors, **auth_errors, **(extra or {})}
        return {"post": {"summary": summary, "security": sec, "x-scope": scope,
                         "requestBody": {"required": True, **_json(req)}, "responses": responses}}

    paths = {
        "/v1/check": post("Check one message (docs/ARCHITECTURE.md §3); record=true registers an allowed send",
                          "CheckRequest", "Report"),
        "/v1/check/batch": post(f"Check up to {max_batch} messages in order", "BatchRequest", "BatchResponse",
                                {"413": _err(f"body larger than {max_body} bytes, or more than "
                                             f"{max_batch} messages or more text than the server's "
                                             "max_batch_chars (code batch_too_large)"), **over_budget}),
        "/v1/audit": post("Audit a small log: per-record results and a summary", "AuditRequest",
                          "AuditResponse", over_budget),
        "/v1/fix": post("Rewrite a draft: each risky span becomes its suggested rewrite (or ***), "
                        "and the rewrite is checked again", "FixRequest", "FixResponse"),
        "/v1/profiles": {"get": {"summary": "Platform profiles", "security": sec, "x-scope": "check",
                                 "responses": {"200": {"description": "OK", **_json("Profiles")},
                                               **host_error, **auth_errors}}},
        "/v1/wordlists/reload": {"post": {
            "summary": "Recompile the wordlists (admin); every worker swaps atomically. Send "
                       "Content-Type: application/json (the body may be empty or {})",
            "security": sec, "x-scope": "admin",
            "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {"200": {"description": "OK", **_json("Reload")}, **host_error, **auth_errors,
                          "413": body_errors["413"], "415": body_errors["415"],
                          "500": _err("a wordlist is invalid; the previous lists stay in use")}}},
        "/metrics": {"get": {
            "summary": "Prometheus metrics (text format 0.0.4), summed over the workers: requests by route "
                       "and status, latency, verdicts by category, store errors; never message text. "
                       "Not rate limited",
            "security": sec, "x-scope": "check",
            "responses": {"200": {"description": "OK",
                                  "content": {"text/plain": {"schema": {"type": "string"}}}},
                          **{k: v for k, v in auth_errors.items() if k != "429"}, **host_error}}},
        "/healthz": {"get": {"summary": "The process is up", "security": [],
                             "responses": {"200": {"description": "OK", **_json("Health")}, **host_error}}},
        "/readyz": {"get": {"summary": "Engine loaded and broadcast store reachable", "security": [],
                            "responses": {"200": {"description": "ready", **_json("Ready")},
                                          **host_error,
                                          "503": {"description": "not ready", **_json("Ready")}}}},
    }
    desc = ("Will this message get my account punished? Checks drafts for diversion (引流), contact "
            "data, competitor mentions and broadcast frequency before they are sent.")
    if not auth:
        desc += " This server has no API keys configured: it serves loopback clients without auth."
    return {
        "openapi": "3.0.3",
        "info": {"title": "msgcheck", "version": version, "description": desc},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "API key with scope check or admin"}},
        },
    }
