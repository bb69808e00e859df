"""The database gzipped as runs of pages (export/database_pieces.py): one gzip member of the file, the
same bytes whatever the cache holds, and only runs not seen before compressed."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from newskb.export import database_pieces, gzip_chunks

PAGE = database_pieces.PAGE


def _file(pages: int, seed: int = 1) -> bytes:
    """Pages of text-like bytes, as compressible as a database's (a fixed vocabulary)."""
    rng = random.Random(seed)
    words = [bytes(rng.choice(b"abcdefghij") for _ in range(rng.randrange(2, 9))) for _ in range(300)]
    out = bytearray()
    while len(out) < pages * PAGE:
        out += rng.choice(words) + b" "
    return bytes(out[: pages * PAGE])


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    real = gzip_chunks.compress

    def counted(text: bytes, final: bool = False) -> gzip_chunks.Piece:
        sizes.append(len(text))
        return real(text, final)

    monkeypatch.setattr(gzip_chunks, "compress", counted)
    return sizes


def test_the_member_is_the_file_and_the_same_with_or_without_a_cache(tmp_path: Path) -> None:
    data = _file(300)
    cache = tmp_path / "pieces.bin"
    plain = database_pieces.gzip_database(data)
    assert gzip.decompress(plain) == data
    assert database_pieces.gzip_database(data, cache) == plain  # cold
    assert database_pieces.gzip_database(data, cache) == plain  # warm
    assert len(database_pieces.runs(data)) > 1 and b"".join(database_pieces.runs(data)) == data


def test_cuts_depend_on_the_pages_not_on_their_offsets() -> None:
    """A page inserted shifts the pages after it; the runs after the cut that follows it are the same bytes."""
    data = _file(400)
    grown = data[: 50 * PAGE] + _file(1, seed=9) + data[50 * PAGE :]
    before = {bytes(r) for r in database_pieces.runs(data)}
    after = [bytes(r) for r in database_pieces.runs(grown)]
    assert sum(r not in before for r in after) <= 2


def test_only_runs_not_seen_before_are_compressed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _file(400)
    cache = tmp_path / "pieces.bin"
    database_pieces.gzip_database(data, cache)
    page = 200 * PAGE
    edited = data[:page] + b"EDITED" + data[page + 6 :]
    sizes = _counting(monkeypatch)
    got = database_pieces.gzip_database(edited, cache)
    monkeypatch.undo()
    assert got == database_pieces.gzip_database(edited) and gzip.decompress(got) == edited
    assert len([s for s in sizes if s]) == 1  # the run holding the edited page (and the empty final piece)


def test_a_damaged_piece_is_noticed_and_compressed_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _file(300)
    cache = tmp_path / "pieces.bin"
    plain = database_pieces.gzip_database(data, cache)
    raw = bytearray(cache.read_bytes())
    raw[-100] ^= 0xFF
    cache.write_bytes(bytes(raw))
    assert database_pieces.gzip_database(data, cache) == plain
    assert "cache ignored (a damaged piece)" in capsys.readouterr().err
    assert database_pieces.gzip_database(data, cache) == plain and "cache ignored" not in capsys.readouterr().err


@pytest.mark.parametrize("damage", [b"", b"newskb database pieces\n99999\n{}", b"newskb database pieces\n2\n[]"])
def test_a_file_that_is_not_a_pieces_file_is_a_notice(
    tmp_path: Path, damage: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _file(100)
    cache = tmp_path / "pieces.bin"
    cache.write_bytes(damage)
    assert database_pieces.gzip_database(data, cache) == database_pieces.gzip_database(data)
    assert "cache ignored" in capsys.readouterr().err


@pytest.mark.parametrize("size", [0, 1, PAGE - 1, PAGE, 5 * PAGE, 700 * PAGE + 123])
def test_a_file_is_cut_into_the_same_runs_when_read_a_page_at_a_time(tmp_path: Path, size: int) -> None:
    data = (_file(size // PAGE + 1) * 1)[:size]
    path = tmp_path / "db.sqlite"
    path.write_bytes(data)
    assert list(database_pieces.file_runs(path)) == [bytes(r) for r in database_pieces.runs(data)]


def test_a_database_given_by_path_gives_the_same_member_as_its_bytes(tmp_path: Path) -> None:
    data = _file(400)
    path = tmp_path / "db.sqlite"
    path.write_bytes(data)
    cache = tmp_path / "pieces.bin"
    fresh = database_pieces.gzip_database(path, cache)
    assert fresh == database_pieces.gzip_database(data)
    assert database_pieces.gzip_database(path, cache) == fresh  # from the cache's pieces
    assert gzip.decompress(fresh) == data


@pytest.mark.slow
def test_a_database_given_by_path_is_not_read_whole(tmp_path: Path) -> None:
    """At 10,000 stories the database is 393 MB: the worker that gzips it must not hold it (it was its peak)."""
    import tracemalloc

    text = _file(2000)
    # 8 MB of pages a quarter full, as compressible as a database's (7.5 to 1 at 1,000 stories)
    data = b"".join(text[i : i + PAGE // 4] + bytes(PAGE - PAGE // 4) for i in range(0, len(text), PAGE))
    path = tmp_path / "db.sqlite"
    path.write_bytes(data)
    database_pieces.gzip_database(path, tmp_path / "pieces.bin")  # the cache filled: a warm build reads it
    del data
    tracemalloc.start()
    try:
        member = database_pieces.gzip_database(path, tmp_path / "pieces.bin")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the cache file's bytes, the member, a few runs: before, the file's own 8 MB besides
    assert peak < 3 * len(member) + 8 * database_pieces.RUN * PAGE, (peak, len(member))
    assert peak < path.stat().st_size / 2
