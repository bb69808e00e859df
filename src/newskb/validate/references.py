"""R6xx — references: ids are unique slugs and every reference resolves to an entry.

Ids are the URLs of the site and the keys editors grep for, so they are
well-formed slugs (checked by the schema, reported here as R602) and unique:
registry ids share one namespace (a speaker may be a person or an
organisation), story ids are global, and quote and claim ids are unique within
their story (they are anchors on its page). Registry entries nothing refers to
are reported too: usually a name the transcript spells differently.

R601, R604 and R605 look across sources, so they are corpus rules (see
registry.py): each group of entries hands over plain data (`*_part`: ids,
references it could not resolve itself, ids it uses, with their positions) and
the rule's findings come from the parts of every group. Every group sees the
whole registries, so a reference a group resolves resolves everywhere; what a
group cannot judge alone (a source entry in another group, a registry file or
a source that failed to parse somewhere) is decided when the parts meet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from typing_extensions import TypedDict  # pydantic reads it on Python < 3.12

from ..diagnostics import Diagnostic, Severity
from ..kb import REGISTRY_FILES, Entry
from ..models import NARRATOR, UNKNOWN, OrganizationsFile, PeopleFile, ProductsFile, Story
from .claims import transcription_suspects
from .context import Context, YamlPath
from .registry import Unplaced, declare, finding, rule

declare("R602", "id or reference is not a well-formed slug (lowercase letters, digits, - _ .)")
declare("R603", "the transcript of a source cannot be read (missing, not UTF-8, too large, outside the repository)")


def registry_items(ctx: Context) -> Iterator[tuple[Entry[Any], YamlPath, Any]]:
    """Every person, organisation and product with its entry and YAML path."""
    for entry in ctx.kb.registry_docs.values():
        model = entry.model
        if isinstance(model, PeopleFile):
            key, items = "people", model.people
        elif isinstance(model, OrganizationsFile):
            key, items = "organizations", model.organizations
        elif isinstance(model, ProductsFile):
            key, items = "products", model.products
        else:  # pragma: no cover - REGISTRY_FILES has only these
            continue
        for i, item in enumerate(items):
            yield entry, (key, i), item


def broken_files(problem_paths: Iterable[str]) -> set[str]:
    """Names of registry files, and `sources`, that failed to parse: references into them are not judged."""
    out: set[str] = set()
    for name in problem_paths:
        path = Path(name)
        if path.name in REGISTRY_FILES:
            out.add(path.name)
        elif path.parent.name == "sources":
            out.add("sources")
    return out


def story_references(story: Entry[Story]) -> Iterator[tuple[YamlPath, str, str]]:
    """Every reference of a story: (path, id referred to, category)."""
    s = story.model
    yield ("source",), s.source, "source"
    yield from ((("people", i), pid, "person") for i, pid in enumerate(s.people))
    yield from ((("organizations", i), oid, "organisation") for i, oid in enumerate(s.organizations))
    yield from ((("products", i), prid, "product") for i, prid in enumerate(s.products))
    yield from ((("mentions", i, "id"), m.id, f"mention:{m.kind}") for i, m in enumerate(s.mentions))
    yield from ((("quotes", i, "via"), q.via, "speaker") for i, q in enumerate(s.quotes) if q.via is not None)
    yield from ((("claims", i, "by"), c.by, "by") for i, c in enumerate(s.claims) if c.by not in (NARRATOR, UNKNOWN))


def registry_references(ctx: Context) -> Iterator[tuple[Any, YamlPath, str, str]]:
    """Every reference inside the registries (affiliations, makers): all to organisations."""
    for entry, path, item in registry_items(ctx):
        for i, oid in enumerate(getattr(item, "affiliations", [])):
            yield entry, (*path, "affiliations", i), oid, "organisation"
        maker = getattr(item, "maker", None)
        if maker is not None:
            yield entry, (*path, "maker"), maker, "organisation"


# Parts name a value by its file (the entry's path as read) and its YAML path: a line and column cost a
# second parse of the file, done only for the few values a finding is at (registry.Unplaced).
YamlPathData = list[str | int]


# --- R601: unique ids ------------------------------------------------------------------------------


class IdsPart(TypedDict):
    registry: list[tuple[str, YamlPathData, str]]
    """[file, YAML path of the id, registry id]"""
    stories: list[tuple[str, str, list[str], list[str]]]
    """[file, story id, quote ids, claim ids] (the id of quote i is at `quotes.i.id`)"""


def ids_part(ctx: Context) -> dict[str, Any]:
    """The group's registry ids and story ids (with their quote and claim ids), each where it is written."""
    registry = [[str(entry.path), [*path, "id"], item.id] for entry, path, item in registry_items(ctx)]
    stories = [
        [str(story.path), story.model.id, [q.id for q in story.model.quotes], [c.id for c in story.model.claims]]
        for story in ctx.kb.stories
    ]
    return {"registry": registry, "stories": stories}


