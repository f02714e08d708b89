"""Wordlists -> a compiled marisa-trie lexicon, cached on disk by content hash.

Wordlist format (plain UTF-8 text, meant to be edited by people who are not programmers):

    # a comment; blank lines are ignored
    [platform wechat 微信]      section: kind, then its arguments
    微信 @pinyin                a term, then flags
    威信 ?                      '?' = also an ordinary word: needs an action, ID or number nearby

Sections: [platform CHANNEL CANONICAL], [contact], [action before|after|next|contact], [pointer],
[phrase CHANNEL?], [allow], [exempt], [negation], [warning], [reading CLASS]. Flags: '?' (needs corroboration),
'$' (counts only at the end of a clause: 私 in 需要的宝宝私), '~' '>' '!' (actions: weak, far,
strong; '~' on a [contact] word: a code that only a scan makes a contact, 扫门口那个码; on a
[pointer]: a place on the profile that counts only when the reader is sent to look there), '@pinyin' (also add homophones that jieba does not know as words, and spellings that
write some characters as their pinyin initials: 拼dd, x红书), '@initials' (only the latter: k手,
抖y), 'canonical=X'.
Terms are folded by the Normalizer at compile time, so a list may say V信 or 微信 or 微 信 and
still match every disguise.
"""
from __future__ import annotations

import copy
import itertools
from bisect import bisect_left
import marshal
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, NamedTuple

import marisa_trie

from . import lazyre
from . import recode
from .cachefiles import Checksum, publish
from .errors import WordlistError
from .normalize import Normalizer, default_normalizer

KINDS = {"platform", "contact", "action", "pointer", "phrase", "allow", "exempt", "negation", "warning", "reading"}
# Marker classes of [reading CLASS] (wordlists/reading.txt; checker/reading.py says where each counts).
READING_CLASSES = {"aspect", "receive", "time", "agent", "self", "habit", "addressee", "offer", "imperative",
                   "object", "question", "recommend", "meta", "service", "ask", "copula", "someone", "consequence", "sequence", "request", "inclusive", "report", "place", "back", "condition", "sequel", "measure", "welcome", "made", "turn", "propose", "head", "thing", "fear", "answer", "want", "manner", "routine", "none"}
ACTION_MODES = {"before", "after", "next", "contact"}
# The kinds a user adds entries of with `msgcheck wordlist add` (the rest are the engine's own).
EDITABLE_KINDS = ("platform", "contact", "action", "pointer", "phrase", "allow", "exempt")
ANCHOR_KINDS = {"platform", "contact", "pointer", "phrase"}
CACHE_VERSION = "19"   # 19: "," among the hints after a lone alias; 18: the scanners' sets and maps (scanners.marshal); 17: Entry.left; 14: the scanners' compiled regex code (regex.marshal); 15: lazyre's too; 16: weak contact words and pointers



def _bundled_dir() -> Path:
    """The wordlists shipped as package data, wherever the package was installed: the folder
    of the `wordlists` package, what importlib.resources.files() gives for it, without
    importing importlib.resources (~1 ms of every start)."""
    import wordlists

    return Path(wordlists.__file__).parent


BUNDLED_DIR = _bundled_dir()
_SECTION = lazyre.compile(r"^\[\s*([a-z]+)((?:\s+[^\]\s]+)*)\s*\]$")


def section_of(line: str) -> str | None:
    """'[ platform  wechat 微信 ]  # note' -> '[platform wechat 微信]'; None for a line that is
    not a section header. The one reading of a header, for the compiler and the list editor."""
    m = _SECTION.match(line.split(" #", 1)[0].split("\t#", 1)[0].strip())
    return f"[{' '.join([m.group(1), *m.group(2).split()])}]" if m else None


class Entry(NamedTuple):
    """One wordlist term as compiled: its folded form and what a match of it means. A named
    tuple, not a frozen dataclass: a start builds ~19k of them from the cache, and a tuple is
    made in one C call where a frozen dataclass sets each field in Python (~15 ms a start)."""

    term: str                 # folded form, the trie key
    kind: str                 # platform | contact | action | pointer | phrase | allow
    canonical: str            # what the user is told was matched (微信 for 薇信)
    channel: str | None = None  # platform id for platform/phrase entries
    mode: str | None = None   # action: before | after | near
    ambiguous: bool = False   # an ordinary word too: needs corroboration
    homophone: bool = False   # generated from pinyin, not written in a list
    weak: bool = False        # action: '~' too weak to corroborate an ordinary-word alias
    far: bool = False         # action: '>' may reach across a comma (…上新，记得加一下)
    strong: bool = False      # action: '!' no third party or warning excuses it (留个电话);
                              # pointer: '!' holds its own instruction (评论区扣1, 看我主页)
    at_end: bool = False      # '$' counts only at the end of a clause (需要的宝宝私)
    source: str = ""          # file:line, for explain and error messages
    left: str = ""            # 'left=58': a match counts only right after these (folded) characters,
                              # which the match then takes in (58同城 keyed on 同城: a digit as a key's
                              # first character would widen the scan for every message)


