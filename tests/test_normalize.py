"""Folding: what evaders change is folded away, every folded character points back to the
original, and folding twice changes nothing."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checker.normalize import Normalizer, default_normalizer

N = default_normalizer()

FOLD = [
    # (text, lexicon view, reason)
    ("加個微信", "加个微信", "traditional -> simplified, character by character"),
    ("ＷＸ：ｃａｔ８８", "wx:cat88", "full-width letters, digits and colon"),
    ("𝐖𝐗", "wx", "mathematical bold letters"),
    ("微❤信", "微信", "emoji inserted between characters"),
    ("微\u200b信", "微信", "zero-width space"),
    ("v\ufeffx", "vx", "BOM used as an invisible separator"),
    ("微 信", "微信", "space inserted"),
    ("微~信", "微信", "symbol inserted"),
    ("微|信", "微信", "bar inserted"),
    ("v.x", "vx", "dot inserted"),
    ("➕我", "+我", "heavy plus sign means 加"),
    ("﹢v", "+v", "small plus sign"),
    ("VX", "vx", "case"),
    ("ВХ", "bx", "Cyrillic look-alikes fold to Latin"),
    ("你好，再见。好的", "你好,再见;好的", "clause and sentence punctuation are kept as boundaries"),
    ("⑬⑨", "139", "circled numbers"),
    ("1️⃣3️⃣8️⃣", "138", "keycap emoji digits"),
]

DIGITS = [
    ("幺叁玖壹贰叁肆伍陆柒捌", "13912345678", "financial numerals and 幺"),
    ("壹參玖 捌捌陸貳 伍肆柒壹", "13988625471", "traditional financial numerals: 參 folds to 参, which is 3 too"),
    ("一三八洞洞一二三四五六", "13800123456", "洞 for 0"),
    ("139-1234-5678", "13912345678", "dashes between digit groups"),
    ("(021)5555 1234", "02155551234", "parenthesised area code"),
    ("⑴⑵⑶", "123", "parenthesised digits"),
    ("一条狗", "1条狗", "numerals only matter in digit runs, which the detectors look for"),
]


# Letters and digits of other scripts (issue #12), from Unicode's confusables data.
LOOKALIKES = [
    # (text, lexicon view, digit view, reason)
    ("wеixin", "weixin", "weixin", "Cyrillic е inside weixin"),
    ("wеiхin", "weixin", "weixin", "Cyrillic е and х in one word"),
    ("vх", "vx", "vx", "Cyrillic х for x"),
    ("ВХ", "bx", "bx", "Cyrillic capitals В Х"),
    ("вх", "bx", "bx", "small Cyrillic в (not in the data, kept by hand) and х"),
    ("vх：mm5566", "vx:mm5566", "vx:mm5566", "Cyrillic х before an ID"),
    ("wx：аbс123", "wx:abc123", "wx:abc123", "Cyrillic а, с inside an ID"),
    ("wx：sроt_88", "wx:spot88", "wx:spot88", "Cyrillic р, о inside an ID"),
    ("νx", "vx", "vx", "Greek ν for v"),
    ("qο", "qo", "qo", "Greek ο for o"),
    ("ωx", "wx", "wx", "Greek ω for w (not in the data, kept by hand)"),
    ("ΙΝS", "ins", "ins", "Greek capitals; a capital I look-alike folds to i like I"),
    ("Іns", "ins", "ins", "Cyrillic І folds to i, as its small letter і does"),
    ("іns", "ins", "ins", "Cyrillic і"),
    ("ѕօս", "sou", "sou", "Cyrillic ѕ, Armenian օ ս"),
    ("ɡɑ", "ga", "ga", "IPA script g and alpha"),
    ("ϲ", "c", "c", "lunate sigma reads c, not the ς NFKC makes of it"),
    ("ΟΝLΥ", "only", "only", "Greek capitals fold to the Latin letters they look like"),
    ("𝛪ns", "ins", "ins", "math italic capital iota, through NFKC, to i"),
    ("Σ(ﾟДﾟ)", "Σд", "Σд", "a capital with no look-alike of its own stays: σ is o, Σ is not"),
    ("1З8 2047 5б19", "13820475619", "13820475619", "Cyrillic З and б are confusables of 3 and 6"),
    ("iPhone 15 Pro", "iphone15pro", "iphone15pro", "ordinary Latin text is left alone"),
    ("O2O", "o2o", "o2o", "a letter next to one digit is a letter"),
    ("2O2O", "2o2o", "2o2o", "one digit on each side is not enough"),
    ("Lv", "lv", "lv", "Latin letters stay letters"),
    ("微∣信", "微信", "微信", "symbol look-alikes (∣ is like l) stay noise"),
    ("139∣1234∣5678", "13912345678", "13912345678", "so does a symbol between digits"),
    ("〇一", "〇一", "01", "〇 stays a numeral (its confusable is O)"),
    ("丨", "丨", "丨", "CJK ideographs are never folded to ASCII"),
]

# o and i/l between digits read as digits, in the digit view only.
DIGIT_LOOKALIKES = [
    # (text, lexicon view, digit view, reason)
    ("138 2047 56l9", "138204756l9", "13820475619", "l between digits is 1"),
    ("138 2047 56I9", "138204756i9", "13820475619", "I between digits is 1"),
    ("138 2047 56Ӏ9", "138204756i9", "13820475619", "Cyrillic palochka between digits is 1"),
    ("138 2O47 5619", "1382o475619", "13820475619", "Latin O between digits is 0"),
    ("138 2о47 5619", "1382o475619", "13820475619", "Cyrillic о between digits is 0"),
    ("138 2Ο47 5619", "1382o475619", "13820475619", "Greek Ο between digits is 0"),
    ("13８2O4７5619", "1382o475619", "13820475619", "full-width digits around it"),
    ("1380o13800", "1380o13800", "1380013800", "o after two digits"),
    ("wèi xìn：suki88", "weixin:suki88", "weixin:suki88", "pinyin with its tones reads as plain letters"),
    ("🅥 ⓧ：mm66", "vx:mm66", "vx:mm66", "letters in boxes and circles read as the letter their name says"),
    ("Ι8Ο 5566 Ι2Ι3", "i8o5566i2i3", "18055661213", "Greek Ι/Ο inside and at both edges: each I sees the one before read"),
    ("1oo2345", "1oo2345", "1002345", "two look-alikes in a row"),
    ("1ooo2345", "1ooo2345", "1ooo2345", "three are a word, not a digit"),
    ("幺三八O二", "幺三八o二", "13802", "Chinese numerals count as digits"),
    ("l38 2047 5619", "l3820475619", "13820475619", "an l at the edge of a run as long as a phone number is a 1"),
    ("l5 15l", "l515l", "l515l", "a letter at the edge of a short run (a size, a model) stays"),
    ("ԚԚ：1736429580", "qq:1736429580", "qq:1736429580", "capital Cyrillic QA (Cyrillic Supplement) for Q"),
    ("Ꮃx", "wx", "wx", "a Cherokee letter that looks like W"),
    ("l1234567", "l1234567", "l1234567", "an edge l before a run shorter than a phone number stays"),
    ("1o1", "1o1", "1o1", "a letter between single digits stays"),
]


@pytest.mark.parametrize("text,folded,digits,why", LOOKALIKES + DIGIT_LOOKALIKES)
def test_lookalikes(text, folded, digits, why):
    assert N.fold(text) == folded, why
    assert N.normalize(text).folded == folded, why
    assert N.fold_digits(text) == digits, why
    nt = N.normalize_digits(text)
    assert nt.folded == digits and len(nt.offsets) == len(digits), why
    assert N.fold(folded) == folded, why


def test_lookalike_digits_point_at_the_letters():
    text = "138 2047 56l9"
    nt = N.normalize_digits(text)
    assert nt.folded == "13820475619"
    assert text[nt.offsets[nt.folded.index("1", 9)]] == "l"


def test_lookalikes_come_from_the_confusables_data():
    """Every code point of the tables' script ranges that the data pairs with exactly one
    ASCII letter or digit folds to it (lower case); CJK and ASCII never change that way."""
    import json
    from importlib import resources

    import unicodedata

    from checker.normalize import _RANGES

    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json")
                      .read_text(encoding="utf-8"))
    checked = 0
    for lo, hi in _RANGES:
        for cp in range(max(lo, 0x80), hi + 1):
            ch = chr(cp)
            if not (0x0100 <= cp <= 0x058F or 0x1D00 <= cp <= 0x1DBF or 0x2100 <= cp <= 0x214F):
                continue
            if unicodedata.category(ch) not in ("Lu", "Ll", "Lo"):
                continue
            if unicodedata.normalize("NFKC", ch).isascii():
                continue   # NFKC already says (ℐ -> I -> i)
            targets = {h["c"].lower() for h in data.get(ch, ()) if len(h["c"]) == 1
                       and h["c"].isascii() and h["c"].isalnum()}
            if len(targets) == 1:
                t = targets.pop()
                got = N.fold(ch)
                assert got == t or (t == "l" and got == "i"), (hex(cp), ch, got, t)
                checked += 1
    assert checked > 100
    for ch in "丨口〇":
        assert N.fold(ch) == ch


def test_hand_list_holds_only_pairs_the_data_lacks():
    import json
    from importlib import resources

    from checker.normalize import _HOMOGLYPHS

    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json")
                      .read_text(encoding="utf-8"))
    for ch, latin in _HOMOGLYPHS.items():
        assert not any(h["c"].isascii() and h["c"].isalnum() for h in data.get(ch, ())), ch
        assert N.fold(ch) == latin


@pytest.mark.parametrize("text,folded,why", FOLD)
def test_fold(text, folded, why):
    assert N.fold(text) == folded, why
    nt = N.normalize(text)
    assert nt.folded == folded, why


@pytest.mark.parametrize("text,digits,why", DIGITS)
def test_digit_view(text, digits, why):
    assert N.fold_digits(text) == digits, why


def test_offsets_point_at_original_characters():
    text = "加 個⑬❤微信"
    nt = N.normalize(text)
    assert nt.folded == "加个13微信"
    assert [text[i] for i in nt.offsets] == ["加", "個", "⑬", "⑬", "微", "信"]
    assert nt.span(4, 6) == (5, 7)   # 微信 skips the emoji
    assert nt.span(2, 3) == (3, 4)   # half of ⑬ still maps to the whole ⑬


def test_fold_is_idempotent_on_tricky_characters():
    for text, _, _ in FOLD + DIGITS:
        once = N.fold(text)
        assert N.fold(once) == once


def test_tables_are_built_once_and_shared():
    n = Normalizer()
    n.fold("x")
    view = n._fold_view
    n.fold("y")
    assert n._fold_view is view


def test_views_read_back_from_the_cache_are_the_views_built(tmp_path):
    """The cache stores the views packed (code points, the other images apart, the digit view
    as its differences from the folded one): what a later process reads is what was built."""
    built = Normalizer(cache_dir=tmp_path)
    built.fold("")
    assert (built._cache_file() / "views.marshal").is_file()
    read = Normalizer(cache_dir=tmp_path)
    read.fold("")
    for a, b in ((built._fold_view, read._fold_view), (built._digit_view, read._digit_view)):
        assert a is not b
        assert (a.images, bytes(a.lengths), a.high) == (b.images, bytes(b.lengths), b.high)
    for text, _, _ in FOLD + DIGITS:
        assert read.normalize(text) == built.normalize(text)
        assert read.fold_digits(text) == built.fold_digits(text)


def test_a_damaged_view_cache_is_rebuilt(tmp_path):
    Normalizer(cache_dir=tmp_path).fold("")
    path = Normalizer(cache_dir=tmp_path)._cache_file() / "views.marshal"
    path.write_bytes(path.read_bytes()[:1000])
    n = Normalizer(cache_dir=tmp_path)
    assert n.fold("加個ＷＸ") == N.fold("加個ＷＸ")


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_unicode_folds_without_error_with_valid_offsets(text):
    for nt in (N.normalize(text), N.normalize_digits(text)):
        assert len(nt.offsets) == len(nt.folded)
        assert all(0 <= o < len(text) for o in nt.offsets)
        assert list(nt.offsets) == sorted(nt.offsets)
    assert N.normalize(text).folded == N.fold(text)
    assert N.normalize_digits(text).folded == N.fold_digits(text)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_folding_is_idempotent(text):
    once = N.fold(text)
    assert N.fold(once) == once


def test_digit_view_is_the_folded_view_with_numerals_as_digits():
    """normalize_digits shares the folded view's offset map; that is only right if the digit
    table maps every code point to its folded image with numerals turned into digits."""
    from checker.normalize import CN_DIGITS

    n = Normalizer()
    n.fold("")
    fold, digit = n._fold_view, n._digit_view
    for cp in list(range(0x1FB00)) + list(range(0xE0000, 0xE01F0)):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        f = fold.translate(ch)
        if ch in "Ⅴⅴ":   # the Roman five: the letter v to the lexicon, 5 in a run of numerals
            assert (f, digit.translate(ch)) == ("v", "5")
            continue
        assert digit.translate(ch) == "".join(CN_DIGITS.get(c, c) for c in f), hex(cp)
