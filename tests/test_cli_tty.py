"""The installed `msgcheck` on a real terminal (a tmux pane, a real pty): colour there, none when
the output is piped or NO_COLOR is set. CliRunner never has a TTY, so only this shows it."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
MSGCHECK = shutil.which("msgcheck", path=str(Path(sys.executable).parent)) or shutil.which("msgcheck")
pytestmark = pytest.mark.skipif(not (TMUX and MSGCHECK), reason="needs tmux (apt-get install tmux) and msgcheck")

DRAFT = "加我微信 mm5566"
SGR = "\x1b["


@pytest.fixture
def env(cache_dir):
    e = dict(os.environ, MSGCHECK_CACHE_DIR=str(cache_dir))
    e.pop("NO_COLOR", None)
    return e


def on_terminal(shell_cmd: str, env: dict) -> str:
    """Run shell_cmd in a fresh tmux server's pane; return the screen with its colours (-e)."""
    sock = f"msgcheck-test-{uuid.uuid4().hex[:10]}"
    tmux = [TMUX, "-L", sock, "-f", "/dev/null"]
    done = f"{shlex.quote(TMUX)} -L {sock} wait-for -S done"
    subprocess.run(tmux + ["new-session", "-d", "-x", "160", "-y", "40", "-s", "t",
                           f"{shell_cmd}; {done}; sleep 120"], env=env, check=True)
    try:
        subprocess.run(tmux + ["wait-for", "done"], env=env, check=True, timeout=60)
        return subprocess.run(tmux + ["capture-pane", "-p", "-e", "-t", "t"], env=env, check=True,
                              capture_output=True, text=True).stdout
    finally:
        subprocess.run(tmux + ["kill-server"], env=env, check=False)


def test_colour_on_a_terminal(env):
    screen = on_terminal(shlex.join([MSGCHECK, "check", DRAFT]), env)
    assert "BLOCK" in screen and "diversion.platform_action" in screen
    assert SGR in screen, "ANSI colour on a TTY"
    assert "^^^^" not in screen, "the program saw a terminal: spans are coloured, not marked with carets"


def test_no_colour_when_piped_or_no_color(env):
    piped = on_terminal(shlex.join([MSGCHECK, "check", DRAFT]) + " | cat", env)
    assert "BLOCK" in piped and SGR not in piped and "^^^^^^^^ ^^^^^^" in piped
    no_color = on_terminal("NO_COLOR=1 " + shlex.join([MSGCHECK, "check", DRAFT]), env)
    assert "BLOCK" in no_color and SGR not in no_color


def test_pipe_bytes_and_exit_code(env):
    r = subprocess.run([MSGCHECK, "check", DRAFT], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "\x1b" not in r.stdout and r.stdout.startswith("BLOCK (douyin)")
