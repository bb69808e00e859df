"""The SQLite database (for Datasette, sqlite3, pandas) and its Datasette metadata.

Written with sqlite-utils from `tables.TABLES`: typed columns, primary and
foreign keys (Datasette links them), and an FTS5 index per searched table.

Full-text search uses FTS5's `trigram` tokenizer: Japanese has no spaces, so
a word tokenizer (unicode61) indexes a whole sentence as one token and finds
nothing inside it; trigrams find any substring of three or more characters in
either language, and the same index serves `LIKE '%…%'` queries. Two-character
Japanese words (電力, 契約) are shorter than a trigram: the canned query
`search_short` finds them with LIKE (a scan, fast enough at this size). See
docs/export.md for the measurement.

Deterministic: the database is written into a fresh file in one transaction,
rows in key order; the same entries give the same bytes (and the same
`.dump`). No VACUUM: a fresh file written in one pass has nothing to reclaim
(1% at 1,000 stories) and VACUUM would rewrite it whole. The file appears
under its name only when complete.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from ..cache import atomic_path
from ..kb import KnowledgeBase
from .tables import TABLES, Table, rows

#: The database's name in Datasette (its file name without the suffix).
DATABASE = "newskb"

_SPEAKER_CLAIMS = """
select claims.by as speaker,
       coalesce(people.name_en, organizations.name_en, claims.by) as name_en,
       coalesce(people.name_ja, organizations.name_ja, claims.by) as name_ja,
       claims.verdict,
       count(*) as claims
from claims
left join people on people.id = claims.by_person
left join organizations on organizations.id = claims.by_organization
group by claims.by, claims.verdict
order by claims.by, claims.verdict
""".strip()

_CORRECTIONS = """
select reviews.claim, stories.date, reviews.verdict,
       claims.text_ja, claims.text_en,
       reviews.correction_ja, reviews.correction_en, reviews.url
from reviews
join claims on claims.id = reviews.claim
join stories on stories.id = reviews.story
where reviews.correction_en is not null or reviews.correction_ja is not null
order by stories.date, reviews.claim
""".strip()

_WRONG_NUMBERS = """
select quantities.claim, quantities.as_written, quantities.value, quantities.high, quantities.unit,
       reviews.verdict, claims.text_ja, reviews.correction_ja, reviews.correction_en, reviews.url
from quantities
join reviews on reviews.claim = quantities.claim
join claims on claims.id = quantities.claim
where reviews.verdict in ('transcription-error', 'translation-error', 'inaccurate')
order by quantities.claim, quantities.position
""".strip()

_SEARCH_SHORT = """
select 'claim' as kind, id, text_ja, text_en, url_en from claims
where text_ja like '%' || :q || '%' or text_en like '%' || :q || '%'
union all
select 'quote', id, text_ja, text_en, url_en from quotes
where text_ja like '%' || :q || '%' or text_en like '%' || :q || '%'
order by kind, id
""".strip()

#: Datasette canned queries: name -> (SQL, English title, Japanese title, description (en, ja)).
QUERIES: dict[str, tuple[str, str, str, str, str]] = {
    "claims_by_verdict_per_speaker": (
        _SPEAKER_CLAIMS,
        "Claims by verdict per speaker",
        "話者ごと・判定ごとの主張の数",
        "How many of each speaker's claims were rated accurate, inaccurate, misleading, …",
        "話者ごとに、主張がどの判定(正確・不正確・誤解を招くなど)を受けたかの件数",
    ),
    "corrections": (
        _CORRECTIONS,
        "Every correction",
        "すべての訂正",
        "Every review that says what the source should have said, by date",
        "本来の正しい内容を示した検証すべて(日付順)",
    ),
    "numbers_the_transcript_got_wrong": (
        _WRONG_NUMBERS,
        "Numbers the transcript got wrong",
        "文字起こしが誤った数値",
        "Numbers in claims rated a transcription error, a translation error or inaccurate, with the correction",
        "判定が「書き起こしの誤り」「翻訳の誤り」「不正確」の主張に含まれる数値と訂正",
    ),
    "search_short": (
        _SEARCH_SHORT,
        "Search claims and quotes for a short word (one or two characters)",
        "短い語(1〜2文字)で主張と引用を検索",
        "Full-text search needs three characters; this finds shorter Japanese words by substring",
        "全文検索は3文字以上が必要なため、短い日本語の語を部分一致で探す",
    ),
}


def _bilingual(en: str, ja: str) -> str:
    return f"{en} / {ja}"


def metadata(database: str = DATABASE, fts: bool = True) -> dict[str, Any]:
    """Datasette's metadata: table and column descriptions in both languages, canned queries.

    `database` is the name Datasette gives the database: its file name without the suffix.
    """
    tables: dict[str, Any] = {}
    for t in TABLES:
        entry: dict[str, Any] = {
            "description": _bilingual(t.en, t.ja),
            "columns": {c.name: _bilingual(c.en, c.ja) for c in t.columns},
        }
        if t.fts and fts:
            entry["fts_table"] = f"{t.name}_fts"
            entry["fts_pk"] = "rowid"
        tables[t.name] = entry
    queries = {
        name: {"sql": sql, "title": _bilingual(en, ja), "description": _bilingual(den, dja)}
        for name, (sql, en, ja, den, dja) in QUERIES.items()
    }
    return {
        "title": "newskb",
        "description": _bilingual(
            "News stories, quotes and reviewed claims from Japanese transcripts",
            "日本語の文字起こしから作ったニュース記事・引用・検証済みの主張",
        ),
        "databases": {database: {"tables": tables, "queries": queries}},
    }


def metadata_json(database: str = DATABASE, fts: bool = True) -> str:
    return json.dumps(metadata(database, fts), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_SQL_TYPES = {str: str, int: int, float: float}


def _value(value: Any) -> Any:
    """Lists and dicts as JSON text (Datasette shows it as such)."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def create_table(db: Any, table: Table) -> None:
    """The table with sqlite-utils: types, keys, foreign keys (what Datasette reads)."""
    db[table.name].create(
        {c.name: _SQL_TYPES[c.type] for c in table.columns},
        pk=table.pk,
        foreign_keys=list(table.foreign_keys),
        not_null=set(table.pk) if isinstance(table.pk, tuple) else {table.pk},
    )


