"""Building: determinism, atomicity, --check, the CLI's output, hostile content."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from newskb.cli import main
from newskb.errors import InputError
from newskb.render import build as build_mod
from newskb.render.build import BuildConfig, Progress, build_site, check_site, diff_trees, resolve_base_url

from .sitecheck import pages, parse
from .support import BASE_URL, FIXTURE_KB, build, explode_at_page


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


def config(root: Path, out: Path | None = None, search: bool = False) -> BuildConfig:
    # validated=False: these tests edit entries into states `validate` refuses, to test the build itself
    return BuildConfig(
        entries=root / "entries", out=out or root / "site", base_url=BASE_URL, search=search, validated=False
    )


@pytest.mark.slow
def test_two_builds_are_byte_identical_search_index_included(fixture_site: Path, tmp_path: Path) -> None:
    again = build(FIXTURE_KB, tmp_path / "again")
    assert diff_trees(fixture_site, again) == []
    assert tree(fixture_site) == tree(again)
    assert any("/pagefind/" in k for k in tree(again))


def test_time_comes_only_from_source_date_epoch_or_the_entries(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build_site(config(kb), progress=False)
    feed = (kb / "site/en/feed.xml").read_text()
    updated = re.search(r"<updated>(.*?)</updated>", feed).group(1)
    assert updated.startswith("20")  # the newest date in the entries, not the clock
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1727395200")  # 2024-09-27
    build_site(config(kb), progress=False)
    assert "<updated>2024-09-27T00:00:00Z</updated>" in (kb / "site/en/feed.xml").read_text()


def test_a_build_that_fails_midway_leaves_the_previous_site_intact(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(config(kb), progress=False)
    before = tree(kb / "site")

    explode_at_page(monkeypatch, lambda page, done: done == 40)
    (kb / "entries/stories/2024-09-18-microsoft-grin-moe.yaml").write_text(
        (kb / "entries/stories/2024-09-18-microsoft-grin-moe.yaml").read_text().replace("GRIN", "CHANGED"),
        encoding="utf-8",
    )
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(config(kb), progress=False)
    assert tree(kb / "site") == before
    assert not [p for p in kb.iterdir() if p.name.startswith(".site.")], "temporary directory left behind"


def test_bad_entries_stop_the_build_before_anything_is_written(kb: Path) -> None:
    build_site(config(kb), progress=False)
    before = tree(kb / "site")
    (kb / "entries/stories/2024-09-18-microsoft-grin-moe.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="stop the build"):
        build_site(config(kb), progress=False)
    assert tree(kb / "site") == before


@pytest.mark.slow
def test_check_reports_a_stale_site(
    kb: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(kb)
    args = ["build", "--base-url", BASE_URL]
    assert main([*args, "--check"]) == 1  # nothing built yet
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"built \d+ pages \(\d+ written, \d+ removed\) in \d+\.\d\ds\n", out)
    assert main([*args, "--check"]) == 0
    (kb / "site/en/index.html").write_text("stale", encoding="utf-8")
    capsys.readouterr()
    assert main([*args, "--check"]) == 1
    assert "changed: en/index.html" in capsys.readouterr().out


@pytest.mark.slow
def test_check_does_not_touch_the_site(kb: Path) -> None:
    build_site(config(kb), progress=False)
    before = tree(kb / "site")
    (kb / "entries/stories/2024-09-18-microsoft-grin-moe.yaml").write_text(
        (kb / "entries/stories/2024-09-18-microsoft-grin-moe.yaml").read_text().replace("GRIN", "CHANGED"),
        encoding="utf-8",
    )
    _, diffs = check_site(config(kb), progress=False)
    assert "changed: en/stories/microsoft-grin-moe/index.html" in diffs
    assert tree(kb / "site") == before


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from newskb import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    quiet = io.StringIO()
    Progress(10, stream=quiet).update(10, "en/")
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    bar = Progress(10, stream=loud, enabled=True)
    bar.update(10, "en/")
    bar.close()
    assert "/10 [" in loud.getvalue()  # tqdm's bar (tests/test_progress.py covers the rest)


def test_base_url_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSKB_BASE_URL", raising=False)
    assert resolve_base_url(None, tmp_path) == build_mod.DEFAULT_BASE_URL
    (tmp_path / "pyproject.toml").write_text('[tool.newskb]\nbase_url = "https://kb.example.org/news"\n')
    assert resolve_base_url(None, tmp_path) == "https://kb.example.org/news/"
    monkeypatch.setenv("NEWSKB_BASE_URL", "https://env.example.org/")
    assert resolve_base_url(None, tmp_path) == "https://env.example.org/"
    assert resolve_base_url("https://cli.example.org", tmp_path) == "https://cli.example.org/"
    with pytest.raises(InputError):
        resolve_base_url("/relative/", tmp_path)


# --- hostile content ----------------------------------------------------------------------


@pytest.mark.slow
def test_hostile_entry_renders_as_text(hostile_site: Path) -> None:
    story = hostile_site / "en/stories/hostile-story/index.html"
    html = story.read_text(encoding="utf-8")
    assert "Hostile story {{ 7*7 }} {% raw %}" in html.replace("&#34;", '"')  # template syntax shown, not run
    assert "49" not in re.sub(r"\d{3,}", "", html)
    for page in pages(hostile_site):
        if "/pagefind/" in page.as_posix():
            continue
        doc = parse(page)
        rel = page.relative_to(hostile_site).as_posix()
        for tag, attrs in doc.attrs:
            assert tag not in ("iframe", "svg", "img", "style", "b"), f"{rel}: <{tag}> from content"
            assert not any(k.startswith("on") for k in attrs), f"{rel}: {tag} {attrs}"
            for key in ("href", "src", "action"):
                value = attrs.get(key, "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), f"{rel}: {value}"
        executable = [s for s in doc.scripts if s.get("type") != "application/ld+json"]
        assert all(s.get("src", "").endswith("assets/search.js") for s in executable), rel
        for block in doc.script_text:
            assert "</script" not in block.lower() and "<" not in block, rel
    ja = (hostile_site / "ja/stories/hostile-story/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;危険な記事 {{ 7*7 }}" in ja


def test_cli_build_and_serve_are_registered() -> None:
    from newskb.cli import COMMANDS

    assert {"build", "serve"} <= set(COMMANDS)


def test_serve_refuses_an_unbuilt_directory(tmp_path: Path) -> None:
    assert main(["serve", "--dir", str(tmp_path)]) == 2


def test_a_claim_is_rendered_once_per_language_and_forgotten_after_its_last_page(tmp_path: Path) -> None:
    """Its story's page, the claims list and its author's page share one rendering; once all have
    shown it, the renderer holds nothing for it (memory stays bounded at 10,000 stories)."""
    prep = build_mod.prepare(BuildConfig(entries=FIXTURE_KB / "entries", out=tmp_path / "site", search=False))
    renderer = prep.renderer
    rendered: list[str] = []
    for lang in ("ja", "en"):
        module = renderer.card_macros(lang)
        original = module.claim_body

        def counting(story, claim, _original=original, _lang=lang):  # type: ignore[no-untyped-def]
            rendered.append(f"{_lang}:{story.id}/{claim.id}")
            return _original(story, claim)

        module.claim_body = counting
    for page in prep.pages:
        renderer.render(page)
    claims = [f"{story.id}/{claim.id}" for story in prep.site.stories for claim in story.claims]
    assert sorted(rendered) == sorted(f"{lang}:{c}" for lang in ("ja", "en") for c in claims)
    assert renderer.pending_claims == {}


@pytest.mark.parametrize(
    ("files", "says"),
    [
        (["index.html", "en/index.html", "en/a/index.html"], None),
        (["a/.b/c.html", "a/..b/index.html", "a/b.../index.html"], None),
        (["en/index.html", "ja/index.html", "en/index.html"], "two pages would be written to en/index.html"),
        (["en/index.html", "/etc/x.html"], "a page path would leave the site: '/etc/x.html'"),
        (["en/../x.html"], "leave the site"),
        (["en/./x.html"], "leave the site"),
        (["en//x.html"], "leave the site"),
        (["en/x/"], "leave the site"),
        ([""], "leave the site"),
        (["..", "a.html"], "leave the site"),
        (["en/../x.html", "a", "a"], "leave the site"),  # the first problem in the page list's order
        (["a", "a", "en/../x.html"], "two pages"),
        (["en/tags/index.html", "en/tags/index.html/page/2/index.html"], "page en/tags/index.html would also"),
        (["en/a/b/c/d.html", "en/a/b/e.html", "en/a"], "page en/a would also"),
    ],
)
def test_a_page_list_that_cannot_be_written_is_refused_in_one_line(files: list[str], says: str | None) -> None:
    if says is None:
        build_mod.check_page_files(Path("entries"), files)
        return
    with pytest.raises(InputError, match=re.escape(says)):
        build_mod.check_page_files(Path("entries"), files)


def test_a_claim_waiting_for_its_next_page_is_held_as_utf8_and_shown_as_rendered(tmp_path: Path) -> None:
    """A worker holds nearly every claim of its language at once (claim pages first, lists last): held as
    UTF-8 bytes (40 % less than a str of Japanese HTML), each later use shows the HTML first rendered."""
    prep = build_mod.prepare(BuildConfig(entries=FIXTURE_KB / "entries", out=tmp_path / "site", search=False))
    renderer = prep.renderer
    story = next(s for s in prep.site.stories if s.claims)
    claim = story.claims[0]
    for lang in ("ja", "en"):
        claim_html = renderer.card_helpers_of(lang)["claim_html"]
        first = claim_html(story, claim)
        held = renderer.pending_claims[("claim", lang, story.id, claim.id)]
        assert held[0] == str(first).encode()
        assert claim_html(story, claim) == first


def test_a_full_build_makes_its_extra_files_and_keys_after_its_pages(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sitemap and feeds (about 180 MB at 10,000 stories) and the page keys are not in memory while
    the pages render (a forked worker's resident set starts as the main process's): made afterwards."""
    events: list[str] = []
    real_render_pages, real_sitemap, real_keys = build_mod.render_pages, build_mod.feeds.sitemap, build_mod.page_keys
    monkeypatch.setattr(build_mod, "page_keys", lambda *a, **k: (events.append("keys"), real_keys(*a, **k))[1])
    monkeypatch.setattr(build_mod, "render_pages", lambda *a: (events.append("pages"), real_render_pages(*a))[1])
    monkeypatch.setattr(build_mod.feeds, "sitemap", lambda *a: (events.append("sitemap"), real_sitemap(*a))[1])
    result = build_site(config(kb), progress=False)
    assert events == ["pages", "sitemap", "keys"]

    assert result.files == result.pages + len(build_mod.extra_names(build_mod.DEFAULT_TEMPLATES))
