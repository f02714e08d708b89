"""`msgcheck audit --dask` (checker/audit/dask_run.py) on a real Dask cluster: line for line the
in-process audit (content checks, the broadcast replay with its reorder window and `late` sends,
malformed records, unknown platforms), on JSON Lines and on a Parquet copy; the same report
files; results streamed while the input is still being read; dask imported only with --dask.

Most tests share one LocalCluster whose workers are threads of this process (quick: they use
the session's warm engine) reached by its tcp:// address, as `--dask ADDRESS` is; one test
starts `--dask local` with a real worker process. Without dask these tests skip, unless
MSGCHECK_REQUIRE_DASK=1 (CI) makes that a failure."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from audit_fixtures import ROOT, audit_cli  # noqa: F401 (fixture)

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from dask.distributed import LocalCluster
except ImportError:  # pragma: no cover - the test extra installs them
    if os.environ.get("MSGCHECK_REQUIRE_DASK") == "1":
        raise
    pytest.skip("dask[distributed] and pyarrow are not installed (pip install -e '.[test]')",
                allow_module_level=True)


def _gen_log():
    import importlib

    bench = str(ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module("gen_log")


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded workers in this process, behind a real scheduler on tcp://."""
    import logging

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=":0", silence_logs=logging.ERROR) as c:
        yield c.scheduler_address


@pytest.fixture(scope="module")
def log_records():
    """A day in 30 groups with fan-out, flood and repeat episodes (bench/gen_log.py), as dicts."""
    gen = _gen_log()
    return [json.loads(line) for line in
            gen.jsonl_lines(gen.LogGenerator(3000, seed=11, groups=30, members=400, days=1, episode_every=120))]


@pytest.fixture(scope="module")
def messy_log(tmp_path_factory, log_records):
    """The log with what makes a replay hard: malformed lines, unknown platforms, sends out of
    time order (near neighbours and some far beyond a small reorder window)."""
    rng = random.Random(5)
    lines = [json.dumps(r, ensure_ascii=False) for r in log_records]
    for i in range(0, len(lines) - 1, 7):  # neighbours swapped
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    for i in range(0, len(lines) - 80, 130):  # far moves
        j = i + rng.randint(20, 80)
        lines[i], lines[j] = lines[j], lines[i]
    for i in range(50, len(lines), 211):
        lines[i] = lines[i][:25]  # cut-off JSON
    for i in range(90, len(lines), 173):
        obj = json.loads(lines[i])
        obj["platform"] = "no-such-platform"
        lines[i] = json.dumps(obj, ensure_ascii=False)
    path = tmp_path_factory.mktemp("dask") / "messy.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _same(a, b) -> None:
    assert a.exit_code == b.exit_code == 1
    assert a.stdout_bytes == b.stdout_bytes  # line for line, byte for byte


def test_dask_audit_is_the_in_process_audit_line_for_line(audit_cli, cluster, messy_log, tmp_path):
    base = ("--format", "jsonl", "-q")
    for window in ("10000", "4"):
        args = (messy_log, *base, "-j", "1", "--reorder-window", window, "--summary-json")
        plain = audit_cli(*args, tmp_path / "a.json")
        dask = audit_cli(*args, tmp_path / "b.json", "--dask", cluster)
        _same(plain, dask)
        lines = plain.lines
        a, b = (json.loads((tmp_path / n).read_text(encoding="utf-8")) for n in ("a.json", "b.json"))
        assert a["run"]["mode"] == "in-process" and b["run"]["mode"] == "dask" and b["run"]["jobs"] == 2
        del a["run"], b["run"]
        assert a == b  # every count, including replayed and late
        assert a["broadcasts"]["by_limit"].keys() >= {"fanout", "flood"}
        assert (a["broadcasts"]["late"] > 0) == (window == "4")
        assert sum("error" in ln for ln in lines) > 20
        assert any("no-such-platform" in ln.get("error", "") for ln in lines)


def test_dask_on_a_parquet_copy_in_parts_gives_the_jsonl_results(audit_cli, cluster, log_records, tmp_path):
    jl = tmp_path / "log.jsonl"
    jl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log_records), encoding="utf-8")
    ds = tmp_path / "ds"
    ds.mkdir()
    cols = {k: [r[k] for r in log_records] for k in ("id", "ts", "group", "sender", "text")}
    cols["ts"] = pa.array(cols["ts"]).cast(pa.timestamp("s", tz="+08:00"))  # ISO strings -> Parquet times
    table = pa.table(cols)
    for k, start in enumerate(range(0, table.num_rows, 1100)):
        pq.write_table(table.slice(start, 1100), str(ds / f"part-{k}.parquet"), row_group_size=300)
    plain = audit_cli(jl, "--format", "jsonl", "-q", "-j", "2")
    dask = audit_cli(ds, "--format", "jsonl", "-q", "-j", "2", "--dask", cluster)
    _same(plain, dask)
    assert sum(ln["verdict"] != "pass" for ln in plain.lines) > 50


def test_dask_without_the_replay_is_the_content_check_alone(audit_cli, cluster, messy_log):
    args = (messy_log, "--format", "jsonl", "-q", "--no-broadcast")
    plain, dask = audit_cli(*args), audit_cli(*args, "--dask", cluster)
    _same(plain, dask)
    assert not any(f["category"] == "broadcast" for ln in dask.lines for f in ln.get("findings", ()))


