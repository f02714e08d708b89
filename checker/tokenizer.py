"""Word boundaries from jieba's dictionary, memory-mapped: no process unmarshals 350k words.

msgcheck needs jieba only for "does this hit cut through a real word" (北京 in 北京东路) and for
word frequencies, on a few characters around a hit. jieba itself would unmarshal its whole prefix
dictionary (~0.6 s and ~60 MB per process: every `msgcheck check`, audit worker and API worker).
Instead jieba's own `dict.txt` (its words and frequencies, read from the installed package) is
compiled once into a marisa trie plus a frequency array in the cache directory, and every process
maps both. Segmentation is jieba's accurate mode without the HMM (`Tokenizer.cut(s, HMM=False)`:
the same DAG, the same route by log frequency, the same joining of single letters and digits),
so the boundaries are jieba's; `tests/test_tokenizer.py` holds the two to the same answers.

The lexicon's multi-character terms are added at frequency 2 (segmentable, never winning over a
real word: 北京/东路 stays, 京东 does not appear), as jieba's `add_word` would."""
from __future__ import annotations

import array
import importlib.util
import math
import mmap
import threading
from pathlib import Path
from typing import Iterable

import marisa_trie

from . import lazyre
from .cachefiles import Checksum, publish

# jieba's block split: runs it segments, and the rest (cut character by character, whitespace kept)
_RE_HAN = lazyre.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_RE_SKIP = lazyre.compile("(\r\n|\\s)")
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_FORMAT = "1"   # bump when the compiled layout changes
ADDED_FREQ = 2
_MAXLEN = 64   # no word is longer (jieba's longest has 16 characters; the lexicon's are short)
_CROSS_REACH = 20   # may_cross looks this far back for a word's start (past jieba's longest)


def jieba_dict_path() -> Path:
    """jieba's bundled dictionary, found without importing jieba (its import alone is ~0.3 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"


def bundled_words() -> Path:
    """wordlists/words.dict, wherever the package was installed."""
    import wordlists

    return Path(wordlists.__file__).parent / "words.dict"


class _Dictionary:
    """jieba's words (a marisa trie) and their frequencies (an array indexed by key id)."""

    def __init__(self, trie: marisa_trie.Trie, freqs, total: int, key: str = ""):
        self.trie, self.freqs, self.total, self.key = trie, freqs, total, key

    @classmethod
    def load(cls, cache_dir: Path | None, extra: Path | None = None) -> "_Dictionary":
        """jieba's dictionary, plus `extra` (wordlists/words.dict: words jieba lacks) added as
        its add_word would add them."""
        src = jieba_dict_path()
        st = src.stat()
        h = Checksum(f"{_FORMAT}|{src}|{st.st_size}|{st.st_mtime_ns}".encode())
        added = _read_extra(extra) if extra is not None else []
        for w, f in added:
            h.update(f"|{w} {f}".encode())
        key = h.hexdigest()
        if cache_dir is not None:
            d = Path(cache_dir) / f"words-{key}"
            if (d / "freqs.bin").exists():
                try:
                    return cls._map(d, key)
                except (OSError, ValueError, RuntimeError):   # marisa's I/O errors are RuntimeErrors
                    pass
        words, freqs, total = _read_dict(src)
        for w, f in added:   # (jieba's add_word: the new frequency wins, the total grows by it)
            words.append(w)
            freqs.append(f)
            total += f
        trie = marisa_trie.Trie(words)
        by_id = array.array("I", bytes(4 * len(trie)))
        for w, f in zip(words, freqs):
            by_id[trie.key_id(w)] = f   # a repeated word: the last line wins, as in jieba
        if cache_dir is not None:
            _save(Path(cache_dir) / f"words-{key}", trie, by_id, total)
        return cls(trie, by_id, total, key)

    @classmethod
    def _map(cls, d: Path, key: str = "") -> "_Dictionary":
        trie = marisa_trie.Trie()
        trie.mmap(str(d / "words.marisa"))
        with open(d / "freqs.bin", "rb") as f:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(mm)
        total = int.from_bytes(view[:8], "little")
        freqs = view[8:].cast("I")
        if len(freqs) != len(trie):
            raise ValueError("stale word cache")
        return cls(trie, freqs, total, key)


def _read_dict(path: Path) -> tuple[list[str], list[int], int]:
    words, freqs, total = [], [], 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            parts = line.strip().split(" ")
            try:
                word, freq = parts[0], int(parts[1])
            except (IndexError, ValueError):
                raise ValueError(f"{path}:{lineno}: invalid dictionary entry") from None
            words.append(word)
            freqs.append(freq)
            total += freq
    return words, freqs, total


