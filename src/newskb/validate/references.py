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
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..kb import REGISTRY_FILES, Entry
from ..models import NARRATOR, OrganizationsFile, PeopleFile, ProductsFile
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
    out: set[str] = set()
    for diag in ctx.kb.problems:
        path = Path(diag.path)
        if path.name in REGISTRY_FILES:
            out.add(path.name)
        elif path.parent.name == "sources":
            out.add("sources")
    return out


def references(ctx: Context) -> Iterator[tuple[Entry[Any], YamlPath, str, set[str] | None, str]]:
    """Every reference: (entry, path, id, the ids it may resolve to or None if unjudgeable, what it is)."""
    broken = _broken_files(ctx)
    people = None if "people.yaml" in broken else set(ctx.kb.people)
    orgs = None if "organizations.yaml" in broken else set(ctx.kb.organizations)
    products = None if "products.yaml" in broken else set(ctx.kb.products)
    speakers = None if people is None or orgs is None else people | orgs
    sources = None if "sources" in broken else set(ctx.kb.sources)
    by_kind = {"person": people, "organization": orgs, "product": products}
    for story in ctx.kb.stories:
        s = story.model
        yield story, ("source",), s.source, sources, "source"
        for i, pid in enumerate(s.people):
            yield story, ("people", i), pid, people, "person"
        for i, oid in enumerate(s.organizations):
            yield story, ("organizations", i), oid, orgs, "organisation"
        for i, prid in enumerate(s.products):
            yield story, ("products", i), prid, products, "product"
        for i, m in enumerate(s.mentions):
            yield story, ("mentions", i, "id"), m.id, by_kind[m.kind], m.kind
        for i, q in enumerate(s.quotes):
            if q.via is not None:
                yield story, ("quotes", i, "via"), q.via, speakers, "person or organisation"
        for i, c in enumerate(s.claims):
            if c.by != NARRATOR:
                yield story, ("claims", i, "by"), c.by, speakers, "person or organisation (or `narrator`)"
    for entry, path, item in registry_items(ctx):
        for i, oid in enumerate(getattr(item, "affiliations", [])):
            yield entry, (*path, "affiliations", i), oid, orgs, "organisation"
        maker = getattr(item, "maker", None)
        if maker is not None:
            yield entry, (*path, "maker"), maker, orgs, "organisation"


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
    for story in sorted(ctx.kb.stories, key=lambda e: str(e.path)):  # the later file is the duplicate
        yield from check(("story", story.model.id), story, ("id",), "story")
        for kind in ("quotes", "claims"):
            for i, item in enumerate(getattr(story.model, kind)):
                yield from check(("in-story", story.model.id, item.id), story, (kind, i, "id"), "quote/claim")


@rule("R604", "reference does not resolve to an entry")
def unresolved(ctx: Context) -> Iterable[Diagnostic]:
    for entry, path, ref, allowed, what in references(ctx):
        if allowed is not None and ref not in allowed:
            yield ctx.at("R604", entry, path, f"`{ref}` is not a known {what}", f"add `{ref}` or correct the id")


@rule("R605", "registry entry that nothing refers to", Severity.warning)
def unreferenced(ctx: Context) -> Iterable[Diagnostic]:
    used = Counter(ref for _, _, ref, _, _ in references(ctx))
    used.update(q.speaker for story in ctx.kb.stories for q in story.model.quotes)
    # a misspelt mention corrected by a transcription-error claim refers to the entity it should have named
    used.update(f.suspect.name.id for f in transcription_suspects(ctx) if f.covered)
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
