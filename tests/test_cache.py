"""The cache layer: caches are data, read within bounds, checked, and never trusted with a path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from newskb import cache


def test_the_cache_folder_sits_beside_the_folder_it_serves(tmp_path: Path) -> None:
    assert cache.cache_dir(tmp_path / "entries", "validate") == tmp_path.resolve() / ".newskb-cache" / "validate"


@pytest.mark.parametrize(
    "rel",
    ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/.", "a\\..\\b", "a\0b", 7, None, ["a"]],
)
def test_a_path_from_a_cache_that_is_not_plain_and_relative_is_refused(tmp_path: Path, rel: object) -> None:
    assert not cache.is_plain_relative(rel)
    with pytest.raises(cache.UnsafePath):
        cache.contained(rel, tmp_path)


def test_a_path_through_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (site / "link").symlink_to(tmp_path / "elsewhere")
    assert cache.contained("en/index.html", site) == site / "en/index.html"
    with pytest.raises(cache.UnsafePath):
        cache.contained("link/index.html", site)


def test_json_round_trips_and_is_checked_against_its_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c" / "x.json"
    assert cache.write_json(path, {"a": [1, 2]})
    shape = TypeAdapter(dict[str, list[int]])
    assert cache.read_json(path, shape) == {"a": [1, 2]}
    assert cache.read_json(path, lambda v: isinstance(v, dict) and "a" in v) == {"a": [1, 2]}
    assert capsys.readouterr().err == ""
    assert cache.read_json(path, TypeAdapter(dict[str, list[str]])) is None
    assert cache.read_json(path, lambda v: False) is None
    assert capsys.readouterr().err.count("cache ignored (unexpected shape)") == 1  # one notice per file and reason
    assert not [p for p in path.parent.iterdir() if p.name != "x.json"], "a temporary file was left"


@pytest.mark.parametrize("content", [b"", b"\x80\x81", b"{", b"[" * 100_000, b"\x00pickle"])
def test_a_corrupt_cache_is_a_miss_with_a_notice(tmp_path: Path, content: bytes, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"corrupt-{len(content)}.json"
    path.write_bytes(content)
    assert cache.read_json(path) is None
    assert "cache ignored" in capsys.readouterr().err


def test_a_missing_cache_is_a_silent_miss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cache.read_json(tmp_path / "none.json") is None
    assert capsys.readouterr().err == ""


def test_special_files_and_links_out_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert cache.read_bounded(fifo, 100) is None  # would block forever if opened for reading normally
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    assert cache.read_bounded(tmp_path / "zero.json", 100) is None
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "link.json").symlink_to(outside)
    assert cache.read_bounded(tmp_path / "inner" / "link.json", 100) is None
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 101)
    assert cache.read_bounded(big, 100) is None
    assert cache.read_bounded(outside, 100) == b"{}"


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cache.write_json(blocker / "sub" / "x.json", {"a": 1}) is False
    assert cache.write_json(tmp_path / "x.json", {"a": object()}) is False  # not data: not written


def test_atomic_write_keeps_the_umask_mode(tmp_path: Path) -> None:
    path = tmp_path / "f"
    cache.atomic_write(path, b"data")
    assert path.read_bytes() == b"data"
    assert path.stat().st_mode & 0o777 == cache.default_mode()


def test_code_fingerprint_changes_with_a_file_and_ignores_pycache(tmp_path: Path) -> None:
    from newskb.cache import code_fingerprint

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    before = code_fingerprint(tmp_path / "pkg", extra=("v1",))
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "a.pyc").write_bytes(b"junk")
    assert code_fingerprint(tmp_path / "pkg", extra=("v1",)) == before
    assert code_fingerprint(tmp_path / "pkg", extra=("v2",)) != before
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    assert code_fingerprint(tmp_path / "pkg", extra=("v1",)) != before
    (tmp_path / "pkg" / "render").mkdir()
    (tmp_path / "pkg" / "render" / "b.py").write_text("y = 1\n")
    after = code_fingerprint(tmp_path / "pkg", extra=("v1",))
    assert code_fingerprint(tmp_path / "pkg", exclude=("render",), extra=("v1",)) != after
