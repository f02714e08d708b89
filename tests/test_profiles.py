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
    """Issue #13: the profiles live in wordlists/profiles.toml; a broken one names file:line."""
    from checker.errors import ConfigError
    from checker.profiles import BUILTIN, load_profiles

    path = tmp_path / "profiles.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_profiles(path)
    assert f"profiles.toml:{line}" in str(e.value) and words in str(e.value)
    assert set(BUILTIN) == {"douyin", "kuaishou", "xiaohongshu", "taobao", "pinduoduo", "jd", "meituan",
                            "wechat", "generic"}
