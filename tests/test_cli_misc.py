"""--version, help texts, `msgcheck profiles` and `msgcheck serve` option parsing."""
from __future__ import annotations

import json
import re

import pytest

import web.serve
from cli_fixtures import run, user_dir, write  # noqa: F401  (fixtures)

COMMANDS = [["check"], ["fix"], ["explain"], ["profiles"], ["serve"], ["wordlist"], ["wordlist", "list"],
            ["wordlist", "add"], ["wordlist", "remove"], ["wordlist", "test"]]


def test_version(run):
    r = run("--version")
    assert r.exit_code == 0 and re.fullmatch(r"msgcheck \d+\.\d+\.\d+\S*\n", r.stdout)


@pytest.mark.parametrize("command", [[]] + COMMANDS)
def test_help_has_an_example_and_chinese(run, command):
    r = run(*command, "--help")
    assert r.exit_code == 0
    assert re.search(r"Examples? 示例|Example:", r.stdout) and "msgcheck " in r.stdout.split("Options:")[0]
    assert re.search(r"[\u4e00-\u9fff]", r.stdout), "operators read Chinese"
    assert run(*command, "-h").stdout == r.stdout


def test_unknown_command_and_option_exit_2(run):
    assert run("lint").exit_code == 2
    assert run("check", "--colour", "x").exit_code == 2


def test_profiles_table_detail_and_json(run, tmp_path):
    r = run("profiles")
    assert r.exit_code == 0
    assert re.search(r"^\* douyin\s+抖音\s+review\s+block", r.stdout, re.M), "default marked with *"
    # wechat: adding friends and groups is home (invite, pointer pass); other platforms named
    # there are mentions like anywhere else (two blind label sets flagged them, issue #12)
    assert re.search(r"^  wechat\s+微信\s+review\s+block\s+pass\s+pass", r.stdout, re.M)
    r = run("profiles", "taobao")
    assert r.exit_code == 0 and "taobao  淘宝" in r.stdout and "tmall.com" in r.stdout and "旺旺联系客服" in r.stdout
    doc = json.loads(run("profiles", "wechat", "--format", "json").stdout)
    assert doc["severity"]["competitor"] == "review" and doc["severity"]["invite"] == "pass"
    assert doc["source"] == "built-in" and doc["default"] is False
    assert run("profiles", "tiktok").exit_code == 2


def test_profiles_show_config_overrides(run, tmp_path):
    cfg = write(tmp_path / "c.toml", 'platform = "mine"\n[profiles.mine]\nbase = "douyin"\ndm = "进粉丝群"\n')
    r = run("--config", cfg, "profiles")
    assert re.search(r"^\* mine\s.*进粉丝群  \(config\)$", r.stdout, re.M)
    doc = json.loads(run("--config", cfg, "profiles", "--format", "json").stdout)
    assert doc["default"] == "mine" and {p["name"]: p["source"] for p in doc["profiles"]}["mine"] == f"config ({cfg})"


@pytest.fixture
def served(monkeypatch):
    calls = []
    monkeypatch.setattr(web.serve, "serve", lambda **kw: calls.append(kw))
    return calls


def test_serve_passes_options(run, served, tmp_path):
    cfg = write(tmp_path / "c.toml", "[server]\nworkers = 3\n")
    assert run("--config", cfg, "serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "5",
               "--access-log", "off", "--debug").exit_code == 0
    assert run("--config", cfg, "serve").exit_code == 0
    assert served == [
        {"host": "0.0.0.0", "port": 9000, "workers": 5, "config_path": str(cfg), "debug": True, "access_log": "off"},
        {"host": "127.0.0.1", "port": 8080, "workers": 3, "config_path": str(cfg), "debug": False, "access_log": None},
    ], "without --workers, the config's [server] workers"


@pytest.mark.parametrize("args", [["--port", "0"], ["--port", "http"], ["--workers", "0"]])
def test_serve_rejects_bad_options(run, served, args):
    assert run("serve", *args).exit_code == 2 and served == []
