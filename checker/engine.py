"""Checker: the one object the CLI, the API and the audit call.

Cheap work first: one translate per view, a trie scan and a few prefiltered regexes. Offsets,
jieba and rules run only for the few messages with a candidate hit."""
from __future__ import annotations

import gc
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from . import lazyre
from .config import Settings, load_settings, user_cache_dir, with_arguments
from .detectors.base import listed
from .detectors.contact import default_registry
from .errors import MsgcheckError
from .lexicon import BUNDLED_DIR, Lexicon, compile_lexicon
from .normalize import Normalizer, default_normalizer
from .profiles import Profile, Profiles
from .rules import PUBLIC_LINES, Context, SpanCover, analyze, triage
from .tokenizer import Tokenizer
from .types import RANK, Finding, Report, Verdict

if TYPE_CHECKING:
    from .broadcast import BroadcastGuard
    from .detectors.base import Registry

_CHECK_KEYS = frozenset({"text", "platform", "sender", "group", "ts", "record"})


# Full-width ASCII -> ASCII, one code point for one, so the "wide" view keeps the original
# offsets; URL, e-mail and 淘口令 patterns run on it.
_WIDE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDE[0x3000] = 0x20  # ideographic space
# Full-width letters, digits and the signs links and addresses are made of (＠＃．／：); the rest
# (，！？) stays as written, so a link never swallows the comma after it.
_FULLWIDTH_CLASS = "[\uff10-\uff1a\uff21-\uff3a\uff41-\uff5a\uff20\uff03\uff0e\uff0f\u3000]"
_FULLWIDTH = re.compile(_FULLWIDTH_CLASS)
_FULLWIDTH_RUN = lazyre.compile(_FULLWIDTH_CLASS + "+")  # a leading repeat gets no fast skip: search the class
# Every link, address and 淘口令 has a letter followed by a letter or digit (a TLD, a code).
# Searched in the folded view (lower case, full width already narrow, nothing inserted), it
# gates the detectors' own trigger, which costs more on Chinese text.
_LATIN_PAIR = re.compile("[a-z][a-z0-9]")


def _narrow(text: str) -> str:
    """The wide view; runs of full-width characters only, as _WIDE is a sparse table."""
    return _FULLWIDTH_RUN.sub(_narrow_run, text) if _FULLWIDTH.search(text) else text


def _narrow_run(m: re.Match) -> str:
    return m.group().translate(_WIDE)


@dataclass
class Explanation:
    """What `msgcheck explain` shows: the folding, every candidate and what became of it."""

    report: Report
    folded: str
    digits: str
    candidates: list[dict[str, Any]] = field(default_factory=list)
    detectors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.report.to_dict(), "folded": self.folded, "digits": self.digits,
                "candidates": self.candidates, "detectors": self.detectors}


_UNGATED_CHECKS = 64   # messages checked before the digit gate is compiled (see Checker._ungated)


#: Characters past which a check runs with the cyclic garbage collector paused. A long text's
#: check keeps its hits, sentences and token lists alive until it returns (tens of thousands of
#: small objects at 1M characters); every collection meanwhile walks all of them, so the
#: collector's share grows with the text and the cost per character with it. What the check
#: leaves behind is ordinary garbage, freed by reference counting or the next collection.
LONG_TEXT = 20_000
_gc_lock = threading.Lock()
_gc_paused = [0, False]   # checks running with the collector paused; was it enabled before


