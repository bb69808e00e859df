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


def _others(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_atomic_path_renames_its_temporary_file_into_place_after_flushing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sub" / "f.txt"
    synced: list[bool] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(not target.exists()), real(fd))[1])
    with cache.atomic_path(target) as tmp:
        assert tmp.parent == target.parent and tmp.exists() and not target.exists()
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new" and _others(target.parent, "f.txt") == []
    assert synced and synced[0], "the data is flushed before the rename makes it visible"


def test_atomic_path_leaves_the_target_untouched_and_no_temporary_file_on_an_error(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), cache.atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed midway")
    assert target.read_bytes() == b"old" and _others(tmp_path, "f.txt") == []


def test_atomic_path_keeps_an_existing_mode_and_gives_a_new_file_the_umask_mode(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        new = tmp_path / "new"
        with cache.atomic_path(new) as tmp:
            tmp.write_bytes(b"x")
        assert new.stat().st_mode & 0o777 == 0o640 == cache.default_mode()
        old = tmp_path / "old"
        old.write_bytes(b"x")
        old.chmod(0o604)
        with cache.atomic_path(old) as tmp:
            tmp.write_bytes(b"y")
        assert old.stat().st_mode & 0o777 == 0o604
    finally:
        os.umask(umask)


def test_atomic_paths_renames_all_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    targets = [tmp_path / name for name in ("a", "b", "c")]
    for t in targets:
        t.write_text("old")
    real = os.fsync
    calls: list[int] = []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file's data cannot be flushed
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError), cache.atomic_paths(targets) as temps:
        for tmp in temps:
            tmp.write_text("new")
    assert [t.read_text() for t in targets] == ["old"] * 3 and _others(tmp_path, "a", "b", "c") == []
    monkeypatch.setattr(os, "fsync", real)
    with cache.atomic_paths(targets) as temps:
        for tmp in temps:
            tmp.write_text("new")
    assert [t.read_text() for t in targets] == ["new"] * 3 and _others(tmp_path, "a", "b", "c") == []


def test_a_cache_file_is_written_without_flushing_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An fsync per cache file costs a cold run 10,000 of them; a cache torn by a power cut is read as a miss."""
    calls: list[int] = []
    monkeypatch.setattr(os, "fsync", calls.append)
    assert cache.write_json(tmp_path / "c.json", {"a": 1}) and calls == []


def test_no_other_module_makes_its_own_temporary_file_to_rename_into_place() -> None:
    """One atomic writer (cache.atomic_path): each copy of mkstemp-then-replace had its own mode bug or none."""
    package = Path(cache.__file__).parent
    users = sorted(
        p.relative_to(package).as_posix() for p in package.rglob("*.py") if "mkstemp" in p.read_text(encoding="utf-8")
    )
    assert users == ["cache.py"]


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


def test_a_fifo_planted_where_a_cache_file_goes_is_replaced_by_a_file_with_the_umask_mode(tmp_path: Path) -> None:
    fifo = tmp_path / "c.json"
    os.mkfifo(fifo, 0o777)
    os.chmod(fifo, 0o777)
    assert cache.write_json(fifo, {"a": 1})
    assert fifo.is_file() and fifo.stat().st_mode & 0o777 == cache.default_mode()
