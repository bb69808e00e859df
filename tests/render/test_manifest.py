"""The build manifest is untrusted input: only plain relative page paths are accepted, and a store that is
not this build's manifest, or a row that fails its check, is ignored with one notice."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from newskb.cache import is_plain_relative
from newskb.render.manifest import (
    FileRecord,
    Inputs,
    Manifest,
    ManifestStore,
    SitePath,
    StoryPlace,
    manifest_path,
    read_manifest,
    write_manifest,
)

PATHS = [
    "index.html",
    "en/stories/a/index.html",
    "a/.b/c.html",
    "...",
    ".a",
    "..a",
    ".",
    "..",
    "a/../b",
    "a/./b",
    "/etc/hostname",
    "a//b",
    "a/",
    "",
    "a\\b",
    "a\x00b",
    "a/..",
    "../x",
]


@pytest.mark.parametrize("path", PATHS)
def test_a_page_path_is_accepted_exactly_when_it_is_plain_and_relative(path: str) -> None:
    adapter = TypeAdapter(SitePath)
    try:
        adapter.validate_python(path)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == is_plain_relative(path)


# --- the store on disk (manifest.ManifestStore) ------------------------------------------------------


def _manifest() -> Manifest:
    stamp = (1, 2, 3, 4, 5, 0o100644)
    pages = {f"en/{name}/index.html": FileRecord(key=f"k{name}", stamp=stamp, indexed=name == "b") for name in "cab"}
    return Manifest(
        global_key="g",
        sitemap="s",
        pages=pages,
        extras={"robots.txt": FileRecord(stamp=stamp)},
        inputs=Inputs(epoch="", files={"/x/entries/people.yaml": "d"}),
        stories={"one": StoryPlace(closure="1" * 40, placement="2" * 40, pages=[0, 2])},
    )


def test_the_store_gives_back_what_was_written_pages_in_their_order(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_manifest(out, _manifest())
    got = read_manifest(out)
    assert got == _manifest() and list(got.pages) == ["en/c/index.html", "en/a/index.html", "en/b/index.html"]
    store = ManifestStore.open(out)
    assert store is not None
    try:
        files, stamps = store.files_and_stamps()
        assert files == list(_manifest().pages) and stamps[0] == (1, 2, 3, 4, 5, 0o100644)
        assert store.keys([2, 0]) == {0: "kc", 2: "kb"}
        assert store.places(["one", "absent"]) == {"one": _manifest().stories["one"]}  # type: ignore[index]
    finally:
        store.close()


def _sql(out: Path, *statements: str) -> None:
    db = sqlite3.connect(manifest_path(out))
    with db:
        for sql in statements:
            db.execute(sql)
    db.close()


FOREIGN = {
    "not-sqlite": lambda out: manifest_path(out).write_bytes(b'{"pages": {}}'),
    "empty": lambda out: manifest_path(out).write_bytes(b""),
    "truncated": lambda out: manifest_path(out).write_bytes(manifest_path(out).read_bytes()[:300]),
    "trigger": lambda out: _sql(out, "CREATE TRIGGER t AFTER UPDATE ON pages BEGIN UPDATE pages SET key = 'x'; END"),
    "view": lambda out: _sql(out, "CREATE VIEW v AS SELECT * FROM pages"),
    "other-version": lambda out: _sql(out, "UPDATE meta SET value = '5' WHERE name = 'version'"),
    "header-not-json": lambda out: _sql(out, "UPDATE meta SET value = '{' WHERE name = 'header'"),
    "header-extra-field": lambda out: _sql(
        out, "UPDATE meta SET value = json_set(value, '$.evil', 1) WHERE name = 'header'"
    ),
    "fifo": lambda out: (manifest_path(out).unlink(), os.mkfifo(manifest_path(out))),
    "symlink": lambda out: (
        os.replace(manifest_path(out), out.parent / "elsewhere.sqlite"),
        manifest_path(out).symlink_to(out.parent / "elsewhere.sqlite"),
    ),
}


@pytest.mark.parametrize("spoil", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_store_that_is_not_this_builds_manifest_is_ignored_with_one_notice(
    tmp_path: Path, spoil: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    write_manifest(out, _manifest())
    assert ManifestStore.open(out) is not None
    spoil(out)  # type: ignore[operator]
    assert ManifestStore.open(out) is None
    assert read_manifest(out) is None
    assert capsys.readouterr().err.count("cache ignored") == 1


@pytest.mark.parametrize(
    "row",
    [
        "UPDATE pages SET file = '../outside.txt' WHERE i = 0",
        "UPDATE pages SET file = '/etc/hostname' WHERE i = 0",
        "UPDATE pages SET size = 'big' WHERE i = 0",
        "UPDATE pages SET indexed = 'perhaps' WHERE i = 0",
        "UPDATE stories SET pages = '[0, \"x\"]'",
        "UPDATE stories SET closure = 'short'",
    ],
)
def test_a_row_that_fails_its_check_makes_the_whole_manifest_unusable(
    tmp_path: Path, row: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    write_manifest(out, _manifest())
    _sql(out, row)
    assert read_manifest(out) is None
    assert "cache ignored (unexpected content)" in capsys.readouterr().err


@pytest.mark.parametrize("folder", ["a?mode=ro", "50%", "b#c", "with space"])
def test_the_store_opens_under_any_folder_name(tmp_path: Path, folder: str) -> None:
    out = tmp_path / folder / "site"
    write_manifest(out, _manifest())
    store = ManifestStore.open(out)
    assert store is not None and store.header.global_key == "g"
    store.close()
    assert not (tmp_path / "a").exists()  # nothing created elsewhere


def test_a_store_written_row_by_row_reads_as_the_manifest_it_holds(tmp_path: Path) -> None:
    """write_store (a full build's record, no pydantic record per page) gives the store write_manifest gives;
    a page without a file gets no row, and then no story rows (their indices would not match)."""
    from newskb.render.manifest import Header, write_store

    want = _manifest()
    header = Header(global_key=want.global_key, sitemap=want.sitemap, extras=want.extras, inputs=want.inputs)
    stories = [(sid, p.closure, p.placement, p.pages) for sid, p in (want.stories or {}).items()]
    seen: list[bool] = []

    def finish(complete: bool):  # type: ignore[no-untyped-def]
        seen.append(complete)
        return header.model_copy(update={"stories": complete}), iter(stories)

    out = tmp_path / "site"
    write_store(out, ((f, r.key, r.stamp, r.indexed) for f, r in want.pages.items()), finish)
    assert read_manifest(out) == want and seen == [True]
    rows = [(f, r.key, r.stamp, r.indexed) for f, r in want.pages.items()]
    write_store(out, [rows[0], None, rows[2]], finish)
    got = read_manifest(out)
    assert got is not None and list(got.pages) == [rows[0][0], rows[2][0]] and got.stories is None
    assert seen == [True, False]
