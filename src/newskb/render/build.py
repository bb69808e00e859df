"""Building site/: render everything into a temporary directory, then swap it in.

- Atomic: the new tree is rendered next to site/ and exchanged with it only
  when complete (one renameat2(RENAME_EXCHANGE) on Linux, two renames
  elsewhere); a build that fails midway leaves the previous site/ as it was.
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
import os
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..diagnostics import Severity
from ..errors import InputError
from ..kb import load_kb
from . import feeds, routes
from .i18n import load_messages
from .pages import Page, site_pages
from .search import build_indexes
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


@dataclass
class BuildResult:
    pages: int
    files: int
    seconds: float
    out: Path
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"built {self.pages} pages in {self.seconds:.2f}s"


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


class Progress:
    """A one-line progress display, only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.last = 0.0

    def update(self, done: int, what: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and done < self.total:
            return
        self.last = now
        self.stream.write(f"\r\x1b[2K[{done}/{self.total}] {what[:60]}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _load(config: BuildConfig) -> SiteData:
    kb = load_kb(config.entries)
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


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


#: Called after each page is written (tests use it to make a build fail midway).
PageHook = Callable[[Page, int], None]


def render_tree(
    config: BuildConfig, dest: Path, hook: PageHook | None = None, progress: bool | None = None
) -> BuildResult:
    """Render the whole site into the empty directory `dest`."""
    started = time.perf_counter()
    site = _load(config)
    messages = load_messages(config.templates / "locales", routes.LANGS)
    renderer = Renderer(config.templates, site, messages, config.base_url)
    pages = list(site_pages(site))
    seen: set[str] = set()
    bar = Progress(len(pages), enabled=progress)
    try:
        for done, page in enumerate(pages, 1):
            if page.file in seen:
                raise InputError(config.entries, f"two pages would be written to {page.file}")
            seen.add(page.file)
            html = renderer.render(page)
            _write(dest / page.file, html)
            bar.update(done, page.route)
            if hook:
                hook(page, done)
        now = site_time(site)
        for lang in routes.LANGS:
            helpers = renderer.helpers(next(p for p in pages if p.lang == lang))
            _write(dest / routes.feed(lang), feeds.atom_feed(lang, site.stories, helpers, renderer.base_url, now))
        _write(dest / routes.sitemap(), feeds.sitemap(pages, renderer.base_url))
        _write(dest / "robots.txt", feeds.robots(renderer.base_url))
        assets = config.templates / "assets"
        for src in sorted(assets.rglob("*")):
            if src.is_file():
                _write(dest / routes.asset(src.relative_to(assets).as_posix()), src.read_bytes())
        if config.search:
            bar.update(len(pages), "search index")
            build_indexes(dest, routes.LANGS)
    finally:
        bar.close()
    files = sum(1 for p in dest.rglob("*") if p.is_file())
    return BuildResult(len(pages), files, time.perf_counter() - started, dest)


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
        shutil.rmtree(new)  # `new` now holds the old tree
        return
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old)


def build_site(config: BuildConfig, hook: PageHook | None = None, progress: bool | None = None) -> BuildResult:
    """Build into a temporary directory beside `config.out` and swap it in when complete."""
    out = config.out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        tmp.chmod(0o755)
        result = render_tree(config, tmp, hook=hook, progress=progress)
        swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.out = out
    return result


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
        result = render_tree(config, Path(scratch), progress=progress)
        return result, diff_trees(Path(scratch), config.out)
