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
    ("一三八洞洞一二三四五六", "13800123456", "洞 for 0"),
    ("139-1234-5678", "13912345678", "dashes between digit groups"),
    ("(021)5555 1234", "02155551234", "parenthesised area code"),
    ("⑴⑵⑶", "123", "parenthesised digits"),
    ("一条狗", "1条狗", "numerals only matter in digit runs, which the detectors look for"),
]


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
        assert digit.translate(ch) == "".join(CN_DIGITS.get(c, c) for c in f), hex(cp)
