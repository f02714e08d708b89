"""Platform profiles are data (wordlists/profiles.toml) read through one set of checks."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("toml, line, words", [
    ('[a]\nlabel = "A"\nseverity = { competitor = "loud" }\n', 3, "severity.competitor"),
    ('[a]\nlabel = "A"\n\n[b]\nlabel = "B"\nhome = "x"\n', 6, "home must be a list"),
    ('[a]\nlabel = "A"\nnarrative = "yes"\n', 3, "narrative must be true or false"),
    ('[a]\nhome = []\n', 1, "must be a table with a label"),
    ('[a]\nlabel = "A\n', 2, ""),
])
def test_profiles_are_data_with_file_and_line_errors(tmp_path, toml, line, words):
    """Issue #13: the profiles live in wordlists/profiles.toml; a broken one names file:line,
    read directly or through a cache folder (twice: once parsed, once as cached)."""
    from checker.errors import ConfigError
    from checker.profiles import BUILTIN, load_profiles

    path = tmp_path / "profiles.toml"
    path.write_text(toml, encoding="utf-8")
    for cache_dir in (None, tmp_path / "cache", tmp_path / "cache"):
        with pytest.raises(ConfigError) as e:
            load_profiles(path, cache_dir)
        assert f"profiles.toml:{line}" in str(e.value) and words in str(e.value)
    assert set(BUILTIN) == {"douyin", "kuaishou", "xiaohongshu", "taobao", "pinduoduo", "jd", "meituan",
                            "wechat", "generic"}


def test_cached_profiles_are_the_parsed_ones_and_a_change_is_read(tmp_path):
    """#14: the parsed profiles file is kept in the cache folder (no tomllib at start); what is
    read back builds the same profiles, and an edited file is parsed again."""
    from checker.profiles import _bundled, load_profiles

    cache = tmp_path / "cache"
    parsed = load_profiles(_bundled())
    assert load_profiles(_bundled(), cache) == parsed          # parsed, then kept
    assert [p.name for p in cache.glob("profiles-*")]
    assert load_profiles(_bundled(), cache) == parsed          # read back
    path = tmp_path / "profiles.toml"
    path.write_text('[a]\nlabel = "A"\n', encoding="utf-8")
    assert load_profiles(path, cache)["a"].label == "A"
    path.write_text('[a]\nlabel = "B"\n', encoding="utf-8")
    assert load_profiles(path, cache)["a"].label == "B"
    for kept in cache.glob("profiles-*/profiles.marshal"):
        kept.write_bytes(b"not marshal")
    assert load_profiles(path, cache)["a"].label == "B"        # a broken cache is parsed again
