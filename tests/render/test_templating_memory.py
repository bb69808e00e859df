"""What the renderer keeps between pages: bounded, so a worker's memory does not grow with the site.

At 10,000 stories each worker renders about 185,000 pages; whatever a cache keeps per story or per
text for the whole build is multiplied by that (issue #16: peak memory <= 1.5 GB).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newskb.render import build as build_mod
from newskb.render import templating
from newskb.render.build import BuildConfig

from .support import FIXTURE_KB


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Every str held by `value` through dicts, lists and tuples (what a cache attribute retains)."""
    if isinstance(value, str):
        return [value]
    if depth > 4:
        return []
    if isinstance(value, dict):
        return [s for k, v in value.items() for x in (k, v) for s in _strings(x, depth + 1)]
    if isinstance(value, (list, tuple)):
        return [s for x in value for s in _strings(x, depth + 1)]
    return []


def test_story_items_and_quote_cards_are_not_kept_after_the_pages_that_show_them(tmp_path: Path) -> None:
    """After every page is rendered, no attribute of the renderer holds a rendered story item or
    quote card (a per-story cache of them held every card of the site in each worker)."""
    prep = build_mod.prepare(BuildConfig(entries=FIXTURE_KB / "entries", out=tmp_path / "site", search=False))
    renderer = prep.renderer
    shown = 0
    for page in prep.pages:
        html = renderer.render(page)
        if isinstance(html, str):
            shown += html.count('<li class="story-item">') + html.count('<li class="quote-card">')
    assert shown > 0  # the fixture's lists do show cards
    kept = [s for value in vars(renderer).values() for s in _strings(value)]
    assert not [s for s in kept if '<li class="story-item">' in s or '<li class="quote-card">' in s]


def test_the_escaped_text_memo_is_bounded() -> None:
    """`tx()`'s memo keeps recent texts only: unbounded, it held every title, name and claim of the site."""
    templating._tx.cache_clear()
    limit = templating._tx.cache_info().maxsize
    assert limit is not None
    for i in range(limit + 100):
        templating._tx(f"text {i}", "en", "en")
    assert templating._tx.cache_info().currsize == limit
    assert str(templating._tx("a < b", "en", "en")) == "a &lt; b"