@rule("R601", "id is not unique", scope="corpus", part=ids_part, part_shape=IdsPart)
def duplicate_id(parts: list[dict[str, Any]]) -> Iterator[Unplaced]:
    """Registry ids in registry order; stories by file (the later file is the duplicate).

    Quote and claim ids are unique within their story, so they are compared
    one by one only within a story that has a duplicate or whose id another
    story shares (at 10,000 stories a full walk of every id would dominate a run).
    """
    seen: dict[tuple[str, ...], tuple[str, Any]] = {}

    def check(scope: tuple[str, ...], file: str, path: Any, what: str) -> Iterator[Unplaced]:
        if scope in seen:
            yield finding("R601", file, path, f"{what} id `{scope[-1]}` is already used ({{refer}})", refer=seen[scope])
        else:
            seen[scope] = (file, path)

    for part in parts:
        for file, path, item_id in part["registry"]:
            yield from check(("registry", item_id), file, path, "registry")
    stories = sorted((s for part in parts for s in part["stories"]), key=_by_file)
    count: dict[str, int] = {}
    for _, story_id, _, _ in stories:
        count[story_id] = count.get(story_id, 0) + 1
    for file, story_id, quote_ids, claim_ids in stories:
        yield from check(("story", story_id), file, ["id"], "story")
        ids = [*quote_ids, *claim_ids]
        if count[story_id] == 1 and len(set(ids)) == len(ids):
            continue  # nothing in this story can be a duplicate
        for kind, kind_ids in (("quotes", quote_ids), ("claims", claim_ids)):
            for i, item_id in enumerate(kind_ids):
                yield from check(("in-story", story_id, item_id), file, [kind, i, "id"], "quote/claim")


def _by_file(record: Any) -> str:
    return str(record[0])


# --- R604: references resolve ----------------------------------------------------------------------

#: Each category of reference: the files whose entries it may name (not judged while one failed to
#: parse), and what it is called in a finding.
CATEGORIES: dict[str, tuple[tuple[str, ...], str]] = {
    "source": (("sources",), "source"),
    "person": (("people.yaml",), "person"),
    "organisation": (("organizations.yaml",), "organisation"),
    "product": (("products.yaml",), "product"),
    "mention:person": (("people.yaml",), "person"),
    "mention:organization": (("organizations.yaml",), "organization"),
    "mention:product": (("products.yaml",), "product"),
    "speaker": (("people.yaml", "organizations.yaml"), "person or organisation"),
    "by": (("people.yaml", "organizations.yaml"), "person or organisation (or `narrator`)"),
}


def _known(ctx: Context) -> dict[str, frozenset[str] | set[str]]:
    kb = ctx.kb
    people, orgs, products = set(kb.people), set(kb.organizations), set(kb.products)
    speakers = people | orgs
    return {
        "source": set(kb.sources),
        "person": people,
        "organisation": orgs,
        "product": products,
        "mention:person": people,
        "mention:organization": orgs,
        "mention:product": products,
        "speaker": speakers,
        "by": speakers,
    }


class ReferencesPart(TypedDict):
    broken: list[str]
    sources: list[str]
    refs: list[tuple[str, YamlPathData, str, str]]
    """[file, YAML path, id referred to, category]"""


def references_part(ctx: Context) -> dict[str, Any]:
    """The references this group cannot resolve itself, the files of it that failed to parse, its source ids."""
    known = _known(ctx)
    refs: list[list[Any]] = []
    for story in ctx.kb.stories:
        for path, ref, category in story_references(story):
            if ref not in known[category]:
                refs.append([str(story.path), list(path), ref, category])
    for entry, path, ref, category in registry_references(ctx):
        if ref not in known[category]:
            refs.append([str(entry.path), list(path), ref, category])
    return {
        "broken": sorted(broken_files(d.path for d in ctx.kb.problems)),
        "sources": sorted(ctx.kb.sources),
        "refs": refs,
    }


