"""The feed's per-story pieces cache (export/feed_cache.py): reused only when nothing they show changed.

Whatever the cache holds (nothing, a stale record, a damaged file, another
site's pieces), the feed is byte for byte the one built without a cache, and
gunzipped it is the feed's JSON (`claimreview.feed_json`).
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from edit_support import GRIN, new_story, replace
from newskb.export import claimreview, feed_cache
from newskb.kb import load_kb
from newskb.render import routes
from newskb.render.build import DEFAULT_TEMPLATES
from newskb.render.i18n import load_messages

FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "render" / "kb"
BASE = "https://kb.example.org/sub/"
NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
MESSAGES = load_messages(DEFAULT_TEMPLATES / "locales", routes.LANGS)
REAL_ELEMENT = claimreview.story_element


@pytest.fixture(autouse=True)
def small_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups of about two stories (the fixture has seven): an edit must redo its group and no other."""
    monkeypatch.setattr(claimreview, "GROUP", 2)


def _groups(entries: Path) -> list[list[str]]:
    return [
        [e.model.id for e in g]
        for g in claimreview.story_groups(sorted(load_kb(entries).stories, key=lambda e: e.model.id))
    ]


def _to_redo(before: list[list[str]], entries: Path, edited: set[str]) -> set[str]:
    """The stories of each group (as the entries are now) that is new or holds an edited story."""
    return {sid for g in _groups(entries) if g not in before or edited & set(g) for sid in g}


NUCLEAR = "stories/2024-09-20-microsoft-constellation-three-mile-island.yaml"