def _read_extra(path: Path) -> list[tuple[str, int]]:
    """wordlists/words.dict: `word frequency [tag]` a line, # comments; a bad line names its
    file and line."""
    from .errors import WordlistError

    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise WordlistError(path, 0, f"cannot read: {e}") from None
    for lineno, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) not in (2, 3) or not parts[1].isdigit() or int(parts[1]) <= 0:
            raise WordlistError(path, lineno, "expected 'word frequency [tag]' with a positive frequency")
        out.append((parts[0], int(parts[1])))
    return out


def _save(d: Path, trie: marisa_trie.Trie, freqs: array.array, total: int) -> None:
    def write(tmp: Path) -> None:
        trie.save(str(tmp / "words.marisa"))
        with open(tmp / "freqs.bin", "wb") as f:
            f.write(total.to_bytes(8, "little"))
            f.write(freqs.tobytes())

    publish(d, write)


class Tokenizer:
    """jieba's segmentation over the mapped dictionary, loaded once, lazily, under a lock."""

    def __init__(self, cache_dir: Path | None = None, extra: Path | None | bool = True):
        """`extra`: a words.dict of words jieba lacks (True: the bundled wordlists/words.dict;
        None: jieba's words alone)."""
        self._cache_dir = cache_dir
        self._extra = extra
        self._words: set[str] = set()         # every term msgcheck asked to add
        # Those jieba's dictionary did not know (freq 2), as a trie, and log(total): one tuple,
        # swapped whole, so a reader never sees a dict and a trie of different generations.
        self._overlay: tuple[dict[str, int], marisa_trie.Trie, float] = ({}, marisa_trie.Trie(), 0.0)
        self._added_firsts: frozenset[str] = frozenset()   # first characters of the overlay's words
        self._total = 0
        self._dict: _Dictionary | None = None
        self._lock = threading.Lock()

    def _get(self) -> _Dictionary:
        if self._dict is None:
            with self._lock:
                if self._dict is None:
                    d = _Dictionary.load(self._cache_dir, bundled_words() if self._extra is True else self._extra)
                    self._total = d.total
                    self._dict = d
                    self._add_first(self._words)
        return self._dict

    def _add_first(self, words: set[str]) -> None:
        """Under the lock, at load: the overlay of these words as an earlier process found it
        (which of the lexicon's ~7,000 terms jieba lacks: ~15 ms of every start to work out, the
        trie of them to build), else worked out and kept for the next process."""
        d = self._dict
        path = None
        if self._cache_dir is not None and d.key and words:
            h = Checksum(f"{_FORMAT}|{d.key}|".encode())
            h.update("\n".join(sorted(words)).encode())
            path = Path(self._cache_dir) / f"overlay-{h.hexdigest()}"
            trie = marisa_trie.Trie()
            try:
                trie.load(str(path / "words.marisa"))
            except (OSError, RuntimeError, ValueError):   # none yet, or broken: work it out
                pass
            else:
                added = dict.fromkeys(trie.keys(), ADDED_FREQ)
                self._total += ADDED_FREQ * len(added)
                self._swap(added, trie)
                return
        self._add(words)
        if path is not None:
            kept = self._overlay[1]
            publish(path, lambda tmp: kept.save(str(tmp / "words.marisa")))

    def add_words(self, words: Iterable[str]) -> None:
        """Make lexicon terms segmentable (加微信 -> 加/微信) once the dictionary is loaded."""
        new = {w for w in words if w not in self._words}
        with self._lock:
            self._words |= new
            if self._dict is not None:
                self._add(new)

    def _add(self, words: Iterable[str]) -> None:
        """Under the lock. A new overlay trie is swapped in whole: readers never see half of it."""
        d = self._dict
        old, trie, _ = self._overlay
        added = dict(old)
        for w in words:
            if w and not self._base_freq(d, w) and w not in added:
                added[w] = ADDED_FREQ
                self._total += ADDED_FREQ
        if len(added) != len(old):
            trie = marisa_trie.Trie(added.keys())
        self._swap(added, trie)

    def _swap(self, added: dict[str, int], trie: marisa_trie.Trie) -> None:
        self._added_firsts = frozenset(w[0] for w in added)
        self._overlay = (added, trie, math.log(self._total) if self._total else 0.0)

    @staticmethod
    def _base_freq(d: _Dictionary, word: str) -> int:
        i = d.trie.get(word)
        return d.freqs[i] if i is not None else 0

    def freq(self, word: str) -> int:
        """jieba's own frequency of `word`; 0 for unknown words and msgcheck's added terms."""
        return 0 if word in self._words else self._base_freq(self._get(), word)

    def known_word(self, word: str) -> bool:
        """True if jieba's own dictionary knows `word` (before msgcheck's terms were added)."""
        return word not in self._words and bool(self._base_freq(self._get(), word))

    def may_cross(self, text: str, pos: int, lo: int, hi: int) -> bool:
        """Whether any token the segmenter could cut from text[lo:hi] runs across pos: a
        dictionary word that starts before pos and ends after it, or a run of ASCII letters and
        digits (joined). A few trie lookups, against ~20 µs for a segmentation; False settles
        that no word is cut through there."""
        if pos <= lo or pos >= hi:
            return False
        a, b = text[pos - 1], text[pos]
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            return True
        d = self._get()
        trie, freqs = d.trie, d.freqs
        added, added_trie, _ = self._overlay
        # The words that begin at p and end within hi (one C call, ~0.2 µs: listing them with
        # their ids costs twice that); one running past pos is a word cut through there, if
        # it is a word (frequency > 0) and not only msgcheck's term. A word longer than
        # _CROSS_REACH cut far from its start changes no reading: p stays that close to pos.
        prefixes, key_id, firsts = trie.prefixes, trie.key_id, self._added_firsts
        for p in range(pos - 1, max(lo, pos - _CROSS_REACH + 1) - 1, -1):
            rest = text[p:min(hi, p + _MAXLEN)]
            for w in prefixes(rest):
                if p + len(w) > pos and (w in added or freqs[key_id(w)]):
                    return True
            if rest[0] in firsts:
                for w in added_trie.prefixes(rest):
                    if p + len(w) > pos:
                        return True
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Token boundaries of text as (start, end) pairs, as jieba's cut(text, HMM=False)."""
        out: list[tuple[int, int]] = []
        pos = 0
        for blk in _RE_HAN.split(text):
            if not blk:
                continue
            if _RE_HAN.match(blk):
                for a, b in self._cut_block(blk):
                    out.append((pos + a, pos + b))
            else:
                i = pos
                for x in _RE_SKIP.split(blk):
                    if not x:
                        continue
                    if _RE_SKIP.match(x):
                        out.append((i, i + len(x)))
                    else:
                        out.extend((j, j + 1) for j in range(i, i + len(x)))
                    i += len(x)
            pos += len(blk)
        return out

    def _cut_block(self, s: str) -> list[tuple[int, int]]:
        d = self._get()
        trie, freqs = d.trie, d.freqs
        added, added_trie, logtotal = self._overlay
        log = math.log
        firsts = self._added_firsts
        n = len(s)
        # The DAG: the words (frequency > 0) starting at each position, by their end.
        dag: list[list[tuple[int, int]]] = []
        for k in range(n):
            ends = []
            rest = s[k:k + _MAXLEN]
            for w, i in trie.iter_prefixes_with_ids(rest):
                f = freqs[i]
                if w in added:
                    f = added[w]
                if f:
                    ends.append((k + len(w) - 1, f))
            if rest[0] in firsts:
                for w in added_trie.prefixes(rest):
                    if not self._base_freq(d, w):
                        ends.append((k + len(w) - 1, added[w]))
            if not ends:
                ends.append((k, 0))
            dag.append(ends)
        # The route: the best sum of log frequencies to the end; ties go to the later end, as
        # max() over (score, x) pairs does in jieba.
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for idx in range(n - 1, -1, -1):
            best = None
            for x, f in dag[idx]:
                cand = (log(f or 1) - logtotal + route[x + 1][0], x)
                if best is None or cand > best:
                    best = cand
            route[idx] = best
        out: list[tuple[int, int]] = []
        x, buf = 0, -1   # buf: start of a run of single letters and digits being joined
        while x < n:
            y = route[x][1] + 1
            if y - x == 1 and s[x] in _ENG:
                if buf < 0:
                    buf = x
            else:
                if buf >= 0:
                    out.append((buf, x))
                    buf = -1
                out.append((x, y))
            x = y
        if buf >= 0:
            out.append((buf, n))
        return out

    def warm(self) -> None:
        self._get()
