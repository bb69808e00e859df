"""R6xx — references: ids are unique slugs and every reference resolves to an entry.

Ids are the URLs of the site and the keys editors grep for, so they are
well-formed slugs (checked by the schema, reported here as R602) and unique:
registry ids share one namespace (a speaker may be a person or an
organisation), story ids are global, and quote and claim ids are unique within
their story (they are anchors on its page). Registry entries nothing refers to
are reported too: usually a name the transcript spells differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..kb import REGISTRY_FILES, Entry
from ..models import NARRATOR, UNKNOWN, OrganizationsFile, PeopleFile, ProductsFile, Story
from .claims import transcription_suspects
from .context import Context, YamlPath
from .registry import declare, rule

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


def _broken_files(ctx: Context) -> set[str]:
    """Names of registry files, and `sources`, that failed to parse: references into them are not judged."""

    def compute() -> set[str]:
        return broken_files(d.path for d in ctx.kb.problems)

    return ctx.memo("broken_files", compute)


def broken_files(problem_paths: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in problem_paths:
        path = Path(name)
        if path.name in REGISTRY_FILES:
            out.add(path.name)
        elif path.parent.name == "sources":
            out.add("sources")
    return out


@dataclass
class StoryRefs:
    """What the cross-file rules (R601, R604, R605) need of one story: its ids and references, by YAML path."""

    entry: Any
    """The story's Entry, or anything with its `path` and a `doc` that can locate a YAML path."""
    id: str
    refs: list[tuple[YamlPath, str, str]]
    """(path, id referred to, category: source, person, organisation, product, mention:<kind>, speaker, by)."""
    speakers: list[str]
    items: list[tuple[YamlPath, str]]
    """(path of the id, quote or claim id)."""

    def plain(self) -> tuple[str, str, list[tuple[YamlPath, str, str]], list[str], list[tuple[YamlPath, str]]]:
        return (str(self.entry.path), self.id, self.refs, self.speakers, self.items)


def story_refs(story: Entry[Story]) -> StoryRefs:
    s = story.model
    refs: list[tuple[YamlPath, str, str]] = [(("source",), s.source, "source")]
    refs += [(("people", i), pid, "person") for i, pid in enumerate(s.people)]
    refs += [(("organizations", i), oid, "organisation") for i, oid in enumerate(s.organizations)]
    refs += [(("products", i), prid, "product") for i, prid in enumerate(s.products)]
    refs += [(("mentions", i, "id"), m.id, f"mention:{m.kind}") for i, m in enumerate(s.mentions)]
    refs += [(("quotes", i, "via"), q.via, "speaker") for i, q in enumerate(s.quotes) if q.via is not None]
    refs += [(("claims", i, "by"), c.by, "by") for i, c in enumerate(s.claims) if c.by not in (NARRATOR, UNKNOWN)]
    items = [((kind, i, "id"), item.id) for kind in ("quotes", "claims") for i, item in enumerate(getattr(s, kind))]
    return StoryRefs(story, s.id, refs, [q.speaker for q in s.quotes], items)


def all_story_refs(ctx: Context) -> list[StoryRefs]:
    """Every story's ids and references, in knowledge-base order (set in advance by the incremental validator)."""
    return ctx.memo("story_refs", lambda: [story_refs(e) for e in ctx.kb.stories])


def source_ids(ctx: Context) -> set[str]:
    return ctx.memo("source_ids", lambda: set(ctx.kb.sources))


def covered_suspect_ids(ctx: Context) -> set[str]:
    """Registry ids a transcription-error claim corrects a misspelt mention to."""
    return ctx.memo(
        "covered_suspect_ids", lambda: {f.suspect.name.id for f in transcription_suspects(ctx) if f.covered}
    )


def reference_table(
    broken: set[str], people: set[str], orgs: set[str], products: set[str], sources: set[str] | None
) -> dict[str, tuple[set[str] | None, str]]:
    """What each category of reference may resolve to (None: not judged, its registry failed to parse)."""
    p = None if "people.yaml" in broken else people
    o = None if "organizations.yaml" in broken else orgs
    pr = None if "products.yaml" in broken else products
    speakers = None if p is None or o is None else p | o
    return {
        "source": (None if "sources" in broken else sources, "source"),
        "person": (p, "person"),
        "organisation": (o, "organisation"),
        "product": (pr, "product"),
        "mention:person": (p, "person"),
        "mention:organization": (o, "organization"),
        "mention:product": (pr, "product"),
        "speaker": (speakers, "person or organisation"),
        "by": (speakers, "person or organisation (or `narrator`)"),
    }


def _table(ctx: Context) -> dict[str, tuple[set[str] | None, str]]:
    kb = ctx.kb
    return reference_table(_broken_files(ctx), set(kb.people), set(kb.organizations), set(kb.products), source_ids(ctx))


def story_references(recs: Iterable[StoryRefs]) -> Iterator[tuple[Any, YamlPath, str, str]]:
    """Every reference of these stories: (entry, path, id, category)."""
    for rec in recs:
        for path, ref, category in rec.refs:
            yield rec.entry, path, ref, category


