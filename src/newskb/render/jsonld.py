"""Structured data (schema.org JSON-LD) for story, claim and person pages.

A story is a NewsArticle; each quote a Quotation with its speaker; each
reviewed claim a Claim with a ClaimReview whose verdict is the rating's
`textualRating` (its label) and `alternateName` (the verdict word), with a
normalised `ratingValue` where the verdict claims one, and whose `url` is the claim's own page. The dict is embedded with Jinja's `|tojson`, which escapes
`<`, `>`, `&` and `'`, so content cannot close the script element.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..ratings import rating
from . import routes

if TYPE_CHECKING:
    from .pages import Page
    from .templating import Renderer


def _entity(entity_id: str, ctx: dict[str, Any], r: Renderer) -> dict[str, Any] | None:
    kind = r.site.entity_kind(entity_id)
    lang = ctx["ui_lang"]
    if kind == "person":
        person = r.site.kb.people[entity_id]
        return {
            "@type": "Person",
            "@id": routes.full(routes.person(lang, entity_id), r.base_url) + "#person",
            "name": ctx["plain"](person.name),
        }
    if kind == "organization":
        org = r.site.kb.organizations[entity_id]
        return {
            "@type": "Organization",
            "@id": routes.full(routes.organization(lang, entity_id), r.base_url) + "#organization",
            "name": ctx["plain"](org.name),
        }
    return None


def story_graph(ctx: dict[str, Any], r: Renderer) -> dict[str, Any]:
    story = ctx["story"]
    lang = ctx["ui_lang"]
    page_url = ctx["canonical"]
    plain = ctx["plain"]
    source_url = routes.full(routes.source(lang, story.source), r.base_url)
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": page_url + "#article",
        "url": page_url,
        "headline": ctx["story_title"](story),
        "inLanguage": lang,
        "isBasedOn": source_url,
        "keywords": list(story.tags),
    }
    if story.date:
        article["dateCreated"] = story.date.isoformat()
    if story.summary:
        article["description"] = ctx["md_text"](story.summary)  # Markdown as plain text
    mentions = [e for e in (_entity(i, ctx, r) for i in sorted(set(story.people) | set(story.organizations))) if e]
    if mentions:
        article["mentions"] = mentions
    graph: list[dict[str, Any]] = [article]
    for quote in story.quotes:
        item: dict[str, Any] = {
            "@type": "Quotation",
            "@id": f"{page_url}#quote-{quote.id}",
            "text": plain(quote.text),
            "isPartOf": {"@id": page_url + "#article"},
        }
        speaker = _entity(quote.speaker, ctx, r)
        if speaker:
            item["creator"] = speaker
        if quote.anchor:
            item["isBasedOn"] = f"{source_url}#L{quote.anchor.line}"
        graph.append(item)
    for claim in story.claims:
        review = claim_review(story, claim, ctx, r)
        if review is not None:
            graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def claim_review(story: Any, claim: Any, ctx: dict[str, Any], r: Renderer) -> dict[str, Any] | None:
    """A reviewed claim as a ClaimReview whose `url` is the claim's own page (None when unreviewed)."""
    if claim.review is None:
        return None
    lang = ctx["ui_lang"]
    plain = ctx["plain"]
    source_url = routes.full(routes.source(lang, story.source), r.base_url)
    claim_url = routes.full(routes.claim(lang, story.id, claim.id), r.base_url)
    claim_node: dict[str, Any] = {"@type": "Claim", "text": plain(claim.text)}
    if claim.anchor:
        claim_node["appearance"] = {"@type": "CreativeWork", "url": f"{source_url}#L{claim.anchor.line}"}
    author = _entity(claim.by, ctx, r)
    if author:
        claim_node["author"] = author
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": claim_url + "#review",
        "url": claim_url,
        "claimReviewed": plain(claim.text),
        "itemReviewed": claim_node,
        "reviewRating": rating(claim.review.verdict, ctx["t"](f"verdict.{claim.review.verdict.value}")),
        "reviewBody": ctx["md_text"](claim.review.note),
        "inLanguage": lang,
        "isPartOf": {"@id": routes.full(routes.story(lang, story.id), r.base_url) + "#article"},
    }
    if claim.review.sources:
        review["citation"] = [{"@type": "CreativeWork", "url": c.url, "name": c.title} for c in claim.review.sources]
    return review


def person_node(ctx: dict[str, Any], r: Renderer) -> dict[str, Any]:
    person = ctx["person"]
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": ctx["canonical"] + "#person",
        "url": ctx["canonical"],
        "name": ctx["plain"](person.name),
        "alternateName": sorted({person.name.ja, person.name.en} - {ctx["plain"](person.name)}),
    }
    if person.role:
        node["jobTitle"] = ctx["plain"](person.role)
    orgs = [e for e in (_entity(a, ctx, r) for a in person.affiliations) if e]
    if orgs:
        node["affiliation"] = orgs
    if person.links:
        node["sameAs"] = [link.url for link in person.links]
    return node


def _claim_page(ctx: dict[str, Any], r: Renderer) -> dict[str, Any] | None:
    review = claim_review(ctx["story"], ctx["claim"], ctx, r)
    return {"@context": "https://schema.org", **review} if review else None


#: The structured data a kind of page declares (pages.Kind.jsonld) -> what builds it.
GRAPHS: dict[str, Any] = {"story": story_graph, "person": person_node, "claim": _claim_page}


def for_page(page: Page, ctx: dict[str, Any], r: Renderer) -> dict[str, Any] | None:
    graph = page.kind.jsonld
    return GRAPHS[graph](ctx, r) if graph is not None else None
