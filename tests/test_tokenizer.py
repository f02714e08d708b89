"""The mapped word boundaries (checker/tokenizer.py) are jieba's: same tokens, same frequencies,
on real text, with msgcheck's terms added; the compiled dictionary is reused, and a broken one
rebuilt, never trusted."""
import json
import logging
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from checker.tokenizer import Tokenizer, bundled_words

ADDED = ["加微信", "拼夕夕", "小红薯", "抖音号", "某书", "淘口令", "私我", "微信号", "京东", "加v"]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    jieba.setLogLevel(logging.WARNING)
    ref = jieba.Tokenizer()
    ref.initialize()
    # wordlists/words.dict, the words jieba lacks, as jieba's own add_word adds them
    for line in bundled_words().read_text(encoding="utf-8").splitlines():
        if (line := line.split("#", 1)[0].strip()):
            word, freq, *tag = line.split()
            ref.add_word(word, int(freq), *tag)
    for w in ADDED:
        if not ref.FREQ.get(w):
            ref.add_word(w, freq=2)
    mine = Tokenizer(tmp_path_factory.mktemp("cache"))
    mine.add_words(ADDED)
    return mine, ref


def _texts():
    rows = [json.loads(line) for line in (DATA / "reviews.jsonl").open(encoding="utf-8")][:1500]
    rows += [json.loads(line) for line in (DATA / "blind16.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in rows] + ["北京东路的京东店", "加微信abc123 加v 123", "  tab\there\r\n中文 English mixed 3.14%"]


def test_tokens_are_jiebas_on_real_text(pair):
    mine, ref = pair
    texts = _texts()
    diffs = []
    for t in texts:
        for s in (t, t[:14], t[3:25]):
            got = mine.spans(s)
            want = [(a, b) for _, a, b in ref.tokenize(s, HMM=False)]
            if got != want:
                diffs.append((s, got, want))
    assert not diffs, diffs[:3]
    assert len(texts) > 1500


@pytest.mark.parametrize("word, why", [
    ("北京", "a common word: jieba's frequency"),
    ("京东", "added by msgcheck: 0, it is not jieba's own word"),
    ("加微信", "added, unknown to jieba: 0"),
    ("东路", "a word that only a prefix of others would miss"),
    ("zzqx", "unknown: 0"),
])
def test_frequencies_are_jiebas(pair, word, why):
    mine, ref = pair
    want = 0 if word in ADDED else (ref.FREQ.get(word) or 0)
    assert mine.freq(word) == want, why
    assert mine.known_word(word) == bool(want), why


def test_words_jieba_lacks_are_words(tmp_path):
    """wordlists/words.dict adds ordinary words jieba's dictionary lacks: 手机发烫 is a phone
    getting hot, so 发 (send) is no act there; without the file jieba's own words alone."""
    assert Tokenizer(tmp_path).spans("手机发烫") == [(0, 2), (2, 4)]
    assert Tokenizer(tmp_path, extra=None).spans("手机发烫") == [(0, 2), (2, 3), (3, 4)]


def test_a_broken_words_file_names_its_line(tmp_path):
    from checker.errors import WordlistError

    bad = tmp_path / "words.dict"
    bad.write_text("# words\n发烫 300 v\n滚烫 lots\n", encoding="utf-8")
    with pytest.raises(WordlistError) as e:
        Tokenizer(tmp_path, extra=bad).spans("手机发烫")
    assert e.value.lineno == 3 and str(bad) in str(e.value)


def test_words_added_after_loading_segment_too(tmp_path):
    tk = Tokenizer(tmp_path)
    tk.warm()
    before = tk.spans("去拼夕夕买")
    tk.add_words(["拼夕夕"])
    assert (1, 4) in tk.spans("去拼夕夕买") and (1, 4) not in before


def test_the_added_words_overlay_is_kept_and_read_back_the_same(tmp_path):
    """Which added words jieba lacks is worked out once and kept: a later process reads it,
    and segments exactly as the one that worked it out; a broken file is worked out again."""
    words = ["拼夕夕", "薇信", "北京", "加微信", "看主页"]   # 北京 jieba knows: not in the overlay
    first = Tokenizer(tmp_path)
    first.add_words(words)
    first.warm()
    (kept,) = tmp_path.glob("overlay-*/words.marisa")
    second = Tokenizer(tmp_path)
    second.add_words(words)
    second.warm()
    assert sorted(second._overlay[0]) == sorted(first._overlay[0]) == ["加微信", "拼夕夕", "看主页", "薇信"]
    assert second._total == first._total and second._added_firsts == first._added_firsts
    for text in ("去拼夕夕买", "加微信看主页", "北京东路薇信"):
        assert second.spans(text) == first.spans(text)
    other = Tokenizer(tmp_path)
    other.add_words(words[:2])
    other.warm()
    assert sorted(other._overlay[0]) == ["拼夕夕", "薇信"], "another word set is another overlay"
    kept.write_bytes(b"garbage")
    third = Tokenizer(tmp_path)
    third.add_words(words)
    third.warm()
    assert sorted(third._overlay[0]) == sorted(first._overlay[0])


def test_compiled_once_then_mapped_and_a_broken_cache_rebuilt(tmp_path):
    Tokenizer(tmp_path).warm()
    (folder,) = tmp_path.glob("words-*")
    assert (folder / "words.marisa").stat().st_size > 1_000_000 and (folder / "freqs.bin").exists()
    stamp = (folder / "freqs.bin").stat().st_mtime_ns
    tk = Tokenizer(tmp_path)
    assert tk.spans("北京东路") == [(0, 2), (2, 4)]
    assert (folder / "freqs.bin").stat().st_mtime_ns == stamp     # mapped, not rebuilt
    (folder / "freqs.bin").write_bytes(b"\0" * 16)               # wrong length: stale
    assert Tokenizer(tmp_path).spans("北京东路") == [(0, 2), (2, 4)]


def test_a_check_does_not_import_jieba(tmp_path):
    """The point of the mapped dictionary: no process pays for jieba's import or its unmarshal."""
    code = ("import sys; from checker.config import Settings; from checker.engine import Checker; "
            f"c = Checker(Settings(cache_dir={str(tmp_path)!r})); "
            "r = c.check('北京东路的京东店，加我微信 abc123', platform='douyin'); "
            "print(r.verdict.value, 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["block", "False"]


def test_may_cross_answers_as_jiebas_prefix_dictionary_would(pair):
    """may_cross (is some word cut through at pos?) against the same question put to jieba's
    own prefix dictionary, at every position of real text."""
    mine, ref = pair
    freq = ref.FREQ

    def reference(text, pos, lo, hi):
        if pos <= lo or pos >= hi:
            return False
        a, b = text[pos - 1], text[pos]
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            return True
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

    checked = 0
    for t in _texts()[:400]:
        s = t[:30]
        for pos in range(len(s)):
            lo, hi = max(0, pos - 6), min(len(s), pos + 6)
            assert mine.may_cross(s, pos, lo, hi) == reference(s, pos, lo, hi), (s, pos)
            checked += 1
    assert checked > 5000
