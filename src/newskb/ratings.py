"""The verdict scale as ClaimReview publishes it: one definition for the site's JSON-LD and the exported feed.

ClaimReview carries a free-text rating beside a normalised one because a fact-checker's vocabulary is finer than a
single scale; docs/method.en.md explains the mapping (inaccurate 1, transcription and translation errors 2,
misleading 3, accurate 5; unverified claims no rating, so it has no value).
"""

from __future__ import annotations

from typing import Any

from .models import Verdict

WORST, BEST = 1, 5

RATING_VALUE: dict[Verdict, int] = {
    Verdict.inaccurate: 1,
    Verdict.transcription_error: 2,
    Verdict.translation_error: 2,
    Verdict.misleading: 3,
    Verdict.accurate: 5,
}


def rating(verdict: Verdict, label: str) -> dict[str, Any]:
    """A schema.org Rating: the verdict word as `alternateName`, its label as `textualRating`, a value where one applies."""
    out: dict[str, Any] = {"@type": "Rating", "textualRating": label, "alternateName": verdict.value}
    if verdict in RATING_VALUE:
        out.update(ratingValue=RATING_VALUE[verdict], bestRating=BEST, worstRating=WORST)
    return out
