"""The published database gzipped as runs of its pages, each run compressed alone and cached by its digest.

Why: gzip at level 6 of the whole database was about 5 s of every one-shot
build at 10,000 stories, and an edit of one story changes few of its pages:
measured at 1,000 stories (9,659 pages of 4 KB), editing a review's note
changed 1 page, and a note 3,000 characters longer 68 (the pages after it
are the same bytes one page further on, but the interior pages that number
them change). So the file is cut into runs of pages, a run ending after each
page whose CRC-32 is 0 modulo RUN (content-defined: a page inserted shifts
the pages after it but not the cuts), and each run is deflated alone with a
full flush (gzip_chunks): a run seen before, by its SHA-256, is not
compressed again. The result is one gzip member whose content is the
database byte for byte; its bytes depend on the database's bytes only, never
on what the cache held.

The cache (`database-pieces.bin`, piece_file.py's format) holds the pieces of
the last build's runs by digest, with the CRC-32 of each piece's bytes checked
when used; a damaged or foreign file is one notice and the runs compressed again.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..cache import notice
from . import gzip_chunks, piece_file

VERSION = 1
MAGIC = b"newskb database pieces\n"
#: The database's page size (sqlite.start_database sets it).
PAGE = 4096
#: Pages per run, on average. Measured at 1,000 stories against one stream: 16 pages (64 KB)
#: +11.1 % in size, 32 +6.0 %, 64 +3.1 %, 128 +1.6 %; bigger runs cost more to redo per changed page.
RUN = 64
_KEY = f"{VERSION} {gzip_chunks.FINGERPRINT} page {PAGE} run {RUN}"
_END = gzip_chunks.compress(b"", final=True)


def runs(data: bytes | memoryview) -> list[memoryview]:
    """The file cut after each page whose CRC-32 is 0 modulo RUN (the last run ends with the file)."""
    view = memoryview(data)
    out = []
    start = 0
    crc32 = zlib.crc32
    for end in range(PAGE, len(view) + PAGE, PAGE):
        if end >= len(view) or crc32(view[end - PAGE : end]) % RUN == 0:
            out.append(view[start : min(end, len(view))])
            start = end
        if end >= len(view):
            break
    return out


def file_runs(path: Path) -> Iterator[bytes]:
    """`runs` of the file at `path`, read a page at a time.

    Why: at 10,000 stories the database is 393 MB; read whole, it was the
    largest part of the peak memory of the worker that builds the data files.
    """
    crc32 = zlib.crc32
    with open(path, "rb") as fh:
        run: list[bytes] = []
        page = fh.read(PAGE)
        while page:
            after = fh.read(PAGE)
            run.append(page)
            if not after or crc32(page) % RUN == 0:
                yield b"".join(run)
                run = []
            page = after


def _read(path: Path) -> tuple[dict[str, list[int]], memoryview]:
    found = piece_file.read(path, MAGIC)
    if found is None:
        return {}, memoryview(b"")
    header, blob = found
    if not (isinstance(header, dict) and header.get("version") == VERSION and isinstance(header.get("runs"), dict)):
        notice(path, "unexpected shape")
        return {}, memoryview(b"")
    if header.get("key") != _KEY:
        return {}, memoryview(b"")
    known = header["runs"]
    if not all(isinstance(k, str) and len(k) == 64 and piece_file.is_place(v, len(blob)) for k, v in known.items()):
        notice(path, "unexpected shape")
        return {}, memoryview(b"")
    return known, blob


def gzip_database(data: bytes | Path, cache: Path | None = None) -> bytes:
    """`data` (a database file, or its path) as one gzip member of its runs; with `cache`, runs compressed
    before are reused (their bytes are not copied out of the cache file's)."""
    pieces_of: Iterable[bytes | memoryview] = file_runs(data) if isinstance(data, Path) else runs(data)
    known, blob = _read(cache) if cache is not None else ({}, memoryview(b""))
    pieces: list[gzip_chunks.Piece] = []
    keep: dict[str, gzip_chunks.Piece] = {}
    damaged = False
    for run in pieces_of:
        digest = hashlib.sha256(run).hexdigest()
        piece = keep.get(digest)
        where: Any = known.get(digest)
        if piece is None and where is not None:
            offset, length, zcrc, crc, size = where
            stored = blob[offset : offset + length]
            if zlib.crc32(stored) == zcrc and size == len(run):
                piece = gzip_chunks.Piece(stored, crc, size)
            elif not damaged:
                notice(cache or "", "a damaged piece")
                damaged = True
        if piece is None:
            piece = gzip_chunks.compress(run if isinstance(run, bytes) else bytes(run))
        keep[digest] = piece
        pieces.append(piece)
    pieces.append(_END)
    if cache is not None and (damaged or keep.keys() != known.keys()):
        _write(cache, keep)
    return gzip_chunks.gzip_member(pieces)


def _write(path: Path, pieces: dict[str, gzip_chunks.Piece]) -> None:
    places: dict[str, list[int]] = {}
    offset = 0
    for digest, piece in pieces.items():
        places[digest] = [offset, len(piece.data), zlib.crc32(piece.data), piece.crc, piece.size]
        offset += len(piece.data)
    piece_file.write(path, MAGIC, {"version": VERSION, "key": _KEY, "runs": places}, (p.data for p in pieces.values()))
