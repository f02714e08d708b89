"""Publishing an on-disk cache folder (the compiled lexicon, jieba's word trie, the folding
views): written in a temporary folder beside its place, then renamed into it, so a reader never
sees half of one; when another process got there first, its folder is kept. A cache that cannot
be written (a read-only home) only costs time, never a check."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable


def publish(path: Path, write: Callable[[Path], None]) -> None:
    """Call write(folder) on a fresh folder, then move it to `path` unless `path` exists."""
    import shutil   # here, not at the top: a process that only reads its caches (~2 ms at start)
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=path.parent))
        try:
            write(tmp)
            if not path.exists():
                os.replace(tmp, path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)   # nothing left when it was moved
    except OSError:
        pass
