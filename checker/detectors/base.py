"""Detectors in Presidio's shape: mostly data (patterns, context, score) plus a validate hook.

A detector looks at one view of the message (`digits`: numerals folded, separators between
digits removed; `wide`: the original text with full-width ASCII made narrow, same offsets) and
yields Matches with spans in that view; the engine maps them back to the original text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Iterator

from .. import lazyre
from ..grammar import GRAMMAR as _G


@dataclass(frozen=True)
class Pattern:
    """One regex of a detector, and the score its matches get at most."""

    name: str
    regex: str
    score: float = 1.0

    def compiled(self) -> re.Pattern:
        return re.compile(self.regex)


@dataclass(frozen=True)
class Match:
    """A detector's hit, in its view's offsets."""

    detector: str     # rule id, e.g. contact.mobile
    start: int        # in the detector's view
    end: int
    value: str        # the matched value as the view shows it (digits folded)
    score: float
    kind: str         # what the user is told: 手机号, 邮箱 …


class Detector:
    """Subclasses set the class attributes; override validate() to reject false matches."""

    rule: ClassVar[str]
    kind: ClassVar[str]
    category: ClassVar[str] = "contact"      # Finding.category
    grade: ClassVar[str] = "contact"         # the profile severity it takes (checker.profiles.KINDS)
    view: ClassVar[str] = "digits"           # "digits" or "wide"
    patterns: ClassVar[tuple[Pattern, ...]] = ()
    prefilter: ClassVar[str | None] = None   # a cheap regex the view must contain first
    # Where a prefilter match can begin: (first characters, characters that may follow; ""
    # for any), both as the inside of a regex character class.
    starts: ClassVar[tuple[tuple[str, str], ...] | None] = None
    # Digit-view detectors: where in the *folded* view (numerals as written) a match can start,
    # as (first characters, the rest of the pattern after them): the engine builds the digit
    # view only where one of them matches (Registry.folded_gate), so most messages skip it.
    folded_gate: ClassVar[tuple[tuple[str, str], ...]] = ()
    group: ClassVar[int] = 0                 # regex group that is the span
    # A detector whose words would make the view's shared trigger try it on most messages
    # (number words start with common letters) brings its own cheap test instead: wanted().
    own_gate: ClassVar[bool] = False

    def __init__(self):
        # The patterns compile on first use (checker/lazyre.py): they run only where the
        # prefilter matched, rarely, and a one-message `msgcheck check` compiled them all (~4 ms)
        # to run a few. So does the prefilter, searched only where the view's gate or trigger
        # let the message through; both come from the lexicon cache's compiled code when it
        # holds them (checker/recode.py).
        self._compiled = [(p, lazyre.compile(p.regex)) for p in self.patterns]
        self._pre = lazyre.compile(self.prefilter) if self.prefilter else None

    def analyze(self, view: str) -> Iterator[Match]:
        if self._pre is not None and not self._pre.search(view):
            return
        for pattern, rx in self._compiled:
            for m in rx.finditer(view):
                value = m.group(self.group)
                score = self.validate(value, view, m)
                if score:
                    yield Match(self.rule, m.start(self.group), m.end(self.group), value,
                                min(score, pattern.score), self.kind)

    def validate(self, value: str, view: str, m: re.Match) -> float:
        """Return a score in (0, 1] to keep the match, 0 to drop it."""
        return 1.0

    def wanted(self, text: str) -> bool:
        """With own_gate: whether the text is worth a look (a C-speed test)."""
        return True

    def as_written(self, text: str, start: int, end: int, match: Match) -> bool:
        """A digit-view match, seen as typed (text[start:end]): False drops it. The digit view
        removes separators, so a shape only the typed grouping shows is tested here."""
        return True


_GUARD = lazyre.compile(r"\(\?<!\[[^\]]*\]\.\)")   # a leading (?<![…].) shared by several rests


class Registry:
    """The detectors the engine runs; a new detector is one class plus one register() line."""

    def __init__(self):
        self._detectors: list[Detector] = []

    def register(self, detector: Detector) -> "Registry":
        self._detectors.append(detector)
        return self

    def __iter__(self):
        return iter(self._detectors)

    def warm(self) -> None:
        """Compile every detector's patterns now (a server, before its first request)."""
        for d in self._detectors:
            for _, rx in d._compiled:
                rx.ready()

    def for_view(self, view: str) -> list[Detector]:
        return [d for d in self._detectors if d.view == view]

    def folded_gate(self, view: str = "digits") -> re.Pattern:
        """One regex over the folded view that finds where any detector of `view` could match:
        a leading character class `re` skips to at C speed, then each detector's rest behind a
        lookbehind for its first characters (an alternation up front gets no such skip). A new
        detector brings its own entries; nothing here is written by hand."""
        pairs: list[tuple[str, str]] = []
        for d in self.for_view(view):
            for pair in d.folded_gate:
                if pair not in pairs:
                    pairs.append(pair)
        if not pairs:
            return re.compile(r"(?!)")
        firsts = "".join(dict.fromkeys(first for first, _ in pairs))
        groups: dict[str, list[str]] = {}
        for first, rest in pairs:
            groups.setdefault(first, []).append(rest)
        tails, words = [], []
        for first, rests in groups.items():
            if len(first) == 1:
                # (Words, 手机, 卡号, 连起来 …: one lookbehind for all their first characters, so
                # a numeral, which hits the class above at every turn, fails them in one test.)
                words.append((first, rests))
                continue
            # One lookbehind per first-character class, and a guard the rests share (the start
            # of a run of digits) tried once: this runs at every numeral of every message.
            guard = _GUARD.match(rests[0])
            if len(rests) > 1 and guard and all(r.startswith(guard.group()) for r in rests):
                body = guard.group() + "(?:" + "|".join(r[guard.end():] for r in rests) + ")"
            else:
                body = rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")"
            tails.append(f"(?<=[{first}]){body}")
        if words:
            inner = "|".join(f"(?<={re.escape(first)})" + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
                             for first, rests in words)
            tails.append(f"(?<=[{''.join(re.escape(w) for w, _ in words)}])(?:{inner})")
        return re.compile(f"[{firsts}](?:{'|'.join(tails)})")

    def trigger(self, view: str) -> "Gate":
        """Matches wherever any detector of `view` could: one search tells the engine to skip
        them all on the ~98% of messages that hold no contact data."""
        dets = [d for d in self.for_view(view) if not d.own_gate]
        parts = [d.prefilter or "" for d in dets]
        if not parts or any(not p for p in parts):
            return Gate(re.compile(""))
        starts = None if any(not d.starts for d in dets) else [pair for d in dets for pair in d.starts]
        return Gate(lazyre.compile("|".join(f"(?:{_inline(p)})" for p in parts)), starts)


