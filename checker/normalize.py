"""Fold what evaders change but readers don't, keeping a map back to the original text.

Two views are built from one per-code-point table each, so folding is a single
`str.translate` on the hot path; the offset map (folded index -> original index) is only
built when a candidate needs a span, because ~98% of messages never need one.

- `folded` (lexicon view): NFKC, lower case, 繁->简 (OpenCC, character by character so offsets
  stay aligned), letters and digits of other scripts that look like one ASCII letter or digit
  (Unicode's confusables data: Cyrillic х, Greek ν, Armenian օ, Cyrillic З -> 3); zero-width,
  variation selectors, spaces, emoji, symbols and light punctuation inserted between characters
  are dropped (微 信, 微❤信, v.x, 微|信); sentence punctuation becomes ',' or ':' so words never
  match across a clause.
- `digits` (contact view): like `folded` but Chinese numerals (一 幺 洞 壹 …) become digits and
  separators between digits vanish, so 幺三九 1234-5678 reads 13912345678; then o and i/l
  standing between digits read as 0 and 1 (138 2047 56l9 reads 13820475619).
"""
from __future__ import annotations

import array
import bisect
import marshal
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from . import lazyre
from .cachefiles import Checksum, publish

# Characters readers skip over: ranges of code points to build the tables for. Anything
# outside passes through unchanged (and is therefore already a fixed point).
_RANGES = (
    (0x0000, 0x02AF),   # ASCII, Latin-1, Latin Extended, IPA (ɑ ɡ ɪ)
    (0x0370, 0x052F),   # Greek, Cyrillic, Cyrillic Supplement (look-alikes: Ԛ Ԝ ԁ)
    (0x13A0, 0x13FF),   # Cherokee (look-alikes: Ꭺ Ᏼ Ꮯ)
    (0x1400, 0x167F),   # Canadian syllabics (look-alikes: ᐯ ᑭ ᑕ)
    (0xA4D0, 0xA4FF),   # Lisu (look-alikes: ꓦ ꓫ ꓮ)
    (0x1E00, 0x1FFF),   # Latin Extended Additional, Greek Extended (ẉ ḳ ὀ)
    (0x0530, 0x058F),   # Armenian (look-alikes: օ ս հ ո)
    (0x2000, 0x2BFF),   # punctuation, letterlike, arrows, math, enclosed alnum, dingbats
    (0x2E80, 0x2FDF),   # CJK radicals
    (0x3000, 0x33FF),   # CJK symbols, enclosed CJK, compatibility
    (0x3400, 0x4DBF),   # CJK ext A
    (0x4E00, 0x9FFF),   # CJK unified
    (0xA700, 0xA7FF),
    (0xF900, 0xFAFF),   # CJK compatibility ideographs
    (0x02B0, 0x02FF),   # spacing modifier letters (ˣ)
    (0x0300, 0x036F),   # combining diacritics
    (0x1D00, 0x1DBF),   # phonetic extensions (ᵛ superscript letters)
    (0x180E, 0x180E),   # Mongolian vowel separator (invisible)
    (0xFE00, 0xFE6F),   # variation selectors, vertical forms, small forms
    (0xFEFF, 0xFEFF),   # BOM / zero-width no-break space
    (0xFF00, 0xFFEF),   # half/full width
    (0x1D400, 0x1D7FF),  # mathematical alphanumerics (𝐖𝐗)
    (0x1F000, 0x1FAFF),  # emoji, enclosed alphanumeric supplement
    (0xE0000, 0xE01EF),  # tags, variation selectors supplement
)

