"""The build's model cache (model_cache.py): a file loaded before is not parsed or validated in Python
again, the models are the ones a load without the cache makes, and the cache file is untrusted input."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from newskb import kb as kb_module
from newskb.kb import KnowledgeBase, load_kb
from newskb.model_cache import cache_path

FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "render" / "kb"
GRIN = "stories/2024-09-18-microsoft-grin-moe.yaml"


@pytest.fixture
def entries(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root, ignore=shutil.ignore_patterns(".newskb-cache"))  # a build's, in place
    return root / "entries"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files each load parsed (YAML, or the parse cache's data validated by pydantic)."""
    names: list[str] = []
    real = kb_module.parse_entry

    def parse_entry(path: Path, *args: Any) -> Any:
        names.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(kb_module, "parse_entry", parse_entry)
    return names


def _fields(model: BaseModel) -> list[Any]:
    """Every model's set fields, depth first: what a load without the cache would have given it."""
    out: list[Any] = [sorted(model.model_fields_set)]
    for value in model.__dict__.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                out += _fields(item)
    return out


def _models(kb: KnowledgeBase) -> list[tuple[Any, ...]]:
    entries = [*kb.registry_docs.values(), *kb.sources.values(), *kb.stories]
    return [(e.path.name, e.model, _fields(e.model), e.doc.digest) for e in entries]


def _build_load(entries: Path, intern: bool = True) -> KnowledgeBase:
    return load_kb(entries, cache=True, keep_data=False, intern=intern)


def test_a_second_load_parses_nothing_and_gives_the_same_models(entries: Path, parsed: list[str]) -> None:
    reference = _models(load_kb(entries, cache=False, keep_data=False))
    parsed.clear()
    assert _models(_build_load(entries)) == reference
    files = len(parsed)
    assert files == len(reference) and cache_path(entries).is_file()
    parsed.clear()
    again = _build_load(entries)
    assert parsed == []  # every model from the cache: no YAML, no parse cache, no Python validation
    assert _models(again) == reference
    assert _models(_build_load(entries, intern=False)) == reference  # strings not interned: the same models


def test_an_edited_file_is_parsed_again_and_its_old_row_dropped(entries: Path, parsed: list[str]) -> None:
    _build_load(entries)
    rows = sqlite3.connect(cache_path(entries)).execute("SELECT count(*) FROM models").fetchone()[0]
    path = entries / GRIN
    path.write_text(path.read_text(encoding="utf-8").replace("GRIN MoE", "GRIN-MoE", 1), encoding="utf-8")
    parsed.clear()
    kb = _build_load(entries)
    assert parsed == [path.name]
    story = next(e.model for e in kb.stories if e.path == path)
    assert "「GRIN-MoE」" in story.title.ja
    assert sqlite3.connect(cache_path(entries)).execute("SELECT count(*) FROM models").fetchone()[0] == rows


def test_a_file_with_something_to_report_is_never_taken_from_the_cache(entries: Path, parsed: list[str]) -> None:
    path = entries / GRIN
    text = path.read_text(encoding="utf-8")
    assert "\nkind: " not in text
    path.write_text(text.replace("\nid: ", "\nlicense: yes\nid: ", 1), encoding="utf-8")  # not a field
    first = _build_load(entries)
    parsed.clear()
    second = _build_load(entries)
    assert path.name in parsed
    assert [d.render() for d in second.problems] == [d.render() for d in first.problems] != []


def _tamper_body(entries: Path) -> None:
    db = sqlite3.connect(cache_path(entries))
    key, body = next((k, b) for k, b in db.execute("SELECT key, body FROM models") if b"GRIN MoE" in b)
    db.execute("UPDATE models SET body = ? WHERE key = ?", (body.replace(b"GRIN MoE", b"GRIN XXX"), key))
    db.commit()


def _moved_row(entries: Path) -> None:
    """Another story's model, with its own check, under this story's key: valid JSON of a valid Story."""
    db = sqlite3.connect(cache_path(entries))
    rows = [(k, b, c) for k, b, c in db.execute("SELECT key, body, check_ FROM models") if b'"title"' in b]
    (key, _, _), (_, body, check) = rows[0], rows[1]
    db.execute("UPDATE models SET body = ?, check_ = ? WHERE key = ?", (body, check, key))
    db.commit()


def _garbage(entries: Path) -> None:
    cache_path(entries).write_bytes(b"not a database" * 100)


def _another_schema(entries: Path) -> None:
    db = sqlite3.connect(cache_path(entries))
    db.execute("CREATE VIEW v AS SELECT 1")
    db.commit()


def _symlink(entries: Path) -> None:
    path = cache_path(entries)
    target = path.with_name("elsewhere.sqlite")
    os.replace(path, target)
    path.symlink_to(target)


def _fifo(entries: Path) -> None:
    path = cache_path(entries)
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("tamper", "why"),
    [
        (_tamper_body, "a row that does not hold its key"),
        (_moved_row, "a row that does not hold its key"),
        (_garbage, "not a readable SQLite file"),
        (_another_schema, "another schema"),
        (_symlink, "not a regular file"),
        (_fifo, "not a regular file"),
    ],
    ids=["row", "moved-row", "garbage", "schema", "symlink", "fifo"],
)
def test_a_bad_cache_file_gives_one_notice_and_the_right_models(
    entries: Path, tamper: Any, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = _models(load_kb(entries, cache=False, keep_data=False))
    _build_load(entries)
    tamper(entries)
    link_target = os.readlink(cache_path(entries)) if cache_path(entries).is_symlink() else None
    before = Path(link_target).read_bytes() if link_target else None
    capsys.readouterr()
    assert _models(_build_load(entries)) == reference
    err = capsys.readouterr().err
    assert err.count(f"cache ignored ({why})") == 1 and err.count("\n") == 1
    if link_target:  # never written through the link
        assert Path(link_target).read_bytes() == before
    # replaced (or mended) by a good one: the next load is quiet and parses nothing
    assert _models(_build_load(entries)) == reference
    assert capsys.readouterr().err == ""
    assert not cache_path(entries).is_symlink()


def test_models_are_written_in_batches_during_the_load(
    entries: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold load does not hold every model's JSON until its end: rows are in the file while it loads."""
    from newskb import model_cache

    monkeypatch.setattr(model_cache, "BATCH", 2)
    seen: list[int] = []
    real = kb_module.parse_entry

    def parse_entry(path: Path, *args: Any) -> Any:
        if cache_path(entries).is_file():
            seen.append(sqlite3.connect(cache_path(entries)).execute("SELECT count(*) FROM models").fetchone()[0])
        return real(path, *args)

    monkeypatch.setattr(kb_module, "parse_entry", parse_entry)
    reference = _models(load_kb(entries, cache=False, keep_data=False))
    assert _models(_build_load(entries)) == reference
    assert seen and max(seen) >= len(reference) - 2  # all but the last batch written before the last parse
    parsed.clear()
    monkeypatch.setattr(kb_module, "parse_entry", real)
    assert _models(_build_load(entries)) == reference
    count = sqlite3.connect(cache_path(entries)).execute("SELECT count(*) FROM models").fetchone()[0]
    assert count == len(reference)
