"""Frequency limits of a profile: a leaf module (errors only), so the stores, the guard and
the profiles can all use it without importing each other."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any, Mapping

from ..errors import ConfigError

_COUNT_FIELDS = ("fanout_groups", "flood_messages", "repeat_count")
_WINDOW_FIELDS = ("fanout_window", "flood_window", "repeat_window")


@dataclass(frozen=True)
class Limits:
    """Frequency limits of one profile (docs/ARCHITECTURE.md §1, broadcast). A limit is crossed by MORE than N.

    fanout: one sender, near-duplicate text, more than fanout_groups groups in fanout_window s;
    flood: one sender, one group, more than flood_messages messages in flood_window s;
    repeat: one sender, one group, the same near-duplicate text more than repeat_count times in
    repeat_window s (short replies such as 好的/收到 are exempt from repeat)."""

    fanout_groups: int = 10
    fanout_window: float = 3600
    flood_messages: int = 10
    flood_window: float = 600
    repeat_count: int = 3
    repeat_window: float = 86400

    def __post_init__(self) -> None:
        for name in _COUNT_FIELDS:
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise ConfigError(f"broadcast limit {name!r} must be a whole number >= 1, got {v!r}")
        for name in _WINDOW_FIELDS:
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not (0 < v < math.inf):
                raise ConfigError(f"broadcast limit {name!r} must be a positive number of seconds, got {v!r}")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Limits":
        """Limits from a config mapping; missing keys keep their defaults, unknown keys fail."""
        if d is None:
            return cls()
        if not isinstance(d, Mapping):
            raise ConfigError(f"broadcast limits must be a mapping, got {type(d).__name__}")
        valid = [f.name for f in fields(cls)]
        for key in d:
            if key not in valid:
                raise ConfigError(f"unknown broadcast limit {key!r}; valid: {', '.join(valid)}")
        return cls(**dict(d))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The defaults as a mapping (what a profile carries).
DEFAULT_LIMITS: dict[str, Any] = Limits().to_dict()
