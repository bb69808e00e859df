"""Incremental builds: only the pages whose inputs changed are written, and the result is
byte-identical to a full build of the same entries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newskb.render.build import BuildConfig, build_site
from newskb.render.manifest import manifest_path, read_manifest

from .support import BASE_URL, explode_at_page

pytestmark = pytest.mark.slow  # each test builds a site in full and incrementally and compares them (1-14 s each)

GRIN = "entries/stories/2024-09-18-microsoft-grin-moe.yaml"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def stamps(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def config(root: Path, out: Path, search: bool = False, full: bool = False) -> BuildConfig:
    # validated=False: these tests edit entries into states `validate` refuses, to test the build itself
    return BuildConfig(entries=root / "entries", out=out, base_url=BASE_URL, search=search, full=full, validated=False)


def full_build(kb: Path, tmp_path: Path, search: bool = False) -> dict[str, bytes]:
    """A full build of the entries as they are now, elsewhere (the reference)."""
    out = tmp_path / f"reference-{len(list(tmp_path.iterdir()))}" / "site"
    build_site(config(kb, out, search=search, full=True), progress=False)
    return tree(out)


def rebuild(kb: Path, site: Path, search: bool = False) -> tuple[set[str], set[str]]:
    """Build incrementally; (files rewritten, files removed), judged by mtimes."""
    before = stamps(site)
    time.sleep(0.05)  # a rewrite gets a later mtime than any file of the previous build
    result = build_site(config(kb, site, search=search), progress=False)
    assert not result.full
    after = stamps(site)
    written = {f for f in after if before.get(f) != after[f]}
    return written, set(before) - set(after)


def edit(kb: Path, rel: str, old: str, new: str) -> None:
    path = kb / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_rebuild_writes_nothing(kb: Path) -> None:
    site = kb / "site"
    first = build_site(config(kb, site), progress=False)
    assert first.full and manifest_path(site).is_file()
    assert not manifest_path(site).is_relative_to(site)  # site/ holds only what a full build writes
    written, removed = rebuild(kb, site)
    assert written == set() and removed == set()


def test_editing_a_story_rewrites_exactly_the_pages_that_show_it(kb: Path, tmp_path: Path) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    old = tree(site)
    edit(kb, GRIN, "GRIN", "GRAIN")
    written, removed = rebuild(kb, site)
    new = tree(site)
    assert new == full_build(kb, tmp_path)  # byte-identical to a full build
    changed = {f for f in new if old.get(f) != new[f]}
    assert written == changed  # only the affected pages, and every one of them
    assert removed == set()
    for lang in ("ja", "en"):
        assert f"{lang}/stories/microsoft-grin-moe/index.html" in written
        assert f"{lang}/index.html" in written  # the list that shows it
        assert f"{lang}/stories/microsoft-constellation-three-mile-island/index.html" not in written
    assert "sitemap.xml" not in written and not any(f.startswith("assets/") for f in written)


def test_adding_and_deleting_stories_match_a_full_build(kb: Path, tmp_path: Path) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    # add: a copy of a story under a new id
    text = (kb / GRIN).read_text(encoding="utf-8")
    (kb / "entries/stories/2024-09-18-microsoft-grin-moe-2.yaml").write_text(
        text.replace("id: microsoft-grin-moe\n", "id: microsoft-grin-moe-2\n", 1), encoding="utf-8"
    )
    written, removed = rebuild(kb, site)
    assert tree(site) == full_build(kb, tmp_path)
    assert {"en/stories/microsoft-grin-moe-2/index.html", "ja/stories/microsoft-grin-moe-2/index.html"} <= written
    assert "sitemap.xml" in written and removed == set()
    # delete: the story's pages go, and so does its directory
    (kb / GRIN).unlink()
    old = tree(site)
    written, removed = rebuild(kb, site)
    reference = full_build(kb, tmp_path)
    assert tree(site) == reference
    assert removed == set(old) - set(reference)  # its pages, and a page of claims that is no longer needed
    assert {"en/stories/microsoft-grin-moe/index.html", "ja/stories/microsoft-grin-moe/index.html"} <= removed
    assert written == {f for f in reference if old.get(f) != reference[f]}
    assert not (site / "en/stories/microsoft-grin-moe").exists()


def test_a_file_changed_behind_the_builds_back_is_rewritten(kb: Path) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    good = (site / "en/about/index.html").read_bytes()
    (site / "en/about/index.html").write_text("tampered", encoding="utf-8")
    (site / "ja/people/index.html").unlink()
    written, _ = rebuild(kb, site)
    assert written == {"en/about/index.html", "ja/people/index.html"}
    assert (site / "en/about/index.html").read_bytes() == good


def test_a_failed_incremental_build_leaves_the_site_intact(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    before, times = tree(site), stamps(site)
    edit(kb, GRIN, "GRIN", "GRAIN")

    explode_at_page(monkeypatch, lambda page, done: page.route.startswith("en/"))
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(config(kb, site), progress=False)
    monkeypatch.undo()
    assert tree(site) == before and stamps(site) == times
    assert not [p for p in kb.iterdir() if p.name.startswith(".site.")]
    # and the next build does the work
    assert build_site(config(kb, site), progress=False).written > 0


def test_incremental_with_search_matches_a_full_build(kb: Path, tmp_path: Path) -> None:
    site = kb / "site"
    build_site(config(kb, site, search=True), progress=False)
    written, _ = rebuild(kb, site, search=True)
    assert written == set()  # nothing indexed changed: Pagefind not run
    edit(kb, GRIN, "GRIN", "GRAIN")
    written, _ = rebuild(kb, site, search=True)
    assert any("/pagefind/" in f for f in written)
    assert tree(site) == full_build(kb, tmp_path, search=True)


def test_changing_the_templates_or_asking_for_it_builds_in_full(kb: Path) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    assert build_site(config(kb, site, full=True), progress=False).full
    other = BuildConfig(
        entries=kb / "entries", out=site, base_url="https://example.org/kb/", search=False, validated=False
    )
    result = build_site(other, progress=False)
    assert result.full and result.written == result.pages


# --- a build with nothing to do --------------------------------------------------------------

SOURCE = "seeds/000_e554cb74c4a6e450.txt"


def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count how often a build loads the knowledge base."""
    from newskb.render import build as build_module

    calls: list[int] = []
    real = build_module.prepare

    def counting(cfg: BuildConfig, *more):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(cfg, *more)

    monkeypatch.setattr(build_module, "prepare", counting)
    return calls


