"""Atom feeds (one per language), sitemap.xml with hreflang alternates, robots.txt.

Feed and entry ids are `urn:uuid:` names derived from the story id and the
language, so they stay the same when the site moves to another address.
Times come from the entries (or SOURCE_DATE_EPOCH), never from the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from . import routes
from .markdown import render_markdown

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Namespace for the feed's name-based UUIDs (uuid5 of the DNS-free name "newskb").
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:newskb")
#: At most this many stories per feed (newest first): feed readers poll often.
FEED_LIMIT = 100


def stable_id(*parts: str) -> str:
    return uuid.uuid5(ID_NAMESPACE, ":".join(parts)).urn


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def atom_feed(lang: str, stories: list[Any], helpers: dict[str, Any], base_url: str, now: dt.datetime) -> str:
    """An Atom 1.0 feed of the newest stories in one language."""
    t = helpers["t"]
    a = lambda tag: f"{{{ATOM}}}{tag}"
    ET.register_namespace("", ATOM)
    feed = ET.Element(a("feed"), {XML_LANG: lang})
    _sub(feed, a("id"), stable_id("feed", lang))
    _sub(feed, a("title"), t("feed.title"))
    _sub(feed, a("subtitle"), t("site.description"))
    _sub(feed, a("updated"), rfc3339(now))
    _sub(feed, a("link"), rel="self", type="application/atom+xml", href=routes.full(routes.feed(lang), base_url))
    _sub(
        feed, a("link"), rel="alternate", type="text/html", hreflang=lang, href=routes.full(routes.home(lang), base_url)
    )
    author = _sub(feed, a("author"))
    _sub(author, a("name"), t("site.name"))
    _sub(feed, a("generator"), "newskb")
    for story in stories[:FEED_LIMIT]:
        when = dt.datetime.combine(story.date, dt.time(), dt.UTC) if story.date else now
        entry = _sub(feed, a("entry"))
        _sub(entry, a("id"), stable_id("story", story.id, lang))
        _sub(entry, a("title"), helpers["story_title"](story))
        _sub(entry, a("updated"), rfc3339(when))
        _sub(entry, a("published"), rfc3339(when))
        href = routes.full(routes.story(lang, story.id), base_url)
        _sub(entry, a("link"), rel="alternate", type="text/html", hreflang=lang, href=href)
        for tag in story.tags:
            _sub(entry, a("category"), term=tag)
        summary = helpers["pick"](story.summary)
        if summary:
            content = _sub(entry, a("content"), str(render_markdown(summary[0])), type="html")
            if summary[1] != lang:
                content.set(XML_LANG, summary[1])
        else:
            _sub(entry, a("summary"), t("story.no_summary"))
    return _xml(feed)


def _text(value: str) -> str:
    """Character data escaped as ElementTree escapes it (the sitemap's bytes are what ElementTree wrote)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _attr(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    value = _text(value)
    for raw, ref in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if raw in value:
            value = value.replace(raw, ref)
    return value


def sitemap(pages: Iterable[Any], base_url: str) -> bytes:
    """sitemap.xml (UTF-8): every listed page, each with its language alternates (and x-default).

    Why written line by line and not as an ElementTree: at 10,000 stories the
    sitemap lists 369,000 pages, and the tree of 1.5 million elements, its
    indentation and its serialized string took about a gigabyte in the main
    process just before the workers fork (the build's peak memory). The bytes
    are those `ET.indent` and `ET.tostring` wrote (tests/render/test_feeds.py
    compares them).
    """
    listed = [page for page in pages if page.listed]
    alternates = any(page.lang is not None for page in listed)
    namespaces = f'xmlns="{SITEMAP}"' + (f' xmlns:xhtml="{XHTML}"' if alternates else "")
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<urlset {namespaces}'
    if not listed:
        return f"{head} />\n".encode()
    out = io.BytesIO()  # its getvalue() hands over the buffer: the sitemap is held once, not copied
    out.write(f"{head}>\n".encode())
    for page in listed:
        loc = _text(routes.full(page.route, base_url))
        lines = ["  <url>\n", f"    <loc>{loc}</loc>\n" if loc else "    <loc />\n"]
        if page.lang is not None:
            for lang in (*routes.LANGS, None):
                href = _attr(routes.full(routes.twin(page.route, lang or routes.DEFAULT_LANG), base_url))
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{_attr(lang or "x-default")}" href="{href}" />\n'
                )
        lines.append("  </url>\n")
        out.write("".join(lines).encode("utf-8"))
    out.write(b"</urlset>\n")
    return out.getvalue()


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {routes.full(routes.sitemap(), base_url)}\n"
