"""Wordlists: a format people can edit, errors that name file and line, a cached compile."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checker.errors import WordlistError
from checker.lexicon import BUNDLED_DIR, compile_lexicon, parse_file
from checker.normalize import default_normalizer

N = default_normalizer()

BROKEN = [
    # (file content, line named in the error, words the message must contain, reason)
    ("微信\n", 1, "before any [section]", "an entry needs a section"),
    ("[platform wechat]\n微信\n", 1, "two arguments", "platform sections need channel and canonical"),
    ("[colour]\n红\n", 1, "unknown section kind", "typo in a section kind"),
    ("[action sideways]\n加\n", 1, "before, after, next, contact", "unknown action mode"),
    ("# ok\n[allow]\n京东方\n北京东 !!\n", 4, "unknown flag", "unknown flag"),
    ("[allow]\n\u200b\n", 2, "empty once folded", "a term that folds to nothing"),
    ("[platform wechat 微信\n", 1, "bad section header", "unclosed bracket"),
    ("[allow]\n加油\n加油站 $\n", 3, "flag '$'", "'$' (clause end) is for terms that are matched and for actions, not allow words"),
    ("[pointer]\n看，主页\n", 2, "clause punctuation", "punctuation inside a term can never match"),
    ("[allow]\n绿色{软件,app\n", 2, "unmatched or nested brace", "a brace left open"),
    ("[allow]\n\n{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}\n", 3, "at most", "a family too large to be meant"),
    ("[allow]\n同城 left=58\n", 2, "unknown flag", "left= is for terms that are matched (anchors), not allow words"),
    ("[platform x 某台]\n城 left=58\n", 2, "two or more characters", "left= needs a key of two characters (one-character keys are scanned apart)"),
]


@pytest.mark.parametrize("content,line,words,why", BROKEN)
def test_broken_wordlist_names_file_and_line(tmp_path, content, line, words, why):
    path = tmp_path / "mine.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WordlistError) as err:
        parse_file(path, N)
    assert err.value.lineno == line, why
    assert str(path) in str(err.value) and f":{line}:" in str(err.value), why
    assert words in str(err.value), why


def test_braces_stand_for_each_spelling(tmp_path):
    """One line for a family of descriptions (绿色{的,}{软件,app}): each spelling is a term with
    the line's flags and source; an empty choice is allowed; duplicates are one term."""
    path = tmp_path / "p.txt"
    path.write_text("[platform wechat 微信]\n绿色{的,}{软件,app} ?\n{小,小}绿\n", encoding="utf-8")
    entries = parse_file(path, N)
    assert sorted(e.term for e in entries) == sorted(["绿色的软件", "绿色的app", "绿色软件", "绿色app", "小绿"])
    assert all(e.ambiguous for e in entries if e.term != "小绿")
    assert {e.source for e in entries if e.term != "小绿"} == {"p.txt:2"}


