"""benchmarks/run.py's measurements: each command's CPU time (user + sys of its process tree) beside its
wall time and peak memory, with GNU time or without it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import REPO


def _run_module():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "benchmarks"))  # run.py imports its sibling corpus.py
    spec = importlib.util.spec_from_file_location("newskb_bench_run", REPO / "benchmarks" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run = _run_module()
#: A child that spends CPU in a grandchild: the tree's time is what is reported.
BUSY = [sys.executable, "-c", "import subprocess, sys; subprocess.run([sys.executable, '-c', 'sum(range(3 * 10**7))'])"]


@pytest.mark.parametrize("gnu_time", [True, False], ids=["gnu-time", "wrapper"])
def test_a_command_is_reported_with_its_cpu_time(
    gnu_time: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not gnu_time:  # (where GNU time is not installed, both cases measure with the wrapper)
        monkeypatch.setattr(run, "GNU_TIME", str(tmp_path / "no-such-time"))
    code, wall, rss, _, cpu = run.measure(BUSY, tmp_path, 60)
    assert code == 0 and rss is not None and rss > 1
    assert cpu is not None and 0.1 < cpu <= wall * 2 + 0.5  # the grandchild's loop, counted; at most 2 cores' worth


def test_usage_reads_old_and_new_stats_lines(tmp_path: Path) -> None:
    stats = tmp_path / "stats"
    stats.write_text("2048 1.25 0.5\n")
    assert run._usage(stats) == (2.0, 1.75) and not stats.exists()
    stats.write_text("2048\n")  # a peak alone (the watcher's)
    assert run._usage(stats) == (2.0, None)
