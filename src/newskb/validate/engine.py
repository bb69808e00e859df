"""`newskb validate` at scale: the knowledge base checked one group at a time, cached, in parallel.

The engine knows rules only by their declared scope (registry.py). Each group
(groups.py: the registries, or a source with its stories) is checked alone
by `check_group`: the source-scope rules give findings over the whole group,
each corpus rule gives its part (plain data); both are cached with the group
(findings_cache.py). The story-scope rules (and the reader) are cached per
story file: after an edit they run only on the stories whose key changed
(beside their sources, whose transcript analyses the group's run shares),
and their findings in the group's own files (sources, transcripts) are one
more unit, re-run when those change. Then every corpus rule's `combine` runs once on the parts
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import notice
from ..diagnostics import Diagnostic
from ..errors import InputError
from ..kb import KnowledgeBase, load_files, load_kb
from ..runtime import fork_map, jobs_for, paused_gc, split
from . import UnknownFile, check_group, checked_files, combine
from .context import Context
from .dates import latest_date
from .findings_cache import (
    INDEX_FILE,
    FileSigs,
    GroupResult,
    Index,
    UnitResult,
    cache_root,
    digest,
    fingerprint,
    holds_on,
)
from .groups import REGISTRIES, Group, membership, plan
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
    stories_checked: int = 0
    """Story files whose story-scope findings were computed in this run (the rest came from the cache)."""


@dataclass
class Checked:
    """What checking one group gave: its source-scope result, and the story-scope results computed (by key)."""

    group: GroupResult
    units: dict[str, UnitResult]
    stories: int
    """How many story files the story-scope rules were run on."""


def _latest_by_entry(ctx: Context) -> dict[int, dt.date]:
    """The latest date in each entry (by `id`): what D402, the one rule that reads the date, compares with today.

    Read from the context's dates, which D402 has walked already in the same run.
    """
    latest: dict[int, dt.date] = {}
    for entry, _, value in ctx.of_type(dt.date):
        key = id(entry)
        if key not in latest or value > latest[key]:
            latest[key] = value
    return latest


def check(
    root: Path, group: Group, today: dt.date, registries: KnowledgeBase, stories: list[str] | None = None
) -> Checked:
    """Check one group, given the registries (loaded once per run: the registries' group is checked on them).

    The source-scope rules (and the corpus rules' parts) see the whole group; the story-scope rules (and the
    reader) see only `stories`, the story files whose cached findings are stale, beside the group's sources
    (None: every story, and the findings on the group's own files too). A finding of the story-scope run
    belongs to the story file it is in; one in any other file (a source, a transcript) to the group's own unit.
    """
    if group.name == REGISTRIES:
        ctx = Context(registries, today)
        found, parts = check_group(ctx)
        return Checked(_result(group, ctx, found, parts, today, ctx), {}, 0)
    sources = [Path(p) for p in group.sources]
    kb = load_files(root, [], sources, [Path(p) for p in group.stories], base=registries)
    ctx = Context(kb, today)
    found, parts = check_group(ctx, scopes=("source", "corpus"))
    if stories is None or not stories or sorted(stories) == sorted(group.stories):
        sub = ctx  # every story is checked (or none): one run, one transcript analysis
    else:
        # the stories to re-run, beside their sources; the transcripts are analysed once, for the whole group
        # (what the sub-run reports about the sources themselves is the group's own unit: cached, not kept)
        sub = Context(load_files(root, [], sources, [Path(p) for p in stories], base=registries), today, ctx)
    story_found = check_group(sub, scopes=("story",))[0] if stories != [] else []
    shown = kb.display
    fresh = group.stories if stories is None else stories
    own: list[Diagnostic] = []
    per_story: dict[str, list[Diagnostic]] = {shown(Path(p)): [] for p in fresh}
    for d in story_found:
        per_story.get(d.path, own).append(d)
    entries = {shown(e.path): e for e in sub.kb.stories}
    latest = _latest_by_entry(sub) if fresh or stories is None else {}
    units: dict[str, UnitResult] = {}
    for p in fresh:
        me = shown(Path(p))
        units[group.story_keys[p]] = UnitResult(per_story[me], today, latest.get(id(entries[me])) if me in entries else None)
    if stories is None:
        mine = [latest[id(e)] for e in sub.kb.sources.values() if id(e) in latest]
        units[group.own_key] = UnitResult(own, today, max(mine, default=None))
    return Checked(_result(group, ctx, found, parts, today, sub), units, len(fresh))


def _result(
    group: Group, ctx: Context, found: list[Diagnostic], parts: dict[str, Any], today: dt.date, sub: Context
) -> GroupResult:
    kb = ctx.kb
    ok = all(e.model.source == group.name for e in kb.stories) and all(sid == group.name for sid in kb.sources)
    if group.unguessed:  # a file whose id could not be guessed must not parse into a group
        ok = not kb.stories and not kb.sources
    return GroupResult(
        findings=found,
        parts=parts,
        displays=sorted(checked_files(ctx) | checked_files(sub)),
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


#: A group to check, with the story files whose story-scope findings are stale (None: all, and its own files).
Todo = tuple[Group, list[str] | None]


def _lookup(
    root: Path,
    index: Index,
    g: Group,
    today: dt.date,
    corpus: frozenset[str],
    shown: Callable[[Path], str],
    units: dict[str, UnitResult],
) -> tuple[GroupResult | None, list[str] | None]:
    """The group's cached result (None: stale) and its stale story files (None: all of them and its own)."""
    hit = index.group(g.key, g.name, corpus)
    if hit is None or not holds_on(hit, today):
        index.forget(g.key)
        hit = None
    if g.name == REGISTRIES:
        return hit, None if hit is None else []
    stale: list[str] = []
    for path in g.stories:  # (a path is displayed only to check a finding: resolving each one costs a syscall)
        key = g.story_keys[path]
        unit = index.unit(key, path, lambda name, path=path: name == shown(Path(path)))  # type: ignore[misc]
        if unit is not None and holds_on(unit, today):
            units[key] = unit
        else:
            index.forget(key)
            stale.append(path)

    def mine(name: str) -> bool:
        return name in {shown(Path(p)) for p in g.sources} | {shown(root.parent / f) for f in g.transcripts}

    own = index.unit(g.own_key, g.name, mine)
    if own is None or not holds_on(own, today):
        index.forget(g.own_key)
        return None, None
    units[g.own_key] = own
    return (hit if not stale else None), stale


def _findings(root: Path, today: dt.date, use_cache: bool, jobs: int | None) -> Outcome:
    started = time.time_ns()
    if not root.is_dir():
        raise InputError(root, "no such entries directory")
    corpus = frozenset(code for code, r in RULES.items() if r.part is not None)
    shown = KnowledgeBase(root=root).display
    results: dict[str, GroupResult] = {}
    units: dict[str, UnitResult] = {}
    todo: list[Todo] = []
    with paused_gc(freeze=True):  # many objects, kept for the whole run (and shared with forked workers)
        if not use_cache:  # nothing to look up or to write: no key needs a hash
            index = Index(None, "")
            files = FileSigs({}, started)
            registries, groups = membership(root)
            todo = [(g, None) for g in [registries, *groups]]
        else:
            index = Index(cache_root(root), digest(fingerprint(), os.getcwd(), str(root)))  # the date: `holds_on`
            files = FileSigs(index.files, started)
            registries, groups = plan(root, files, index.base)
            for g in [registries, *groups]:
                hit, stale = _lookup(root, index, g, today, corpus, shown, units)
                if hit is not None:
                    results[g.name] = hit
                else:
                    todo.append((g, stale))
    stories_checked = _check_all(root, today, registries, todo, results, units, jobs) if todo else 0
    ordered = [registries, *groups]
    if not all(results[g.name].ok for g in ordered):
        return _in_memory(root, today, len(groups))
    if index.path is not None and (todo or files.seen != index.files):
        # a group whose transcript the key did not capture is not reused
        current = [g for g in ordered if sorted(results[g.name].files) == sorted(g.transcripts)]
        keys = {k for g in current for k in (g.own_key, *g.story_keys.values())}
        index.write(files.seen, {g.key: results[g.name] for g in current}, {k: units[k] for k in keys if k in units})

    out: list[Diagnostic] = []
    parts: dict[str, list[object]] = {code: [] for code in corpus}
    checked: set[str] = set()
    for g in ordered:
        result = results[g.name]
        out.extend(result.findings)
        for key in (g.own_key, *g.story_keys.values()) if g.name != REGISTRIES else ():
            out.extend(units[key].findings)
        for code in corpus:
            parts[code].append(result.parts[code])
        checked.update(result.displays)
    try:
        entry_files = {p for g in ordered for p in (*g.registries, *g.sources, *g.stories)}
        out.extend(combine(parts, KnowledgeBase(root=root).display, {}, entry_files))
    except UnknownFile as exc:
        notice(index.path or INDEX_FILE, f"a part names {exc.args[0]!r}, not an entry file")
        return _findings(root, today, False, jobs)
    groups_checked = len([g for g, _ in todo if g is not registries])
    return Outcome(out, len(checked), len(groups), groups_checked, stories_checked)


def _check_all(
    root: Path,
    today: dt.date,
    registries: Group,
    todo: list[Todo],
    results: dict[str, GroupResult],
    units: dict[str, UnitResult],
    jobs: int | None,
) -> int:
    """Check these groups against the registries, loaded once; the first here, the rest in workers.
    Returns how many story files the story-scope rules were run on."""
    shared = load_files(root, [Path(p) for p in registries.registries], [], [])
    rest = [t for t in todo if t[0] is not registries]
    done: list[tuple[Group, Checked]] = []
    if len(rest) < len(todo):
        done.append((registries, check(root, registries, today, shared)))
    if rest:
        # the first here: what the rules build from the registries (indexes, matchers), the workers inherit
        g, stale = rest[0]
        done.append((g, check(root, g, today, shared, stale)))
        rest = rest[1:]
    workers = jobs_for(jobs) if len(rest) >= PARALLEL_MIN_GROUPS else 1

    def run(chunk: list[Todo]) -> list[Checked]:
        return [check(root, g, today, shared, stale) for g, stale in chunk]

    chunks = split(rest, workers * 4) if rest else []
    for chunk, out in zip(chunks, fork_map(run, chunks, workers)):
        done.extend((g, r) for (g, _), r in zip(chunk, out))
    for g, r in done:
        results[g.name] = r.group
        units.update(r.units)
    return sum(r.stories for _, r in done)


def _in_memory(root: Path, today: dt.date, groups: int) -> Outcome:
    from . import validate

    result = validate(load_kb(root), today)
    return Outcome(result.diagnostics, result.files_checked, groups, groups)
