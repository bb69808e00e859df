"""The database's rows per story, kept between builds in a working SQLite file (the cache).

Why: the published database is rebuilt whole on every edit; turning every
story into rows again (a walk of the models in Python) and inserting them
row by row from Python was most of its cost. Here the rows of each story
stay in a working database in the cache folder, with the story file's digest
and the registry facts they were made with; a build replaces the rows of the
stories whose file or facts changed, then writes the published file as a
fresh copy made inside SQLite (`INSERT … SELECT … ORDER BY`), in the order and
with the values `tables.rows` gives. That copy is what `sqlite.write_database`
writes from the rows themselves, byte for byte (tests/test_export_database_cache.py):
the published bytes depend on the entries only, never on the working file's
history, and a full build and a one-shot build publish the same file.

A story's rows are reused only when its file's bytes hash as recorded
(`Document.digest`) and the kind of every id it refers to (person,
organisation, product or none: what `_who` and `_entity_refs` write) is as
recorded; the registries' own tables and the tag counts are rewritten on
every build (they are small). The working file is untrusted input: it is
used only if it is a regular file whose schema is exactly the one written
here and whose key (code, base URL) matches; anything else, or an SQLite
error while using it, is one notice and a working file made anew.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cache import code_fingerprint, notice
from ..kb import KnowledgeBase
from ..models import Story
from . import tables
from .tables import TABLES, Row

VERSION = 1
_PACKAGE = Path(__file__).resolve().parent.parent
#: Tables with one set of rows per story (the others come from the registries, and `tags` from all stories).
STORY_TABLES = ("stories", "story_tags", "story_entities", "mentions", "quotes", "claims", "reviews", "quantities")
_KIND_CODES = {"person": "p", "organization": "o", "product": "d", None: "-"}


@lru_cache(maxsize=1)
def _code() -> str:
    return code_fingerprint(
        _PACKAGE / "export" / "tables.py",
        _PACKAGE / "export" / "database_cache.py",
        _PACKAGE / "models.py",
        _PACKAGE / "render" / "routes.py",
        extra=(VERSION, sqlite3.sqlite_version),
    )


def _schema() -> list[str]:
    """The working file's tables: each published table's columns (untyped: values kept as given) and its order."""
    ddl = [
        'create table "_meta" ("key" text primary key, "value" text)',
        'create table "_stories" ("id" text primary key, "digest" text not null, "refs" text not null)',
    ]
    for t in TABLES:
        columns = ", ".join(f'"{c}"' for c in t.column_names)
        ddl.append(f'create table "{t.name}" ("_story" text not null, "_seq" integer not null, {columns})')
        ddl.append(f'create index "_by_story_{t.name}" on "{t.name}" ("_story", "_seq")')
    return ddl


@lru_cache(maxsize=1)
def _expected_master() -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(":memory:")) as conn:
        for sql in _schema():
            conn.execute(sql)
        return conn.execute("select type, name, tbl_name, sql from sqlite_master order by name").fetchall()


def _refs(story: Story) -> list[str]:
    """Every id whose registry kind a story's rows show (speakers, authors, listed and mentioned entities)."""
    ids = [q.speaker for q in story.quotes] + [c.by for c in story.claims]
    ids += [*story.people, *story.organizations, *story.products, *(m.id for m in story.mentions)]
    return sorted(set(ids))


def _kinds(kb: KnowledgeBase, refs: list[str]) -> str:
    return "".join(_KIND_CODES[tables._kind_of(kb, r)] for r in refs)


def _values(row: Row, names: list[str]) -> list[Any]:
    from .sqlite import _value

    return [_value(row[n]) for n in names]


