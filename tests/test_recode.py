"""checker/recode.py: the scanners' regex code kept in the lexicon cache, and every way back to
re.compile when that code cannot be trusted."""
import marshal

import pytest

from checker import recode
from checker.config import Settings
from checker.engine import Checker

PATTERNS = [
    r"[加微vV](?:(?<=[加微])|(?=[信我]))",   # the scanners' shape: a class, then lookarounds
    r"(?i)(?:https?://|www\.)[^\s]+",
    r"(\d{3})-(?P<rest>\d{4})",
]
TEXTS = ["加微信", "vx我 看 www.abc.com/x 和 138-1234", "nothing here", "V我一下", ""]


@pytest.fixture(autouse=True)
def _clean_codes():
    saved, taken = dict(recode._CODES), set(recode._TAKEN)
    recode._CODES.clear()
    recode._TAKEN.clear()
    yield
    recode._CODES.clear()
    recode._CODES.update(saved)
    recode._TAKEN.clear()
    recode._TAKEN.update(taken)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_pattern_from_its_cached_code_matches_as_re_compile_does(pattern):
    dumped = marshal.loads(marshal.dumps(recode.dump([pattern])))   # as the cache file holds it
    recode.load(dumped)
    assert pattern in recode._CODES
    ours, theirs = recode.compile(pattern), __import__("re").compile(pattern)
    for text in TEXTS:
        assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]
        assert [m.groups() for m in ours.finditer(text)] == [m.groups() for m in theirs.finditer(text)]
    assert ours.groupindex == theirs.groupindex
    assert pattern in recode._TAKEN and pattern not in recode._CODES   # (its code list let go once used)


def test_code_made_by_another_interpreter_is_not_used():
    key, codes = recode.dump([PATTERNS[0]])
    recode.load(((key[0][:2] + (key[0][2] + 1,), key[1]), codes))   # another micro version
    assert recode._CODES == {}
    recode.load("not a dump")   # and garbage is ignored
    assert recode._CODES == {}
    assert recode.compile(PATTERNS[0]).search("加微信")


def test_broken_code_falls_back_to_re_compile():
    recode._CODES[PATTERNS[2]] = (0, [1, 2, 3], 0, {}, ())   # nonsense a damaged cache could hold
    assert recode.compile(PATTERNS[2]).search("138-1234").group("rest") == "1234"
    assert PATTERNS[2] not in recode._CODES and PATTERNS[2] not in recode._TAKEN


def test_the_lexicon_cache_keeps_the_scanners_code_and_a_new_process_reads_it(tmp_path):
    Checker(Settings(cache_dir=tmp_path)).check("加我微信 abc123", "douyin")
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("lexicon-")]
    key, codes = marshal.loads((folder / "regex.marshal").read_bytes())
    assert key is not None and len(codes) >= 3
    recode._CODES.clear()
    c = Checker(Settings(cache_dir=tmp_path))   # what the next process does
    rep = c.check("加我微信 abc123", "douyin")
    assert recode._TAKEN and rep.verdict.value == "block"
    assert c.lexicon._anchor_scan.source in recode._TAKEN
