"""Publishing an on-disk cache folder (the compiled lexicon, jieba's word trie, the folding
views): written in a temporary folder beside its place, then renamed into it, so a reader never
sees half of one; when another process got there first, its folder is kept. A cache that cannot
be written (a read-only home) only costs time, never a check. Folders are named by a Checksum
of what they were built from."""
from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Callable


class Checksum:
    """hashlib's update()/hexdigest() for naming a cache folder: zlib's CRC-32 and Adler-32 of
    the bytes, 64 bits. Not hashlib: importing it loads OpenSSL's libcrypto (~2 ms of every
    start), and telling whether local files changed needs no cryptographic strength."""

    def __init__(self, data: bytes = b""):
        self._crc, self._adler = 0, 1
        self.update(data)

    def update(self, data: bytes) -> None:
        self._crc = zlib.crc32(data, self._crc)
        self._adler = zlib.adler32(data, self._adler)

    def hexdigest(self) -> str:
        return f"{self._crc:08x}{self._adler:08x}"


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
