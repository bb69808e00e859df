"""Helpers shared by the loader's tests (imported as `loader_support`; conftest.py holds the fixtures).

The expected values in these tests come from reading the transcript
(seeds/000_e554cb74c4a6e450.txt), never from the code's own output: where a
test needs the text of a line it slices the raw file itself.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from newskb.cli import main
from newskb.extract.mentions import EntityIndex, Name
from newskb.source import SourceText, read_source

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "000_e554cb74c4a6e450"
SEED = REPO / "seeds" / f"{SEED_NAME}.txt"
ENTRIES = REPO / "entries"


def raw_lines() -> list[str]:
    """The transcript's lines, read without newskb (1-based: raw_lines()[n - 1] is line n)."""
    return SEED.read_bytes().decode("utf-8").split("\n")


# --- the statements of the real transcript, established by reading it ---------------------

OUTER, INNER = "「」", "『』"

#: (line, speaker, attribution, via, brackets) — read off the transcript by hand.
EXPECTED = [
    (7, "joe-dominguez", "direct", None, OUTER),
    (14, "sundar-pichai", "direct", None, OUTER),
    (15, "sundar-pichai", "continuation", None, OUTER),
    (16, "sundar-pichai", "continuation", None, OUTER),
    (31, "jim-fan", "dialogue", None, OUTER),
    (32, "jim-fan", "continuation", None, OUTER),
    (33, "jim-fan", "continuation", None, OUTER),
    (34, "jim-fan", "continuation", None, OUTER),
    (35, "jim-fan", "continuation", None, OUTER),
    (44, "the-decoder", "article", None, OUTER),
    (45, "the-decoder", "continuation", None, OUTER),
    (45, "william-saunders", "nested", "the-decoder", INNER),
    (46, "william-saunders", "direct", None, OUTER),
    (49, "the-decoder", "article", None, OUTER),  # 記事に戻るで。後の方にはこう書いてあるんや。
    (50, "the-decoder", "continuation", None, OUTER),
    (50, "william-saunders", "nested", "the-decoder", INNER),
    (51, "the-decoder", "continuation", None, OUTER),
    (51, "william-saunders", "nested", "the-decoder", INNER),  # 『…』と彼は強調しました
    (54, "unknown", "article", None, OUTER),  # the article is not named in that story
    (55, "unknown", "continuation", None, OUTER),
]


def bracket_text(line: int, brackets: str = OUTER) -> str:
    """The contents of the one outermost `brackets` pair on a transcript line, sliced by hand."""
    text = raw_lines()[line - 1]
    open_, close = brackets
    assert text.count(open_) == 1 and text.count(close) == 1, (line, brackets)
    return text[text.index(open_) + 1 : text.rindex(close)]


# --- running the CLI in-process ------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def run_cli(*args: str | Path) -> Result:
    """Run `newskb ARGS` through newskb.cli.main, capturing output and the exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors and --version
            code = exc.code if isinstance(exc.code, int) else 2
    return Result(code, out.getvalue(), err.getvalue())


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root`: its bytes and mtime (ns), keyed by relative path."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()
    }


def contents(root: Path) -> dict[str, bytes]:
    return {k: v[0] for k, v in snapshot(root).items()}


# --- synthetic transcripts ---------------------------------------------------------


def write_transcript(
    directory: Path,
    body: list[str],
    *,
    name: str = "synthetic",
    title: str = "テスト用のニュース動画",
    header: bool = True,
    footer: bool = True,
) -> Path:
    """A transcript laid out like the real one: title, `N 文字` header, body, note.com footer."""
    lines = [title]
    if header:
        lines.append(f"{sum(len(b) for b in body):,} 文字")
    lines += body
    if footer:
        lines.append("この記事が気に入ったらサポートをしてみませんか?")
    path = directory / f"{name}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_source(directory: Path, body: list[str], **kw) -> SourceText:  # type: ignore[no-untyped-def]
    return read_source(write_transcript(directory, body, **kw))


def names(**by_id: tuple[str, list[str]]) -> EntityIndex:
    """An entity index from `id=(kind, [aliases])`, independent of the repository's registries."""
    return EntityIndex(
        Name(alias, i.replace("_", "-"), kind) for i, (kind, aliases) in by_id.items() for alias in aliases
    )  # type: ignore[arg-type]
