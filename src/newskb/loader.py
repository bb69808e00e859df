"""`newskb load`: from a transcript to story entries, keeping what people wrote.

The loader recomputes machine-derived fields (segments, anchors, attributions,
quantities, mentions, speakers it set itself) from the transcript and merges
them into the existing entries. Human-written fields — English text, titles,
summaries, dates, tags, reviews, speakers an editor set — are never
overwritten or dropped: a quote the transcript no longer contains is kept
(the validator reports it as orphaned). Stored stories are matched to the
transcript's sections by their content, never by position, and a speaker no
registry has is proposed as a registry entry (proposals.py). The rules, for
editors: docs/loader.md.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from . import kb as _kb_module
from . import proposals
from .errors import InputError
from .extract.anchors import find_text, make_anchor
from .extract.mentions import EntityIndex
from .extract.quantities import find_quantities
from .extract.quotes import Statement, attribute
from .extract.segments import Section, split
from .kb import Entry, KnowledgeBase, load_kb
from .models import (
    entity_names,
    SLUG_RE,
    UNKNOWN,
    Claim,
    Mention,
    Quantity,
    Quote,
    Segment,
    Source,
    SpeakerSetBy,
    StatementText,
    Story,
)
from .source import SourceText, read_source
from .store import dump_yaml, schema_ref, to_data, write_all

#: A stored quote still counts as the same quote after a correction this small.
REMATCH_SCORE = 85.0


@dataclass
class Plan:
    """What a load would write: file texts by path, and notes for the user."""

    files: dict[Path, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    summary: Summary = field(default_factory=lambda: Summary())
    proposals: list[proposals.Proposal] = field(default_factory=list)


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
    return [
        Mention(id=i, kind=k, lines=sorted(ls)) for (k, i), ls in sorted(lines_by_id.items(), key=lambda x: x[0][1])
    ]


def quote_id(statement: Statement, taken: set[str], speaker: str | None = None) -> str:
    base = f"{speaker or statement.speaker}-l{statement.line}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def is_machine_id(quote: Quote) -> bool:
    """Whether a quote's id is still the one the loader made from its speaker and line (`unknown-l54-2`)."""
    return bool(re.fullmatch(re.escape(quote.speaker) + r"-l\d+(?:-\d+)?", quote.id))


