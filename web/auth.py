"""Bearer API keys with scopes, compared in constant time; the secret never reaches a log.

The presented token is hashed and its SHA-256 compared with every configured digest (no early
exit), so neither the length nor the position of a matching key shows in the timing. Without
configured keys the API is open but answers loopback clients only (the server also binds to
loopback then), so a misdeployed open server still refuses the network.
"""
from __future__ import annotations

import functools
import hmac
import ipaddress
from dataclasses import dataclass

from .config import ApiKey, digest
from .errors import ApiError


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's name (or "local:<addr>" when auth is off) and its scopes."""

    name: str
    scopes: frozenset[str]


_ALL = frozenset({"check", "admin"})


@functools.lru_cache(maxsize=4096)
def is_loopback(addr: str | None) -> bool:
    """Cached: parsing the address costs ~5 µs, asked on every request of the same few clients."""
    if not addr:
        return False
    try:
        return ipaddress.ip_address(addr.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class KeyRing:
    def __init__(self, keys: list[ApiKey]):
        self._keys = list(keys)

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def match(self, token: str) -> ApiKey | None:
        d = digest(token)
        found = None
        for k in self._keys:  # constant time: always compare against every key
            if hmac.compare_digest(d, k.digest):
                found = k
        return found

    def authenticate(self, authorization: str | None, remote_addr: str | None, scope: str) -> Principal:
        if not self._keys:
            if not is_loopback(remote_addr):
                raise ApiError(403, "loopback_only", "no API keys are configured: this server answers "
                                                     "loopback clients only")
            return Principal(f"local:{remote_addr}", _ALL)
        if not authorization:
            raise ApiError(401, "missing_key", "send an API key: Authorization: Bearer <key>",
                           headers={"WWW-Authenticate": 'Bearer realm="msgcheck"'})
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, "invalid_key", "Authorization must be 'Bearer <key>'",
                           headers={"WWW-Authenticate": 'Bearer realm="msgcheck", error="invalid_request"'})
        key = self.match(token)
        if key is None:
            raise ApiError(401, "invalid_key", "the API key is not valid",
                           headers={"WWW-Authenticate": 'Bearer realm="msgcheck", error="invalid_token"'})
        if scope not in key.scopes:
            raise ApiError(403, "insufficient_scope", f"this key lacks the {scope!r} scope",
                           headers={"WWW-Authenticate": f'Bearer realm="msgcheck", error="insufficient_scope", '
                                                        f'scope="{scope}"'})
        return Principal(key.name, key.scopes)
