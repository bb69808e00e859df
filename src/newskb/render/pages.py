"""The page list: every page of the site is one `Page` — a route, a template
and a function that builds its context.

Adding a kind of page is one entry in `KINDS` (plus its template and its
messages). Contexts are small and built per page from the shared `SiteData`
indexes, so pages can be rendered independently of each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import routes
from .site import CORRECTIONS, SiteData, verdict_of

Context = dict[str, Any]


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

    @property
    def file(self) -> str:
        return routes.file_for(self.route)


def _ctx(**values: Any) -> Callable[[], Context]:
    return lambda: values


def site_pages(site: SiteData) -> Iterator[Page]:
    """Every HTML page, both languages, in a stable order."""
    kb = site.kb
    yield Page(routes.root(), "root.html", None, _ctx())
    yield Page(routes.not_found(None), "404.html", None, _ctx(), listed=False, anywhere=True)
    for lang in routes.LANGS:
        yield Page(routes.home(lang), "home.html", lang, _ctx(stories=site.stories))
        for story in site.stories:
            yield Page(
                routes.story(lang, story.id),
                "story.html",
                lang,
                _ctx(story=story, source=kb.sources[story.source].model if story.source in kb.sources else None),
                indexed=True,
            )
        people = sorted(kb.people.values(), key=lambda p: (p.name.en.casefold(), p.id))
        yield Page(routes.people(lang), "people.html", lang, _ctx(people=people))
        for person in people:
            yield Page(
                routes.person(lang, person.id),
                "person.html",
                lang,
                _ctx(
                    person=person,
                    quotes=site.quotes_by_speaker.get(person.id, []),
                    claims=site.claims_by_author.get(person.id, []),
                    stories=site.stories_by_entity.get(person.id, []),
                ),
                indexed=True,
            )
        orgs = sorted(kb.organizations.values(), key=lambda o: (o.name.en.casefold(), o.id))
        yield Page(routes.organizations(lang), "organizations.html", lang, _ctx(organizations=orgs))
        for org in orgs:
            yield Page(
                routes.organization(lang, org.id),
                "organization.html",
                lang,
                _ctx(
                    organization=org,
                    quotes=site.quotes_by_speaker.get(org.id, []),
                    stories=site.stories_by_entity.get(org.id, []),
                    people=sorted((p for p in kb.people.values() if org.id in p.affiliations), key=lambda p: p.id),
                ),
                indexed=True,
            )
        yield Page(routes.tags(lang), "tags.html", lang, _ctx(tags=site.stories_by_tag))
        for tag, stories in site.stories_by_tag.items():
            yield Page(routes.tag(lang, tag), "tag.html", lang, _ctx(tag=tag, stories=stories))
        yield Page(routes.timeline(lang), "timeline.html", lang, _ctx(groups=site.timeline))
        yield Page(
            routes.claims(lang),
            "claims.html",
            lang,
            _ctx(groups=site.claims_by_verdict, corrections=CORRECTIONS, verdict_of=verdict_of),
        )
        yield Page(routes.quotes(lang), "quotes.html", lang, _ctx(quotes=site.all_quotes))
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
            )
        method = kb.root.resolve().parent / "docs" / f"method.{lang}.md"
        yield Page(
            routes.about(lang),
            "about.html",
            lang,
            lambda method=method: {
                "sources": [e.model for _, e in sorted(kb.sources.items())],
                "method": method.read_text(encoding="utf-8") if method.is_file() else None,
            },
        )
        yield Page(routes.search(lang), "search.html", lang, _ctx(), listed=False, script=True)
        yield Page(routes.not_found(lang), "404.html", lang, _ctx(), listed=False, anywhere=True)
