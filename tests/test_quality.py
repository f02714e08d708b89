"""The quality bars of the quality bars, tests/data/README.md on labelled sets, scored the way ../shared/eval/score.py scores:
block recall (block rows that block), flag recall (block/flag rows that are not pass) and the
false-positive rate (pass rows that are not pass).

tests/data/holdout.jsonl and holdout2.jsonl were written by people who saw neither the code
nor the other tables. Each was scored once before any tuning on it (holdout: block 0.916,
flag 0.947, FP 0.050; holdout2, after tuning on holdout: 0.905, 0.905, 0.037; holdout3, after
tuning on both: 0.943, 0.935, 0.022; holdout4, a dev-style "sister sample", after all three:
0.987, 0.982, 0.000) — the honest estimate of how the engine does on text it has never seen.
All four are bars now."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SHARED_EVAL = HERE.parent.parent / "shared" / "eval"
BARS = {"block_recall": 0.95, "flag_recall": 0.95, "false_positive": 0.03}


def score(rows, verdicts):
    block = [r for r in rows if r["expect"] == "block"]
    flag = [r for r in rows if r["expect"] in ("block", "flag", "review")]
    clean = [r for r in rows if r["expect"] == "pass"]
    v = lambda r: verdicts[str(r["id"])]
    return {
        # a set with no block rows (generic text flags) has nothing to miss
        "block_recall": sum(v(r) == "block" for r in block) / len(block) if block else 1.0,
        "flag_recall": sum(v(r) != "pass" for r in flag) / len(flag),
        "false_positive": sum(v(r) != "pass" for r in clean) / len(clean),
    }


def _load(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl"])
def test_holdout_meets_the_bars(checker, name):
    rows = _load(HERE / "data" / name)
    verdicts = {str(r["id"]): checker.check(r["text"], r["platform"]).verdict.value for r in rows}
    got = score(rows, verdicts)
    misses = [(r["id"], r["expect"], verdicts[str(r["id"])], r["text"][:40]) for r in rows
              if {"block": verdicts[str(r["id"])] == "block", "flag": verdicts[str(r["id"])] != "pass",
                  "pass": verdicts[str(r["id"])] == "pass"}[r["expect"]] is False]
    assert got["block_recall"] >= BARS["block_recall"], (got, misses)
    assert got["flag_recall"] >= BARS["flag_recall"], (got, misses)
    assert got["false_positive"] <= BARS["false_positive"], (got, misses)


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="../shared/eval is not beside this checkout")
def test_shared_dev_set_through_the_cli_and_score_py(tmp_path):
    """The contract end to end: `msgcheck audit --format jsonl` output read by score.py."""
    out = tmp_path / "results.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        run = subprocess.run([sys.executable, "-m", "cli", "audit", str(SHARED_EVAL / "dev.jsonl"), "--format", "jsonl"],
                             stdout=fh, stderr=subprocess.PIPE, cwd=HERE.parent, timeout=300)
    assert run.returncode in (0, 1), run.stderr.decode()[-2000:]
    res = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(SHARED_EVAL / "dev.jsonl"), str(out),
                          "--min-block-recall", "0.95", "--min-flag-recall", "0.95", "--max-false-positive", "0.03"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout[-3000:]
