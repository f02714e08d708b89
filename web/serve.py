"""`msgcheck serve`: gunicorn (its Python API) in front of the app factory.

Each gunicorn worker calls create_app() after the fork, so every worker owns one engine, warmed
before it accepts its first connection, and its own store connections. A reload through the API
bumps a counter in shared memory created here before the fork; the other workers see it on
their next request and reload too. --debug runs Flask's development server instead (loopback
only, never in production: its debugger executes code).

Configuration (the [server] table of the config file, or MSGCHECK_* variables; see web.config):

    [server]
    workers = 2            # default for --workers; MSGCHECK_WORKERS
    threads = 2            # threads per worker (gthread); MSGCHECK_THREADS
    timeout = 30           # seconds before a stuck worker is restarted
    max_body = 1048576     # bytes (413 beyond)
    max_batch = 100        # messages per /v1/check/batch (413 beyond)
    rate_limit = 100       # requests/s per key (0 = off); shared by the workers when store_url is
    rate_burst = 200       #   sqlite:// (one file) or redis:// (also across machines); else per worker
    access_log = "on"      # one line per request (no key, no text); "off"; or a file path
    allowed_hosts = [...]  # Host names answered (default: the bound address and localhost; 400 else)
    trusted_proxies = 0    # proxies whose X-Forwarded-For is believed (ProxyFix)
    request_budget = 5     # seconds of work per request, checked between messages (503 beyond)
    [[server.api_keys]]
    name = "shop-app"
    key_sha256 = "<sha256 hex of the key>"   # or key = "<the key>"
    scopes = ["check"]                       # "admin" adds /v1/wordlists/reload

With no API key configured the server binds to loopback only and serves without auth.
"""
from __future__ import annotations

import gc
import ipaddress
import logging
import multiprocessing
import os
import socket
import sys
from typing import Any

from checker.errors import ConfigError

from . import metrics
from .accesslog import configure as configure_access_log, parse_setting as parse_access_log

log = logging.getLogger("msgcheck.web")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> str:
    h = host.strip("[]")
    return f"[{h}]:{port}" if ":" in h else f"{h}:{port}"


def _say(msg: str) -> None:
    print(f"msgcheck: {msg}", file=sys.stderr, flush=True)


def _preflight(config_path: str | None):
    """Validate the configuration in the master, so a bad file fails fast with a clear
    ConfigError (exit 2 in the CLI) instead of as a worker that fails to boot."""
    from checker.config import load_settings
    from checker.engine import Checker

    from .config import load_server_config

    settings = load_settings(config_path)
    server = load_server_config(settings.raw.get("server"), os.environ, settings.source)
    Checker(settings)  # unknown default platform, bad profiles
    if settings.store_url:
        from checker.broadcast import open_store

        open_store(settings.store_url).close()  # malformed store URL
    return settings, server


def gunicorn_options(bind: str, workers: int, threads: int, timeout: int) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "keepalive": 5,
        # Each worker binds its own SO_REUSEPORT socket and the kernel spreads new connections
        # over them. With one shared socket the worker that wakes first accepts, and keep-alive
        # connections stay where they landed: up to all of them on one worker, the other core
        # idle (bench_api.py prints the split). Linux; elsewhere gunicorn shares one socket.
        "reuse_port": True,
        "timeout": timeout,
        "graceful_timeout": 10,
        "preload_app": False,          # one engine per worker, built after the fork
        "accesslog": None,             # the app writes its own (web.accesslog: key names, no bodies)
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "msgcheck",
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "control_socket_disable": True,  # no runtime control socket in $HOME (two servers would clash)
    }
    if os.path.isdir("/dev/shm"):
        opts["worker_tmp_dir"] = "/dev/shm"  # heartbeat files off the disk
    return opts


