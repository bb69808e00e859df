"""Bracketed spans and the narration around them.

A transcript marks quotations with 「…」 and quotations inside them with 『…』; a span never crosses a line. Every
rule of the loader reads a span through the windows here (`_before`, `_after`: at most `WINDOW` characters up to
the line's or the outer span's edge), so the work stays linear in the number of quotes even when thousands share
one line. `Statement` is what the attribution hands the loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import UNKNOWN, Attribution
from ..source import SourceText
from .mentions import Hit

OPEN_TO_CLOSE = {"「": "」", "『": "』"}
#: How far before or after a span the rules look (a sentence is far shorter).
WINDOW = 240


@dataclass
class Span:
    """One bracketed span: offsets are of the inner text, in the whole source."""

    open: str
    start: int
    end: int
    line: int
    depth: int
    parent: Span | None = None
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
    name: str | None = None
    """A speaker the text names but no registry has: the name as written, without honorific."""
    name_kind: str | None = None
    """`person` or `organization`, for `name`."""
    written: str | None = None
    """The short form the text uses here for `name` (佐々木 for 佐々木ゆかり), to propose as an alias."""

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


def _floor(source: SourceText, span: Span) -> int:
    return span.parent.start if span.parent else source.line_starts[span.line - 1]


def _ceiling(source: SourceText, span: Span) -> int:
    return span.parent.end if span.parent else source.line_starts[span.line - 1] + len(source.line(span.line))


def _before(source: SourceText, span: Span) -> str:
    """Text between the enclosing boundary (line start or outer span start) and the span, at most WINDOW."""
    return source.text[max(_floor(source, span), span.start - 1 - WINDOW) : span.start - 1]


def _before_is_whole(source: SourceText, span: Span) -> bool:
    """Whether `_before` reaches the enclosing boundary (it was not cut at WINDOW)."""
    return span.start - 1 - WINDOW <= _floor(source, span)


#: A translation in parentheses right after a quote (「We need …」(「…が必要だ」)と書いた): the quote's rendering.
TRANSLATION_AFTER = re.compile(r"\s*[(（]\s*「[^「」『』]*」\s*[)）]")
#: The opening of a translation in parentheses, right after the original's closing bracket.
TRANSLATION_BEFORE = re.compile(r"[」』]\s*[(（]\s*$")


def _after(source: SourceText, span: Span) -> str:
    """Text after the span up to the enclosing boundary, at most WINDOW; a translation given in parentheses right
    after it is skipped, so the original is framed by the words that frame the pair."""
    end = min(_ceiling(source, span), span.end + 1 + WINDOW)
    m = TRANSLATION_AFTER.match(source.text, span.end + 1, end)
    return source.text[m.end() if m else span.end + 1 : end]


def _after_is_empty(source: SourceText, span: Span) -> bool:
    after = _after(source, span)
    return not after.strip() and span.end + 1 + WINDOW >= _ceiling(source, span)


BRACKET = re.compile("[「『」』]")


def _mask_quotes(text: str) -> str:
    """`text` with everything inside 「…」/『…』 blanked (same length, so offsets still hold).

    Walks the brackets only (a whole transcript is masked once per load).
    """
    if "「" not in text and "『" not in text and "」" not in text and "』" not in text:
        return text
    out: list[str] = []
    depth, pos = 0, 0
    for m in BRACKET.finditer(text):
        i = m.start()
        out.append(" " * (i - pos) if depth else text[pos:i])
        out.append(m.group(0))
        depth = depth + 1 if m.group(0) in "「『" else max(0, depth - 1)
        pos = i + 1
    out.append(" " * (len(text) - pos) if depth else text[pos:])
    return "".join(out)


def _sentence_start(source: SourceText, span: Span) -> int:
    """Start offset of the sentence that introduces `span` (after the previous 。)."""
    before = _before(source, span)
    cut = max(before.rfind("。", 0, max(0, len(before.rstrip()) - 1)), -1)
    return span.start - 1 - len(before) + cut + 1


#: A bracket closed right before a subject particle or によると (業界紙『電子時報』は「…」): a title as the clause's
#: subject, inside the clause rather than ending the one before.
BRACKET_SUBJECT = re.compile(r"(?:は|が|も)(?![ぁ-ゖ])|によると|によれば|によりますと")


def _clause_start(source: SourceText, span: Span) -> int:
    """Start offset of the clause right before `span` (after the previous 。 or closing bracket, unless the bracket
    closes a title that is the clause's subject)."""
    before = _before(source, span)
    cut = len(before)
    while True:
        cut = max(before.rfind("。", 0, cut), before.rfind("」", 0, cut), before.rfind("』", 0, cut))
        if cut < 0 or before[cut] == "。" or not BRACKET_SUBJECT.match(before, cut + 1):
            break
    return span.start - 1 - len(before) + cut + 1
