"""The site's data: a static JSON API beside the pages, the published database and ClaimReview feed.

Everything here is a `Page` of the page list (pages.py), so the build writes,
keys, skips and deletes these files exactly as it does HTML pages
(incremental, deterministic, parallel): only the renderer differs, chosen by
the page's `template`, which names an entry of `DOCUMENTS` instead of a Jinja
template.

- JSON API (language-neutral, both languages inside): `api/index.json`, and
  `api/stories/<id>.json`, `api/people/<id>.json`,
  `api/organizations/<id>.json`; each story, person and organisation page
  links its document with `<link rel="alternate" type="application/json">`.
- Data files (`bulk` pages: they show every entry, so any edit changes them):
  `data/newskb.sqlite.gz` (the database of `newskb export sqlite` without its
  full-text index, gzipped), `data/newskb.metadata.json` (its Datasette
  metadata) and `data/claimreview.json.gz` (the ClaimReview feed), with the
  Data page in each language saying what they hold (`newskb build --no-data`
  leaves the data files out, for quicker previews; the Data page then says
  so). A live build
  (`--watch`) of a large knowledge base leaves them to the next one-shot
  build (live.py, `LIVE_BULK_STORIES`): rebuilding the database takes
  seconds, an edit's pages well under one.

Documents are compact JSON with sorted keys and absolute URLs under the
site's base URL, so two builds of the same entries are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import routes
from .site import SiteData

if TYPE_CHECKING:
    from .pages import Page
    from .templating import Renderer

DATABASE_FILE = "newskb.sqlite.gz"
METADATA_FILE = "newskb.metadata.json"
FEED_FILE = "claimreview.json.gz"  # = export.claimreview.FEED_NAME (the feed's own url)
EXPORT_DIR = Path(__file__).resolve().parent.parent / "export"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _export_code() -> str:
    """What the data files' bytes depend on besides the entries: the export package's code.

    The build's global key covers render/ and models.py only; a data page puts this in its
    inputs so a change to export/ re-renders the data files and nothing else.
    """
    h = hashlib.sha1()
    for path in sorted(EXPORT_DIR.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _urls(route: Callable[..., str], base_url: str, *args: str) -> dict[str, str]:
    return {lang: routes.full(route(lang, *args), base_url) for lang in routes.LANGS}


def _entity_ref(site: SiteData, entity_id: str, base_url: str) -> dict[str, Any]:
    kb = site.kb
    kind = site.entity_kind(entity_id)
    ref: dict[str, Any] = {"id": entity_id, "kind": kind}
    name = kb.name_of(entity_id)
    if name is not None:
        ref["name"] = {"ja": name.ja, "en": name.en}  # type: ignore[attr-defined]
    if kind == "person":
        ref["json"] = routes.full(routes.api_person(entity_id), base_url)
    elif kind == "organization":
        ref["json"] = routes.full(routes.api_organization(entity_id), base_url)
    return ref


def _story_doc(page: Page, r: Renderer) -> str:
    from .site import named_entities

    ctx = page.context()
    story = ctx["story"]
    base = r.base_url
    doc = story.model_dump(mode="json", exclude_none=True, exclude={"mentions"})
    for quote in doc["quotes"]:
        quote["url"] = {lang: u + f"#quote-{quote['id']}" for lang, u in _urls(routes.story, base, story.id).items()}
    for claim in doc["claims"]:
        claim["url"] = _urls(routes.claim, base, story.id, claim["id"])
    doc["url"] = _urls(routes.story, base, story.id)
    doc["source_url"] = _urls(routes.source, base, story.source)
    doc["entities"] = [_entity_ref(r.site, i, base) for i in sorted(named_entities(story)) if r.site.entity_kind(i)]
    return _dumps(doc)


def _keys(*pairs: list[tuple[Any, Any]]) -> list[str]:
    """Quotes and claims as the documents list them: `<story>/<id>` (what a page key needs of them)."""
    return [f"{s.id}/{item.id}" for items in pairs for s, item in items]


def _listing(items: list[Any], base: str, item_id: Callable[[Any], str]) -> list[dict[str, str]]:
    return [{"id": item_id(x), "json": routes.full(routes.api_story(item_id(x)), base)} for x in items]


def _person_doc(page: Page, r: Renderer) -> str:
    ctx = page.context()
    person = ctx["person"]
    base = r.base_url
    doc = person.model_dump(mode="json", exclude_none=True)
    doc["url"] = _urls(routes.person, base, person.id)
    doc["affiliations"] = [_entity_ref(r.site, a, base) for a in person.affiliations]
    doc["stories"] = _listing(ctx["stories"], base, lambda s: s.id)
    doc["quotes"] = [f"{s.id}/{q.id}" for s, q in ctx["quotes"]]
    doc["claims"] = [f"{s.id}/{c.id}" for s, c in ctx["claims"]]
    return _dumps(doc)


def _organization_doc(page: Page, r: Renderer) -> str:
    ctx = page.context()
    org = ctx["organization"]
    base = r.base_url
    doc = org.model_dump(mode="json", exclude_none=True)
    doc["url"] = _urls(routes.organization, base, org.id)
    doc["people"] = [_entity_ref(r.site, p.id, base) for p in ctx["people"]]
    doc["stories"] = _listing(ctx["stories"], base, lambda s: s.id)
    doc["quotes"] = [f"{s.id}/{q.id}" for s, q in ctx["quotes"]]
    return _dumps(doc)


def _index_doc(page: Page, r: Renderer) -> str:
    ctx = page.context()
    base = r.base_url
    doc: dict[str, Any] = {
        "stories": [
            {
                "id": s.id,
                "date": s.date.isoformat() if s.date else None,
                "title": {"ja": s.title.ja, "en": s.title.en} if s.title else None,
                "json": routes.full(routes.api_story(s.id), base),
                "url": _urls(routes.story, base, s.id),
            }
            for s in ctx["stories"]
        ],
        "people": [_entity_ref(r.site, p.id, base) for p in ctx["people"]],
        "organizations": [_entity_ref(r.site, o.id, base) for o in ctx["organizations"]],
    }
    if ctx["published"]:
        doc["data"] = {
            "database": routes.full(routes.data_file(DATABASE_FILE), base),
            "datasette_metadata": routes.full(routes.data_file(METADATA_FILE), base),
            "claimreview": routes.full(routes.data_file(FEED_FILE), base),
        }
    return _dumps(doc)


def _database(page: Page, r: Renderer) -> bytes:
    from ..export.sqlite import database_gzip

    root = r.site.kb.root
    return database_gzip(r.site.kb, r.base_url, False, database_cache_path(root), database_cache_path(root, "pieces.bin"))


def database_cache_path(entries: Path, what: str = "work.sqlite") -> Path:
    """Where the build keeps the database's rows per story (export/database_cache.py) and its
    compressed runs of pages (export/database_pieces.py)."""
    from ..cache import cache_dir

    return cache_dir(entries, f"database-{what}")


def _metadata(page: Page, r: Renderer) -> str:
    from ..export.sqlite import DATABASE, metadata_json

    return metadata_json(DATABASE, fts=False)


def _feed(page: Page, r: Renderer) -> bytes:
    from ..export.claimreview import feed_gzip
    from .build import site_time

    return feed_gzip(r.site.kb, r.messages, r.base_url, site_time(r.site), feed_cache_path(r.site.kb.root))


def feed_cache_path(entries: Path) -> Path:
    """Where the build keeps the feed's compressed pieces per story (export/feed_cache.py)."""
    from ..cache import cache_dir

    return cache_dir(entries, "claimreview-pieces.bin")


