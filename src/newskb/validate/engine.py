"""`newskb validate` at scale: the knowledge base checked one group at a time, cached, in parallel.

The engine knows rules only by their declared scope (registry.py). Each group
(groups.py: the registries, or a source with its stories) is checked alone
by `check_group`: the story- and source-scope rules give findings, each
corpus rule gives its part (plain data); both are cached with the group
(findings_cache.py). Then every corpus rule's `combine` runs once on the parts
of all groups, cached or fresh. Reading the whole knowledge base as one group
is what `validate` does, so the two give the same findings by construction
(and tests/test_validate_engine.py checks it after every kind of edit).

Groups to check are parsed against the registries loaded once here; the
first is checked here too, so what the rules derive from the registries (an
entity index, a name matcher) is built before the rest are forked out to
workers (`runtime.fork_map`), which share it copy-on-write. Findings are
merged and sorted, so the output does not depend on scheduling.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..cache import notice
from ..diagnostics import Diagnostic
from ..errors import InputError
from ..kb import KnowledgeBase, load_files, load_kb
from ..runtime import fork_map, jobs_for, paused_gc, split
from . import UnknownFile, check_group, checked_files, combine
from .context import Context
from .dates import latest_date
from .findings_cache import INDEX_FILE, FileSigs, GroupResult, Index, cache_root, digest, fingerprint, holds_on
from .groups import REGISTRIES, Group, plan
from .registry import RULES

#: Groups to check before a pool of workers pays for its start-up.
PARALLEL_MIN_GROUPS = 64


@dataclass
class Outcome:
    diagnostics: list[Diagnostic]
    files_checked: int
    groups: int
    """Source groups (the registries' group is not counted)."""
    checked: int
    """Source groups checked in this run (the rest came from the cache)."""


def check(root: Path, group: Group, today: dt.date, registries: KnowledgeBase) -> GroupResult:
    """Check one group, given the registries (loaded once per run: the registries' group is checked on them)."""
    if group.name == REGISTRIES:
        kb = registries
    else:
        kb = load_files(root, [], [Path(p) for p in group.sources], [Path(p) for p in group.stories], base=registries)
    ctx = Context(kb, today)
    found, parts = check_group(ctx)
    ok = all(e.model.source == group.name for e in kb.stories) and all(sid == group.name for sid in kb.sources)
    if group.unguessed:  # a file whose id could not be guessed must not parse into a group
        ok = not kb.stories and not kb.sources
    return GroupResult(
        findings=found,
        parts=parts,
        displays=sorted(checked_files(ctx)),
        files=[e.model.file for e in kb.sources.values()],
        ok=ok,
        day=today,
        latest=latest_date(ctx),
    )


def findings(root: str | Path, today: dt.date, use_cache: bool = True, jobs: int | None = None) -> Outcome:
    """Every finding of every rule (unfiltered, unsorted), as `validate(load_kb(root))` gives them."""
    frozen = gc.get_freeze_count()
    try:
        return _findings(Path(root), today, use_cache, jobs)
    finally:
        if not frozen:  # what was read from the cache, kept for the whole run, goes back to the collector
            gc.unfreeze()


def _findings(root: Path, today: dt.date, use_cache: bool, jobs: int | None) -> Outcome:
    started = time.time_ns()
    if not root.is_dir():
        raise InputError(root, "no such entries directory")
    base = digest(fingerprint(), os.getcwd(), str(root))  # the date: `holds_on`
    corpus = frozenset(code for code, r in RULES.items() if r.part is not None)
    results: dict[str, GroupResult] = {}
    todo: list[Group] = []
    with paused_gc(freeze=True):  # many objects, kept for the whole run (and shared with forked workers)
        index = Index(cache_root(root) if use_cache else None, base)
        files = FileSigs(index.files, started)
        registries, groups = plan(root, files, base)
        for g in [registries, *groups]:
            hit = index.group(g.key, g.name, corpus)
            if hit is not None and holds_on(hit, today):
                results[g.name] = hit
            else:
                index.forget(g.key)
                todo.append(g)
    if todo:
        _check_all(root, today, registries, todo, results, jobs)
    ordered = [registries, *groups]
    if not all(results[g.name].ok for g in ordered):
        return _in_memory(root, today, len(groups))
    if index.path is not None and (todo or files.seen != index.files):
        keep = {  # a group whose transcript the key did not capture is not reused
            g.key: results[g.name] for g in ordered if sorted(results[g.name].files) == sorted(g.transcripts)
        }
        index.write(files.seen, keep)

    out: list[Diagnostic] = []
    parts: dict[str, list[object]] = {code: [] for code in corpus}
    checked: set[str] = set()
    for g in ordered:
        result = results[g.name]
        out.extend(result.findings)
        for code in corpus:
            parts[code].append(result.parts[code])
        checked.update(result.displays)
    try:
        entry_files = {p for g in ordered for p in (*g.registries, *g.sources, *g.stories)}
        out.extend(combine(parts, KnowledgeBase(root=root).display, {}, entry_files))
    except UnknownFile as exc:
        notice(index.path or INDEX_FILE, f"a part names {exc.args[0]!r}, not an entry file")
        return _findings(root, today, False, jobs)
    return Outcome(out, len(checked), len(groups), len([g for g in todo if g is not registries]))


def _check_all(
    root: Path, today: dt.date, registries: Group, todo: list[Group], results: dict[str, GroupResult], jobs: int | None
) -> None:
    """Check these groups against the registries, loaded once; the first here, the rest in workers."""
    shared = load_files(root, [Path(p) for p in registries.registries], [], [])
    rest = [g for g in todo if g is not registries]
    if registries in todo:
        results[registries.name] = check(root, registries, today, shared)
    if not rest:
        return
    # the first here: what the rules build from the registries (indexes, matchers), the workers inherit
    results[rest[0].name] = check(root, rest[0], today, shared)
    rest = rest[1:]
    workers = jobs_for(jobs) if len(rest) >= PARALLEL_MIN_GROUPS else 1

    def run(chunk: list[Group]) -> list[GroupResult]:
        return [check(root, g, today, shared) for g in chunk]

    chunks = split(rest, workers * 4) if rest else []
    for chunk, out in zip(chunks, fork_map(run, chunks, workers)):
        for g, r in zip(chunk, out):
            results[g.name] = r


def _in_memory(root: Path, today: dt.date, groups: int) -> Outcome:
    from . import validate

    result = validate(load_kb(root), today)
    return Outcome(result.diagnostics, result.files_checked, groups, groups)