@dataclass
class QuoteMerge:
    """The quote-merge of one load: stored quotes matched to found statements, in linear time.

    Stored quotes are indexed by text and by anchor line, so each statement
    finds its match in constant time (a scan of the unmatched quotes per
    statement made a load quadratic in the quotes of a line, issue #13).
    """

    source: SourceText
    notes: list[str]
    referenced: Callable[[str], bool] = lambda _id: True
    renamed: dict[str, str] = field(default_factory=dict)

    def refresh(self, match: Quote, st: Statement, taken: set[str], label: str) -> Quote:
        anchor = make_anchor(self.source, st.span.start, st.span.end)
        update: dict[str, object] = {
            "attribution": st.attribution,
            "via": st.via,
            "anchor": anchor,
            "text": match.text.model_copy(update={"ja": st.text}),
        }
        speaker = match.speaker
        if match.speaker_set_by == SpeakerSetBy.loader and st.speaker != match.speaker:
            speaker = st.speaker
            update["speaker"] = speaker
            self.notes.append(f"{label}: quote {match.id}: speaker re-derived, {match.speaker} -> {speaker}")
            if is_machine_id(match) and not self.referenced(match.id):
                taken.discard(match.id)
                new_id = quote_id(st, taken, speaker)
                if new_id != match.id:
                    update["id"] = new_id
                    self.renamed[match.id] = new_id
        update["speaker_name"] = st.name if speaker == UNKNOWN and st.name else None
        return match.model_copy(update=update)

    def new(self, st: Statement, taken: set[str]) -> Quote:
        return Quote(
            id=quote_id(st, taken),
            speaker=st.speaker,
            speaker_set_by=SpeakerSetBy.loader,
            speaker_name=st.name if st.speaker == UNKNOWN and st.name else None,
            attribution=st.attribution,
            via=st.via,
            text=StatementText(ja=st.text),
            anchor=make_anchor(self.source, st.span.start, st.span.end),
        )

    def merge(self, stories: list[tuple[str, list[Quote], list[Statement]]]) -> list[list[Quote]]:
        """For each (label, stored quotes, statements found in its lines): its merged quotes.

        A statement matches, in this order: a stored quote of its own story with
        the same text; one of another story of the same source (the transcript
        moved it); a stored quote of its own story with nearly the same text on
        the same line or next to it (a corrected transcript). Unmatched stored
        quotes are kept last, as they were.
        """
        matched: list[dict[int, Quote]] = [{} for _ in stories]
        free: list[dict[int, Quote]] = []
        by_text: dict[str, dict[int, deque[int]]] = {}
        for k, (_label, quotes, _sts) in enumerate(stories):
            free.append(dict(enumerate(quotes)))
            for i, q in enumerate(quotes):
                by_text.setdefault(q.text.ja, {}).setdefault(k, deque()).append(i)
        pending: list[list[int]] = [[] for _ in stories]

        def take(k: int, text: str) -> Quote | None:
            slots = by_text.get(text, {}).get(k)
            while slots:
                i = slots.popleft()
                if i in free[k]:
                    return free[k].pop(i)
            return None

        for k, (_label, _quotes, sts) in enumerate(stories):
            for j, st in enumerate(sts):
                q = take(k, st.text)
                if q is None:
                    pending[k].append(j)
                else:
                    matched[k][j] = q
        for k, (label, _quotes, sts) in enumerate(stories):
            still: list[int] = []
            for j in pending[k]:
                st = sts[j]
                q = next((q for other in by_text.get(st.text, {}) if other != k if (q := take(other, st.text))), None)
                if q is None:
                    still.append(j)
                else:
                    matched[k][j] = q
                    self.notes.append(f"{label}: quote {q.id} moved here with its text (line {st.line})")
            pending[k] = still
        out: list[list[Quote]] = []
        for k, (label, quotes, sts) in enumerate(stories):
            by_line: dict[int | None, list[int]] = {}
            for i, q in free[k].items():
                by_line.setdefault(q.anchor.line if q.anchor else None, []).append(i)
            for j in pending[k]:
                st = sts[j]
                near = [
                    i for ln in (st.line - 1, st.line, st.line + 1, None) for i in by_line.get(ln, []) if i in free[k]
                ]
                scored = [(fuzz.ratio(free[k][i].text.ja, st.text), -i, i) for i in near]
                scored = [x for x in scored if x[0] >= REMATCH_SCORE]
                if scored:
                    i = max(scored)[2]
                    matched[k][j] = free[k].pop(i)
                    self.notes.append(
                        f"{label}: quote {matched[k][j].id} re-anchored to changed text on line {st.line}"
                    )
            taken = {q.id for qs in (quotes,) for q in qs}
            merged: list[tuple[int, Quote]] = []
            for j, st in enumerate(sts):
                q = matched[k].get(j)
                merged.append(
                    (st.span.start, self.refresh(q, st, taken, label) if q is not None else self.new(st, taken))
                )
            orphans = [free[k][i] for i in sorted(free[k])]
            for orphan in orphans:
                self.notes.append(f"{label}: quote {orphan.id} is no longer in the transcript; kept as it was")
            out.append([q for _, q in sorted(merged, key=lambda x: x[0])] + orphans)
        return out


def merge_quotes(
    source: SourceText, existing: list[Quote], statements: list[Statement], notes: list[str], label: str
) -> list[Quote]:
    """Found statements matched to one story's stored quotes; machine fields refreshed, human fields kept."""
    return QuoteMerge(source, notes).merge([(label, existing, statements)])[0]


