"""Closed word classes (particles, adverbs, quotation marks, 的-words …) that the clause reading
(reading.py) and the rules (rules.py) test against: grammar kept as data beside the markers, in
wordlists/grammar.lst, so a new adverb is a line of data, not a code change.

The file is read once, at import (a few hundred items, well under a millisecond), and not
through the lexicon's cache: these classes are the engine's grammar, the same for every
wordlist directory, not policy a user extends. A broken line raises WordlistError naming the
file and line, and so does a class the code asks for that the file lacks."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import WordlistError

_ESCAPES = {"\\n": "\n"}   # an item that whitespace cannot hold as written


class Grammar:
    """The classes of one grammar file, each an ordered list of lines of items."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lines: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self._where: dict[str, int] = {}
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise WordlistError(self.path, 0, f"not UTF-8 ({e.reason})") from None
        except OSError as e:
            raise WordlistError(self.path, 0, f"cannot read: {e.strerror}") from None
        name = None
        for lineno, raw in enumerate(text.splitlines(), 1):
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                if not line.endswith("]") or not line[1:-1].replace("_", "").isalpha() \
                        or not line[1:-1].islower():
                    raise WordlistError(self.path, lineno, f"bad class header {line!r}: expected [name], "
                                                           "lower-case letters and _")
                name = line[1:-1]
                if name in self._lines:
                    raise WordlistError(self.path, lineno, f"class [{name}] already defined on line "
                                                           f"{self._where[name]}")
                self._lines[name], self._where[name] = [], lineno
                continue
            if name is None:
                raise WordlistError(self.path, lineno, "an item before any [class] header")
            self._lines[name].append((lineno, tuple(_ESCAPES.get(t, t) for t in line.split())))
        for name, lines in self._lines.items():
            if not lines:
                raise WordlistError(self.path, self._where[name], f"class [{name}] has no items")

    def _get(self, name: str) -> list[tuple[int, tuple[str, ...]]]:
        try:
            return self._lines[name]
        except KeyError:
            raise WordlistError(self.path, 0, f"no class [{name}] (the engine needs it)") from None

    def seq(self, name: str) -> tuple[str, ...]:
        """The items in file order (for startswith and first-match lookups)."""
        return tuple(t for _, items in self._get(name) for t in items)

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.seq(name))

    def chars(self, name: str) -> frozenset[str]:
        """A class of single characters (tested one character at a time)."""
        for lineno, items in self._get(name):
            for t in items:
                if len(t) != 1:
                    raise WordlistError(self.path, lineno, f"[{name}] holds single characters, not {t!r}")
        return self.words(name)

    def text(self, name: str) -> str:
        """The single characters of a class as one string, in file order."""
        self.chars(name)
        return "".join(self.seq(name))

    def pattern(self, name: str) -> str:
        """The items as one regular-expression alternation, in file order (each escaped)."""
        return "|".join(map(re.escape, self.seq(name)))

    def pairs(self, name: str) -> tuple[tuple[str, str], ...]:
        """One pair per line (不是 而是)."""
        out = []
        for lineno, items in self._get(name):
            if len(items) != 2:
                raise WordlistError(self.path, lineno, f"[{name}] holds two items a line, got {len(items)}")
            out.append((items[0], items[1]))
        return tuple(out)


def _bundled() -> Grammar:
    import wordlists   # the package data's folder, as lexicon.BUNDLED_DIR finds it

    return Grammar(Path(wordlists.__file__).parent / "grammar.lst")


GRAMMAR = _bundled()
