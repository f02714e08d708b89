"""Prometheus metrics of the API, served at GET /metrics in the text format (prometheus_client).

    msgcheck_http_requests_total{endpoint,status}        every response; endpoint = the route
                                                          template (/v1/check), "unmatched" for 404/405
    msgcheck_http_request_duration_seconds{endpoint}     histogram: the request reaching the app to
                                                          the response being handed to the server
    msgcheck_verdicts_total{platform,verdict,category}   one per message of /v1/check and
                                                          /v1/check/batch; category of the finding that
                                                          set the verdict ("none" for a pass)
    msgcheck_findings_total{category,rule}               findings of those messages
    msgcheck_store_errors_total{store,error}             store = broadcast | ratelimit, error = the
                                                          exception class: failed calls to the store
    msgcheck_workers                                     worker processes serving (live ones only)

Labels come from bounded sets (routes, status codes, profiles, rule names, exception classes):
never message text, a key or a raw path, so a client cannot blow up the series count.

Under `msgcheck serve` each gunicorn worker writes its values to files in a directory that the
launcher creates and removes (PROMETHEUS_MULTIPROC_DIR, set in each worker after the fork, see
`gunicorn_hooks`), and /metrics sums the files of all workers, those that died included (a
restarted worker's counts are kept); `child_exit` tells prometheus_client a worker is gone. Without
that variable (one process: --debug, tests, another WSGI server) the app has its own registry.
Running gunicorn yourself: set PROMETHEUS_MULTIPROC_DIR to an empty directory and
`child_exit = web.metrics.child_exit` in the gunicorn config.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from typing import Any, Callable, Iterable

ENV = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "unmatched"
# Most answers take 0.1-2 ms in the app; batches and audits up to seconds.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """One per app. Label children are cached: a request costs a few dict gets and increments."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, values

        self.multiprocess = bool(os.environ.get(ENV))
        if self.multiprocess != (values.ValueClass is not values.MutexValue):
            # prometheus_client picks file-backed or in-memory values when it is imported, which
            # may have been before the variable was set or removed (the master, a test): pick again.
            values.ValueClass = values.get_value_class()
        # In multiprocess mode the values live in files and a scrape reads them all; the metric
        # objects need no registry (and two apps in one process must not collide in the default one).
        reg = None if self.multiprocess else CollectorRegistry()
        self.registry = reg
        self.requests = Counter("msgcheck_http_requests", "HTTP responses by route template and status",
                                ("endpoint", "status"), registry=reg)
        self.latency = Histogram("msgcheck_http_request_duration_seconds",
                                 "Time from the request reaching the app to its response", ("endpoint",),
                                 buckets=BUCKETS, registry=reg)
        self.verdicts = Counter("msgcheck_verdicts", "Messages checked, by profile, verdict and the category "
                                "of the finding that set the verdict", ("platform", "verdict", "category"),
                                registry=reg)
        self.findings = Counter("msgcheck_findings", "Findings of checked messages, by category and rule",
                                ("category", "rule"), registry=reg)
        self.store_errors = Counter("msgcheck_store_errors", "Failed calls to the broadcast store or the "
                                    "shared rate-limit store", ("store", "error"), registry=reg)
        # Each live worker counts 1; child_exit removes a dead one's share (livesum).
        self.workers = Gauge("msgcheck_workers", "Worker processes serving the API", registry=reg,
                             multiprocess_mode="livesum")
        self.workers.set(1)
        self._children: dict[tuple, Any] = {}

    def _child(self, metric, *labels: str):
        key = (id(metric), *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    # -- what is observed ---------------------------------------------------------------------
    def request(self, endpoint: str, status: str, seconds: float) -> None:
        self._child(self.requests, endpoint, status).inc()
        self._child(self.latency, endpoint).observe(seconds)

    def report(self, report) -> None:
        """A checked message (a checker.types.Report): its verdict and findings, no text."""
        worst, category = -1, "none"
        for f in report.findings:
            rank = _RANK.get(f.severity, 0)
            if rank > worst:
                worst, category = rank, f.category
            self._child(self.findings, f.category, f.rule).inc()
        self._child(self.verdicts, report.platform, report.verdict.value, category).inc()

    def store_error(self, store: str) -> Callable[[BaseException], None]:
        """An on_error callback for the broadcast guard or a shared rate limiter."""
        from checker.errors import StoreError

        def count(exc: BaseException) -> None:
            cause = exc.__cause__ if isinstance(exc, StoreError) and exc.__cause__ is not None else exc
            self._child(self.store_errors, store, type(cause).__name__).inc()
        return count

    # -- the scrape -----------------------------------------------------------------------------
    def render(self) -> tuple[bytes, str]:
        """(body, content type) in the Prometheus text format 0.0.4, summed over the workers."""
        from prometheus_client import CollectorRegistry, generate_latest, exposition

        if self.multiprocess:
            from prometheus_client import multiprocess

            reg = CollectorRegistry()
            multiprocess.MultiProcessCollector(reg)
        else:
            reg = self.registry
        ctype = getattr(exposition, "CONTENT_TYPE_PLAIN_0_0_4", exposition.CONTENT_TYPE_LATEST)
        return generate_latest(reg), ctype


_RANK = {"pass": 0, "review": 1, "block": 2}


ROUTE = "msgcheck.route"   # environ key: the matched route template (teardown hook, or api.CheckRoute)


class Timed:
    """WSGI middleware: every response counted under its route template, also those werkzeug
    answers before any view (404, 405, 413). Flask matches the route; its teardown hook leaves
    the template in the environ for this to read once the app has answered."""

    def __init__(self, app: Callable, metrics: Metrics):
        self.app, self.metrics = app, metrics

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        t0 = time.perf_counter()
        status = ["500"]

        def start(s: str, headers, exc_info=None):
            status[0] = s[:3]
            return start_response(s, headers, exc_info)

        try:
            return self.app(environ, start)
        finally:
            self.metrics.request(environ.get(ROUTE) or UNMATCHED, status[0], time.perf_counter() - t0)


def install(app, guard=None, limiter=None) -> Metrics:
    """Wire the metrics into a Flask app: the middleware, and the stores' failure callbacks."""
    from flask import request

    m = Metrics()
    app.wsgi_app = Timed(app.wsgi_app, m)

    @app.teardown_request
    def _route(exc=None):
        rule = request.url_rule
        if rule is not None:
            request.environ[ROUTE] = rule.rule
    if guard is not None:
        guard.on_error = m.store_error("broadcast")
    if limiter is not None and hasattr(limiter, "on_error"):
        limiter.on_error = m.store_error("ratelimit")
    return m


# -- gunicorn (msgcheck serve) -------------------------------------------------------------------
def make_dir() -> str:
    """A fresh directory for the workers' value files, on /dev/shm when there is one (they are
    written per request); the launcher removes it when the server stops."""
    return tempfile.mkdtemp(prefix="msgcheck-metrics-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)


def remove_dir(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


def gunicorn_hooks(path: str) -> dict[str, Callable]:
    """post_fork points each worker at `path` (before it imports the app, so its metrics are
    file-backed; the master's own environment is left alone), child_exit marks a dead worker."""
    def post_fork(server, worker) -> None:
        os.environ[ENV] = path

    def child_exit(server, worker) -> None:
        _mark_dead(worker.pid, path)

    return {"post_fork": post_fork, "child_exit": child_exit}


def child_exit(server, worker) -> None:
    """For a gunicorn config of your own (PROMETHEUS_MULTIPROC_DIR set for the whole server)."""
    _mark_dead(worker.pid, os.environ.get(ENV))


def _mark_dead(pid: int, path: str | None) -> None:
    if path:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid, path)
