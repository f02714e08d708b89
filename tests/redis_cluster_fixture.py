"""A real three-node Redis Cluster for the tests: three `redis-server --cluster-enabled yes` on
free ports in a temporary directory, joined by `redis-cli --cluster create`, started once per
session (only if a cluster test runs) and killed at session end.

    from redis_cluster_fixture import redis_cluster_url  # noqa: F401

Like redis_fixture.py: where redis-server or redis-cli is missing the cluster cases skip, unless
MSGCHECK_REQUIRE_REDIS=1 (CI) turns that into a failure.
"""
from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import time

import pytest

from redis_fixture import RedisServer, _free_port, require_redis_binaries

NODES = 3


class RedisCluster:
    """Three primaries, no replicas, every slot covered; loopback only, no persistence."""

    def __init__(self, timeout: float = 30.0):
        self.dir = tempfile.mkdtemp(prefix="msgcheck-cluster-")
        self.servers: list[RedisServer] = []
        try:
            for i in range(NODES):
                self.servers.append(RedisServer(cwd=self.dir, extra_args=lambda port, i=i: [
                    "--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{i}-{port}.conf",
                    "--cluster-port", str(_free_port()),   # the bus port: port+10000 may be out of range
                    "--cluster-node-timeout", "5000"]))
            addrs = [f"127.0.0.1:{s.port}" for s in self.servers]
            done = subprocess.run(["redis-cli", "--cluster", "create", *addrs, "--cluster-replicas", "0",
                                   "--cluster-yes"], capture_output=True, text=True, timeout=timeout)
            if done.returncode != 0:
                raise RuntimeError(f"redis-cli --cluster create failed: {done.stdout[-800:]}{done.stderr[-800:]}")
            self._wait_ok(timeout)
        except BaseException:
            self.stop()
            raise
        self.ports = [s.port for s in self.servers]
        self.url = "redis+cluster://" + ",".join(addrs)

    def _wait_ok(self, timeout: float) -> None:
        """Poll CLUSTER INFO on every node until each says cluster_state:ok and knows all nodes."""
        import redis

        clients = [redis.Redis(host="127.0.0.1", port=s.port, socket_timeout=2) for s in self.servers]
        deadline = time.monotonic() + timeout
        try:
            while True:
                infos = [c.cluster("info") for c in clients]
                if all(i.get("cluster_state") == "ok" and int(i.get("cluster_known_nodes", 0)) == NODES
                       and int(i.get("cluster_slots_ok", 0)) == 16384 for i in infos):
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"cluster not ok after {timeout} s: {infos}")
                time.sleep(0.05)  # polling interval
        finally:
            for c in clients:
                c.close()

    def stop(self) -> None:
        for s in self.servers:
            s.stop()
        self.servers = []
        shutil.rmtree(self.dir, ignore_errors=True)


_CLUSTER: RedisCluster | None = None


def _stop_cluster() -> None:
    global _CLUSTER
    if _CLUSTER is not None:
        _CLUSTER.stop()
        _CLUSTER = None


atexit.register(_stop_cluster)  # belt and braces if the session is interrupted


@pytest.fixture(scope="session")
def redis_cluster(request) -> RedisCluster:
    """The session's three-node cluster (started on first use)."""
    global _CLUSTER
    require_redis_binaries("redis-server", "redis-cli")
    if _CLUSTER is None:
        _CLUSTER = RedisCluster()
    request.addfinalizer(_stop_cluster)
    return _CLUSTER


@pytest.fixture(scope="session")
def redis_cluster_url(redis_cluster) -> str:
    """redis+cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3"""
    return redis_cluster.url
