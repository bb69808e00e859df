"""Fixtures for the loader's tests; the helpers they use live in loader_support.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loader_support import ENTRIES, REPO, SEED, SEED_NAME, raw_lines, run_cli
from newskb.source import SourceText, read_source


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
