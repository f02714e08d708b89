"""`msgcheck fix`: rewrites, masks, the diff, --in-place, and that the input is otherwise untouched."""
from __future__ import annotations

import pytest

from checker.fix import apply_fixes, fix
from checker.profiles import BUILTIN
from checker.types import Finding
from cli_fixtures import run, run_real, user_dir, write  # noqa: F401  (fixtures)

BLOCK = "加我薇信 mm5566 发你试用装"
DM = BUILTIN["douyin"].dm  # the rewrite douyin suggests for an outside contact


def _f(start, end, suggestion, text):
    return Finding("diversion", "r", "block", start, end, text[start:end], "m", suggestion=suggestion)


@pytest.mark.parametrize("spans,mask,expected", [
    ([(0, 4, "A"), (2, 6, "B")], False, "A6789"),             # partial overlap: one edit, outer span
    ([(0, 8, "A"), (2, 4, "B")], False, "A89"),               # nested: the outer one wins
    ([(0, 2, "A"), (3, 5, "A")], False, "A56789"),            # same rewrite, a space between: once
    ([(0, 2, "A"), (3, 5, "B")], False, "A B56789"),
    ([(0, 2, None)], False, "** 3456789"),                    # no rewrite known: mask it
    ([(0, 2, "A"), (3, 5, "A")], True, "** **56789"),         # --mask keeps lengths, never merges
])
def test_apply_fixes(spans, mask, expected):
    text = "01 3456789"
    new, edits = apply_fixes(text, [_f(s, e, r, text) for s, e, r in spans], mask)
    assert new == expected
    rebuilt = text   # the edits, applied from the end, give the same rewrite
    for ed in reversed(edits):
        rebuilt = rebuilt[:ed.start] + ed.replacement + rebuilt[ed.end:]
    assert rebuilt == new


def test_fix_is_a_core_function(checker):
    """checker.fix.fix: what the CLI and /v1/fix both call; the rewrite is checked again."""
    r = fix(checker, BLOCK, "douyin")
    assert r.before.verdict.value == "block" and r.after.verdict.value == "pass" and r.fixed == 2
    assert r.text == f"{DM} 发你试用装" and r.to_dict()["edits"] == [{"start": 0, "end": 11, "replacement": DM}]
    clean = fix(checker, "今晚8点直播", "douyin")
    assert clean.text == "今晚8点直播" and clean.edits == () and clean.fixed == 0 and clean.after is clean.before


def test_fix_text_prints_rewrite_and_diff(run):
    r = run("fix", BLOCK)
    assert r.exit_code == 0
    assert r.stdout == f"{DM} 发你试用装\n", "adjacent findings with one rewrite become one"
    assert f"-{BLOCK}" in r.stderr and f"+{DM} 发你试用装" in r.stderr and "the rewrite is PASS" in r.stderr


def test_mask_and_delete(run):
    assert run("fix", "--mask", "电话 13912345678").stdout == "电话 ***********\n"
    assert run("fix", "以前 淘宝 买过").stdout == "以前 买过\n", "a competitor mention is deleted, no double space"


def test_no_diff_and_nothing_to_fix(run):
    r = run("fix", "--no-diff", BLOCK)
    assert "---" not in r.stderr and f"+{DM}" not in r.stderr
    r = run("fix", "好的，明天发货")
    assert r.exit_code == 0 and r.stdout == "好的，明天发货\n" and "nothing to fix" in r.stderr


def test_empty_input(run):
    r = run("fix", input="")
    assert r.exit_code == 0 and r.stdout == "" and "nothing to fix" in r.stderr


def test_file_is_untouched_without_in_place(run, tmp_path):
    f = write(tmp_path / "d.txt", BLOCK + "\n")
    r = run("fix", "-f", f)
    assert r.stdout == f"{DM} 发你试用装\n" and f.read_text(encoding="utf-8") == BLOCK + "\n"


def test_in_place_lines_keeps_blank_lines_endings_and_bom(run, tmp_path):
    f = tmp_path / "d.txt"
    f.write_bytes(b"\xef\xbb\xbf" + f"{BLOCK}\r\n\r\n北京东路店\r\n以前 淘宝 买过".encode())
    r = run("fix", "-f", f, "--lines", "--in-place")
    assert r.exit_code == 0 and r.stdout == ""
    assert f.read_bytes() == b"\xef\xbb\xbf" + f"{DM} 发你试用装\r\n\r\n北京东路店\r\n以前 买过".encode()
    assert f"--- {f}" in r.stderr and "rewrote 3 findings" in r.stderr


@pytest.mark.parametrize("args", [["--in-place", BLOCK], ["-i"], ["x", "-f", __file__]])
def test_usage_errors(run, args):
    assert run("fix", *args, input="").exit_code == 2


def test_exit_1_when_the_rewrite_still_has_findings(run_real, tmp_path):
    """A profile whose own rewrite is diversion: fix cannot make the draft safe, and says so."""
    cfg = write(tmp_path / "c.toml", '[profiles.douyin]\ndm = "加我微信"\n')
    r = run_real("--config", cfg, "fix", BLOCK)
    assert r.exit_code == 1 and r.stdout.startswith("加我微信")
    assert "still block" in r.stderr and "diversion.platform_action" in r.stderr
    assert run_real("--config", cfg, "fix", BLOCK, "--fail-on", "never").exit_code == 0
