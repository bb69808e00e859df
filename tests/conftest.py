"""Fixtures for the loader's tests; the helpers they use live in loader_support.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from loader_support import ENTRIES, REPO, SEED, SEED_NAME, raw_lines, run_cli
from newskb.source import SourceText, read_source


def _fixture_caches() -> set[Path]:
    return set((REPO / "tests" / "fixtures").rglob(".newskb-cache"))


@pytest.fixture(scope="session", autouse=True)
def fixtures_stay_unwritten() -> Iterator[None]:
    """The suite fails if a test left a cache inside the committed fixtures.

    Why: building or loading writes `.newskb-cache/` beside the entries it reads; a test that does that in
    tests/fixtures/ writes into the repository (and a later test could read a stale cache from there).
    Tests build from tests/render/support.FIXTURE_KB, a private copy.
    """
    before = _fixture_caches()
    yield
    new = sorted(str(p.relative_to(REPO)) for p in _fixture_caches() - before)
    assert not new, f"tests wrote caches into the committed fixtures: {new}"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    lines = raw_lines()
    return lines[:-1] if lines[-1] == "" else lines


@pytest.fixture(scope="session")
def seed_source() -> SourceText:
    return read_source(SEED)


@pytest.fixture
def cli():
    return run_cli


# --- a scratch copy of the repository's data -------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of entries/ and seeds/ in a temporary directory, which is also the working directory.

    `newskb load seeds/<seed>.txt` run here behaves as it does in the repository,
    so the shipped entries are the starting point.
    """
    shutil.copytree(ENTRIES, tmp_path / "entries")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def seed_arg() -> str:
    """The seed as `newskb load` is given it from the repository root."""
    return f"seeds/{SEED_NAME}.txt"


# --- the quick run ------------------------------------------------------------------
# `python3 -m pytest -m "not slow"` leaves to CI (which runs everything) the tests marked `slow` where they are
# written: a test over about 2 s (measured with --durations), or a module whose tests all are or that is slow in
# sum (`pytestmark`). A browser needs seconds to start, so a browser test must say it is slow too.


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unmarked = [item.nodeid for item in items if item.get_closest_marker("browser") and not item.get_closest_marker("slow")]
    if unmarked:
        raise pytest.UsageError(f"browser tests must also be marked slow: {', '.join(unmarked)}")
