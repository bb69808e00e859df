"""sitemap.xml: the bytes ElementTree wrote, made without building its tree (the build's peak memory at 10,000 stories)."""

from __future__ import annotations

import tracemalloc
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from newskb.render import feeds, routes


@dataclass
class FakePage:
    route: str
    lang: str | None
    listed: bool = True


def elementtree_sitemap(pages: list[FakePage], base_url: str) -> bytes:
    """The sitemap as the build wrote it before (an ElementTree, indented and serialized): the specification."""
    sm, xh = feeds.SITEMAP, feeds.XHTML
    ET.register_namespace("", sm)
    ET.register_namespace("xhtml", xh)
    root = ET.Element(f"{{{sm}}}urlset")
    for page in pages:
        if not page.listed:
            continue
        url = ET.SubElement(root, f"{{{sm}}}url")
        ET.SubElement(url, f"{{{sm}}}loc").text = routes.full(page.route, base_url)
        if page.lang is None:
            continue
        for lang in [*routes.LANGS, None]:
            href = routes.full(routes.twin(page.route, lang or routes.DEFAULT_LANG), base_url)
            ET.SubElement(url, f"{{{xh}}}link", {"rel": "alternate", "hreflang": lang or "x-default", "href": href})
    ET.indent(root)
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return text.encode()


def pages(n: int) -> list[FakePage]:
    out = [FakePage("index.html", None), FakePage("404.html", None, listed=False)]
    for i in range(n):
        lang = routes.LANGS[i % len(routes.LANGS)]
        out.append(FakePage(f"{lang}/stories/s-{i:06d}/", lang, listed=i % 7 != 3))
    return out


def test_sitemap_is_the_elementtree_serialization_byte_for_byte() -> None:
    listed = pages(50)
    assert feeds.sitemap(listed, "https://example.org/kb/") == elementtree_sitemap(listed, "https://example.org/kb/")


def test_sitemap_escapes_text_and_attributes_as_elementtree_does() -> None:
    hostile = [
        FakePage("ja/tags/a&b<c>\"d'e\tf\r\ng/", "ja"),
        FakePage("en/people/ü&ö/", "en"),
        FakePage("data/x&y.json", None),
    ]
    base = 'https://ex.org/?q=1&r="2"<3>'
    assert feeds.sitemap(hostile, base) == elementtree_sitemap(hostile, base)


def test_sitemap_of_no_page_or_no_language_page_declares_only_what_elementtree_declares() -> None:
    assert feeds.sitemap([], "https://x.org/") == elementtree_sitemap([], "https://x.org/")
    unlisted = [FakePage("ja/", "ja", listed=False)]
    assert feeds.sitemap(unlisted, "https://x.org/") == elementtree_sitemap(unlisted, "https://x.org/")
    plain = [FakePage("index.html", None), FakePage("data/a.json", None)]
    assert feeds.sitemap(plain, "https://x.org/") == elementtree_sitemap(plain, "https://x.org/")
    assert b"xmlns:xhtml" not in feeds.sitemap(plain, "https://x.org/")


def test_sitemap_memory_is_about_its_own_size() -> None:
    """The tree of a large sitemap took about six times the sitemap's bytes; now little more than the bytes."""
    many = pages(20_000)
    tracemalloc.start()
    try:
        data = feeds.sitemap(many, "https://example.org/")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1.6 * len(data), (peak, len(data))
