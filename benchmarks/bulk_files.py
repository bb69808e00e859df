"""The two `bulk` data files of the site, rebuilt after an edit of one story: before and after their caches.

The database (`data/newskb.sqlite.gz`) and the ClaimReview feed
(`data/claimreview.json.gz`) show every story, so a one-shot build rebuilds
them on every edit. This times, in one process on one loaded knowledge base,
alternating over rounds (a busy machine slows both alike), medians reported:

- the database written from the rows (`sqlite.database_gzip` without a
  working file: what every build did before) against the working file
  brought up to date and copied out (`database_cache.py`), and the parts:
  the copy alone and gzip alone;
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

from newskb.export import claimreview, database_cache  # noqa: E402
from newskb.export import sqlite as xsqlite  # noqa: E402
from newskb.kb import KnowledgeBase, load_kb  # noqa: E402
from newskb.render import routes  # noqa: E402
from newskb.render.build import DEFAULT_TEMPLATES  # noqa: E402
from newskb.render.i18n import load_messages  # noqa: E402

BASE = "https://kb.example.org/"
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


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
        pieces = Path(scratch) / "claimreview-pieces.bin"
        scenarios: dict[str, Callable[[], Any]] = {
            "database, written from the rows (before)": lambda: xsqlite.database_gzip(kb, BASE),
            "database, working file updated and copied (after)": lambda: xsqlite.database_gzip(kb, BASE, work=work),
            "feed, gzipped whole (before)": lambda: whole_feed_gzip(kb, messages),
            "feed, cached pieces (after)": lambda: claimreview.feed_gzip(kb, messages, BASE, NOW, pieces),
        }
        for name in ("database, working file updated and copied (after)", "feed, cached pieces (after)"):
            cpu, wall, _ = timed(scenarios[name])
            print(f"cold cache: {name}: {cpu:.2f} s CPU, {wall:.2f} s wall", flush=True)
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in scenarios}
        parts: dict[str, list[float]] = {"copy": [], "gzip": []}
        for n in range(args.rounds):
            edited = edit_one_story(kb, n)
            results = {}
            for name, fn in scenarios.items():
                cpu, wall, value = timed(fn)
                figures[name].append((cpu, wall))
                results[name] = value
            names = list(scenarios)
            assert results[names[0]] == results[names[1]], "the database differs"
            assert gzip.decompress(results[names[2]]) == gzip.decompress(results[names[3]]), "the feed differs"
            with tempfile.TemporaryDirectory(prefix="newskb-bulk-copy-") as d:
                target = Path(d) / "copy.sqlite"
                target.write_bytes(b"")
                cpu, _, _ = timed(lambda: database_cache.WorkingDatabase(work, BASE).copy_to(kb, target, False))
                parts["copy"].append(cpu)
                raw = target.read_bytes()
                cpu, _, _ = timed(lambda: gzip.compress(raw, compresslevel=6, mtime=0))
                parts["gzip"].append(cpu)
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
        print(f"| ↳ database: gzip level 6 of the copy | {statistics.median(parts['gzip']):.2f} s | | |")


if __name__ == "__main__":
    main()