@dataclass
class Lexicon:
    """Two tries: anchors (scanned over the whole text) and context (scanned near anchors)."""

    anchors: marisa_trie.Trie
    context: marisa_trie.Trie
    anchor_entries: list[tuple[Entry, ...]]
    context_entries: list[tuple[Entry, ...]]
    channels: dict[str, str] = field(default_factory=dict)  # channel id -> canonical name
    digest: str = ""
    # What the cache kept of the work below (`derived_state`), with the sub-scanners' tries:
    # a process that has it skips ~40 ms of building sets and maps at every start.
    derived: dict | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        d = self.derived
        if d is not None:
            self._anchor_scan = _Scanner.from_state(self.anchors, self.anchor_entries, d["anchor"])
            self.hints = Hints(*d["hints"])
            self._context_by_key = dict(zip(d["context_keys"], self.context_entries))
            allow = d["allow"]
        else:
            self._anchor_scan = _Scanner(self.anchors, self.anchor_entries)
            self.hints = Hints.of(self)
            self._context_by_key = {k: self.context_entries[i] for k, i in self.context.items()}
            allow = [k for k, group in self._context_by_key.items() if any(e.kind == "allow" for e in group)]
        # scan_anchors(folded) -> [(start, end, entries)] for every anchor key starting anywhere
        # in folded; bound straight to the scanner, as it runs on every message.
        self.scan_anchors = self._anchor_scan.scan
        # candidates(folded): scan_anchors without the one-character aliases that stand alone
        # (微 in 微笑).
        self.candidates = self._anchor_scan.with_hints(self.hints).scan
        self.anchor_maxlen = self._anchor_scan.maxlen
        self._allow = allow
        self._allow_firsts = frozenset(k[0] for k in allow)
        self.allow_maxlen = max((len(k) for k in allow), default=0)
        self._allow_relevant: dict[str, bool] = {}
        self._reading_last = threading.local()
        # Facts the rules work out once per lexicon (keyed by what they need); dropped with it.
        self.memo: dict[str, dict] = {}

    def derived_state(self) -> tuple[dict, dict[str, marisa_trie.Trie]]:
        """What __post_init__ and the sub-scanners work out, as plain data for marshal (the
        cache), and the sub-scanners' tries to save beside it."""
        subs, tries = {}, {}
        for name in _SUBSCANNERS:
            sc: _Scanner = getattr(self, name)
            keys = sc.keys_in_order()
            refs = []
            for k in keys:
                group = self._context_by_key[k]
                kept = sc.by_key[k]
                refs.append((self.context.key_id(k),
                             None if kept == group else tuple(group.index(e) for e in kept)))
            subs[name] = (refs, sc.state())
            tries[name] = sc.trie
        return ({"anchor": self._anchor_scan.state(), "hints": (self.hints.before_last, self.hints.after_first),
                 "context_keys": _keys_in_order(self.context), "allow": list(self._allow), "subs": subs},
                tries)

    def terms(self) -> list[str]:
        return sorted(set(self.anchors.keys()) | set(self.context.keys()))

    def entries(self) -> Iterable[Entry]:
        for group in self.anchor_entries:
            yield from group
        for group in self.context_entries:
            yield from group

    def allow_over(self, folded: str, start: int, end: int) -> Entry | None:
        """An allow word that covers folded[start:end], or starts inside it and runs on past
        it (泡泡袖 after 绿色泡泡), or starts before it and holds its first two characters or
        more (狗狗多多 before 多多买): the hit is part of an ordinary word. A local scan, so a
        hit can be dropped without scanning its whole sentence."""
        key = folded[start:end]
        relevant = self._allow_relevant.get(key)
        if relevant is None:
            # Could any allow word cover this key, or start inside it and run on? Asked once
            # per key: for most (ins, 淘宝) none can, and the scan below is skipped.
            relevant = self._allow_relevant[key] = any(
                key in a or any(a.startswith(key[i:]) and len(a) > len(key) - i for i in range(1, len(key)))
                or any(a.endswith(key[:i]) and len(a) > i for i in range(2, len(key)))
                for a in self._allow)
        if not relevant:
            return None
        firsts, maxlen = self._allow_firsts, self.allow_maxlen
        prefixes, entries = self.context.prefixes, self._context_by_key
        for i in range(max(0, start - maxlen + 1), end):
            if folded[i] not in firsts:
                continue
            for key in prefixes(folded[i:i + maxlen]):
                j = i + len(key)
                if (i <= start and j >= end) or (start < i < end < j) or (i < start and start + 2 <= j < end):
                    for e in entries[key]:
                        if e.kind == "allow":
                            return e
        return None

    # The context scanners are built on first use (each compiles a regex): most messages, and a
    # one-message `msgcheck check`, never need them.
    @cached_property
    def _context_scan(self) -> "_Scanner":
        # Reading markers (了, 吗, 宝宝们 …) live in the context trie but are scanned apart: the
        # rules' loops over context words never see them, and only checker/reading.py asks.
        return self._sub_scanner("_context_scan", lambda e: e.kind != "reading")

    @cached_property
    def _reading_scan(self) -> "_Scanner":
        return self._sub_scanner("_reading_scan", lambda e: e.kind == "reading")

    @cached_property
    def context_maxlen(self) -> int:
        return self._context_scan.maxlen

    # Actions by the candidates they can corroborate: a contact word needs a 'contact' action,
    # a platform one of the others. Triage asks whether any stands near a hit.
    @cached_property
    def _contact_actions(self) -> "_Scanner":
        return self._sub_scanner("_contact_actions", lambda e: e.kind == "action" and e.mode == "contact")

    @cached_property
    def _other_actions(self) -> "_Scanner":
        return self._sub_scanner("_other_actions", lambda e: e.kind == "action" and e.mode != "contact")

    def scanner_sources(self) -> list[str]:
        """Every scanner's pattern (built now if they were not), for the cache to keep compiled."""
        scanners = [self._anchor_scan] + [getattr(self, name) for name in _SUBSCANNERS]
        return [s.source for s in scanners if s.source is not None]

    def _sub_scanner(self, name: str, keep) -> "_Scanner":
        kept = self.derived and self.derived["subs"].get(name)
        if kept:
            trie, (refs, state) = kept
            by_id = self.context_entries
            entries = [by_id[i] if pos is None else tuple(by_id[i][p] for p in pos) for i, pos in refs]
            if len(entries) == len(trie):
                return _Scanner.from_state(trie, entries, state)
        groups = {k: tuple(e for e in group if keep(e)) for k, group in self._context_by_key.items()}
        groups = {k: g for k, g in groups.items() if g}
        trie = marisa_trie.Trie(groups.keys())
        entries: list[tuple[Entry, ...]] = [()] * len(trie)
        for k, g in groups.items():
            entries[trie.key_id(k)] = g
        return _Scanner(trie, entries)

    def actions_in(self, folded: str, lo: int, hi: int, contact: bool) -> list[tuple[int, int, tuple[Entry, ...]]]:
        """The actions inside folded[lo:hi] that could corroborate a contact word (contact=True)
        or a platform name."""
        scanner = self._contact_actions if contact else self._other_actions
        return scanner.scan(folded, max(lo, 0), min(hi, len(folded)))

    def anchor_at(self, folded: str, start: int, longer_than: int, kinds: tuple[str, ...] = ("contact",)) -> str | None:
        """An anchor of `kinds` that starts at `start` and runs past `longer_than` characters (联系方式
        for the 联系 at its head, 朋友圈 for 朋友): the shorter word there is the longer one's first half."""
        scan = self._anchor_scan
        for key in scan.prefixes(folded[start:start + scan.maxlen]):
            if len(key) > longer_than and all(e.kind in kinds for e in scan.by_key[key]):
                return key
        return None

    def is_action(self, term: str) -> bool:
        return any(e.kind == "action" for e in self._context_by_key.get(term, ()))

    def scan_reading(self, folded: str, lo: int, hi: int) -> list[tuple[int, int, tuple[Entry, ...]]]:
        """(start, end, entries) for reading markers inside folded[lo:hi]. The reading asks for
        a dozen windows of one message, some many times: the whole text is scanned once (kept
        for the last text asked about) and each window is cut from it by bisection, the same
        hits a scan of the window finds (a key starting in it and ending by its end)."""
        local = self._reading_last   # per thread: API threads sharing the lexicon never rescan
        last = getattr(local, "last", None)   # each other's texts
        if last is None or last[0] is not folded:
            hits = self._reading_scan.scan(folded)
            last = local.last = (folded, hits, [h[0] for h in hits])
        _, hits, starts = last
        lo, hi = max(lo, 0), min(hi, len(folded))
        return [h for h in hits[bisect_left(starts, lo):bisect_left(starts, hi)] if h[1] <= hi]

    def scan_context(self, folded: str, lo: int, hi: int) -> list[tuple[int, int, tuple[Entry, ...]]]:
        """(start, end, entries) for context keys inside folded[lo:hi]."""
        return self._context_scan.scan(folded, max(lo, 0), min(hi, len(folded)))


