"""Settings from a TOML file and MSGCHECK_* environment variables: the only os.environ reader.

Precedence: explicit arguments > environment > config file > defaults. The config file is
--config, else $MSGCHECK_CONFIG, else <user config dir>/msgcheck/config.toml if it exists."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError


def user_config_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "msgcheck"


def user_cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".cache")
    return Path(base) / "msgcheck"


@dataclass
class Settings:
    platform: str = "douyin"
    store_url: str = ""                     # "" = no broadcast store unless asked
    wordlist_dirs: list[Path] = field(default_factory=list)   # extra user wordlists
    replace_bundled: bool = False            # use only the user's wordlists
    profiles: dict[str, Any] = field(default_factory=dict)
    cache_dir: Path | None = None
    fail_open: bool = True
    store_timeout: float = 0.2
    source: str = "defaults"
    raw: dict[str, Any] = field(default_factory=dict)       # the whole file, for other layers (web)


_KEYS = {"platform", "store_url", "wordlists", "replace_bundled_wordlists", "profiles", "cache_dir",
         "fail_open", "store_timeout", "server"}


def load_settings(path: str | os.PathLike | None = None, env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    s = Settings(cache_dir=user_cache_dir(env))
    if path is None:
        path = env.get("MSGCHECK_CONFIG") or None
        if path is None:
            candidate = user_config_dir(env) / "config.toml"
            path = candidate if candidate.exists() else None
    if path is not None:
        _apply_file(s, Path(path))
    if env.get("MSGCHECK_PLATFORM"):
        s.platform = env["MSGCHECK_PLATFORM"]
    if env.get("MSGCHECK_STORE_URL"):
        s.store_url = env["MSGCHECK_STORE_URL"]
    if env.get("MSGCHECK_WORDLISTS"):
        s.wordlist_dirs += [Path(p) for p in env["MSGCHECK_WORDLISTS"].split(os.pathsep) if p]
    if env.get("MSGCHECK_CACHE_DIR"):
        s.cache_dir = Path(env["MSGCHECK_CACHE_DIR"])
    if env.get("MSGCHECK_FAIL_OPEN"):
        s.fail_open = env["MSGCHECK_FAIL_OPEN"].lower() not in ("0", "false", "no")
    return s


def _apply_file(s: Settings, path: Path) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from None  # tomllib's message names line and column
    s.source, s.raw = str(path), data
    for key in data:
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(_KEYS))})")
    def typed(key, typ):
        v = data[key]
        if not isinstance(v, typ) or (typ is not bool and isinstance(v, bool)):
            raise ConfigError(f"{path}: {key} must be {typ.__name__ if isinstance(typ, type) else 'a number'}, not {v!r}")
        return v
    if "platform" in data:
        s.platform = typed("platform", str)
    if "store_url" in data:
        s.store_url = typed("store_url", str)
    if "wordlists" in data:
        wl = data["wordlists"]
        if isinstance(wl, str):
            wl = [wl]
        if not isinstance(wl, list) or not all(isinstance(x, str) for x in wl):
            raise ConfigError(f"{path}: wordlists must be a path or a list of paths")
        s.wordlist_dirs = [(path.parent / Path(p).expanduser()) for p in wl]
    if "replace_bundled_wordlists" in data:
        s.replace_bundled = typed("replace_bundled_wordlists", bool)
    if "profiles" in data:
        s.profiles = typed("profiles", dict)
    if "cache_dir" in data:
        s.cache_dir = Path(typed("cache_dir", str)).expanduser()
    if "fail_open" in data:
        s.fail_open = typed("fail_open", bool)
    if "store_timeout" in data:
        s.store_timeout = float(typed("store_timeout", (int, float)))
