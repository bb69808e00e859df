"""The ClaimReview feed: schema.org's DataFeed of ClaimReviews, checked as far as a test can check it.

Required and recommended properties (Google's ClaimReview guidelines:
claimReviewed, reviewRating with a value or name, url, author, itemReviewed
with the claim's author and appearance), schema.org types, absolute URLs
under the site's base URL, and counts against the entries as YAML reads them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from newskb.cli import main
from newskb.export import claimreview

FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "render" / "kb"
BASE = "https://kb.example.org/sub/"


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((FIXTURE_KB / "entries" / "stories").glob("*.yaml"))]


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("claimreview") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    out = root / "claimreview.json"
    args = ["export", "claimreview", str(out), "--entries", str(root / "entries"), "--base-url", BASE, "-q"]
    assert main(args) == 0
    first = out.read_bytes()
    assert main(args) == 0 and out.read_bytes() == first  # deterministic
    return json.loads(first)


def _reviews(feed: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for element in feed["dataFeedElement"] for r in element["item"]]


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and url.startswith(BASE)


def test_the_feed_is_a_schema_org_datafeed(feed: dict[str, Any]) -> None:
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    assert _absolute(feed["url"]) and feed["dateModified"].endswith("Z")
    assert all(e["@type"] == "DataFeedItem" and _absolute(e["url"]) for e in feed["dataFeedElement"])


def _story_and_claim(url: str) -> tuple[str, str]:
    """(story id, claim id) of a claim page's address, <lang>/stories/<story>/claims/<claim>/."""
    parts = urlsplit(url).path.strip("/").split("/")
    assert parts[-4] == "stories" and parts[-2] == "claims", url
    return parts[-3], parts[-1]


def test_every_review_is_listed_once_per_language(feed: dict[str, Any], stories: list[dict[str, Any]]) -> None:
    want = {(s["id"], c["id"]) for s in stories for c in s.get("claims", []) if c.get("review")}
    reviews = _reviews(feed)
    assert len(reviews) == 2 * len(want)
    for lang in ("ja", "en"):
        got = {
            _story_and_claim(r["url"])
            for r in reviews
            if r["inLanguage"] == lang
        }
        assert got == want


def test_each_claimreview_has_the_required_properties_and_types(feed: dict[str, Any]) -> None:
    for r in _reviews(feed):
        assert r["@type"] == "ClaimReview"
        assert isinstance(r["claimReviewed"], str) and r["claimReviewed"]
        assert _absolute(r["url"]) and "/claims/" in r["url"]  # the claim's own page
        assert r["author"]["@type"] == "Organization" and r["author"]["name"] and _absolute(r["author"]["url"])
        rating = r["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        if "ratingValue" in rating:
            assert isinstance(rating["ratingValue"], int)
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        claim = r["itemReviewed"]
        assert claim["@type"] == "Claim"
        assert claim["author"]["@type"] in ("Person", "Organization") and claim["author"]["name"]
        for appearance in claim["appearance"]:
            assert appearance["@type"] == "CreativeWork" and _absolute(appearance["url"])


#: The scale docs/method.en.md states (unverified claims no value).
DOCUMENTED_SCALE = {"inaccurate": 1, "transcription-error": 2, "translation-error": 2, "misleading": 3, "accurate": 5, "unverified": None}


def test_ratings_follow_the_verdicts(feed: dict[str, Any], stories: list[dict[str, Any]]) -> None:
    verdicts = {(s["id"], c["id"]): c["review"]["verdict"] for s in stories for c in s.get("claims", []) if c.get("review")}
    seen = set()
    for r in _reviews(feed):
        verdict = verdicts[_story_and_claim(r["url"])]
        seen.add(verdict)
        assert r["reviewRating"].get("ratingValue") == DOCUMENTED_SCALE[verdict]
        assert r["reviewRating"]["alternateName"] == verdict
        if r["inLanguage"] == "en" and verdict == "transcription-error":
            assert r["reviewRating"]["textualRating"] == "Transcription error"
    assert {"accurate", "transcription-error"} <= seen


def test_the_claim_appears_at_its_line_of_the_transcript_and_names_its_speaker(
    feed: dict[str, Any], stories: list[dict[str, Any]]
) -> None:
    story = next(s for s in stories if any(c.get("review") and c.get("by", "narrator") != "narrator" for c in s["claims"]))
    claim = next(c for c in story["claims"] if c.get("review") and c.get("by", "narrator") != "narrator")
    url = f"{BASE}en/stories/{story['id']}/claims/{claim['id']}/"
    review = next(r for r in _reviews(feed) if r["url"] == url)
    appearance = review["itemReviewed"]["appearance"][0]
    assert appearance["url"] == f"{BASE}en/sources/{story['source']}/#L{claim['anchor']['line']}"
    assert appearance["text"] == claim["text"]["ja"]
    assert review["itemReviewed"]["author"]["url"].endswith(f"/{claim['by']}/")
    assert review["claimReviewed"] == claim["text"]["en"]


def test_the_review_url_is_decided_in_one_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newskb.export import tables

    monkeypatch.setattr(tables, "review_url", lambda base, lang, story, claim: f"{base}{lang}/claims/{story}/{claim}/")
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    out = tmp_path / "feed.json"
    assert main(["export", "claimreview", str(out), "--entries", str(root / "entries"), "--base-url", BASE, "-q"]) == 0
    urls = [r["url"] for r in _reviews(json.loads(out.read_text(encoding="utf-8")))]
    assert urls and all("/claims/" in u and "#" not in u for u in urls)


def test_the_streamed_feed_is_byte_for_byte_the_document_serialised_whole() -> None:
    import datetime as dt
    import gzip

    from newskb.kb import load_kb
    from newskb.render.build import DEFAULT_TEMPLATES
    from newskb.render.i18n import load_messages

    kb = load_kb(FIXTURE_KB / "entries")
    messages = load_messages(DEFAULT_TEMPLATES / "locales", ("ja", "en"))
    now = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)
    whole = json.dumps(claimreview.feed(kb, messages, BASE, now), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    streamed = claimreview.feed_json(kb, messages, BASE, now)
    assert streamed == whole + "\n"
    assert gzip.decompress(claimreview.feed_gzip(kb, messages, BASE, now)).decode("utf-8") == streamed
    assert claimreview.feed_gzip(kb, messages, BASE, now) == claimreview.feed_gzip(kb, messages, BASE, now)