# The scanners built on first use, by attribute name (the cache keeps each one's state and trie).
_SUBSCANNERS = ("_context_scan", "_reading_scan", "_contact_actions", "_other_actions")


def _keys_in_order(trie: marisa_trie.Trie) -> list[str]:
    """The trie's keys by key id: zipped with a list indexed by id, they make a key -> value map."""
    out = [""] * len(trie)
    for k, i in trie.items():
        out[i] = k
    return out


class _Scanner:
    """Every key of a trie that starts anywhere in a text, asking the trie only where a key
    can start: a one-character key, or a first character followed by a possible second one.
    The pattern starts with one character class so `re` skips to candidates at C speed (a
    leading lookahead gets no such skip) and consumes one character, so overlapping starts are
    all seen; a set of real first bigrams then drops most of what is left (为 starts 为信, a
    homophone, but 为了 starts nothing)."""

    def __init__(self, trie: marisa_trie.Trie, entries: list[tuple[Entry, ...]]):
        self.trie = trie
        self.prefixes = trie.prefixes
        # Entries by key: a dict lookup is cheaper than asking the trie for the key's id again.
        # (items() gives every key with its id in one call: the scanners are built at every start)
        self.by_key = {k: entries[i] for k, i in trie.items()}
        keys = list(self.by_key)
        longer = [k for k in keys if len(k) >= 2]
        self.singles = frozenset(k for k in keys if len(k) == 1)
        self.bigrams = frozenset([k[:2] for k in longer])
        self.pairs = frozenset([k for k in longer if len(k) == 2])
        self.trigrams = frozenset([k[:3] for k in longer if len(k) >= 3])
        self.maxlen = max(map(len, keys), default=1)
        self.lonely = frozenset(k for k in self.singles if all(e.ambiguous for e in self.by_key[k]))
        self.lefted = self._split_left([k for k in longer if any(e.left for e in self.by_key[k])])
        singles = "".join(sorted(self.singles))
        firsts = {k[0] for k in longer}
        seconds = "".join(sorted({k[1] for k in longer}))
        starts = "".join(sorted(set(singles) | firsts))
        tails = ([f"(?<=[{re.escape(singles)}])"] if singles else []) + \
            ([f"(?=[{re.escape(seconds)}])"] if firsts else [])
        self.source = f"[{re.escape(starts)}](?:{'|'.join(tails)})" if starts else None
        self.first_re = recode.compile(self.source) if starts else None

    def _split_left(self, keys: list[str]) -> dict:
        """Keys with entries that count only after their `left` characters ('left=58'): per key,
        the entries without one, and those of each left text, split once here."""
        return {k: (tuple(e for e in self.by_key[k] if not e.left),
                    tuple((x, tuple(e for e in self.by_key[k] if e.left == x))
                          for x in dict.fromkeys(e.left for e in self.by_key[k] if e.left)))
                for k in keys}

    def keys_in_order(self) -> list[str]:
        return _keys_in_order(self.trie)

    def state(self) -> tuple:
        """What __init__ works out beyond the entries, as plain data (marshal writes frozensets)."""
        return (self.keys_in_order(), self.singles, self.bigrams, self.pairs, self.trigrams, self.maxlen,
                self.lonely, list(self.lefted), self.source)

    @classmethod
    def from_state(cls, trie: marisa_trie.Trie, entries: list[tuple[Entry, ...]], state: tuple) -> "_Scanner":
        """The scanner __init__ would build, from `state()` of one built on the same trie."""
        self = cls.__new__(cls)
        keys, self.singles, self.bigrams, self.pairs, self.trigrams, self.maxlen, self.lonely, lefted, \
            self.source = state
        if len(keys) != len(trie) or len(entries) != len(trie):
            raise ValueError("scanner state does not fit its trie")
        self.trie, self.prefixes = trie, trie.prefixes
        self.by_key = dict(zip(keys, entries))
        self.lefted = self._split_left(lefted)
        self.first_re = recode.compile(self.source) if self.source else None
        return self

    hints: "Hints | None" = None

    def with_hints(self, hints: "Hints") -> "_Scanner":
        """The same scanner, leaving out a one-character alias that is only an ordinary word
        unless an action or an ID stands next to it (微 in 微笑): the test the rules would make
        first, made here before anything is built for it."""
        twin = copy.copy(self)
        twin.hints = hints
        return twin

    def scan(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, tuple[Entry, ...]]]:
        out: list[tuple[int, int, tuple[Entry, ...]]] = []
        if self.first_re is None:
            return out
        if hi is None:
            hi = len(text)
        prefixes, entries, maxlen = self.prefixes, self.by_key, self.maxlen
        singles, bigrams = self.singles, self.bigrams
        pairs, trigrams = self.pairs, self.trigrams
        hints = self.hints
        lonely = self.lonely if hints is not None else ()
        lefted = self.lefted
        for m in self.first_re.finditer(text, lo, hi):
            i = m.start()
            b = text[i:i + 2]
            # 可以, 付款, 16 start keys (可以加v…) but rarely one: the first three characters
            # settle it before the trie is asked.
            if b not in bigrams or (b not in pairs and text[i:i + 3] not in trigrams):
                c = text[i]
                if c not in singles:
                    continue
                # Only the one-character key can start here: no trie lookup needed.
                if c in lonely and not (i > lo and text[i - 1] in hints.before_last) \
                        and not (i + 1 < hi and text[i + 1] in hints.after_first):
                    continue
                out.append((i, i + 1, entries[c]))
                continue
            for key in prefixes(text[i:min(i + maxlen, hi)]):
                if key in lefted:
                    if self._left_hits(out, text, lo, i, key):
                        out.sort(key=_span_order)   # (rare: a hit that starts before this one's key)
                else:
                    out.append((i, i + len(key), entries[key]))
        return out

    def _left_hits(self, out: list, text: str, lo: int, i: int, key: str) -> bool:
        """A key some of whose entries count only right after their `left` characters: those
        that find them there start where they start; the rest start at the key. True if a hit
        was added that starts before the key."""
        plain, by_left = self.lefted[key]
        if plain:
            out.append((i, i + len(key), plain))
        added = False
        for left, entries in by_left:
            s = i - len(left)
            if s >= lo and text.startswith(left, s):
                out.append((s, i + len(key), entries))
                added = True
        return added


