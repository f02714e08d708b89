"""Result types shared by every layer: the contract of docs/ARCHITECTURE.md §3."""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from enum import Enum
from typing import Any


class Verdict(str, Enum):
    PASS = "pass"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return RANK[self]

    @classmethod
    def worst(cls, verdicts) -> "Verdict":
        worst = 0
        for v in verdicts:
            r = RANK.get(v)   # a str-valued Enum member hashes and compares as its value
            if r is None:
                r = RANK[cls(v)]  # raises ValueError for what is not a verdict
            if r > worst:
                worst = r
        return _BY_RANK[worst]


RANK = {Verdict.PASS: 0, Verdict.REVIEW: 1, Verdict.BLOCK: 2}
_BY_RANK = (Verdict.PASS, Verdict.REVIEW, Verdict.BLOCK)

CATEGORIES = ("competitor", "diversion", "contact", "broadcast")


@dataclass(frozen=True)
class Finding:
    """One risky span. `severity` is the verdict this finding alone earns (block|review).

    start/end are code-point offsets into the text the user wrote (end exclusive), so
    text[start:end] == finding.text; broadcast findings may carry no span (None)."""

    category: str
    rule: str
    severity: str
    start: int | None
    end: int | None
    text: str
    message: str
    canonical: str | None = None
    suggestion: str | None = None
    score: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def masked(self) -> str:
        """The span as a report may show it without repeating the contact: 加我****, 1**********."""
        return mask(self.text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.text:
            d["masked"] = self.masked
        if not self.extra:
            d.pop("extra")
        for key in ("canonical", "suggestion"):
            if d[key] is None:
                d.pop(key)
        return d


def mask(text: str) -> str:
    """Keep the first character and the punctuation, star every other letter, digit or Hanzi."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch if i == 0 or not ch.isalnum() else "*")
    return "".join(out)


@dataclass(frozen=True)
class Report:
    """The verdict on one message and the findings that earned it."""

    verdict: Verdict
    findings: tuple[Finding, ...]
    platform: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "verdict": self.verdict.value,
            "findings": [f.to_dict() for f in self.findings],
            "platform": self.platform,
        }
        if self.notes:
            d["notes"] = list(self.notes)
        return d
