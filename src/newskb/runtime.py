"""How newskb uses the machine: one helper for parallel work and one for pausing the garbage collector.

Why one module: the validator and the build both fan work out to processes
and both create millions of long-lived models. Each used to do it its own way
(a fork pool here, a `ProcessPoolExecutor` there, `gc.freeze` in four places);
a fix to one (a platform without fork, a worker that must not inherit a
half-written file) then missed the others.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count: CI runners are cgroups)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def jobs_for(requested: int | None) -> int:
    """The number of worker processes: what was asked (at least 1), else one per available core."""
    return max(1, requested) if requested is not None else cpu_count()


def can_fork() -> bool:
    """Whether workers can be forked (they then share the parent's loaded data copy-on-write)."""
    return "fork" in multiprocessing.get_all_start_methods()


#: What forked workers call, set just before the fork (a fork copies it; nothing is pickled).
_TASK: Callable[[Any], Any] | None = None


def _call(chunk: Any) -> Any:
    assert _TASK is not None
    return _TASK(chunk)


def fork_map(
    fn: Callable[[T], R],
    chunks: Sequence[T],
    jobs: int,
    on_result: Callable[[R], None] | None = None,
) -> list[R]:
    """`[fn(c) for c in chunks]`, in forked workers when there are several jobs and chunks; results in order.

    Why fork and a closure instead of pickled arguments: what `fn` works on
    (a loaded knowledge base, a renderer) is already in memory, and pickling
    it to each worker costs more than the work. Falls back to running here
    where fork is unavailable, so results never depend on the platform.
    `on_result` sees each result as it arrives (progress bars).
    """
    global _TASK
    if jobs <= 1 or len(chunks) <= 1 or not can_fork():
        out = []
        for chunk in chunks:
            r = fn(chunk)
            if on_result is not None:
                on_result(r)
            out.append(r)
        return out
    _TASK = fn
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            out = []
            for r in pool.imap(_call, chunks):
                if on_result is not None:
                    on_result(r)
                out.append(r)
            return out
    finally:
        _TASK = None


def split(items: Sequence[T], parts: int) -> list[list[T]]:
    """`items` in `parts` interleaved slices (similar work per slice when cost varies along the list), none empty."""
    parts = max(1, min(parts, len(items)))
    return [list(items[i::parts]) for i in range(parts)]


@contextmanager
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """Create many long-lived objects without the cyclic GC scanning them again and again.

    Why: loading 10,000 stories makes about a million models, whose
    allocations trigger full collections that find nothing to free (a third
    of the load time). With `freeze`, what exists afterwards is moved out of
    the collector's generations for good (callers that keep it for the whole
    run, and forked workers, which then do not touch those pages).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()

