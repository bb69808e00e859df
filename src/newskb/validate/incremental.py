"""`newskb validate` at scale: one source at a time, in parallel, with a content-hash cache.

Almost every rule looks at one story and the transcript of its source; a few
compare the stories of one source with each other (Q203, Q204, Q206, C704).
So the knowledge base is validated as *groups*: a source entry with the
stories that cite it (and the registries, shared by all). A group's findings
depend only on the bytes of its files, of its transcript and of the
registries, on the validator's own code and, through one rule, on the date;
they are cached under the sha256 of all but the date, and reused on another
day when that rule finds nothing on either (`holds_on`), in one index file,
`<entries>/../.newskb-cache/validate/index.json` (data only, read through
the cache layer `newskb.cache`: bounded, every group's record checked
against its declared shape and its paths against the files it was keyed by;
anything else is ignored with one notice, never trusted; replaced atomically). After one story is edited only its group is read and checked
again. A file whose (device, inode, size, mtime, ctime) are those recorded
with its sha256 is not read again, unless it changed less than
`RACY_SECONDS` before that record was made (a write in the same clock tick
can keep the same mtime).

The three rules that need every entry at once (R601 unique ids, R604
references resolve, R605 registry entries referred to) are split where they
allow it: a group hands back the part that depends on itself and the
registries alone (duplicate quote/claim ids inside each story, references to
registry entries, the registry ids its stories use), and the cross-group part
runs on a few small records (each story's path, id and source). Only stories
whose id another story shares need their full records (kept in the cache as
plain data per group). When a file outside the registries that failed to
parse is named like a registry file, the split's assumption does not hold and
the three rules run on every record, as `validate` runs them.

The result is the same as `validate(load_kb(root))` by construction, and
checked by tests: group membership is guessed from each file's `id:`/`source:`
line and verified after parsing; when a guess was wrong (a hand-formatted
file) the whole knowledge base is validated in memory instead.

Cold runs use a process pool (one worker per core) over chunks of groups;
findings are merged and sorted, so the output does not depend on scheduling.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
import re
import stat
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..cache import cache_dir, notice, read_json, write_json
from ..diagnostics import Diagnostic
from ..errors import InputError
from ..files import read_regular
from ..kb import REGISTRY_FILES, KnowledgeBase, load_files, load_kb
from ..runtime import paused_gc
from ..source import MAX_SOURCE_BYTES
from ..store import Document
from .dates import latest_date
from .references import GLOBAL_RULES, StoryRefs, broken_files

#: Bump when the cache layout changes (the code of the validator is hashed into every key anyway).
CACHE_VERSION = "4"
#: Groups to check before a process pool pays for its start-up.
PARALLEL_MIN_GROUPS = 64
#: A file modified this recently (before the run started) is hashed again on the next run.
RACY_SECONDS = 2.0
INDEX_FILE = "index.json"
#: The largest index read back (at 10,000 stories it is a few tens of MB).
INDEX_LIMIT = 512 * 1024 * 1024
#: Files are hashed from at most this many bytes (the largest input newskb reads is a transcript).
READ_LIMIT = MAX_SOURCE_BYTES + 1

_ID_LINE = re.compile(rb"^id:[ \t]*([a-z0-9][a-z0-9._-]*)[ \t]*$", re.MULTILINE)
_SOURCE_LINE = re.compile(rb"^source:[ \t]*([a-z0-9][a-z0-9._-]*)[ \t]*$", re.MULTILINE)
_FILE_LINE = re.compile(rb"^file:[ \t]*(\S[^\n#]*?)[ \t]*$", re.MULTILINE)


def cache_root(entries: Path) -> Path:
    """Where the cache lives: `.newskb-cache/validate/` next to the entries directory (gitignored)."""
    return cache_dir(entries, "validate")


def _code_hash() -> str:
    """The validator's own code and what shapes its output: any change invalidates every cached finding."""
    import pydantic
    import pydantic_core
    import rapidfuzz
    import yaml

    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(CACHE_VERSION.encode())
    h.update(repr((sys.version, pydantic.VERSION, pydantic_core.__version__, rapidfuzz.__version__)).encode())
    h.update(repr((yaml.__version__, getattr(yaml, "__with_libyaml__", None))).encode())
    for path in sorted(pkg.rglob("*.py")):
        if "render" in path.relative_to(pkg).parts:
            continue
        h.update(str(path.relative_to(pkg)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _file_sig(path: Path | str) -> tuple[str, bytes | None]:
    """The sha256 of a regular file's bytes (read without blocking, at most READ_LIMIT of them)."""
    try:
        data = read_regular(Path(path), READ_LIMIT)
    except InputError as exc:
        return f"unreadable:{exc.message}", None
    return hashlib.sha256(data).hexdigest(), data


def _first(pattern: re.Pattern[bytes], data: bytes | None) -> str | None:
    if data is None:
        return None
    m = pattern.search(data)
    return m.group(1).decode("utf-8", "replace") if m else None


def _listing(directory: Path) -> list[str]:
    """`sorted(directory.glob("*.yaml"))` as strings (every name ending in .yaml, dot files included)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    prefix = str(directory) + os.sep
    return [prefix + name for name in sorted(names) if name.endswith(".yaml")]


class _Files:
    """The sha256 of files (with what the grouping reads from their text), reused while their stat is unchanged."""

    def __init__(self, known: dict[tuple[str, str], tuple[Any, ...]], started_ns: int):
        self.known = known
        self.seen: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.limit = started_ns - int(RACY_SECONDS * 1e9)

    def sig(self, kind: str, path: str, guess: Callable[[bytes | None], Any]) -> tuple[str, Any]:
        try:
            st = os.stat(path)
        except OSError:
            return _file_sig(path)[0], guess(None)
        stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device is never read (it could block forever)
            return f"special:{st.st_mode:o}", guess(None)
        hit = self.known.get((kind, path))
        if hit is not None and hit[0] == stamp:
            self.seen[(kind, path)] = hit
            return hit[1], hit[2]
        sig, data = _file_sig(path)  # read after the stat: a later write changes the stat
        found = guess(data)
        if data is not None and stat.S_ISREG(st.st_mode) and max(st.st_mtime_ns, st.st_ctime_ns) < self.limit:
            self.seen[(kind, path)] = (stamp, sig, found)
        return sig, found


def _guess_source(data: bytes | None) -> tuple[str | None, str | None]:
    return _first(_ID_LINE, data), _first(_FILE_LINE, data)


def _guess_story(data: bytes | None) -> str | None:
    return _first(_SOURCE_LINE, data)


def _no_guess(data: bytes | None) -> None:
    return None


class _Located:
    """A file known by path only: positions are read from it when a finding needs one."""

    def __init__(self, path: Path):
        self.path = path
        self.doc = Document(path, None)


@dataclass
class Group:
    name: str
    sources: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    key: str = ""


@dataclass
class GroupResult:
    findings: list[Diagnostic]
    covered: set[str]
    problem_paths: list[str]
    transcripts: list[str]
    displays: list[str]
    """The group's entry files as diagnostics name them (for the count of files checked)."""
    source_ids: list[str]
    files: list[str]
    """The `file` of each source entry, as parsed: the cache key used the values guessed from the text."""
    ok: bool
    """False when a file's parsed id or source differs from the guess that put it in this group."""
    stories: list[tuple[str, str, str]]
    """(path, id, source) of each parsed story: the cross-group part of R601 and R604."""
    duplicates: dict[str, list[Diagnostic]]
    """R601 inside each story (by path), valid while no other story has its id."""
    unresolved: list[Diagnostic]
    """R604 for references to registry entries (given the registries' own parse problems)."""
    used: set[str]
    """Registry ids the stories refer to or quote (R605)."""
    records: list[tuple[str, str, list[tuple[tuple[str | int, ...], str, str]], list[str], list[tuple[tuple[str | int, ...], str]]]]
    """The stories' full StoryRefs records (plain data): used only when the cross-file rules need them."""
    day: dt.date
    """The date the findings were computed for."""
    latest: dt.date | None
    """The latest date in the group's entries (`holds_on`)."""

    def story_refs(self) -> list[StoryRefs]:
        return [
            StoryRefs(_Located(Path(p)), sid, refs, speakers, items)
            for p, sid, refs, speakers, items in self.records
        ]


@dataclass
class RegistryResult:
    ids: tuple[list[str], list[str], list[str]]
    """People, organisation and product ids, in registry order."""
    publications: set[str]
    findings: list[Diagnostic]
    problem_paths: list[str]
    broken: set[str]
    cross: list[Diagnostic]
    """R601 among registry ids and R604 of the registries' own references (given their own parse problems)."""
    items: list[tuple[str, tuple[Any, ...], str]]
    """(file, YAML path, id) of every registry entry (R605)."""
    used: set[str]
    """Ids the registries refer to (affiliations, makers)."""
    day: dt.date
    latest: dt.date | None
    tag_ids: list[str] | None = None
    """Tag registry ids (None without tags.yaml: tags are then not judged, R609)."""
    state: bytes = b""
    """The registries without their documents (`_registry_state`), pickled in memory (never stored: a result
    read from the cache has none, and `with_objects` rebuilds it from the registry files)."""
    index: bytes = b""
    """The entity index, pickled ready to search (`prepare`d, with its name matcher), in memory only, as `state`."""


def holds_on(result: GroupResult | RegistryResult, today: dt.date) -> bool:
    """Whether findings computed for `result.day` are also those of `today`.

    Why: the date is read by one rule only, D402 (a date after today), so a cache keyed by the
    date would start cold every morning, in CI too. Findings made on another day still hold
    when neither day has a D402 finding: every date in the group is on or before both days.
    (tests/test_validate_cache.py checks that no other rule's findings depend on the date.)
    """
    return result.day == today or result.latest is None or result.latest <= min(today, result.day)


# --- running one group ---------------------------------------------------------------------------

_REGISTRY: KnowledgeBase | None = None
_REGISTRY_BROKEN: set[str] = set()


def _bulk_load() -> AbstractContextManager[None]:
    """Unpickling many objects kept for the whole run: frozen (out of the collector) until `findings` returns."""
    return paused_gc(freeze=True)


class _Table(Mapping[str, Any]):
    """A registry table whose ids are known at once and whose models are unpickled when one is asked for."""

    def __init__(self, ids: list[str], models: Callable[[], dict[str, Any]]):
        self._ids = ids
        self._set = frozenset(ids)
        self._models = models

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._set

    def __getitem__(self, key: str) -> Any:
        if key not in self._set:
            raise KeyError(key)
        return self._models()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._set else default


def _registry_base(reg: RegistryResult) -> KnowledgeBase:
    """What the groups share of the registries: ids, entity index and publications; models only on demand."""
    state: list[KnowledgeBase] = []

    def full() -> KnowledgeBase:
        if not state:
            with _bulk_load():
                state.append(pickle.loads(reg.state))
        return state[0]

    kb = KnowledgeBase(root=Path("."))
    people, organizations, products = reg.ids
    kb.people = _Table(people, lambda: full().people)  # type: ignore[assignment]
    kb.organizations = _Table(organizations, lambda: full().organizations)  # type: ignore[assignment]
    kb.products = _Table(products, lambda: full().products)  # type: ignore[assignment]
    if reg.tag_ids is not None:
        kb.tags = _Table(reg.tag_ids, lambda: full().tags)  # type: ignore[assignment,arg-type,return-value]
    with _bulk_load():
        kb.__dict__["entity_index"] = pickle.loads(reg.index)
    kb.__dict__["publications"] = set(reg.publications)
    return kb


def _init_worker(registry: RegistryResult, cwd: str) -> None:
    global _REGISTRY, _REGISTRY_BROKEN
    os.chdir(cwd)
    _REGISTRY, _REGISTRY_BROKEN = _registry_base(registry), registry.broken


def _registry_state(kb: KnowledgeBase) -> KnowledgeBase:
    """The registries without their documents (models only): what every group shares."""
    from ..kb import Entry

    out = KnowledgeBase(root=kb.root)
    out.people, out.organizations, out.products = kb.people, kb.organizations, kb.products
    out.tags = kb.tags
    out.registry_docs = {name: Entry(e.path, Document(e.path, None), e.model) for name, e in kb.registry_docs.items()}
    return out


def _registry_objects(kb: KnowledgeBase) -> tuple[bytes, bytes]:
    """The registries' models and their prepared entity index, pickled for this run's workers (never stored)."""
    from .claims import name_matcher

    index = kb.entity_index
    index.prepare()
    name_matcher(index)
    return (
        pickle.dumps(_registry_state(kb), protocol=pickle.HIGHEST_PROTOCOL),
        pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL),
    )


def with_objects(reg: RegistryResult, root: Path, registries: list[Path]) -> RegistryResult:
    """`reg` with its models and entity index, read again from the registry files when it came from the cache."""
    if not reg.state:
        reg.state, reg.index = _registry_objects(load_files(root, registries, [], []))
    return reg


def _check_registries(root: Path, registries: list[Path], today: dt.date) -> RegistryResult:
    from . import Context, validate
    from .references import reference_table, registry_duplicates, registry_items, registry_references, unresolved_among

    kb = load_files(root, registries, [], [])
    result = validate(kb, today, ignore=GLOBAL_RULES)
    state, index = _registry_objects(kb)
    problems = [d.path for d in kb.problems]
    broken = broken_files(problems)
    ctx = Context(kb, today)
    table = reference_table(broken, set(kb.people), set(kb.organizations), set(kb.products), None)
    refs = list(registry_references(ctx))
    cross = [*registry_duplicates(ctx, {}), *unresolved_among(ctx, refs, table)]
    return RegistryResult(
        state=state,
        ids=(list(kb.people), list(kb.organizations), list(kb.products)),
        index=index,
        publications=set(kb.publications),
        findings=list(result.diagnostics),
        problem_paths=problems,
        broken=broken,
        cross=cross,
        items=[(str(entry.path), path, item.id) for entry, path, item in registry_items(ctx)],
        used={ref for _, _, ref, _ in refs},
        day=today,
        latest=latest_date(result.context),
        tag_ids=None if kb.tags is None else list(kb.tags),
    )


def _run_group(root: Path, group: Group, today: dt.date) -> GroupResult:
    from . import validate
    from .references import (
        all_story_refs,
        covered_suspect_ids,
        reference_table,
        story_duplicates,
        story_references,
        unresolved_among,
        used_ids,
    )

    assert _REGISTRY is not None
    kb = load_files(root, [], [Path(p) for p in group.sources], [Path(p) for p in group.stories], base=_REGISTRY)
    kb.registry_docs = {}
    result = validate(kb, today, ignore=GLOBAL_RULES)
    ctx = result.context
    findings = list(result.diagnostics)  # no registry documents here: registry findings are the registry group's
    ok = all(e.model.source == group.name for e in kb.stories) and all(sid == group.name for sid in kb.sources)
    if group.name.startswith("\0"):  # a file whose id could not be guessed: it must not parse into a group
        ok = not kb.stories and not kb.sources
    recs = all_story_refs(ctx)
    duplicates = {}
    for rec in recs:
        found = list(story_duplicates(ctx, [rec], {}))
        if found:
            duplicates[str(rec.entry.path)] = found
    table = reference_table(_REGISTRY_BROKEN, set(kb.people), set(kb.organizations), set(kb.products), None)
    registry_refs = (r for r in story_references(recs) if r[3] != "source")
    return GroupResult(
        findings=findings,
        covered=covered_suspect_ids(ctx) if kb.stories or kb.sources else set(),
        problem_paths=[d.path for d in kb.problems],
        transcripts=[kb.display(a.text.path) for a in ctx.analyses.values()],
        displays=sorted({kb.display(doc.path) for doc in kb.documents} | {d.path for d in kb.problems}),
        source_ids=sorted(kb.sources),
        files=[e.model.file for e in kb.sources.values()],
        ok=ok,
        stories=[(str(r.entry.path), r.id, r.entry.model.source) for r in recs],
        duplicates=duplicates,
        unresolved=list(unresolved_among(ctx, registry_refs, table)),
        used=used_ids(recs) & ctx.entity_ids,
        records=[r.plain() for r in recs],
        day=today,
        latest=latest_date(ctx),
    )


def _run_chunk(root: Path, groups: list[Group], today: dt.date) -> list[GroupResult]:
    return [_run_group(root, g, today) for g in groups]


# --- the cache -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    diagnostics: list[Diagnostic]
    files_checked: int
    groups: int
    checked: int
    """Groups checked in this run (the rest came from the cache)."""


_GROUP = TypeAdapter(GroupResult)
_REGISTRY_RESULT = TypeAdapter(RegistryResult)
_FILES = TypeAdapter(
    list[
        tuple[str, str, tuple[int, int, int, int, int, int], str, tuple[str | None, str | None] | str | None]
    ]
)
_STORED_REGISTRY = {"state", "index"}  # in memory only


def _index_ok(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("files"), list)
        and isinstance(data.get("registry"), dict)
        and isinstance(data.get("groups"), dict)
    )


