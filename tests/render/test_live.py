"""The live build (`newskb build --watch`): after each edit the site is byte-identical to a full
build of the same files, an edit of a story's content rewrites exactly the pages a one-shot
incremental build rewrites, anything else reloads, and a bad edit changes nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newskb.models import Story
from newskb.render.build import build_site
from newskb.render.live import LiveBuild
from newskb.render.pages import placement
from newskb.store import read_yaml

from .support import BASE_URL
from .test_incremental import GRIN, config, edit, full_build, rebuild, stamps, tree

pytestmark = pytest.mark.slow  # each test drives a live build against full builds (1-4 s each)

TMI = "entries/stories/2024-09-20-microsoft-constellation-three-mile-island.yaml"

#: Edits of content only: the story keeps its place in every list.
CONTENT_EDITS = [
    pytest.param(GRIN, "a gradient-informed mixture-of-experts model", "a gradient-informed MoE", id="title-en"),
    pytest.param(GRIN, "論文はarXivで2024年9月18日公開。", "論文はarXivで公開。", id="claim-note-ja"),
    pytest.param(TMI, "which the video leaves out.", "which the video omits.", id="quote-note-en"),
    pytest.param(TMI, "requires an abundance of energy", "requires plenty of energy", id="quote-en"),
]

#: Edits that move a story between lists: the live build reloads.
SHAPE_EDITS = [
    pytest.param(GRIN, "date: 2024-09-18\n", "date: 2024-09-10\n", id="date"),
    pytest.param(GRIN, "- coding\n", "- programming\n", id="tag"),
    pytest.param(GRIN, "verdict: accurate", "verdict: misleading", id="verdict"),
]


def touch_later(path: Path) -> None:
    """Make sure a rewrite gets a stat signature different from the previous one."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def live_build(kb: Path) -> LiveBuild:
    live = LiveBuild(config(kb, kb / "site"))
    live.load()
    return live


@pytest.mark.parametrize(("rel", "old", "new"), CONTENT_EDITS)
def test_a_content_edit_rewrites_what_a_one_shot_build_would_and_nothing_else(
    kb: Path, tmp_path: Path, rel: str, old: str, new: str
) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(kb, twin)
    build_site(config(twin, twin / "site"), progress=False)
    live = live_build(kb)
    before = stamps(kb / "site")
    time.sleep(0.05)

    edit(kb, rel, old, new)
    touch_later(kb / rel)
    done = live.refresh()

    assert done.mode == "in-place", done.line()
    after = stamps(kb / "site")
    written = {f for f in after if before.get(f) != after[f]}
    edit(twin, rel, old, new)
    expected, _ = rebuild(twin, twin / "site")
    assert written == expected and written  # the same pages as the one-shot incremental build
    assert live.keyed is not None and done.result is not None
    assert done.result.written == len(written & set(live.keyed.keys))  # pages (HTML, JSON), not feeds or assets
    assert tree(kb / "site") == full_build(kb, tmp_path)


