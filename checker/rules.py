"""From candidate hits to findings: boundaries, allow list, corroboration, action proximity.

Three kinds of words meet here (DESIGN §1, Rules): platforms, contact words and actions. An
action that invites the reader next to a platform or contact word is diversion; a platform alone
is a competitor mention; a contact word alone is nothing; an alias that is also an ordinary word
(卫星, 企鹅, v) needs an action, an ID or a number next to it before it counts."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .lexicon import Entry, Lexicon
from .normalize import NormalizedText
from .profiles import Profile
from .types import Finding

GAP_BEFORE = 4      # 加一下我的微信: at most this many characters between action and platform
GAP_AFTER = 4       # 拼夕夕上拍, 淘宝店里搜
GAP_CONTACT = 3     # 打我电话, 电话联系我
NEIGHBOURHOOD = 6   # characters of context scanned for actions, allow words and tokens
_ASCII_WORD = re.compile(r"[a-z]")
_ID = re.compile(r"[:：号是为]{0,3}([a-z0-9]{5,20})")
_ID_QQ = re.compile(r"[:：号是为群]{0,3}([1-9][0-9]{4,10})(?![0-9])")


@dataclass
class Candidate:
    """An anchor hit and what became of it; kept for `explain`."""

    start: int          # folded view
    end: int
    entry: Entry
    decision: str = "kept"
    reason: str = ""


@dataclass
class Context:
    """Everything the rules need about one message, built lazily by the engine."""

    text: str
    folded: NormalizedText
    digits: NormalizedText
    profile: Profile
    lexicon: Lexicon
    tokenize: object        # callable(str) -> list[(start, end)]
    candidates: list[Candidate] = field(default_factory=list)

    def orig(self, start: int, end: int) -> tuple[int, int]:
        return self.folded.span(start, end)


def _is_ascii(term: str) -> bool:
    return term.isascii()


def _latin_bounded(ctx: Context, s: int, e: int) -> bool:
    """A Latin term must not touch other letters (vip is not v, tv is not v), unless the
    writer put a separator there (jia wo wei xin)."""
    f, offs = ctx.folded.folded, ctx.folded.offsets
    term = f[s:e]
    if _ASCII_WORD.match(term[0]) and s > 0 and _ASCII_WORD.match(f[s - 1]) and offs[s] - offs[s - 1] == 1:
        return False
    if _ASCII_WORD.match(term[-1]) and e < len(f) and _ASCII_WORD.match(f[e]) and offs[e] - offs[e - 1] == 1:
        return False
    return True


def _clause(f: str, s: int, e: int) -> tuple[int, int]:
    lo = f.rfind(",", 0, s) + 1
    hi = f.find(",", e)
    return lo, (len(f) if hi < 0 else hi)


def analyze(ctx: Context, anchors) -> list[Finding]:
    f = ctx.folded.folded
    lex = ctx.lexicon
    cands: list[Candidate] = []
    for s, e, entries in anchors:
        for entry in entries:
            cands.append(Candidate(s, e, entry))
    ctx.candidates = cands

    # 1. Latin word boundaries, allow list.
    context_hits: dict[tuple[int, int], list] = {}

    def context_near(s, e):
        """Actions and allow words of the clause around [s, e), scanned once per clause."""
        key = _clause(f, s, e)
        hits = context_hits.get(key)
        if hits is None:
            lo, hi = key
            hits = context_hits[key] = [h for h in lex.scan_context(f, lo, hi) if h[1] <= hi]
        return hits

    live = []
    for c in cands:
        if any(ch.isascii() and ch.isalpha() for ch in c.entry.term) and not _latin_bounded(ctx, c.start, c.end):
            c.decision, c.reason = "dropped", "part of a longer Latin word"
            continue
        allow = next((ce for s2, e2, ces in context_near(c.start, c.end) for ce in ces
                      if ce.kind == "allow" and s2 <= c.start and e2 >= c.end), None)
        if allow is not None:
            c.decision, c.reason = "dropped", f"allow list: {allow.canonical} ({allow.source})"
            continue
        live.append(c)

    # 2. Longest match: a hit inside a longer surviving hit is the same mention.
    live.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for c in live:
        outer = next((k for k in kept if k.start <= c.start and c.end <= k.end and (k.end - k.start) > (c.end - c.start)), None)
        if outer is not None:
            c.decision, c.reason = "dropped", f"inside the longer match {f[outer.start:outer.end]!r}"
            continue
        kept.append(c)

    # 3. Word boundaries from jieba, run only around these hits.
    survivors = []
    for c in kept:
        if not _is_ascii(c.entry.term):
            word = _crossing_word(ctx, c)
            if word is not None:
                c.decision, c.reason = "dropped", f"cuts through the word {word!r}"
                continue
        survivors.append(c)

    # 4. Rules.
    findings: list[Finding] = []
    for c in survivors:
        findings.extend(_judge(ctx, c, context_near(c.start, c.end)))
    return findings


def _crossing_word(ctx: Context, c: Candidate) -> str | None:
    f = ctx.folded.folded
    lo, hi = _clause(f, c.start, c.end)
    lo, hi = max(lo, c.start - NEIGHBOURHOOD), min(hi, c.end + NEIGHBOURHOOD)
    window = f[lo:hi]
    s, e = c.start - lo, c.end - lo
    for ts, te in ctx.tokenize(window):
        if ts < s < te or ts < e < te:
            token = window[ts:te]
            if token in ctx.lexicon.anchors:
                continue  # a longer risky word (加微信 as one token) is not a reason to drop
            return token
    return None


def _actions(ctx: Context, c: Candidate, near, modes) -> list[tuple[int, int, Entry]]:
    """Actions that stand in the allowed place relative to candidate c."""
    f = ctx.folded.folded
    single = c.entry.ambiguous and len(c.entry.term) == 1
    out = []
    for s2, e2, entries in near:
        for a in entries:
            if a.kind != "action" or a.mode not in modes:
                continue
            if a.mode == "before" and e2 <= c.start:
                gap = c.start - e2
                if gap <= (0 if single else GAP_BEFORE) and "," not in f[e2:c.start]:
                    out.append((s2, e2, a))
            elif a.mode == "after" and s2 >= c.end and not single:
                gap = s2 - c.end
                if gap <= GAP_AFTER and "," not in f[c.end:s2]:
                    out.append((s2, e2, a))
            elif a.mode == "next" and s2 == c.end:
                out.append((s2, e2, a))
            elif a.mode == "contact" and (e2 <= c.start or s2 >= c.end):
                gap = c.start - e2 if e2 <= c.start else s2 - c.end
                between = f[e2:c.start] if e2 <= c.start else f[c.end:s2]
                if gap <= GAP_CONTACT and "," not in between:
                    out.append((s2, e2, a))
    return out


def _id_after(ctx: Context, c: Candidate) -> tuple[int, int, str] | None:
    """An account ID or number written right after a channel name (微信：abc123, 扣扣 98765)."""
    _, oe = ctx.orig(c.start, c.end)
    d = ctx.digits
    i = bisect_left(d.offsets, oe)
    rx = _ID_QQ if c.entry.channel == "qq" else _ID
    m = rx.match(d.folded, i)
    if not m:
        return None
    value = m.group(1)
    if rx is _ID and not (re.search(r"\d", value) or len(value) >= 6):
        return None
    if rx is _ID and value.isdigit() and len(value) > 11:
        return None  # an order number, not an account
    s, e = d.span(m.start(1), m.end(1))
    return s, e, value


def _finding(ctx: Context, category, rule, severity, span, message, canonical=None,
             suggestion=None, score=1.0, **extra) -> Finding:
    s, e = span
    return Finding(category=category, rule=rule, severity=severity, start=s, end=e,
                   text=ctx.text[s:e], message=message, canonical=canonical,
                   suggestion=suggestion, score=round(score, 2), extra=extra)


def _judge(ctx: Context, c: Candidate, near) -> list[Finding]:
    entry, p = c.entry, ctx.profile
    span = ctx.orig(c.start, c.end)
    score = 0.8 if entry.homophone else 0.95
    if entry.kind == "platform":
        if entry.channel in p.home:
            c.decision, c.reason = "exempt", f"{entry.canonical} is {p.label}'s own channel"
            return []
        acts = _actions(ctx, c, near, ("before", "after", "next"))
        ident = _id_after(ctx, c)
        out = []
        if ident is not None and p.grade("platform_id") != "pass":
            out.append(_finding(ctx, "contact", "contact.platform_id", p.grade("platform_id"), ident[:2],
                                f"{entry.canonical}账号：站外联系方式", canonical=entry.canonical,
                                suggestion=p.dm, score=score, channel=entry.channel))
        if acts and p.grade("diversion") != "pass":
            a_s = min(ctx.orig(s, e)[0] for s, e, _ in acts)
            a_e = max(ctx.orig(s, e)[1] for s, e, _ in acts)
            lo, hi = min(span[0], a_s), max(span[1], a_e)
            words = "、".join(sorted({a.canonical for _, _, a in acts}))
            out.append(_finding(ctx, "diversion", "diversion.platform_action", p.grade("diversion"), (lo, hi),
                                f"引导到站外（{entry.canonical}）：“{words}”+平台名", canonical=entry.canonical,
                                suggestion=p.dm, score=score, channel=entry.channel))
        if out:
            return out
        if entry.ambiguous:
            c.decision, c.reason = "dropped", "ordinary word with no action, ID or number next to it"
            return []
        if p.grade("competitor") == "pass":
            c.decision, c.reason = "pass", f"competitor mentions are not graded on {p.name}"
            return []
        return [_finding(ctx, "competitor", "competitor.mention", p.grade("competitor"), span,
                         f"提及其他平台：{entry.canonical}", canonical=entry.canonical, suggestion="",
                         score=score * 0.9, channel=entry.channel)]
    if entry.kind == "contact":
        acts = _actions(ctx, c, near, ("contact",))
        if not acts:
            c.decision, c.reason = "dropped", "contact word with no invitation next to it"
            return []
        a_s = min(ctx.orig(s, e)[0] for s, e, _ in acts)
        a_e = max(ctx.orig(s, e)[1] for s, e, _ in acts)
        return [_finding(ctx, "diversion", "diversion.contact_invite", p.grade("diversion"),
                         (min(span[0], a_s), max(span[1], a_e)),
                         f"邀请通过{entry.canonical}私下联系", canonical=entry.canonical, suggestion=p.dm, score=0.85)]
    if entry.kind == "pointer":
        if p.grade("pointer") == "pass":
            c.decision, c.reason = "pass", f"pointers are not graded on {p.name}"
            return []
        return [_finding(ctx, "diversion", "diversion.pointer", p.grade("pointer"), span,
                         f"弱引导：把读者引向主页/签名/私聊（{entry.canonical}）", canonical=entry.canonical,
                         suggestion=p.dm, score=0.7)]
    if entry.kind == "phrase":
        if entry.channel and entry.channel in p.home:
            c.decision, c.reason = "exempt", f"{entry.canonical} is allowed on {p.label}"
            return []
        return [_finding(ctx, "diversion", "diversion.phrase", p.grade("diversion"), span,
                         f"引流话术：{entry.canonical}", canonical=entry.canonical, suggestion=p.dm, score=0.9)]
    return []
