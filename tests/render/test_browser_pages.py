"""The fact-check pages in a real browser (headless Debian Chromium): the transcript's highlights sit in
their lines, coloured by verdict, with corrections inline; the English transcript carries English;
verdicts lead every claim; the targeted claim stands out; claim pages; Japanese pages offer the
English original; the fact grid on a phone."""

from __future__ import annotations

import re

import pytest

from newskb.kb import load_kb
from newskb.render import routes
from newskb.render.site import TEXT_ERRORS, verdict_of

from .support import FIXTURE_KB

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # slow: headless Chromium

SOURCE = "000_e554cb74c4a6e450"
THREE_MILE = "microsoft-constellation-three-mile-island"
SMALL = "small-models-pixtral-qwen2-5"


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load_kb(FIXTURE_KB / "entries")


# Every highlight's boxes (a highlight wrapping over lines has several) and those of the line above it.
OVERLAPS = """() => {
  const out = [];
  for (const mark of document.querySelectorAll('.transcript mark')) {
    const line = mark.closest('.line');
    const tx = line.querySelector('.tx').getBoundingClientRect();
    const prev = line.previousElementSibling;
    const above = prev ? prev.getBoundingClientRect().bottom : -Infinity;
    const style = getComputedStyle(mark);
    for (const r of mark.getClientRects()) {
      if (r.top < above - 0.5 || r.top < tx.top - 0.5 || r.bottom > tx.bottom + 0.5) out.push(mark.id || mark.textContent);
    }
    if (style.borderTopWidth !== '0px' || style.paddingTop !== '0px') out.push('boxed: ' + (mark.id || mark.textContent));
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_transcript_highlights_sit_in_their_line(page, fixture_url: str, lang: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(fixture_url + routes.source(lang, SOURCE))
    assert page.locator(".transcript mark").count() > 50
    assert page.evaluate(OVERLAPS) == []


def test_claim_highlights_are_coloured_by_verdict(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + routes.source("en", SOURCE))
    colours = page.evaluate(
        """() => {
          const out = {};
          for (const m of document.querySelectorAll('.transcript mark.claim')) {
            const v = [...m.classList].find(c => c.startsWith('v-'));
            (out[v] = out[v] || new Set()).add(getComputedStyle(m).textDecorationColor);
          }
          return Object.fromEntries(Object.entries(out).map(([k, s]) => [k, [...s]]));
        }"""
    )
    assert {"v-accurate", "v-misleading", "v-transcription-error"} <= colours.keys()
    assert all(len(c) == 1 for c in colours.values()), colours  # one colour per verdict
    assert len({c[0] for c in colours.values()}) == len(colours)  # and a different one for each


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_text_errors_show_their_correction_inline(kb, page, fixture_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + routes.source(lang, SOURCE))
    expected = 0
    for entry in kb.stories:
        for claim in entry.model.claims:
            if verdict_of(claim) not in TEXT_ERRORS or not claim.anchor or not claim.review.correction:
                continue
            line = page.locator(f"#L{claim.anchor.line}")
            fixes = line.locator("ins.fix")
            text = getattr(claim.review.correction, lang)
            assert any(text in fixes.nth(i).inner_text() for i in range(fixes.count())), claim.id
            expected += 1
    assert expected >= 5
    assert page.locator("ins.fix").count() == expected


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_back_links_name_the_verdict(page, fixture_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + routes.source(lang, SOURCE))
    claims = page.locator('.transcript a.back-item[href*="#claim-"]')
    assert claims.count() > 50
    names = set(page.locator('.transcript a.back-item[href*="#claim-"]').all_inner_texts())
    assert not any(re.search(r"claim \d|主張\d", n) for n in names), names
    verdicts = {"en": "claim: Misleading", "ja": "主張：誤解を招く"}[lang]
    assert verdicts in names


def test_the_english_transcript_shows_english_for_every_quote_and_claim(kb, page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + routes.source("en", SOURCE))
    shown = 0
    for entry in kb.stories:
        for item in [*entry.model.quotes, *entry.model.claims]:
            if not item.anchor or not item.text.en:
                continue
            line = page.locator(f"#L{item.anchor.line}")
            assert line.locator(".tx").get_attribute("lang") is None  # the Japanese line stays, as evidence
            english = line.locator(".line-en")
            assert english.get_attribute("lang") == "en"
            text = english.inner_text()
            assert item.text.en in text, item.id
            shown += 1
    assert shown > 50
    # marked for what it is: the speaker's own words (with the source) or a translation
    own = page.locator("#L7 .line-en p.en-quote")
    assert "The speaker's own words" in own.inner_text() and own.locator('a[rel~="external"]').count() == 1
    assert "Our translation" in page.locator("#L7 .line-en p.en-claim").first.inner_text()
    assert page.locator(".transcript").get_attribute("lang") == "ja"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_claim_leads_with_its_verdict_beside_the_claim(page, fixture_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(fixture_url + routes.story(lang, THREE_MILE))
    claims = page.locator("li.claim")
    assert claims.count() == 27
    for i in range(claims.count()):
        claim = claims.nth(i)
        badge = claim.locator(".claim-verdict .badge").bounding_box()
        text = claim.locator(".claim-text").bounding_box()
        assert badge and text
        assert badge["x"] + badge["width"] <= text["x"]  # beside the claim, before it
        assert abs(badge["y"] - text["y"]) < 24  # on the same row
        assert badge["height"] < 40  # the badge keeps to one line


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_tally_jumps_to_the_claims_of_a_verdict(kb, page, fixture_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    story = next(e.model for e in kb.stories if e.model.id == THREE_MILE)
    page.goto(fixture_url + routes.story(lang, THREE_MILE))
    tally = page.locator("nav.verdicts ul.tally a")
    assert tally.count() == len({verdict_of(c) for c in story.claims})
    tally.filter(has=page.locator(".badge-misleading")).click()
    page.wait_for_url(re.compile(r"#verdict-misleading$"))
    section = page.locator("#verdict-misleading")
    assert section.evaluate("el => el.matches(':target')")
    misleading = [c for c in story.claims if verdict_of(c) == "misleading"]
    assert section.locator("li.claim").count() == len(misleading)
    assert int(tally.filter(has=page.locator(".badge-misleading")).locator(".count").inner_text()) == len(misleading)
    top = section.bounding_box()
    assert top and -2 <= top["y"] <= 40  # scrolled there


def test_the_targeted_claim_is_highlighted(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + routes.story("en", THREE_MILE) + "#claim-altman-invests-in-fusion")
    target = page.locator("#claim-altman-invests-in-fusion")
    other = page.locator("#claim-microsoft-gets-into-nuclear")
    style = "el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).backgroundColor]"
    outline, background = target.evaluate(style)
    assert outline != "none" and background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert other.evaluate(style) != [outline, background]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_claim_page_links_back_to_its_claim_and_line(page, fixture_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + routes.story(lang, SMALL))
    page.locator("#claim-pixar-12b-name a.permalink").click()
    page.wait_for_url(re.compile(rf"/{lang}/stories/{SMALL}/claims/pixar-12b-name/$"))
    assert "Pixar-12B" in page.locator("h1").inner_text()
    assert page.locator(f"main code:text-is('{SMALL}/pixar-12b-name')").count() == 1
    assert page.locator(".transcript-line ins.fix").count() == 1
    page.locator('main a[href$="#claim-pixar-12b-name"]').first.click()
    page.wait_for_url(re.compile(rf"/{lang}/stories/{SMALL}/#claim-pixar-12b-name$"))
    assert page.locator("#claim-pixar-12b-name").evaluate("el => el.matches(':target')")


def test_japanese_pages_offer_the_english_original_of_a_quote(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_url + routes.story("ja", THREE_MILE))
    quote = page.locator("#quote-joe-dominguez-l7")
    toggle = quote.locator("details.original")
    english = toggle.locator('blockquote[lang="en"]')
    assert not english.is_visible()
    toggle.locator("summary").click()
    assert english.is_visible()
    assert english.inner_text().startswith("Powering industries critical")
    assert "英語の原文" in toggle.locator("summary").inner_text()


def test_the_fact_grid_gives_a_phone_its_width(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 800})
    for lang in ("ja", "en"):
        page.goto(fixture_url + routes.source(lang, SOURCE))
        widths = page.evaluate(
            "[...document.querySelectorAll('dl.facts dd')].map(d => d.getBoundingClientRect().width)"
        )
        assert widths and min(widths) > 300, widths


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_finds_no_violations_on_the_claim_page(page, fixture_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    for route in (routes.claim(lang, SMALL, "pixar-12b-name"), routes.person(lang, "sam-altman"), routes.home(lang)):
        page.goto(fixture_url + route)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()


def test_a_hostile_claim_page_is_inert(page, hostile_url: str) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for lang in ("ja", "en"):
        page.goto(hostile_url + routes.claim(lang, "hostile-story", "hostile-claim"))
        for el in page.locator("main a, main p").all()[:40]:
            if el.is_visible():
                el.hover(timeout=2000)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('main script, main iframe, main img, main svg').length") == 0
    assert dialogs == []


def test_a_story_prints_on_fewer_pages_with_each_verdict_beside_its_claim(page, fixture_url: str) -> None:  # type: ignore[no-untyped-def]
    """Issue #14 counted 13 A4 pages for the Three Mile Island story; on paper each claim's verdict
    and text share one line."""
    page.goto(fixture_url + routes.story("en", THREE_MILE))
    page.emulate_media(media="print")
    claim = page.locator("#claim-microsoft-gets-into-nuclear")
    badge = claim.locator(".claim-verdict .badge").bounding_box()
    text = claim.locator(".claim-text").bounding_box()
    assert badge and text and abs(badge["y"] - text["y"]) < 12
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 < pages < 13, pages
    page.emulate_media(media="screen")