#: Page template name -> the function that renders the file (instead of a Jinja template).
DOCUMENTS: dict[str, Callable[[Page, Renderer], str | bytes]] = {
    "api:story": _story_doc,
    "api:person": _person_doc,
    "api:organization": _organization_doc,
    "api:index": _index_doc,
    "data:database": _database,
    "data:metadata": _metadata,
    "data:feed": _feed,
}


#: Shell commands the Data page shows (not UI text: the same in both languages).
COMMANDS = {
    "open": f"gunzip -k {DATABASE_FILE}\ndatasette {DATABASE_FILE.removesuffix('.gz')} -m {METADATA_FILE}",
    "export": "newskb export sqlite newskb.sqlite\nnewskb export csv csv/\nnewskb export jsonl jsonl/\n"
    "newskb export claimreview claimreview.json",
}


def data_pages(site: SiteData, people: list[Any], orgs: list[Any]) -> Iterator[Page]:
    """The JSON API, the data files and the Data page of each language."""
    from . import pages as kinds
    from .pages import Page

    kb = site.kb
    for story in site.stories:
        yield Page(kinds.API_STORY, routes.api_story(story.id), None, lambda sid=story.id: {"story": site.story_index[sid]})
    for person in people:
        yield Page(
            kinds.API_PERSON,
            routes.api_person(person.id),
            None,
            lambda person=person: {
                "person": person,
                "quotes": site.quotes_by_speaker.get(person.id, []),
                "claims": site.claims_by_author.get(person.id, []),
                "stories": site.stories_by_entity.get(person.id, []),
            },
            inputs=lambda person=person: {
                "person": person,  # with its affiliations' records, whose names it shows
                "items": _keys(site.quotes_by_speaker.get(person.id, []), site.claims_by_author.get(person.id, [])),
                "stories": [s.id for s in site.stories_by_entity.get(person.id, [])],
            },
        )
    for org in orgs:
        yield Page(
            kinds.API_ORGANIZATION,
            routes.api_organization(org.id),
            None,
            lambda org=org: {
                "organization": org,
                "quotes": site.quotes_by_speaker.get(org.id, []),
                "stories": site.stories_by_entity.get(org.id, []),
                "people": site.people_by_affiliation.get(org.id, []),
            },
            inputs=lambda org=org: {
                "organization": org,
                "items": _keys(site.quotes_by_speaker.get(org.id, [])),
                "stories": [s.id for s in site.stories_by_entity.get(org.id, [])],
                "people": site.people_by_affiliation.get(org.id, []),
            },
        )
    everything = lambda: {
        "stories": site.stories,
        "people": sorted(kb.people.values(), key=lambda p: p.id),
        "organizations": sorted(kb.organizations.values(), key=lambda o: o.id),
        "products": sorted(kb.products.values(), key=lambda p: p.id),
        "sources": [e.model for _, e in sorted(kb.sources.items())],
        "code": _export_code(),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    published = site.publish_data
    yield Page(
        kinds.API_INDEX,
        routes.api_index(),
        None,
        lambda: {"stories": site.stories, "people": people, "organizations": orgs, "published": published},
    )
    if published:
        yield Page(kinds.DATABASE, routes.data_file(DATABASE_FILE), None, everything)
        metadata = lambda: {"code": _export_code()}
        yield Page(kinds.METADATA, routes.data_file(METADATA_FILE), None, metadata)
        yield Page(kinds.CLAIM_FEED, routes.data_file(FEED_FILE), None, everything)
    counts = {
        "stories": len(site.stories),
        "quotes": len(site.all_quotes),
        "claims": sum(len(s.claims) for s in site.stories),
        "reviews": sum(1 for s in site.stories for c in s.claims if c.review),
        "people": len(people),
        "organizations": len(orgs),
    }
    for lang in routes.LANGS:
        yield Page(
            kinds.DATA,
            routes.data(lang),
            lang,
            lambda: {
                "counts": counts,
                "files": {"database": DATABASE_FILE, "metadata": METADATA_FILE, "feed": FEED_FILE},
                "commands": COMMANDS,
                "published": published,
            },
        )
