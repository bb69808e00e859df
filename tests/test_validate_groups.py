"""Grouping files for the validator: without a cache, the same groups from the files' first lines, nothing hashed.

`plan` (with a cache) hashes every file to key its group; `membership` (`validate --no-cache`) must give the
same groups, files and transcripts while reading only the first lines each guess needs, so that the main
process does not read the whole knowledge base before the workers start.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from newskb.validate import engine, findings_cache, groups
from validate_support import SOURCE, STORY1, copy_clean

DAY = dt.date(2024, 12, 31)


def _shape(planned: tuple[groups.Group, list[groups.Group]]) -> list[tuple[object, ...]]:
    registries, rest = planned
    return [(g.name, g.registries, g.sources, g.stories, g.transcripts) for g in [registries, *rest]]


@pytest.fixture
def clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_clean(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _guesses(data: bytes, tmp_path: Path) -> tuple[object, object]:
    """What `head_guess` and the whole-file guess find in a story and a source file holding `data`."""
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    heads = (groups.head_guess(str(path), groups._guess_story), groups.head_guess(str(path), groups._guess_source))
    assert heads == (groups._guess_story(data), groups._guess_source(data))
    return heads


def test_a_guess_from_the_head_is_the_guess_from_the_whole_file(tmp_path: Path) -> None:
    pad = b"note: " + b"x" * 100 + b"\n"
    cut = groups.HEAD_BYTES
    # the lines past the head: found by reading on
    far = pad * (cut // len(pad) + 2) + b"id: far-id\nsource: far-source\nfile: seeds/far.txt\n"
    assert _guesses(far, tmp_path) == ("far-source", ("far-id", "seeds/far.txt"))
    # a line cut by the head's end is not read as the shorter id it starts with
    lead = b"x" * (cut - len(b"\nsource: abc") - 1) + b"\n"
    straddling = lead + b"source: abcdef\nid: abcdefgh\nfile: seeds/a.txt\n"
    assert straddling.index(b"abcdef") < cut < straddling.index(b"abcdef") + 6
    assert _guesses(straddling, tmp_path) == ("abcdef", ("abcdefgh", "seeds/a.txt"))
    # the first match wins, in the head as in the file, and a short file is read whole
    assert _guesses(b"source: one\nsource: two\n" + pad * 200, tmp_path) == ("one", (None, None))
    assert _guesses(b"id: a\n", tmp_path) == (None, ("a", None))
    assert _guesses(b"", tmp_path) == (None, (None, None))


def test_a_file_too_large_or_not_regular_is_guessed_from_nothing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"source: big\n" + b"#" * findings_cache.READ_LIMIT)
    assert groups.head_guess(str(big), groups._guess_story) is None
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert groups.head_guess(str(fifo), groups._guess_source) == (None, None)
    assert time.monotonic() - started < 5  # never blocks waiting for a writer
    assert groups.head_guess(str(tmp_path / "missing.yaml"), groups._guess_story) is None
    assert groups.head_guess(str(tmp_path), groups._guess_story) is None  # a directory


def test_membership_groups_as_plan_does_without_hashing(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path("entries")
    # a story whose `source:` line is far down, one whose source cannot be guessed, a FIFO story
    text = Path(STORY1).read_text(encoding="utf-8")
    Path("entries/stories/far.yaml").write_text(
        "# " + "x" * 9000 + "\n" + text.replace("\nid: ", "\nid: far-"), encoding="utf-8"
    )
    Path("entries/stories/none.yaml").write_text(text.replace("\nsource: ", "\nsource: Not An Id "), encoding="utf-8")
    os.mkfifo("entries/stories/fifo.yaml")
    planned = groups.plan(root, findings_cache.FileSigs({}, time.time_ns()), "base")

    def no_hash(path: str) -> tuple[str, bytes | None]:
        raise AssertionError(f"{path} hashed")

    monkeypatch.setattr(findings_cache, "_file_sig", no_hash)
    found = groups.membership(root)
    assert _shape(found) == _shape(planned)
    names = [g.name for g in found[1]]
    assert "fixture" in names and sum(n.startswith("\0") for n in names) == 2
    keys = [k for g in found[1] for k in (g.key, g.own_key, *g.story_keys.values())]
    assert len(keys) == len(set(keys))  # every unit's findings are kept apart


def test_membership_reads_only_the_head_of_each_file(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = Path(STORY1)
    story.write_text(story.read_text(encoding="utf-8") + "# " + "x" * 50_000 + "\n", encoding="utf-8")
    read: list[int] = []
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        data = real(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(groups.os, "read", counting)
    groups.membership(Path("entries"))
    assert read and max(read) <= groups.HEAD_BYTES
    assert sum(read) < story.stat().st_size


def test_an_uncached_run_hashes_nothing_and_finds_what_a_cached_one_does(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path(SOURCE).write_text(Path(SOURCE).read_text(encoding="utf-8").replace("\nid: ", "\nid: Bad "), encoding="utf-8")
    cached = sorted(map(repr, engine.findings(Path("entries"), DAY, use_cache=True, jobs=1).diagnostics))
    assert cached  # the broken source gives findings to compare

    def no_hash(path: str) -> tuple[str, bytes | None]:
        raise AssertionError(f"{path} hashed")

    monkeypatch.setattr(findings_cache, "_file_sig", no_hash)
    uncached = sorted(map(repr, engine.findings(Path("entries"), DAY, use_cache=False, jobs=1).diagnostics))
    assert uncached == cached


def test_short_reads_do_not_cut_the_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.read
    monkeypatch.setattr(groups.os, "read", lambda fd, n: real(fd, min(n, 100)))  # as a slow filesystem may
    lead = b"note: " + b"x" * 300 + b"\n"
    # the `source:` line comes after the first short read: it must still be found in the head
    assert _guesses(lead + b"source: after-first-read\n" + b"#\n" * 5000, tmp_path)[0] == "after-first-read"
    far = lead * 40 + b"id: far\nfile: seeds/f.txt\n"
    assert _guesses(far, tmp_path)[1] == ("far", "seeds/f.txt")
