"""Broadcast replay in an audit: the log's own timestamps, per-sender time order, input-order
output, parity with the engine's live guard, and identical results with worker processes."""
from __future__ import annotations

import itertools
import json
import random


from audit_fixtures import EXAMPLES, burst
from checker.audit import AuditRun, Inputs, Record, Replay, _Item
from checker.broadcast import BroadcastGuard, open_store
from checker.engine import Checker

T = 1709255702.0
PROMO = "【限时福利】有机猕猴桃今天只要39元，前20名送保温杯，需要的在群里接龙"


def recs(rows: list[dict]) -> list[Record]:
    return [Record("mem", i + 1, r.get("id", i + 1), text=r["text"], sender=r.get("sender"),
                   group=r.get("group"), ts=r.get("ts"), platform=r.get("platform")) for i, r in enumerate(rows)]


def run(checker, rows, **kw) -> list[dict]:
    return [res for _, res in AuditRun(recs(rows) if rows and isinstance(rows[0], dict) else rows,
                                       checker=checker, **kw)]


def limits_hit(result: dict) -> list[str]:
    return [f["rule"] for f in result.get("findings", []) if f["category"] == "broadcast"]


def example_records() -> list[Record]:
    return list(Inputs([str(EXAMPLES / "group-log.jsonl")]))


def test_flood_and_fanout_come_from_the_logs_own_timestamps(checker):
    flood = [dict(r, text=f"{r['text']}{i}") for i, r in enumerate(burst("刷屏小王", ["业主群"], ["在吗"] * 12, T, 20))]
    fan = burst("好物小铺", [f"群{i}" for i in range(12)], [PROMO], T + 3600, 120)
    out = run(checker, flood + fan)
    assert [limits_hit(r) for r in out[:12]] == [[]] * 10 + [["broadcast.flood"]] * 2
    assert [limits_hit(r) for r in out[12:]] == [[]] * 10 + [["broadcast.fanout"]] * 2
    assert all(r["verdict"] == "review" for r in out[10:12] + out[22:])
    # the same sends spread out over hours cross no limit
    slow = burst("刷屏小王", ["业主群"], [f"在吗{i}" for i in range(12)], T, 120)
    assert not any(limits_hit(r) for r in run(checker, slow))


def test_replay_matches_the_engine_checking_each_send_live(checker):
    """The audit adds exactly what Checker(guard).check(..., record=True) adds, send by send."""
    rows = [r for r in example_records() if r.error is None]
    # a flood in which three sends would be blocked: the live guard does not count those
    mixed = burst("混合", ["抖音粉丝群"], [f"第{i}次：" + ("加我微信 abc12345" if i % 3 == 1 else "在吗")
                                       for i in range(12)], rows[0].ts, 15)
    rows += recs([dict(r, platform="douyin") for r in mixed])
    rows.sort(key=lambda r: r.ts)
    live = Checker(checker.settings, guard=BroadcastGuard(open_store("memory://")))
    expected = [live.check(r.text, r.platform, sender=r.sender, group=r.group, ts=r.ts, record=True).to_dict()
                for r in rows]
    got = [res for _, res in AuditRun(rows, checker=checker)]
    assert [{k: v for k, v in g.items() if k != "id"} for g in got] == expected
    assert sum(1 for e in expected if any(f["category"] == "broadcast" for f in e["findings"])) >= 6


def test_out_of_order_within_the_window_gives_the_sorted_result(checker):
    rows = [r for r in example_records() if r.error is None]
    base = {r.id: res for r, res in AuditRun(sorted(rows, key=lambda r: r.ts), checker=checker)}
    rng = random.Random(5)
    shuffled = rows[:]
    for i in range(0, len(shuffled) - 8, 8):  # shuffle within blocks of 8: at most 8 records off
        block = shuffled[i:i + 8]
        rng.shuffle(block)
        shuffled[i:i + 8] = block
    assert shuffled != rows
    run_ = AuditRun(shuffled, checker=checker, reorder_window=10)
    got = [(r.id, res) for r, res in run_]
    assert [i for i, _ in got] == [r.id for r in shuffled]  # output stays in input order
    assert dict(got) == base and run_.late == 0
    # a window smaller than the disorder replays some sends late, and says so
    late = AuditRun(shuffled, checker=checker, reorder_window=1)
    list(late)
    assert late.late > 0


