"""The page kinds' declarations (pages.KINDS) against what their pages really show.

A kind declares which facts of a story place it on its pages (`Kind.places`); the live build
re-renders only the pages that show an edited story as long as none of those facts changed
(pages.placement). A kind that shows a story by a fact it does not declare would go stale after an
edit with no other test failing — this test finds it: each edit below changes one fact of one story,
and every page whose list of stories (which ones, where) changes must be of a kind that declares it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from newskb.kb import KnowledgeBase, load_kb
from newskb.models import Story
from newskb.render.incremental import Fingerprints
from newskb.render.pages import FACETS, KINDS, Kind, claim_uses, placement, site_pages
from newskb.render.site import SiteData

from .support import FIXTURE_KB


class Placed(Fingerprints):
    """A story fed as its id alone: a page's key then says which stories it shows, and where, not what they say."""

    def _feed_story(self, story: Story, out: list[bytes]) -> None:
        out.append(b"S" + story.id.encode())


def placements(site: SiteData) -> dict[str, tuple[Kind, str]]:
    fps = Placed(site)
    return {p.file: (p.kind, fps.page_key(p, b"")) for p in site_pages(site)}


def with_story(kb: KnowledgeBase, story_id: str, change: Callable[[Story], Story]) -> SiteData:
    """The site of `kb` with one story replaced by `change(story)` (in memory; the fixture is not touched)."""
    stories = [dataclasses.replace(e, model=change(e.model)) if e.model.id == story_id else e for e in kb.stories]
    return SiteData(dataclasses.replace(kb, stories=stories))


def _first_claim(s: Story, **update: Any) -> Story:
    claims = [s.claims[0].model_copy(update=update), *s.claims[1:]]
    return s.model_copy(update={"claims": claims})


@pytest.fixture(scope="module")
def fixture_kb() -> KnowledgeBase:
    return load_kb(FIXTURE_KB / "entries")


def _edits(kb: KnowledgeBase) -> dict[str, tuple[str, Callable[[Story], Story]]]:
    """One edit per fact: (story id, change)."""
    story = next(e.model for e in kb.stories if e.model.quotes and any(c.review for c in e.model.claims))
    reviewed = next(i for i, c in enumerate(story.claims) if c.review)
    others = sorted(p for p in kb.people if p not in {q.speaker for q in story.quotes} | {c.by for c in story.claims})
    other = others[0]
    other_name = kb.people[other].name.en
    assert story.date is not None
    claims = list(story.claims)

    def verdict(s: Story) -> Story:
        c = claims[reviewed]
        assert c.review is not None
        new = next(v for v in type(c.review.verdict) if v != c.review.verdict)
        changed = [*claims]
        changed[reviewed] = c.model_copy(update={"review": c.review.model_copy(update={"verdict": new})})
        return s.model_copy(update={"claims": changed})

    return {
        "id": (story.id, lambda s: s.model_copy(update={"id": "renamed-story"})),
        "date": (story.id, lambda s: s.model_copy(update={"date": story.date - dt.timedelta(days=400)})),  # type: ignore[operator]
        "tags": (story.id, lambda s: s.model_copy(update={"tags": [*s.tags, "a-new-tag"]})),
        "entities": (story.id, lambda s: s.model_copy(update={"people": [*s.people, other]})),
        "quotes": (
            story.id,
            lambda s: s.model_copy(
                update={"quotes": [s.quotes[0].model_copy(update={"speaker": other}), *s.quotes[1:]]}
            ),
        ),
        "claims": (story.id, lambda s: _first_claim(s, by=other)),
        "verdicts": (story.id, verdict),
        "subjects": (
            story.id,
            lambda s: s.model_copy(
                update={
                    "people": [*s.people, other],
                    "claims": [
                        s.claims[0].model_copy(
                            update={
                                "text": s.claims[0].text.model_copy(
                                    update={"en": f"{s.claims[0].text.en} {other_name}"}
                                )
                            }
                        ),
                        *s.claims[1:],
                    ],
                }
            ),
        ),
        "segment": (
            story.id,
            lambda s: s.model_copy(update={"segment": s.segment.model_copy(update={"index": s.segment.index + 1000})}),
        ),
        "source": (story.id, lambda s: s.model_copy(update={"source": "another-source"})),
        "latest": (story.id, lambda s: s.model_copy(update={"date": dt.date(2099, 1, 1)})),
    }


