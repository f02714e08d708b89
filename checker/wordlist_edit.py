"""Editing a user's wordlist folder: list, add and remove entries, with the lexicon's own parser
(checker/lexicon.py) deciding what a section and an entry are, so the CLI, the API or a Python
caller edit a list the way the engine reads it. Every write is validated before it replaces the
file, atomically."""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import WordlistError
from .lexicon import BUNDLED_DIR, EDITABLE_KINDS, Entry, parse_file, section_of, wordlist_files
from .normalize import default_normalizer

NEW_LIST = ("# msgcheck user wordlist 用户词表 — same format as the bundled lists (msgcheck wordlist --help).\n"
            "# Edit by hand, or: msgcheck wordlist add TERM --kind KIND / msgcheck wordlist remove TERM\n")
MODES = ("before", "after", "next", "contact")


class EditError(ValueError):
    """A request the folder cannot take; `param` names the option it is about (None: the call)."""

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class Added:
    path: Path
    line: int
    header: str
    existed: bool   # the entry was there already: nothing written


def files_in(d: Path) -> list[Path]:
    return wordlist_files([d]) if d.is_dir() else []


def bundled_files() -> list[Path]:
    return wordlist_files([BUNDLED_DIR])


def fold(term: str) -> str:
    return default_normalizer().fold(term)


def entries(files, origin: str) -> list[dict]:
    """Every entry of the files, validated (a bad line raises WordlistError naming file:line)."""
    norm = default_normalizer()
    rows = []
    for path in files:
        parsed = parse_file(path, norm)
        lines = path.read_text(encoding="utf-8").splitlines()
        section, sections = None, {}
        for i, line in enumerate(lines, 1):
            section = section_of(line) or section
            sections[i] = section
        for e in parsed:
            if not isinstance(e, Entry):
                continue  # an @pinyin request, expanded only when compiling
            lineno = int(e.source.rsplit(":", 1)[1])
            raw = lines[lineno - 1].split(" #", 1)[0].split("\t#", 1)[0].strip()
            rows.append({"origin": origin, "path": str(path), "file": path.name, "line": lineno,
                         "section": sections[lineno], "entry": raw, "term": raw.split()[0], "folded": e.term,
                         "kind": e.kind, "canonical": e.canonical, "channel": e.channel, "mode": e.mode,
                         "ambiguous": e.ambiguous})
    return rows


