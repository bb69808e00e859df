"""The page list: every page of the site is one `Page` — a route, a template
and a function that builds its context.

Every kind of page is declared once (`Kind`, listed in `KINDS`): its template,
the function that lists its pages and builds their contexts, which facts of a
story place it on them, whether it is indexed for search, its structured data,
how many times it shows a claim. Routing, the search shard count, the live
build's change detection (`placement`) and the claim cache's use counts
(`claim_uses`) are derived from these declarations; adding a kind is one
declaration (plus its template and its messages). Contexts are small and built per page from the shared `SiteData`
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..models import Claim, Story
from . import routes
from .search import shard_count
from .site import CORRECTIONS, TEXT_ERRORS, SiteData, claim_subjects, named_entities, tally, verdict_of

Context = dict[str, Any]

#: Stories, quotes or claims on one page of a list.
PAGE_SIZE = 50
#: Names on one page of the people, organisation and tag indexes (one short line each).
NAMES_PAGE_SIZE = 200


#: Facts of a story that decide which pages show it, where, and under which heading (each given the
#: people registry). A kind names the ones its pages are placed by (`Kind.places`); two versions of a
#: story equal in every placing fact are shown on the same pages in the same places, which is what lets
#: a live build re-render only the pages that show an edited story (live.py, `placement`).
FACETS: dict[str, Callable[[Story, dict[str, Any]], Any]] = {
    "id": lambda s, people: s.id,
    "source": lambda s, people: s.source,
    "segment": lambda s, people: s.segment.index,
    "date": lambda s, people: s.date,
    "tags": lambda s, people: tuple(s.tags),
    "entities": lambda s, people: (
        tuple(s.people),
        tuple(s.organizations),
        tuple(s.products),
        tuple(m.id for m in s.mentions),
    ),
    "quotes": lambda s, people: tuple((q.id, q.speaker, q.via) for q in s.quotes),
    "claims": lambda s, people: tuple((c.id, c.by) for c in s.claims),
    "verdicts": lambda s, people: tuple(c.review.verdict if c.review else None for c in s.claims),
    # whom each claim is about (follows the claim's text): a claim that comes to name someone moves
    # onto that person's page
    "subjects": lambda s, people: _subjects(s, people),
    # the newest date of a story or its reviews' sources: the site's notion of now (build.site_time)
    "latest": lambda s, people: max(
        [
            *([s.date] if s.date else []),
            *(c.published for x in s.claims if x.review for c in x.review.sources if c.published),
        ],
        default=None,
    ),
}


def _subjects(story: Story, people: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    named = sorted(named_entities(story))
    return tuple(claim_subjects(story, c, people, named) for c in story.claims)


@dataclass(frozen=True)
class Kind:
    """One kind of page, declared once: everything the build, the live build and the renderer need to know.

    Adding a kind is one declaration here (with the function that lists its pages and builds their
    contexts), its template and its catalogue strings.
    """

    name: str
    #: The Jinja template (or, for JSON documents and data files, the `api.DOCUMENTS` entry).
    template: str
    #: The pages of this kind, with their routes and contexts, for one language (None: language-neutral).
    pages: Callable[[Listing, str | None], Iterable[Page]] | None = field(default=None, compare=False, repr=False)
    #: One set of pages per language (else one set for the site).
    per_lang: bool = True
    #: Which facts of the stories it shows decide which of its pages show a story, where (FACETS). The
    #: content of the stories a page shows is always an input (its key walks them, incremental.py).
    places: frozenset[str] = frozenset()
    #: Added to the language's search index.
    indexed: bool = False
    #: Listed in sitemap.xml (with its twin as an hreflang alternate).
    listed: bool = True
    #: Shown at arbitrary URLs by a server (404): links must be root-relative.
    anywhere: bool = False
    #: Needs the search script (the only page that runs JavaScript).
    script: bool = False
    #: Shows every entry and is costly to render (the published database, the ClaimReview feed):
    #: a live build of a large knowledge base leaves it to the next one-shot build (live.py).
    bulk: bool = False
    #: Its structured data (a key of `jsonld.GRAPHS`), or None.
    jsonld: str | None = None
    #: How many of its pages show a claim as `claim_html` renders it (the renderer's claim cache drops a
    #: rendered claim after its last use): (site, story, claim) -> count.
    claim_uses: Callable[[SiteData, Story, Claim], int] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Page:
    kind: Kind
    route: str
    lang: str | None
    context: Callable[[], Context] = field(compare=False, repr=False)
    #: What the page is made of, for incremental builds (incremental.py), when its context is
    #: costly to build and derived from less: by default the context itself.
    inputs: Callable[[], Context] | None = field(default=None, compare=False, repr=False)
    #: The route of the page's JSON document (api.py), linked as rel=alternate type=application/json.
    alternate: str | None = None

    @cached_property
    def file(self) -> str:
        """Computed once: a build reads every page's file several times (369k pages at 10,000 stories)."""
        return routes.file_for(self.route)

    @property
    def template(self) -> str:
        return self.kind.template

    @property
    def indexed(self) -> bool:
        return self.kind.indexed

    @property
    def listed(self) -> bool:
        return self.kind.listed

    @property
    def anywhere(self) -> bool:
        return self.kind.anywhere

    @property
    def script(self) -> bool:
        return self.kind.script

    @property
    def bulk(self) -> bool:
        return self.kind.bulk


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


