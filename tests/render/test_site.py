"""The built site as a reader, a browser, a search engine and a feed reader see it (no browser needed)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .sitecheck import BASE_URL, broken_links, internal, pages, parse, target_file, url_of
from .support import build

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(params=["fixture_site", "repo_site", "hostile_site"])
def any_site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(any_site: Path) -> None:
    assert broken_links(any_site) == []


def test_pages_mirror_each_other_in_both_languages(fixture_site: Path) -> None:
    ja = {p.relative_to(fixture_site / "ja").as_posix() for p in (fixture_site / "ja").rglob("*.html")}
    en = {p.relative_to(fixture_site / "en").as_posix() for p in (fixture_site / "en").rglob("*.html")}
    assert ja == en
    for kind in (
        "index.html",
        "people/index.html",
        "organizations/index.html",
        "tags/index.html",
        "timeline/index.html",
        "claims/index.html",
        "quotes/index.html",
        "about/index.html",
        "search/index.html",
        "404.html",
        "sources/000_e554cb74c4a6e450/index.html",
        "stories/microsoft-constellation-three-mile-island/index.html",
        "people/william-saunders/index.html",
    ):
        assert kind in ja, kind
    assert (fixture_site / "index.html").is_file() and (fixture_site / "404.html").is_file()


def test_every_page_has_lang_canonical_alternates_and_a_twin_link(any_site: Path) -> None:
    for page in pages(any_site):
        rel = page.relative_to(any_site).as_posix()
        if "/pagefind/" in rel:
            continue
        doc = parse(page)
        lang = rel.split("/")[0] if rel.split("/")[0] in ("ja", "en") else None
        assert doc.html_lang == (lang or "en"), rel
        links = [(a.get("rel"), a) for tag, a in doc.attrs if tag == "link"]
        canonical = [a["href"] for r, a in links if r == "canonical"]
        assert len(canonical) == 1 and canonical[0].startswith(BASE_URL), rel
        if rel.endswith("404.html"):
            continue
        assert internal(canonical[0]) == url_of(any_site, page), rel
        alternates = {a["hreflang"]: a["href"] for r, a in links if r == "alternate" and "hreflang" in a}
        if lang:
            assert set(alternates) == {"ja", "en", "x-default"}, rel
            other = "en" if lang == "ja" else "ja"
            twin = url_of(any_site, page).replace(f"/{lang}/", f"/{other}/", 1)
            assert internal(alternates[other]) == twin
            switch = [a for tag, a in doc.attrs if tag == "a" and "lang-switch" in a.get("class", "")]
            assert len(switch) == 1 and switch[0]["lang"] == other and switch[0]["hreflang"] == other, rel
        else:
            assert "x-default" in alternates


def test_japanese_runs_in_english_pages_are_marked(fixture_site: Path) -> None:
    """Every text node with kana or kanji in an English page sits inside an element with lang="ja"."""
    from html.parser import HTMLParser

    jp = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    class Walker(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str | None] = []
            self.bad: list[str] = []

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            if tag not in VOID:
                self.stack.append(dict(attrs).get("lang"))

        def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
            if tag not in VOID and self.stack:
                self.stack.pop()

        def handle_data(self, data):  # type: ignore[no-untyped-def]
            current = next((x for x in reversed(self.stack) if x), None)
            if jp.search(data) and current != "ja":
                self.bad.append(data.strip()[:40])

    for page in pages(fixture_site / "en"):
        if "/pagefind/" in page.as_posix():
            continue
        w = Walker()
        text = page.read_text(encoding="utf-8")
        w.feed(re.sub(r"<script.*?</script>|<title>.*?</title>|<meta[^>]*>", "", text, flags=re.DOTALL))
        assert w.bad == [], f"{page.relative_to(fixture_site)}: {w.bad[:3]}"


def test_quotes_link_to_their_highlighted_line(fixture_site: Path) -> None:
    story = fixture_site / "en/stories/microsoft-constellation-three-mile-island/index.html"
    html = story.read_text(encoding="utf-8")
    assert 'id="quote-joe-dominguez-l7"' in html
    assert 'href="../../../en/sources/000_e554cb74c4a6e450/#L7"' in html
    transcript = (fixture_site / "en/sources/000_e554cb74c4a6e450/index.html").read_text(encoding="utf-8")
    line7 = re.search(r'<div class="line" id="L7">.*?(?=<div class="line" id="L8">)', transcript, re.DOTALL).group(0)
    assert '<mark class="quote" id="quote-microsoft-constellation-three-mile-island--joe-dominguez-l7">' in line7
    assert "データセンターを含む" in line7
    assert 'href="../../../en/stories/microsoft-constellation-three-mile-island/#quote-joe-dominguez-l7"' in line7


def test_dates_and_numbers_in_each_locale(fixture_site: Path) -> None:
    ja = (fixture_site / "ja/stories/microsoft-constellation-three-mile-island/index.html").read_text(encoding="utf-8")
    en = (fixture_site / "en/stories/microsoft-constellation-three-mile-island/index.html").read_text(encoding="utf-8")
    assert "2024年9月20日" in ja
    assert "20 September 2024" in en


def test_claims_page_puts_corrections_first(fixture_site: Path) -> None:
    html = (fixture_site / "en/claims/index.html").read_text(encoding="utf-8")
    order = re.findall(r'<section class="verdict-group[^"]*" id="verdict-([a-z-]+)"', html)
    assert order, "no verdict groups"
    rank = ["transcription-error", "translation-error", "inaccurate", "misleading", "unverified", "accurate", "unreviewed"]
    assert order == sorted(order, key=rank.index)
    assert 'class="verdict-group corrections"' in html


def _resolved(fragment: str, here: str) -> str:
    """`fragment` with its relative links made site paths, so the same HTML compares equal on any page."""
    return re.sub(r'href="([^"]*)"', lambda m: f'href="{urljoin(here, m.group(1))}"', fragment).strip()


def test_a_listed_claim_reads_as_on_its_story_page_and_links_to_it(fixture_site: Path) -> None:
    """The claims list and a person's page show each claim exactly as its story's page does,
    after a link to the claim there."""
    on_story: dict[str, str] = {}
    for page in fixture_site.glob("*/stories/*/index.html"):
        here = url_of(fixture_site, page)
        html = page.read_text(encoding="utf-8")
        for claim_id, body in re.findall(
            # the story page's visually hidden section heading (a search anchor, test_browser_search.py) aside
            r'<li class="claim [^"]*" id="claim-([^"]+)">\n(?:<h4 class="vh"[^>]*>[^<]*</h4>\n)?(.*?)\n</li>\n',
            html,
            re.DOTALL,
        ):
            on_story[f"{here}#claim-{claim_id}"] = _resolved(body, here)
    assert len(on_story) > 10

    listed = 0
    for page in [*fixture_site.glob("*/claims/**/index.html"), *fixture_site.glob("*/people/*/index.html")]:
        here = url_of(fixture_site, page)
        html = page.read_text(encoding="utf-8")
        items = re.findall(
            r'<p class="meta claim-story"><a href="([^"]+)">.*?</a></p>\n(.*?)</li>\s*(?=<li class="claim|</ol>|</ul>\n</section>)',
            html,
            re.DOTALL,
        )
        for link, body in items:
            target = urljoin(here, link)
            assert target in on_story, f"{here}: {link} is no claim on a story page"
            assert _resolved(body, here) == on_story[target], f"{here}: {target} differs from its story page"
            listed += 1
    # Every claim is on a claims page, and some also on their author's page.
    assert listed > len(on_story)


def test_atom_feeds_are_valid_and_stable(fixture_site: Path) -> None:
    seen: set[str] = set()
    for lang in ("ja", "en"):
        root = ET.parse(fixture_site / lang / "feed.xml").getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, required
        self_link = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
        assert self_link and internal(self_link[0].get("href")) == f"/{lang}/feed.xml"
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == 7  # one per story of the fixture snapshot
        for entry in entries:
            eid = entry.findtext(f"{ATOM}id")
            assert eid and eid.startswith("urn:uuid:") and eid not in seen
            seen.add(eid)
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}updated") or "")
            assert entry.findtext(f"{ATOM}title")
            href = entry.find(f"{ATOM}link").get("href")
            assert target_file(fixture_site, internal(href)) is not None
    # ids depend on the story and the language only
    from newskb.render.feeds import stable_id

    assert stable_id("story", "microsoft-grin-moe", "en") in seen


def test_sitemap_lists_pages_with_hreflang_alternates(fixture_site: Path) -> None:
    root = ET.parse(fixture_site / "sitemap.xml").getroot()
    urls = root.findall(f"{SM}url")
    locs = [u.findtext(f"{SM}loc") for u in urls]
    assert len(locs) == len(set(locs)) > 20
    for url in urls:
        loc = url.findtext(f"{SM}loc")
        assert target_file(fixture_site, internal(loc)) is not None, loc
        if "/ja/" in loc or "/en/" in loc:
            alts = {l.get("hreflang"): l.get("href") for l in url.findall(f"{XHTML}link")}
            assert set(alts) == {"ja", "en", "x-default"}
    assert not any(l.endswith("404.html") or "/search/" in l for l in locs)
    assert (fixture_site / "robots.txt").read_text().endswith("sitemap.xml\n")


def test_json_ld_describes_stories_claims_quotes_and_people(fixture_site: Path) -> None:
    def ld(rel: str) -> dict:
        doc = parse(fixture_site / rel)
        blocks = [t for t in doc.script_text if t.strip()]
        assert len(blocks) == 1
        return json.loads(blocks[0])

    story = ld("en/stories/microsoft-constellation-three-mile-island/index.html")
    types = [n["@type"] for n in story["@graph"]]
    assert types[0] == "NewsArticle" and "Quotation" in types and "ClaimReview" in types
    review = next(n for n in story["@graph"] if n["@type"] == "ClaimReview")
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["reviewRating"]["textualRating"] in {
        "Accurate",
        "Inaccurate",
        "Misleading",
        "Unverified",
        "Transcription error",
        "Translation error",
    }
    ratings = {n["reviewRating"]["alternateName"]: n["reviewRating"] for n in story["@graph"] if n["@type"] == "ClaimReview"}
    assert ratings["misleading"]["ratingValue"] == 3 and ratings["accurate"]["ratingValue"] == 5
    assert all(r["worstRating"] == 1 and r["bestRating"] == 5 for v, r in ratings.items() if v != "unverified")
    assert "ratingValue" not in ratings.get("unverified", {})
    quote = next(n for n in story["@graph"] if n["@type"] == "Quotation")
    assert quote["creator"]["@type"] == "Person" and quote["creator"]["name"] == "Joe Dominguez"
    person = ld("ja/people/william-saunders/index.html")
    assert person["@type"] == "Person" and person["name"] == "ウィリアム・サンダース" or person["@type"] == "Person"


def test_only_the_search_page_runs_a_script_and_csp_is_strict(any_site: Path) -> None:
    for page in pages(any_site):
        rel = page.relative_to(any_site).as_posix()
        if "/pagefind/" in rel:
            continue
        doc = parse(page)
        csp = [
            a["content"] for tag, a in doc.attrs if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert len(csp) == 1, rel
        assert "'unsafe-inline'" not in csp[0] and "default-src 'self'" in csp[0]
        executable = [s for s in doc.scripts if s.get("type") != "application/ld+json"]
        if rel.endswith("search/index.html"):
            assert executable == [{"type": "module", "src": "../../assets/search.js"}]
            assert "'wasm-unsafe-eval'" in csp[0]
        else:
            assert executable == [], rel
            assert "wasm" not in csp[0]
        for tag, attrs in doc.attrs:
            assert not any(k.startswith("on") for k in attrs), f"{rel}: event handler on <{tag}>"
            assert "style" not in attrs, f"{rel}: inline style on <{tag}>"


def test_search_index_per_language(fixture_site: Path) -> None:
    for lang in ("ja", "en"):
        bundle = fixture_site / lang / "pagefind"
        assert (bundle / "pagefind.js").is_file()
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [lang]
        assert entry["languages"][lang]["page_count"] >= 6
        assert not (bundle / "pagefind-ui.js").exists()


def test_a_citation_shows_its_kind_excerpt_archive_and_unverified_mark(kb: Path, tmp_path: Path) -> None:
    """Issue #15: a reader sees what each source is, the sentence it rests on, and when it could not be found."""
    story = kb / "entries" / "stories" / "2024-09-20-microsoft-constellation-three-mile-island.yaml"
    text = story.read_text(encoding="utf-8")
    old = "      publisher: Orrick\n      published: 2024-10-01\n      kind: official-statement\n"
    assert old in text
    new = (
        old.replace("official-statement", "analysis") + "      excerpt: Microsoft signed a 20-year PPA.\n"
        "      archive_url: https://web.archive.org/web/2024/https://orrick.com/x\n"
        "      unverified: {ja: 保存コピーなし, en: No stored copy}\n"
    )
    text = text.replace(old, new, 1).replace("verdict: misleading", "verdict: translation-error", 1)
    story.write_text(text, "utf-8")
    site = build(kb, tmp_path / "site", search=False)
    en = (site / "en/stories/microsoft-constellation-three-mile-island/index.html").read_text(encoding="utf-8")
    ja = (site / "ja/stories/microsoft-constellation-three-mile-island/index.html").read_text(encoding="utf-8")
    assert '<span class="source-kind source-kind-analysis">Analysis</span>' in en
    assert '<span class="source-kind source-kind-analysis">論評・分析</span>' in ja
    assert '<span class="source-kind source-kind-primary-record">Primary record</span> <a href="https://www.sec.gov/' in en
    assert '<blockquote class="excerpt"><p>Microsoft signed a 20-year PPA.</p></blockquote>' in en
    assert 'href="https://web.archive.org/web/2024/https://orrick.com/x"' in en
    assert "<strong>Unverified source: </strong>No stored copy" in en
    assert ">Translation error</span>" in en and ">翻訳の誤り</span>" in ja
    claims = (site / "en/claims/index.html").read_text(encoding="utf-8")
    assert 'id="verdict-translation-error"' in claims
