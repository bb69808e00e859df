"""Edits of a copy of the shipped entries, shared by the tests of the export caches: each test applies one and
checks that what the cache gives equals what is built without it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

GRIN = "stories/2024-09-18-microsoft-grin-moe.yaml"


def replace(old: str, new: str, name: str) -> Callable[[Path], None]:
    """An edit replacing the first `old` in entries/`name` (which must hold it) with `new`."""

    def edit(entries: Path) -> None:
        path = entries / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (old, name)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def new_story(entries: Path) -> None:
    """A new story file: a copy of the GRIN story under another id."""
    text = (entries / GRIN).read_text(encoding="utf-8").replace("id: microsoft-grin-moe", "id: a-copy-of-grin-moe", 1)
    (entries / "stories" / "2024-09-18-a-copy-of-grin-moe.yaml").write_text(text, encoding="utf-8")
