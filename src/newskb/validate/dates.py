"""D4xx — dates: real calendar dates, none in the future, consistent with the sources.

"Today" is `datetime.date.today()`, or `NEWSKB_TODAY` (YYYY-MM-DD) so tests
and reproducible CI runs do not depend on the clock.

Consistency with sources, as decided here:
- a story's date is when the event happened or was announced, so it cannot be
  later than the latest possible publication of the source that reports it
  (`published.latest` of the Source entry) — D403, an error;
- the dated citations of a story's claim reviews cover that event, so at least
  one of them should be published within `CITATION_WINDOW_DAYS` of the story's
  date; when all of them are further away the date is probably wrong — D404,
  a warning (a review may also cite background material).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from ..diagnostics import Diagnostic, Severity
from ..errors import InputError
from .context import Context
from .registry import declare, rule

#: A story date further than this from every dated citation of its claims is suspicious.
CITATION_WINDOW_DAYS = 30

declare("D401", "not a real calendar date in ISO 8601 (YYYY-MM-DD), e.g. 2024-02-30")


def today() -> dt.date:
    """The date the future-date rule compares with; `NEWSKB_TODAY` overrides the clock."""
    value = os.environ.get("NEWSKB_TODAY")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("NEWSKB_TODAY", f"{value!r} is not a date in ISO 8601 (YYYY-MM-DD)") from None


def latest_date(ctx: Context) -> dt.date | None:
    """The latest of the dates D402 compares with today: none after today, no D402 finding
    (what lets the validator's cache reuse findings made on another day, incremental.holds_on)."""
    return max((value for _, _, value in ctx.of_type(dt.date)), default=None)


@rule("D402", "date in the future", scope="story")
def future_date(ctx: Context) -> Iterable[Diagnostic]:
    for entry, path, value in ctx.of_type(dt.date):
        if value > ctx.today:
            yield ctx.at(
                "D402",
                entry,
                path,
                f"`{'.'.join(map(str, path))}` is {value.isoformat()}, after today ({ctx.today.isoformat()})",
            )


@rule("D403", "story date is after the publication of the source that reports it", scope="story")
def after_publication(ctx: Context) -> Iterable[Diagnostic]:
    for story in ctx.kb.stories:
        src = ctx.kb.sources.get(story.model.source)
        if story.model.date is None or src is None or src.model.published is None:
            continue
        latest = src.model.published.latest
        if latest is not None and story.model.date > latest:
            yield ctx.at(
                "D403",
                story,
                ("date",),
                f"story date {story.model.date.isoformat()} is after source `{src.model.id}` was published "
                f"(at the latest {latest.isoformat()})",
            )


@rule(
    "D404",
    f"story date is more than {CITATION_WINDOW_DAYS} days from every dated source its claims cite",
    Severity.warning,
    scope="story",
)
def far_from_citations(ctx: Context) -> Iterable[Diagnostic]:
    for story in ctx.kb.stories:
        date = story.model.date
        if date is None:
            continue
        cited = sorted(
            {
                c.published
                for claim in story.model.claims
                if claim.review is not None
                for c in claim.review.sources
                if c.published is not None
            }
        )
        if cited and min(abs((d - date).days) for d in cited) > CITATION_WINDOW_DAYS:
            yield ctx.at(
                "D404",
                story,
                ("date",),
                f"story date {date.isoformat()} is more than {CITATION_WINDOW_DAYS} days from every source its "
                f"claims cite ({', '.join(d.isoformat() for d in cited)})",
            )


@rule("D405", "publication window is inverted (earliest after latest)", scope="story")
def inverted_window(ctx: Context) -> Iterable[Diagnostic]:
    for src in ctx.kb.sources.values():
        window = src.model.published
        if window and window.earliest and window.latest and window.earliest > window.latest:
            yield ctx.at(
                "D405",
                src,
                ("published", "earliest"),
                f"published.earliest {window.earliest.isoformat()} is after published.latest {window.latest.isoformat()}",
            )


@rule("D406", "story has no date", Severity.warning, scope="story")
def undated_story(ctx: Context) -> Iterable[Diagnostic]:
    for story in ctx.kb.stories:
        if story.model.date is None:
            yield ctx.at("D406", story, ("id",), f"story `{story.model.id}` has no date", "add `date: YYYY-MM-DD`")