class Gate:
    """An alternation of prefilters behind a search for the one or two characters a match can
    start with. `re` skips at C speed only to a pattern's leading character class, so the
    starts are one class followed by lookbehind/lookahead pairs ([hH.。…](?:(?<=[hH])(?=[tT])|…)),
    and the alternation is tried only where they hit: a plain search of an alternation tries
    every alternative at every position (~3.6 against well under 1 µs on a message with
    Latin letters)."""

    def __init__(self, pattern: re.Pattern, starts: list[tuple[str, str]] | None = None):
        self.pattern = pattern   # lazyre: compiled where a start first hits (~1 ms)
        self._starts = None
        if starts:
            firsts = "".join(first for first, _ in starts)
            tails = "|".join(f"(?<=[{first}])" + (f"(?=[{nxt}])" if nxt else "") for first, nxt in starts)
            self._starts = re.compile(f"[{firsts}](?:{tails})")

    def ready(self) -> "Gate":
        """Compiled now (a server warming up)."""
        if isinstance(self.pattern, lazyre.LazyPattern):
            self.pattern.ready()
        return self

    def search(self, view: str) -> bool:
        if self._starts is None:
            return self.pattern.search(view) is not None
        match = self.pattern.match
        for m in self._starts.finditer(view):
            if match(view, m.start()):
                return True
        return False


def _inline(pattern: str) -> str:
    """Turn a leading global flag group into a scoped one, so patterns can be joined."""
    m = re.match(r"\(\?([aiLmsux]+)\)", pattern)
    return f"(?{m.group(1)}:{pattern[m.end():]})" if m else pattern


# Five or more two-digit numbers in a row, or rising numbers of one or two digits, four of them
# two-digit (lottery draws, scores: 3 12 18 27 33 45): a list, not a number written in pieces (no
# phone is read in pairs: 11 digits are odd; one spaced digit by digit has no two-digit piece).
_LISTED = lazyre.compile(r"\d{1,2}(?:[ ,，、]+\d{1,2}){4,}")
_LIST_SEP = lazyre.compile(r"[ ,，、]+")


# A label that names another kind of number (订单号, 型号, 挂号, order no …): what follows it is
# no contact (微信支付的订单号: abc123…, 编号0872-25368890). The rules and the detectors ask.
OTHER_NUMBER = lazyre.compile(r"(?i)%s|order\s*(?:no|number|id|#)|tracking|invoice|serial|model|code|version"
                              % "|".join(map(re.escape, _G.seq("other_number_labels"))))


def listed(text: str, start: int, end: int) -> bool:
    """text[start:end] (as written) is a list of numbers (lottery draws, scores), not one number."""
    if _LISTED.fullmatch(text, start, end) is None:
        return False
    parts = _LIST_SEP.split(text[start:end])
    # all two-digit, or (a draw's numbers, 3 12 18 27 33 45) rising, four of them two-digit
    return all(len(x) == 2 for x in parts) or sum(len(x) == 2 for x in parts) >= 4 and \
        all(int(a) < int(b) for a, b in zip(parts, parts[1:]))
