"""Fact-check pages without a browser: a page per claim that can be cited, ClaimReview pointing at it,
verdict tallies that equal the entries, claims about a person, and where to report a mistake."""

from __future__ import annotations

import json
import re
from collections import Counter
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest

from newskb.kb import load_kb
from newskb.models import Verdict
from newskb.render import routes
from newskb.render.site import TEXT_ERRORS, VERDICT_ORDER, claim_subjects, verdict_of

from .support import BASE_URL, FIXTURE_KB, build

THREE_MILE = "microsoft-constellation-three-mile-island"


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load_kb(FIXTURE_KB / "entries")


def _html(site: Path, route: str) -> str:
    return (site / routes.file_for(route)).read_text(encoding="utf-8")


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_the_verdict_order_comes_from_the_scale() -> None:
    """Every verdict of the enum is ranked (a new one needs no list edited); text errors lead."""
    assert set(VERDICT_ORDER) == {v.value for v in Verdict} | {"unreviewed"}
    assert VERDICT_ORDER[-1] == "unreviewed"
    assert Verdict.transcription_error.value in TEXT_ERRORS
    assert VERDICT_ORDER[: len(TEXT_ERRORS)] == TEXT_ERRORS


@pytest.mark.parametrize("lang", routes.LANGS)
def test_every_claim_has_a_page_that_cites_it_and_links_back(kb, fixture_site: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    count = 0
    for entry in kb.stories:
        story = entry.model
        for claim in story.claims:
            route = routes.claim(lang, story.id, claim.id)
            html = _html(fixture_site, route)
            here = "/" + route
            verdict = verdict_of(claim)
            text = claim.text.en if lang == "en" and claim.text.en else claim.text.ja
            h1 = _text(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1))
            assert text in h1, route
            assert f'class="badge badge-{verdict}"' in html
            # the visible id, the cite line with the page's absolute address, the way back
            ident = f"{story.id}/{claim.id}"
            assert f"<code>{ident}</code>" in html
            cite = _text(re.search(r'<p class="cite">(.*?)</p>', html, re.DOTALL).group(1))
            assert routes.full(route, BASE_URL) in cite and ident in cite
            hrefs = {urljoin(here, h) for h in re.findall(r'href="([^"]+)"', html)}
            assert f"/{routes.story(lang, story.id)}#claim-{claim.id}" in hrefs
            if claim.anchor:
                assert f"/{routes.source(lang, story.source)}#L{claim.anchor.line}" in hrefs
            if claim.review and claim.review.correction:
                assert 'class="correction"' in html
            if claim.review:
                review = _jsonld(html)
                assert review["@type"] == "ClaimReview" and review["url"] == routes.full(route, BASE_URL)
            count += 1
    assert count > 50


def test_a_claim_page_shows_its_line_with_the_claim_marked(fixture_site: Path) -> None:
    html = _html(fixture_site, routes.claim("en", "small-models-pixtral-qwen2-5", "pixar-12b-name"))
    line = re.search(r'<blockquote class="transcript-line" lang="ja"><p>(.*?)</p></blockquote>', html, re.DOTALL)
    assert line, "no transcript line"
    assert '<mark class="claim v-transcription-error">Pixar-12B</mark>' in line.group(1)
    assert re.search(r'<ins class="fix" lang="en">.*Pixtral 12B.*</ins>', line.group(1))


def test_story_json_ld_points_each_claim_review_at_its_page(kb, fixture_site: Path) -> None:  # type: ignore[no-untyped-def]
    story = next(e.model for e in kb.stories if e.model.id == THREE_MILE)
    for lang in routes.LANGS:
        graph = _jsonld(_html(fixture_site, routes.story(lang, THREE_MILE)))["@graph"]
        urls = [n["url"] for n in graph if n["@type"] == "ClaimReview"]
        expected = [routes.full(routes.claim(lang, THREE_MILE, c.id), BASE_URL) for c in story.claims if c.review]
        assert urls == expected


def _tally(html: str) -> dict[str, int]:
    """A verdict tally as shown: {verdict: count} from `<ul class="tally">`."""
    ul = re.search(r'<ul class="tally">(.*?)</ul>', html, re.DOTALL)
    assert ul, "no tally"
    return {
        v: int(n.replace(",", ""))
        for v, n in re.findall(r'badge-([a-z-]+)">[^<]*</span> <span class="count">([\d,]+)</span>', ul.group(1))
    }


def test_tallies_equal_the_entries(kb, fixture_site: Path) -> None:  # type: ignore[no-untyped-def]
    everything: Counter[str] = Counter()
    for entry in kb.stories:
        story = entry.model
        counts = Counter(verdict_of(c) for c in story.claims)
        everything.update(counts)
        for lang in routes.LANGS:
            html = _html(fixture_site, routes.story(lang, story.id))
            if not story.claims:
                continue
            nav = re.search(r'<nav class="verdicts".*?</nav>', html, re.DOTALL).group(0)
            assert _tally(nav) == dict(counts), story.id
            # each count links to a section holding exactly that many claims
            for verdict, n in counts.items():
                section = re.search(
                    rf'<section class="verdict-group" id="verdict-{verdict}".*?</section>', html, re.DOTALL
                )
                assert section and section.group(0).count('<li class="claim ') == n
            order = re.findall(r'<section class="verdict-group" id="verdict-([a-z-]+)"', html)
            assert order == sorted(order, key=VERDICT_ORDER.index)
    for lang in routes.LANGS:
        home = _html(fixture_site, routes.home(lang))
        assert _tally(home) == dict(everything)
        # each story card carries its own tally
        cards = re.findall(r'<li class="story-item">.*?</li>\n(?=<li class="story-item">|</ul>)', home, re.DOTALL)
        assert len(cards) == len(kb.stories)
        for entry in kb.stories:
            card = next(c for c in cards if f"/stories/{entry.model.id}/" in c)
            assert _tally(card) == dict(Counter(verdict_of(c) for c in entry.model.claims))


