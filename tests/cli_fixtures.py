"""Shared fixtures of the CLI tests (tests/test_cli_*.py import them by name).

`run` invokes the click group in-process with the session's engine, so most tests cost no
engine load; `run_real` keeps the real factory, for what config files and wordlist folders
change. Both give each test its own user config folder, so wordlists written by one test are
never picked up by another."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def user_dir(tmp_path, monkeypatch) -> Path:
    """This test's ~/.config/msgcheck (the default config and wordlist location)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "msgcheck"


def _invoker():
    runner = CliRunner()

    def invoke(*args, input=None, env=None):
        return runner.invoke(cli.main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def run(monkeypatch, checker, user_dir):
    """`msgcheck ARGS` with the session's Checker (default settings) instead of a new one; the
    config is still loaded, so its errors still surface."""
    monkeypatch.setattr(cli, "_checker", lambda ctx, extra_dirs=(): cli._settings(ctx) and checker)
    return _invoker()


@pytest.fixture
def run_real(user_dir, cache_dir, monkeypatch):
    """`msgcheck ARGS` exactly as installed: settings from the config file and user folders."""
    monkeypatch.setenv("MSGCHECK_CACHE_DIR", str(cache_dir))
    return _invoker()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