def test_non_utf8_wordlist_is_named(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("[allow]\n京东方\n".encode("gbk"))
    with pytest.raises(WordlistError, match="gbk.txt.*not UTF-8"):
        parse_file(path, N)


def test_terms_are_folded_when_parsed(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("[platform wechat 微信]\nＶ❤信  # comment\n威信 ?\n", encoding="utf-8")
    entries = parse_file(path, N)
    assert [(e.term, e.ambiguous) for e in entries] == [("v信", False), ("威信", True)]
    assert entries[0].source == "p.txt:2"


def test_bundled_lists_compile_with_homophones(checker):
    lex = checker.lexicon
    assert "葳信" in lex.anchors and "抠抠" in lex.anchors
    assert "维新" not in lex.anchors, "a homophone that is a real word (维新) is not added"
    assert "微信" in lex.anchors and lex.channels["wechat"] == "微信"
    homophones = [e for e in lex.entries() if e.homophone]
    assert homophones and all(e.source.endswith("(pinyin)") for e in homophones)


def _one_list(tmp_path, text: str):
    """A wordlist folder holding a.txt with `text`, and an empty cache folder beside it."""
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "a.txt").write_text(text, encoding="utf-8")
    return lists, tmp_path / "cache"


def test_compile_is_cached_by_content_and_rebuilt_on_change(tmp_path):
    lists, cache = _one_list(tmp_path, "[platform foo 福]\n福福\n")
    first = compile_lexicon([lists], cache_dir=cache)
    assert len(list(cache.iterdir())) == 1
    again = compile_lexicon([lists], cache_dir=cache)
    assert again.digest == first.digest and list(again.anchors.keys()) == ["福福"]
    (lists / "a.txt").write_text("[platform foo 福]\n福福\n福星\n", encoding="utf-8")
    changed = compile_lexicon([lists], cache_dir=cache)
    assert changed.digest != first.digest
    assert sorted(changed.anchors.keys()) == ["福星", "福福"]
    assert len(list(cache.iterdir())) == 2


@pytest.mark.parametrize("name", ["entries.marshal", "scanners.marshal", "scan_reading_scan.marisa"])
def test_corrupt_cache_is_rebuilt_not_trusted(tmp_path, name):
    lists, cache = _one_list(tmp_path, "[allow]\n京东方\n[reading aspect]\n过\n")
    lex = compile_lexicon([lists], cache_dir=cache)
    (next(cache.iterdir()) / name).write_bytes(b"garbage")
    again = compile_lexicon([lists], cache_dir=cache)
    assert again.derived is None, "a cache with a broken file is rebuilt, not half read"
    assert list(again.context.keys()) == list(lex.context.keys())
    assert again.scan_reading("去过", 0, 2) == lex.scan_reading("去过", 0, 2) != []


_SCANNER_STATE = ("by_key", "singles", "bigrams", "pairs", "trigrams", "maxlen", "lonely", "lefted", "source")


def test_scanners_read_from_the_cache_are_the_ones_built(tmp_path):
    """The cache keeps what the scanners work out (sets, maps, sub-tries): a process that reads
    it must scan exactly as one that built them, for every scanner of the bundled lists."""
    built = compile_lexicon([BUNDLED_DIR], cache_dir=tmp_path)
    read = compile_lexicon([BUNDLED_DIR], cache_dir=tmp_path)
    assert built.derived is None and read.derived is not None
    assert read._context_by_key == built._context_by_key and read._allow == built._allow
    assert read.hints == built.hints
    texts = ["加我薇信 mm5566 发你试用装，今晚8点前下单再送小样", "私我领券，看主页，去过58同城和货拉拉",
             "加V：abc123，扣1我拉你进群，淘宝拍下就行了吗"]
    for name in ("_anchor_scan", "_context_scan", "_reading_scan", "_contact_actions", "_other_actions"):
        a, b = getattr(built, name), getattr(read, name)
        for attr in _SCANNER_STATE:
            assert getattr(a, attr) == getattr(b, attr), (name, attr)
        assert list(a.trie.items()) == list(b.trie.items()), name
        for t in texts:
            assert a.scan(t) == b.scan(t), (name, t)
    for t in texts:
        assert read.candidates(t) == built.candidates(t)


def test_missing_wordlist_dir_is_an_error(tmp_path):
    with pytest.raises(WordlistError, match="does not exist"):
        compile_lexicon([tmp_path / "nope"])


def test_bundled_dir_is_found_from_the_package():
    assert (BUNDLED_DIR / "platforms.txt").is_file()


_KEYISH = st.text(alphabet="微信v x薇扣可以付款16我的朋友圈手机号码京东淘宝alsoinwq加看主页", max_size=30)


@settings(max_examples=300, deadline=None)
@given(_KEYISH)
def test_scanner_finds_exactly_what_the_trie_holds_at_every_position(checker, text):
    """The scanner's prefilters (first character class, bigrams, two-character keys, first
    three characters) only skip work: it must return every key that starts anywhere, and
    nothing else."""
    lex = checker.lexicon
    # Reading markers share the context trie but have their own scanner: together they are it
    # (a key may be both: 我 is an action after v and a reading marker).
    def spans(scan):
        return sorted({(s, e) for s, e, _ in scan(text)})

    context = lambda t: lex.scan_context(t, 0, len(t)) + lex.scan_reading(t, 0, len(t))  # noqa: E731
    for trie, scan in ((lex.anchors, lex.scan_anchors), (lex.context, context)):
        brute = sorted({(i, i + len(k)) for i in range(len(text)) for k in trie.prefixes(text[i:])})
        assert spans(scan) == brute


@pytest.mark.parametrize("term, written, why", [
    ("拼多多", "拼dd", "the last two characters as pinyin initials"),
    ("快手", "k手", "the first character as its initial"),
    ("抖音", "抖y", "the second character as its initial"),
])
def test_pinyin_entries_also_match_initials_mixed_in(checker, term, written, why):
    hits = [es for _, _, es in checker.lexicon.scan_anchors(written)]
    assert any(e.canonical == term for es in hits for e in es), why


def test_initials_alone_are_not_generated():
    """pdd or ks alone is an alias with its own ambiguity flag, written in the list."""
    from checker.homophone import initial_mixes

    mixes = initial_mixes("拼多多")
    assert "pdd" not in mixes and "pinduoduo" not in mixes and "拼多多" not in mixes
    assert {"拼dd", "p多多", "拼duo多"} <= set(mixes) and len(mixes) == 3 ** 3 - 1 - 8
    assert initial_mixes("ab") == [] and initial_mixes("拼多多多多") == []


def test_left_keys_count_only_after_their_characters(tmp_path):
    """A platform keyed on a later part (同城 left=58): the hit counts only right after 58 and
    takes it in, so the finding covers 58同城; 同城配送 alone is nothing."""
    (tmp_path / "p.txt").write_text("[platform other 58同城]\n同城 left=58\n", encoding="utf-8")
    lex = compile_lexicon([tmp_path], N)
    f = N.fold("去58同城找保洁，同城配送也行")
    hits = [(s, e, es[0].canonical) for s, e, es in lex.scan_anchors(f)]
    assert hits == [(1, 5, "58同城")]
    assert lex.scan_anchors(N.fold("同城配送")) == []


_LEX: list = []


def _bundled():
    if not _LEX:
        _LEX.append(compile_lexicon([BUNDLED_DIR]))
    return _LEX[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="了过吗呢你我他们说要加微信群主页，。的是在把被让给", max_size=40), st.integers(-3, 45), st.integers(0, 48))
def test_reading_windows_are_cut_from_one_scan_exactly(text, lo, width):
    """scan_reading scans a message once and cuts each window from it: the hits must be
    exactly those a scan of the window finds (starting in it, ending by its end)."""
    lex = _bundled()
    f = N.fold(text)
    hi = lo + width
    assert lex.scan_reading(f, lo, hi) == lex._reading_scan.scan(f, max(lo, 0), min(hi, len(f)))
    other = f + "了吗"
    assert lex.scan_reading(other, lo, hi) == lex._reading_scan.scan(other, max(lo, 0), min(hi, len(other)))
