"""Issue #14, part B: search, tags and raw text, the way back to the original, citing, mobile, print, dark
mode and typography. Browser tests drive Debian's Chromium (as test_browser.py); the others read the built
site or the catalogues."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from newskb.render.i18n import load_catalog
from newskb.render.markdown import markdown_text

from .sitecheck import pages, parse
from .support import FIXTURE_KB, REPO, build

THREE_MILE = "microsoft-constellation-three-mile-island"
ROBOTS = "jim-fan-robotics-gpt-3-moment"
SOURCE = "000_e554cb74c4a6e450"
LOCALES = REPO / "templates" / "locales"


class _Text(HTMLParser):
    """The text a reader sees in <main> (scripts, <template> and the visually hidden .vh left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.head: list[str] = []
        self.stack: list[bool] = []
        self.in_main = False
        self.in_title = False
        self.description = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self.in_main = True
        if tag == "title":
            self.in_title = True
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content") or ""
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        # ids in <code> are shown as ids on purpose (the About page's citation example)
        # and a claim page's "cite this" and report lines name the claim's id and address on purpose (#14 item 8)
        classes = (a.get("class") or "").split()
        hidden = tag in ("script", "style", "template", "datalist", "code") or bool({"vh", "cite", "report"} & set(classes))
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag == "title":
            self.in_title = False
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.head.append(data)
        elif self.in_main and not (self.stack and self.stack[-1]):
            self.parts.append(data)


def _text(path: Path) -> tuple[str, str]:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return "".join(p.parts), " ".join(p.head) + " " + p.description


# --- item 6: no slugs or raw text ------------------------------------------------------------------


def test_tags_show_their_registry_names_in_each_language(fixture_site: Path) -> None:
    tags = {t["id"]: t["name"] for t in yaml.safe_load((FIXTURE_KB / "entries" / "tags.yaml").read_text())["tags"]}
    ja, _ = _text(fixture_site / "ja" / "stories" / THREE_MILE / "index.html")
    en, _ = _text(fixture_site / "en" / "stories" / THREE_MILE / "index.html")
    assert "タグ：" in ja and "タグ:" not in ja
    assert tags["nuclear"]["ja"] == "原子力" and "原子力、" in ja
    assert "small-modular-reactors" not in ja and "power-purchase-agreement" not in en
    assert tags["small-modular-reactors"]["en"] in en
    index_ja, _ = _text(fixture_site / "ja" / "tags" / "index.html")
    assert "スリーマイル島" in index_ja and "three-mile-island" not in index_ja
    tag_page, title = _text(fixture_site / "ja" / "tags" / "nuclear" / "index.html")
    assert "タグ：原子力" in tag_page and title.startswith("タグ：原子力")


def test_no_slug_or_raw_markdown_shows_through(fixture_site: Path) -> None:
    slugs = re.compile(r"\b(transcription-error|note\.com article|[a-z]+-[a-z]+-[a-z]+(?:-[a-z]+)*)\b")
    for page in pages(fixture_site):
        rel = page.relative_to(fixture_site).as_posix()
        if "/pagefind" in rel:
            continue
        text, head = _text(page)
        assert "**" not in text and "**" not in head, rel
        if rel.startswith("ja/"):
            found = [m for m in slugs.findall(text) if m not in ("note.com",)]
            assert not found, (rel, found[:5])
    ja_source, _ = _text(fixture_site / "ja" / "sources" / SOURCE / "index.html")
    en_source, _ = _text(fixture_site / "en" / "sources" / SOURCE / "index.html")
    assert "note(note.com)の記事" in ja_source and "Article on note.com" in en_source
    for lang in ("ja", "en"):
        about, _ = _text(fixture_site / lang / "about" / "index.html")
        assert "transcription-error" not in about
        labels = load_catalog(LOCALES / f"{lang}.yaml")
        for verdict in ("accurate", "inaccurate", "misleading", "unverified", "transcription-error"):
            assert labels[f"verdict.{verdict}"] in about, (lang, verdict)


def test_meta_descriptions_and_json_ld_are_plain_text() -> None:
    assert markdown_text("restart **Unit 1** of [TMI](https://example.org/) `now`") == "restart Unit 1 of TMI now"


def test_no_markdown_in_descriptions_or_json_ld(fixture_site: Path) -> None:
    for lang in ("ja", "en"):
        html = (fixture_site / lang / "stories" / THREE_MILE / "index.html").read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert description and "Unit 1" in description.group(1) or "1号機" in description.group(1)
        assert "**" not in description.group(1)
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert "**" not in json.dumps(data, ensure_ascii=False)


def test_the_root_title_names_the_site_once(fixture_site: Path) -> None:
    titles = [re.search(r"<title>(.*?)</title>", (fixture_site / p).read_text(encoding="utf-8")).group(1) for p in ("index.html", "en/index.html")]
    assert titles == ["News Knowledge Base", "Stories | News Knowledge Base"]


# --- item 7: the way back to the original ----------------------------------------------------------


def test_the_source_page_says_where_the_original_is_or_that_it_is_unknown(fixture_site: Path, kb: Path) -> None:
    ja, _ = _text(fixture_site / "ja" / "sources" / SOURCE / "index.html")
    en, _ = _text(fixture_site / "en" / "sources" / SOURCE / "index.html")
    assert "翻訳元の英語動画は特定できていません" in ja and "has not been identified" in en
    html = (fixture_site / "en" / "sources" / SOURCE / "index.html").read_text(encoding="utf-8")
    # the research note is one click away, not the page's text
    notes = html.index('<details class="research-notes">')
    assert html.index("auto-captions") > notes and html.index("Piece of Cake") > notes
    # a known address is a link
    path = kb / "entries" / "sources" / f"{SOURCE}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("translates:\n  verified: false", "translates:\n  url: https://www.youtube.com/watch?v=test\n  verified: false")
    path.write_text(text, encoding="utf-8")
    site = build(kb, kb.parent / "site-known", search=False)
    html = (site / "en" / "sources" / SOURCE / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.youtube.com/watch?v=test"' in html


# --- item 8: canonical URLs and 404 pages ------------------------------------------------------------


@pytest.mark.slow
def test_no_canonical_link_points_at_the_placeholder(tmp_path: Path) -> None:
    from newskb.render.build import BuildConfig, build_site

    out = tmp_path / "site"
    build_site(BuildConfig(entries=FIXTURE_KB / "entries", out=out, search=False), progress=False)
    for page in pages(out):
        doc = parse(page)
        for tag, attrs in doc.attrs:
            if tag == "link" and attrs.get("rel") in ("canonical", "alternate") and "hreflang" in attrs | {"hreflang": ""}:
                assert "newskb.invalid" not in attrs.get("href", ""), page
        assert not [a for t, a in doc.attrs if t == "link" and a.get("rel") == "canonical"], page


def test_404_pages_work_under_a_sub_path(tmp_path: Path) -> None:
    from newskb.render.build import BuildConfig, build_site

    out = tmp_path / "site"
    build_site(
        BuildConfig(entries=FIXTURE_KB / "entries", out=out, base_url="https://kb.example.org/news/", search=False),
        progress=False,
    )
    for name in ("404.html", "ja/404.html", "en/404.html"):
        doc = parse(out / name)
        urls = [url for _, url, _ in doc.links if not url.startswith("#")]
        assert urls and all(u.startswith("https://kb.example.org/news/") for u in urls), (name, urls)


# --- item 12: typography ------------------------------------------------------------------------------


def test_japanese_catalogue_has_no_ascii_colons_or_spaces_around_latin_text() -> None:
    ja = load_catalog(LOCALES / "ja.yaml")
    japanese = r"[\u3040-\u30ff\u3400-\u9fff]"
    for key, value in ja.items():
        if key.startswith(("lang.", "punct.")):
            continue
        assert not re.search(japanese + r":|:\s", value), (key, value)
        assert not re.search(japanese + r" [A-Za-z0-9{]|[A-Za-z0-9}] " + japanese, value), (key, value)


def test_one_english_spelling_convention() -> None:
    """British spelling, as the dates (20 September 2024) and Organisations already were."""
    american = re.compile(r"\b(organization|organizations|catalog|color|center|centers|behavior|analyze|recognize)\b", re.I)
    en = load_catalog(LOCALES / "en.yaml")
    assert [v for v in en.values() if american.search(v)] == []
    for doc in ("docs/method.en.md", "docs/site.md"):
        assert american.findall((REPO / doc).read_text(encoding="utf-8").replace("organizations.yaml", "")) == [], doc


# --- item 4: search in a browser -------------------------------------------------------------------


def _search(page, base: str, lang: str, query: str):  # type: ignore[no-untyped-def]
    page.goto(base + f"{lang}/search/?q={quote(query)}")
    loading = page.locator("#search-form").get_attribute("data-msg-loading")
    page.wait_for_function(
        "([loading]) => { const t = document.getElementById('search-status').textContent; return t && t !== loading; }",
        arg=[loading],
        timeout=20000,
    )
    return [a.get_attribute("href") for a in page.locator("#search-results a").all()]


@pytest.mark.browser
@pytest.mark.slow
def test_english_excerpts_keep_their_spaces(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    _search(page, fixture_url, "en", "nuclear reactors")
    text = page.locator("#search-results").inner_text()
    assert "nuclear reactors" in text and "nuclearreactors" not in text
    marks = page.locator("#search-results mark").all_inner_texts()
    assert "nuclear" in marks
    assert page.js_errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_a_search_for_a_claims_words_links_to_that_claim(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    hrefs = _search(page, fixture_url, "en", "Chernobyl")
    target = f"/en/stories/{THREE_MILE}/#claim-chernobyl-worse-than-tmi"
    assert any(h.endswith(target) for h in hrefs), hrefs
    link = page.locator(f'#search-results a[href$="{target}"]')
    assert re.search(r"Claim \d+ · Accurate", link.inner_text())
    assert "Story" in page.locator("#search-results .result-kind").first.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"#claim-chernobyl-worse-than-tmi$"))
    assert page.locator("#claim-chernobyl-worse-than-tmi").evaluate("el => el.matches(':target')")


@pytest.mark.browser
@pytest.mark.slow
def test_stories_outrank_organisations_and_only_stories_match_their_topic(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    hrefs = [h for h in _search(page, fixture_url, "ja", "スリーマイル") if "#" not in h]
    assert hrefs[0] == f"/ja/stories/{THREE_MILE}/", hrefs
    assert not any("/organizations/" in h for h in hrefs[:1])
    # the source's title (原子力発電AI) is on every story page but not indexed: only the story about it matches
    hrefs = [h for h in _search(page, fixture_url, "en", "nuclear") if "#" not in h]
    assert [h for h in hrefs if "/stories/" in h] == [f"/en/stories/{THREE_MILE}/"], hrefs


@pytest.mark.browser
@pytest.mark.slow
def test_japanese_words_match_as_written(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    hrefs = _search(page, fixture_url, "ja", "タイムマシン")
    assert not any(ROBOTS in h for h in hrefs), hrefs  # its page has リアルタイム, not タイムマシン
    # the word it was confused with is still found
    assert any(ROBOTS in h for h in _search(page, fixture_url, "ja", "リアルタイム"))
    assert any(THREE_MILE in h for h in _search(page, fixture_url, "ja", "原子力"))
    assert page.js_errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_a_misspelling_offers_a_way_on(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    assert _search(page, fixture_url, "en", "Pixtal") == []
    suggestion = page.locator("#search-suggestion a")
    assert suggestion.inner_text() == "Pixtral"
    assert page.locator("#search-help").is_visible()
    assert page.locator("#search-help a[href$='/en/claims/']").count() == 1
    suggestion.click()
    page.wait_for_selector("#search-results a")
    assert "q=Pixtral" in page.url
    assert any("small-models-pixtral" in h for h in [a.get_attribute("href") for a in page.locator("#search-results a").all()])
    # nothing close: still the browse links
    assert _search(page, fixture_url, "ja", "qqxyzzyqq") == []
    assert page.locator("#search-help").is_visible() and not page.locator("#search-suggestion").is_visible()


@pytest.mark.browser
@pytest.mark.slow
def test_repeated_searches_raise_no_csp_or_script_errors(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    """Pagefind compiles WebAssembly (in its worker, or in the page when the worker fails): 'wasm-unsafe-eval'."""
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    for lang, query in (("en", "Saunders"), ("ja", "原子力"), ("en", "nuclear"), ("ja", "ロボット")):
        _search(page, fixture_url, lang, query)
        page.fill("#search-q", query)
        page.press("#search-q", "Enter")
        page.press("#search-q", "Enter")  # a second search while the first may still be loading
        page.wait_for_selector("#search-results a")
        assert page.evaluate("window.__csp") == []
    assert page.js_errors == []


# --- items 10 and 11: mobile, print, dark mode ------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_the_navigation_is_one_row_at_390_px(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    for lang in ("ja", "en"):
        page.goto(fixture_url + f"{lang}/stories/{THREE_MILE}/")
        tops = page.locator("header nav li").evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))")
        assert len(set(tops)) == 1, tops
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


@pytest.mark.browser
@pytest.mark.slow
def test_timeline_dates_do_not_run_into_titles(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for lang in ("ja", "en"):
            page.goto(fixture_url + f"{lang}/timeline/")
            for item in page.locator("ol.timeline li").all():
                date = item.locator("time").bounding_box()
                title = item.locator("a").bounding_box()
                beside = date["x"] + date["width"] <= title["x"] - 4
                below = date["y"] + date["height"] <= title["y"] + 1
                assert beside or below, (width, lang, date, title)


@pytest.mark.browser
@pytest.mark.slow
def test_print_shows_the_text_of_closed_sections_in_fewer_pages(page, fixture_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(fixture_url + f"en/stories/{THREE_MILE}/")
    original = page.locator("details.original:not([open]) blockquote").first
    assert not original.is_visible()
    page.emulate_media(media="print")
    assert original.is_visible()
    assert "データセンター" in original.inner_text()
    pdf = page.pdf(format="A4")
    count = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    page.emulate_media(media="screen")
    assert 0 < count <= 9, count  # 16 A4 pages before part B, 7 after


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_dark_mode_passes_axe(page, fixture_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme="dark")
    for path in (f"{lang}/stories/{THREE_MILE}/", f"{lang}/sources/{SOURCE}/", f"{lang}/claims/", f"{lang}/search/?q=nuclear"):
        page.goto(fixture_url + path)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
        results = Axe().run(page)
        assert results.violations_count == 0, (path, results.generate_report())


@pytest.mark.browser
@pytest.mark.slow
def test_headings_have_a_heading_line_height(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + f"ja/stories/{THREE_MILE}/")
    ratio = page.locator("h1").evaluate("el => parseFloat(getComputedStyle(el).lineHeight) / parseFloat(getComputedStyle(el).fontSize)")
    assert ratio < 1.5, ratio