def write_list(path: Path, content: str) -> None:
    """Validate the new content as a wordlist, then replace the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        try:
            parse_file(Path(tmp), default_normalizer())
        except WordlistError as e:
            raise WordlistError(path, e.lineno, e.reason) from None
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def insert(content: str, header: str, entry: str) -> tuple[str, int]:
    """Add `entry` at the end of the last `header` section (appending the section if there is
    none); returns the new content and the entry's line number."""
    lines = content.splitlines()
    starts = [i for i, line in enumerate(lines) if section_of(line) == header]
    if starts:
        h = starts[-1]
        end = next((i for i in range(h + 1, len(lines)) if section_of(lines[i])), len(lines))
        body = [i for i in range(h + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
        at = (body[-1] if body else h) + 1
        lines.insert(at, entry)
    else:
        if lines and lines[-1].strip():
            lines.append("")
        lines += [header, entry]
        at = len(lines) - 1
    return "\n".join(lines) + "\n", at + 1


def section_header(kind: str, channel: str | None, canonical: str | None, mode: str | None,
                   weak: bool, far: bool, dirs) -> str:
    """The section an entry of this kind goes under; EditError for a combination the format
    has no place for."""
    def no(flag, why):
        raise EditError(f"{flag} {why} (--kind {kind})")

    if kind not in EDITABLE_KINDS:
        raise EditError(f"{kind!r} is not a kind you can add (kinds: {', '.join(EDITABLE_KINDS)})", "--kind")
    if mode and kind != "action":
        no("--mode", "is only for --kind action")
    if (weak or far) and kind != "action":
        no("--weak/--far", "are only for --kind action")
    if channel and kind not in ("platform", "phrase"):
        no("--channel", "is only for --kind platform or phrase")
    if channel and not re.fullmatch(r"[a-z0-9_]+", channel):
        raise EditError(f"{channel!r}: a channel id is lower-case ASCII, e.g. wechat, qq, taobao", "--channel")
    if canonical and (re.search(r"[\s\]#]", canonical)):
        raise EditError("no spaces, ']' or '#'", "--canonical")
    if kind == "platform":
        if not channel:
            no("--channel", "is required: which channel the term names, e.g. wechat")
        if not canonical:
            known = {}
            for path in [*bundled_files(), *[f for d in dirs for f in files_in(d)]]:
                for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                    h = section_of(line)
                    if h and h.startswith("[platform ") and len(h[1:-1].split()) == 3:
                        known.setdefault(h[1:-1].split()[1], h[1:-1].split()[2])
            if channel not in known:
                no("--canonical", f"is required for the new channel {channel!r}: the name users are told, e.g. 微信")
            canonical = known[channel]
        return f"[platform {channel} {canonical}]"
    if kind == "action":
        if mode not in MODES:
            no("--mode", "is required: before (加微信), after (淘宝搜), next (v我) or contact (打我电话)")
        return f"[action {mode}]"
    if kind == "phrase" and channel:
        return f"[phrase {channel}]"
    return f"[{kind}]"


def add(d: Path, term: str, kind: str, *, channel: str | None = None, canonical: str | None = None,
        mode: str | None = None, ambiguous: bool = False, pinyin: bool = False, weak: bool = False,
        far: bool = False, filename: str = "user.txt") -> Added:
    """Put `term` under the right section of `d/filename` (created when missing)."""
    if not term.strip() or any(c.isspace() for c in term) or "#" in term or term.startswith("["):
        raise EditError("one term: no spaces, '#' or leading '[' (spaces are folded away anyway: "
                        "write 微信, not 微 信)", "TERM")
    if not filename.endswith(".txt") or filename.startswith(".") or "/" in filename or os.sep in filename:
        raise EditError("a plain file name ending in .txt", "--file")
    if filename in {p.name for p in bundled_files()}:
        raise EditError(f"{filename} is the name of a bundled list; pick another so file:line "
                        "references stay unambiguous", "--file")
    header = section_header(kind, channel, canonical, mode, weak, far, [d])
    flags = ["?"] * ambiguous + ["~"] * weak + [">"] * far + ["@pinyin"] * pinyin
    if canonical and kind != "platform":
        flags.append(f"canonical={canonical}")
    path = d / filename
    folded = fold(term)
    if path.exists():
        for r in entries([path], "user"):
            if r["section"] == header and r["folded"] == folded:
                return Added(path, r["line"], header, True)
    content, lineno = insert(path.read_text(encoding="utf-8") if path.exists() else NEW_LIST,
                             header, " ".join([term, *flags]))
    write_list(path, content)
    return Added(path, lineno, header, False)


def remove(d: Path, term: str, kind: str | None = None) -> list[dict]:
    """Take every entry that folds like `term` (of `kind`, if given) out of the folder's lists;
    the rows removed, as `entries` gives them."""
    folded = fold(term)
    removed: list[dict] = []
    for path in files_in(d):
        hits = [r for r in entries([path], "user") if r["folded"] == folded and kind in (None, r["kind"])]
        if hits:
            drop = {r["line"] for r in hits}
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            write_list(path, "".join(line for i, line in enumerate(lines, 1) if i not in drop))
            removed += hits
    return removed


def bundled_matches(term: str) -> list[dict]:
    """The bundled entries that fold like `term` (they cannot be removed, only allowed)."""
    folded = fold(term)
    return [r for r in entries(bundled_files(), "bundled") if r["folded"] == folded]
