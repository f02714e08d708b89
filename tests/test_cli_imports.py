"""`msgcheck check` loads only what it needs: no web stack, no reports, no audit runner (start-up
time is what a user feels on every draft; `python -X importtime` shows the rest)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("flask", "werkzeug", "jinja2", "jsonschema", "gunicorn", "redis", "reports", "web", "difflib",
         "multiprocessing", "orjson", "checker.audit", "checker.fix", "checker.broadcast.stores.redis_store")

PROBE = """
import sys, json, cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy} or m in {heavy})))
"""


def _loaded(*args: str) -> set[str]:
    heavy = {h.split(".")[0] for h in HEAVY} | set(HEAVY)
    code = PROBE.replace("{heavy}", repr(heavy))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_check_loads_no_web_stack_reports_or_audit():
    loaded = _loaded("check", "加我微信 mm5566")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_audit_loads_its_runner_but_not_the_web_stack(tmp_path):
    log = tmp_path / "a.jsonl"
    log.write_text('{"text": "你好"}\n', encoding="utf-8")
    loaded = _loaded("audit", str(log), "--format", "jsonl", "-q")
    assert {"reports", "checker.audit", "orjson"} <= loaded
    assert not loaded & {"flask", "werkzeug", "jinja2", "jsonschema", "gunicorn", "web"}


def test_an_audit_with_its_broadcast_replay_loads_no_openssl(tmp_path):
    """The replay's fingerprints hash with blake2b, which CPython builds in: importing hashlib for
    it would map OpenSSL into every audit worker (~3.4 MB of its resident memory, #14)."""
    log = tmp_path / "a.jsonl"
    log.write_text('{"text": "今晚八点开团", "sender": "u1", "group": "g1", "ts": 1700000000}\n'
                   '{"text": "今晚八点开团", "sender": "u1", "group": "g2", "ts": 1700000060}\n', encoding="utf-8")
    code = PROBE.replace("{heavy}", repr({"hashlib", "_hashlib", "checker"}))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, "audit", str(log), "--format", "jsonl", "-q"], cwd=ROOT,
                         env=env, capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert "checker.broadcast.fingerprint" in loaded and not loaded & {"hashlib", "_hashlib"}, loaded


# What a cached start leaves out (#14): each is a few ms of every `msgcheck check`. hashlib loads
# OpenSSL (cache folders are named by zlib checksums); shutil and tempfile only write caches;
# json only for --format json; tomllib only for a config file (the bundled profiles are read
# from the cache); importlib.resources and .metadata are not needed to find the bundled
# wordlists or tool versions.
UNNEEDED = ("hashlib", "shutil", "tempfile", "json", "tomllib", "importlib.resources", "importlib.metadata")

CACHED_PROBE = """
import sys, cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print("loaded:", *sorted(m for m in sys.modules if m in {unneeded}))
"""


def test_a_cached_check_imports_no_hashing_tempfile_or_json_modules():
    code = CACHED_PROBE.replace("{unneeded}", repr(set(UNNEEDED)))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = [sys.executable, "-c", code, "check", "加我薇信 mm5566 发你试用装"]
    subprocess.run(args, cwd=ROOT, env=env, capture_output=True, check=True)   # builds the caches
    out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "loaded:"
