"""A private jieba tokenizer, loaded once, lazily, under a lock.

jieba's global tokenizer is shared mutable state (anyone may add words to it), so msgcheck keeps
its own. Loading the dictionary costs ~0.5 s and ~60 MB: it happens on first use, and the
prefix dictionary is cached on disk under the msgcheck cache directory."""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Iterable

import jieba

# jieba logs its loading banner at DEBUG/INFO on its own logger; keep it quiet.
jieba.setLogLevel(logging.WARNING)


class Tokenizer:
    def __init__(self, cache_dir: Path | None = None):
        self._cache_dir = cache_dir
        self._words: set[str] = set()
        self._tk: jieba.Tokenizer | None = None
        self._lock = threading.Lock()

    def _get(self) -> jieba.Tokenizer:
        if self._tk is None:
            with self._lock:
                if self._tk is None:
                    tk = jieba.Tokenizer()
                    if self._cache_dir is not None:
                        Path(self._cache_dir).mkdir(parents=True, exist_ok=True)
                        tk.cache_file = str(Path(self._cache_dir) / "jieba.cache")
                    tk.initialize()
                    self._tk = tk
                    self._add(self._words)
        return self._tk

    def add_words(self, words: Iterable[str]) -> None:
        """Make lexicon terms segmentable (加微信 -> 加/微信) once jieba is loaded."""
        new = {w for w in words if w not in self._words}
        with self._lock:
            self._words |= new
        if self._tk is not None:
            self._add(new)

    def _add(self, words: Iterable[str]) -> None:
        tk = self._tk
        for w in words:
            if not tk.FREQ.get(w):
                # Low frequency: segmentable, but never winning over real words
                # (北京/东路 stays, 京东 does not appear).
                tk.add_word(w, freq=2)

    def freq(self, word: str) -> int:
        """jieba's own frequency of `word`; 0 for unknown words and msgcheck's added terms."""
        return 0 if word in self._words else (self._get().FREQ.get(word) or 0)

    def known_word(self, word: str) -> bool:
        """True if jieba's own dictionary knows `word` (before msgcheck's terms were added)."""
        return bool(self._get().FREQ.get(word)) and word not in self._words

    def may_cross(self, text: str, pos: int, lo: int, hi: int) -> bool:
        """Whether any token jieba could cut from text[lo:hi] runs across pos: a dictionary
        word that starts before pos and ends after it, or a run of ASCII letters and digits
        (jieba joins those). A few prefix-dictionary lookups, against ~20 µs for jieba itself;
        False settles that no word is cut through there."""
        if pos <= lo or pos >= hi:
            return False
        a, b = text[pos - 1], text[pos]
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            return True
        freq = self._get().FREQ   # every prefix of every word is a key (0 if only a prefix)
        for p in range(pos - 1, lo - 1, -1):
            if text[p:pos] not in freq:
                continue
            for q in range(pos + 1, hi + 1):
                n = freq.get(text[p:q])
                if n is None:
                    break
                if n:
                    return True
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Token boundaries of text as (start, end) pairs, without the HMM guesser."""
        return [(s, e) for _, s, e in self._get().tokenize(text, HMM=False)]

    def warm(self) -> None:
        self._get()
