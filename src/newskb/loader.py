"""`newskb load`: from a transcript to story entries, keeping what people wrote.

The loader recomputes machine-derived fields (segments, anchors, attributions,
quantities, mentions) from the transcript and merges them into the existing
entries. Human-written fields — English text, titles, summaries, dates, tags,
reviews, speakers once set — are never overwritten or dropped: a quote the
transcript no longer contains is kept (the validator reports it as orphaned).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .errors import InputError
from .extract.mentions import EntityIndex
from .extract.quantities import find_quantities
from .extract.quotes import Statement, attribute
from .extract.segments import Section, split_sections
from . import kb as _kb_module
from .kb import Entry, KnowledgeBase, load_kb
from .models import SLUG_RE, Anchor, Claim, Mention, Quantity, Quote, Segment, Source, StatementText, Story
from .source import SourceText, read_source
from .store import dump_yaml, schema_ref, to_data, write_all

#: Characters of context kept on each side of an anchor (W3C prefix/suffix).
CONTEXT_CHARS = 16
#: A stored quote still counts as the same quote after a correction this small.
REMATCH_SCORE = 85.0


@dataclass
class Plan:
    """What a load would write: file texts by path, and notes for the user."""

    files: dict[Path, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def make_anchor(source: SourceText, start: int, end: int) -> Anchor:
    """An anchor for [start, end), with prefix/suffix kept to the anchor's own line."""
    line = source.line_of(start)
    line_start = source.line_starts[line - 1]
    line_end = line_start + len(source.line(line))
    return Anchor(
        line=line,
        start=start,
        end=end,
        prefix=source.text[max(line_start, start - CONTEXT_CHARS) : start],
        suffix=source.text[end : min(line_end, end + CONTEXT_CHARS)],
    )


def find_text(source: SourceText, text: str, near: Anchor | None, lines: range | None) -> tuple[int, int] | None:
    """Where `text` occurs verbatim: the occurrence nearest the old anchor, else the first in `lines`."""
    hits: list[int] = []
    pos = source.text.find(text)
    while pos >= 0:
        hits.append(pos)
        pos = source.text.find(text, pos + 1)
    if not hits:
        return None
    if near is not None:
        best = min(hits, key=lambda h: (abs(h - near.start), h))
    else:
        inside = [h for h in hits if lines is None or source.line_of(h) in lines]
        best = (inside or hits)[0]
    return best, best + len(text)


def quantities_of(text: str) -> list[Quantity]:
    return [
        Quantity(as_written=q.as_written, value=q.value, high=q.high, unit=q.unit, approximate=q.approximate)
        for q in find_quantities(text)
    ]


def mentions_in(source: SourceText, index: EntityIndex, section: Section) -> list[Mention]:
    lines_by_id: dict[tuple[str, str], set[int]] = {}
    for n in section.lines:
        for hit in index.find(source.line(n)):
            lines_by_id.setdefault((hit.kind, hit.id), set()).add(n)
    return [Mention(id=i, kind=k, lines=sorted(ls)) for (k, i), ls in sorted(lines_by_id.items(), key=lambda x: x[0][1])]


def quote_id(statement: Statement, taken: set[str]) -> str:
    base = f"{statement.speaker}-l{statement.line}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def merge_quotes(
    source: SourceText, existing: list[Quote], statements: list[Statement], notes: list[str], label: str
) -> list[Quote]:
    """Found statements matched to stored quotes; machine fields refreshed, human fields kept."""
    unmatched = list(existing)
    taken = {q.id for q in existing}
    merged: list[tuple[int, Quote]] = []
    for st in statements:
        match = next((q for q in unmatched if q.text.ja == st.text), None)
        if match is None:
            scored = [
                (fuzz.ratio(q.text.ja, st.text), q)
                for q in unmatched
                if q.anchor is None or abs(q.anchor.line - st.line) <= 1
            ]
            scored = [s for s in scored if s[0] >= REMATCH_SCORE]
            if scored:
                match = max(scored, key=lambda s: s[0])[1]
                notes.append(f"{label}: quote {match.id} re-anchored to changed text on line {st.line}")
        anchor = make_anchor(source, st.span.start, st.span.end)
        if match is not None:
            unmatched.remove(match)
            quote = match.model_copy(
                update={
                    "attribution": st.attribution,
                    "via": st.via,
                    "anchor": anchor,
                    "text": match.text.model_copy(update={"ja": st.text}),
                }
            )
        else:
            quote = Quote(
                id=quote_id(st, taken),
                speaker=st.speaker,
                attribution=st.attribution,
                via=st.via,
                text=StatementText(ja=st.text),
                anchor=anchor,
            )
        merged.append((st.span.start, quote))
    for orphan in unmatched:
        notes.append(f"{label}: quote {orphan.id} is no longer in the transcript; kept as it was")
    ordered = [q for _, q in sorted(merged, key=lambda x: x[0])]
    return ordered + unmatched


def refresh_claim(source: SourceText, claim: Claim, lines: range, notes: list[str], label: str) -> Claim:
    found = find_text(source, claim.text.ja, claim.anchor, lines)
    if found is None:
        notes.append(f"{label}: claim {claim.id} text is no longer in the transcript; anchor left as it was")
        return claim.model_copy(update={"quantities": quantities_of(claim.text.ja)})
    return claim.model_copy(
        update={"anchor": make_anchor(source, *found), "quantities": quantities_of(claim.text.ja)}
    )