# Letters that look like one ASCII letter or digit come from Unicode's confusables data (the
# confusable-homoglyphs package), read when the tables are built; see _lookalikes(). These are
# pairs that data lacks and evaders use: lower-case Cyrillic/Greek letters whose capitals are
# in the data (В -> B, К -> K, Χ -> X) and that read as those letters in small-capital shape
# (вх, кк), and Greek ω for w (ωx).
_HOMOGLYPHS = {
    "в": "b", "к": "k", "м": "m", "н": "h", "т": "t",
    "κ": "k", "τ": "t", "χ": "x", "ω": "w",
    "Ԛ": "q",   # capital Cyrillic QA (ԚԚ for QQ): the data pairs only its small letter
}
# Emoji that stand for a channel's nickname rather than decorate (➕🛰️ = 加卫星, 🐧号 = 企鹅号,
# 小✈️ = 小飞机, 抖🎵 = 抖音, 💚泡泡 = 绿泡泡, 咸🐟 = 咸鱼). Every other emoji is noise and is dropped.
_EMOJI_WORDS = {"🛰": "卫星", "🐧": "企鹅", "🍠": "红薯", "✈": "飞机", "🛩": "飞机", "🎵": "音", "🎶": "音",
                "💚": "绿", "🐟": "鱼", "🐠": "鱼",
                "🍑": "桃", "🐶": "狗", "🐕": "狗", "📕": "书", "🟢": "绿",
                "🟩": "绿", "🫧": "泡泡", "💬": "气泡"}
# Plus-like signs mean 加 (➕我, ﹢v); they survive symbol removal as '+'.
_PLUS = set("+＋﹢➕✚✙✛✜✢✣✤✥✦✧╋")
# Clause and sentence punctuation: a word never matches across these; an action may reach
# across a comma (徽信同步上新，记得加一下) but not across a sentence end. "." is noise (v.x).
_CLAUSE = set(",，、､")
_SENTENCE = set("。!！?？;；\n\r\t…⋯｡")
_COLON = set(":：")
# Invisible characters that carry no meaning at all.
_INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f\u180e")

CN_DIGITS = {
    "〇": "0", "零": "0", "洞": "0", "○": "0",
    "一": "1", "幺": "1", "壹": "1", "弌": "1",
    "二": "2", "贰": "2", "貳": "2", "两": "2",
    "三": "3", "叁": "3", "參": "3", "叄": "3", "参": "3",
    "四": "4", "肆": "4",
    "五": "5", "伍": "5",
    "六": "6", "陆": "6", "陸": "6",
    "七": "7", "柒": "7", "拐": "7",
    "八": "8", "捌": "8",
    "九": "9", "玖": "9", "勾": "9",
}
# Separators a phone number may be written with (139-1234-5678, 139.1234.5678, (021)…).
_DIGIT_SEPARATORS = set(" \u3000-‐‑‒–—―_.·•()（）[]【】/\\|~～")

# Digit view, after the table: one or two of o (O о ο …) and i/l (I ı Ӏ …) standing between
# digits read as 0 and 1 when the run has at least three digits around them (138 2047 56l9,
# 1380o13800). A table cannot see neighbours, hence this pass, one character for one so the
# digit view keeps the folded view's offsets; gated on cheap searches, as most digit views
# have no such letter. o2o, 2o2o, iphone15 stay as they are; the folded view never changes.
_LOOKALIKE_GATE = lazyre.compile("[0-9][oil]{1,2}[0-9]")
_LOOKALIKE_RUN = lazyre.compile("(?:(?<=[0-9]{2})|(?<=[0-9])(?=[oil]{1,2}[0-9]{2}))[oil]{1,2}(?=[0-9])")
_LOOKALIKE_DIGITS = str.maketrans("oil", "011")


# At the edge of a run, an i/l counts only where the run is as long as a phone number
# (l38o2o4756l): shorter runs (l5, i7, 15l) are sizes and models.
_LOOKALIKE_EDGE = lazyre.compile("(?<![a-z0-9])[il](?=[0-9]{10}(?![a-z0-9])|[0-9]{9}[il](?![a-z0-9]))"
                                 "|(?<![a-z])(?<=[0-9]{10})[il](?![a-z0-9])")


_NUMERALS = "".join(CN_DIGITS)
_WORD_NUMERAL = lazyre.compile(f"(?<=[0-9])[{_NUMERALS}](?![{_NUMERALS}])(?=[\u4e00-\u9fff])")
# (Spaces are all the digit view drops between them; a narrow class keeps the search linear.)
_WORD_NUMERAL_GATE = lazyre.compile(f"[0-9\uff10-\uff19][ \u3000]*[{_NUMERALS}](?![{_NUMERALS}])[\u4e00-\u9fff]")

