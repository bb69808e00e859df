"""The page list: every page of the site is one `Page` — a route, a template
and a function that builds its context.

Adding a kind of page is one entry in `site_pages` (plus its template and its
messages). Contexts are small and built per page from the shared `SiteData`
indexes, so pages can be rendered independently of each other (in parallel,
or only the ones whose inputs changed: see build.py).

Every list page is paginated with a fixed page size (`PAGE_SIZE` items, or
`NAMES_PAGE_SIZE` names on the people, organisation and tag indexes), so no
page grows with the knowledge base: page 1 is the list's own route, page k is
`<route>page/<k>/` (routes.paged). Each page gets a `pager` (prev/next links,
`rel=prev/next` in the head, "page k of n").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import routes
from .api import data_pages
from .search import shard_count
from .site import CORRECTIONS, TEXT_ERRORS, SiteData, tally, verdict_of

Context = dict[str, Any]

#: Stories, quotes or claims on one page of a list.
PAGE_SIZE = 50
#: Names on one page of the people, organisation and tag indexes (one short line each).
NAMES_PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    route: str
    template: str
    lang: str | None
    context: Callable[[], Context] = field(compare=False, repr=False)
    #: Added to the language's search index.
    indexed: bool = False
    #: Listed in sitemap.xml (with its twin as an hreflang alternate).
    listed: bool = True
    #: Shown at arbitrary URLs by a server (404): links must be root-relative.
    anywhere: bool = False
    #: Needs the search script (the only page that runs JavaScript).
    script: bool = False
    #: What the page is made of, for incremental builds (incremental.py), when its context is
    #: costly to build and derived from less: by default the context itself.
    inputs: Callable[[], Context] | None = field(default=None, compare=False, repr=False)
    #: The route of the page's JSON document (api.py), linked as rel=alternate type=application/json.
    alternate: str | None = None
    #: Shows every entry and is costly to render (the published database, the ClaimReview feed):
    #: a live build of a large knowledge base leaves it to the next one-shot build (live.py).
    bulk: bool = False

    @property
    def file(self) -> str:
        return routes.file_for(self.route)


@dataclass(frozen=True)
class Pager:
    """Where one page of a paginated list sits: its number, the page count, its neighbours."""

    base: str
    number: int
    count: int
    total: int

    @property
    def prev(self) -> str | None:
        return routes.paged(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return routes.paged(self.base, self.number + 1) if self.number < self.count else None


def _ctx(**values: Any) -> Callable[[], Context]:
    return lambda: values


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """`items` cut into pages of `size`; an empty list is one empty page."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def _paginated(
    base: str, template: str, lang: str, items: Sequence[Any], size: int, make: Callable[[Sequence[Any]], Context]
) -> Iterator[Page]:
    pieces = chunks(items, size)
    for number, piece in enumerate(pieces, 1):
        pager = Pager(base, number, len(pieces), len(items))
        yield Page(
            routes.paged(base, number),
            template,
            lang,
            lambda piece=piece, pager=pager: {**make(piece), "pager": pager},
        )


def _by_month(stories: Sequence[Any]) -> list[tuple[Any, list[Any]]]:
    """Consecutive stories of one month as (first day of the month | None, stories)."""
    key = lambda s: s.date.replace(day=1) if s.date else None  # noqa: E731
    return [(month, list(group)) for month, group in itertools.groupby(stories, key)]


def _by_verdict(items: Sequence[tuple[str, Any, Any]]) -> list[tuple[str, list[tuple[Any, Any]]]]:
    return [(v, [(s, c) for _, s, c in group]) for v, group in itertools.groupby(items, lambda x: x[0])]


def _person_tally(site: SiteData, person_id: str) -> list[tuple[str, int]]:
    """The verdicts of the claims a person made or is the subject of (each claim once)."""
    made = site.claims_by_author.get(person_id, [])
    pairs = {(s.id, c.id): c for s, c in [*made, *site.claims_about.get(person_id, [])]}
    return tally(pairs.values())


