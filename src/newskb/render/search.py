"""The search index: one Pagefind bundle per language (site/<lang>/pagefind/).

Runs the *extended* Pagefind binary shipped by `pagefind_bin_extended`
(installed by `pip install 'pagefind[extended]'`): the standard binary does
not segment Japanese, so 原子力 would not be found inside a sentence. Each
language's tree (site/<lang>/) is indexed on its own as that language
(`--force-language`), so result URLs are relative to /<lang>/ and search.js
sets Pagefind's `baseUrl` to wherever that tree is served from. Only pages
marked `data-pagefind-body` (stories, people, organisations) are indexed.

The binary is used rather than the `pagefind` Python API: the API pipes every
page through a JSON service and was ~15× slower here (4.5 s against 0.3 s).
Only the files search.js needs are kept; the bundled default UIs are removed
(the site renders results itself, without inline styles).

Pagefind holds every page of an index in memory while it builds it (about
half a megabyte a page, plus some 300 MB of Japanese dictionary for the
extended binary), so a large site is indexed in *shards* of `SHARD_PAGES`
pages, one Pagefind process per shard, and the search page merges them
(Pagefind's `mergeIndex`): shard 1 is `<lang>/pagefind/`, shard k
`<lang>/pagefind-k/`. Pages are dealt to shards in path order. A shard is
indexed from a scratch directory of hard links to its pages (copies where
links are impossible), so result URLs are those of the real tree.

Pagefind reads only the pages that can be indexed (`INDEXED_GLOB`: stories,
people, organisations — the pages marked `data-pagefind-body`), not the list
pages, which would be parsed only to be skipped. An index is always rebuilt
whole; an incremental build writes it to a staging directory and
`sync_bundle` then replaces only the files that differ (Pagefind's fragment
files are named by their content) and deletes the ones no longer used.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

#: Bundle files written by Pagefind that the site does not use.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
OUTPUT_SUBDIR = "pagefind"
#: The pages that carry `data-pagefind-body`, relative to a language's tree.
INDEXED_DIRS = ("stories", "people", "organizations")
INDEXED_GLOB = "{" + ",".join(INDEXED_DIRS) + "}/*/index.html"
#: What is not indexed, though inside `data-pagefind-body`: labels every page repeats ("Japanese
#: original", "Translated from the transcript", "Claimed by", the sources label, "Line 7 in the
#: transcript"), and on person and organisation pages everything but the record itself: their lists
#: repeat the stories' text, so a registry page would outrank the story it points to. Stories and
#: claims are found on the story page, each claim and quote as a section of its own (its heading's id).
EXCLUDE_SELECTORS = ", ".join(
    (
        "details.original > summary",
        ".en-kind",
        ".pending",
        ".sources-label",
        "a.to-line",
        ".claim .meta",
        '[data-page-kind="person"] section',
        '[data-page-kind="organization"] section',
    )
)
#: Pages per index: at 10,000 stories one index per language took Pagefind 5.9 GB.
SHARD_PAGES = 2000


def shard_count(pages: int) -> int:
    """How many indexes a language with `pages` indexed pages gets."""
    return max(1, -(-pages // SHARD_PAGES))


def bundle_name(shard: int) -> str:
    return OUTPUT_SUBDIR if shard == 1 else f"{OUTPUT_SUBDIR}-{shard}"


def indexed_pages(tree: Path) -> list[str]:
    """The pages of a language's tree that go into its search index, in path order."""
    out: list[str] = []
    for name in INDEXED_DIRS:
        folder = tree / name
        if folder.is_dir():
            out += sorted(f"{name}/{p.parent.name}/index.html" for p in folder.glob("*/index.html"))
    return sorted(out)


class SearchError(RuntimeError):
    pass


def pagefind_binary() -> Path:
    """The extended Pagefind binary (needed for Japanese)."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise SearchError("pagefind_bin_extended is not installed: pip install 'pagefind[extended]'") from None
    return Path(get_executable())


def _pagefind(lang: str, site: Path, out: Path) -> None:
    cmd = [
        str(pagefind_binary()),
        "--site",
        str(site),
        "--output-path",
        str(out),
        "--glob",
        INDEXED_GLOB,
        "--exclude-selectors",
        EXCLUDE_SELECTORS,
        "--force-language",
        lang,
        "--quiet",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise SearchError(f"pagefind failed for {lang}: {detail[-1] if detail else proc.returncode}")
    if not (out / "pagefind.js").is_file():
        raise SearchError(f"pagefind wrote no bundle for {lang}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / "playground", ignore_errors=True)


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def build_index(lang: str, tree: Path, output: Path | None = None) -> None:
    """Index the pages under `tree` (one language's directory) into its bundles.

    The bundles go to `tree/pagefind*/`, or to `output/pagefind*/` when given.
    """
    where = output if output is not None else tree
    pages = indexed_pages(tree)
    shards = [pages[i : i + SHARD_PAGES] for i in range(0, len(pages), SHARD_PAGES)] or [[]]
    if len(shards) == 1:
        _pagefind(lang, tree, where / bundle_name(1))
        return
    scratch_root = tree.resolve().parent.parent  # beside the site: the same file system, outside the site
    for number, shard in enumerate(shards, 1):
        scratch = Path(tempfile.mkdtemp(prefix=f".newskb-search-{lang}-{number}-", dir=scratch_root))
        try:
            for rel in shard:
                _link_or_copy(tree / rel, scratch / rel)
            _pagefind(lang, scratch, where / bundle_name(number))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def bundles(tree: Path) -> list[str]:
    """The bundle directories present in a language's tree (or a staging directory)."""
    if not tree.is_dir():
        return []
    return sorted(
        p.name for p in tree.iterdir() if p.is_dir() and re.fullmatch(rf"{OUTPUT_SUBDIR}(-[0-9]+)?", p.name)
    )


def sync_bundles(new: Path, tree: Path) -> None:
    """Make the bundles of `tree` those of `new`: each synced file by file, extra shards removed."""
    fresh = bundles(new)
    for name in fresh:
        sync_bundle(new / name, tree / name)
    for name in bundles(tree):
        if name not in fresh:
            shutil.rmtree(tree / name)


def build_indexes(site: Path, langs: tuple[str, ...], output: Path | None = None) -> None:
    """One index per language, built in parallel (into `output/<lang>/` when given)."""
    with ThreadPoolExecutor(max_workers=len(langs)) as pool:
        futures = [
            pool.submit(build_index, lang, site / lang, output / lang if output is not None else None)
            for lang in langs
        ]
        for future in futures:
            future.result()


def sync_bundle(new: Path, bundle: Path) -> None:
    """Make `bundle` hold exactly the files of `new`, touching only the files that differ."""
    want = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    have = {p.relative_to(bundle) for p in bundle.rglob("*") if p.is_file()} if bundle.is_dir() else set()
    for rel in sorted(want):
        target = bundle / rel
        if rel in have and filecmp.cmp(new / rel, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new / rel, target)
    for rel in sorted(have - want):
        (bundle / rel).unlink()
    for d in sorted((p for p in bundle.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()
