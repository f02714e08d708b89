"""msgcheck's web layer: create_app() builds one Flask app with one warmed engine.

    app = create_app()                                   # config file + MSGCHECK_* environment
    app = create_app({"config_path": "msgcheck.toml"})   # an explicit file
    app = create_app({"env": {}, "server": {"max_batch": 5}, "TESTING": True})

Config keys (all optional): config_path, env (mapping used instead of os.environ), settings
(a checker Settings), server (overrides of the [server] table, see web.config), and for tests
and the launcher: checker (a prebuilt engine to share), guard (a BroadcastGuard),
ratelimit_clock, reload_generation (a multiprocessing.Value shared by gunicorn workers),
access_log ("on"/"off"/path: the launcher's --access-log, which beats file and environment),
bind_host (the address the launcher binds: an allowed Host by default, see web.gate),
budget_clock (seconds; the per-request work budget's clock, for tests).
UPPERCASE keys go to app.config unchanged.
"""
from __future__ import annotations

import copy
import logging
import os
import threading
import time
from typing import Any, Mapping

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from checker.config import Settings, load_settings
from checker.engine import Checker

from .accesslog import AccessLog, parse_setting as parse_access_log
from .auth import KeyRing
from .config import ServerConfig, load_server_config
from .errors import register as register_errors
from .gate import Gate, default_allowed_hosts
from .metrics import install as install_metrics
from .openapi import (audit_request, batch_message, batch_request, check_request, document, fix_request,
                      validation_schema)
from .ratelimit import RateLimiter, open_limiter

log = logging.getLogger("msgcheck.web")

__all__ = ["create_app", "AppState"]


class AppState:
    """Everything a request needs, built once per app (that is, once per worker)."""

    def __init__(self, checker: Checker, guard, config: ServerConfig, keyring: KeyRing,
                 limiter: RateLimiter | None, shared_generation=None):
        self.checker, self.guard, self.config = checker, guard, config
        self.keyring, self.limiter = keyring, limiter
        # With the limiter and the broadcast store on one Redis server, a request that reaches
        # the store pays its rate-limit charge in the store's script (one round trip, not two).
        # A Redis Cluster has no one server (server None): two calls there.
        server = getattr(limiter, "server", None)
        rides = (server is not None and guard is not None and hasattr(limiter, "ride_charge")
                 and getattr(guard.store, "server", None) == server)
        self.ride_charge = limiter.ride_charge if rides else None
        self.shared_generation = shared_generation
        self.metrics = None  # web.metrics.Metrics, set by create_app
        self.generation = shared_generation.value if shared_generation is not None else 0
        self.warm = False
        self._reload_lock = threading.Lock()
        platforms = checker.profiles.names()
        components = {"CheckRequest": check_request(config.max_text, platforms),
                      "BatchMessage": batch_message(config.max_text, platforms)}
        import jsonschema

        def compiled(schema):
            schema = validation_schema(schema, components)
            cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
            return cls(schema)

        self.validators = {
            "check": compiled(components["CheckRequest"]),
            "batch": compiled(batch_request(config.max_text, config.max_batch, platforms)),
            "audit": compiled(audit_request(platforms)),
            "fix": compiled(fix_request(config.max_text, platforms)),
        }
        self.openapi = document(max_text=config.max_text, max_batch=config.max_batch, max_body=config.max_body,
                                platforms=platforms, auth=config.auth_enabled)

    def reload_all(self):
        """Reload this worker now and bump the shared generation so the others follow."""
        with self._reload_lock:
            lex = self.checker.reload()
            if self.shared_generation is not None:
                with self.shared_generation.get_lock():
                    self.shared_generation.value += 1
                    self.generation = self.shared_generation.value
            else:
                self.generation += 1
            return lex

    def follow(self) -> None:
        """Called per request: if another worker reloaded, reload here in the background (the
        engine swaps atomically, so requests keep using the old lexicon until it is ready)."""
        shared = self.shared_generation
        # An unlocked read of one aligned word: a per-request cross-process lock would cost more
        # than it protects (a stale read only delays the reload to the next request).
        if shared is None or _peek(shared) == self.generation:
            return
        with self._reload_lock:
            target = shared.value
            if target == self.generation:
                return
            self.generation = target

        def run():
            try:
                with self._reload_lock:
                    self.checker.reload()
                log.info("wordlists reloaded in worker %d (generation %d)", os.getpid(), target)
            except Exception as e:  # noqa: BLE001 - keep serving the previous lexicon
                log.error("wordlist reload in worker %d failed: %s", os.getpid(), e)
        threading.Thread(target=run, name="msgcheck-reload", daemon=True).start()


