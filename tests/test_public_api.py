"""The public Python API (issue #16): `from checker import Checker` and friends, as a data team
would call them; `import checker` stays cheap and framework-free; py.typed ships."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import checker as api
from checker import Checker, ConfigError, Finding, Report, UnknownPlatform, Verdict

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def mine(cache_dir) -> Checker:
    """A Checker built the friendly way (keyword arguments, no Settings)."""
    return Checker(cache_dir=cache_dir).warm()


def _mixed() -> list[tuple[str, str]]:
    """Block, review and pass messages on several platforms, interleaved as a log would be."""
    rows = []
    for name in ("cases_block.jsonl", "cases_review.jsonl", "cases_pass.jsonl", "blind11.jsonl", "blind12.jsonl"):
        with open(DATA / name, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()][:40]
    rows = [(r["text"], r.get("platform") or "douyin") for r in rows]
    return rows[::2] + rows[1::2]


def test_the_issue_example_blocks(mine):
    report = mine.check("加我微信 abc123", platform="douyin")
    assert isinstance(report, Report) and report.verdict is Verdict.BLOCK and report.verdict == "block"
    assert all(isinstance(f, Finding) for f in report.findings)
    assert {f.text for f in report.findings} == {"加我微信", "abc123"}


def test_no_arguments_means_the_embedded_defaults(mine, cache_dir, tmp_path, monkeypatch):
    """A config file in the usual place and MSGCHECK_* variables do not change Checker();
    from_config() reads them as the CLI does."""
    cfg = tmp_path / "msgcheck.toml"
    cfg.write_text('platform = "xiaohongshu"\n', encoding="utf-8")
    monkeypatch.setenv("MSGCHECK_CONFIG", str(cfg))
    assert Checker(cache_dir=cache_dir).settings.platform == "douyin"
    assert Checker.from_config(cache_dir=cache_dir).settings.platform == "xiaohongshu"
    assert mine.check("你好").platform == "douyin"


def test_check_many_keeps_order_and_equals_check_one_by_one(mine):
    rows = _mixed()
    texts = [t for t, _ in rows]
    verdicts = {mine.check(t, p).verdict for t, p in rows}
    assert verdicts == {Verdict.PASS, Verdict.REVIEW, Verdict.BLOCK}   # a mixed set indeed
    assert mine.check_many(rows) == [mine.check(t, p) for t, p in rows]
    assert mine.check_many(texts, platform="generic") == [mine.check(t, "generic") for t in texts]
    assert mine.check_many(iter(texts)) == [mine.check(t) for t in texts]   # any iterable, default profile
    dicts = [{"text": t, "platform": p} if i % 2 else {"text": t} for i, (t, p) in enumerate(rows)]
    assert mine.check_many(dicts, platform="taobao") == [mine.check(t, p if i % 2 else "taobao")
                                                         for i, (t, p) in enumerate(rows)]
    assert mine.check_many([]) == []


def test_check_many_mixes_item_shapes(mine):
    got = mine.check_many(["今晚8点直播", ("加我微信 abc123", None), {"text": "加我vx", "platform": "generic"},
                           {"text": "你好", "platform": None}], platform="xiaohongshu")
    assert [r.platform for r in got] == ["xiaohongshu", "xiaohongshu", "generic", "xiaohongshu"]
    assert got[1].verdict is Verdict.BLOCK and got[0].verdict is Verdict.PASS


def test_bad_platform_is_a_clear_error(mine):
    with pytest.raises(UnknownPlatform, match=r"unknown platform 'nope'; valid: .*douyin") as e:
        mine.check("你好", platform="nope")
    assert isinstance(e.value, ConfigError) and "xiaohongshu" in e.value.valid
    with pytest.raises(UnknownPlatform, match="nope"):
        Checker(platform="nope")

    consumed = []

    def texts():
        consumed.append(1)
        yield "你好"
    with pytest.raises(UnknownPlatform, match="nope"):
        mine.check_many(texts(), platform="nope")
    assert consumed == []   # refused before any item was read
    with pytest.raises(UnknownPlatform) as e:
        mine.check_many(["你好", ("你好", "douyin"), ("你好", "nope")])
    assert "check_many: item 2" in e.value.__notes__


@pytest.mark.parametrize("item, match", [
    (b"bytes", "must be a str"),
    (("a", "douyin", "extra"), "must be a str"),
    ({"txt": "a"}, "needs 'text'"),
    ({"text": "a", "colour": "red"}, "colour"),
    ({"text": 3}, "text must be a str"),
])
def test_a_bad_item_names_its_index(mine, item, match):
    with pytest.raises(TypeError, match=match) as e:
        mine.check_many(["ok", item])
    assert "check_many: item 1" in e.value.__notes__


def test_keyword_arguments_configure_it(cache_dir, tmp_path):
    words = tmp_path / "wl"
    words.mkdir()
    (words / "mine.txt").write_text("[platform frog 青蛙]\n青蛙号\n", encoding="utf-8")
    c = Checker(platform="generic", wordlists=[words], cache_dir=cache_dir,
                profiles={"forum": {"base": "douyin", "label": "论坛", "dm": "私信我"}})
    assert c.check("加我青蛙号 abc123").verdict is Verdict.BLOCK
    assert Checker(cache_dir=cache_dir).check("加我青蛙号 abc123").verdict is not Verdict.BLOCK
    forum = c.check("加我微信 abc123", platform="forum")
    assert forum.platform == "forum" and {f.suggestion for f in forum.findings} == {"私信我"}
    with pytest.raises(ConfigError, match="does not exist"):
        Checker(wordlists=[tmp_path / "missing"])
    with pytest.raises(ConfigError, match=r"profiles.forum.*colour"):
        Checker(profiles={"forum": {"colour": "red"}})


def test_settings_still_work_as_before(checker, cache_dir):
    """Existing callers pass a Settings (positionally) and keep their object."""
    from checker.config import Settings

    s = Settings(cache_dir=cache_dir, platform="taobao")
    c = Checker(s)
    assert c.settings is s and c.check("你好").platform == "taobao"
    assert Checker(s, platform="jd").settings.platform == "jd" and s.platform == "taobao"


def test_a_store_url_gives_a_broadcast_guard(cache_dir):
    c = Checker(cache_dir=cache_dir, guard="memory://")
    sends = [{"text": f"今晚直播间福利第{i}波，快来抢", "sender": "s1", "group": f"g{i}", "ts": 1_700_000_000 + i,
              "record": True} for i in range(12)]
    reports = c.check_many(sends)
    assert any(f.rule.startswith("broadcast.") for r in reports for f in r.findings)


def test_module_level_functions_and_exports(mine):
    assert api.check("加我微信 abc123", platform="douyin") == mine.check("加我微信 abc123", platform="douyin")
    assert api.check_many(["你好", "加我微信 abc123"]) == mine.check_many(["你好", "加我微信 abc123"])
    exp = api.explain("加我微信 abc123")
    assert exp.report.verdict is Verdict.BLOCK and exp.candidates
    assert set(api.__all__) >= {"Checker", "check", "check_many", "explain", "Report", "Finding", "Verdict"}
    for name in api.__all__:
        assert getattr(api, name) is not None
    with pytest.raises(AttributeError):
        api.NoSuchThing  # noqa: B018


def _fresh(code: str) -> str:
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-1500:]
    return run.stdout.strip()


def test_import_checker_is_cheap_and_framework_free():
    assert _fresh("import checker, sys; print('flask' in sys.modules)") == "False"
    got = _fresh("import sys, checker, checker.audit; "
                 "print(sorted(m for m in ('flask', 'click', 'jieba', 'checker.engine') if m in sys.modules))")
    assert got == "[]"   # the audit's own imports do not pay for the engine
    assert _fresh("import sys; from checker import Checker; print('flask' in sys.modules, 'click' in sys.modules)") \
        == "False False"


def test_py_typed_ships():
    assert (ROOT / "checker" / "py.typed").is_file()
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '"checker": ["py.typed"]' in setup
