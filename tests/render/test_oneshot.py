"""A one-shot `newskb build` after an edit: byte-identical to a full build of the same entries, for
each kind of edit, and keying only the pages that show an edited story when only story files
changed and each is placed as before (build.quick_keys, Manifest.stories)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newskb.cache import file_stamp
from newskb.render import build
from newskb.render.build import BuildConfig, build_site
from newskb.render.manifest import ManifestStore, manifest_path, read_manifest

from .support import BASE_URL

GRIN = "entries/stories/2024-09-18-microsoft-grin-moe.yaml"
CONSTELLATION = "entries/stories/2024-09-20-microsoft-constellation-three-mile-island.yaml"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def config(root: Path, out: Path, full: bool = False) -> BuildConfig:
    return BuildConfig(entries=root / "entries", out=out, base_url=BASE_URL, search=False, full=full, validated=False)


def full_build(kb: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / f"reference-{len(list(tmp_path.iterdir()))}" / "site"
    build_site(config(kb, out, full=True), progress=False)
    return tree(out)


def edit(kb: Path, rel: str, old: str, new: str) -> None:
    path = kb / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many pages each build keyed, by way: all of them (`page_keys`) or the quick way."""
    counts = {"all": 0, "quick": 0}
    whole, quick = build.page_keys, build.quick_keys

    def page_keys(prep: build.Prepared, track: bool = False) -> build.Keyed:
        counts["all"] += 1
        return whole(prep, track)

    def quick_keys(prep: build.Prepared, previous: object, gkey: str | None = None) -> object:
        got = quick(prep, previous, gkey)  # type: ignore[arg-type]
        counts["quick"] += got is not None
        return got

    monkeypatch.setattr(build, "page_keys", page_keys)
    monkeypatch.setattr(build, "quick_keys", quick_keys)
    return counts


def _title(kb: Path) -> None:
    edit(kb, GRIN, "  en: Microsoft releases GRIN MoE", "  en: Microsoft publishes GRIN MoE")


def _quote(kb: Path) -> None:
    edit(kb, CONSTELLATION, "    en: Powering industries critical", "    en: Powering the industries critical")


def _claim(kb: Path) -> None:
    edit(kb, GRIN, "    en: it has only 6.6 billion parameters", "    en: it has just 6.6 billion parameters")


def _two_stories(kb: Path) -> None:
    _title(kb)
    _quote(kb)


def _speaker(kb: Path) -> None:  # placed otherwise: the quote moves to another person's page
    edit(kb, CONSTELLATION, "  speaker: joe-dominguez\n", "  speaker: sundar-pichai\n")


def _registry_name(kb: Path) -> None:
    edit(kb, "entries/people.yaml", "    en: Joe Dominguez", "    en: Joseph Dominguez")


def _new_story(kb: Path) -> None:
    text = (kb / GRIN).read_text(encoding="utf-8")
    (kb / "entries/stories/2024-09-18-microsoft-grin-moe-2.yaml").write_text(
        text.replace("id: microsoft-grin-moe\n", "id: microsoft-grin-moe-2\n", 1), encoding="utf-8"
    )


def _deleted_story(kb: Path) -> None:
    (kb / GRIN).unlink()


def _date(kb: Path) -> None:  # placed otherwise: the oldest story now, last on every dated list
    edit(kb, GRIN, "\ndate: 2024-09-18\n", "\ndate: 2024-09-16\n")


#: Each kind of edit, and whether the build may key only the edited stories' pages.
EDITS: list[tuple[Callable[[Path], None], bool]] = [
    (_title, True),
    (_quote, True),
    (_claim, True),
    (_two_stories, True),
    (_speaker, False),
    (_registry_name, False),
    (_new_story, False),
    (_deleted_story, False),
    (_date, False),
]


@pytest.mark.slow
@pytest.mark.parametrize(("change", "quick"), EDITS, ids=[f.__name__.strip("_") for f, _ in EDITS])
def test_a_one_shot_build_after_each_kind_of_edit_equals_a_full_build(
    kb: Path, tmp_path: Path, keyed: dict[str, int], change: Callable[[Path], None], quick: bool
) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    assert keyed == {"all": 1, "quick": 0}
    before = tree(site)
    change(kb)
    time.sleep(0.05)
    result = build_site(config(kb, site), progress=False)
    assert not result.full and result.written > 0
    assert keyed == ({"all": 1, "quick": 1} if quick else {"all": 2, "quick": 0})
    now = tree(site)
    assert now == full_build(kb, tmp_path)
    # every file that differs was written or removed (keys are conservative: a page may be rewritten as it was)
    assert {f for f in set(now) | set(before) if now.get(f) != before.get(f)} <= set(result.changed)
    # and the next edit finds the record it needs again
    edit(kb, CONSTELLATION, "    en: Powering", "    en: Supplying")
    build_site(config(kb, site), progress=False)
    assert tree(site) == full_build(kb, tmp_path)
    assert keyed["quick"] == (2 if quick else 1)


