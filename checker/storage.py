"""Store URLs, parsed once for everything that keeps state: the broadcast stores
(checker/broadcast/stores/) and the API's rate limiters (web/ratelimit/) read the same URL the
same way, as the `limits` library picks its storage:

    memory://                                   this process only
    sqlite:///abs/file.db  sqlite://rel/file.db  one machine (WAL)
    redis://[:password@]host:port/db  rediss://  every worker and machine
    redis+cluster://[:password@]host:port[,host:port...]  rediss+cluster://
                                                a Redis Cluster (any reachable nodes; the rest
                                                are discovered)

msgcheck's own options (?timeout=seconds, ?prefix=name for Redis keys) are split off here;
redis-py's URL options pass through for a single server. A leaf module: errors only."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import ConfigError

#: redis-py URL options passed through unchanged (timeouts and retries are ours to set).
REDIS_PASSTHROUGH = frozenset({"db", "protocol", "max_connections", "ssl_check_hostname", "ssl_min_version"})


@dataclass(frozen=True)
class StoreURL:
    url: str                   # as given (may hold a password: never log it)
    shown: str                 # the same with the password as ***
    scheme: str                # memory | sqlite | redis | rediss | redis+cluster | rediss+cluster | ...
    path: str = ""             # sqlite: the database file
    client_url: str = ""       # redis: the URL for redis-py, our options removed
    timeout: float | None = None
    prefix: str | None = None
    nodes: tuple[tuple[str, int], ...] = ()   # redis+cluster: the startup nodes

    @property
    def backend(self) -> str:
        """The kind of store, TLS or not: memory | sqlite | redis | redis+cluster | ..."""
        return self.scheme.replace("rediss", "redis", 1) if self.scheme.startswith("rediss") else self.scheme


def redact(url: str) -> str:
    """The URL with its password as ***; "<unparseable URL>" if it cannot be split."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    userinfo, at, hosts = parts.netloc.rpartition("@")   # hosts may be a list: h1:7000,h2:7001
    if not at or ":" not in userinfo:
        return url
    return urlunsplit(parts._replace(netloc=f"{userinfo.partition(':')[0]}:***@{hosts}"))


def _check_port(parts, shown: str) -> None:
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError as exc:
        raise ConfigError(f"store URL {shown}: {exc}") from exc


def _seconds(params: dict[str, str], key: str, shown: str) -> float | None:
    if key not in params:
        return None
    raw = params.pop(key)
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"store URL {shown}: {key}={raw!r} must be a positive number of seconds")
    return value


def _parse_memory(url: str, shown: str, parts, params: dict[str, str]) -> StoreURL:
    _check_port(parts, shown)
    if parts.netloc or parts.path.strip("/") or params:
        raise ConfigError(f"store URL {url}: memory:// takes no path or options")
    return StoreURL(url, shown, "memory")


def _parse_sqlite(url: str, shown: str, parts, params: dict[str, str]) -> StoreURL:
    _check_port(parts, shown)
    path = parts.netloc + parts.path   # sqlite:///abs/file.db -> /abs/file.db; sqlite://rel/f.db -> rel/f.db
    if not path or path.endswith("/"):
        raise ConfigError(f"store URL {url}: give a database file, e.g. sqlite:///var/lib/msgcheck/bc.db")
    timeout = _seconds(params, "timeout", url)
    if params:
        raise ConfigError(f"store URL {url}: unknown option(s) {', '.join(sorted(params))}; valid: timeout")
    return StoreURL(url, shown, "sqlite", path=path, timeout=timeout)


def _prefix(params: dict[str, str], shown: str) -> str | None:
    prefix = params.pop("prefix", None)
    if prefix == "":
        raise ConfigError(f"store URL {shown}: prefix must not be empty")
    return prefix


def _parse_redis(url: str, shown: str, parts, params: dict[str, str]) -> StoreURL:
    _check_port(parts, shown)
    timeout = _seconds(params, "timeout", shown)
    prefix = _prefix(params, shown)
    unknown = set(params) - REDIS_PASSTHROUGH
    if unknown:
        raise ConfigError(f"store URL {shown}: unknown option(s) {', '.join(sorted(unknown))}; valid: "
                          + ", ".join(["timeout", "prefix", *sorted(REDIS_PASSTHROUGH)]))
    client = urlunsplit(parts._replace(query=urlencode(params)))
    return StoreURL(url, shown, parts.scheme.lower(), client_url=client, timeout=timeout, prefix=prefix)


def _parse_redis_cluster(url: str, shown: str, parts, params: dict[str, str]) -> StoreURL:
    """redis+cluster://[user:password@]host:port[,host:port...][/0] as the `limits` library writes
    it: one or more startup nodes (port 6379 when left out), database 0 only (a cluster has no
    other). The prefix may not hold braces: keys put each sender in its own {hash tag}, and a
    brace in the prefix would become the tag and pin every sender to one slot."""
    hosts = parts.netloc.rpartition("@")[2]
    nodes = []
    for item in hosts.split(","):
        try:
            node = urlsplit(f"//{item.strip()}")
            host, port = node.hostname, node.port or 6379
        except ValueError as exc:
            raise ConfigError(f"store URL {shown}: node {item!r}: {exc}") from exc
        if not host:
            raise ConfigError(f"store URL {shown}: node {item.strip()!r} has no host; give the cluster's nodes, e.g. "
                              f"redis+cluster://10.0.0.1:7000,10.0.0.2:7000")
        nodes.append((host, port))
    if parts.path.strip("/") not in ("", "0"):
        raise ConfigError(f"store URL {shown}: a Redis Cluster has database 0 only; drop {parts.path!r}")
    timeout = _seconds(params, "timeout", shown)
    prefix = _prefix(params, shown)
    if prefix is not None and ("{" in prefix or "}" in prefix):
        raise ConfigError(f"store URL {shown}: a cluster key prefix must not contain braces")
    if params:
        raise ConfigError(f"store URL {shown}: unknown option(s) {', '.join(sorted(params))}; valid: timeout, prefix")
    return StoreURL(url, shown, parts.scheme.lower(), timeout=timeout, prefix=prefix, nodes=tuple(nodes))


#: scheme -> (url, shown, split parts, query options) -> StoreURL. A store of a new kind
#: registers its scheme here (checker/broadcast/stores/__init__.py does, one line a store).
_PARSERS: dict[str, Callable[..., StoreURL]] = {
    "memory": _parse_memory, "sqlite": _parse_sqlite, "redis": _parse_redis, "rediss": _parse_redis,
    "redis+cluster": _parse_redis_cluster, "rediss+cluster": _parse_redis_cluster,
}


def register_scheme(scheme: str, parse: Callable[..., StoreURL]) -> None:
    _PARSERS[scheme] = parse


def schemes() -> tuple[str, ...]:
    return tuple(_PARSERS)


def parse_store_url(url: str) -> StoreURL:
    """Check a store URL and split it; ConfigError naming the URL (password hidden) if it is
    malformed, of an unknown scheme, or carries an option its backend does not take."""
    valid = ", ".join(f"{s}://" for s in _PARSERS)
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(f"store URL {url!r}: expected scheme://..., one of {valid}")
    shown = redact(url)
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ConfigError(f"store URL {shown}: {exc}") from exc
    parse = _PARSERS.get(parts.scheme.lower())
    if parse is None:
        raise ConfigError(f"store URL {shown}: unknown scheme {parts.scheme!r}; valid: {valid}")
    return parse(url, shown, parts, dict(parse_qsl(parts.query, keep_blank_values=True)))