def _span_order(hit: tuple) -> tuple[int, int]:
    return hit[0], hit[1]


@dataclass(frozen=True)
class Hints:
    """Characters that can stand next to a one-character alias when it means a channel: the
    last character of a 'before' action or a filler (加v, 加个v), or the first of a 'next'
    action or an ID (v我, 薇：abc). Lets the rules drop 微 in 微笑 without any further work."""

    before_last: frozenset[str]
    after_first: frozenset[str]

    @classmethod
    def of(cls, lex: "Lexicon") -> "Hints":
        from .normalize import CN_DIGITS

        from .grammar import GRAMMAR

        before = set(GRAMMAR.chars("fillers"))   # 加个v, 加小v
        # (有v没, 有v吗: the question right after the alias; 有 before it is too common a hint)
        # (我们的售后V，号是 LY_02: the ID label may open the next clause)
        after = set("abcdefghijklmnopqrstuvwxyz0123456789:号码是为群没吗上,") | set(CN_DIGITS)
        for group in lex.context_entries:
            for e in group:
                if e.kind == "action" and e.mode == "before" and not e.weak:
                    before.add(e.term[-1])   # a weak action never corroborates an alias
                elif e.kind == "action" and e.mode == "next":
                    after.add(e.term[0])
                elif e.kind == "reading" and e.mode == "agent" and len(e.term) > 1:
                    before.add(e.term[-1])   # whose account, between the act and the alias (加下店长v)
        return cls(frozenset(before), frozenset(after))


