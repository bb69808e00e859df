"""Validated entry models, kept between builds as pydantic JSON in one SQLite file.

Why: a build loads every entry, and at 10,000 stories reading the parse
cache's JSON (one file per entry, decoded by Python), validating it into
pydantic models and sharing its strings (`kb.compact`) was most of a one-shot
build after one edit (docs/performance.md). An entry whose bytes were loaded
before is here as its model's JSON, which pydantic's Rust core reads into the
same model in one native pass, without Python data in between.

Keyed by the file's `content_digest`, the model class and a fingerprint of
the code that shapes a model (models.py, pydantic's version): another file, another model or
another code is another key. Only entries that loaded with nothing to report
(the parse cache's fast path, no problem) are stored, so a hit can hide no
finding. The file is untrusted input (docs/security.md): opened only as a
regular file with this version's schema, and each row is used only when it
holds its key, its digest matches its bytes and pydantic validates it; any
other row is a miss, reported once, and the file is read as if never cached.
Writes are best-effort: a cache that cannot be written costs only speed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pydantic
from pydantic import BaseModel, ValidationError

from .cache import cache_dir, code_fingerprint, notice

#: Bump when what a row holds changes.
VERSION = "newskb-models-1"
MODELS_FILE = Path(__file__).resolve().parent / "models.py"

_SCHEMA = (
    ("table", "meta", "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    ("table", "models", "CREATE TABLE models (key TEXT PRIMARY KEY, body BLOB NOT NULL, check_ TEXT NOT NULL)"),
)
#: The automatic indexes of the two primary keys, as sqlite_master lists them (no SQL of their own).
_AUTO = (("index", "sqlite_autoindex_meta_1", None), ("index", "sqlite_autoindex_models_1", None))
_EXPECTED = tuple(sorted((*_SCHEMA, *_AUTO), key=lambda row: row[1]))
#: Models written per transaction.
BATCH = 256
_FINGERPRINT: str | None = None


def _fingerprint() -> str:
    """The code a cached model depends on, hashed once per process."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        _FINGERPRINT = code_fingerprint(MODELS_FILE, extra=(VERSION, pydantic.VERSION))
    return _FINGERPRINT


def model_key(model: type[BaseModel], digest: str) -> str:
    """The row key of a file with this `content_digest`, loaded as `model`."""
    raw = f"{_fingerprint()}\0{model.__module__}.{model.__qualname__}\0{digest}".encode()
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def _check(key: str, body: bytes) -> str:
    return hashlib.blake2b(key.encode() + b"\0" + body, digest_size=16).hexdigest()


def cache_path(entries: Path) -> Path:
    """`.newskb-cache/models.sqlite` beside the entries directory (gitignored)."""
    return cache_dir(entries, "models.sqlite")


class ModelCache:
    """Models by key: `get` what a load needs, `put` what it validated, `save` once at the end."""

    def __init__(self, path: Path):
        self.path = path
        self.db: sqlite3.Connection | None = self._open()
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()
        #: Rows found not to hold what they should (deleted by `save`), and whether the file itself failed.
        self._bad_keys: set[str] = set()
        self._broken = False
        #: Keys written by this load, and whether it made a fresh file in place of this one.
        self._put: set[str] = set()
        self._created = False
        self._warned = False

    def _open(self) -> sqlite3.Connection | None:
        path = self.path
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError:
            notice(path, "cannot be read")
            return None
        if not stat.S_ISREG(st.st_mode):
            notice(path, "not a regular file")
            return None
        try:
            db = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, isolation_level=None)
        except sqlite3.Error:
            notice(path, "not a readable SQLite file")
            return None
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            schema = tuple(db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"))
            if schema != _EXPECTED:
                raise ValueError("another schema")
            meta = dict(db.execute("SELECT name, value FROM meta"))
            if meta != {"version": VERSION}:
                raise ValueError("another version")
        except (sqlite3.Error, ValueError) as exc:
            db.close()
            notice(path, exc.args[0] if isinstance(exc, ValueError) else "not a readable SQLite file")
            return None
        return db

    def _bad(self, why: str) -> None:
        if not self._warned:
            notice(self.path, why)
            self._warned = True

    def get(self, model: type[BaseModel], key: str) -> Any:
        """The model stored under `key`, validated again by pydantic; None when absent or not valid.

        One query on the primary key per file (about 40 µs): no need to know every digest first."""
        self._used.add(key)
        if self.db is None or self._broken:
            return None
        try:
            row = self.db.execute("SELECT body, check_ FROM models WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            self._bad("not a readable SQLite file")
            self._broken = True
            return None
        if row is None:
            return None
        body, check = row
        if type(body) is not bytes or check != _check(key, body):
            self._bad_keys.add(key)
            self._bad("a row that does not hold its key")
            return None
        try:
            found = model.model_validate_json(body)
        except ValidationError:
            self._bad_keys.add(key)
            self._bad("a row that is not a valid entry")
            return None
        return found

    def put(self, key: str, value: BaseModel) -> None:
        """Keep a model loaded from its file: the fields it was given, so a hit sets the same ones.

        Written in batches of `BATCH`: a cold load of 10,000 stories would otherwise hold 240 MB of JSON
        until the end (the main process's memory, which a full build's workers inherit)."""
        try:
            body = value.model_dump_json(exclude_unset=True).encode("utf-8")
        except (ValueError, UnicodeEncodeError):  # a lone surrogate, say: not stored
            return
        self._new[key] = body
        self._put.add(key)
        self._used.add(key)
        if len(self._new) >= BATCH:
            self._flush()

    def _writable(self) -> sqlite3.Connection | None:
        """The file to write: this one if it could be read, else a fresh one in its place (made once)."""
        if self.db is None or self._broken:
            if self._created:
                return self.db
            if self.db is not None:
                self.db.close()
            self.db = self._create()
            self._created = True
            self._broken = self.db is None
        return self.db

    def _flush(self) -> None:
        rows, self._new = self._new, {}
        db = self._writable() if rows else None
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(
                    "INSERT OR REPLACE INTO models VALUES (?, ?, ?)",
                    [(k, b, _check(k, b)) for k, b in sorted(rows.items())],
                )
        except sqlite3.Error:
            self._broken = True  # best-effort: the next load parses these files again

    def save(self) -> None:
        """Write the models put, and drop the rows this load did not use (edited or deleted files) or
        found bad. A file that could not be read is replaced by a fresh one with the models put."""
        self._flush()
        db = self.db
        self.db = None
        if db is None:
            return
        try:
            if not self._broken:
                self._prune(db)
        except sqlite3.Error:
            pass
        finally:
            db.close()

    def _prune(self, db: sqlite3.Connection) -> None:
        stale = self._bad_keys - self._put
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM models WHERE key = ?", [(k,) for k in sorted(stale)])
            (count,) = db.execute("SELECT count(*) FROM models").fetchone()
            if count > len(self._used):
                db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                db.executemany("INSERT INTO used VALUES (?)", [(k,) for k in sorted(self._used)])
                db.execute("DELETE FROM models WHERE key NOT IN (SELECT key FROM used)")
                db.execute("DROP TABLE used")

    def _create(self) -> sqlite3.Connection | None:
        """A fresh file in place of a missing or unusable one (never written through a symlink)."""
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(path):
                os.unlink(path)
            db = sqlite3.connect(f"file:{quote(str(path))}?mode=rwc", uri=True, isolation_level=None)
            for _, _, sql in _SCHEMA:
                db.execute(sql)
            db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
        except (OSError, sqlite3.Error):
            return None
        return db