def refresh_claim(source: SourceText, claim: Claim, lines: range, notes: list[str], label: str) -> Claim:
    found = find_text(source, claim.text.ja, claim.anchor, lines)
    if found is None:
        notes.append(f"{label}: claim {claim.id} text is no longer in the transcript; anchor left as it was")
        return claim.model_copy(update={"quantities": quantities_of(claim.text.ja)})
    return claim.model_copy(update={"anchor": make_anchor(source, *found), "quantities": quantities_of(claim.text.ja)})


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


def comment_lines(text: str) -> list[int]:
    """1-based lines holding a YAML comment a person wrote (the schema header the loader writes excepted).

    A `#` counts only outside scalars: PyYAML's scanner gives every scalar's
    extent, so `# ` inside a quoted or plain value is not mistaken for one.
    """
    offset = text.find("\n") + 1 if text.startswith("# yaml-language-server:") else 0
    if "#" not in text[offset:]:
        return []
    covered: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text):
            if isinstance(token, yaml.ScalarToken):
                covered.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return []
    found: list[int] = []
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    pos = text.find("#", offset)
    covered.sort()
    while pos >= 0:
        i = bisect.bisect_right(covered, (pos, float("inf"))) - 1
        inside = i >= 0 and covered[i][0] <= pos < covered[i][1]
        if not inside and (pos == 0 or text[pos - 1] in " \t\n"):
            found.append(bisect.bisect_right(starts, pos))
        pos = text.find("#", pos + 1)
    return sorted(set(found))


@dataclass
class Summary:
    """What one load did, for the line `load` ends with."""

    stories: int = 0
    new_stories: int = 0
    quotes: int = 0
    attributed: int = 0
    unknown: int = 0
    named_unknown: int = 0
    proposed: dict[str, list[str]] = field(default_factory=lambda: {"person": [], "organization": []})

    def line(self, seed: str) -> str:
        people = ", ".join(self.proposed["person"]) or "none"
        orgs = ", ".join(self.proposed["organization"]) or "none"
        return (
            f"{seed}: {self.stories} stories written ({self.new_stories} new), {self.quotes} quotes: "
            f"{self.attributed} attributed, {self.unknown} unknown ({self.named_unknown} naming someone no "
            f"registry confirms); proposed people: {people}; proposed organisations: {orgs}"
        )


def story_score(story: Story, texts: set[str], lines_text: str, mentioned: set[str]) -> tuple[int, float]:
    """How well a stored story matches a section: shared quotes and claims first, shared names second."""
    content = sum(3 for q in story.quotes if q.text.ja in texts)
    content += sum(2 for c in story.claims if c.text.ja and c.text.ja in lines_text)
    old = {m.id for m in story.mentions}
    overlap = len(old & mentioned) / len(old | mentioned) if old | mentioned else 0.0
    return content, overlap


def match_stories(
    stored: list[Entry[Story]],
    sections: list[Section],
    found: list[list[Statement]],
    source: SourceText,
    mentioned: list[set[str]],
) -> dict[int, Entry[Story]]:
    """Section position -> the stored story it continues, matched by content, never by index.

    A story with quotes or claims matches only a section that still holds some
    of them; one without matches by the names it mentions. Pairs are taken
    best first; what is left unmatched is new (sections) or gone (stories).
    """
    pairs: list[tuple[tuple[int, float, int], int, int]] = []
    texts = [{st.text for st in found[k]} for k in range(len(sections))]
    lines_texts = ["\n".join(source.line(n) for n in section.lines) for section in sections]
    for si, entry in enumerate(stored):
        story = entry.model
        has_content = bool(story.quotes or story.claims)
        for k, section in enumerate(sections):
            content, overlap = story_score(story, texts[k], lines_texts[k], mentioned[k])
            if content == 0 and (has_content or overlap == 0):
                continue
            pairs.append(((content, overlap, -abs(story.segment.index - section.index)), si, k))
    pairs.sort(key=lambda p: (p[0], -p[1], -p[2]), reverse=True)
    out: dict[int, Entry[Story]] = {}
    used: set[int] = set()
    for _score, si, k in pairs:
        if k in out or si in used:
            continue
        out[k] = stored[si]
        used.add(si)
    return out


