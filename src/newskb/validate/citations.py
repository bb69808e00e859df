"""C71x — what a review's sources are and what they show (issue #15).

A verdict that calls the source wrong is only as strong as the page it rests
on, and a reader must be able to weigh that page and to check it after the
link rots. So every citation says what kind of page it is (C710); a verdict
other than `accurate` should not rest on aggregators and mirrors alone
(C711), and each of its sources carries the sentence that supports it,
verbatim (C712) — unless the citation is marked `unverified` (no stored copy
was found, so there is nothing to copy from; C715 then watches that a verdict
does not rest on such citations alone). Where a note states the fix, it is a
`correction` too, so the site shows it as one (C713, a heuristic, hence a
warning), and a translation error, like a transcription error, needs one (C714).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..diagnostics import Diagnostic, Severity
from ..models import Citation, Claim, SourceKind, Verdict
from .claims import without_correction
from .context import Context
from .english_numbers import english_numbers
from .registry import rule

#: Verdicts whose correction is shown as the fix of what the source said.
FIXING = frozenset({Verdict.misleading, Verdict.inaccurate})

#: Phrases with which a note's English states what is right instead (C713); kept few, so a hit means a fix.
FIX_PHRASES = re.compile(
    r"\bshould (?:be|have been|read|say)\b"
    r"|\bactually\b"
    r"|\bin fact\b"
    r"|\bcorrect (?:figure|number|name|term|date|wording|reading)\b"
    r"|\bnot (?:an? |the )?[\w\u2019'-]+(?: [\w\u2019'-]+){0,3},? but\b",
    re.IGNORECASE,
)
#: ISO dates and years in a note are when something happened, not a corrected figure.
_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def _is_year_or_count(value: float) -> bool:
    """A year, or a small whole number ("one of", "two companies") that prose uses without giving a figure."""
    return value == int(value) and (1900 <= value <= 2100 or 0 <= value <= 10)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def stated_fix(claim: Claim) -> str | None:
    """What in the note's English states a fix, or None.

    Conservative by design (the rule is a warning): a fix phrase ("should be",
    "actually", "in fact", "the correct figure", "not X but Y"), or — for a
    claim that states quantities — a number in the note that the claim does
    not state (years, ISO dates and whole numbers up to ten left out).
    """
    assert claim.review is not None
    note = claim.review.note.en
    phrase = FIX_PHRASES.search(note)
    if phrase:
        return f"«{phrase.group()}»"
    if not claim.quantities:
        return None
    own = [float(q.value) for q in claim.quantities] + [float(q.high) for q in claim.quantities if q.high is not None]
    own += english_numbers(claim.text.en or "")
    for value in english_numbers(_DATE.sub(" ", note)):
        if not _is_year_or_count(value) and not any(_same(value, o) for o in own):
            return f"the number {value:g}, which the claim does not state"
    return None


@rule("C710", "a citation does not say what kind of source it is (`kind`)", scope="story")
def citation_without_kind(ctx: Context) -> Iterable[Diagnostic]:
    for entry, path, cite in ctx.of_type(Citation):
        if cite.kind is None:
            yield ctx.at(
                "C710",
                entry,
                (*path, "url"),
                f"citation {cite.url} has no `kind`",
                f"add `kind:` ({' | '.join(k.value for k in SourceKind)})",
            )


@rule("C711", "a verdict other than `accurate` rests only on aggregators or mirrors", Severity.warning, scope="story")
def resting_on_aggregators(ctx: Context) -> Iterable[Diagnostic]:
    for loc, claim in ctx.claims:
        review = claim.review
        if review is None or review.verdict == Verdict.accurate or not review.sources:
            continue
        if all(c.kind == SourceKind.aggregator for c in review.sources):
            yield ctx.at(
                "C711",
                loc.story,
                (*loc.path, "review", "verdict"),
                f"claim `{claim.id}`: verdict `{review.verdict.value}` rests only on aggregators or mirrors",
                "cite the original (or a primary record, official statement or news report) beside them",
            )


@rule(
    "C712",
    "a source of a verdict other than `accurate` has no `excerpt` (the sentence that supports it)",
    scope="story",
)
def source_without_excerpt(ctx: Context) -> Iterable[Diagnostic]:
    for loc, claim in ctx.claims:
        review = claim.review
        if review is None or review.verdict == Verdict.accurate:
            continue
        for i, cite in enumerate(review.sources):
            if cite.excerpt is None and cite.unverified is None:
                yield ctx.at(
                    "C712",
                    loc.story,
                    (*loc.path, "review", "sources", i, "url"),
                    f"claim `{claim.id}`: source {cite.url} of a `{review.verdict.value}` verdict has no `excerpt`",
                    "copy the supporting sentence verbatim from the page into `excerpt:`, "
                    "or mark the citation `unverified` if no copy of the page can be found",
                )


@rule(
    "C713",
    "a `misleading` or `inaccurate` note states a fix but the review has no `correction`",
    Severity.warning,
    scope="story",
)
def fix_only_in_note(ctx: Context) -> Iterable[Diagnostic]:
    for loc, claim in ctx.claims:
        review = claim.review
        if review is None or review.verdict not in FIXING or review.correction is not None:
            continue
        why = stated_fix(claim)
        if why is not None:
            yield ctx.at(
                "C713",
                loc.story,
                (*loc.path, "review", "note"),
                f"claim `{claim.id}`: the note states a fix ({why}) but the review has no `correction`",
                "add `correction: {ja: …, en: …}` with the right figure or wording",
            )


@rule("C714", "a translation-error review has no correction", scope="story")
def translation_error_without_correction(ctx: Context) -> Iterable[Diagnostic]:
    return without_correction(
        ctx,
        "C714",
        Verdict.translation_error,
        "a translation error needs `correction` (what the English original said)",
    )


@rule(
    "C715",
    "a verdict other than `unverified` rests only on citations marked `unverified`",
    Severity.warning,
    scope="story",
)
def resting_on_unverified(ctx: Context) -> Iterable[Diagnostic]:
    for loc, claim in ctx.claims:
        review = claim.review
        if review is None or review.verdict == Verdict.unverified or not review.sources:
            continue
        if all(c.unverified is not None for c in review.sources):
            yield ctx.at(
                "C715",
                loc.story,
                (*loc.path, "review", "verdict"),
                f"claim `{claim.id}`: verdict `{review.verdict.value}` rests only on sources no stored copy confirms",
                "cite a source that can be found, or make the verdict `unverified`",
            )