class _Index:
    """The whole cache in one JSON file: the base key, file signatures, the registries' and every group's results.

    Each group's result is checked (`_GROUP`) only when its key is looked up,
    and kept as read for the next write, so rewriting the index after a change
    re-encodes only the groups checked in that run. Nothing read is code.
    """

    def __init__(self, directory: Path | None, base: str):
        self.path = directory / INDEX_FILE if directory is not None else None
        self.base = base
        self.files: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.registry: dict[str, RegistryResult] = {}
        self.raw: dict[str, Any] = {}
        if self.path is not None:
            self._read()

    def _read(self) -> None:
        assert self.path is not None
        data = read_json(self.path, _index_ok, INDEX_LIMIT)
        if data is None:
            return
        if data.get("version") != CACHE_VERSION or data.get("base") != self.base:
            # another validator, another checkout or another layout: recomputed, never trusted
            notice(self.path, "written by another version of newskb, or for another checkout")
            return
        try:
            files = _FILES.validate_python(data["files"])
            registry = {k: _REGISTRY_RESULT.validate_python(v) for k, v in data["registry"].items()}
        except (ValidationError, ValueError, TypeError, RecursionError):
            notice(self.path, "unexpected shape")
            return
        self.files = {(kind, path): (stamp, sig, found) for kind, path, stamp, sig, found in files}
        self.registry = registry
        self.raw = dict(data["groups"])

    def group(self, key: str, group: Group) -> GroupResult | None:
        """The cached result of `group`, when its record is well-formed and names only the group's own files."""
        raw = self.raw.get(key)
        if raw is None:
            return None
        try:
            result = _GROUP.validate_python(raw)
        except (ValidationError, ValueError, TypeError, RecursionError):
            notice(self.path or INDEX_FILE, f"group {group.name!r}: unexpected shape")
            return None
        own = set(group.stories)
        if not ({p for p, _, _ in result.stories} <= own and set(result.duplicates) <= own):
            notice(self.path or INDEX_FILE, f"group {group.name!r}: names files outside the group")
            return None
        if any(rec[0] not in own for rec in result.records):
            notice(self.path or INDEX_FILE, f"group {group.name!r}: names files outside the group")
            return None
        return result

    def write(self, files: dict[Any, Any], registry: dict[str, RegistryResult], groups: dict[str, GroupResult]) -> None:
        if self.path is None:
            return
        data = {
            "version": CACHE_VERSION,
            "base": self.base,
            "files": [[kind, path, list(stamp), sig, found] for (kind, path), (stamp, sig, found) in files.items()],
            "registry": {
                k: _REGISTRY_RESULT.dump_python(v, mode="json", exclude=_STORED_REGISTRY) for k, v in registry.items()
            },
            "groups": {
                key: self.raw[key] if key in self.raw else _GROUP.dump_python(result, mode="json")
                for key, result in groups.items()
            },
        }
        write_json(self.path, data)  # best-effort: a cache that cannot be written only costs time


