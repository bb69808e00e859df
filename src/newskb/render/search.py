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
import shutil
import subprocess
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
INDEXED_GLOB = "{stories,people,organizations}/*/index.html"


class SearchError(RuntimeError):
    pass


def pagefind_binary() -> Path:
    """The extended Pagefind binary (needed for Japanese)."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise SearchError("pagefind_bin_extended is not installed: pip install 'pagefind[extended]'") from None
    return Path(get_executable())


def build_index(lang: str, tree: Path, output: Path | None = None) -> None:
    """Index the pages under `tree` (one language's directory) into `tree/pagefind/` (or `output`)."""
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", OUTPUT_SUBDIR]
    cmd = [
        str(pagefind_binary()),
        "--site",
        str(tree),
        *where,
        "--glob",
        INDEXED_GLOB,
        "--force-language",
        lang,
        "--quiet",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise SearchError(f"pagefind failed for {lang}: {detail[-1] if detail else proc.returncode}")
    out = output if output is not None else tree / OUTPUT_SUBDIR
    if not (out / "pagefind.js").is_file():
        raise SearchError(f"pagefind wrote no bundle for {lang}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / "playground", ignore_errors=True)


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
