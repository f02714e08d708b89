"""Homophone spellings by toneless pinyin (pypinyin's dictionary), computed at compile time.

Evaders swap characters for others that read the same (葳信, 嘉薇, 扣扣 -> 抠抠). Generating
every same-reading spelling once, at lexicon compile time, turns homophone detection into
plain trie lookups: no pinyin conversion runs per message."""
from __future__ import annotations

import functools
import itertools
import unicodedata

MAX_SPELLINGS = 6000
# A spelling that starts with a common surname is more often a person (魏鑫老师, 韦欣) than a
# disguise; the disguises people really use (威信, 薇信 …) are listed explicitly.
SURNAMES = frozenset("魏韦卫危尉隗")


def _toneless(reading: str) -> str:
    s = unicodedata.normalize("NFKD", reading)
    return "".join(c for c in s if not unicodedata.combining(c)).replace("ü", "v")


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """char -> its usual reading, reading -> common characters usually read so (GB2312 only).

    Only the first (usual) reading counts: 有 can be read wěi and 信 shēn, but nobody reads
    有什 as 微信, and matching rare readings floods the lexicon with everyday words."""
    from pypinyin.pinyin_dict import pinyin_dict

    usual: dict[str, str] = {}
    by_reading: dict[str, set[str]] = {}
    for cp, value in pinyin_dict.items():
        ch = chr(cp)
        r = _toneless(value.split(",")[0])
        usual[ch] = r
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue  # rare characters: nobody types them to dodge a filter
        by_reading.setdefault(r, set()).add(ch)
    return usual, {r: frozenset(cs) for r, cs in by_reading.items()}


def reading(ch: str) -> str | None:
    return _index()[0].get(ch)


def spellings(term: str) -> list[str]:
    """All common-character spellings that read like term (2–3 Hanzi); [] for other terms."""
    if not 2 <= len(term) <= 3 or not all("\u4e00" <= c <= "\u9fff" for c in term):
        return []
    _, by_reading = _index()
    options = []
    for ch in term:
        alts: set[str] = {ch} | by_reading.get(reading(ch) or "", set())
        options.append(sorted(alts))
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_SPELLINGS:
        return []
    return ["".join(p) for p in itertools.product(*options) if p[0] == term[0] or p[0] not in SURNAMES]


def initial_mixes(term: str) -> list[str]:
    """拼dd, p多多, k手, 抖y, 支fu宝: each character kept or written in pinyin (its initial or its
    whole syllable), at least one of each (all pinyin, pdd or ks, is an alias of its own, listed
    with its ambiguity)."""
    if not 2 <= len(term) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in term) or len(set(term)) == 1:
        return []   # (扣扣 -> k扣: a doubled name's mixes read as noise more than as a name)
    syllables = [reading(c) or "" for c in term]
    if not all(syllables):
        return []
    # each character kept, or written as its initial or its whole syllable (支f宝, 支fu宝)
    options = [(c, r[0], r) if len(r) > 1 else (c, r) for c, r in zip(term, syllables)]
    out = []
    for pick in itertools.product(*options):
        latin = sum(p != c for p, c in zip(pick, term))
        if 0 < latin < len(term):
            out.append("".join(pick))
    return out
