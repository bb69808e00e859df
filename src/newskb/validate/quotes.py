"""Q2xx — quotes: the Japanese text is in the source, verbatim, where its anchor says.

A quote is the knowledge base's promise that someone said these words in this
source. Texts are compared under `source.normalize_for_match` on both sides
(NFKC, whitespace dropped), the same normalisation the loader uses. A quote
the source no longer contains (an orphan the loader kept) is always reported;
when it is not found, the best fuzzy candidate is named with its line and score
so the editor can see whether it is a typo or a changed transcript.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from ..diagnostics import Diagnostic, Severity
from ..source import normalize_for_match
from .context import Context, Located, SourceAnalysis
from .registry import rule

#: Below this score a fuzzy candidate is not worth showing.
SUGGEST_MIN_SCORE = 60.0
#: Characters of a text shown in a message.
SHOWN_CHARS = 40


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def best_candidate(analysis: SourceAnalysis, text: str) -> tuple[str, int, float] | None:
    """The passage of the source most like `text`: (passage, line, score), or None when nothing is close."""
    best: tuple[str, int, float] | None = None
    src = analysis.text
    for n in src.body_lines:
        line = src.line(n)
        if not line:
            continue
        if len(text) <= len(line):
            al = fuzz.partial_ratio_alignment(text, line, score_cutoff=SUGGEST_MIN_SCORE)
            if al is None:
                continue
            passage, score = line[al.dest_start : al.dest_end], al.score
        else:
            passage, score = line, fuzz.ratio(text, line)
        if score >= SUGGEST_MIN_SCORE and (best is None or score > best[2]):
            best = (passage, n, score)
    return best


def _not_found(ctx: Context, loc: Located, code: str) -> Diagnostic:
    assert loc.analysis is not None
    src = loc.analysis.text
    text = loc.item.text.ja
    message = f"{loc.label} text «{shorten(text)}» is not in {ctx.kb.display(src.path)}"
    candidate = best_candidate(loc.analysis, text)
    fix = None
    if candidate is not None:
        passage, line, score = candidate
        fix = f"did you mean «{shorten(passage, 60)}» ({ctx.kb.display(src.path)}:{line}, score {score:.1f})?"
    else:
        message += " (nothing similar found; an orphan: correct it or remove the entry)"
    return ctx.at(code, loc.story, (*loc.path, "text", "ja"), message, fix)


@rule("Q201", "quote text not found verbatim in its source (with a did-you-mean candidate)", scope="story")
def quote_not_in_source(ctx: Context) -> Iterable[Diagnostic]:
    for loc in ctx.located:
        if loc.kind == "quotes" and loc.analysis is not None and not loc.found:
            yield _not_found(ctx, loc, "Q201")


@rule("Q202", "stored anchor (line, offsets, prefix, suffix) no longer points at the text", fixable=True, scope="story")
def anchor_drifted(ctx: Context) -> Iterable[Diagnostic]:
    for loc in ctx.located:
        stored, expected = loc.item.anchor, loc.expected_anchor
        if stored is None or expected is None or stored == expected:
            continue
        changed = ", ".join(
            f"{name} {getattr(stored, name)!r}→{getattr(expected, name)!r}"
            for name in ("line", "start", "end", "prefix", "suffix")
            if getattr(stored, name) != getattr(expected, name)
        )
        yield ctx.at(
            "Q202",
            loc.story,
            (*loc.path, "anchor"),
            f"{loc.label} anchor has drifted: {changed}",
            "run `newskb validate --fix` (rewrites anchors only)",
        )


@rule("Q203", "the same statement is entered twice", scope="source")
def duplicate_statement(ctx: Context) -> Iterable[Diagnostic]:
    for locs in ctx.located_by_source.values():
        for kind in ("quotes", "claims"):
            first: dict[object, Located] = {}
            for loc in locs:
                if loc.kind != kind:
                    continue
                key: object = loc.span if loc.span is not None else normalize_for_match(loc.item.text.ja)
                if key in first:
                    other = first[key]
                    line = other.story.doc.position((*other.path, "text", "ja"))[0]
                    yield ctx.at(
                        "Q203",
                        loc.story,
                        (*loc.path, "text", "ja"),
                        f"{loc.label} is the same statement as {other.label} "
                        f"({ctx.kb.display(other.story.path)}:{line})",
                        "remove one of the two",
                    )
                else:
                    first[key] = loc


@rule("Q204", "a quoted statement in the source is not covered by any entry", scope="source")
def statement_not_covered(ctx: Context) -> Iterable[Diagnostic]:
    stories_by_source: dict[str, list] = {}
    for story in ctx.kb.stories:
        stories_by_source.setdefault(story.model.source, []).append(story)
    for sid, analysis in ctx.analyses.items():
        locs = [loc for loc in ctx.located_by_source.get(sid, []) if loc.kind == "quotes"]
        spans = {loc.span for loc in locs if loc.span is not None}
        texts = {normalize_for_match(loc.item.text.ja) for loc in locs if loc.found}
        for st in analysis.statements:
            if (st.span.start, st.span.end) in spans or normalize_for_match(st.text) in texts:
                continue
            src = analysis.text
            where = f"{ctx.kb.display(src.path)}:{st.line}:{src.column_of(st.span.start)}"
            message = f"{where}: statement «{shorten(st.text)}» (speaker {st.speaker}) is in no quote entry"
            owner = next(
                (
                    s
                    for s in stories_by_source.get(sid, [])
                    if s.model.segment.first_line <= st.line <= s.model.segment.last_line
                ),
                None,
            )
            fix = "run `newskb load` to add it"
            if owner is not None:
                yield ctx.at("Q204", owner, ("quotes",) if owner.model.quotes else ("segment",), message, fix, key=True)
            else:
                yield ctx.at("Q204", analysis.entry, ("file",), message, fix)


@rule("Q205", "claim text not found verbatim in its source", scope="story")
def claim_not_in_source(ctx: Context) -> Iterable[Diagnostic]:
    for loc in ctx.located:
        if loc.kind == "claims" and loc.analysis is not None and not loc.found:
            yield _not_found(ctx, loc, "Q205")


@rule("Q206", "text found in the lines of another story of the same source", Severity.warning, scope="source")
def outside_segment(ctx: Context) -> Iterable[Diagnostic]:
    """The intro and outro preview and recap stories, so texts from there may belong to any story."""
    segments: dict[str, list[tuple[int, int, str]]] = {}
    for story in ctx.kb.stories:
        seg = story.model.segment
        segments.setdefault(story.model.source, []).append((seg.first_line, seg.last_line, story.model.id))
    for loc in ctx.located:
        if loc.span is None or loc.analysis is None:
            continue
        line = loc.analysis.text.line_of(loc.span[0])
        seg = loc.story.model.segment
        if seg.first_line <= line <= seg.last_line:
            continue
        other = next((sid for a, b, sid in segments.get(loc.story.model.source, []) if a <= line <= b), None)
        if other is not None and other != loc.story.model.id:
            yield ctx.at(
                "Q206",
                loc.story,
                (*loc.path, "text", "ja"),
                f"{loc.label} is on line {line}, in story `{other}` (this story has lines {seg.first_line}–{seg.last_line})",
                f"move it to story `{other}`",
            )


@rule("Q207", "quote or claim has no anchor", Severity.warning, fixable=True, scope="story")
def anchor_missing(ctx: Context) -> Iterable[Diagnostic]:
    for loc in ctx.located:
        if loc.item.anchor is None and loc.expected_anchor is not None:
            yield ctx.at(
                "Q207", loc.story, (*loc.path, "text"), f"{loc.label} has no anchor", "run `newskb validate --fix`"
            )
