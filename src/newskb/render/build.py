"""Building site/: a full build renders everything into a temporary directory
and swaps it in; an incremental build re-renders only the pages whose inputs
changed.

- Full (`--full`, a first build, or whenever the templates, the rendering
  code, the base URL or the search switch changed): the new tree is rendered
  next to site/ and exchanged with it only when complete (one
  renameat2(RENAME_EXCHANGE) on Linux, two renames elsewhere); a build that
  fails midway leaves the previous site/ as it was.
- Incremental (otherwise): every page has an input key (incremental.py); the
  manifest in .newskb-cache/ (manifest.Manifest) records the key and file
  stamp of each file written. Pages whose key changed, or whose file is not the one written, are
  rendered into a staging directory beside site/; only when all of them
  rendered are they moved into place (each with one rename), and pages that no
  longer exist are deleted. Every other file is left untouched (same mtime),
  so rsync and CDNs upload only what changed. A render failure leaves site/
  exactly as it was. The output is byte-identical to a full build of the same
  entries (tests/render/test_incremental.py).
- Search: Pagefind rebuilds the index of a language whole; an incremental
  build runs it only when an indexed page (story, person, organisation)
  changed or disappeared, and then replaces only the index files that differ.
- Parallel: with more than one core and enough pages, pages are rendered by
  forked worker processes, one language each (cards are cached per language),
  each writing its own files; the output does not depend on the split.
- Deterministic: everything is sorted; the only clock is SOURCE_DATE_EPOCH or,
  without it, the newest date in the entries; Pagefind's output is
  deterministic for the same input (tests/render check both builds are
  byte-identical, search index included).
- One flow for every build: `plan` decides what to render (everything, or the
  pages whose key or file changed; a live build passes the pages an edit can
  have changed), `execute` renders it away from the site, applies it (swap or
  renames) and `record`s the manifest. `check_site` renders the same plan,
  made without a manifest, into a scratch directory and compares trees: it is
  what `newskb build --check` (and CI) use to tell whether site/ is stale.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import filecmp
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import UnsafePath, contained, file_stamp, is_inside
from ..diagnostics import Severity
from ..errors import InputError
from ..kb import load_kb
from ..models import Story
from ..progress import Bar as Progress
from ..runtime import fork_map, jobs_for, paused_gc
from . import feeds, incremental, routes
from .i18n import load_messages
from .manifest import (
    FileRecord,
    Header,
    Manifest,
    ManifestStore,
    PageRow,
    StoreError,
    StoryPlace,
    StoryRow,
    manifest_path,
    read_manifest,
    records,
    unchanged,
    write_manifest,
    write_store,
)
from .pages import Page, placement, site_pages
from .search import build_indexes, sync_bundles
from .site import SiteData
from .templating import Renderer

#: Placeholder origin until the site has a real address. `.invalid` is reserved
#: (RFC 2606) and can never resolve, so it is visibly not a real address. Set
#: the real one with `[tool.newskb] base_url` in pyproject.toml, the
#: NEWSKB_BASE_URL environment variable, or `newskb build --base-url`.
DEFAULT_BASE_URL = "https://newskb.invalid/"

PACKAGE_ROOT = Path(__file__).resolve().parents[3]
#: Templates, message catalogs and assets live in the repository's templates/.
DEFAULT_TEMPLATES = PACKAGE_ROOT / "templates"


@dataclass
class BuildConfig:
    entries: Path = Path("entries")
    out: Path = Path("site")
    base_url: str = DEFAULT_BASE_URL
    templates: Path = DEFAULT_TEMPLATES
    search: bool = True
    #: Publish the database and the ClaimReview feed under data/ (render/api.py).
    data: bool = True
    #: Ignore the manifest: render every page and swap the new tree in.
    full: bool = False
    #: Worker processes for rendering (None: one per core).
    jobs: int | None = None
    #: Build into a non-empty folder that is not a newskb site (its content is replaced). Never a
    #: folder of the repository's own (see `claim_output`).
    force: bool = False
    #: Build even though entries have validation errors; every page then says it is a preview.
    preview: bool = False
    #: Run the validator first and refuse entries it rejects (what the CLI always does). Off only for
    #: tests of the build's own mechanics, which edit entries into states the validator would refuse.
    validated: bool = True


#: The file every build writes at the top of its output: what makes a folder a newskb site, which
#: a later build may empty and replace (any other non-empty folder is refused).
MARKER = ".newskb-site"
MARKER_TEXT = b"This folder is a site built by newskb (`newskb build`); a later build replaces its whole content.\n"
#: Everything a site built before the marker existed holds at its top level (such a site is replaced too).
LEGACY_TOP = frozenset({"404.html", "assets", "en", "ja", "index.html", "robots.txt", "sitemap.xml"})
#: Folders of the repository a build never writes into, replaces or deletes (nor any folder holding one).
PROTECTED = ("entries", "seeds", "docs", "src", "templates", "tests", "benchmarks", ".git", ".newskb-cache")


def claim_output(config: BuildConfig) -> None:
    """Refuse an output folder a build must not replace (InputError, one line); otherwise return.

    Why: a full build replaces the whole folder, so `--out entries` or
    `--out ~/Documents` would delete what a person wrote. Refused always: the
    repository itself, a folder that holds it, and its source folders
    (entries/, seeds/, docs/, src/, templates/, ...) or anything inside or
    holding one of them. Refused unless `force`: an existing non-empty folder
    without the marker file a build leaves (not a newskb site), and a path
    that is not a folder.
    """
    out = config.out
    try:
        target = out.resolve()
        repo = config.entries.resolve().parent
    except (OSError, RuntimeError) as exc:
        raise InputError(out, f"cannot resolve the output folder: {exc}") from None
    guarded = [repo, *(repo / name for name in PROTECTED), config.templates.resolve()]
    for folder in guarded:
        if target == folder or folder.is_relative_to(target) or (folder != repo and target.is_relative_to(folder)):
            raise InputError(
                out, f"refusing to build into {out}: it is or holds {folder}, which a build never replaces"
            )
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise InputError(out, "the output exists and is not a folder (a file or a symlink); refused")
    if not out.is_dir() or config.force:
        return
    try:
        names = set(os.listdir(out))
    except OSError as exc:
        raise InputError(out, f"cannot list the output folder: {exc.strerror}") from None
    legacy = "index.html" in names and names <= LEGACY_TOP  # built before builds left the marker
    if names and not legacy and MARKER not in names:
        raise InputError(
            out,
            f"refusing to replace {out}: it is not empty and not a newskb site (no {MARKER}); "
            "pass --force to replace its content",
        )


def _temp_prefix(out: Path) -> str:
    """Temporary trees of a build sit beside the output (same filesystem, for the atomic swap), named by process."""
    return f".{out.name}.build-{os.getpid()}-"


def clean_stale(out: Path) -> list[str]:
    """Remove the temporary trees of builds that were killed (their process no longer runs); their names.

    A tree of a build that is still running (another process) is left alone.
    """
    removed: list[str] = []
    prefix = f".{out.name}.build-"
    old_prefix = f".{out.name}.old-"
    try:
        names = os.listdir(out.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) or name.startswith(old_prefix)):
            continue
        rest = name[len(prefix) :] if name.startswith(prefix) else name[len(old_prefix) :]
        pid = rest.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        path = out.parent / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _replaceable(out: Path) -> None:
    """Refuse (InputError) before rendering when the old tree of `out` could not be removed after a swap."""
    if not out.is_dir():
        return
    for folder, dirs, _ in os.walk(out):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(folder, "is not writable: the old site could not be replaced; nothing was changed")
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


@dataclass
class BuildResult:
    pages: int
    files: int
    seconds: float
    out: Path
    notes: list[str] = field(default_factory=list)
    #: HTML pages written by this build, and pages deleted because they no longer exist.
    written: int = 0
    removed: int = 0
    full: bool = True
    #: Files (pages, feeds, sitemap) this build wrote or deleted, relative to the site root.
    changed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"built {self.pages} pages ({self.written} written, {self.removed} removed) in {self.seconds:.2f}s"


def resolve_base_url(explicit: str | None, repo_root: Path) -> str:
    """--base-url, else NEWSKB_BASE_URL, else [tool.newskb] base_url in pyproject.toml, else the placeholder."""
    value = explicit or os.environ.get("NEWSKB_BASE_URL")
    if not value:
        pyproject = repo_root / "pyproject.toml"
        if pyproject.is_file():
            with pyproject.open("rb") as fh:
                value = tomllib.load(fh).get("tool", {}).get("newskb", {}).get("base_url")
    value = value or DEFAULT_BASE_URL
    if not value.startswith(("http://", "https://")):
        raise InputError(repo_root / "pyproject.toml", f"base_url must be an absolute http(s) URL, not {value!r}")
    return value.rstrip("/") + "/"


def site_time(site: SiteData) -> dt.datetime:
    """The build's notion of now: SOURCE_DATE_EPOCH, else the newest date in the entries."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    latest = site.latest_date
    if latest:
        return dt.datetime.combine(latest, dt.time(), dt.UTC)
    return dt.datetime.fromtimestamp(0, dt.UTC)


