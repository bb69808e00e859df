"""One gzip member from independently compressed pieces: valid gzip, the text concatenated, the CRC combined."""

from __future__ import annotations

import gzip
import random
import zlib

from newskb.export import gzip_chunks


def test_crc32_combine_is_the_crc_of_the_concatenation() -> None:
    rng = random.Random(16)
    for _ in range(300):
        a = rng.randbytes(rng.randrange(0, 64))
        b = rng.randbytes(rng.choice([0, 1, 2, 7, 255, 256, 4097, rng.randrange(70_000)]))
        assert gzip_chunks.crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_pieces_make_one_gzip_member_of_the_texts_in_order() -> None:
    rng = random.Random(5)
    texts = [f"{{'item': {i}, 'text': '{'あいう' * rng.randrange(500)}'}}".encode() for i in range(40)]
    member = gzip_chunks.gzip_member(
        [*(gzip_chunks.compress(t) for t in texts), gzip_chunks.compress(b"]\n", final=True)]
    )
    assert member.startswith(gzip_chunks.HEADER)
    assert gzip.decompress(member) == b"".join(texts) + b"]\n"  # gzip checks the CRC and the length
    d = zlib.decompressobj(wbits=31)
    assert d.decompress(member) and d.eof and not d.unused_data  # one member, nothing after it


def test_a_piece_does_not_depend_on_what_comes_before_it() -> None:
    """What makes caching pieces sound: a text's compressed bytes are the same wherever it stands."""
    text = b'{"a":"same text","b":[1,2,3]}' * 50
    assert gzip_chunks.compress(text) == gzip_chunks.compress(text)
    before = gzip_chunks.compress(text[:700])
    member = gzip_chunks.gzip_member([before, gzip_chunks.compress(text), gzip_chunks.compress(b"", final=True)])
    assert gzip_chunks.compress(text).data in member and gzip.decompress(member) == text[:700] + text
