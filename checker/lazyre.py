"""Regular expressions compiled on first use.

`re` compiles in Python, 0.05–1 ms a pattern, and a module-level re.compile (or one in a
constructor) is paid by every process, though most patterns serve rules or detectors a given
message never reaches: a one-message `msgcheck check` spent ~10 ms compiling patterns it
never ran. A LazyPattern is an ordinary attribute of its holder, so the holder keeps its
fast attribute layout (functools.cached_property would give every instance a real __dict__,
slower to read on the hot path). A call through one costs ~30 ns more than through the
compiled pattern (Python cannot specialize the lookup): a pattern searched on every message
stays a plain re.compile."""
from __future__ import annotations

import re
from typing import Any

from . import recode

# Every flag-free pattern made here, in the order made: the lexicon cache keeps their compiled
# code too (checker/recode.py), so a cold `msgcheck check` does not run `re`'s compiler for the
# rules and detectors it reaches.
_SOURCES: dict[str, None] = {}


def sources() -> list[str]:
    return list(_SOURCES)


class LazyPattern:
    """Stands for re.compile(pattern, flags). The first attribute asked for (search, finditer,
    sub, pattern …) compiles it; each attribute is then kept on this object, so the next
    `X.search` is a plain attribute."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None
        if not flags:
            _SOURCES[pattern] = None

    def ready(self) -> re.Pattern[str]:
        """The compiled pattern, compiled now if it was not (a server warming up)."""
        if self._compiled is None:
            pattern, flags = self._source
            self._compiled = re.compile(pattern, flags) if flags else recode.compile(pattern)
        return self._compiled

    def __getattr__(self, name: str) -> Any:   # only for names not yet kept
        if name.startswith("_"):   # no pattern attribute; and copy or pickle before __init__
            raise AttributeError(name)
        value = getattr(self.ready(), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazyre.compile({self._source[0]!r}{f', {self._source[1]}' if self._source[1] else ''})"


def compile(pattern: str, flags: int = 0) -> Any:   # noqa: A001 - read as lazyre.compile
    """re.compile(pattern, flags), compiled when first used. Typed Any: it answers every
    attribute of a re.Pattern (it is no re.Pattern for isinstance or the re functions)."""
    return LazyPattern(pattern, flags)