def _load(config: BuildConfig, few: bool = False) -> SiteData:
    """`few`: the build will likely render few pages (a one-shot build with a manifest of this code), so
    the models' strings are not interned, only their field sets shared (kb.compact): interning saves a
    little memory forked workers share, at a CPU cost."""
    if config.validated and not config.preview:
        # first, while this process is small: the validator forks its workers on a cold run
        refuse_invalid(config.entries)
    # Frozen as soon as loaded: the collection that would follow the load's pause of the collector
    # finds nothing to free in a knowledge base kept for the whole build, and takes seconds at 10,000 stories.
    with paused_gc(freeze=True):
        kb = load_kb(config.entries, cache=True, keep_data=False, intern=not few)
        texts = kb.source_texts  # reading transcripts may add problems
    errors = [d for d in kb.problems if d.severity == Severity.error]
    if errors:
        listing = "; ".join(d.render() for d in errors[:5])
        raise InputError(
            config.entries, f"{len(errors)} entry problem(s) stop the build (run `newskb validate`): {listing}"
        )
    for entry in kb.stories:
        if entry.model.source not in texts:
            raise InputError(
                entry.path, f"story `{entry.model.id}` names source `{entry.model.source}`, which is not loaded"
            )
    return SiteData(kb)


def refuse_invalid(entries: Path) -> None:
    """Stop the build (InputError) when `newskb validate` reports an error: only valid entries are published.

    Uses the validator's cache, so a build after a build costs little more. The
    findings are printed as `validate` prints them; `--preview` builds anyway.
    """
    from ..validate import finish
    from ..validate.dates import today
    from ..validate.incremental import findings

    outcome = findings(entries, today())
    errors = [d for d in finish(outcome.diagnostics) if d.severity == Severity.error]
    if errors:
        for d in errors:
            print(d.render(), file=sys.stderr)
        raise InputError(
            entries,
            f"{len(errors)} validation error(s) stop the build (see `newskb validate`; "
            "`newskb build --preview` builds a site marked as a preview)",
        )


