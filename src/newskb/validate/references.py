"""R6xx — references: ids are unique slugs and every reference resolves to an entry.

Ids are the URLs of the site and the keys editors grep for, so they are
well-formed slugs (checked by the schema, reported here as R602) and unique:
registry ids share one namespace (a speaker may be a person or an
organisation), story ids are global, and quote and claim ids are unique within
their story (they are anchors on its page). Registry entries nothing refers to
are reported too: usually a name the transcript spells differently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..kb import REGISTRY_FILES, Entry
from ..models import NARRATOR, OrganizationsFile, PeopleFile, ProductsFile, Story
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
    refs += [(("claims", i, "by"), c.by, "by") for i, c in enumerate(s.claims) if c.by != NARRATOR]
    items = [((kind, i, "id"), item.id) for kind in ("quotes", "claims") for i, item in enumerate(getattr(s, kind))]
    return StoryRefs(story, s.id, refs, [q.speaker for q in s.quotes], items)


def all_story_refs(ctx: Context) -> list[StoryRefs]:
    """Every story's ids and references, in knowledge-base order (set in advance by the incremental validator)."""
    return ctx.memo("story_refs", lambda: [story_refs(e) for e in ctx.kb.stories])


def source_ids(ctx: Context) -> set[str]:
    return ctx.memo("source_ids", lambda: set(ctx.kb.sources))


def covered_suspect_ids(ctx: Context) -> set[str]:
    """Registry ids a transcription-error claim corrects a misspelt mention to."""
    return ctx.memo("covered_suspect_ids", lambda: {f.suspect.name.id for f in transcription_suspects(ctx) if f.covered})


def references(ctx: Context) -> Iterator[tuple[Entry[Any], YamlPath, str, set[str] | None, str]]:
    """Every reference: (entry, path, id, the ids it may resolve to or None if unjudgeable, what it is)."""
    broken = _broken_files(ctx)
    people = None if "people.yaml" in broken else set(ctx.kb.people)
    orgs = None if "organizations.yaml" in broken else set(ctx.kb.organizations)
    products = None if "products.yaml" in broken else set(ctx.kb.products)
    speakers = None if people is None or orgs is None else people | orgs
    sources = None if "sources" in broken else source_ids(ctx)
    table: dict[str, tuple[set[str] | None, str]] = {
        "source": (sources, "source"),
        "person": (people, "person"),
        "organisation": (orgs, "organisation"),
        "product": (products, "product"),
        "mention:person": (people, "person"),
        "mention:organization": (orgs, "organization"),
        "mention:product": (products, "product"),
        "speaker": (speakers, "person or organisation"),
        "by": (speakers, "person or organisation (or `narrator`)"),
    }
    for rec in all_story_refs(ctx):
        for path, ref, category in rec.refs:
            allowed, what = table[category]
            yield rec.entry, path, ref, allowed, what
    for entry, path, item in registry_items(ctx):
        for i, oid in enumerate(getattr(item, "affiliations", [])):
            yield entry, (*path, "affiliations", i), oid, orgs, "organisation"
        maker = getattr(item, "maker", None)
        if maker is not None:
            yield entry, (*path, "maker"), maker, orgs, "organisation"


#: The rules that need every entry at once; the incremental validator runs them on indexes.
GLOBAL_RULES = ("R601", "R604", "R605")


@rule("R601", "id is not unique")
def duplicate_id(ctx: Context) -> Iterable[Diagnostic]:
    seen: dict[tuple[str, ...], tuple[Entry[Any], YamlPath]] = {}

    def check(scope: tuple[str, ...], entry: Entry[Any], path: YamlPath, what: str) -> Iterator[Diagnostic]:
        if scope in seen:
            other, other_path = seen[scope]
            line = other.doc.position(other_path)[0]
            yield ctx.at(
                "R601", entry, path, f"{what} id `{scope[-1]}` is already used ({ctx.kb.display(other.path)}:{line})"
            )
        else:
            seen[scope] = (entry, path)

    for entry, path, item in registry_items(ctx):
        yield from check(("registry", item.id), entry, (*path, "id"), "registry")
    for rec in sorted(all_story_refs(ctx), key=lambda r: str(r.entry.path)):  # the later file is the duplicate
        yield from check(("story", rec.id), rec.entry, ("id",), "story")
        for path, item_id in rec.items:
            yield from check(("in-story", rec.id, item_id), rec.entry, path, "quote/claim")


@rule("R604", "reference does not resolve to an entry")
def unresolved(ctx: Context) -> Iterable[Diagnostic]:
    for entry, path, ref, allowed, what in references(ctx):
        if allowed is not None and ref not in allowed:
            yield ctx.at("R604", entry, path, f"`{ref}` is not a known {what}", f"add `{ref}` or correct the id")


@rule("R605", "registry entry that nothing refers to", Severity.warning)
def unreferenced(ctx: Context) -> Iterable[Diagnostic]:
    used = Counter(ref for _, _, ref, _, _ in references(ctx))
    used.update(sp for rec in all_story_refs(ctx) for sp in rec.speakers)
    # a misspelt mention corrected by a transcription-error claim refers to the entity it should have named
    used.update(covered_suspect_ids(ctx))
    for entry, path, item in registry_items(ctx):
        if item.id not in used:
            yield ctx.at(
                "R605",
                entry,
                (*path, "id"),
                f"`{item.id}` is not mentioned, quoted or referred to by any entry",
                "check how the transcript spells it (add an alias), or remove it",
            )


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