def story_path(root: Path, story: Story) -> Path:
    prefix = story.date.isoformat() if story.date else "undated"
    return root / "stories" / f"{prefix}-{story.id}.yaml"


def render_entry(root: Path, path: Path, kind: str, model: object) -> str:
    return dump_yaml(to_data(model), schema_ref(path, kind, root))


def source_entry(kb: KnowledgeBase, source: SourceText) -> tuple[Path, Source]:
    existing = kb.sources.get(source.id)
    file = os.path.relpath(source.path.resolve(), kb.root.resolve().parent).replace(os.sep, "/")
    machine = {
        "sha256": source.sha256,
        "body_length": source.body_length,
        "lines": len(source.lines),
        "declared_length": source.declared_length,
    }
    if existing is not None:
        model = existing.model.model_copy(update={"file": file, **machine})
        title = model.title.model_copy(update={"ja": source.title})
        return existing.path, model.model_copy(update={"title": title})
    kind = "note.com article" if source.has_footer else "transcript"
    model = Source(id=source.id, file=file, kind=kind, title=StatementText(ja=source.title), **machine)
    return kb.root / "sources" / f"{source.id}.yaml", model


_KB_CACHE: dict[Path, tuple[object, KnowledgeBase]] = {}


def _entries_signature(root: Path) -> object:
    """Every entry file with its inode, size and mtime: equal signatures mean nothing was rewritten."""
    out = []
    for path in [*root.glob("*.yaml"), *(root / "sources").glob("*.yaml"), *(root / "stories").glob("*.yaml")]:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    return sorted(out)


def _load_once(root: Path) -> KnowledgeBase:
    """The knowledge base under `root`, read once for all the seeds of one `newskb load` (re-read if a file changed)."""
    if load_kb is not _kb_module.load_kb:  # patched (benchmarks/corpus.py hands in its own): no caching
        return load_kb(root, strict=True)
    key = root.resolve()
    sig = _entries_signature(root) if root.is_dir() else None
    hit = _KB_CACHE.get(key)
    if hit is not None and sig is not None and hit[0] == sig:
        return hit[1]
    kb = load_kb(root, strict=True)
    _KB_CACHE.clear()
    _KB_CACHE[key] = (sig, kb)
    return kb


def plan_load(seed: str | Path, root: str | Path = "entries") -> Plan:
    """Everything a load would write, without writing anything."""
    root = Path(root)
    source = read_source(seed, inside=root.resolve().parent)  # never a file outside the repository
    if not source.title:
        raise InputError(seed, "line 1 (the title) is empty", line=1)
    if not SLUG_RE.fullmatch(source.id) or len(source.id) > 120:
        raise InputError(seed, f"file name {source.id!r} is not a valid source id (lowercase letters, digits, - _ .)")
    kb = _load_once(root)
    plan = Plan()
    src_path, src_model = source_entry(kb, source)
    plan.files[src_path] = render_entry(root, src_path, "source", src_model)
    if source.declared_length is not None and source.declared_length != source.body_length:
        plan.notes.append(
            f"{seed}:2: header declares {source.declared_length} characters; the narration has {source.body_length}"
        )
    sections = split_sections(source)
    statements, problems = attribute(source, sections, kb.entity_index, kb.publications)
    for p in problems:
        plan.notes.append(f"{seed}:{p.line}:{p.column}: unbalanced {p.char}")
    existing: dict[int, Entry[Story]] = {e.model.segment.index: e for e in kb.stories if e.model.source == source.id}
    for section in (s for s in sections if s.kind == "story"):
        in_section = [st for st in statements if st.line in section.lines]
        entry = existing.pop(section.index, None)
        segment = Segment(index=section.index, first_line=section.first_line, last_line=section.last_line)
        if entry is None:
            story = Story(id=f"{source.id}-{section.index}", source=source.id, segment=segment)
            path = story_path(root, story)
        else:
            story, path = entry.model, entry.path
        label = str(path)
        story = story.model_copy(
            update={
                "segment": segment,
                "mentions": mentions_in(source, kb.entity_index, section),
                "quotes": merge_quotes(source, story.quotes, in_section, plan.notes, label),
                "claims": [refresh_claim(source, c, section.lines, plan.notes, label) for c in story.claims],
            }
        )
        Story.model_validate(story.model_dump())  # fail here, not on the next read
        plan.files[path] = render_entry(root, path, "story", story)
    if not any(s.kind == "story" for s in sections):
        plan.notes.append(f"{seed}: no story found (only a title?); the source is written without stories")
    for leftover in existing.values():
        plan.notes.append(f"{leftover.path}: segment {leftover.model.segment.index} no longer found; kept as it was")
    return plan


def diff(plan: Plan) -> list[str]:
    """Unified diffs of every planned file that differs from what is on disk."""
    out: list[str] = []
    for path, text in sorted(plan.files.items()):
        try:
            # bytes, not read_text(): universal newlines would hide a CRLF file that `load` rewrites
            old = path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            old = ""
        if old != text:
            out.append(
                "".join(
                    difflib.unified_diff(
                        old.splitlines(keepends=True), text.splitlines(keepends=True), str(path), str(path), n=1
                    )
                )
            )
    return out


def apply(plan: Plan) -> list[Path]:
    """Write the planned files (each atomically); returns the paths that changed."""
    return write_all(plan.files)
