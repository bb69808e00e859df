"""The knowledge base: every entry file parsed once, typed, and indexed.

Each file is read and validated exactly once per run; everything downstream
(validator, renderer, loader merge) works from this object. Problems found
while reading (bad YAML, schema errors) are collected as diagnostics, located
at the line of the offending value, so one bad file does not hide the rest.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .cache import cache_dir
from .diagnostics import Diagnostic, Severity
from .errors import InputError
from .extract.mentions import EntityIndex, Name
from .model_cache import ModelCache, cache_path, model_key
from .models import (
    entity_names,
    Model,
    Organization,
    OrganizationsFile,
    OrgKind,
    PeopleFile,
    Person,
    Product,
    ProductsFile,
    Source,
    Story,
    Tag,
    TagsFile,
)
from .runtime import paused_gc
from .source import SourceText, read_source
from .store import Document, ParseCache, parse_entry, read_entry_text

T = TypeVar("T", bound=Model)

REGISTRY_FILES: dict[str, type[Model]] = {
    "people.yaml": PeopleFile,
    "organizations.yaml": OrganizationsFile,
    "products.yaml": ProductsFile,
    "tags.yaml": TagsFile,
}


@dataclass
class Entry(Generic[T]):
    """A typed entry with the document it came from (for positions)."""

    path: Path
    doc: Document
    model: T


@dataclass(frozen=True)
class SchemaError:
    """A value of an entry that does not fit its model: where it is, and what is wrong with it.

    Why not a diagnostic: which code a finding gets (an unknown field is Y110,
    an id that is not a slug R602, a review without a verdict C701) is the
    validator's taxonomy (validate/yaml_rules.py), not the reader's. It reads
    like one where a caller only lists problems (`severity`, `render`).
    """

    path: str
    """The file, as diagnostics name it."""
    line: int
    column: int
    kind: str
    """pydantic's error type: `missing`, `extra_forbidden`, `string_pattern_mismatch`, `value_error`, …"""
    loc: tuple[str | int, ...]
    """The YAML path of the value (or of the missing or unknown key)."""
    detail: str
    """pydantic's message."""

    severity: ClassVar[Severity] = Severity.error

    @property
    def where(self) -> str:
        return ".".join(str(p) for p in self.loc) or "(document)"

    @property
    def message(self) -> str:
        if self.kind == "extra_forbidden":
            return f"unknown field `{self.where}`"
        if self.kind == "missing":
            return f"missing required field `{self.where}`"
        return f"`{self.where}`: {self.detail}"

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value} {self.message}"


def schema_errors(doc: Document, exc: ValidationError, display: str) -> list[SchemaError]:
    """Pydantic errors mapped back to the YAML line of the offending value (of the key, for an unknown one)."""
    out: list[SchemaError] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            line, col = doc.key_marks.get(loc, doc.position(loc))
        else:
            line, col = doc.position(loc)
        out.append(SchemaError(display, line, col, kind, loc, err["msg"]))
    return out


#: What reading entries can find: problems of the file (a Diagnostic with its code: YAML syntax,
#: size, encoding) and values that do not fit the schema (the validator gives those a code).
Problem = Diagnostic | SchemaError


@dataclass(eq=False)
class Registries:
    """The registry tables with the indexes derived from them, each built once when first asked for.

    Why an object of its own: several knowledge bases can share one set of
    registries (the validator's groups, a live build's reloads of edited
    stories); sharing this object shares what is derived from them too,
    instead of copying cached values into each knowledge base from outside.
    """

    people: dict[str, Person]
    organizations: dict[str, Organization]
    products: dict[str, Product]

    @cached_property
    def entity_index(self) -> EntityIndex:
        return entity_index(self.people.values(), self.organizations.values(), self.products.values())

    @cached_property
    def publications(self) -> set[str]:
        return {o.id for o in self.organizations.values() if o.kind == OrgKind.publication}

    @cached_property
    def speaker_ids(self) -> frozenset[str]:
        """Ids a quote may name as its speaker: people and organisations."""
        return frozenset(self.people) | frozenset(self.organizations)

    @cached_property
    def entity_ids(self) -> frozenset[str]:
        return frozenset(self.people) | frozenset(self.organizations) | frozenset(self.products)


