"""S3xx — speakers: who said it is in the registry, and the source says so where it quotes them.

The source must name the speaker (by a registry name or alias) in the place
that attributes the quote — "the attribution context", which depends on how
the source attributes it (the machine-derived `attribution`, recomputed here
from the transcript rather than trusted from the entry):

- direct, dialogue, unattributed: the text before the opening bracket on the
  quote's own line (…ピチャイさんはこう言うてはったわ。「, ジム・ファンさん:「);
- continuation: the context of the quote it continues (walking back to the
  first quote of the run), since 「…」 lines after a quote keep its speaker;
- article: the story's text before the quote, where the publication is named
  (The Decoderの記事…), plus the introducing sentence;
- nested: the outer statement around the inner quote
  (サンダースさんは警告しました。『…』, …』と彼は強調しました).

A speaker the source does not name there is an error even when the editor
knows better: the knowledge base only records what its sources support. A
speaker the source does not give is written explicitly as `unknown`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process

from ..diagnostics import Diagnostic, Severity
from ..extract.quotes import Statement
from ..models import UNKNOWN, Attribution
from .context import Context, SourceAnalysis
from .registry import rule


def context_spans(analysis: SourceAnalysis, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of the source where the speaker of the text at [start, end) must be named."""
    src = analysis.text
    st = analysis.by_start.get(start)
    line = src.line_of(start)
    line_start = src.line_starts[line - 1]
    own_line = (line_start, max(line_start, start - 1))
    if st is None:
        return [own_line]
    return _statement_context(analysis, st)


def _statement_context(analysis: SourceAnalysis, st: Statement) -> list[tuple[int, int]]:
    src = analysis.text
    line_start = src.line_starts[st.line - 1]
    spans = [(line_start, max(line_start, st.span.start - 1))]
    if st.attribution == Attribution.nested and st.span.parent is not None:
        parent = st.span.parent
        spans = [
            (parent.start, max(parent.start, st.span.start - 1)),
            (st.span.end + 1, max(st.span.end + 1, parent.end)),
        ]
    elif st.attribution == Attribution.continuation:
        head = _run_head(analysis, st)
        if head is not None and head is not st:
            spans += _statement_context(analysis, head)
    elif st.attribution == Attribution.article:
        section = analysis.section_of(st.line)
        floor = src.line_starts[section.first_line - 1] if section else line_start
        spans.append((floor, max(floor, st.span.start - 1)))
    return spans


def _run_head(analysis: SourceAnalysis, st: Statement) -> Statement | None:
    """The first statement of a run of continuations: the one whose attribution names the speaker."""
    return analysis.run_heads.get(id(st))


def named_in(ctx: Context, analysis: SourceAnalysis, spans: list[tuple[int, int]]) -> set[str]:
    """Registry ids whose name or alias the source writes inside `spans`."""
    text = analysis.text.text
    ids: set[str] = set()
    for a, b in spans:
        ids |= {hit.id for hit in ctx.kb.entity_index.find(text[a:b], a)}
    return ids


@rule("S301", "speaker is neither a registry person or organisation nor `unknown`", scope="story")
def speaker_not_registered(ctx: Context) -> Iterable[Diagnostic]:
    choices: list[str] | None = None
    for loc, quote in ctx.quotes:
        if quote.speaker == UNKNOWN or quote.speaker in ctx.speakers:
            continue
        if choices is None:
            choices = sorted(ctx.speakers)
        best = process.extractOne(quote.speaker, choices, score_cutoff=70) if choices else None
        fix = (
            f"did you mean `{best[0]}`?"
            if best
            else "add the speaker to people.yaml/organizations.yaml or write `unknown`"
        )
        yield ctx.at(
            "S301",
            loc.story,
            (*loc.path, "speaker"),
            f"quote `{quote.id}`: speaker `{quote.speaker}` is not in the registry",
            fix,
        )


@rule("S302", "the source does not name the speaker where it attributes the quote", scope="story")
def speaker_not_named(ctx: Context) -> Iterable[Diagnostic]:
    for loc, quote in ctx.quotes:
        if quote.speaker == UNKNOWN or quote.speaker not in ctx.speakers or loc.span is None or loc.analysis is None:
            continue
        spans = context_spans(loc.analysis, *loc.span)
        named = named_in(ctx, loc.analysis, spans)
        if quote.speaker in named:
            continue
        st = loc.analysis.by_start.get(loc.span[0])
        how = st.attribution.value if st else "not a statement"
        line = loc.analysis.text.line_of(loc.span[0])
        said = (
            f"the source names {', '.join(f'`{n}`' for n in sorted(named))} there"
            if named
            else "the source names nobody there"
        )
        fix = f"speaker: {st.speaker}" if st and st.speaker != UNKNOWN else "speaker: unknown"
        yield ctx.at(
            "S302",
            loc.story,
            (*loc.path, "speaker"),
            f"quote `{quote.id}`: the source does not name `{quote.speaker}` where it attributes this quote "
            f"(line {line}, {how}); {said}",
            fix,
        )


@rule("S303", "speaker is `unknown` but the source names who said it", Severity.warning, scope="story")
def unknown_but_named(ctx: Context) -> Iterable[Diagnostic]:
    for loc, quote in ctx.quotes:
        if quote.speaker != UNKNOWN or loc.span is None or loc.analysis is None:
            continue
        st = loc.analysis.by_start.get(loc.span[0])
        if st is not None and st.speaker != UNKNOWN:
            yield ctx.at(
                "S303",
                loc.story,
                (*loc.path, "speaker"),
                f"quote `{quote.id}`: speaker is `unknown` but the source attributes it to `{st.speaker}` ({st.attribution.value})",
                f"speaker: {st.speaker}",
            )


@rule(
    "S304",
    "stored attribution or via differs from what the source gives (stale machine field)",
    Severity.warning,
    scope="story",
)
def attribution_stale(ctx: Context) -> Iterable[Diagnostic]:
    for loc, quote in ctx.quotes:
        if loc.span is None or loc.analysis is None:
            continue
        st = loc.analysis.by_start.get(loc.span[0])
        if st is None:
            continue
        if quote.attribution != st.attribution:
            yield ctx.at(
                "S304",
                loc.story,
                (*loc.path, "attribution") if "attribution" in quote.model_fields_set else loc.path,
                f"quote `{quote.id}`: attribution is `{quote.attribution.value}`, the source gives `{st.attribution.value}`",
                "run `newskb load`",
            )
        elif quote.via != st.via:
            yield ctx.at(
                "S304",
                loc.story,
                (*loc.path, "via") if quote.via else loc.path,
                f"quote `{quote.id}`: via is `{quote.via}`, the source gives `{st.via}`",
                "run `newskb load`",
            )