@pytest.mark.parametrize(("rel", "old", "new"), SHAPE_EDITS)
def test_an_edit_that_moves_a_story_between_lists_reloads(
    kb: Path, tmp_path: Path, rel: str, old: str, new: str
) -> None:
    live = live_build(kb)
    edit(kb, rel, old, new)
    touch_later(kb / rel)
    done = live.refresh()
    assert done.mode == "reload", done.line()
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_a_registry_edit_reloads(kb: Path, tmp_path: Path) -> None:
    live = live_build(kb)
    edit(kb, "entries/people.yaml", "en: Sundar Pichai", "en: Pichai Sundararajan")
    touch_later(kb / "entries/people.yaml")
    done = live.refresh()
    assert done.mode == "reload"
    page = (kb / "site/en/people/sundar-pichai/index.html").read_text(encoding="utf-8")
    assert "Pichai Sundararajan" in page
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_a_new_and_a_deleted_story_reload(kb: Path, tmp_path: Path) -> None:
    live = live_build(kb)
    (kb / GRIN).unlink()
    assert live.refresh().mode == "reload"
    assert not (kb / "site/en/stories/microsoft-grin-moe/index.html").exists()
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_several_edits_in_a_row_stay_identical_to_a_full_build(kb: Path, tmp_path: Path) -> None:
    live = live_build(kb)
    for rel, old, new in [p.values for p in CONTENT_EDITS]:
        edit(kb, rel, old, new)
        touch_later(kb / rel)
        assert live.refresh().mode == "in-place"
    edit(kb, GRIN, "a gradient-informed MoE", "GRIN MoE")  # the same story again
    touch_later(kb / GRIN)
    assert live.refresh().mode == "in-place"
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_an_edit_is_never_shown_from_what_was_rendered_before_it(kb: Path, tmp_path: Path) -> None:
    """A claim rendered for pages still to come (the renderer keeps it until its last page) is
    dropped when its story is edited in place, so no page shows the claim as it was."""
    live = live_build(kb)
    assert live.keyed is not None
    prep = live.keyed.prep
    story = prep.site.story_index["microsoft-grin-moe"]
    claim = next(c for c in story.claims if c.review and "論文はarXivで2024年9月18日公開。" in (c.review.note.ja or ""))
    for lang in ("ja", "en"):
        prep.renderer.card_helpers(lang)["claim_html"](story, claim)  # rendered, one page of it still to come
    edit(kb, GRIN, "論文はarXivで2024年9月18日公開。", "論文はarXivで公開。")
    touch_later(kb / GRIN)
    assert live.refresh().mode == "in-place"
    assert "論文はarXivで公開。" in (kb / "site/ja/stories/microsoft-grin-moe/index.html").read_text(encoding="utf-8")
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_a_live_edit_of_a_claim_updates_its_claim_page(kb: Path, tmp_path: Path) -> None:
    """A claim's own page (routes.claim) shows its story's content: an in-place edit rewrites it."""
    live = live_build(kb)
    edit(kb, GRIN, "論文はarXivで2024年9月18日公開。", "論文はarXivで公開。")
    touch_later(kb / GRIN)
    done = live.refresh()
    assert done.mode == "in-place", done.line()
    page = kb / "site/ja/stories/microsoft-grin-moe/claims/microsoft-released-grin/index.html"
    assert "論文はarXivで公開。" in page.read_text(encoding="utf-8")
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_a_claim_that_comes_to_name_someone_reloads(kb: Path, tmp_path: Path) -> None:
    """Whom a claim is about follows its text (site.claim_subjects): naming a person moves it onto
    their page, so the live build reloads rather than leave that page stale."""
    live = live_build(kb)
    edit(kb, TMI, "ja: AIの登場で初めて企業にとって即座に利益を生む可能性が出てきたんや", "ja: AIの登場で初めて企業にとって即座に利益を生む可能性が出てきたんや(サム・アルトマン)")
    touch_later(kb / TMI)
    done = live.refresh()
    assert done.mode == "reload", done.line()
    page = (kb / "site/en/people/sam-altman/index.html").read_text(encoding="utf-8")
    assert "#claim-ai-makes-fusion-profitable" in page
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_a_bad_edit_is_reported_in_one_line_and_changes_nothing(kb: Path, tmp_path: Path) -> None:
    live = live_build(kb)
    site_before = tree(kb / "site")
    good = (kb / GRIN).read_text(encoding="utf-8")
    (kb / GRIN).write_text(good.replace("date: 2024-09-18", "date: 2024-02-30"), encoding="utf-8")
    touch_later(kb / GRIN)
    done = live.refresh()
    assert done.mode == "error" and done.error is not None
    assert "microsoft-grin-moe.yaml" in done.error and "\n" not in done.error
    assert tree(kb / "site") == site_before
    assert live.refresh().mode == "unchanged"  # reported once, not on every poll
    # the next save is tried again
    (kb / GRIN).write_text(good.replace("a gradient-informed mixture-of-experts model", "GRIN"), encoding="utf-8")
    touch_later(kb / GRIN)
    assert live.refresh().mode == "in-place"
    assert tree(kb / "site") == full_build(kb, tmp_path)


def test_a_save_without_a_change_writes_nothing(kb: Path) -> None:
    live = live_build(kb)
    before = stamps(kb / "site")
    touch_later(kb / GRIN)
    done = live.refresh()
    assert done.mode == "unchanged" and done.files == 1
    assert stamps(kb / "site") == before


def test_after_the_live_build_stops_a_one_shot_build_has_nothing_to_do(kb: Path) -> None:
    live = live_build(kb)
    edit(kb, GRIN, "a gradient-informed mixture-of-experts model", "GRIN")
    touch_later(kb / GRIN)
    assert live.refresh().mode == "in-place"
    live.save()
    written, removed = rebuild(kb, kb / "site")
    assert written == set() and removed == set()


def test_placement_ignores_content_and_sees_what_orders_lists(kb: Path) -> None:
    story = Story.model_validate(read_yaml(kb / GRIN).data)

    def shape(s: Story) -> tuple:  # type: ignore[type-arg]
        return placement(s, {})

    retitled = story.model_copy(update={"title": story.title.model_copy(update={"en": "Other"})})
    assert shape(retitled) == shape(story)
    moved = story.model_copy(update={"tags": [*story.tags, "new-tag"]})
    assert shape(moved) != shape(story)
    redated = story.model_copy(update={"date": None})
    assert shape(redated) != shape(story)


def test_the_watch_command_rebuilds_on_save_and_stops_on_sigterm(kb: Path) -> None:
    """The real command: `newskb build --watch` prints one line per rebuild and exits 0 on SIGTERM."""
    env = {**os.environ, "NEWSKB_BASE_URL": BASE_URL}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newskb.cli", "build", "--watch", "--no-search", "--entries", "entries", "--out", "site"],
        cwd=kb,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()

    def wait_for(text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in lines:
                if text in line:
                    return line
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.kill()
        raise AssertionError(f"no {text!r} in {lines!r}; stderr: {proc.stderr.read() if proc.stderr else ''}")

    try:
        wait_for("watching for changes")
        edit(kb, GRIN, "a gradient-informed mixture-of-experts model", "GRIN")
        line = wait_for("pages written")
        assert "(in-place)" in line and "1 file(s) changed" in line
        assert "GRIN</h1>" in (kb / "site/en/stories/microsoft-grin-moe/index.html").read_text(encoding="utf-8")
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0
