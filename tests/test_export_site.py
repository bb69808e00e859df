"""What the site publishes as data: the JSON API beside the pages, the database and feed, the Data page.

Built from the fixture knowledge base (the real one) without search; counts
are checked against the entries as PyYAML reads them.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
import yaml

from newskb.render import live as live_mod
from newskb.render.build import BuildConfig, build_site
from newskb.render.live import LiveBuild

FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "render" / "kb"
BASE = "https://kb.example.org/"


def config(root: Path) -> BuildConfig:
    return BuildConfig(entries=root / "entries", out=root / "site", base_url=BASE, search=False)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site-data") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    build_site(config(root), progress=False)
    return root


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    entries = FIXTURE_KB / "entries"
    return {
        "stories": [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((entries / "stories").glob("*.yaml"))],
        "people": yaml.safe_load((entries / "people.yaml").read_text(encoding="utf-8"))["people"],
        "organizations": yaml.safe_load((entries / "organizations.yaml").read_text(encoding="utf-8"))["organizations"],
    }


def _alternate(html: str) -> str | None:
    found = re.findall(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(("kind", "route"), [("stories", "stories"), ("people", "people"), ("organizations", "organizations")])
def test_each_page_links_its_json_document_which_holds_its_entry(
    kb: Path, raw: dict[str, Any], kind: str, route: str
) -> None:
    site = kb / "site"
    for item in raw[kind]:
        for lang in ("ja", "en"):
            page = site / lang / route / item["id"] / "index.html"
            href = _alternate(page.read_text(encoding="utf-8"))
            assert href == f"../../../api/{route}/{item['id']}.json"
            doc = json.loads((page.parent / href).resolve().read_text(encoding="utf-8"))
            assert doc["id"] == item["id"]
            assert doc["url"][lang] == f"{BASE}{lang}/{route}/{item['id']}/"
    assert _alternate((site / "en" / "index.html").read_text(encoding="utf-8")) is None  # lists have none


def test_a_story_document_has_both_languages_quotes_claims_and_reviews(kb: Path, raw: dict[str, Any]) -> None:
    story = max(raw["stories"], key=lambda s: len(s["claims"]))
    doc = json.loads((kb / "site" / "api" / "stories" / f"{story['id']}.json").read_text(encoding="utf-8"))
    assert doc["title"] == story["title"]
    assert [q["id"] for q in doc["quotes"]] == [q["id"] for q in story["quotes"]]
    assert [c["id"] for c in doc["claims"]] == [c["id"] for c in story["claims"]]
    reviewed = next(c for c in doc["claims"] if c.get("review"))
    want = next(c for c in story["claims"] if c["id"] == reviewed["id"])
    assert reviewed["review"]["verdict"] == want["review"]["verdict"]
    assert reviewed["url"]["en"].endswith(f"/stories/{story['id']}/claims/{reviewed['id']}/")
    speakers = {q["speaker"] for q in story["quotes"]} & {p["id"] for p in raw["people"]}
    assert speakers <= {e["id"] for e in doc["entities"]}


def test_the_index_lists_every_story_person_and_organisation(kb: Path, raw: dict[str, Any]) -> None:
    index = json.loads((kb / "site" / "api" / "index.json").read_text(encoding="utf-8"))
    assert sorted(s["id"] for s in index["stories"]) == sorted(s["id"] for s in raw["stories"])
    assert sorted(p["id"] for p in index["people"]) == sorted(p["id"] for p in raw["people"])
    assert sorted(o["id"] for o in index["organizations"]) == sorted(o["id"] for o in raw["organizations"])
    for story in index["stories"]:
        assert (kb / "site" / story["json"].removeprefix(BASE)).is_file()
    for url in index["data"].values():
        assert (kb / "site" / url.removeprefix(BASE)).is_file()


def test_the_published_database_opens_and_matches_the_entries(kb: Path, raw: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "newskb.sqlite"
    path.write_bytes(gzip.decompress((kb / "site" / "data" / "newskb.sqlite.gz").read_bytes()))
    db = sqlite_utils.Database(path)
    assert db["stories"].count == len(raw["stories"])
    assert db["claims"].count == sum(len(s["claims"]) for s in raw["stories"])
    assert db["reviews"].count == sum(1 for s in raw["stories"] for c in s["claims"] if c.get("review"))
    assert not [t for t in db.table_names() if t.endswith("_fts")]  # the site's copy leaves the index out
    assert sqlite3.connect(path).execute("pragma foreign_key_check").fetchall() == []
    meta = json.loads((kb / "site" / "data" / "newskb.metadata.json").read_text(encoding="utf-8"))
    assert "claims_by_verdict_per_speaker" in meta["databases"]["newskb"]["queries"]
    assert all("fts_table" not in t for t in meta["databases"]["newskb"]["tables"].values())


def test_the_published_feed_lists_every_review_in_both_languages(kb: Path, raw: dict[str, Any]) -> None:
    feed = json.loads(gzip.decompress((kb / "site" / "data" / "claimreview.json.gz").read_bytes()))
    reviews = [r for e in feed["dataFeedElement"] for r in e["item"]]
    assert len(reviews) == 2 * sum(1 for s in raw["stories"] for c in s["claims"] if c.get("review"))
    assert all(r["url"].startswith(BASE) for r in reviews)


def test_the_data_page_in_both_languages_links_every_file(kb: Path) -> None:
    site = kb / "site"
    for lang, title in (("ja", "データ"), ("en", "Data")):
        page = site / lang / "data" / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in html
        for target in ("data/newskb.sqlite.gz", "data/newskb.metadata.json", "data/claimreview.json.gz", "api/index.json"):
            assert f'href="../../{target}"' in html and (site / target).is_file()
        home = (site / lang / "index.html").read_text(encoding="utf-8")
        assert f'href="../{lang}/data/"' in home  # the footer links the Data page


@pytest.mark.slow
def test_a_second_build_is_byte_identical_and_an_edit_rewrites_the_data(kb: Path, tmp_path: Path) -> None:
    other = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, other)
    build_site(config(other), progress=False)
    for rel in ("data/newskb.sqlite.gz", "data/claimreview.json.gz", "api/index.json"):
        assert (other / "site" / rel).read_bytes() == (kb / "site" / rel).read_bytes()
    story = other / "entries" / "stories" / "2024-09-18-microsoft-grin-moe.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace("en: Microsoft releases GRIN", "en: Microsoft releases GRAIN"), encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in (other / "site").rglob("*.json*")}
    time.sleep(0.05)
    build_site(config(other), progress=False)
    changed = {p.relative_to(other / "site").as_posix() for p, m in before.items() if p.stat().st_mtime_ns != m}
    assert {"api/stories/microsoft-grin-moe.json", "api/index.json", "data/claimreview.json.gz"} <= changed
    assert "api/stories/microsoft-constellation-three-mile-island.json" not in changed
    assert "data/newskb.metadata.json" not in changed
    data = gzip.decompress((other / "site" / "data" / "newskb.sqlite.gz").read_bytes())
    assert b"GRAIN" in data


@pytest.mark.slow
def test_a_live_build_of_a_large_knowledge_base_leaves_the_data_files_to_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    monkeypatch.setattr(live_mod, "LIVE_BULK_STORIES", 0)  # the fixture counts as large
    live = LiveBuild(config(root))
    live.load()
    database = root / "site" / "data" / "newskb.sqlite.gz"
    stamp = database.stat().st_mtime_ns
    story = root / "entries" / "stories" / "2024-09-18-microsoft-grin-moe.yaml"
    time.sleep(0.05)
    story.write_text(story.read_text(encoding="utf-8").replace("en: Microsoft releases GRIN", "en: Microsoft releases GRAIN"), encoding="utf-8")
    done = live.refresh()
    assert done.mode == "in-place"
    assert "GRAIN" in (root / "site" / "api" / "stories" / "microsoft-grin-moe.json").read_text(encoding="utf-8")
    assert database.stat().st_mtime_ns == stamp
    live.save()
    result = build_site(config(root), progress=False)
    assert "data/newskb.sqlite.gz" in result.changed
    assert b"GRAIN" in gzip.decompress(database.read_bytes())


@pytest.mark.slow
def test_no_data_leaves_the_data_files_out_and_the_data_page_says_so(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    cfg = config(root)
    cfg.data = False
    build_site(cfg, progress=False)
    site = root / "site"
    assert not (site / "data").exists()
    assert (site / "api" / "index.json").is_file()
    assert "data" not in json.loads((site / "api" / "index.json").read_text(encoding="utf-8"))
    html = (site / "en" / "data" / "index.html").read_text(encoding="utf-8")
    assert "does not include the data files" in html and "newskb.sqlite.gz\"" not in html
    cfg.data = True
    result = build_site(cfg, progress=False)  # incremental: the files appear, the Data page links them
    assert {"data/newskb.sqlite.gz", "data/claimreview.json.gz", "en/data/index.html"} <= set(result.changed)
    assert 'href="../../data/newskb.sqlite.gz"' in (site / "en" / "data" / "index.html").read_text(encoding="utf-8")