def test_dask_writes_the_same_report_files(audit_cli, cluster, messy_log, tmp_path):
    outs = {}
    for name, extra in (("plain", ()), ("dask", ("--dask", cluster))):
        d = tmp_path / name
        d.mkdir()
        res = audit_cli(messy_log, "-q", "--results", d / "r.jsonl", "--findings-csv", d / "f.csv",
                        "--html", d / "r.html", *extra)
        assert res.exit_code == 1 and "records" in res.stdout
        outs[name] = d
    for f in ("r.jsonl", "f.csv"):
        assert (outs["plain"] / f).read_bytes() == (outs["dask"] / f).read_bytes(), f
    html = (outs["dask"] / "r.html").read_text(encoding="utf-8")
    assert "<html" in html and len(html) > 10_000


def test_results_stream_while_the_input_is_still_read(checker, cluster, log_records):
    """Partitions come back and are written in order before the whole log is read: the
    progress line moves with the cluster, and memory does not grow with the log."""
    from checker.audit import Record
    from checker.audit.dask_run import DaskRun

    read = [0]

    def records():
        for i, r in enumerate(log_records):
            read[0] += 1
            yield Record("log", i + 1, r["id"], text=r["text"], sender=r["sender"], group=r["group"],
                         ts=1709255702.0 + i)

    run = DaskRun(records(), address=cluster, checker=checker, reorder_window=50, partition=100)
    it = iter(run)
    first, _ = next(it)
    assert first.id == log_records[0]["id"] and read[0] < len(log_records)
    assert len(list(it)) == len(log_records) - 1 and run.replayed == len(log_records)


def test_dask_local_starts_a_cluster_of_worker_processes(audit_cli, log_records, tmp_path):
    """A real LocalCluster with one worker process: it builds its own engine from the settings."""
    jl = tmp_path / "small.jsonl"
    jl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log_records[:400]), encoding="utf-8")
    plain = audit_cli(jl, "--format", "jsonl", "-q", "-j", "1")
    dask = audit_cli(jl, "--format", "jsonl", "-q", "-j", "1", "--dask", "local")
    _same(plain, dask)


def test_an_unreachable_scheduler_is_a_usage_error(audit_cli, messy_log):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        res = audit_cli(messy_log, "--format", "jsonl", "--dask", "tcp://127.0.0.1:9")
    assert res.exit_code == 2 and "cannot reach the scheduler" in res.stderr and res.stdout == ""


def test_checker_and_the_cli_import_no_dask():
    code = ("import sys, checker, checker.audit, checker.audit.dask_run, cli; "
            "print(sorted(m for m in ('dask', 'distributed', 'pyarrow') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "[]", (run.stdout, run.stderr[-1000:])


def test_a_shard_whose_state_is_gone_fails_rather_than_counting_afresh(checker):
    """A restarted worker has lost its senders' counts: the next step says so."""
    import hashlib
    import pickle

    from checker.audit import dask_run

    token = hashlib.sha256(pickle.dumps(checker.settings)).hexdigest()
    dask_run._ENGINES.setdefault(token, checker)
    send = [(0, "u1", "g1", 1709255702.0, "加我微信 abc123", "douyin", "block")]
    out, late = dask_run._replay_step("run-x", 0, token, checker.settings, dask_run._packed(send))
    assert out == [(0, "block", [], None)] and late == 0
    with pytest.raises(RuntimeError, match="broadcast state of shard 1 was lost"):
        dask_run._replay_step("run-x", 1, token, checker.settings, dask_run._packed(send), _before=out)
    assert dask_run._drop_run("run-x") == 1


def test_bad_wordlists_on_the_workers_stop_the_audit_with_their_message(cluster, cache_dir, tmp_path):
    from checker.audit import Record
    from checker.audit.dask_run import DaskRun
    from checker.config import Settings
    from checker.engine import Checker
    from checker.errors import MsgcheckError

    wl = tmp_path / "wl"
    wl.mkdir()
    (wl / "bad.txt").write_text("[nosuchsection]\nfoo\n", encoding="utf-8")
    checker = Checker(Settings(cache_dir=cache_dir, wordlist_dirs=[wl]))
    run = DaskRun([Record("log", 1, 1, text="你好")], address=cluster, checker=checker)
    with pytest.raises(MsgcheckError, match=r"bad\.txt:1: unknown section kind 'nosuchsection'"):
        list(run)


def test_dask_reads_inputs_by_fsspec_url(audit_cli, cluster, log_records, tmp_path):
    import fsspec

    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log_records[:500]).encode("utf-8")
    local = tmp_path / "log.jsonl"
    local.write_bytes(body)
    fs = fsspec.filesystem("memory")
    fs.pipe("/msgcheck-dask-test/log.jsonl", body)
    try:
        plain = audit_cli(local, "--format", "jsonl", "-q")
        dask = audit_cli("memory://msgcheck-dask-test/log.jsonl", "--format", "jsonl", "-q", "--dask", cluster)
        _same(plain, dask)
    finally:
        fs.rm("/msgcheck-dask-test", recursive=True)
