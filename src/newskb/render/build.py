"""Building site/: a full build renders everything into a temporary directory
and swaps it in; an incremental build re-renders only the pages whose inputs
changed.

- Full (`--full`, a first build, or whenever the templates, the rendering
  code, the base URL or the search switch changed): the new tree is rendered
  next to site/ and exchanged with it only when complete (one
  renameat2(RENAME_EXCHANGE) on Linux, two renames elsewhere); a build that
  fails midway leaves the previous site/ as it was.
- Incremental (otherwise): every page has an input key (incremental.py); the
  manifest in .newskb-cache/ records the key, size and mtime of each file
  written. Pages whose key changed, or whose file is not the one written, are
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
- `check_site` builds into a scratch directory and compares trees: it is what
  `newskb build --check` (and CI) use to tell whether site/ is stale.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import filecmp
import gc
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import UnsafePath, contained, is_inside
from ..diagnostics import Severity
from ..errors import InputError
from ..kb import load_kb
from ..runtime import paused_gc
from ..progress import Bar as Progress
from . import feeds, incremental, routes
from .i18n import load_messages
from .pages import Page, site_pages
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
            raise InputError(out, f"refusing to build into {out}: it is or holds {folder}, which a build never replaces")
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


def _load(config: BuildConfig) -> SiteData:
    if config.validated and not config.preview:
        # first, while this process is small: the validator forks its workers on a cold run
        refuse_invalid(config.entries)
    # Frozen as soon as loaded: the collection that would follow the load's pause of the collector
    # finds nothing to free in a knowledge base kept for the whole build, and takes seconds at 10,000 stories.
    with paused_gc(freeze=True):
        kb = load_kb(config.entries, cache=True, keep_data=False)
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


#: Called after each page is rendered — or, in an incremental build, found unchanged — before
#: anything is applied to site/ (tests use it to make a build fail midway). Forces a serial render.
PageHook = Callable[[Page, int], None]

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


def prepare(config: BuildConfig) -> Prepared:
    site = _load(config)
    # The entries are millions of long-lived objects: keep the cyclic GC from walking them again and
    # again while pages are rendered (a full collection of a 10,000-story KB takes about a second),
    # and from touching their headers in forked workers (which would copy every page of memory).
    gc.freeze()
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
    for file in files:
        if file in seen:
            raise InputError(entries, f"two pages would be written to {file}")
        parts = file.split("/")
        if file.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise InputError(entries, f"a page path would leave the site: {file!r}")
        seen.add(file)
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
    clash = sorted(seen & folders)
    if clash:
        raise InputError(
            entries, f"page {clash[0]} would also have to be a folder of other pages (an id or tag named like a page)"
        )


def _jobs(config: BuildConfig) -> int:
    if config.jobs is not None:
        return max(1, config.jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: What forked workers render: (renderer, pages, destination). Set just before the fork.
_WORK: tuple[Renderer, list[Page], Path] | None = None


def _render_chunk(indices: list[int]) -> int:
    assert _WORK is not None
    renderer, pages, dest = _WORK
    for i in indices:
        page = pages[i]
        _write(dest / page.file, renderer.render(page))
    return len(indices)


def _tasks(pages: list[Page], jobs: int) -> list[list[int]]:
    """Page indices split by language (each worker caches one language's cards), then into `jobs` parts."""
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


def render_pages(
    prep: Prepared, pages: list[Page], dest: Path, bar: Progress, hook: PageHook | None = None
) -> None:
    """Render `pages` into `dest`: in worker processes when it pays, else here."""
    global _WORK
    jobs = _jobs(prep.config)
    if (
        hook is not None
        or jobs == 1
        or len(pages) < PARALLEL_MIN
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for done, page in enumerate(pages, 1):
            _write(dest / page.file, prep.renderer.render(page))
            bar.update(done, page.route)
            if hook:
                hook(page, done)
        return
    _WORK = (prep.renderer, pages, dest)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            done = 0
            for n in pool.imap_unordered(_render_chunk, _tasks(pages, jobs)):
                done += n
                bar.update(done, "")
    finally:
        _WORK = None


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
    site, renderer, pages = prep.site, prep.renderer, prep.pages
    now = site_time(site)
    out: dict[str, bytes] = {}
    for lang in routes.LANGS:
        helpers = renderer.helpers(next(p for p in pages if p.lang == lang))
        out[routes.feed(lang)] = feeds.atom_feed(lang, site.stories, helpers, renderer.base_url, now).encode()
    if with_sitemap:
        out[routes.sitemap()] = feeds.sitemap(pages, renderer.base_url).encode()
    out["robots.txt"] = feeds.robots(renderer.base_url).encode()
    return out


def sitemap_key(prep: Prepared) -> str:
    """What the sitemap depends on: the listed routes and the base URL."""
    listed = "\n".join(f"{p.route}|{p.lang}" for p in prep.pages if p.listed)
    return incremental._sha(prep.renderer.base_url.encode(), listed.encode()).hex()


def render_tree(
    config: BuildConfig,
    dest: Path,
    hook: PageHook | None = None,
    progress: bool | None = None,
    prep: Prepared | None = None,
) -> BuildResult:
    """Render the whole site into the empty directory `dest`."""
    started = time.perf_counter()
    prep = prep or prepare(config)
    pages = prep.pages
    bar = Progress(len(pages), enabled=progress)
    try:
        render_pages(prep, pages, dest, bar, hook)
        for rel, data in extra_files(prep).items():
            _write(dest / rel, data)
        for rel, src in assets(config.templates):
            _write(dest / rel, src.read_bytes())
        _write(dest / MARKER, MARKER_TEXT)
        if config.search:
            bar.update(len(pages), "search index")
            build_indexes(dest, routes.LANGS)
    finally:
        bar.close()
    files = sum(1 for p in dest.rglob("*") if p.is_file())
    return BuildResult(len(pages), files, time.perf_counter() - started, dest, written=len(pages))


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


def build_site(config: BuildConfig, hook: PageHook | None = None, progress: bool | None = None) -> BuildResult:
    """Build `config.out`: incrementally when its manifest allows, else in full (temporary tree, swapped in)."""
    started = time.perf_counter()
    out = config.out
    claim_output(config)
    clean_stale(out)  # even when there is nothing to build
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out.parent, f"cannot create the output's folder: {exc.strerror}") from None
    manifest = previous_manifest(config)
    if hook is None and incremental.up_to_date(manifest, out, global_key(config), config.entries):
        assert manifest is not None
        return BuildResult(len(manifest["pages"]), 0, time.perf_counter() - started, out, full=False)
    prep = prepare(config)
    prep.record_inputs = True
    result, _ = build_prepared(prep, manifest, hook, progress)
    result.seconds = time.perf_counter() - started
    return result


def global_key(config: BuildConfig) -> str:
    """What every page depends on (incremental.global_key) for this configuration."""
    key = incremental.global_key(config.templates, config.base_url.rstrip("/") + "/", config.search, config.preview)
    return key if config.data else incremental._sha(key.encode(), b"no-data").hex()  # --no-data: another site


@dataclass
class Keyed:
    """A prepared build with the input key of every page (what a live build keeps between edits)."""

    prep: Prepared
    gkey: str
    fingerprints: incremental.Fingerprints
    keys: dict[str, str]
    #: Story id -> indices (in prep.pages) of the pages whose key includes that story; only when asked.
    pages_of: dict[str, list[int]] | None = None


def page_keys(prep: Prepared, track: bool = False) -> Keyed:
    gkey = global_key(prep.config)
    fps = incremental.Fingerprints(prep.site)
    gbytes = bytes.fromhex(gkey)
    keys: dict[str, str] = {}
    pages_of: dict[str, list[int]] | None = {} if track else None
    for i, page in enumerate(prep.pages):
        if pages_of is not None:
            fps.visited = set()
        keys[page.file] = fps.page_key(page, gbytes)
        for story_id in fps.visited or ():
            pages_of.setdefault(story_id, []).append(i)  # type: ignore[union-attr]
    fps.visited = None
    return Keyed(prep, gkey, fps, keys, pages_of)


def previous_manifest(config: BuildConfig) -> dict[str, Any] | None:
    """The manifest of the last build of `config.out`, unless this build is to be full."""
    return None if config.full else incremental.read_manifest(config.out)


def build_prepared(
    prep: Prepared,
    manifest: dict[str, Any] | None,
    hook: PageHook | None = None,
    progress: bool | None = None,
    track: bool = False,
) -> tuple[BuildResult, Keyed]:
    """Build `prep.config.out` from prepared data: incrementally when `manifest` allows, else in full."""
    config = prep.config
    claim_output(config)
    clean_stale(config.out)
    keyed = page_keys(prep, track)
    if manifest is not None and manifest.get("global") == keyed.gkey and (config.out / MARKER).is_file():
        result = _build_incremental(prep, keyed.keys, manifest, hook, progress)
    else:
        result = _build_full(prep, keyed.keys, manifest, hook, progress, keyed.gkey)
    return result, keyed


def _build_full(
    prep: Prepared,
    keys: dict[str, str],
    manifest: dict | None,
    hook: PageHook | None,
    progress: bool | None,
    gkey: str,
) -> BuildResult:
    config = prep.config
    out = config.out
    _replaceable(out)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(out), dir=out.parent))
    except OSError as exc:
        raise InputError(out.parent, f"cannot write beside the output folder: {exc.strerror}") from None
    try:
        tmp.chmod(0o755)
        try:
            result = render_tree(config, tmp, hook=hook, prep=prep, progress=progress)
        except OSError as exc:  # a full disk, a quota: nothing of site/ was touched
            raise InputError(exc.filename or tmp, f"cannot write the new site: {exc.strerror}; {out} is unchanged") from None
        incremental.manifest_path(out).unlink(missing_ok=True)  # stale from here until rewritten
        try:
            swap_in(tmp, out)
        except OSError as exc:  # EBUSY (a mount point), EXDEV, EACCES: the old site stays as it was
            raise InputError(out, f"cannot replace the site: {exc.strerror}; {out} is unchanged") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.out = out
    pages = {p.file: p for p in prep.pages}
    old_pages = set(manifest["pages"]) if manifest else set()
    result.removed = len(old_pages - set(pages))
    result.changed = sorted(pages)
    _write_manifest(
        prep,
        gkey,
        sitemap_key(prep),
        incremental.file_records(out, ((f, keys[f], p.indexed) for f, p in pages.items())),
    )
    return result