# --- the whole run ------------------------------------------------------------------------------


def findings(root: str | Path, today: dt.date, use_cache: bool = True, jobs: int | None = None) -> Outcome:
    """Every finding of every rule (unfiltered, unsorted), as `validate(load_kb(root))` gives them."""
    frozen = gc.get_freeze_count()
    try:
        return _findings(Path(root), today, use_cache, jobs)
    finally:
        if not frozen:  # what `_bulk_load` froze goes back to the collector
            gc.unfreeze()


def _findings(root: Path, today: dt.date, use_cache: bool, jobs: int | None) -> Outcome:
    global _REGISTRY, _REGISTRY_BROKEN
    started = time.time_ns()
    root = Path(root)
    if not root.is_dir():
        raise InputError(root, "no such entries directory")
    base = _digest(CACHE_VERSION, _code_hash(), os.getcwd(), str(root))  # the date: `holds_on`
    index = _Index(cache_root(root) if use_cache else None, base)
    files = _Files(index.files, started)

    registries = [root / name for name in REGISTRY_FILES if (root / name).exists()]
    source_paths = _listing(root / "sources")
    story_paths = _listing(root / "stories")

    # the registries: parsed (or taken from the cache) once, checked as a group of their own
    reg_sig = [(str(p), files.sig("entry", str(p), _no_guess)[0]) for p in registries]
    reg_key = _digest(base, "registries", reg_sig)
    reg = index.registry.get(reg_key)
    if reg is not None and not {item[0] for item in reg.items} <= {str(p) for p in registries}:
        notice(index.path or INDEX_FILE, "registry record names files that are not registries")
        reg = None
    if reg is None or not holds_on(reg, today):
        reg = _check_registries(root, registries, today)
    registry_sig = _digest(reg_sig)

    # groups: a source id with its source files and stories, guessed from the raw text
    groups: dict[str, Group] = {}
    signatures: dict[str, str] = {}
    transcript_of: dict[str, list[str]] = {}

    def group(name: str) -> Group:
        return groups.setdefault(name, Group(name))

    for path in source_paths:
        sig, (sid, file) = files.sig("source", path, _guess_source)
        signatures[path] = sig
        g = group(sid if sid is not None else f"\0{path}")
        g.sources.append(path)
        if file is not None:
            transcript_of.setdefault(g.name, []).append(file.strip("'\""))
    for path in story_paths:
        sig, sid = files.sig("story", path, _guess_story)
        signatures[path] = sig
        group(sid if sid is not None else f"\0{path}").stories.append(path)
    for g in groups.values():
        transcripts = []
        for file in transcript_of.get(g.name, []):
            target = str(root.parent / file)
            try:
                mode = os.stat(target).st_mode
            except OSError as exc:
                transcripts.append((file, type(exc).__name__))
                continue
            sig = files.sig("transcript", target, _no_guess)[0] if stat.S_ISREG(mode) else "not a file"
            transcripts.append((file, mode, sig))
        g.key = _digest(
            base,
            registry_sig,
            g.name,
            [(p, signatures[p]) for p in g.sources],
            [(p, signatures[p]) for p in g.stories],
            transcripts,
        )

    ordered = sorted(groups.values(), key=lambda g: g.name)
    results: dict[str, GroupResult] = {}
    todo: list[Group] = []
    with _bulk_load():
        for g in ordered:
            hit = index.group(g.key, g)
            if hit is not None and holds_on(hit, today):
                results[g.name] = hit
            else:
                index.raw.pop(g.key, None)  # checked again: its new result replaces the old
                todo.append(g)
    if todo:
        reg = with_objects(reg, root, registries)
        _REGISTRY, _REGISTRY_BROKEN = _registry_base(reg), reg.broken
        workers = jobs if jobs is not None else (os.cpu_count() or 1)
        if len(todo) >= PARALLEL_MIN_GROUPS and workers > 1:
            chunks = [todo[i :: workers * 4] for i in range(workers * 4)]
            initargs = (reg, os.getcwd())
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=initargs) as pool:
                futures = [pool.submit(_run_chunk, root, chunk, today) for chunk in chunks if chunk]
                done = [f.result() for f in futures]
            for chunk, out in zip([c for c in chunks if c], done):
                for g, r in zip(chunk, out):
                    results[g.name] = r
        else:
            for g in todo:
                results[g.name] = _run_group(root, g, today)
    if not all(r.ok for r in results.values()):
        return _in_memory(root, today, len(ordered))
    if index.path is not None and (todo or index.registry.get(reg_key) is not reg or files.seen != index.files):
        keep = {
            g.key: results[g.name]
            for g in ordered  # a group whose transcript the key did not capture is not reused
            if sorted(results[g.name].files) == sorted(transcript_of.get(g.name, []))
        }
        index.write(files.seen, {reg_key: reg}, keep)

    # the cross-file rules: the groups' parts, and what lies across groups
    out: list[Diagnostic] = list(reg.findings)
    problem_paths = list(reg.problem_paths) + [p for g in ordered for p in results[g.name].problem_paths]
    broken = broken_files(problem_paths)
    if broken - {"sources"} == reg.broken:
        out += _cross_rules(root, today, reg, [results[g.name] for g in ordered], broken)
    else:
        reg = with_objects(reg, root, registries)
        out += _cross_rules_in_full(root, today, reg, [results[g.name] for g in ordered], problem_paths)
    for g in ordered:
        out.extend(results[g.name].findings)
    display = KnowledgeBase(root=root).display
    files_checked = {display(p) for p in registries} | {d for g in ordered for d in results[g.name].displays}
    files_checked |= {t for g in ordered for t in results[g.name].transcripts}
    return Outcome(out, len(files_checked), len(ordered), len(todo))


