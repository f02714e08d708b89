"""The closed word classes of wordlists/grammar.lst: the bundled file loads, and a broken
file names its file and line (the same contract as every wordlist)."""
import pytest

from checker import reading, rules
from checker.errors import WordlistError
from checker.grammar import GRAMMAR, Grammar


def test_bundled_classes_are_what_the_reading_uses():
    # A class in the data is the set the code tests against: a new particle is a line of data.
    assert "呢" in reading._PARTICLES and reading._PARTICLES == GRAMMAR.chars("particles")
    assert reading._SENTENCE_ENDS >= {"。", "\n"}   # \n stands for a line break
    assert ("不是", "而是") in reading._NOT_BUT
    assert reading._OPEN_QUOTES.startswith("“") and isinstance(reading._OPEN_QUOTES, str)
    assert rules._HEDGE.startswith("(?:好像|")
    assert "" in reading._TO_PLACE   # the one item that is no word stays in code


def _write(tmp_path, text):
    p = tmp_path / "grammar.lst"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("text, line, words", [
    ("# comment\n呀 啊\n", 2, "before any [class]"),                   # no header yet
    ("[particles]\n呀\n[Particles]\n啊\n", 3, "bad class header"),        # upper case
    ("[particles]\n呀\n\n[particles]\n啊\n", 4, "already defined on line 1"),
    ("[particles]\n# nothing yet\n[please]\n请\n", 1, "has no items"),
    ("[particles\n呀\n", 1, "bad class header"),                          # no closing bracket
])
def test_a_broken_file_names_its_line(tmp_path, text, line, words):
    p = _write(tmp_path, text)
    with pytest.raises(WordlistError) as e:
        Grammar(p)
    assert e.value.lineno == line and words in e.value.reason and str(p) in str(e.value)


def test_a_word_in_a_class_of_characters_is_refused_with_its_line(tmp_path):
    g = Grammar(_write(tmp_path, "[particles]\n呀 啊\n哈哈 呢\n"))
    assert g.words("particles") == {"呀", "啊", "哈哈", "呢"}
    with pytest.raises(WordlistError) as e:
        g.chars("particles")
    assert e.value.lineno == 3 and "'哈哈'" in e.value.reason


def test_pairs_hold_two_items_a_line_and_order_is_kept(tmp_path):
    g = Grammar(_write(tmp_path, "[not_but]\n不是 而是\n与其 不如 # comment\n[seq]\nc a\nb\n[bad]\n一 二 三\n"))
    assert g.pairs("not_but") == (("不是", "而是"), ("与其", "不如"))
    assert g.seq("seq") == ("c", "a", "b")
    with pytest.raises(WordlistError) as e:
        g.pairs("bad")
    assert e.value.lineno == 8


def test_a_class_the_code_needs_but_the_file_lacks_is_named(tmp_path):
    g = Grammar(_write(tmp_path, "[particles]\n呀\n"))
    with pytest.raises(WordlistError, match=r"no class \[adverbs\]"):
        g.chars("adverbs")


def test_an_unreadable_file_is_named(tmp_path):
    p = tmp_path / "grammar.lst"
    p.write_bytes(b"[particles]\n\xff\xfe\n")
    with pytest.raises(WordlistError, match="not UTF-8"):
        Grammar(p)
    with pytest.raises(WordlistError, match="cannot read"):
        Grammar(tmp_path / "missing.lst")


def test_no_word_class_is_a_python_literal_again():
    # The reading's word classes live in wordlists/ (issue: markers as data, not literals):
    # a module-level frozenset or tuple of Chinese words in reading.py or rules.py fails here.
    import ast
    import re
    from pathlib import Path

    han = re.compile(r"[\u4e00-\u9fff]")
    found = []
    for mod in (reading, rules):
        tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Call, ast.Tuple, ast.Set)):
                consts = [n.value for n in ast.walk(node.value) if isinstance(n, ast.Constant)]
                call = getattr(getattr(node.value, "func", None), "id", None)
                if (call == "frozenset" or not isinstance(node.value, ast.Call)) \
                        and any(isinstance(c, str) and han.search(c) for c in consts):
                    found.append(f"{Path(mod.__file__).name}:{node.lineno}")
    assert not found, f"word classes written as Python literals (move them to wordlists/grammar.lst): {found}"