#: What a preview build adds to every page: a notice (both languages) and a request not to be indexed.
PREVIEW_BANNER = (
    '<div class="newskb-preview" role="alert" style="background:#fde68a;color:#111;padding:.5em 1em;'
    'font-weight:bold">Preview: built from entries with validation errors; not for publication.'
    " / プレビュー：検証エラーのある項目から作成。公開用ではありません。</div>"
)
PREVIEW_META = '<meta name="robots" content="noindex">'


def mark_preview(html: str | bytes) -> str | bytes:
    """A page of a preview build: the banner after `<body ...>`, noindex after `<head>`.

    JSON documents and data files (bytes) are left as they are: the pages that link them carry the mark.
    """
    if not isinstance(html, str):
        return html
    head = html.find("<head>")
    if head >= 0:
        html = html[: head + 6] + PREVIEW_META + html[head + 6 :]
    body = html.find("<body")
    end = html.find(">", body) if body >= 0 else -1
    if end >= 0:
        html = html[: end + 1] + PREVIEW_BANNER + html[end + 1 :]
    return html


def _write(path: Path, data: str | bytes) -> None:
    try:
        fh = open(path, "wb")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "wb")
    with fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


#: Fewer pages than this to render are not worth forking workers for.
PARALLEL_MIN = 400


@dataclass
class Prepared:
    """Everything a build renders from: the data, the renderer, the page list."""

    config: BuildConfig
    site: SiteData
    renderer: Renderer
    pages: list[Page]
    #: Record what the build read in the manifest, so that the next build can find it has nothing
    #: to do without loading (incremental.up_to_date). A live build does not: its manifest is
    #: saved long after its files were read.
    record_inputs: bool = False


def prepare(config: BuildConfig, few: bool = False) -> Prepared:
    """`few`: see `_load`."""
    site = _load(config, few)
    # The entries and the page list are millions of long-lived objects: keep the cyclic GC from walking
    # them again and again while pages are rendered (a full collection of a 10,000-story KB takes about a
    # second), and from touching their headers in forked workers (which would copy every page of memory).
    with paused_gc(freeze=True):
        messages = load_messages(config.templates / "locales", routes.LANGS)
        renderer = Renderer(config.templates, site, messages, config.base_url)
        site.publish_data = config.data
        if config.preview:
            plain = renderer.render
            renderer.render = lambda page: mark_preview(plain(page))  # type: ignore[method-assign]
        pages = list(site_pages(site))
    check_page_files(config.entries, [page.file for page in pages])
    return Prepared(config, site, renderer, pages)


def check_page_files(entries: Path, files: list[str]) -> None:
    """Refuse (InputError) a page list that cannot be written: two pages at one path, or a page where
    another page needs a folder (a tag named `index.html`), or a path that leaves the site."""
    seen: set[str] = set()
    folders: set[str] = set()
    for file in files:  # string tests, not a split per path: 369k paths at 10,000 stories
        if file in seen:
            raise InputError(entries, f"two pages would be written to {file}")
        wrapped = f"/{file}/"  # an empty, `.` or `..` part (or a leading `/`) shows as `//`, `/./` or `/../`
        if "//" in wrapped or "/./" in wrapped or "/../" in wrapped:
            raise InputError(entries, f"a page path would leave the site: {file!r}")
        seen.add(file)
        folder = file.rpartition("/")[0]
        while folder and folder not in folders:  # a folder seen before has had its own folders added
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    clash = sorted(seen & folders)
    if clash:
        raise InputError(
            entries, f"page {clash[0]} would also have to be a folder of other pages (an id or tag named like a page)"
        )


