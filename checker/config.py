"""Settings from a TOML file and MSGCHECK_* environment variables: the only os.environ reader.

Precedence: explicit arguments > environment > config file > defaults. The config file is
--config, else $MSGCHECK_CONFIG, else <user config dir>/msgcheck/config.toml if it exists."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import ConfigError
from .tomlfile import _TOML_AT, locate as _locate


def user_config_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "msgcheck"


def user_cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".cache")
    return Path(base) / "msgcheck"


def user_wordlist_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where `msgcheck wordlist add` writes; load_settings adds it to the lists when it exists."""
    return user_config_dir(os.environ if env is None else env) / "wordlists"


def color_from_env(env: Mapping[str, str] | None = None) -> bool | None:
    """False when NO_COLOR is set (https://no-color.org) or TERM=dumb; None = let the TTY decide."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    return None


@dataclass
class Settings:
    """What the config file and MSGCHECK_* say (see the module docstring for precedence)."""

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


def with_arguments(settings: Settings | None = None, *, platform: str | None = None,
                   wordlists: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
                   replace_bundled: bool | None = None, profiles: Mapping[str, Any] | None = None,
                   cache_dir: str | os.PathLike | None = None, fail_open: bool | None = None) -> Settings:
    """`settings` (default: the embedded defaults) with what the arguments say: the top of the
    precedence above, for callers that build a Checker in code. `platform`, `replace_bundled`,
    `cache_dir` and `fail_open` replace the value; `wordlists` (folders) and `profiles` (name ->
    table, as [profiles.NAME] in the config file) add to those of `settings`. Returns a new
    Settings and leaves `settings` as it was; errors are ConfigErrors that name the argument."""
    if settings is not None and all(v is None for v in (platform, wordlists, replace_bundled, profiles, cache_dir,
                                                       fail_open)):
        return settings   # callers that pass only Settings keep their object
    s = replace(settings) if settings is not None else Settings()
    given = []
    if platform is not None:
        if not isinstance(platform, str):
            raise ConfigError(f"platform must be a profile name (a string), not {platform!r}")
        s.platform = platform
    if wordlists is not None:
        dirs = [wordlists] if isinstance(wordlists, (str, os.PathLike)) else list(wordlists)
        s.wordlist_dirs = list(s.wordlist_dirs)
        for d in dirs:
            if not isinstance(d, (str, os.PathLike)):
                raise ConfigError(f"wordlists: {d!r} is not a path")
            if not Path(d).expanduser().is_dir():
                raise ConfigError(f"wordlists: wordlist directory {d} does not exist")
            s.wordlist_dirs.append(Path(d).expanduser())
        given.append("wordlists")
    if replace_bundled is not None:
        s.replace_bundled = bool(replace_bundled)
    if profiles is not None:
        if not isinstance(profiles, Mapping):
            raise ConfigError(f"profiles must be a mapping of name -> table, not {type(profiles).__name__}")
        s.profiles = {**s.profiles, **profiles}
        given.append("profiles")
    if cache_dir is not None:
        s.cache_dir = Path(cache_dir).expanduser()
    if fail_open is not None:
        s.fail_open = bool(fail_open)
    if given:
        s.source = f"Checker({', '.join(given)}=…)" if s.source == "defaults" else s.source
    return s


_KEYS = {"platform", "store_url", "wordlists", "replace_bundled_wordlists", "profiles", "cache_dir",
         "fail_open", "store_timeout", "server"}


def load_settings(path: str | os.PathLike | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Every error is a ConfigError that names the file and line (or the variable) at fault."""
    env = os.environ if env is None else env
    s = Settings(cache_dir=user_cache_dir(env))
    if path is None:
        path = env.get("MSGCHECK_CONFIG") or None
        if path is None:
            candidate = user_config_dir(env) / "config.toml"
            path = candidate if candidate.exists() else None
    if path is not None:
        _apply_file(s, Path(path))
    platform_from = "file"
    if env.get("MSGCHECK_PLATFORM"):
        s.platform, platform_from = env["MSGCHECK_PLATFORM"], "env"
    if env.get("MSGCHECK_STORE_URL"):
        s.store_url = env["MSGCHECK_STORE_URL"]
    if env.get("MSGCHECK_WORDLISTS"):
        for p in env["MSGCHECK_WORDLISTS"].split(os.pathsep):
            if p and not Path(p).exists():
                raise ConfigError(f"MSGCHECK_WORDLISTS: wordlist directory {p} does not exist")
        s.wordlist_dirs += [Path(p) for p in env["MSGCHECK_WORDLISTS"].split(os.pathsep) if p]
    if env.get("MSGCHECK_CACHE_DIR"):
        s.cache_dir = Path(env["MSGCHECK_CACHE_DIR"])
    if env.get("MSGCHECK_FAIL_OPEN"):
        s.fail_open = env["MSGCHECK_FAIL_OPEN"].lower() not in ("0", "false", "no")
    mine = user_wordlist_dir(env)
    if mine.is_dir() and not any(_same(mine, d) for d in s.wordlist_dirs):
        s.wordlist_dirs.insert(0, mine)
    if platform_from == "env":
        from .profiles import Profiles

        if s.platform not in Profiles(s.profiles, s.source, s.cache_dir):
            known = ", ".join(Profiles(s.profiles, s.source, s.cache_dir).names())
            raise ConfigError(f"MSGCHECK_PLATFORM={s.platform!r} is not a profile (known: {known})")
    return s


