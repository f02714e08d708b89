"""Rewrite a draft so it can be sent: each finding becomes its suggested rewrite (or ***).

A core function, so the CLI (`msgcheck fix`), the API (`POST /v1/fix`) and Python callers
rewrite the same way; the rewrite is checked again, since a rewrite can itself be risky."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from .types import Finding, Report


@dataclass(frozen=True)
class Edit:
    """text[start:end] of the draft becomes `replacement` ("" deletes)."""

    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True)
class FixResult:
    text: str                  # the rewritten draft
    edits: tuple[Edit, ...]    # offsets into the original draft, in order
    fixed: int                 # findings with a span that the edits rewrote
    before: Report
    after: Report              # the rewrite checked again

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "fixed": self.fixed, "edits": [e.to_dict() for e in self.edits],
                "before": self.before.to_dict(), "after": self.after.to_dict()}


def _only_separators(s: str) -> bool:
    return all(c.isspace() or unicodedata.category(c)[0] in "PZ" for c in s)


def apply_fixes(text: str, findings: Iterable[Finding], mask: bool = False) -> tuple[str, list[Edit]]:
    """Replace each finding's span by its suggestion ("" deletes) or by '*' × its length.

    Overlapping findings become one edit over their outer span, with the suggestion of the
    widest; neighbours with the same suggestion and only spaces or punctuation between them
    become one (加我薇信 mm5566 → 私信我, not 私信我 私信我). Edits apply from the end, so the
    offsets of the earlier ones stay valid."""
    spans = sorted((f for f in findings if f.start is not None and f.end is not None and f.end > f.start),
                   key=lambda f: (f.start, -f.end))
    clusters: list[list] = []  # [start, end, widest finding]
    for f in spans:
        if clusters and f.start < clusters[-1][1]:
            c = clusters[-1]
            c[1] = max(c[1], f.end)
            if f.end - f.start > c[2].end - c[2].start:
                c[2] = f
        else:
            clusters.append([f.start, f.end, f])
    edits: list[Edit] = []
    for s, e, f in clusters:
        repl = "*" * (e - s) if mask or f.suggestion is None else f.suggestion
        if repl == "" and 0 < s and e < len(text) and text[s - 1] == " " and text[e] == " ":
            e += 1  # 去 淘宝 看看 -> 去 看看, not a double space
        if edits and not mask and repl and edits[-1].replacement == repl and _only_separators(text[edits[-1].end:s]):
            edits[-1] = Edit(edits[-1].start, e, repl)
        else:
            edits.append(Edit(s, e, repl))
    new = text
    for ed in reversed(edits):
        new = new[:ed.start] + ed.replacement + new[ed.end:]
    return new, edits


def fix(checker, text: str, platform: str | None = None, *, mask: bool = False) -> FixResult:
    """Check `text`, rewrite its findings, check the rewrite. `checker` is a Checker."""
    before = checker.check(text, platform)
    new, edits = apply_fixes(text, before.findings, mask)
    after = checker.check(new, platform) if edits else before
    fixed = sum(f.start is not None for f in before.findings) if edits else 0
    return FixResult(new, tuple(edits), fixed, before, after)
