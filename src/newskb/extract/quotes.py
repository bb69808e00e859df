"""Quoted statements and who said them.

A transcript marks quotations with 「…」 and quotations inside them with 『…』;
the same brackets also mark terms and titles (「GPT-3の瞬間」, 『開ける』,
『ハンガー・ゲーム』). A span is a *statement* when it stands as a sentence of
its own: it closes a sentence (nothing, 。 or a speech verb such as
…』と彼は強調しました follows it) and either opens one (it starts a line,
follows an attribution such as …こう言うてはったわ。 or ジム・ファンさん:, or
follows the end of a sentence) or is sentence-sized. Anything else is a *term*
(「GPT-3の瞬間」が…, 『開ける』って言葉…).

Attribution follows the narration's own forms, in this order:
dialogue (`名前さん:「…」`), continuation (a line that is nothing but a quote,
right after a quote line, keeps that speaker), an article quoted as a whole
(記事にはこう書いてあるで。「…」, attributed to the publication the story
names), a direct attribution (the person named before a speech verb), and
statements nested inside another quote (the person the outer text names).
When none applies the speaker is recorded as unknown — never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import UNKNOWN, Attribution
from ..source import SourceText
from .mentions import EntityIndex, Hit
from .segments import Section

OPEN_TO_CLOSE = {"「": "」", "『": "』"}

#: Text right before a quote that says "it is written": with ARTICLE_WORD, the speaker is the publication.
ARTICLE_CUE = re.compile(r"(書いて|書かれて|伝えて|報じて)[^。「」『』]*[。:：]\s*$")
ARTICLE_WORD = re.compile(r"記事|レポート|報道|論文|ブログ")
#: Text right before a quote that reports speech: the speaker is the person just named.
SPEECH_CUE = re.compile(
    r"(言う|言っ|言い|言わ|言うて|話し|話して|述べ|語っ|警告|主張|強調|批判|発言|投稿|ツイート)[^。「」『』]*[。:：]\s*$"
)
#: Dialogue form: the line opens with a name and a colon.
DIALOGUE = re.compile(r"^\s*(?P<name>[^「」『』。、:：]{1,40}?)\s*[:：]\s*$")
#: Text right after a quote that reports speech (…』と彼は強調しました).
SPEECH_AFTER = re.compile(
    r"^\s*(と|って)(彼|彼女|[^。]{0,12}さん|[^。]{0,12}氏)?は?(言っ|言う|言い|言わ|述べ|強調|警告|語っ|話し|説明|主張|付け加え)"
)
#: A span this long or containing sentence punctuation is a statement even mid-sentence.
STATEMENT_MIN_CHARS = 20


@dataclass
class Span:
    """One bracketed span: offsets are of the inner text, in the whole source."""

    open: str
    start: int
    end: int
    line: int
    depth: int
    parent: "Span | None" = None
    statement: bool = False


@dataclass
class Statement:
    """A quoted statement with its speaker as the source gives it."""

    span: Span
    text: str
    speaker: str = UNKNOWN
    attribution: Attribution = Attribution.unattributed
    via: str | None = None
    evidence: list[Hit] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.span.line


@dataclass
class Unbalanced:
    line: int
    column: int
    char: str


def find_spans(source: SourceText, lines: range) -> tuple[list[Span], list[Unbalanced]]:
    """Every 「…」/『…』 span on the given lines (spans do not cross lines)."""
    spans: list[Span] = []
    problems: list[Unbalanced] = []
    for n in lines:
        base = source.line_starts[n - 1]
        stack: list[Span] = []
        for i, ch in enumerate(source.line(n)):
            if ch in OPEN_TO_CLOSE:
                span = Span(ch, base + i + 1, -1, n, len(stack), stack[-1] if stack else None)
                stack.append(span)
            elif ch in OPEN_TO_CLOSE.values():
                if stack and OPEN_TO_CLOSE[stack[-1].open] == ch:
                    span = stack.pop()
                    span.end = base + i
                    spans.append(span)
                else:
                    problems.append(Unbalanced(n, i + 1, ch))
        for span in stack:
            problems.append(Unbalanced(n, span.start - base, span.open))
    spans.sort(key=lambda s: s.start)
    return spans, problems


def _before(source: SourceText, span: Span) -> str:
    """Text between the enclosing boundary (line start or outer span start) and the span."""
    floor = span.parent.start if span.parent else source.line_starts[span.line - 1]
    return source.text[floor : span.start - 1]


def _after(source: SourceText, span: Span) -> str:
    ceiling = span.parent.end if span.parent else source.line_starts[span.line - 1] + len(source.line(span.line))
    return source.text[span.end + 1 : ceiling]


def is_statement(source: SourceText, span: Span) -> bool:
    """A span is a statement when it closes as a sentence and opens as one (or is sentence-sized)."""
    before, after = _before(source, span), _after(source, span)
    inner = source.text[span.start : span.end]
    closes = not after.strip() or after.lstrip()[0] in "。！？!?」』" or bool(SPEECH_AFTER.match(after))
    opens = not before.strip() or bool(re.search(r"[。！？!?:：]\s*$", before))
    sentence_sized = len(inner) >= STATEMENT_MIN_CHARS or bool(re.search(r"[。！？]", inner))
    return closes and (opens or sentence_sized)


def _last(hits: list[Hit], kinds: tuple[str, ...], before: int, after: int = -1) -> Hit | None:
    chosen = [h for h in hits if h.kind in kinds and after <= h.start and h.end <= before]
    return chosen[-1] if chosen else None


def _continues(source: SourceText, previous: Statement | None, span: Span) -> bool:
    """A line that opens with a quote continues the quote that closed the line before."""
    if previous is None or previous.span.parent is not None or previous.line != span.line - 1:
        return False
    return not _after(source, previous.span).strip()


def _sentence_start(source: SourceText, span: Span) -> int:
    """Start offset of the sentence that introduces `span` (after the previous 。)."""
    before = _before(source, span)
    cut = max(before.rfind("。", 0, max(0, len(before.rstrip()) - 1)), -1)
    return span.start - 1 - len(before) + cut + 1


def attribute(
    source: SourceText,
    sections: list[Section],
    index: EntityIndex,
    publications: set[str],
) -> tuple[list[Statement], list[Unbalanced]]:
    """All quoted statements in the narration, each with its speaker and how it was attributed."""
    body = source.body_lines
    spans, problems = find_spans(source, body)
    hits = index.find(source.text)
    section_of = {n: s for s in sections for n in s.lines}
    statements: list[Statement] = []
    previous: Statement | None = None
    by_span: dict[int, Statement] = {}
    for span in spans:
        span.statement = is_statement(source, span)
        if not span.statement:
            continue
        if span.parent is not None and not span.parent.statement:
            continue  # a statement inside a term is part of that term
        st = Statement(span, source.text[span.start : span.end])
        line_start = source.line_starts[span.line - 1]
        before = _before(source, span)
        if span.parent is not None:
            outer = by_span.get(span.parent.start)
            person = _last(hits, ("person",), span.start - 1, span.parent.start)
            if person is not None:
                st.speaker, st.evidence = person.id, [person]
            st.attribution = Attribution.nested
            st.via = outer.speaker if outer and outer.speaker != UNKNOWN else None
        elif DIALOGUE.match(before) is not None:
            named = [h for h in hits if line_start <= h.start and h.end <= span.start - 1]
            if named:
                st.speaker, st.evidence = named[-1].id, [named[-1]]
                st.attribution = Attribution.dialogue
        elif not before.strip() and _continues(source, previous, span):
            assert previous is not None
            st.speaker, st.via, st.evidence = previous.speaker, previous.via, previous.evidence
            st.attribution = Attribution.continuation
        elif ARTICLE_CUE.search(before) and ARTICLE_WORD.search(before):
            section = section_of.get(span.line)
            floor = source.line_starts[section.first_line - 1] if section else 0
            pub = _last(hits, ("organization",), span.start - 1, floor)
            while pub is not None and pub.id not in publications:
                pub = _last(hits, ("organization",), pub.start, floor)
            if pub is not None:
                st.speaker, st.evidence = pub.id, [pub]
            st.attribution = Attribution.article
        elif SPEECH_CUE.search(before):
            sentence_start = _sentence_start(source, span)
            who = _last(hits, ("person",), span.start - 1, sentence_start)
            if who is None:
                who = _last(hits, ("person",), span.start - 1, line_start)
            if who is not None:
                st.speaker, st.evidence = who.id, [who]
                st.attribution = Attribution.direct
        statements.append(st)
        by_span[span.start] = st
        if span.parent is None:
            previous = st
    return statements, problems
