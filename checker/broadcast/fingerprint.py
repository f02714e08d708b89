"""Near-duplicate fingerprints for broadcast detection.

A fingerprint is a bottom-k sketch: the K smallest 32-bit hashes of the distinct character
bigrams of the text's letters (digits, punctuation, emoji, spaces and marks are dropped first,
so those differences vanish entirely). Two texts are the same broadcast when the Jaccard
similarity of their bigram sets, estimated from the sketches, is at least SIMILARITY_PCT.

Why not SimHash: on short Chinese promos (20-60 characters) a 64-bit SimHash of the same bigrams
puts promos with three edited characters up to Hamming 20 apart while unrelated texts come as
close as 18 (the simhash package's default features: 30 against 18), so no threshold keeps the
first together without merging the second. The bigram Jaccard keeps near-duplicates >= 0.55 and
different messages <= 0.34. The sketch is exact while texts have at most K distinct bigrams
(nearly every chat promo) and a K-sample estimate beyond; two sketches compare by the K smallest
hashes of their union, which the Redis Lua script computes with a merge.
bench/bench_broadcast.py --fingerprint reproduces the measurements.
"""
from __future__ import annotations

try:   # the same function hashlib.blake2b is, without hashlib's import of OpenSSL (~3.4 MB of
    # every audit worker's and API worker's memory for a hash it never uses)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Sketch size. Texts with up to K distinct bigrams compare exactly.
K = 64
#: Jaccard similarity (in percent) at or above which two texts are one broadcast.
SIMILARITY_PCT = 50
#: Texts with fewer distinct bigrams are "short replies" (好的, 收到谢谢群主): they still count
#: for fan-out (exact-ish match across groups) but are exempt from the repeat limit, because
#: ordinary members legitimately repeat them in one group all day.
MIN_REPEAT_SHINGLES = 8

_PERSON = b"msgcheck-bc-v1"


class _LettersOnly(dict):
    """A str.translate table keeping letters (category L*) and deleting the rest, filled in as
    code points are first seen: one C-speed translate instead of a category lookup per character
    (an audit replays every send of a log)."""

    def __missing__(self, cp: int):
        keep = cp if unicodedata.category(chr(cp))[0] == "L" else None
        self[cp] = keep
        return keep


_LETTERS = _LettersOnly()


def letters(text: str) -> str:
    """The text's letters only, NFKC-folded and casefolded: what a reader sees as the words."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS)


_H32: dict[str, int] = {}  # bigram -> hash; chat reuses a limited vocabulary of bigrams


def _h32(shingle: str) -> int:
    h = _H32.get(shingle)
    if h is None:
        if len(_H32) >= 1 << 18:  # bounded memory (~30 MB at most)
            _H32.clear()
        h = _H32[shingle] = int.from_bytes(
            blake2b(shingle.encode("utf-8"), digest_size=4, person=_PERSON).digest(), "big"
        )
    return h


@dataclass(frozen=True)
class Fingerprint:
    """Sorted bottom-K bigram hashes, plus how many distinct bigrams the text had."""

    sketch: tuple[int, ...]
    shingles: int

    @property
    def short(self) -> bool:
        """True for short replies, which the repeat limit ignores."""
        return self.shingles < MIN_REPEAT_SHINGLES

    def encode(self) -> str:
        """Fixed-width hex (8 digits a hash), the form every store keeps."""
        return _encode(self.sketch)


@lru_cache(maxsize=512)
def _encode(sketch: tuple[int, ...]) -> str:
    return struct.pack(f">{len(sketch)}I", *sketch).hex()


def fingerprint(text: str | None) -> Fingerprint | None:
    """Fingerprint of `text`, or None when it has no bigram (emoji, digits, one character)."""
    if not text:
        return None
    return _by_text(text)


@lru_cache(maxsize=1024)
def _by_text(text: str) -> Fingerprint | None:
    """Cached on the text as well: a server sees the same broadcast many times, and folding it
    to letters costs more than the rest of the fingerprint."""
    return _fingerprint(letters(text))


@lru_cache(maxsize=1024)
def _fingerprint(s: str) -> Fingerprint | None:
    """Cached on the letters: a broadcast repeats the same text (up to noise) many times."""
    grams = {s[i : i + 2] for i in range(len(s) - 1)}
    if not grams:
        return None
    hashes = sorted({_h32(g) for g in grams})
    return Fingerprint(tuple(hashes[:K]), len(grams))


def decode(encoded: str | bytes) -> tuple[int, ...]:
    """Inverse of Fingerprint.encode (the sketch only); also its raw bytes (memory:// keeps those)."""
    raw = encoded if type(encoded) is bytes else bytes.fromhex(encoded)
    return struct.unpack(f">{len(raw) // 4}I", raw)


def shared_and_union(a: tuple[int, ...], b: tuple[int, ...], k: int = K) -> tuple[int, int]:
    """(hashes in both, size) over the k smallest hashes of the union of two sketches.

    The bottom-k estimate of Jaccard is shared/size. The Redis Lua script computes the same two
    numbers with a merge of the sorted lists; set operations are the fast way in Python."""
    sa, sb = set(a), set(b)
    union = sa | sb
    if len(union) <= k:
        return len(sa & sb), len(union)
    cut = sorted(union)[k - 1]
    return sum(1 for x in sa & sb if x <= cut), k


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the two texts' bigram sets (0.0 .. 1.0)."""
    shared, size = shared_and_union(a, b)
    return shared / size if size else 0.0


def near_duplicate(a: tuple[int, ...], b: tuple[int, ...], pct: int = SIMILARITY_PCT) -> bool:
    """Integer comparison (no float rounding) so Python and Lua agree at the threshold."""
    shared, size = shared_and_union(a, b)
    return size > 0 and shared * 100 >= pct * size