def _reference_counter(root: Path) -> Callable[[str], bool]:
    """Whether an id is written anywhere in the entries besides its own `id:` line."""
    counts: dict[str, int] | None = None

    def referenced(item_id: str) -> bool:
        nonlocal counts
        if counts is None:
            counts = {}
            for path in sorted(root.rglob("*.yaml")):
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                for token in re.findall(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", text):
                    counts[token] = counts.get(token, 0) + 1
        return counts.get(item_id, 0) > 1

    return referenced


def _registry_texts(root: Path) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for kind, (name, _key) in proposals.FILES.items():
        try:
            out[kind] = (root / name).read_bytes().decode("utf-8")
        except FileNotFoundError:
            out[kind] = None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(root / name, f"cannot read: {exc}") from None
    return out


def plan_load(
    seed: str | Path, root: str | Path = "entries", explain: list[str] | None = None, earlier: Sequence[Plan] = ()
) -> Plan:
    """Everything a load would write, without writing anything (with `explain`, why each split was made).

    `earlier`: the plans of the seeds before this one in the same `load`, not
    written yet; a proposal is appended after theirs (not over them) and not
    proposed twice.
    """
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
    _refuse_losing_comments(src_path, plan.files[src_path])
    if source.declared_length is not None and source.declared_length != source.body_length:
        plan.notes.append(
            f"{seed}:2: header declares {source.declared_length} characters; the narration has {source.body_length}"
        )
    cut = split(source, kb.entity_index)
    sections = cut.sections
    for warning in cut.warnings:
        plan.notes.append(f"{seed}: warning: {warning}")
    if explain is not None:
        for s in sections:
            label = f"story {s.index}" if s.kind == "story" else s.kind
            explain.append(f"{seed}:{s.first_line}: {label} (lines {s.first_line}-{s.last_line}): {s.cue}")
        for line, why in cut.ignored:
            explain.append(f"{seed}:{line}: {why}")
        explain.sort(key=lambda x: int(x.split(":")[1]))
    statements, problems = attribute(source, sections, kb.entity_index, kb.publications)
    for p in problems:
        plan.notes.append(f"{seed}:{p.line}:{p.column}: unbalanced {p.char}")
    story_sections = [s for s in sections if s.kind == "story"]
    found: list[list[Statement]] = [[] for _ in story_sections]
    position = {n: k for k, sec in enumerate(story_sections) for n in sec.lines}
    for st in statements:
        if st.line in position:
            found[position[st.line]].append(st)
    mentions = [mentions_in(source, kb.entity_index, sec) for sec in story_sections]
    stored = [e for e in kb.stories if e.model.source == source.id]
    matched = match_stories(stored, story_sections, found, source, [{m.id for m in ms} for ms in mentions])
    story_ids = {e.model.id for e in kb.stories}
    merge = QuoteMerge(source, plan.notes, _reference_counter(root))
    work: list[tuple[Section, Story, Path, bool]] = []
    for k, section in enumerate(story_sections):
        entry = matched.get(k)
        if entry is None:
            n = section.index
            while f"{source.id}-{n}" in story_ids:
                n += 1
            story_ids.add(f"{source.id}-{n}")
            segment = Segment(index=section.index, first_line=section.first_line, last_line=section.last_line)
            story = Story(id=f"{source.id}-{n}", source=source.id, segment=segment)
            work.append((section, story, story_path(root, story), True))
        else:
            work.append((section, entry.model, entry.path, False))
    merged = merge.merge([(str(path), story.quotes, found[k]) for k, (_s, story, path, _n) in enumerate(work)])
    plan.summary.stories = len(work)
    for k, (section, story, path, is_new) in enumerate(work):
        label = str(path)
        segment = Segment(index=section.index, first_line=section.first_line, last_line=section.last_line)
        story = story.model_copy(
            update={
                "segment": segment,
                "mentions": mentions[k],
                "quotes": merged[k],
                "claims": [refresh_claim(source, c, section.lines, plan.notes, label) for c in story.claims],
            }
        )
        Story.model_validate(story.model_dump())  # fail here, not on the next read
        text = render_entry(root, path, "story", story)
        if not is_new:
            _refuse_losing_comments(path, text)
        plan.files[path] = text
        plan.summary.new_stories += is_new
    for entry in stored:
        if entry not in matched.values():
            plan.notes.append(
                f"{entry.path}: story {entry.model.id}: none of its quotes or claims (or names, for a skeleton) is in "
                "the transcript any more; kept as it was, not re-used (delete the file, or correct its texts)"
            )
    if not any(s.kind == "story" for s in sections):
        plan.notes.append(f"{seed}: no story found (only a title?); the source is written without stories")
    _propose(plan, root, kb, source, [q for qs in merged for q in qs], statements, list(earlier))
    return plan


def _refuse_losing_comments(path: Path, text: str) -> None:
    try:
        old = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return
    if old == text:
        return
    lines = comment_lines(old)
    if lines:
        raise InputError(
            path,
            f"has comments a person wrote (line {', '.join(map(str, lines[:5]))}) that rewriting it would lose; "
            "move them into a `note:` field or delete them, then load again",
            line=lines[0],
        )


def _propose(
    plan: Plan,
    root: Path,
    kb: KnowledgeBase,
    source: SourceText,
    quotes: list[Quote],
    statements: list[Statement],
    earlier: list[Plan],
) -> None:
    """Count the quotes for the summary and append a proposal for every unregistered speaker they name."""
    in_transcript = {(st.span.start, st.text) for st in statements}
    for q in quotes:
        if q.anchor is None or (q.anchor.start, q.text.ja) not in in_transcript:
            continue
        plan.summary.quotes += 1
        if q.speaker == UNKNOWN:
            plan.summary.unknown += 1
            plan.summary.named_unknown += q.speaker_name is not None
        else:
            plan.summary.attributed += 1
    known = {("person", a) for p in kb.people.values() for a in entity_names(p)}
    known |= {("organization", a) for o in kb.organizations.values() for a in entity_names(o)}
    known |= {(k, a) for k, a in known for k in ("person", "organization")}  # a name held as either kind
    taken: dict[str, str] = {}
    for table, what in ((kb.people, "a person"), (kb.organizations, "an organisation"), (kb.products, "a product")):
        for item in table.values():
            taken[item.id] = f"{what} ({item.name.ja} / {item.name.en})"
    for before in earlier:
        for p in before.proposals:
            taken[p.id] = f"proposed for {p.name} (by an earlier transcript of this load)"
            known |= {(k, a) for a in (p.name, *p.aliases) for k in ("person", "organization")}
    kind_of = {st.span.start: st.name_kind or "person" for st in statements if st.name}
    wanted = [
        (kind_of.get(q.anchor.start, "person"), q.speaker_name, q.anchor.line)
        for q in quotes
        if q.speaker == UNKNOWN and q.speaker_name and q.anchor is not None
    ]
    short_forms: dict[tuple[str, str], set[str]] = {}
    for st in statements:
        if st.name and st.written:
            short_forms.setdefault((st.name_kind or "person", st.name), set()).add(st.written)
    new = proposals.plan(wanted, taken, known, short_forms)
    if not new:
        return
    texts = _registry_texts(root)
    for before in earlier:  # the registry as the seeds before this one leave it
        for kind, (name, _key) in proposals.FILES.items():
            texts[kind] = before.files.get(root / name, texts[kind])
    plan.proposals = new
    for kind, (name, key) in proposals.FILES.items():
        mine = [p for p in new if p.kind == kind]
        if not mine:
            continue
        path = root / name
        plan.files[path] = proposals.appended(path, key, texts[kind], mine)
        for p in mine:
            plan.summary.proposed[kind].append(f"{p.name} ({p.id})")
            plan.notes.append(
                f"{path}: proposed {kind} `{p.id}` for {p.name} ({source.id}.txt line {p.line}); check it and "
                "delete `proposed: true` to attribute its quotes"
            )
            if p.note:
                plan.notes.append(f"{path}: {p.note}")


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
