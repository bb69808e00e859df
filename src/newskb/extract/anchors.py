"""Anchors: where a text sits in its source, as line, offsets and a little context either side.

The loader writes anchors and the validator checks them; both need the same
two operations, so they live here rather than in either command (the
validator importing the loader pulled the whole load pipeline into every
validate run, issue #16).
"""

from __future__ import annotations

from ..models import Anchor
from ..source import SourceText

#: Characters of context kept on each side of an anchor (W3C prefix/suffix).
CONTEXT_CHARS = 16


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
    """Where `text` occurs verbatim: the occurrence nearest the old anchor, else the first in `lines`.

    Two bounded searches instead of listing every occurrence (a text repeated
    n times on a line made each lookup O(n), and a load O(n^2)): the nearest
    occurrence starts either at or before the anchor (`rfind`) or after it.
    """
    if not text:
        return None
    whole = source.text
    if near is not None:
        before = whole.rfind(text, 0, near.start + len(text))
        after = whole.find(text, near.start)
        hits = [h for h in (before, after) if h >= 0]
        if not hits:
            return None
        best = min(hits, key=lambda h: (abs(h - near.start), h))
        return best, best + len(text)
    first = whole.find(text)
    if first < 0:
        return None
    if lines is not None and len(lines) and lines.start >= 1 and lines.start <= len(source.line_starts):
        inside = whole.find(text, source.line_starts[lines.start - 1])
        if inside >= 0 and source.line_of(inside) in lines:
            return inside, inside + len(text)
    return first, first + len(text)