def _tasks(pages: list[Page], jobs: int) -> list[list[int]]:
    """Page indices (what is sent to a worker; the pages themselves are inherited by the fork) split by
    language (each worker caches one language's cards), then into `jobs` parts."""
    by_lang: dict[str | None, list[int]] = {}
    for i, page in enumerate(pages):
        by_lang.setdefault(page.lang or routes.LANGS[0], []).append(i)
    groups = list(by_lang.values())
    per = max(1, -(-jobs // len(groups)))
    out: list[list[int]] = []
    for group in groups:
        size = -(-len(group) // per)
        out += [group[i : i + size] for i in range(0, len(group), size)]
    return sorted(out, key=len, reverse=True)


def render_pages(prep: Prepared, pages: list[Page], dest: Path, bar: Progress) -> None:
    """Render `pages` into `dest`: in forked worker processes when it pays (runtime.fork_map), else here."""
    jobs = jobs_for(prep.config.jobs)
    renderer = prep.renderer
    if jobs == 1 or len(pages) < PARALLEL_MIN:
        for done, page in enumerate(pages, 1):
            _write(dest / page.file, renderer.render(page))
            bar.update(done, page.route)
        return

    def chunk(indices: list[int]) -> int:
        for i in indices:
            page = pages[i]
            _write(dest / page.file, renderer.render(page))
        return len(indices)

    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        bar.update(done, "")

    renderer.warm(pages)  # compiled once here, shared copy-on-write by the forked workers
    fork_map(chunk, _tasks(pages, jobs), jobs, on_result=advance)


def assets(templates: Path) -> list[tuple[str, Path]]:
    """The site's static files: (place in the site, file under templates/assets/)."""
    root = templates / "assets"
    return [(routes.asset(src.relative_to(root).as_posix()), src) for src in sorted(root.rglob("*")) if src.is_file()]


def extra_names(templates: Path) -> list[str]:
    """Every file besides pages and the search index: what `extra_files` makes (with the sitemap), and the assets."""
    return [
        *(routes.feed(lang) for lang in routes.LANGS),
        routes.sitemap(),
        "robots.txt",
        *(a for a, _ in assets(templates)),
        MARKER,
    ]


def extra_files(prep: Prepared, with_sitemap: bool = True) -> dict[str, bytes]:
    """The files besides pages and assets: the feeds, robots.txt and (unless told not to) the sitemap."""
    return {rel: make() for rel, make in _extra_makers(prep, with_sitemap).items()}


def _extra_makers(prep: Prepared, with_sitemap: bool = True) -> dict[str, Callable[[], bytes]]:
    """How to make each of `extra_files`, by file: a full build makes each one as it writes it (`_Extras`)."""
    site, renderer, pages = prep.site, prep.renderer, prep.pages
    makers: dict[str, Callable[[], bytes]] = {}

    def feed(lang: str) -> Callable[[], bytes]:
        def make() -> bytes:
            helpers = renderer.helpers(next(p for p in pages if p.lang == lang))
            return feeds.atom_feed(lang, site.stories, helpers, renderer.base_url, site_time(site)).encode()

        return make

    for lang in routes.LANGS:
        makers[routes.feed(lang)] = feed(lang)
    if with_sitemap:
        makers[routes.sitemap()] = lambda: feeds.sitemap(pages, renderer.base_url)
    makers["robots.txt"] = lambda: feeds.robots(renderer.base_url).encode()
    return makers


def sitemap_key(prep: Prepared) -> str:
    """What the sitemap depends on: the listed routes and the base URL."""
    listed = "\n".join(f"{p.route}|{p.lang}" for p in prep.pages if p.listed)
    return hashlib.sha1(f"{prep.renderer.base_url}\n{listed}".encode()).hexdigest()


# --- swapping ------------------------------------------------------------------

_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def swap_in(new: Path, out: Path) -> None:
    """Make `new` the content of `out`; the old tree is removed afterwards."""
    if out.exists() and _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old tree (a leftover is cleaned next time)
        return
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
        old.rmdir()
        os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- one build flow: plan -> render -> apply -> record ------------------------------------------------


def global_key(config: BuildConfig) -> str:
    """What every page depends on (incremental.global_key) for this configuration."""
    return incremental.global_key(
        config.templates, config.base_url.rstrip("/") + "/", config.search, config.preview, config.data
    )


@dataclass
class Keyed:
    """A prepared build with the input key of every page (what a live build keeps between edits)."""

    prep: Prepared
    gkey: str
    fingerprints: incremental.Fingerprints
    keys: dict[str, str]
    #: Story id -> indices (in prep.pages) of the pages whose key includes that story; only when asked.
    pages_of: dict[str, list[int]] | None = None
    #: quick_keys: the stories edited since the previous build (every other one as recorded).
    edited: set[str] = field(default_factory=set)
    #: A full build's, keyed only when recorded (`_keys_later`): `keys` and `fingerprints` are not made yet.
    later: bool = False


def page_keys(prep: Prepared, track: bool = False) -> Keyed:
    gkey = global_key(prep.config)
    fps = incremental.Fingerprints(prep.site)
    keys, pages_of = _key_pages(fps, prep.pages, range(len(prep.pages)), bytes.fromhex(gkey), track)
    return Keyed(prep, gkey, fps, keys, pages_of)


def _keys_later(prep: Prepared) -> Keyed:
    """A full build's keyed build before its keys: `_record_full` makes them once the pages are written.

    Why: a full build renders every page whatever its key, and the keys, the stories each page walks
    and the entries' fingerprints (about 100 MB at 10,000 stories) would otherwise be made before the
    workers fork, and so sit in each worker's resident set as well as in the main process.
    """
    return Keyed(prep, global_key(prep.config), None, {}, later=True)  # type: ignore[arg-type]


def _key_pages(
    fps: incremental.Fingerprints, pages: list[Page], indices: Iterable[int], gbytes: bytes, track: bool
) -> tuple[dict[str, str], dict[str, list[int]] | None]:
    """The keys of `pages[i]` for i in `indices` and, when tracking, story id -> those of them that walk it."""
    keys: dict[str, str] = {}
    pages_of: dict[str, list[int]] | None = {} if track else None
    for i in indices:
        page = pages[i]
        if pages_of is not None:
            fps.visited = set()
        keys[page.file] = fps.page_key(page, gbytes)
        for story_id in fps.visited or ():
            pages_of.setdefault(story_id, []).append(i)  # type: ignore[union-attr]
    fps.visited = None
    return keys, pages_of


def placement_digest(story: Story, people: dict[str, Any]) -> str:
    """What stands for a story's placement (pages.placement) in the manifest."""
    return hashlib.sha1(repr(placement(story, people)).encode()).hexdigest()


@dataclass
class Quick:
    """What a one-shot build that keys only the pages of edited stories carries from `quick_keys` to `record`."""

    store: ManifestStore
    #: Indices (in prep.pages) of the pages keyed again.
    indices: list[int]
    #: Every page's recorded stamp, in the page list's order.
    stamps: list[tuple[Any, ...]]
    #: File -> index in the page list, for the pages the plan renders (filled by `plan_quick`).
    at: dict[str, int] = field(default_factory=dict)


def quick_keys(prep: Prepared, store: ManifestStore | None, gkey: str | None = None) -> tuple[Keyed, Quick] | None:
    """The keys of a one-shot build after edits of story files only, keying only the pages that show them.

    Returns the keyed build (holding the keys of the pages keyed again) and what `plan_quick` needs; None
    when the previous build's record does not allow it, and every page must be keyed (`page_keys`):
    another code or configuration, a file besides a story's changed (a registry, a source, a transcript,
    a document, SOURCE_DATE_EPOCH), a story added, removed or placed otherwise (pages.placement), another
    page list, or a record that does not hold together. Why this is safe: a story placed as before is
    shown on the same pages as before, and every other input is as recorded, so only the pages whose key
    walked an edited story (recorded in `Manifest.stories`) can have another key; the live build re-keys
    on the same grounds (live.py). Only those stories' records and those pages' keys are read from the
    store, with every page's file and stamp (compared with the page list and the files). `gkey`: the
    configuration's `global_key`, when the caller has hashed it already (it reads every template).
    """
    if store is None:
        return None
    header = store.header
    if not header.stories or header.inputs is None:
        return None
    gkey = gkey or global_key(prep.config)
    if header.global_key != gkey:
        return None
    site = prep.site
    kb = site.kb
    inputs = incremental.read_inputs(site)  # the About page's documents are read when it renders: not yet here
    recorded = header.inputs.files
    if inputs.epoch != header.inputs.epoch or not inputs.files.keys() <= recorded.keys():
        return None
    if not incremental.same_files(recorded, recorded.keys() - inputs.files.keys(), prep.config.entries):
        return None
    story_paths = {os.path.abspath(entry.path): entry.model.id for entry in kb.stories}
    edited: set[str] = set()
    for path, digest in inputs.files.items():
        if recorded[path] != digest:
            story_id = story_paths.get(path)
            if story_id is None:
                return None
            edited.add(story_id)
    try:
        files, stamps = store.files_and_stamps()
        if files != [page.file for page in prep.pages]:  # the same page list, in the same order
            return None
        closures = store.closures()
        if closures.keys() != site.story_index.keys():
            return None
        # A story whose file reads as recorded, with every other input as recorded, has its recorded closure.
        known = {sid: bytes.fromhex(c) for sid, c in closures.items() if sid not in edited}
        places = store.places(edited)
    except (sqlite3.Error, StoreError, ValueError, TypeError):
        return None  # a store that does not hold together: key everything
    if any(len(c) != 20 for c in known.values()):
        return None
    fps = incremental.Fingerprints(site, known)
    count = len(files)
    if any(i < 0 or i >= count for place in places.values() for i in place.pages):
        return None
    affected: set[int] = set()
    for story_id in edited:
        if places[story_id].placement != placement_digest(site.story_index[story_id], kb.people):
            return None
        affected.update(places[story_id].pages)
    indices = sorted(affected)
    fresh, visits = _key_pages(fps, prep.pages, indices, bytes.fromhex(gkey), track=True)
    assert visits is not None
    # The pages keyed again walk the stories they walked before (each story placed as before).
    try:
        walked = store.places(visits.keys() - edited)
    except (sqlite3.Error, StoreError):
        return None
    walked.update(places)
    for story_id, shown in visits.items():
        before = walked.get(story_id)
        if before is None or not set(shown) <= set(before.pages):
            return None
    for story_id in edited:
        if set(visits.get(story_id, ())) != set(places[story_id].pages):
            return None
    keyed = Keyed(prep, gkey, fps, fresh, None, edited=edited)
    return keyed, Quick(store, indices, stamps)


def plan_quick(keyed: Keyed, quick: Quick) -> Plan | None:
    """The plan of a one-shot build after `quick_keys`: the pages keyed again whose key or file changed, and
    any other page whose file is not the one written (the page list and the sitemap are as recorded).
    None when the store cannot give the recorded keys (the build then keys every page)."""
    prep = keyed.prep
    config = prep.config
    out = config.out
    if not (out / MARKER).is_file():
        return None
    pages = prep.pages
    stamps = quick.stamps
    root = str(out)
    keys = keyed.keys
    try:
        old = quick.store.keys(quick.indices)
    except sqlite3.Error:
        return None
    shown = set(quick.indices)
    chosen = [
        i
        for i in quick.indices
        if old.get(i) != keys[pages[i].file] or file_stamp(f"{root}/{pages[i].file}") != tuple(stamps[i])
    ]
    behind = [  # rewritten as they were: their recorded keys stay right
        i for i, page in enumerate(pages) if i not in shown and file_stamp(f"{root}/{page.file}") != tuple(stamps[i])
    ]
    if behind:
        try:
            again = quick.store.keys(behind)
        except sqlite3.Error:
            return None
        if len(again) != len(behind) or not all(isinstance(k, str) for k in again.values()):
            return None
        keys.update((pages[i].file, again[i]) for i in behind)
    indices = sorted(chosen + behind)
    quick.at = {pages[i].file: i for i in indices}
    changed = [pages[i] for i in indices]
    sitemap = quick.store.header.sitemap
    extras = _all_extras(prep, with_sitemap=not (out / routes.sitemap()).is_file())
    differ = _differing(out, extras)
    search = config.search and any(p.indexed for p in changed)
    header = quick.store.header
    previous = Manifest(
        global_key=header.global_key, sitemap=sitemap, pages={}, extras=header.extras, inputs=header.inputs
    )
    return Plan(keyed, False, changed, differ, [], sitemap, previous, search, quick=quick)


def previous_manifest(config: BuildConfig) -> Manifest | None:
    """The manifest of the last build of `config.out`, unless this build is to be full."""
    return None if config.full else read_manifest(config.out)


@dataclass
class Plan:
    """What a build will do to its output, decided before anything is rendered or touched.

    The one-shot build, the live build (with `candidates`) and `--check` (into a scratch folder)
    all make one with `plan` and carry it out with `execute`.
    """

    keyed: Keyed
    #: A new tree, swapped in whole (else: the listed files replaced in place).
    full: bool
    #: Pages to render.
    pages: list[Page]
    #: Files besides pages to write: all of them in a full build (made as they are written), those that
    #: differ otherwise.
    extras: Mapping[str, bytes]
    #: Pages of the previous build that no longer exist (deleted in place; gone with the old tree).
    removed: list[str]
    sitemap: str
    previous: Manifest | None
    #: Rebuild the search index.
    search: bool
    #: A live build's plan: the page list is the manifest's, and the manifest is kept in memory.
    live: bool = False
    #: A one-shot build's after `quick_keys`: recorded by updating the store in place.
    quick: Quick | None = None

    @property
    def config(self) -> BuildConfig:
        return self.keyed.prep.config


def _all_extras(prep: Prepared, with_sitemap: bool = True) -> dict[str, bytes]:
    return dict(_Extras(prep, with_sitemap).items())


class _Extras(Mapping[str, bytes]):
    """Every file besides pages (`extra_names`), each made when it is read: a full build's plan holds this.

    Why not the bytes: a full build used to make them before rendering, so the sitemap (about 180 MB
    at 10,000 stories) and the feeds sat in the main process while the workers were forked, inside
    every worker's resident set. Made as `render` writes them, after the pages, one is held at a time.
    """

    def __init__(self, prep: Prepared, with_sitemap: bool = True):
        self._makers = _extra_makers(prep, with_sitemap)
        for rel, src in assets(prep.config.templates):
            self._makers[rel] = src.read_bytes
        self._makers[MARKER] = lambda: MARKER_TEXT

    def __getitem__(self, rel: str) -> bytes:
        return self._makers[rel]()

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def _differing(out: Path, extras: dict[str, bytes]) -> dict[str, bytes]:
    """The extra files whose bytes on disk are not these (or that cannot be read): only those are written."""
    differ: dict[str, bytes] = {}
    for rel, data in extras.items():
        try:
            same = (out / rel).read_bytes() == data
        except OSError:
            same = False
        if not same:
            differ[rel] = data
    return differ


def plan(keyed: Keyed, previous: Manifest | None, candidates: list[Page] | None = None) -> Plan:
    """Decide what to render: everything (no usable manifest), else the pages whose key or file changed.

    `candidates` is how a live build (live.py) says which pages show what it
    changed: the page list itself is then known to be the one of the manifest
    (no page added or removed, the sitemap unchanged), the other pages are not
    keyed again, and the plan (`live`) keeps its manifest in memory. A
    one-shot build after story edits plans with `plan_quick`.
    """
    live = candidates is not None
    prep = keyed.prep
    config = prep.config
    out = config.out
    current = {p.file for p in prep.pages}
    if previous is None or previous.global_key != keyed.gkey or not (out / MARKER).is_file():
        removed = sorted(set(previous.pages) - current) if previous else []
        return Plan(keyed, True, list(prep.pages), _Extras(prep), removed, sitemap_key(prep), previous, config.search)
    old = previous.pages
    keys = keyed.keys
    changed = [
        page
        for page in (prep.pages if candidates is None else candidates)
        if (rec := old.get(page.file)) is None or rec.key != keys[page.file] or not unchanged(out, page.file, rec)
    ]
    if candidates is None:
        removed = sorted(f for f in old if f not in current)
        skey = sitemap_key(prep)
    else:
        removed, skey = [], previous.sitemap
    extras = _all_extras(prep, with_sitemap=skey != previous.sitemap or not (out / routes.sitemap()).is_file())
    differ = _differing(out, extras)
    search = config.search and (any(p.indexed for p in changed) or any(old[f].indexed for f in removed))
    return Plan(keyed, False, changed, differ, removed, skey, previous, search, live=live)


def render(plan: Plan, dest: Path, progress: bool | None = None) -> None:
    """Render the plan's pages and write its other files into `dest` (a new tree, or a staging folder)."""
    prep = plan.keyed.prep
    bar = Progress(len(plan.pages), enabled=progress)
    try:
        render_pages(prep, plan.pages, dest, bar)
        for rel, data in plan.extras.items():
            _write(dest / rel, data)
        if plan.full and plan.search:
            bar.update(len(plan.pages), "search index")
            build_indexes(dest, routes.LANGS)
    finally:
        bar.close()


def execute(plan: Plan, progress: bool | None = None) -> tuple[BuildResult, Manifest]:
    """Carry out a plan on its output folder: render away from it, apply, record. Returns the new manifest
    (written, unless the plan is a live build's, which keeps it in memory)."""
    result = _execute_full(plan, progress) if plan.full else _execute_in_place(plan, progress)
    return result, record(plan)


def _execute_full(plan: Plan, progress: bool | None) -> BuildResult:
    out = plan.config.out
    _replaceable(out)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(out), dir=out.parent))
    except OSError as exc:
        raise InputError(out.parent, f"cannot write beside the output folder: {exc.strerror}") from None
    try:
        tmp.chmod(0o755)
        try:
            render(plan, tmp, progress)
        except OSError as exc:  # a full disk, a quota: nothing of site/ was touched
            raise InputError(
                exc.filename or tmp, f"cannot write the new site: {exc.strerror}; {out} is unchanged"
            ) from None
        manifest_path(out).unlink(missing_ok=True)  # stale from here until rewritten
        try:
            swap_in(tmp, out)
        except OSError as exc:  # EBUSY (a mount point), EXDEV, EACCES: the old site stays as it was
            raise InputError(out, f"cannot replace the site: {exc.strerror}; {out} is unchanged") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    files = sorted(p.file for p in plan.pages)
    return BuildResult(
        len(files),
        len(files) + len(plan.extras),
        0.0,
        out,
        written=len(files),
        removed=len(plan.removed),
        changed=files,
    )


def _execute_in_place(plan: Plan, progress: bool | None) -> BuildResult:
    """Render what changed into a staging folder beside the site; only when all of it rendered, move each
    file into place with one rename, then delete the pages that no longer exist."""
    config = plan.config
    out = config.out
    targets = [p.file for p in plan.pages] + list(plan.extras)
    _check_targets(out, targets)
    removed = [rel for rel in plan.removed if _removable(out, rel)]
    for rel in plan.removed:
        if rel not in removed:
            print(f"note: {rel!r} from the build manifest lies outside {out}; not removed", file=sys.stderr)
    try:
        staging = Path(tempfile.mkdtemp(prefix=_temp_prefix(out), dir=out.parent))
    except OSError as exc:
        raise InputError(out.parent, f"cannot write beside the output folder: {exc.strerror}") from None
    try:
        render(plan, staging, progress)
        for rel in targets:
            target = out / rel
            try:
                os.replace(staging / rel, target)
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
        for rel in removed:
            (out / rel).unlink(missing_ok=True)
            _prune(out / rel, out)
        if plan.search:  # rebuilt whole when an indexed page changed or went away; only differing files replaced
            build_indexes(out, routes.LANGS, staging / ".search")
            for lang in routes.LANGS:
                sync_bundles(staging / ".search" / lang, out / lang)
    except OSError as exc:  # a full disk, an unwritable folder met midway
        raise InputError(exc.filename or out, f"cannot update the site: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    plan.removed = removed
    return BuildResult(
        len(plan.keyed.prep.pages),
        0,
        0.0,
        out,
        written=len(plan.pages),
        removed=len(removed),
        full=False,
        changed=sorted([*(p.file for p in plan.pages), *plan.extras, *removed]),
    )


def record(plan: Plan) -> Manifest:
    """The manifest after a plan was carried out: every page's key and stamp, the extras', what was read.

    After a one-shot build that keyed only the pages of edited stories (`plan.quick`), only the rows it
    wrote are updated in the store, and the manifest returned holds no pages (nothing reads them); after
    a full build that records its inputs (the command's), the store is written row by row (`_record_full`)
    and the manifest returned holds no pages either."""
    prep = plan.keyed.prep
    out = prep.config.out
    keys = plan.keyed.keys
    if plan.full and plan.quick is None and not plan.live and prep.record_inputs:
        return _record_full(plan)
    written = records(out, [(p.file, keys[p.file], p.indexed) for p in plan.pages])
    if plan.quick is not None:
        return _record_quick(plan, plan.quick, written)
    if plan.full or plan.previous is None:
        pages, extras = written, {}
    else:
        kept = plan.previous.pages
        if not plan.live:
            current = {p.file for p in prep.pages}
            kept = {f: r for f, r in kept.items() if f in current}
        pages = {**kept, **written}
        extras = dict(plan.previous.extras)
    if not plan.live and len(pages) == len(prep.pages):  # in the page list's order (Manifest.stories' indices)
        try:
            pages = {p.file: pages[p.file] for p in prep.pages}
        except KeyError:
            pass
    manifest = Manifest(global_key=plan.keyed.gkey, sitemap=plan.sitemap, pages=pages, extras=extras)
    if plan.live:
        return manifest
    if prep.record_inputs:
        manifest = manifest.model_copy(
            update={
                "inputs": _inputs(plan),
                "extras": records(out, [(rel, "", False) for rel in extra_names(prep.config.templates)]),
                "stories": story_places(plan.keyed, pages),
            }
        )
    write_manifest(out, manifest)
    return manifest


def _record_full(plan: Plan) -> Manifest:
    """Write the store of a full build row by row, as each page's file is stat'ed (manifest.write_store).

    Why not `records` and a `Manifest`: at 10,000 stories that is 369k pydantic records and the model
    holding them, made at once in the main process after rendering, on top of the loaded knowledge base
    (its largest allocation; docs/performance.md). The store written is the same; the manifest returned
    holds no pages (the command that records its inputs reads none of them).
    """
    keyed = plan.keyed
    prep = keyed.prep
    if keyed.later:
        keyed = page_keys(prep, track=True)
    out = prep.config.out
    keys = keyed.keys
    root = str(out)

    def rows() -> Iterator[PageRow | None]:
        for page in prep.pages:  # a full build renders the page list, in its order
            stamp = file_stamp(f"{root}/{page.file}")  # a string, not a Path: called per page
            yield None if stamp is None else (page.file, keys[page.file], stamp, page.indexed)

    header = Header(
        global_key=keyed.gkey,
        sitemap=plan.sitemap,
        extras=records(out, [(rel, "", False) for rel in extra_names(prep.config.templates)]),
        inputs=_inputs(plan),
    )

    def finish(complete: bool) -> tuple[Header, Iterator[StoryRow]]:
        if not complete or keyed.pages_of is None:  # Manifest.stories' indices are into the whole page list
            return header, iter(())
        return header.model_copy(update={"stories": True}), _story_rows(keyed)

    write_store(out, rows(), finish)
    return Manifest(
        global_key=header.global_key, sitemap=header.sitemap, pages={}, extras=header.extras, inputs=header.inputs
    )


def _story_rows(keyed: Keyed) -> Iterator[StoryRow]:
    """The story rows of `story_places`, made as they are written."""
    site = keyed.prep.site
    people = site.kb.people
    story = keyed.fingerprints.story
    shown = keyed.pages_of or {}
    for sid in site.story_index:
        yield sid, story[sid].hex(), placement_digest(site.story_index[sid], people), sorted(shown.get(sid, ()))


def _inputs(plan: Plan) -> incremental.Inputs:
    """What the build read; after quick_keys, also the files it did not need to read again (the About
    page's documents, read only when that page renders), with the digests quick_keys found them to have."""
    inputs = incremental.read_inputs(plan.keyed.prep.site)
    previous = plan.previous
    if plan.quick is None or previous is None or previous.inputs is None:
        return inputs
    files = {**previous.inputs.files, **inputs.files}
    return inputs.model_copy(update={"files": dict(sorted(files.items()))})


def _record_quick(plan: Plan, quick: Quick, written: dict[str, FileRecord]) -> Manifest:
    """Update the store in place after a one-shot build that keyed only the pages of edited stories."""
    prep = plan.keyed.prep
    out = prep.config.out
    header = quick.store.header.model_copy(
        update={
            "inputs": _inputs(plan),
            "extras": records(out, [(rel, "", False) for rel in extra_names(prep.config.templates)]),
        }
    )
    rows = [(quick.at[f], f, rec) for f, rec in written.items()]
    story = plan.keyed.fingerprints.story
    closures = {sid: story[sid].hex() for sid in plan.keyed.edited}
    if len(written) != len(plan.pages) or not quick.store.update(header, rows, closures):
        quick.store.close()
        manifest_path(out).unlink(missing_ok=True)  # a page that is not where it was written: a full build next
    return Manifest(
        global_key=header.global_key, sitemap=header.sitemap, pages={}, extras=header.extras, inputs=header.inputs
    )


def story_places(keyed: Keyed, pages: dict[str, FileRecord]) -> dict[str, StoryPlace] | None:
    """Where each story is shown (the next one-shot build's `quick_keys`): indices into the page list, which
    `pages` holds in its order. None unless `pages` holds every page in that order."""
    prep = keyed.prep
    if keyed.pages_of is None or len(pages) != len(prep.pages):
        return None
    if list(pages) != [p.file for p in prep.pages]:
        return None
    site = prep.site
    people = site.kb.people
    story = keyed.fingerprints.story
    shown = keyed.pages_of
    return {
        sid: StoryPlace(
            closure=story[sid].hex(),
            placement=placement_digest(site.story_index[sid], people),
            pages=sorted(shown.get(sid, ())),
        )
        for sid in site.story_index
    }


def _prune(path: Path, root: Path) -> None:
    """Remove `path`'s now-empty parent directories up to (not including) `root`."""
    parent = path.parent
    while parent != root and root in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def build_site(config: BuildConfig, progress: bool | None = None) -> BuildResult:
    """Build `config.out`: incrementally when its manifest allows, else in full (temporary tree, swapped in)."""
    started = time.perf_counter()
    out = config.out
    claim_output(config)
    clean_stale(out)  # even when there is nothing to build
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out.parent, f"cannot create the output's folder: {exc.strerror}") from None
    store = None if config.full else ManifestStore.open(out)
    try:
        gkey = global_key(config)
        if incremental.up_to_date(store, out, gkey, config.entries):
            assert store is not None
            pages = store.db.execute("SELECT count(*) FROM pages").fetchone()[0]
            return BuildResult(pages, 0, time.perf_counter() - started, out, full=False)
        header = store.header if store is not None else None
        few = header is not None and header.global_key == gkey and header.stories
        prep = prepare(config, few)
        prep.record_inputs = True
        quick = quick_keys(prep, store, gkey)
        chosen = plan_quick(*quick) if quick is not None else None
        if chosen is None:
            manifest = store.manifest() if store is not None else None
            if manifest is None or manifest.global_key != global_key(config) or not (out / MARKER).is_file():
                chosen = plan(_keys_later(prep), manifest)  # full whatever the keys: made when recorded
            else:
                chosen = plan(page_keys(prep, track=True), manifest)
        result, _ = execute(chosen, progress)
    finally:
        if store is not None:
            store.close()
    result.seconds = time.perf_counter() - started
    return result


def _check_targets(out: Path, targets: list[str]) -> None:
    """Refuse (InputError) before anything is applied: a target folder that leaves `out` or is not writable."""
    seen: set[str] = set()
    for rel in targets:
        folder = rel.rpartition("/")[0]
        if folder in seen:
            continue
        seen.add(folder)
        here = out / folder if folder else out
        if here.exists() and not is_inside(here, out):
            raise InputError(here, f"is a link out of {out}; refused")
        probe = here
        while not probe.exists() and probe != out:
            probe = probe.parent
        if not os.access(probe, os.W_OK | os.X_OK):
            raise InputError(probe, "is not writable; the site was not changed")


def _removable(out: Path, rel: str) -> bool:
    """Whether a page the manifest lists may be deleted: a plain relative path inside `out`, symlinks resolved."""
    try:
        contained(rel, out)
    except UnsafePath:
        return False
    return True


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """Paths that differ between two trees: missing, extra or changed files."""

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()

    want, have = files(expected), files(actual)
    out = [f"missing: {p}" for p in sorted(want - have)]
    out += [f"extra: {p}" for p in sorted(have - want)]
    out += [f"changed: {p}" for p in sorted(want & have) if not filecmp.cmp(expected / p, actual / p, shallow=False)]
    return out


def check_site(config: BuildConfig, progress: bool | None = None) -> tuple[BuildResult, list[str]]:
    """Build into a scratch directory and list how `config.out` differs from it.

    The same plan as a build's, without a manifest (so a full one): rendered, never applied or recorded.
    """
    started = time.perf_counter()
    prep = prepare(config)
    full = plan(page_keys(prep), None)
    with tempfile.TemporaryDirectory(prefix="newskb-check-") as scratch:
        render(full, Path(scratch), progress)
        pages = len(full.pages)
        result = BuildResult(
            pages, pages + len(full.extras), time.perf_counter() - started, Path(scratch), written=pages
        )
        return result, diff_trees(Path(scratch), config.out)
