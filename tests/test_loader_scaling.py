"""Issue #13 item 6: `load` is linear in the quotes of a line, checked by counting work, not by timing it.

Two counts, on a first load and on a reload of a transcript with n statements
on one line, for n and 2n: the Python lines newskb executes (a trace hook),
and the characters it slices out of the transcript (the text wrapped in a str
that adds up the length of every slice taken from it — regex searches then run
on those slices). Linear work doubles; the quadratic merge and windows this
replaces (every statement scanning every stored quote, and the whole line
before it) quadrupled.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import newskb.loader
from loader_support import write_transcript
from newskb.loader import apply, plan_load
from newskb.source import read_source

PACKAGE = str(Path(__import__("newskb").__file__).parent)


def transcript(directory: Path, n: int) -> str:
    line = "".join(f"ピチャイさんはこう言うてはった。「これは発言の番号{i}なんです」" for i in range(n))
    write_transcript(directory / "seeds", ["さっそく本題に入るで。", line], name=f"many{n}")
    return f"seeds/many{n}.txt"


def counted(fn) -> int:  # type: ignore[no-untyped-def]
    count = 0

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


class CountingText(str):
    """The transcript text, adding up how many characters are sliced out of it."""

    sliced = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        piece = str.__getitem__(self, key)
        CountingText.sliced += len(piece)
        return piece


def counting_source(path, **kwargs):  # type: ignore[no-untyped-def]
    source = read_source(path, **kwargs)
    return dataclasses.replace(source, text=CountingText(source.text))


def work(repo: Path, n: int, monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    seed = transcript(repo, n)
    monkeypatch.setattr(newskb.loader, "read_source", counting_source)
    out = []
    for step in (lambda: apply(plan_load(seed, "entries")), lambda: plan_load(seed, "entries")):
        CountingText.sliced = 0
        out += [counted(step), CountingText.sliced]
    return out


def test_work_grows_linearly_with_the_quotes_on_one_line(repo, monkeypatch):
    small, large = work(repo, 300, monkeypatch), work(repo, 600, monkeypatch)
    for a, b in zip(small, large):
        assert b / a < 2.5, (small, large)


def test_find_text_gives_the_occurrence_a_scan_of_every_occurrence_would(tmp_path):
    """The two bounded searches pick what listing all occurrences and taking the nearest (or first in lines) picked."""
    import random

    from newskb.extract.anchors import find_text
    from newskb.models import Anchor

    rng = random.Random(7)
    body = ["".join(rng.choice("あいう。") for _ in range(40)) for _ in range(6)]
    source = read_source(write_transcript(tmp_path, body, name="find"))
    text = source.text
    for _ in range(400):
        needle = "".join(rng.choice("あいう") for _ in range(rng.randint(1, 3)))
        hits = [i for i in range(len(text)) if text.startswith(needle, i)]
        near_at = rng.randrange(len(text))
        near = Anchor(line=1, start=near_at, end=near_at + 1)
        lines = range(rng.randint(2, 8), rng.randint(2, 9))
        if not hits:
            assert find_text(source, needle, near, lines) is None
            continue
        nearest = min(hits, key=lambda h: (abs(h - near_at), h))
        assert find_text(source, needle, near, None) == (nearest, nearest + len(needle))
        inside = [h for h in hits if source.line_of(h) in lines]
        first = (inside or hits)[0]
        assert find_text(source, needle, None, lines) == (first, first + len(needle))
