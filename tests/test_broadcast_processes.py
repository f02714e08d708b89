"""Two processes share one store file (or one Redis): no event is lost, and the limit they both
push against is never overshot, because check-and-record is atomic across processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from checker.broadcast import open_store

from redis_fixture import redis_url  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
OWN, SHARED, SHARED_LIMIT = 200, 400, 5
SHARED_GROUPS = 40  # each a race at its own limit: 40 chances per run to catch an overshoot

CHILD = r"""
import json, sys
from checker.broadcast import BroadcastGuard, Limits, open_store
url, tag, own, shared, limit = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
guard = BroadcastGuard(open_store(url), clock=lambda: 1_763_780_000.0, retry_after=0)
roomy = Limits(fanout_groups=10**6, flood_messages=10**6, repeat_count=10**6)
tight = Limits(flood_messages=limit, flood_window=600, repeat_count=10**6, fanout_groups=10**6)
print("ready", flush=True)
sys.stdin.readline()
got = {"own": 0, "shared": 0, "skipped": 0}
for i in range(max(own, shared)):
    if i < own:
        r = guard.check(f"{tag}-s{i % 17}", f"g{i % 7}", f"process {tag} message number {i} 第{i}条", limits=roomy)
        got["own"] += r.recorded
        got["skipped"] += r.skipped is not None
    if i < shared:
        r = guard.check("shared", f"g{i % 40}", f"shared message {tag} {i}", limits=tight)
        got["shared"] += r.recorded
        got["skipped"] += r.skipped is not None
print(json.dumps(got), flush=True)
"""


def _run_pair(url: str) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    procs = [
        subprocess.Popen([sys.executable, "-c", CHILD, url, tag, str(OWN), str(SHARED), str(SHARED_LIMIT)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env, cwd=ROOT)
        for tag in ("A", "B")
    ]
    try:
        for p in procs:  # both set up before either starts: they really run side by side
            line = p.stdout.readline()
            assert line.strip() == "ready", p.stderr.read()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_two_processes_lose_nothing_and_never_overshoot(kind, tmp_path, request):
    if kind == "sqlite":
        url = f"sqlite://{tmp_path}/shared.db"
    else:
        url = f"{request.getfixturevalue('redis_url')}?prefix=p{uuid.uuid4().hex[:10]}&timeout=2"
    store = open_store(url)  # creates the schema before the children race for it
    try:
        results = _run_pair(url)
        assert [r["skipped"] for r in results] == [0, 0]
        assert [r["own"] for r in results] == [OWN, OWN]
        assert sum(r["shared"] for r in results) == SHARED_GROUPS * SHARED_LIMIT
        assert store.event_count() == 2 * OWN + SHARED_GROUPS * SHARED_LIMIT
    finally:
        store.clear()
        store.close()
