"""Progress on long runs, for people at a terminal only.

A thin layer over tqdm, chosen over rich: both import in 25–60 ms on the
development machine (tqdm 24–52 ms, rich.progress 29–60 ms, three runs each),
but tqdm has no dependencies of its own and a bar is all the commands need;
it is imported only when a bar is really shown.
Nothing is shown when stderr is not a terminal, when CI is set (CI=true, as
GitHub Actions and most CI services set it), or with `--quiet`; and nothing
for work that ends within `DELAY` seconds, so quick commands print exactly
what they printed before.

Two shapes: `bar(total, label)` for counted work (pages rendered), and
`step(label)` for work that cannot be counted from outside (loading,
validating), which shows the label and the time elapsed. A bar started inside
a step takes over the line: the step's display stops.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

#: Seconds of work before anything is shown.
DELAY = 1.0

_current: _Step | None = None


def enabled(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether progress may be shown: a terminal, not CI, not --quiet."""
    if quiet or os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Step:
    def __init__(self, label: str, stream: TextIO):
        self.label = label
        self.stream = stream
        self.started = time.monotonic()
        self.shown = False
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        if self.done.wait(DELAY):
            return
        while not self.done.is_set():
            self.stream.write(f"\r\x1b[2K{self.label}… {time.monotonic() - self.started:.0f}s")
            self.stream.flush()
            self.shown = True
            self.done.wait(0.5)

    def stop(self) -> None:
        if self.done.is_set():
            return
        self.done.set()
        self.thread.join()
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


@contextmanager
def step(label: str, quiet: bool = False, stream: TextIO | None = None) -> Iterator[None]:
    """Show `label` and the seconds elapsed while the block runs (after DELAY; on a terminal only)."""
    global _current
    stream = stream or sys.stderr
    if not enabled(quiet, stream) or _current is not None:
        yield
        return
    current = _current = _Step(label, stream)
    try:
        yield
    finally:
        current.stop()
        _current = None


class Bar:
    """Counted progress (tqdm), or nothing where progress is not shown. `update(done, what)` sets the count."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None, label: str = ""):
        self.stream = stream or sys.stderr
        self.enabled = globals()["enabled"](stream=self.stream) if enabled is None else enabled
        self.total = total
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            if _current is not None:
                _current.stop()
            self._bar = tqdm(
                total=total, desc=label or None, file=self.stream, delay=DELAY, leave=False, unit="page", dynamic_ncols=True
            )

    def update(self, done: int, what: str = "") -> None:
        bar = self._bar
        if bar is None:
            return
        if what:
            bar.set_postfix_str(what[:40], refresh=False)
        bar.update(done - bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def bar(total: int, label: str = "", quiet: bool = False, stream: TextIO | None = None) -> Bar:
    stream = stream or sys.stderr
    return Bar(total, stream, enabled(quiet, stream), label)