def test_after_a_story_edit_only_the_pages_showing_it_are_keyed(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    manifest = read_manifest(site)
    assert manifest is not None and manifest.stories is not None
    files = list(manifest.pages)
    shown = {files[i] for i in manifest.stories["microsoft-grin-moe"].pages}
    assert "en/stories/microsoft-grin-moe/index.html" in shown and "ja/about/index.html" not in shown
    keyed: list[str] = []
    page_key = build.incremental.Fingerprints.page_key

    def counting(self: build.incremental.Fingerprints, page: build.Page, gkey: bytes) -> str:
        keyed.append(page.file)
        return page_key(self, page, gkey)

    monkeypatch.setattr(build.incremental.Fingerprints, "page_key", counting)
    _title(kb)
    build_site(config(kb, site), progress=False)
    assert set(keyed) == shown and len(keyed) < len(files) // 2


def test_a_file_changed_behind_the_builds_back_is_rewritten_after_a_story_edit(kb: Path, keyed: dict[str, int]) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    about = site / "en/about/index.html"
    original = about.read_bytes()
    about.write_bytes(b"defaced")
    _title(kb)
    build_site(config(kb, site), progress=False)
    assert keyed["quick"] == 1 and about.read_bytes() == original


def tamper_store(site: Path, *statements: str) -> None:
    """Run SQL on the manifest store, as someone with write access to the cache folder could."""
    db = sqlite3.connect(manifest_path(site))
    with db:
        for sql in statements:
            db.execute(sql)
    db.close()


GRIN_ROW = "WHERE id = 'microsoft-grin-moe'"


#: Every way a story's record can fail to hold together; one runs in the quick suite, all in CI's.
_SLOW = pytest.mark.slow
TAMPERED = [
    pytest.param(f"UPDATE stories SET pages = '[1000000000]' {GRIN_ROW}", id="index-out-of-range", marks=_SLOW),
    pytest.param(f"UPDATE stories SET pages = '[-1]' {GRIN_ROW}", id="negative-index", marks=_SLOW),
    pytest.param(f"UPDATE stories SET pages = 'not json' {GRIN_ROW}", id="pages-not-json", marks=_SLOW),
    pytest.param(f"UPDATE stories SET pages = '{{\"a\": 1}}' {GRIN_ROW}", id="pages-not-a-list", marks=_SLOW),
    pytest.param(f"DELETE FROM stories {GRIN_ROW}", id="story-missing", marks=_SLOW),
    pytest.param(f"UPDATE stories SET placement = '{'0' * 40}' {GRIN_ROW}", id="other-placement", marks=_SLOW),
    pytest.param(
        "UPDATE stories SET closure = 'zz' WHERE id <> 'microsoft-grin-moe'", id="closure-not-hex", marks=_SLOW
    ),
    pytest.param(
        "UPDATE stories SET closure = 'abcd' WHERE id <> 'microsoft-grin-moe'", id="closure-too-short", marks=_SLOW
    ),
    pytest.param("UPDATE pages SET file = 'en/elsewhere/index.html' WHERE i = 5", id="page-moved", marks=_SLOW),
    pytest.param("DELETE FROM pages WHERE i = 5", id="page-missing"),
]


@pytest.mark.parametrize("tamper", TAMPERED)
def test_a_story_record_that_does_not_hold_together_keys_every_page(
    kb: Path, tmp_path: Path, keyed: dict[str, int], tamper: str
) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    tamper_store(site, tamper)
    _title(kb)
    build_site(config(kb, site), progress=False)
    assert keyed == {"all": 2, "quick": 0}
    assert tree(site) == full_build(kb, tmp_path)


@pytest.mark.slow
def test_a_tampered_closure_rewrites_pages_it_never_leaves_them_stale(
    kb: Path, tmp_path: Path, keyed: dict[str, int]
) -> None:
    """A closure is only ever part of a key: a wrong one re-renders pages, the content comes from the entries."""
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    tamper_store(site, f"UPDATE stories SET closure = '{'0' * 40}' WHERE id <> 'microsoft-grin-moe'")
    _title(kb)
    build_site(config(kb, site), progress=False)
    assert keyed == {"all": 1, "quick": 1}
    assert tree(site) == full_build(kb, tmp_path)
    _quote(kb)  # the wrong closures are still recorded (carried over): still only ever keys
    build_site(config(kb, site), progress=False)
    assert keyed["quick"] == 2 and tree(site) == full_build(kb, tmp_path)


@pytest.mark.slow
def test_after_a_quick_build_nothing_to_do_loads_nothing_and_a_document_edit_is_seen(
    kb: Path, tmp_path: Path, keyed: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The About page's documents are read only when it renders: a build that keyed only an edited story's
    pages still records them, so the next build finds nothing to do, and then sees an edit of one."""
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    _title(kb)
    build_site(config(kb, site), progress=False)
    assert keyed["quick"] == 1
    prepared: list[int] = []
    prepare = build.prepare
    monkeypatch.setattr(build, "prepare", lambda cfg, *more: prepared.append(1) or prepare(cfg, *more))
    build_site(config(kb, site), progress=False)
    assert prepared == []  # up to date, without loading
    method = kb / "docs" / "method.en.md"
    assert method.is_file()
    method.write_text(method.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = build_site(config(kb, site), progress=False)
    assert "en/about/index.html" in result.changed
    assert tree(site) == full_build(kb, tmp_path)


def test_a_one_shot_build_after_a_story_edit_reads_the_store_in_part_and_updates_it_in_place(
    kb: Path, tmp_path: Path, keyed: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading every page's record was most of the manifest's cost at 10,000 stories: a build that keys only
    an edited story's pages reads the keys of those pages alone, and rewrites only their rows."""
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    before = read_manifest(site)
    assert before is not None
    whole: list[int] = []
    asked: list[int] = []
    real_manifest, real_keys = ManifestStore.manifest, ManifestStore.keys
    monkeypatch.setattr(ManifestStore, "manifest", lambda self: whole.append(1) or real_manifest(self))
    monkeypatch.setattr(ManifestStore, "keys", lambda self, indices: asked.extend(indices) or real_keys(self, indices))
    _title(kb)
    result = build_site(config(kb, site), progress=False)
    assert keyed["quick"] == 1 and whole == [] and 0 < len(asked) < len(before.pages) // 2
    after = read_manifest(site)
    assert after is not None and list(after.pages) == list(before.pages)
    rewritten = {f for f in after.pages if after.pages[f] != before.pages[f]}
    assert rewritten == {f for f in result.changed if f in after.pages}
    assert all(after.pages[f].stamp == file_stamp(site / f) for f in after.pages)
    assert after.stories is not None and before.stories is not None
    assert {s for s in after.stories if after.stories[s] != before.stories[s]} == {"microsoft-grin-moe"}
    assert tree(site) == full_build(kb, tmp_path)


@pytest.mark.slow
def test_a_story_moved_to_another_list_page_by_its_date_is_built_as_a_full_build_would(
    kb: Path, tmp_path: Path, keyed: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newskb.render import incremental, pages

    for module in (pages, incremental):  # two stories a list page: the fixture's lists span pages
        monkeypatch.setattr(module, "PAGE_SIZE", 2)
    site = kb / "site"

    def list_pages() -> list[str]:  # the home list's pages that show the story
        return sorted(
            p.relative_to(site).as_posix()
            for p in [site / "en/index.html", *site.glob("en/page/*/index.html")]
            if "en/stories/microsoft-grin-moe/" in p.read_text(encoding="utf-8")
        )

    build_site(config(kb, site), progress=False)
    assert list_pages() == ["en/page/3/index.html"]
    _date(kb)
    build_site(config(kb, site), progress=False)
    assert keyed == {"all": 2, "quick": 0}
    assert list_pages() == ["en/page/4/index.html"]
    assert tree(site) == full_build(kb, tmp_path)


@pytest.mark.slow
def test_a_one_shot_build_after_a_story_edit_parses_only_that_story(
    kb: Path, tmp_path: Path, keyed: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every other entry's model comes from the model cache (model_cache.py), and no string is interned
    (kb.compact: it saves a little memory for a full build's workers, at a CPU cost a build of a few pages
    does not repay; the field sets are still shared)."""
    from newskb import kb as kb_module
    from newskb.model_cache import cache_path

    cache_path(kb / "entries").unlink(missing_ok=True)  # copied with the fixture when a build made one there
    site = kb / "site"
    parsed: list[str] = []
    interned: list[bool] = []
    parse_entry, compact = kb_module.parse_entry, kb_module.compact
    monkeypatch.setattr(kb_module, "parse_entry", lambda path, *a: parsed.append(path.name) or parse_entry(path, *a))
    monkeypatch.setattr(
        kb_module, "compact", lambda model, strings: interned.append(strings) or compact(model, strings)
    )
    build_site(config(kb, site), progress=False)
    entries = len(list((kb / "entries").rglob("*.yaml")))
    assert len(parsed) == entries and interned == [True] * entries  # the first build: every file, in full
    parsed.clear()
    interned.clear()
    _title(kb)
    build_site(config(kb, site), progress=False)
    assert keyed["quick"] == 1
    assert parsed == [Path(GRIN).name] and interned == [False] * entries
    assert tree(site) == full_build(kb, tmp_path)