def test_a_claim_is_about_the_people_its_text_names(kb) -> None:  # type: ignore[no-untyped-def]
    story = next(e.model for e in kb.stories if e.model.id == THREE_MILE)
    subjects = {c.id: claim_subjects(story, c, kb.people) for c in story.claims}
    assert subjects["altman-invests-in-fusion"] == ("sam-altman",)  # named by his alias サム・オルトマン
    assert "sam-altman" not in subjects["all-plants-use-fission"]
    # the author of a claim is not what it is about
    for entry in kb.stories:
        for claim in entry.model.claims:
            assert claim.by not in claim_subjects(entry.model, claim, kb.people)


@pytest.mark.parametrize("lang", routes.LANGS)
def test_a_person_page_shows_the_claims_about_them_with_a_tally(fixture_site: Path, lang: str) -> None:
    html = _html(fixture_site, routes.person(lang, "sam-altman"))
    about = re.search(r'<section aria-labelledby="about-h">.*?</section>\n</section>', html, re.DOTALL)
    assert about, "no claims about Sam Altman"
    assert "#claim-altman-invests-in-fusion" in about.group(0)
    assert _tally(html) == {"accurate": 1}


@pytest.mark.slow
def test_the_report_line_links_where_pyproject_says(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    route = routes.claim("en", THREE_MILE, "altman-invests-in-fusion")
    site = build(root, tmp_path / "plain", search=False)
    report = re.search(r'<p class="report">(.*?)</p>', _html(site, route), re.DOTALL).group(1)
    assert "<a " not in report and f"{THREE_MILE}/altman-invests-in-fusion" in report
    (root / "pyproject.toml").write_text(
        '[tool.newskb]\nreport_url = "https://example.org/newskb/issues/new"\n', encoding="utf-8"
    )
    site = build(root, tmp_path / "linked", search=False)
    report = re.search(r'<p class="report">(.*?)</p>', _html(site, route), re.DOTALL).group(1)
    assert '<a href="https://example.org/newskb/issues/new" rel="external noopener">' in report


def test_the_people_list_tallies_what_each_person_said_or_is_the_subject_of(kb, fixture_site: Path) -> None:  # type: ignore[no-untyped-def]
    expected: dict[str, Counter[str]] = {}
    for entry in kb.stories:
        for claim in entry.model.claims:
            for pid in {claim.by, *claim_subjects(entry.model, claim, kb.people)} & kb.people.keys():
                expected.setdefault(pid, Counter())[verdict_of(claim)] += 1
    assert expected["sam-altman"] == Counter({"accurate": 1})
    for lang in routes.LANGS:
        html = _html(fixture_site, routes.people(lang))
        for pid in kb.people:
            item = re.search(rf'<li><a href="[^"]*/people/{pid}/">.*?</li>', html, re.DOTALL).group(0)
            shown = {
                v: int(n)
                for v, n in re.findall(r'badge-([a-z-]+)">[^<]*</span> <span class="count">(\d+)</span>', item)
            }
            assert shown == dict(expected.get(pid, {})), pid


@pytest.mark.parametrize("value", ['"javascript:alert(1)"', "42", '"issues"'])
def test_a_bad_report_url_stops_the_build_naming_the_file(tmp_path: Path, value: str) -> None:
    import shutil

    from newskb.errors import InputError

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    (root / "pyproject.toml").write_text(f"[tool.newskb]\nreport_url = {value}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(root, tmp_path / "site", search=False)
    assert "pyproject.toml" in caught.value.render() and "report_url" in caught.value.render()
    assert not (tmp_path / "site").exists()  # no partial output


def test_each_claim_is_rendered_once_per_language_and_dropped_after_its_last_page(tmp_path: Path) -> None:
    """SiteData.claim_uses counts the pages that show a claim as `claim_html` renders it (its story,
    the claims list, its author's page, the pages of the people it is about): a count too high would
    keep claims in memory for the whole build, one too low would render them again."""
    import gc

    from newskb.render.build import BuildConfig, prepare

    prep = prepare(BuildConfig(entries=FIXTURE_KB / "entries", out=tmp_path / "site", base_url=BASE_URL))
    gc.unfreeze()
    renderer = prep.renderer
    calls: Counter[tuple[str, str, str]] = Counter()
    for lang in routes.LANGS:
        module = renderer.card_macros(lang)
        body = module.claim_body

        def counted(story, claim, body=body, lang=lang):  # type: ignore[no-untyped-def]
            calls[(lang, story.id, claim.id)] += 1
            return body(story, claim)

        module.claim_body = counted
    for page in prep.pages:
        renderer.render(page)
    claims = sum(len(s.claims) for s in prep.site.stories)
    assert len(calls) == claims * len(routes.LANGS) and set(calls.values()) == {1}
    assert renderer.pending_claims == {}
