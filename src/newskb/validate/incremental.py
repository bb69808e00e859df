"""`newskb validate` at scale: one source at a time, in parallel, with a content-hash cache.

Almost every rule looks at one story and the transcript of its source; a few
compare the stories of one source with each other (Q203, Q204, Q206, C704).
So the knowledge base is validated as *groups*: a source entry with the
stories that cite it (and the registries, shared by all). A group's findings
depend only on the bytes of its files, of its transcript and of the
registries, on the date and on the validator's own code; they are cached
under the sha256 of all of these, in `<entries>/../.newskb-cache/validate/`.
After one story is edited only its group is read and checked again.

The three rules that need every entry at once (R601 unique ids, R604
references resolve, R605 registry entries referred to) run on small per-story
records (ids and references by YAML path) that each group hands back; a
finding is located by re-reading its file with positions only then.

The result is the same as `validate(load_kb(root))` by construction, and
checked by tests: group membership is guessed from each file's `id:`/`source:`
line and verified after parsing; when a guess was wrong (a hand-formatted
file) the whole knowledge base is validated in memory instead.

Cold runs use a process pool (one worker per core) over chunks of groups;
findings are merged and sorted, so the output does not depend on scheduling.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..errors import InputError
from ..kb import REGISTRY_FILES, KnowledgeBase, load_files, load_kb
from ..store import Document
from .references import GLOBAL_RULES, StoryRefs, broken_files

#: Bump when the cache layout changes (the code of the validator is hashed into every key anyway).
CACHE_VERSION = "1"
#: Groups to check before a process pool pays for its start-up.
PARALLEL_MIN_GROUPS = 64

_ID_LINE = re.compile(rb"^id:[ \t]*([a-z0-9][a-z0-9._-]*)[ \t]*$", re.MULTILINE)
_SOURCE_LINE = re.compile(rb"^source:[ \t]*([a-z0-9][a-z0-9._-]*)[ \t]*$", re.MULTILINE)
_FILE_LINE = re.compile(rb"^file:[ \t]*(\S[^\n#]*?)[ \t]*$", re.MULTILINE)


def cache_root(entries: Path) -> Path:
    """Where the cache lives: `.newskb-cache/` next to the entries directory (gitignored)."""
    return entries.resolve().parent / ".newskb-cache" / "validate"


def _code_hash() -> str:
    """The validator's own code: any change to it invalidates every cached finding."""
    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted(pkg.rglob("*.py")):
        if "render" in path.relative_to(pkg).parts:
            continue
        h.update(str(path.relative_to(pkg)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _file_sig(path: Path) -> tuple[str, bytes | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"unreadable:{type(exc).__name__}", None
    return hashlib.sha256(data).hexdigest(), data


def _first(pattern: re.Pattern[bytes], data: bytes | None) -> str | None:
    if data is None:
        return None
    m = pattern.search(data)
    return m.group(1).decode("utf-8", "replace") if m else None


class _Located:
    """A file known by path only: positions are read from it when a finding needs one."""

    def __init__(self, path: Path):
        self.path = path
        self.doc = Document(path, None)


@dataclass
class Group:
    name: str
    sources: list[Path] = field(default_factory=list)
    stories: list[Path] = field(default_factory=list)
    key: str = ""


@dataclass
class GroupResult:
    findings: list[Diagnostic]
    covered: set[str]
    problem_paths: list[str]
    refs: list[tuple[Any, ...]]
    transcripts: list[str]
    displays: list[str]
    """The group's entry files as diagnostics name them (for the count of files checked)."""
    source_ids: list[str]
    files: list[str]
    """The `file` of each source entry, as parsed: the cache key used the values guessed from the text."""
    ok: bool
    """False when a file's parsed id or source differs from the guess that put it in this group."""


# --- running one group ---------------------------------------------------------------------------

_REGISTRY: KnowledgeBase | None = None


def _init_worker(registry: bytes, cwd: str) -> None:
    global _REGISTRY
    os.chdir(cwd)
    _REGISTRY = pickle.loads(registry)


def _registry_state(kb: KnowledgeBase) -> KnowledgeBase:
    """The registries without their documents (models only): what every group shares."""
    from ..kb import Entry

    out = KnowledgeBase(root=kb.root)
    out.people, out.organizations, out.products = kb.people, kb.organizations, kb.products
    out.registry_docs = {name: Entry(e.path, Document(e.path, None), e.model) for name, e in kb.registry_docs.items()}
    return out


def _run_group(root: Path, group: Group, today: dt.date) -> GroupResult:
    from . import validate
    from .references import all_story_refs, covered_suspect_ids

    assert _REGISTRY is not None
    kb = load_files(root, [], group.sources, group.stories, base=_REGISTRY)
    kb.registry_docs = {}
    result = validate(kb, today, ignore=GLOBAL_RULES)
    ctx = result.context
    findings = list(result.diagnostics)  # no registry documents here: registry findings are the registry group's
    ok = all(e.model.source == group.name for e in kb.stories) and all(
        sid == group.name for sid in kb.sources
    )
    if group.name.startswith("\0"):  # a file whose id could not be guessed: it must not parse into a group
        ok = not kb.stories and not kb.sources
    return GroupResult(
        findings=findings,
        covered=covered_suspect_ids(ctx) if kb.stories or kb.sources else set(),
        problem_paths=[d.path for d in kb.problems],
        refs=[r.plain() for r in all_story_refs(ctx)],
        transcripts=[kb.display(a.text.path) for a in ctx.analyses.values()],
        displays=sorted({kb.display(doc.path) for doc in kb.documents} | {d.path for d in kb.problems}),
        source_ids=sorted(kb.sources),
        files=[e.model.file for e in kb.sources.values()],
        ok=ok,
    )


def _run_chunk(root: Path, groups: list[Group], today: dt.date) -> list[GroupResult]:
    return [_run_group(root, g, today) for g in groups]


# --- the whole run ------------------------------------------------------------------------------


@dataclass
class Outcome:
    diagnostics: list[Diagnostic]
    files_checked: int
    groups: int
    checked: int
    """Groups checked in this run (the rest came from the cache)."""


class _Cache:
    def __init__(self, directory: Path | None):
        self.dir = directory

    def get(self, key: str) -> Any:
        if self.dir is None:
            return None
        try:
            return pickle.loads((self.dir / key[:2] / key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError):
            return None

    def put(self, key: str, value: Any) -> None:
        if self.dir is None:
            return
        target = self.dir / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time


def findings(root: str | Path, today: dt.date, use_cache: bool = True, jobs: int | None = None) -> Outcome:
    """Every finding of every rule (unfiltered, unsorted), as `validate(load_kb(root))` gives them."""
    global _REGISTRY
    root = Path(root)
    if not root.is_dir():
        raise InputError(root, "no such entries directory")
    cache = _Cache(cache_root(root) if use_cache else None)
    base = _digest(CACHE_VERSION, _code_hash(), today.isoformat(), os.getcwd(), str(root))

    registries = [root / name for name in REGISTRY_FILES if (root / name).exists()]
    source_paths = sorted((root / "sources").glob("*.yaml"))
    story_paths = sorted((root / "stories").glob("*.yaml"))

    # the registries: parsed (or unpickled) once, checked as a group of their own
    reg_sig = [(str(p), _file_sig(p)[0]) for p in registries]
    reg_key = _digest(base, "registries", reg_sig)
    cached = cache.get(reg_key)
    if cached is None:
        reg_kb = load_files(root, registries, [], [])
        from . import validate

        result = validate(reg_kb, today, ignore=GLOBAL_RULES)
        reg_findings = [d for d in result.diagnostics]
        state = _registry_state(reg_kb)
        cached = (pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), reg_findings, [d.path for d in reg_kb.problems])
        cache.put(reg_key, cached)
    reg_bytes, reg_findings, reg_problems = cached
    _REGISTRY = pickle.loads(reg_bytes)
    registry_sig = _digest(reg_sig)

    # groups: a source id with its source files and stories, guessed from the raw text
    groups: dict[str, Group] = {}
    signatures: dict[Path, str] = {}
    transcript_of: dict[str, list[str]] = {}

    def group(name: str) -> Group:
        return groups.setdefault(name, Group(name))

    for path in source_paths:
        sig, data = _file_sig(path)
        signatures[path] = sig
        sid = _first(_ID_LINE, data)
        g = group(sid if sid is not None else f"\0{path}")
        g.sources.append(path)
        file = _first(_FILE_LINE, data)
        if file is not None:
            transcript_of.setdefault(g.name, []).append(file.strip("'\""))
    for path in story_paths:
        sig, data = _file_sig(path)
        signatures[path] = sig
        sid = _first(_SOURCE_LINE, data)
        group(sid if sid is not None else f"\0{path}").stories.append(path)
    for g in groups.values():
        transcripts = []
        for file in transcript_of.get(g.name, []):
            target = root.parent / file
            try:
                st = target.stat()
                transcripts.append((file, st.st_mode, _file_sig(target)[0] if target.is_file() else "not a file"))
            except OSError as exc:
                transcripts.append((file, type(exc).__name__))
        g.key = _digest(
            base,
            registry_sig,
            g.name,
            [(str(p), signatures[p]) for p in g.sources],
            [(str(p), signatures[p]) for p in g.stories],
            transcripts,
        )

    ordered = sorted(groups.values(), key=lambda g: g.name)
    results: dict[str, GroupResult] = {}
    todo: list[Group] = []
    for g in ordered:
        hit = cache.get(g.key)
        if isinstance(hit, GroupResult):
            results[g.name] = hit
        else:
            todo.append(g)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(todo) >= PARALLEL_MIN_GROUPS and workers > 1:
        chunks = [todo[i::workers * 4] for i in range(workers * 4)]
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(reg_bytes, os.getcwd())) as pool:
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
    for g in todo:
        if sorted(results[g.name].files) == sorted(transcript_of.get(g.name, [])):
            cache.put(g.key, results[g.name])  # else the key did not capture the transcript: do not reuse

    # the cross-file rules, on the records the groups handed back
    from . import Context
    from .registry import RULES

    gkb = KnowledgeBase(root=root)
    gkb.people, gkb.organizations, gkb.products = _REGISTRY.people, _REGISTRY.organizations, _REGISTRY.products
    gkb.registry_docs = {
        name: type(e)(e.path, Document(e.path, None), e.model) for name, e in _REGISTRY.registry_docs.items()
    }
    gctx = Context(gkb, today)
    problem_paths = list(reg_problems) + [p for g in ordered for p in results[g.name].problem_paths]
    gctx._memo["broken_files"] = broken_files(problem_paths)
    gctx._memo["source_ids"] = {sid for g in ordered for sid in results[g.name].source_ids}
    gctx._memo["covered_suspect_ids"] = set().union(*(results[g.name].covered for g in ordered))
    refs: list[StoryRefs] = []
    for g in ordered:
        for path, sid, story_refs, speakers, items in results[g.name].refs:
            refs.append(StoryRefs(_Located(Path(path)), sid, story_refs, speakers, items))
    gctx._memo["story_refs"] = refs
    out: list[Diagnostic] = list(reg_findings)
    for code in GLOBAL_RULES:
        check = RULES[code].check
        assert check is not None
        out.extend(check(gctx))
    for g in ordered:
        out.extend(results[g.name].findings)
    files = {gkb.display(p) for p in registries} | {d for g in ordered for d in results[g.name].displays}
    files |= {t for g in ordered for t in results[g.name].transcripts}
    return Outcome(out, len(files), len(ordered), len(todo))


def _in_memory(root: Path, today: dt.date, groups: int) -> Outcome:
    from . import validate

    result = validate(load_kb(root), today)
    return Outcome(result.diagnostics, result.files_checked, groups, groups)