def test_records_without_a_timestamp_or_group_are_not_replayed(checker):
    rows = [dict(r, ts=None) for r in burst("x", ["g"], [f"在吗{i}" for i in range(12)], T, 1)]
    rows += [dict(r, group=None) for r in burst("y", ["g"], [f"在吗{i}" for i in range(12)], T, 1)]
    run_ = AuditRun(recs(rows), checker=checker)
    assert not any(limits_hit(res) for _, res in run_) and run_.replayed == 0


def test_workers_give_the_same_output_as_one_process(checker, tmp_path):
    """Sharded by sender across processes (forked from the warm engine), in tiny chunks so
    many rounds interleave: same lines, same order, malformed records in place."""
    rows = example_records()
    rows.insert(5, Record("mem", 0, "bad", error="bad JSON: x", kind="json"))
    rows.append(Record("mem", 0, "unknown-platform", text="hi", platform="myspace"))
    one = AuditRun(rows, checker=checker)
    expected = [json.dumps(res, ensure_ascii=False) for _, res in one]
    pool = AuditRun(rows, checker=checker, jobs=2, inprocess_below=0, chunk_size=7)
    got = [json.dumps(res, ensure_ascii=False) for _, res in pool]
    assert pool.mode == "pool" and pool.workers == 2
    assert got == expected and (pool.replayed, pool.late) == (one.replayed, one.late)
    assert json.loads(got[5])["error"].endswith("bad JSON: x")
    assert "unknown platform 'myspace'" in json.loads(got[-1])["error"]


def test_workers_load_their_own_engine_when_the_parent_has_none(checker):
    """What the CLI does: the parent never loads jieba; each worker builds its engine."""
    rows = example_records()[:300]
    cold = Checker(checker.settings)
    pool = AuditRun(rows, checker=cold, jobs=2, inprocess_below=0, chunk_size=50)
    got = [res for _, res in pool]
    assert cold._lexicon is None and pool.mode == "pool"
    assert got == [res for _, res in AuditRun(rows, checker=checker)]


def test_small_inputs_run_in_process_even_with_jobs(checker):
    run_ = AuditRun(recs([{"text": "你好"}]), checker=checker, jobs=4)
    assert [res["verdict"] for _, res in run_] == ["pass"] and run_.mode == "in-process"


def test_the_run_streams(checker):
    """Results come out while the input is still being read: a few window-lengths behind."""
    pulled = itertools.count()

    def endless():
        for i in pulled:
            yield Record("gen", i + 1, i + 1, text=f"第{i}条消息", sender=f"s{i % 7}", group="g", ts=T + i)

    first = list(itertools.islice(AuditRun(endless(), checker=checker, reorder_window=50), 10))
    assert len(first) == 10 and next(pulled) < 100


class _RecordingGuard:
    def __init__(self):
        self.order: list[float] = []

    def check(self, sender, group, text, ts, limits, record):
        self.order.append(ts)
        from checker.broadcast import GuardResult

        return GuardResult((), True, None)


def _item(seq: int, ts: float) -> _Item:
    return _Item(seq, Record("m", seq, seq, sender="s", group="g", ts=ts),
                 {"verdict": "pass", "findings": [], "platform": "douyin"}, "folded")


def test_replay_orders_by_time_and_bounds_what_it_holds():
    guard = _RecordingGuard()
    rp = Replay(guard, lambda p: None, window=5)
    ts = [10, 12, 11, 15, 13, 14, 20, 18, 19, 16, 17, 30, 25, 26, 27, 28, 29, 40]
    out = []
    for seq, t in enumerate(ts):
        rp.push(_item(seq, t))
        out += [i.seq for i in rp.advance(seq)]
    out += [i.seq for i in rp.finish()]
    assert out == list(range(len(ts))) and guard.order == sorted(ts) and rp.late == 0
    # a far-future timestamp cannot make the output wait for the whole log
    guard, held = _RecordingGuard(), 0
    rp = Replay(guard, lambda p: None, window=5)
    for seq in range(1000):
        rp.push(_item(seq, 10 ** 9 if seq == 0 else seq))
        list(rp.advance(seq))
        held = max(held, len(rp._pending))
    assert held <= 11