@rule(
    "R604",
    "reference does not resolve to an entry",
    scope="corpus",
    part=references_part,
    part_shape=ReferencesPart,
)
def unresolved(parts: list[dict[str, Any]]) -> Iterator[Unplaced]:
    broken = {name for part in parts for name in part["broken"]}
    sources = {sid for part in parts for sid in part["sources"]}
    for part in parts:
        for file, path, ref, category in part["refs"]:
            if category not in CATEGORIES:  # pragma: no cover - not a part this code made
                continue
            files, what = CATEGORIES[category]
            if broken.intersection(files) or (category == "source" and ref in sources):
                continue
            yield finding("R604", file, path, f"`{ref}` is not a known {what}", f"add `{ref}` or correct the id")


# --- R605: registry entries something refers to ----------------------------------------------------


class UsesPart(TypedDict):
    items: list[tuple[str, YamlPathData, str]]
    """[file, YAML path of the id, registry id]"""
    used: list[str]


def uses_part(ctx: Context) -> dict[str, Any]:
    """The group's registry entries (where their ids are written) and the registry ids it uses."""
    used: set[str] = set()
    for story in ctx.kb.stories:
        used.update(ref for _, ref, _ in story_references(story))
        used.update(q.speaker for q in story.model.quotes)
    used.update(ref for _, _, ref, _ in registry_references(ctx))
    # a misspelt mention corrected by a transcription-error claim refers to the entity it should have named
    if ctx.kb.stories or ctx.kb.sources:
        used.update(f.suspect.name.id for f in transcription_suspects(ctx) if f.covered)
    items = [[str(entry.path), [*path, "id"], item.id] for entry, path, item in registry_items(ctx)]
    return {"items": items, "used": sorted(used & ctx.kb.entity_ids)}


@rule(
    "R605",
    "registry entry that nothing refers to",
    Severity.warning,
    scope="corpus",
    part=uses_part,
    part_shape=UsesPart,
)
def unreferenced(parts: list[dict[str, Any]]) -> Iterator[Unplaced]:
    used = {ref for part in parts for ref in part["used"]}
    for part in parts:
        for file, path, item_id in part["items"]:
            if item_id not in used:
                yield finding(
                    "R605",
                    file,
                    path,
                    f"`{item_id}` is not mentioned, quoted or referred to by any entry",
                    "check how the transcript spells it (add an alias), or remove it",
                )


@rule("R606", "file name does not match the entry's id", Severity.warning, scope="story")
def file_name(ctx: Context) -> Iterable[Diagnostic]:
    for src in ctx.kb.sources.values():
        if src.path.stem != src.model.id:
            yield ctx.at(
                "R606", src, ("id",), f"source `{src.model.id}` is in {src.path.name}", f"rename to {src.model.id}.yaml"
            )
    for story in ctx.kb.stories:
        s = story.model
        expected = f"{s.date.isoformat() if s.date else 'undated'}-{s.id}.yaml"
        if story.path.name != expected:
            yield ctx.at("R606", story, ("id",), f"story `{s.id}` is in {story.path.name}", f"rename to {expected}")


@rule("R607", "transcript changed since its entries were loaded (sha256 differs)", Severity.warning, scope="story")
def transcript_changed(ctx: Context) -> Iterable[Diagnostic]:
    for analysis in ctx.analyses.values():
        entry = analysis.entry
        if entry.model.sha256 != analysis.text.sha256:
            yield ctx.at(
                "R607", entry, ("sha256",), f"{entry.model.file} has changed since `newskb load`", "run `newskb load`"
            )


@rule("R608", "story segment lies outside the lines of its source", scope="story")
def segment_out_of_range(ctx: Context) -> Iterable[Diagnostic]:
    for story in ctx.kb.stories:
        analysis = ctx.analysis_for(story.model)
        seg = story.model.segment
        if analysis is None:
            continue
        n = len(analysis.text.lines)
        if seg.first_line > seg.last_line or seg.last_line > n:
            yield ctx.at(
                "R608",
                story,
                ("segment",),
                f"segment lines {seg.first_line}–{seg.last_line} are not within the source's {n} lines",
                "run `newskb load`",
            )


@rule("R609", "story tag is not in the tag registry (tags.yaml)", scope="story")
def unknown_tag(ctx: Context) -> Iterable[Diagnostic]:
    """Tags are shown by their registry names in both languages, so each must be registered.

    Without a tags.yaml (or when it fails to parse) there is no registry to judge against.
    """
    tags = ctx.kb.tags
    if tags is None:
        return
    for story in ctx.kb.stories:
        for i, tag in enumerate(story.model.tags):
            if tag not in tags:
                yield ctx.at(
                    "R609",
                    story,
                    ("tags", i),
                    f"tag `{tag}` is not in tags.yaml",
                    f"add `{tag}` with its Japanese and English names to tags.yaml, or correct the tag",
                )
