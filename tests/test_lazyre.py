"""checker.lazyre: a module-level pattern compiles when first used and then answers exactly as
re.compile's would."""
from __future__ import annotations

import copy
import re

import pytest

from checker import lazyre


def test_compiles_on_first_use_and_answers_as_re():
    lazy = lazyre.compile(r"(?P<id>[a-z]{2})(\d+)?", re.I)
    real = re.compile(r"(?P<id>[a-z]{2})(\d+)?", re.I)
    assert lazy._compiled is None
    text = "加我 WX 12345, vx 678"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy._compiled is not None
    assert lazy.search(text, 3).group("id") == real.search(text, 3).group("id") == "WX"
    assert lazy.sub("*", text) == real.sub("*", text)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == \
        (real.pattern, real.flags, real.groups, real.groupindex)


def test_an_attribute_is_kept_after_its_first_use():
    lazy = lazyre.compile("a+")
    search = lazy.search
    assert lazy.__dict__["search"] is search   # later lookups skip __getattr__
    assert lazy.search("baa").span() == (1, 3)


def test_a_bad_pattern_fails_when_used():
    lazy = lazyre.compile("(unclosed")
    with pytest.raises(re.error):
        lazy.search("x")


def test_no_such_attribute_and_copies():
    lazy = lazyre.compile("a")
    with pytest.raises(AttributeError):
        lazy.no_such_method
    twin = copy.copy(lazy)
    assert twin.match("a") and lazy.match("a")