@contextmanager
def _collector_paused():
    """gc.disable() for the block, nested and across threads: the last one out restores it."""
    with _gc_lock:
        if _gc_paused[0] == 0:
            _gc_paused[1] = gc.isenabled()
            gc.disable()
        _gc_paused[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_paused[0] -= 1
            if _gc_paused[0] == 0 and _gc_paused[1]:
                gc.enable()


class Checker:
    """Thread-safe after construction; the lexicon and jieba load lazily, once.

    Checker() runs on the embedded defaults (bundled wordlists and profiles; no config file, no
    environment: a library call gives the same answer everywhere). Checker.from_config() reads
    them as the CLI does. The keyword arguments override `settings` (checker.config.with_arguments):
    platform (the default profile), wordlists (extra folders), replace_bundled, profiles
    ({name: table} as [profiles.NAME]), cache_dir (where the compiled lexicon, word boundaries and
    folding tables are kept; Checker() with no settings uses the user's cache folder, as the CLI
    does: a cache changes no answer, only the start, ~3 s to ~0.1 s), guard (a BroadcastGuard or a store URL, for frequency limits)."""

    def __init__(self, settings: Settings | None = None, *, platform: str | None = None,
                 wordlists: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
                 replace_bundled: bool | None = None, profiles: Mapping[str, Any] | None = None,
                 cache_dir: str | os.PathLike | None = None, normalizer: Normalizer | None = None,
                 guard: BroadcastGuard | str | None = None, registry: Registry | None = None):
        if settings is None and cache_dir is None:
            cache_dir = user_cache_dir(os.environ)
        self.settings = with_arguments(settings, platform=platform, wordlists=wordlists,
                                       replace_bundled=replace_bundled, profiles=profiles, cache_dir=cache_dir)
        self.normalizer = normalizer or default_normalizer()
        if self.normalizer.cache_dir is None and self.settings.cache_dir is not None:
            self.normalizer.cache_dir = self.settings.cache_dir   # before its tables are built
        self.profiles = Profiles(self.settings.profiles, self.settings.source, self.settings.cache_dir)
        if self.settings.platform not in self.profiles:
            self.profiles.get(self.settings.platform)  # raises UnknownPlatform with the list
        self.registry = registry if registry is not None else default_registry()
        self._digit_detectors = self.registry.for_view("digits")
        # The digit view is built only where a digit detector could match, as the detectors
        # declare it (Detector.folded_gate): a long run of digits, a phone word, a call verb …
        self._digit_gate = self._ungated
        self._ungated_left = _UNGATED_CHECKS
        self._wide_detectors = [d for d in self.registry.for_view("wide") if not d.own_gate]
        self._own_gated = tuple(d for d in self.registry.for_view("wide") if d.own_gate)
        self._wide_trigger = self.registry.trigger("wide")   # compiled when first searched
        self.tokenizer = Tokenizer(self.settings.cache_dir)
        if isinstance(guard, str):
            from .broadcast import BroadcastGuard

            guard = BroadcastGuard(guard, fail_open=self.settings.fail_open)
        self.guard = guard
        self._pass_reports = {p.name: Report(Verdict.PASS, (), p.name) for p in self.profiles}
        # check() runs ~100k times a second: its profile lookup is one dict get (~2% on short
        # messages); Profiles.get still answers the unknown names, with the list of valid ones.
        self._by_name = {p.name: p for p in self.profiles}
        self._default_platform = self.settings.platform
        self._lexicon: Lexicon | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, path: str | os.PathLike | None = None, env: Mapping[str, str] | None = None,
                    **kwargs: Any) -> "Checker":
        """The settings the CLI and the server use: `path` (else $MSGCHECK_CONFIG, else the user's
        config.toml), then MSGCHECK_* from `env` (default os.environ); kwargs as for Checker()."""
        return cls(load_settings(path, env), **kwargs)

    def _ungated(self, folded: str) -> bool:
        """The digit gate, compiled only after the first _UNGATED_CHECKS messages: compiling it
        costs ~20 ms, more than a one-message `msgcheck check` spends on everything else it
        saves. The gate only filters (every digit detector has its own patterns), so running the
        detectors ungated gives the same findings."""
        self._ungated_left -= 1
        if self._ungated_left <= 0:
            self._digit_gate = self.registry.folded_gate("digits").search
        return True

    # -- loading ----------------------------------------------------------------------
    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            with self._lock:
                if self._lexicon is None:
                    self._lexicon = self._compile()
        return self._lexicon

    def _wordlist_dirs(self) -> list[Path]:
        dirs = [] if self.settings.replace_bundled else [BUNDLED_DIR]
        return dirs + list(self.settings.wordlist_dirs)

    def _compile(self) -> Lexicon:
        lex = compile_lexicon(self._wordlist_dirs(), self.normalizer, known_word=self.tokenizer.known_word,
                              cache_dir=self.settings.cache_dir)
        self.tokenizer.add_words(k for k in lex.anchors.keys() if not k.isascii() and len(k) > 1)
        return lex

    def reload(self) -> Lexicon:
        """Recompile the wordlists (the cache makes an unchanged reload cheap); atomic swap."""
        lex = self._compile()
        with self._lock:
            self._lexicon = lex
        return lex

    def warm(self) -> "Checker":
        """Load everything now (servers call this at start-up, not on the first request)."""
        _ = self.lexicon
        self._digit_gate = self.registry.folded_gate("digits").search
        self._wide_trigger.ready()
        self.registry.warm()
        self.tokenizer.warm()
        self.normalizer.fold("")
        return self

    # -- checking ---------------------------------------------------------------------
    def check(self, text: str, platform: str | None = None, *, sender: str | None = None,
              group: str | None = None, ts: float | None = None, record: bool = False) -> Report:
        profile = self._by_name.get(platform or self._default_platform) or self.profiles.get(platform)
        findings = self._content(text, profile, False)[0]
        if not findings and (sender is None or group is None or self.guard is None):
            return self._pass_reports[profile.name]  # immutable: one per profile is enough
        verdict = Verdict.worst(f.severity for f in findings) if findings else Verdict.PASS
        notes: tuple[str, ...] = ()
        if self.guard is not None and sender is not None and group is not None:
            from .broadcast import Limits

            res = self.guard.check(sender=str(sender), group=str(group), text=self.normalizer.fold(text),
                                   ts=ts, limits=Limits.from_dict(dict(profile.limits)),
                                   record=record and verdict is not Verdict.BLOCK)
            if res.findings:
                findings = findings + list(res.findings)
                verdict = Verdict.worst([verdict.value] + [f.severity for f in res.findings])
            if res.skipped:
                notes = (f"broadcast check skipped: {res.skipped}",)
        return Report(verdict, tuple(findings), profile.name, notes)

    def check_many(self, items: Iterable[str | tuple[str, str | None] | Mapping[str, Any]],
                   platform: str | None = None) -> list[Report]:
        """Check many messages; the reports come back in input order. Each item is a text, a
        (text, platform) pair, or a mapping of check()'s arguments ({"text": …, "platform": …,
        "sender": …, "group": …, "ts": …, "record": …}); `platform` is the default for items that
        name none. The profile is resolved once (an unknown one raises before any item is read),
        the engine loads once, and each item then costs what check() costs. A bad item raises
        TypeError or UnknownPlatform with a note naming its index."""
        default = self._by_name.get(platform or self._default_platform) or self.profiles.get(platform)
        _ = self._lexicon or self.lexicon
        check, name, out = self.check, default.name, []
        append = out.append
        for i, item in enumerate(items):
            try:
                if type(item) is str:
                    append(check(item, name))
                elif isinstance(item, tuple) and len(item) == 2:
                    append(check(item[0], item[1] or name))
                elif isinstance(item, Mapping):
                    if "text" not in item or not _CHECK_KEYS.issuperset(item):
                        raise TypeError(f"a mapping item needs 'text' and may hold only {', '.join(sorted(_CHECK_KEYS))}"
                                        f"; got {', '.join(sorted(map(str, item)))}")
                    append(check(**{**item, "platform": name}) if item.get("platform") is None
                           else check(**item))
                else:
                    raise TypeError("an item must be a str, a (text, platform) pair or a mapping with 'text', "
                                    f"not {type(item).__name__}")
            except (TypeError, MsgcheckError) as e:
                e.add_note(f"check_many: item {i}")
                raise
        return out

    def explain(self, text: str, platform: str | None = None) -> Explanation:
        profile = self.profiles.get(platform or self.settings.platform)
        findings, ctx = self._content(text, profile, explain=True)
        report = Report(Verdict.worst(f.severity for f in findings), tuple(findings), profile.name)
        exp = Explanation(report, self.normalizer.fold(text), self.normalizer.fold_digits(text))
        if ctx is not None and ctx.candidates:
            for c in ctx.candidates:
                s, e = ctx.orig(c.start, c.end)
                exp.candidates.append({"term": c.entry.term, "kind": c.entry.kind, "canonical": c.entry.canonical,
                                       "channel": c.entry.channel, "source": c.entry.source,
                                       "homophone": c.entry.homophone, "ambiguous": c.entry.ambiguous,
                                       "start": s, "end": e, "text": text[s:e],
                                       "decision": c.decision, "reason": c.reason, "reading": c.reading})
        return exp

    def _content(self, text: str, profile: Profile, explain: bool) -> tuple[list[Finding], Context | None]:
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        if len(text) > LONG_TEXT:
            with _collector_paused():
                return self._read_content(text, profile, explain)
        return self._read_content(text, profile, explain)

    def _read_content(self, text: str, profile: Profile, explain: bool) -> tuple[list[Finding], Context | None]:
        lex = self._lexicon or self.lexicon
        norm = self.normalizer
        folded = norm.fold(text)
        findings: list[Finding] = []
        ctx = None
        # Digit view only when the folded text has a run of digits or numerals long enough
        # to be a number (幺三九… counts): most messages have none.
        if self._digit_gate(folded):
            digits = norm.fold_digits(text)
            for det in self._digit_detectors:
                for m in det.analyze(digits):
                    ctx = ctx or self._context(text, folded, profile)
                    s, e = ctx.digits.span(m.start, m.end)
                    if listed(text, s, e):
                        continue   # 红球号码为03 11 17 22 28 31: a list of two-digit numbers
                    if not det.as_written(text, s, e, m):
                        continue
                    if det.rule == "contact.phone" and _home_hotline(lex, digits, m.start, profile):
                        continue   # 拨打抖音官方客服热线95152 on douyin: the platform's own line
                    if m.value in PUBLIC_LINES:
                        continue   # 可拨打12315投诉: a public body's line, no one's private contact
                    findings.append(self._contact(text, s, e, m, profile, det))
        # Links, e-mails and 淘口令 are read on the text itself (full-width folded, same offsets).
        if _LATIN_PAIR.search(folded):
            dets = self._wide_detectors if self._wide_trigger.search(wide := _narrow(text)) else ()
            for d in self._own_gated:
                if d.wanted(text):
                    dets = [*dets, d]
            for det in dets:
                for m in det.analyze(wide):
                    ctx = ctx or self._context(text, folded, profile)
                    ctx.links.append((m.start, m.end))  # words inside a link are not mentions
                    if det.rule == "contact.url" and _home_link(m.value, profile):
                        continue
                    findings.append(self._contact(text, m.start, m.end, m, profile, det))
        if explain:
            anchors = lex.scan_anchors(folded)
        elif anchors := lex.candidates(folded):
            anchors = triage(anchors, folded, text, lex)
        if anchors:
            ctx = ctx or self._context(text, folded, profile)
            findings.extend(analyze(ctx, anchors))
        elif not findings:
            return findings, ctx
        findings = _dedupe(f for f in findings if f.severity != "pass")
        return findings, ctx

    def _context(self, text: str, folded: str, profile: Profile) -> Context:
        return Context(text, folded, profile, self.lexicon, self.normalizer, self.tokenizer.spans,
                       self.tokenizer.freq, self.tokenizer.may_cross)

    @staticmethod
    def _contact(text: str, s: int, e: int, m, profile: Profile, det) -> Finding:
        what = "站外联系方式" if det.category == "contact" else "引流"
        return Finding(category=det.category, rule=m.detector, severity=profile.grade(det.grade), start=s, end=e,
                       text=text[s:e], message=f"{what}：{m.kind}", canonical=m.kind,
                       suggestion=profile.dm, score=round(m.score, 2))