def site_pages(site: SiteData) -> Iterator[Page]:
    """Every HTML page, both languages, in a stable order."""
    kb = site.kb
    people = sorted(kb.people.values(), key=lambda p: (p.name.en.casefold(), p.id))
    orgs = sorted(kb.organizations.values(), key=lambda o: (o.name.en.casefold(), o.id))
    timeline = [s for _, stories in site.timeline for s in stories]
    claims = [(v, s, c) for v, items in site.claims_by_verdict for s, c in items]
    tag_counts = [(tag, len(stories)) for tag, stories in site.stories_by_tag.items()]
    # The search box's suggestions (and what a misspelt query is matched against): every registered name.
    registered = kb.tags or {}  # the tag registry; its records are in the tag pages' contexts (incremental keys)
    tag_names = [t.name for t in registered.values()]
    names = sorted(
        {n for e in (*people, *orgs, *kb.products.values()) for n in (e.name.ja, e.name.en)}
        | {n for name in tag_names for n in (name.ja, name.en)}
    )
    yield Page(routes.root(), "root.html", None, _ctx())
    yield Page(routes.not_found(None), "404.html", None, _ctx(), listed=False, anywhere=True)
    for lang in routes.LANGS:
        # The table of contents of every claims page: each verdict, its count, the page where it starts
        # (also the home page's tally of all claims).
        toc: list[tuple[str, int, str]] = []
        start = 0
        for verdict, items in site.claims_by_verdict:
            toc.append((verdict, len(items), routes.paged(routes.claims(lang), start // PAGE_SIZE + 1)))
            start += len(items)
        yield from _paginated(
            routes.home(lang),
            "home.html",
            lang,
            site.stories,
            PAGE_SIZE,
            lambda piece, toc=toc: {"stories": piece, "toc": toc},
        )
        for story in site.stories:
            yield Page(
                routes.story(lang, story.id),
                "story.html",
                lang,
                _ctx(story=story, source=kb.sources[story.source].model if story.source in kb.sources else None),
                indexed=True,
                alternate=routes.api_story(story.id),
            )
            for claim in story.claims:
                yield Page(
                    routes.claim(lang, story.id, claim.id),
                    "claim.html",
                    lang,
                    lambda story=story, claim=claim: {
                        "story": story,
                        "claim": claim,
                        "source": kb.sources[story.source].model if story.source in kb.sources else None,
                        "line": site.claim_line(story, claim),
                        "report_url": site.report_url,
                        "text_errors": TEXT_ERRORS,
                    },
                )
        yield from _paginated(
            routes.people(lang),
            "people.html",
            lang,
            people,
            NAMES_PAGE_SIZE,
            lambda piece: {"people": piece, "tallies": {p.id: _person_tally(site, p.id) for p in piece}},
        )
        for person in people:
            yield Page(
                routes.person(lang, person.id),
                "person.html",
                lang,
                _ctx(
                    person=person,
                    quotes=site.quotes_by_speaker.get(person.id, []),
                    claims=site.claims_by_author.get(person.id, []),
                    about=site.claims_about.get(person.id, []),
                    stories=site.stories_by_entity.get(person.id, []),
                ),
                indexed=True,
                alternate=routes.api_person(person.id),
            )
        yield from _paginated(
            routes.organizations(lang),
            "organizations.html",
            lang,
            orgs,
            NAMES_PAGE_SIZE,
            lambda piece: {"organizations": piece},
        )
        for org in orgs:
            yield Page(
                routes.organization(lang, org.id),
                "organization.html",
                lang,
                _ctx(
                    organization=org,
                    quotes=site.quotes_by_speaker.get(org.id, []),
                    stories=site.stories_by_entity.get(org.id, []),
                    people=site.people_by_affiliation.get(org.id, []),
                ),
                indexed=True,
                alternate=routes.api_organization(org.id),
            )
        yield from _paginated(
            routes.tags(lang),
            "tags.html",
            lang,
            tag_counts,
            NAMES_PAGE_SIZE,
            lambda piece: {"tags": piece, "registered": [registered.get(tag) for tag, _ in piece]},
        )
        for tag, stories in site.stories_by_tag.items():
            yield from _paginated(
                routes.tag(lang, tag), "tag.html", lang, stories, PAGE_SIZE, lambda piece, tag=tag: {"tag": tag, "registered": registered.get(tag), "stories": piece}
            )
        yield from _paginated(
            routes.timeline(lang), "timeline.html", lang, timeline, PAGE_SIZE, lambda piece: {"groups": _by_month(piece)}
        )
        yield from _paginated(
            routes.claims(lang),
            "claims.html",
            lang,
            claims,
            PAGE_SIZE,
            lambda piece, toc=toc: {
                "groups": _by_verdict(piece),
                "toc": toc,
                "corrections": CORRECTIONS,
                "verdict_of": verdict_of,
            },
        )
        yield from _paginated(
            routes.quotes(lang), "quotes.html", lang, site.all_quotes, PAGE_SIZE, lambda piece: {"quotes": piece}
        )
        for source_id, entry in sorted(kb.sources.items()):
            text = kb.source_texts.get(source_id)
            if text is None:
                continue
            yield Page(
                routes.source(lang, source_id),
                "source.html",
                lang,
                lambda entry=entry, text=text, source_id=source_id: {
                    "source": entry.model,
                    "text": text,
                    "spans": site.spans(source_id, text),
                    "stories": site.stories_by_source.get(source_id, []),
                },
                # the spans come from the stories and the transcript (part of the source's fingerprint)
                inputs=lambda entry=entry, source_id=source_id: {
                    "source": entry.model,
                    "stories": site.stories_by_source.get(source_id, []),
                },
            )
        yield Page(
            routes.about(lang),
            "about.html",
            lang,
            lambda lang=lang: {
                "sources": [e.model for _, e in sorted(kb.sources.items())],
                "method": site.method(lang),
            },
        )
        shards = shard_count(len(site.stories) + len(people) + len(orgs))  # the pages marked indexed above
        yield Page(
            routes.search(lang), "search.html", lang, _ctx(shards=shards, names=names), listed=False, script=True
        )
        yield Page(routes.not_found(lang), "404.html", lang, _ctx(), listed=False, anywhere=True)
    yield from data_pages(site, people, orgs)