def _same(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def _apply_file(s: Settings, path: Path) -> None:
    import tomllib   # here: most runs have no config file, and its import is ~1.5 ms

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except UnicodeDecodeError as e:
        line = path.read_bytes()[:e.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 ({e.reason})") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the config file: {e.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_AT.match(str(e))  # "Invalid value (at line 3, column 10)" -> file:3:10: Invalid value
        raise ConfigError(f"{path}:{m.group(2)}:{m.group(3)}: {m.group(1)}" if m else f"{path}: {e}") from None
    s.source, s.raw = str(path), data

    def where(*keys: str) -> str:
        line = _locate(text, keys)
        return f"{path}:{line}" if line else str(path)

    for key in data:
        if key not in _KEYS:
            raise ConfigError(f"{where(key)}: unknown key {key!r} (known: {', '.join(sorted(_KEYS))})")

    def typed(key, typ):
        v = data[key]
        if not isinstance(v, typ) or (typ is not bool and isinstance(v, bool)):
            kind = {str: "a string", bool: "true or false", dict: "a table"}.get(typ, "a number")
            raise ConfigError(f"{where(key)}: {key} must be {kind}, not {v!r}")
        return v

    if "platform" in data:
        s.platform = typed("platform", str)
    if "store_url" in data:
        s.store_url = typed("store_url", str)
        if s.store_url:
            from .storage import parse_store_url

            try:
                parse_store_url(s.store_url)   # the stores and the rate limiters read it so too
            except ConfigError as e:
                raise ConfigError(f"{where('store_url')}: {e}") from None
    if "wordlists" in data:
        wl = data["wordlists"]
        if isinstance(wl, str):
            wl = [wl]
        if not isinstance(wl, list) or not all(isinstance(x, str) for x in wl):
            raise ConfigError(f"{where('wordlists')}: wordlists must be a path or a list of paths")
        s.wordlist_dirs = [(path.parent / Path(p).expanduser()) for p in wl]
        for d in s.wordlist_dirs:
            if not d.exists():
                raise ConfigError(f"{where('wordlists')}: wordlist directory {d} does not exist")
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
    if "server" in data:
        typed("server", dict)  # its keys are web.config's to check
    from .profiles import Profiles

    try:
        profiles = Profiles(s.profiles, str(path), s.cache_dir)
    except ConfigError as e:
        keys = getattr(e, "keypath", None)
        line = _locate(text, keys) if keys else None
        if line:
            raise ConfigError(str(e).replace(f"{path}: ", f"{path}:{line}: ", 1)) from None
        raise
    if s.platform not in profiles:
        raise ConfigError(f"{where('platform')}: platform {s.platform!r} is not a profile "
                          f"(known: {', '.join(profiles.names())})")
