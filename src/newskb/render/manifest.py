"""The build manifest: what the last build of a site wrote and read, as one typed record.

Why a type: the manifest used to be a dict of positional lists (`rec[1:3]`,
`old[f][3]`) read in two files; a field added in one place was misread in the
other. It lives outside the site, in `<out's parent>/.newskb-cache/`, and is
untrusted input like every cache (docs/security.md).

Why a SQLite file (`ManifestStore`), not one JSON document: at 10,000 stories
the manifest holds 369k page records, and reading them all into pydantic
records took 6.7 s of a one-shot build that needs a few hundred of them. The
store keeps one row per page (in the page list's order) and one per story; a
one-shot build after a story edit reads the header, the rows' file names and
stamps in one query, and the keys and story records of the pages it keys,
and updates only the rows it wrote. It is data only (nothing is loaded from
it but values): a file that is not a regular file, not SQLite, of another
version or another schema (an added trigger or view included) is ignored
with one notice and the build is a full one; every value read is checked (a
path against `SitePath`, a record against its model, the page list against
the build's own) before it is used, and a record that fails the checks makes
the build key every page, never trust it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

from ..cache import atomic_path, cache_dir, file_stamp, notice

MANIFEST_VERSION = 6

Stamp = tuple[int, int, int, int, int, int]


#: One part of a plain relative path (cache.is_plain_relative): not empty, not `.` or `..`, no `/`, `\\` or NUL.
_PART = r"(?:[^./\\\x00][^/\\\x00]*|\.[^./\\\x00][^/\\\x00]*|\.\.[^/\\\x00]+)"
#: A file of the site, relative to its root: no `..`, not absolute (a deletion also proves it lies inside).
#: A pattern, checked by pydantic's native validator: a manifest holds a record per page (hundreds of
#: thousands at 10,000 stories), and a Python check per path was most of the time to read it.
SitePath = Annotated[str, StringConstraints(pattern=rf"^{_PART}(?:/{_PART})*$")]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FileRecord(_Record):
    """One file the build wrote: the input key it was rendered from and its stamp once in place."""

    key: str = ""
    #: cache.file_stamp of the file as written; a file whose stamp differs was changed by someone else.
    stamp: Stamp
    #: Added to the search index (a change rebuilds the index).
    indexed: bool = False


class Inputs(_Record):
    """What the build read, from the bytes it read: every input file's digest and SOURCE_DATE_EPOCH."""

    epoch: str
    files: dict[str, str]


#: A SHA-1 digest, hex.
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")]


class StoryPlace(_Record):
    """Where the last build showed one story: what lets the next one-shot build key only its pages.

    Why: keying every page after an edit of one story was most of a one-shot build (369k keys at
    10,000 stories). A story whose placement (pages.placement) is as recorded is on the same pages
    as before, so only those pages can have a new key (the live build reasons the same way).
    """

    #: The story's closure (incremental.Fingerprints.story), hex: another one means it changed.
    closure: Digest
    #: Digest of its placement (pages.placement) under the registries the build read.
    placement: Digest
    #: Indices, in `Manifest.pages`' order (the page list's), of the pages whose key walks the story.
    pages: list[int]


class Manifest(_Record):
    version: Literal[6] = MANIFEST_VERSION
    #: What every page depends on (incremental.global_key): another key means a full build.
    global_key: str
    #: What the sitemap depends on (its listed routes and the base URL).
    sitemap: str
    pages: dict[SitePath, FileRecord]
    #: Feeds, sitemap, robots.txt, assets and the marker.
    extras: dict[SitePath, FileRecord] = {}
    #: None when the build did not record its inputs (a live build writes its manifest long after reading).
    inputs: Inputs | None = None
    #: Story id -> where the build showed it; None when not recorded (a live build's manifest, or
    #: `pages` not in the page list's order). Its indices are checked against `pages` when used.
    stories: dict[str, StoryPlace] | None = None

    def with_pages(self, pages: dict[str, FileRecord]) -> Manifest:
        return self.model_copy(update={"pages": pages})


class Header(_Record):
    """The manifest without its page and story rows: what every build reads first."""

    version: Literal[6] = MANIFEST_VERSION
    global_key: str
    sitemap: str
    extras: dict[SitePath, FileRecord] = {}
    inputs: Inputs | None = None
    #: Whether the story rows were recorded (Manifest.stories is not None).
    stories: bool = False


_SHAPE: TypeAdapter[Manifest] = TypeAdapter(Manifest)
_PLACES: TypeAdapter[dict[str, StoryPlace]] = TypeAdapter(dict[str, StoryPlace])

#: The store's schema, compared with the file's own (sqlite_master) before anything is read: a file with
#: another table, an index, a trigger or a view is not this build's manifest.
_SCHEMA = (
    ("table", "meta", "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"),
    (
        "table",
        "pages",
        (
            "CREATE TABLE pages (i INTEGER PRIMARY KEY, file TEXT NOT NULL, key TEXT NOT NULL, dev INTEGER,"
            " ino INTEGER, size INTEGER, mtime INTEGER, ctime INTEGER, mode INTEGER, indexed INTEGER NOT NULL)"
        ),
    ),
    (
        "table",
        "stories",
        (
            "CREATE TABLE stories (id TEXT PRIMARY KEY, closure TEXT NOT NULL, placement TEXT NOT NULL,"
            " pages TEXT NOT NULL) WITHOUT ROWID"
        ),
    ),
)
_STAMP_COLUMNS = "dev, ino, size, mtime, ctime, mode"