def _paginated(
    kind: Kind, base: str, lang: str, items: Sequence[Any], size: int, make: Callable[[Sequence[Any]], Context]
) -> Iterator[Page]:
    """The pages of a list; each slices `items` when rendered, so it shows the entries the site's
    indexes hold then (a live build puts an edited story in place of the old one: SiteData.replace)."""
    count = max(1, -(-len(items) // size))
    for number in range(1, count + 1):
        pager = Pager(base, number, count, len(items))
        start = (number - 1) * size
        yield Page(
            kind,
            routes.paged(base, number),
            lang,
            lambda start=start, pager=pager: {**make(items[start : start + size]), "pager": pager},
        )


def _by_month(stories: Sequence[Any]) -> list[tuple[Any, list[Any]]]:
    """Consecutive stories of one month as (first day of the month | None, stories)."""
    key = lambda s: s.date.replace(day=1) if s.date else None
    return [(month, list(group)) for month, group in itertools.groupby(stories, key)]


def _by_verdict(items: Sequence[tuple[str, Any, Any]]) -> list[tuple[str, list[tuple[Any, Any]]]]:
    return [(v, [(s, c) for _, s, c in group]) for v, group in itertools.groupby(items, lambda x: x[0])]


def _person_tally(site: SiteData, person_id: str) -> list[tuple[str, int]]:
    """The verdicts of the claims a person made or is the subject of (each claim once)."""
    made = site.claims_by_author.get(person_id, [])
    pairs = {(s.id, c.id): c for s, c in [*made, *site.claims_about.get(person_id, [])]}
    return tally(pairs.values())


class Listing:
    """What several kinds list, computed once per site: sorted registries, the flattened lists."""

    def __init__(self, site: SiteData):
        kb = site.kb
        self.site = site
        self.kb = kb
        self.people = sorted(kb.people.values(), key=lambda p: (p.name.en.casefold(), p.id))
        self.orgs = sorted(kb.organizations.values(), key=lambda o: (o.name.en.casefold(), o.id))
        self.tag_counts = [(tag, len(stories)) for tag, stories in site.stories_by_tag.items()]
        #: The tag registry; its records are in the tag pages' contexts (incremental keys).
        self.registered = kb.tags or {}
        tag_names = [t.name for t in self.registered.values()]
        #: The search box's suggestions (and what a misspelt query is matched against): every registered name.
        self.names = sorted(
            {n for e in (*self.people, *self.orgs, *kb.products.values()) for n in (e.name.ja, e.name.en)}
            | {n for name in tag_names for n in (name.ja, name.en)}
        )
        #: Pages of each language indexed for search so far (the search page's shard count).
        self.indexed: dict[str | None, int] = {}

    def toc(self, lang: str) -> list[tuple[str, int, str]]:
        """The table of contents of every claims page: each verdict, its count, the page where it starts
        (also the home page's tally of all claims)."""
        toc: list[tuple[str, int, str]] = []
        start = 0
        for verdict, items in self.site.claims_by_verdict:
            toc.append((verdict, len(items), routes.paged(routes.claims(lang), start // PAGE_SIZE + 1)))
            start += len(items)
        return toc

    def source_of(self, story: Story) -> Any:
        return self.kb.sources[story.source].model if story.source in self.kb.sources else None


# --- the kinds' pages and contexts ---------------------------------------------------------------


def _root(ls: Listing, lang: str | None) -> Iterator[Page]:
    yield Page(ROOT, routes.root(), None, _ctx())


def _not_found(ls: Listing, lang: str | None) -> Iterator[Page]:
    yield Page(NOT_FOUND if lang else ROOT_NOT_FOUND, routes.not_found(lang), lang, _ctx())


def _home(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    toc = ls.toc(lang)
    yield from _paginated(
        HOME, routes.home(lang), lang, ls.site.stories, PAGE_SIZE, lambda piece: {"stories": piece, "toc": toc}
    )


def _stories(ls: Listing, lang: str | None) -> Iterator[Page]:
    """Each story's page, followed by the pages of its claims (the sitemap lists them in this order)."""
    assert lang is not None
    site = ls.site
    for story in site.stories:
        # contexts name their story by id and look it up when rendered (never holding the model: a
        # live build puts an edited story in place of the old one, SiteData.replace)
        yield Page(
            STORY,
            routes.story(lang, story.id),
            lang,
            lambda sid=story.id: {"story": (s := site.story_index[sid]), "source": ls.source_of(s)},
            alternate=routes.api_story(story.id),
        )
        for number, claim in enumerate(story.claims):
            yield Page(
                CLAIM,
                routes.claim(lang, story.id, claim.id),
                lang,
                lambda sid=story.id, number=number: _claim_context(ls, site.story_index[sid], number),
            )


def _claim_context(ls: Listing, story: Story, number: int) -> Context:
    site = ls.site
    claim = story.claims[number]
    return {
        "story": story,
        "claim": claim,
        "source": ls.source_of(story),
        "line": site.claim_line(story, claim),
        "report_url": site.report_url,
        "text_errors": TEXT_ERRORS,
    }


def _people(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    site = ls.site
    yield from _paginated(
        PEOPLE,
        routes.people(lang),
        lang,
        ls.people,
        NAMES_PAGE_SIZE,
        lambda piece: {"people": piece, "tallies": {p.id: _person_tally(site, p.id) for p in piece}},
    )


def _persons(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    site = ls.site
    for person in ls.people:
        yield Page(
            PERSON,
            routes.person(lang, person.id),
            lang,
            _ctx(
                person=person,
                quotes=site.quotes_by_speaker.get(person.id, []),
                claims=site.claims_by_author.get(person.id, []),
                about=site.claims_about.get(person.id, []),
                stories=site.stories_by_entity.get(person.id, []),
            ),
            alternate=routes.api_person(person.id),
        )


def _organizations(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    yield from _paginated(
        ORGANIZATIONS,
        routes.organizations(lang),
        lang,
        ls.orgs,
        NAMES_PAGE_SIZE,
        lambda piece: {"organizations": piece},
    )


def _organization_pages(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    site = ls.site
    for org in ls.orgs:
        yield Page(
            ORGANIZATION,
            routes.organization(lang, org.id),
            lang,
            _ctx(
                organization=org,
                quotes=site.quotes_by_speaker.get(org.id, []),
                stories=site.stories_by_entity.get(org.id, []),
                people=site.people_by_affiliation.get(org.id, []),
            ),
            alternate=routes.api_organization(org.id),
        )


def _tags(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    registered = ls.registered
    yield from _paginated(
        TAGS,
        routes.tags(lang),
        lang,
        ls.tag_counts,
        NAMES_PAGE_SIZE,
        lambda piece: {"tags": piece, "registered": [registered.get(tag) for tag, _ in piece]},
    )


def _tag_pages(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    registered = ls.registered
    for tag, stories in ls.site.stories_by_tag.items():
        yield from _paginated(
            TAG,
            routes.tag(lang, tag),
            lang,
            stories,
            PAGE_SIZE,
            lambda piece, tag=tag: {"tag": tag, "registered": registered.get(tag), "stories": piece},
        )


def _timeline(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    yield from _paginated(
        TIMELINE, routes.timeline(lang), lang, ls.site.timeline_stories, PAGE_SIZE, lambda piece: {"groups": _by_month(piece)}
    )


def _claims(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    toc = ls.toc(lang)
    yield from _paginated(
        CLAIMS,
        routes.claims(lang),
        lang,
        ls.site.verdict_claims,
        PAGE_SIZE,
        lambda piece: {"groups": _by_verdict(piece), "toc": toc, "corrections": CORRECTIONS, "verdict_of": verdict_of},
    )


def _quotes(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    yield from _paginated(
        QUOTES, routes.quotes(lang), lang, ls.site.all_quotes, PAGE_SIZE, lambda piece: {"quotes": piece}
    )


def _sources(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    site, kb = ls.site, ls.kb
    for source_id, entry in sorted(kb.sources.items()):
        text = kb.source_texts.get(source_id)
        if text is None:
            continue
        yield Page(
            SOURCE,
            routes.source(lang, source_id),
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


def _about(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    kb, site = ls.kb, ls.site
    yield Page(
        ABOUT,
        routes.about(lang),
        lang,
        lambda: {"sources": [e.model for _, e in sorted(kb.sources.items())], "method": site.method(lang)},
    )


def _search(ls: Listing, lang: str | None) -> Iterator[Page]:
    assert lang is not None
    shards = shard_count(ls.indexed.get(lang, 0))  # the pages of kinds declared `indexed`, counted as listed
    yield Page(SEARCH, routes.search(lang), lang, _ctx(shards=shards, names=ls.names))


def _story_claim_uses(site: SiteData, story: Story, claim: Claim) -> int:
    return 1


def _person_claim_uses(site: SiteData, story: Story, claim: Claim) -> int:
    """The page of its author, when a person, and of each person it is about."""
    people = site.kb.people
    return (claim.by in people) + len(claim_subjects(story, claim, people))


def claim_uses(site: SiteData, story: Story, claim: Claim) -> int:
    """How many pages show a claim as `claim_html` renders it: the sum over the kinds that show it."""
    return sum(kind.claim_uses(site, story, claim) for kind in KINDS if kind.claim_uses is not None)


ROOT = Kind("root", "root.html", _root, per_lang=False)
ROOT_NOT_FOUND = Kind("404-root", "404.html", _not_found, per_lang=False, listed=False, anywhere=True)
HOME = Kind("home", "home.html", _home, places=frozenset({"id", "claims", "verdicts"}))
STORY = Kind(
    "story",
    "story.html",
    _stories,
    places=frozenset({"id", "source"}),
    indexed=True,
    jsonld="story",
    claim_uses=_story_claim_uses,
)
#: Listed by `_stories`, beside its story.
CLAIM = Kind("claim", "claim.html", None, places=frozenset({"id", "source", "claims"}), jsonld="claim")
PEOPLE = Kind("people", "people.html", _people, places=frozenset({"claims", "verdicts", "subjects"}))
PERSON = Kind(
    "person",
    "person.html",
    _persons,
    places=frozenset({"id", "entities", "quotes", "claims", "subjects"}),
    indexed=True,
    jsonld="person",
    claim_uses=_person_claim_uses,
)
ORGANIZATIONS = Kind("organizations", "organizations.html", _organizations)
ORGANIZATION = Kind(
    "organization",
    "organization.html",
    _organization_pages,
    places=frozenset({"id", "entities", "quotes", "claims"}),
    indexed=True,
)
TAGS = Kind("tags", "tags.html", _tags, places=frozenset({"tags"}))
TAG = Kind("tag", "tag.html", _tag_pages, places=frozenset({"id", "tags"}))
TIMELINE = Kind("timeline", "timeline.html", _timeline, places=frozenset({"id", "date"}))
CLAIMS = Kind(
    "claims", "claims.html", _claims, places=frozenset({"id", "claims", "verdicts"}), claim_uses=_story_claim_uses
)
QUOTES = Kind("quotes", "quotes.html", _quotes, places=frozenset({"id", "quotes"}))
SOURCE = Kind(
    "source", "source.html", _sources, places=frozenset({"id", "source", "segment", "quotes", "claims", "verdicts"})
)
ABOUT = Kind("about", "about.html", _about)
SEARCH = Kind("search", "search.html", _search, listed=False, script=True)
NOT_FOUND = Kind("404", "404.html", _not_found, listed=False, anywhere=True)
# The JSON API, the data files and the Data page: listed by api.data_pages, which builds their contexts.
_EVERYTHING = frozenset(FACETS)
API_STORY = Kind("api-story", "api:story", per_lang=False, listed=False, places=frozenset({"id"}))
API_PERSON = Kind(
    "api-person", "api:person", per_lang=False, listed=False, places=frozenset({"id", "entities", "quotes", "claims"})
)
API_ORGANIZATION = Kind(
    "api-organization",
    "api:organization",
    per_lang=False,
    listed=False,
    places=frozenset({"id", "entities", "quotes", "claims"}),
)
#: Keyed by the stories themselves, so a live build knows it shows their titles.
API_INDEX = Kind("api-index", "api:index", per_lang=False, listed=False, places=frozenset({"id"}))
DATABASE = Kind("database", "data:database", per_lang=False, listed=False, bulk=True, places=_EVERYTHING)
METADATA = Kind("metadata", "data:metadata", per_lang=False, listed=False, bulk=True)
CLAIM_FEED = Kind("claim-feed", "data:feed", per_lang=False, listed=False, bulk=True, places=_EVERYTHING)
DATA = Kind("data", "data.html", places=frozenset({"quotes", "claims", "verdicts"}))

#: Every kind, in the order the page list (and so the sitemap) holds their pages.
KINDS: tuple[Kind, ...] = (
    ROOT,
    ROOT_NOT_FOUND,
    HOME,
    STORY,
    CLAIM,
    PEOPLE,
    PERSON,
    ORGANIZATIONS,
    ORGANIZATION,
    TAGS,
    TAG,
    TIMELINE,
    CLAIMS,
    QUOTES,
    SOURCE,
    ABOUT,
    SEARCH,
    NOT_FOUND,
    API_STORY,
    API_PERSON,
    API_ORGANIZATION,
    API_INDEX,
    DATABASE,
    METADATA,
    CLAIM_FEED,
    DATA,
)


def placement(story: Story, people: dict[str, Any]) -> tuple[Any, ...]:
    """A story's value of every fact some kind places its pages by (`Kind.places`): two versions with the same
    placement are shown on the same pages in the same places."""
    facets = sorted({f for kind in KINDS for f in kind.places})
    return tuple(FACETS[f](story, people) for f in facets)


def site_pages(site: SiteData) -> Iterator[Page]:
    """Every page, both languages, in a stable order: each kind's in turn (KINDS), language by language."""
    from .api import data_pages

    ls = Listing(site)

    def counted(pages: Iterable[Page]) -> Iterator[Page]:
        for page in pages:
            if page.indexed:
                ls.indexed[page.lang] = ls.indexed.get(page.lang, 0) + 1
            yield page

    for kind in KINDS:
        if not kind.per_lang and kind.pages is not None:
            yield from counted(kind.pages(ls, None))
    for lang in routes.LANGS:
        for kind in KINDS:
            if kind.per_lang and kind.pages is not None:
                yield from counted(kind.pages(ls, lang))
    yield from data_pages(site, ls.people, ls.orgs)
