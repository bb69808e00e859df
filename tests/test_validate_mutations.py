"""Mutation test over the real knowledge base: every deliberate corruption is caught, at its file and line.

For every quote in entries/stories/*.yaml: changing one character of its
Japanese text (first, middle, last), or giving it as speaker another registry
person whom the transcript does not name anywhere in that story's lines, makes
`newskb validate` exit 1 with a new finding naming that file and the line of
the changed value. Every date in every entry, set to an impossible date
(2024-02-30) or a future one, likewise. The parameters are computed from the
shipped entries at collection time, so new quotes and dates are covered as
curation adds them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from validate_support import run

pytestmark = pytest.mark.slow  # 357 mutations, each a `newskb validate` of the shipped entries (about 30 s of CPU in all)

REPO = Path(__file__).resolve().parents[1]
ENTRIES = REPO / "entries"
DATE_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?(?P<key>[a-z_]+):\s*)(?P<date>\d{4}-\d{2}-\d{2})\s*$")
REPLACEMENT = "〓"


@dataclass(frozen=True)
class Mutation:
    file: str  # relative to the repository
    line: int  # 1-based line that is changed
    new_line: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.what}"


def _node_lines(path: Path) -> dict[tuple[object, ...], int]:
    """Line of every scalar value, by YAML path: read with PyYAML's composer, not newskb."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    out: dict[tuple[object, ...], int] = {}

    def visit(node: yaml.Node, here: tuple[object, ...]) -> None:
        out[here] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                visit(v, (*here, k.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                visit(v, (*here, i))

    if root is not None:
        visit(root, ())
    return out


def _people() -> dict[str, set[str]]:
    data = yaml.safe_load((ENTRIES / "people.yaml").read_text(encoding="utf-8"))
    return {p["id"]: {p["name"]["ja"], p["name"]["en"], *p.get("aliases", [])} for p in data["people"]}


def _transcript_lines(source_id: str) -> list[str]:
    src = yaml.safe_load((ENTRIES / "sources" / f"{source_id}.yaml").read_text(encoding="utf-8"))
    return (REPO / src["file"]).read_text(encoding="utf-8").split("\n")


def quote_mutations() -> list[Mutation]:
    out: list[Mutation] = []
    people = _people()
    for path in sorted((ENTRIES / "stories").glob("*.yaml")):
        rel = str(path.relative_to(REPO))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lines = path.read_text(encoding="utf-8").split("\n")
        marks = _node_lines(path)
        seg = data["segment"]
        story_text = "\n".join(_transcript_lines(data["source"])[seg["first_line"] - 1 : seg["last_line"]])
        for i, quote in enumerate(data.get("quotes", [])):
            ja = quote["text"]["ja"]
            n = marks[("quotes", i, "text", "ja")]
            assert ja in lines[n - 1], f"{rel}:{n}: quote text is not written plainly on one line"
            for pos in sorted({0, len(ja) // 2, len(ja) - 1}):
                changed = ja[:pos] + REPLACEMENT + ja[pos + 1 :]
                out.append(Mutation(rel, n, lines[n - 1].replace(ja, changed), f"quote {quote['id']} char {pos}"))
            n = marks[("quotes", i, "speaker")]
            for pid, names in sorted(people.items()):
                if pid != quote["speaker"] and not any(name in story_text for name in names):
                    out.append(
                        Mutation(
                            rel, n, lines[n - 1].replace(quote["speaker"], pid), f"quote {quote['id']} speaker {pid}"
                        )
                    )
    return out


def date_mutations(new_date: str, label: str) -> list[Mutation]:
    out: list[Mutation] = []
    for path in sorted(ENTRIES.rglob("*.yaml")):
        if "_schema" in path.parts:
            continue
        rel = str(path.relative_to(REPO))
        lines = path.read_text(encoding="utf-8").split("\n")
        for n, line in enumerate(lines, 1):
            if m := DATE_LINE.match(line):
                out.append(Mutation(rel, n, f"{m.group('lead')}{new_date}", f"{m.group('key')} {label}"))
    return out


FUTURE = (dt.date.today() + dt.timedelta(days=400)).isoformat()
QUOTES = quote_mutations()
IMPOSSIBLE = date_mutations("2024-02-30", "impossible")
FUTURE_DATES = date_mutations(FUTURE, "future")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's entries and seeds, with the baseline findings of the shipped entries."""
    root = tmp_path_factory.mktemp("kb")
    shutil.copytree(ENTRIES, root / "entries")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


def findings(root: Path) -> tuple[int, set[tuple[str, int, str]]]:
    result = run("validate", "--entries", str(root / "entries"), "--format", "json")
    assert result.code in (0, 1), result.err
    return result.code, {
        (Path(d["path"]).resolve().relative_to(root.resolve()).as_posix(), d["line"], d["code"])
        for d in json.loads(result.out)["diagnostics"]
        if d["severity"] == "error"
    }


@pytest.fixture(scope="module")
def baseline(pristine: Path) -> set[tuple[str, int, str]]:
    return findings(pristine)[1]


def check(pristine: Path, baseline: set[tuple[str, int, str]], mutation: Mutation, codes: set[str]) -> None:
    path = pristine / mutation.file
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    assert lines[mutation.line - 1] != mutation.new_line
    lines[mutation.line - 1] = mutation.new_line
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        code, found = findings(pristine)
    finally:
        path.write_text(original, encoding="utf-8")
    new = found - baseline
    assert code == 1
    assert any(f == mutation.file and n == mutation.line and c in codes for f, n, c in new), (
        f"{mutation}: no new {sorted(codes)} at that line; new findings: {sorted(new)}"
    )


def test_the_shipped_entries_have_quotes_and_dates_to_mutate() -> None:
    assert QUOTES and IMPOSSIBLE and FUTURE_DATES


@pytest.mark.parametrize("mutation", QUOTES, ids=str)
def test_quote_mutation_is_caught(pristine: Path, baseline: set, mutation: Mutation) -> None:  # type: ignore[type-arg]
    check(pristine, baseline, mutation, {"Q201", "S302"})


@pytest.mark.parametrize("mutation", IMPOSSIBLE, ids=str)
def test_impossible_date_is_caught(pristine: Path, baseline: set, mutation: Mutation) -> None:  # type: ignore[type-arg]
    check(pristine, baseline, mutation, {"D401"})


@pytest.mark.parametrize("mutation", FUTURE_DATES, ids=str)
def test_future_date_is_caught(pristine: Path, baseline: set, mutation: Mutation) -> None:  # type: ignore[type-arg]
    check(pristine, baseline, mutation, {"D402"})