# -- parsing ----------------------------------------------------------------------------

def parse_file(path: Path, normalizer: Normalizer) -> list[Entry]:
    """Parse one wordlist; any problem raises WordlistError naming file and line."""
    entries: list[Entry] = []
    section: tuple[str, list[str]] | None = None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise WordlistError(path, 0, f"not UTF-8 ({e.reason})") from None
    except OSError as e:
        raise WordlistError(path, 0, f"cannot read: {e.strerror}") from None
    for lineno, raw in enumerate(lines, 1):
        line = raw.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        where = f"{Path(path).name}:{lineno}"
        if line.startswith("["):
            m = _SECTION.match(line)
            if not m:
                raise WordlistError(path, lineno, f"bad section header {line!r}; expected e.g. [platform wechat 微信]")
            kind, args = m.group(1), m.group(2).split()
            _check_section(path, lineno, kind, args)
            section = (kind, args)
            continue
        if section is None:
            raise WordlistError(path, lineno, "entry before any [section] header")
        kind, args = section
        parts = line.split()
        term_raw, flags = parts[0], parts[1:]
        ambiguous, pinyin, canonical, weak, far, strong, at_end = False, False, None, False, False, False, False
        left = ""
        for flag in flags:
            if flag == "?":
                ambiguous = True
            elif flag == "$":
                at_end = True
            elif flag == "!":
                strong = True
            elif flag == "~":
                weak = True
            elif flag == ">":
                far = True
            elif flag == "@pinyin":
                pinyin = True
            elif flag == "@initials":
                pinyin = "initials"
            elif flag.startswith("canonical="):
                canonical = flag.split("=", 1)[1]
            elif flag.startswith("left=") and kind in ANCHOR_KINDS:
                left = normalizer.fold(flag.split("=", 1)[1])
                if not left:
                    raise WordlistError(path, lineno, f"flag {flag!r} is empty once folded")
            else:
                raise WordlistError(path, lineno, f"unknown flag {flag!r} (known: ?, $, ~, >, !, @pinyin, @initials, "
                                                  "canonical=NAME, left=TEXT on anchor terms)")
        for term_raw in _expand(term_raw, path, lineno):
            term = normalizer.fold(term_raw)
            if not term or term.strip(",:") == "":
                raise WordlistError(path, lineno, f"term {term_raw!r} is empty once folded")
            if "," in term or ";" in term:
                raise WordlistError(path, lineno, f"term {term_raw!r} contains clause punctuation")
            if at_end and kind not in ANCHOR_KINDS and kind != "action":
                raise WordlistError(path, lineno, f"flag '$' is for [platform], [contact], [pointer], [phrase] and [action] terms, not [{kind}]")
            if kind == "platform":
                channel, canon = args[0], args[1]
                e = Entry(term, kind, canonical or canon, channel=channel, ambiguous=ambiguous, at_end=at_end,
                          strong=strong, source=where)
            elif kind == "action":
                e = Entry(term, kind, canonical or term_raw, mode=args[0], weak=weak, far=far, strong=strong, at_end=at_end,
                          source=where)
            elif kind == "reading":
                e = Entry(term, kind, canonical or term_raw, mode=args[0], source=where)
            elif kind == "phrase":
                e = Entry(term, kind, canonical or term_raw, channel=args[0] if args else None,
                          ambiguous=ambiguous, at_end=at_end, source=where)
            elif kind == "pointer":
                e = Entry(term, kind, canonical or term_raw, ambiguous=ambiguous, at_end=at_end, strong=strong, weak=weak,
                          source=where)
            elif kind == "contact":
                e = Entry(term, kind, canonical or term_raw, ambiguous=ambiguous, at_end=at_end, weak=weak, source=where)
            else:
                e = Entry(term, kind, canonical or term_raw, ambiguous=ambiguous, at_end=at_end, source=where)
            if left:
                if len(term) < 2:
                    raise WordlistError(path, lineno, f"flag left= needs a term of two or more characters, not {term!r}")
                e = e._replace(left=left)
            entries.append(e)
            if pinyin:
                entries.append(_PinyinRequest(e, initials_only=pinyin == "initials"))  # expanded by compile()
    return entries


