"""`newskb export`: the database as sqlite-utils and Datasette open it, CSV as pandas reads it, JSON Lines.

Every count is checked against the entries as PyYAML reads them (not through
newskb's models), so the export is compared with the files, not with itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import collections
import csv
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette

from newskb.cli import main
from newskb.export.tables import TABLES

FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "render" / "kb"


def _raw(root: Path) -> dict[str, Any]:
    """The entries as plain YAML data."""
    stories = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "stories").glob("*.yaml"))]
    sources = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "sources").glob("*.yaml"))]
    reg = {n: yaml.safe_load((root / f"{n}.yaml").read_text(encoding="utf-8"))[n] for n in ("people", "organizations", "products")}
    return {"stories": stories, "sources": sources, **reg}


@pytest.fixture(scope="module")
def kb_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


@pytest.fixture(scope="module")
def raw(kb_root: Path) -> dict[str, Any]:
    return _raw(kb_root / "entries")


@pytest.fixture(scope="module")
def database(kb_root: Path) -> Path:
    out = kb_root / "out" / "newskb.sqlite"
    assert main(["export", "sqlite", str(out), "--entries", str(kb_root / "entries"), "--quiet"]) == 0
    return out


def _claims(raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(s["id"], c) for s in raw["stories"] for c in s.get("claims", [])]


def _expected_counts(raw: dict[str, Any]) -> dict[str, int]:
    claims = _claims(raw)
    reviews = [c["review"] for _, c in claims if c.get("review")]
    quotes = [q for s in raw["stories"] for q in s.get("quotes", [])]
    citations = sum(len(r.get("sources", [])) for r in reviews)
    citations += sum(1 for q in quotes if q.get("en_source"))
    citations += sum(1 for s in raw["stories"] if s.get("date_source"))
    citations += sum(len(s.get("sources", [])) for s in raw["sources"])
    return {
        "stories": len(raw["stories"]),
        "sources": len(raw["sources"]),
        "people": len(raw["people"]),
        "organizations": len(raw["organizations"]),
        "products": len(raw["products"]),
        "quotes": len(quotes),
        "claims": len(claims),
        "reviews": len(reviews),
        "citations": citations,
        "quantities": sum(len(c.get("quantities", [])) for _, c in claims),
        "mentions": sum(len(s.get("mentions", [])) for s in raw["stories"]),
        "tags": len({t for s in raw["stories"] for t in s.get("tags", [])}),
        "story_tags": sum(len(set(s.get("tags", []))) for s in raw["stories"]),
        "affiliations": sum(len(set(p.get("affiliations", []))) for p in raw["people"]),
    }


def test_every_table_has_as_many_rows_as_the_entries_have_items(database: Path, raw: dict[str, Any]) -> None:
    db = sqlite_utils.Database(database)
    expected = _expected_counts(raw)
    assert {name: db[name].count for name in expected} == expected
    assert expected["claims"] > 50 and expected["quotes"] > 10  # the fixture is the real knowledge base


def test_foreign_keys_are_declared_and_every_reference_resolves(database: Path) -> None:
    db = sqlite_utils.Database(database)
    fks = {(fk.table, fk.column, fk.other_table) for name in db.table_names() for fk in db[name].foreign_keys}
    for edge in [
        ("stories", "source", "sources"),
        ("quotes", "story", "stories"),
        ("quotes", "speaker_person", "people"),
        ("claims", "by_person", "people"),
        ("reviews", "claim", "claims"),
        ("citations", "review", "reviews"),
        ("mentions", "product", "products"),
        ("story_tags", "tag", "tags"),
    ]:
        assert edge in fks
    conn = sqlite3.connect(database)
    assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_texts_sit_side_by_side_with_verdicts_corrections_and_anchors(database: Path, raw: dict[str, Any]) -> None:
    db = sqlite_utils.Database(database)
    sid, claim = next((s, c) for s, c in _claims(raw) if c.get("review", {}).get("correction"))
    row = db["claims"].get(f"{sid}/{claim['id']}")
    assert (row["text_ja"], row["text_en"]) == (claim["text"]["ja"], claim["text"]["en"])
    assert (row["anchor_line"], row["anchor_start"], row["anchor_end"]) == (
        claim["anchor"]["line"],
        claim["anchor"]["start"],
        claim["anchor"]["end"],
    )
    review = db["reviews"].get(f"{sid}/{claim['id']}")
    assert review["verdict"] == claim["review"]["verdict"] == row["verdict"]
    assert review["correction_en"] == claim["review"]["correction"]["en"]
    assert review["url"].endswith(f"/en/stories/{sid}/claims/{claim['id']}/")
    cited = list(db["citations"].rows_where("review = ?", [row["id"]], order_by="position"))
    assert [c["url"] for c in cited] == [s["url"] for s in claim["review"]["sources"]]
    assert {"kind", "excerpt", "archive_url", "unverified"} <= set(db["citations"].columns_dict)


def test_full_text_search_finds_japanese_and_english_inside_words(database: Path, raw: dict[str, Any]) -> None:
    db = sqlite_utils.Database(database)
    assert db["claims"].detect_fts() == "claims_fts"
    ja = "スリーマイル"
    en = "Constellation"
    claims = _claims(raw)
    want_ja = {f"{s}/{c['id']}" for s, c in claims if ja in c["text"]["ja"] or ja in c["text"].get("en", "")}
    want_en = {f"{s}/{c['id']}" for s, c in claims if en.lower() in (c["text"]["ja"] + " " + c["text"]["en"]).lower()}
    assert want_ja and want_en
    assert {r["id"] for r in db["claims"].search(ja)} == want_ja
    assert {r["id"] for r in db["claims"].search(en)} == want_en


def _datasette_get(database: Path, path: str) -> Any:
    from newskb.export.sqlite import metadata

    async def go() -> Any:
        ds = Datasette([str(database)], metadata=metadata(database.stem))
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    # A thread of its own: Playwright's sync API (browser tests earlier in the run) leaves an event loop running
    # in this thread, and asyncio.run refuses to start inside one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result()


def test_datasette_serves_the_tables_with_bilingual_metadata(database: Path, raw: dict[str, Any]) -> None:
    data = _datasette_get(database, "/newskb/stories.json?_shape=objects&_size=max")
    assert len(data["rows"]) == len(raw["stories"])
    tables = _datasette_get(database, "/newskb.json")
    names = {t["name"] for t in tables["tables"] if not t["hidden"]}
    assert {t.name for t in TABLES} <= names
    meta = _datasette_get(database, "/-/metadata.json")
    desc = meta["databases"]["newskb"]["tables"]["claims"]
    assert "claims" in desc["description"].lower() and "主張" in desc["description"]
    assert "英語" in desc["columns"]["text_en"] and "English" in desc["columns"]["text_en"]


def test_datasette_full_text_search_in_both_languages(database: Path, raw: dict[str, Any]) -> None:
    quotes = [q for s in raw["stories"] for q in s.get("quotes", [])]
    needle = "データセンター"
    want = sum(needle in q["text"]["ja"] or needle in q["text"].get("en", "") for q in quotes)
    got = _datasette_get(database, f"/newskb/quotes.json?_search={needle}&_shape=objects&_size=max")
    assert want and len(got["rows"]) == want
    stories = [s for s in raw["stories"] if "microsoft" in (s["title"]["ja"] + s["title"]["en"] + s["summary"]["ja"] + s["summary"]["en"]).lower()]
    got = _datasette_get(database, "/newskb/stories.json?_search=Microsoft&_shape=objects&_size=max")
    assert 0 < len(stories) < len(raw["stories"])
    assert {r["id"] for r in got["rows"]} == {s["id"] for s in stories}


def test_canned_query_claims_by_verdict_per_speaker(database: Path, raw: dict[str, Any]) -> None:
    want = collections.Counter(
        (c.get("by", "narrator"), c["review"]["verdict"] if c.get("review") else "unreviewed") for _, c in _claims(raw)
    )
    rows = _datasette_get(database, "/newskb/claims_by_verdict_per_speaker.json?_shape=array")
    assert {(r["speaker"], r["verdict"]): r["claims"] for r in rows} == dict(want)
    people = {p["id"]: p for p in raw["people"]}
    named = next(r for r in rows if r["speaker"] in people)
    assert named["name_ja"] == people[named["speaker"]]["name"]["ja"]


def test_canned_query_every_correction(database: Path, raw: dict[str, Any]) -> None:
    want = {f"{s}/{c['id']}" for s, c in _claims(raw) if c.get("review", {}).get("correction")}
    rows = _datasette_get(database, "/newskb/corrections.json?_shape=array")
    assert want and {r["claim"] for r in rows} == want


def test_canned_query_numbers_the_transcript_got_wrong(database: Path, raw: dict[str, Any]) -> None:
    wrong = {"transcription-error", "translation-error", "inaccurate"}
    want = [
        (f"{s}/{c['id']}", q["as_written"])
        for s, c in _claims(raw)
        if c.get("review", {}).get("verdict") in wrong
        for q in c.get("quantities", [])
    ]
    rows = _datasette_get(database, "/newskb/numbers_the_transcript_got_wrong.json?_shape=array")
    assert want and sorted((r["claim"], r["as_written"]) for r in rows) == sorted(want)


def test_canned_query_finds_two_character_japanese_words(database: Path, raw: dict[str, Any]) -> None:
    word = "電力"
    want = {f"{s}/{c['id']}" for s, c in _claims(raw) if word in c["text"]["ja"]}
    rows = _datasette_get(database, f"/newskb/search_short.json?q={word}&_shape=array")
    assert want and {r["id"] for r in rows if r["kind"] == "claim"} == want
    db = sqlite_utils.Database(database)
    assert list(db["claims"].search(word)) == []  # why the query exists: a trigram needs three characters


def test_the_same_entries_give_the_same_bytes(kb_root: Path, database: Path) -> None:
    again = kb_root / "again" / "newskb.sqlite"
    assert main(["export", "sqlite", str(again), "--entries", str(kb_root / "entries"), "-q"]) == 0
    assert again.read_bytes() == database.read_bytes()
    dump = lambda p: "\n".join(sqlite3.connect(p).iterdump())
    assert dump(again) == dump(database)
    assert (kb_root / "again" / "newskb.metadata.json").read_bytes() == (database.parent / "newskb.metadata.json").read_bytes()


def test_an_edit_changes_the_database(kb_root: Path, database: Path, tmp_path: Path) -> None:
    """The determinism test above could pass with a constant file; this one could not."""
    root = tmp_path / "kb"
    shutil.copytree(kb_root / "entries", root / "entries")
    shutil.copytree(kb_root / "seeds", root / "seeds")
    story = min((root / "entries" / "stories").glob("*.yaml"))
    text = story.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    old = data["title"]["en"]
    story.write_text(text.replace(f"en: {old}", f"en: {old} (edited)", 1), encoding="utf-8")
    out = tmp_path / "db.sqlite"
    assert main(["export", "sqlite", str(out), "--entries", str(root / "entries"), "-q"]) == 0
    assert sqlite_utils.Database(out)["stories"].get(data["id"])["title_en"] == f"{old} (edited)"


def test_entries_with_errors_are_refused_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    story = min((root / "entries" / "stories").glob("*.yaml"))
    story.write_text("id: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out.sqlite"
    assert main(["export", "sqlite", str(out), "--entries", str(root / "entries")]) == 2
    err = capsys.readouterr().err
    assert story.name in err and len(err.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.glob("*.sqlite*")) == []
    assert main(["export", "csv", str(tmp_path / "csv"), "--entries", str(root / "entries")]) == 2
    assert not (tmp_path / "csv").exists() or list((tmp_path / "csv").iterdir()) == []


# --- CSV and JSON Lines ------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_dir(kb_root: Path) -> Path:
    out = kb_root / "csv"
    assert main(["export", "csv", str(out), "--entries", str(kb_root / "entries"), "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def jsonl_dir(kb_root: Path) -> Path:
    out = kb_root / "jsonl"
    assert main(["export", "jsonl", str(out), "--entries", str(kb_root / "entries"), "-q"]) == 0
    return out


def test_pandas_reads_every_csv_without_options(csv_dir: Path, raw: dict[str, Any]) -> None:
    expected = _expected_counts(raw)
    assert sorted(p.name for p in csv_dir.iterdir()) == sorted(f"{t.name}.csv" for t in TABLES)
    for table in TABLES:
        frame = pd.read_csv(csv_dir / f"{table.name}.csv")
        assert list(frame.columns) == table.column_names, table.name  # the BOM is not part of the first header
        if table.name in expected:
            assert len(frame) == expected[table.name], table.name
    claims = pd.read_csv(csv_dir / "claims.csv").set_index("id")
    sid, claim = next((s, c) for s, c in _claims(raw) if "\n" in c["review"]["note"]["en"] or "," in c["text"]["en"])
    assert claims.loc[f"{sid}/{claim['id']}", "text_ja"] == claim["text"]["ja"]
    reviews = pd.read_csv(csv_dir / "reviews.csv").set_index("claim")
    assert reviews.loc[f"{sid}/{claim['id']}", "note_en"] == claim["review"]["note"]["en"]


def test_csv_is_utf8_with_bom_header_row_and_crlf_for_spreadsheets(csv_dir: Path) -> None:
    data = (csv_dir / "stories.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,source,")  # Excel reads UTF-8 only with the BOM
    assert b"\r\n" in data
    with open(csv_dir / "stories.csv", encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[0] == "id"


def test_jsonl_has_one_object_per_row_with_the_same_columns(jsonl_dir: Path, csv_dir: Path, raw: dict[str, Any]) -> None:
    expected = _expected_counts(raw)
    for table in TABLES:
        text = (jsonl_dir / f"{table.name}.jsonl").read_text(encoding="utf-8")
        assert not text.startswith("\ufeff")
        objects = [json.loads(line) for line in text.splitlines()]
        assert all(list(o) == table.column_names for o in objects), table.name
        if table.name in expected:
            assert len(objects) == expected[table.name]
        frame = pd.read_json(jsonl_dir / f"{table.name}.jsonl", lines=True)
        assert len(frame) == len(objects)
    people = [json.loads(line) for line in (jsonl_dir / "people.jsonl").read_text(encoding="utf-8").splitlines()]
    first = min(raw["people"], key=lambda p: p["id"])
    assert people[0]["aliases"] == first.get("aliases", [])  # lists stay lists


def test_a_path_of_the_wrong_kind_is_one_line_and_exit_2(kb_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    entries = str(kb_root / "entries")
    assert main(["export", "sqlite", str(tmp_path), "--entries", entries, "-q"]) == 2
    assert "is a directory" in capsys.readouterr().err
    target = tmp_path / "file.txt"
    target.write_text("keep me", encoding="utf-8")
    assert main(["export", "csv", str(target), "--entries", entries, "-q"]) == 2
    assert "is not a directory" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert main(["export", "sqlite", str(tmp_path / "x.sqlite"), "--entries", str(tmp_path / "missing"), "-q"]) == 2
    assert not (tmp_path / "x.sqlite").exists()


def test_a_repeated_id_is_refused_with_its_file_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    story = root / "entries" / "stories" / "2024-09-18-microsoft-grin-moe.yaml"
    data = yaml.safe_load(story.read_text(encoding="utf-8"))
    first, second = data["claims"][0]["id"], data["claims"][1]["id"]
    story.write_text(story.read_text(encoding="utf-8").replace(f"id: {second}\n", f"id: {first}\n", 1), encoding="utf-8")
    out = tmp_path / "db.sqlite"
    assert main(["export", "sqlite", str(out), "--entries", str(root / "entries"), "-q"]) == 2
    err = capsys.readouterr().err
    assert story.name in err and f"claims rows share the key `microsoft-grin-moe/{first}`" in err
    assert not out.exists()


def test_hostile_text_is_exported_as_data_exactly(tmp_path: Path) -> None:
    """Markup, template syntax, quotes and commas arrive in every format byte for byte, never interpreted."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    hostile = FIXTURE_KB.parent / "hostile"
    shutil.copy(hostile / "story.yaml", root / "entries" / "stories" / "2024-09-21-hostile.yaml")
    people = (root / "entries" / "people.yaml").read_text(encoding="utf-8").rstrip("\n")
    (root / "entries" / "people.yaml").write_text(people + "\n" + (hostile / "people.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    story = yaml.safe_load((hostile / "story.yaml").read_text(encoding="utf-8"))
    entries = str(root / "entries")
    assert main(["export", "sqlite", str(tmp_path / "db.sqlite"), "--entries", entries, "-q"]) == 0
    assert main(["export", "csv", str(tmp_path / "csv"), "--entries", entries, "-q"]) == 0
    assert main(["export", "claimreview", str(tmp_path / "cr.json"), "--entries", entries, "-q"]) == 0
    row = sqlite_utils.Database(tmp_path / "db.sqlite")["stories"].get("hostile-story")
    assert (row["title_ja"], row["summary_en"]) == (story["title"]["ja"], story["summary"]["en"])
    frame = pd.read_csv(tmp_path / "csv" / "quotes.csv").set_index("id")
    assert frame.loc["hostile-story/hostile-quote", "text_en"] == story["quotes"][0]["text"]["en"]
    feed = json.loads((tmp_path / "cr.json").read_text(encoding="utf-8"))
    reviewed = [r for e in feed["dataFeedElement"] for r in e["item"] if "hostile-claim" in r["url"]]
    assert {r["claimReviewed"] for r in reviewed} >= {story["claims"][0]["text"]["en"]}


def test_every_format_replaces_its_files_keeping_their_mode_and_leaves_no_temporary_file(
    kb_root: Path, tmp_path: Path
) -> None:
    """One writer (cache.atomic_path): a file someone made private (0600) stays private when it is exported again
    (each format's own writer forced 0644), and nothing but the exported files is left beside them."""
    entries = str(kb_root / "entries")
    targets = {
        "sqlite": tmp_path / "db.sqlite",
        "claimreview": tmp_path / "cr.json",
        "csv": tmp_path / "csv" / "stories.csv",
        "jsonl": tmp_path / "jsonl" / "stories.jsonl",
    }
    for fmt, target in targets.items():
        target.parent.mkdir(exist_ok=True)
        target.write_text("old")
        target.chmod(0o600)
        out = target.parent if fmt in ("csv", "jsonl") else target
        assert main(["export", fmt, str(out), "--entries", entries, "-q"]) == 0
        assert target.read_bytes() != b"old" and target.stat().st_mode & 0o777 == 0o600, fmt
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]


def test_a_feed_that_fails_midway_leaves_the_old_file(kb_root: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newskb.export import claimreview

    target = tmp_path / "cr.json"
    target.write_text("old")

    def broken(*args: Any) -> Any:
        yield "[{"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(claimreview, "feed_chunks", broken)
    assert main(["export", "claimreview", str(target), "--entries", str(kb_root / "entries"), "-q"]) == 2
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["cr.json"]


def test_the_site_s_scratch_copy_of_the_database_is_not_flushed_to_disk(kb_root: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The build gzips a scratch database and deletes it: an fsync of it (tens of MB at 10,000 stories) is waste;
    an export, which a person keeps, is flushed before it replaces the old file."""
    import os

    from newskb.export.sqlite import database_gzip, write_database
    from newskb.kb import load_kb

    kb = load_kb(kb_root / "entries")
    calls: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    assert database_gzip(kb, "https://example.org/")[:2] == b"\x1f\x8b" and calls == []
    write_database(kb, kb_root / "kept.sqlite", "https://example.org/")
    assert calls