def _home_hotline(lex: Lexicon, view: str, start: int, profile: Profile) -> bool:
    """The profile's own platform named in the clause just before a called number."""
    lo0 = max(0, start - 16)
    lo = max(view.rfind(",", lo0, start), view.rfind(";", lo0, start), start - 16) + 1
    return any(e.kind == "platform" and e.channel in profile.home
               for _, _, es in lex.scan_anchors(view[lo:start]) for e in es)


def _home_link(value: str, profile: Profile) -> bool:
    host = value.lower().split("://", 1)[-1].split("/", 1)[0]
    return any(host == d or host.endswith("." + d) for d in profile.home_domains)


def _dedupe(findings) -> list[Finding]:
    """One finding per span: the most severe; a contact span wins over a mention inside it."""
    best: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.start, f.end)
        old = best.get(key)
        if old is None or (RANK[f.severity], f.score) > (RANK[old.severity], old.score):
            best[key] = f
    out = sorted(best.values(), key=lambda f: (f.start if f.start is not None else -1, f.end or 0))
    # A competitor mention inside a diversion/contact span says nothing new; nor does a
    # contact span inside a longer one (ANG7916 read after the w of WANG7916).
    spans = SpanCover([(f.start, f.end) for f in out if f.category != "competitor" and f.start is not None])
    contacts = SpanCover([(f.start, f.end) for f in out if f.category == "contact" and f.start is not None])
    return [f for f in out
            if f.start is None
            or not (f.category == "competitor" and spans.covers(f.start, f.end))
            and not (f.category == "contact" and contacts.covers(f.start, f.end, strictly=True))]