# A count after a number (138 1234 5678 24小时, 13812345678 7天无理由, +853 6688 1234 24小時):
# a run of one to three digits, set apart by a space from three or more digits and followed
# by a unit, is not the number's last digits. The space is gone from both views, so this is
# read on the text as typed (rarely: the gate) and the count's first digit becomes a space
# in the digit view, which ends the number there.
_COUNT_UNITS = "小时|小時|钟头|天|个|個|元|块|塊|年|月|日|点|點|分钟|分鐘|秒|周|週|次|人|件|折|岁|歲|楼|樓|层|層|h(?![a-z])|x|×|\\*"
# (…021-58763214 四五次: the count in numerals too)
# (热线0571-86091122（24小时）: or an opening bracket, the hours of a hotline)
_COUNT_AFTER = lazyre.compile(f"[0-9](?:[ \u3000]+|[ \u3000]*[（(【\\[][ \u3000]*)([0-9{_NUMERALS}]{{1,3}})[ \u3000]?(?:{_COUNT_UNITS})")

# A heart right after a WeChat-like first character stands for 信 (维❤, 微❤️转我, v❤聊：abc),
# unless 信, a letter or 我 follows (V❤信, V❤X, V❤我: then it is filler, dropped as any emoji). One code point
# for one, so every view keeps its offsets.
# The first character is judged by its fold (ⅴ❤, ν❤, 維❤ as v❤, 维❤).
_HEART_XIN = lazyre.compile("\u2764(?!\ufe0f?\\s?[信芯心伈A-Za-zＡ-Ｚａ-ｚ我])")
_HEART_FIRSTS = frozenset("微维薇威徽v")
# An emoji that reads as a word (🍑 桃) between such a first character and 信 is filler there
# (V🍑信 hana1103), dropped as any other emoji would be: it becomes a zero-width space, one code
# point for one. fold() looks for it only when its output has 信 after a first character and one
# of those words (a substring test first: the hot path pays ~50 ns).
# (The patterns open with the mark itself, so `re` skips to it at C speed; the character before
# it is read by the replacement.)
_EMOJI_XIN = lazyre.compile("[%s](?=\ufe0f?[信芯心伈])" % "".join(sorted(_EMOJI_WORDS)))
_EMOJI_XIN_FOLDED = lazyre.compile("[微维薇威徽v](?:%s)信" % "|".join(sorted(set(_EMOJI_WORDS.values()))))


_EDGE_GATE = lazyre.compile(r"[il][0-9]{10}|[0-9]{9}[il]")   # only a phone-length run can have an edge


def _lookalike_digits(digits: str) -> str:
    # Three substring tests first (~50 ns): ~75% of digit views hold no o, i or l at all.
    if not ("o" in digits or "i" in digits or "l" in digits):
        return digits
    if _LOOKALIKE_GATE.search(digits) is not None:
        for _ in range(2):   # 6i2i3: the second i sees the first one read as 1
            digits = _LOOKALIKE_RUN.sub(lambda m: m.group().translate(_LOOKALIKE_DIGITS), digits)
    if ("l" in digits or "i" in digits) and _EDGE_GATE.search(digits) is not None:
        for _ in range(2):   # both edges of l38o2o4756l: the second sees the first one read
            digits = _LOOKALIKE_EDGE.sub(lambda m: m.group().translate(_LOOKALIKE_DIGITS), digits)
    return digits