class WorkingDatabase:
    """The working file of one build: opened (or made anew), brought up to date, copied out."""

    def __init__(self, path: Path, base_url: str):
        self.path = path
        self.base_url = base_url
        self.key = f"{_code()} {base_url}"

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        """A connection to a working file that is ours, or to a new one in its place."""
        fresh = not self._usable()
        if fresh:
            self._remove()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.execute("pragma trusted_schema = off")
            conn.execute("pragma cell_size_check = on")
            conn.execute("pragma synchronous = off")
            if fresh:
                conn.execute("pragma journal_mode = delete")
                conn.execute("begin")
                for sql in _schema():
                    conn.execute(sql)
                conn.execute("insert into _meta values ('key', ?)", (self.key,))
                conn.execute("commit")
            yield conn
        finally:
            conn.close()

    def _usable(self) -> bool:
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            return False
        if not stat.S_ISREG(st.st_mode):
            notice(self.path, "not a regular file")
            return False
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as conn:
                conn.execute("pragma trusted_schema = off")
                master = conn.execute("select type, name, tbl_name, sql from sqlite_master order by name").fetchall()
                if master != _expected_master():
                    notice(self.path, "unexpected schema")
                    return False
                key = conn.execute("select value from _meta where key = 'key'").fetchone()
        except sqlite3.Error:
            notice(self.path, "not a working database")
            return False
        return key == (self.key,)  # another code or base URL: silently stale

    def _remove(self) -> None:
        """Remove the working file (ours: in the cache folder) and its journal; a non-regular file is left alone."""
        for path in (self.path, self.path.with_name(self.path.name + "-journal")):
            try:
                if stat.S_ISREG(os.lstat(path).st_mode) or path.is_symlink():
                    path.unlink()
            except FileNotFoundError:
                pass
        if os.path.lexists(self.path):
            raise OSError(f"{self.path} is in the way of the database's working file")

    def copy_to(self, kb: KnowledgeBase, target: Path, fts: bool) -> None:
        """Bring the working file up to date with `kb`, then write the published database at `target` (a new, empty file)."""
        try:
            self._copy(kb, target, fts)
        except sqlite3.DatabaseError as exc:
            notice(self.path, f"unusable ({exc})")
            self._remove()
            target.write_bytes(b"")
            self._copy(kb, target, fts)

    def _copy(self, kb: KnowledgeBase, target: Path, fts: bool) -> None:
        with self._open() as conn:
            self._update(conn, kb)
        _publish(self.path, target, fts)

    def _update(self, conn: sqlite3.Connection, kb: KnowledgeBase) -> None:
        stories = sorted((e for e in kb.stories), key=lambda e: e.model.id)
        ids = [e.model.id for e in stories]
        if len(set(ids)) != len(ids):
            tables.rows(kb, self.base_url)  # raises the one-line error about the shared key
        known = {sid: (digest, refs) for sid, digest, refs in conn.execute("select id, digest, refs from _stories")}
        conn.execute("begin")
        for name in ("sources", "people", "organizations", "products", "affiliations", "tags", "citations"):
            conn.execute(f'delete from "{name}" where "_story" = \'\'')
        registry = tables.registry_rows(kb, self.base_url)
        tables.check_keys(kb, {t.name: registry.get(t.name, []) for t in TABLES})
        for name, rows in registry.items():
            self._insert(conn, name, "", rows)
        current = set(ids)
        for sid in known.keys() - current:
            self._forget(conn, sid)
        for entry, sid in zip(stories, ids):
            old = known.get(sid)
            digest = entry.doc.digest
            if old is not None and digest:  # unchanged: checked from what was recorded, without the model
                refs = old[1].split("\n") if old[1] else []
                if old[0] == f"{digest} {_kinds(kb, refs)}":
                    continue
            if old is not None:
                self._forget(conn, sid)
            story = entry.model
            refs = _refs(story)
            out: dict[str, list[Row]] = {t.name: [] for t in TABLES}
            tables._story_rows(kb, story, self.base_url, out)
            tables.check_keys(kb, out)
            for name, rows in out.items():
                if rows:
                    self._insert(conn, name, sid, rows)
            stamp = f"{digest} {_kinds(kb, refs)}" if digest else ""  # no digest: a stamp that never matches
            conn.execute("insert into _stories values (?, ?, ?)", (sid, stamp, "\n".join(refs)))
        tag_rows = [
            {"id": tag, "stories": n, **tables._urls(tables.routes.tag, tag, base_url=self.base_url)}
            for tag, n in conn.execute("select tag, count(*) from story_tags group by tag order by tag")
        ]
        self._insert(conn, "tags", "", tag_rows)
        conn.execute("commit")

    @staticmethod
    def _forget(conn: sqlite3.Connection, sid: str) -> None:
        conn.execute("delete from _stories where id = ?", (sid,))
        for t in TABLES:
            conn.execute(f'delete from "{t.name}" where "_story" = ?', (sid,))

    @staticmethod
    def _insert(conn: sqlite3.Connection, name: str, sid: str, rows: list[Row]) -> None:
        table = next(t for t in TABLES if t.name == name)
        names = table.column_names
        marks = ", ".join("?" for _ in range(len(names) + 2))
        conn.executemany(
            f'insert into "{name}" values ({marks})', ([sid, n, *_values(row, names)] for n, row in enumerate(rows))
        )


def _publish(work: Path, target: Path, fts: bool) -> None:
    """The published database at `target` (an empty file): the tables of `sqlite.write_database`, filled from the working file."""
    from .sqlite import create_table_sql, finish_tables, start_database

    conn, db = start_database(target, utils=fts)
    try:
        conn.execute("pragma trusted_schema = off")
        conn.execute("attach database ? as work", (str(work),))
        conn.execute("begin")
        for table in TABLES:
            conn.execute(create_table_sql(table))
            columns = ", ".join(f'"{n}"' for n in table.column_names)
            order = '"id"' if table.name == "citations" else '"_story", "_seq"'
            conn.execute(
                f'insert into main."{table.name}" ({columns}) select {columns} from work."{table.name}" order by {order}'
            )
            if table.fts and fts:
                db[table.name].enable_fts(list(table.fts), tokenize="trigram")
        finish_tables(conn)
        conn.execute("commit")
        conn.execute("detach database work")
    finally:
        conn.close()
