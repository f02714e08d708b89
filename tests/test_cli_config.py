"""The user config file: where it is found, and that every mistake in it exits 2 with a message
naming the file and the line, whatever the command."""
from __future__ import annotations

import json

import pytest

from checker.config import _locate, load_settings
from checker.errors import ConfigError
from cli_fixtures import run, run_real, user_dir, write  # noqa: F401  (fixtures)

BAD = [
    # (file content, the line the message must name, words it must contain)
    ('platform = "douyin"\nstore_url = \n', "2:13", "Invalid value"),
    ('platform = "douyin"\n\ncolour = "red"\n', "3", "unknown key 'colour'"),
    ('# comment\nfail_open = "yes"\n', "2", "fail_open must be true or false"),
    ('store_url = ""\nplatform = "tiktok"\n', "2", "platform 'tiktok' is not a profile"),
    ('wordlists = ["no/such/dir"]\n', "1", "does not exist"),
    ('[profiles.douyin]\ndm = "x"\n[profiles.douyin.severity]\ncompetitor = "loud"\n', "4", "severity.competitor"),
    ('[profiles]\nmine = { base = "nope" }\n', "2", "base 'nope' is not a profile"),
    ('profiles.douyin.colour = 1\n', "1", "unknown key 'colour'"),
    ('[profiles.kuaishou]\nlabel = "k"\nhome = "kuaishou"\n', "3", "home must be a list"),
    ('[profiles.douyin]\nseverity = "block"\n', "2", "severity must be a table"),
    ('store_timeout = 1\nserver = 3\n', "2", "server must be a table"),
]


@pytest.mark.parametrize("content,line,words", BAD)
def test_bad_config_names_file_and_line(run, tmp_path, content, line, words):
    cfg = write(tmp_path / "bad.toml", content)
    r = run("--config", cfg, "check", "好的")
    assert r.exit_code == 2
    assert r.stderr.startswith(f"msgcheck: error: {cfg}:{line}: ") and words in r.stderr


@pytest.mark.parametrize("command", [["check", "x"], ["fix", "x"], ["explain", "x"], ["profiles"],
                                     ["wordlist", "test", "x"], ["serve"]])
def test_every_command_reports_a_bad_config(run, tmp_path, command):
    cfg = write(tmp_path / "bad.toml", "platform = douyin\n")
    r = run("--config", cfg, *command)
    assert r.exit_code == 2 and f"{cfg}:1:12: Invalid value" in r.stderr


def test_not_utf8_missing_and_directory(run, tmp_path):
    bad = tmp_path / "gbk.toml"
    bad.write_bytes(b'platform = "douyin"\n# \xc4\xe3\xba\xc3\n')
    assert f"{bad}:2: not UTF-8" in run("--config", bad, "profiles").stderr
    r = run("--config", tmp_path / "none.toml", "profiles")
    assert r.exit_code == 2 and "none.toml: config file not found" in r.stderr
    r = run("--config", tmp_path, "profiles")
    assert r.exit_code == 2, "click refuses a directory for --config"


def test_environment_errors_name_the_variable(run, tmp_path):
    r = run("profiles", env={"MSGCHECK_PLATFORM": "tiktok"})
    assert r.exit_code == 2 and "MSGCHECK_PLATFORM='tiktok' is not a profile" in r.stderr
    r = run("profiles", env={"MSGCHECK_CONFIG": str(tmp_path / "gone.toml")})
    assert r.exit_code == 2 and "gone.toml: config file not found" in r.stderr


def test_config_is_found_in_all_three_places(run, user_dir, tmp_path):
    """--config beats $MSGCHECK_CONFIG beats ~/.config/msgcheck/config.toml."""
    write(user_dir / "config.toml", 'platform = "taobao"\n')
    env_cfg = write(tmp_path / "env.toml", 'platform = "jd"\n')
    flag_cfg = write(tmp_path / "flag.toml", 'platform = "wechat"\n')

    def default(*args, env=None):
        return json.loads(run(*args, "profiles", "--format", "json", env=env).stdout)["default"]

    assert default() == "taobao"
    assert default(env={"MSGCHECK_CONFIG": str(env_cfg)}) == "jd"
    assert default("--config", flag_cfg, env={"MSGCHECK_CONFIG": str(env_cfg)}) == "wechat"


def test_config_defaults_reach_the_check(run_real, tmp_path):
    """platform, extra wordlists and a profile override, all from one file, all in effect."""
    write(tmp_path / "words" / "mine.txt", "[platform wechat 微信]\n青蛙号\n")
    cfg = write(tmp_path / "c.toml", 'platform = "shop"\nwordlists = ["words"]\n'
                                    '[profiles.shop]\nbase = "douyin"\ndm = "进粉丝群"\n')
    r = run_real("--config", cfg, "check", "加青蛙号", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1 and doc["platform"] == "shop" and doc["findings"][0]["suggestion"] == "进粉丝群"


def test_locate_finds_keys_in_every_toml_spelling():
    text = ('a = 1\n[profiles]\nx = { dm = "y" }\n[profiles.z.severity]\n"competitor" = "loud"\n'
            's = """\nfake = 1\n"""\n')
    assert _locate(text, ("a",)) == 1
    assert _locate("profiles.q.dm = 2\n", ("profiles", "q", "dm")) == 1, "dotted keys"
    assert _locate(text, ("profiles", "x", "dm")) == 3, "inside an inline table: its line"
    assert _locate(text, ("profiles", "z", "severity", "competitor")) == 5
    assert _locate(text, ("profiles", "z", "severity", "contact")) == 4, "absent key: its table"
    assert _locate(text, ("profiles", "z", "severity", "fake")) == 4, "a multi-line string holds no keys"


def test_user_wordlist_dir_is_added_only_when_it_exists(user_dir):
    assert load_settings().wordlist_dirs == []
    (user_dir / "wordlists").mkdir(parents=True)
    assert load_settings().wordlist_dirs == [user_dir / "wordlists"]


def test_load_settings_error_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"c\.toml:1: "):
        load_settings(write(tmp_path / "c.toml", "cache_dir = 3\n"))