@pytest.fixture
def entries(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    return tmp_path / "kb" / "entries"


def _built(entries: Path, cache: Path | None, base: str = BASE, check: bool = True) -> bytes:
    """The gzipped feed; with `check`, asserted to gunzip to the feed's JSON."""
    kb = load_kb(entries)
    data = claimreview.feed_gzip(kb, MESSAGES, base, NOW, cache)
    if check:
        assert gzip.decompress(data) == claimreview.feed_json(kb, MESSAGES, base, NOW).encode("utf-8")
    return data


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stories whose items are built (not taken from the cache), one per language."""
    made: list[str] = []
    real = claimreview.story_element

    def counted(kb, story, lang, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(story.id)
        return real(kb, story, lang, *args, **kwargs)

    monkeypatch.setattr(claimreview, "story_element", counted)
    return made


def test_cached_pieces_give_the_same_bytes_and_are_not_built_again(
    entries: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "pieces.bin"
    plain = _built(entries, None)
    made = _counting(monkeypatch)
    assert _built(entries, cache, check=False) == plain and cache.is_file()
    assert sorted(made) == sorted(
        2 * [e.model.id for e in load_kb(entries).stories]
    )  # a cold cache: all, in both languages
    made.clear()
    assert _built(entries, cache, check=False) == plain
    assert made == []  # a warm cache: nothing built again


EDITS: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    # edit -> (how, the stories whose items must be built again)
    "a verdict": (replace("verdict: misleading", "verdict: inaccurate", GRIN), {"microsoft-grin-moe"}),
    "a story title (not in the feed)": (
        replace("en: Microsoft releases GRIN MoE", "en: Microsoft ships GRIN MoE", GRIN),
        {"microsoft-grin-moe"},  # its file changed: rebuilt, same bytes
    ),
    "an author's registry name": (
        replace("en: Sundar Pichai", "en: Sundar Pichai (Google)", "people.yaml"),
        {"microsoft-constellation-three-mile-island"},
    ),
    "the source's title": (
        replace(
            "en: It's Microsoft's nuclear-powered AI!",
            "en: Microsoft's nuclear-powered AI!",
            "sources/000_e554cb74c4a6e450.yaml",
        ),
        "all",  # type: ignore[dict-item]
    ),
    "a new story": (new_story, {"a-copy-of-grin-moe"}),
    "a deleted story": (lambda entries: (entries / GRIN).unlink(), {"microsoft-grin-moe"}),
}


@pytest.mark.parametrize("what", list(EDITS))
def test_after_each_kind_of_edit_the_feed_is_the_one_built_without_a_cache(
    what: str, entries: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "pieces.bin"
    before = _built(entries, cache)
    edit, rebuilt = EDITS[what]
    groups = _groups(entries)
    edit(entries)
    made = _counting(monkeypatch)
    after = _built(entries, cache, check=False)
    if rebuilt == "all":
        assert len(set(made)) == len(list((entries / "stories").glob("*.yaml")))
    else:
        assert set(made) == _to_redo(groups, entries, rebuilt) and len(set(made)) < 7
    monkeypatch.setattr(claimreview, "story_element", REAL_ELEMENT)
    assert after == _built(entries, None)
    if what != "a story title (not in the feed)":
        assert after != before
    made = _counting(monkeypatch)
    assert _built(entries, cache, check=False) == after and made == []  # the cache was brought up to date


def _blob_start(data: bytes) -> int:
    size_end = data.index(b"\n", len(feed_cache.MAGIC))
    return size_end + 1 + int(data[len(feed_cache.MAGIC) : size_end])


def test_a_damaged_piece_is_detected_and_built_again(
    entries: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "pieces.bin"
    plain = _built(entries, cache)
    data = bytearray(cache.read_bytes())
    data[_blob_start(bytes(data)) + 40] ^= 0x55  # one byte of the first story's compressed piece
    cache.write_bytes(bytes(data))
    capsys.readouterr()
    made = _counting(monkeypatch)
    assert _built(entries, cache, check=False) == plain
    first = claimreview.story_groups(sorted(load_kb(entries).stories, key=lambda e: e.model.id))[0]
    assert set(made) == {e.model.id for e in first}
    assert "cache ignored (a damaged piece" in capsys.readouterr().err


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-10],  # torn: a piece out of bounds
        lambda data: data.replace(b'"version":%d' % feed_cache.VERSION, b'"version":"%d"' % feed_cache.VERSION),
        lambda data: data.replace(b'"members":[["', b'"members":[[7,"', 1),
        lambda data: b"garbage" + data,
        lambda data: data[: len(feed_cache.MAGIC) + 3],
    ],
    ids=["torn", "version", "record", "magic", "truncated header"],
)
def test_a_corrupt_cache_file_is_one_notice_and_a_rebuild(
    damage: Callable[[bytes], bytes], entries: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "pieces.bin"
    plain = _built(entries, cache)
    damaged = damage(cache.read_bytes())
    assert damaged != cache.read_bytes()
    cache.write_bytes(damaged)
    capsys.readouterr()
    assert _built(entries, cache) == plain
    assert "cache ignored" in capsys.readouterr().err
    assert _built(entries, cache) == plain  # rewritten whole


def test_pieces_made_for_another_base_url_are_not_used(entries: Path, tmp_path: Path) -> None:
    cache = tmp_path / "pieces.bin"
    _built(entries, cache, "https://other.example.org/")
    assert _built(entries, cache) == _built(entries, None)


def test_a_fifo_in_place_of_the_cache_is_not_read(entries: Path, tmp_path: Path) -> None:
    import os

    cache = tmp_path / "pieces.bin"
    os.mkfifo(cache)
    assert _built(entries, cache) == _built(entries, None)  # no hang; replaced by a regular file


@pytest.mark.slow
def test_a_one_shot_build_after_an_edit_publishes_the_feed_a_fresh_full_build_publishes(tmp_path: Path) -> None:
    """Through `build_site`: the cache beside the entries is used by the one-shot build, and its
    feed (and database) are the bytes of a full build of a copy of the entries that has no cache."""
    from newskb.render.build import BuildConfig, build_site

    def build(kb: Path, full: bool) -> dict[str, bytes]:
        out = kb / "site"
        build_site(
            BuildConfig(entries=kb / "entries", out=out, base_url=BASE, search=False, full=full, validated=False),
            progress=False,
        )
        return {name: (out / "data" / name).read_bytes() for name in ("claimreview.json.gz", "newskb.sqlite.gz")}

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    build(kb, full=True)
    assert (kb / ".newskb-cache" / "claimreview-pieces.bin").is_file()
    replace("verdict: misleading", "verdict: inaccurate", GRIN)(kb / "entries")
    one_shot = build(kb, full=False)
    fresh = tmp_path / "fresh"
    shutil.copytree(kb, fresh, ignore=shutil.ignore_patterns(".newskb-cache", "site"))
    assert not (fresh / ".newskb-cache").exists()
    assert build(fresh, full=True) == one_shot
