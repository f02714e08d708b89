"""Two processes share one store file (or one Redis, or one Redis Cluster): no event is lost, and the limit they both
push against is never overshot, because check-and-record is atomic across processes."""
from __future__ import annotations

import uuid

import pytest

from checker.broadcast import open_store

from redis_fixture import redis_url  # noqa: F401
from side_by_side import run_side_by_side

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
    return run_side_by_side(CHILD, [[url, tag, str(OWN), str(SHARED), str(SHARED_LIMIT)] for tag in ("A", "B")])


@pytest.mark.parametrize("kind", ["sqlite", "redis", "redis+cluster"])
def test_two_processes_lose_nothing_and_never_overshoot(kind, tmp_path, request):
    if kind == "sqlite":
        url = f"sqlite://{tmp_path}/shared.db"
    else:
        base = request.getfixturevalue({"redis": "redis_url", "redis+cluster": "redis_cluster_url"}[kind])
        url = f"{base}?prefix=p{uuid.uuid4().hex[:10]}&timeout=2"
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
