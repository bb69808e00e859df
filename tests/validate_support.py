"""Helpers for the validator's tests: a scratch copy of a small, clean knowledge base and ways to break it.

The clean fixture (tests/fixtures/validate/clean) is a nine-line transcript
with two stories, every kind of attribution (direct, continuation, article,
nested), a transcription error covered by a claim, complete English, dates
and reviews: `newskb validate` reports nothing on it. Each rule's failing
fixture is this knowledge base with one deliberate change.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from newskb.cli import main
from newskb.store import dump_yaml

CLEAN = Path(__file__).resolve().parent / "fixtures" / "validate" / "clean"
STORY1 = "entries/stories/2024-09-20-acorp-zeta-7b.yaml"
STORY2 = "entries/stories/2024-09-21-zeta-regulation.yaml"
SOURCE = "entries/sources/fixture.yaml"
PEOPLE = "entries/people.yaml"
ORGS = "entries/organizations.yaml"
PRODUCTS = "entries/products.yaml"
TRANSCRIPT = "seeds/fixture.txt"
#: The fixture's "today": its dates are in September 2024.
TODAY = "2024-12-31"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def findings(self) -> list[dict[str, Any]]:
        """Diagnostics of a `--format json` run."""
        return json.loads(self.out)["diagnostics"]

    def codes(self) -> set[str]:
        return {d["code"] for d in self.findings}


def run(*args: str) -> Run:
    """`newskb ARGS` in-process, with stdout, stderr and the exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue())


def validate_json(*extra: str) -> Run:
    return run("validate", "--format", "json", *extra)


def copy_clean(target: Path) -> Path:
    shutil.copytree(CLEAN / "entries", target / "entries")
    shutil.copytree(CLEAN / "seeds", target / "seeds")
    return target


def replace(path: str | Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file; the old text must be there, so a stale test fails loudly."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    p.write_text(text.replace(old, new, count), encoding="utf-8")


def edit(path: str | Path, change: Callable[[Any], Any]) -> None:
    """Change a file's data structurally (load, change, dump canonically)."""
    p = Path(path)
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    result = change(data)
    p.write_text(dump_yaml(data if result is None else result), encoding="utf-8")


def line_of(path: str | Path, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")