def test_a_build_with_nothing_to_do_loads_nothing(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = kb / "site"
    first = build_site(config(kb, site), progress=False)
    counted = loads(monkeypatch)
    before = stamps(site)
    result = build_site(config(kb, site), progress=False)
    assert counted == []
    assert (result.pages, result.written, result.removed, result.full) == (first.pages, 0, 0, False)
    assert stamps(site) == before


def _story(kb: Path, mp: pytest.MonkeyPatch | None = None) -> None:
    edit(kb, GRIN, "GRIN", "GRAIN")


def _transcript(kb: Path, mp: pytest.MonkeyPatch) -> None:
    path = kb / SOURCE
    path.write_bytes(path.read_bytes().replace("マイクロソフト".encode(), "マイクロソフト社".encode(), 1))


def _method(kb: Path, mp: pytest.MonkeyPatch) -> None:
    path = kb / "docs/method.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def _new_method(kb: Path, mp: pytest.MonkeyPatch) -> None:
    (kb / "docs/method.ja.md").write_text("# 方法\n\n新しい文書。\n", encoding="utf-8")


def _registry(kb: Path, mp: pytest.MonkeyPatch) -> None:
    edit(kb, "entries/people.yaml", "Sundar Pichai", "Sundar P. Pichai")


def _removed_story(kb: Path, mp: pytest.MonkeyPatch) -> None:
    (kb / GRIN).unlink()


def _epoch(kb: Path, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("SOURCE_DATE_EPOCH", "1727740800")


def _deleted_page(kb: Path, mp: pytest.MonkeyPatch) -> None:
    (kb / "site/en/tags/index.html").unlink()


def _touched_page(kb: Path, mp: pytest.MonkeyPatch) -> None:
    import os

    page = kb / "site/ja/index.html"
    st = page.stat()
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def _deleted_feed(kb: Path, mp: pytest.MonkeyPatch) -> None:
    next((kb / "site").glob("*/feed.xml")).unlink()


def _deleted_asset(kb: Path, mp: pytest.MonkeyPatch) -> None:
    (kb / "site/assets/site.css").unlink()


def _tampered_asset(kb: Path, mp: pytest.MonkeyPatch) -> None:
    (kb / "site/assets/search.js").write_text("alert(1)", encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [
        _story,
        _transcript,
        _method,
        _new_method,
        _registry,
        _removed_story,
        _epoch,
        _deleted_page,
        _touched_page,
        _deleted_feed,
        _deleted_asset,
        _tampered_asset,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_any_change_to_what_a_build_reads_or_wrote_makes_it_look_again(
    change, kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    counted = loads(monkeypatch)
    change(kb, monkeypatch)
    build_site(config(kb, site), progress=False)
    assert counted == [1]
    assert tree(site) == full_build(kb, tmp_path)


def test_a_file_edited_while_the_build_runs_is_looked_at_again(kb: Path, tmp_path: Path) -> None:
    """The inputs are hashed before they are read: an edit made during the build leaves a key that no longer matches."""
    from newskb.render import build as build_module

    site = kb / "site"
    real = build_module.prepare

    def edit_then_prepare(cfg: BuildConfig, *more):  # type: ignore[no-untyped-def]
        _story(kb)  # saved after the build hashed the entries, before it read them
        return real(cfg, *more)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module, "prepare", edit_then_prepare)
        build_site(config(kb, site), progress=False)
    edit(kb, GRIN, "GRAIN", "GRIN")  # back to what the build hashed: the site shows GRAIN, not this
    build_site(config(kb, site), progress=False)
    assert tree(site) == full_build(kb, tmp_path)


def test_the_manifest_records_every_file_besides_the_pages(kb: Path) -> None:
    from newskb.render.build import DEFAULT_TEMPLATES, extra_names

    site = kb / "site"
    build_site(config(kb, site), progress=False)
    manifest = read_manifest(site)
    assert manifest is not None and manifest.inputs is not None
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert set(manifest.extras) == set(extra_names(DEFAULT_TEMPLATES)) == on_disk - set(manifest.pages)
    assert {"assets/site.css", "robots.txt", "sitemap.xml"} <= set(manifest.extras)
    recorded = manifest.inputs.files
    assert str((kb / SOURCE).resolve()) in recorded and str((kb / GRIN).resolve()) in recorded
    # a transcript, three documents (docs/method.{ja,en}.md, pyproject.toml for report_url)
    assert len(recorded) == len(list((kb / "entries").rglob("*.yaml"))) + 1 + 3


def test_after_an_edit_the_check_hashes_the_edited_file_first(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding that there is work to do costs one file's hash, not the whole knowledge base's."""
    import os

    from newskb.render import incremental

    site = kb / "site"
    build_site(config(kb, site), progress=False)
    path = kb / GRIN
    _story(kb)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # the newest file, whatever the clock
    hashed: list[str] = []
    real = incremental._disk_digest

    def counting(p: str, docs: set[str], repo: Path) -> str:
        hashed.append(p)
        return real(p, docs, repo)

    monkeypatch.setattr(incremental, "_disk_digest", counting)
    manifest = read_manifest(site)
    assert manifest is not None and manifest.inputs is not None
    assert not incremental.same_inputs(manifest.inputs, kb / "entries")
    assert hashed == [os.path.abspath(path)]


CONSTELLATION = "entries/stories/2024-09-20-microsoft-constellation-three-mile-island.yaml"


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        (CONSTELLATION, "  speaker: joe-dominguez\n", "  speaker: sundar-pichai\n"),  # a quote moves to another page
        ("entries/people.yaml", "    en: President and CEO of Constellation Energy", "    en: Chief executive"),
        (GRIN, "GRIN", "GRAIN"),
    ],
    ids=["quote-speaker", "registry", "title"],
)
def test_a_one_shot_build_after_an_edit_matches_a_full_build(
    kb: Path, tmp_path: Path, rel: str, old: str, new: str
) -> None:
    site = kb / "site"
    build_site(config(kb, site), progress=False)
    edit(kb, rel, old, new)
    written, _ = rebuild(kb, site)
    assert written, "the edit changed something"
    assert tree(site) == full_build(kb, tmp_path)
