"""S305–S307 — who said it, for claims as for quotes, and for people no registry has yet.

A claim's `by` is checked against the source the way a quote's speaker is
(speakers.py): the text of a claim sits either in the narration, whose author
is the narrator, or inside a quoted statement, whose speaker the source gives
(a person, or the publication of a quoted article). A different `by` must be
named in the claim's own sentence (人工分析によると…, サンダースさんの主張によると…):
the knowledge base records what its sources support. A quote and the claims
made on its text must agree on the speaker.

S305 is the loader's other half: a quote whose speaker is `unknown` while the
narration names someone no registry holds yet (the quote's `speaker_name`,
recomputed here from the transcript), with the proposal to confirm.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic, Severity
from ..extract.quotes import Statement
from ..models import NARRATOR, UNKNOWN, Quote
from .context import Context, Located, SourceAnalysis
from .registry import rule


def _innermost(analysis: SourceAnalysis, start: int, end: int) -> Statement | None:
    """The innermost statement whose text contains [start, end)."""
    best: Statement | None = None
    line = analysis.text.line_of(start)
    for st in analysis.statements_on(line):
        if st.span.start <= start and end <= st.span.end and (best is None or st.span.start >= best.span.start):
            best = st
    return best


def _sentence(analysis: SourceAnalysis, start: int, end: int, floor: int, ceiling: int) -> tuple[int, int]:
    """The sentence around [start, end), within [floor, ceiling)."""
    text = analysis.text.text
    a = text.rfind("。", floor, start)
    b = text.find("。", end, ceiling)
    return (floor if a < 0 else a + 1), (ceiling if b < 0 else b)


def _named(ctx: Context, analysis: SourceAnalysis, a: int, b: int) -> set[str]:
    return {h.id for h in ctx.kb.entity_index.find(analysis.text.text[a:b], a)}


def source_author(ctx: Context, loc: Located) -> tuple[str, str, set[str]] | None:
    """(who the source gives for the claim's text, where it sits, ids its sentence names), or None if unknown."""
    if loc.analysis is None or loc.span is None:
        return None
    analysis, (start, end) = loc.analysis, loc.span
    src = analysis.text
    st = _innermost(analysis, start, end)
    if st is None:
        line = src.line_of(start)
        floor = src.line_starts[line - 1]
        a, _ = _sentence(analysis, start, end, floor, floor + len(src.line(line)))
        return NARRATOR, "the narration", _named(ctx, analysis, a, start)
    a, _ = _sentence(analysis, start, end, st.span.start, st.span.end)
    named = _named(ctx, analysis, a, start)
    if st.speaker == UNKNOWN:
        return None
    return st.speaker, f"a statement by `{st.speaker}` ({st.attribution.value}, line {st.line})", named


@rule(
    "S305", "speaker is `unknown` but the source names someone no registry holds yet", Severity.warning, scope="story"
)
def unknown_names_unregistered(ctx: Context) -> Iterable[Diagnostic]:
    proposals: set[tuple[str, str, str]] | None = None  # read when first needed: a walk over every registry item
    for loc, quote in ctx.quotes:
        if quote.speaker != UNKNOWN or loc.span is None or loc.analysis is None:
            continue
        st = loc.analysis.by_start.get(loc.span[0])
        if st is None or st.name is None or st.speaker != UNKNOWN:
            continue
        if proposals is None:
            proposals = {
                (alias, item.id, kind)
                for kind, table in (("people.yaml", ctx.kb.people), ("organizations.yaml", ctx.kb.organizations))
                for item in table.values()
                if item.proposed
                for alias in item.aliases
            }
        waiting = [(pid, file) for alias, pid, file in proposals if alias == st.name]
        if waiting:
            pid, file = min(waiting)
            fix = f"confirm `{pid}` in {file} (check it, delete `proposed: true`), then `newskb load`"
        else:
            where = "people.yaml" if st.name_kind == "person" else "organizations.yaml"
            fix = f"run `newskb load` to propose an entry, or add {st.name} as an alias in {where}"
        yield ctx.at(
            "S305",
            loc.story,
            (*loc.path, "speaker"),
            f"quote `{quote.id}`: speaker is `unknown` but the source names {st.name} ({st.attribution.value}, "
            f"line {st.line}), who is in no registry" + (" yet (proposed, not confirmed)" if waiting else ""),
            fix,
        )


def _quotes_holding(story_quotes: list[tuple[Located, Quote]], loc: Located) -> list[Quote]:
    if loc.span is None:
        return []
    a, b = loc.span
    return [q for qloc, q in story_quotes if qloc.span is not None and qloc.span[0] <= a and b <= qloc.span[1]]


@rule(
    "S306",
    "a claim made on a quote's text names another speaker than the quote (and its sentence does not name it)",
    scope="story",
)
def claim_disagrees_with_quote(ctx: Context) -> Iterable[Diagnostic]:
    by_story: dict[int, list[tuple[Located, Quote]]] = {}
    for loc, quote in ctx.quotes:
        by_story.setdefault(id(loc.story), []).append((loc, quote))
    for loc, claim in ctx.claims:
        holding = _quotes_holding(by_story.get(id(loc.story), []), loc)
        if not holding:
            continue
        quote = min(holding, key=lambda q: (q.anchor.end - q.anchor.start) if q.anchor else 0)
        if claim.by != quote.speaker and loc.analysis is not None and loc.span is not None:
            qspan = next(ql.span for ql, q in by_story[id(loc.story)] if q is quote)
            assert qspan is not None
            a, _b = _sentence(loc.analysis, *loc.span, *qspan)
            if claim.by in _named(ctx, loc.analysis, a, loc.span[0]):
                continue  # 鈴木さんによると、…: the quote reports what the claim's author says
            yield ctx.at(
                "S306",
                loc.story,
                (*loc.path, "by"),
                f"claim `{claim.id}` is by `{claim.by}` but it is made on the text of quote `{quote.id}`, "
                f"whose speaker is `{quote.speaker}`: the two must agree",
                f"by: {quote.speaker}"
                if quote.speaker != UNKNOWN
                else f"by: unknown, or set quote `{quote.id}`'s speaker",
            )


@rule("S307", "a claim's `by` is not who the source gives for its text", scope="story")
def claim_author_not_in_source(ctx: Context) -> Iterable[Diagnostic]:
    for loc, claim in ctx.claims:
        found = source_author(ctx, loc)
        if found is None:
            continue
        author, where, named = found
        if claim.by in (author, UNKNOWN) or claim.by in named:
            continue
        line = loc.analysis.text.line_of(loc.span[0]) if loc.analysis and loc.span else 0
        yield ctx.at(
            "S307",
            loc.story,
            (*loc.path, "by"),
            f"claim `{claim.id}` is by `{claim.by}`, but its text (line {line}) is {where}"
            + (f", and its sentence does not name `{claim.by}`" if claim.by != NARRATOR else ""),
            f"by: {author}",
        )