_BRACES = lazyre.compile(r"\{([^{}]*)\}")
MAX_EXPANSIONS = 512


def _expand(term: str, path, lineno: int) -> list[str]:
    """绿色{的,}{聊天,}{软件,app} -> every spelling it stands for (an empty choice allowed): one
    line for a family of descriptions, not one line each."""
    if "{" not in term and "}" not in term:
        return [term]
    parts = _BRACES.split(term)   # text, choices, text, choices, …, text
    if any("{" in p or "}" in p for p in parts[::2]):
        raise WordlistError(path, lineno, f"term {term!r} has an unmatched or nested brace")
    options = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_EXPANSIONS:
        raise WordlistError(path, lineno, f"term {term!r} stands for {total} spellings (at most {MAX_EXPANSIONS})")
    return list(dict.fromkeys("".join(p) for p in itertools.product(*options)))


class _PinyinRequest:
    """Marks an entry whose pinyin homophones compile() should add."""

    def __init__(self, entry: Entry, initials_only: bool = False):
        self.entry, self.initials_only = entry, initials_only


def _check_section(path, lineno, kind, args):
    if kind not in KINDS:
        raise WordlistError(path, lineno, f"unknown section kind {kind!r} (known: {', '.join(sorted(KINDS))})")
    if kind == "platform" and len(args) != 2:
        raise WordlistError(path, lineno, "[platform CHANNEL CANONICAL] takes two arguments")
    if kind == "action" and (len(args) != 1 or args[0] not in ACTION_MODES):
        raise WordlistError(path, lineno, "[action MODE] takes one of: before, after, next, contact")
    if kind == "reading" and (len(args) != 1 or args[0] not in READING_CLASSES):
        raise WordlistError(path, lineno, f"[reading CLASS] takes one of: {', '.join(sorted(READING_CLASSES))}")
    if kind == "phrase" and len(args) > 1:
        raise WordlistError(path, lineno, "[phrase] takes at most a CHANNEL")
    if kind in ("contact", "pointer", "allow", "exempt", "negation", "warning") and args:
        raise WordlistError(path, lineno, f"[{kind}] takes no arguments")