def _write_manifest(prep: Prepared, gkey: str, skey: str, pages: dict[str, list[Any]]) -> None:
    out = prep.config.out
    data: dict[str, Any] = {"version": incremental.MANIFEST_VERSION, "global": gkey, "sitemap": skey, "pages": pages}
    if prep.record_inputs:
        data["inputs"] = incremental.read_inputs(prep.site)
        data["extras"] = incremental.file_records(out, ((rel, "", False) for rel in extra_names(prep.config.templates)))
    incremental.write_manifest(out, data)


def _prune(path: Path, root: Path) -> None:
    """Remove `path`'s now-empty parent directories up to (not including) `root`."""
    parent = path.parent
    while parent != root and root in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _build_incremental(
    prep: Prepared,
    keys: dict[str, str],
    manifest: dict,
    hook: PageHook | None,
    progress: bool | None,
    candidates: list[Page] | None = None,
) -> BuildResult:
    """Render the pages whose key or file changed; with `candidates`, only those can have changed.

    `candidates` is how a live build (live.py) says which pages show what it
    changed: the page list itself is then known to be the one of the manifest
    (no page added or removed, the sitemap unchanged), the other pages are not
    looked at, and the manifest is updated in memory and not written (the
    live build writes it when it stops).
    """
    config = prep.config
    out = config.out
    old: dict[str, list] = manifest["pages"]
    changed: list[Page] = []
    records: dict[str, list] = {} if candidates is None else old
    for page in prep.pages if candidates is None else candidates:
        rec = old.get(page.file)
        if rec is not None and rec[0] == keys[page.file] and incremental.stat_sig(out / page.file) == rec[1:3]:
            records[page.file] = rec
        else:
            changed.append(page)
    if candidates is None:
        current = {p.file for p in prep.pages}
        removed = sorted(f for f in old if f not in current)
        skey = sitemap_key(prep)
    else:
        removed, skey = [], manifest.get("sitemap", "")
    extras = extra_files(prep, with_sitemap=skey != manifest.get("sitemap"))
    if routes.sitemap() not in extras and not (out / routes.sitemap()).is_file():
        extras = extra_files(prep)
    extras.update((rel, src.read_bytes()) for rel, src in assets(config.templates))  # restored if changed or gone
    extras[MARKER] = MARKER_TEXT
    extra_changed = []
    for rel, data in extras.items():
        try:
            same = (out / rel).read_bytes() == data
        except OSError:
            same = False
        if not same:
            extra_changed.append(rel)
    _check_targets(out, [p.file for p in changed] + extra_changed)
    unsafe = [rel for rel in removed if not _removable(out, rel)]
    removed = [rel for rel in removed if rel not in unsafe]
    for rel in unsafe:
        print(f"note: {rel!r} from the build manifest lies outside {out}; not removed", file=sys.stderr)
    try:
        staging = Path(tempfile.mkdtemp(prefix=_temp_prefix(out), dir=out.parent))
    except OSError as exc:
        raise InputError(out.parent, f"cannot write beside the output folder: {exc.strerror}") from None
    bar = Progress(len(changed), enabled=progress)
    try:
        # 1. render everything that changed, away from site/
        if hook is not None:
            changed_files = {p.file for p in changed}
            for done, page in enumerate(prep.pages, 1):
                if page.file in changed_files:
                    _write(staging / page.file, prep.renderer.render(page))
                hook(page, done)
        else:
            render_pages(prep, changed, staging, bar)
        for rel in extra_changed:
            _write(staging / rel, extras[rel])
        # 2. apply: each file with one rename, then delete what no longer exists
        for rel in [p.file for p in changed] + extra_changed:
            target = out / rel
            try:
                os.replace(staging / rel, target)
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
        for rel in removed:
            (out / rel).unlink(missing_ok=True)
            _prune(out / rel, out)
        # 3. the search index, rebuilt whole when an indexed page changed or went away
        if config.search and (any(p.indexed for p in changed) or any(old[f][3] for f in removed)):
            bar.update(len(changed), "search index")
            build_indexes(out, routes.LANGS, staging / ".search")
            for lang in routes.LANGS:
                sync_bundles(staging / ".search" / lang, out / lang)
    except OSError as exc:  # a full disk, an unwritable folder met midway
        raise InputError(exc.filename or out, f"cannot update the site: {exc.strerror}") from None
    finally:
        bar.close()
        shutil.rmtree(staging, ignore_errors=True)
    written = {p.file: p for p in changed}
    records.update(incremental.file_records(out, ((f, keys[f], p.indexed) for f, p in written.items())))
    if candidates is None:
        _write_manifest(prep, manifest["global"], skey, records)
    return BuildResult(
        len(prep.pages),
        0,
        0.0,
        out,
        written=len(changed),
        removed=len(removed),
        full=False,
        changed=sorted([*written, *extra_changed, *removed]),
    )


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
    """Build into a scratch directory and list how `config.out` differs from it."""
    with tempfile.TemporaryDirectory(prefix="newskb-check-") as scratch:
        result = render_tree(config, Path(scratch), progress=progress)  # never the manifest: from scratch
        return result, diff_trees(Path(scratch), config.out)