def _cross_rules(
    root: Path, today: dt.date, reg: RegistryResult, parts: list[GroupResult], broken: set[str]
) -> list[Diagnostic]:
    """R601, R604 and R605 from the groups' parts, when their registry assumption holds."""
    from . import Context
    from .references import reference_table, story_duplicates, unreferenced_among, unresolved_among

    ctx = Context(KnowledgeBase(root=root), today)
    located: dict[str, _Located] = {}

    def at(path: str) -> _Located:
        if path not in located:
            located[path] = _Located(Path(path))
        return located[path]

    out = list(reg.cross)
    # R601: stories sharing an id are checked together on their full records; the others by their group
    by_id: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for n, part in enumerate(parts):
        for path, sid, _ in part.stories:
            by_id[sid].append((path, n))
    shared: dict[int, set[str]] = defaultdict(set)
    for members in by_id.values():
        if len(members) == 1:
            path, n = members[0]
            out += parts[n].duplicates.get(path, ())
        else:
            for path, n in members:
                shared[n].add(path)
    if shared:
        recs = [r for n, paths in shared.items() for r in parts[n].story_refs() if str(r.entry.path) in paths]
        out += story_duplicates(ctx, sorted(recs, key=lambda r: str(r.entry.path)), {})
    # R604: references to registry entries were judged by each group; references to sources here
    for part in parts:
        out += part.unresolved
    sources = {sid for part in parts for sid in part.source_ids}
    table = reference_table(broken, set(), set(), set(), sources)
    allowed = table["source"][0]
    if allowed is not None:
        refs = [
            (at(p), ("source",), src, "source") for part in parts for p, _, src in part.stories if src not in allowed
        ]
        out += unresolved_among(ctx, refs, table)
    # R605
    used = set(reg.used).union(*(part.used for part in parts), *(part.covered for part in parts))
    items = ((at(path), yaml_path, item_id) for path, yaml_path, item_id in reg.items if item_id not in used)
    out += unreferenced_among(ctx, items, used)
    return out


