"""Platform profiles: which channels are home, how severe each kind of finding is, what to
write instead, and the broadcast limits. Users add or override profiles in their config file."""
from __future__ import annotations

import marshal
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from .broadcast.limits import DEFAULT_LIMITS
from .cachefiles import Checksum, publish
from .errors import ConfigError, UnknownPlatform

SEVERITIES = ("block", "review", "pass")
# Finding kinds a profile can grade; "pass" switches a kind off.
KINDS = ("competitor", "diversion", "invite", "pointer", "contact", "platform_id")

# The channel of words that name the platform the message is on, whichever it is (这上面, app上:
# wordlists/platforms.txt [platform here]): home on every profile, by definition.
HERE = "here"

_DEFAULT_SEVERITY = {"competitor": "review", "diversion": "block", "invite": "block", "pointer": "review",
                     "contact": "block", "platform_id": "block"}


@dataclass(frozen=True)
class Profile:
    """One platform's profile, as the bundled file and the config file's tables build it."""

    name: str
    label: str
    home: frozenset[str] = frozenset()          # channel ids that are this platform's own
    home_domains: tuple[str, ...] = ()          # its own link domains
    severity: Mapping[str, str] = field(default_factory=lambda: dict(_DEFAULT_SEVERITY))
    dm: str = "进粉丝群"                        # what to write instead of an outside contact
    group: str = "粉丝群"
    shop: str = "店铺"
    limits: Mapping[str, Any] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    # Who usually writes here. On a shop or social platform a message is a seller talking to
    # buyers, so a clause with no sign either way (淘宝上拍) reads as an instruction; in public
    # text (reviews, news, articles: `generic`) it reads as a story (在京东买东西很便宜).
    narrative: bool = False

    def grade(self, kind: str) -> str:
        return self.severity.get(kind, _DEFAULT_SEVERITY.get(kind, "review"))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "home": sorted(self.home),
                "home_domains": list(self.home_domains), "severity": dict(self.severity),
                "suggest": {"dm": self.dm, "group": self.group, "shop": self.shop},
                "broadcast": dict(self.limits), "narrative": self.narrative}


def _build(name: str, spec: Mapping[str, Any], base: Profile, source: str, prefix: tuple[str, ...]) -> Profile:
    """One profile from its table over `base`: every key checked, errors with a keypath that
    the TOML reader turns into file:line (the config file's [profiles.NAME], profiles.toml)."""
    where = f"{source}: [{'.'.join(prefix + (name,))}]"

    def bad(detail: str, *keys: str) -> ConfigError:
        e = ConfigError(f"{where}{detail}")
        e.keypath = (*prefix, name, *keys)
        return e

    known = {"base", "label", "home", "home_domains", "severity", "dm", "group", "shop", "broadcast", "narrative"}
    for key in spec:
        if key not in known:
            raise bad(f": unknown key {key!r} (known: {', '.join(sorted(known))})", key)
    for key in ("severity", "broadcast"):
        if not isinstance(spec.get(key, {}), Mapping):
            raise bad(f": {key} must be a table, not {spec[key]!r}", key)
    for key in ("label", "dm", "group", "shop"):
        if key in spec and not isinstance(spec[key], str):
            raise bad(f": {key} must be a string, not {spec[key]!r}", key)
    severity = dict(base.severity)
    for kind, level in dict(spec.get("severity", {})).items():
        if kind not in KINDS or level not in SEVERITIES:
            raise bad(f": severity.{kind} = {level!r}; kinds: {', '.join(KINDS)}; levels: {', '.join(SEVERITIES)}", "severity", kind)
        severity[kind] = level
    limits = dict(base.limits)
    for key, value in dict(spec.get("broadcast", {})).items():
        if key not in DEFAULT_LIMITS or not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise bad(f": broadcast.{key} = {value!r}; keys {sorted(DEFAULT_LIMITS)}, positive integers",
                      "broadcast", key)
        limits[key] = value
    narrative = spec.get("narrative", base.narrative)
    if not isinstance(narrative, bool):
        raise bad(f": narrative must be true or false, not {narrative!r}", "narrative")
    home = spec.get("home", base.home)
    if not isinstance(home, (list, tuple, set, frozenset)) or not all(isinstance(h, str) for h in home):
        raise bad(": home must be a list of channel ids", "home")
    domains = spec.get("home_domains", base.home_domains)
    if not isinstance(domains, (list, tuple)) or not all(isinstance(d, str) for d in domains):
        raise bad(": home_domains must be a list of domains", "home_domains")
    return replace(base, name=name, label=str(spec.get("label", base.label if base.name == name else name)),
                   home=frozenset(home) | {HERE}, home_domains=tuple(domains),
                   severity=severity, limits=limits, dm=str(spec.get("dm", base.dm)),
                   group=str(spec.get("group", base.group)), shop=str(spec.get("shop", base.shop)),
                   narrative=narrative)


