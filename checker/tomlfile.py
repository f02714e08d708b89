"""TOML files whose mistakes are reported as file:line: the config file and the bundled
profiles use the same reading, so an error in either points at the line to fix."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import lazyre
from .errors import ConfigError


def load(path: Path) -> tuple[dict[str, Any], str]:
    """(data, text) of a TOML file; ConfigError "path:line:col: what" when it is not TOML."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError as e:
        line = Path(path).read_bytes()[:e.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 ({e.reason})") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    import tomllib   # here: a start that reads its profiles from the cache never needs it (~1.5 ms)

    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as e:
        m = _TOML_AT.match(str(e))  # "Invalid value (at line 3, column 10)" -> file:3:10: Invalid value
        raise ConfigError(f"{path}:{m.group(2)}:{m.group(3)}: {m.group(1)}" if m else f"{path}: {e}") from None


# -- finding the line of a key, for error messages ------------------------------------------
_TOML_AT = lazyre.compile(r"^(.*) \(at line (\d+), column (\d+)\)$", re.S)
_KEYPART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEYPATH = rf"{_KEYPART}(?:\s*\.\s*{_KEYPART})*"
_HEADER = lazyre.compile(rf"^\[\[?\s*({_KEYPATH})\s*\]\]?")
_ASSIGN = lazyre.compile(rf"^({_KEYPATH})\s*=")


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in re.findall(_KEYPART, dotted))


def locate(text: str, keys) -> int | None:
    """Line (1-based) that sets the dotted key `keys`, else the line of its nearest parent
    (a [table] header or an inline table). A scan of the source, good enough for messages."""
    keys = tuple(keys)
    table: tuple[str, ...] = ()
    best, best_len = None, 0
    in_multiline = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        quotes = line.count('"""') + line.count("'''")
        if in_multiline:
            in_multiline = quotes % 2 == 0
            continue
        if not line or line.startswith("#"):
            continue
        m = _HEADER.match(line)
        if m:
            table = _split_key(m.group(1))
            found = table
        else:
            m = _ASSIGN.match(line)
            if not m:
                continue
            found = table + _split_key(m.group(1))
            in_multiline = quotes % 2 == 1
        if found == keys:
            return lineno
        if len(found) > best_len and keys[:len(found)] == found:
            best, best_len = lineno, len(found)
    return best
