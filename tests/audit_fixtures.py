"""Fixtures and helpers shared by tests/test_audit_*.py (import them by name).

`audit_cli` runs `msgcheck audit …` in-process through click's CliRunner with the session's warm
engine (forked pool workers reuse it too), so a CLI test costs no engine load."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


class AuditResult:
    def __init__(self, result):
        self.raw = result
        self.exit_code = result.exit_code
        self.stdout_bytes = result.stdout_bytes
        self.stdout = result.stdout
        self.stderr = result.stderr

    @property
    def lines(self) -> list[dict]:
        """stdout parsed as JSON Lines (fails the test on any other output)."""
        return [json.loads(line) for line in self.stdout_bytes.decode("utf-8").splitlines()]


@pytest.fixture
def audit_cli(monkeypatch, checker):
    """audit_cli(*args, input=None) -> AuditResult for `msgcheck audit ARGS`."""
    monkeypatch.setattr(cli, "_checker", lambda ctx, extra_dirs=(): checker)
    runner = CliRunner()

    def invoke(*args, input=None, env=None):
        res = runner.invoke(cli.main, ["audit", *[str(a) for a in args]], input=input, env=env,
                            catch_exceptions=False)
        return AuditResult(res)

    return invoke


def write_jsonl(path: Path, records: list, encoding: str = "utf-8") -> Path:
    """Objects become JSON lines; strings are written as they are (malformed lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def burst(sender: str, groups: list[str], texts: list[str], start: float, step: float) -> list[dict]:
    """Sends of `texts` (cycled) from one sender into `groups` (cycled), `step` seconds apart."""
    n = max(len(groups), len(texts))
    return [{"sender": sender, "group": groups[i % len(groups)], "text": texts[i % len(texts)],
             "ts": start + i * step} for i in range(n)]