class StoreError(Exception):
    """The store cannot be read as this build's manifest (the build ignores it and is a full one)."""


def manifest_path(out: Path) -> Path:
    return cache_dir(out, f"build-{out.name}.sqlite")


class ManifestStore:
    """The last build's manifest on disk, read in parts (see the module's docstring).

    Opened only when it is a regular file (not a symlink, a FIFO or a device) with this version's schema;
    `header` is read and validated on opening. Every other read checks what it returns.
    """

    def __init__(self, path: Path, db: sqlite3.Connection, header: Header):
        self.path = path
        self.db = db
        self.header = header

    @classmethod
    def open(cls, out: Path) -> ManifestStore | None:
        """The store of `out`, or None (one notice unless it is missing) when it cannot be this build's manifest."""
        path = manifest_path(out)
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            notice(path, "not a regular file")
            return None
        try:
            # a URI (to open without creating), so the path is quoted: a folder named `a?b` or `50%` stays itself
            db = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, isolation_level=None)
        except sqlite3.Error:
            notice(path, "not a readable SQLite file")
            return None
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            schema = tuple(db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"))
            if schema != _SCHEMA:
                raise StoreError("another schema")
            meta = dict(db.execute("SELECT name, value FROM meta"))
            if meta.get("version") != str(MANIFEST_VERSION):
                raise StoreError("another version")
            header = Header.model_validate_json(meta.get("header", ""), strict=False)
        except (sqlite3.Error, StoreError, ValidationError, ValueError) as exc:
            db.close()
            notice(path, exc.args[0] if isinstance(exc, StoreError) else "unexpected content")
            return None
        return cls(path, db, header)

    def close(self) -> None:
        self.db.close()

    # -- reading in parts ---------------------------------------------------------------------

    def files_and_stamps(self) -> tuple[list[Any], list[tuple[Any, ...]]]:
        """Every page's file and stamp, in the page list's order (one query; unchecked: compared, never trusted)."""
        rows = self.db.execute(f"SELECT file, {_STAMP_COLUMNS} FROM pages ORDER BY i").fetchall()
        return [r[0] for r in rows], [r[1:] for r in rows]

    def keys(self, indices: Iterable[int]) -> dict[int, Any]:
        """Recorded input keys of the pages at `indices` (unchecked: a key is only ever compared)."""
        return dict(self._rows("SELECT i, key FROM pages WHERE i IN ({marks})", indices))

    def _rows(self, sql: str, values: Iterable[Any]) -> list[tuple[Any, ...]]:
        """The rows of `sql`, whose `{marks}` is filled with one ? per value, in slices of 500 (SQLite's limit
        on parameters is lower on old builds)."""
        wanted = sorted(set(values))
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            rows += self.db.execute(sql.format(marks=",".join("?" * len(part))), part).fetchall()
        return rows

    def closures(self) -> dict[Any, Any]:
        """Story id -> recorded closure (hex), for every story (unchecked: callers decode and compare)."""
        return dict(self.db.execute("SELECT id, closure FROM stories"))

    def places(self, ids: Iterable[str]) -> dict[str, StoryPlace]:
        """The story records of `ids` that are recorded, validated (StoreError when one is not well-formed)."""
        raw: dict[str, Any] = {}
        for sid, closure, place, pages in self._rows(
            "SELECT id, closure, placement, pages FROM stories WHERE id IN ({marks})", ids
        ):
            try:
                raw[sid] = {"closure": closure, "placement": place, "pages": json.loads(pages)}
            except (TypeError, ValueError, RecursionError):
                raise StoreError("a story record is not well-formed") from None
        try:
            return _PLACES.validate_python(raw, strict=False)
        except ValidationError:
            raise StoreError("a story record is not well-formed") from None

    def manifest(self) -> Manifest | None:
        """The whole manifest, validated (what a build that keys every page, or a live build, compares against)."""
        try:
            rows = self.db.execute(f"SELECT file, key, {_STAMP_COLUMNS}, indexed FROM pages ORDER BY i").fetchall()
            pages = {r[0]: {"key": r[1], "stamp": r[2:8], "indexed": r[8]} for r in rows}
            stories: dict[str, Any] | None = None
            if self.header.stories:
                stories = {
                    sid: {"closure": c, "placement": p, "pages": json.loads(pg)}
                    for sid, c, p, pg in self.db.execute("SELECT id, closure, placement, pages FROM stories")
                }
            head = self.header.model_dump(exclude={"stories"})
            return _SHAPE.validate_python({**head, "pages": pages, "stories": stories}, strict=False)
        except (sqlite3.Error, ValidationError, ValueError, TypeError, RecursionError):
            notice(self.path, "unexpected content")
            return None

    # -- writing in place ---------------------------------------------------------------------

    def update(self, header: Header, pages: Sequence[tuple[int, str, FileRecord]], closures: dict[str, str]) -> bool:
        """Record a one-shot build in place, in one transaction: the header, the rows of the pages it wrote
        (index, file, record) and the new closures of the stories it re-keyed. Best-effort, like every cache
        write: False (and the store removed, so the next build is a full one) when it fails."""
        try:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE meta SET value = ? WHERE name = 'header'", (header.model_dump_json(),))
            db.executemany(
                f"UPDATE pages SET file = ?, key = ?, ({_STAMP_COLUMNS}) = (?, ?, ?, ?, ?, ?), indexed = ? WHERE i = ?",
                [(f, r.key, *r.stamp, int(r.indexed), i) for i, f, r in pages],
            )
            db.executemany("UPDATE stories SET closure = ? WHERE id = ?", [(c, sid) for sid, c in closures.items()])
            db.execute("COMMIT")
            return True
        except sqlite3.Error:
            try:
                self.db.close()
            finally:
                self.path.unlink(missing_ok=True)
            return False


def read_manifest(out: Path) -> Manifest | None:
    """The last build's manifest, or None (one notice) when it is missing, corrupt, foreign or of another version."""
    store = ManifestStore.open(out)
    if store is None:
        return None
    try:
        return store.manifest()
    finally:
        store.close()


def write_manifest(out: Path, manifest: Manifest) -> None:
    """A new store in place of the old one (a new file, renamed into place). Best-effort: without a manifest
    the next build is a full one."""
    header = Header(
        global_key=manifest.global_key,
        sitemap=manifest.sitemap,
        extras=manifest.extras,
        inputs=manifest.inputs,
        stories=manifest.stories is not None,
    )
    write_store(
        out,
        ((f, r.key, r.stamp, r.indexed) for f, r in manifest.pages.items()),
        lambda _complete: (
            header,
            ((sid, p.closure, p.placement, p.pages) for sid, p in (manifest.stories or {}).items()),
        ),
    )


#: One page row as `write_store` takes it: file, input key, stamp, indexed.
PageRow = tuple[str, str, Sequence[int], bool]
#: One story row: id, closure (hex), placement digest (hex), indices of its pages.
StoryRow = tuple[str, str, str, Sequence[int]]


def write_store(
    out: Path,
    pages: Iterable[PageRow | None],
    finish: Callable[[bool], tuple[Header, Iterable[StoryRow]]],
) -> None:
    """Write a new store from rows as they come, renamed into place when complete. Best-effort, like
    `write_manifest` (which is this with rows taken from a `Manifest`).

    Why rows, not a `Manifest`: a full build at 10,000 stories records 369k pages, and a pydantic
    record per page, then the model holding them all, was the largest allocation of the build's main
    process after rendering (docs/performance.md). A None in `pages` is a page whose file is missing:
    it gets no row, and `finish` learns whether every page had one (False then), to give the header
    and the story rows, written after the pages (a story's indices are into the rows as written).
    """
    path = manifest_path(out)
    try:
        with atomic_path(path, durable=False) as tmp:
            db = sqlite3.connect(tmp, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode = OFF")  # a new file, renamed into place only when complete
                db.execute("PRAGMA synchronous = OFF")
                db.execute("BEGIN")
                for _, _, sql in _SCHEMA:
                    db.execute(sql)
                complete = True

                def rows() -> Iterator[tuple[Any, ...]]:
                    nonlocal complete
                    i = 0
                    for row in pages:
                        if row is None:
                            complete = False
                            continue
                        f, key, stamp, indexed = row
                        yield (i, f, key, *stamp, int(indexed))
                        i += 1

                db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
                header, stories = finish(complete)
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("version", str(MANIFEST_VERSION)), ("header", header.model_dump_json())],
                )
                if header.stories:
                    db.executemany(
                        "INSERT INTO stories VALUES (?, ?, ?, ?)",
                        [
                            (sid, closure, place, json.dumps(list(shown), separators=(",", ":")))
                            for sid, closure, place, shown in sorted(stories)
                        ],
                    )
                db.execute("COMMIT")
            finally:
                db.close()
    except (OSError, sqlite3.Error):
        path.unlink(missing_ok=True)


def records(out: Path, files: list[tuple[str, str, bool]]) -> dict[str, FileRecord]:
    """file -> its record, for (file, input key, indexed) as the files now are in `out` (missing ones left out)."""
    got: dict[str, FileRecord] = {}
    root = str(out)
    for rel, key, indexed in files:
        stamp = file_stamp(f"{root}/{rel}")  # a string, not a Path: tens of thousands of files
        if stamp is not None:
            got[rel] = FileRecord(key=key, stamp=stamp, indexed=indexed)
    return got


def unchanged(out: Path, rel: str, record: FileRecord | None) -> bool:
    """Whether the file `rel` of `out` is still the one the build recorded."""
    return record is not None and file_stamp(f"{out}/{rel}") == record.stamp  # not a Path: called per page
