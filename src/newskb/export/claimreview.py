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
import json
from collections.abc import Iterator
from typing import Any

from ..kb import KnowledgeBase
from ..models import Source
from ..ratings import rating
from ..render import routes
from ..render.i18n import Messages
from . import tables

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


def elements(kb: KnowledgeBase, messages: dict[str, Messages], base_url: str) -> Iterator[dict[str, Any]]:
    """The feed's DataFeedItems, one story page (and language) at a time."""
    stories = sorted((e.model for e in kb.stories), key=lambda s: s.id)
    for lang in routes.LANGS:
        t = messages[lang]
        publisher = {"@type": "Organization", "name": t("site.name"), "url": routes.full(routes.home(lang), base_url)}
        for story in stories:
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
            if reviews:
                yield {
                    "@type": "DataFeedItem",
                    "url": routes.full(routes.story(lang, story.id), base_url),
                    "item": reviews,
                }


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
    head = _head(base_url, now)
    before = {k: v for k, v in head.items() if k < "dataFeedElement"}
    after = {k: v for k, v in head.items() if k > "dataFeedElement"}
    yield _dumps(before)[:-1] + ',"dataFeedElement":['
    for i, element in enumerate(elements(kb, messages, base_url)):
        yield ("," if i else "") + _dumps(element)
    yield "]," + _dumps(after)[1:] + "\n"


def feed_json(kb: KnowledgeBase, messages: dict[str, Messages], base_url: str, now: dt.datetime) -> str:
    return "".join(feed_chunks(kb, messages, base_url, now))


def feed_gzip(kb: KnowledgeBase, messages: dict[str, Messages], base_url: str, now: dt.datetime) -> bytes:
    """The feed gzipped as it is serialised (what the site publishes), with no timestamp in the header."""
    import gzip
    import io

    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6, mtime=0, filename="") as fh:
        for chunk in feed_chunks(kb, messages, base_url, now):
            fh.write(chunk.encode("utf-8"))
    return buf.getvalue()
