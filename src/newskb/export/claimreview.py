"""Every review as a schema.org ClaimReview, in the DataFeed shape fact-checking platforms ingest.

One JSON document: a `DataFeed` whose `dataFeedElement` holds one
`DataFeedItem` per story page (per language) that carries reviews, each
item listing that page's ClaimReviews — the shape of Google's Fact Check
Tools feeds. Each ClaimReview has the review's URL on the site
(`tables.review_url`, the one place that decides it), the claim as the
transcript states it, its author (the speaker, or the narration), its
appearance (the transcript's page on the site at the claim's line, with the
W3C position of the anchor in the transcript) and a rating.

Ratings come from newskb.ratings, the one scale the site's JSON-LD uses too
(docs/method.en.md): the verdict word as `alternateName`, its label as
`textualRating`, and a 1–5 `ratingValue` except for unverified claims.

Dates: entries record when a story's event happened, not when a review was
written or the transcript published (it is known only as a window), so the
ClaimReview carries no `datePublished` and the claim one only when its
transcript's publication date is known to the day; the feed's `dateModified`
is the build's clock (SOURCE_DATE_EPOCH or the newest date in the entries).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..kb import Entry, KnowledgeBase
from ..models import Source, Story
from ..ratings import rating
from ..render import routes
from ..render.i18n import Messages
from . import gzip_chunks, tables

#: The comma between two items, compressed alone like every item.
_SEPARATOR = gzip_chunks.compress(b",")
#: `FeedCache.get`'s answer for a story it holds nothing (valid) for.
_MISSING: Any = object()

#: Where the site publishes the feed, under data/ (the feed's own `url`).
FEED_NAME = "claimreview.json.gz"


def _exact_date(source: Source | None) -> str | None:
    pub = source.published if source else None
    if pub and pub.earliest and pub.earliest == pub.latest:
        return pub.earliest.isoformat()
    return None


def _author(kb: KnowledgeBase, entity_id: str, lang: str, t: Messages, base_url: str) -> dict[str, Any]:
    if entity_id in kb.people:
        person = kb.people[entity_id]
        return {
            "@type": "Person",
            "name": getattr(person.name, lang),
            "url": routes.full(routes.person(lang, entity_id), base_url),
        }
    if entity_id in kb.organizations:
        org = kb.organizations[entity_id]
        return {
            "@type": "Organization",
            "name": getattr(org.name, lang),
            "url": routes.full(routes.organization(lang, entity_id), base_url),
        }
    key = "speaker.narrator" if entity_id == "narrator" else "speaker.unknown"
    return {"@type": "Person", "name": t(key)}


def _publisher(t: Messages, lang: str, base_url: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": t("site.name"), "url": routes.full(routes.home(lang), base_url)}


def story_element(
    kb: KnowledgeBase, story: Story, lang: str, t: Messages, base_url: str, publisher: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The DataFeedItem of one story page in `lang`, or None when the story has no review.

    What it reads besides the story (the feed cache keys on it, `external_facts`): the story's
    source (title, exact date), the registry names of the claims' authors, the catalogue and the base URL.
    """
    publisher = publisher or _publisher(t, lang, base_url)
    source = kb.sources[story.source].model if story.source in kb.sources else None
    source_url = routes.full(routes.source(lang, story.source), base_url)
    reviews = []
    for claim in story.claims:
        review = claim.review
        if review is None:
            continue
        rating_ = rating(review.verdict, t(f"verdict.{review.verdict.value}"))
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": source_url}
        if source is not None:
            appearance["name"] = getattr(source.title, lang) or source.title.ja
        if claim.anchor:
            appearance["url"] = f"{source_url}#L{claim.anchor.line}"
            appearance["position"] = claim.anchor.line
            appearance["text"] = claim.text.ja
        item: dict[str, Any] = {
            "@type": "Claim",
            "author": _author(kb, claim.by, lang, t, base_url),
            "appearance": [appearance],
            "inLanguage": "ja",
        }
        when = _exact_date(source)
        if when:
            item["datePublished"] = when
        url = tables.review_url(base_url, lang, story.id, claim.id)
        note = getattr(review.note, lang)
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": url,
                "claimReviewed": claim.text.ja if lang == "ja" or not claim.text.en else claim.text.en,
                "author": publisher,
                "inLanguage": lang,
                "itemReviewed": item,
                "reviewRating": rating_,
                "reviewBody": note,
            }
        )
    if not reviews:
        return None
    return {"@type": "DataFeedItem", "url": routes.full(routes.story(lang, story.id), base_url), "item": reviews}


def elements(kb: KnowledgeBase, messages: dict[str, Messages], base_url: str) -> Iterator[dict[str, Any]]:
    """The feed's DataFeedItems, one story page (and language) at a time: every language, stories by id."""
    stories = sorted((e.model for e in kb.stories), key=lambda s: s.id)
    for lang in routes.LANGS:
        t = messages[lang]
        publisher = _publisher(t, lang, base_url)
        for story in stories:
            element = story_element(kb, story, lang, t, base_url, publisher)
            if element is not None:
                yield element


def authors(story: Story) -> list[str]:
    """The ids whose registry records a story's feed items show (the authors of its reviewed claims)."""
    return sorted({claim.by for claim in story.claims if claim.review is not None})


def source_facts(kb: KnowledgeBase, source_id: str) -> Any:
    """What a story's feed items show of its source (title, exact date): the feed cache keys on it."""
    source = kb.sources[source_id].model if source_id in kb.sources else None
    return None if source is None else [source.title.ja, source.title.en, _exact_date(source)]