def registry_references(ctx: Context) -> Iterator[tuple[Any, YamlPath, str, str]]:
    """Every reference inside the registries (affiliations, makers): all to organisations."""
    for entry, path, item in registry_items(ctx):
        for i, oid in enumerate(getattr(item, "affiliations", [])):
            yield entry, (*path, "affiliations", i), oid, "organisation"
        maker = getattr(item, "maker", None)
        if maker is not None:
            yield entry, (*path, "maker"), maker, "organisation"


#: The rules that need every entry at once; the incremental validator runs them on indexes.
GLOBAL_RULES = ("R601", "R604", "R605")


def _check_unique(
    ctx: Context,
    seen: dict[tuple[str, ...], tuple[Any, YamlPath]],
    scope: tuple[str, ...],
    entry: Any,
    path: YamlPath,
    what: str,
) -> Iterator[Diagnostic]:
    if scope in seen:
        other, other_path = seen[scope]
        line = other.doc.position(other_path)[0]
        yield ctx.at(
            "R601", entry, path, f"{what} id `{scope[-1]}` is already used ({ctx.kb.display(other.path)}:{line})"
        )
    else:
        seen[scope] = (entry, path)


def registry_duplicates(ctx: Context, seen: dict[tuple[str, ...], tuple[Any, YamlPath]]) -> Iterator[Diagnostic]:
    """R601 among registry ids (their own namespace: scopes `("registry", id)`)."""
    for entry, path, item in registry_items(ctx):
        yield from _check_unique(ctx, seen, ("registry", item.id), entry, (*path, "id"), "registry")


def story_duplicates(
    ctx: Context, recs: Iterable[StoryRefs], seen: dict[tuple[str, ...], tuple[Any, YamlPath]]
) -> Iterator[Diagnostic]:
    """R601 among stories, in the given order (by path: the later file is the duplicate).

    Every scope here starts with the story's id, so stories with different ids
    never meet: the findings of a story whose id no other story has depend on
    that story alone (the incremental validator caches them with its group).
    """
    for rec in recs:
        yield from _check_unique(ctx, seen, ("story", rec.id), rec.entry, ("id",), "story")
        for path, item_id in rec.items:
            yield from _check_unique(ctx, seen, ("in-story", rec.id, item_id), rec.entry, path, "quote/claim")


def unresolved_among(
    ctx: Context,
    refs: Iterable[tuple[Any, YamlPath, str, str]],
    table: dict[str, tuple[set[str] | None, str]],
) -> Iterator[Diagnostic]:
    """R604 for these references (entry, path, id, category)."""
    for entry, path, ref, category in refs:
        allowed, what = table[category]
        if allowed is not None and ref not in allowed:
            yield ctx.at("R604", entry, path, f"`{ref}` is not a known {what}", f"add `{ref}` or correct the id")


def used_ids(recs: Iterable[StoryRefs]) -> set[str]:
    """Ids these stories refer to or quote (what R605 counts as a use)."""
    used: set[str] = set()
    for rec in recs:
        used.update(ref for _, ref, _ in rec.refs)
        used.update(rec.speakers)
    return used


def unreferenced_among(
    ctx: Context, items: Iterable[tuple[Any, YamlPath, str]], used: set[str]
) -> Iterator[Diagnostic]:
    """R605 for these registry items (entry, path, id), given every id used anywhere."""
    for entry, path, item_id in items:
        if item_id not in used:
            yield ctx.at(
                "R605",
                entry,
                (*path, "id"),
                f"`{item_id}` is not mentioned, quoted or referred to by any entry",
                "check how the transcript spells it (add an alias), or remove it",
            )


@rule("R601", "id is not unique")
def duplicate_id(ctx: Context) -> Iterable[Diagnostic]:
    seen: dict[tuple[str, ...], tuple[Any, YamlPath]] = {}
    yield from registry_duplicates(ctx, seen)
    yield from story_duplicates(ctx, sorted(all_story_refs(ctx), key=lambda r: str(r.entry.path)), seen)


@rule("R604", "reference does not resolve to an entry")
def unresolved(ctx: Context) -> Iterable[Diagnostic]:
    refs = chain(story_references(all_story_refs(ctx)), registry_references(ctx))
    yield from unresolved_among(ctx, refs, _table(ctx))


@rule("R605", "registry entry that nothing refers to", Severity.warning)
def unreferenced(ctx: Context) -> Iterable[Diagnostic]:
    used = used_ids(all_story_refs(ctx))
    used.update(ref for _, _, ref, _ in registry_references(ctx))
    # a misspelt mention corrected by a transcription-error claim refers to the entity it should have named
    used.update(covered_suspect_ids(ctx))
    yield from unreferenced_among(ctx, ((entry, path, item.id) for entry, path, item in registry_items(ctx)), used)


@rule("R606", "file name does not match the entry's id", Severity.warning)
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


@rule("R607", "transcript changed since its entries were loaded (sha256 differs)", Severity.warning)
def transcript_changed(ctx: Context) -> Iterable[Diagnostic]:
    for analysis in ctx.analyses.values():
        entry = analysis.entry
        if entry.model.sha256 != analysis.text.sha256:
            yield ctx.at(
                "R607", entry, ("sha256",), f"{entry.model.file} has changed since `newskb load`", "run `newskb load`"
            )


@rule("R608", "story segment lies outside the lines of its source")
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


@rule("R609", "story tag is not in the tag registry (tags.yaml)")
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