def test_every_kind_declares_the_facts_that_place_a_story_on_its_pages(fixture_kb: KnowledgeBase) -> None:
    site = SiteData(fixture_kb)
    before = placements(site)
    edits = _edits(fixture_kb)
    assert set(edits) == set(FACETS), "every fact a kind may declare is exercised by an edit"
    missing: set[tuple[str, str]] = set()
    for fact, (story_id, change) in edits.items():
        old = site.story_index[story_id]
        new = change(old)
        changed = {f for f, get in FACETS.items() if get(old, fixture_kb.people) != get(new, fixture_kb.people)}
        assert fact in changed, f"the {fact} edit changes {fact}"
        assert placement(old, fixture_kb.people) != placement(new, fixture_kb.people)
        after = placements(with_story(fixture_kb, story_id, change))
        for file in before.keys() | after.keys():
            was, now = before.get(file), after.get(file)
            if was is not None and now is not None and was[1] == now[1]:
                continue
            kind = (was or now)[0]  # type: ignore[index]
            if not kind.places & changed:
                missing.add((kind.name, fact))
    assert not missing, f"kinds whose pages a story's fact moves, undeclared in Kind.places: {sorted(missing)}"


def test_content_edits_keep_every_placement() -> None:
    """The other side: a title, a quote's words, a note place nothing (they only re-render pages)."""
    kb = load_kb(FIXTURE_KB / "entries")
    story = kb.stories[0].model
    retitled = story.model_copy(update={"title": story.title.model_copy(update={"en": "Other words"})})
    assert placement(retitled, kb.people) == placement(story, kb.people)
    site = SiteData(kb)
    assert placements(with_story(kb, story.id, lambda s: retitled)) == placements(site)


def test_kinds_have_distinct_names_and_the_page_list_uses_only_declared_kinds(fixture_kb: KnowledgeBase) -> None:
    assert len({k.name for k in KINDS}) == len(KINDS)
    used = {p.kind for p in site_pages(SiteData(fixture_kb))}
    assert used <= set(KINDS)
    assert {k for k in KINDS if k.pages is not None} <= used


def test_claim_uses_are_the_pages_that_render_the_claim(fixture_kb: KnowledgeBase) -> None:
    """The claim cache drops a claim after its declared uses: count the pages of one language that show it."""
    from newskb.render.build import DEFAULT_TEMPLATES
    from newskb.render.i18n import load_messages
    from newskb.render.templating import Renderer

    site = SiteData(fixture_kb)
    renderer = Renderer(
        DEFAULT_TEMPLATES, site, load_messages(DEFAULT_TEMPLATES / "locales", ("ja", "en")), "https://x.invalid/"
    )
    shown: dict[tuple[str, str], int] = {}
    real = renderer.card_helpers

    def counting(lang: str) -> dict[str, Any]:
        helpers = real(lang)
        inner = helpers["claim_html"]

        def claim_html(story: Any, claim: Any) -> Any:
            if lang == "en":
                shown[(story.id, claim.id)] = shown.get((story.id, claim.id), 0) + 1
            return inner(story, claim)

        return {
            **helpers,
            "claim_html": claim_html,
            "card_claim": lambda s, c: renderer.card_macros(lang).claim_story(s, c) + claim_html(s, c),
        }

    renderer.card_helpers = counting  # type: ignore[method-assign]
    for page in site_pages(site):
        if page.lang == "en" and not page.template.startswith(("api:", "data:")):
            renderer.render(page)
    declared = {(s.id, c.id): claim_uses(site, s, c) for s in site.stories for c in s.claims}
    assert shown == declared