def load_profiles(path: Path, cache_dir: Path | None = None) -> dict[str, Profile]:
    """A profiles file (the bundled wordlists/profiles.toml), read through the same checks as a
    user's [profiles.NAME] tables, with errors that name the file and line."""
    data, text = _read(path, cache_dir)
    root = Profile("default", "default")
    built: dict[str, Profile] = {}
    for name, spec in data.items():
        try:
            if not isinstance(spec, Mapping) or "label" not in spec:
                e = ConfigError(f"{path}: [{name}] must be a table with a label")
                e.keypath = (name,)
                raise e
            base = spec.get("base")
            built[name] = _build(name, spec, built.get(base, root) if base else root, str(path), ())
        except ConfigError as e:
            from .tomlfile import locate

            line = locate(text, getattr(e, "keypath", (name,))) or locate(text, (name,))
            raise ConfigError(str(e).replace(f"{path}: ", f"{path}:{line}: ", 1) if line else str(e)) from None
    return built


def _read(path: Path, cache_dir: Path | None) -> tuple[dict[str, Any], str]:
    """(data, text) of a TOML file. With a cache folder, the parsed data is kept there by the
    file's checksum and read back with marshal: a start then never imports tomllib (~2 ms).
    The checks above run on it all the same."""
    from .tomlfile import load

    if cache_dir is None:
        return load(path)
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return load(path)   # which says what is wrong with it
    folder = Path(cache_dir) / f"profiles-{Checksum(raw).hexdigest()}"
    try:
        with open(folder / "profiles.marshal", "rb") as f:
            data = marshal.loads(f.read())
        if isinstance(data, dict):
            return data, raw.decode("utf-8")
    except (OSError, EOFError, ValueError, TypeError):   # no cache yet, or a broken one
        pass
    data, text = load(path)
    try:
        blob = marshal.dumps(data, 2)
    except ValueError:   # a TOML date: not marshal's
        return data, text
    publish(folder, lambda tmp: (tmp / "profiles.marshal").write_bytes(blob))
    return data, text


def _bundled() -> Path:
    import wordlists   # its folder, as checker.lexicon finds the bundled lists

    return Path(wordlists.__file__).parent / "profiles.toml"


_builtin: dict[str, Profile] | None = None


def builtin(cache_dir: Path | None = None) -> dict[str, Profile]:
    """The bundled profiles, read once per process (through `cache_dir` when given)."""
    global _builtin
    if _builtin is None:
        _builtin = load_profiles(_bundled(), cache_dir)
    return _builtin


def __getattr__(name: str) -> Any:
    if name == "BUILTIN":   # the bundled profiles, read on first use
        return builtin()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_PLATFORM = "douyin"


class Profiles:
    """Built-in profiles plus the user's additions and overrides."""

    def __init__(self, overrides: Mapping[str, Mapping[str, Any]] | None = None, source: str = "config",
                 cache_dir: Path | None = None):
        self._profiles = dict(builtin(cache_dir))
        for name, spec in (overrides or {}).items():
            self._profiles[name] = self._apply(name, spec, source)

    def _apply(self, name: str, spec: Mapping[str, Any], source: str) -> Profile:
        if not isinstance(spec, Mapping):
            e = ConfigError(f"{source}: [profiles.{name}] must be a table")
            e.keypath = ("profiles", name)
            raise e
        base_name = spec.get("base", name if name in self._profiles else "generic")
        if not isinstance(base_name, str) or base_name not in self._profiles:
            e = ConfigError(f"{source}: [profiles.{name}]: base {base_name!r} is not a profile "
                            f"(known: {', '.join(sorted(self._profiles))})")
            e.keypath = ("profiles", name, "base")
            raise e
        return _build(name, spec, self._profiles[base_name], source, ("profiles",))

    def get(self, name: str | None) -> Profile:
        name = name or DEFAULT_PLATFORM
        try:
            return self._profiles[name]
        except KeyError:
            raise UnknownPlatform(name, self._profiles) from None

    def names(self) -> list[str]:
        return sorted(self._profiles)

    def __contains__(self, name) -> bool:
        return name in self._profiles

    def __iter__(self):
        return iter(self._profiles.values())