def _peek(shared) -> int:
    obj = shared.get_obj() if hasattr(shared, "get_obj") else shared
    return obj.value


def _build_guard(settings: Settings):
    if not settings.store_url:
        return None
    from checker.broadcast import BroadcastGuard, open_store

    return BroadcastGuard(open_store(settings.store_url), clock=time.time, fail_open=settings.fail_open)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    cfg = dict(config or {})
    env = cfg.pop("env", None)
    env = os.environ if env is None else env
    settings = cfg.pop("settings", None) or load_settings(cfg.pop("config_path", None), env)
    cfg.pop("config_path", None)
    server_raw = dict(settings.raw.get("server", {}) or {})
    server_raw.update(cfg.pop("server", None) or {})
    server = load_server_config(server_raw, env, settings.source)
    if cfg.get("access_log") is not None:
        server.access_log = parse_access_log(cfg.pop("access_log"))
    cfg.pop("access_log", None)
    bind_host = cfg.pop("bind_host", None)
    budget_clock = cfg.pop("budget_clock", None) or time.monotonic

    checker: Checker | None = cfg.pop("checker", None)
    has_guard = "guard" in cfg
    guard = cfg.pop("guard", None)
    if checker is None:
        guard = guard if has_guard else _build_guard(settings)
        checker = Checker(settings, guard=guard)
    else:
        # A shared prebuilt engine (tests): a shallow copy keeps its lexicon and tokenizer but
        # lets this app have its own guard.
        checker = copy.copy(checker)
        if has_guard:
            checker.guard = guard
        guard = checker.guard
    t = time.perf_counter()
    checker.warm()

    limiter = open_limiter(settings.store_url, server.rate_limit, server.burst,
                           **({"clock": cfg.pop("ratelimit_clock")} if "ratelimit_clock" in cfg else {}))
    st = AppState(checker, guard, server, KeyRing(server.api_keys), limiter, cfg.pop("reload_generation", None))
    st.warm = True
    st.budget_clock = budget_clock

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = server.max_body
    app.json.ensure_ascii = False
    app.config.update({k: v for k, v in cfg.items() if k.isupper()})
    unknown = [k for k in cfg if not k.isupper()]
    if unknown:
        raise ValueError(f"create_app: unknown config key(s) {', '.join(sorted(unknown))}")
    app.extensions["msgcheck"] = st

    from .api import CheckRoute, probes, v1
    from .pages import pages

    app.register_blueprint(v1)
    app.register_blueprint(probes)
    app.register_blueprint(pages)
    register_errors(app)

    hosts = server.allowed_hosts or default_allowed_hosts(bind_host)
    app.wsgi_app = Gate(CheckRoute(app.wsgi_app, app, st), server.max_body, hosts, server.drain_limit)
    if server.trusted_proxies:
        # X-Forwarded-For/-Proto believed from exactly this many proxies: rate limits, the
        # loopback rule and the access log then see the real client.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=server.trusted_proxies, x_proto=server.trusted_proxies,
                                x_host=0, x_port=0, x_prefix=0)
    if server.access_log != "off":
        app.wsgi_app = AccessLog(app.wsgi_app)
    st.metrics = install_metrics(app, guard, limiter)

    @app.before_request
    def _follow_reloads():
        st.follow()

    @app.after_request
    def _headers(resp):
        h = resp.headers
        h["X-Content-Type-Options"] = "nosniff"
        if request.path.startswith("/v1/"):
            h["Cache-Control"] = "no-store"
        return resp

    log.info("engine ready in %.2f s (platform %s, store %s, rate limit %s)", time.perf_counter() - t,
             settings.platform, guard.store.url if guard is not None else "none",
             f"{server.rate_limit:g}/s burst {server.burst} ({limiter.backend}"
             f"{', shared by all workers' if limiter.shared else ', per worker'})" if limiter else "off")
    if not server.auth_enabled:
        log.warning("no API keys configured: the API serves WITHOUT authentication and answers "
                    "loopback clients only")
    return app
