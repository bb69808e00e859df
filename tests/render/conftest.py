"""Fixtures for the site tests: built sites, a local server, a real browser (helpers in support.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import CHROMIUM, FIXTURE_KB, REPO, build, hostile_kb, launch, require, serve_dir, vnu_jar


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge base built with search."""
    return build(FIXTURE_KB, tmp_path_factory.mktemp("fixture") / "site")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base (for builds that edit it)."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge base with its search index cut into shards of 8 pages (as a large site's is)."""
    from newskb.render import search

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "SHARD_PAGES", 8)
        return build(FIXTURE_KB, tmp_path_factory.mktemp("sharded") / "site")


@pytest.fixture(scope="session")
def sharded_url(sharded_site: Path) -> Iterator[str]:
    yield from serve_dir(sharded_site)


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own entries, built (not site/ itself: `newskb build --check` covers freshness)."""
    return build(REPO, tmp_path_factory.mktemp("repo") / "site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_kb(tmp_path_factory.mktemp("hostile") / "kb")
    return build(root, root / "site")


@pytest.fixture(scope="session")
def fixture_url(fixture_site: Path) -> Iterator[str]:
    yield from serve_dir(fixture_site)


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from serve_dir(hostile_site)


# --- tools ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    java = shutil.which("java")
    require(java is not None, "Java is not installed (apt-get install default-jre-headless)")
    jar = vnu_jar()
    require(jar is not None, "vnu.jar not found (npm install -g vnu-jar, or set VNU_JAR)")
    return [str(java), "-jar", str(jar)]


@pytest.fixture(scope="session")
def playwright():  # type: ignore[no-untyped-def]
    require(CHROMIUM.is_file(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser_context(playwright, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context):  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    page.close()