# Blocks whose letters are never folded to ASCII look-alikes: CJK (丨 is no l, 〇 stays a
# numeral for the digit view) and the full-width forms NFKC already folds.
_NO_LOOKALIKE = ((0x2E80, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def _lookalikes() -> dict[str, str]:
    """Letters and digits in _RANGES that Unicode's confusables data (confusables.txt, as
    shipped by confusable-homoglyphs) pairs with one ASCII letter or digit -> that character,
    lower case. Only letters and digits: symbols and punctuation look-alikes (∣ × ∨) stay noise,
    so 微∣信 and 139∣1234 still drop them. Read once, when the tables are built."""
    import json
    from importlib import resources

    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json")
                      .read_text(encoding="utf-8"))
    special = _PLUS | set(_EMOJI_WORDS) | _CLAUSE | _SENTENCE | _COLON | _INVISIBLE | _DIGIT_SEPARATORS | set(CN_DIGITS)
    out: dict[str, str] = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if cp < 0x80 or ch in special or any(a <= cp <= b for a, b in _NO_LOOKALIKE):
                continue
            if unicodedata.category(ch) not in ("Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No"):
                continue
            targets = {h["c"].lower() for h in data.get(ch, ()) if h["c"].isascii() and h["c"].isalnum()
                       and len(h["c"]) == 1}
            if len(targets) == 1:
                out[ch] = targets.pop()
    # Unicode takes l as the prototype of I; a capital I look-alike whose small letter reads i
    # (Ι ι, І і, Ӏ ӏ) folds to i like I itself, so both cases fold alike.
    for ch, t in list(out.items()):
        if t == "l" and ch.lower() != ch and out.get(ch.lower()) == "i":
            out[ch] = "i"
    for ch, t in _HOMOGLYPHS.items():
        out.setdefault(ch, t)
    return out


def _is_noise(ch: str) -> bool:
    """True for characters inserted between letters to break filters."""
    if ch in _INVISIBLE:
        return True
    cat = unicodedata.category(ch)
    if cat[0] in "ZC":  # spaces, controls, format, private use, unassigned
        return True
    if cat in ("Mn", "Me", "Sk", "So", "Sm", "Sc", "Lm"):
        return True
    if cat[0] == "P":
        return True
    if 0x1F000 <= ord(ch) <= 0x1FAFF or 0xE0000 <= ord(ch) <= 0xE01EF or 0xFE00 <= ord(ch) <= 0xFE0F:
        return True
    return False


@dataclass(frozen=True)
class NormalizedText:
    """A folded view and, for every folded character, the index of its original character."""

    original: str
    folded: str
    offsets: Sequence[int]   # a range when nothing was dropped or expanded

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering folded [start, end)."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


class Normalizer:
    """Builds the translate tables once (OpenCC + unicodedata), then folds in C speed."""

    def __init__(self, t2s=None, cache_dir: Path | None = None):
        self._t2s = t2s
        # Building the tables costs ~0.5 s (OpenCC per character, the confusables file): a
        # process with a cache directory builds them once and reads them back (~10 ms).
        self.cache_dir = cache_dir
        self._lock = threading.Lock()
        self._fold_view: _View | None = None
        self._digit_view: _View | None = None

    # -- tables ---------------------------------------------------------------------
    def _converter(self):
        if self._t2s is None:
            import opencc  # the C++ OpenCC binding; t2s is the standard config

            self._t2s = opencc.OpenCC("t2s").convert
        return self._t2s

    def _build(self) -> None:
        path = self._cache_file() if self._t2s is None else None
        views = _read_views(path) if path is not None else None
        if views is None:
            fold, digit = self._tables()
            views = _View(fold), _View(digit, offsets=False)
            if path is not None:
                _write_views(path, views)
        self._fold_view, self._digit_view = views

    def _cache_file(self) -> Path | None:
        """`<cache_dir>/views-<key>/`, the key naming everything the tables depend on:
        this module's source, OpenCC's and the confusables data's versions, Unicode's."""
        if self.cache_dir is None:
            return None
        import importlib.util

        h = Checksum(Path(__file__).read_bytes())
        # OpenCC's and the confusables data's installed files, by size and time: a new version
        # changes them, and a stat costs far less than importlib.metadata (~15 ms a process).
        for pkg in ("opencc", "confusable_homoglyphs"):
            spec = importlib.util.find_spec(pkg)
            try:
                folder = Path(spec.origin).parent   # type: ignore[union-attr, arg-type]
                for f in sorted(folder.iterdir()):
                    if f.suffix in (".py", ".json", ".so", ".txt", ".ocd2") or f.is_dir():
                        st = f.stat()
                        h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
            except (AttributeError, TypeError, OSError):
                h.update(b"-")
        h.update(f"{unicodedata.unidata_version}|{sys.version_info[:2]}".encode())
        return Path(self.cache_dir) / f"views-{h.hexdigest()}"

    def _tables(self) -> tuple[dict[int, str], dict[int, str]]:
        convert = self._converter()
        cjk = [chr(c) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in range(lo, hi + 1)]
        # OpenCC converts phrases; convert each character alone, joined by newlines in one
        # call (fast) and keep only 1:1 results so offsets stay aligned.
        simplified = convert("\n".join(cjk)).split("\n")
        t2s = {}
        if len(simplified) == len(cjk):
            t2s = {a: b for a, b in zip(cjk, simplified) if len(b) == 1 and a != b}

        look = _lookalikes()

        def letter(c: str) -> str:
            if c in look:
                return look[c]
            if not c.isascii():
                # Pinyin with its tones (wèi xìn, jiā wǒ) and other accented Latin letters read
                # as their base letter: one ASCII letter plus combining marks.
                d = unicodedata.normalize("NFD", c)
                if len(d) > 1 and d[0].isascii() and d[0].isalpha() and all(unicodedata.combining(x) for x in d[1:]):
                    return d[0].lower()
                # Letters in boxes and circles NFKC leaves alone (🅥 NEGATIVE SQUARED LATIN
                # CAPITAL LETTER V), and small capitals (ʟ): their name says the letter.
                named = _BOXED_LETTER.search(unicodedata.name(c, ""))
                if named:
                    return named.group(1).lower()
            low = c.lower()
            if low != c and low in look:
                return c   # Σ is no o, Γ no y: a capital only folds to what it looks like itself
            return low

        def base(ch: str) -> str:
            # Roman numerals one to nine (ⅠⅢⅧ): read as the digit they are, one character
            # for one, not as the letters NFKC spells them with (VIII)
            # (Ⅴ/ⅴ stay the letter v here: ➕Ⅴ is 加v; the digit view reads them 5, below)
            if (0x2160 <= ord(ch) <= 0x2168 or 0x2170 <= ord(ch) <= 0x2178) and ch not in "Ⅴⅴ":
                return str(ord(ch) - (0x2160 if ord(ch) <= 0x2168 else 0x2170) + 1)
            nfkc = unicodedata.normalize("NFKC", ch)
            if nfkc == ch and unicodedata.category(ch) == "No":
                # ❶ ➊ ⓿ ⓫: enclosed digits NFKC leaves alone still read as numbers.
                value = unicodedata.numeric(ch, -1)
                if value == int(value) and 0 <= value <= 20:
                    return str(int(value))
            out = "".join(t2s.get(c, c) for c in map(letter, nfkc))
            if ch in look and not out.isascii():
                return look[ch]   # ϲ: NFKC makes it ς, readers see c
            return out

        fold: dict[int, str] = {}
        digit: dict[int, str] = {}
        for lo, hi in _RANGES:
            for cp in range(lo, hi + 1):
                ch = chr(cp)
                if 0xD800 <= cp <= 0xDFFF:
                    continue
                if ch in _PLUS:
                    f = "+"
                elif ch in _EMOJI_WORDS:
                    f = _EMOJI_WORDS[ch]
                elif ch in _COLON:
                    f = ":"
                elif ch in _CLAUSE:
                    f = ","
                elif ch in _SENTENCE:
                    f = ";"
                else:
                    f = "".join(c for c in base(ch) if c in "+,:;" or not _is_noise(c))
                    # NFKC of ⒈ is '1.', of ⑴ '(1)': keep the alphanumerics only.
                d = f
                if ch in _DIGIT_SEPARATORS:
                    d = ""
                elif ch in "Ⅴⅴ":
                    d = "5"   # ⅤⅤⅢⅠ in a run of Roman numerals: 5531
                else:
                    d = "".join(CN_DIGITS.get(c, c) for c in f)
                    if ch in "(（)）[]【】":
                        d = ""
                if f != ch:
                    fold[cp] = f
                if d != ch:
                    digit[cp] = d
        # Idempotence: every image must itself be a fixed point.
        for table in (fold, digit):
            for cp, val in list(table.items()):
                for _ in range(3):
                    nxt = "".join(table.get(ord(c), c) for c in val)
                    if nxt == val:
                        break
                    val = nxt
                table[cp] = val
        return fold, digit

    def _views(self) -> tuple["_View", "_View"]:
        if self._fold_view is None:
            with self._lock:
                if self._fold_view is None:
                    self._build()
        return self._fold_view, self._digit_view  # type: ignore[return-value]

    def _hearts(self, text: str) -> str:
        """A heart after a WeChat-like first character becomes 信, and an emoji word between one
        and 信 a zero-width space: one code point for one."""
        view = self._views()[0]

        def after_first(into: str):
            # the mark becomes `into` where the character before it folds to a first character
            return lambda m: into if m.start() and view.translate(m.string[m.start() - 1]) in _HEART_FIRSTS \
                else m.group()

        if "\u2764" in text:
            text = _HEART_XIN.sub(after_first("信"), text)
        if "信" in text or "芯" in text or "心" in text or "伈" in text:
            text = _EMOJI_XIN.sub(after_first("\u200b"), text)
        return text

    # -- folding --------------------------------------------------------------------
    def fold(self, text: str) -> str:
        """Lexicon view only, no offsets: the hot path, hence _View.translate inlined."""
        view = self._fold_view or self._views()[0]
        if "\u2764" in text:
            text = self._hearts(text)
        out = text.translate(view.images)
        if _HIGH.search(out):
            out = out.translate(view.high)
        if "信" in out and _EMOJI_XIN_FOLDED.search(out) and (t2 := self._hearts(text)) != text:
            out = t2.translate(view.images)
            if _HIGH.search(out):
                out = out.translate(view.high)
        return out

    def fold_digits(self, text: str) -> str:
        digits = _lookalike_digits(self._views()[1].translate(self._hearts(text)))
        if _COUNT_AFTER.search(text) is not None:
            digits = self._count_apart(text, digits)
        if _WORD_NUMERAL_GATE.search(text) is None:
            return digits
        # A numeral between a digit and a Chinese character starts a word (…4321 一直占线,
        # …5678 两个人): it is not the number's next digit. Read on the folded view, which is
        # aligned with this one and keeps the numeral as written.
        folded = self.fold(text)
        hits = [m.start() for m in _WORD_NUMERAL.finditer(folded)]
        if not hits:
            return digits
        chars = list(digits)
        for i in hits:
            chars[i] = folded[i]
        return "".join(chars)

    def _count_apart(self, text: str, digits: str) -> str:
        offsets = self.normalize(text).offsets
        chars = None
        for m in _COUNT_AFTER.finditer(text):
            s = m.start(1)
            if not text[max(0, m.start() - 2):m.start()].isdigit():
                continue   # 1 3 8 … 7 8天: spaced single digits are one number, not a count
            j = bisect.bisect_left(offsets, s)
            if j < len(digits) and offsets[j] == s and digits[j].isdigit():
                chars = chars or list(digits)
                chars[j] = " "
        return digits if chars is None else "".join(chars)

    def normalize(self, text: str, folded: str | None = None) -> NormalizedText:
        view = self._views()[0]
        src = self._hearts(text)
        nt = view.with_offsets(src, view.translate(src) if folded is None else folded)
        return nt if src is text else NormalizedText(text, nt.folded, nt.offsets)

    def normalize_digits(self, text: str, folded: NormalizedText | None = None) -> NormalizedText:
        """The digit view is the folded view with numerals as digits, one character for one
        (the tables are built so, and a test checks every code point; the look-alike pass
        replaces one character by one): it shares the folded view's offset map instead of
        building its own."""
        folded = folded if folded is not None else self.normalize(text)
        return NormalizedText(text, self.fold_digits(text), folded.offsets)


def _read_views(path: Path):
    """The two views as built (their lists, not the tables they came from), stored so that a
    start makes as few objects as it can: the folded view's one-character images as an array
    of code points (tolist() makes the ints at C speed), its other images apart, and the digit
    view as its few differences from the folded one, whose list it copies, sharing the ints:
    ~3 ms, where marshal's own three lists took ~7 ms of every start."""
    try:
        with open(path / "views.marshal", "rb") as f:   # load(f) reads a few bytes at a time: ~10× slower
            codes, other, digit_diff, lengths, fold_high, digit_high = marshal.loads(f.read())
        images = array.array("I", codes).tolist()
        if len(images) != _LIST_END or len(lengths) != _LIST_END:
            return None
        for cp, image in other.items():
            images[cp] = image
        digits = images.copy()
        for cp, image in digit_diff.items():
            digits[cp] = image
        return _View.restore(images, lengths, fold_high), _View.restore(digits, b"", digit_high)
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        pass
    return None   # missing, truncated or foreign: rebuilt


def _write_views(path: Path, views) -> None:
    fold, digit = views
    codes = array.array("I", (v if type(v) is int else 0 for v in fold.images))
    other = {cp: v for cp, v in enumerate(fold.images) if type(v) is not int}   # expansions, deletions
    digit_diff = {cp: v for cp, (f, v) in enumerate(zip(fold.images, digit.images)) if f != v}

    def write(tmp: Path) -> None:
        with open(tmp / "views.marshal", "wb") as f:
            # version 2: no back-references; version 4 spends ~70 ms resolving them on load
            marshal.dump((codes.tobytes(), other, digit_diff, bytes(fold.lengths), fold.high, digit.high), f, 2)

    publish(path, write)


# (Not the regional indicators: two of them are a flag, 🇨🇳, and a flag is no pair of letters.)
# (Nor small capitals, ʟᴜʟᴜ: NFKC and the confusables data leave some of them alone.)
_BOXED_LETTER = lazyre.compile(r"^(?:(?:NEGATIVE )?(?:SQUARED|CIRCLED|PARENTHESIZED) LATIN (?:CAPITAL|SMALL) LETTER"
                               r"|LATIN LETTER SMALL CAPITAL) ([A-Z])$")


# Code points below this are looked up in a list (an index, no hashing, identity entries as
# small ints laid out in order): ~30% faster than a full dict and a fifth of its memory. The
# few mapped code points above it (tag characters) go through a small dict afterwards.
_LIST_END = 0x1FB00
_HIGH = re.compile("[\U0001FB00-\U0010FFFF]")   # every fold searches it


class _View:
    """One folding as translate tables: the image of each code point, and its length."""

    def __init__(self, table: dict[int, str], offsets: bool = True):
        """offsets=False: no length table (the digit view borrows the folded view's offsets)."""
        images: list = list(range(_LIST_END))
        lengths: list = [0x31] * _LIST_END if offsets else []   # '1': one to one
        for cp, v in table.items():
            if cp < _LIST_END:
                images[cp] = ord(v) if len(v) == 1 else (v or None)  # None deletes
                if offsets:
                    lengths[cp] = 0x30 + min(len(v), 9)  # '0' dropped, '2'.. expanded
        self.images, self.lengths = images, lengths
        self.high = {cp: v for cp, v in table.items() if cp >= _LIST_END}

    @classmethod
    def restore(cls, images: list, lengths: bytes, high: dict) -> "_View":
        """A view as cached. Its length marks stay bytes: indexing bytes gives the same small
        ints a list would hold, to str.translate as fast, with no list to build."""
        view = cls.__new__(cls)
        view.images, view.lengths, view.high = images, lengths, high
        return view

    def translate(self, text: str) -> str:
        out = text.translate(self.images)
        if self.high and _HIGH.search(out):
            out = out.translate(self.high)
        return out

    def with_offsets(self, text: str, folded: str) -> NormalizedText:
        """Most characters fold one to one, so the map is `range` runs between the few that
        are dropped (spaces, emoji: runs of '0' in the length marks) or expand (🛰 -> 卫星),
        found with C-speed calls: ~5 µs against ~9 µs for a per-character loop."""
        marks = text.translate(self.lengths)
        offsets: list[int] = []
        extend = offsets.extend
        prev = 0
        for m in _ODD_RUN.finditer(marks):
            i, j = m.span()
            extend(range(prev, i))
            mark = marks[i]
            if mark != "0":
                n = int(mark) if "2" <= mark <= "9" else len(self.high.get(ord(mark), "x"))
                extend((i,) * n)
            prev = j
        if prev == 0:
            return NormalizedText(text, folded, range(len(text)))
        extend(range(prev, len(text)))
        return NormalizedText(text, folded, offsets)


# A run of dropped characters ('0's) or one character that is not one to one; written with a
# leading class so `re` skips the '1's at C speed ("0+|[^01]" would try both at every '1').
_ODD_RUN = lazyre.compile("[^1](?:(?<=0)0*)?")


_default: Normalizer | None = None
_default_lock = threading.Lock()


def default_normalizer() -> Normalizer:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Normalizer()
    return _default
