"""One gzip member assembled from independently compressed pieces, so unchanged pieces can be reused.

Why: the ClaimReview feed is hundreds of MB of JSON at 10,000 stories, and
gzipping it whole on every edit costs seconds. Each piece here is compressed
by a fresh raw-deflate compressor and ended with a full flush (`Z_FULL_FLUSH`:
byte-aligned, no back-reference into anything before it), so the compressed
bytes of a piece depend on that piece alone and can be cached; pieces
concatenated in order, the last one finished, are one valid deflate stream.
The gzip trailer needs the CRC-32 of the whole text, which `crc32_combine`
computes from the pieces' own CRCs and lengths without their text.

The bytes depend on zlib's version and the level (`FINGERPRINT` says which),
never on how pieces were cached: a full build and a one-shot build compress
the same pieces the same way.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from typing import NamedTuple

LEVEL = 6
#: What compressed bytes depend on besides the text: a cache of pieces made otherwise is not reused.
FINGERPRINT = f"zlib {zlib.ZLIB_RUNTIME_VERSION} level {LEVEL} raw full-flush"
#: The header `gzip.GzipFile(mtime=0, filename="")` writes at level 6: no name, no timestamp, OS unknown.
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


class Piece(NamedTuple):
    """Compressed bytes of a text, with the CRC-32 and length of the text (what the trailer needs)."""

    data: bytes | memoryview
    crc: int
    size: int


def compress(text: bytes, final: bool = False) -> Piece:
    """`text` deflated alone (raw, no header); flushed to a byte boundary, or finished when `final`."""
    c = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = c.compress(text) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)
    return Piece(data, zlib.crc32(text), len(text))


# --- CRC-32 of a concatenation ----------------------------------------------------------------------
#
# Appending n zero bytes to a message maps its (unconditioned) CRC register through a linear
# operator over GF(2); combine(crc1, crc2, n) is that operator applied to crc1, xor crc2. Operators
# for n = 2^k are kept as four 256-entry tables (one per byte of the register), so applying one is
# four lookups, and n is applied bit by bit: about twenty lookups a piece.

_POLY = 0xEDB88320


def _zero_byte(reg: int) -> int:
    """The raw register after one zero byte."""
    for _ in range(8):
        reg = (reg >> 1) ^ _POLY if reg & 1 else reg >> 1
    return reg


def _tables(basis: list[int]) -> tuple[list[int], ...]:
    """Lookup tables of the linear operator whose images of the 32 unit vectors are `basis`."""
    out = []
    for byte in range(4):
        table = [0] * 256
        for v in range(1, 256):
            low = v & -v
            table[v] = table[v ^ low] ^ basis[8 * byte + low.bit_length() - 1]
        out.append(table)
    return tuple(out)


def _apply(tables: tuple[list[int], ...], reg: int) -> int:
    t0, t1, t2, t3 = tables
    return t0[reg & 0xFF] ^ t1[(reg >> 8) & 0xFF] ^ t2[(reg >> 16) & 0xFF] ^ t3[reg >> 24]


def _powers(count: int = 40) -> list[tuple[list[int], ...]]:
    """Tables for appending 2^k zero bytes, k = 0 .. count-1 (squaring the operator each step)."""
    powers = [_tables([_zero_byte(1 << i) for i in range(32)])]
    for _ in range(count - 1):
        prev = powers[-1]
        powers.append(_tables([_apply(prev, _apply(prev, 1 << i)) for i in range(32)]))
    return powers


_POWERS: list[tuple[list[int], ...]] = []


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of A + B from crc32(A), crc32(B) and len(B) (zlib's `crc32_combine`, which Python lacks)."""
    if not _POWERS:
        _POWERS.extend(_powers())
    reg, k = crc1, 0
    while len2:
        if len2 & 1:
            reg = _apply(_POWERS[k], reg)
        len2 >>= 1
        k += 1
    return reg ^ crc2


def gzip_member(pieces: Iterable[Piece]) -> bytes:
    """One gzip member of the pieces in order; the last must be `final` (`compress(..., final=True)`)."""
    crc = size = 0
    parts = [HEADER]
    for piece in pieces:
        parts.append(piece.data)
        crc = crc32_combine(crc, piece.crc, piece.size)
        size += piece.size
    parts.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(parts)
