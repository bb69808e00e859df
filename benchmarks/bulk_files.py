"""The two `bulk` data files of the site, rebuilt after an edit of one story: before and after their caches.

The database (`data/newskb.sqlite.gz`) and the ClaimReview feed
(`data/claimreview.json.gz`) show every story, so a one-shot build rebuilds
them on every edit. This times, in one process on one loaded knowledge base,
alternating over rounds (a busy machine slows both alike), medians reported:

- the database written from the rows and gzipped whole (what every build
  did before, reproduced here) against the working file brought up to date
  and copied out (`database_cache.py`) and gzipped as runs of pages, runs
  seen before taken from the cache (`database_pieces.py`), and those two
  parts alone;
- the feed gzipped whole as one stream (what every build did before,
  reproduced here) against the feed assembled from cached pieces
  (`feed_cache.py`).

Each round first edits one story in memory (a review's note, a new digest),
so the cached paths redo that story only, as after a real edit. The corpus is
only read: caches go to a scratch folder.

    python3 benchmarks/bulk_files.py --corpus /work/bench/n1000-s1 --rounds 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newskb.export import claimreview, database_cache, database_pieces
from newskb.export import sqlite as xsqlite
from newskb.kb import KnowledgeBase, load_kb
from newskb.render import routes
from newskb.render.build import DEFAULT_TEMPLATES
from newskb.render.i18n import load_messages

BASE = "https://kb.example.org/"
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def whole_database_gzip(kb: KnowledgeBase) -> bytes:
    """The database as every build made it before the caches: written from the rows, gzipped as one stream."""
    with tempfile.TemporaryDirectory(prefix="newskb-bulk-db-") as d:
        path = xsqlite.write_database(kb, Path(d) / "db.sqlite", BASE, fts=False, durable=False)
        return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def whole_feed_gzip(kb: KnowledgeBase, messages: Any) -> bytes:
    """The feed as every build gzipped it before the pieces: one stream, level 6, no timestamp."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6, mtime=0, filename="") as fh:
        for chunk in claimreview.feed_chunks(kb, messages, BASE, NOW):
            fh.write(chunk.encode("utf-8"))
    return buf.getvalue()


def edit_one_story(kb: KnowledgeBase, n: int) -> str:
    """Change one review's note of a story in the middle, as an edit of its file would (a new digest)."""
    entries = sorted(kb.stories, key=lambda e: e.model.id)
    entry = next(e for e in entries[len(entries) // 2 + n :] if any(c.review for c in e.model.claims))
    story = entry.model
    claims = list(story.claims)
    i = next(i for i, c in enumerate(claims) if c.review)
    review = claims[i].review
    assert review is not None
    note = review.note.model_copy(update={"en": f"{review.note.en} (edit {n})"})
    claims[i] = claims[i].model_copy(update={"review": review.model_copy(update={"note": note})})
    entry.model = story.model_copy(update={"claims": claims})
    entry.doc.digest = f"{entry.doc.digest}-edit-{n}"
    return story.id


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    cpu, wall = time.process_time(), time.perf_counter()
    value = fn()
    return time.process_time() - cpu, time.perf_counter() - wall, value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="a folder holding entries/ (only read)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    cpu, wall, kb = timed(lambda: load_kb(args.corpus / "entries", cache=False))
    print(f"{len(kb.stories)} stories loaded in {cpu:.1f} s CPU, {wall:.1f} s wall", flush=True)
    gc.freeze()  # as the build does once loaded
    messages = load_messages(DEFAULT_TEMPLATES / "locales", routes.LANGS)
    import sqlite_utils  # noqa: F401  (imported by both database paths: not what is compared)

    with tempfile.TemporaryDirectory(prefix="newskb-bulk-bench-") as scratch:
        work = Path(scratch) / "database-work.sqlite"
        runs = Path(scratch) / "database-pieces.bin"
        pieces = Path(scratch) / "claimreview-pieces.bin"
        scenarios: dict[str, Callable[[], Any]] = {
            "database, written from the rows, gzipped whole (before)": lambda: whole_database_gzip(kb),
            "database, working file copied, runs of pages (after)": lambda: xsqlite.database_gzip(
                kb, BASE, work=work, pieces=runs
            ),
            "feed, gzipped whole (before)": lambda: whole_feed_gzip(kb, messages),
            "feed, cached pieces (after)": lambda: claimreview.feed_gzip(kb, messages, BASE, NOW, pieces),
        }
        for name in ("database, working file copied, runs of pages (after)", "feed, cached pieces (after)"):
            cpu, wall, _ = timed(scenarios[name])
            print(f"cold cache: {name}: {cpu:.2f} s CPU, {wall:.2f} s wall", flush=True)
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in scenarios}
        parts: dict[str, list[float]] = {"copy": [], "gzip": [], "runs": []}
        for n in range(args.rounds):
            edited = edit_one_story(kb, n)
            results = {}
            for name, fn in scenarios.items():
                cpu, wall, value = timed(fn)
                figures[name].append((cpu, wall))
                results[name] = value
            names = list(scenarios)
            assert gzip.decompress(results[names[0]]) == gzip.decompress(results[names[1]]), "the database differs"
            assert gzip.decompress(results[names[2]]) == gzip.decompress(results[names[3]]), "the feed differs"
            edit_one_story(kb, 100 + n)  # the parts, after an edit of their own
            with tempfile.TemporaryDirectory(prefix="newskb-bulk-copy-") as d:
                target = Path(d) / "copy.sqlite"
                target.write_bytes(b"")
                cpu, _, _ = timed(lambda t=target: database_cache.WorkingDatabase(work, BASE).copy_to(kb, t, False))
                parts["copy"].append(cpu)
                raw = target.read_bytes()
                cpu, _, _ = timed(lambda raw=raw: gzip.compress(raw, compresslevel=6, mtime=0))
                parts["gzip"].append(cpu)
                cpu, _, _ = timed(lambda raw=raw: database_pieces.gzip_database(raw, runs))
                parts["runs"].append(cpu)
            print(f"round {n + 1} (edited {edited}) done", flush=True)
        print(f"\nmedians of {args.rounds} rounds, one story edited before each:")
        print("| scenario | CPU | wall | bytes |\n| --- | --- | --- | --- |")
        for name, runs in figures.items():
            size = len(results[name])
            print(
                f"| {name} | {statistics.median(c for c, _ in runs):.2f} s | {statistics.median(w for _, w in runs):.2f} s | {size:,} |"
            )
        print(
            f"| ↳ database: update + copy inside SQLite | {statistics.median(parts['copy']):.2f} s | | {len(raw):,} uncompressed |"
        )
        print(
            f"| ↳ database: runs of pages, cached (what the build does) | {statistics.median(parts['runs']):.2f} s | | |"
        )
        print(
            f"| ↳ database: gzip level 6 of the copy as one stream (before) | {statistics.median(parts['gzip']):.2f} s | | |"
        )


if __name__ == "__main__":
    main()