def author_facts(kb: KnowledgeBase, entity_id: str, messages: dict[str, Messages], base_url: str) -> Any:
    """What a story's feed items show of a claim's author, in every language: the feed cache keys on it."""
    return [_author(kb, entity_id, lang, messages[lang], base_url) for lang in routes.LANGS]


def catalogue_facts(messages: dict[str, Messages]) -> Any:
    """The catalogue strings the feed items show, per language (part of the feed cache's key)."""
    from ..models import Verdict

    keys = ["site.name", "speaker.narrator", "speaker.unknown", *(f"verdict.{v.value}" for v in Verdict)]
    return {lang: [messages[lang](k) for k in keys] for lang in routes.LANGS}


def _head(base_url: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": "newskb ClaimReview feed",
        "url": routes.full(f"data/{FEED_NAME}", base_url),
        "dateModified": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def feed(kb: KnowledgeBase, messages: dict[str, Messages], base_url: str, now: dt.datetime) -> dict[str, Any]:
    """The DataFeed document as one dict (for tests and small knowledge bases; `feed_chunks` streams it)."""
    return {**_head(base_url, now), "dataFeedElement": list(elements(kb, messages, base_url))}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def feed_chunks(kb: KnowledgeBase, messages: dict[str, Messages], base_url: str, now: dt.datetime) -> Iterator[str]:
    """The feed's JSON text, one DataFeedItem at a time: the bytes of `_dumps(feed(...))` and a newline.

    Why: at 10,000 stories the feed is 340 MB of JSON; built as one dict and one string it
    took 2.2 GB. The keys sorted around `dataFeedElement` are written as `json.dumps` would.
    """
    head, tail = _head_and_tail(base_url, now)
    yield head
    for i, element in enumerate(elements(kb, messages, base_url)):
        yield ("," if i else "") + _dumps(element)
    yield tail


def _head_and_tail(base_url: str, now: dt.datetime) -> tuple[str, str]:
    """The JSON around the items: the keys sorted before `dataFeedElement` and after it, as `json.dumps` writes them."""
    head = _head(base_url, now)
    before = {k: v for k, v in head.items() if k < "dataFeedElement"}
    after = {k: v for k, v in head.items() if k > "dataFeedElement"}
    return _dumps(before)[:-1] + ',"dataFeedElement":[', "]," + _dumps(after)[1:] + "\n"


def feed_json(kb: KnowledgeBase, messages: dict[str, Messages], base_url: str, now: dt.datetime) -> str:
    return "".join(feed_chunks(kb, messages, base_url, now))


#: Stories per compressed piece of the feed, on average: 1 doubles the feed's size (4.26 MB against
#: 2.15 MB gzipped whole at 1,000 stories), 8 costs 13 % (2.42 MB) and an edit recompresses its group only.
GROUP = 8


def story_groups(entries: list[Entry[Story]]) -> list[list[Entry[Story]]]:
    """Stories (sorted by id) in runs that end after each story whose id hashes to 0 modulo GROUP.

    Why by id: a group depends on its members' ids only, so adding or removing a story changes
    its own group and no other, and the feed's bytes never depend on what was built before.
    """
    groups: list[list[Entry[Story]]] = []
    current: list[Entry[Story]] = []
    for entry in entries:
        current.append(entry)
        if hashlib.blake2b(entry.model.id.encode("utf-8"), digest_size=8).digest()[0] % GROUP == 0:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def feed_gzip(
    kb: KnowledgeBase, messages: dict[str, Messages], base_url: str, now: dt.datetime, cache: Path | None = None
) -> bytes:
    """The feed gzipped (what the site publishes): one gzip member, each group of stories compressed alone.

    Decompressed, it is `feed_json` byte for byte. Each group's items (`story_groups`) are a
    piece of their own (gzip_chunks: a fresh compressor, a full flush), pieces separated by a
    constant piece for the comma, so a group's compressed bytes depend on its stories alone:
    with `cache` (a file in the cache folder), a group whose files and external facts are
    unchanged is not serialised or compressed again. The bytes are the same with a cache,
    without one or with a stale one.
    """
    from .feed_cache import FeedCache

    store = FeedCache(cache, messages, base_url) if cache is not None else None
    head, tail = _head_and_tail(base_url, now)
    pieces = [gzip_chunks.compress(head.encode("utf-8"))]
    groups = story_groups(sorted(kb.stories, key=lambda e: e.model.id))
    first = True
    for lang in routes.LANGS:
        t = messages[lang]
        publisher = _publisher(t, lang, base_url)
        for group in groups:
            piece = store.get(kb, group, lang) if store is not None else _MISSING
            if piece is _MISSING:
                texts = [
                    _dumps(element)
                    for element in (story_element(kb, e.model, lang, t, base_url, publisher) for e in group)
                    if element is not None
                ]
                piece = gzip_chunks.compress(",".join(texts).encode("utf-8")) if texts else None
                if store is not None:
                    store.put(kb, group, lang, piece)
            if piece is None:
                continue
            if not first:
                pieces.append(_SEPARATOR)
            pieces.append(piece)
            first = False
    pieces.append(gzip_chunks.compress(tail.encode("utf-8"), final=True))
    if store is not None:
        store.save(groups)
    return gzip_chunks.gzip_member(pieces)
