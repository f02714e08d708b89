"""/openapi.json is a valid OpenAPI 3.0 document and matches the behaviour: schemathesis sends
generated valid and invalid requests to every operation (through the WSGI app, with a key) and
checks that nothing is a 5xx, that every status code, content type and header is documented,
and that every response body matches its documented schema.

`ignored_auth` also resends each valid request without the key and with a wrong one.
`positive_data_acceptance` is left out on purpose: some schema-valid requests are rejected by
rule, not by shape (record=true without sender/group, an ISO-looking date such as 2025-13-45,
an unpaired surrogate), and the document lists their 422/400.
"""
from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from openapi_spec_validator import validate as validate_spec

from web_fixtures import ADMIN_KEY, KEYS, auth, engine, make_app  # noqa: F401


@pytest.fixture(scope="module")
def app(engine):
    return make_app(engine, api_keys=KEYS, max_batch=3, rate_limit=0)


def test_document_is_valid_openapi(app):
    doc = app.test_client().get("/openapi.json").get_json()
    validate_spec(doc)
    assert set(doc["paths"]) == {"/v1/check", "/v1/check/batch", "/v1/audit", "/v1/fix", "/v1/profiles",
                                 "/v1/wordlists/reload", "/metrics", "/healthz", "/readyz"}
    check = doc["components"]["schemas"]["CheckRequest"]
    assert check["required"] == ["text"] and check["properties"]["text"]["maxLength"] == 10_000
    assert doc["components"]["schemas"]["BatchRequest"]["properties"]["messages"]["maxItems"] == 3


def test_every_route_is_documented(app):
    """A route the document does not name would escape the conformance run below."""
    doc = app.extensions["msgcheck"].openapi
    routes = {r.rule for r in app.url_map.iter_rules() if r.endpoint not in ("static", "pages.index",
                                                                             "probes.openapi")}
    assert routes == set(doc["paths"])


OPERATIONS = [("/v1/check", "POST"), ("/v1/check/batch", "POST"), ("/v1/audit", "POST"), ("/v1/fix", "POST"),
              ("/v1/profiles", "GET"), ("/v1/wordlists/reload", "POST"), ("/healthz", "GET"),
              ("/metrics", "GET"), ("/readyz", "GET")]


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


# schemathesis' own pytest loader (from_fixture) does not run on pytest 9, so each operation
# gets a plain hypothesis test over the operation's strategy.
@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize("path, method", OPERATIONS)
def test_api_conforms_to_its_document(api_schema, path, method, mode):
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (content_type_conformance, ignored_auth, negative_data_rejection,
                                                   response_headers_conformance, response_schema_conformance,
                                                   status_code_conformance)

    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_headers_conformance, response_schema_conformance]
    if mode == "negative":
        checks.append(negative_data_rejection)
    else:
        checks.append(ignored_auth)  # resends without/with a wrong key: must be refused
    if mode == "negative" and method == "GET":
        pytest.skip("no parameters or body: nothing invalid to generate")
    op = api_schema[path][method]
    strategy = op.as_strategy(generation_mode=GenerationMode(mode))
    examples = 1 if path in ("/healthz", "/readyz", "/metrics", "/v1/profiles", "/v1/wordlists/reload") else 40

    @hypothesis.given(case=strategy)
    @hypothesis.settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(hypothesis.HealthCheck))
    def run(case):
        case.call_and_validate(headers=auth(ADMIN_KEY), checks=checks)

    run()
