"""The site in a real browser: headless Debian Chromium driven by Playwright's Python API."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from .support import launch

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # slow: headless Chromium

THREE_MILE = "microsoft-constellation-three-mile-island"
ROBOTS = "jim-fan-robotics-gpt-3-moment"
SAUNDERS = "william-saunders-senate-testimony"


def test_home_pages_in_both_languages(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    for lang, heading in (("ja", "記事"), ("en", "Stories")):
        page.goto(fixture_url + f"{lang}/")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == heading
        assert page.locator("li.story-item").count() == 7  # the fixture snapshot has 7 stories since Runway–Lionsgate stands alone
    page.goto(fixture_url)
    assert page.locator('a[hreflang="ja"]').count() >= 1 and page.locator('a[hreflang="en"]').count() >= 1
    assert page.js_errors == []


def test_language_switch_leads_to_the_twin_story(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + f"en/stories/{SAUNDERS}/")
    title_en = page.locator("h1").inner_text()
    page.locator("a.lang-switch").click()
    page.wait_for_url(re.compile(rf"/ja/stories/{SAUNDERS}/$"))
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() != title_en
    page.locator("a.lang-switch").click()
    page.wait_for_url(re.compile(rf"/en/stories/{SAUNDERS}/$"))
    assert page.locator("h1").inner_text() == title_en


def test_quote_links_to_its_highlighted_line_and_back(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + f"en/stories/{THREE_MILE}/")
    page.locator("#quote-joe-dominguez-l7 a.to-line").click()
    page.wait_for_url(re.compile(r"/en/sources/000_e554cb74c4a6e450/#L7$"))
    line = page.locator("#L7")
    assert line.evaluate("el => el.matches(':target')")
    mark = line.locator("mark.quote")
    assert mark.count() == 1
    assert mark.inner_text().startswith("データセンターを含む")
    background = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert line.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    line.locator('a[href$="#quote-joe-dominguez-l7"]').click()
    page.wait_for_url(re.compile(rf"/en/stories/{THREE_MILE}/#quote-joe-dominguez-l7$"))


def _search(page, base: str, lang: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(base + f"{lang}/search/?q={quote(query)}")
    loading = page.locator("#search-form").get_attribute("data-msg-loading")
    status = page.locator("#search-status")
    page.wait_for_function(
        "([loading]) => { const t = document.getElementById('search-status').textContent; return t && t !== loading; }",
        arg=[loading],
        timeout=20000,
    )
    assert status.inner_text()
    return [a.get_attribute("href") for a in page.locator("#search-results a").all()]


@pytest.mark.parametrize(
    ("lang", "query", "story"),
    [
        ("ja", "原子力", THREE_MILE),
        ("ja", "ロボット", ROBOTS),
        ("ja", "サンダース", SAUNDERS),
        ("en", "nuclear", THREE_MILE),
        ("en", "Saunders", SAUNDERS),
    ],
)
def test_search_finds_the_story(page, fixture_url: str, lang: str, query: str, story: str) -> None:  # type: ignore[no-untyped-def]
    hrefs = _search(page, fixture_url, lang, query)
    assert f"/{lang}/stories/{story}/" in hrefs, hrefs
    assert page.js_errors == []


def test_a_sharded_index_is_searched_as_one(page, sharded_site: Path, sharded_url: str) -> None:  # type: ignore[no-untyped-def]
    """A large site's index comes in shards (search.py); the search page merges them."""
    from newskb.render.search import bundles, indexed_pages

    for lang in ("ja", "en"):
        pages = indexed_pages(sharded_site / lang)
        names = bundles(sharded_site / lang)
        assert len(names) == -(-len(pages) // 8) >= 3, names
        person = pages.index("people/william-saunders/index.html") // 8
        story = pages.index(f"stories/{SAUNDERS}/index.html") // 8
        assert person != story  # so finding both means the shards were merged
        query = "サンダース" if lang == "ja" else "Saunders"
        hrefs = _search(page, sharded_url, lang, query)
        assert f"/{lang}/stories/{SAUNDERS}/" in hrefs and f"/{lang}/people/william-saunders/" in hrefs, hrefs
    assert page.js_errors == []


def test_search_for_nothing_finds_nothing(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    for lang in ("ja", "en"):
        assert _search(page, fixture_url, lang, "qqxyzzyqq") == []
        assert "qqxyzzyqq" in page.locator("#search-status").inner_text()
    assert page.js_errors == []


def test_search_form_submits_in_page(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + "en/search/")
    page.fill("#search-q", "Saunders")
    page.press("#search-q", "Enter")
    page.wait_for_selector("#search-results a")
    assert "q=Saunders" in page.url


@pytest.mark.parametrize(
    "path",
    [
        "{lang}/",
        f"{{lang}}/stories/{THREE_MILE}/",
        "{lang}/people/william-saunders/",
        "{lang}/sources/000_e554cb74c4a6e450/",
    ],
)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_finds_no_violations(page, fixture_url: str, path: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page.goto(fixture_url + path.format(lang=lang))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_pages_work_without_javascript(playwright, fixture_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if True:
        context = launch(playwright, tmp_path / "profile", java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(fixture_url + f"en/stories/{THREE_MILE}/")
            assert page.locator("ol.quotes > li").count() >= 4
            assert page.locator("ol.claims > li").count() >= 10
            page.goto(fixture_url + "en/search/")
            assert page.locator("noscript").count() == 1
            assert "JavaScript" in page.locator("main").inner_text()
        finally:
            context.close()


def test_responsive_and_print(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("en/", f"en/stories/{THREE_MILE}/", "ja/sources/000_e554cb74c4a6e450/", "en/claims/"):
        page.goto(fixture_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(fixture_url + f"en/stories/{THREE_MILE}/")
    assert page.locator("header nav").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()
    assert not page.locator("a.lang-switch").is_visible()
    assert page.locator("h1").is_visible()
    page.emulate_media(media="screen")


def test_hostile_entry_is_inert_in_the_browser(page, hostile_url: str) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (
        "en/stories/hostile-story/",
        "ja/stories/hostile-story/",
        "en/people/hostile-person/",
        "ja/people/hostile-person/",
        "en/claims/",
        "en/",
        "ja/quotes/",
        "en/tags/hostile/",
    ):
        page.goto(hostile_url + path)
        page.locator("main").hover()
        for el in page.locator("main a, main p").all()[:40]:
            if el.is_visible():
                el.hover(timeout=2000)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert (
            page.evaluate(
                "document.querySelectorAll('main script, main iframe, main img, main svg, main style').length"
            )
            == 0
        )
    page.goto(hostile_url + "en/stories/hostile-story/")
    assert "Hostile story {{ 7*7 }}" in page.locator("h1").inner_text()
    assert "<img src=x" in page.locator("h1").inner_text()
    assert dialogs == []