def _cross_rules_in_full(
    root: Path, today: dt.date, reg: RegistryResult, parts: list[GroupResult], problem_paths: list[str]
) -> list[Diagnostic]:
    """R601, R604 and R605 as `validate` runs them, on every story's full record."""
    from . import Context
    from .registry import RULES

    with _bulk_load():
        registry: KnowledgeBase = pickle.loads(reg.state)
    gkb = KnowledgeBase(root=root)
    gkb.people, gkb.organizations, gkb.products = registry.people, registry.organizations, registry.products
    gkb.registry_docs = {
        name: type(e)(e.path, Document(e.path, None), e.model) for name, e in registry.registry_docs.items()
    }
    gctx = Context(gkb, today)
    gctx._memo["broken_files"] = broken_files(problem_paths)
    gctx._memo["source_ids"] = {sid for part in parts for sid in part.source_ids}
    gctx._memo["covered_suspect_ids"] = set().union(*(part.covered for part in parts))
    gctx._memo["story_refs"] = [r for part in parts for r in part.story_refs()]
    out: list[Diagnostic] = []
    for code in GLOBAL_RULES:
        check = RULES[code].check
        assert check is not None
        out.extend(check(gctx))
    return out


def _in_memory(root: Path, today: dt.date, groups: int) -> Outcome:
    from . import validate

    result = validate(load_kb(root), today)
    return Outcome(result.diagnostics, result.files_checked, groups, groups)