_DDL_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL"}


def create_table_sql(table: Table) -> str:
    """The `CREATE TABLE` that `create_table` has sqlite-utils write, written here without importing it.

    Why: importing sqlite-utils costs 0.4 s (it pulls in pandas' dependencies); the copy that
    database_cache.py publishes needs only this statement, and tests/test_export_database_cache.py
    checks it is sqlite-utils' own, character for character, for every table.
    """
    pk = table.pk if isinstance(table.pk, tuple) else (table.pk,)
    refs = {col: (other, other_col) for col, other, other_col in table.foreign_keys}
    lines = []
    for c in table.columns:
        line = f'"{c.name}" {_DDL_TYPES[c.type]}'
        if len(pk) == 1 and c.name == pk[0]:
            line += " PRIMARY KEY"
        if c.name in pk:
            line += " NOT NULL"
        if c.name in refs:
            line += f' REFERENCES "{refs[c.name][0]}"("{refs[c.name][1]}")'
        lines.append(line)
    if len(pk) > 1:
        lines.append("PRIMARY KEY (" + ", ".join(f'"{n}"' for n in pk) + ")")
    return f'CREATE TABLE "{table.name}" (\n' + ",\n".join(f"   {line}" for line in lines) + "\n)"


def _create(db: Any, table: Table, data: list[dict[str, Any]], fts: bool) -> None:
    """The table (`create_table`); its rows in one executemany; its full-text index.

    Why not `insert_all`: it inspects every value of every row in Python (about 4 s of a 7 s
    export at 1,000 stories); the rows here are already typed and complete, so one prepared
    statement does the same in a tenth of the time.
    """
    names = table.column_names
    create_table(db, table)
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    db.conn.executemany(
        f'insert into "{table.name}" ({columns}) values ({marks})',
        ([_value(row[n]) for n in names] for row in data),
    )
    if table.fts and fts:
        db[table.name].enable_fts(list(table.fts), tokenize="trigram")


def start_database(path: Path, utils: bool = True) -> tuple[sqlite3.Connection, Any]:
    """A connection to a new database in the empty file `path`, set up for one bulk write, and
    (with `utils`) its sqlite-utils view."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma page_size = 4096")
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
    if not utils:
        return conn, None
    import sqlite_utils  # imported here: 0.4 s, paid only by an export

    return conn, sqlite_utils.Database(conn)


def finish_tables(conn: sqlite3.Connection) -> None:
    """The index of every foreign key, made once the rows are in."""
    for table in TABLES:
        for fk_col, _, _ in table.foreign_keys:
            conn.execute(f'create index "idx_{table.name}_{fk_col}" on "{table.name}" ("{fk_col}")')


def write_database(kb: KnowledgeBase, path: Path, base_url: str, fts: bool = True, durable: bool = True) -> Path:
    """Write the database to `path` (replaced atomically); returns `path`.

    Without `fts`, no full-text index (the site's copy: the index is half the file; see docs/export.md).
    Without `durable`, not flushed to disk before the rename (a scratch copy read back at once).
    """
    data = rows(kb, base_url)
    with atomic_path(path, durable) as tmp:  # an empty file: sqlite starts a new database in it
        conn, db = start_database(tmp)
        try:
            conn.execute("begin")
            for table in TABLES:
                _create(db, table, data[table.name], fts)
            finish_tables(conn)
            conn.execute("commit")
        finally:
            conn.close()
    return path


def database_gzip(
    kb: KnowledgeBase, base_url: str, fts: bool = False, work: Path | None = None, pieces: Path | None = None
) -> bytes:
    """The database gzipped (what the site build publishes): one gzip member of runs of pages (database_pieces.py).

    With `work` (a file in the cache folder), the rows of unchanged stories are kept there
    between builds (database_cache.py); with `pieces`, runs of pages compressed before are
    reused. The bytes are the same with either or without.
    """
    from .database_pieces import gzip_database

    with tempfile.TemporaryDirectory(prefix="newskb-db-") as scratch:
        path = Path(scratch) / f"{DATABASE}.sqlite"
        if work is None:
            write_database(kb, path, base_url, fts, durable=False)
        else:
            from ..cache import notice
            from .database_cache import WorkingDatabase

            path.write_bytes(b"")
            try:
                WorkingDatabase(work, base_url).copy_to(kb, path, fts)
            except OSError as exc:  # a folder in its place, a read-only cache folder: only costs time
                notice(work, f"not usable ({exc.strerror or exc})")
                path.unlink()
                write_database(kb, path, base_url, fts, durable=False)
        return gzip_database(path, pieces)
