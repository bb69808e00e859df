"""newskb.runtime: the one helper for parallel work and the one for pausing the garbage collector."""

from __future__ import annotations

import gc
import os

import pytest

from newskb import runtime


def _square_and_pid(chunk: list[int]) -> tuple[list[int], int]:
    return [x * x for x in chunk], os.getpid()


def test_fork_map_keeps_order_and_uses_workers() -> None:
    chunks = runtime.split(list(range(40)), 4)
    out = runtime.fork_map(_square_and_pid, chunks, jobs=2)
    assert [r[0] for r in out] == [[x * x for x in c] for c in chunks]
    if runtime.can_fork():
        assert {pid for _, pid in out} - {os.getpid()}, "work ran in the parent only"


def test_fork_map_sees_what_the_parent_loaded_without_pickling() -> None:
    loaded = {"kb": object()}  # not picklable by value: a fork shares it
    out = runtime.fork_map(lambda c: [id(loaded["kb"]) == id(loaded["kb"]) for _ in c], [[1], [2]], jobs=2)
    assert out == [[True], [True]]


def test_fork_map_runs_here_with_one_job() -> None:
    seen: list[int] = []
    out = runtime.fork_map(_square_and_pid, [[1], [2]], jobs=1, on_result=lambda r: seen.append(r[1]))
    assert [r[0] for r in out] == [[1], [4]]
    assert seen == [os.getpid(), os.getpid()]


def test_split_interleaves_and_never_returns_empty_parts() -> None:
    assert runtime.split([1, 2, 3, 4, 5], 2) == [[1, 3, 5], [2, 4]]
    assert runtime.split([1], 8) == [[1]]


def test_paused_gc_restores_the_collector_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with runtime.paused_gc():
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()


def test_jobs_for_never_below_one() -> None:
    assert runtime.jobs_for(0) == 1
    assert runtime.jobs_for(3) == 3
    assert runtime.jobs_for(None) == runtime.cpu_count() >= 1
