"""The database's working file (export/database_cache.py): whatever it holds, the published database
is byte for byte the one `sqlite.write_database` writes from the rows of the entries as they are now."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from edit_support import GRIN, new_story, replace
from newskb.export import database_cache, tables
from newskb.export import sqlite as xsqlite
from newskb.kb import load_kb

FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "render" / "kb"
BASE = "https://kb.example.org/sub/"


@pytest.fixture
def entries(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_KB, tmp_path / "kb")
    return tmp_path / "kb" / "entries"


def _reference(entries: Path, tmp_path: Path, fts: bool = False) -> bytes:
    path = tmp_path / f"reference-{len(list(tmp_path.iterdir()))}.sqlite"
    return xsqlite.write_database(load_kb(entries), path, BASE, fts, durable=False).read_bytes()


def _copied(entries: Path, work: Path, tmp_path: Path, fts: bool = False) -> bytes:
    target = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}.sqlite"
    target.write_bytes(b"")
    database_cache.WorkingDatabase(work, BASE).copy_to(load_kb(entries), target, fts)
    return target.read_bytes()


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stories turned into rows again (not taken from the working file)."""
    made: list[str] = []
    real = tables._story_rows

    def counted(kb, story, *args):  # type: ignore[no-untyped-def]
        made.append(story.id)
        return real(kb, story, *args)

    monkeypatch.setattr(tables, "_story_rows", counted)
    return made


@pytest.mark.parametrize("fts", [False, True])
def test_the_copy_is_the_database_written_from_the_rows(entries: Path, tmp_path: Path, fts: bool) -> None:
    work = tmp_path / "work.sqlite"
    want = _reference(entries, tmp_path, fts)
    assert _copied(entries, work, tmp_path, fts) == want  # a new working file
    assert _copied(entries, work, tmp_path, fts) == want  # an up-to-date one


def test_unchanged_stories_are_not_turned_into_rows_again(
    entries: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work.sqlite"
    _copied(entries, work, tmp_path)
    made = _counting(monkeypatch)
    _copied(entries, work, tmp_path)
    assert made == []


EDITS: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    # edit -> (how, the stories turned into rows again)
    "a title": (
        replace("en: Microsoft releases GRIN MoE", "en: Microsoft ships GRIN MoE", GRIN),
        {"microsoft-grin-moe"},
    ),
    "a verdict": (replace("verdict: misleading", "verdict: inaccurate", GRIN), {"microsoft-grin-moe"}),
    "a tag": (replace("tags:\n- ", "tags:\n- a-new-tag\n- ", GRIN), {"microsoft-grin-moe"}),
    "a registry name (no story's rows show it)": (
        replace("en: Sundar Pichai", "en: Sundar Pichai (Google)", "people.yaml"),
        set(),
    ),
    "an id that changes kind (a person removed)": (
        replace("- id: sundar-pichai\n", "- id: sundar-pichai-gone\n", "people.yaml"),
        {"microsoft-constellation-three-mile-island"},
    ),
    "a new story": (new_story, {"a-copy-of-grin-moe"}),
    "a deleted story": (lambda entries: (entries / GRIN).unlink(), set()),
}


@pytest.mark.parametrize("what", list(EDITS))
def test_after_each_kind_of_edit_the_copy_is_the_database_of_the_entries_now(
    what: str, entries: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work.sqlite"
    before = _copied(entries, work, tmp_path)
    edit, rebuilt = EDITS[what]
    edit(entries)
    made = _counting(monkeypatch)
    after = _copied(entries, work, tmp_path)
    assert set(made) == rebuilt
    monkeypatch.undo()
    assert after == _reference(entries, tmp_path) and after != before


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage": lambda work: work.write_bytes(b"not a database at all" * 100),
    "a planted trigger": lambda work: _sql(
        work, "create trigger t after delete on stories begin delete from claims; end"
    ),
    "a table dropped": lambda work: _sql(work, "drop table quotes"),
    "another key": lambda work: _sql(work, "update _meta set value = 'x' where key = 'key'"),
    "truncated": lambda work: work.write_bytes(work.read_bytes()[: 3 * 4096]),
}


def _sql(work: Path, statement: str) -> None:
    with sqlite3.connect(work) as conn:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize("what", list(DAMAGE))
def test_a_damaged_or_foreign_working_file_is_made_anew(
    what: str, entries: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work.sqlite"
    want = _copied(entries, work, tmp_path)
    DAMAGE[what](work)
    assert _copied(entries, work, tmp_path) == want
    if what != "another key":
        assert "cache ignored" in capsys.readouterr().err
    assert _copied(entries, work, tmp_path) == want


def test_rows_edited_inside_the_working_file_are_stale_cache_not_detected_but_a_changed_story_is_rewritten(
    entries: Path, tmp_path: Path
) -> None:
    """What the working file can and cannot guard against (docs/security.md: a cache holds results):
    a story's rows are taken from it while the story's file is unchanged; once it changes, they are rewritten."""
    work = tmp_path / "work.sqlite"
    _copied(entries, work, tmp_path)
    _sql(work, "update stories set title_en = 'planted' where id = 'microsoft-grin-moe'")
    replace("verdict: misleading", "verdict: inaccurate", GRIN)(entries)
    assert _copied(entries, work, tmp_path) == _reference(entries, tmp_path)


def test_a_symlink_in_place_of_the_working_file_is_not_followed(entries: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.sqlite"
    outside.write_bytes(b"precious")
    work = tmp_path / "cache" / "work.sqlite"
    work.parent.mkdir()
    work.symlink_to(outside)
    assert _copied(entries, work, tmp_path) == _reference(entries, tmp_path)
    assert outside.read_bytes() == b"precious"


def test_a_repeated_story_id_is_the_one_line_error_of_the_rows(entries: Path, tmp_path: Path) -> None:
    from newskb.errors import InputError

    shutil.copy(entries / GRIN, entries / "stories" / "2024-09-18-grin-again.yaml")
    with pytest.raises(InputError, match="share the key"):
        _copied(entries, tmp_path / "work.sqlite", tmp_path)


def test_the_tables_are_created_as_sqlite_utils_creates_them() -> None:
    """The copy writes each table's statement itself (no sqlite-utils import): the same text, so the same file."""
    import sqlite_utils

    db = sqlite_utils.Database(memory=True)
    for table in tables.TABLES:
        xsqlite.create_table(db, table)
        want = db.execute("select sql from sqlite_master where name = ?", [table.name]).fetchone()[0]
        assert xsqlite.create_table_sql(table) == want


def test_a_folder_in_place_of_the_working_file_costs_time_only(
    entries: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gzip

    work = tmp_path / "cache" / "work.sqlite"
    (work / "inside").mkdir(parents=True)
    got = xsqlite.database_gzip(load_kb(entries), BASE, work=work)
    assert gzip.decompress(got) == _reference(entries, tmp_path)
    assert "not usable" in capsys.readouterr().err and (work / "inside").is_dir()