def _port_free(host: str, port: int) -> None:
    """Raise ConfigError if host:port is taken. Needed with reuse_port: a port held by another
    program would otherwise show only as workers failing to bind, restarted forever, and a
    second `msgcheck serve` on the same port would silently share the connections. This socket
    sets no SO_REUSEPORT, so any listener already there makes the bind fail."""
    h = host.strip("[]")
    with socket.socket(socket.AF_INET6 if ":" in h else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: TIME_WAIT leftovers are fine
        try:
            s.bind((h, port))
        except OSError as e:
            raise ConfigError(f"cannot listen on {_bind(host, port)}: {e.strerror or e} "
                              "(another server on that port?)") from None


def _rate_limit_note(store_url: str | None, server, workers: int) -> str:
    if not server.rate_limit:
        return "rate limiting off (rate_limit = 0)"
    scheme = (store_url or "").split("://", 1)[0].lower()
    what = f"rate limit {server.rate_limit:g}/s per key, burst {server.burst}"
    if scheme in ("redis", "rediss"):
        return f"{what}, shared through Redis by all workers and machines"
    if scheme in ("redis+cluster", "rediss+cluster"):
        return f"{what}, shared through the Redis Cluster by all workers and machines"
    if scheme == "sqlite":
        return f"{what}, shared by all workers through the SQLite store file"
    if workers > 1:
        return (f"{what}, kept PER WORKER (no sqlite://, redis:// or redis+cluster:// store): a key may get "
                f"up to {workers} × the rate")
    return f"{what}, in memory"


def serve(host: str, port: int, workers: int | None, config_path: str | None, debug: bool,
          access_log: str | None = None) -> None:
    """Run the API and page until interrupted. Raises ConfigError for a bad configuration.
    workers=None takes [server].workers (default 2); access_log None takes [server].access_log
    (default "on"), else "on", "off" or a file path."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s")
    settings, server = _preflight(config_path)
    workers = workers or server.workers
    access = parse_access_log(access_log) if access_log is not None else server.access_log
    if not server.auth_enabled and not _loopback(host):
        loop = "::1" if ":" in host.strip("[]") else "127.0.0.1"
        _say(f"no API keys configured: refusing to listen on {host}; binding to {loop} instead "
             "(configure [[server.api_keys]] or MSGCHECK_API_KEYS to serve the network)")
        host = loop
    if debug and not _loopback(host):
        _say(f"--debug runs the development server with its debugger: binding to 127.0.0.1, not {host}")
        host = "127.0.0.1"
    url = f"http://{_bind(host, port)}/"
    if server.auth_enabled:
        _say(f"API keys: {', '.join(k.name for k in server.api_keys)}")
    else:
        _say("no API keys configured: serving WITHOUT authentication, loopback clients only")
    _say(_rate_limit_note(settings.store_url, server, 1 if debug else workers))
    from .gate import default_allowed_hosts

    _say("allowed hosts: " + ", ".join(server.allowed_hosts or default_allowed_hosts(host))
         + ("" if server.allowed_hosts else " (default; set [server] allowed_hosts to name this server)")
         + (f"; trusting X-Forwarded-For from {server.trusted_proxies} proxy(ies)" if server.trusted_proxies else ""))
    if server.request_budget >= server.timeout:
        _say(f"request_budget {server.request_budget:g} s is not under the worker timeout {server.timeout} s: "
             "a request may run until the worker is restarted")
    configure_access_log(access)
    _say("access log: " + {"on": "on (standard error; no keys, no message text)", "off": "off"}.get(access, access))

    from . import create_app

    if debug:
        _say(f"development server (--debug) on {url}")
        app = create_app({"config_path": config_path, "access_log": access, "bind_host": host})
        app.run(host=host, port=port, debug=True, use_reloader=False, threaded=True)
        return

    from gunicorn.app.base import BaseApplication

    generation = multiprocessing.Value("L", 0)

    class MsgcheckApplication(BaseApplication):
        def __init__(self, options: dict[str, Any]):
            self.options = options
            super().__init__()

        def load_config(self):
            for key, value in self.options.items():
                if key in self.cfg.settings:  # control_socket_disable exists from gunicorn 25.1
                    self.cfg.set(key, value)

        def load(self):
            app = create_app({"config_path": config_path, "reload_generation": generation, "access_log": access,
                              "bind_host": host})
            # The warmed engine is ~230k long-lived objects (jieba's dictionary, the lexicon) that
            # a full garbage collection would walk: ~50 ms with the worker stalled, a p99 spike.
            # They live as long as the worker, so take them out of the collector's view.
            gc.collect()
            gc.freeze()
            return app

    _say(f"gunicorn: {workers} worker(s) × {server.threads} thread(s) on {url}")
    options = gunicorn_options(_bind(host, port), workers, server.threads, server.timeout)
    options["on_starting"] = lambda arbiter: _port_free(host, port)  # in the master, before any bind
    metrics_dir = metrics.make_dir()   # the workers' metric files: /metrics sums them
    options.update(metrics.gunicorn_hooks(metrics_dir))
    _say(f"metrics: GET /metrics, summed over the workers (their files: {metrics_dir})")
    master = os.getpid()
    try:
        MsgcheckApplication(options).run()
    finally:
        if os.getpid() == master:  # a worker also leaves through here (SystemExit after the fork)
            metrics.remove_dir(metrics_dir)
