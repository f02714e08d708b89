"""The labelled tables in tests/data: every row carries its own reason (`why`).

A row passes when the verdict matches (`review` rows accept review or block, as the shared
score does for `flag`), and, where the row names a category, a finding of that category exists."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def _rows():
    for path in sorted(DATA.glob("cases_*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                yield pytest.param(row, id=f"{path.stem}:{n}")


@pytest.mark.parametrize("row", list(_rows()))
def test_table_row(checker, row):
    report = checker.check(row["text"], row["platform"])
    got = report.verdict.value
    expect = row["expect"]
    ok = {"block": got == "block", "review": got != "pass", "flag": got != "pass", "pass": got == "pass"}[expect]
    detail = [(f.rule, f.text) for f in report.findings]
    assert ok, f"{row['why']}: expected {expect}, got {got} {detail}"
    if expect != "pass" and row.get("category"):
        assert row["category"] in {f.category for f in report.findings}, f"{row['why']}: {detail}"
    for f in report.findings:
        assert row["text"][f.start:f.end] == f.text
