"""`newskb export sqlite|csv|jsonl|claimreview PATH` (registered in cli.py).

Exports refuse entries with errors, as the build does: an export is a
publication, and a half-valid knowledge base would publish broken rows.
Every format writes all of its files or none (exit 2 and one line on bad
input, like every command).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from ..cache import atomic_path
from ..diagnostics import Severity
from ..errors import InputError
from ..kb import KnowledgeBase, load_kb
from ..runtime import paused_gc

FORMATS = ("sqlite", "csv", "jsonl", "claimreview")


def load_for_export(entries: Path) -> KnowledgeBase:
    with paused_gc():
        kb = load_kb(entries, cache=True, keep_data=False)
    errors = [d for d in kb.problems if d.severity == Severity.error]
    if errors:
        listing = "; ".join(d.render() for d in errors[:5])
        raise InputError(entries, f"{len(errors)} entry problem(s) stop the export (run `newskb validate`): {listing}")
    return kb


def _write_streamed(path: Path, chunks: Iterable[str]) -> None:
    """Write text chunk by chunk into a temporary file beside `path`, renamed into place when complete."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.writelines(chunks)


def run_export(args: argparse.Namespace) -> int:
    from ..progress import step
    from ..render.build import resolve_base_url

    entries = Path(args.entries)
    out = Path(args.path)
    base_url = resolve_base_url(args.base_url, entries.resolve().parent)
    started = time.perf_counter()
    with step("loading entries", quiet=args.quiet):
        kb = load_for_export(entries)
    with step(f"writing {args.format}", quiet=args.quiet):
        if args.format == "sqlite":
            from .sqlite import metadata_json, write_database

            if out.is_dir():
                raise InputError(out, "is a directory; give the database's file name (e.g. newskb.sqlite)")
            write_database(kb, out, base_url)
            from ..store import write_atomic

            meta = out.with_name(out.stem + ".metadata.json")
            write_atomic(meta, metadata_json(out.stem))
            written = [out, meta]
        elif args.format == "claimreview":
            from ..render import routes
            from ..render.build import DEFAULT_TEMPLATES, site_time
            from ..render.i18n import load_messages
            from ..render.site import SiteData
            from .claimreview import feed_chunks

            if out.is_dir():
                raise InputError(out, "is a directory; give the feed's file name (e.g. claimreview.json)")
            messages = load_messages(DEFAULT_TEMPLATES / "locales", routes.LANGS)
            _write_streamed(out, feed_chunks(kb, messages, base_url, site_time(SiteData(kb))))
            written = [out]
        else:
            from .flat import write_dir

            if out.exists() and not out.is_dir():
                raise InputError(out, "is not a directory")
            written = write_dir(kb, out, args.format, base_url)
    if not args.quiet:
        for path in written:
            print(f"wrote {path}")
        print(f"exported {len(kb.stories)} stories as {args.format} in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    return 0