def wordlist_files(dirs: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        d = Path(d)
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files.extend(sorted(d.glob("*.txt")))
        else:
            raise WordlistError(d, 0, "wordlist directory does not exist")
    return files


# -- compiling --------------------------------------------------------------------------

def compile_lexicon(dirs: Iterable[Path] | None = None, normalizer: Normalizer | None = None,
                    known_word=None, cache_dir: Path | None = None) -> Lexicon:
    """Parse, expand homophones, build the tries; reuse the on-disk cache when nothing changed.

    `known_word(w) -> bool` says whether jieba knows w as an ordinary word; homophones that are
    real words (维新) are not added."""
    normalizer = normalizer or default_normalizer()
    dirs = [BUNDLED_DIR] if dirs is None else list(dirs)
    files = wordlist_files(dirs)
    h = Checksum(CACHE_VERSION.encode())
    h.update(_tool_versions().encode())   # jieba and pypinyin decide which homophones exist
    words = BUNDLED_DIR / "words.dict"    # (and the words jieba lacks, known words too)
    if words.exists():
        h.update(words.read_bytes())
    grammar = BUNDLED_DIR / "grammar.lst"   # (the hints' fillers come from it)
    if grammar.exists():
        h.update(grammar.read_bytes())
    for f in files:
        h.update(str(f.name).encode())
        h.update(f.read_bytes())
    digest = h.hexdigest()
    cache = _cache_path(cache_dir, digest)
    if cache is not None and cache.exists():
        try:
            return _load_cache(cache, digest)
        except Exception:  # a corrupt or foreign cache is rebuilt, never trusted
            pass

    raw: list = []
    for f in files:
        raw.extend(parse_file(f, normalizer))
    entries: list[Entry] = []
    for item in raw:
        if isinstance(item, _PinyinRequest):
            entries.extend(_homophones(item.entry, known_word, item.initials_only))
        else:
            entries.append(item)

    lex = _build(entries, digest)
    if cache is not None:
        _save_cache(cache, lex)
    return lex


def _build(entries: list[Entry], digest: str) -> Lexicon:
    anchor_map: dict[str, list[Entry]] = {}
    context_map: dict[str, list[Entry]] = {}
    channels: dict[str, str] = {}
    written = {e.term for e in entries if not e.homophone}
    for e in entries:
        if e.homophone and e.term in written:
            continue  # a list entry always wins over a generated one
        target = anchor_map if e.kind in ANCHOR_KINDS else context_map
        group = target.setdefault(e.term, [])
        if e not in group:
            group.append(e)
        if e.kind == "platform" and not e.homophone:
            channels.setdefault(e.channel, e.canonical)
    anchors = marisa_trie.Trie(anchor_map.keys())
    context = marisa_trie.Trie(context_map.keys())
    a_entries: list[tuple[Entry, ...]] = [()] * len(anchors)
    for k, v in anchor_map.items():
        a_entries[anchors.key_id(k)] = tuple(v)
    c_entries: list[tuple[Entry, ...]] = [()] * len(context)
    for k, v in context_map.items():
        c_entries[context.key_id(k)] = tuple(v)
    return Lexicon(anchors, context, a_entries, c_entries, channels, digest)


def _homophones(entry: Entry, known_word, initials_only: bool = False) -> list[Entry]:
    """Every 2–3 character spelling that reads like entry.term in toneless pinyin, and the
    spellings with pinyin initials mixed in (拼dd, k手); `initials_only`, the latter alone. Every
    spelling is a trie key the scanner considers wherever its first two characters occur, so
    every homophone of a common name (没团 for 美团, 经动 for 京东) would cost every message for
    a rare catch: such names take @initials and list their real disguises (筷手, 抖荫)."""
    from .homophone import initial_mixes, spellings

    out = [entry]
    candidates = [] if initials_only else list(spellings(entry.term))
    for spelling in candidates + initial_mixes(entry.term):
        if spelling == entry.term or (known_word is not None and known_word(spelling)):
            continue
        out.append(Entry(spelling, entry.kind, entry.canonical, channel=entry.channel, mode=entry.mode,
                         ambiguous=entry.ambiguous, homophone=True, source=entry.source + " (pinyin)"))
    return out


def _tool_versions() -> str:
    """What jieba's and pypinyin's installed data are, by their files' size and time: a new
    version changes them, and a stat is ~1000× cheaper than importlib.metadata's search of
    every distribution on the path (paid by every process, at every start)."""
    import importlib.util

    out = []
    for pkg, data in (("jieba", "dict.txt"), ("pypinyin", "pinyin_dict.py")):
        spec = importlib.util.find_spec(pkg)
        try:
            st = (Path(list(spec.submodule_search_locations)[0]) / data).stat()   # type: ignore[union-attr]
            out.append(f"{pkg}={st.st_size}:{st.st_mtime_ns}")
        except (AttributeError, TypeError, OSError):
            out.append(f"{pkg}=?")
    return ";".join(out)


def _cache_path(cache_dir: Path | None, digest: str) -> Path | None:
    if cache_dir is None:
        return None
    return Path(cache_dir) / f"lexicon-{digest}"


def _save_cache(path: Path, lex: Lexicon) -> None:
    def write(tmp: Path) -> None:
        lex.anchors.save(str(tmp / "anchors.marisa"))
        lex.context.save(str(tmp / "context.marisa"))
        with open(tmp / "entries.marshal", "wb") as f:
            # Entries as plain tuples, marshal version 2: ~5 ms to read back and rebuild, where
            # unpickling ~3,000 frozen dataclasses took ~25 ms of every process's start.
            marshal.dump((_pack(lex.anchor_entries), _pack(lex.context_entries), lex.channels, lex.digest), f, 2)
        with open(tmp / "regex.marshal", "wb") as f:
            # the scanners' compiled code (checker/recode.py): ~15 ms of a cold check's start
            # and every lazily compiled pattern of the rules and detectors (checker/lazyre.py)
            marshal.dump(recode.dump(dict.fromkeys(lex.scanner_sources() + lazyre.sources())), f)
        derived, tries = lex.derived_state()
        for name, trie in tries.items():
            trie.save(str(tmp / f"scan{name}.marisa"))
        with open(tmp / "scanners.marshal", "wb") as f:
            marshal.dump(derived, f)

    publish(path, write)


_ENTRY_FIELDS = Entry._fields


def _pack(groups: list[tuple[Entry, ...]]) -> list:
    return [tuple(tuple(e) for e in g) for g in groups]


def _unpack(groups: list) -> list[tuple[Entry, ...]]:
    make = Entry._make
    return [tuple(map(make, g)) for g in groups]


def _load_cache(path: Path, digest: str) -> Lexicon:
    anchors = marisa_trie.Trie()
    anchors.load(str(path / "anchors.marisa"))
    context = marisa_trie.Trie()
    context.load(str(path / "context.marisa"))
    with open(path / "entries.marshal", "rb") as f:
        a_packed, c_packed, channels, stored = marshal.loads(f.read())
    try:
        with open(path / "regex.marshal", "rb") as f:
            recode.load(marshal.loads(f.read()))
    except (OSError, ValueError, EOFError, TypeError):
        pass   # an older cache without it: the scanners compile their patterns
    a_entries, c_entries = _unpack(a_packed), _unpack(c_packed)
    if stored != digest or len(a_entries) != len(anchors) or len(c_entries) != len(context):
        raise ValueError("stale cache")
    with open(path / "scanners.marshal", "rb") as f:
        derived = marshal.loads(f.read())
    if len(derived["context_keys"]) != len(context):
        raise ValueError("stale cache")
    subs = {}
    for name, kept in derived["subs"].items():
        trie = marisa_trie.Trie()
        trie.load(str(path / f"scan{name}.marisa"))
        subs[name] = (trie, kept)
    derived["subs"] = subs
    return Lexicon(anchors, context, a_entries, c_entries, channels, digest, derived)

