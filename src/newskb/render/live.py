"""`newskb build --watch`: the site kept in memory and rebuilt after each edit.

Why: after an edit, a one-shot `newskb build` writes only the pages that
changed, but first it has to load and validate every entry and key every page
(at 10,000 stories that is nearly all of its 15 s; see benchmarks/). Like
`hugo server`, the live build pays that once and then keeps the knowledge
base, the page list, the page keys and the rendered cards in memory.

It polls the stat signatures of everything a build reads (entry files,
transcripts, the About page's documents, templates). When only story files
changed, and each still parses, validates and keeps its *placement*
(pages.placement: the facts the page kinds declare place a story on their
pages, `Kind.places`), the new
models are put in place of the old ones in the site's indexes
(SiteData.replace; page contexts look their entries up there when rendered) and only the pages that show those stories (recorded
while their keys were computed) are keyed again, rendered and replaced. Any
other change (a registry, source, transcript, template or document; a story
added, removed or reshaped) reloads everything, exactly as a one-shot build
does. Either way the site is byte-identical to a full build of the same files
(tests/render/test_live.py). An edit that does not parse or validate is
reported in one line and changes nothing; the next save is tried again.

The page manifest is kept in memory and written when the live build stops, so
a later one-shot build stays incremental (a page rewritten since the manifest
was last written no longer matches its recorded file stamp, and is simply
rendered again). Changes to newskb's own code need a restart.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..cache import file_stamp
from ..diagnostics import Severity
from ..errors import InputError
from ..files import read_regular
from ..kb import REGISTRY_FILES, Entry, load_files
from ..models import Story
from ..store import MAX_ENTRY_BYTES, content_digest
from .build import BuildConfig, BuildResult, Keyed, execute, page_keys, plan, prepare, previous_manifest
from .manifest import Manifest, write_manifest
from .pages import placement
from .site import document_paths

Signature = tuple[int, int, int, int, int, int]

#: Above this many stories, an in-place edit does not re-render the `bulk` pages (the published
#: database and ClaimReview feed, render/api.py): they take seconds, the edit's own pages well under
#: one. Their manifest records keep the old keys, so the next one-shot `newskb build` writes them.
LIVE_BULK_STORIES = 200


def _files(directory: Path, suffix: str = "", recursive: bool = False) -> Iterator[str]:
    try:
        with os.scandir(directory) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    if recursive and entry.name != "__pycache__":
                        yield from _files(Path(entry.path), suffix, recursive)
                elif entry.name.endswith(suffix):
                    yield os.path.abspath(entry.path)
    except OSError:
        return


@dataclass
class Refresh:
    """What one refresh did."""

    files: int
    mode: str  # "in-place" | "reload" | "unchanged" | "error"
    seconds: float
    result: BuildResult | None = None
    error: str | None = None

    def line(self) -> str:
        if self.error:
            return f"not rebuilt ({self.files} file(s) changed): {self.error}"
        written = self.result.written if self.result else 0
        removed = self.result.removed if self.result else 0
        return (
            f"{self.files} file(s) changed: {written} pages written, {removed} removed"
            f" in {self.seconds:.3f}s ({self.mode})"
        )


@dataclass
class LiveBuild:
    config: BuildConfig
    keyed: Keyed | None = None
    manifest: Manifest | None = None
    sigs: dict[str, Signature | None] = field(default_factory=dict)
    #: The story entry each story file (absolute path) holds.
    entry_at: dict[str, Entry[Story]] = field(default_factory=dict)

    # -- what is watched --------------------------------------------------------------

    def watched(self) -> list[str]:
        """Every file a build reads: entries, transcripts, the About page's documents, templates."""
        entries = self.config.entries
        paths = [os.path.abspath(entries / name) for name in REGISTRY_FILES]
        paths += _files(entries / "sources", ".yaml")
        paths += _files(entries / "stories", ".yaml")
        if self.keyed is not None:
            kb = self.keyed.prep.site.kb
            paths += [str(kb.source_path(e.model)) for e in kb.sources.values()]
        paths += [str(path) for path in document_paths(entries)]
        paths += _files(self.config.templates, recursive=True)
        return sorted(set(paths))

    def scan(self) -> dict[str, Signature | None]:
        return {path: file_stamp(path) for path in self.watched()}

    # -- building ---------------------------------------------------------------------

    def load(self) -> BuildResult:
        """Load everything and build (incrementally when the manifest allows), recording which pages show each story."""
        if self.keyed is not None:
            self.keyed = None
            gc.unfreeze()  # let the previous knowledge base be collected
            gc.collect()
        started_ns = time.time_ns()
        before = self.scan()
        prep = prepare(self.config)
        self.keyed = page_keys(prep, track=True)
        result, self.manifest = execute(plan(self.keyed, previous_manifest(self.config)), progress=False)
        prep.renderer.warm(prep.pages)  # compiled here once, not on the first edit (workers rendered the build)
        self.entry_at = {os.path.abspath(entry.path): entry for entry in prep.site.kb.stories}
        # A file that changed while loading (or that only the loaded sources name, and that was
        # written since the load began) is left unrecorded, so the next refresh looks at it again.
        self.sigs = {
            path: sig
            for path, sig in self.scan().items()
            if before.get(path, sig) == sig and (sig is None or sig[3] < started_ns)
        }
        return result

    def refresh(self) -> Refresh:
        """Bring the site up to date with the files as they are now."""
        started = time.perf_counter()
        now = self.scan()
        changed = sorted(p for p in now.keys() | self.sigs.keys() if now.get(p) != self.sigs.get(p))
        if not changed:
            return Refresh(0, "unchanged", time.perf_counter() - started)
        try:
            result, mode = self._apply(changed)
        except InputError as exc:
            self.sigs = now  # wait for the next save
            return Refresh(len(changed), "error", time.perf_counter() - started, error=exc.render())
        except (OSError, RecursionError) as exc:  # a full disk, a file nested past any bound: reported, not fatal
            self.sigs = now
            what = getattr(exc, "strerror", None) or type(exc).__name__
            return Refresh(len(changed), "error", time.perf_counter() - started, error=f"error: {what}")
        self.sigs = now
        return Refresh(len(changed), mode, time.perf_counter() - started, result)

    def _apply(self, changed: list[str]) -> tuple[BuildResult | None, str]:
        if (
            self.keyed is None
            or self.manifest is None
            or any(p not in self.entry_at or self.sigs.get(p) is None for p in changed)
        ):
            return self.load(), "reload"
        contents: dict[str, bytes] = {}
        repo = self.config.entries.resolve().parent
        for path in changed:
            if not os.path.isfile(path):
                return self.load(), "reload"
            data = read_regular(Path(path), MAX_ENTRY_BYTES, "entry file", inside=repo)  # never a FIFO
            if content_digest(data) != self.keyed.fingerprints.content.get(self.entry_at[path].model.id):
                contents[path] = data
        if not contents:
            return None, "unchanged"
        keyed = self.keyed
        prep = keyed.prep
        kb = prep.site.kb
        fresh = load_files(kb.root, [], [], [Path(p) for p in contents], base=kb, keep_data=False)
        errors = [d for d in fresh.problems if d.severity == Severity.error]
        if errors:
            listing = "; ".join(d.render() for d in errors[:5])
            raise InputError(self.config.entries, f"{len(errors)} entry problem(s) stop the build: {listing}")
        current = prep.site.story_index
        updates: list[tuple[str, Story, Story]] = []
        for entry in fresh.stories:
            path = os.path.abspath(entry.path)
            old = current.get(self.entry_at[path].model.id)
            if old is None or placement(old, kb.people) != placement(entry.model, kb.people):
                return self.load(), "reload"
            updates.append((path, old, entry.model))
            self.entry_at[path].doc = entry.doc  # positions of later diagnostics come from the new file
        affected: set[int] = set()
        gbytes = bytes.fromhex(keyed.gkey)
        swap: dict[int, Any] = {}
        for path, old, new in updates:
            # placed as before, so its quotes and claims are the same ones in the same order
            swap[id(old)] = new
            swap.update((id(o), n) for o, n in zip(old.quotes, new.quotes, strict=True))
            swap.update((id(o), n) for o, n in zip(old.claims, new.claims, strict=True))
            self.entry_at[path].model = new
        prep.site.replace(swap)
        for path, old, new in updates:
            keyed.fingerprints.story[new.id] = keyed.fingerprints.story_fp(new, self.entry_at[path].doc.digest)
            prep.renderer.forget(new.id)
            affected.update((keyed.pages_of or {}).get(old.id, ()))
        pages = [prep.pages[i] for i in sorted(affected)]
        if len(prep.site.stories) > LIVE_BULK_STORIES:  # the database and feed: left to the next one-shot build
            pages = [page for page in pages if not page.bulk]
        for page in pages:
            keyed.keys[page.file] = keyed.fingerprints.page_key(page, gbytes)
        result, self.manifest = execute(plan(keyed, self.manifest, candidates=pages), progress=False)
        return result, "in-place"

    def save(self) -> None:
        """Write the manifest, so that the next one-shot build stays incremental."""
        if self.manifest is not None:
            write_manifest(self.config.out, self.manifest)


def watch(
    config: BuildConfig,
    interval: float = 0.25,
    stream: TextIO | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Build, then rebuild after every change until interrupted (Ctrl-C or SIGTERM)."""
    out = stream or sys.stdout
    live = LiveBuild(config)

    def terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate) if stream is None else None
    try:
        try:
            result = live.load()
        except InputError as exc:
            print(exc.render(), file=sys.stderr)
            return 2
        print(f"{result.summary()}; watching for changes (Ctrl-C stops)", file=out, flush=True)
        while not (stop and stop()):
            time.sleep(interval)
            r = live.refresh()
            if r.mode != "unchanged" or r.error:
                print(r.line(), file=out, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        live.save()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0