@dataclass
class KnowledgeBase:
    root: Path
    sources: dict[str, Entry[Source]] = field(default_factory=dict)
    stories: list[Entry[Story]] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    #: The tag registry (tags.yaml): slug -> names. None when the file is absent, so tags are not judged.
    tags: dict[str, Tag] | None = None
    registry_docs: dict[str, Entry[Model]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    parse_cache: ParseCache | None = None
    #: Models of files loaded before (model_cache.py); only without `keep_data` (the build).
    model_cache: ModelCache | None = None
    #: Intern the models' short strings besides sharing their field sets (`compact`): memory a full
    #: build's workers share, not worth its CPU to a build that renders few pages.
    intern: bool = True
    #: Keep each document's parsed data after its model is built (the validator walks it; the
    #: build does not, and at 10,000 stories the data is as large as the models).
    keep_data: bool = True
    _displayed: dict[tuple[str, Path], str] = field(default_factory=dict, repr=False, compare=False)
    _displayed_cwd: dict[str, Path] = field(default_factory=dict, repr=False, compare=False)
    #: The registries this knowledge base shares with others (`load_files(base=...)`); None: its own.
    shared_registries: Registries | None = field(default=None, repr=False)

    # -- paths -----------------------------------------------------------------

    @cached_property
    def repository(self) -> Path:
        """The repository: the folder that holds entries/; no entry or transcript is read from outside it."""
        return self.root.resolve().parent

    def display(self, path: Path) -> str:
        """A path as diagnostics show it: relative to the working directory when possible.

        Memoised per working directory: every file is displayed several times
        per run (when read, when counted, per finding), and resolving both
        paths each time was 3 % of a cold `validate` at 10,000 stories.
        """
        key = (os.getcwd(), path)
        shown = self._displayed.get(key)
        if shown is None:
            here = self._displayed_cwd.get(key[0])
            if here is None:  # resolved once per working directory, not once per file
                here = self._displayed_cwd[key[0]] = Path(key[0]).resolve()
            try:
                shown = str(path.resolve().relative_to(here))
            except ValueError:
                shown = str(path)
            self._displayed[key] = shown
        return shown

    def source_path(self, source: Source) -> Path:
        """A source's transcript, relative to the repository (the parent of entries/)."""
        return (self.root.parent / source.file).resolve()

    # -- derived indexes ---------------------------------------------------------

    @cached_property
    def registries(self) -> Registries:
        """The registries and their derived indexes: shared ones when this knowledge base was given them."""
        if self.shared_registries is not None:
            return self.shared_registries
        return Registries(self.people, self.organizations, self.products)

    @property
    def entity_index(self) -> EntityIndex:
        return self.registries.entity_index

    @property
    def publications(self) -> set[str]:
        return self.registries.publications

    @property
    def speaker_ids(self) -> frozenset[str]:
        """Ids a quote may name as its speaker: people and organisations."""
        return self.registries.speaker_ids

    @property
    def entity_ids(self) -> frozenset[str]:
        return self.registries.entity_ids

    def read_transcript(self, entry: Entry[Source]) -> SourceText:
        """A source's transcript, refused (InputError) unless it is a regular file inside the repository.

        An entry names its transcript by path, so a hostile or mistaken entry
        could point at /etc/shadow, `../..`, a FIFO or /dev/zero (which would
        hang the reader): every reader of transcripts goes through here.
        """
        file = entry.model.file
        declared = Path(file)
        if declared.is_absolute() or ".." in declared.parts:
            raise InputError(file, "`file` must be a path inside the repository, relative to it")
        path = self.source_path(entry.model)
        try:
            return read_source(path, inside=self.repository)
        except InputError as exc:  # name the file as the entry does
            raise InputError(file, f"{file}: {exc.message}") from None

    @cached_property
    def source_texts(self) -> dict[str, SourceText]:
        """Transcripts, read once; one that cannot be read is a problem, not a crash."""
        out: dict[str, SourceText] = {}
        for sid, entry in self.sources.items():
            try:
                out[sid] = self.read_transcript(entry)
            except InputError as exc:
                line, col = entry.doc.position(("file",))
                self.problems.append(Diagnostic(self.display(entry.path), line, col, "R603", exc.message))
        return out

    @cached_property
    def stories_by_id(self) -> dict[str, Entry[Story]]:
        return {e.model.id: e for e in self.stories}

    def name_of(self, entity_id: str) -> object | None:
        for table in (self.people, self.organizations, self.products):
            if entity_id in table:
                return table[entity_id].name
        return None


def entity_index(people, organizations, products) -> EntityIndex:  # type: ignore[no-untyped-def]
    names: list[Name] = []
    for kind, table in (("person", people), ("organization", organizations), ("product", products)):
        for item in table:
            if getattr(item, "proposed", False):
                continue  # a loader proposal is not a registry name until a person confirms it
            for alias in entity_names(item):
                names.append(Name(alias, item.id, kind))
                if "・" in alias:  # transcripts write katakana names with and without the dot
                    names.append(Name(alias.replace("・", ""), item.id, kind))
    links = [(p.id, org) for p in people if not p.proposed for org in p.affiliations]
    links += [(p.id, p.maker) for p in products if p.maker and not getattr(p, "proposed", False)]
    return EntityIndex(names, links)


def _parse(path: Path, model: type[T], kb: KnowledgeBase, strict: bool) -> Entry[T] | None:
    display = kb.display(path)
    models = kb.model_cache
    try:
        text, digest = read_entry_text(path, inside=kb.repository)
        if models is not None:
            key = model_key(model, digest)
            found = models.get(model, key)
            if found is not None:  # loaded before with nothing to report: no parse, no validation in Python
                doc = Document(path=path, data=None)
                doc.digest = digest  # `invisible` stays unknown (None): only the validator reads it
                kb.documents.append(doc)
                compact(found, kb.intern)
                return Entry(path, doc, found)
        doc = parse_entry(path, text, digest, kb.parse_cache)
    except InputError as exc:
        if strict:
            raise
        kb.problems.append(Diagnostic(display, exc.line or 1, exc.column or 1, exc.code, exc.message))
        return None
    kb.documents.append(doc)
    for imp in doc.implicit:
        where = ".".join(str(p) for p in imp.path)
        kb.problems.append(
            Diagnostic(
                display,
                imp.line,
                imp.column,
                "Y120",
                f"`{where}`: plain `{imp.written}` is read by YAML as {type(imp.became).__name__} {imp.became!r}",
                Severity.warning,
                fix=f'quote it: "{imp.written}"',
            )
        )
    if not isinstance(doc.data, dict):
        shape = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        if strict:
            raise InputError(path, f"an entry must be a mapping, not {shape}", 1, code="Y113")
        kb.problems.append(Diagnostic(display, 1, 1, "Y113", f"an entry must be a mapping, not {shape}"))
        return None
    try:
        entry = Entry(path, doc, model.model_validate(doc.data))
    except ValidationError as exc:
        errors = schema_errors(doc, exc, display)
        if strict:
            first = errors[0]
            raise InputError(path, first.message, first.line, first.column) from None
        kb.problems.extend(errors)
        return None
    if not kb.keep_data:
        if models is not None and doc.lazy and not doc.implicit:
            models.put(key, entry.model)  # before `compact`, which shares what pydantic made
        doc.data = None  # positions are re-read from the file if a diagnostic needs them
        compact(entry.model, kb.intern)
    return entry


#: Strings up to this length are interned by `compact`: ids, verdicts, dates, speakers and URLs repeat
#: across thousands of files, prose does not.
_INTERN_MAX = 120
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def compact(model: BaseModel, strings: bool = True) -> None:
    """Share what thousands of read-only models repeat: identical `__pydantic_fields_set__` and short strings.

    Why: at 10,000 stories the build holds about a million small models; each
    carries its own set of the field names it was given (a third of their
    memory) and its own copy of every id it names. The build never assigns to
    a model, so sharing is safe there; the loader and validator, which do,
    keep their models as pydantic made them (`keep_data=True`).

    Without `strings`, only the field sets (`share_fields`): most of the memory for two thirds of the CPU.
    """
    if not strings:
        share_fields(model)
        return
    stack: list[BaseModel] = [model]
    intern = sys.intern
    while stack:
        m = stack.pop()
        fields = m.__pydantic_fields_set__
        shared = _FIELD_SETS.setdefault(frozenset(fields), fields)
        if shared is not fields:
            object.__setattr__(m, "__pydantic_fields_set__", shared)
        values = m.__dict__
        for name, value in values.items():
            kind = type(value)
            if kind is str:
                if len(value) <= _INTERN_MAX:
                    values[name] = intern(value)
            elif kind is list:
                for i, item in enumerate(value):
                    if type(item) is str:
                        if len(item) <= _INTERN_MAX:
                            value[i] = intern(item)
                    elif isinstance(item, BaseModel):
                        stack.append(item)
            elif isinstance(value, BaseModel):
                stack.append(value)


def share_fields(model: BaseModel) -> None:
    """`compact` without interning strings: at 10,000 stories loading 6.3 s of CPU and 691 MB, against
    7.3 s and 649 MB with strings interned and 5.3 s and 1,246 MB with nothing shared (the models from
    the model cache, whose JSON reader already shares short strings). A model's class usually has one
    field set: it is compared with the last one shared for its class before any frozenset is made."""
    stack: list[BaseModel] = [model]
    last: dict[type, set[str]] = {}
    while stack:
        m = stack.pop()
        fields = m.__pydantic_fields_set__
        kind = type(m)
        shared = last.get(kind)
        if shared is None or shared != fields:
            shared = last[kind] = _FIELD_SETS.setdefault(frozenset(fields), fields)
        if shared is not fields:
            object.__setattr__(m, "__pydantic_fields_set__", shared)
        for value in m.__dict__.values():
            if type(value) is list:
                stack.extend(item for item in value if type(item) is not str and isinstance(item, BaseModel))
            elif isinstance(value, BaseModel):
                stack.append(value)


def parse_cache_for(root: Path) -> ParseCache:
    """The parse cache of an entries directory: `.newskb-cache/parse/` beside it (gitignored)."""
    return ParseCache(cache_dir(root, "parse"))


def entry_paths(root: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """The files `load_kb` reads, in the order it reads them: registries, sources, stories."""
    registries = [root / name for name in REGISTRY_FILES if (root / name).exists()]
    return registries, sorted((root / "sources").glob("*.yaml")), sorted((root / "stories").glob("*.yaml"))


def load_kb(
    root: str | Path = "entries",
    strict: bool = False,
    cache: bool = False,
    keep_data: bool = True,
    intern: bool = True,
) -> KnowledgeBase:
    """Read every entry under `root`. Strict mode raises the first problem as an InputError.

    With `cache`, files whose bytes were parsed before are not parsed again
    (see `store.ParseCache`), and without `keep_data` their models are not
    built again either (model_cache.py); the result is the same either way.
    Without `keep_data`, the models share their field sets, and with `intern`
    their short strings too (`compact`).
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(root, "no such entries directory")
    registries, sources, stories = entry_paths(root)
    return load_files(
        root,
        registries,
        sources,
        stories,
        strict,
        parse_cache=parse_cache_for(root) if cache else None,
        keep_data=keep_data,
        model_cache=ModelCache(cache_path(root)) if cache and not keep_data else None,
        intern=intern,
    )


def load_files(
    root: Path,
    registries: list[Path],
    sources: list[Path],
    stories: list[Path],
    strict: bool = False,
    base: KnowledgeBase | None = None,
    parse_cache: ParseCache | None = None,
    keep_data: bool = True,
    model_cache: ModelCache | None = None,
    intern: bool = True,
) -> KnowledgeBase:
    """A knowledge base of the given files (a part of one, for the incremental validator).

    With `base`, the registries (people, organisations, products and the
    entity index built from them) are taken from it instead of being read.
    """
    kb = KnowledgeBase(root=root, parse_cache=parse_cache, keep_data=keep_data, model_cache=model_cache, intern=intern)
    if base is not None:
        kb.people, kb.organizations, kb.products = base.people, base.organizations, base.products
        kb.tags = base.tags
        kb.shared_registries = base.registries  # its indexes are built once, not once per part
    with paused_gc():
        _parse_all(kb, registries, sources, stories, strict)
    if model_cache is not None:
        model_cache.save()
        kb.model_cache = None
    kb.stories.sort(key=lambda e: (e.model.date is None, _neg_date(e.model), e.model.id))
    return kb


def _parse_all(
    kb: KnowledgeBase, registries: list[Path], sources: list[Path], stories: list[Path], strict: bool
) -> None:
    for path in registries:
        model = REGISTRY_FILES[path.name]
        entry = _parse(path, model, kb, strict)
        if entry is None:
            continue
        kb.registry_docs[path.name] = entry
        if isinstance(entry.model, PeopleFile):
            kb.people.update((p.id, p) for p in entry.model.people)
        elif isinstance(entry.model, OrganizationsFile):
            kb.organizations.update((o.id, o) for o in entry.model.organizations)
        elif isinstance(entry.model, ProductsFile):
            kb.products.update((p.id, p) for p in entry.model.products)
        elif isinstance(entry.model, TagsFile):
            kb.tags = {t.id: t for t in entry.model.tags}
    for path in sources:
        src = _parse(path, Source, kb, strict)
        if src is not None:
            kb.sources[src.model.id] = src
    for path in stories:
        story = _parse(path, Story, kb, strict)
        if story is not None:
            kb.stories.append(story)


def _neg_date(story: Story) -> int:
    return -story.date.toordinal() if story.date else 0
