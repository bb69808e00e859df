"""The file format of the caches of compressed pieces (the feed's, the database's): a JSON header, then bytes.

Data only (cache.py's rules): a fixed magic line naming the cache, the length
of the header in ASCII digits and a newline, the header (JSON), then the
compressed pieces back to back; the header says where each one lies, with the
CRC-32 of its bytes. Read bounded; anything that is not such a file is one
notice and a miss.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..cache import atomic_path, notice, read_bounded

#: Largest cache file read back (the feed at 10,000 stories is about 25 MB compressed, the database 50 MB).
LIMIT = 2 * 1024 * 1024 * 1024


def read(path: Path, magic: bytes) -> tuple[Any, memoryview] | None:
    """(header, the bytes after it), or None: missing (silently) or not such a file (one notice)."""
    if not path.exists() and not path.is_symlink():
        return None
    data = read_bounded(path, LIMIT)
    if data is None:
        notice(path, f"not a regular file of at most {LIMIT} bytes")
        return None
    try:
        if not data.startswith(magic):
            raise ValueError("no magic line")
        size_end = data.index(b"\n", len(magic))
        size = int(data[len(magic) : size_end].decode("ascii"))
        start = size_end + 1
        if size < 0 or start + size > len(data):
            raise ValueError("header out of bounds")
        header = json.loads(data[start : start + size].decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        notice(path, "not a pieces file")
        return None
    return header, memoryview(data)[start + size :]


def write(path: Path, magic: bytes, header: Any, pieces: Iterable[bytes]) -> None:
    """Store the header and the pieces, atomically and best-effort (a cache that cannot be written only costs time)."""
    head = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path, durable=False) as tmp, open(tmp, "wb") as fh:
            fh.write(magic + str(len(head)).encode("ascii") + b"\n" + head)
            fh.writelines(pieces)
    except OSError:
        pass


def is_place(value: Any, blob: int) -> bool:
    """[offset, length, CRC-32 of the compressed bytes, CRC-32 of the text, text length], inside a blob of `blob` bytes."""
    if not (isinstance(value, list) and len(value) == 5):
        return False
    if not all(type(v) is int and 0 <= v < 1 << 40 for v in value):
        return False
    offset, length, zcrc, crc, _ = value
    return offset + length <= blob and zcrc < 1 << 32 and crc < 1 << 32
